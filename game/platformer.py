"""Platformer mode: run and jump through generated levels with the solver's own physics.

Controls:
    Left / Right, A / D     run
    Space / Up / W / Z      jump (hold for a higher jump)
    N                       next level (new seed, already generated in the background)
    R                       restart the level
    G                       cycle the generator: classic -> GAN -> VAE
    [ / ]                   difficulty down / up
    B                       the bot plays (autoplay) on / off
    L                       latent view (with the inspector): blend two levels with a slider
    Tab                     inspector: seed, generator, solver path, stats

The hero moves with :func:`procgen.levels.platformer.physics.step`, the very function the
solver uses to decide a level is playable, at its fixed 1/60 s step: the level the solver
calls playable is finishable here. Walkers (``E``) patrol and die when stomped, cannons fire
bullets, ``?`` blocks give coins when bumped from below; bricks bump but stay (a small hero,
as the solver assumes). Falling in a pit or touching an enemy from the side costs a life and
respawns you at the start, or at the halfway flag once passed.

The logic (:class:`PlatformerState`) is separate from drawing, so tests and the agreement
benchmark step it without a window, faster than real time.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pygame

from procgen.level import Level
from procgen.levels.platformer import physics as phys
from procgen.levels.platformer import tiles as T

from . import hud
from .assets import art_for
from .camera import Camera
from .mode import Controls, Mode

if TYPE_CHECKING:
    from .app import App
    from .bot import Recording

P = phys.PHYSICS
TS = P.tile_size
#: Walkers patrol at a quarter of the hero's speed (px/frame) and turn at walls and ledges.
WALKER_SPEED = 0.5
BULLET_SPEED = 1.5
#: A cannon fires when the hero is between these distances (tiles), every CANNON_PERIOD frames.
CANNON_RANGE = (3, 14)
CANNON_PERIOD = 150
#: Enemies wake up when the hero comes this close (tiles), as when they scroll into view.
WAKE_DISTANCE = 18
DYING_FRAMES = 50
GENERATORS = ("classic", "gan", "vae")
SCORE_COIN, SCORE_STOMP, SCORE_QUESTION = 100, 100, 200
#: The game's own tile edits: bumped '?' becomes 'Q'; collected coins and woken enemies go empty.
SOLID_TABLE = T.solid_table().astype(bool)
IDLE = phys.Inputs()


@dataclass
class Walker:
    """An enemy that patrols: walks, turns at walls and ledges, falls when it must.

    Position is the top-left of a hitbox the size of the hero's, in pixels.
    """

    x: float
    y: float
    direction: int = -1
    vy: float = 0.0
    on_ground: bool = True
    alive: bool = True
    awake: bool = False
    squashed: int = 0  # frames left of the squash animation

    @classmethod
    def at(cls, column: int, row: int) -> Walker:
        body = phys.spawn_body(column, row)
        return cls(body.x, body.y)

    def walk(self, solid: np.ndarray) -> None:
        """One frame of patrol (cheap: the game moves many walkers, the bot simulates ahead)."""
        h, w = solid.shape
        hw, hh = P.hitbox_w, P.hitbox_h
        if self.on_ground:
            nx = self.x + WALKER_SPEED * self.direction
            front = int((nx + hw - 1e-6) // TS) if self.direction > 0 else int(nx // TS)
            r0, r1 = int(self.y // TS), int((self.y + hh - 1e-6) // TS)
            feet = r1 + 1
            ahead = front if 0 <= front < w else -1
            blocked = ahead < 0 or any(0 <= r < h and solid[r, ahead] for r in range(r0, r1 + 1))
            # Patrol: turn back at a ledge instead of walking off it.
            ledge = not blocked and 0 <= feet < h and not solid[feet, ahead]
            if blocked or ledge:
                self.direction = -self.direction
            else:
                self.x = nx
            # Still standing? (a bumped block or a broken floor can drop it)
            c0, c1 = int(self.x // TS), int((self.x + hw - 1e-6) // TS)
            if not (0 <= feet < h and any(0 <= c < w and solid[feet, c] for c in (c0, c1))):
                self.on_ground = False
            return
        self.vy = min(self.vy + P.gravity, P.max_fall_speed)
        self.y += self.vy
        row = int((self.y + hh - 1e-6) // TS)
        c0, c1 = int(self.x // TS), int((self.x + hw - 1e-6) // TS)
        if 0 <= row < h and any(0 <= c < w and solid[row, c] for c in (c0, c1)):
            self.y = row * TS - hh
            self.vy = 0.0
            self.on_ground = True


@dataclass
class Bullet:
    x: float
    y: float
    vx: float
    alive: bool = True


@dataclass
class Particle:
    x: float
    y: float
    vx: float
    vy: float
    life: int
    kind: str


def _overlap(ax: float, ay: float, aw: float, ah: float, bx: float, by: float, bw: float, bh: float) -> bool:
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def find_start(level: Level) -> tuple[int, int]:
    """The start tile (column, row): the level's player entity, else the first standable column."""
    players = level.entities_of("player")
    if players:
        return players[0].x, players[0].y
    solid = SOLID_TABLE[level.grid]
    for x in range(level.width):
        for y in range(1, level.height):
            if solid[y, x] and not solid[y - 1, x]:
                return x, y - 1
    return 0, level.height - 2


