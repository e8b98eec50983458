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


def _has_colour(img: np.ndarray, colour: tuple[int, int, int]) -> bool:
    return bool((img.reshape(-1, img.shape[-1])[:, :3] == colour).all(axis=1).any())


def test_a_textured_dungeon_export_draws_the_games_knight_and_slimes():
    """The atlas draws a dungeon's enemy and player as the game does: a slime and a knight
    (not a platformer walker and a generic figure); a platformer's enemy is the walker."""
    from procgen.kinds import generate
    from procgen.textures.atlas import tileset_for
    from procgen.textures.sprites import character

    def tile_of(level, name):
        ts = tileset_for(level, variants=1)
        r, c = divmod(ts.names.index(name), ts.columns)
        return ts.image[r * 16 : (r + 1) * 16, c * 16 : (c + 1) * 16]

    dungeon = generate("dungeon", 3, rooms=4)
    slime, knight = character("slime"), character("knight")
    assert _has_colour(tile_of(dungeon, "enemy"), tuple(slime[8, 8, :3]))
    assert _has_colour(tile_of(dungeon, "player"), tuple(knight[9, 3, :3]))
    platformer = generate("platformer", 3, width=40)
    if "enemy" in [t.name for t in platformer.legend.values()]:
        walker = character("walker")
        assert _has_colour(tile_of(platformer, "enemy"), tuple(walker[3, 8, :3]))


@pytest.mark.parametrize("size", [16, 24, 48])
def test_characters_scale_to_any_tile_size_over_their_background(size):
    from procgen.textures.sprites import CHARACTERS, draw_character

    bg = np.full((size, size, 3), 77, np.uint8)
    for name in CHARACTERS:
        img = draw_character(name, bg)
        assert img.shape == (size, size, 3) and (img != 77).any() and (img == 77).any()
