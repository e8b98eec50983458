"""Erosion on whole grids: thermal (talus slides) and hydraulic (water carries sediment downhill).

Both are vectorized cellular simulations over the heightmap; the number of iterations is the
quality/speed knob. Material is conserved: what one cell loses its neighbours gain, nothing
crosses the map border, and hydraulic sediment still in suspension at the end is deposited
where it is. So ``height.sum()`` before and after agree to float rounding (about 1e-9 of the
total in float64).

Hydraulic erosion, per iteration: rain falls; water flows to the lower of the 4 neighbours in
proportion to the drop of the water surface; the water's capacity to carry sediment grows with
its flow and the slope; cells erode where water carries less than its capacity and deposit where
it carries more; sediment moves with the water; some water evaporates. Streams thus dig valleys
and spread the spoil on plains and in the sea.

>>> h = np.zeros((16, 16)); h[8, 8] = 1.0
>>> t = thermal(h, iterations=10)
>>> bool(abs(t.sum() - h.sum()) < 1e-9), bool(t.max() < 1.0)
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from procgen.extras import fast_kernels
from procgen.params import check_int

__all__ = ["hydraulic", "thermal"]


def _check_iterations(iterations: int) -> None:
    check_int("iterations", iterations, 0, 10_000)


#: Maps at least this large erode by the numba kernels when numba is installed; smaller ones
#: by numpy, which is quick there, where importing numba (about a second) would not pay.
JIT_CELLS = 1 << 18


#: Whether this process has loaded the kernels: from then on maps of any size erode by them
#: (the load is paid, and the numpy path's band buffers, about 5 MiB, are more than a small
#: map's own layers).
_loaded = False


@cache
def _kernels() -> Any:
    """The numba kernels (``[fast]`` extra; the same bytes, a few arrays instead of two dozen),
    or None without numba or with ``PROCGEN_NO_JIT`` set."""
    global _loaded
    k = fast_kernels("procgen.terrain._erosion_jit")
    _loaded = _loaded or k is not None
    return k


def _kernels_for(cells: int) -> Any:
    """:func:`_kernels` for a map of ``cells`` tiles: from :data:`JIT_CELLS` up, or any size once
    this process has loaded them; else None (the numpy path)."""
    return _kernels() if cells >= JIT_CELLS or _loaded else None


def _drops(s: np.ndarray) -> list[np.ndarray]:
    """Positive drop from each cell to its east, west, south, north neighbour (0 at the border)."""
    e = np.zeros_like(s)
    w = np.zeros_like(s)
    so = np.zeros_like(s)
    n = np.zeros_like(s)
    np.subtract(s[:, :-1], s[:, 1:], out=e[:, :-1])
    np.subtract(s[:, 1:], s[:, :-1], out=w[:, 1:])
    np.subtract(s[:-1], s[1:], out=so[:-1])
    np.subtract(s[1:], s[:-1], out=n[1:])
    for d in (e, w, so, n):
        np.maximum(d, 0, out=d)
    return [e, w, so, n]


def _drops_into(s: np.ndarray, out: list[np.ndarray]) -> None:
    """:func:`_drops` into four arrays whose border row or column already holds 0."""
    e, w, so, n = out
    np.subtract(s[:, :-1], s[:, 1:], out=e[:, :-1])
    np.subtract(s[:, 1:], s[:, :-1], out=w[:, 1:])
    np.subtract(s[:-1], s[1:], out=so[:-1])
    np.subtract(s[1:], s[:-1], out=n[1:])
    for d in out:
        np.maximum(d, 0, out=d)


def _spread_into(amount: list[np.ndarray], got: np.ndarray) -> None:
    """:func:`_spread` into ``got``."""
    e, w, so, n = amount
    got.fill(0.0)
    got[:, 1:] += e[:, :-1]
    got[:, :-1] += w[:, 1:]
    got[1:] += so[:-1]
    got[:-1] += n[1:]


def _spread(amount: list[np.ndarray]) -> np.ndarray:
    """What each cell receives when cells send ``amount[k]`` to their neighbour in direction k."""
    e, w, so, n = amount
    got = np.zeros_like(e)
    got[:, 1:] += e[:, :-1]
    got[:, :-1] += w[:, 1:]
    got[1:] += so[:-1]
    got[:-1] += n[1:]
    return got


#: Cells per band of rows in the numpy paths (#18: a band's temporaries, not the map's): about
#: twenty band-sized float64 buffers, 5 MiB. Bands are at least MIN_BAND_ROWS tall, so the two
#: rows of context either side stay a small share of the work on wide maps.
BAND_CELLS = 1 << 15
MIN_BAND_ROWS = 32
#: Rows of context each band reads above and below: a cell's new state depends on its
#: neighbours' drops, which depend on their neighbours (two rows either way).
HALO = 2


class _Buffers:
    """A band's temporaries: ``count`` scratch arrays plus four drop arrays whose border row or
    column holds 0, all views of the first ``rows`` rows of band-sized buffers."""

    def __init__(self, count: int, rows: int, width: int) -> None:
        self._scratch = [np.empty((rows, width)) for _ in range(count)]
        self._drops = [np.zeros((rows, width)) for _ in range(4)]
        self.rows = rows

    def resize(self, rows: int) -> None:
        """Use the first ``rows`` rows (a band at the map's top or bottom has fewer); on a change
        of height the drops are zeroed again, so the new bottom row's border holds 0."""
        if rows != self.rows:
            self.rows = rows
            for d in self._drops:
                d[:rows].fill(0.0)

    def take(self, n: int) -> list[np.ndarray]:
        return [b[: self.rows] for b in self._scratch[:n]]

    @property
    def drops(self) -> list[np.ndarray]:
        return [d[: self.rows] for d in self._drops]


#: One erosion step on a map or band: (height, the other arrays, the band's buffers), in place.
_Step = Callable[[np.ndarray, tuple[np.ndarray, ...], _Buffers], None]


def _banded(step: _Step, state: list[np.ndarray], fixed: list[np.ndarray], iterations: int, scratch: int) -> None:
    """Run ``step(state..., fixed..., buffers)`` ``iterations`` times over the map, in place.

    A small map steps whole. A large one steps a band of rows at a time on copies of the band
    plus :data:`HALO` rows either side (the rows above it as they were before this iteration
    touched them), and writes back the band's own rows. Every operation in a step is
    element-wise or a neighbour shift, so a band's rows get exactly the bytes the whole-map step
    gives them, with band-sized temporaries: the numpy path's peak is the state arrays plus a
    band, not two dozen maps (#18).
    """
    height, width = state[0].shape
    rows = max(HALO, min(MIN_BAND_ROWS, height), BAND_CELLS // max(1, width))
    if rows >= height:
        buf = _Buffers(scratch, height, width)
        for _ in range(iterations):
            step(state[0], (*state[1:], *fixed), buf)
        return
    span = rows + 2 * HALO
    buf = _Buffers(scratch, span, width)
    ext = [np.empty((span, width), dtype=a.dtype) for a in (*state, *fixed)]
    above = [np.empty((HALO, width), dtype=a.dtype) for a in state]  # pre-iteration rows above a band
    for _ in range(iterations):
        for r0 in range(0, height, rows):
            r1 = min(height, r0 + rows)
            lo, hi = max(0, r0 - HALO), min(height, r1 + HALO)
            n, top = hi - lo, r0 - lo
            views = [e[:n] for e in ext]
            for v, a, old in zip(views, state, above, strict=False):
                v[:top] = old[HALO - top :]
                v[top:] = a[r0:hi]
            for v, a in zip(views[len(state) :], fixed, strict=False):
                v[:] = a[lo:hi]
            buf.resize(n)
            step(views[0], tuple(views[1:]), buf)
            for v, a, old in zip(views, state, above, strict=False):
                old[:] = a[r1 - HALO : r1]  # the next band's context, before this band overwrites it
                a[r0:r1] = v[top : top + r1 - r0]


def thermal(
    height: np.ndarray, iterations: int = 20, talus: float = 0.012, rate: float = 0.4, *, inplace: bool = False
) -> np.ndarray:
    """Slide material down slopes steeper than ``talus`` (height per tile) until they relax.

    ``inplace``: erode a float64 ``height`` itself and return it (one map-sized copy less).
    """
    _check_iterations(iterations)
    h = np.asarray(height, dtype=np.float64) if inplace else np.array(height, dtype=np.float64)
    k = _kernels_for(h.size)
    if k is not None and h.ndim == 2:
        k.thermal(h, int(iterations), float(talus), rate * 0.5)
        return h
    half_rate = rate * 0.5

    def step(h: np.ndarray, _: tuple[np.ndarray, ...], buf: _Buffers) -> None:
        excess = buf.drops
        _drops_into(h, excess)
        for x in excess:
            np.subtract(x, talus, out=x)
            np.maximum(x, 0, out=x)
        e, w, so, n = excess
        total, peak, tmp, frac, got = buf.take(5)
        np.add(e, w, out=total)
        total += so
        total += n
        # Move a share of the largest excess, split by each neighbour's share, so a cell never
        # overshoots below its neighbours.
        np.maximum(e, w, out=peak)
        np.maximum(so, n, out=tmp)
        np.maximum(peak, tmp, out=peak)
        np.multiply(peak, half_rate, out=tmp)
        frac.fill(0.0)
        np.divide(tmp, total, out=frac, where=total > 0)
        for x in excess:
            x *= frac
        np.add(e, w, out=tmp)
        tmp += so
        tmp += n
        h -= tmp
        _spread_into(excess, got)
        h += got

    _banded(step, [h], [], int(iterations), 5)
    return h


def hydraulic(
    height: np.ndarray,
    iterations: int = 40,
    rain: float = 0.01,
    capacity: float = 4.0,
    erode: float = 0.3,
    deposit: float = 0.3,
    evaporation: float = 0.05,
    sea_level: float | None = 0.0,
    *,
    inplace: bool = False,
) -> np.ndarray:
    """Grid-based water and sediment transport for ``iterations`` steps (see the module docstring).

    Rain falls only above ``sea_level`` (None: everywhere), so the sea collects the spoil.
    ``inplace``: erode a float64 ``height`` itself and return it (one map-sized copy less).
    """
    _check_iterations(iterations)
    h = np.asarray(height, dtype=np.float64) if inplace else np.array(height, dtype=np.float64)
    k = _kernels_for(h.size)
    if k is not None and h.ndim == 2:
        raining = np.ones(h.shape, dtype=bool) if sea_level is None else h > sea_level
        k.hydraulic(h, raining, float(rain), int(iterations), float(capacity), float(erode),
                    float(deposit), 1 - evaporation)
        return h
    water = np.zeros_like(h)
    sediment = np.zeros_like(h)
    # Where rain falls, one byte a cell; each band expands its rows to rain amounts (the same
    # float64 values the whole-map formula would add).
    raining = np.ones(h.shape, dtype=bool) if sea_level is None else h > sea_level
    keep = 1 - evaporation

    def step(h: np.ndarray, rest: tuple[np.ndarray, ...], buf: _Buffers) -> None:
        water, sediment, raining = rest
        surface, total, peak, tmp, outflow, cap, gap, change, share, carried, conc, got = buf.take(12)
        rainfall = rain if sea_level is None else np.where(raining, rain, 0.0)
        water += rainfall
        np.add(h, water, out=surface)
        drops = buf.drops
        _drops_into(surface, drops)
        e, w, so, n = drops
        np.add(e, w, out=total)
        total += so
        total += n
        # Water that leaves: at most what is there, at most half the largest surface drop.
        np.maximum(e, w, out=peak)
        np.maximum(so, n, out=tmp)
        np.maximum(peak, tmp, out=peak)
        np.multiply(peak, 0.5, out=tmp)
        np.minimum(water, tmp, out=outflow)
        np.multiply(outflow, capacity, out=cap)
        np.minimum(peak, 0.2, out=tmp)
        cap *= tmp
        np.subtract(cap, sediment, out=gap)
        # Erode towards capacity (never deeper than the drop, to keep from digging pits);
        # deposit a share of the excess.
        np.multiply(peak, 0.5, out=tmp)
        np.minimum(gap, tmp, out=tmp)
        tmp *= erode
        np.multiply(gap, deposit, out=change)
        np.copyto(change, tmp, where=gap > 0)
        h -= change
        sediment += change
        for out, num, den in ((share, outflow, total), (carried, outflow, water), (conc, sediment, water)):
            out.fill(0.0)
            np.divide(num, den, out=out, where=den > 0)
        for d in drops:  # the water each cell sends each way
            d *= share
        _spread_into(drops, got)
        got -= outflow
        water += got
        for d in drops:  # the sediment that goes with it
            d *= conc
        _spread_into(drops, got)
        np.multiply(sediment, carried, out=tmp)
        got -= tmp
        sediment += got
        water *= keep

    _banded(step, [h, water, sediment], [raining], int(iterations), 12)
    h += sediment
    return h
