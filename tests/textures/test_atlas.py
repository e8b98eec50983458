"""Texture atlases and textured Tiled tilesets for every level kind."""

import json

import numpy as np
import pytest
import pytiled_parser
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

import procgen.io
from procgen.errors import ParamError
from procgen.level import Level, Tile
from procgen.levels import cave
from procgen.textures.atlas import build_atlas, look_of, render_textured, textures_cli, tileset_for
from procgen.textures.materials import MATERIALS, synthesize
from tests.strategies import seeds

PLATFORMER = Level.from_rows(
    "platformer",
    ["--o-----<>", "-S?S----[]", "----E---[]", "XXXX--XXXX"],
    {
        "-": Tile("empty", False), "X": Tile("ground", True), "S": Tile("brick", True),
        "?": Tile("question", True), "o": Tile("coin", False), "E": Tile("enemy", False),
        "<": Tile("pipe-top-left", True), ">": Tile("pipe-top-right", True),
        "[": Tile("pipe-left", True), "]": Tile("pipe-right", True),
    },
)
ROOM = Level.from_rows(
    "dungeon-room",
    ["######", "#.k~B#", "#p.E>D", "######"],
    {
        "#": Tile("wall", True), ".": Tile("floor", False), "~": Tile("water", True),
        "B": Tile("block", True), "E": Tile("enemy", False), "k": Tile("key", False),
        "D": Tile("door", False), "p": Tile("player", False), ">": Tile("stairs", False),
    },
)
TERRAIN = Level.from_rows(
    "terrain",
    ["~~..ff", "~..ffT", "..^^TT", "..^*TT"],
    {
        "~": Tile("ocean", True), ".": Tile("beach", False), "f": Tile("forest", False),
        "T": Tile("taiga", False), "^": Tile("mountain", True), "*": Tile("snow", False),
    },
)


def test_atlas_has_a_row_per_material_and_a_column_per_variant():
    """Image size, tile count and names follow (materials x variants); tiles are the synthesized ones."""
    ts = build_atlas(["grass", "water", "brick"], variants=5, size=16, seed=4)
    assert ts.image.shape == (3 * 16, 5 * 16, 3)
    assert ts.tilecount == 15 and ts.columns == 5
    assert ts.names == ["grass"] * 5 + ["water"] * 5 + ["brick"] * 5
    assert np.array_equal(ts.image[16:32, 32:48], synthesize("water", 4, 16, 5)[2])
    assert ts.properties[7] == {"material": "water", "variant": 2, "generator": "procedural"}


@given(seed=seeds, variants=st.integers(1, 4), size=st.sampled_from([16, 32]))
def test_atlas_is_deterministic(seed, variants, size):
    """Same arguments, same atlas bytes."""
    a = build_atlas(["dirt", "lava"], variants=variants, size=size, seed=seed)
    b = build_atlas(["dirt", "lava"], variants=variants, size=size, seed=seed)
    assert np.array_equal(a.image, b.image) and a.names == b.names


@pytest.mark.parametrize("level", [PLATFORMER, ROOM, TERRAIN], ids=lambda lv: lv.kind)
def test_tileset_for_covers_every_legend_name_with_variants(level):
    """Each legend name gets `variants` tiles, in legend order, and renders at tile scale."""
    ts = tileset_for(level, variants=3, size=16)
    assert ts.names == [t.name for t in level.legend.values() for _ in range(3)]
    assert ts.image.shape == (len(level.legend) * 16, 3 * 16, 3)
    img = render_textured(level, ts)
    assert img.shape == (level.height * 16, level.width * 16, 3)


