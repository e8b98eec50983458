"""Platformer levels from the trained GAN/VAE: windows chosen from one decoded pool and chained
left to right, steered to a difficulty, then repaired and verified by the solver.

A level of width ``W`` is ``ceil(W / 28)`` model windows side by side (*slots*). The windows
come from one :class:`WindowPool` per level: prior latents decoded in one batch, their
features (expected hazards, enemies, pipes, tiles off the style) counted once in numpy. Each
slot, left to right, takes the unused window whose score is lowest: how far it puts the
level's running difficulty from the target, plus tiles off the level's style, plus how far
enemies and pipes per column are from the corpus's. While no window scores below
``REFILL_ABOVE``, the pool grows by ``REFILL`` windows decoded around the best few (one step
of a (mu, lambda) evolution strategy), as long as a refill lowers the best score and the try
stays within ``MAX_POOL_PER_WINDOW`` windows per slot. The chained level goes through the
platformer's repair (held to the style; it also bridges where the solver gets stuck) and
:func:`~procgen.levels.platformer.generate.finish` (the solver, entities and stats), or
straight to ``finish`` when it is already well-formed, in style and playable. A try that
cannot be verified, or misses the difficulty by more than ``DIFFICULTY_TOLERANCE``, is
followed by another with the seed's next style, the same pool, and the hazards aimed past
what repair took away last time, at most ``MAX_TRIES``.

This is generator version 2 (``generator["version"]``). Version 1 ran a latent search per
window (16 latents a generation, up to 6 generations, up to 3 seam solves each): about 400
windows decoded and 60 solver calls a level, 20-50x the classic generator's time. Version 2
decodes 20-84 windows a level (36 to 52 typical) and calls the solver only to verify: about 4x.
The same seed gives other bytes than version 1.

Style: each level keeps to one corpus style (:mod:`procgen.levels.platformer.structure`),
drawn by the seed in proportion to the corpus's levels of each style (:func:`draw_style`): the
scores count tiles off that style (a brick "ceiling" fragment over an overground level, a
broken underground ceiling, 1-tile holes), and the finished level is repaired against it before
it is verified. Content: the scores also keep enemies and pipes per column near the corpus's
(enemies scaled by difficulty).
What the user receives is always verified, or a :class:`~procgen.errors.GenerationError`.

Difficulty, on the models' own scale: ``min(1, hazards / width / MAX_HAZARD_RATE)``, with
``hazards`` the metrics' enemies + cannons + pit columns; 1 means a hazard every 4 columns.
"""

from __future__ import annotations

import functools
from os import PathLike
from typing import TYPE_CHECKING, Any

import numpy as np

from procgen.errors import GenerationError, ParamError
from procgen.level import Level
from procgen.models.shipped import LevelModel, load_level_model, model_name
from procgen.params import check_int, check_unit
from procgen.rng import check_seed

if TYPE_CHECKING:
    from procgen.levels.platformer.structure import StyleProfile

__all__ = [
    "DIFFICULTY_TOLERANCE",
    "GENERATOR_VERSION",
    "MAX_HAZARD_RATE",
    "MAX_TRIES",
    "WindowPool",
    "content_targets",
    "corpus_content",
    "difficulty_of",
    "draw_style",
    "expected_hazards",
    "generate_level",
    "model_style",
    "sample_windows",
    "verified",
    "window_content",
    "window_hazards",
]

