"""procgen.noise: the fast paths reproduce the `noise` package, and seeded noise behaves."""

import noise as ref
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procgen import noise as pn
from procgen.errors import ParamError

PARAMS = [
    {},
    {"octaves": 6},
    {"octaves": 4, "persistence": 0.7, "lacunarity": 2.3},
    {"octaves": 3, "repeatx": 16, "repeaty": 8},
    {"octaves": 2, "base": 1},
    {"octaves": 2, "repeatx": 7.5, "repeaty": 1024},
]


def _reference(xs, ys, **kw):
    return np.array([ref.pnoise2(float(x), float(y), **kw) for x, y in zip(xs, ys, strict=False)])


@pytest.mark.parametrize("kw", PARAMS)
def test_pnoise2_matches_noise_package_on_random_points(kw):
    """pnoise2 equals noise.pnoise2 within 1e-5 at random points, negative coordinates included."""
    r = np.random.default_rng(1)
    x, y = r.uniform(-300, 300, 600), r.uniform(-300, 300, 600)
    assert np.abs(pn.pnoise2(x, y, **kw) - _reference(x, y, **kw)).max() < 1e-5


@pytest.mark.parametrize("kw", PARAMS)
def test_pnoise2_grid_matches_noise_package_on_random_grids(kw):
    """The sparse grid fast path equals noise.pnoise2 on every point of a random grid."""
    r = np.random.default_rng(2)
    xs, ys = np.sort(r.uniform(-50, 80, 40)), np.sort(r.uniform(-20, 120, 30))
    got = pn.pnoise2_grid(xs, ys, **kw)
    want = np.array([[ref.pnoise2(float(x), float(y), **kw) for x in xs] for y in ys])
    assert got.shape == (30, 40)
    assert np.abs(got - want).max() < 1e-5


def test_pnoise2_grid_matches_on_a_large_regular_grid():
    """A 300×260 pixel grid at 1/64 scale, 6 octaves (large enough for the sparse path)."""
    xs, ys = np.arange(300) / 64.0, np.arange(260) / 64.0 + 3.0
    got = pn.pnoise2_grid(xs, ys, octaves=6)
    idx = np.random.default_rng(3).integers(0, [260, 300], size=(400, 2))
    want = np.array([ref.pnoise2(float(xs[j]), float(ys[i]), octaves=6) for i, j in idx])
    assert np.abs(got[idx[:, 0], idx[:, 1]] - want).max() < 1e-5


@given(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.integers(1, 8), st.floats(0.1, 0.9), st.floats(1.5, 3.0))
def test_pnoise2_matches_noise_package_property(x, y, octaves, persistence, lacunarity):
    """Any point and fBm setting: within 1e-5 of noise.pnoise2."""
    kw = {"octaves": octaves, "persistence": persistence, "lacunarity": lacunarity}
    assert abs(float(pn.pnoise2(x, y, **kw)) - ref.pnoise2(x, y, **kw)) < 1e-5


def test_unusual_base_falls_back_to_noise_package():
    """A base that makes the C code read past its table still gives noise.pnoise2's values."""
    r = np.random.default_rng(4)
    x, y = r.uniform(0, 300, 300), r.uniform(0, 300, 300)
    assert np.abs(pn.pnoise2(x, y, octaves=2, base=7) - _reference(x, y, octaves=2, base=7)).max() < 1e-5
    grid = pn.pnoise2_grid(np.arange(5.0), np.arange(3.0) + 0.5, base=7)
    assert grid.shape == (3, 5)


def test_pnoise3_matches_noise_package():
    r = np.random.default_rng(5)
    x, y, z = (r.uniform(-100, 100, 300) for _ in range(3))
    want = np.array([ref.pnoise3(float(a), float(b), float(c), octaves=3) for a, b, c in zip(x, y, z, strict=False)])
    assert np.abs(pn.pnoise3(x, y, z, octaves=3) - want).max() < 1e-5


def test_bad_octaves_is_a_param_error():
    with pytest.raises(ParamError, match="octaves"):
        pn.pnoise2(0.5, 0.5, octaves=0)


def test_seeded_perlin_is_deterministic_and_seed_dependent():
    xs = np.arange(64) / 16
    a = pn.Perlin(1, "h").fbm(xs, xs)
    assert a.tobytes() == pn.Perlin(1, "h").fbm(xs, xs).tobytes()
    assert not np.array_equal(a, pn.Perlin(2, "h").fbm(xs, xs))
    assert not np.array_equal(a, pn.Perlin(1, "m").fbm(xs, xs))


