"""Platformer benchmark: solver time per 200-column level and classic levels per second.

Peers measured in the same run: the solver against a plain 4-neighbour flood fill of the same
level (procgen.levels.grid.bfs_distances, the cheapest reachability check there is, which
knows nothing of jumps), and the generator against the cave generator at its default size.

    nice python benchmarks/bench_platformer.py
"""

from __future__ import annotations

import time

import numpy as np

from procgen.levels.cave import generate as cave_generate
from procgen.levels.grid import bfs_distances
from procgen.levels.platformer.corpus import corpus_levels
from procgen.levels.platformer.generate import generate
from procgen.levels.platformer.solver import solve, start_tile, tile_codes
from procgen.levels.platformer.templates import templates


def best_of(fn, repeat: int = 5, number: int = 10) -> float:
    """Seconds per call, best of ``repeat`` rounds (least disturbed by other processes)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t) / number)
    return min(times)


def main() -> None:
    t = time.perf_counter()
    tm = templates()
    print(f"templates: {len(tm.inputs)} moves, {tm.trie.dx.size} prefix-tree nodes, "
          f"built in {time.perf_counter() - t:.2f} s (once per process)")

    levels = [generate(s, width=200, difficulty=0.5, style="overground=2,underground=1,sky=1,pipes=1,fortress=1") for s in range(10)]
    levels += [lv for lv in corpus_levels() if lv.width >= 190][:5]
    solver_ms, flood_ms = [], []
    for lv in levels:
        solver_ms.append(best_of(lambda lv=lv: solve(lv)) * 1e3)
        x, y = start_tile(lv)
        passable = tile_codes(lv) == 0
        flood_ms.append(best_of(lambda p=passable, s=(y, x): bfs_distances(p, s)) * 1e3)
    s, f = np.median(solver_ms), np.median(flood_ms)
    print(f"solver, 200-ish columns: median {s:.2f} ms, max {max(solver_ms):.2f} ms per level "
          f"({len(levels)} levels)")
    print(f"  peer, 4-neighbour flood fill: median {f:.2f} ms  -> solver/flood = {s / f:.1f}x")

    n = 100
    t = time.perf_counter()
    for seed in range(1000, 1000 + n):
        generate(seed, width=200, difficulty=(seed % 11) / 10)
    rate = n / (time.perf_counter() - t)
    t = time.perf_counter()
    for seed in range(20):
        cave_generate(seed)
    cave_rate = 20 / (time.perf_counter() - t)
    print(f"classic generator: {rate:.1f} verified 200-column levels/s (one core; each solved, checked, measured)")
    print(f"  peer, cave generator 64x40: {cave_rate:.1f} levels/s  -> platformer/cave = {rate / cave_rate:.2f}x")


if __name__ == "__main__":
    main()
