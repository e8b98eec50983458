"""PNG picture of a terrain level: biome colours with shaded relief, depth-tinted sea, rivers on top.

One pixel per tile (``procgen.io.png`` scales it). Colours come from the legend (each biome tile
carries its ``color``), so a user biome table renders with its own palette. The relief is a
hillshade of the ``height`` layer lit from the north-west; the sea darkens with depth.

>>> from procgen.terrain.world import generate
>>> img = render_terrain(generate(1, width=32, height=24))
>>> img.shape, img.dtype
((24, 32, 3), dtype('uint8'))
"""

from __future__ import annotations

import numpy as np

from procgen.io.palette import tile_color
from procgen.level import Level

__all__ = ["hillshade", "render_terrain"]


def hillshade(height: np.ndarray, exaggeration: float = 60.0) -> np.ndarray:
    """Lambertian shade 0..1 of a heightmap lit from the north-west, 45° above the horizon."""
    gy, gx = np.gradient(np.asarray(height, dtype=np.float64) * exaggeration)
    # Surface normal (-gx, -gy, 1), light from the upper left (north-west), 45 degrees up.
    light = np.array([-1.0, -1.0, np.sqrt(2.0)]) / 2.0
    shade = (-gx * light[0] - gy * light[1] + light[2]) / np.sqrt(gx * gx + gy * gy + 1)
    return np.clip(shade, 0, 1)


def render_terrain(level: Level) -> np.ndarray:
    """``(H, W, 3)`` uint8 picture of a terrain level (see the module docstring)."""
    colors = np.array([tile_color(t) for t in level.legend.values()], dtype=np.float64)
    img = colors[level.ids()]
    if "height" not in level.layers:
        return img.astype(np.uint8)
    h = level.layers["height"].astype(np.float64)
    water = level.mask("ocean", "lake", "river")
    sea = level.mask("ocean")
    shade = hillshade(np.where(water, np.maximum(h, 0), h))
    # Flat ground (shade ~0.71) keeps its colour; slopes facing the light brighten, others darken.
    land_light = 0.35 + 0.9 * shade
    img = np.where(water[..., None], img, img * land_light[..., None])
    depth = np.clip(-h, 0, 1)[..., None]
    deep = np.array([14.0, 34.0, 82.0])
    img = np.where(sea[..., None], img * (1 - 0.85 * np.sqrt(depth)) + deep * 0.85 * np.sqrt(depth), img)
    return np.clip(img, 0, 255).astype(np.uint8)
