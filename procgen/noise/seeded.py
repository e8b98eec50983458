"""Seeded noise for worlds: :class:`Perlin`, :func:`fbm`, :func:`ridged`, :func:`billow`, :func:`domain_warp`.

A permutation drawn from ``(seed, name)``, float64 coordinates (so far-away chunks keep their
detail), per-octave offsets, and ``period`` for tileable output.

>>> import numpy as np
>>> p = Perlin(7)
>>> p.fbm(np.arange(4) / 8, np.arange(3) / 8, octaves=4).shape
(3, 4)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from procgen.noise._grid import _combine, _gradient_table, _octaves
from procgen.noise._jit import kernels_for
from procgen.noise._lattice import _check_octaves, _fade
from procgen.rng import rng

__all__ = ["Perlin", "billow", "domain_warp", "fbm", "ridged"]


@lru_cache(maxsize=256)  # bounded: a batch over many seeds must not grow without end
def _seeded_tables(seed: int, name: str) -> tuple[np.ndarray, np.ndarray]:
    r = rng(seed, "noise", name)
    p = r.permutation(256).astype(np.int64)
    perm = np.concatenate([p, p])
    perm.flags.writeable = False
    # Offsets keep octaves from sharing lattice points (and zero) at the origin.
    offsets = r.uniform(0, 256, size=(32, 2)).round(6)
    offsets.flags.writeable = False
    return perm, offsets


class Perlin:
    """Seeded Perlin noise: a permutation and per-octave offsets drawn from ``(seed, name)``.

    Coordinates are float64 lattice units. ``period=(px, py)`` (integers, in lattice units of the
    first octave) makes the result tile; with ``lacunarity=2`` every octave tiles too.

    >>> p = Perlin(3, "height")
    >>> a = p.fbm(np.arange(8) / 4, np.arange(8) / 4)
    >>> b = p.fbm(np.arange(4, 8) / 4, np.arange(8) / 4)   # a window of the same field
    >>> bool(np.array_equal(a[:, 4:], b))
    True
    """

    def __init__(self, seed: int, name: str = "noise") -> None:
        self.perm, self.offsets = _seeded_tables(int(seed), name)

    def octaves(
        self, xs: np.ndarray, ys: np.ndarray, octaves: int = 6, persistence: float = 0.5,
        lacunarity: float = 2.0, period: tuple[int, int] | None = None,
    ) -> list[np.ndarray]:
        """Each octave separately (unscaled), ``(len(ys), len(xs))`` float32 each."""
        octaves = _check_octaves(octaves)
        xs, ys = np.asarray(xs, np.float64).ravel(), np.asarray(ys, np.float64).ravel()
        offsets = None if period is not None else self.offsets
        octs = _octaves(xs, ys, octaves, persistence, lacunarity, period, 0, np.float64, offsets)
        return [_combine([o], [1.0], self.perm, 0, ys.size) for o in octs]

    def fbm(
        self, xs: np.ndarray, ys: np.ndarray, octaves: int = 6, persistence: float = 0.5,
        lacunarity: float = 2.0, period: tuple[int, int] | None = None,
    ) -> np.ndarray:
        """Fractal Brownian motion on the grid ``xs × ys``, normalized by the amplitude sum (≈ -1..1)."""
        octaves = _check_octaves(octaves)
        xs, ys = np.asarray(xs, np.float64).ravel(), np.asarray(ys, np.float64).ravel()
        offsets = None if period is not None else self.offsets
        octs = _octaves(xs, ys, octaves, persistence, lacunarity, period, 0, np.float64, offsets)
        total = sum(o.amp for o in octs)
        return _combine(octs, [o.amp / total for o in octs], self.perm, 0, ys.size)

    def points(self, x: np.ndarray, y: np.ndarray, octaves: int = 1, persistence: float = 0.5, lacunarity: float = 2.0) -> np.ndarray:
        """fBm at arbitrary points (same field as :meth:`fbm`; used for domain warping)."""
        octaves = _check_octaves(octaves)
        x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
        gx_tab, gy_tab = _gradient_table(self.perm.tobytes(), 0)
        k = kernels_for(x.size)
        if k is not None:  # same bytes, all octaves of a point at once
            out = np.empty(x.size, dtype=np.float64)
            k.perlin_points(np.ascontiguousarray(x).ravel(), np.ascontiguousarray(y).ravel(), octaves,
                            float(persistence), float(lacunarity), self.offsets, gx_tab, gy_tab, out)
            return out.reshape(x.shape)
        total = np.zeros(x.shape, dtype=np.float64)
        freq, amp, amps = 1.0, 1.0, 0.0
        for o in range(octaves):
            xo = x * freq + self.offsets[o, 0]
            yo = y * freq + self.offsets[o, 1]
            fl_x, fl_y = np.floor(xo), np.floor(yo)
            i, j = fl_x.astype(np.int64) & 255, fl_y.astype(np.int64) & 255
            ii, jj = (i + 1) & 255, (j + 1) & 255
            xf, yf = xo - fl_x, yo - fl_y
            fx, fy = _fade(xf), _fade(yf)

            def g(jh: np.ndarray, ih: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
                return gx_tab[jh, ih] * dx + gy_tab[jh, ih] * dy

            lo = g(j, i, xf, yf) * (1 - fx) + g(j, ii, xf - 1, yf) * fx
            hi = g(jj, i, xf, yf - 1) * (1 - fx) + g(jj, ii, xf - 1, yf - 1) * fx
            total += (lo * (1 - fy) + hi * fy) * amp
            amps += amp
            freq, amp = freq * lacunarity, amp * persistence
        return total / amps


def fbm(xs: np.ndarray, ys: np.ndarray, *, seed: int = 0, name: str = "noise", octaves: int = 6,
        frequency: float = 1.0, persistence: float = 0.5, lacunarity: float = 2.0,
        offset: tuple[float, float] = (0.0, 0.0), period: tuple[int, int] | None = None) -> np.ndarray:
    """Seeded fBm on the grid ``xs × ys`` (in world units, times ``frequency``, plus ``offset``)."""
    xs = (np.asarray(xs, np.float64) + offset[0]) * frequency
    ys = (np.asarray(ys, np.float64) + offset[1]) * frequency
    return Perlin(seed, name).fbm(xs, ys, octaves, persistence, lacunarity, period)


def ridged(xs: np.ndarray, ys: np.ndarray, *, seed: int = 0, name: str = "ridged", octaves: int = 6,
           frequency: float = 1.0, lacunarity: float = 2.0, gain: float = 2.0, offset: float = 1.0,
           period: tuple[int, int] | None = None) -> np.ndarray:
    """Musgrave's ridged multifractal, ≈ 0..1: sharp crests where the noise crosses zero.

    Each octave is weighted by the previous one's signal, so detail gathers on the ridges.
    """
    xs = np.asarray(xs, np.float64) * frequency
    ys = np.asarray(ys, np.float64) * frequency
    layers = Perlin(seed, name).octaves(xs, ys, octaves, 0.5, lacunarity, period)
    total = np.zeros_like(layers[0])
    weight = np.ones_like(layers[0])
    amp, amps = 1.0, 0.0
    for n in layers:
        # Perlin values mostly lie within ±0.7; scale so crests reach 1.
        signal = np.square(np.maximum(offset - np.abs(n) * 1.4, 0))
        signal *= weight
        weight = np.clip(signal * gain, 0, 1)
        total += signal * amp
        amps += amp
        amp *= 0.5
    return total / amps


def billow(xs: np.ndarray, ys: np.ndarray, *, seed: int = 0, name: str = "billow", octaves: int = 6,
           frequency: float = 1.0, persistence: float = 0.5, lacunarity: float = 2.0,
           period: tuple[int, int] | None = None) -> np.ndarray:
    """Billowy fBm (sum of ``|noise|``), ≈ -1..1: rounded hills and cloud puffs."""
    xs = np.asarray(xs, np.float64) * frequency
    ys = np.asarray(ys, np.float64) * frequency
    layers = Perlin(seed, name).octaves(xs, ys, octaves, persistence, lacunarity, period)
    total = np.zeros_like(layers[0])
    amp, amps = 1.0, 0.0
    for n in layers:
        total += (np.abs(n) * 2.8 - 1) * amp
        amps += amp
        amp *= persistence
    return total / amps


def domain_warp(xs: np.ndarray, ys: np.ndarray, *, seed: int = 0, name: str = "warp", octaves: int = 6,
                frequency: float = 1.0, strength: float = 1.0, warp_octaves: int = 3) -> np.ndarray:
    """fBm sampled at ``p + strength * q(p)`` where ``q`` is a 2-D fBm: swirled, flowing shapes."""
    xs = np.asarray(xs, np.float64).ravel() * frequency
    ys = np.asarray(ys, np.float64).ravel() * frequency
    qx = Perlin(seed, name + "/qx").fbm(xs, ys, warp_octaves)
    qy = Perlin(seed, name + "/qy").fbm(xs, ys, warp_octaves)
    return Perlin(seed, name).points(xs[None, :] + strength * qx, ys[:, None] + strength * qy, octaves)
