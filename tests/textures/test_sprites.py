"""Drawn sprites for non-material tiles."""

import numpy as np
import pytest

from procgen.textures.sprites import SPRITES, draw


@pytest.mark.parametrize("name", sorted(SPRITES))
@pytest.mark.parametrize("size", [16, 32])
def test_every_sprite_draws_something_over_its_background(name, size):
    """A sprite changes some pixels of the background and leaves the input untouched."""
    bg = np.full((size, size, 3), 77, np.uint8)
    img = draw(name, bg)
    assert img.shape == (size, size, 3) and img.dtype == np.uint8
    assert (img != 77).any()
    assert (bg == 77).all()
