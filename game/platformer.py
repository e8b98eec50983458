"""Platformer mode: run and jump through generated levels with the solver's own physics.

Controls:
    Left / Right, A / D     run
    Space / Up / W / Z      jump (hold for a higher jump)
    N                       next level (new seed, already generated in the background)
    R                       restart the level
    G                       cycle the generator: classic -> GAN -> VAE -> your models
                            (``procgen play --models DIR``: each trained checkpoint in DIR)
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

The rules live in :mod:`.platformer_state` (:class:`PlatformerState`, no pygame); this module
is the view and the mode: drawing, the HUD, input, and the levels made in the background.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pygame

from procgen.level import GeneratorName, Level
from procgen.levels.platformer import tiles as T

from . import hud
from .assets import art_for
from .camera import Camera
from .mode import Controls, Host, Mode, Summary
from .platformer_state import GENERATORS, IDLE, TS, Made, P, PlatformerState, make_level
from .user_models import Choice, ModelCycle, find_models

if TYPE_CHECKING:
    from .bot import Recording


def request_level(app: Host, seed: int, generator: str, difficulty: float,
                  model: str | None = None) -> tuple[object, ...]:
    """Ask the worker for a level (once); returns the key to collect it with. The overworld
    calls this when you walk near a level gate, so entering it is instant. ``model`` is one
    of the player's checkpoints (see :mod:`.user_models`), None the built-in generator."""
    g = GeneratorName(generator)
    key = ("platformer", seed, g, round(difficulty, 2), model)
    if model is None:
        app.worker.submit(key, lambda: make_level(seed, g, difficulty))
    else:
        app.worker.submit(key, lambda: make_level(seed, g, difficulty, model=model))
    return key


def settings(app: Host, generator: str | None, difficulty: float | None) -> tuple[GeneratorName, float]:
    """The generator and difficulty a level is made with: as given, else the command line's."""
    g = GeneratorName(generator or app.options.get("generator", GeneratorName.CLASSIC))
    d = difficulty if difficulty is not None else app.options.get("difficulty", 0.5)
    return g, float(d)  # type: ignore[arg-type]


def model_cycle(app: Host) -> ModelCycle:
    """What G cycles through: the built-in generators, then the checkpoints in the folder of
    ``--models`` (checked to exist by the command line). Configs that cannot be used are
    named in notices."""
    folder = app.options.get("models")
    if folder is None:
        return ModelCycle(GENERATORS)
    found = find_models(Path(str(folder)), "platformer")
    for line in found.skipped:
        app.notices.say(line, warn=True)
    if not found.models:
        app.notices.say(f"No platformer models in {folder}: G cycles the built-in generators", warn=True)
    return ModelCycle(GENERATORS, found.models)


