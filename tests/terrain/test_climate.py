"""procgen.terrain.climate: temperature falls with altitude, moisture with distance and shadow."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procgen.terrain.climate import latitude_band, moisture, temperature, water_distance


def test_temperature_falls_with_altitude():
    xs, ys = np.arange(32), np.arange(16)
    lat = np.full(16, 0.6)
    low = temperature(xs, ys, np.zeros((16, 32)), 1, lat)
    high = temperature(xs, ys, np.full((16, 32), 0.6), 1, lat)
    assert (high < low).all()


def test_latitude_band_cycles():
    b = latitude_band(np.array([0, 250, 500, 750, 1000]), 1000)
    assert b.tolist() == [0.5, 1.0, 0.5, 0.0, 0.5]


def test_moisture_drops_away_from_water_and_in_a_rain_shadow():
    xs, ys = np.arange(96), np.arange(8)
    flat = np.zeros((8, 96))
    water = np.zeros((8, 96), dtype=bool)
    water[:, :2] = True
    d = water_distance(water, 16)
    m = moisture(xs, ys, flat, d, 3, 16)
    assert m[:, 3].mean() > m[:, 40].mean()
    ridge = flat.copy()
    ridge[:, 40:44] = 0.8  # mountains; the wind blows from the west
    shadowed = moisture(xs, ys, ridge, np.full_like(flat, 16.0), 3, 16)
    plain = moisture(xs, ys, flat, np.full_like(flat, 16.0), 3, 16)
    assert shadowed[:, 50:60].mean() < plain[:, 50:60].mean() - 0.1
    assert np.array_equal(shadowed[:, :38], plain[:, :38])


def test_water_distance_is_capped():
    w = np.zeros((5, 50), dtype=bool)
    assert (water_distance(w, 10) == 10).all()
    w[:, 0] = True
    assert water_distance(w, 10)[0].tolist()[:12] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]


@given(st.integers(1, 90), st.integers(1, 40), st.integers(0, 2**32 - 1), st.floats(0.0, 0.2), st.integers(1, 12))
@settings(max_examples=40, deadline=None)
def test_water_distance_in_bands_gives_the_whole_map_bytes(h, w, seed, density, reach):
    """The capped distance to water, a band of rows at a time with ``reach`` rows of context,
    is the whole-map transform's, byte for byte (sparse water, bands with none, thin maps)."""
    from procgen.terrain import climate

    water = np.random.default_rng(seed).random((h, w)) < density
    with pytest.MonkeyPatch.context() as mp:
        whole = water_distance(water, reach)
        mp.setattr(climate, "DISTANCE_BAND_CELLS", 1)  # bands of 8 * reach rows
        assert water_distance(water, reach).tobytes() == whole.tobytes()
