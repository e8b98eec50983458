"""The platformer as a :class:`~procgen.levels.kind.LevelKind`: what every other part of procgen
asks about platformer levels (legend, size, solver, repair, metrics, the models' windows)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from procgen.level import GeneratorName, Kind, Level
from procgen.levels.kind import MODEL_OPTION, TRIES_OPTION, LevelKind, ModelDomain, Option
from procgen.levels.platformer import tiles
from procgen.levels.platformer.generate import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, generate
from procgen.params import check_text, check_unit

__all__ = ["PLATFORMER", "PLATFORMER_WINDOWS"]

#: Model windows: the full level height, and about two screens' width, every 4 columns.
WINDOW_WIDTH, WINDOW_STRIDE = 28, 4
#: The hand-authored corpus is what "style" is measured against, and it is small: its windows
#: are taken every 2 columns (not 4) and repeated 3 times in the training set.
HAND_STRIDE, HAND_REPEAT = 2, 3
#: Classic-generator output added to the hand-authored corpus (seeds 0..N-1), so the models
#: learn its look. Each level has one style (seed ``s`` takes ``GENERATED_STYLES[s % 7]``, at
#: difficulty ``(s // 7 % 5) / 4``), so its windows can be labelled by style for the
#: class-conditional models; overground comes twice, as the corpus has most of it, and the
#: mixed entry is the style mix ``procgen eval platformer`` samples.
GENERATED_LEVELS = 42
GENERATED_STYLE = "overground=3,underground=1,sky=1,pipes=1,fortress=1"
GENERATED_STYLES = ("overground", "overground", "underground", "sky", "pipes", "fortress", GENERATED_STYLE)
#: The corpus's style name for each classic style preset (a mix is "mixed").
CORPUS_STYLE = {"overground": "overground", "underground": "underground", "sky": "sky",
                "pipes": "pipe", "fortress": "cannon"}
#: The models' difficulty scale: a window's hazards (enemies + cannons + pit columns) per
#: column over this rate, at most 1 (``procgen.models.platformer.MAX_HAZARD_RATE``).
HAZARDS_PER_COLUMN_AT_1 = 0.25



def _playable(levels: Sequence[Level]) -> np.ndarray:
    from procgen.levels.platformer.solver import solve

    return np.array([bool(solve(lv).playable) for lv in levels], dtype=bool)


def _style_kl(ids: np.ndarray, reference: np.ndarray) -> float:
    """Training's snapshot selection: the one 2×2 tile-pattern KL (:mod:`procgen.levels.tilestats`)."""
    from procgen.levels.tilestats import pattern_kl

    return pattern_kl(ids, reference, 2)


def _in_style(levels: Sequence[Level]) -> np.ndarray:
    """No departure from the corpus style each window fits best (:mod:`.structure`)."""
    from procgen.levels.platformer.structure import profile_of, style_problems

    keep = []
    for lv in levels:
        p = profile_of(lv)
        keep.append(p is None or not style_problems(lv.grid, p))
    return np.array(keep, dtype=bool)


def _read(path: Path) -> list[Level]:
    from procgen.levels.platformer.corpus import load_levels

    return load_levels(path)


def _corpus() -> list[Level]:
    from procgen.levels.platformer.corpus import corpus_levels

    return corpus_levels()


