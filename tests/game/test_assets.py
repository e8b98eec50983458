"""The game's art: its characters are procgen's one sprite set, drawn at any size."""

from __future__ import annotations

import numpy as np
import pygame

from procgen.level import Level
from procgen.levels.dungeon.tiles import LEGEND
from procgen.textures.sprites import CHARACTERS, character
from procgen_viewer.assets import SPRITES, Art


def test_the_game_draws_the_same_characters_as_the_textured_exports():
    """Every game sprite is procgen.textures.sprites' character, pixel for pixel at 16 px."""
    assert set(SPRITES) == set(CHARACTERS)
    pygame.display.init()
    art = Art(LEGEND)
    for name in CHARACTERS:
        surf = art.sprite(name, 16)
        rgb = pygame.surfarray.array3d(surf).transpose(1, 0, 2)
        alpha = pygame.surfarray.array_alpha(surf).T
        want = character(name)
        assert np.array_equal(alpha > 0, want[..., 3] > 0), name
        assert np.array_equal(rgb[alpha > 0], want[..., :3][want[..., 3] > 0]), name


def test_model_textures_without_torch_fall_back_to_procedural_with_a_notice(uninstalled):
    """On an install without the [models] extra, the GAN look is the procedural textures and
    a notice saying why (naming the extra), never silently the drawn tiles."""
    uninstalled("torch")
    from procgen_viewer.assets import art_for

    pygame.display.init()
    level = Level.from_rows("dungeon-room", ["WWW", "WFW", "WWW"], {"W": LEGEND["W"], "F": LEGEND["F"]})
    art, look, notice = art_for(level, "gan")
    assert art.textured and look == "procedural textures"
    assert notice.startswith("GAN textures unavailable") and "[models]" in notice
