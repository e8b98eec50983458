"""The classic platformer generator: design patterns laid left to right, then verified.

A level is a walk along the ground from the left edge: each step picks a *style* from the
style mix (overground, underground, sky, pipes, fortress) and then one of that style's design
patterns — ground runs with question blocks and coins, gaps, stairs, height steps, pipes,
platforms over wide pits, enemy groups, cannons, floating sky platforms. ``difficulty`` (0..1)
widens gaps (1 to 4 columns, the physics' limit), adds enemies and cannons, and makes hazards
more frequent. Every pattern respects the physics' limits, and the result is checked anyway:
the solver must reach the right edge and the structural checks must pass, else a derived seed
is tried (deterministically), and as a last resort the level is repaired.

>>> lvl = generate(7, width=120, difficulty=0.3)
>>> lvl.width, lvl.height, lvl.stats["playable"], [e.type for e in lvl.entities]
(120, 14, True, ['player', 'goal'])
>>> generate(7, width=120, difficulty=0.3).rows == lvl.rows
True
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from typing import Any

import numpy as np

from procgen.errors import GenerationError, ParamError
from procgen.extras import import_optional
from procgen.level import Entity, Level
from procgen.levels.platformer.repair import defects, repair
from procgen.levels.platformer.solver import Solution, solve
from procgen.levels.platformer.tiles import HEIGHT, LEGEND
from procgen.rng import check_seed, rng

__all__ = ["DEFAULT_WIDTH", "MAX_WIDTH", "MIN_WIDTH", "STYLES", "finish", "generate", "parse_style"]

DEFAULT_WIDTH, MIN_WIDTH, MAX_WIDTH = 200, 32, 4096
#: Derived seeds tried before falling back to repair.
MAX_ATTEMPTS = 8
#: Ground top row: lowest (the default floor) and highest a ground run may rise to.
FLOOR_ROW, HIGHEST_GROUND = HEIGHT - 2, HEIGHT - 6

_B = {ch: ord(ch) for ch in LEGEND}

#: style → pattern → weight. Weights of hazard patterns are scaled by difficulty at use.
STYLES: dict[str, dict[str, float]] = {
    "overground": {"run": 3, "gap": 2, "stairs": 1, "step": 1.5, "pipe": 1, "bridge": 0.7, "enemies": 1.2, "coins": 0.8},
    "underground": {"run": 3, "gap": 1.5, "step": 1, "bridge": 1, "enemies": 1.2, "columns": 1.2, "coins": 0.6},
    "sky": {"sky": 4, "gap": 1.5, "run": 1, "coins": 0.5},
    "pipes": {"pipe": 4, "run": 1.5, "gap": 1, "enemies": 1, "step": 0.7},
    "fortress": {"cannon": 3, "run": 1.5, "gap": 1, "enemies": 1, "wall": 1},
}
_HAZARDS = {"gap", "enemies", "cannon", "bridge"}


def parse_style(style: str | dict[str, float] | None) -> dict[str, float]:
    """``"overground"`` or ``"overground=2,underground=1"`` (or a dict) → normalized weights."""
    if style is None:
        return {"overground": 1.0}
    if isinstance(style, str):
        mix: dict[str, float] = {}
        for part in style.split(","):
            name, _, text = part.strip().partition("=")
            try:
                mix[name.strip()] = float(text) if text else 1.0
            except ValueError:
                raise ParamError(f"style: weight of {name!r} must be a number, got {text!r}") from None
    else:
        mix = {str(k): float(v) for k, v in style.items()}
    for name, weight in mix.items():
        if name not in STYLES:
            raise ParamError(f"style: unknown style {name!r}; choose from {', '.join(STYLES)}")
        if not (weight >= 0 and np.isfinite(weight)):
            raise ParamError(f"style: weight of {name!r} must be >= 0, got {weight}")
    total = sum(mix.values())
    if total <= 0:
        raise ParamError("style: at least one style needs a positive weight")
    return {k: v / total for k, v in mix.items()}


class _Builder:
    """Lays patterns into a grid; ``x`` is the next free column, ``g`` the ground top row."""

    def __init__(self, width: int, difficulty: float, r: np.random.Generator):
        self.grid = np.full((HEIGHT, width), _B["-"], dtype=np.uint8)
        self.w, self.d, self.r = width, difficulty, r
        self.x, self.g = 0, FLOOR_ROW
        self.ceiling = np.zeros(width, dtype=bool)

    # -- primitives ---------------------------------------------------------------------------

    def ground(self, n: int, g: int | None = None) -> None:
        g = self.g if g is None else g
        n = max(0, min(n, self.w - self.x))
        self.grid[g:, self.x : self.x + n] = _B["X"]
        self.g, self.x = g, self.x + n

    def max_gap(self) -> int:
        return 1 + round(3 * self.d)

    def enemy_at(self, x: int) -> None:
        if 0 <= x < self.w and self.grid[self.g - 1, x] == _B["-"] and self.grid[self.g, x] == _B["X"]:
            self.grid[self.g - 1, x] = _B["E"]

    # -- patterns -----------------------------------------------------------------------------

    def run(self) -> None:
        n = int(self.r.integers(4, 10))
        x0 = self.x
        self.ground(n)
        if n >= 6 and self.r.random() < 0.5 and self.g - 4 >= 3:
            # A row of bricks and question blocks four tiles up, as the first stages have.
            a = x0 + int(self.r.integers(1, n - 4))
            k = int(self.r.integers(1, min(5, x0 + n - a)))
            row = self.r.choice(np.frombuffer(b"SS?Q", dtype=np.uint8), size=k)
            self.grid[self.g - 4, a : a + k] = row
        if self.r.random() < 0.15 + 0.35 * self.d:
            self.enemy_at(x0 + int(self.r.integers(2, n)))

    def gap(self) -> None:
        self.ground(2)
        width = int(self.r.integers(1, self.max_gap() + 1))
        self.x += width
        # Landing a little higher or lower is fine for narrow gaps; keep wide ones level.
        dg = int(self.r.integers(-1, 2)) if width <= 2 else 0
        self.ground(int(self.r.integers(3, 6)), int(np.clip(self.g + dg, HIGHEST_GROUND, FLOOR_ROW)))

    def stairs(self) -> None:
        h = int(self.r.integers(2, 5))
        h = min(h, self.g - 4)
        self.ground(2)
        for i in range(h):
            self.grid[self.g - 1 - i : self.g, self.x] = _B["X"]
            self.ground(1)
        if self.r.random() < 0.4 * self.d + 0.2:
            self.x += min(int(self.r.integers(1, 3)), self.max_gap())
            self.grid[self.g - h : self.g, self.x : self.x + 1] = _B["X"]
            self.ground(1)
        for i in range(h - 1, 0, -1):
            self.grid[self.g - i : self.g, self.x] = _B["X"]
            self.ground(1)
        self.ground(2)

    def step(self) -> None:
        up = self.g > HIGHEST_GROUND and (self.g == FLOOR_ROW or self.r.random() < 0.5)
        dg = -int(self.r.integers(1, 4)) if up else int(self.r.integers(1, 4))
        self.ground(int(self.r.integers(3, 7)), int(np.clip(self.g + dg, HIGHEST_GROUND, FLOOR_ROW)))

    def pipe(self) -> None:
        self.ground(int(self.r.integers(2, 4)))
        h = int(self.r.integers(2, 5))
        x = self.x
        self.ground(2)
        top = self.g - h
        self.grid[top, x], self.grid[top, x + 1] = _B["<"], _B[">"]
        self.grid[top + 1 : self.g, x], self.grid[top + 1 : self.g, x + 1] = _B["["], _B["]"]
        n = int(self.r.integers(2, 5))
        self.ground(n)
        if n >= 3 and self.r.random() < 0.2 + 0.4 * self.d:
            self.enemy_at(self.x - 2)

    def bridge(self) -> None:
        """A pit wider than a jump with a brick platform three tiles up to hop across."""
        self.ground(2)
        span = int(self.r.integers(5, 8))
        plat_row = self.g - 3
        a = self.x + 2
        self.grid[plat_row, a : a + span - 4] = _B["S"]
        if self.r.random() < 0.5:
            self.grid[plat_row - 3, a : a + span - 4] = _B["o"]
        self.x += span
        self.ground(int(self.r.integers(3, 5)))

    def enemies(self) -> None:
        n = int(self.r.integers(5, 10))
        x0 = self.x
        self.ground(n)
        count = 1 + int(self.r.integers(0, 1 + round(2 * self.d)))
        for i in range(count):
            self.enemy_at(x0 + 2 + 2 * i)

    def coins(self) -> None:
        n = int(self.r.integers(6, 10))
        x0 = self.x
        self.ground(n)
        arc = np.array([3, 4, 4, 4, 3])
        for i, h in enumerate(arc[: n - 2]):
            self.grid[self.g - h, x0 + 1 + i] = _B["o"]

    def columns(self) -> None:
        """Brick pillars to hop over (underground)."""
        x0 = self.x
        self.ground(int(self.r.integers(8, 12)))
        for dx in (2, 6):
            h = int(self.r.integers(2, 4))
            self.grid[self.g - h : self.g, x0 + dx] = _B["S"]

    def sky(self) -> None:
        """Floating platforms over the void, climbing and falling, each hop within reach."""
        self.ground(2)
        y = self.g - 1  # row above the platform the player stands on
        for _ in range(int(self.r.integers(2, 5))):
            rise = int(self.r.integers(-2, 3))
            plat = int(np.clip(y + 1 - rise, HIGHEST_GROUND - 1, FLOOR_ROW))
            gap = int(self.r.integers(1, min(self.max_gap(), 3 if rise > 0 else 4) + 1))
            n = int(self.r.integers(3, 6))
            if self.x + gap + n >= self.w:
                break
            self.x += gap
            self.grid[plat, self.x : self.x + n] = _B["S" if self.r.random() < 0.7 else "X"]
            if self.r.random() < 0.3:
                self.grid[max(plat - 3, 2), self.x : self.x + n] = _B["o"]
            y = plat - 1
            self.x += n
        self.x += int(self.r.integers(1, 3))
        # Back to the ground, no higher than two rows above the last platform.
        self.ground(int(self.r.integers(3, 5)), int(np.clip(y + 1, max(HIGHEST_GROUND, y - 1), FLOOR_ROW)))

    def cannon(self) -> None:
        self.ground(int(self.r.integers(2, 4)))
        h = int(self.r.integers(1, 4))
        x = self.x
        self.ground(1)
        self.grid[self.g - h, x] = _B["B"]
        self.grid[self.g - h + 1 : self.g, x] = _B["b"]
        self.ground(int(self.r.integers(2, 5)))

    def wall(self) -> None:
        """A brick wall of 2-3 tiles with a cannon on top (fortress)."""
        self.ground(2)
        h = int(self.r.integers(2, 4))
        x = self.x
        self.ground(3)
        self.grid[self.g - h : self.g, x : x + 3] = _B["S"]
        if self.r.random() < 0.5 and self.g - h - 1 >= 3:
            self.grid[self.g - h - 1, x + 1] = _B["B"]
        self.ground(2)


def _build(seed: int, attempt: int, width: int, difficulty: float, mix: dict[str, float]) -> np.ndarray:
    r = rng(seed, "platformer", "classic", attempt)
    b = _Builder(width, difficulty, r)
    styles = list(mix)
    style_p = np.array([mix[s] for s in styles])
    b.ground(5)
    end_run = 8
    while b.x < width - end_run - 14:
        style = styles[int(r.choice(len(styles), p=style_p))]
        names = list(STYLES[style])
        weights = np.array([STYLES[style][n] * ((0.4 + 1.2 * difficulty) if n in _HAZARDS else 1.0) for n in names])
        name = names[int(r.choice(len(names), p=weights / weights.sum()))]
        x0 = b.x
        getattr(b, name)()
        if style == "underground":
            b.ceiling[x0 : b.x] = True
    # The finish: flat ground to the right edge.
    b.ground(width - b.x)
    if b.ceiling.any():
        b.grid[0, b.ceiling] = _B["X"]
        b.grid[1, b.ceiling] = np.where(b.grid[1, b.ceiling] == _B["-"], _B["S"], b.grid[1, b.ceiling])
    return b.grid


def _check(width: int | None, height: int | None, difficulty: float) -> int:
    width = DEFAULT_WIDTH if width is None else width
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ParamError(f"width: a platformer level is {MIN_WIDTH}..{MAX_WIDTH} columns long, got {width}")
    if height is not None and height != HEIGHT:
        raise ParamError(f"height: platformer levels are {HEIGHT} rows high, got {height}")
    if not isinstance(difficulty, (int, float, np.floating)) or not 0 <= difficulty <= 1:
        raise ParamError(f"difficulty: must be between 0 and 1, got {difficulty!r}")
    return int(width)


def finish(level: Level, sol: Solution | None = None, checked: bool = False) -> Level:
    """Verify any generator's level: repair if it is broken, then set entities and stats.

    Used for the classic generator's output and for GAN/VAE samples alike; ``sol`` is the
    level's solution when the caller already has it, ``checked`` that it also ran
    :func:`defects` and found none.
    """
    from procgen.levels.platformer.metrics import level_metrics

    sol = solve(level) if sol is None else sol
    if not sol.playable or (not checked and defects(level)):
        level = repair(level)
        sol = solve(level)
        if not sol.playable:
            raise GenerationError("platformer: the level could not be repaired into a playable one")
    (sx, sy, _), (gx, gy, _) = sol.path[0], sol.path[-1]
    others = [e for e in level.entities if e.type not in ("player", "goal")]
    level.entities = [Entity("player", sx, sy), Entity("goal", gx, gy), *others]
    level.stats = {**level.stats, "playable": True, **sol.stats, **level_metrics(level, sol)}
    return level


def generate(
    seed: int,
    *,
    generator: str = "classic",
    width: int | None = None,
    height: int | None = None,
    difficulty: float = 0.5,
    style: str | dict[str, float] | None = None,
    model: str | PathLike[str] | None = None,
    **kw: Any,
) -> Level:
    """A verified-playable, well-formed platformer level (see the module docstring).

    Args:
        seed: the level's seed; same seed and parameters give the same level.
        generator: ``"classic"``, or ``"gan"``/``"vae"`` (trained models, imported lazily).
        width: length in columns (default 200). height: must be None or 14.
        difficulty: 0 (gentle) .. 1 (gaps of 4, more enemies and cannons).
        style: the style mix, e.g. ``"overground=2,underground=1"`` (classic only).
        model: for ``gan``/``vae``: a checkpoint config, or a folder holding
            ``platformer-gan.json`` / ``platformer-vae.json`` (default: the shipped models).
    """
    seed = check_seed(seed)
    w = _check(width, height, difficulty)
    if generator in ("gan", "vae"):
        if style is not None:
            # The models learned one mixed style; silently ignoring a style would mislead.
            raise ParamError(f"style: applies to the classic generator only, not {generator}; "
                             "blend model styles with procgen.models.blend.blend_styles")
        models = import_optional("procgen.models.platformer", f"generator: {generator}")
        fn: Callable[..., Level] = models.generate_level
        return fn(seed, generator=generator, width=w, difficulty=difficulty, model=model, **kw)
    if generator != "classic":
        raise ParamError(f"generator: platformer has generators classic, gan and vae, not {generator!r}")
    if model is not None:
        raise ParamError("model: a checkpoint is for the gan and vae generators; "
                         "choose one with generator='gan' or 'vae' (--generator)")
    if kw:
        raise ParamError(f"{next(iter(kw))}: not an option of the classic platformer generator")
    mix = parse_style(style)
    meta = {
        "seed": seed,
        "generator": {
            "name": "classic", "model": None,
            "params": {"width": w, "difficulty": float(difficulty), "style": mix},
        },
    }
    for attempt in range(MAX_ATTEMPTS):
        level = Level("platformer", _build(seed, attempt, w, float(difficulty), mix), dict(LEGEND), **meta)  # type: ignore[arg-type]
        sol = solve(level)
        if sol.playable and not defects(level):
            level.stats = {"attempts": attempt + 1}
            return finish(level, sol, checked=True)
    # Every attempt failed the checks (rare): repair the first one with few edits.
    level = Level("platformer", _build(seed, 0, w, float(difficulty), mix), dict(LEGEND), **meta)  # type: ignore[arg-type]
    level.stats = {"attempts": MAX_ATTEMPTS, "repaired": True}
    return finish(level)
