"""Dungeon mode: top-down rooms with keys, locked doors, enemies that patrol or chase, stairs.

Controls:
    Arrows / WASD   walk (one tile at a time, hold to keep walking)
    N               a new dungeon (next seed)
    G               the rooms' generator: classic -> GAN -> VAE -> your room models
                    (``procgen play --models DIR``: each trained room checkpoint in DIR)
    R               restart this dungeon
    B               the bot plays (autoplay) on / off
    Tab             inspector (seed, rooms, solver facts)
    Esc             back to the overworld / quit

Goal: find keys (each opens one locked door), reach the stairs. Enemies patrol their room and
chase you when you come close; touching one costs a heart, at zero hearts you start over at
the entrance with the keys you had.

The rules (:class:`DungeonState`, the bot's :func:`autopilot`) live in :mod:`.dungeon_state`
without pygame; this module is the view and the mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pygame

from procgen.level import GeneratorName, Level

from . import hud
from .assets import Art, art_for
from .camera import Camera
from .dungeon_state import (
    HEARTS,
    DungeonState,
    autopilot,
    goal_distances,
    make_dungeon,
    room_rects,
    route,
)
from .mode import Controls, Host, Mode, Summary
from .user_models import Choice, ModelCycle, find_models


def request_dungeon(app: Host, seed: int, rooms: int, choice: Choice | None = None) -> tuple[object, ...]:
    """Ask the worker for a dungeon (once); the overworld calls it near a dungeon entrance.
    ``choice``: the rooms' generator (None: classic rooms)."""
    chosen = choice or Choice(GeneratorName.CLASSIC)
    key = ("dungeon", seed, rooms, chosen.generator, chosen.path)
    app.worker.submit(key, lambda: make_dungeon(seed, rooms, chosen.generator, chosen.path))
    return key


def room_cycle(app: Host) -> ModelCycle:
    """What G cycles the rooms' generator through: classic, the built-in room models, then the
    room checkpoints in the folder of ``--models``."""
    from procgen.kinds import generators
    from procgen.level import Kind

    folder = app.options.get("models")
    found = find_models(Path(str(folder)), "room") if folder is not None else None
    return ModelCycle(generators(Kind.DUNGEON), found.models if found else ())


def room_count(app: Host, rooms: int | None) -> int:
    """Rooms per dungeon: as given, else the command line's ``--rooms``."""
    return int(rooms if rooms is not None else app.options.get("rooms", 8))  # type: ignore[call-overload]


