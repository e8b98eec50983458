"""Benchmark the shipped level models against the classic generators (same run, same machine).

Prints absolute numbers and ratios:
- raw windows / rooms per second, batched on CPU (target >= 1000/s), vs classic levels' columns;
- verified 200-column GAN/VAE level, median seconds (target <= 0.25 s) vs the classic generator;
- verified GAN/VAE room, median ms (target <= 50 ms) vs the classic room generator.

    .venv/bin/python benchmarks/bench_models.py [--n 30]

The script sets ``OMP_WAIT_POLICY=PASSIVE`` unless it is already set: on a busy 2-core machine
torch's OpenMP workers otherwise spin-wait against other processes, and each small decode can
stall for ~0.2 s (measured here: a verified room 217 ms with the default policy, 4 ms passive
or with ``OMP_NUM_THREADS=1``). Interactive tools that generate one level at a time want the
same setting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

# Before torch is imported (see the module docstring).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def median_time(fn: Callable[[int], object], seeds: range) -> float:
    times = []
    for s in seeds:
        t = time.perf_counter()
        fn(s)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30, help="levels/rooms per generator")
    n = ap.parse_args().n
    import torch

    from procgen.levels.dungeon.generate import generate_room as dungeon_room
    from procgen.levels.platformer.generate import generate
    from procgen.models.platformer import generate_level, sample_windows
    from procgen.models.rooms import generate_room, sample_rooms

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}")
    for gen in ("gan", "vae"):
        sample_windows(8, 0, generator=gen)
        sample_rooms(8, 0, generator=gen)
        t = time.perf_counter()
        k = sum(len(sample_windows(1024, s, generator=gen)) for s in range(4))
        wps = k / (time.perf_counter() - t)
        t = time.perf_counter()
        k = sum(len(sample_rooms(1024, s, generator=gen)) for s in range(4))
        rps = k / (time.perf_counter() - t)
        print(f"{gen}: raw platformer windows/s (batch 1024): {wps:,.0f}   raw rooms/s: {rps:,.0f}")

    classic = median_time(lambda s: generate(s, generator="classic", width=200), range(n))
    print(f"classic platformer 200 cols: median {classic:.3f} s")
    for gen in ("gan", "vae"):
        m = median_time(lambda s, g=gen: generate_level(s, generator=g, width=200), range(n))
        print(f"{gen} platformer 200 cols verified: median {m:.3f} s  (x{m / classic:.2f} classic)")

    classic_room = median_time(lambda s: dungeon_room(s, generator="classic"), range(n))
    print(f"classic room: median {1000 * classic_room:.1f} ms")
    for gen in ("gan", "vae"):
        m = median_time(lambda s, g=gen: generate_room(s, generator=g), range(n))
        print(f"{gen} room verified: median {1000 * m:.1f} ms  (x{m / classic_room:.2f} classic)")
        m = median_time(lambda s, g=gen: generate_room(s, generator=g, path_lengths=(8, 10)), range(n))
        print(f"{gen} room with path_lengths=(8, 10): median {1000 * m:.1f} ms  (x{m / classic_room:.2f} classic)")


if __name__ == "__main__":
    main()