@pytest.mark.parametrize("level", [PLATFORMER, ROOM, TERRAIN], ids=lambda lv: lv.kind)
def test_textured_tmj_export_is_read_by_pytiled_parser(level, tmp_path):
    """save_tmj with the textured tileset gives a map whose gids index that tileset's image."""
    ts = tileset_for(level, variants=4)
    path = tmp_path / "map.tmj"
    procgen.io.save_tmj(level, path, tileset=ts)
    m = pytiled_parser.parse_map(path)
    gids = np.array(m.layers[0].data)
    assert gids.shape == (level.height, level.width)
    assert gids.min() >= 1 and gids.max() <= ts.tilecount
    tileset = next(iter(m.tilesets.values()))
    assert tileset.tile_count == ts.tilecount and tileset.columns == 4
    # Every map cell shows a tile made for its legend name.
    names = np.array(ts.names)[gids - 1]
    expected = np.array(level.names())[level.ids()]
    assert (names == expected).all()
    png = Image.open(tmp_path / "map.tileset.png")
    assert png.size == (ts.image.shape[1], ts.image.shape[0])


def test_large_areas_use_several_variants():
    """A big field of one material is scattered over its variants by position."""
    lvl = cave.generate(3, width=40, height=30)
    ts = tileset_for(lvl, variants=4)
    img = render_textured(lvl, ts)
    wall_tiles = {img[y * 16 : (y + 1) * 16, x * 16 : (x + 1) * 16].tobytes() for y in range(30) for x in (0, 39)}  # the wall border
    assert len(wall_tiles) == 4


def test_levels_map_to_the_right_materials():
    """Dungeon walls are dungeon-wall, cave walls are stone, biomes map to tinted materials."""
    assert look_of(Tile("wall", True), "dungeon-room").material == "dungeon-wall"
    assert look_of(Tile("wall", True), "cave").material == "stone"
    assert look_of(Tile("ground", True), "platformer").material == "dirt"
    assert look_of(Tile("rainforest", False), "terrain").material == "grass"
    assert look_of(Tile("deep-ocean", True), "terrain").material == "water"
    assert look_of(Tile("question", True), "platformer").sprite == "question"
    assert look_of(Tile("frozen-lake-shore", False), "terrain").material == "water"
    assert look_of(Tile("mystery", False, {"color": "#102030"}), "terrain").flat == (16, 32, 48)


def test_every_material_name_is_its_own_look():
    for m in MATERIALS:
        assert look_of(Tile(m, False), "terrain").material == m


def test_textures_cli_writes_atlas_and_tsj(tmp_path):
    """`procgen textures` writes a PNG atlas and a .tsj whose image path, size and count match."""
    out, tsj = tmp_path / "img" / "atlas.png", tmp_path / "tileset.tsj"
    out.parent.mkdir()
    text = textures_cli(materials=["grass", "stone"], variants=3, size=16, out=str(out), tsj=str(tsj),
                        generator="procedural", seed=2)
    assert "2 materials x 3 variants" in text
    doc = json.loads(tsj.read_text())
    assert doc["image"] == "img/atlas.png"
    assert (doc["imagewidth"], doc["imageheight"], doc["tilecount"], doc["columns"]) == (48, 32, 6, 3)
    assert [t["type"] for t in doc["tiles"]] == ["grass"] * 3 + ["stone"] * 3
    assert Image.open(out).size == (48, 32)
    ts = pytiled_parser.parse_tileset(tsj)
    assert ts.tile_count == 6


def test_textures_cli_writes_nothing_on_bad_input(tmp_path):
    """A bad material is a ParamError and no file appears."""
    out = tmp_path / "atlas.png"
    with pytest.raises(ParamError, match="^material"):
        textures_cli(materials=["grass", "plutonium"], variants=2, size=16, out=str(out), tsj=None,
                     generator="procedural", seed=0)
    assert not out.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"materials": []}, "materials"),
        ({"materials": "grass"}, "materials"),
        ({"variants": 0}, "variants"),
        ({"size": 20}, "size"),
        ({"generator": "sketch"}, "generator"),
        ({"seed": -3}, "seed"),
    ],
)
def test_build_atlas_rejects_bad_parameters(kwargs, field):
    args = {"materials": ["grass"], "variants": 2, "size": 16, "seed": 0, "generator": "procedural", **kwargs}
    with pytest.raises(ParamError, match=f"^{field}"):
        build_atlas(**args)
