"""numba kernels for erosion; imported only through ``erosion._kernels``.

Serial on purpose: a step's rows depend on their neighbours', so threads would need a barrier
per row band and step, and on a shared 2-core machine those stalls cost more than the second
core gains. Each kernel repeats the numpy path's arithmetic cell by cell, operation for operation
(same order, float64, no fast-math), so both give the same bytes.

One sweep per step (#18): a step's three passes (rain, then erode and share out, then receive)
run as a wavefront a row or two apart, so a pass reads rows the previous pass wrote a moment ago,
still in cache, and the per-step fields (water surface, shares, concentrations) live in rings of
four rows instead of whole maps. A pass on row y needs its neighbours' rows from the pass before,
never anything a later pass writes, so the order changes no value; the cost per tile stays flat
as maps outgrow the cache, and the kernels hold three maps (height, water, sediment).
"""

from __future__ import annotations

import numba
import numpy as np

#: Rows in each ring: the wavefront keeps at most four consecutive rows of a field alive.
RING = 4


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
def _drops(c, east, west, south, north, has_w, has_e, has_n, has_s):
    """East, west, south, north positive drops from a cell at height ``c``; 0 at the border."""
    e = _pos(c - east) if has_e else 0.0
    wd = _pos(c - west) if has_w else 0.0
    so = _pos(c - south) if has_s else 0.0
    n = _pos(c - north) if has_n else 0.0
    return e, wd, so, n


# The kernels index the rings with plain integers and pass only scalars to their helpers: a
# helper taking arrays costs reference counting per call, which is most of a cell's time.


@numba.njit(cache=True, nogil=True)
def hydraulic(h, raining, rain, iterations, capacity, erode, deposit, keep):
    """``erosion.hydraulic`` in place on ``h`` (H, W) float64.

    ``raining`` (H, W) bool: where rain falls (``rain`` per step, else 0.0 is added, as the
    numpy path adds its rainfall array); ``keep`` is ``1 - evaporation``.
    """
    rows, cols = h.shape
    water = np.zeros_like(h)
    sediment = np.zeros_like(h)
    surface = np.zeros((RING, cols))  # h + water before this step's erosion: every drop's source
    share = np.zeros((RING, cols))  # outflow / total drop, per cell
    conc = np.zeros((RING, cols))  # sediment / water, per cell
    for _ in range(iterations):
        # At time t: rain on row t, erode row t - 1 (its southern surface row t is in), receive
        # on row t - 2 (its southern share and concentration, row t - 1, are in).
        for t in range(rows + 2):
            if t < rows:
                r = t % RING
                for x in range(cols):
                    water[t, x] = water[t, x] + (rain if raining[t, x] else 0.0)
                    surface[r, x] = h[t, x] + water[t, x]
            y = t - 1
            if 0 <= y < rows:
                has_n, has_s = y > 0, y + 1 < rows
                r, rn, rs = y % RING, (y + RING - 1) % RING, (y + 1) % RING
                for x in range(cols):
                    has_w, has_e = x > 0, x + 1 < cols
                    c = surface[r, x]
                    e, wd, so, n = _drops(c, surface[r, x + 1] if has_e else 0.0, surface[r, x - 1] if has_w else 0.0,
                                          surface[rs, x], surface[rn, x], has_w, has_e, has_n, has_s)
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
                    share[r, x] = outflow / total if total > 0 else 0.0
                    conc[r, x] = sed / wat if wat > 0 else 0.0
            y = t - 2
            if 0 <= y:
                has_n, has_s = y > 0, y + 1 < rows
                r, rn, rs = y % RING, (y + RING - 1) % RING, (y + 1) % RING
                for x in range(cols):
                    # What the cell receives from its neighbours (west, east, north, south: the
                    # numpy _spread's order) and what it sends.
                    has_w, has_e = x > 0, x + 1 < cols
                    c = surface[r, x]
                    got_w = 0.0
                    got_s = 0.0
                    if has_w:
                        f = _pos(surface[r, x - 1] - c) * share[r, x - 1]
                        got_w += f
                        got_s += f * conc[r, x - 1]
                    if has_e:
                        f = _pos(surface[r, x + 1] - c) * share[r, x + 1]
                        got_w += f
                        got_s += f * conc[r, x + 1]
                    if has_n:
                        f = _pos(surface[rn, x] - c) * share[rn, x]
                        got_w += f
                        got_s += f * conc[rn, x]
                    if has_s:
                        f = _pos(surface[rs, x] - c) * share[rs, x]
                        got_w += f
                        got_s += f * conc[rs, x]
                    e, wd, so, n = _drops(c, surface[r, x + 1] if has_e else 0.0, surface[r, x - 1] if has_w else 0.0,
                                          surface[rs, x], surface[rn, x], has_w, has_e, has_n, has_s)
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
    before = np.zeros((RING, cols))  # the heights every slope of this step is measured on
    frac = np.zeros((RING, cols))  # share of each excess that moves, per cell
    for _ in range(iterations):
        # At time t: keep row t as it was, the share of row t - 1 (its southern row t is kept),
        # slide row t - 2 (its southern share, row t - 1, is in; its own row was kept before).
        for t in range(rows + 2):
            if t < rows:
                r = t % RING
                for x in range(cols):
                    before[r, x] = h[t, x]
            y = t - 1
            if 0 <= y < rows:
                has_n, has_s = y > 0, y + 1 < rows
                r, rn, rs = y % RING, (y + RING - 1) % RING, (y + 1) % RING
                for x in range(cols):
                    has_w, has_e = x > 0, x + 1 < cols
                    e, wd, so, n = _drops(before[r, x], before[r, x + 1] if has_e else 0.0,
                                          before[r, x - 1] if has_w else 0.0, before[rs, x], before[rn, x],
                                          has_w, has_e, has_n, has_s)
                    x0, x1, x2, x3 = _pos(e - talus), _pos(wd - talus), _pos(so - talus), _pos(n - talus)
                    total = x0 + x1 + x2 + x3
                    moved = half_rate * _max(_max(x0, x1), _max(x2, x3))
                    frac[r, x] = moved / total if total > 0 else 0.0
            y = t - 2
            if 0 <= y:
                has_n, has_s = y > 0, y + 1 < rows
                r, rn, rs = y % RING, (y + RING - 1) % RING, (y + 1) % RING
                for x in range(cols):
                    has_w, has_e = x > 0, x + 1 < cols
                    c = before[r, x]
                    e, wd, so, n = _drops(c, before[r, x + 1] if has_e else 0.0, before[r, x - 1] if has_w else 0.0,
                                          before[rs, x], before[rn, x], has_w, has_e, has_n, has_s)
                    fr = frac[r, x]
                    sent = _pos(e - talus) * fr + _pos(wd - talus) * fr + _pos(so - talus) * fr + _pos(n - talus) * fr
                    got = 0.0
                    if has_w:
                        got += _excess(before[r, x - 1] - c, talus) * frac[r, x - 1]
                    if has_e:
                        got += _excess(before[r, x + 1] - c, talus) * frac[r, x + 1]
                    if has_n:
                        got += _excess(before[rn, x] - c, talus) * frac[rn, x]
                    if has_s:
                        got += _excess(before[rs, x] - c, talus) * frac[rs, x]
                    h[y, x] = (h[y, x] - sent) + got
