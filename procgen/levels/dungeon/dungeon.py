"""Whole dungeons: rooms on a grid joined by doors, with lock-and-key progression, and their solver.

Building (:func:`build_dungeon`):

1. *Layout.* Rooms grow as a random tree on a grid of cells from the start room at (0, 0): each
   new room attaches to a free side of a room already placed. The exit room is the one deepest
   in the tree; the tree path from start to exit is the *main path*.
2. *Locks.* ``locks`` edges of the main path get locked doors, numbered 0, 1, ... from the
   start. Lock *i*'s key goes in a room whose tree path from the start crosses exactly the locks
   before *i* (so it is reachable with keys 0..i-1 and never behind lock *i* itself), preferring
   side branches off the main path. Leaf rooms off the main path that hold no key get treasure.
3. *Rooms.* Every room's interior comes from a *room source* ``(seed, constraints) -> room``:
   the classic generator now, trained models later. Its door, player and key are dropped (the
   dungeon places its own); walls, blocks, water and enemies stay.
4. *Assembly.* Neighbouring rooms share one wall; a door goes in the shared wall where both sides
   are floor (any blocked side is carved open and joined to its room). Keys, stairs and treasure
   go on the floor tile farthest from the door the room is entered by; the player starts on the
   floor tile nearest the start room's centre.
5. *Check.* :func:`solve_dungeon` replays the run; a dungeon that fails is a bug.

Solving (:func:`solve_dungeon`): flood the walkable tiles from the player, pick up every key
reached, open the locks those keys fit, and repeat until the stairs are reached or nothing new
opens. The keys in pick-up order are a valid order for the run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from procgen.errors import GenerationError, ParamError
from procgen.level import Entity, Level
from procgen.levels.dungeon.repair import connect_pockets, repair_room
from procgen.levels.dungeon.tiles import (
    DOOR,
    DUNGEON_LEGEND,
    ENEMY,
    FLOOR,
    KEY,
    LOCKED,
    PASSABLE_NAMES,
    PLAYER,
    STAIRS,
    TREASURE,
    WALL,
    code_table,
)
from procgen.levels.grid import bfs_distances, regions
from procgen.params import check_int
from procgen.rng import child_seed, rng

__all__ = ["DungeonSolution", "RoomSource", "build_dungeon", "solve_dungeon"]

#: ``(seed, constraints) -> room Level`` (kind ``dungeon-room``, border included). Constraints
#: hold ``width``, ``height`` (interior), ``enemies``, ``role`` ("start", "exit", "key",
#: "treasure" or "room"), ``doors`` (sides "N", "E", "S", "W" that get doors) and ``index``.
RoomSource = Callable[[int, Mapping[str, Any]], Level]

MAX_ROOMS = 64
_SIDES = {"N": (0, -1), "E": (1, 0), "S": (0, 1), "W": (-1, 0)}
_PASSABLE = code_table(DUNGEON_LEGEND, PASSABLE_NAMES)
F, W = ord(FLOOR), ord(WALL)


@dataclass
class DungeonSolution:
    """The replayed run: ``solvable`` when the stairs are reached from the player's start."""

    solvable: bool
    key_order: list[int] = field(default_factory=list)  # key ids in pick-up order
    locks_opened: int = 0
    path_length: int | None = None  # start -> stairs with every lock open (a lower bound)
    problem: str = ""


def solve_dungeon(level: Level, *, closed: tuple[int, ...] = ()) -> DungeonSolution:
    """Replay a dungeon from the player to the stairs, collecting keys (module docstring).

    Keys are ``key`` entities with a ``"key"`` id; locks are ``stats["locks"]`` entries
    ``{"x", "y", "key"}``. Locks listed in ``closed`` stay shut even with their key (tests use
    this to show a key is not behind its own lock).
    """
    grid = level.grid
    players = level.entities_of("player")
    stairs = level.entities_of("stairs")
    if len(players) != 1 or len(stairs) != 1:
        return DungeonSolution(False, problem="a dungeon needs one player and one stairs entity")
    start = (players[0].y, players[0].x)
    goal = (stairs[0].y, stairs[0].x)
    passable = _PASSABLE[grid].copy()
    keys = {(e.y, e.x): int(e.props.get("key", -1)) for e in level.entities_of("key")}
    locks = [(int(lk["y"]), int(lk["x"]), int(lk["key"])) for lk in level.stats.get("locks", [])]
    held: list[int] = []
    opened = 0
    while True:
        labels, _ = regions(passable)
        reach = labels == labels[start]
        if reach[goal]:
            open_all = _PASSABLE[grid].copy()
            for y, x, _k in locks:
                open_all[y, x] = True
            dist = int(bfs_distances(open_all, start)[goal])
            return DungeonSolution(True, held, opened, dist)
        new = sorted(k for (y, x), k in keys.items() if reach[y, x] and k not in held)
        if not new:
            return DungeonSolution(False, held, opened, problem="the stairs cannot be reached")
        held += new
        for y, x, k in locks:
            if k in new and k not in closed:
                passable[y, x] = True
                opened += 1


