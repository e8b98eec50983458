"""Room layouts: decorative interiors and the serpentine comb."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from procgen.levels.dungeon.layouts import DECOR, comb, comb_head_distance, keep_largest_region
from procgen.levels.grid import regions


@given(st.sampled_from(sorted(DECOR)), st.integers(5, 30), st.integers(5, 20), st.integers(0, 1000))
def test_decor_layouts_keep_one_region_after_cleanup(name, w, h, seed):
    """Every layout has the requested size and one floor region after keep_largest_region."""
    g = keep_largest_region(DECOR[name](np.random.default_rng(seed), h, w))
    assert g.shape == (h, w)
    assert regions(g == ord("F"))[1] == 1


def test_comb_is_one_long_corridor():
    """The 1-wide comb is a single path: its length is the longest walk of the size."""
    g, door = comb(7, 11, 1, vertical=False)
    assert regions(g == ord("F"))[1] == 1
    assert door == (0, 1)
    assert comb_head_distance(7, 11) == int((g == ord("F")).sum())
