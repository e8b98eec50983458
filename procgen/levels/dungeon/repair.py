"""Repair: turn any roughly room-shaped grid (a model's output) into a completable room.

The fixes, each the smallest change that makes the room valid:

* the border becomes wall, except exactly one door (the first door found in the border, else a
  border tile beside open floor; its inner neighbour is opened if needed);
* doors, stairs and treasure inside the room become floor;
* every open pocket the door cannot reach is joined to the main area by carving an L-shaped
  passage to the nearest reachable tile (this keeps what the pocket holds);
* exactly one player and one key: extras become floor, a missing key goes far from the door
  and a missing player far from the key;
* with ``enemies=N``, enemies are added or removed (seeded choice) until there are exactly N.

>>> lvl = repair_room(["WWWWWW", "WFFBFW", "WFFBFW", "WWWWWW"])
>>> print(lvl)
WWWWWW
WFFFFW
WKFBAW
WWWWDW
>>> lvl.stats["completable"], lvl.stats["repaired_tiles"]
(True, 4)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import ndimage

from procgen.errors import GenerationError, InfeasibleError, ParamError
from procgen.level import Level
from procgen.levels.dungeon.bits import Board
from procgen.levels.dungeon.classic import place_enemies, room_entities
from procgen.levels.dungeon.solver import RoomSolution, solve_room
from procgen.levels.dungeon.tiles import (
    BLOCK,
    DOOR,
    DUNGEON_LEGEND,
    ENEMY,
    FLOOR,
    KEY,
    LEGEND,
    PLAYER,
    WALL,
    WATER,
)
from procgen.params import check_int
from procgen.rng import rng

__all__ = ["connect_pockets", "repair_room", "repair_room_solved"]

F, W, D, A, K, M = (ord(c) for c in (FLOOR, WALL, DOOR, PLAYER, KEY, ENEMY))
_CROSS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)

# Any byte -> the room vocabulary: stairs and treasure are floor, a locked door a door, and
# anything unknown a wall.
_TO_ROOM = np.full(256, W, dtype=np.uint8)
for _ch in (WALL, FLOOR, BLOCK, WATER, ENEMY, KEY, DOOR, PLAYER):
    _TO_ROOM[ord(_ch)] = ord(_ch)
_TO_ROOM[[ord("S"), ord("T")]] = F
_TO_ROOM[ord("L")] = D
#: Room characters a walker can stand on.
_OPEN = np.zeros(256, dtype=bool)
_OPEN[[F, M, K, A]] = True


def _room_grid(level: Level | np.ndarray | Sequence[str]) -> np.ndarray:
    if isinstance(level, Level):
        by_name = {t.name: ch for ch, t in DUNGEON_LEGEND.items()}
        table = np.full(256, W, dtype=np.uint8)
        for ch, t in level.legend.items():
            table[ord(ch)] = ord(by_name.get(t.name, WALL))
        grid = table[level.grid]
    elif isinstance(level, np.ndarray):
        grid = np.asarray(level, dtype=np.uint8)
    else:
        rows = list(level)
        if not rows or any(len(r) != len(rows[0]) for r in rows):
            raise ParamError("room: rows must be non-empty and all the same length")
        grid = np.frombuffer("".join(rows).encode("ascii"), dtype=np.uint8).reshape(len(rows), -1)
    if grid.ndim != 2 or min(grid.shape) < 3 or (grid.shape[0] - 2) * (grid.shape[1] - 2) < 2:
        raise ParamError(f"room: a room needs an interior of at least 2 tiles, got shape {grid.shape}")
    return _TO_ROOM[grid]


def _open(grid: np.ndarray) -> np.ndarray:
    """Interior tiles a walker can stand on (the border excluded)."""
    out = _OPEN[grid]  # a 256-entry table: np.isin's sort cost most of a small room's repair
    out[[0, -1], :] = False
    out[:, [0, -1]] = False
    return out


def connect_pockets(grid: np.ndarray, anchor: tuple[int, int]) -> int:
    """Carve L-shaped floor passages until every open pocket joins the region of ``anchor``.

    ``grid`` (room characters, modified in place) must have its border as wall; ``anchor`` is an
    open ``(y, x)`` tile. Returns how many tiles were carved. Each pass joins the pocket closest
    to the main region, so the loop runs once per pocket, never per tile.
    """
    carved = 0
    while True:
        labels, count = ndimage.label(_open(grid), structure=_CROSS)
        if count <= 1:
            return carved
        main = labels == labels[anchor]
        my, mx = np.nonzero(main)
        oy, ox = np.nonzero(~main & (labels > 0))
        # The closest (other tile, main tile) pair by Manhattan distance.
        d = np.abs(oy[:, None] - my[None, :]) + np.abs(ox[:, None] - mx[None, :])
        i, j = np.unravel_index(int(d.argmin()), d.shape)
        y0, x0, y1, x1 = int(oy[i]), int(ox[i]), int(my[j]), int(mx[j])
        # Along the row first, then the column: both legs stay inside the interior.
        row = grid[y0, min(x0, x1) : max(x0, x1) + 1]
        col = grid[min(y0, y1) : max(y0, y1) + 1, x1]
        for seg in (row, col):
            solid = ~np.isin(seg, (F, M, K, A))
            carved += int(solid.sum())
            seg[solid] = F


def _border_doors(grid: np.ndarray) -> list[tuple[int, int]]:
    """Doors in the border (corners excluded) as ``(y, x)``, row-major."""
    border = np.zeros_like(grid, dtype=bool)
    border[[0, -1], 1:-1] = True
    border[1:-1, [0, -1]] = True
    ys, xs = np.nonzero(border & (grid == D))
    return [(int(y), int(x)) for y, x in zip(ys, xs, strict=True)]


def _inward(door: tuple[int, int], shape: tuple[int, ...]) -> tuple[int, int]:
    y, x = door
    h, w = shape
    return (1 if y == 0 else h - 2 if y == h - 1 else y, 1 if x == 0 else w - 2 if x == w - 1 else x)


def _keep_first(grid: np.ndarray, code: int) -> bool:
    """Leave only the first ``code`` tile (row-major); True when there is one."""
    ys, xs = np.nonzero(grid == code)
    grid[ys[1:], xs[1:]] = F
    return ys.size > 0


def _farthest(grid: np.ndarray, board: Board, start: tuple[int, int], r: np.random.Generator) -> tuple[int, int]:
    """A floor tile ``(y, x)`` farthest from ``start`` (converting an enemy if no floor is left)."""
    passable = board.pack(np.isin(grid, (F, M, K, A)) | (grid == D))
    rings = board.layers(passable, board.bit(start[1], start[0]))
    floor = board.pack(grid == F)
    for ring in reversed(rings[1:]):
        if ring & floor:
            idx = board.indices(ring & floor)
            i = int(idx[int(r.integers(idx.size))])
            return i // grid.shape[1], i % grid.shape[1]
    ys, xs = np.nonzero(grid == M)
    if ys.size == 0:
        raise GenerationError("internal: no tile left for the player or the key")
    return int(ys[-1]), int(xs[-1])


def repair_room(
    level: Level | np.ndarray | Sequence[str], *, enemies: int | None = None, seed: int | None = None
) -> Level:
    """A completable, single-region ``dungeon-room`` as close to ``level`` as the rules allow.

    Args:
        level: a Level (any legend; tiles are matched by legend name), a ``(H, W)`` grid of
            dungeon characters, or text rows. The border is the outer ring of tiles.
        enemies: when given, the exact enemy count of the result.
        seed: seeds the few random choices (defaults to the level's own seed, else 0).
    """
    return repair_room_solved(level, enemies=enemies, seed=seed)[0]


def repair_room_solved(
    level: Level | np.ndarray | Sequence[str], *, enemies: int | None = None, seed: int | None = None
) -> tuple[Level, RoomSolution]:
    """:func:`repair_room` and the room solver's solution of the room it returns (the repair
    solves it to check it), so a caller does not solve the same room again."""
    src = _room_grid(level)
    grid = src.copy()
    h, w = grid.shape
    if seed is None:
        seed = level.seed if isinstance(level, Level) and level.seed is not None else 0
    r = rng(seed, "dungeon-repair")
    board = Board.of(h, w)

    doors = _border_doors(grid)
    inner = grid[1:-1, 1:-1]
    inner[inner == D] = F
    grid[[0, -1], :] = W
    grid[:, [0, -1]] = W
    if _open(grid).sum() == 0:
        inner[inner.shape[0] // 2, :] = F  # nothing to walk on at all: open the middle row
    if doors:
        door = doors[0]
    else:
        # The border tile beside open floor; among several, a seeded pick.
        op = _open(grid)
        cands = [(0, int(x)) for x in np.flatnonzero(op[1, 1:-1]) + 1]
        cands += [(h - 1, int(x)) for x in np.flatnonzero(op[h - 2, 1:-1]) + 1]
        cands += [(int(y), 0) for y in np.flatnonzero(op[1:-1, 1]) + 1]
        cands += [(int(y), w - 1) for y in np.flatnonzero(op[1:-1, w - 2]) + 1]
        door = cands[int(r.integers(len(cands)))]
    grid[door] = D
    anchor = _inward(door, grid.shape)
    if grid[anchor] not in (F, M, K, A):
        grid[anchor] = F
    connect_pockets(grid, anchor)
    if _open(grid).sum() < 2:
        # The player and the key need two tiles: open the anchor's interior neighbours.
        y, x = anchor
        for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
            if 0 < ny < h - 1 and 0 < nx < w - 1 and grid[ny, nx] not in (F, M, K, A):
                grid[ny, nx] = F

    has_key = _keep_first(grid, K)
    has_player = _keep_first(grid, A)
    if not has_key:
        grid[_farthest(grid, board, door, r)] = K
    if not has_player:
        ky, kx = (int(v[0]) for v in np.nonzero(grid == K))
        grid[_farthest(grid, board, (ky, kx), r)] = A
    if enemies is not None:
        _set_enemies(grid, enemies, r)

    sol = solve_room(grid)
    if not sol.completable or sol.regions != 1 or sol.unreachable_floor:
        raise GenerationError(f"internal: repair left an invalid room: {sol.problems}")
    gen = dict(level.generator) if isinstance(level, Level) else {"name": "repair"}
    return Level(
        kind="dungeon-room",
        grid=grid,
        legend=dict(LEGEND),
        entities=room_entities(grid),
        seed=level.seed if isinstance(level, Level) else None,
        generator=gen,
        stats={**sol.stats(), "repaired_tiles": int((grid != src).sum())},
    ), sol


def _set_enemies(grid: np.ndarray, count: int, r: np.random.Generator) -> None:
    check_int("enemies", count, 0)
    ys, xs = np.nonzero(grid == M)
    if ys.size > count:
        drop = r.choice(ys.size, size=ys.size - count, replace=False)
        grid[ys[drop], xs[drop]] = F
    elif ys.size < count:
        need = count - ys.size
        while int((grid == F).sum()) < need:
            # Too little floor for the crowd: open the obstacles bordering the walkable area,
            # one ring at a time (new floor touches old, so the room stays one region).
            op = _open(grid)
            ring = ndimage.binary_dilation(op, structure=_CROSS) & ~op
            ring[[0, -1], :] = False
            ring[:, [0, -1]] = False
            if not ring.any():
                raise InfeasibleError(
                    f"enemies: {count} enemies do not fit in a room with "
                    f"{int(op.sum())} open tiles beside the player and the key"
                )
            grid[ring] = F
        place_enemies(r, grid, need)
