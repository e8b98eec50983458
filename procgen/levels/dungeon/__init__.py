"""Zelda-like dungeons: rooms with a key, enemies and an exit door, and whole dungeons of rooms
joined by doors with locks and keys.

Modules, one job each:

* :mod:`.tiles` — characters, legend names, one-hot channel order (``VOCAB``)
* :mod:`.solver` — :func:`solve_room`: start→key→door walks, regions, unreachable floor
* :mod:`.classic` / :mod:`.layouts` — the classic room generator and its obstacle layouts
* :mod:`.repair` — :func:`repair_room` for model outputs
* :mod:`.dungeon` — whole dungeons: builder with a pluggable room source, :func:`solve_dungeon`
* :mod:`.generate` — the ``dungeon-room`` / ``dungeon`` entry points (and how a dungeon reads)
* :mod:`.corpus` — the shipped example rooms, the text loader, one-hot tensors
* :mod:`.metrics` — metrics, expressive range, ``procgen eval dungeon-room``
"""

from procgen.levels.dungeon.corpus import corpus_rooms, from_one_hot, load_rooms, one_hot
from procgen.levels.dungeon.dungeon import DungeonSolution, RoomSource, solve_dungeon
from procgen.levels.dungeon.generate import generate_dungeon, generate_room
from procgen.levels.dungeon.repair import repair_room
from procgen.levels.dungeon.solver import RoomSolution, solve_room
from procgen.levels.dungeon.tiles import DUNGEON_LEGEND, LEGEND, VOCAB

__all__ = [
    "DUNGEON_LEGEND",
    "LEGEND",
    "VOCAB",
    "DungeonSolution",
    "RoomSolution",
    "RoomSource",
    "corpus_rooms",
    "from_one_hot",
    "generate_dungeon",
    "generate_room",
    "load_rooms",
    "one_hot",
    "repair_room",
    "solve_dungeon",
    "solve_room",
]
