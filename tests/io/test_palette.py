"""One palette: each legend name and entity type has one colour, the same in every export."""

from __future__ import annotations

import numpy as np
import pytest

from procgen.io.palette import PALETTE, entity_color, tile_color
from procgen.io.png import render
from procgen.io.tiled import Tileset
from procgen.level import Entity, Tile
from procgen.levels.cave import LEGEND as CAVE
from procgen.levels.dungeon.tiles import DUNGEON_LEGEND
from procgen.levels.dungeon.tiles import LEGEND as ROOM
from procgen.levels.platformer.tiles import LEGEND as PLATFORMER


def test_no_two_names_share_a_colour():
    """An enemy never reads as a locked door: every palette colour is used by one name."""
    colours = list(PALETTE.values())
    assert len(set(colours)) == len(colours)


@pytest.mark.parametrize("legend", [PLATFORMER, ROOM, DUNGEON_LEGEND, CAVE], ids=["platformer", "room", "dungeon", "cave"])
def test_every_built_in_legend_name_has_its_own_palette_colour(legend):
    names = [t.name for t in legend.values()]
    assert all(n in PALETTE for n in names)
    assert len({tile_color(t) for t in legend.values()}) == len(names)


@pytest.mark.parametrize("name", sorted(PALETTE))
def test_a_name_is_one_colour_as_a_tile_an_entity_a_png_and_a_tiled_tile(name):
    """The flat Tiled tileset, the PNG's tile pixels and its entity marker agree (treasure
    was pink in Tiled and orange in the PNG)."""
    from procgen.level import Level

    legend = {".": Tile("_background", False), "t": Tile(name, False)}
    level = Level.from_rows("dungeon", [".t", ".."], legend)
    level.entities = [Entity(name, 0, 1)]
    img = render(level, scale=8)
    tiled = Tileset.flat(legend, 8)
    want = np.array(PALETTE[name])
    assert (tiled.image[0, 8 + 4] == want).all()  # the flat tileset's tile for the name
    assert (img[4, 8 + 4] == want).all()  # the PNG's tile
    assert (img[8 + 4, 4] == want).all()  # the PNG's entity marker
    assert tile_color(Tile(name, False)) == entity_color(name) == PALETTE[name]