class DungeonMode(Mode):
    """Plays a dungeon; N makes the next one (prefetched in the background)."""

    name = "dungeon"
    keys: ClassVar[list[tuple[str, str]]] = [
        ("Arrows / WASD", "walk"),
        ("N", "new dungeon (next seed)"),
        ("G", "rooms: classic / GAN / VAE / yours"),
        ("R", "restart this dungeon"),
        ("B", "the bot plays on / off"),
        ("Keys", "each opens one locked door"),
        ("Stairs", "the exit: clear the dungeon"),
    ]

    def __init__(self, app: Host, seed: int | None = None, rooms: int | None = None) -> None:
        super().__init__(app)
        self.seed = app.seed if seed is None else seed
        self.rooms = room_count(app, rooms)
        self.camera = Camera(ease=0.2)
        self.state: DungeonState | None = None
        self.art: Art | None = None
        self.look = ""
        self.cleared = 0
        self.autoplay = bool(app.options.get("autoplay", False))
        self._route_for: tuple[int, int, int] | None = None
        self._route: list[tuple[int, int]] = []
        self.cycle = room_cycle(app)
        #: The rooms' generator (G cycles it); the overworld's dungeons keep classic rooms.
        self.choice = Choice(self.cycle.choices[0].generator)
        #: How the HUD names the rooms' model of the dungeon on screen ("" for classic rooms).
        self.rooms_label = ""
        #: The player's model that made the rooms on screen, by name (None: a built-in generator).
        self.level_model: str | None = None
        self.load(self.seed)

    @classmethod
    def prefetch(cls, app: Host, *, seed: int, rooms: int | None = None, **options: object) -> None:
        """Start making the dungeon ``DungeonMode(app, seed=..., rooms=...)`` would play."""
        request_dungeon(app, seed, room_count(app, rooms))

    def _job(self, seed: int) -> tuple[object, ...]:
        return request_dungeon(self.app, seed, self.rooms, self.choice)

    def load(self, seed: int) -> None:
        self.seed = seed
        level, notice, skipped = self.app.worker.result(self._job(seed))
        if skipped and self.choice.model is not None:
            # A room checkpoint of the player's that does not load: out of the cycle, on to the next.
            self.app.notices.say(f"Skipped model {self.choice.model.name}: {notice}", warn=True)
            self.choice = self.cycle.drop(self.choice)
            self.load(seed)
            return
        if notice:
            self.app.notices.say(notice, warn=True)
        self.rooms_label = self.choice.label if self.choice.generator.trained and not notice else ""
        self.level_model = self.choice.model.name if self.choice.model is not None and not notice else None
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

    def summary(self) -> Summary | None:
        s = self.state
        if s is None:
            return None
        gen = str((s.level.generator or {}).get("name", "classic"))
        if self.level_model is not None:
            gen = f"{self.level_model} ({gen})"  # rooms from one of the player's models
        return Summary(self.seed, gen, s.deaths, s.won, s.time)

    def key_down(self, key: int) -> bool:
        if key == pygame.K_n:
            self.load(self.seed + 1)
            self.app.notices.say(f"Dungeon seed {self.seed}")
            return True
        if key == pygame.K_r:
            self.load(self.seed)
            return True
        if key == pygame.K_g:
            self.choice = self.cycle.after(self.choice)
            self.app.notices.say(f"Rooms: {self.choice.label}"
                                 + (f" (your model, {self.choice.model.path.name})" if self.choice.model else ""))
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
        bright, dim = art.tiles(ts), art.dim_tiles(ts)
        # Enemies and the start are sprites over floor, not tiles.
        floor_ch = chr(s.floor) if chr(s.floor) in bright else None
        hidden = {code for name, code in s.codes.items() if name in ("enemy", "player")}
        # The room you are in is the stage: the rooms around it are drawn darkened.
        rx0, ry0, rx1, ry1 = (room[0], room[1], room[0] + room[2], room[1] + room[3]) if room else (x0, y0, x1, y1)
        blits = []
        for y in range(y0, y1):
            row = s.grid[y].tolist()
            sy = int((y - cy) * ts) + top
            for x in range(x0, x1):
                code = row[x]
                ch = floor_ch if floor_ch is not None and code in hidden else chr(code)
                variants = (bright if rx0 <= x < rx1 and ry0 <= y < ry1 else dim)[ch]
                blits.append((variants[((x * 73856093) ^ (y * 19349663)) % len(variants)], (int((x - cx) * ts), sy)))
        screen.blits(blits, doreturn=False)
        for e in s.enemies:
            outside = room is not None and not (rx0 <= e.x < rx1 and ry0 <= e.y < ry1)
            screen.blit(art.sprite("slime", ts, dim=outside), (int((e.x - cx) * ts), int((e.y - cy) * ts) + top))
        if not (s.hurt > 0 and int(s.hurt * 10) % 2):
            screen.blit(art.sprite("knight", ts), (int((s.px - cx) * ts), int((s.py - cy) * ts) + top))
        self.draw_hud(screen)

    def draw_hud(self, screen: pygame.Surface) -> None:
        s = self.state
        assert s is not None
        size = hud.font_size(screen)
        bar = pygame.Rect(0, 0, screen.get_width(), size * 2)
        screen.fill((10, 10, 16), bar)
        rooms = f" · {self.rooms_label[:24]} rooms" if self.rooms_label else ""
        hud.text(screen, f"DUNGEON  seed {self.seed}{rooms}", (size // 2, size // 2), size, hud.ACCENT)
        x = screen.get_width() // 2 - size * 8
        art = self.art
        for i in range(HEARTS):
            if art is not None:
                img = art.sprite("heart", size, dim=i >= s.hearts)
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
            *([("model", self.level_model[:28])] if self.level_model else []),
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
