"""The Level data model: rows, ids, masks, validation."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procgen.errors import LevelFormatError
from procgen.level import Entity, Level, Tile

LEGEND = {"#": Tile("wall", True), ".": Tile("floor", False), "~": Tile("water", True, {"liquid": True})}


def small() -> Level:
    return Level.from_rows("cave", ["####", "#.~#", "####"], LEGEND, entities=[Entity("player", 1, 1)])


def test_rows_round_trip_through_the_grid():
    lvl = small()
    assert lvl.rows == ["####", "#.~#", "####"]
    assert (lvl.width, lvl.height) == (4, 3)
    assert str(lvl).splitlines() == lvl.rows


def test_ids_index_the_legend_in_order_and_from_ids_inverts_them():
    lvl = small()
    ids = lvl.ids()
    assert ids[1, 1] == 1 and ids[1, 2] == 2 and ids[0, 0] == 0
    again = Level.from_ids("cave", ids, LEGEND)
    assert again.rows == lvl.rows


@given(st.integers(1, 40), st.integers(1, 40), st.data())
def test_ids_round_trip_for_any_grid(w, h, data):
    ids = np.array(data.draw(st.lists(st.integers(0, 2), min_size=w * h, max_size=w * h))).reshape(h, w)
    assert (Level.from_ids("cave", ids, LEGEND).ids() == ids).all()


def test_masks_follow_the_legend():
    lvl = small()
    assert lvl.solid_mask().sum() == 11
    assert lvl.mask("water").sum() == 1
    assert lvl.char_of("floor") == "."


def test_from_rows_rejects_ragged_rows_and_unknown_characters():
    with pytest.raises(LevelFormatError, match=r"tiles\[1\]: row has 3 characters, expected 4"):
        Level.from_rows("cave", ["####", "#.#"], LEGEND)
    with pytest.raises(LevelFormatError, match="'x' at column 1 is not in the legend"):
        Level.from_rows("cave", ["#x##"], LEGEND)
    with pytest.raises(LevelFormatError, match="no rows"):
        Level.from_rows("cave", [], LEGEND)


def test_check_rejects_entities_off_the_grid_and_misshapen_layers():
    lvl = small()
    lvl.entities.append(Entity("goal", 9, 0))
    with pytest.raises(LevelFormatError, match=r"entities\[1\]: goal at \(9, 0\) is outside"):
        lvl.check()
    lvl = small()
    lvl.layers["height"] = np.zeros((2, 2), np.float32)
    with pytest.raises(LevelFormatError, match="layers.height"):
        lvl.check()


def test_copy_is_deep():
    lvl = small()
    c = lvl.copy()
    c.grid[1, 1] = ord("#")
    c.entities[0].x = 2
    assert lvl.grid[1, 1] == ord(".") and lvl.entities[0].x == 1
