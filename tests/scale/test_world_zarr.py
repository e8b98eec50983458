"""procgen.scale.world_zarr: to_dask(world, ...) and Zarr world stores, bit for bit equal to World.region."""

import json

import numpy as np
import pytest
import zarr
from hypothesis import given

from procgen.errors import ParamError
from procgen.scale.cluster import worker_peak_rss_mib
from procgen.scale.world_zarr import (
    LAYERS,
    Region,
    WorldStore,
    export_zarr,
    parse_layers,
    read_window,
    to_dask,
)
from procgen.terrain import World
from procgen.terrain.export import save_region_tmj
from tests.strategies import seeds, world_windows


def _expected(level, name):
    return level.ids().astype(np.uint8) if name == "biome" else level.layers[name]


def _assert_equals_region(arrays, world, x0, y0, width, height):
    level = world.region(x0, y0, width, height)
    for name, arr in arrays.items():
        got = np.asarray(arr)
        want = _expected(level, name)
        assert got.dtype == want.dtype and got.shape == want.shape, name
        assert got.tobytes() == want.tobytes(), name


@given(world_windows(max_side=80), seeds)
def test_to_dask_equals_world_region_bit_for_bit_for_any_window_and_block(window, seed):
    """Blocks of any size, ragged at the edges, anywhere in any world, assemble to World.region."""
    x0, y0, width, height, block = window
    world = World(seed)
    arrays = to_dask(world, f"{x0}:{x0 + width},{y0}:{y0 + height}", block=block)
    computed = {n: a.compute(scheduler="sync") for n, a in arrays.items()}
    _assert_equals_region(computed, world, x0, y0, width, height)


def test_to_dask_is_lazy_and_keeps_the_layer_order_asked_for():
    """A world of 10⁵ tiles square costs nothing until computed; a far bigger one is refused."""
    arrays = to_dask(World(1), Region(0, 100_000, 0, 100_000), layers="flow,height", block=256)
    assert list(arrays) == ["flow", "height"]
    assert arrays["height"].shape == (100_000, 100_000) and arrays["height"].dtype == np.float16
    assert arrays["flow"][5000:5010, 0:3].compute(scheduler="sync").shape == (10, 3)
    with pytest.raises(ParamError, match="use a larger block"):
        to_dask(World(1), Region(0, 10_000_000, 0, 10_000_000))


def test_export_on_a_local_cluster_equals_the_single_process_path(local_client, tmp_path):
    """2 worker processes write the same store as one process, and both equal World.region."""
    world, region = World(3), Region(-300, 200, 100, 420)
    export_zarr(world, tmp_path / "one.zarr", region, block=128)
    attrs = export_zarr(world, tmp_path / "dask.zarr", region, block=128, client=local_client)
    one, dask = zarr.open_group(tmp_path / "one.zarr", mode="r"), zarr.open_group(tmp_path / "dask.zarr", mode="r")
    for name in LAYERS:
        assert one[name][:].tobytes() == dask[name][:].tobytes(), name
        assert dask[name].chunks == (128, 128)
    _assert_equals_region({n: dask[n][:] for n in LAYERS}, world, -300, 100, 500, 320)
    assert dict(dask.attrs) == attrs


def test_export_on_a_separately_started_cluster_equals_world_region(remote_scheduler, tmp_path):
    """A scheduler and workers started with the dask command (as a user would) write the same world."""
    from procgen.scale.cluster import dask_client

    world = World(11)
    with dask_client(remote_scheduler) as client:
        export_zarr(world, tmp_path / "w.zarr", "0:300,-64:200", layers=("biome", "height"), block=96,
                    client=client)
    store = zarr.open_group(tmp_path / "w.zarr", mode="r")
    _assert_equals_region({n: store[n][:] for n in ("biome", "height")}, world, 0, -64, 300, 264)


def test_store_attributes_carry_seed_legend_version_and_origin(tmp_path):
    from procgen import __version__

    export_zarr(World(5), tmp_path / "w.zarr", "-64:64,0:32", layers="biome", block=32)
    attrs = dict(zarr.open_group(tmp_path / "w.zarr", mode="r").attrs)
    assert attrs["format"] == "procgen-world" and attrs["seed"] == 5 and attrs["origin"] == [-64, 0]
    assert attrs["generator"]["version"] == __version__ and attrs["generator"]["params"]["chunk_size"] == 64
    legend = World(5).chunk(0, 0).legend
    assert [attrs["legend"][str(i)]["char"] for i in range(len(legend))] == list(legend)
    assert attrs["legend"]["0"]["name"] == "ocean"
    json.dumps(attrs)  # plain JSON, readable by any Zarr tool


