"""The classic room generator: a layout, then door, key and player placed by BFS distance.

Every room it returns is verified by :func:`~procgen.levels.dungeon.solver.solve_room`:
completable, one open region, exactly one player, key and door, exactly ``enemies`` enemies.

How the walk is controlled, constructively rather than by blind retries:

1. Build an interior: a decorative layout (pillars, block clusters, a moat, a river, ...) made
   one region by filling stray pockets, or for long walks a *comb* of inner walls whose gaps
   alternate ends, which turns the room into one serpentine corridor.
2. Put the door on the border; one BFS from it gives every tile's distance to the door.
3. With ``path_lengths=(A, B)``: the key goes on a tile exactly B steps from the door, and the
   player on a tile exactly A steps from the key (BFS distances take every value up to the
   farthest tile, so such tiles exist whenever the layout is long enough). Layouts are tried
   from open to serpentine, widest corridors first, until one is long enough.
4. Without targets: the key goes far from the door and the player far from the key, and the
   walk start → key → door must be at least interior width + height steps.

A target is *feasible* when the 1-wide serpentine of that size can hold it: B is at most the
serpentine's length L, and either A < B (the player starts between door and key) or A + B ≤ L.
Anything else raises :class:`~procgen.errors.InfeasibleError` naming L.

>>> room = classic_room(3, 11, 7, 3, (6, 9))
>>> room.stats["start_to_key"], room.stats["key_to_door"], room.stats["enemies"]
(6, 9, 3)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from procgen.errors import GenerationError, InfeasibleError
from procgen.level import Entity, Level
from procgen.levels.dungeon.bits import Board
from procgen.levels.dungeon.layouts import DECOR, comb, comb_head_distance, keep_largest_region
from procgen.levels.dungeon.solver import solve_room
from procgen.levels.dungeon.tiles import DOOR, ENEMY, FLOOR, KEY, LEGEND, PLAYER, WALL
from procgen.params import check_int, check_int_pair
from procgen.rng import rng

__all__ = [
    "MAX_SIDE",
    "MIN_SIDE",
    "check_room_params",
    "classic_room",
    "longest_walk",
    "place_enemies",
    "room_entities",
]

MIN_SIDE, MAX_SIDE = 5, 128
F, W = ord(FLOOR), ord(WALL)
_DECOR_NAMES = tuple(DECOR)

Pos = tuple[int, int]


@lru_cache(maxsize=64)
def longest_walk(width: int, height: int) -> int:
    """The longest door-to-tile walk a room of interior ``width``×``height`` allows."""
    return comb_head_distance(height, width)


def check_room_params(width: int, height: int, enemies: int, targets: tuple[int, int] | None) -> None:
    """Raise ParamError/InfeasibleError unless a room of this size, crowd and walks can exist."""
    for name, v in (("width", width), ("height", height)):
        check_int(name, v, MIN_SIDE, MAX_SIDE, "tiles of a room's interior side")
    check_int("enemies", enemies, 0)
    if enemies > width * height - 2:
        raise InfeasibleError(
            f"enemies: {enemies} enemies do not fit in a {width}x{height} room "
            f"(at most {width * height - 2} beside the player and the key)"
        )
    if targets is None:
        return
    a, b = check_int_pair("path_lengths", targets)
    longest = longest_walk(width, height)
    if b > longest or (a >= b and a + b > longest):
        raise InfeasibleError(
            f"path_lengths: {a},{b} is not feasible in a {width}x{height} room: the longest walk "
            f"there is {longest} steps, so key->door must be <= {longest} and start->key must "
            f"be < key->door or fit in the rest (start->key + key->door <= {longest})"
        )


def _door_candidates(room: np.ndarray) -> list[Pos]:
    """Border tiles (not corners) next to open interior floor, as ``(x, y)``."""
    h, w = room.shape
    out: list[Pos] = []
    xs = np.flatnonzero(room[1, 1:-1] == F) + 1
    out += [(int(x), 0) for x in xs]
    xs = np.flatnonzero(room[h - 2, 1:-1] == F) + 1
    out += [(int(x), h - 1) for x in xs]
    ys = np.flatnonzero(room[1:-1, 1] == F) + 1
    out += [(0, int(y)) for y in ys]
    ys = np.flatnonzero(room[1:-1, w - 2] == F) + 1
    out += [(w - 1, int(y)) for y in ys]
    return out


def _pick(r: np.random.Generator, board: Board, ring: int) -> int:
    """One random bit of ``ring``."""
    idx = board.indices(ring)
    return 1 << int(idx[int(r.integers(idx.size))])


def _place_targets(
    r: np.random.Generator, board: Board, passable: int, doors: list[Pos], a: int, b: int
) -> tuple[Pos, Pos, Pos] | None:
    """Door, key, player with key→door = b and start→key = a exactly, or None."""
    for door in doors:
        dbit = board.bit(*door)
        from_door = board.layers(passable, dbit)
        if len(from_door) <= b:
            continue
        keys = board.indices(from_door[b])
        for k in r.permutation(keys)[:4]:
            kbit = 1 << int(k)
            from_key = board.layers(passable, kbit)
            if len(from_key) > a:
                player = _pick(r, board, from_key[a])
                return door, board.xy(kbit), board.xy(player)
    return None


def _place_free(
    r: np.random.Generator, board: Board, passable: int, doors: list[Pos], least: int
) -> tuple[Pos, Pos, Pos] | None:
    """Door, key far from the door, player far from the key; the walk is >= ``least`` steps."""
    for door in doors:
        from_door = board.layers(passable, board.bit(*door))
        far = len(from_door) - 1
        if far < 1:
            continue
        d_key = int(r.integers((far + 1) // 2, far + 1))
        kbit = _pick(r, board, from_door[d_key])
        from_key = board.layers(passable, kbit)
        far_k = len(from_key) - 1
        if far_k < 1:
            continue
        d_player = int(r.integers((3 * far_k + 4) // 5, far_k + 1))
        if d_key + d_player < least:
            # Take the farthest choices before giving up on this door.
            kbit = _pick(r, board, from_door[far])
            from_key = board.layers(passable, kbit)
            d_key, d_player = far, len(from_key) - 1
            if d_key + d_player < least:
                continue
        player = _pick(r, board, from_key[d_player])
        return door, board.xy(kbit), board.xy(player)
    return None


def _plans(r: np.random.Generator, width: int, height: int, targets: tuple[int, int] | None,
           enemies: int) -> list[tuple[str, int, bool]]:
    """Layouts to try, in order: ``(name, corridor, vertical)`` (corridor 0 = decorative)."""
    names = list(r.permutation(_DECOR_NAMES))
    if enemies > width * height // 2:
        names.insert(0, "open")  # a crowd needs floor
    decor = [(str(n), 0, False) for n in names[:3]]
    vertical = bool(r.random() < 0.5)
    combs = [("comb", c, v) for c in (4, 3, 2, 1) for v in (vertical, not vertical)]
    if targets is None:
        return decor + combs
    a, b = targets
    # The door-to-farthest-tile walk these targets need (the player may stand between door
    # and key when a < b). Much longer than the room's half perimeter needs a serpentine.
    reach = a + b if a >= b else b
    if reach > width + height:
        return [*combs, ("open", 0, False)]
    return [*decor, *combs, ("open", 0, False)]


def room_entities(grid: np.ndarray) -> list[Entity]:
    """Player, key, door and enemy entities read off a room's tiles (row-major order)."""
    out: list[Entity] = []
    for ch, kind in ((PLAYER, "player"), (KEY, "key"), (DOOR, "door"), (ENEMY, "enemy")):
        ys, xs = np.nonzero(grid == ord(ch))
        out += [Entity(kind, int(x), int(y)) for y, x in zip(ys, xs, strict=True)]
    return out


