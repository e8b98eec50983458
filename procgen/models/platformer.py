"""Platformer levels from the trained GAN/VAE: windows chained with playable seams, steered to
a difficulty by latent search, then repaired and verified by the solver.

A level of width ``W`` is ``ceil(W / 28)`` model windows side by side. Each next window's
latent is chosen by :func:`~procgen.models.search.evolve`: a candidate is good when the level
so far plus the candidate is solver-playable (the seam connects) and the hazard count keeps the
level's running difficulty on target. The finished level goes through the platformer's
:func:`~procgen.levels.platformer.generate.finish` (structural repair if needed, the solver,
entities and stats); a try that cannot be verified, or misses the difficulty by more than
``DIFFICULTY_TOLERANCE``, is followed by another from a derived seed, at most ``MAX_TRIES``.

Style: each level keeps to one corpus style (:mod:`procgen.levels.platformer.structure`),
drawn by the seed in proportion to the corpus's levels of each style (:func:`draw_style`): the
search scores tiles off that style (a brick "ceiling" fragment over an overground level, a
broken underground ceiling, 1-tile holes), and the finished level is repaired against it before
it is verified. Content: the search also keeps enemies and pipes per column near the corpus's
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
from procgen.models.search import evolve
from procgen.models.shipped import LevelModel, load_level_model, model_name
from procgen.params import check_int, check_unit
from procgen.rng import check_seed

if TYPE_CHECKING:
    from procgen.levels.platformer.structure import StyleProfile

__all__ = [
    "DIFFICULTY_TOLERANCE",
    "MAX_HAZARD_RATE",
    "MAX_TRIES",
    "content_targets",
    "corpus_content",
    "difficulty_of",
    "draw_style",
    "generate_level",
    "model_style",
    "sample_windows",
    "window_content",
    "window_hazards",
]

#: Tries (derived seeds) before a GenerationError.
MAX_TRIES = 8
#: Difficulty 1 = this many hazards per column (one every 4 columns).
MAX_HAZARD_RATE = 0.25
#: A finished level whose difficulty is further than this from the request is tried again.
DIFFICULTY_TOLERANCE = 0.1
#: Latent search per window: candidates per generation, generations, step size.
POPULATION, GENERATIONS, SIGMA = 16, 6, 0.5
#: Per-window slack on the running difficulty (the whole level is checked at the end).
WINDOW_SLACK = 0.08
SOLVES_PER_GENERATION = 3
UNPLAYABLE = 10.0
#: Fitness per unit of relative error in enemies and pipes per column (beyond CONTENT_TOLERANCE)
#: against the corpus's rates: the search keeps what the corpus has instead of trading it away.
CONTENT_WEIGHT, CONTENT_TOLERANCE = 0.4, 0.25
#: A window is good enough (the search stops) at this fitness: the difficulty slack plus a
#: content error of 0.25 beyond the tolerance. Content is a preference, not a requirement: asking
#: for it exactly made the search run every generation (5-10x the solver calls per level).
GOOD_ENOUGH = WINDOW_SLACK + CONTENT_WEIGHT * 0.25
#: Fitness per tile off the level's style (a 28-column window with 4 such tiles costs 0.08,
#: the per-window difficulty slack).
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
    n: int, seed: int = 0, *, generator: str = "gan", model: str | PathLike[str] | None = None
) -> np.ndarray:
    """``n`` raw model windows ``(n, 14, 28)`` uint8 tile ids: no repair, no search, batched.

    >>> w = sample_windows(4, seed=1)
    >>> w.shape, bool((w == sample_windows(4, seed=1)).all())
    ((4, 14, 28), True)
    """
    m = _model(generator, model)
    # A conditional model: styles and difficulties as its training windows had them.
    return m.decode(m.prior(n, seed, "windows"), m.sample_conditions(n, seed, "windows"))


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


def draw_style(seed: int, attempt: int = 0) -> StyleProfile:
    """The corpus style a model level of ``seed`` keeps to: drawn in proportion to the example
    levels of each style, so model levels have the corpus's mix (underground included)."""
    from procgen.levels.platformer.structure import corpus_profiles, corpus_style_counts
    from procgen.rng import rng

    profiles = corpus_profiles()
    names = sorted(profiles)
    counts = np.array([corpus_style_counts()[n] for n in names], dtype=float)
    pick = rng(seed, "platformer", "model-style", attempt).choice(len(names), p=counts / counts.sum())
    return profiles[names[int(pick)]]


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