def _supplement() -> list[tuple[str, Level]]:
    n = len(GENERATED_STYLES)
    return [
        (f"classic[{s}]", generate(s, width=200, difficulty=(s // n % 5) / 4, style=GENERATED_STYLES[s % n]))
        for s in range(GENERATED_LEVELS)
    ]


def _level_style(level: Level) -> str:
    """A corpus level's style: from its file name (``NN-style-name.txt``), or for classic output
    the corpus name of its one style preset ("mixed" for a mix); else "unknown"."""
    from procgen.levels.platformer.structure import style_of

    named = style_of(level)
    if named != "unknown":
        return named
    gen = level.generator or {}
    mix = (gen.get("params") or {}).get("style") if gen.get("name") == GeneratorName.CLASSIC else None
    if isinstance(mix, dict) and mix:
        return CORPUS_STYLE.get(next(iter(mix)), "unknown") if len(mix) == 1 else "mixed"
    return "unknown"


def _window_difficulty(ids: np.ndarray) -> np.ndarray:
    """Per window ``(B, H, W)`` of tile ids: hazards per column on the models' scale, 0..1."""
    vocab = tiles.VOCAB
    solid = np.array([ch in tiles.SOLID for ch in vocab], dtype=bool)
    hazards = ((ids == vocab.index(tiles.ENEMY)).sum((1, 2)) + (ids == vocab.index(tiles.CANNON_TOP)).sum((1, 2))
               + (~solid[ids[:, -1, :]]).sum(1))
    return np.minimum(1.0, hazards / ids.shape[2] / HAZARDS_PER_COLUMN_AT_1)


def _check(level: Level) -> dict[str, Any]:
    from procgen.levels.verify import platformer

    return platformer(level)


def _repair(level: Level) -> Level:
    from procgen.levels.platformer.repair import repair

    return repair(level)


def _finish(level: Level) -> Level:
    from procgen.levels.platformer.generate import finish

    return finish(level)


def _metrics(level: Level) -> dict[str, float]:
    from procgen.levels.platformer.metrics import level_metrics

    return level_metrics(level)


PLATFORMER_WINDOWS = ModelDomain(
    "platformer", Kind.PLATFORMER.value, dict(tiles.LEGEND), int(tiles.HEIGHT), WINDOW_WIDTH,
    ok=_playable, style_kl=_style_kl, stride=WINDOW_STRIDE, hand_stride=HAND_STRIDE, hand_repeat=HAND_REPEAT,
    read=_read, hand=_corpus, hand_source="procgen.levels.platformer.corpus.corpus_levels()",
    supplement=_supplement,
    supplement_how=(
        f"procgen.levels.platformer.generate.generate(seed, generator='classic', width=200, "
        f"difficulty=(seed // 7 % 5) / 4, style={list(GENERATED_STYLES)!r}[seed % 7]) "
        f"for seed in 0..{GENERATED_LEVELS - 1}"
    ),
    ok_how="procgen.levels.platformer.solver.solve(window).playable",
    style_filter=_in_style,
    style_filter_how="procgen.levels.platformer.structure: no style_problems under profile_of(window)",
    level_style=_level_style,
    level_style_how="hand-authored: the file name's style; classic: its style preset's corpus name "
                    f"{CORPUS_STYLE}, a mix is 'mixed'",
    window_difficulty=_window_difficulty,
    window_difficulty_how=f"min(1, (enemies + cannons + pit columns) / 28 / {HAZARDS_PER_COLUMN_AT_1})",
)

PLATFORMER = LevelKind(
    Kind.PLATFORMER,
    "side-scrolling platformer level (VGLC characters), solver-verified",
    classic=generate,
    legend=tiles.LEGEND,
    default_size=(DEFAULT_WIDTH, tiles.HEIGHT),
    defaults=(f"{DEFAULT_WIDTH} columns ({MIN_WIDTH}..{MAX_WIDTH}) x {tiles.HEIGHT} rows; difficulty 0.5; the player "
              "starts at the left on solid ground, the goal is the right edge; playable by the solver"),
    options=(
        Option("difficulty", float, "0 (gentle) .. 1 (hard): gaps, enemies, hazards", 0.5, check=check_unit),
        Option("style", str, "style mix, e.g. overground or overground=2,underground=1 "
               "(gan/vae: one style, told to a conditional model)",
               check=lambda name, v: v if isinstance(v, dict) else check_text(name, v)),
        MODEL_OPTION,
        TRIES_OPTION,
    ),
    model_domain=PLATFORMER_WINDOWS,
    corpus=_corpus,
    checker=_check,
    repair=_repair,
    finish=_finish,
    metrics=_metrics,
)
