"""The one set of tile statistics every kind and training use."""

import numpy as np
import pytest
from hypothesis import given

from procgen.errors import LevelFormatError, ParamError
from procgen.levels import tilestats
from procgen.levels.dungeon.corpus import corpus_rooms
from procgen.levels.dungeon.metrics import tile_pattern_kl as room_kl
from procgen.levels.platformer.corpus import corpus_levels
from procgen.levels.platformer.metrics import tile_pattern_kl as platformer_kl
from tests.strategies import id_grids


@given(id_grids(), id_grids())
def test_pattern_kl_is_zero_on_itself_symmetric_and_non_negative(a, b):
    """w = 1/2: KL(A, B) = KL(B, A) >= 0, and KL(A, A) = 0."""
    assert tilestats.pattern_kl(a, a, 1) == 0.0
    ab, ba = tilestats.pattern_kl(a, b, 1), tilestats.pattern_kl(b, a, 1)
    assert ab >= 0 and np.isclose(ab, ba)


def test_pattern_kl_is_the_documented_formula():
    """Computed by hand from the module docstring's formula for a two-pattern case."""
    a, b = np.array([[[0, 1], [1, 0]]]), np.ones((1, 2, 2), int)
    eps, w = tilestats.EPS, tilestats.W
    p = np.array([2 + eps, 2 + eps]) / (4 + 2 * eps)
    q = np.array([0 + eps, 4 + eps]) / (4 + 2 * eps)
    want = w * (p * np.log(p / q)).sum() + (1 - w) * (q * np.log(q / p)).sum()
    assert np.isclose(tilestats.pattern_kl(a, b, 1), want)


def test_both_kinds_use_the_one_formula():
    """The platformer's and the dungeon's KL are tilestats.pattern_kl on their tile ids."""
    levels, rooms = corpus_levels(), corpus_rooms()
    ids = [tilestats.tile_ids(lv, "".join(lv.legend)) for lv in levels]
    assert np.isclose(platformer_kl(levels[:3], levels[3:], 2), tilestats.pattern_kl(ids[:3], ids[3:], 2))
    rids = [tilestats.tile_ids(r, "WFBPMKDA") for r in rooms]
    assert np.isclose(room_kl(rooms[:5], rooms[5:], 2), tilestats.pattern_kl(rids[:5], rids[5:], 2))


@given(id_grids(n=4))
def test_novelty_and_diversity_are_shares_of_tiles(items):
    assert (tilestats.novelty(items, items) == 0).all()
    d = tilestats.diversity(items)
    assert 0 <= d <= 1
    assert tilestats.identical_share(items, items) == 1.0


def test_windows_end_flush_with_the_right_edge():
    ids = np.arange(2 * 10).reshape(2, 10)
    w = tilestats.windows(ids, 4, 4)
    assert [int(x[0, 0]) for x in w] == [0, 4, 6]
    assert tilestats.windows(ids, 11, 1).shape == (0, 2, 11)


def test_tile_ids_name_the_unknown_character():
    grid = np.frombuffer(b"ab?", dtype=np.uint8).reshape(1, 3)
    assert tilestats.tile_ids(grid[:, :2], "ab").tolist() == [[0, 1]]
    with pytest.raises(LevelFormatError, match=r"tiles\[0\]: character '\?' at column 2"):
        tilestats.tile_ids(grid, "ab")


def test_kl_of_one_empty_side_is_an_error():
    with pytest.raises(ParamError, match="no 3x3 tile pattern"):
        tilestats.pattern_kl([np.zeros((2, 2), int)], [np.zeros((4, 4), int)], 3)
