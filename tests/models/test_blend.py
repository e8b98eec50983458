"""Blending: one decode per call, the ends are the two levels, styles mix."""

from __future__ import annotations

import numpy as np
import pytest

from procgen.errors import ParamError
from procgen.models.blend import blend_styles, encode_level, interpolate, strip, style_latents
from procgen.models.platformer import sample_windows


def test_interpolation_ends_are_the_two_levels_and_is_deterministic() -> None:
    s = strip("platformer", seed_a=1, seed_b=2, steps=4, width=56)
    assert s[0].rows == interpolate("platformer", seed_a=1, seed_b=9, t=0.0, width=56).rows
    assert s[-1].rows == interpolate("platformer", seed_a=7, seed_b=2, t=1.0, width=56).rows
    assert s[1].rows == interpolate("platformer", seed_a=1, seed_b=2, t=1 / 3, width=56).rows


def test_rooms_interpolate_with_the_gan_too() -> None:
    a = interpolate("dungeon-room", seed_a=1, seed_b=2, t=0.5, generator="gan")
    assert (a.width, a.height) == (13, 9)


def test_a_real_level_encodes_to_one_latent_per_window() -> None:
    from procgen.models.data import platformer_domain

    lv = platformer_domain().level_of(np.concatenate(list(sample_windows(3, 0, generator="vae")), axis=1))
    z = encode_level(lv)
    assert z.shape == (3, 32)
    mid = interpolate("platformer", seed_a=0, seed_b=0, t=0.5, level_a=lv, level_b=lv)
    assert mid.width == 84


def test_styles_blend_between_corpus_styles() -> None:
    styles = style_latents()
    assert {"underground", "sky"} <= set(styles)
    a = blend_styles("underground", "sky", 0.0, seed=1, width=56)
    b = blend_styles("underground", "sky", 1.0, seed=1, width=56)
    assert a.rows != b.rows
    with pytest.raises(ParamError, match="style"):
        blend_styles("underground", "lava", 0.5)


def test_t_outside_zero_one_is_a_param_error() -> None:
    with pytest.raises(ParamError, match="t:"):
        interpolate("platformer", seed_a=1, seed_b=2, t=1.5)
