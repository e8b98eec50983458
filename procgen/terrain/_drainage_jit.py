"""numba kernels for drainage; imported only through ``hydrology._kernels``.

The numpy paths find each cell's sink by pointer jumping and gather rain level by level after a
sort of every cell by its distance to the sea: ``n log n`` work, and each level's cells lie
scattered over the map, so on a large map nearly every access misses the cache (#18). These
kernels walk the flow paths themselves, in linear time and mostly between neighbouring cells.

Each gives the numpy path's bytes: sinks are integers, and a cell's gathered rain is its own
plus its upstream neighbours' in increasing cell order, the order in which the numpy path's
level-by-level ``np.add.at`` adds them (every upstream cell of a cell is one step further from
the sea, so they all fall in the same level, sorted by index).
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def roots(down):
    """The sink each cell drains to (``down`` flat: next cell downstream, -1 at a sink)."""
    n = down.size
    root = np.full(n, -1, dtype=down.dtype)
    for c in range(n):
        if root[c] >= 0:
            continue
        # Down the path to a sink or to a cell whose sink is known, then along it again to
        # write that sink: every cell is written once, so the whole map is linear.
        t = c
        while root[t] < 0 and down[t] >= 0:
            t = down[t]
        r = root[t] if root[t] >= 0 else t
        root[t] = r
        t = c
        while root[t] < 0:
            root[t] = r
            t = down[t]
    return root


@numba.njit(cache=True, nogil=True)
def gather(down, acc):
    """``hydrology._gather`` in place on ``acc`` (flat float64): rain gathered from upstream."""
    n = down.size
    # The upstream cells of each cell, in increasing order: start[t]..start[t + 1] of `up`.
    start = np.zeros(n + 1, dtype=down.dtype)
    for u in range(n):
        if down[u] >= 0:
            start[down[u] + 1] += 1
    for i in range(n):
        start[i + 1] += start[i]
    up = np.empty(start[n], dtype=down.dtype)
    waiting = start[:n].copy()  # filled to start[t + 1], then counted back down to start[t]
    for u in range(n):
        d = down[u]
        if d >= 0:
            up[waiting[d]] = u
            waiting[d] += 1
    # From every source (a cell nothing drains into) downstream for as long as the next cell
    # has all its upstream cells in: each cell is finished once, after all of its upstream.
    for c in range(n):
        if start[c] != start[c + 1]:
            continue
        t = c
        while True:
            a = acc[t]
            for k in range(start[t], start[t + 1]):
                a += acc[up[k]]
            acc[t] = a
            d = down[t]
            if d < 0:
                break
            waiting[d] -= 1
            if waiting[d] != start[d]:
                break
            t = d
    return acc
