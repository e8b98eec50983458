"""An infinite world as lazy Dask arrays, and exported block by block into a Zarr store.

A world region is cut into square blocks (``block`` tiles, default 512); each block is one Dask
task that calls :meth:`World.region <procgen.terrain.World.region>` on its window and returns all
requested layers at once, as one record array. Because the world is seamless (every layer is a
function of world coordinates and a bounded apron), the assembled blocks equal ``World.region``
on the whole window bit for bit, and no process ever holds more than a block or two.

The Zarr store (format 3) has one 2-D array per layer, chunked like the blocks so each task
writes its own chunks with no lock, and the world's description in the group attributes:
``format`` (``"procgen-world"``), ``seed``, ``generator`` (procgen's version and the world
settings), ``origin`` (world coordinates of element ``[0, 0]``), ``region`` and ``legend``
(biome id -> character, name, solid, colour). Arrays name their dimensions ``("y", "x")``, so
xarray opens the store directly.

>>> w = World(3)
>>> arrays = to_dask(w, "0:96,0:64", layers=("height", "biome"), block=32)
>>> arrays["height"].shape, arrays["height"].chunks[1]
((64, 96), (32, 32, 32))
>>> lvl = w.region(0, 0, 96, 64)
>>> bool((arrays["biome"].compute(scheduler="sync") == lvl.ids()).all())
True
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from procgen.errors import ParamError
from procgen.level import Level, Tile
from procgen.params import check_int
from procgen.scale import require
from procgen.scale.cluster import reuse_freed_memory
from procgen.terrain.biomes import legend_of
from procgen.terrain.world import MAX_SIDE, World

__all__ = ["DEFAULT_BLOCK", "LAYERS", "Region", "WorldStore", "export_zarr", "read_window", "to_dask"]

#: Every layer a world export can hold, with its stored dtype (``biome``: ids in legend order).
LAYERS: dict[str, str] = {"height": "<f2", "biome": "|u1", "temperature": "|u1", "moisture": "|u1", "flow": "<f2"}
#: Block side: a 512² block costs ~0.1 s and ~60 MiB to generate; its apron (26 tiles each side)
#: adds ~20 % work, which shrinks with bigger blocks at the cost of memory per worker.
DEFAULT_BLOCK = 512
MIN_BLOCK = 16
#: What a world export refuses: larger sides than this are a typo, not a map (2**24 tiles).
MAX_EXPORT_SIDE = 1 << 24
#: The task graph is built up front (a dict entry per block): past this many blocks the
#: scheduler, not the work, becomes the bottleneck.
MAX_BLOCKS = 1 << 20
STORE_FORMAT = "procgen-world"
STORE_VERSION = 1


@dataclass(frozen=True)
class Region:
    """A window of world tiles, ``x0 <= x < x1``, ``y0 <= y < y1`` (text form ``X0:X1,Y0:Y1``)."""

    x0: int
    x1: int
    y0: int
    y1: int

    @classmethod
    def parse(cls, text: str) -> Region:
        """``"X0:X1,Y0:Y1"`` (ends excluded; negatives allowed) -> Region, or ParamError."""
        try:
            xs, ys = text.split(",")
            x0, x1 = (int(v) for v in xs.split(":"))
            y0, y1 = (int(v) for v in ys.split(":"))
        except ValueError:
            raise ParamError(f"region: expected X0:X1,Y0:Y1 (e.g. 0:4096,0:4096), got {text!r}") from None
        return cls(x0, x1, y0, y1).checked()

    def checked(self) -> Region:
        if not (self.x0 < self.x1 and self.y0 < self.y1):
            raise ParamError(f"region: {self} is empty (need X0 < X1 and Y0 < Y1)")
        if max(self.width, self.height) > MAX_EXPORT_SIDE:
            raise ParamError(f"region: {self} is wider than {MAX_EXPORT_SIDE} tiles on a side")
        return self

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    def __str__(self) -> str:
        return f"{self.x0}:{self.x1},{self.y0}:{self.y1}"


def parse_layers(layers: str | Iterable[str] | None) -> tuple[str, ...]:
    """Layer names (comma-separated text or a sequence; None = all) in the order given, checked."""
    if layers is None:
        return tuple(LAYERS)
    names = [s.strip() for s in layers.split(",")] if isinstance(layers, str) else list(layers)
    names = [n for n in names if n]
    unknown = [n for n in names if n not in LAYERS]
    if unknown or not names:
        raise ParamError(f"layers: unknown layer {unknown[0]!r}; choose from {', '.join(LAYERS)}"
                         if unknown else "layers: name at least one layer")
    if len(set(names)) != len(names):
        raise ParamError(f"layers: a layer is named twice in {','.join(names)}")
    return tuple(names)


def _record_dtype(names: Sequence[str]) -> np.dtype:
    return np.dtype([(n, LAYERS[n]) for n in names])


def world_block(world: World, x0: int, y0: int, width: int, height: int, names: Sequence[str]) -> np.ndarray:
    """One block's layers as a record array ``(height, width)``: the task every block runs."""
    reuse_freed_memory()
    level = world.region(x0, y0, width, height)
    out = np.empty((height, width), dtype=_record_dtype(names))
    for n in names:
        out[n] = level.ids() if n == "biome" else level.layers[n]
    return out