#: Tries (derived seeds) before a GenerationError.
MAX_TRIES = 8
#: Difficulty 1 = this many hazards per column (one every 4 columns).
MAX_HAZARD_RATE = 0.25
#: A finished level whose difficulty is further than this from the request is tried again.
DIFFICULTY_TOLERANCE = 0.1
#: ``generator["version"]`` of the levels made here (see the module docstring).
GENERATOR_VERSION = 2
#: The pool a level starts with: this many windows per slot, plus a few.
POOL_PER_WINDOW, POOL_EXTRA = 2, 4
#: A conditional model's pool is decoded for difficulties spread over ±this around the request:
#: for one exact difficulty its windows came out alike (diversity 0.118 over 30 levels) and
#: missed hard requests (raw windows undershoot the condition): 0.93 within ±0.1, 1.0 spread.
POOL_DIFFICULTY_SPREAD = 0.5
#: Refills: windows decoded per refill, the best few they are drawn around, and the step size
#: (latents are standard normal a priori).
REFILL, PARENTS, SIGMA = 8, 3, 0.5
#: The most windows per slot a try may grow the pool to, and the least a refill must lower
#: the slot's best score by for the next one to be made.
MAX_POOL_PER_WINDOW, MIN_GAIN = 6, 0.05
#: A slot whose best window scores above this asks for a refill: a hazard count a third of
#: the way off a window's share, or a content error of 0.75 beyond the tolerance.
REFILL_ABOVE = 0.4
#: Fitness per unit of relative error in enemies and pipes per column (beyond CONTENT_TOLERANCE)
#: against the corpus's rates: the search keeps what the corpus has instead of trading it away.
CONTENT_WEIGHT, CONTENT_TOLERANCE = 0.4, 0.25
#: Fitness per tile off the level's style (a 28-column window with 4 such tiles costs 0.08).
STYLE_WEIGHT = 0.02


def window_hazards(ids: np.ndarray) -> np.ndarray:
    """Hazards per window ``(B,)`` for tile ids ``(B, H, W)``: enemies + cannons + pit columns.

    The same count as :func:`procgen.levels.platformer.metrics.hazards`, vectorized over a batch.
    """
    from procgen.levels.platformer.tiles import CANNON_TOP, ENEMY, SOLID, VOCAB

    solid = np.array([ch in SOLID for ch in VOCAB], dtype=bool)
    enemy, cannon = VOCAB.index(ENEMY), VOCAB.index(CANNON_TOP)
    pits = (~solid[ids[:, -1, :]]).sum(1)
    return (ids == enemy).sum((1, 2)) + (ids == cannon).sum((1, 2)) + pits


def difficulty_of(level: Level) -> float:
    """The models' difficulty scale: ``min(1, hazards / width / MAX_HAZARD_RATE)``."""
    from procgen.levels.platformer.metrics import hazards

    return float(min(1.0, hazards(level) / level.width / MAX_HAZARD_RATE))


def _model(generator: str, model: str | PathLike[str] | None) -> LevelModel:
    from procgen.levels.platformer.kind import PLATFORMER_WINDOWS

    return load_level_model(model_name(PLATFORMER_WINDOWS.name, generator), model)


def sample_windows(
    n: int, seed: int = 0, *, generator: str = "gan", model: str | PathLike[str] | None = None, run: int = 1
) -> np.ndarray:
    """``n`` raw model windows ``(n, 14, 28)`` uint8 tile ids: no repair, no search, batched.
    ``run``: a conditional model's windows come in runs of this many of one style (the windows
    of a raw level, which keeps one style).

    >>> w = sample_windows(4, seed=1)
    >>> w.shape, bool((w == sample_windows(4, seed=1)).all())
    ((4, 14, 28), True)
    """
    m = _model(generator, model)
    # A conditional model: styles and difficulties as its training windows had them.
    return m.decode(m.prior(n, seed, "windows"), m.sample_conditions(n, seed, "windows", run=run))


def _level(m: LevelModel, ids: np.ndarray, **meta: Any) -> Level:
    return m.domain.level_of(ids, **meta)


@functools.cache
def corpus_content(style: str | None = None) -> tuple[float, float, float]:
    """Enemies per column, pipes per column and mean difficulty of the example levels (of
    ``style`` only, when given and the corpus has it)."""
    from procgen.levels.platformer.corpus import corpus_levels
    from procgen.levels.platformer.structure import style_of
    from procgen.levels.platformer.tiles import ENEMY, PIPE_TOP_LEFT

    levels = corpus_levels()
    if style is not None and any(style_of(lv) == style for lv in levels):
        levels = [lv for lv in levels if style_of(lv) == style]
    cols = sum(lv.width for lv in levels)
    enemies = sum(int((lv.grid == ord(ENEMY)).sum()) for lv in levels)
    pipes = sum(int((lv.grid == ord(PIPE_TOP_LEFT)).sum()) for lv in levels)
    return enemies / cols, pipes / cols, float(np.mean([difficulty_of(lv) for lv in levels]))


