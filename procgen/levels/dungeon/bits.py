"""Breadth-first search on small grids with Python integers as bitboards.

A room of H×W tiles is one integer whose bit ``y * W + x`` is tile ``(x, y)``. One BFS step
moves the whole frontier at once with four shifts and masks, so a search costs a few
microseconds per step whatever the grid holds, far cheaper than building a sparse graph for a
13×9 room. (The word-parallel shift is the vectorization here; no loop visits tiles.)

>>> import numpy as np
>>> open_ = np.array([[1, 1, 1], [0, 0, 1], [1, 1, 1]], dtype=bool)
>>> board = Board.of(3, 3)
>>> layers = board.layers(board.pack(open_), board.bit(0, 0))
>>> len(layers) - 1, board.positions(layers[-1])
(6, [(0, 2)])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["Board"]


@dataclass(frozen=True)
class Board:
    """The bit layout of an ``height``×``width`` grid, with the masks a step needs."""

    height: int
    width: int
    full: int
    not_first_col: int  # every bit except column 0
    not_last_col: int  # every bit except column width-1

    @staticmethod
    @lru_cache(maxsize=256)
    def of(height: int, width: int) -> Board:
        n = height * width
        full = (1 << n) - 1
        # Column 0 of every row, packed by numpy (no Python loop over tiles).
        col0 = int.from_bytes(
            np.packbits(np.arange(n) % width == 0, bitorder="little").tobytes(), "little"
        )
        return Board(height, width, full, full & ~col0, full & ~(col0 << (width - 1)))

    # -- conversions -----------------------------------------------------------------------

    def pack(self, mask: np.ndarray) -> int:
        """A ``(height, width)`` bool mask as a bitboard."""
        return int.from_bytes(np.packbits(mask, axis=None, bitorder="little").tobytes(), "little")

    def unpack(self, bits: int) -> np.ndarray:
        """A bitboard as a ``(height, width)`` bool mask."""
        n = self.height * self.width
        raw = np.frombuffer(bits.to_bytes((n + 7) // 8, "little"), dtype=np.uint8)
        return np.unpackbits(raw, bitorder="little", count=n).astype(bool).reshape(self.height, self.width)

    def indices(self, bits: int) -> np.ndarray:
        """Flat indices ``y * width + x`` of the set bits, ascending."""
        n = self.height * self.width
        raw = np.frombuffer(bits.to_bytes((n + 7) // 8, "little"), dtype=np.uint8)
        return np.flatnonzero(np.unpackbits(raw, bitorder="little", count=n))

    def positions(self, bits: int) -> list[tuple[int, int]]:
        """``(x, y)`` of the set bits, row-major."""
        return [(int(i % self.width), int(i // self.width)) for i in self.indices(bits)]

    def bit(self, x: int, y: int) -> int:
        return 1 << (y * self.width + x)

    def xy(self, single_bit: int) -> tuple[int, int]:
        """``(x, y)`` of a bitboard with exactly one bit set."""
        i = single_bit.bit_length() - 1
        return i % self.width, i // self.width

    # -- search ----------------------------------------------------------------------------

    def spread(self, bits: int) -> int:
        """The 4-neighbours of ``bits`` (not ``bits`` itself), clipped to the grid."""
        return (
            ((bits << 1) & self.not_first_col)
            | ((bits >> 1) & self.not_last_col)
            | ((bits << self.width) & self.full)
            | (bits >> self.width)
        )

    def layers(self, passable: int, start: int, stop: int = 0) -> list[int]:
        """BFS rings from ``start``: ``layers[d]`` holds the tiles exactly ``d`` steps away.

        ``start`` need not be passable itself (a door in a wall is fine). With ``stop``, the
        search ends at the first ring that touches it.
        """
        seen = front = start
        out = [start]
        while not front & stop:
            front = self.spread(front) & passable & ~seen
            if not front:
                break
            seen |= front
            out.append(front)
        return out

    def distance(self, layers: list[int], target: int) -> int | None:
        """Steps to ``target`` (one bit) in BFS ``layers``, or None when it was not reached."""
        for d, ring in enumerate(layers):
            if ring & target:
                return d
        return None

    def path(self, layers: list[int], target: int) -> list[tuple[int, int]]:
        """A shortest path ``[(x, y), ...]`` from the BFS start to ``target`` (which it reached)."""
        d = self.distance(layers, target)
        if d is None:
            return []
        cur = target
        out = [self.xy(cur)]
        for k in range(d - 1, -1, -1):
            back = self.spread(cur) & layers[k]
            cur = back & -back  # lowest set bit: any predecessor is a shortest-path step
            out.append(self.xy(cur))
        out.reverse()
        return out

    def regions(self, passable: int) -> int:
        """The number of 4-connected regions of ``passable``."""
        count = 0
        left = passable
        while left:
            seed = left & -left
            reach = seed
            front = seed
            while front:
                front = self.spread(front) & left & ~reach
                reach |= front
            left &= ~reach
            count += 1
        return count

    def flood(self, passable: int, start: int) -> int:
        """Every tile of ``passable`` connected to ``start`` (``start`` included)."""
        reach = front = start
        while front:
            front = self.spread(front) & passable & ~reach
            reach |= front
        return reach
