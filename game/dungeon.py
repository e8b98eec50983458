"""Dungeon mode: top-down rooms with keys, locked doors, enemies that patrol or chase, stairs.

Controls:
    Arrows / WASD   walk (one tile at a time, hold to keep walking)
    N               a new dungeon (next seed)
    R               restart this dungeon
    B               the bot plays (autoplay) on / off
    Tab             inspector (seed, rooms, solver facts)
    Esc             back to the overworld / quit

Goal: find keys (each opens one locked door), reach the stairs. Enemies patrol their room and
chase you when you come close; touching one costs a heart, at zero hearts you start over at
the entrance with the keys you had.

The logic (:class:`DungeonState`) is separate from drawing, so tests step it without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pygame

from procgen.level import Level
from procgen.levels.grid import bfs_distances

from . import hud
from .assets import Art, art_for
from .camera import Camera
from .mode import Controls, Mode

if TYPE_CHECKING:
    from .app import App

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


def generate_dungeon_level(seed: int, rooms: int) -> Level:
    """A whole dungeon through the kinds registry (``procgen generate dungeon``)."""
    from procgen.kinds import generate

    try:
        return generate("dungeon", seed, rooms=rooms)
    except ModuleNotFoundError:
        # Older checkouts: the dungeon builder before its registry entry point existed.
        from procgen.levels.dungeon.dungeon import build_dungeon

        return build_dungeon(seed, rooms=rooms)


def request_dungeon(app: App, seed: int, rooms: int) -> tuple[str, int, int]:
    """Ask the worker for a dungeon (once); the overworld calls it near a dungeon entrance."""
    key = ("dungeon", seed, rooms)
    app.worker.submit(key, lambda: generate_dungeon_level(seed, rooms))
    return key


class DungeonMode(Mode):
    """Plays a dungeon; N makes the next one (prefetched in the background)."""

    name = "dungeon"
    keys: ClassVar[list[tuple[str, str]]] = [
        ("Arrows / WASD", "walk"),
        ("N", "new dungeon (next seed)"),
        ("R", "restart this dungeon"),
        ("B", "the bot plays on / off"),
        ("Keys", "each opens one locked door"),
        ("Stairs", "the exit: clear the dungeon"),
    ]

    def __init__(self, app: App, seed: int | None = None, rooms: int | None = None) -> None:
        super().__init__(app)
        self.seed = app.seed if seed is None else seed
        self.rooms = int(rooms if rooms is not None else app.options.get("rooms", 8))  # type: ignore[call-overload]
        self.camera = Camera(ease=0.2)
        self.state: DungeonState | None = None
        self.art: Art | None = None
        self.look = ""
        self.cleared = 0
        self.autoplay = bool(app.options.get("autoplay", False))
        self._route_for: tuple[int, int, int] | None = None
        self._route: list[tuple[int, int]] = []
        self.load(self.seed)

    def _job(self, seed: int) -> tuple[str, int, int]:
        return request_dungeon(self.app, seed, self.rooms)

    def load(self, seed: int) -> None:
        self.seed = seed
        level = self.app.worker.result(self._job(seed))
        self.state = DungeonState(level)
        self.retexture(level)
        self.rects = room_rects(level)
        self.camera_snap = True
        self._job(seed + 1)  # the next dungeon is ready before N is pressed

    def retexture(self, level: Level | None = None) -> None:
        """Art for the level in the app's texture look (T cycles it)."""
        level = level or self.level()
        if level is None:
            return
        self.art, self.look, notice = art_for(level, self.app.texture)
        if notice:
            self.app.notices.say(notice, warn=True)

    def level(self) -> Level | None:
        return self.state.level if self.state else None

    def key_down(self, key: int) -> bool:
        if key == pygame.K_n:
            self.load(self.seed + 1)
            self.app.notices.say(f"Dungeon seed {self.seed}")
            return True
        if key == pygame.K_r:
            self.load(self.seed)
            return True
        if key == pygame.K_b:
            self.autoplay = not self.autoplay
            self.app.notices.say("Bot plays" if self.autoplay else "You play")
            return True
        return False

    def update(self, dt: float, controls: Controls) -> None:
        s = self.state
        assert s is not None
        was_won = s.won
        if self.autoplay:
            controls = autopilot(s)
        s.update(dt, controls)
        if s.won and not was_won:
            self.cleared += 1
            self.app.notices.say("Dungeon cleared! Press N for the next one, Esc to leave")

    def tile_size(self, screen: pygame.Surface) -> int:
        # A room (13x9 tiles) and a margin fill the screen: the Zelda view.
        w, h = screen.get_size()
        return max(8, min(w // 17, (h - hud.font_size(screen) * 2) // 11))

    def room_of(self, x: int, y: int) -> tuple[int, int, int, int] | None:
        for r in self.rects:
            if r[0] <= x < r[0] + r[2] and r[1] <= y < r[1] + r[3]:
                return r
        return None

    def draw(self, screen: pygame.Surface) -> None:
        s, art = self.state, self.art
        assert s is not None and art is not None
        screen.fill((18, 16, 24))
        ts = self.tile_size(screen)
        top = hud.font_size(screen) * 2
        vw, vh = screen.get_width() / ts, (screen.get_height() - top) / ts
        room = self.room_of(s.x, s.y)
        if room is not None:
            # Room transitions: the camera slides to frame the room the hero is in.
            tx, ty = room[0] + room[2] / 2, room[1] + room[3] / 2
        else:
            tx, ty = s.px + 0.5, s.py + 0.5
        h, w = s.grid.shape
        self.camera.follow(tx, ty, vw, vh, w, h, 1 / 60, snap=self.camera_snap)
        self.camera_snap = False
        cx, cy = self.camera.x, self.camera.y
        x0, y0 = max(0, int(cx)), max(0, int(cy))
        x1, y1 = min(w, int(cx + vw) + 2), min(h, int(cy + vh) + 2)
        tiles = art.tiles(ts)
        floor_ch = chr(s.floor)
        blits = []
        for y in range(y0, y1):
            row = s.grid[y]
            sy = int((y - cy) * ts) + top
            for x in range(x0, x1):
                ch = chr(row[x])
                pos = (int((x - cx) * ts), sy)
                name = s.name_at(x, y)
                if name in ("enemy", "player") and floor_ch in tiles:
                    ch = floor_ch
                blits.append((art.tile(ch, ts, x, y), pos))
        screen.blits(blits, doreturn=False)
        for e in s.enemies:
            screen.blit(art.sprite("slime", ts), (int((e.x - cx) * ts), int((e.y - cy) * ts) + top))
        if not (s.hurt > 0 and int(s.hurt * 10) % 2):
            screen.blit(art.sprite("knight", ts), (int((s.px - cx) * ts), int((s.py - cy) * ts) + top))
        if room is not None:
            # Dim the neighbouring rooms: the one you are in is the stage.
            r = pygame.Rect(int((room[0] - cx) * ts), int((room[1] - cy) * ts) + top, room[2] * ts, room[3] * ts)
            shade = pygame.Surface(screen.get_size(), pygame.SRCALPHA)
            shade.fill((0, 0, 0, 140))
            shade.fill((0, 0, 0, 0), r)
            screen.blit(shade, (0, 0))
        self.draw_hud(screen)

    def draw_hud(self, screen: pygame.Surface) -> None:
        s = self.state
        assert s is not None
        size = hud.font_size(screen)
        bar = pygame.Rect(0, 0, screen.get_width(), size * 2)
        screen.fill((10, 10, 16), bar)
        hud.text(screen, f"DUNGEON  seed {self.seed}", (size // 2, size // 2), size, hud.ACCENT)
        x = screen.get_width() // 2 - size * 8
        heart = self.art.sprite("heart", size) if self.art else None
        for i in range(HEARTS):
            if heart is not None:
                img = heart if i < s.hearts else pygame.transform.grayscale(heart)
                screen.blit(img, (x + i * (size + 4), size // 2))
        hud.text(screen, f"keys {s.keys}   treasure {s.treasure}   time {s.time:5.1f}",
                 (x + HEARTS * (size + 4) + size, size // 2), size)
        hud.text(screen, "H: help", (screen.get_width() - size // 2, size // 2), size, anchor="topright")
        if s.won:
            hud.text(screen, "DUNGEON CLEARED!", (screen.get_width() // 2, screen.get_height() // 2),
                     size * 3, hud.ACCENT, "center")

    def inspector_rows(self) -> list[tuple[str, str]]:
        s = self.state
        assert s is not None
        lvl = s.level
        rows = [
            ("seed", str(self.seed)),
            ("generator", str(lvl.generator.get("name", "classic"))),
            ("size", f"{lvl.width}x{lvl.height}"),
            ("rooms", str(self.rooms)),
            ("tiles", self.look),
            ("hero", f"({s.x}, {s.y}) steps {s.steps}"),
            ("enemies", f"{len(s.enemies)} ({sum(e.chasing for e in s.enemies)} chasing)"),
        ]
        for k, v in list(lvl.stats.items())[:8]:
            if isinstance(v, (int, float, str, bool)):
                rows.append((k, f"{v:.3g}" if isinstance(v, float) else str(v)))
        return rows

    def draw_inspector(self, screen: pygame.Surface) -> None:
        # The way to the next goal (what the bot would walk), then each enemy's state: red
        # ring when chasing, grey when patrolling.
        s = self.state
        assert s is not None
        ts = self.tile_size(screen)
        top = hud.font_size(screen) * 2
        if self._route_for != (s.x, s.y, s.keys):
            dist = goal_distances(s)
            self._route = route(s, dist) if dist is not None else []
            self._route_for = (s.x, s.y, s.keys)
        if len(self._route) > 1:
            pts = [(int((x + 0.5 - self.camera.x) * ts), int((y + 0.5 - self.camera.y) * ts) + top) for x, y in self._route]
            pygame.draw.lines(screen, (20, 20, 20), False, pts, 6)
            pygame.draw.lines(screen, (255, 230, 60), False, pts, 3)
        for e in s.enemies:
            c = (255, 60, 60) if e.chasing else (160, 160, 160)
            center = (int((e.x + 0.5 - self.camera.x) * ts), int((e.y + 0.5 - self.camera.y) * ts) + top)
            pygame.draw.circle(screen, c, center, ts // 2 + 2, 2)
