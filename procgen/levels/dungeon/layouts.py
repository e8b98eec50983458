"""Room interiors the classic generator starts from: obstacle layouts built with numpy.

Each builder takes the room's random Generator and the interior size ``(h, w)`` and returns a
``(h, w)`` uint8 grid of floor and obstacles (walls, blocks, water). Zelda rooms are often
mirror-symmetric, so the decorative layouts are mirrored left-to-right half of the time.
:func:`comb` is different: inner walls with alternating gaps make one long serpentine walk, the
tool for long path-length targets, and it also says where the door must go (the snake's head).

>>> import numpy as np
>>> g, door = comb(5, 5, corridor=1, vertical=False)
>>> [bytes(r).decode() for r in g], door
(['FFFFF', 'WWWWF', 'FFFFF', 'FWWWW', 'FFFFF'], (0, 1))
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import ndimage

from procgen.levels.dungeon.tiles import BLOCK, FLOOR, WALL, WATER

__all__ = ["DECOR", "comb", "comb_head_distance", "keep_largest_region"]

F, B, W, P = (ord(c) for c in (FLOOR, BLOCK, WALL, WATER))
_CROSS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)

Builder = Callable[[np.random.Generator, int, int], np.ndarray]


def _mirror(g: np.ndarray) -> np.ndarray:
    """Copy the left half onto the right half, mirrored (odd widths keep their middle column)."""
    half = g.shape[1] // 2
    g[:, g.shape[1] - half :] = g[:, :half][:, ::-1]
    return g


def open_hall(r: np.random.Generator, h: int, w: int) -> np.ndarray:
    """An almost empty room: a few scattered blocks."""
    g = np.full((h, w), F, dtype=np.uint8)
    scatter = r.random((h, w)) < 0.06
    g[scatter] = B
    return _mirror(g) if r.random() < 0.5 else g


def pillars(r: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A pillared hall: blocks (or wall stubs) on a lattice, one tile in from the walls."""
    g = np.full((h, w), F, dtype=np.uint8)
    step = int(r.integers(2, 4))
    yy, xx = np.ogrid[:h, :w]
    lattice = ((yy - 1) % step == 0) & ((xx - 1) % step == 0)
    lattice &= (yy >= 1) & (yy < h - 1) & (xx >= 1) & (xx < w - 1)
    g[lattice] = B if r.random() < 0.7 else W
    return g


def clusters(r: np.random.Generator, h: int, w: int) -> np.ndarray:
    """Clumps of blocks and pools of water: a few random rectangles, often mirrored."""
    g = np.full((h, w), F, dtype=np.uint8)
    count = max(1, (h * w) // 18)
    tops = r.integers(0, h, count)
    lefts = r.integers(0, w, count)
    sizes = r.integers(1, 4, (count, 2))
    kinds = np.where(r.random(count) < 0.35, P, B)
    for t, lft, (sh, sw), k in zip(tops, lefts, sizes, kinds, strict=True):  # a handful of rectangles
        g[t : t + sh, lft : lft + sw] = k
    return _mirror(g) if r.random() < 0.6 else g


def moat(r: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A water ring around a central island, crossed by one or two bridges."""
    g = np.full((h, w), F, dtype=np.uint8)
    if h < 5 or w < 5:
        return open_hall(r, h, w)
    inset = int(r.integers(1, max(2, min(h, w) // 4) + 1))
    inset = min(inset, (min(h, w) - 3) // 2)
    y0, y1, x0, x1 = inset, h - 1 - inset, inset, w - 1 - inset
    g[y0, x0 : x1 + 1] = g[y1, x0 : x1 + 1] = P
    g[y0 : y1 + 1, x0] = g[y0 : y1 + 1, x1] = P
    # Bridges: the middle of one side, sometimes of the opposite side too.
    side = int(r.integers(4))
    for s in (side, (side + 2) % 4) if r.random() < 0.5 else (side,):
        if s == 0:
            g[y0, (x0 + x1) // 2] = F
        elif s == 1:
            g[(y0 + y1) // 2, x1] = F
        elif s == 2:
            g[y1, (x0 + x1) // 2] = F
        else:
            g[(y0 + y1) // 2, x0] = F
    return g


def river(r: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A band of water across the room with a bridge or two."""
    g = np.full((h, w), F, dtype=np.uint8)
    vertical = w >= h if r.random() < 0.8 else w < h
    t = g.T if vertical else g  # a view: draw the river as rows of the (transposed) grid
    rows, cols = t.shape
    width = 1 if rows < 7 else int(r.integers(1, 3))
    top = int(r.integers(1, max(2, rows - width)))
    t[top : top + width, :] = P
    bridges = r.choice(cols, size=min(cols, int(r.integers(1, 3))), replace=False)
    t[top : top + width, bridges] = F
    return g


#: The decorative layouts, by name.
DECOR: dict[str, Builder] = {
    "open": open_hall,
    "pillars": pillars,
    "clusters": clusters,
    "moat": moat,
    "river": river,
}


def comb(h: int, w: int, corridor: int, vertical: bool) -> tuple[np.ndarray, tuple[int, int]]:
    """Inner walls with gaps at alternating ends: corridors ``corridor`` tiles wide.

    Returns the interior and the door ``(x, y)`` in room coordinates (border included): on the
    left wall beside the first corridor (on the top wall when ``vertical``).
    """
    if vertical:
        g, (x, y) = comb(w, h, corridor, False)
        return np.ascontiguousarray(g.T), (y, x)
    g = np.full((h, w), F, dtype=np.uint8)
    gap = min(corridor, max(1, w - 2))
    walls = np.arange(corridor, h - 1, corridor + 1)
    g[walls, :] = W
    right = walls[0::2]
    left = walls[1::2]
    g[right[:, None], np.arange(w - gap, w)[None, :]] = F
    g[left[:, None], np.arange(gap)[None, :]] = F
    return g, (0, 1)


def comb_head_distance(h: int, w: int) -> int:
    """The longest walk a room of interior ``w``×``h`` allows: the 1-wide serpentine's length."""
    from procgen.levels.dungeon.bits import Board

    best = 0
    for vertical in (False, True):
        g, (x, y) = comb(h, w, 1, vertical)
        board = Board.of(h + 2, w + 2)
        open_ = np.zeros((h + 2, w + 2), dtype=bool)
        open_[1:-1, 1:-1] = g == F
        best = max(best, len(board.layers(board.pack(open_), board.bit(x, y))) - 1)
    return best


def keep_largest_region(g: np.ndarray, fill: int = B) -> np.ndarray:
    """Fill every floor pocket but the largest with ``fill``, so all floor is one region."""
    labels, count = ndimage.label(g == F, structure=_CROSS)
    if count > 1:
        sizes = np.bincount(labels.ravel())
        sizes[0] = 0
        g = g.copy()
        g[(labels > 0) & (labels != sizes.argmax())] = fill
    return g
