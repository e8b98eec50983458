"""One palette: the flat colour of every legend name and entity type, wherever it is drawn.

The PNG render, the flat-colour Tiled tileset, the textured sprites' key colours and the game
all read :data:`PALETTE`, so a name has one colour everywhere (a dungeon's treasure is the
same orange as a tile, as an entity marker, in Tiled and in the game), and no two names share
one (an enemy never reads as a locked door). A legend entry may carry its own
``"color": "#rrggbb"``; unknown names get a stable colour hashed from the name, so any user
vocabulary renders.

>>> tile_color(Tile("treasure", False)) == entity_color("treasure")
True
"""

from __future__ import annotations

import hashlib

from procgen.level import Tile

__all__ = ["ENTITY_COLORS", "PALETTE", "TILE_COLORS", "entity_color", "tile_color"]

Color = tuple[int, int, int]

#: Legend name or entity type -> its colour. Each name has its own colour.
PALETTE: dict[str, Color] = {
    # platformer (VGLC characters)
    "empty": (107, 140, 255),
    "ground": (150, 76, 12),
    "brick": (200, 90, 40),
    "question": (252, 188, 60),
    "question-used": (136, 112, 72),
    "enemy": (200, 30, 30),
    "pipe-top-left": (60, 190, 60),
    "pipe-top-right": (40, 170, 40),
    "pipe-left": (30, 145, 30),
    "pipe-right": (20, 125, 20),
    "coin": (255, 235, 100),
    "cannon-top": (70, 70, 76),
    "cannon": (30, 30, 34),
    # dungeon (and cave: wall, floor)
    "wall": (70, 60, 80),
    "floor": (200, 190, 160),
    "block": (120, 100, 80),
    "water": (40, 90, 200),
    "key": (255, 215, 0),
    "door": (140, 70, 20),
    "locked-door": (120, 30, 110),
    "treasure": (255, 150, 0),
    "stairs": (150, 150, 230),
    # both: where the hero starts and what it must reach
    "player": (40, 210, 80),
    "goal": (250, 60, 200),
}

#: Earlier names of the palette, kept for code that imported them (same single table).
TILE_COLORS = PALETTE
ENTITY_COLORS = PALETTE


def _hashed(name: str) -> Color:
    d = hashlib.blake2b(name.encode(), digest_size=3).digest()
    return (64 + d[0] % 160, 64 + d[1] % 160, 64 + d[2] % 160)


def tile_color(tile: Tile) -> Color:
    """The colour of a legend entry: its own ``color``, the palette's, or a hashed one."""
    own = tile.extra.get("color")
    if isinstance(own, str) and len(own) == 7:
        return (int(own[1:3], 16), int(own[3:5], 16), int(own[5:7], 16))
    return PALETTE.get(tile.name) or _hashed(tile.name)


def entity_color(type_: str) -> Color:
    """The colour of an entity type: the same as the legend name of that type."""
    return PALETTE.get(type_) or _hashed(type_)
