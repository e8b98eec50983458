"""Terrain benchmark: the full finite pipeline at 256² … 4096² against a same-size Python loop
over ``noise.pnoise2`` (6 octaves), its cost and peak memory per tile, and one 64² chunk.

Run: ``python benchmarks/bench_terrain.py [--sizes 256,512,1024,2048,4096] [--rounds 3]``.
Medians of interleaved runs (``harness.py``); figures also go to ``results/terrain.json``.

The loop peer at large sizes runs on a band of ``LOOP_ROWS`` rows and is scaled by
``side / LOOP_ROWS`` (a loop of independent calls costs the same per call at any size; running
all 16 M calls of a 4096² loop would take minutes per round). Peak memory is measured in a fresh
process per size: the high-water resident set during ``generate`` above the one before it.
"""

from __future__ import annotations

import argparse
import itertools

import noise
from harness import Report, interleaved, peak_bytes

from procgen.terrain import World, generate

OCTAVES = 6
SCALE = 64.0
LOOP_ROWS = 256
#: A warm-up map above the kernels' sizes, so imports and kernel loading come before the call.
_SETUP = "from procgen.terrain import generate\ngenerate(4, width=520, height=520, erosion=2)"


def _scaled(stats: dict, factor: float) -> dict:
    """A timing summary (and its CPU-time summary) times ``factor``."""
    out = {k: v * factor if k not in ("runs", "cpu") else v for k, v in stats.items()}
    if "cpu" in stats:
        out["cpu"] = _scaled(stats["cpu"], factor)
    return out


def loop_band(side: int) -> list[list[float]]:
    """``noise.pnoise2`` over ``min(side, LOOP_ROWS)`` rows of a ``side``-wide grid."""
    p = noise.pnoise2
    xs = [i / SCALE for i in range(side)]
    return [[p(x, y / SCALE, octaves=OCTAVES) for x in xs] for y in range(min(side, LOOP_ROWS))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="256,512,1024,2048,4096")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    rep = Report("terrain")
    per_tile = []
    for side in (int(s) for s in args.sizes.split(",")):
        band = min(side, LOOP_ROWS)
        stats = interleaved({"generate": lambda s=side: generate(3, width=s, height=s),
                             "loop band": lambda s=side: loop_band(s)}, args.rounds)
        # The whole-grid loop, scaled from its band (see the module docstring).
        stats["loop"] = _scaled(stats["loop band"], side / band)
        row = rep.timing(f"terrain {side}² full pipeline vs same-size loop", stats, "generate", "loop", "generate ≤ 5x the loop")
        ratio = 1 / row["speedup"]
        rep.value(f"terrain {side}²: generate / loop", ratio, "x", "≤ 5")
        ns = stats["generate"]["median"] / side**2 * 1e9
        per_tile.append(ns)
        rep.value(f"terrain {side}²: time per tile", ns, "ns", "never rising with size")
        rep.value(f"terrain {side}²: peak memory per tile", peak_bytes(_SETUP, f"generate(3, width={side}, height={side})") / side**2, "B", "≤ 64")
    if len(per_tile) > 1:
        rise = max(b / a for a, b in itertools.pairwise(per_tile))
        rep.value("terrain: largest step up in time per tile", rise, "x", "≤ 1 (never rising)")

    world = World(3)
    world.chunk(0, 0)
    calls = iter(range(10**9))
    stats = interleaved({"World.chunk": lambda: world.chunk(next(calls) % 50, 5)}, 40)
    rep.timing("World.chunk 64×64 (fresh chunks)", stats, "World.chunk", target="≤ 4 ms")
    rep.save()


if __name__ == "__main__":
    main()
