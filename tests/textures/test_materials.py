"""Procedural materials: seamless, deterministic, in palette, and distinct per seed."""

import numpy as np
import pytest
from hypothesis import given

from procgen.errors import ParamError
from procgen.rng import rng
from procgen.textures.materials import MATERIALS, PALETTES, periodic_noise, synthesize
from procgen.textures.quality import SEAM_LIMIT, seam_error
from tests.strategies import seeds, texture_materials, texture_sizes


def test_at_least_the_eleven_named_materials_exist():
    """The materials the other content needs are all there."""
    needed = {"grass", "dirt", "sand", "stone", "snow", "water", "lava", "wood", "brick", "dungeon-floor", "dungeon-wall"}
    assert needed <= set(MATERIALS)


@pytest.mark.parametrize("size", [16, 32])
@pytest.mark.parametrize("material", MATERIALS)
def test_every_material_tiles_without_a_seam(material, size):
    """Wrap-around edge differences are no larger than interior neighbour differences (<= 1.1x)."""
    tiles = synthesize(material, seed=11, size=size, n=32)
    assert seam_error(tiles) <= SEAM_LIMIT


@given(material=texture_materials, seed=seeds, size=texture_sizes)
def test_same_seed_same_tiles_and_shape(material, seed, size):
    """A material's tiles are a pure function of (material, seed, size, n)."""
    a = synthesize(material, seed, size, n=3)
    b = synthesize(material, seed, size, n=3)
    assert a.shape == (3, size, size, 3) and a.dtype == np.uint8
    assert np.array_equal(a, b)


@given(material=texture_materials, seed=seeds)
def test_pixels_come_from_the_material_palette(material, seed):
    """Every pixel is one of the material's palette colours (the limited pixel-art palette)."""
    tiles = synthesize(material, seed, 16, n=2)
    palette = {tuple(c) for c in PALETTES[material].tolist()}
    assert {tuple(p) for p in tiles.reshape(-1, 3).tolist()} <= palette


def test_different_seeds_give_different_tiles():
    """Another seed is another set of variants."""
    assert not np.array_equal(synthesize("grass", 1, 16, 4), synthesize("grass", 2, 16, 4))


def test_variants_in_one_batch_differ():
    """No two variants of one call are identical."""
    tiles = synthesize("brick", 5, 16, n=16).reshape(16, -1)
    assert len({t.tobytes() for t in tiles}) == 16


def test_periodic_noise_wraps_around():
    """Noise continued one pixel past the edge equals the first pixel: the lattice is a torus."""
    v = periodic_noise(rng(0, "t"), 2, 32, cells=4, octaves=3)
    assert v.shape == (2, 32, 32) and 0 <= v.min() and v.max() <= 1
    # Differences across the wrap look like interior ones.
    wrap = np.abs(v[:, :, 0] - v[:, :, -1]).mean()
    inner = np.abs(np.diff(v, axis=2)).mean()
    assert wrap < 1.5 * inner


def test_undithered_tiles_are_flatter():
    """Dithering can be switched off (fewer isolated pixels between bands)."""
    a = synthesize("snow", 3, 16, 8, dither=True)
    b = synthesize("snow", 3, 16, 8, dither=False)
    assert not np.array_equal(a, b)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"material": "chocolate"}, "material"),
        ({"size": 12}, "size"),
        ({"size": True}, "size"),
        ({"n": 0}, "n"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_parameters_name_the_field(kwargs, field):
    """Bad input is a ParamError whose message starts with the field name."""
    args = {"material": "grass", "seed": 0, "size": 16, "n": 1, **kwargs}
    with pytest.raises(ParamError, match=f"^{field}"):
        synthesize(**args)


def test_importing_textures_does_not_import_torch():
    """The procedural path stays torch-free (torch loads only for generator='vae'|'gan')."""
    import subprocess
    import sys

    code = "import sys, procgen.textures; procgen.textures.build_atlas(['grass'], 2); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
