"""Terrain: heightmaps, erosion, hydrology, climate and biomes, finite maps and infinite chunked worlds.

>>> from procgen.terrain import World
>>> World(1).chunk(0, 0).kind
'terrain'
"""

from procgen.terrain.biomes import BIOMES, Biome, biome_of
from procgen.terrain.world import World, WorldParams, generate

__all__ = ["BIOMES", "Biome", "World", "WorldParams", "biome_of", "generate"]
