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

import os
from functools import cache
from typing import Any

import numpy as np

from procgen.params import check_int

__all__ = ["hydraulic", "thermal"]


def _check_iterations(iterations: int) -> None:
    check_int("iterations", iterations, 0, 10_000)


#: Maps at least this large erode by the numba kernels when numba is installed; smaller ones
#: by numpy, which is quick there, where importing numba (about a second) would not pay.
JIT_CELLS = 1 << 18


@cache
def _kernels() -> Any:
    """The numba kernels (``[fast]`` extra; the same bytes, a few arrays instead of two dozen),
    or None without numba or with ``PROCGEN_NO_JIT`` set."""
    if os.environ.get("PROCGEN_NO_JIT"):
        return None
    try:
        from procgen.terrain import _erosion_jit
    except ImportError:
        return None
    return _erosion_jit


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


def thermal(
    height: np.ndarray, iterations: int = 20, talus: float = 0.012, rate: float = 0.4, *, inplace: bool = False
) -> np.ndarray:
    """Slide material down slopes steeper than ``talus`` (height per tile) until they relax.

    ``inplace``: erode a float64 ``height`` itself and return it (one map-sized copy less).
    """
    _check_iterations(iterations)
    h = np.asarray(height, dtype=np.float64) if inplace else np.array(height, dtype=np.float64)
    k = _kernels() if h.size >= JIT_CELLS else None
    if k is not None and h.ndim == 2:
        k.thermal(h, int(iterations), float(talus), rate * 0.5)
        return h
    # Buffers reused each step: the same operations in the same order, so the same bytes.
    total, peak, tmp, frac, got = (np.empty_like(h) for _ in range(5))
    excess = [np.zeros_like(h) for _ in range(4)]
    half_rate = rate * 0.5
    for _ in range(int(iterations)):
        _drops_into(h, excess)
        for x in excess:
            np.subtract(x, talus, out=x)
            np.maximum(x, 0, out=x)
        e, w, so, n = excess
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
    k = _kernels() if h.size >= JIT_CELLS else None
    if k is not None and h.ndim == 2:
        raining = np.ones(h.shape, dtype=bool) if sea_level is None else h > sea_level
        k.hydraulic(h, raining, float(rain), int(iterations), float(capacity), float(erode),
                    float(deposit), 1 - evaporation)
        return h
    water = np.zeros_like(h)
    sediment = np.zeros_like(h)
    rainfall = rain if sea_level is None else np.where(h > sea_level, rain, 0.0)
    # Every temporary lives in a buffer reused each step (the same operations in the same
    # order as writing them out, so the same bytes; a fraction of the allocations).
    surface, total, peak, tmp, outflow, cap, gap, change, share, carried, conc, got = (
        np.empty_like(h) for _ in range(12))
    drops = [np.zeros_like(h) for _ in range(4)]
    for _ in range(int(iterations)):
        water += rainfall
        np.add(h, water, out=surface)
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
        water *= 1 - evaporation
    h += sediment
    return h
