"""procgen.terrain.hydrology: water always runs downhill to the sea, through lakes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.ndimage import label

from procgen.terrain.heightmap import falloff, raw_height
from procgen.terrain.hydrology import (
    OFFSETS,
    accumulate,
    drain,
    flow_directions,
    index_dtype,
    rivers,
)
from procgen.terrain.world import generate


@pytest.fixture(scope="module", params=[1, 2, 3])
def basin(request):
    h = raw_height(np.arange(128), np.arange(128), seed=request.param, scale=80.0) - falloff(128, 128)
    h -= np.quantile(h, 0.4)
    h[[0, -1], :] = h[:, [0, -1]] = -0.1
    return h, drain(h, h < 0)


def _sinks(down):
    root = np.where(down < 0, np.arange(down.size), down)
    while not np.array_equal(root[root], root):
        root = root[root]
    return root


def test_every_cell_drains_to_the_sea_and_the_surface_never_rises(basin):
    h, d = basin
    s = d.surface.ravel()
    nxt = d.down
    assert (s[nxt[nxt >= 0]] <= s[nxt >= 0]).all()
    assert d.ocean.ravel()[_sinks(nxt)].all()


def test_every_river_cell_flows_to_the_sea_or_a_lake(basin):
    h, d = basin
    river = rivers(d, threshold=40)
    assert river.sum() > 20
    root = _sinks(d.down)
    cells = np.nonzero(river.ravel())[0]
    assert d.ocean.ravel()[root[cells]].all()
    # ...and river water stays river (or lake, or sea) until it gets there: no river ends uphill.
    nxt = d.down[cells]
    nxt = nxt[nxt >= 0]
    wet = river.ravel() | d.lake.ravel() | d.ocean.ravel()
    flooded = (d.surface > h).ravel()
    assert (wet[nxt] | flooded[nxt]).all()


def test_lakes_fill_depressions_to_their_spill_level():
    z = np.zeros((7, 7))
    z[1:6, 1:6] = 0.5
    z[2:5, 2:5] = 0.1  # a pit surrounded by a rim at 0.5
    z[3, 5] = 0.3  # the lowest point of the rim
    d = drain(z, z <= 0)
    assert d.lake[3, 3]
    assert d.surface[3, 3] == pytest.approx(0.3)
    assert d.accumulation[3, 5] >= 10  # the lake's catchment leaves through the pass


def test_accumulation_counts_upstream_cells():
    down = np.array([1, 2, 3, -1, 3])
    assert accumulate(down, np.ones(5)).tolist() == [1, 2, 3, 5, 1]


@pytest.mark.parametrize("seed", [5, 6])
def test_generated_river_tiles_reach_the_sea_or_a_lake(seed):
    """In a finished world, every connected river reaches an ocean or lake tile."""
    lvl = generate(seed, width=160, height=128)
    river, wet = lvl.mask("river"), lvl.mask("ocean", "lake")
    labels, n = label(river, structure=np.ones((3, 3)))
    assert n > 0
    p = np.pad(wet, 1)
    grown = np.max([p[1 + dy : p.shape[0] - 1 + dy, 1 + dx : p.shape[1] - 1 + dx]
                    for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)
    touching = set(np.unique(labels[grown & river]))
    assert touching >= set(range(1, n + 1))


def _steepest_reference(z, drains):
    """The pre-#18 flow directions: a padded map and int64 offsets, as a reference."""
    h, w = z.shape
    zp = np.pad(z, 1, constant_values=np.inf)
    drop = np.full((h, w), -np.inf)
    dy = np.zeros((h, w), dtype=np.int64)
    dx = np.zeros((h, w), dtype=np.int64)
    for oy, ox in OFFSETS:
        s = (z - zp[1 + oy : 1 + oy + h, 1 + ox : 1 + ox + w]) / np.hypot(oy, ox)
        better = s > drop
        drop = np.where(better, s, drop)
        dy[better] = oy
        dx[better] = ox
    down = np.where(drop > 0, np.arange(h * w).reshape(h, w) + dy * w + dx, -1)
    down[drains] = -1
    down[0, :] = down[-1, :] = down[:, 0] = down[:, -1] = -1
    return down.ravel()


@given(st.integers(1, 40), st.integers(1, 40), st.integers(0, 2**32 - 1), st.booleans())
@settings(max_examples=40, deadline=None)
def test_flow_directions_match_the_padded_int64_reference(h, w, seed, plateaus):
    """The int32, unpadded flow directions pick the same neighbour (ties, plateaus, tiny maps)."""
    rng = np.random.default_rng(seed)
    z = rng.random((h, w))
    if plateaus:
        z = np.round(z * 4) / 4  # many equal drops: the tie rule decides
    drains = rng.random((h, w)) < 0.1
    down = flow_directions(z, drains)
    assert down.dtype == np.int32
    assert np.array_equal(down, _steepest_reference(z, drains))


def test_index_type_is_int32_below_two_to_the_31_cells():
    assert index_dtype(4096 * 4096) is np.int32
    assert index_dtype(2**31) is np.int64


def _drained(monkeypatch, z, jit):
    """``drain(z)`` with the numba kernels (small maps included) or the numpy path."""
    from procgen.terrain import hydrology

    monkeypatch.setattr(hydrology, "JIT_CELLS", 0)
    if not jit:
        monkeypatch.setenv("PROCGEN_NO_JIT", "1")
    hydrology._kernels.cache_clear()
    try:
        assert (hydrology._kernels() is not None) == jit
        return drain(z, z < 0)
    finally:
        monkeypatch.delenv("PROCGEN_NO_JIT", raising=False)
        hydrology._kernels.cache_clear()


@given(st.integers(3, 48), st.integers(3, 48), st.integers(0, 2**32 - 1), st.booleans())
@settings(max_examples=30, deadline=None)
def test_drainage_kernels_give_the_numpy_bytes(h, w, seed, plateaus):
    """The linear-time numba sinks and rain gathering (walks along the flow paths) give exactly
    the numpy path's basins, lakes, flow and accumulation (pointer jumping, a sort by distance
    to the sea, level-by-level ``np.add.at``): pits, lakes, ties and thin maps included."""
    pytest.importorskip("numba")
    rng = np.random.default_rng(seed)
    z = rng.random((h, w)) - 0.3
    if plateaus:
        z = np.round(z * 4) / 4  # flats and many equal drops
    z[[0, -1], :] = z[:, [0, -1]] = -0.1
    with pytest.MonkeyPatch.context() as mp:
        fast = _drained(mp, z, jit=True)
        slow = _drained(mp, z, jit=False)
    for field in ("level", "down", "lake", "accumulation", "flooded", "basin"):
        assert getattr(fast, field).tobytes() == getattr(slow, field).tobytes(), field


def test_flow_directions_in_bands_give_the_whole_map_bytes(monkeypatch):
    """flow_directions a few rows at a time (cache-sized temporaries) picks the same neighbours."""
    from procgen.terrain import hydrology

    z = raw_height(np.arange(70), np.arange(53), seed=4, scale=30.0)
    z = np.round(z * 20) / 20  # ties
    drains = z < -0.1
    whole = flow_directions(z, drains)
    for cells in (1, 70, 300):
        monkeypatch.setattr(hydrology, "FLOW_BAND_CELLS", cells)
        assert np.array_equal(flow_directions(z, drains), whole)
