"""The numba fast paths give the numpy paths' bytes exactly (same seed, same bytes, either way)."""

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procgen import noise as pn
from procgen.noise import _jit

pytest.importorskip("numba")

#: The tests use small inputs: the kernels take anything from this many points up.
SMALL = 1024


@pytest.fixture(autouse=True)
def small_inputs_use_the_kernels(monkeypatch):
    """Lower the size from which the kernels run, so small test inputs exercise them."""
    monkeypatch.setattr(_jit, "MIN_POINTS", SMALL)


@pytest.fixture
def numpy_only(monkeypatch):
    """A function that runs ``fn`` with the JIT disabled (the numpy reference path)."""

    def run(fn):
        monkeypatch.setenv("PROCGEN_NO_JIT", "1")
        _jit.kernels.cache_clear()
        try:
            assert _jit.kernels() is None
            return fn()
        finally:
            monkeypatch.delenv("PROCGEN_NO_JIT")
            _jit.kernels.cache_clear()

    return run


def _points(seed, n=SMALL * 2, spread=300.0):
    r = np.random.default_rng(seed)
    return r.uniform(-spread, spread, n), r.uniform(-spread, spread, n)


@pytest.mark.parametrize("kw", [
    {}, {"octaves": 6}, {"octaves": 4, "persistence": 0.7, "lacunarity": 2.3},
    {"octaves": 3, "repeatx": 16, "repeaty": 8}, {"octaves": 2, "base": 1},
    {"octaves": 2, "repeatx": 7.5, "repeaty": 1024},
])
def test_pnoise2_kernel_equals_numpy_path_bit_for_bit(kw, numpy_only):
    """pnoise2 at random points: the kernel's float64 results equal the numpy path's bytes."""
    x, y = _points(1)
    fast = pn.pnoise2(x, y, **kw)
    assert _jit.kernels() is not None
    assert fast.tobytes() == numpy_only(lambda: pn.pnoise2(x, y, **kw)).tobytes()


def test_pnoise2_kernel_flags_the_same_points_for_the_noise_fallback(numpy_only):
    """With a base that reads past the table, both paths send the same points to `noise`."""
    pytest.importorskip("noise")
    xs = np.arange(0.5, 300)
    fast = pn.pnoise2(xs[None, :], xs[:, None], octaves=2, base=7)
    assert fast.tobytes() == numpy_only(lambda: pn.pnoise2(xs[None, :], xs[:, None], octaves=2, base=7)).tobytes()


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 8), st.floats(0.2, 0.8), st.floats(1.5, 3.0))
def test_seeded_points_and_simplex_kernels_equal_numpy_paths(seed, octaves, persistence, lacunarity):
    """Perlin.points, simplex2 and simplex_fbm: the same bytes with and without numba."""
    x, y = _points(seed % 1000, spread=50.0)
    p = pn.Perlin(seed, "jit")
    calls = [
        lambda: p.points(x, y, octaves, persistence, lacunarity),
        lambda: pn.simplex2(x, y, seed=seed),
        lambda: pn.simplex_fbm(x, y, seed=seed, octaves=octaves, persistence=persistence, lacunarity=lacunarity),
    ]
    fast = [fn().tobytes() for fn in calls]
    import os

    os.environ["PROCGEN_NO_JIT"] = "1"
    _jit.kernels.cache_clear()
    try:
        slow = [fn().tobytes() for fn in calls]
    finally:
        del os.environ["PROCGEN_NO_JIT"]
        _jit.kernels.cache_clear()
    assert fast == slow


def test_small_inputs_skip_the_kernels_and_broadcast_shapes_survive(numpy_only, monkeypatch):
    """Below MIN_POINTS the numpy path runs (numba is not even asked); above it, broadcast
    (H, 1) × (1, W) keeps its shape."""
    monkeypatch.setattr(_jit, "loaded", False)  # as in a fresh process
    monkeypatch.setattr(_jit, "kernels", lambda: pytest.fail("kernels asked for a small input"))
    assert pn.pnoise2(np.arange(5.0), 0.5).shape == (5,)
    monkeypatch.undo()
    monkeypatch.setattr(_jit, "MIN_POINTS", SMALL)
    xs, ys = np.linspace(0, 9, 90), np.linspace(0, 7, 60)
    got = pn.simplex_fbm(xs[None, :], ys[:, None], seed=3)
    assert got.shape == (60, 90)
    assert got.tobytes() == numpy_only(lambda: pn.simplex_fbm(xs[None, :], ys[:, None], seed=3)).tobytes()
    assert pn.pnoise2(0.5, 0.25).shape == ()


