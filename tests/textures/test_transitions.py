"""Biome transitions from the shipped texture VAE."""

import numpy as np
import pytest

from procgen.errors import CheckpointError, ParamError
from procgen.textures.transitions import blend, blend_strip


def test_blend_endpoints_are_the_materials_and_the_middle_is_between():
    """t=0 is grass, t=1 is snow; halfway is in between in brightness."""
    strip = blend_strip("grass", "snow", [0.0, 0.5, 1.0], seed=2)
    assert strip.shape == (3, 16, 16, 3)
    assert np.array_equal(blend("grass", "snow", 0.0, seed=2), strip[0])
    lum = strip.reshape(3, -1).mean(axis=1)
    assert lum[0] < lum[1] < lum[2]


def test_blend_is_deterministic_and_scales():
    a = blend("sand", "water", 0.3, seed=5, size=32)
    assert a.shape == (32, 32, 3)
    assert np.array_equal(a, blend("sand", "water", 0.3, seed=5, size=32))


@pytest.mark.parametrize(("args", "field"), [(("grass", "snow", 1.5), "t"), (("grass", "snow", "x"), "t"), (("grass", "tar", 0.5), "material")])
def test_blend_rejects_bad_input(args, field):
    with pytest.raises(ParamError, match=f"^{field}"):
        blend(*args)


def test_blend_without_the_trained_vae_raises_checkpoint_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PROCGEN_TRAINED", str(tmp_path))
    with pytest.raises(CheckpointError):
        blend("grass", "snow", 0.5)
