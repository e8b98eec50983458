"""Dungeon tile vocabulary: characters, legend names, and the one-hot channel order.

The characters follow the Video Game Level Corpus (VGLC) Zelda set where it has the tile, so
VGLC-style room text reads the same way:

====  ===============  =========  ============================================================
char  legend name      solid      meaning
====  ===============  =========  ============================================================
W     ``wall``         yes        room border and inner walls
F     ``floor``        no         walkable floor
B     ``block``        yes        a block (pushable in Zelda; an obstacle here)
P     ``water``        yes        water/lava, VGLC's "element": impassable
M     ``enemy``        no         an enemy standing on floor (passable, counted by the solver)
K     ``key``          no         the key (on floor)
D     ``door``         no         a door: a room's exit in its border, or between two rooms
A     ``player``       no         where the player starts
S     ``stairs``       no         the exit of a whole dungeon
L     ``locked-door``  yes        a door opened by one key (whole dungeons only)
T     ``treasure``     no         an optional prize at the end of a branch (whole dungeons)
====  ===============  =========  ============================================================

A room's default interior is 11×7 tiles, so with its one-tile wall border a room is 13×9.
``VOCAB`` is the channel order of :func:`procgen.levels.dungeon.corpus.one_hot`; ``LEGEND``
starts with the same characters in the same order, so ``Level.ids()`` of a room *is* the
channel index.

>>> "".join(VOCAB), ROOM_WIDTH, ROOM_HEIGHT
('WFBPMKDA', 13, 9)
>>> [LEGEND[c].name for c in VOCAB][:4]
['wall', 'floor', 'block', 'water']
"""

from __future__ import annotations

import numpy as np

from procgen.level import Tile

__all__ = [
    "BLOCK",
    "DEFAULT_HEIGHT",
    "DEFAULT_WIDTH",
    "DOOR",
    "DUNGEON_LEGEND",
    "ENEMY",
    "FLOOR",
    "KEY",
    "LEGEND",
    "LOCKED",
    "PASSABLE_NAMES",
    "PLAYER",
    "ROOM_HEIGHT",
    "ROOM_WIDTH",
    "STAIRS",
    "TREASURE",
    "VOCAB",
    "WALL",
    "WATER",
    "code_table",
]

WALL, FLOOR, BLOCK, WATER, ENEMY, KEY, DOOR, PLAYER = "W", "F", "B", "P", "M", "K", "D", "A"
STAIRS, LOCKED, TREASURE = "S", "L", "T"

#: One-hot channel order of room tensors (the tiles a room may hold).
VOCAB: tuple[str, ...] = (WALL, FLOOR, BLOCK, WATER, ENEMY, KEY, DOOR, PLAYER)

#: The legend of a ``dungeon-room`` level, in ``VOCAB`` order.
LEGEND: dict[str, Tile] = {
    WALL: Tile("wall", True),
    FLOOR: Tile("floor", False),
    BLOCK: Tile("block", True),
    WATER: Tile("water", True),
    ENEMY: Tile("enemy", False),
    KEY: Tile("key", False),
    DOOR: Tile("door", False),
    PLAYER: Tile("player", False),
}

#: The legend of a whole ``dungeon``: the room tiles plus stairs, locked doors and treasure.
DUNGEON_LEGEND: dict[str, Tile] = {
    **LEGEND,
    STAIRS: Tile("stairs", False),
    LOCKED: Tile("locked-door", True),
    TREASURE: Tile("treasure", False),
}

#: Legend names a walker may stand on (locked doors open only with their key).
PASSABLE_NAMES = frozenset({"floor", "enemy", "key", "door", "player", "stairs", "treasure"})

DEFAULT_WIDTH, DEFAULT_HEIGHT = 11, 7
ROOM_WIDTH, ROOM_HEIGHT = DEFAULT_WIDTH + 2, DEFAULT_HEIGHT + 2


def code_table(legend: dict[str, Tile], names: frozenset[str] | set[str]) -> np.ndarray:
    """A 256-entry bool table: ``table[ascii code]`` is True when the tile's name is in ``names``."""
    table = np.zeros(256, dtype=bool)
    for ch, tile in legend.items():
        table[ord(ch)] = tile.name in names
    return table