def content_targets(difficulty: float, style: str | None = None) -> tuple[float, float]:
    """Enemies and pipes per column a level of ``difficulty`` (and corpus ``style``) aims at:
    the style's pipe rate, and its enemy rate scaled by ``difficulty`` over the style's own."""
    enemies, pipes, corpus_difficulty = corpus_content(style)
    return enemies * difficulty / max(corpus_difficulty, 1e-6), pipes


def window_content(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Enemies and pipes (pipe tops) per window ``(B,)`` for tile ids ``(B, H, W)``."""
    from procgen.levels.platformer.tiles import ENEMY, PIPE_TOP_LEFT, VOCAB

    return (ids == VOCAB.index(ENEMY)).sum((1, 2)), (ids == VOCAB.index(PIPE_TOP_LEFT)).sum((1, 2))


def _content_error(count: np.ndarray, cols: int, target: float) -> np.ndarray:
    """Relative error of ``count / cols`` against ``target`` per column, beyond the tolerance."""
    if target <= 0:
        return count / max(cols, 1) / (1 / 28)  # none wanted: one per window counts as 1
    return np.maximum(0.0, np.abs(count / cols - target) / target - CONTENT_TOLERANCE)


def _solid_of(ids: np.ndarray) -> np.ndarray:
    from procgen.levels.platformer.tiles import SOLID, VOCAB

    return np.array([ch in SOLID for ch in VOCAB], dtype=bool)[ids]


def _style_misfit(ids: np.ndarray, profile: StyleProfile | None) -> np.ndarray:
    """Tiles off ``profile`` per window ``(B,)``; with no profile yet, off the best-fitting style."""
    from procgen.levels.platformer.structure import batch_misfit, corpus_profiles

    solid = _solid_of(ids)
    if profile is not None:
        return batch_misfit(solid, profile)
    return np.min([batch_misfit(solid, p) for p in corpus_profiles().values()], axis=0)


def _profile(name: str) -> StyleProfile:
    from procgen.levels.platformer.structure import corpus_profiles

    return corpus_profiles()[name]


def draw_style(seed: int, attempt: int = 0, mix: dict[str, int] | None = None) -> StyleProfile:
    """The corpus style a model level of ``seed`` keeps to: drawn in proportion to the example
    levels of each style, so model levels have the corpus's mix (underground included); or in
    proportion to ``mix`` (style name -> weight; see :func:`own_styles`)."""
    from procgen.levels.platformer.structure import corpus_profiles, corpus_style_counts
    from procgen.rng import rng

    profiles = corpus_profiles()
    names = sorted(profiles)
    per_style = corpus_style_counts() if mix is None else mix
    counts = np.array([per_style.get(n, 0) for n in names], dtype=float)
    pick = rng(seed, "platformer", "model-style", attempt).choice(len(names), p=counts / counts.sum())
    return profiles[names[int(pick)]]


#: Raw samples whose best-fitting corpus styles make a player's model's style mix.
OWN_STYLE_SAMPLES = 64


def own_styles(m: LevelModel) -> dict[str, int] | None:
    """The style mix of a model trained on a player's own levels (None for the project's corpus).

    Such a model learned the player's style, not the corpus's mix: its levels keep to the
    corpus styles its own raw samples fit best (:func:`~procgen.levels.platformer.structure.profile_of`),
    in their proportions. Drawing the corpus's mix instead gave a model of one overground level
    underground ceilings (384 tiles repaired in) on most seeds. Deterministic: fixed samples.
    """
    if "user" not in (m.doc.get("data") or {}):
        return None
    key = m.doc["sha256"]
    if key not in _OWN_STYLES:
        from procgen.levels.platformer.structure import profile_of

        ids = m.decode(m.prior(OWN_STYLE_SAMPLES, 0, "own-styles"),
                       m.sample_conditions(OWN_STYLE_SAMPLES, 0, "own-styles"))
        mix: dict[str, int] = {}
        for w in ids:
            p = profile_of(m.domain.level_of(w))
            if p is not None:
                mix[p.name] = mix.get(p.name, 0) + 1
        _OWN_STYLES[key] = mix or None
    return _OWN_STYLES[key]


_OWN_STYLES: dict[str, dict[str, int] | None] = {}


def model_style(style: str | None) -> str | None:
    """A ``style`` option for a model level -> the corpus style it keeps to (None: drawn by seed).

    Corpus style names (``underground``, ``pipe``, ...) and the classic presets' names
    (``pipes``, ``fortress``) are accepted; a mix is not (a model level keeps to one style).
    """
    from procgen.levels.platformer.kind import CORPUS_STYLE
    from procgen.levels.platformer.structure import corpus_profiles

    if style is None:
        return None
    if not isinstance(style, str):
        raise ParamError(f"style: a model level keeps to one style name, got {style!r}")
    name = CORPUS_STYLE.get(style.strip(), style.strip())
    if name not in corpus_profiles():
        raise ParamError(f"style: a model level keeps to one of {', '.join(sorted(corpus_profiles()))} "
                         f"(or pipes, fortress), not {style!r}")
    return name


def expected_hazards(ids: np.ndarray, profile: StyleProfile | None = None) -> np.ndarray:
    """Hazards per window ``(B,)`` that repair is expected to keep, for tile ids ``(B, H, W)``.

    Like :func:`window_hazards`, but a cannon counts only standing on a cannon body or on
    ground (repair removes the others), and with a ``profile`` whose ground gaps are at least
    2 wide a 1-column pit between two solid columns does not count (repair fills it). The
    search aims at these, so a level's difficulty after repair stays near the request.
    """
    from procgen.levels.platformer.tiles import (
        CANNON,
        CANNON_TOP,
        ENEMY,
        PIPE_LEFT,
        PIPE_RIGHT,
        PIPE_TOP_LEFT,
        PIPE_TOP_RIGHT,
        SOLID,
        VOCAB,
    )

    structure = {CANNON, CANNON_TOP, PIPE_LEFT, PIPE_RIGHT, PIPE_TOP_LEFT, PIPE_TOP_RIGHT}
    solid = np.array([ch in SOLID for ch in VOCAB], dtype=bool)
    ground = np.array([ch in SOLID and ch not in structure for ch in VOCAB], dtype=bool)  # what cannons stand on
    below = ids[:, 1:]
    cannons = (ids[:, :-1] == VOCAB.index(CANNON_TOP)) & ((below == VOCAB.index(CANNON)) | ground[below])
    bottom = solid[ids[:, -1]]  # (B, W)
    pit = ~bottom
    if profile is not None and profile.min_gap > 1 and ids.shape[2] >= 3:
        pit[:, 1:-1] &= ~(bottom[:, :-2] & bottom[:, 2:])
    return (ids == VOCAB.index(ENEMY)).sum((1, 2)) + cannons.sum((1, 2)) + pit.sum(1)


class WindowPool:
    """Decoded candidate windows for one level, shared by its slots and its tries.

    ``z`` ``(N, latent)`` and ``ids`` ``(N, H, W)`` grow by :meth:`refill`; the windows'
    features (:data:`FEATURES`) are computed once per column count and style, in numpy over
    the whole pool.
    """

    #: Rows of :meth:`features`.
    FEATURES = ("hazards", "enemies", "pipes", "off_style")

    def __init__(self, m: LevelModel, seed: int, n: int) -> None:
        self.m, self.seed = m, seed
        self.z = m.prior(n, seed, "level-pool")
        self.ids = m.decode(self.z)
        self.refills = 0
        self._features: dict[tuple[int, str | None], np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.z)

    def features(self, take: int, profile: StyleProfile | None) -> np.ndarray:
        """``(4, N)`` (:data:`FEATURES`) of each window's first ``take`` columns: expected
        hazards, enemies, pipes and tiles off ``profile``."""
        key = (take, None if profile is None else profile.name)
        have = self._features.get(key, np.zeros((len(self.FEATURES), 0)))
        if have.shape[1] < len(self):
            new = self.ids[have.shape[1] :, :, :take]
            e, p = window_content(new)
            more = np.stack([expected_hazards(new, profile), e, p, _style_misfit(new, profile)])
            have = np.concatenate([have, more], axis=1)
            self._features[key] = have
        return have

    def refill(self, parents: np.ndarray) -> None:
        """Decode ``REFILL`` more windows around ``parents`` (pool indices, best first): their
        weighted mean (the best counts most) plus ``SIGMA`` times standard normal noise."""
        from procgen.rng import rng

        r = rng(self.seed, "latent-search", "platformer", self.m.name, self.refills)
        self.refills += 1
        w = np.log(len(parents) + 0.5) - np.log(np.arange(1, len(parents) + 1))
        centre = (w / w.sum()) @ self.z[parents].astype(np.float64)
        z = (centre + SIGMA * r.standard_normal((REFILL, self.z.shape[1]))).astype(np.float32)
        self.z = np.concatenate([self.z, z])
        self.ids = np.concatenate([self.ids, self.m.decode(z)])


def _scores(pool: WindowPool, take: int, profile: StyleProfile | None, totals: np.ndarray,
            targets: tuple[float, float, float], used: np.ndarray) -> np.ndarray:
    """Each pool window's score ``(N,)`` as the next ``take`` columns of a level whose running
    ``totals`` are (columns, hazards, enemies, pipes); lower is better, used windows ``inf``."""
    hazard_rate, enemy_rate, pipe_rate = targets
    h, e, p, off_style = pool.features(take, profile)
    cols = totals[0] + take
    off = (np.abs((totals[1] + h) / cols - hazard_rate) / MAX_HAZARD_RATE + STYLE_WEIGHT * off_style
           + CONTENT_WEIGHT * (_content_error(totals[2] + e, cols, enemy_rate)
                               + _content_error(totals[3] + p, cols, pipe_rate)))
    off[used[: len(off)]] = np.inf
    return off


def _build(pool: WindowPool, width: int, aim: float, difficulty: float,
           profile: StyleProfile | None) -> tuple[np.ndarray, dict[str, Any]]:
    """One try: the best-scoring unused window of ``pool`` for each slot, left to right.

    ``aim`` is the difficulty the hazards aim at, ``difficulty`` the request (it scales the
    enemies wanted). Returns the chained tile ids ``(H, width)`` and the try's facts.
    """
    ww = pool.m.domain.width
    takes = [min(ww, width - x) for x in range(0, width, ww)]
    enemy_rate, pipe_rate = content_targets(difficulty, None if profile is None else profile.name)
    targets = (aim * MAX_HAZARD_RATE, enemy_rate, pipe_rate)
    cap = len(pool) + (MAX_POOL_PER_WINDOW - POOL_PER_WINDOW) * len(takes)
    used = np.zeros(cap + REFILL, dtype=bool)
    totals = np.zeros(4)  # columns, hazards, enemies, pipes so far
    parts = []
    for take in takes:
        off = _scores(pool, take, profile, totals, targets, used)
        while off.min() > REFILL_ABOVE and len(pool) + REFILL <= cap:
            before = off.min()
            pool.refill(np.argsort(off, kind="stable")[:PARENTS])
            off = _scores(pool, take, profile, totals, targets, used)
            if off.min() > before - MIN_GAIN:
                break  # no better window near the best ones: take what the pool has
        i = int(np.argmin(off))
        used[i] = True
        totals += (take, *pool.features(take, profile)[:3, i])
        parts.append(pool.ids[i, :, :take])
    return np.concatenate(parts, axis=1), {"evaluations": len(pool)}


def _untouched_by_repair(level: Level, profile: StyleProfile | None) -> bool:
    """Whether :func:`~procgen.levels.platformer.repair.repair` would return ``level`` as it is
    (given it is playable): well-formed, in style, no walker in the start or goal columns."""
    from procgen.levels.platformer.repair import START_COLUMNS, defects
    from procgen.levels.platformer.tiles import ENEMY

    ends = np.r_[level.grid[:, :START_COLUMNS].ravel(), level.grid[:, -1]]
    return not (ends == ord(ENEMY)).any() and not defects(level, style=profile)


def verified(raw: Level, style: StyleProfile | None) -> Level:
    """``finish(repair(raw, style=style))`` (the same bytes), solving each tile layout once:
    finish reuses repair's solution, and a level that is already well-formed, in style and
    playable skips repair. Raises GenerationError when repair cannot make it playable."""
    from procgen.levels.platformer.generate import finish
    from procgen.levels.platformer.repair import repair_solved
    from procgen.levels.platformer.solver import solve

    sol = solve(raw) if _untouched_by_repair(raw, style) else None
    if sol is not None and sol.playable:
        # What repair would hand back: the same tiles, entities from the path, these stats.
        level = raw.copy()
        level.entities = [e for e in level.entities if e.type not in ("player", "goal")]
        level.stats = {**level.stats, "playable": True, "repairs": 0, **sol.stats}
        return finish(level, sol, checked=True)
    fixed, sol = repair_solved(raw, style=style)
    return finish(fixed, sol if sol.playable else None)


def generate_level(
    seed: int,
    *,
    generator: str = "gan",
    width: int | None = None,
    difficulty: float = 0.5,
    model: str | PathLike[str] | None = None,
    tries: int = MAX_TRIES,
    style: str | None = None,
    **kw: Any,
) -> Level:
    """A verified-playable platformer level from the trained ``gan`` or ``vae``.

    A class-conditional model is told the level's style and ``difficulty`` as inputs, so its
    window pool is decoded for the request and fewer windows have to be drawn.

    Args:
        seed: same seed and parameters give the same level.
        generator: ``"gan"`` or ``"vae"``.
        width: columns: the platformer kind's default (200) and limits (32..4096), as for
            every platformer generator (see :func:`procgen.levels.platformer.generate.generate`).
        difficulty: 0..1 target on the models' scale (see the module docstring).
        model: a checkpoint path instead of the shipped ``trained/platformer-<generator>``.
        tries: tries (each with the seed's next style) before a GenerationError.
        style: one corpus style for the whole level (see :func:`model_style`); None draws
            one per try by the seed in the corpus's proportions.

    >>> lv = generate_level(3, width=60)
    >>> lv.width, lv.stats["playable"], [e.type for e in lv.entities][:2]
    (60, True, ['player', 'goal'])
    """
    from procgen.levels.platformer.generate import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH

    seed = check_seed(seed)
    if kw:
        raise ParamError(f"{next(iter(kw))}: not an option of the {generator} platformer generator")
    # The platformer kind's defaults and limits, the same for every generator of the kind.
    width = DEFAULT_WIDTH if width is None else width
    check_int("width", width, MIN_WIDTH, MAX_WIDTH, "columns of a platformer level")
    check_unit("difficulty", difficulty)
    check_int("tries", tries, 1)
    chosen = model_style(style)
    m = _model(generator, model)
    meta = {
        "seed": seed,
        "generator": {
            "name": generator,
            "model": m.name,
            "version": GENERATOR_VERSION,
            "params": {"width": int(width), "difficulty": float(difficulty), "sha256": m.doc["sha256"][:16],
                       **({"style": chosen} if chosen is not None else {})},
        },
    }
    slots = -(-int(width) // m.domain.width)
    # A conditional model decodes its pool for the level's style and difficulty: one pool per
    # style the tries draw (an unconditional model shares one pool across its tries).
    pools: dict[str | None, WindowPool] = {}
    aim = float(difficulty)
    best: Level | None = None
    mix = own_styles(m) if chosen is None else None
    for attempt in range(tries):
        profile = draw_style(seed, attempt, mix) if chosen is None else _profile(chosen)
        told = m.given(style=profile.name if profile.name in m.style_names else None, difficulty=float(difficulty),
                       spread=POOL_DIFFICULTY_SPREAD)
        if told.style not in pools:
            pools[told.style] = WindowPool(told, seed, POOL_PER_WINDOW * slots + POOL_EXTRA)
        ids, info = _build(pools[told.style], int(width), aim, float(difficulty), profile)
        raw = _level(m, ids, **meta)
        try:
            level = verified(raw, profile)
        except GenerationError:
            continue
        got = difficulty_of(level)
        expected = min(1.0, float(expected_hazards(ids[None], profile)[0]) / ids.shape[1] / MAX_HAZARD_RATE)
        level.stats = {
            **level.stats,
            "tries": attempt + 1,
            "repaired_tiles": int((level.grid != raw.grid).sum()),
            "difficulty": round(got, 4),
            "difficulty_target": float(difficulty),
            "style": profile.name,
            "latent_evaluations": info["evaluations"],
        }
        if abs(got - difficulty) <= DIFFICULTY_TOLERANCE:
            return level
        if best is None or abs(got - difficulty) < abs(float(best.stats["difficulty"]) - difficulty):
            best = level
        # Repair can take away hazards the search counted on: the next try aims past that loss.
        aim = float(np.clip(difficulty + expected - got, 0.0, 1.0))
    if best is not None:
        # Verified and playable, only off the difficulty target: still a valid level.
        return best
    raise GenerationError(f"platformer: no verified {generator} level for seed {seed} within {tries} tries")
