"""What a level kind is: one :class:`LevelKind` object carrying everything that differs
between kinds, so the registry, the models, the CLI, ``eval`` and the game ask it instead of
comparing kind names.

Each kind package builds its own object (``procgen.levels.platformer.kind.PLATFORMER``,
``procgen.levels.dungeon.kind.DUNGEON_ROOM`` / ``DUNGEON``, ``procgen.levels.cave.CAVE``,
``procgen.terrain.kind.TERRAIN``); :mod:`procgen.catalog` finds them by name and
:mod:`procgen.kinds` adds the generators (classic, gan, vae) and validates options.

A :class:`ModelDomain` is what one GAN/VAE sample of the kind is (a window of tiles) and where
its training corpus comes from; it is numpy-only, so the kind packages build it without torch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from procgen.level import GeneratorName, Kind, Level, Tile
from procgen.params import check_int

if TYPE_CHECKING:
    from procgen.io.png import Renderer

__all__ = ["MODEL_GENERATORS", "MODEL_OPTION", "TRIES_OPTION", "GeneratorName", "Kind", "LevelKind", "ModelDomain", "Option"]


@dataclass(frozen=True)
class Option:
    """A kind-specific option: ``--flag`` on the CLI, ``name`` as a keyword in Python.

    ``check(name, value)`` raises :class:`~procgen.errors.ParamError` for a bad value (the
    registry calls it for every keyword given, before any generator runs); ``generators``
    limits the option to some generators (None: all); ``cli=False`` keeps a Python-only option
    (a callable, a table) off the command line.
    """


    name: str
    type: Callable[[str], Any]
    help: str
    default: Any = None
    choices: tuple[Any, ...] | None = None
    check: Callable[[str, Any], object] | None = field(default=None, compare=False)
    generators: tuple[GeneratorName, ...] | None = None
    cli: bool = True
    #: The message when the option is given to another generator (``{generator}`` is filled in).
    misplaced: str = ""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def applies_to(self, generator: str) -> bool:
        return self.generators is None or generator in self.generators


#: The generators that sample a trained model.
MODEL_GENERATORS = tuple(g for g in GeneratorName if g.trained)

#: The options every kind with model generators takes: which checkpoint, and how many tries.
MODEL_OPTION = Option(
    "model", str, "a checkpoint config, or a folder holding NAME.json (default: the shipped models)",
    generators=MODEL_GENERATORS, cli=False,
    misplaced="a checkpoint is for the gan and vae generators; choose one with generator='gan' or 'vae' "
              "(--generator)")
TRIES_OPTION = Option("tries", int, "derived-seed tries before a GenerationError", 8,
                      check=lambda name, v: check_int(name, v, 1), generators=MODEL_GENERATORS, cli=False)


@dataclass(frozen=True)
class ModelDomain:
    """What one model sample is: a ``height × width`` window of tiles from ``legend``, and
    where the kind's training windows come from."""

    name: str  # the first half of a model name: "platformer" -> "platformer-gan"
    kind: str  # the Level kind a window becomes
    legend: dict[str, Tile]
    height: int
    width: int
    #: ``ok(levels) -> bool array``: is each raw window playable (None: no solver known).
    ok: Callable[[Sequence[Level]], np.ndarray] | None = field(default=None, compare=False)
    #: Tiles that occur exactly once, ``(channel, "border" | "interior")`` (see models.decode).
    unique: tuple[tuple[int, str], ...] = ()
    #: ``style_kl(ids, reference_ids) -> float``: 2×2 tile-pattern KL (lower = closer).
    style_kl: Callable[[np.ndarray, np.ndarray], float] | None = field(default=None, compare=False)
    #: Windows are cut every ``stride`` columns from longer levels; None: a sample is a whole
    #: level of exactly ``width × height``.
    stride: int | None = None
    #: The hand-authored corpus: its windows' stride and how often they repeat in training.
    hand_stride: int | None = None
    hand_repeat: int = 1
    #: ``read(path) -> levels``: a user's corpus file or folder, read by the kind's loader.
    read: Callable[[Path], list[Level]] | None = field(default=None, compare=False)
    #: The shipped hand-authored levels, and the call that makes them (for provenance).
    hand: Callable[[], list[Level]] | None = field(default=None, compare=False)
    hand_source: str = ""
    #: Classic-generator levels added to the shipped corpus, named, and how they were made.
    supplement: Callable[[], list[tuple[str, Level]]] | None = field(default=None, compare=False)
    supplement_how: str = ""
    #: The solver call behind ``ok``, for provenance.
    ok_how: str = ""
    #: ``style_filter(levels) -> bool array``: generated windows in the corpus's style (None: no
    #: such filter), and what it checks, for provenance.
    style_filter: Callable[[Sequence[Level]], np.ndarray] | None = field(default=None, compare=False)
    style_filter_how: str = ""
    #: Labels for class-conditional models: ``level_style(level) -> str`` names a corpus
    #: level's style ("unknown" when it does not say), ``window_difficulty(ids (B, H, W)) ->
    #: (B,)`` measures each window's difficulty in 0..1; None where the kind has no such
    #: label. The ``_how`` strings go into the checkpoint's provenance.
    level_style: Callable[[Level], str] | None = field(default=None, compare=False)
    level_style_how: str = ""
    window_difficulty: Callable[[np.ndarray], np.ndarray] | None = field(default=None, compare=False)
    window_difficulty_how: str = ""
    #: A sample mirrored left-right or top-bottom is still a valid one (rooms: yes; platformer
    #: windows: no, the hero runs right and pipes have sides): small data is augmented so.
    mirror: bool = False

    @property
    def chars(self) -> str:
        return "".join(self.legend)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.legend.values()]

    @property
    def channels(self) -> int:
        return len(self.legend)

    def ids_of(self, grid: np.ndarray, where: str = "level") -> np.ndarray:
        """ASCII grid ``(H, W)`` -> tile ids (uint8); a character outside the vocabulary is a LevelFormatError."""
        from procgen.levels.tilestats import tile_ids

        return tile_ids(grid, self.chars, where)

    def level_of(self, ids: np.ndarray, **meta: Any) -> Level:
        """Tile ids ``(H, W)`` -> a Level of this domain's kind (no entities, no repair)."""
        chars = np.frombuffer(self.chars.encode("ascii"), dtype=np.uint8)
        return Level(self.kind, chars[np.asarray(ids)], dict(self.legend), **meta)


