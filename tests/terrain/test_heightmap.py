"""procgen.terrain.heightmap: relief from world coordinates and the shaping curves."""

import numpy as np
import pytest

from procgen.errors import ParamError
from procgen.terrain.heightmap import coarse, falloff, plateau, raw_height, redistribute, terrace


def test_raw_height_windows_are_the_same_numbers():
    full = raw_height(np.arange(-20, 100), np.arange(-7, 60), seed=2)
    part = raw_height(np.arange(13, 77), np.arange(5, 40), seed=2)
    assert np.array_equal(full[12:47, 33:97], part)


def test_raw_height_in_bands_of_rows_gives_the_whole_window_bytes(monkeypatch):
    """A large window is computed a band of rows at a time (cache-sized temporaries): the same
    bytes as the window at once, whether or not it starts on the coarse lattice."""
    from procgen.terrain import heightmap

    for x0, y0 in ((0, 0), (-13, 7)):
        xs, ys = np.arange(x0, x0 + 50), np.arange(y0, y0 + 150)
        whole = raw_height(xs, ys, seed=6, scale=40.0)
        with monkeypatch.context() as mp:
            mp.setattr(heightmap, "BAND_CELLS", 1)  # bands of 32 rows
            assert raw_height(xs, ys, seed=6, scale=40.0).tobytes() == whole.tobytes()


def test_coarse_is_exact_on_the_lattice_and_window_independent():
    fn = lambda x, y: np.sin(x[None, :] * 0.1) + np.cos(y[:, None] * 0.07)  # noqa: E731
    a = coarse(fn, np.arange(0, 40), np.arange(0, 30))
    b = coarse(fn, np.arange(9, 31), np.arange(3, 22))
    assert np.array_equal(a[3:22, 9:31], b)
    assert a[8, 12] == pytest.approx(fn(np.array([12.0]), np.array([8.0]))[0, 0])


def test_falloff_lowers_the_edges_not_the_middle():
    for shape in ("continent", "island"):
        f = falloff(64, 48, shape)
        assert f[24, 32] < 0.05 and f[0, 0] > 0.8 and f.shape == (48, 64)
    with pytest.raises(ParamError, match="shape"):
        falloff(8, 8, "ring")


def test_falloff_of_some_rows_is_those_rows_of_the_whole_map():
    for shape in ("continent", "island"):
        whole = falloff(40, 33, shape)
        for rows in (slice(0, 5), slice(30, 40), slice(7, 8)):
            assert falloff(40, 33, shape, rows=rows).tobytes() == whole[rows].tobytes()


def test_redistribute_keeps_order_and_sea():
    h = np.linspace(-1, 1, 101)
    r = redistribute(h, 1.5)
    assert (np.diff(r) >= 0).all() and np.array_equal(r[h <= 0], h[h <= 0])
    assert r[75] < h[75]  # lowlands flatter


def test_terrace_makes_steps_and_plateau_caps():
    h = np.linspace(0, 1, 1001)
    t = terrace(h, steps=5, sharpness=1.0)
    assert len(np.unique(np.round(t, 9))) == 6
    p = plateau(h, level=0.5, softness=0.05)
    assert p.max() < 0.55 and np.array_equal(p[h <= 0.5], h[h <= 0.5])
    with pytest.raises(ParamError):
        terrace(h, steps=0)
