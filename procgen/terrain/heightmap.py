"""Heightmaps: the world's raw relief as a pure function of tile coordinates, plus shaping.

The relief is continents (a domain-warped low-frequency fBm, so coasts curl), hills (fBm) and
mountain ranges (a ridged multifractal, only where the continent is well inland, so ranges run
along continental spines instead of peppering the sea). Every field is evaluated on the grid of
the requested window from global coordinates, so any window of the infinite world is the same
numbers whichever way it is cut into chunks.

Shaping for finite maps: :func:`falloff` (continent: sea towards the map edges; island: a round
landmass), :func:`redistribute` (flatter lowlands, sharper peaks), :func:`terrace` and
:func:`plateau`.

>>> h = raw_height(np.arange(0, 64, 8), np.arange(0, 32, 8), seed=1)
>>> h.shape, h.dtype
((4, 8), dtype('float64'))
"""

from __future__ import annotations

import numpy as np

from procgen.errors import ParamError
from procgen.noise import Perlin, ridged
from procgen.params import check_int, check_unit

__all__ = ["coarse", "falloff", "plateau", "raw_height", "redistribute", "terrace"]

#: Step (tiles) of the global lattice where slow fields are sampled, then bilinearly filled in.
COARSE_STEP = 4
#: Cells per band of rows where the detail noises are evaluated (peak memory, #18).
BAND_CELLS = 1 << 17


def coarse(fn, xs: np.ndarray, ys: np.ndarray, step: int = COARSE_STEP) -> np.ndarray:
    """``fn(X, Y)`` sampled on the global lattice of multiples of ``step``, bilinear in between.

    The lattice is anchored at world 0, so a window's values do not depend on where the window
    starts: chunks and one-shot regions agree bit for bit. ``xs``/``ys`` are integer tile
    coordinates (1-D, consecutive).
    """
    xs = np.asarray(xs, dtype=np.int64)
    ys = np.asarray(ys, dtype=np.int64)
    gx0, gx1 = xs[0] // step, xs[-1] // step + 1
    gy0, gy1 = ys[0] // step, ys[-1] // step + 1
    lx = np.arange(gx0, gx1 + 1) * step
    ly = np.arange(gy0, gy1 + 1) * step
    grid = fn(lx.astype(np.float64), ly.astype(np.float64))  # (len(ly), len(lx))
    cx, cy = xs // step - gx0, ys // step - gy0
    fx = ((xs % step) / step)[None, :]
    fy = ((ys % step) / step)[:, None]
    # Along x on every lattice row first, then along y: the same arithmetic as the bilinear
    # formula, at a fraction of the gathers.
    rows = grid[:, cx] + (grid[:, cx + 1] - grid[:, cx]) * fx
    # In place on the window-sized arrays (the same operations, so the same bytes): two of
    # them live at a time instead of four.
    top, bottom = rows[cy], rows[cy + 1]
    np.subtract(bottom, top, out=bottom)
    bottom *= fy
    np.add(top, bottom, out=bottom)
    return bottom


