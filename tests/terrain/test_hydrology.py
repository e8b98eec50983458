"""procgen.terrain.hydrology: water always runs downhill to the sea, through lakes."""

import numpy as np
import pytest
from scipy.ndimage import label

from procgen.terrain.heightmap import falloff, raw_height
from procgen.terrain.hydrology import accumulate, drain, rivers
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
