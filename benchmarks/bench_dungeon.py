"""Dungeon benchmark: rooms generated + solved per second, the solver against a scipy peer, and
whole-dungeon build time. A plain script (not a test): ``python benchmarks/bench_dungeon.py``.

Medians of interleaved runs with min and max (``harness.py``); figures also go to
``benchmarks/results/dungeon.json``. The peer for the solver is the same job done with ``procgen.levels.grid.bfs_distances``
(scipy.sparse.csgraph over a sparse grid graph), measured in the same run on the same rooms.
"""

from __future__ import annotations

import numpy as np
from harness import Report, interleaved

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


def main() -> None:
    rep = Report("dungeon")
    n = 1000
    stats = interleaved({"classic rooms": lambda: [classic_room(s, 11, 7, 3, None) for s in range(n)]}, 3)
    rep.timing(f"{n} classic 11×7 rooms, generated + verified", stats, "classic rooms")
    t_room = stats["classic rooms"]["median"] / n
    rep.value("classic rooms per second", 1 / t_room, "rooms/s")
    rooms = [classic_room(s, 11, 7, 3, None) for s in range(n)]
    for r in rooms[:200]:  # same answers
        sol = solve_room(r.grid)
        assert scipy_solve(r.grid) == (sol.start_to_key, sol.key_to_door)
    stats = interleaved({"solve_room": lambda: [solve_room(r.grid) for r in rooms],
                         "scipy BFS": lambda: [scipy_solve(r.grid) for r in rooms]}, 3)
    rep.timing(f"solve {n} 11×7 rooms (bitboard BFS) vs scipy", stats, "solve_room", "scipy BFS")
    big = [classic_room(s, 40, 30, 10, None) for s in range(50)]
    stats = interleaved({"solve_room": lambda: [solve_room(r.grid) for r in big],
                         "scipy BFS": lambda: [scipy_solve(r.grid) for r in big]}, 3)
    rep.timing("solve 50 40×30 rooms vs scipy", stats, "solve_room", "scipy BFS")
    stats = interleaved({"serpentine": lambda: [classic_room(s, 40, 30, 5, (300, 250)) for s in range(20)]}, 3)
    rep.timing("20 40×30 rooms with path_lengths 300,250", stats, "serpentine")
    stats = interleaved({"dungeon": lambda: [build_dungeon(s, rooms=12) for s in range(20)]}, 3)
    rep.timing("20 12-room dungeons (built, repaired, replayed)", stats, "dungeon")
    rep.value("one 12-room dungeon / one classic room", stats["dungeon"]["median"] / 20 / t_room, "x")
    rep.save()


if __name__ == "__main__":
    main()