def test_seeded_grid_windows_agree_exactly():
    """A window of the field is the same numbers as the same cells of a larger grid."""
    p = pn.Perlin(9)
    xs, ys = np.arange(-40, 200) / 32, np.arange(-10, 190) / 32
    full = p.fbm(xs, ys, 5)
    assert np.array_equal(full[20:60, 100:164], p.fbm(xs[100:164], ys[20:60], 5))


def test_points_path_equals_grid_path():
    """Perlin.points (used for domain warping) computes the same field as the grid path."""
    p = pn.Perlin(4)
    xs, ys = np.linspace(-3, 5, 50), np.linspace(0, 4, 40)
    assert np.abs(p.points(xs[None, :], ys[:, None], 4) - p.fbm(xs, ys, 4)).max() < 1e-5


def test_period_makes_noise_tile():
    """With period (px, py), the field repeats every px columns and py rows of lattice units."""
    xs = np.arange(0, 8, 0.25)
    a = pn.fbm(xs, xs, seed=3, octaves=4, period=(4, 4))
    assert np.abs(a[:, :16] - a[:, 16:]).max() < 1e-6
    assert np.abs(a[:16] - a[16:]).max() < 1e-6


def test_ridged_billow_warp_ranges_and_shapes():
    xs = np.arange(96) / 24
    r = pn.ridged(xs, xs, seed=1)
    b = pn.billow(xs, xs, seed=1)
    w = pn.domain_warp(xs, xs, seed=1, strength=0.8)
    assert r.shape == b.shape == w.shape == (96, 96)
    assert r.min() >= 0 and r.max() <= 1 and r.std() > 0.02
    assert -1.5 < b.min() < b.max() < 1.5
    assert np.isfinite(w).all() and w.std() > 0.01


def test_simplex_ranges_and_determinism():
    r = np.random.default_rng(6)
    x, y, z = (r.uniform(-50, 50, 5000) for _ in range(3))
    s2, s3 = pn.simplex2(x, y, seed=2), pn.simplex3(x, y, z, seed=2)
    assert -1.01 <= s2.min() and s2.max() <= 1.01 and s2.std() > 0.1
    assert -1.01 <= s3.min() and s3.max() <= 1.01 and s3.std() > 0.1
    assert np.array_equal(s2, pn.simplex2(x, y, seed=2))


def test_simplex_fbm_is_normalized_and_deterministic():
    xs = np.linspace(0, 8, 64)
    a = pn.simplex_fbm(xs[None, :], xs[:, None], seed=3, octaves=4)
    assert a.shape == (64, 64) and np.abs(a).max() <= 1.0 and a.std() > 0.05
    assert np.array_equal(a, pn.simplex_fbm(xs[None, :], xs[:, None], seed=3, octaves=4))


def test_public_namespace_holds_only_noise_names():
    """`procgen.noise` exposes its API and submodules, not the libraries it uses (no np, sp)."""
    import types

    names = {k for k, v in vars(pn).items() if not k.startswith("_") and not isinstance(v, types.ModuleType)}
    assert names == set(pn.__all__)
    assert not {"np", "sp", "cache", "dataclass"} & set(vars(pn))


def test_every_public_name_imports_from_the_package_root():
    """`from procgen.noise import X` keeps working for every public name after the split."""
    import importlib

    mod = importlib.import_module("procgen.noise")
    for name in mod.__all__:
        assert getattr(mod, name) is not None


@pytest.mark.parametrize("base", [0, 7])
def test_pnoise2_grid_returns_float32_as_documented(base):
    """Fast path and fallback alike return float32, the dtype the docstring promises."""
    assert pn.pnoise2_grid(np.arange(4.0), np.arange(3.0) + 0.5, base=base).dtype == np.float32


def test_missing_noise_package_is_named_in_one_line(monkeypatch):
    """Without `noise`, only the calls that need it fail, with one line saying what to install."""
    import sys

    from procgen.extras import MissingExtraError

    monkeypatch.setitem(sys.modules, "noise", None)
    assert pn.pnoise2(0.5, 0.3, octaves=2, base=0).shape == ()
    with pytest.raises(MissingExtraError, match=r"pip install 'procgen-forge\[noise\]'$") as info:
        pn.pnoise2(np.arange(0.5, 300)[None, :], np.arange(0.5, 300)[:, None], base=7)
    assert "\n" not in str(info.value)
    with pytest.raises(MissingExtraError, match=r"^pnoise3 with base=3 needs noise"):
        pn.pnoise3(0.5, 0.3, 0.7, base=3)
