"""Platformer rules: one level being played, without pygame.

:class:`PlatformerState` is the whole game of one level: the tiles as bumped and collected, the
hero moved by :func:`procgen.levels.platformer.physics.step` (the very function the solver uses
to decide a level is playable, at its fixed 1/60 s step), walkers that patrol and die when
stomped, cannons that fire bullets, coins, deaths, respawns and the goal. The view
(:mod:`.platformer`) draws it; the bot (:mod:`.bot`) plays copies of it ahead of time; tests
and the agreement benchmark step it without a window, faster than real time.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace

import numpy as np

from procgen.kinds import generate, generators
from procgen.level import GeneratorName, Kind, Level
from procgen.levels.platformer import physics as phys
from procgen.levels.platformer import tiles as T
from procgen.levels.platformer.enemies import (  # the rules the solver and bots share
    WAKE_DISTANCE,
    Bullet,
    Walker,
    cannon_bullets,
    move_bullet,
    touch,
)

P = phys.PHYSICS
TS = P.tile_size
DYING_FRAMES = 50
#: After a respawn the hero is invulnerable (and blinks) for this many frames, counted from
#: the first key pressed: standing still at the respawn point is always safe, and once you
#: move you have two seconds (fifteen tiles at a run) to get clear of what waits there.
SAFE_FRAMES = 120
#: Walkers this close to the respawn point (tiles) hold still until the hero moves.
REST_DISTANCE = 4
#: What G cycles through: the platformer's generators, as the registry lists them (classic first).
GENERATORS = generators(Kind.PLATFORMER)
SCORE_COIN, SCORE_STOMP, SCORE_QUESTION = 100, 100, 200
#: The game's own tile edits: bumped '?' becomes 'Q'; collected coins and woken enemies go empty.
SOLID_TABLE = T.solid_table().astype(bool)
IDLE = phys.Inputs()


@dataclass
class Particle:
    x: float
    y: float
    vx: float
    vy: float
    life: int
    kind: str


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
    #: Frames of invulnerability left after a respawn; they run once ``waiting`` ends.
    safe_frames: int = 0
    #: True from a respawn until the hero's first key press.
    waiting: bool = False
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
        self._jump_held = inputs.jump
        if self.won:
            return  # the level clock stops at the goal
        self.frames += 1
        if self.dying:
            self.dying -= 1
            self.body = replace(self.body, y=self.body.y + (self.dying - DYING_FRAMES / 2) * 0.25)
            if self.dying == 0:
                self.respawn()
            self._tick_particles()
            return
        if inputs.direction:
            self.facing = inputs.direction
        if self.waiting and (inputs.left or inputs.right or inputs.jump):
            self.waiting = False
            for w in self.walkers:
                w.resting = False
        elif self.safe_frames and not self.waiting:
            self.safe_frames -= 1
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
            if w.resting or abs(w.x - bx) > wake:
                # Resting by the respawn point, or off screen: asleep (new) or frozen (left
                # behind), as in the classics.
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
        if self.dying:
            return False
        outcome, self.body = touch(self.body, x, y)
        if outcome == "hurt" and not self.invulnerable:
            self.die()
        return outcome == "stomp"

    @property
    def invulnerable(self) -> bool:
        """Just respawned: enemies pass through the hero (a stomp still counts; pits do not spare)."""
        return self.safe_frames > 0

    def _tick_cannons(self) -> None:
        b = self.body
        self.bullets.extend(cannon_bullets(self.frames, self.cannons, b.x))
        for bullet in self.bullets:
            move_bullet(bullet, self.solid, b.x)
            if bullet.alive and self._touch(bullet.x, bullet.y):
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
        """Back at the checkpoint, invulnerable until a while after the first key press.

        Walkers near the checkpoint rest until then, so whatever killed the hero does not
        stand on the respawn point; without both, a walker patrolling the start killed an
        idle hero about once a second and held a running one there for good.
        """
        self.body = phys.spawn_body(*self.checkpoint)
        self.bullets.clear()
        self._jump_held = False
        self.safe_frames = SAFE_FRAMES
        self.waiting = True
        for w in self.walkers:
            if w.alive and abs(w.x - self.body.x) < REST_DISTANCE * TS:
                w.resting = True

    @property
    def progress(self) -> float:
        """How far along the level the hero is, 0..1."""
        return min(1.0, (self.body.x + P.hitbox_w) / max(1, self.goal_x * TS))


# -- level source -----------------------------------------------------------------------------


@dataclass
class Made:
    """A generated level and the notice to show about how it was made (fallbacks).

    ``skipped`` says the player's checkpoint asked for could not be loaded (corrupt, mismatched,
    not a level model of this kind): ``notice`` is then only the reason, the mode names the model
    and takes it out of the G cycle; ``level`` is the classic level of the seed, as for any
    other fallback.
    """

    level: Level
    notice: str = ""
    skipped: bool = False


def make_level(seed: int, generator: str, difficulty: float, width: int | None = None,
               model: str | None = None) -> Made:
    """Generate a platformer level; a missing or bad model falls back to classic with a notice.

    ``model`` is a checkpoint config of the player's (``procgen play --models DIR``) for the
    ``gan`` or ``vae`` generator; None is the built-in model of that name.
    """
    from procgen.errors import CheckpointError, ProcgenError

    g = GeneratorName(generator)
    params: dict[str, object] = {"difficulty": difficulty}
    if width:
        params["width"] = width
    if model is not None:
        params["model"] = model
    if g.trained:
        try:
            return Made(generate(Kind.PLATFORMER, seed, generator=g, **params))
        except (ProcgenError, ImportError, OSError) as e:
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            params.pop("model", None)
            level = generate(Kind.PLATFORMER, seed, generator=GeneratorName.CLASSIC, **params)
            if model is not None and isinstance(e, CheckpointError):
                return Made(level, reason[:110], skipped=True)  # the mode names the model
            return Made(level, f"{label(g)} unavailable ({reason[:90]}): classic level instead")
    return Made(generate(Kind.PLATFORMER, seed, generator=g, **params))


def label(generator: str) -> str:
    """How the HUD names a generator: a model in capitals (GAN, VAE), else its name."""
    g = GeneratorName(generator)
    return g.value.upper() if g.trained else g.value
