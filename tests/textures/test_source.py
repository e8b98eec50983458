"""Tiles come from a source handed in from above; the texture code never imports the models."""

import numpy as np
import pytest

from procgen.errors import ParamError
from procgen.textures.atlas import build_atlas
from procgen.textures.source import TileSource, source_of
from procgen.textures.transitions import blend_strip


def _checker(material, seed, size, n):
    tiles = np.zeros((n, size, size, 3), dtype=np.uint8)
    tiles[:, ::2, ::2] = 255
    return tiles


def test_a_source_handed_in_is_used_and_named_in_the_tiles():
    ts = build_atlas(["grass"], variants=2, size=8, generator=TileSource("checker", _checker))
    assert ts.image.shape == (8, 16, 3) and ts.image.max() == 255 and ts.image[1, 1].max() == 0
    assert ts.properties[0]["generator"] == "checker"


def test_unknown_names_and_unblendable_sources_are_param_errors():
    with pytest.raises(ParamError, match="^generator: must be one of procedural"):
        source_of("wfc")
    with pytest.raises(ParamError, match="^source: checker tiles cannot be blended"):
        blend_strip("grass", "snow", [0.5], source=TileSource("checker", _checker))