def classic_room(
    seed: int, width: int, height: int, enemies: int, targets: tuple[int, int] | None
) -> Level:
    """A verified room (see the module docstring); ``width``/``height`` are the interior size."""
    check_room_params(width, height, enemies, targets)
    if targets is not None:
        targets = (int(targets[0]), int(targets[1]))
    r = rng(seed, "dungeon-room", width, height)
    board = Board.of(height + 2, width + 2)
    for name, corridor, vertical in _plans(r, width, height, targets, enemies):
        room = np.full((height + 2, width + 2), W, dtype=np.uint8)
        if corridor:
            inner, head = comb(height, width, corridor, vertical)
            # Mirror the serpentine at random so its head is not always top-left.
            if r.random() < 0.5:
                inner, head = inner[:, ::-1], (width + 1 - head[0], head[1])
            if r.random() < 0.5:
                inner, head = inner[::-1, :], (head[0], height + 1 - head[1])
            doors = [head]
        else:
            inner = keep_largest_region(DECOR[name](r, height, width))
            doors = []
        room[1:-1, 1:-1] = inner
        floor = room == F
        if int(floor.sum()) < enemies + 2:
            continue
        if not doors:
            cands = _door_candidates(room)
            if not cands:
                continue
            doors = [cands[int(i)] for i in r.permutation(len(cands))[:4]]
        passable = board.pack(floor)
        if targets is None:
            placed = _place_free(r, board, passable, doors, width + height)
        else:
            placed = _place_targets(r, board, passable, doors, *targets)
        if placed is None:
            continue
        (dx, dy), (kx, ky), (px, py) = placed
        room[dy, dx], room[ky, kx], room[py, px] = ord(DOOR), ord(KEY), ord(PLAYER)
        place_enemies(r, room, enemies)
        return _finish(room, seed, name if not corridor else f"comb{corridor}", enemies, targets)
    if targets is not None:
        raise InfeasibleError(
            f"path_lengths: {targets[0]},{targets[1]} with {enemies} enemies does not fit any "
            f"{width}x{height} room layout; use fewer enemies, shorter walks or a larger room"
        )
    raise GenerationError(f"no {width}x{height} room with {enemies} enemies was found")


