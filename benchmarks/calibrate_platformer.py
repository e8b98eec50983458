"""The difficulty calibration: the player model's completion rate per difficulty step.

Plays ``--per-step`` levels (seeds 0..N-1, the same at every step) at each difficulty from 0.1
to 0.9 with :mod:`procgen.levels.platformer.player` and prints the table the README quotes;
writes the plot. The classic generator's presets are tuned so that the rate falls from at least
90% at 0.1 to at most 40% at 0.9 while the perfect solver passes every level.

    nice python benchmarks/calibrate_platformer.py --per-step 200 --png platformer-difficulty.png
    nice python benchmarks/calibrate_platformer.py --generators classic,gan,vae --per-step 40
"""

from __future__ import annotations

import argparse
import time
from functools import partial

import procgen
from procgen.levels.platformer.player import curve_png, curve_table, difficulty_curve


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-step", type=int, default=200)
    ap.add_argument("--generators", default="classic")
    ap.add_argument("--png", default="platformer-difficulty.png")
    args = ap.parse_args()
    curves = {}
    for gen in args.generators.split(","):
        t = time.perf_counter()
        curves[gen] = difficulty_curve(gen, per_step=args.per_step, make=partial(procgen.generate, "platformer"))
        print(f"{gen}: {args.per_step} levels per step, {time.perf_counter() - t:.0f} s")
        print(curve_table(curves[gen]))
    curve_png(curves, args.png)
    print(f"plot: {args.png}")


if __name__ == "__main__":
    main()