def goal_column(level: Level) -> int:
    """The column the hero must reach: the goal entity, else the last column."""
    goals = level.entities_of("goal")
    return goals[0].x if goals else level.width - 1


@dataclass
class PlatformerState:
    """One level being played: tiles (as bumped and collected), hero, enemies, score, clock."""

    level: Level
    grid: np.ndarray = field(init=False)
    solid: np.ndarray = field(init=False)
    body: phys.Body = field(init=False)
    walkers: list[Walker] = field(default_factory=list)
    bullets: list[Bullet] = field(default_factory=list)
    particles: list[Particle] = field(default_factory=list)
    bumps: dict[tuple[int, int], int] = field(default_factory=dict)
    score: int = 0
    coins: int = 0
    deaths: int = 0
    frames: int = 0
    dying: int = 0
    won: bool = False
    facing: int = 1
    checkpoint: tuple[int, int] = (0, 0)
    halfway_reached: bool = False
    _jump_held: bool = False

    def __post_init__(self) -> None:
        self.grid = self.level.grid.copy()
        self.start = find_start(self.level)
        self.goal_x = goal_column(self.level)
        self.checkpoint = self.start
        self.halfway = self._halfway_column()
        # Enemies are tiles in the VGLC text; in the game they become walkers on empty tiles.
        ys, xs = np.nonzero(self.grid == ord(T.ENEMY))
        self.grid[ys, xs] = ord(T.EMPTY)
        for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
            self.walkers.append(Walker.at(x, y))
        tiles = set(zip(xs.tolist(), ys.tolist(), strict=True))
        for e in self.level.entities_of("enemy"):
            if (e.x, e.y) not in tiles:
                self.walkers.append(Walker.at(e.x, e.y))
        self.solid = SOLID_TABLE[self.grid]
        self.rows = self.level.height
        ys, xs = np.nonzero(self.grid == ord(T.COIN))
        self.coin_tiles = set(zip(xs.tolist(), ys.tolist(), strict=True))
        self.cannons = [(int(x), int(y)) for y, x in zip(*np.nonzero(self.grid == ord(T.CANNON_TOP)), strict=True)]
        self.body = phys.spawn_body(*self.start)

    def _halfway_column(self) -> int:
        # A column near the middle with ground to stand on, for the respawn checkpoint.
        solid = SOLID_TABLE[self.grid]
        mid = self.level.width // 2
        for dx in range(0, self.level.width // 4):
            for x in (mid + dx, mid - dx):
                col = solid[:, x]
                for y in range(self.level.height - 1, 0, -1):
                    if col[y] and not col[y - 1] and (y < 2 or not col[y - 2]):
                        self._halfway_row = y - 1
                        return x
        self._halfway_row = self.start[1]
        return -1

    # -- the frame ----------------------------------------------------------------------------

    def clone(self) -> PlatformerState:
        """A copy to play ahead in (the bot's look-ahead); the level and solid map are shared."""
        c = copy.copy(self)
        c.grid = self.grid.copy()
        c.walkers = [replace(w) for w in self.walkers]
        c.bullets = [replace(b) for b in self.bullets]
        c.particles = []
        c.bumps = dict(self.bumps)
        c.coin_tiles = set(self.coin_tiles)
        return c

    def tick(self, left: bool, right: bool, jump: bool) -> None:
        """Advance one fixed physics frame (1/60 s) with these keys held."""
        pressed = jump and not self._jump_held
        self.tick_inputs(phys.Inputs(left=left, right=right, jump=jump, jump_pressed=pressed))

    def tick_inputs(self, inputs: phys.Inputs) -> None:
        """Advance one frame with the physics' own inputs (the jump press given explicitly)."""
        self.frames += 1
        self._jump_held = inputs.jump
        if self.won:
            return
        if self.dying:
            self.dying -= 1
            self.body = replace(self.body, y=self.body.y + (self.dying - DYING_FRAMES / 2) * 0.25)
            if self.dying == 0:
                self.respawn()
            self._tick_particles()
            return
        if inputs.direction:
            self.facing = inputs.direction
        heads: list[tuple[range, range]] = []

        def probe(axis: str, rows: range, cols: range, vy: float) -> None:
            if axis == "y" and vy < 0:
                heads.append((rows, cols))

        before = self.body
        self.body = phys.step(before, inputs, self.solid, P, probe)
        if heads:
            self._bump(*heads[-1])
        self._collect_coins()
        self._tick_walkers()
        self._tick_cannons()
        self._tick_particles()
        self.bumps = {k: v - 1 for k, v in self.bumps.items() if v > 1}
        b = self.body
        if not self.halfway_reached and self.halfway >= 0 and b.x >= self.halfway * TS:
            self.halfway_reached = True
            self.checkpoint = (self.halfway, self._halfway_row)
        if phys.fell_out(b, self.rows, P):
            self.die()
        elif b.x + P.hitbox_w >= self.goal_x * TS:
            self.won = True
            self.score += max(0, 400 - self.frames // 60) * 10

    def _bump(self, rows: range, cols: range) -> None:
        """The hero's head hit the ceiling: bump the solid tile nearest its centre."""
        h, w = self.grid.shape
        hit = [(r, c) for r in rows for c in cols if 0 <= r < h and 0 <= c < w and self.solid[r, c]]
        if not hit:
            return  # the probe saw open air: no ceiling this frame
        row = max(r for r, _ in hit)
        centre = (self.body.x + P.hitbox_w / 2) / TS
        col = min((c for r, c in hit if r == row), key=lambda c: abs(c + 0.5 - centre))
        ch = chr(self.grid[row, col])
        if ch in (T.QUESTION, T.BRICK):
            self.bumps[(col, row)] = 8
        if ch == T.QUESTION:
            self.grid[row, col] = ord(T.QUESTION_USED)  # still solid: the solver's map holds
            self.coins += 1
            self.score += SCORE_QUESTION
            self.particles.append(Particle(col * TS, (row - 1) * TS, 0, -4, 24, "coin"))
        # Anything walking on a bumped block is knocked out.
        for w in self.walkers:
            if w.alive and not w.squashed:
                wx = (w.x + P.hitbox_w / 2) / TS
                if int(wx) == col and abs(w.y + P.hitbox_h - row * TS) < 2:
                    self._kill(w, squash=False)

    def _collect_coins(self) -> None:
        if not self.coin_tiles:
            return
        b = self.body
        # The hitbox touches at most 2x2 tiles: set lookups, not a numpy call per frame.
        for row in {int(b.y // TS), int((b.y + P.hitbox_h - 1) // TS)}:
            for col in {int(b.x // TS), int((b.x + P.hitbox_w - 1) // TS)}:
                if (col, row) in self.coin_tiles:
                    self.coin_tiles.discard((col, row))
                    self.grid[row, col] = ord(T.EMPTY)
                    self.coins += 1
                    self.score += SCORE_COIN
                    self.particles.append(Particle(col * TS, row * TS, 0, -2, 16, "sparkle"))

    def _kill(self, w: Walker, squash: bool = True) -> None:
        w.alive = False
        w.squashed = 30 if squash else 0
        self.score += SCORE_STOMP
        if not squash:
            self.particles.append(Particle(w.x, w.y, 1, -5, 60, "walker"))

    def _tick_walkers(self) -> None:
        bx = self.body.x
        wake = WAKE_DISTANCE * TS
        for w in self.walkers:
            if not w.alive:
                if w.squashed:
                    w.squashed -= 1
                continue
            if abs(w.x - bx) > wake:
                # Off screen: asleep (new) or frozen (left behind), as in the classics.
                continue
            w.awake = True
            w.walk(self.solid)
            if w.y >= self.rows * TS:
                w.alive = False
                continue
            if self._touch(w.x, w.y):
                self._kill(w)

    def _touch(self, x: float, y: float) -> bool:
        """The hero meets an enemy at (x, y): True for a stomp from above (the caller kills
        it, the hero bounces); a touch from anywhere else kills the hero."""
        b = self.body
        hw, hh = P.hitbox_w, P.hitbox_h
        # The enemy's hurtbox is a little smaller than its sprite: grazes do not count.
        if self.dying or not (b.x < x + hw - 1 and x + 1 < b.x + hw and b.y < y + hh and y + 2 < b.y + hh):
            return False
        if b.vy > 0 and b.y + hh - b.vy <= y + 6:
            self.body = replace(b, vy=-P.stomp_bounce, on_ground=False)
            return True
        self.die()
        return False

    def _tick_cannons(self) -> None:
        b = self.body
        if self.frames % CANNON_PERIOD == 0:
            for x, y in self.cannons:
                d = (b.x - x * TS) / TS
                if CANNON_RANGE[0] <= abs(d) <= CANNON_RANGE[1]:
                    vx = BULLET_SPEED if d > 0 else -BULLET_SPEED
                    self.bullets.append(Bullet(x * TS + (TS if vx > 0 else -TS), y * TS + 1, vx))
        for bullet in self.bullets:
            bullet.x += bullet.vx
            col, row = int((bullet.x + TS / 2) // TS), int((bullet.y + 7) // TS)
            if not (0 <= col < self.grid.shape[1]) or (0 <= row < self.grid.shape[0] and self.solid[row, col]):
                bullet.alive = False
                continue
            if abs(bullet.x - b.x) > 40 * TS:
                bullet.alive = False
                continue
            if self._touch(bullet.x, bullet.y):
                self._shoot_down(bullet)
        self.bullets = [bl for bl in self.bullets if bl.alive]

    def _shoot_down(self, bullet: Bullet) -> None:
        bullet.alive = False
        self.score += SCORE_STOMP

    def _tick_particles(self) -> None:
        for p in self.particles:
            p.x += p.vx
            p.y += p.vy
            p.vy += 0.3
            p.life -= 1
        self.particles = [p for p in self.particles if p.life > 0]

    def die(self) -> None:
        if self.dying:
            return
        self.deaths += 1
        self.dying = DYING_FRAMES
        self.body = replace(self.body, vy=0.0)

    def respawn(self) -> None:
        self.body = phys.spawn_body(*self.checkpoint)
        self.bullets.clear()
        self._jump_held = False
        for w in self.walkers:
            # Enemies near the respawn point step back so the hero is not hit on arrival.
            if w.alive and abs(w.x - self.body.x) < 4 * TS:
                w.awake = False

    @property
    def progress(self) -> float:
        """How far along the level the hero is, 0..1."""
        return min(1.0, (self.body.x + P.hitbox_w) / max(1, self.goal_x * TS))


# -- level source -----------------------------------------------------------------------------


@dataclass
class Made:
    """A generated level and the notice to show about how it was made (fallbacks)."""

    level: Level
    notice: str = ""


def make_level(seed: int, generator: str, difficulty: float, width: int | None = None) -> Made:
    """Generate a platformer level; a missing or bad model falls back to classic with a notice."""
    from procgen.errors import ProcgenError
    from procgen.kinds import generate

    params: dict[str, object] = {"difficulty": difficulty}
    if width:
        params["width"] = width
    if generator != "classic":
        try:
            return Made(generate("platformer", seed, generator=generator, **params))
        except (ProcgenError, ImportError, OSError) as e:
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            level = generate("platformer", seed, generator="classic", **params)
            return Made(level, f"{generator.upper()} unavailable ({reason[:90]}): classic level instead")
    return Made(generate("platformer", seed, generator="classic", **params))


def request_level(app: App, seed: int, generator: str, difficulty: float) -> tuple[object, ...]:
    """Ask the worker for a level (once); returns the key to collect it with. The overworld
    calls this when you walk near a level gate, so entering it is instant."""
    key = ("platformer", seed, generator, round(difficulty, 2))
    app.worker.submit(key, lambda: make_level(seed, generator, difficulty))
    return key


class PlatformerMode(Mode):
    """Plays platformer levels; the next seed is generated while you play."""

    name = "platformer"
    keys: ClassVar[list[tuple[str, str]]] = [
        ("Left/Right, A/D", "run"),
        ("Space, Up, W, Z", "jump (hold: higher)"),
        ("N", "next level (new seed)"),
        ("R", "restart level"),
        ("G", "generator: classic / GAN / VAE"),
        ("[  ]", "difficulty down / up"),
        ("B", "bot plays (autoplay) on / off"),
        ("L", "latent view: blend two levels"),
        ("Stomp", "jump on walkers and bullets"),
    ]

    def __init__(
        self,
        app: App,
        seed: int | None = None,
        generator: str | None = None,
        difficulty: float | None = None,
        autoplay: bool | None = None,
        from_overworld: bool = False,
    ) -> None:
        super().__init__(app)
        o = app.options
        self.seed = app.seed if seed is None else seed
        self.generator = str(generator or o.get("generator", "classic"))
        self.difficulty = float(difficulty if difficulty is not None else o.get("difficulty", 0.5))  # type: ignore[arg-type]
        self.autoplay = bool(o.get("autoplay", False) if autoplay is None else autoplay)
        self.from_overworld = from_overworld
        self.camera = Camera(ease=0.25)
        self.acc = 0.0
        self.recording: Recording | None = None
        self._record_key: tuple[object, ...] = ()
        self.solution: object | None = None
        self.latent: object | None = None
        self.wins = 0
        self.pending: tuple[object, ...] | None = None
        self.load()

    # -- levels -------------------------------------------------------------------------------

    def _request(self, seed: int, generator: str | None = None) -> tuple[object, ...]:
        return request_level(self.app, seed, generator or self.generator, self.difficulty)

    def load(self, level: Level | None = None) -> None:
        """Start the current seed's level.

        While a level is on screen, a level still being made (a GAN level takes seconds) is
        waited for in the background: the old level stays playable under a "generating"
        banner and the new one starts when ready. Only the very first level is waited for.
        """
        if level is None:
            key = self._request(self.seed)
            if hasattr(self, "state") and not self.app.sync and not self.app.worker.ready(key):
                self.pending = key
                return
            made: Made = self.app.worker.result(key)
            level = made.level
            if made.notice:
                self.app.notices.say(made.notice, warn=True)
        self.pending = None
        self.state = PlatformerState(level)
        self.retexture(level)
        self.camera_snap = True
        self.solution = None
        self._request_solution()
        self.recording = None
        if self.autoplay:
            self._start_bot()
        self._request(self.seed + 1)  # prefetch: N is instant

    def _request_solution(self) -> None:
        level = self.state.level
        key = ("solve", id(level))
        self._solve_key = key

        def solve() -> object:
            from .bot import solve_level

            return solve_level(level)

        self.app.worker.submit(key, solve)
        self.trace: list[tuple[float, float]] | None = None

    def solution_now(self) -> object | None:
        """The solver's answer for this level once the worker has it (None before)."""
        if self.solution is None and (self.app.sync or self.app.worker.ready(self._solve_key)):
            self.solution = self.app.worker.result(self._solve_key)
        return self.solution

    def trace_now(self) -> list[tuple[float, float]]:
        """The solver's path as the physics plays it (tile coordinates), once computed."""
        sol = self.solution_now()
        if sol is None:
            return []
        key = ("trace", self._solve_key)
        if self.trace is None:
            from .bot import path_trace

            level = self.state.level
            self.app.worker.submit(key, lambda: path_trace(level, sol))
            if self.app.sync or self.app.worker.ready(key):
                self.trace = self.app.worker.result(key)
        return self.trace or []

    def _start_bot(self) -> None:
        """Record the bot's run of this level on the worker; the game replays it (see game.bot)."""
        from .bot import record

        level = self.state.level
        self._record_key = ("record", id(level))
        self.recording = None
        self.app.worker.submit(self._record_key, lambda: record(level))

    def recording_now(self) -> Recording | None:
        """The bot's recorded run once made (None before; waits for it in automated runs)."""
        if self.recording is None and (self.app.sync or self.app.worker.ready(self._record_key)):
            self.recording = self.app.worker.result(self._record_key)
            if self.recording is None:
                self.autoplay = False
                self.app.notices.say("The solver found no path here: the bot cannot play this one", warn=True)
        return self.recording

    def retexture(self, level: Level | None = None) -> None:
        """Art for the level in the app's texture look (T cycles it)."""
        level = level or self.level()
        if level is None:
            return
        self.art, self.look, notice = art_for(level, self.app.texture)
        if notice:
            self.app.notices.say(notice, warn=True)

    def level(self) -> Level | None:
        return self.state.level

    # -- input --------------------------------------------------------------------------------

    def key_down(self, key: int) -> bool:
        if key == pygame.K_n:
            self.seed += 1
            self.load()
            self.app.notices.say(f"Level seed {self.seed} ({self.generator})")
        elif key == pygame.K_r:
            self.load(self.state.level)
        elif key == pygame.K_g:
            self.generator = GENERATORS[(GENERATORS.index(self.generator) + 1) % len(GENERATORS)]
            self.app.notices.say(f"Generator: {self.generator}")
            self.load()
        elif key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            step = 0.1 if key == pygame.K_RIGHTBRACKET else -0.1
            self.difficulty = round(min(1.0, max(0.0, self.difficulty + step)), 2)
            self.app.notices.say(f"Difficulty {self.difficulty:.1f}")
            self.load()
        elif key == pygame.K_b:
            self.autoplay = not self.autoplay
            if self.autoplay:
                self.load(self.state.level)  # the bot's run starts from the level's start
            self.app.notices.say("Bot plays" if self.autoplay else "You play")
        elif key == pygame.K_l:
            from .inspector import LatentView

            self.latent = None if self.latent else LatentView(self.app, self)
            if self.latent:
                self.app.show_inspector = True
        elif key == pygame.K_ESCAPE and self.latent is not None:
            self.latent = None
        elif self.latent is not None and self.latent.key_down(key):  # type: ignore[attr-defined]
            pass
        else:
            return False
        return True

    # -- update -------------------------------------------------------------------------------

    def update(self, dt: float, controls: Controls) -> None:
        if self.pending is not None and self.app.worker.ready(self.pending):
            self.load()
        s = self.state
        self.acc = min(self.acc + dt, 5 * P.dt)
        while self.acc >= P.dt - 1e-9:
            self.acc -= P.dt
            was_won = s.won
            if self.autoplay:
                rec = self.recording_now()
                if rec is None:
                    break  # the bot is still planning: hold the first frame
                s.tick_inputs(rec.inputs[s.frames] if s.frames < len(rec.inputs) else IDLE)
            else:
                s.tick(controls.left, controls.right, controls.jump)
            if s.won and not was_won:
                self.wins += 1
                self.app.notices.say(
                    "Level complete! N: next level" + (", Esc: back to the world" if self.from_overworld else "")
                )
        if self.latent is not None:
            self.latent.update(dt)  # type: ignore[attr-defined]

    # -- drawing ------------------------------------------------------------------------------

    def tile_size(self, screen: pygame.Surface) -> int:
        # The level's 14 rows plus the HUD bar fill the window height.
        return max(8, screen.get_height() // (self.state.level.height + 1))

    def view(self, screen: pygame.Surface) -> tuple[int, float, float, int]:
        """Tile size, camera x/y in tiles, and the screen y of row 0."""
        ts = self.tile_size(screen)
        top = screen.get_height() - self.state.level.height * ts
        return ts, self.camera.x, self.camera.y, top

    def draw(self, screen: pygame.Surface) -> None:
        s, art = self.state, self.art
        lvl = s.level
        ts = self.tile_size(screen)
        vw = screen.get_width() / ts
        b = s.body
        self.camera.follow((b.x + P.hitbox_w / 2) / TS + vw * 0.1, 0, vw, lvl.height, lvl.width, None, 1 / 60, self.camera_snap)
        self.camera.y = 0.0
        self.camera_snap = False
        self._draw_sky(screen, ts)
        top = screen.get_height() - lvl.height * ts
        cx = self.camera.x
        scale = ts / TS
        x0, x1 = max(0, int(cx)), min(lvl.width, int(cx + vw) + 2)
        tiles = art.tiles(ts)
        empty, coin = ord(T.EMPTY), ord(T.COIN)
        blits = []
        sub = s.grid[:, x0:x1]
        ys, xs = np.nonzero(sub != empty)
        for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
            gx = x + x0
            code = int(sub[y, x])
            dy = 0
            if (gx, y) in s.bumps:
                dy = -int(math.sin(s.bumps[(gx, y)] / 8 * math.pi) * ts * 0.3)
            if code == coin:
                dy = int(math.sin(s.frames / 10 + gx) * ts * 0.08)
            variants = tiles[chr(code)]
            surf = variants[((gx * 73856093) ^ (y * 19349663)) % len(variants)]
            blits.append((surf, (int((gx - cx) * ts), top + y * ts + dy)))
        screen.blits(blits, doreturn=False)
        # Grass on ground that sees the sky.
        grass = self._grass_surface(ts)
        gys, gxs = np.nonzero(self.grass_mask[:, x0:x1])
        screen.blits([(grass, (int((x + x0 - cx) * ts), top + y * ts)) for y, x in zip(gys.tolist(), gxs.tolist(), strict=True)], doreturn=False)
        # The goal flag and the halfway flag.
        gx = s.goal_x
        flag = art.sprite("flag", ts * 2)
        gy = self._ground_row(gx)
        screen.blit(flag, (int((gx - cx) * ts), top + (gy - 2) * ts))
        if s.halfway >= 0:
            small = art.sprite("flag", ts)
            img = small if s.halfway_reached else pygame.transform.grayscale(small)
            screen.blit(img, (int((s.halfway - cx) * ts), top + s._halfway_row * ts))
        ox = -cx * ts
        for w in s.walkers:
            if w.alive or w.squashed:
                img = art.sprite("walker", ts, flip=w.direction > 0)
                if w.squashed:
                    img = pygame.transform.scale(img, (ts, ts // 3))
                wx = ox + (w.x - (TS - P.hitbox_w) / 2) * scale
                wy = top + (w.y + P.hitbox_h) * scale - img.get_height()
                screen.blit(img, (int(wx), int(wy)))
        for bl in s.bullets:
            screen.blit(art.sprite("bullet", ts, flip=bl.vx > 0), (int(ox + bl.x * scale), int(top + bl.y * scale)))
        for p in s.particles:
            name = {"coin": "coin", "sparkle": "coin", "walker": "walker"}[p.kind]
            img = art.sprite("walker", ts) if name == "walker" else tiles[T.COIN][0]
            if p.kind == "walker":
                img = pygame.transform.flip(img, False, True)
            screen.blit(img, (int(ox + p.x * scale), int(top + p.y * scale)))
        if not (s.dying and s.dying % 6 < 3):
            hero = art.sprite("hero", ts, flip=s.facing < 0)
            hx = ox + (b.x - (TS - P.hitbox_w) / 2) * scale
            hy = top + (b.y + P.hitbox_h) * scale - ts
            screen.blit(hero, (int(hx), int(hy)))
        self.draw_hud(screen)

    @property
    def grass_mask(self) -> np.ndarray:
        s = self.state
        if getattr(self, "_grass_for", None) is not s:
            ground = s.grid == ord(T.GROUND)
            above = np.zeros_like(ground)
            above[1:] = s.solid[:-1]
            self._grass_for, self._grass = s, ground & ~above
        return self._grass

    def _grass_surface(self, ts: int) -> pygame.Surface:
        if getattr(self, "_grass_ts", None) != ts:
            g = pygame.Surface((16, 16), pygame.SRCALPHA)
            g.fill((70, 170, 60), (0, 0, 16, 4))
            g.fill((110, 210, 80), (0, 0, 16, 1))
            for x in range(0, 16, 3):
                g.fill((70, 170, 60), (x, 4, 1, 1 + (x * 7) % 3))
            self._grass_ts, self._grass_img = ts, pygame.transform.scale(g, (ts, ts))
        return self._grass_img

    def _ground_row(self, col: int) -> int:
        col = min(max(col, 0), self.state.level.width - 1)
        solid = self.state.solid[:, col]
        rows = np.nonzero(solid)[0]
        return int(rows[0]) if rows.size else self.state.level.height - 1

    def _draw_sky(self, screen: pygame.Surface, ts: int) -> None:
        key = (screen.get_size(), ts)
        if getattr(self, "_sky_key", None) != key:
            self._sky_key = key
            self._sky = _sky(screen.get_size())
            self._hills = _hills(screen.get_width(), screen.get_height(), ts)
            self._clouds = _clouds(screen.get_width(), screen.get_height(), ts)
        screen.blit(self._sky, (0, 0))
        coff = int(self.camera.x * ts / 6) % self._clouds.get_width()
        screen.blit(self._clouds, (-coff, 0))
        screen.blit(self._clouds, (self._clouds.get_width() - coff, 0))
        # Parallax: the hills scroll at a third of the level's speed.
        off = int(self.camera.x * ts / 3) % self._hills.get_width()
        screen.blit(self._hills, (-off, screen.get_height() - self._hills.get_height()))
        screen.blit(self._hills, (self._hills.get_width() - off, screen.get_height() - self._hills.get_height()))

    def draw_hud(self, screen: pygame.Surface) -> None:
        s = self.state
        size = hud.font_size(screen)
        w = screen.get_width()
        y = size // 3
        hud.text(screen, f"SCORE {s.score:06d}", (size // 2, y), size)
        hud.text(screen, f"COINS {s.coins:02d}", (size * 9, y), size, hud.ACCENT)
        hud.text(screen, f"TIME {s.frames / 60:5.1f}", (size * 15, y), size)
        hud.text(screen, f"DEATHS {s.deaths}", (size * 21, y), size)
        info = f"seed {self.seed} · {self.generator} · difficulty {self.difficulty:.1f}"
        if self.autoplay:
            info = ("BOT · " if self.recording else "BOT planning… · ") + info
        # On a narrow window the level info goes under the counters instead of over them.
        iy = y if hud.font(size).size(info)[0] < w - size * 28 else y + size
        hud.text(screen, info, (w - size // 2, iy), size, anchor="topright")
        # Progress bar along the top edge.
        pygame.draw.rect(screen, (20, 20, 30), (0, 0, w, 4))
        pygame.draw.rect(screen, hud.ACCENT, (0, 0, int(w * s.progress), 4))
        if self.pending is not None:
            gen = str(self.pending[2]).upper() if self.pending[2] != "classic" else "classic"
            hud.text(screen, f"Generating level {self.seed} ({gen})…", (w // 2, size * 2), int(size * 1.3), hud.ACCENT, "midtop")
        if s.won:
            hud.text(screen, "LEVEL COMPLETE!", (w // 2, screen.get_height() // 3), size * 3, hud.ACCENT, "center")
            hud.text(screen, "N: next level   R: again   H: help", (w // 2, screen.get_height() // 3 + size * 2), size, anchor="center")
        elif s.frames < 150 and not self.app.show_help:
            hud.text(screen, "H: help", (w // 2, size * 2), size, anchor="midtop")

    # -- inspector ----------------------------------------------------------------------------

    def inspector_rows(self) -> list[tuple[str, str]]:
        s = self.state
        lvl = s.level
        gen = lvl.generator or {}
        rows = [
            ("seed", str(self.seed)),
            ("generator", str(gen.get("name", self.generator))),
        ]
        if gen.get("model"):
            rows.append(("model", str(gen["model"])[:28]))
        for k, v in (gen.get("params") or {}).items():
            rows.append((f"  {k}", _short(v)))
        rows += [("size", f"{lvl.width}x{lvl.height}"), ("tiles", self.look)]
        sol = self.solution_now()
        if sol is None:
            rows.append(("solver", "solving..."))
        else:
            path = getattr(sol, "path", None) or []
            rows.append(("solver", f"playable {getattr(sol, 'playable', '?')}, {len(path)} tiles"))
            stats = {**(getattr(sol, "stats", None) or {}), **lvl.stats}
            for k, v in list(stats.items())[:14]:
                rows.append((f"  {k}", _short(v)))
        if self.recording is not None:
            r = self.recording
            rows.append(("bot", f"{'finished' if r.finished else 'failed'}, {r.lookaheads} look-aheads, {r.dodges} dodges"))
        rows.append(("hero", f"x {s.body.x / TS:.1f} y {s.body.y / TS:.1f}"))
        return rows

    def draw_inspector(self, screen: pygame.Surface) -> None:
        """The solver's path over the level (yellow), and the latent view when open."""
        trace = self.trace_now()
        ts, cx, _, top = self.view(screen)
        if len(trace) > 1:
            pts = [(int((x - cx) * ts), int(top + y * ts)) for x, y in trace]
            pygame.draw.lines(screen, (20, 20, 20), False, pts, 5)
            pygame.draw.lines(screen, (255, 230, 60), False, pts, 2)
        sol = self.solution_now()
        for x, y, action in getattr(sol, "path", None) or []:
            if action == "jump":
                # Where each jump lands: the solver's standing tiles.
                pygame.draw.circle(screen, (255, 120, 40), (int((x + 0.5 - cx) * ts), int(top + (y + 0.9) * ts)), max(3, ts // 8))
        if self.latent is not None:
            self.latent.draw(screen)  # type: ignore[attr-defined]


def _short(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3g}"
    text = str(v)
    return text if len(text) <= 28 else text[:27] + "…"


def _sky(size: tuple[int, int]) -> pygame.Surface:
    w, h = size
    t = np.linspace(0.0, 1.0, h)[:, None]
    top, bottom = np.array([70, 110, 230]), np.array([160, 200, 255])
    col = (top * (1 - t) + bottom * t).astype(np.uint8)  # (h, 3)
    img = np.broadcast_to(col[None, :, :], (w, h, 3)).copy()
    return pygame.surfarray.make_surface(img)


def _hills(w: int, h: int, ts: int) -> pygame.Surface:
    hh = ts * 6
    s = pygame.Surface((w + ts * 8, hh), pygame.SRCALPHA)
    for i, x in enumerate(range(0, s.get_width(), ts * 9)):
        r = ts * (3 + (i * 7) % 3)
        pygame.draw.circle(s, (110, 190, 110), (x + ts * 3, hh), r)
        pygame.draw.circle(s, (90, 170, 95), (x + ts * 3, hh), r, max(1, ts // 8))
    return s


def _clouds(w: int, h: int, ts: int) -> pygame.Surface:
    s = pygame.Surface((w + ts * 16, h // 2), pygame.SRCALPHA)
    for i, x in enumerate(range(ts * 2, s.get_width(), ts * 11)):
        y = ts * (1 + (i * 5) % 4) + h // 10
        for dx, dy, r in ((0, 0.2, 0.7), (0.8, -0.2, 0.9), (1.7, 0.15, 0.65)):
            pygame.draw.circle(s, (255, 255, 255), (x + int(dx * ts), y + int(dy * ts)), int(r * ts))
    return s