class PlatformerMode(Mode):
    """Plays platformer levels; the next seed is generated while you play."""

    name = "platformer"
    keys: ClassVar[list[tuple[str, str]]] = [
        ("Left/Right, A/D", "run"),
        ("Space, Up, W, Z", "jump (hold: higher)"),
        ("N", "next level (new seed)"),
        ("R", "restart level"),
        ("G", "generator: classic / GAN / VAE / yours"),
        ("[  ]", "difficulty down / up"),
        ("B", "bot plays (autoplay) on / off"),
        ("L", "latent view: blend two levels"),
        ("Stomp", "jump on walkers and bullets"),
    ]

    def __init__(
        self,
        app: Host,
        seed: int | None = None,
        generator: str | None = None,
        difficulty: float | None = None,
        autoplay: bool | None = None,
        from_overworld: bool = False,
    ) -> None:
        super().__init__(app)
        o = app.options
        self.seed = app.seed if seed is None else seed
        self.generator, self.difficulty = settings(app, generator, difficulty)
        self.cycle = model_cycle(app)
        #: The player's checkpoint levels are made with (None: the built-in generator).
        self.choice = Choice(self.generator)
        #: The player's model that made the level on screen, by name (None: a built-in generator).
        self.level_model: str | None = None
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
        #: Seconds since the mode started (animates the loading screen).
        self.clock = 0.0
        self.load()

    @classmethod
    def prefetch(cls, app: Host, *, seed: int, difficulty: float | None = None,
                 generator: str | None = None, **options: object) -> None:
        """Start making the level ``PlatformerMode(app, seed=..., ...)`` would play."""
        request_level(app, seed, *settings(app, generator, difficulty))

    # -- levels -------------------------------------------------------------------------------

    def _request(self, seed: int) -> tuple[object, ...]:
        return request_level(self.app, seed, self.choice.generator, self.difficulty, self.choice.path)

    def choose(self, choice: Choice) -> None:
        """Make levels with ``choice`` from now on (G; a skipped model's successor)."""
        self.choice = choice
        self.generator = choice.generator

    def load(self, level: Level | None = None) -> None:
        """Start the current seed's level.

        A level still being made (a GAN level takes seconds, the first one longer while the
        model loads) is waited for in the background: the old level stays playable under a
        "generating" banner, or before the first level a loading screen says what is being
        made, and the new one starts when ready. Automated (sync) runs wait for it here.
        """
        if level is not None and level is not self.level():
            self.level_model = None  # a level from elsewhere (the latent view's blend)
        if level is None:
            key = self._request(self.seed)
            if not self.app.sync and not self.app.worker.ready(key):
                self.pending = key
                return
            made: Made = self.app.worker.result(key)
            if made.skipped and self.choice.model is not None:
                # A checkpoint of the player's that does not load: out of the cycle, on to the next.
                self.app.notices.say(f"Skipped model {self.choice.model.name}: {made.notice}", warn=True)
                self.choose(self.cycle.drop(self.choice))
                self.load()
                return
            level = made.level
            if made.notice:
                self.app.notices.say(made.notice, warn=True)
            self.level_model = self.choice.model.name if self.choice.model and not made.notice else None
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

    @property
    def ready(self) -> bool:
        """A level is on screen (False only while the very first one is being made)."""
        return hasattr(self, "state")

    def level(self) -> Level | None:
        return self.state.level if self.ready else None

    def shown(self) -> tuple[int, str, float]:
        """Seed, generator and difficulty of the level on screen (the HUD names these, not
        the one being made: after N, G or [ ] the old level plays on until the new one is ready)."""
        lvl = self.state.level
        gen = lvl.generator or {}
        seed = lvl.seed if isinstance(lvl.seed, int) else self.seed
        difficulty = (gen.get("params") or {}).get("difficulty", self.difficulty)
        name = str(gen.get("name", self.generator))
        if self.level_model is not None:
            name = f"{self.level_model} ({name})"  # one of the player's models
        return seed, name, float(difficulty)

    def summary(self) -> Summary | None:
        if not self.ready:
            return None
        s = self.state
        seed, gen, _ = self.shown()
        return Summary(seed, gen, s.deaths, s.won, s.frames / 60)

    # -- input --------------------------------------------------------------------------------

    def key_down(self, key: int) -> bool:
        if not self.ready:
            return False  # the first level is still being made: only the app's keys work
        if key == pygame.K_n:
            self.seed += 1
            self.load()
            self.app.notices.say(f"Level seed {self.seed} ({self.generator})")
        elif key == pygame.K_r:
            self.load(self.state.level)
        elif key == pygame.K_g:
            self.choose(self.cycle.after(self.choice))
            self.app.notices.say(f"Generator: {self.choice.label}"
                                 + (f" (your model, {self.choice.model.path.name})" if self.choice.model else ""))
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
        self.clock += dt
        if self.pending is not None and self.app.worker.ready(self.pending):
            self.load()
        if not self.ready:
            return
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
        # The level's rows (T.HEIGHT before the first one arrives) plus the HUD bar fill the window height.
        rows = self.state.level.height if self.ready else T.HEIGHT
        return max(8, screen.get_height() // (rows + 1))

    def view(self, screen: pygame.Surface) -> tuple[int, float, float, int]:
        """Tile size, camera x/y in tiles, and the screen y of row 0."""
        ts = self.tile_size(screen)
        top = screen.get_height() - self.state.level.height * ts
        return ts, self.camera.x, self.camera.y, top

    def draw_loading(self, screen: pygame.Surface) -> None:
        """Before the first level: the sky and what is being made (a model loads for seconds)."""
        self._draw_sky(screen, self.tile_size(screen))
        size = hud.font_size(screen)
        w, h = screen.get_size()
        what = f"Generating level {self.seed}"
        if self.generator.trained:
            what = f"Loading the {self.choice.label} model and generating level {self.seed}"
        dots = "." * (1 + int(self.clock * 3) % 3)
        hud.text(screen, what + dots, (w // 2, h // 2 - size), int(size * 1.4), hud.ACCENT, "midtop")
        hud.text(screen, f"difficulty {self.difficulty:.1f}  ·  H: help  ·  Esc: quit", (w // 2, h // 2 + size), size, anchor="midtop")

    def draw(self, screen: pygame.Surface) -> None:
        if not self.ready:
            self.draw_loading(screen)
            return
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
            if s.halfway_reached:
                img = small
            else:
                if getattr(self, "_gray_flag_for", None) is not small:
                    self._gray_flag_for, self._gray_flag = small, pygame.transform.grayscale(small)
                img = self._gray_flag
            screen.blit(img, (int((s.halfway - cx) * ts), top + s._halfway_row * ts))
        ox = -cx * ts
        # Enemies, bullets and flying particles stay inside the level: the HUD bar above row 0
        # is the HUD's (a knocked-out walker used to fly over the score).
        screen.set_clip(pygame.Rect(0, top, screen.get_width(), screen.get_height() - top))
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
        # The hero blinks while dying, and while invulnerable after a respawn.
        if not (s.dying and s.dying % 6 < 3) and not (s.invulnerable and s.frames % 8 < 4):
            hero = art.sprite("hero", ts, flip=s.facing < 0)
            hx = ox + (b.x - (TS - P.hitbox_w) / 2) * scale
            hy = top + (b.y + P.hitbox_h) * scale - ts
            screen.blit(hero, (int(hx), int(hy)))
        screen.set_clip(None)
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
        """The backdrop: sky and clouds (one opaque picture), then hills, in parallax.

        The sky was three quarters of a frame's drawing as five large blits, two of them with
        per-pixel alpha. The gradient and the clouds now are one pre-composited opaque strip
        in the screen's pixel format (two blits cover the screen once), and the hills a
        colour-keyed, run-length-encoded strip: the same picture for a fraction of the cost.
        """
        key = (screen.get_size(), ts)
        if getattr(self, "_sky_key", None) != key:
            self._sky_key = key
            w, h = screen.get_size()
            self._far = _sky_and_clouds(w, h, ts).convert(screen)
            self._hills = _keyed(_hills(w, h, ts), screen)
        far, hills = self._far, self._hills
        # Parallax: clouds scroll at a sixth of the level's speed, the hills at a third.
        coff = int(self.camera.x * ts / 6) % far.get_width()
        screen.blit(far, (-coff, 0))
        if far.get_width() - coff < screen.get_width():
            screen.blit(far, (far.get_width() - coff, 0))
        off = int(self.camera.x * ts / 3) % hills.get_width()
        hy = screen.get_height() - hills.get_height()
        screen.blit(hills, (-off, hy))
        screen.blit(hills, (hills.get_width() - off, hy))

    def draw_hud(self, screen: pygame.Surface) -> None:
        s = self.state
        size = hud.font_size(screen)
        w = screen.get_width()
        y = size // 3
        hud.text(screen, f"SCORE {s.score:06d}", (size // 2, y), size)
        hud.text(screen, f"COINS {s.coins:02d}", (size * 9, y), size, hud.ACCENT)
        hud.text(screen, f"TIME {s.frames / 60:5.1f}", (size * 15, y), size)
        hud.text(screen, f"DEATHS {s.deaths}", (size * 21, y), size)
        seed, gen, difficulty = self.shown()
        info = f"seed {seed} · {gen} · difficulty {difficulty:.1f}"
        if self.autoplay:
            info = ("BOT · " if self.recording else "BOT planning… · ") + info
        # On a narrow window the level info goes under the counters instead of over them.
        iy = y if hud.font(size).size(info)[0] < w - size * 28 else y + size
        hud.text(screen, info, (w - size // 2, iy), size, anchor="topright")
        # Progress bar along the top edge.
        pygame.draw.rect(screen, (20, 20, 30), (0, 0, w, 4))
        pygame.draw.rect(screen, hud.ACCENT, (0, 0, int(w * s.progress), 4))
        if self.pending is not None:
            gen = self.choice.label  # what is pending is always the current choice
            hud.text(screen, f"Generating level {self.seed} ({gen})…", (w // 2, size * 2), int(size * 1.3), hud.ACCENT, "midtop")
        if s.won:
            hud.text(screen, "LEVEL COMPLETE!", (w // 2, screen.get_height() // 3), size * 3, hud.ACCENT, "center")
            hud.text(screen, "N: next level   R: again   H: help", (w // 2, screen.get_height() // 3 + size * 2), size, anchor="center")
        elif s.frames < 150 and not self.app.show_help:
            hud.text(screen, "H: help", (w // 2, size * 2), size, anchor="midtop")

    # -- inspector ----------------------------------------------------------------------------

    def inspector_rows(self) -> list[tuple[str, str]]:
        if not self.ready:
            return [("loading", f"level {self.seed} ({self.generator})")]
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
        if not self.ready:
            return
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


def _sky_and_clouds(w: int, h: int, ts: int) -> pygame.Surface:
    """The sky gradient with the clouds drawn in: one opaque strip as wide as the clouds'."""
    clouds = _clouds(w, h, ts)
    far = _sky((clouds.get_width(), h))
    far.blit(clouds, (0, 0))
    return far


#: A colour no hill uses: the transparent colour of keyed strips.
KEY = (255, 0, 255)


def _keyed(art: pygame.Surface, screen: pygame.Surface) -> pygame.Surface:
    """An all-or-nothing alpha picture as a colour-keyed, RLE surface in the screen's format
    (blits skip the transparent runs instead of blending every pixel)."""
    out = pygame.Surface(art.get_size())
    out.fill(KEY)
    out.blit(art, (0, 0))
    out = out.convert(screen)
    out.set_colorkey(KEY, pygame.RLEACCEL)
    return out


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