@pytest.mark.parametrize("kw", [
    {"octaves": 6}, {"octaves": 3, "repeatx": 16, "repeaty": 8},
    {"octaves": 4, "base": 1, "persistence": 0.7, "lacunarity": 2.3},
])
def test_grid_kernels_equal_the_scipy_product_bit_for_bit(kw, numpy_only):
    """pnoise2_grid above SMALL_GRID: the numba table + combine give scipy's CSR product bytes."""
    r = np.random.default_rng(7)
    xs, ys = np.sort(r.uniform(-50, 80, 260)), np.sort(r.uniform(-20, 120, 200))
    assert xs.size * ys.size > max(pn.SMALL_GRID, SMALL)
    fast = pn.pnoise2_grid(xs, ys, **kw)
    assert fast.tobytes() == numpy_only(lambda: pn.pnoise2_grid(xs, ys, **kw)).tobytes()


def test_seeded_grid_fbm_and_ridged_equal_numpy_paths(numpy_only):
    """Perlin.fbm (float64 lattice, far from the origin) and ridged: same bytes either way."""
    xs, ys = np.arange(300) / 37.0, np.arange(180) / 23.0 + 1e5
    p = pn.Perlin(5, "h")
    assert p.fbm(xs, ys, 6).tobytes() == numpy_only(lambda: p.fbm(xs, ys, 6)).tobytes()
    got = pn.ridged(xs, ys, seed=2)
    assert got.tobytes() == numpy_only(lambda: pn.ridged(xs, ys, seed=2)).tobytes()


@pytest.mark.parametrize("kw", [
    {"octaves": 6}, {"octaves": 3, "repeatx": 16, "repeaty": 8},
    {"octaves": 4, "base": 1, "persistence": 0.7, "lacunarity": 2.3}, {"octaves": 2, "repeatx": 7.5},
])
def test_pnoise2_on_a_broadcast_grid_equals_numpy_path_bit_for_bit(kw, numpy_only):
    """pnoise2(row of x, column of y): the per-axis kernel gives the numpy path's bytes."""
    xs, ys = np.arange(130) / 9.0 - 3.3, np.arange(70) / 5.0 * 1.7
    fast = pn.pnoise2(xs[None, :], ys[:, None], **kw)
    assert fast.shape == (70, 130)
    assert fast.tobytes() == numpy_only(lambda: pn.pnoise2(xs[None, :], ys[:, None], **kw)).tobytes()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([0, 1]), st.integers(1, 7),
       st.sampled_from([1024.0, 16.0, 7.5, 3e7, 0.0]), st.floats(1.5, 3.0))
def test_pnoise2_lattice_kernel_equals_numpy_path_at_awkward_points(seed, base, octaves, repeat, lacunarity):
    """base 0/1 at random points, some far outside the repeat period, some huge, negative zero,
    infinite or NaN: the one-read-per-corner kernel plus its fallback give the numpy bytes."""
    r = np.random.default_rng(seed)
    x = r.uniform(-40, 40, SMALL * 2) * r.choice([1.0, 1e3, 1e7], SMALL * 2)
    y = r.uniform(-40, 40, SMALL * 2)
    x[:4] = [-0.0, np.inf, -np.inf, 2.0**24 - 0.5]
    y[4:6] = [np.nan, -(2.0**24)]
    kw = {"octaves": octaves, "lacunarity": lacunarity, "repeatx": repeat, "repeaty": repeat / 2 or 1024, "base": base}
    with np.errstate(invalid="ignore"):
        fast = pn.pnoise2(x, y, **kw)
        os.environ["PROCGEN_NO_JIT"] = "1"
        _jit.kernels.cache_clear()
        try:
            slow = pn.pnoise2(x, y, **kw)
        finally:
            del os.environ["PROCGEN_NO_JIT"]
            _jit.kernels.cache_clear()
    assert fast.tobytes() == slow.tobytes()