def test_worker_memory_stays_bounded_by_blocks_not_the_world(local_client, tmp_path):
    """A 2048² export in 512² blocks: each worker's peak memory stays far below the ~600 MiB that
    generating 2048² in one process takes (the whole world is never in one process)."""
    export_zarr(World(2), tmp_path / "big.zarr", "0:2048,0:2048", block=512, client=local_client)
    peaks = worker_peak_rss_mib(local_client)
    assert len(peaks) == 2 and max(peaks.values()) < 400, peaks


def test_an_existing_store_is_refused_unless_overwrite_and_replaced_whole(tmp_path):
    path = tmp_path / "w.zarr"
    export_zarr(World(1), path, "0:32,0:32", block=32)
    with pytest.raises(ParamError, match="exists; choose another path or pass --overwrite"):
        export_zarr(World(2), path, "0:32,0:32", block=32)
    export_zarr(World(2), path, "0:48,0:16", block=32, overwrite=True)
    assert zarr.open_group(path, mode="r").attrs["seed"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.zarr"]  # no temporary stores left behind


def test_a_failed_export_leaves_no_store(tmp_path, monkeypatch):
    """A task that fails part way leaves neither the target nor a temporary store."""
    import procgen.scale.world_zarr as wz

    def broken(*args):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(wz, "world_block", broken)
    with pytest.raises(RuntimeError):
        export_zarr(World(1), tmp_path / "w.zarr", "0:64,0:64", block=32)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("text", "message"), [
    ("0:10", "expected X0:X1,Y0:Y1"), ("a:b,0:1", "expected X0:X1,Y0:Y1"),
    ("5:5,0:10", "is empty"), ("0:99999999,0:1", "wider than"),
])
def test_bad_regions_are_one_line_param_errors(text, message):
    with pytest.raises(ParamError, match=message):
        Region.parse(text)


def test_bad_layer_lists_are_param_errors():
    with pytest.raises(ParamError, match="unknown layer 'rain'"):
        parse_layers("height,rain")
    with pytest.raises(ParamError, match="named twice"):
        parse_layers("height,height")
    assert parse_layers(None) == tuple(LAYERS)


def test_a_window_of_the_store_is_the_world_region(tmp_path):
    world = World(4)
    export_zarr(world, tmp_path / "w.zarr", "-128:128,-128:128", block=64)
    window = read_window(tmp_path / "w.zarr", -100, 10, 150, 40)
    region = world.region(-100, 10, 150, 40)
    assert window.rows == region.rows and window.legend == region.legend
    for name, layer in region.layers.items():
        assert window.layers[name].tobytes() == layer.tobytes(), name
    with pytest.raises(ParamError, match="outside the stored region"):
        read_window(tmp_path / "w.zarr", 100, 0, 64, 8)


def test_save_region_tmj_from_a_store_matches_the_map_from_the_world(tmp_path):
    """The infinite Tiled map of a store's window is the one written from the World itself."""
    world = World(6)
    export_zarr(world, tmp_path / "w.zarr", "-128:128,-64:128", layers="biome,height", block=64)
    from_store = save_region_tmj(WorldStore(tmp_path / "w.zarr"), tmp_path / "a.tmj", -2, -1, 1, 2)
    save_region_tmj(world, tmp_path / "b.tmj", -2, -1, 1, 2)
    a, b = json.loads((tmp_path / "a.tmj").read_text()), json.loads((tmp_path / "b.tmj").read_text())
    assert a["infinite"] and from_store.width == 3 * 64
    a["tilesets"][0]["source"] = b["tilesets"][0]["source"]  # only the tileset file name differs
    assert a == b


def test_a_store_path_handed_to_the_terrain_export_names_the_store_reader(tmp_path):
    """Terrain never imports the scale-out layer, so a bare path is refused in one line that
    says how to open it."""
    with pytest.raises(ParamError, match=r"is a path; open a world store with procgen\.scale\.world_zarr\.WorldStore"):
        save_region_tmj(tmp_path / "w.zarr", tmp_path / "a.tmj", 0, 0, 1, 1)


def test_a_store_without_biomes_or_not_a_world_is_refused(tmp_path):
    export_zarr(World(1), tmp_path / "h.zarr", "0:64,0:64", layers="height", block=64)
    with pytest.raises(ParamError, match="no biome layer"):
        read_window(tmp_path / "h.zarr", 0, 0, 8, 8)
    zarr.open_group(tmp_path / "other.zarr", mode="w")
    with pytest.raises(ParamError, match="not a procgen world store"):
        read_window(tmp_path / "other.zarr", 0, 0, 8, 8)
