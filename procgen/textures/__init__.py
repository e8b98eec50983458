"""Tile textures: procedural materials, the texture models' use, seamless tiles and atlases.

``materials`` synthesizes seamless pixel-art tiles from periodic noise (numpy only);
``atlas`` packs them into Tiled tilesets for any level's legend; ``quality`` measures seams,
fidelity and variety. The trained texture VAE/GAN live in :mod:`procgen.models` and are
imported only when asked for (``generator="vae"|"gan"``).
"""
