"""Platformer benchmark: solver time per 200-column level and classic levels per second.

Peers measured in the same run: the solver against a plain 4-neighbour flood fill of the same
level (procgen.levels.grid.bfs_distances, the cheapest reachability check there is, which
knows nothing of jumps) and against earlier solvers loaded from git history
(``baseline_solver.py``): the one issue #16 set the speed target against ("at most 2x today's
solver time", walkers and cannons as walls) and the last one before cannon bullets were timed
(walkers stomped). Both on the benchmark's 20 levels and on 10 fortress levels alone, where
the bullet timing costs most: per level the ratio of medians of interleaved runs (wall clock
and this process's CPU time), then the median, min and max over levels. The generator is
measured against the cave generator at its default size.

    nice python benchmarks/bench_platformer.py
"""

from __future__ import annotations

import time

import numpy as np
from baseline_solver import BASELINE_COMMIT, baseline_solve
from harness import interleaved as timed

from procgen.levels.cave import generate as cave_generate
from procgen.levels.grid import bfs_distances
from procgen.levels.platformer.corpus import corpus_levels
from procgen.levels.platformer.generate import generate
from procgen.levels.platformer.solver import solve, start_tile, tile_codes
from procgen.levels.platformer.templates import templates

#: The last solver before cannon bullets were timed (walkers already stomped).
PRE_BULLETS = "95dfe55"


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
    fortress = [generate(s, width=200, difficulty=round(0.5 + 0.04 * s, 2), style="fortress") for s in range(10)]
    for commit, what in ((BASELINE_COMMIT, "issue #16's baseline, walkers and cannons as walls"),
                         (PRE_BULLETS, "walkers stomped, cannons as walls")):
        peer = baseline_solve(commit)
        if peer is None:
            print(f"  peer solver {commit} ({what}): not available (needs a git checkout)")
            continue
        for name, group in (("the 20 levels", levels), ("10 fortress levels", fortress)):
            wall, cpu = [], []
            for lv in group:
                pair = timed({"solver": lambda lv=lv: solve(lv), "peer": lambda lv=lv, f=peer: f(lv)}, rounds=7)
                wall.append(pair["solver"]["median"] / pair["peer"]["median"])
                cpu.append(pair["solver"]["cpu"]["median"] / max(pair["peer"]["cpu"]["median"], 1e-9))
            print(f"  solver / solver of {commit} ({what}), {name}: CPU time median {np.median(cpu):.2f}x "
                  f"(min {min(cpu):.2f}x, max {max(cpu):.2f}x); wall median {np.median(wall):.2f}x "
                  f"(min {min(wall):.2f}x, max {max(wall):.2f}x)  (target: at most 2x)")

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
