"""The classic platformer generator: design patterns laid left to right, then verified.

A level is a walk along the ground from the left edge: each step picks a *style* from the
style mix (overground, underground, sky, pipes, fortress) and then one of that style's design
patterns — ground runs with question blocks and coins, gaps, stairs, height steps, pipes,
platforms over wide pits, cannons, floating sky platforms. Then walkers are set down in groups
on the floors laid (ground, platforms, one-tile ledges alike) at the style's density. Each
style is a :class:`Style` preset (plain data) whose figures follow the published Super Mario
Bros. ones for that kind of stage (see the README); ``difficulty`` (0..1) raises the walker
density, widens gaps (1 to 4 columns, the physics' limit), makes hazards more frequent and
pits wider. Every pattern respects the physics' limits, and the result is checked anyway: the
solver must reach the right edge and the structural checks must pass, else a derived seed is
tried (deterministically), and as a last resort the level is repaired.

>>> lvl = generate(7, width=120, difficulty=0.3)
>>> lvl.width, lvl.height, lvl.stats["playable"], [e.type for e in lvl.entities]
(120, 14, True, ['player', 'goal'])
>>> generate(7, width=120, difficulty=0.3).rows == lvl.rows
True
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from typing import Any

import numpy as np

from procgen.errors import GenerationError, ParamError
from procgen.level import Entity, GeneratorName, Level
from procgen.levels.platformer.repair import defects, repair
from procgen.levels.platformer.solver import Solution, solve
from procgen.levels.platformer.tiles import HEIGHT, LEGEND
from procgen.params import check_int, check_unit
from procgen.rng import check_seed, rng

__all__ = ["DEFAULT_WIDTH", "MAX_WIDTH", "MIN_WIDTH", "STYLES", "Style", "check_params", "finish", "generate", "parse_style"]

DEFAULT_WIDTH, MIN_WIDTH, MAX_WIDTH = 200, 32, 4096
#: Derived seeds tried before falling back to repair.
MAX_ATTEMPTS = 8
#: Ground top row: the highest a ground run may rise to.
HIGHEST_GROUND = HEIGHT - 6
#: No walker in the first columns: the hero gets a moment before the first one.
SAFE_START = 12

_B = {ch: ord(ch) for ch in LEGEND}


@dataclass(frozen=True)
class Style:
    """A style preset: which design patterns, how many walkers, how thick the ground.

    ``patterns``: pattern → weight (hazard patterns are scaled by difficulty at use);
    ``walkers``: walkers per 100 columns at difficulty 0 and at 1 (linear between);
    ``group``: most walkers in one group at difficulty 1 (they walk two tiles apart);
    ``ground_rows``: rows of ground at floor level (1 = a thin floor, as overground stages).
    """

    patterns: dict[str, float]
    walkers: tuple[float, float]
    group: int
    ground_rows: int


#: The style presets (plain data: add or tune one here). Figures at difficulty 0.5, measured
#: over 50 levels of 200 columns, are in the README's style table.
STYLES: dict[str, Style] = {
    "overground": Style(
        {"run": 2.5, "gap": 2.4, "stairs": 0.5, "step": 1.3, "pipe": 2.2, "bridge": 0.7, "enemies": 1, "coins": 0.8},
        walkers=(1.0, 17.0), group=3, ground_rows=1),
    "underground": Style(
        {"run": 3, "gap": 1.5, "step": 1, "bridge": 1, "enemies": 1.2, "columns": 1.2, "coins": 0.6, "pipe": 0.5},
        walkers=(1.0, 16.0), group=3, ground_rows=2),
    "sky": Style({"sky": 4, "gap": 1.5, "run": 1, "coins": 0.5}, walkers=(0.5, 8.0), group=2, ground_rows=1),
    "pipes": Style({"pipe": 4, "run": 1.5, "gap": 1, "enemies": 1, "step": 0.7},
                   walkers=(1.0, 15.0), group=2, ground_rows=1),
    "fortress": Style({"cannon": 3, "run": 1.5, "gap": 1, "enemies": 1, "wall": 1},
                      walkers=(1.0, 10.0), group=2, ground_rows=2),
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

    def __init__(self, width: int, difficulty: float, r: np.random.Generator, floor: int):
        self.grid = np.full((HEIGHT, width), _B["-"], dtype=np.uint8)
        self.w, self.d, self.r = width, difficulty, r
        self.floor = floor  # the lowest ground top row
        self.thin = floor == HEIGHT - 1  # one row of floor: raised ground is thin ledges too
        self.x, self.g = 0, floor
        self.ceiling = np.zeros(width, dtype=bool)

    # -- primitives ---------------------------------------------------------------------------

    def ground(self, n: int, g: int | None = None) -> None:
        g = self.g if g is None else g
        n = max(0, min(n, self.w - self.x))
        cols = slice(self.x, self.x + n)
        if self.thin and g < self.floor - 2:
            # Thin ground: a raised run is a one-tile ledge over the floor, not a solid hill;
            # low steps stay solid (no crawl space a tile or two high under them).
            self.grid[g, cols] = self.grid[self.floor :, cols] = _B["X"]
        else:
            self.grid[g:, cols] = _B["X"]
        self.g, self.x = g, self.x + n

    def max_gap(self) -> int:
        return 1 + round(3 * self.d)

    def clip_ground(self, g: int) -> int:
        return int(np.clip(g, HIGHEST_GROUND, self.floor))

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

    def gap(self) -> None:
        self.ground(2)
        width = int(self.r.integers(1, self.max_gap() + 1))
        self.x += width
        # Landing a little higher or lower is fine for narrow gaps; keep wide ones level.
        dg = int(self.r.integers(-1, 2)) if width <= 2 else 0
        self.ground(int(self.r.integers(3, 6)), self.clip_ground(self.g + dg))

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
        up = self.g > HIGHEST_GROUND and (self.g == self.floor or self.r.random() < 0.5)
        dg = -int(self.r.integers(1, 4)) if up else int(self.r.integers(1, 4))
        self.ground(int(self.r.integers(3, 7)), self.clip_ground(self.g + dg))

    def pipe(self) -> None:
        self.ground(int(self.r.integers(2, 4)))
        h = int(self.r.integers(2, 5))
        x = self.x
        self.ground(2)
        top = self.g - h
        self.grid[top, x], self.grid[top, x + 1] = _B["<"], _B[">"]
        self.grid[top + 1 : self.g, x], self.grid[top + 1 : self.g, x + 1] = _B["["], _B["]"]
        self.ground(int(self.r.integers(2, 5)))

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
        """A flat stretch: room for a group of walkers (set down later, see ``_walkers``)."""
        self.ground(int(self.r.integers(6, 11)))

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
            plat = int(np.clip(y + 1 - rise, HIGHEST_GROUND - 1, self.floor))
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
        self.ground(int(self.r.integers(3, 5)), int(np.clip(y + 1, max(HIGHEST_GROUND, y - 1), self.floor)))

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
    styles = list(mix)
    style_p = np.array([mix[s] for s in styles])
    main = STYLES[max(styles, key=lambda s: mix[s])]
    b = _Builder(width, difficulty, r, HEIGHT - main.ground_rows)
    b.ground(5)
    end_run = 8
    style_at = np.full(width, styles[0], dtype=object)
    while b.x < width - end_run - 14:
        style = styles[int(r.choice(len(styles), p=style_p))]
        patterns = STYLES[style].patterns
        names = list(patterns)
        weights = np.array([patterns[n] * ((0.4 + 1.2 * difficulty) if n in _HAZARDS else 1.0) for n in names])
        name = names[int(r.choice(len(names), p=weights / weights.sum()))]
        x0 = b.x
        getattr(b, name)()
        style_at[x0 : b.x] = style
        if style == "underground":
            b.ceiling[x0 : b.x] = True
    # The finish: flat ground to the right edge.
    b.ground(width - b.x)
    if b.ceiling.any():
        b.grid[0, b.ceiling] = _B["X"]
        b.grid[1, b.ceiling] = np.where(b.grid[1, b.ceiling] == _B["-"], _B["S"], b.grid[1, b.ceiling])
    rate = np.array([np.interp(difficulty, (0.0, 1.0), STYLES[s].walkers) for s in style_at.tolist()])
    groups = max(STYLES[s].group for s in styles)
    _walkers(b.grid, float(rate.mean()) * width / 100, 1 + round((groups - 1) * difficulty), r)
    return b.grid


def _walkers(grid: np.ndarray, count: float, group: int, r: np.random.Generator) -> None:
    """Set down about ``count`` walkers, in groups of up to ``group`` two tiles apart.

    A walker goes on a free tile over a ground, brick or block tile (not on pipes and
    cannons), with open air above it and free floor on both sides — so it is stompable where
    it stands and patrols at least three tiles — never in the first ``SAFE_START`` columns nor
    the last few, and never beside another walker.
    """
    h, w = grid.shape
    free = grid == _B["-"]
    floor = np.isin(grid, np.frombuffer(b"XS?Q", dtype=np.uint8))
    spot = np.zeros((h, w), dtype=bool)
    spot[1:-1, 1:-1] = (
        free[1:-1, 1:-1] & floor[2:, 1:-1] & free[:-2, 1:-1]
        & free[1:-1, :-2] & floor[2:, :-2] & free[1:-1, 2:] & floor[2:, 2:]
    )
    spot[:, :SAFE_START] = spot[:, w - 6 :] = False
    ys, xs = np.nonzero(spot)
    if ys.size == 0:
        return
    # A little variety between levels, but the density stays near the preset's.
    target = round(count * r.uniform(0.85, 1.15))
    placed = 0
    taken = np.zeros((h, w), dtype=bool)
    for i in r.permutation(ys.size).tolist():
        if placed >= target:
            break
        y, x = int(ys[i]), int(xs[i])
        size = int(r.integers(1, group + 1))
        for k in range(size):
            cx = x + 2 * k
            if placed >= target or cx >= w or not spot[y, cx] or taken[y, max(cx - 1, 0) : cx + 2].any():
                break
            grid[y, cx] = _B["E"]
            taken[y, cx] = True
            placed += 1


def check_params(width: int | None, height: int | None, difficulty: float) -> int:
    """The level's width (default 200) after checking the size and difficulty every platformer
    generator accepts (the trained ones too)."""
    width = DEFAULT_WIDTH if width is None else width
    check_int("width", width, MIN_WIDTH, MAX_WIDTH, "columns of a platformer level")
    if height is not None and height != HEIGHT:
        raise ParamError(f"height: platformer levels are {HEIGHT} rows high, got {height}")
    check_unit("difficulty", difficulty)
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
        generator: ``"classic"`` only; the trained ``gan``/``vae`` are
            ``procgen.generate("platformer", seed, generator="gan")``.
        width: length in columns (default 200). height: must be None or 14.
        difficulty: 0 (gentle) .. 1 (gaps of 4, more enemies and cannons).
        style: the style mix, e.g. ``"overground=2,underground=1"`` (classic only).
        model: for the trained generators only (through ``procgen.generate``); an error here.
    """
    seed = check_seed(seed)
    w = check_params(width, height, difficulty)
    if generator in (GeneratorName.GAN, GeneratorName.VAE):
        # The models live above the levels; the registry picks them (procgen.kinds).
        raise ParamError(f"generator: this is the classic platformer generator; for {generator!r} use "
                         f"procgen.generate('platformer', seed, generator={generator!r})")
    if generator != GeneratorName.CLASSIC:
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
