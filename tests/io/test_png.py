"""PNG renders: sizes, colours, determinism."""

import io

import numpy as np
import pytest
from PIL import Image

from procgen.errors import ParamError
from procgen.io.palette import tile_color
from procgen.io.png import encode_png, render
from procgen.kinds import generate
from procgen.level import Tile


def test_render_has_scaled_size_and_legend_colours():
    lvl = generate("cave", 2, width=20, height=10)
    img = render(lvl, scale=3, entities=False)
    assert img.shape == (30, 60, 3) and img.dtype == np.uint8
    wall = np.array(tile_color(lvl.legend["#"]))
    assert (img[0, 0] == wall).all()


def test_entities_are_drawn_over_tiles():
    lvl = generate("cave", 2, width=20, height=10)
    p = lvl.entities[0]
    plain, marked = render(lvl, 8, entities=False), render(lvl, 8)
    tile = np.s_[p.y * 8 : p.y * 8 + 8, p.x * 8 : p.x * 8 + 8]
    assert not np.array_equal(plain[tile], marked[tile])


def test_png_bytes_are_deterministic_and_decodable():
    lvl = generate("cave", 5, width=16, height=16)
    a, b = encode_png(render(lvl)), encode_png(render(generate("cave", 5, width=16, height=16)))
    assert a == b
    assert Image.open(io.BytesIO(a)).size == (64, 64)


def test_own_legend_colours_and_unknown_names_render():
    assert tile_color(Tile("lava", True, {"color": "#ff0010"})) == (255, 0, 16)
    assert tile_color(Tile("mystery", False)) == tile_color(Tile("mystery", True))


@pytest.mark.parametrize("scale", [0, 65])
def test_bad_scale_is_a_param_error(scale):
    with pytest.raises(ParamError, match="scale"):
        render(generate("cave", 1, width=8, height=8), scale)
