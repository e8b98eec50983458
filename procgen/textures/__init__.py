"""Tile textures: procedural materials, the texture models' use, seamless tiles and atlases.

``materials`` synthesizes seamless pixel-art tiles from periodic noise (numpy only);
``atlas`` packs them into Tiled tilesets for any level's legend; ``quality`` measures seams,
fidelity and variety. The trained texture VAE/GAN live in :mod:`procgen.models` and are
imported only when asked for (``generator="vae"|"gan"``, and :func:`blend` for biome
transitions).

>>> from procgen.textures import build_atlas
>>> build_atlas(["grass", "sand"], variants=3).image.shape
(32, 48, 3)
"""

from procgen.textures.atlas import build_atlas, render_textured, textures_cli, tileset_for
from procgen.textures.materials import MATERIALS, synthesize
from procgen.textures.transitions import blend, blend_strip

__all__ = [
    "MATERIALS",
    "blend",
    "blend_strip",
    "build_atlas",
    "render_textured",
    "synthesize",
    "textures_cli",
    "tileset_for",
]
