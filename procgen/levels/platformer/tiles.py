"""The platformer tile set: Video Game Level Corpus characters, their names and solidity.

``VOCAB`` fixes the order of the characters; it is the channel order of one-hot windows for
the models, so it must never be reordered (append only).

>>> VOCAB
'-XS?QE<>[]oBb'
>>> sorted(SOLID)
['<', '>', '?', 'B', 'Q', 'S', 'X', '[', ']', 'b']
>>> LEGEND["<"].name, LEGEND["<"].solid
('pipe-top-left', True)
"""

from __future__ import annotations

import numpy as np

from procgen.level import Tile

__all__ = [
    "BRICK", "CANNON", "CANNON_TOP", "COIN", "EMPTY", "ENEMY", "GROUND", "HEIGHT", "LEGEND",
    "PIPE_LEFT", "PIPE_RIGHT", "PIPE_TOP_LEFT", "PIPE_TOP_RIGHT", "QUESTION", "QUESTION_USED",
    "SOLID", "VOCAB", "char_table", "solid_table",
]

EMPTY, GROUND, BRICK, QUESTION, QUESTION_USED, ENEMY = "-", "X", "S", "?", "Q", "E"
PIPE_TOP_LEFT, PIPE_TOP_RIGHT, PIPE_LEFT, PIPE_RIGHT = "<", ">", "[", "]"
COIN, CANNON_TOP, CANNON = "o", "B", "b"

#: Rows of a platformer level (the VGLC Super Mario Bros. height).
HEIGHT = 14

#: character → Tile, in DESIGN.md order (the order is also VOCAB's).
LEGEND: dict[str, Tile] = {
    EMPTY: Tile("empty", False),
    GROUND: Tile("ground", True),
    BRICK: Tile("brick", True),
    QUESTION: Tile("question", True),
    QUESTION_USED: Tile("question-used", True),
    ENEMY: Tile("enemy", False),
    PIPE_TOP_LEFT: Tile("pipe-top-left", True),
    PIPE_TOP_RIGHT: Tile("pipe-top-right", True),
    PIPE_LEFT: Tile("pipe-left", True),
    PIPE_RIGHT: Tile("pipe-right", True),
    COIN: Tile("coin", False),
    CANNON_TOP: Tile("cannon-top", True),
    CANNON: Tile("cannon", True),
}

#: The characters in a fixed order: tile id i is VOCAB[i] (one-hot channel i).
VOCAB: str = "".join(LEGEND)

#: Characters the player collides with.
SOLID: frozenset[str] = frozenset(ch for ch, t in LEGEND.items() if t.solid)


def char_table(values: dict[str, int], default: int = 0) -> np.ndarray:
    """A 256-entry lookup from ASCII code to an int8 value (one gather maps a whole grid)."""
    table = np.full(256, default, dtype=np.int8)
    for ch, v in values.items():
        table[ord(ch)] = v
    return table


def solid_table() -> np.ndarray:
    """ASCII code → 1 for solid characters, 0 otherwise."""
    return char_table({ch: 1 for ch in SOLID})
