"""Terrain exports for engine pipelines: the numeric layers as ``.npz``, and regions of chunks
as Tiled infinite maps.

>>> import tempfile, os
>>> from procgen.terrain.world import World
>>> lvl = World(2).chunk(0, 0)
>>> with tempfile.TemporaryDirectory() as d:
...     save_npz(lvl, os.path.join(d, "c.npz"))
...     sorted(np.load(os.path.join(d, "c.npz")).files)
['biome', 'flow', 'height', 'moisture', 'temperature']
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from os import PathLike
from typing import Protocol

import numpy as np

from procgen.errors import ParamError
from procgen.io.atomic import atomic_write
from procgen.io.tiled import Tileset, save_tmj
from procgen.level import Level

__all__ = ["RegionSource", "chunk_region", "save_npz", "save_region_tmj"]


def save_npz(level: Level, path: str | PathLike[str]) -> None:
    """Write the level's layers plus ``biome`` (tile ids, legend order) as a compressed ``.npz``.

    Atomic: the file is complete or absent. Arrays keep their layer dtypes.
    """
    buf = io.BytesIO()
    arrays = {name: np.ascontiguousarray(a) for name, a in level.layers.items()}
    arrays["biome"] = level.ids().astype(np.uint8 if len(level.legend) <= 256 else np.int16)
    np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]
    atomic_write(path, buf.getvalue())


def chunk_region(world: RegionSource, cx0: int, cy0: int, cx1: int, cy1: int) -> Level:
    """The chunks ``cx0 <= cx < cx1``, ``cy0 <= cy < cy1`` of ``world`` as one Level.

    Generated (or read) in one go (equal to the assembled chunks, see :class:`~procgen.terrain.World`).
    """
    if cx1 <= cx0 or cy1 <= cy0:
        raise ParamError(f"chunks: empty range x {cx0}..{cx1}, y {cy0}..{cy1}")
    n = world.chunk_size
    return world.region(cx0 * n, cy0 * n, (cx1 - cx0) * n, (cy1 - cy0) * n)


class RegionSource(Protocol):
    """What reads like a :class:`~procgen.terrain.World` for an export: chunk size and windows as Levels.

    A :class:`~procgen.terrain.World` is one; so is a world Zarr store opened by
    ``procgen.scale.world_zarr.WorldStore`` (the scale-out layer builds on terrain, never the
    other way round).
    """

    @property
    def chunk_size(self) -> int: ...

    def region(self, x0: int, y0: int, width: int, height: int) -> Level: ...


def save_region_tmj(
    world: RegionSource, path: str | PathLike[str], cx0: int, cy0: int, cx1: int, cy1: int,
    tile_size: int = 16, tiled_chunk: int | None = None,
    tileset: Tileset | Callable[[Level], Tileset] | None = None,
) -> Level:
    """Write chunks ``[cx0, cx1) × [cy0, cy1)`` as a Tiled *infinite* map (chunked layer data).

    ``world`` is a :class:`~procgen.terrain.World`, or a world Zarr store written by ``procgen world export`` and
    opened with ``procgen.scale.world_zarr.WorldStore(path)`` (needs ``[scale]``): then only the
    Zarr chunks under the window are read, so a region of a world far bigger than memory opens
    in Tiled. The map's tile coordinates are world coordinates; Tiled chunks default to the
    world's chunk size. ``tileset`` is used as in the finite export (flat colours by default);
    it may also be a function of the region's level, e.g. ``tileset=procgen.textures.tileset_for``
    for textured biomes. Returns the level written.
    """
    if isinstance(world, (str, PathLike)):
        raise ParamError(f"world: {os.fspath(world)} is a path; open a world store with "
                         "procgen.scale.world_zarr.WorldStore(path)")
    n = world.chunk_size
    level = chunk_region(world, cx0, cy0, cx1, cy1)
    if callable(tileset):
        tileset = tileset(level)
    save_tmj(level, path, tile_size=tile_size, infinite=True, origin=(cx0 * n, cy0 * n),
             chunk_size=tiled_chunk or n, tileset=tileset)
    return level