def _continent(seed: int, scale: float, warp: float):
    base, wx, wy = Perlin(seed, "continent"), Perlin(seed, "warp-x"), Perlin(seed, "warp-y")

    def fn(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        u, v = x / scale, y / scale
        qx = wx.fbm(u, v, 3)
        qy = wy.fbm(u, v, 3)
        return base.points(u[None, :] + warp * qx, v[:, None] + warp * qy, octaves=5, persistence=0.5)

    return fn


def raw_height(
    xs: np.ndarray,
    ys: np.ndarray,
    seed: int,
    scale: float = 320.0,
    mountains: float = 0.65,
    hills: float = 0.14,
    warp: float = 0.7,
) -> np.ndarray:
    """The unshaped relief ``(len(ys), len(xs))`` at integer tile coordinates, ≈ -1..1.

    ``scale`` is the size of a continent-scale feature in tiles; ``mountains`` and ``hills`` the
    weights of the ridged ranges and of the rolling detail.
    """
    xs = np.asarray(xs, dtype=np.int64)
    ys = np.asarray(ys, dtype=np.int64)
    # A large window a band of rows at a time (#18: every step's temporaries are a band's, in
    # cache, so the cost per tile does not grow with the map). Every field is a function of the
    # tile's world coordinates (the slow ones on the lattice anchored at world 0), so the bands
    # are the whole window's bytes. Bands are whole lattice cells tall, so neighbours share one row.
    rows = -(-max(8 * COARSE_STEP, BAND_CELLS // max(1, xs.size)) // COARSE_STEP) * COARSE_STEP
    if ys.size <= rows:
        return _relief(xs, ys, seed, scale, mountains, hills, warp)
    out = np.empty((ys.size, xs.size))
    for y in range(0, ys.size, rows):
        out[y : y + rows] = _relief(xs, ys[y : y + rows], seed, scale, mountains, hills, warp)
    return out


def _relief(
    xs: np.ndarray, ys: np.ndarray, seed: int, scale: float, mountains: float, hills: float, warp: float
) -> np.ndarray:
    """:func:`raw_height` of one window, all at once."""
    # Written in place, one whole-window temporary at a time (the same operations in the same
    # order as the plain formula, so the same bytes), so a 4096² map fits in a few layers.
    continent = coarse(_continent(seed, scale, warp), xs, ys)
    continent *= 1.6
    # Interiors level off into plains and foothills: the high ground is left to the ranges, so
    # mountains come as ranges along the continent's spine, not as one dome.
    tmp = continent / 0.3
    np.tanh(tmp, out=tmp)
    tmp *= 0.3
    np.copyto(continent, tmp, where=continent > 0)
    del tmp
    # Where ranges may rise: well inland, modulated by a slow noise so some coasts are steep.
    inland = coarse(lambda x, y: Perlin(seed, "spine").fbm(x / scale * 1.5, y / scale * 1.5, 3), xs, ys)
    inland *= 0.35
    np.add(continent, inland, out=inland)
    inland -= 0.02
    inland /= 0.3
    np.clip(inland, 0, 1, out=inland)
    smooth = inland * inland
    inland *= 2
    np.subtract(3, inland, out=inland)
    inland *= smooth  # smoothstep: inland² (3 - 2 inland)
    del smooth
    u, v = xs / scale, ys / scale
    inland *= mountains
    # The detail noises keep every octave at once (5 layers): a band of rows at a time, they
    # cost a band, not the map. Each is a point function of the tile, so bands are exact.
    rows = max(1, BAND_CELLS // max(1, xs.size))
    for y in range(0, ys.size, rows):
        b = slice(y, y + rows)
        rolling = Perlin(seed, "hills").fbm(u * 6.0, v[b] * 6.0, 5, persistence=0.5)
        rolling *= hills
        continent[b] += rolling
        inland[b] *= ridged(u * 3.0, v[b] * 3.0, seed=seed, name="ranges", octaves=5)
    continent += inland
    return continent


def falloff(
    width: int, height: int, shape: str = "continent", strength: float = 1.0, rows: slice | None = None
) -> np.ndarray:
    """How much to lower each cell of a finite map so its edges are sea, ``(height, width)``.

    ``continent``: a flat middle and a steep drop within the outer fifth of the map (square
    distance, so land reaches into the corners' diagonals). ``island``: a round dome.
    ``rows``: only these rows of the map (the same values as those rows of the whole).
    """
    if shape not in ("continent", "island"):
        raise ParamError(f"shape: must be 'continent' or 'island', got {shape!r}")
    x = np.abs(np.linspace(-1, 1, width))[None, :]
    y = np.abs(np.linspace(-1, 1, height))[:, None]
    if rows is not None:
        y = y[rows]
    if shape == "island":
        d = np.sqrt(x * x + y * y) / np.sqrt(2) * 1.35
        return strength * (1.4 * d * d)
    d = np.maximum(x, y) * 0.7 + np.sqrt(x * x + y * y) / np.sqrt(2) * 0.3
    t = np.clip((d - 0.72) / 0.28, 0, 1)
    return strength * (1.6 * t * t)


def redistribute(height: np.ndarray, exponent: float = 1.35) -> np.ndarray:
    """Bend land heights (``0..1`` above sea level) by a power: flatter plains, sharper peaks."""
    if exponent <= 0:
        raise ParamError(f"exponent: must be positive, got {exponent}")
    land = np.clip(height, 0, None)
    return np.where(height > 0, land**exponent, height)


def terrace(height: np.ndarray, steps: int = 8, sharpness: float = 0.7) -> np.ndarray:
    """Steps on the land (``steps`` levels between 0 and 1); sharpness 0 = none, 1 = flat treads."""
    check_int("steps", steps, 1)
    check_unit("sharpness", sharpness)
    s = np.clip(height, 0, None) * steps
    k = np.floor(s)
    f = s - k
    # Each step is a flat tread for the first `sharpness` of its span, then a ramp to the next.
    g = k if sharpness >= 1 else k + np.clip((f - sharpness) / (1 - sharpness), 0, 1)
    return np.where(height > 0, g / steps, height)


def plateau(height: np.ndarray, level: float = 0.45, softness: float = 0.05) -> np.ndarray:
    """Cap land above ``level`` into a table-top mesa, with a soft rounded rim of ``softness``."""
    if not 0 < level < 1 or softness <= 0:
        raise ParamError(f"plateau: level must be within 0..1 and softness positive, got {level}, {softness}")
    over = np.clip(height - level, 0, None)
    capped = level + softness * (1 - np.exp(-over / softness))
    return np.where(height > level, capped, height)
