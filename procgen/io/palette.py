"""Flat colours by tile and entity name, used by PNG renders and by flat-colour Tiled tilesets.

A legend entry may carry its own ``"color": "#rrggbb"``; unknown names get a stable colour
hashed from the name, so any user vocabulary renders.
"""

from __future__ import annotations

import hashlib

from procgen.level import Tile

__all__ = ["ENTITY_COLORS", "TILE_COLORS", "entity_color", "tile_color"]

TILE_COLORS: dict[str, tuple[int, int, int]] = {
    # platformer (VGLC characters)
    "empty": (107, 140, 255),
    "ground": (150, 76, 12),
    "brick": (200, 90, 40),
    "question": (252, 188, 60),
    "question-used": (136, 112, 72),
    "enemy": (180, 40, 40),
    "pipe-top-left": (40, 170, 40),
    "pipe-top-right": (40, 170, 40),
    "pipe-left": (20, 130, 20),
    "pipe-right": (20, 130, 20),
    "coin": (255, 230, 80),
    "cannon-top": (60, 60, 60),
    "cannon": (30, 30, 30),
    # dungeon
    "wall": (70, 60, 80),
    "floor": (200, 190, 160),
    "block": (120, 100, 80),
    "water": (40, 90, 200),
    "key": (255, 215, 0),
    "door": (140, 70, 20),
    "locked-door": (180, 40, 40),
    "player": (40, 200, 80),
    "stairs": (160, 160, 220),
    "goal": (250, 60, 200),
}

ENTITY_COLORS: dict[str, tuple[int, int, int]] = {
    "player": (30, 220, 60),
    "goal": (255, 40, 200),
    "key": (255, 215, 0),
    "enemy": (220, 30, 30),
    "door": (160, 80, 20),
    "stairs": (120, 120, 255),
    "treasure": (255, 170, 0),
}


def _hashed(name: str) -> tuple[int, int, int]:
    d = hashlib.blake2b(name.encode(), digest_size=3).digest()
    return (64 + d[0] % 160, 64 + d[1] % 160, 64 + d[2] % 160)


def tile_color(tile: Tile) -> tuple[int, int, int]:
    """The colour of a legend entry: its own ``color``, the palette's, or a hashed one."""
    own = tile.extra.get("color")
    if isinstance(own, str) and len(own) == 7:
        return (int(own[1:3], 16), int(own[3:5], 16), int(own[5:7], 16))
    return TILE_COLORS.get(tile.name, _hashed(tile.name))


def entity_color(type_: str) -> tuple[int, int, int]:
    return ENTITY_COLORS.get(type_, _hashed("entity:" + type_))
