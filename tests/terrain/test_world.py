"""procgen.terrain.world: finite worlds and the infinite, seamless chunked World."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procgen.errors import ParamError
from procgen.kinds import generate as generate_kind
from procgen.terrain import BIOMES, World, WorldParams, generate
from tests.strategies import seeds

LAYERS = ("height", "temperature", "moisture", "flow")


@given(seeds)
@settings(max_examples=5)
def test_same_seed_same_bytes(seed):
    a = generate(seed, width=48, height=40, erosion=5)
    b = generate(seed, width=48, height=40, erosion=5)
    assert a.dumps() == b.dumps()


def test_different_seeds_differ():
    assert generate(1, width=64, height=64).rows != generate(2, width=64, height=64).rows


def test_finite_world_layers_dtypes_and_legend():
    lvl = generate(3, width=96, height=80)
    assert (lvl.kind, lvl.width, lvl.height) == ("terrain", 96, 80)
    dtypes = {k: v.dtype.name for k, v in lvl.layers.items()}
    assert dtypes == {"height": "float16", "temperature": "uint8", "moisture": "uint8", "flow": "float16"}
    assert set(lvl.names()) == {b.name for b in BIOMES}
    assert lvl.mask("ocean")[[0, -1], :].all() and lvl.mask("ocean")[:, [0, -1]].all()
    assert 0.2 < lvl.stats["land_ratio"] < 0.8
    (spawn,) = lvl.entities_of("player")
    assert not lvl.solid_mask()[spawn.y, spawn.x]


def test_world_looks_designed():
    """A 256² continent has sea, rivers, mountains and several climate bands."""
    lvl = generate(3, width=256, height=256)
    counts = lvl.stats["biomes"]
    for name in ("ocean", "river", "beach", "forest"):
        assert counts.get(name, 0) > 50, name
    assert len(counts) >= 9
    t = lvl.layers["temperature"].astype(float)
    land = ~lvl.mask("ocean")
    # colder in the north than in the south (latitude)
    assert t[:64][land[:64]].mean() < t[-64:][land[-64:]].mean()


def test_island_shape_and_sea_level():
    lvl = generate(4, width=96, height=96, shape="island", sea_level=0.7)
    assert lvl.stats["land_ratio"] == pytest.approx(0.3, abs=0.08)
    # the island is in the middle: the outer quarter is mostly sea
    ocean = lvl.mask("ocean")
    assert ocean[:12].mean() > 0.9 and ocean[40:56, 40:56].mean() < 0.5


def test_kind_registry_calls_the_terrain_generator():
    lvl = generate_kind("terrain", seed=3, width=40, height=32, shape="island", erosion=0)
    assert lvl.kind == "terrain" and (lvl.width, lvl.height) == (40, 32)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"width": 4}, "width"),
        ({"height": 10**6}, "height"),
        ({"shape": "donut"}, "shape"),
        ({"erosion": -3}, "erosion"),
        ({"sea_level": 1.5}, "sea_level"),
        ({"generator": "gan"}, "generator"),
    ],
)
def test_bad_parameters_are_param_errors(kw, match):
    with pytest.raises(ParamError, match=match):
        generate(1, **kw)


# -- infinite worlds ------------------------------------------------------------------------------


def _assemble(world, cx0, cy0, nx, ny):
    chunks = [[world.chunk(cx, cy) for cx in range(cx0, cx0 + nx)] for cy in range(cy0, cy0 + ny)]
    layers = {k: np.block([[c.layers[k] for c in row] for row in chunks]) for k in LAYERS}
    return np.block([[c.grid for c in row] for row in chunks]), layers


@given(seeds, st.integers(-50, 50), st.integers(-50, 50))
@settings(max_examples=6)
def test_chunks_assemble_to_the_one_shot_region_exactly(seed, cx, cy):
    """Tiles and every layer of 2×2 chunks equal the region generated at once, bit for bit."""
    world = World(seed, WorldParams(chunk_size=32))
    grid, layers = _assemble(world, cx, cy, 2, 2)
    region = world.region(cx * 32, cy * 32, 64, 64)
    assert np.array_equal(grid, region.grid)
    for k in LAYERS:
        assert layers[k].tobytes() == region.layers[k].tobytes(), k


def test_chunk_is_a_terrain_level_of_chunk_size():
    world = World(7)
    c = world.chunk(3, -2)
    assert (c.kind, c.width, c.height, world.chunk_size) == ("terrain", 64, 64, 64)
    assert sorted(c.layers) == sorted(LAYERS)
    assert c.stats["origin"] == [192, -128] and c.stats["chunk"] == [3, -2]
    assert c.rows == World(7).chunk(3, -2).rows


def _seam_jumps(h, n):
    inside = np.abs(np.diff(h, axis=1))
    border = inside[:, n - 1 :: n][:, :-1] if h.shape[1] > n else inside[:, :0]
    keep = np.ones(inside.shape[1], dtype=bool)
    keep[n - 1 :: n] = False
    return border, inside[:, keep]


def test_apron_erosion_leaves_no_seam():
    """With erosion on, the height jump across chunk borders is no larger than inside chunks."""
    world = World(2, WorldParams(chunk_size=32, erosion=6))
    _, layers = _assemble(world, 0, 0, 3, 3)
    h = layers["height"].astype(np.float64)
    for a in (h, h.T):
        border, inside = _seam_jumps(a, 32)
        assert np.percentile(border, 95) <= np.percentile(inside, 95) * 1.1 + 1e-3
        assert border.max() <= inside.max() + 1e-3


def test_infinite_world_has_land_sea_rivers_and_climate_bands():
    world = World(3)
    lvl = world.region(0, 0, 256, 256)
    names = set(lvl.stats["biomes"])
    assert {"ocean", "river", "forest"} <= names
    far = world.region(0, world.params.climate_period // 4, 64, 64)  # a quarter period: the equator
    assert abs(far.layers["temperature"].astype(float).mean() - lvl.layers["temperature"][:64].astype(float).mean()) > 40


def test_user_biome_table_is_used():
    from procgen.terrain.biomes import Biome

    table = (Biome("sea", "~", (0, 0, 200), True, "ocean"), Biome("land", "#", (0, 200, 0), water=None))
    lvl = World(1, WorldParams(biomes=table)).chunk(0, 0)
    assert set(lvl.legend) == {"~", "#"}


def test_bad_world_params_are_param_errors():
    with pytest.raises(ParamError, match="chunk_size"):
        World(1, WorldParams(chunk_size=2))
    with pytest.raises(ParamError, match="seed"):
        World(-1)
    with pytest.raises(ParamError, match=r"width: must be a whole number 1\.\."):
        World(1).region(0, 0, 0, 5)


def test_terraces_and_plateau_options_shape_the_land():
    flat = generate(6, width=64, height=64, erosion=0)
    stepped = generate(6, width=64, height=64, erosion=0, terraces=4)
    capped = generate(6, width=64, height=64, erosion=0, plateau=0.3)
    land = lambda lvl: lvl.layers["height"][lvl.layers["height"] > 0].astype(float)  # noqa: E731
    assert len(np.unique(np.round(land(stepped), 2))) < len(np.unique(np.round(land(flat), 2)))
    assert land(capped).max() < 0.36 < land(flat).max()
    with pytest.raises(ParamError, match="terraces"):
        generate(6, width=32, height=32, terraces=-2)


def test_world_params_may_be_a_mapping():
    assert World(1, {"chunk_size": 16}).chunk(0, 0).width == 16
    with pytest.raises(ParamError, match="unknown world setting 'size'"):
        World(1, {"size": 3})


def test_erosion_runs_at_full_resolution_at_every_size():
    """Version 2: a map just above 512² erodes on its own grid (no coarse grid, no jump in cost)."""
    from procgen.terrain import erosion
    from procgen.terrain import world as world_module

    calls = []
    real = erosion.hydraulic

    def spy(h, *args, **kwargs):
        calls.append(h.shape)
        return real(h, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(world_module._erosion, "hydraulic", spy)
    try:
        lvl = world_module.generate(1, width=520, height=24, erosion=2)
    finally:
        mp.undo()
    assert calls == [(24, 520)]
    assert lvl.generator["version"] == world_module.FINITE_VERSION == 2


# -- peak memory (#18) ----------------------------------------------------------------------------

#: sha256 of ``generate(11, width=96, height=200, shape="island", erosion=8).dumps()`` from before
#: the memory work: in-place and banded passes must not change a byte of finite version 2.
V2_DIGEST = "8aa1f0df1757ef22702293bac33b608f28bebddc58d7ba06661ea9578ad2ae1c"


def test_memory_cuts_keep_finite_version_2_bytes():
    """In-place arithmetic, int32 indices and banded passes give the bytes version 2 always gave."""
    import hashlib

    lvl = generate(11, width=96, height=200, shape="island", erosion=8)
    assert lvl.generator["version"] == 2
    assert hashlib.sha256(lvl.dumps().encode()).hexdigest() == V2_DIGEST


@given(seeds)
@settings(max_examples=3, deadline=None)
def test_bands_of_rows_give_the_bytes_of_one_band(seed):
    """Noise, climate and biomes computed a few rows at a time equal the whole map at once."""
    from procgen.terrain import heightmap, world

    whole = generate(seed, width=40, height=150, erosion=3).dumps()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(heightmap, "BAND_CELLS", 40 * 7)  # 7-row noise bands
        mp.setattr(world, "BAND_CELLS", 40 * 5)  # 5-row climate and biome bands
        assert generate(seed, width=40, height=150, erosion=3).dumps() == whole


@pytest.mark.parametrize("path", ["numpy", "numba"])
def test_finite_generation_peak_memory_is_at_most_64_bytes_a_tile(path, monkeypatch):
    """A 512² map's pipeline peaks under 64 bytes a tile of traced (numpy included) memory, with
    the numba kernels and without them (the numpy erosion steps bands of rows).

    tracemalloc counts every numpy buffer, deterministically: not a timing. The warm-up map
    (same seed, the same kernels) first fills the noise's per-seed gradient tables and loads the
    numba kernels, fixed costs that do not grow with the map.
    """
    import tracemalloc

    from procgen.noise import _jit
    from procgen.terrain import erosion

    if path == "numba":
        pytest.importorskip("numba")
    else:
        monkeypatch.setenv("PROCGEN_NO_JIT", "1")
        monkeypatch.setattr(_jit, "loaded", False)
    _jit.kernels.cache_clear()
    erosion._kernels.cache_clear()
    side = 512
    try:
        generate(5, width=side, height=side, erosion=1)
        tracemalloc.start()
        try:
            start = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            generate(5, width=side, height=side)
            peak = tracemalloc.get_traced_memory()[1] - start
        finally:
            tracemalloc.stop()
    finally:
        monkeypatch.delenv("PROCGEN_NO_JIT", raising=False)
        _jit.kernels.cache_clear()
        erosion._kernels.cache_clear()
    assert peak / side**2 <= 64, f"{peak / side**2:.1f} bytes a tile"