@dataclass(frozen=True)
class LevelKind:
    """Everything that differs between level kinds, in one object.

    ``classic`` is the kind's own generator ``fn(seed, *, width=None, height=None, **options)``;
    the trained generators live above, in :mod:`procgen.kinds`. The other callables are None
    where a kind has no such thing (terrain has no solver; caves no models).
    """

    name: Kind
    summary: str
    classic: Callable[..., Level] = field(compare=False)
    #: The tiles the classic generator uses (None where a table parameter decides, as terrain's biomes).
    legend: Mapping[str, Tile] | None = None
    #: ``(width, height)`` when neither is given (for rooms and dungeons: a room's interior).
    default_size: tuple[int, int] | None = None
    options: tuple[Option, ...] = ()
    #: What every generator of the kind (classic, gan, vae) gives when no option says
    #: otherwise: the one place these defaults are written down (``help(procgen.generate)``
    #: lists them; ``tests/test_kind_defaults.py`` checks every generator against them).
    defaults: str = ""
    #: What a GAN/VAE sample of this kind is; None: no models for this kind.
    model_domain: ModelDomain | None = None
    #: The shipped hand-authored example levels.
    corpus: Callable[[], list[Level]] | None = field(default=None, compare=False)
    #: ``procgen info``: the kind's promises recomputed, a dict of findings with ``ok``.
    checker: Callable[[Level], dict[str, Any]] | None = field(default=None, compare=False)
    #: Fix a broken level of this kind (a model sample) into a valid one, or raise GenerationError.
    repair: Callable[[Level], Level] | None = field(default=None, compare=False)
    #: Verify any generator's level: repair if needed, then set entities and stats.
    finish: Callable[[Level], Level] | None = field(default=None, compare=False)
    #: Per-level measures (density, linearity, walks, ...).
    metrics: Callable[[Level], dict[str, float]] | None = field(default=None, compare=False)
    #: The kind's picture (one pixel per tile); None: flat colours per legend name.
    renderer: Renderer | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.name.value

    def option(self, name: str) -> Option | None:
        """The option called ``name``, or None."""
        return next((o for o in self.options if o.name == name), None)
