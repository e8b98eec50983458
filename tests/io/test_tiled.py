"""Tiled export: fields Tiled and independent readers require, gids inside the tileset."""

import json
from pathlib import Path

import numpy as np
import pytest
import pytiled_parser
from PIL import Image

import procgen.io
from procgen.errors import ParamError
from procgen.io.tiled import Tileset, tile_gids
from procgen.kinds import generate
from procgen.level import Level, Tile

MAP_FIELDS = {"compressionlevel", "height", "infinite", "layers", "nextlayerid", "nextobjectid",
              "orientation", "renderorder", "tiledversion", "tileheight", "tilesets", "tilewidth",
              "type", "version", "width"}


@pytest.fixture
def cave_tmj(tmp_path: Path) -> tuple[Level, Path]:
    lvl = generate("cave", 4, width=30, height=20)
    path = tmp_path / "cave.tmj"
    procgen.io.save_tmj(lvl, path)
    return lvl, path


def test_tmj_has_required_fields_and_full_length_data(cave_tmj):
    lvl, path = cave_tmj
    doc = json.loads(path.read_text())
    assert MAP_FIELDS <= set(doc)
    assert doc["type"] == "map" and doc["orientation"] == "orthogonal" and doc["infinite"] is False
    tiles, objects = doc["layers"]
    assert tiles["type"] == "tilelayer" and len(tiles["data"]) == 30 * 20
    tsj = json.loads((path.parent / doc["tilesets"][0]["source"]).read_text())
    first = doc["tilesets"][0]["firstgid"]
    assert all(first <= g < first + tsj["tilecount"] for g in tiles["data"])
    assert [o["type"] for o in objects["objects"]] == ["player", "goal"]
    assert doc["nextobjectid"] == 3 and doc["nextlayerid"] == 3


def test_tileset_image_matches_its_declared_size(cave_tmj):
    _, path = cave_tmj
    tsj = json.loads(path.with_suffix(".tsj").read_text())
    with Image.open(path.parent / tsj["image"]) as img:
        assert img.size == (tsj["imagewidth"], tsj["imageheight"])
    assert tsj["tilecount"] == (tsj["imagewidth"] // tsj["tilewidth"]) * (tsj["imageheight"] // tsj["tileheight"])
    assert [t["type"] for t in tsj["tiles"]] == ["wall", "floor"]


def test_an_independent_reader_loads_the_map(cave_tmj):
    """pytiled-parser (the arcade engine's reader) parses the map, tileset and objects."""
    lvl, path = cave_tmj
    m = pytiled_parser.parse_map(path)
    assert (m.map_size.width, m.map_size.height) == (30, 20)
    layer = m.layers[0]
    gids = np.array(layer.data)
    assert gids.shape == (20, 30)
    assert np.array_equal(gids - 1, lvl.ids())  # gid = legend index + firstgid
    ts = next(iter(m.tilesets.values()))
    assert ts.tile_count == 2 and ts.image is not None
    assert [o.name for o in m.layers[1].tiled_objects] == ["player", "goal"]


def test_infinite_maps_have_aligned_chunks_covering_the_level(tmp_path):
    lvl = generate("cave", 4, width=30, height=20)
    path = tmp_path / "inf.tmj"
    procgen.io.save_tmj(lvl, path, infinite=True, origin=(-40, 8), chunk_size=16)
    doc = json.loads(path.read_text())
    layer = doc["layers"][0]
    assert doc["infinite"] is True and "data" not in layer
    filled = 0
    for c in layer["chunks"]:
        assert c["x"] % 16 == 0 and c["y"] % 16 == 0 and len(c["data"]) == c["width"] * c["height"] == 256
        filled += sum(1 for g in c["data"] if g)
    assert filled == 30 * 20
    m = pytiled_parser.parse_map(path)
    assert m.infinite


def test_texture_variants_are_scattered_deterministically():
    legend = {"#": Tile("wall", True), ".": Tile("floor", False)}
    lvl = Level.from_rows("cave", ["#" * 8] + ["#" + "." * 6 + "#"] * 6 + ["#" * 8], legend)
    image = np.zeros((16, 16 * 4, 3), np.uint8)
    ts = Tileset("tex", image, 16, 16, ["wall", "floor", "floor", "floor"])
    gids = tile_gids(lvl, ts)
    assert set(np.unique(gids[1:-1, 1:-1])) == {2, 3, 4}  # all floor variants used
    assert set(np.unique(gids[0])) == {1}
    assert np.array_equal(gids, tile_gids(lvl, ts))


def test_a_tileset_missing_a_legend_name_is_refused():
    lvl = generate("cave", 1, width=10, height=10)
    ts = Tileset("tex", np.zeros((16, 16, 3), np.uint8), 16, 16, ["wall"])
    with pytest.raises(ParamError, match="has no tile for legend name 'floor'"):
        tile_gids(lvl, ts)


def test_same_seed_gives_identical_tiled_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    for d in (a, b):
        procgen.io.save_tmj(generate("cave", 9, width=20, height=12), d / "m.tmj")
    for name in ("m.tmj", "m.tsj", "m.tileset.png"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
