"""Room solver: can the player walk to the key and then out of the door?

Moves are 4-neighbour steps. Walls, blocks and water are impassable; enemies are passable (a
fight, not a wall) but counted along the route. A room is *completable* when it holds exactly
one player, one key and one door and both walks exist: start → key and key → door. The solver
also counts the room's connected open regions and the open tiles the player can never reach.

>>> sol = solve_room(["WWWWW", "WAFKW", "WWWDW"])
>>> sol.completable, sol.start_to_key, sol.key_to_door, sol.start_to_key_path
(True, 2, 1, [(1, 1), (2, 1), (3, 1)])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from procgen.level import Level
from procgen.levels.dungeon.bits import Board
from procgen.levels.dungeon.tiles import DUNGEON_LEGEND, PASSABLE_NAMES, code_table

__all__ = ["RoomSolution", "as_grid", "solve_room"]

Pos = tuple[int, int]

_PASSABLE = code_table(DUNGEON_LEGEND, PASSABLE_NAMES)


@dataclass
class RoomSolution:
    """What the solver found. Positions and paths are ``(x, y)`` = (column, row)."""

    completable: bool
    start_to_key: int | None  # steps, None when the key cannot be reached (or is missing)
    key_to_door: int | None
    start_to_key_path: list[Pos] = field(default_factory=list)
    key_to_door_path: list[Pos] = field(default_factory=list)
    player: Pos | None = None
    key: Pos | None = None
    door: Pos | None = None
    enemies: int = 0  # enemies in the room
    enemies_on_path: int = 0  # enemies the shortest route walks through
    regions: int = 0  # 4-connected regions of open tiles (door included)
    unreachable_floor: int = 0  # open tiles the player can never reach (0 = none)
    problems: tuple[str, ...] = ()  # why the room is not completable, in words

    @property
    def path_length(self) -> int | None:
        """Start → key → door in steps, or None when not completable."""
        if self.start_to_key is None or self.key_to_door is None:
            return None
        return self.start_to_key + self.key_to_door

    def stats(self) -> dict[str, object]:
        """The findings a generated room records in ``Level.stats``."""
        return {
            "completable": self.completable,
            "start_to_key": self.start_to_key,
            "key_to_door": self.key_to_door,
            "path_length": self.path_length,
            "enemies": self.enemies,
            "enemies_on_path": self.enemies_on_path,
            "regions": self.regions,
        }


def as_grid(level_or_grid: Level | np.ndarray | Sequence[str]) -> np.ndarray:
    """A ``(H, W)`` uint8 grid in the dungeon characters of :mod:`~procgen.levels.dungeon.tiles`.

    A Level with another legend is translated by legend name (unknown names become walls);
    whole-dungeon tiles (stairs, locked doors, treasure) keep their characters.
    """
    if isinstance(level_or_grid, Level):
        lvl = level_or_grid
        if all(DUNGEON_LEGEND.get(ch) == t for ch, t in lvl.legend.items()):
            return lvl.grid
        by_name = {t.name: ch for ch, t in DUNGEON_LEGEND.items()}
        table = np.full(256, ord("W"), dtype=np.uint8)
        for ch, t in lvl.legend.items():
            table[ord(ch)] = ord(by_name.get(t.name, "W"))
        return table[lvl.grid]
    if isinstance(level_or_grid, np.ndarray):
        return level_or_grid.astype(np.uint8, copy=False)
    rows = list(level_or_grid)
    return np.frombuffer("".join(rows).encode("ascii"), dtype=np.uint8).reshape(len(rows), -1)


def _one(grid: np.ndarray, ch: str, name: str, problems: list[str]) -> tuple[Pos | None, int]:
    ys, xs = np.nonzero(grid == ord(ch))
    if ys.size != 1:
        problems.append(f"{ys.size} {name}s (need exactly one)")
        return None, int(ys.size)
    return (int(xs[0]), int(ys[0])), 1


def solve_room(level_or_grid: Level | np.ndarray | Sequence[str]) -> RoomSolution:
    """Shortest start → key and key → door walks of a room, and its reachability facts."""
    grid = as_grid(level_or_grid)
    h, w = grid.shape
    board = Board.of(h, w)
    passable = board.pack(_PASSABLE[grid])
    enemy_mask = grid == ord("M")
    problems: list[str] = []
    player, _ = _one(grid, "A", "player", problems)
    key, _ = _one(grid, "K", "key", problems)
    door, _ = _one(grid, "D", "door", problems)
    regions = board.regions(passable)

    sk = kd = None
    sk_path: list[Pos] = []
    kd_path: list[Pos] = []
    unreachable = int(passable.bit_count())
    if player is not None:
        pbit = board.bit(*player)
        reach = board.flood(passable, pbit)
        unreachable = int((passable & ~reach).bit_count())
        if key is not None:
            kbit = board.bit(*key)
            layers = board.layers(passable, pbit, stop=kbit)
            sk = board.distance(layers, kbit)
            if sk is None:
                problems.append("the key cannot be reached from the start")
            else:
                sk_path = board.path(layers, kbit)
    if key is not None and door is not None and sk is not None:
        kbit, dbit = board.bit(*key), board.bit(*door)
        layers = board.layers(passable, kbit, stop=dbit)
        kd = board.distance(layers, dbit)
        if kd is None:
            problems.append("the door cannot be reached from the key")
        else:
            kd_path = board.path(layers, dbit)
    route = sk_path + kd_path[1:]
    on_path = 0
    if route:
        xs, ys = np.array(sorted(set(route))).T
        on_path = int(enemy_mask[ys, xs].sum())
    return RoomSolution(
        completable=not problems,
        start_to_key=sk,
        key_to_door=kd,
        start_to_key_path=sk_path,
        key_to_door_path=kd_path,
        player=player,
        key=key,
        door=door,
        enemies=int(enemy_mask.sum()),
        enemies_on_path=on_path,
        regions=regions,
        unreachable_floor=unreachable,
        problems=tuple(problems),
    )