def _spans(start: int, stop: int, block: int) -> list[tuple[int, int]]:
    return [(a, min(a + block, stop)) for a in range(start, stop, block)]


def _check_block(block: int) -> int:
    return check_int("block", block, MIN_BLOCK, MAX_SIDE, "tiles")


def to_dask(world: World, region: Region | str, layers: str | Iterable[str] | None = None,
            block: int = DEFAULT_BLOCK) -> dict[str, Any]:
    """Lazy Dask arrays ``(height, width)`` of ``world`` on ``region``, one per layer name.

    Blocks start at the region's top-left corner. Layers of one block come from one task, so
    computing several layers together generates each block once. Equal to ``World.region`` on the
    same window bit for bit (with the default ``erosion=0``; apron'd erosion differs by block).
    """
    da = require("dask.array", "to_dask")
    from dask.base import tokenize

    region = Region.parse(region) if isinstance(region, str) else region.checked()
    names = parse_layers(layers)
    block = _check_block(block)
    blocks = -(-region.width // block) * -(-region.height // block)
    if blocks > MAX_BLOCKS:
        raise ParamError(f"block: {region} in {block}² blocks is {blocks} tasks, more than {MAX_BLOCKS}; "
                         "use a larger block")
    ys, xs = _spans(region.y0, region.y1, block), _spans(region.x0, region.x1, block)
    name = "procgen-world-" + tokenize(world.seed, repr(world.params), str(region), block, names)
    graph = {
        (name, i, j): (world_block, world, x0, y0, x1 - x0, y1 - y0, names)
        for i, (y0, y1) in enumerate(ys) for j, (x0, x1) in enumerate(xs)
    }
    chunks = (tuple(b - a for a, b in ys), tuple(b - a for a, b in xs))
    records = da.Array(graph, name, chunks=chunks, dtype=_record_dtype(names))
    return {n: records[n] for n in names}


def _legend_attrs(world: World) -> dict[str, Any]:
    return {str(i): {"char": ch, **t.to_json()} for i, (ch, t) in enumerate(legend_of(world.params.biomes).items())}


def store_attrs(world: World, region: Region, names: Sequence[str], block: int) -> dict[str, Any]:
    """The group attributes: what the store holds and how to make it again."""
    from procgen import __version__

    settings = {f.name: getattr(world.params, f.name) for f in fields(world.params) if f.name != "biomes"}
    return {
        "format": STORE_FORMAT,
        "version": STORE_VERSION,
        "kind": "terrain",
        "seed": world.seed,
        "generator": {"name": "procgen.terrain.World", "version": __version__, "params": settings},
        "origin": [region.x0, region.y0],
        "region": str(region),
        "block": block,
        "layers": list(names),
        "legend": _legend_attrs(world),
    }


def _target(path: str | os.PathLike[str], overwrite: bool) -> Path:
    target = Path(os.path.abspath(os.fspath(path)))
    if not target.parent.is_dir():
        raise ParamError(f"--zarr: folder {target.parent} does not exist")
    if target.exists() and not overwrite:
        raise ParamError(f"--zarr: {target} exists; choose another path or pass --overwrite")
    if target.exists() and not (target / "zarr.json").is_file():
        raise ParamError(f"--zarr: {target} exists and is not a Zarr store; not overwriting it")
    return target


def export_zarr(world: World, path: str | os.PathLike[str], region: Region | str, *,
                layers: str | Iterable[str] | None = None, block: int = DEFAULT_BLOCK,
                client: Any = None, progress: bool = False, overwrite: bool = False) -> dict[str, Any]:
    """Compute ``region`` of ``world`` as Dask tasks, each writing its block into a Zarr store.

    ``client``: a ``distributed.Client`` (None: Dask's synchronous scheduler in this process, the
    single-process path). The store is built under a temporary name beside ``path`` and renamed
    when complete, so ``path`` is never a half-written world. It must be on a filesystem every
    worker can write. Returns the store's attributes.
    """
    zarr = require("zarr", "world export")
    da = require("dask.array", "world export")
    import dask

    region = Region.parse(region) if isinstance(region, str) else region.checked()
    names = parse_layers(layers)
    block = _check_block(block)
    target = _target(path, overwrite)
    tmp = target.with_name(f".{target.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        group = zarr.open_group(str(tmp), mode="w-")
        attrs = store_attrs(world, region, names, block)
        group.attrs.update(attrs)
        targets = [group.create_array(n, shape=(region.height, region.width), chunks=(block, block),
                                      dtype=LAYERS[n], fill_value=0, dimension_names=("y", "x"))
                   for n in names]
        arrays = to_dask(world, region, names, block)
        # Blocks and Zarr chunks coincide, so each task writes whole chunks: no lock needed.
        stored = da.store([arrays[n] for n in names], targets, lock=False, compute=False)
        if client is None:
            dask.compute(stored, scheduler="sync")
        else:
            futures = client.compute(stored)  # one future, or a list of them (one per layer)
            if progress:
                from distributed import progress as dask_progress

                dask_progress(futures)
            client.gather(futures)
        if target.exists():  # --overwrite: swap the old store out only once the new one is whole
            old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
            target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old)
        else:
            tmp.rename(target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return attrs


def _open_store(store: Any) -> Any:
    zarr = require("zarr", "reading a world store")
    if not isinstance(store, (str, os.PathLike)):
        return store  # an open zarr Group
    if not Path(store).exists():
        raise ParamError(f"{os.fspath(store)}: no such Zarr store")
    try:
        group = zarr.open_group(os.fspath(store), mode="r")
    except Exception as e:  # zarr raises several types for "not a group"
        raise ParamError(f"{os.fspath(store)}: not a readable Zarr group ({type(e).__name__})") from None
    if group.attrs.get("format") != STORE_FORMAT:
        raise ParamError(f"{os.fspath(store)}: attrs.format: not a procgen world store")
    if int(group.attrs.get("version", 0)) > STORE_VERSION:
        raise ParamError(f"{os.fspath(store)}: attrs.version: written by a newer procgen")
    return group


def read_window(store: Any, x0: int, y0: int, width: int, height: int) -> Level:
    """The window ``width × height`` at world tile ``(x0, y0)`` of a world store, as a terrain Level.

    Tiles come from the ``biome`` layer (which the store must hold); every other stored layer
    becomes a Level layer. Reads only the chunks under the window.
    """
    group = _open_store(store)
    attrs = dict(group.attrs)
    ox, oy = attrs["origin"]
    region = Region.parse(attrs["region"])
    if not (region.x0 <= x0 and x0 + width <= region.x1 and region.y0 <= y0 and y0 + height <= region.y1):
        raise ParamError(f"window: {x0}:{x0 + width},{y0}:{y0 + height} is outside the stored region {region}")
    if "biome" not in attrs["layers"]:
        raise ParamError("window: the store has no biome layer, so no tiles (export with --layers biome,...)")
    window = (slice(y0 - oy, y0 - oy + height), slice(x0 - ox, x0 - ox + width))
    legend = {t["char"]: Tile.from_json({k: v for k, v in t.items() if k != "char"})
              for _, t in sorted(attrs["legend"].items(), key=lambda kv: int(kv[0]))}
    gen = attrs["generator"]
    level = Level.from_ids("terrain", np.asarray(group["biome"][window]), legend, seed=attrs["seed"],
                           generator={"name": "classic", "model": None,
                                      "params": {**gen["params"], "infinite": True, "origin": [x0, y0]}},
                           stats={"origin": [x0, y0]})
    level.layers = {n: np.asarray(group[n][window]) for n in attrs["layers"] if n != "biome"}
    level.check("window")
    return level


class WorldStore:
    """A world Zarr store read like a :class:`~procgen.terrain.World`: ``chunk_size`` and
    ``region(x0, y0, width, height)``, reading only the Zarr chunks under each window.

    So the terrain exports take a store as they take a world, e.g.
    ``save_region_tmj(WorldStore("world.zarr"), "part.tmj", cx0, cy0, cx1, cy1)``.
    ``store`` is the store's path or an open Zarr group; a path that is not a procgen world store
    is a one-line :class:`~procgen.errors.ParamError`.
    """

    def __init__(self, store: Any) -> None:
        self.group = _open_store(store)
        self.chunk_size = int(self.group.attrs["generator"]["params"]["chunk_size"])

    def region(self, x0: int, y0: int, width: int, height: int) -> Level:
        """The stored window ``width × height`` at world tile ``(x0, y0)`` (see :func:`read_window`)."""
        return read_window(self.group, x0, y0, width, height)