def place_enemies(r: np.random.Generator, room: np.ndarray, count: int) -> None:
    """Turn ``count`` floor tiles of ``room`` into enemies, spaced as the corpus spaces them.

    Each new enemy goes on floor with no player or enemy among its eight neighbours; when a
    crowd leaves no such tile, beside an enemy but still not beside the player; then any floor.

    >>> room = np.frombuffer(b"WWWWWWWFFFFFWAFFFFWWWWWW", dtype=np.uint8).reshape(4, 6).copy()
    >>> place_enemies(rng(0), room, 2)
    >>> (room == ord(ENEMY)).sum(), (room[1:3, 1:3] == ord(ENEMY)).sum()
    (np.int64(2), np.int64(0))
    """
    from scipy import ndimage

    # The masks are built once and kept up to date around each new enemy: a crowd of
    # thousands in a large room stays one pass over the room per enemy.
    ring = np.ones((3, 3), dtype=bool)
    floor = room == F
    near_player = ndimage.binary_dilation(room == ord(PLAYER), structure=ring)
    near_enemy = ndimage.binary_dilation(room == ord(ENEMY), structure=ring)
    for _ in range(count):
        for spot in (floor & ~near_player & ~near_enemy, floor & ~near_player, floor):
            cands = np.argwhere(spot)
            if len(cands):
                y, x = (int(v) for v in cands[int(r.integers(len(cands)))])
                room[y, x] = ord(ENEMY)
                floor[y, x] = False
                near_enemy[max(y - 1, 0):y + 2, max(x - 1, 0):x + 2] = True
                break


def _finish(room: np.ndarray, seed: int, layout: str, enemies: int,
            targets: tuple[int, int] | None) -> Level:
    sol = solve_room(room)
    if not sol.completable or sol.regions != 1 or sol.unreachable_floor or sol.enemies != enemies:
        # The construction guarantees all four; reaching here is a bug, not bad luck.
        raise GenerationError(f"internal: classic room for seed {seed} failed its check: {sol.problems}")
    h, w = room.shape
    return Level(
        kind="dungeon-room",
        grid=room,
        legend=dict(LEGEND),
        entities=room_entities(room),
        seed=seed,
        generator={
            "name": "classic",
            "model": None,
            "params": {"width": w - 2, "height": h - 2, "enemies": enemies,
                       "path_lengths": list(targets) if targets else None},
        },
        stats={**sol.stats(), "layout": layout},
    )