def _build(m: LevelModel, seed: int, attempt: int, width: int, difficulty: float,
           profile: StyleProfile | None = None) -> tuple[np.ndarray, dict[str, Any]]:
    """One try: chain windows left to right, each chosen by latent search."""
    from procgen.levels.platformer.solver import solve
    from procgen.levels.platformer.structure import profile_of

    ww = m.domain.width
    parts: list[np.ndarray] = []
    cols = hazards = evaluations = solves = enemies = pipes = 0
    enemy_target, pipe_target = content_targets(difficulty, None if profile is None else profile.name)
    seams_ok = True
    target = difficulty * MAX_HAZARD_RATE
    for k in range(-(-width // ww)):
        take = min(ww, width - cols)
        # The seam is checked on the previous window + the candidate: the part of the level a
        # new window can break. (The whole level is solved again at the end.)
        prefix = parts[-1] if parts else np.zeros((m.domain.height, 0), dtype=np.uint8)
        decoded: dict[bytes, np.ndarray] = {}

        def fitness(
            z: np.ndarray, prefix: np.ndarray = prefix, take: int = take, hazards: int = hazards, cols: int = cols,
            decoded: dict[bytes, np.ndarray] = decoded, profile: StyleProfile | None = profile,
            enemies: int = enemies, pipes: int = pipes,
        ) -> np.ndarray:
            nonlocal solves
            ids = m.decode(z)[:, :, :take]
            decoded.update((zi.tobytes(), w) for zi, w in zip(z, ids, strict=True))
            rate = (hazards + window_hazards(ids)) / (cols + take)
            e, p = window_content(ids)
            off = (np.abs(rate - target) / MAX_HAZARD_RATE + STYLE_WEIGHT * _style_misfit(ids, profile)
                   + CONTENT_WEIGHT * (_content_error(enemies + e, cols + take, enemy_target)
                                       + _content_error(pipes + p, cols + take, pipe_target)))
            f = off + UNPLAYABLE
            # Solve the few closest to the difficulty, in that order; stop at the first playable
            # one that is close enough (the rest keep the unplayable score). The solver is the
            # cost here, so a generation solves at most SOLVES_PER_GENERATION candidates.
            for i in np.argsort(off, kind="stable")[:SOLVES_PER_GENERATION]:
                solves += 1
                if solve(_level(m, np.concatenate([prefix, ids[i]], axis=1))).playable:
                    f[i] = off[i]
                    if off[i] <= GOOD_ENOUGH:
                        break
            return f

        first = m.prior(POPULATION, seed, "level", attempt, k)
        res = evolve(fitness, m.latent, seed, population=POPULATION, parents=3, sigma=SIGMA,
                     generations=GENERATIONS, good_enough=GOOD_ENOUGH, first=first,
                     path=("platformer", m.name, attempt, k))
        evaluations += res.evaluations
        seams_ok &= res.fitness < UNPLAYABLE
        win = decoded.get(res.z.tobytes())
        if win is None:  # pragma: no cover - the best latent was always scored
            win = m.decode(res.z[None])[0, :, :take]
        parts.append(win)
        if profile is None:
            profile = profile_of(_level(m, win))
        cols += take
        hazards += int(window_hazards(win[None])[0])
        e, p = window_content(win[None])
        enemies, pipes = enemies + int(e[0]), pipes + int(p[0])
    return np.concatenate(parts, axis=1), {"evaluations": evaluations, "solves": solves, "seams_playable": bool(seams_ok),
                                           "style": profile}


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
    windows start near the request and the latent search has less to do.

    Args:
        seed: same seed and parameters give the same level.
        generator: ``"gan"`` or ``"vae"``.
        width: columns: the platformer kind's default (200) and limits (32..4096), as for
            every platformer generator (see :func:`procgen.levels.platformer.generate.generate`).
        difficulty: 0..1 target on the models' scale (see the module docstring).
        model: a checkpoint path instead of the shipped ``trained/platformer-<generator>``.
        tries: derived-seed tries before a GenerationError.
        style: one corpus style for the whole level (see :func:`model_style`); None draws
            one by the seed in the corpus's proportions.

    >>> lv = generate_level(3, width=60)
    >>> lv.width, lv.stats["playable"], [e.type for e in lv.entities][:2]
    (60, True, ['player', 'goal'])
    """
    from procgen.levels.platformer.generate import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, finish
    from procgen.levels.platformer.repair import repair

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
            "params": {"width": int(width), "difficulty": float(difficulty), "sha256": m.doc["sha256"][:16],
                       **({"style": chosen} if chosen is not None else {})},
        },
    }
    best: Level | None = None
    for attempt in range(tries):
        profile = draw_style(seed, attempt) if chosen is None else _profile(chosen)
        told = m.given(style=profile.name if profile.name in m.style_names else None, difficulty=float(difficulty))
        ids, info = _build(told, seed, attempt, int(width), float(difficulty), profile)
        raw = _level(m, ids, **meta)
        kept = info["style"]
        # A level already playable and in style comes back unchanged (no edits).
        level = repair(raw, style=kept)
        try:
            level = finish(level)
        except GenerationError:
            continue
        got = difficulty_of(level)
        level.stats = {
            **level.stats,
            "tries": attempt + 1,
            "raw_seams_playable": info["seams_playable"],
            "repaired_tiles": int((level.grid != raw.grid).sum()),
            "difficulty": round(got, 4),
            "difficulty_target": float(difficulty),
            "style": kept.name if kept is not None else None,
            "latent_evaluations": info["evaluations"],
        }
        if abs(got - difficulty) <= DIFFICULTY_TOLERANCE:
            return level
        if best is None or abs(got - difficulty) < abs(float(best.stats["difficulty"]) - difficulty):
            best = level
    if best is not None:
        # Verified and playable, only off the difficulty target: still a valid level.
        return best
    raise GenerationError(f"platformer: no verified {generator} level for seed {seed} within {tries} tries")
