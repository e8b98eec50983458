"""Dungeon benchmark: rooms generated + solved per second, the solver against a scipy peer, and
whole-dungeon build time. A plain script (not a test): ``python benchmarks/bench_dungeon.py``.

Times are CPU seconds of this (single-threaded) process, so they read as "on one core" even
when other jobs share the machine. The peer for the solver is the same job done with ``procgen.levels.grid.bfs_distances``
(scipy.sparse.csgraph over a sparse grid graph), measured in the same run on the same rooms.
"""

from __future__ import annotations

import time

import numpy as np

from procgen.levels.dungeon.classic import classic_room
from procgen.levels.dungeon.dungeon import build_dungeon
from procgen.levels.dungeon.solver import solve_room
from procgen.levels.grid import bfs_distances

PASSABLE = np.zeros(256, dtype=bool)
PASSABLE[[ord(c) for c in "FMKDA"]] = True


def scipy_solve(grid: np.ndarray) -> tuple[int, int]:
    """start->key and key->door with scipy BFS: the peer of solve_room's bitboard BFS."""
    passable = PASSABLE[grid]
    (py,), (px,) = np.nonzero(grid == ord("A"))
    (ky,), (kx,) = np.nonzero(grid == ord("K"))
    (dy,), (dx,) = np.nonzero(grid == ord("D"))
    d = bfs_distances(passable, (int(ky), int(kx)))
    return int(d[py, px]), int(d[dy, dx])


def best_of(fn, repeats: int = 3) -> float:
    """Best of ``repeats`` in CPU seconds of this process: one core's work, even on a busy box."""
    times = []
    for _ in range(repeats):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main() -> None:
    n = 2000
    t_gen = best_of(lambda: [classic_room(s, 11, 7, 3, None) for s in range(n)])
    print(f"classic rooms 11x7, 3 enemies, generated + verified: {n / t_gen:8.0f} rooms/s "
          f"({t_gen / n * 1e3:.3f} ms/room)")
    rooms = [classic_room(s, 11, 7, 3, None) for s in range(n)]
    t_ours = best_of(lambda: [solve_room(r.grid) for r in rooms])
    t_peer = best_of(lambda: [scipy_solve(r.grid) for r in rooms])
    for r in rooms[:200]:  # same answers
        sol = solve_room(r.grid)
        assert scipy_solve(r.grid) == (sol.start_to_key, sol.key_to_door)
    print(f"solve_room (bitboard BFS, both walks, paths, regions): {t_ours / n * 1e6:7.1f} us/room")
    print(f"peer: scipy csgraph BFS (walk lengths only):           {t_peer / n * 1e6:7.1f} us/room")
    print(f"ratio peer / ours: {t_peer / t_ours:.1f}x")

    big = [classic_room(s, 40, 30, 10, None) for s in range(50)]
    t_big = best_of(lambda: [solve_room(r.grid) for r in big])
    t_big_peer = best_of(lambda: [scipy_solve(r.grid) for r in big])
    print(f"40x30 rooms: solve_room {t_big / 50 * 1e3:.3f} ms, scipy peer {t_big_peer / 50 * 1e3:.3f} ms "
          f"(ratio {t_big_peer / t_big:.1f}x)")
    t_long = best_of(lambda: [classic_room(s, 40, 30, 5, (300, 250)) for s in range(20)]) / 20
    print(f"40x30 room with path_lengths 300,250 (serpentine): {t_long * 1e3:.2f} ms/room")

    t_d = best_of(lambda: [build_dungeon(s, rooms=12) for s in range(20)]) / 20
    t_room = t_gen / n
    print(f"12-room dungeon (built, repaired, replayed): {t_d * 1e3:.1f} ms "
          f"= {t_d / t_room:.0f}x one classic room")


if __name__ == "__main__":
    main()