def test_once_loaded_the_kernels_serve_small_grids_and_points_with_the_same_bytes(numpy_only, monkeypatch):
    """After a large call (or World.chunk) loaded the kernels, small grid fBm, ridged and point
    calls run them too, and give the numpy paths' bytes."""
    monkeypatch.setattr(_jit, "MIN_POINTS", 1 << 30)
    assert _jit.kernels() is not None and _jit.loaded
    xs, ys = np.arange(45) / 7.0 - 3.0, np.arange(38) / 5.0 + 900.0
    p = pn.Perlin(8, "small")
    calls = [lambda: p.fbm(xs, ys, 5), lambda: pn.ridged(xs, ys, seed=4, octaves=4),
             lambda: p.points(xs[None, :] + 0.3, ys[:, None], 3), lambda: pn.pnoise2_grid(xs, ys, octaves=3)]
    fast = [fn().tobytes() for fn in calls]
    assert fast == [numpy_only(fn).tobytes() for fn in calls]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([np.float32, np.float64]), st.integers(1, 8),
       st.sampled_from([None, (7.5, 8.0), (16.0, 1024.0), (3.0, 5.5)]), st.booleans())
def test_grid_octave_setup_kernel_equals_numpy(seed, dtype, octaves, repeat, offsets):
    """The per-octave grid factors (hashes, weights, touched lattice rows, row indices) from the
    one-call kernel equal the numpy expressions' arrays, dtype and bytes, in both precisions."""
    from procgen.noise import _grid

    r = np.random.default_rng(seed)
    xs = np.sort(r.uniform(-1, 1, int(r.integers(1, 60))) * 10.0 ** r.integers(0, 5))
    ys = np.sort(r.uniform(-1, 1, int(r.integers(1, 60))) * 10.0 ** r.integers(0, 5))
    offs = r.uniform(0, 256, (8, 2)) if offsets else None
    args = (xs, ys, octaves, float(r.uniform(0.2, 0.8)), float(r.uniform(1.5, 3.0)), repeat, 0, dtype, offs)
    assert _jit.kernels() is not None
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_jit, "loaded", True)
        fast = _grid._octaves(*args)
        mp.setattr(_jit, "loaded", False)
        mp.setattr(_jit, "MIN_POINTS", 1 << 40)
        slow = _grid._octaves(*args)
    for a, b in zip(fast, slow, strict=True):
        assert a.amp == b.amp
        for field in ("rows", "i", "ii", "ux0", "ux1", "wx0", "wx1", "idx", "wy"):  # not the parent link
            x, y = getattr(a, field), getattr(b, field)
            assert x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()


@pytest.mark.parametrize("threads", [2, 3])
def test_grid_kernels_shared_among_threads_give_the_one_thread_bytes(threads, monkeypatch):
    """A large grid's column blocks shared among several threads (helpers take the next piece
    as they come free), and blocks of any width: the bytes of one thread doing all of it."""
    from procgen.noise import _grid

    xs, ys = np.arange(300) / 11.0 - 4.0, np.arange(250) / 7.0
    p = pn.Perlin(3, "threads")
    calls = [lambda: pn.pnoise2_grid(xs, ys, octaves=6), lambda: p.fbm(xs, ys, 5),
             lambda: pn.pnoise2_grid(xs, ys[:1], octaves=2)]
    monkeypatch.setattr(_grid, "THREADS", 1)
    alone = [fn().tobytes() for fn in calls]
    monkeypatch.setattr(_grid, "THREADS", threads)
    monkeypatch.setattr(_grid, "THREADED_CELLS", 1)
    for columns in (256, 16, 7):
        monkeypatch.setattr(_grid, "BLOCK_COLUMNS", columns)
        assert [fn().tobytes() for fn in calls] == alone
    assert (os.getpid(), threads) in _grid._pools  # the helpers' pool did run
    assert len(_grid._spans(250, 9)) == 9 and _grid._spans(1, 9) == [(0, 1)]