# -- layout ---------------------------------------------------------------------------------


def _grow_tree(r: np.random.Generator, count: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Cells of ``count`` rooms and each room's parent (-1 for the start room)."""
    cells = [(0, 0)]
    parent = [-1]
    where = {(0, 0): 0}
    while len(cells) < count:
        # Prefer recent rooms a little: long branches read better than a blob around the start.
        i = int(len(cells) - 1 - min(int(r.geometric(0.35)) - 1, len(cells) - 1))
        cx, cy = cells[i]
        free = [(cx + dx, cy + dy) for dx, dy in _SIDES.values() if (cx + dx, cy + dy) not in where]
        if not free:
            i = int(r.integers(len(cells)))
            cx, cy = cells[i]
            free = [(cx + dx, cy + dy) for dx, dy in _SIDES.values() if (cx + dx, cy + dy) not in where]
            if not free:
                continue
        cell = free[int(r.integers(len(free)))]
        where[cell] = len(cells)
        cells.append(cell)
        parent.append(i)
    return cells, parent


def _path_to_root(parent: list[int], room: int) -> list[int]:
    out = [room]
    while parent[out[-1]] >= 0:
        out.append(parent[out[-1]])
    return out[::-1]


def _classic_source(seed: int, c: Mapping[str, Any]) -> Level:
    from procgen.levels.dungeon.classic import classic_room

    return classic_room(seed, c["width"], c["height"], c["enemies"], None)


@dataclass
class _Plan:
    """A dungeon before any tile is laid: the room tree, the main path, locks, keys and roles."""

    cells: list[tuple[int, int]]  # each room's grid cell, the top-left cell (0, 0)
    parent: list[int]  # each room's parent in the tree (-1: the start room)
    depth: list[int]  # rooms from the start
    exit_room: int
    main: list[int]  # the tree path start -> exit
    locks: int
    lock_of_room: dict[int, int]  # room entered through lock i -> i
    zone: list[int]  # locks crossed on the way from the start
    role: list[str]  # "start", "exit", "key", "treasure" or "room"
    key_room: dict[int, int]  # key i -> the room holding it

    @property
    def rooms(self) -> int:
        return len(self.parent)


def _plan(r: np.random.Generator, rooms: int, locks: int | None) -> _Plan:
    """Layout, locks and roles (steps 1 and 2 of the module docstring)."""
    cells, parent = _grow_tree(r, rooms)
    depth = [len(_path_to_root(parent, i)) - 1 for i in range(rooms)]
    deepest = max(depth)
    exit_room = int(r.choice([i for i in range(rooms) if depth[i] == deepest]))
    main = _path_to_root(parent, exit_room)
    if locks is None:
        locks = min(len(main) - 1, rooms // 4)
    check_int("locks", locks, 0, len(main) - 1, "the edges on the way to the exit")
    lock_of_room = _place_locks(r, main, locks)
    zone = [sum(1 for room in _path_to_root(parent, i) if room in lock_of_room) for i in range(rooms)]
    role, key_room = _roles(r, parent, depth, exit_room, set(main), zone, locks)
    x0, y0 = min(x for x, _ in cells), min(y for _, y in cells)
    cells = [(x - x0, y - y0) for x, y in cells]
    return _Plan(cells, parent, depth, exit_room, main, locks, lock_of_room, zone, role, key_room)


def _place_locks(r: np.random.Generator, main: list[int], locks: int) -> dict[int, int]:
    """Room entered through lock i -> i. Lock i sits on the main-path edge into ``main[lock_at[i]]``:
    spread over the path, not bunched."""
    lock_at = sorted(int(v) for v in r.choice(np.arange(1, len(main)), size=locks, replace=False))
    return {main[p]: i for i, p in enumerate(lock_at)}


def _roles(r: np.random.Generator, parent: list[int], depth: list[int], exit_room: int, on_main: set[int],
           zone: list[int], locks: int) -> tuple[list[str], dict[int, int]]:
    """Each room's role, and the room of each key (key k before lock k, deep in a side branch)."""
    rooms = len(parent)
    role = ["room"] * rooms
    role[0] = "start"
    role[exit_room] = "exit"
    key_room: dict[int, int] = {}
    for k in range(locks):
        # Key k must be reachable holding keys 0..k-1: a room of zone k, before lock k.
        pool = [i for i in range(rooms) if zone[i] == k and role[i] == "room"]
        off_main = [i for i in pool if i not in on_main]
        pick = off_main or pool or [i for i in range(rooms) if zone[i] == k]
        # One of the deeper half of the candidates: keys at the ends of branches, not at doors.
        ranked = sorted(pick, key=lambda i: (-depth[i], i))
        room = ranked[int(r.integers((len(ranked) + 1) // 2))]
        key_room[k] = room
        if role[room] == "room":
            role[room] = "key"
    parents = set(parent)
    for i in range(rooms):
        if role[i] == "room" and i not in parents and i not in on_main:
            role[i] = "treasure"
    return role, key_room


def _door_sides(plan: _Plan) -> list[list[str]]:
    """The sides ("N", "E", "S", "W") of each room that get a door."""
    sides: list[list[str]] = [[] for _ in range(plan.rooms)]
    for i, p in enumerate(plan.parent):
        if p >= 0:
            dx, dy = plan.cells[i][0] - plan.cells[p][0], plan.cells[i][1] - plan.cells[p][1]
            side = next(s for s, v in _SIDES.items() if v == (dx, dy))
            sides[p].append(side)
            sides[i].append({"N": "S", "S": "N", "E": "W", "W": "E"}[side])
    return sides


def _lay_rooms(plan: _Plan, seed: int, source: RoomSource, width: int, height: int,
               enemies: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The dungeon's tiles with every room's interior from ``source`` (step 3), and each room's
    origin (its top-left wall corner). Neighbouring rooms share one wall."""
    cols, rows = max(x for x, _ in plan.cells) + 1, max(y for _, y in plan.cells) + 1
    sx, sy = width + 1, height + 1  # room stride
    grid = np.full((rows * sy + 1, cols * sx + 1), W, dtype=np.uint8)
    origin = [(cx * sx, cy * sy) for cx, cy in plan.cells]
    sides = _door_sides(plan)
    for i, role in enumerate(plan.role):
        wanted = 0 if role == "start" else enemies + 2 if role == "exit" else enemies
        constraints = {"width": width, "height": height, "enemies": min(wanted, max(0, width * height // 3)),
                       "role": role, "doors": sorted(sides[i]), "index": i}
        ox, oy = origin[i]
        grid[oy + 1 : oy + 1 + height, ox + 1 : ox + 1 + width] = _room_interior(source, seed, i, constraints)
    return grid, origin


def _room_interior(source: RoomSource, seed: int, i: int, constraints: Mapping[str, Any]) -> np.ndarray:
    """Room ``i`` from the source, repaired, without its own player and key (the dungeon places them)."""
    width, height = constraints["width"], constraints["height"]
    made = source(child_seed(seed, "dungeon-room", i), constraints)
    if made.grid.shape != (height + 2, width + 2):
        raise ParamError(
            f"room_source: room {i} is {made.width}x{made.height}, expected "
            f"{width + 2}x{height + 2} (interior {width}x{height} plus the wall border)"
        )
    made = repair_room(made, seed=child_seed(seed, "dungeon-repair", i))
    inner = made.grid[1:-1, 1:-1].copy()
    inner[np.isin(inner, (ord(PLAYER), ord(KEY)))] = F
    return inner


def _cut_doors(r: np.random.Generator, grid: np.ndarray, plan: _Plan, origin: list[tuple[int, int]],
               width: int, height: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[int, tuple[int, int]]]:
    """A door (locked on a lock's edge) in the wall between each room and its parent (step 4).

    Returns the edges and locks (for ``stats``) and the door each room is entered by, ``(y, x)``.
    """
    edges: list[dict[str, Any]] = []
    lock_list: list[dict[str, Any]] = []
    entry_door: dict[int, tuple[int, int]] = {}
    for i, p in enumerate(plan.parent):
        if p < 0:
            continue
        y, x = _place_door(r, grid, origin[p], origin[i], width, height)
        locked = i in plan.lock_of_room
        grid[y, x] = ord(LOCKED if locked else DOOR)
        entry_door[i] = (y, x)
        edge = {"a": p, "b": i, "x": x, "y": y, "locked": locked}
        if locked:
            edge["key"] = plan.lock_of_room[i]
            lock_list.append({"x": x, "y": y, "key": plan.lock_of_room[i], "rooms": [p, i]})
        edges.append(edge)
    return edges, lock_list, entry_door


def _rejoin_rooms(grid: np.ndarray, origin: list[tuple[int, int]], width: int, height: int) -> None:
    """Carving beside doors may have cut a pocket off: join each room back into one region."""
    for ox, oy in origin:
        view = grid[oy : oy + height + 2, ox : ox + width + 2]
        room_grid = view.copy()
        room_grid[np.isin(room_grid, (ord(DOOR), ord(LOCKED)))] = W  # connect_pockets wants a closed border
        if connect_pockets(room_grid, _anchor(room_grid)):
            view[1:-1, 1:-1] = room_grid[1:-1, 1:-1]


def _place_entities(grid: np.ndarray, plan: _Plan, origin: list[tuple[int, int]],
                    entry_door: dict[int, tuple[int, int]], width: int, height: int) -> list[Entity]:
    """The player near the start room's centre; keys, stairs and treasure on the floor farthest
    from the door each room is entered by; the rooms' enemies (step 4)."""
    items: dict[int, list[tuple[str, int]]] = {i: [] for i in range(plan.rooms)}
    for k, room in plan.key_room.items():
        items[room].append((KEY, k))
    items[plan.exit_room].append((STAIRS, -1))
    for i, role in enumerate(plan.role):
        if role == "treasure":
            items[i].append((TREASURE, -1))
    ox, oy = origin[0]
    py, px = _nearest_floor(grid, (oy + 1 + height // 2, ox + 1 + width // 2), origin[0], width, height)
    grid[py, px] = ord(PLAYER)
    entities = [Entity("player", px, py, {"room": 0})]
    for i in range(plan.rooms):
        start = entry_door.get(i, (py, px))
        for ch, k in items[i]:
            y, x = _farthest_floor(grid, start, origin[i], width, height)
            grid[y, x] = ord(ch)
            props: dict[str, Any] = {"room": i, **({"key": k} if ch == KEY else {})}
            entities.append(Entity({KEY: "key", STAIRS: "stairs", TREASURE: "treasure"}[ch], x, y, props))
    for i, (ox, oy) in enumerate(origin):
        ey, ex = np.nonzero(_interior(grid, origin[i], width, height) == ord(ENEMY))
        entities += [Entity("enemy", int(x) + ox + 1, int(y) + oy + 1, {"room": i}) for y, x in zip(ey, ex, strict=True)]
    return entities


def _room_stats(plan: _Plan, origin: list[tuple[int, int]], edges: list[dict[str, Any]],
                width: int, height: int) -> list[dict[str, Any]]:
    return [{
        "id": i, "cell": list(plan.cells[i]), "x": ox, "y": oy, "width": width + 2, "height": height + 2,
        "role": plan.role[i], "depth": plan.depth[i], "parent": plan.parent[i], "zone": plan.zone[i],
        "doors": [e["b"] if e["a"] == i else e["a"] for e in edges if i in (e["a"], e["b"])],
    } for i, (ox, oy) in enumerate(origin)]


def build_dungeon(
    seed: int,
    *,
    rooms: int = 8,
    width: int = 11,
    height: int = 7,
    enemies: int = 2,
    locks: int | None = None,
    room_source: RoomSource | None = None,
    generator: str = "classic",
) -> Level:
    """A verified ``dungeon`` Level (see the module docstring and :mod:`.generate`)."""
    check_int("rooms", rooms, 1, MAX_ROOMS)
    check_int("enemies", enemies, 0)
    r = rng(seed, "dungeon", rooms)  # one stream, drawn in this order: layout, locks, keys, doors
    plan = _plan(r, rooms, locks)
    grid, origin = _lay_rooms(plan, seed, room_source or _classic_source, width, height, enemies)
    edges, lock_list, entry_door = _cut_doors(r, grid, plan, origin, width, height)
    _rejoin_rooms(grid, origin, width, height)
    entities = _place_entities(grid, plan, origin, entry_door, width, height)
    level = Level(
        kind="dungeon",
        grid=grid,
        legend=dict(DUNGEON_LEGEND),
        entities=entities,
        seed=seed,
        generator={"name": generator, "model": None,
                   "params": {"rooms": rooms, "width": width, "height": height,
                              "enemies": enemies, "locks": plan.locks}},
        stats={"rooms": _room_stats(plan, origin, edges, width, height), "edges": edges, "locks": lock_list,
               "start_room": 0, "exit_room": plan.exit_room, "main_path": plan.main},
    )
    sol = solve_dungeon(level)  # step 5
    if not sol.solvable:
        raise GenerationError(f"internal: dungeon for seed {seed} is not solvable: {sol.problem}")
    level.stats.update({"solvable": True, "key_order": sol.key_order,
                        "path_length": sol.path_length,
                        "enemies": sum(1 for e in entities if e.type == "enemy")})
    return level


def _interior(grid: np.ndarray, origin: tuple[int, int], width: int, height: int) -> np.ndarray:
    ox, oy = origin
    return grid[oy + 1 : oy + 1 + height, ox + 1 : ox + 1 + width]


def _place_door(r: np.random.Generator, grid: np.ndarray, a: tuple[int, int], b: tuple[int, int],
                width: int, height: int) -> tuple[int, int]:
    """``(y, x)`` of a door in the wall shared by rooms at origins ``a`` and ``b``; opens both sides."""
    (ax, ay), (bx, by) = a, b
    vertical_wall = ay == by  # side by side: the shared wall is a column
    if vertical_wall:
        x = max(ax, bx)
        along = np.arange(ay + 1, ay + 1 + height)
        both = (grid[along, x - 1] == F) & (grid[along, x + 1] == F)
        mid = ay + 1 + height // 2
    else:
        y = max(ay, by)
        along = np.arange(ax + 1, ax + 1 + width)
        both = (grid[y - 1, along] == F) & (grid[y + 1, along] == F)
        mid = ax + 1 + width // 2
    # Zelda puts doors mid-wall: one of the two most central spots with floor on both sides.
    cand = along[both] if both.any() else along
    central = cand[np.argsort(np.abs(cand - mid), kind="stable")[:2]]
    at = int(central[int(r.integers(central.size))])
    y, x = (at, x) if vertical_wall else (y, at)
    sides = ((y, x - 1), (y, x + 1)) if vertical_wall else ((y - 1, x), (y + 1, x))
    for side in sides:
        if grid[side] not in (F, ord(ENEMY)):
            grid[side] = F  # blocked: open it; the room is re-joined into one region later
    return y, x


def _anchor(room_grid: np.ndarray) -> tuple[int, int]:
    """An open tile of the room's largest region, ``(y, x)`` in room coordinates."""
    from scipy import ndimage

    open_ = np.isin(room_grid, (F, ord(ENEMY)))
    labels, _ = ndimage.label(open_, structure=np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]]))
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    ys, xs = np.nonzero(labels == sizes.argmax())
    return int(ys[0]), int(xs[0])


def _nearest_floor(grid: np.ndarray, target: tuple[int, int], origin: tuple[int, int],
                   width: int, height: int) -> tuple[int, int]:
    inner = _interior(grid, origin, width, height)
    ys, xs = np.nonzero(inner == F)
    ox, oy = origin
    d = np.abs(ys + oy + 1 - target[0]) + np.abs(xs + ox + 1 - target[1])
    i = int(d.argmin())
    return int(ys[i]) + oy + 1, int(xs[i]) + ox + 1


def _farthest_floor(grid: np.ndarray, start: tuple[int, int], origin: tuple[int, int],
                    width: int, height: int) -> tuple[int, int]:
    """The floor tile of the room farthest (walking) from ``start`` (a door or the player)."""
    ox, oy = origin
    box = grid[oy : oy + height + 2, ox : ox + width + 2]
    passable = _PASSABLE[box].copy()
    passable[[0, -1], :] = False
    passable[:, [0, -1]] = False
    sy, sx = start[0] - oy, start[1] - ox
    passable[sy, sx] = True
    dist = bfs_distances(passable, (sy, sx))
    dist = np.where(box == F, dist, -1)
    i = int(dist.argmax())
    if dist.flat[i] < 0:
        raise GenerationError("internal: a dungeon room has no free floor for its item")
    return i // box.shape[1] + oy, i % box.shape[1] + ox
