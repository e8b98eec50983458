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


def interleaved(fns: dict[str, object], rounds: int = 7, number: int = 5) -> dict[str, float]:
    """Seconds per call of each function: the median over ``rounds`` rounds, the functions
    taking turns inside each round (so a busy neighbour slows them alike)."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t = time.perf_counter()
            for _ in range(number):
                fn()  # type: ignore[operator]
            times[name].append((time.perf_counter() - t) / number)
    return {k: float(np.median(v)) for k, v in times.items()}


def main() -> None:
    t = time.perf_counter()
    tm = templates()
    print(f"templates: {len(tm.inputs)} moves, {tm.trie.dx.size} prefix-tree nodes, "
          f"built in {time.perf_counter() - t:.2f} s (once per process)")

    levels = [generate(s, width=200, difficulty=0.5, style="overground=2,underground=1,sky=1,pipes=1,fortress=1") for s in range(10)]
    levels += [generate(s, width=200, difficulty=0.9) for s in range(5)]  # dense: ~16 walkers/100
    levels += [lv for lv in corpus_levels() if lv.width >= 190][:5]
    ratios, solver_ms = [], []
    for lv in levels:
        x, y = start_tile(lv)
        passable = tile_codes(lv) == 0
        m = interleaved({"solver": lambda lv=lv: solve(lv),
                         "flood": lambda p=passable, s=(y, x): bfs_distances(p, s)})
        solver_ms.append(m["solver"] * 1e3)
        ratios.append(m["solver"] / m["flood"])
    print(f"solver, 200-ish columns: median {np.median(solver_ms):.2f} ms, max {max(solver_ms):.2f} ms per level "
          f"({len(levels)} levels, walkers stomped by the rules of procgen.levels.platformer.enemies)")
    print(f"  peer, 4-neighbour flood fill of the same level, interleaved: solver/flood median "
          f"{np.median(ratios):.1f}x")
    cannons = [ms for ms, lv in zip(solver_ms, levels, strict=True) if (lv.grid == ord("B")).any()]
    print(f"  levels with cannons (bullets timed, procgen.levels.platformer.bullets): median "
          f"{np.median(cannons):.2f} ms, max {max(cannons):.2f} ms ({len(cannons)} levels)")

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
