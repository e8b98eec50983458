"""Climate layers: temperature from latitude and altitude, moisture from water, wind and noise.

Both are 0..1 (cold..hot, dry..wet) and computed on a window from global coordinates and local
neighbourhoods only, so infinite worlds can compute them chunk by chunk with an apron:

* temperature = latitude band - lapse rate × height above sea + a little noise;
* moisture = noise + a bonus that decays with distance to water (sea, lakes, rivers; capped at
  ``reach`` tiles) - a rain shadow east of high ground (the prevailing wind blows from the
  west, and air that has crossed mountains has rained out).

>>> t = temperature(np.arange(8), np.arange(4), np.zeros((4, 8)), seed=1, latitude=np.linspace(0, 1, 4))
>>> t.shape, bool(t[0].mean() < t[-1].mean())
((4, 8), True)
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import distance_transform_edt, maximum_filter1d

from procgen.noise import Perlin
from procgen.terrain.heightmap import coarse

__all__ = ["latitude_band", "moisture", "temperature", "water_distance"]

#: Cells per band of rows where :func:`water_distance` runs the distance transform.
DISTANCE_BAND_CELLS = 1 << 18


def latitude_band(ys: np.ndarray, period: float) -> np.ndarray:
    """Warmth of each row of an infinite world: a triangle wave, 0 at the poles, 1 at the equator.

    Row 0 is mid-way (0.5); poles and equators alternate every ``period / 2`` rows.
    """
    phase = (np.asarray(ys, dtype=np.float64) / period + 0.25) % 1.0
    return 1.0 - 2.0 * np.abs(phase - 0.5)


def temperature(
    xs: np.ndarray, ys: np.ndarray, height: np.ndarray, seed: int, latitude: np.ndarray,
    lapse: float = 0.55, scale: float = 320.0,
) -> np.ndarray:
    """Temperature 0..1 of the window ``xs × ys`` with ``latitude`` warmth per row."""
    wobble = coarse(lambda x, y: Perlin(seed, "temperature").fbm(x / scale * 2, y / scale * 2, 3), xs, ys)
    t = np.asarray(latitude)[:, None] - lapse * np.clip(height, 0, None) + 0.12 * wobble
    return np.clip(t, 0, 1)


def water_distance(water: np.ndarray, reach: int) -> np.ndarray:
    """Distance in tiles to the nearest water cell, capped at ``reach``.

    Exact for every cell at least ``reach`` tiles inside the window: a window with an apron of
    ``reach`` gives the same numbers as the whole world would.
    """
    if not water.any():
        return np.full(water.shape, float(reach))
    height = water.shape[0]
    rows = max(8 * reach, DISTANCE_BAND_CELLS // max(1, water.shape[1]))
    if rows + 2 * reach >= height:
        distance = distance_transform_edt(~water)
        return np.minimum(distance, reach, out=distance)  # in place: a map-sized copy less
    # A band of rows at a time, with ``reach`` rows of context either side (#18: the transform's
    # index arrays then stay a band's size and in cache, so the cost per tile stays flat). A
    # band holds every water cell within ``reach`` of its own rows, so where the true distance
    # is at most ``reach`` the band finds it; elsewhere the band's is no shorter, and both are
    # capped to ``reach``: the whole map's bytes (the transform is exact, sqrt of an integer).
    out = np.empty(water.shape)
    for y0 in range(0, height, rows):
        y1 = min(height, y0 + rows)
        lo, hi = max(0, y0 - reach), min(height, y1 + reach)
        band = water[lo:hi]
        if not band.any():
            out[y0:y1] = reach
            continue
        np.minimum(distance_transform_edt(~band)[y0 - lo : y1 - lo], reach, out=out[y0:y1])
    return out


def moisture(
    xs: np.ndarray, ys: np.ndarray, height: np.ndarray, distance: np.ndarray, seed: int,
    reach: int, shadow: int = 24, scale: float = 320.0,
) -> np.ndarray:
    """Moisture 0..1 of the window; ``distance`` from :func:`water_distance`.

    The rain shadow looks ``shadow`` tiles upwind (west): cells within that many tiles of the
    window's west edge see a partial shadow, so windows need an apron of at least ``shadow``.
    """
    base = coarse(lambda x, y: Perlin(seed, "moisture").fbm(x / scale * 2.5, y / scale * 2.5, 4), xs, ys)
    m = 0.42 + 0.55 * base + 0.35 * np.exp(-distance / (reach / 3.0))
    land = np.clip(height, 0, None)
    # Highest ground in the `shadow` cells upwind (to the west) of each cell.
    upwind = maximum_filter1d(land, size=shadow, axis=1, mode="nearest", origin=(shadow - 1) // 2)
    upwind = np.concatenate([land[:, :1], upwind[:, :-1]], axis=1)
    m -= 1.2 * np.clip(upwind - land - 0.08, 0, 0.35)
    return np.clip(m, 0, 1)
