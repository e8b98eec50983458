"""Terrain as a :class:`~procgen.levels.kind.LevelKind`: a finite world from the terrain
pipeline, drawn as shaded relief (the kind's renderer)."""

from __future__ import annotations

import numpy as np

from procgen.level import Kind, Level
from procgen.levels.kind import LevelKind, Option
from procgen.params import check_float, check_int, check_unit
from procgen.terrain.world import DEFAULT_SIZE, generate

__all__ = ["TERRAIN"]


def _render(level: Level) -> np.ndarray:
    from procgen.terrain.render import render_terrain

    return render_terrain(level)


TERRAIN = LevelKind(
    Kind.TERRAIN,
    "finite terrain world: heightmap, erosion, rivers, climate, biomes",
    classic=generate,
    default_size=(DEFAULT_SIZE, DEFAULT_SIZE),
    options=(
        Option("shape", str, "continent or island", "continent", ("continent", "island")),
        Option("erosion", int, "erosion iterations (quality/speed knob)", check=lambda n, v: check_int(n, v, 0)),
        Option("sea_level", float, "sea level as a height quantile, 0..1", check=check_unit),
        Option("terraces", int, "terrace steps cut into the land (0 = none)", 0, check=lambda n, v: check_int(n, v, 0)),
        Option("plateau", float, "land height 0..1 above which ground is capped into mesas",
               check=lambda n, v: check_float(n, v, 0, 1)),
        Option("biomes", str, "the biome table (a sequence of procgen.terrain.Biome)", cli=False),
    ),
    renderer=_render,
)
