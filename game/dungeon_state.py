"""Dungeon rules: a whole dungeon being played, without pygame.

:class:`DungeonState` walks the hero tile by tile (keys open locked doors, the stairs end the
dungeon), moves the slimes (they chase when close) and counts hearts, deaths and time;
:func:`autopilot` is the bot that walks it to the stairs. The view (:mod:`.dungeon`) draws it;
tests step it without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from procgen.level import GeneratorName, Level
from procgen.levels.grid import bfs_distances

from .controls import Controls

#: Tiles per second the hero walks; enemies are slower so a careful player escapes.
HERO_SPEED = 7.0
ENEMY_STEP_SECONDS = 0.42
#: Within this many steps an enemy stops patrolling and chases.
CHASE_RANGE = 6
HEARTS = 3
#: Seconds of invulnerability after a hit.
HURT_SECONDS = 1.2
DIRECTIONS = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}
#: Names a walker may stand on; locked doors need a key first.
WALKABLE = frozenset({"floor", "enemy", "key", "door", "player", "stairs", "treasure"})


@dataclass
class Enemy:
    x: int
    y: int
    dx: int = 1
    dy: int = 0
    timer: float = 0.0
    chasing: bool = False


@dataclass
class DungeonState:
    """A dungeon being played: the tiles (doors open as you use keys), hero, enemies."""

    level: Level
    grid: np.ndarray = field(init=False)
    x: int = 0
    y: int = 0
    #: Where the hero is drawn between tiles (animation of the current step).
    px: float = 0.0
    py: float = 0.0
    keys: int = 0
    hearts: int = HEARTS
    treasure: int = 0
    deaths: int = 0
    hurt: float = 0.0
    won: bool = False
    time: float = 0.0
    enemies: list[Enemy] = field(default_factory=list)
    start: tuple[int, int] = (0, 0)
    steps: int = 0

    def __post_init__(self) -> None:
        lvl = self.level
        self.grid = lvl.grid.copy()
        self.codes = {t.name: ord(ch) for ch, t in lvl.legend.items()}
        self.floor = self.codes.get("floor", ord("."))
        names = np.array([""] * 256, dtype=object)
        for ch, t in lvl.legend.items():
            names[ord(ch)] = t.name
        self._names = names
        players = lvl.entities_of("player")
        if players:
            self.start = (players[0].x, players[0].y)
        elif "player" in self.codes:
            ys, xs = np.nonzero(self.grid == self.codes["player"])
            self.start = (int(xs[0]), int(ys[0]))
        else:
            ys, xs = np.nonzero(self.walkable())
            self.start = (int(xs[0]), int(ys[0]))
        if "player" in self.codes:
            self.grid[self.grid == self.codes["player"]] = self.floor
        if "enemy" in self.codes:
            ys, xs = np.nonzero(self.grid == self.codes["enemy"])
            self.enemies = [Enemy(int(x), int(y), dx=1 if i % 2 else -1) for i, (x, y) in enumerate(zip(xs, ys, strict=True))]
            self.grid[ys, xs] = self.floor
        have = {(e.x, e.y) for e in self.enemies}
        for e in lvl.entities_of("enemy"):
            if (e.x, e.y) not in have:  # generators may list tile enemies as entities too
                self.enemies.append(Enemy(e.x, e.y))
        self.x, self.y = self.start
        self.px, self.py = float(self.x), float(self.y)
        self._dist_from: tuple[int, int] | None = None
        self._dist = np.zeros(0)

    # -- queries ------------------------------------------------------------------------------

    def name_at(self, x: int, y: int) -> str:
        h, w = self.grid.shape
        if not (0 <= x < w and 0 <= y < h):
            return "wall"
        return str(self._names[self.grid[y, x]])

    def walkable(self) -> np.ndarray:
        table = np.zeros(256, dtype=bool)
        for name, code in self.codes.items():
            table[code] = name in WALKABLE
        return table[self.grid]

    def moving(self) -> bool:
        return abs(self.px - self.x) > 1e-6 or abs(self.py - self.y) > 1e-6

    # -- update -------------------------------------------------------------------------------

    def update(self, dt: float, controls: Controls) -> None:
        if self.won:
            return
        self.time += dt
        self.hurt = max(0.0, self.hurt - dt)
        self._walk(dt, controls)
        self._move_enemies(dt)
        self._touch_enemies()

    def _walk(self, dt: float, controls: Controls) -> None:
        if self.moving():
            # Glide toward the tile already stepped onto.
            step = HERO_SPEED * dt
            self.px += max(-step, min(step, self.x - self.px))
            self.py += max(-step, min(step, self.y - self.py))
            return
        for name in ("left", "right", "up", "down"):
            if getattr(controls, name):
                dx, dy = DIRECTIONS[name]
                self.try_step(dx, dy)
                break

    def try_step(self, dx: int, dy: int) -> bool:
        """Step one tile if the way is open (using a key on a locked door); True if moved."""
        nx, ny = self.x + dx, self.y + dy
        name = self.name_at(nx, ny)
        if name == "locked-door":
            if self.keys <= 0:
                return False
            self.keys -= 1
            self.grid[ny, nx] = self.codes.get("door", self.floor)
            name = "door"
        if name not in WALKABLE:
            return False
        self.x, self.y = nx, ny
        self.steps += 1
        if name == "key":
            self.keys += 1
            self.grid[ny, nx] = self.floor
        elif name == "treasure":
            self.treasure += 1
            self.grid[ny, nx] = self.floor
        elif name == "stairs":
            self.won = True
        return True

    def _distances(self) -> np.ndarray:
        if self._dist_from != (self.x, self.y):
            passable = self.walkable() & (self.grid != self.codes.get("door", -1))
            passable[self.y, self.x] = True
            self._dist = bfs_distances(passable, (self.y, self.x))
            self._dist_from = (self.x, self.y)
        return self._dist

    def _move_enemies(self, dt: float) -> None:
        if not self.enemies:
            return
        dist = self._distances()
        door = self.codes.get("door", -1)
        for e in self.enemies:
            e.timer += dt
            if e.timer < ENEMY_STEP_SECONDS:
                continue
            e.timer -= ENEMY_STEP_SECONDS
            d = int(dist[e.y, e.x])
            e.chasing = 0 <= d <= CHASE_RANGE
            if e.chasing:
                # Step to a neighbour one step closer to the hero (BFS distances from the hero).
                for dx, dy in DIRECTIONS.values():
                    nx, ny = e.x + dx, e.y + dy
                    if 0 <= dist[ny, nx] < d:
                        e.x, e.y = nx, ny
                        break
                continue
            # Patrol: walk straight, turn around at anything not floor (never through doors).
            for dx, dy in ((e.dx, e.dy), (-e.dx, -e.dy)):
                nx, ny = e.x + dx, e.y + dy
                if self.name_at(nx, ny) in WALKABLE and self.grid[ny, nx] != door:
                    e.x, e.y, e.dx, e.dy = nx, ny, dx, dy
                    break

    def _touch_enemies(self) -> None:
        if self.hurt > 0:
            return
        for e in self.enemies:
            if e.x == self.x and e.y == self.y:
                self.hearts -= 1
                self.hurt = HURT_SECONDS
                if self.hearts <= 0:
                    self.deaths += 1
                    self.hearts = HEARTS
                    self.x, self.y = self.start
                    self.px, self.py = float(self.x), float(self.y)
                return


def goal_distances(s: DungeonState) -> np.ndarray | None:
    """Steps from every tile to the hero's next goal: the stairs if they can be reached, else
    the nearest key, else a locked door it holds a key for (None when nothing is reachable)."""
    codes = s.codes
    locked = s.grid == codes.get("locked-door", -1)
    passable = s.walkable() | (locked if s.keys > 0 else np.zeros_like(locked))
    passable[s.y, s.x] = True
    unreachable = np.iinfo(np.int32).max
    for names in (("stairs",), ("key",), ("locked-door",) if s.keys > 0 else ()):
        ys, xs = np.nonzero(np.isin(s.grid, [codes[n] for n in names if n in codes]))
        if ys.size == 0:
            continue
        dist = bfs_distances(passable, *zip(ys.tolist(), xs.tolist(), strict=True))
        if dist.ndim == 3:
            dist = np.where(dist < 0, unreachable, dist).min(axis=0)
        dist = np.where(dist < 0, unreachable, dist)
        if 0 < int(dist[s.y, s.x]) < unreachable:
            return dist
    return None


def route(s: DungeonState, dist: np.ndarray) -> list[tuple[int, int]]:
    """Tiles from the hero down the distance field to the goal."""
    x, y = s.x, s.y
    path = [(x, y)]
    while int(dist[y, x]) > 0:
        for dx, dy in DIRECTIONS.values():
            if int(dist[y + dy, x + dx]) < int(dist[y, x]):
                x, y = x + dx, y + dy
                break
        else:
            break
        path.append((x, y))
    return path


def autopilot(s: DungeonState) -> Controls:
    """The way a bot walks a dungeon: one step down :func:`goal_distances` at a time."""
    if s.won or s.moving():
        return Controls()
    dist = goal_distances(s)
    if dist is None:
        return Controls()
    here = int(dist[s.y, s.x])
    for name, (dx, dy) in DIRECTIONS.items():
        if int(dist[s.y + dy, s.x + dx]) < here:
            return Controls(**{name: True})
    return Controls()


def room_rects(level: Level) -> list[tuple[int, int, int, int]]:
    """Rooms as ``(x, y, w, h)`` in tiles, from the level's stats when the generator gives them."""
    rooms = level.stats.get("rooms") if isinstance(level.stats.get("rooms"), list) else None
    out = []
    for r in rooms or []:
        if isinstance(r, dict) and {"x", "y", "width", "height"} <= r.keys():
            out.append((int(r["x"]), int(r["y"]), int(r["width"]), int(r["height"])))
        elif isinstance(r, (list, tuple)) and len(r) == 4:
            out.append(tuple(int(v) for v in r))  # type: ignore[arg-type]
    return out


def make_dungeon(seed: int, rooms: int, generator: str, model: str | None = None) -> tuple[Level, str, bool]:
    """A dungeon whose rooms come from ``generator`` (``model``: one of the player's room
    checkpoints, None: the built-in one): ``(level, notice, skipped)``. A model that cannot be
    used gives the classic dungeon with a notice; ``skipped`` says the player's checkpoint did
    not load (the mode takes it out of the G cycle), and the notice is then only the reason."""
    from procgen.errors import CheckpointError, ProcgenError
    from procgen.kinds import generate

    g = GeneratorName(generator)
    if not g.trained:
        return generate("dungeon", seed, rooms=rooms), "", False
    try:
        return generate("dungeon", seed, rooms=rooms, generator=generator,
                        **({"model": model} if model is not None else {})), "", False
    except (ProcgenError, ImportError, OSError) as e:
        reason = (str(e).splitlines()[0] if str(e) else type(e).__name__)[:110]
        level = generate("dungeon", seed, rooms=rooms)
        if model is not None and isinstance(e, CheckpointError):
            return level, reason, True
        return level, f"{g.value.upper()} rooms unavailable ({reason[:90]}): classic dungeon instead", False
