"""numba kernels for erosion; imported only through ``erosion._kernels``.

Serial on purpose: three passes per step make ~100 thread barriers per erosion, and on a
shared 2-core machine those stalls cost more than the second core gains. Each kernel repeats the numpy path's arithmetic cell by cell, operation for operation (same
order, float64, no fast-math), so both give the same bytes; the kernels keep three or four
whole-map arrays instead of the numpy path's two dozen temporaries, which is what lets a 4096²
map erode at full resolution.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, inline="always")
def _pos(d):
    # np.maximum(d, 0): d itself when d >= 0 (-0.0 included) or NaN, else +0.0.
    return d if (d >= 0.0 or d != d) else 0.0


@numba.njit(cache=True, inline="always")
def _max(a, b):
    # np.maximum on two non-NaN values: a when a >= b.
    return a if a >= b else b


@numba.njit(cache=True, inline="always")
def _min(a, b):
    # np.minimum on two non-NaN values: a when a <= b.
    return a if a <= b else b


@numba.njit(cache=True, inline="always")
def _drops(s, y, x):
    """East, west, south, north positive drops of surface ``s`` at (y, x); 0 at the border."""
    h, w = s.shape
    c = s[y, x]
    e = _pos(c - s[y, x + 1]) if x + 1 < w else 0.0
    wd = _pos(c - s[y, x - 1]) if x > 0 else 0.0
    so = _pos(c - s[y + 1, x]) if y + 1 < h else 0.0
    n = _pos(c - s[y - 1, x]) if y > 0 else 0.0
    return e, wd, so, n


@numba.njit(cache=True, nogil=True)
def hydraulic(h, raining, rain, iterations, capacity, erode, deposit, keep):
    """``erosion.hydraulic`` in place on ``h`` (H, W) float64.

    ``raining`` (H, W) bool: where rain falls (``rain`` per step, else 0.0 is added, as the
    numpy path adds its rainfall array); ``keep`` is ``1 - evaporation``.
    """
    rows, cols = h.shape
    water = np.zeros_like(h)
    sediment = np.zeros_like(h)
    surface = np.empty_like(h)  # h + water before this step's erosion: every drop's source
    share = np.empty_like(h)  # outflow / total drop, per cell
    conc = np.empty_like(h)  # sediment / water, per cell
    for _ in range(iterations):
        for y in range(rows):
            for x in range(cols):
                water[y, x] = water[y, x] + (rain if raining[y, x] else 0.0)
                surface[y, x] = h[y, x] + water[y, x]
        for y in range(rows):
            for x in range(cols):
                e, wd, so, n = _drops(surface, y, x)
                total = e + wd + so + n
                peak = _max(_max(e, wd), _max(so, n))
                wat = water[y, x]
                outflow = _min(wat, 0.5 * peak)
                cap = capacity * outflow * _min(peak, 0.2)
                gap = cap - sediment[y, x]
                change = erode * _min(gap, peak * 0.5) if gap > 0 else deposit * gap
                h[y, x] = h[y, x] - change
                sed = sediment[y, x] + change
                sediment[y, x] = sed
                share[y, x] = outflow / total if total > 0 else 0.0
                conc[y, x] = sed / wat if wat > 0 else 0.0
        # Second pass: what each cell receives from its neighbours (west, east, north, south:
        # the numpy _spread's order) and what it sends; a cell's own water and sediment are the
        # only ones it writes, and no cell reads another's, so this updates in place.
        for y in range(rows):
            for x in range(cols):
                c = surface[y, x]
                got_w = 0.0
                got_s = 0.0
                if x > 0:
                    f = _pos(surface[y, x - 1] - c) * share[y, x - 1]
                    got_w += f
                    got_s += f * conc[y, x - 1]
                if x + 1 < cols:
                    f = _pos(surface[y, x + 1] - c) * share[y, x + 1]
                    got_w += f
                    got_s += f * conc[y, x + 1]
                if y > 0:
                    f = _pos(surface[y - 1, x] - c) * share[y - 1, x]
                    got_w += f
                    got_s += f * conc[y - 1, x]
                if y + 1 < rows:
                    f = _pos(surface[y + 1, x] - c) * share[y + 1, x]
                    got_w += f
                    got_s += f * conc[y + 1, x]
                e, wd, so, n = _drops(surface, y, x)
                peak = _max(_max(e, wd), _max(so, n))
                wat = water[y, x]
                outflow = _min(wat, 0.5 * peak)
                carried = outflow / wat if wat > 0 else 0.0
                sed = sediment[y, x]
                water[y, x] = (wat + (got_w - outflow)) * keep
                sediment[y, x] = sed + (got_s - sed * carried)
    for y in range(rows):
        for x in range(cols):
            h[y, x] = h[y, x] + sediment[y, x]


@numba.njit(cache=True, inline="always")
def _excess(d, talus):
    return _pos(_pos(d) - talus)


@numba.njit(cache=True, nogil=True)
def thermal(h, iterations, talus, half_rate):
    """``erosion.thermal`` in place on ``h`` (H, W) float64; ``half_rate`` = ``rate * 0.5``."""
    rows, cols = h.shape
    before = np.empty_like(h)  # the heights every slope of this step is measured on
    frac = np.empty_like(h)  # share of each excess that moves, per cell
    for _ in range(iterations):
        before[:, :] = h
        for y in range(rows):
            for x in range(cols):
                e, wd, so, n = _drops(before, y, x)
                x0, x1, x2, x3 = _pos(e - talus), _pos(wd - talus), _pos(so - talus), _pos(n - talus)
                total = x0 + x1 + x2 + x3
                moved = half_rate * _max(_max(x0, x1), _max(x2, x3))
                frac[y, x] = moved / total if total > 0 else 0.0
        for y in range(rows):
            for x in range(cols):
                c = before[y, x]
                e, wd, so, n = _drops(before, y, x)
                fr = frac[y, x]
                sent = _pos(e - talus) * fr + _pos(wd - talus) * fr + _pos(so - talus) * fr + _pos(n - talus) * fr
                got = 0.0
                if x > 0:
                    got += _excess(before[y, x - 1] - c, talus) * frac[y, x - 1]
                if x + 1 < cols:
                    got += _excess(before[y, x + 1] - c, talus) * frac[y, x + 1]
                if y > 0:
                    got += _excess(before[y - 1, x] - c, talus) * frac[y - 1, x]
                if y + 1 < rows:
                    got += _excess(before[y + 1, x] - c, talus) * frac[y + 1, x]
                h[y, x] = (h[y, x] - sent) + got
