"""procgen.terrain._pages: small pages around large maps, numpy's setting restored after."""

import numpy as np
import pytest

from procgen.terrain import _pages


@pytest.fixture
def switch():
    fn = _pages._switch()
    if fn is None:
        pytest.skip("this numpy has no huge-page switch")
    return fn


def test_large_maps_run_on_small_pages_and_the_setting_comes_back(switch):
    """Inside a large map's block numpy's huge-page hint is off (nested blocks too); after the
    last block it is what it was before; a small map's block leaves it alone."""
    before = switch(True)
    try:
        with _pages.small_pages(_pages.LARGE_CELLS):
            assert switch(False) is False  # it was off; keep it off
            with _pages.small_pages(_pages.LARGE_CELLS):
                np.ones(1 << 20)
            assert switch(False) is False
        assert switch(True) is True  # restored on
        with _pages.small_pages(_pages.LARGE_CELLS - 1):
            assert switch(True) is True  # untouched
    finally:
        switch(before)


def test_the_setting_comes_back_after_an_error(switch):
    before = switch(True)
    try:
        with pytest.raises(ValueError), _pages.small_pages(_pages.LARGE_CELLS):
            raise ValueError
        assert switch(True) is True
    finally:
        switch(before)
