"""Terrain exports: native JSON (schema-valid, compact), Tiled finite and infinite maps, npz."""

import json

import numpy as np
import pytest
import pytiled_parser

from procgen.errors import ParamError
from procgen.level import Level
from procgen.terrain import World, WorldParams, generate
from procgen.terrain.export import chunk_region, save_npz, save_region_tmj


@pytest.fixture(scope="module")
def world_level():
    return generate(8, width=128, height=96)


def test_native_json_round_trip_keeps_tiles_and_layer_dtypes(world_level, tmp_path):
    path = tmp_path / "w.json"
    world_level.save(path)
    back = Level.load(path)  # validates against the JSON Schema
    assert back.rows == world_level.rows
    for k, v in world_level.layers.items():
        assert back.layers[k].dtype == v.dtype and np.array_equal(back.layers[k], v, equal_nan=True)
    assert back.dumps() == world_level.dumps()
    doc = json.loads(path.read_text())
    assert {doc["layers"][k]["dtype"] for k in doc["layers"]} == {"float16", "uint8"}


def test_native_json_is_compact(world_level):
    """Well under 8 bytes per tile (a 1024² world is a few MB)."""
    size = len(world_level.dumps().encode())
    assert size < 8 * world_level.width * world_level.height


def test_finite_tmj_fields_and_lengths(world_level, tmp_path):
    path = tmp_path / "w.tmj"
    world_level.save_tmj(path)
    doc = json.loads(path.read_text())
    layer = doc["layers"][0]
    assert (doc["width"], doc["height"], doc["infinite"]) == (128, 96, False)
    assert len(layer["data"]) == 128 * 96
    tiled = pytiled_parser.parse_map(path)
    assert tiled.map_size.width == 128


def test_infinite_tmj_has_chunked_layers_for_a_region_of_chunks(tmp_path):
    world = World(4, WorldParams(chunk_size=32))
    path = tmp_path / "region.tmj"
    level = save_region_tmj(world, path, -1, 0, 1, 2)
    doc = json.loads(path.read_text())
    layer = doc["layers"][0]
    assert doc["infinite"] is True and "data" not in layer
    assert (layer["startx"], layer["starty"]) == (-32, 0)
    assert len(layer["chunks"]) == 4
    for ch in layer["chunks"]:
        assert len(ch["data"]) == ch["width"] * ch["height"] == 32 * 32
        assert ch["x"] % 32 == 0 and ch["y"] % 32 == 0
    assert {(c["x"], c["y"]) for c in layer["chunks"]} == {(-32, 0), (0, 0), (-32, 32), (0, 32)}
    assert level.width == 64 and level.height == 64
    tiled = pytiled_parser.parse_map(path)
    assert tiled.infinite


def test_chunk_region_equals_the_chunks_and_rejects_empty_ranges():
    world = World(4, WorldParams(chunk_size=32))
    lvl = chunk_region(world, 0, 0, 2, 1)
    assert np.array_equal(lvl.grid[:, 32:], world.chunk(1, 0).grid)
    with pytest.raises(ParamError, match="empty"):
        chunk_region(world, 0, 0, 0, 1)


def test_npz_has_every_layer_and_the_biomes(world_level, tmp_path):
    path = tmp_path / "w.npz"
    save_npz(world_level, path)
    data = np.load(path)
    for k, v in world_level.layers.items():
        assert data[k].dtype == v.dtype and np.array_equal(data[k], v)
    assert np.array_equal(data["biome"], world_level.ids())
    assert not list(tmp_path.glob(".tmp-*"))


def test_png_render_is_deterministic_and_shows_water_blue(world_level, tmp_path):
    from procgen.terrain.render import render_terrain

    img = render_terrain(world_level)
    assert img.shape == (96, 128, 3) and img.dtype == np.uint8
    assert np.array_equal(img, render_terrain(world_level))
    sea = world_level.mask("ocean")
    assert (img[sea][:, 2] > img[sea][:, 0]).mean() > 0.95
    world_level.save_png(tmp_path / "w.png", scale=2)
    assert (tmp_path / "w.png").stat().st_size > 1000


def test_an_infinite_region_takes_a_tileset_like_the_finite_export(tmp_path):
    """save_region_tmj(tileset=...) accepts a tileset or a function of the region's level
    (tileset_for): the tileset image holds its variants, not one flat colour per name."""
    from procgen.textures.atlas import tileset_for

    world = World(4, WorldParams(chunk_size=32))
    path = tmp_path / "region.tmj"
    level = save_region_tmj(world, path, 0, 0, 1, 1, tileset=tileset_for)
    tsj = json.loads(path.with_suffix(".tsj").read_text())
    assert tsj["tilecount"] == 4 * len(level.legend)  # four texture variants per legend name
    assert pytiled_parser.parse_map(path).infinite
