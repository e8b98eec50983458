"""The registry of level kinds: where each generator lives and which options it takes.

The CLI builds ``procgen generate KIND`` and ``procgen batch KIND`` from this table, and
:func:`procgen.generate` dispatches through it. Generators are imported lazily, so
``procgen generate cave`` never imports torch or the terrain engine.

A generator is a pure function ``fn(seed, *, generator="classic", width=None, height=None,
**options) -> Level``; ``width``/``height`` of None mean the kind's default size.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from procgen.errors import ParamError
from procgen.level import Level
from procgen.rng import check_seed

__all__ = ["KIND_SPECS", "KindSpec", "Option", "generate", "generator_function"]


@dataclass(frozen=True)
class Option:
    """A kind-specific option: ``--flag`` on the CLI, ``name`` as a keyword in Python."""

    name: str
    type: Callable[[str], Any]
    help: str
    default: Any = None
    choices: tuple[Any, ...] | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class KindSpec:
    """A level kind: its generator (``"module:function"``), generators it offers, options."""

    name: str
    function: str
    generators: tuple[str, ...] = ("classic",)
    options: tuple[Option, ...] = ()
    evaluate: str | None = None  # "module:function" behind `procgen eval KIND`
    verify: str | None = None  # "module:function" (Level -> dict of checks) behind `procgen info`
    summary: str = ""


def _pair(text: str) -> tuple[int, int]:
    """``"A,B"`` -> (A, B), for options such as ``--path-lengths 12,20``."""
    try:
        a, b = (int(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"expected two integers A,B, got {text!r}") from None
    return a, b


KIND_SPECS: dict[str, KindSpec] = {
    "cave": KindSpec(
        "cave",
        "procgen.levels.cave:generate",
        options=(
            Option("path_length", int, "target walk from player to goal, in steps (±10%%)"),
            Option("fill", float, "initial wall density of the cellular automaton", 0.45),
        ),
        verify="procgen.levels.verify:cave",
        summary="cellular-automaton cave, one connected region, player and goal far apart",
    ),
    "platformer": KindSpec(
        "platformer",
        "procgen.levels.platformer.generate:generate",
        generators=("classic", "gan", "vae"),
        options=(
            Option("difficulty", float, "0 (gentle) .. 1 (hard): gaps, enemies, hazards", 0.5),
            Option("style", str, "style mix, e.g. overground or overground=2,underground=1"),
        ),
        evaluate="procgen.levels.platformer.metrics:evaluate_cli",
        verify="procgen.levels.verify:platformer",
        summary="side-scrolling platformer level (VGLC characters), solver-verified",
    ),
    "dungeon-room": KindSpec(
        "dungeon-room",
        "procgen.levels.dungeon.generate:generate_room",
        generators=("classic", "gan", "vae"),
        options=(
            Option("enemies", int, "exact number of enemies", 3),
            Option("path_lengths", _pair, "exact start->key and key->door walks in steps, A,B"),
        ),
        evaluate="procgen.levels.dungeon.metrics:evaluate_cli",
        verify="procgen.levels.verify:dungeon_room",
        summary="top-down room (--width/--height: interior) with player, key, enemies and an exit door, solver-verified",
    ),
    "dungeon": KindSpec(
        "dungeon",
        "procgen.levels.dungeon.generate:generate_dungeon",
        generators=("classic", "gan", "vae"),
        options=(
            Option("rooms", int, "number of rooms, 1..64", 8),
            Option("enemies", int, "enemies per ordinary room", 2),
            Option("locks", int, "locked doors on the way to the exit (default rooms // 4)"),
        ),
        verify="procgen.levels.verify:dungeon",
        summary="grid of rooms (--width/--height: room interior) joined by doors, with locks and keys, solver-verified",
    ),
    "terrain": KindSpec(
        "terrain",
        "procgen.terrain.world:generate",
        options=(
            Option("shape", str, "continent or island", "continent", ("continent", "island")),
            Option("erosion", int, "erosion iterations (quality/speed knob)"),
            Option("sea_level", float, "sea level as a height quantile, 0..1"),
            Option("terraces", int, "terrace steps cut into the land (0 = none)", 0),
            Option("plateau", float, "land height 0..1 above which ground is capped into mesas"),
        ),
        summary="finite terrain world: heightmap, erosion, rivers, climate, biomes",
    ),
}


def _resolve(spec: str) -> Callable[..., Any]:
    module, func = spec.split(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module), func)
    return fn


def generator_function(kind: str) -> Callable[..., Level]:
    """The generator function for ``kind``; ParamError names the known kinds otherwise."""
    if kind not in KIND_SPECS:
        raise ParamError(f"kind: unknown kind {kind!r}; choose from {', '.join(KIND_SPECS)}")
    return _resolve(KIND_SPECS[kind].function)


def generate(kind: str, seed: int = 0, *, generator: str = "classic", **params: Any) -> Level:
    """Generate a level of ``kind`` from ``seed``: a pure function of ``(seed, params)``.

    >>> lvl = generate("cave", seed=7, width=24, height=16)
    >>> lvl.kind, lvl.width, lvl.height, [e.type for e in lvl.entities]
    ('cave', 24, 16, ['player', 'goal'])
    >>> generate("cave", seed=7, width=24, height=16).rows == lvl.rows
    True
    """
    seed = check_seed(seed)
    fn = generator_function(kind)
    spec = KIND_SPECS[kind]
    if generator not in spec.generators:
        raise ParamError(
            f"generator: {kind} has no generator {generator!r}; choose from {', '.join(spec.generators)}"
        )
    return fn(seed, generator=generator, **params)
