"""numba kernel for the cave's breadth-first distances; imported only through ``cave._bfs``.

Distances are integers, so this and scipy's breadth-first Dijkstra (the path without numba)
give the same array; this one needs two int32 arrays instead of a sparse graph of the grid.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def bfs(passable, start, dist):
    """Steps from flat index ``start`` to every tile of ``passable`` (H, W) over 4-neighbour moves.

    ``dist`` (H * W,) int32 is filled: -1 where unreachable or not passable.
    """
    h, w = passable.shape
    flat = passable.ravel()
    dist[:] = -1
    queue = np.empty(h * w, dtype=np.int32)
    queue[0] = start
    dist[start] = 0
    head, tail = 0, 1
    while head < tail:
        k = queue[head]
        head += 1
        d = dist[k] + 1
        y, x = k // w, k % w
        if x + 1 < w and flat[k + 1] and dist[k + 1] < 0:
            dist[k + 1] = d
            queue[tail] = k + 1
            tail += 1
        if x > 0 and flat[k - 1] and dist[k - 1] < 0:
            dist[k - 1] = d
            queue[tail] = k - 1
            tail += 1
        if y + 1 < h and flat[k + w] and dist[k + w] < 0:
            dist[k + w] = d
            queue[tail] = k + w
            tail += 1
        if y > 0 and flat[k - w] and dist[k - w] < 0:
            dist[k - w] = d
            queue[tail] = k - w
            tail += 1


@numba.njit(cache=True, nogil=True)
def largest_region(passable):
    """The largest 4-connected region of ``passable`` as a bool mask (ties: the first in raster order).

    Regions are numbered by their first tile in raster order, as ``scipy.ndimage.label`` numbers
    them, so ties resolve the same way as ``bincount(...).argmax()`` over its labels.
    """
    h, w = passable.shape
    flat = passable.ravel()
    labels = np.zeros(h * w, dtype=np.int32)
    queue = np.empty(h * w, dtype=np.int32)
    best, best_size, count = 0, 0, 0
    for s in range(h * w):
        if not flat[s] or labels[s] != 0:
            continue
        count += 1
        labels[s] = count
        queue[0] = s
        head, tail = 0, 1
        while head < tail:
            k = queue[head]
            head += 1
            y, x = k // w, k % w
            if x + 1 < w and flat[k + 1] and labels[k + 1] == 0:
                labels[k + 1] = count
                queue[tail] = k + 1
                tail += 1
            if x > 0 and flat[k - 1] and labels[k - 1] == 0:
                labels[k - 1] = count
                queue[tail] = k - 1
                tail += 1
            if y + 1 < h and flat[k + w] and labels[k + w] == 0:
                labels[k + w] = count
                queue[tail] = k + w
                tail += 1
            if y > 0 and flat[k - w] and labels[k - w] == 0:
                labels[k - w] = count
                queue[tail] = k - w
                tail += 1
        if tail > best_size:
            best, best_size = count, tail
    out = np.empty(h * w, dtype=np.bool_)
    for k in range(h * w):
        out[k] = labels[k] == best and best > 0
    return out.reshape(h, w)
