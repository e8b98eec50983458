"""Biome transitions: tiles between two materials, from the texture VAE's latent space.

``blend("grass", "snow", t)`` decodes the point a fraction ``t`` of the way from a grass
latent to a snow latent (with the material labels mixed in the same proportion), so a border
between two biomes can be drawn with a few in-between tiles instead of a hard edge. It needs
the trained VAE (``trained/texture-vae``); when that is missing or corrupt it raises
:class:`~procgen.errors.CheckpointError` and the caller decides (for example, draw the nearer
material's procedural tile).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from procgen.errors import ParamError
from procgen.params import check_unit
from procgen.textures.materials import check_material, check_size
from procgen.textures.source import TileSource, source_of

__all__ = ["blend", "blend_strip"]


def blend_strip(
    material_a: str, material_b: str, ts: Sequence[float], seed: int = 0, size: int = 16,
    source: str | TileSource = "vae",
) -> np.ndarray:
    """Tiles ``(len(ts), size, size, 3)`` uint8 at positions ``ts`` (each in [0, 1]) from
    ``material_a`` (t=0) to ``material_b`` (t=1); t=0 and t=1 are the source's (by default the
    trained VAE's) first variant of each material for ``seed``."""
    check_material(material_a)
    check_material(material_b)
    size = check_size(size)
    src = source_of(source)
    if src.blend is None:
        raise ParamError(f"source: {src.name} tiles cannot be blended; use the vae")
    return src.blend(material_a, material_b, ts, seed, size)


def blend(
    material_a: str, material_b: str, t: float, seed: int = 0, size: int = 16, source: str | TileSource = "vae"
) -> np.ndarray:
    """The tile ``(size, size, 3)`` uint8 a fraction ``t`` of the way from ``material_a`` to
    ``material_b``."""
    return blend_strip(material_a, material_b, [check_unit("t", t)], seed=seed, size=size, source=source)[0]
