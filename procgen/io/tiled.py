"""Tiled export: an orthogonal ``.tmj`` map, its ``.tsj`` tileset and the tileset's PNG image.

The map has one tile layer (gids, row-major, ``width*height`` long; every gid inside its
tileset) and one object layer with the entities as point objects whose ``type`` is the entity
type. A :class:`Tileset` maps legend names to tile ids; by default it is one flat-colour tile per
legend entry, and a texture atlas can replace it (several variants per name, scattered by
position so large areas do not repeat). ``infinite=True`` writes chunked layers instead, as
Tiled's infinite maps do, with the level placed at ``origin`` (in tiles).

Files written for ``map.tmj``: ``map.tsj`` and ``map.tileset.png`` beside it (the map refers
to them by relative path), each written atomically, the map last.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike, fspath
from pathlib import Path
from typing import Any

import numpy as np

from procgen.errors import ParamError
from procgen.io.atomic import write_all
from procgen.io.palette import entity_color, tile_color
from procgen.io.png import encode_png
from procgen.level import Level, Tile
from procgen.params import check_int

__all__ = ["TILED_VERSION", "Tileset", "save_tmj", "tile_gids", "tmj_document", "tmj_files", "tsj_document"]

TILED_VERSION = "1.10"
TILEDVERSION = "1.10.2"


@dataclass
class Tileset:
    """A tileset image and what each tile means.

    ``image`` is ``(rows*tile_height, columns*tile_width, 3|4)`` uint8; ``names[i]`` is the legend
    name tile ``i`` depicts; ``properties[i]`` its Tiled properties. A name with several tiles
    (texture variants) is drawn with one of them chosen by position.
    """

    name: str
    image: np.ndarray
    tile_width: int
    tile_height: int
    names: list[str]
    properties: list[dict[str, Any]] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return int(self.image.shape[1] // self.tile_width)

    @property
    def tilecount(self) -> int:
        return len(self.names)

    def variants(self, name: str) -> list[int]:
        return [i for i, n in enumerate(self.names) if n == name]

    def render(self, level: Level) -> np.ndarray:
        """``level`` drawn with these tiles, variants scattered as in the Tiled export:
        ``(H*S, W*S, 3)`` uint8 for tiles of S pixels (what ``--png --textured`` writes)."""
        s, cols = self.tile_width, self.columns
        img = self.image[..., :3]
        tiles = img.reshape(-1, s, cols, s, 3).transpose(0, 2, 1, 3, 4).reshape(-1, s, s, 3)
        gids = tile_gids(level, self) - 1  # (H, W)
        h, w = gids.shape
        return np.ascontiguousarray(tiles[gids].transpose(0, 2, 1, 3, 4).reshape(h * s, w * s, 3))

    @classmethod
    def flat(cls, legend: Mapping[str, Tile], tile_size: int = 16, name: str = "procgen") -> Tileset:
        """One flat-colour tile per legend entry, in legend order, in a single row."""
        check_int("tile_size", tile_size, 1, 256, "pixels")
        tiles = list(legend.values())
        image = np.zeros((tile_size, tile_size * len(tiles), 3), dtype=np.uint8)
        for i, t in enumerate(tiles):
            image[:, i * tile_size : (i + 1) * tile_size] = tile_color(t)
        props = [{"solid": t.solid} for t in tiles]
        return cls(name, image, tile_size, tile_size, [t.name for t in tiles], props)


def tile_gids(level: Level, tileset: Tileset, firstgid: int = 1) -> np.ndarray:
    """``(H, W)`` gids for the level's tiles: the tileset's tile for each legend name.

    Where a name has several variants, a position hash picks one, deterministically.
    """
    names = level.names()
    counts = np.zeros(len(names), dtype=np.int64)
    starts = np.zeros(len(names), dtype=np.int64)
    table: list[int] = []
    for i, name in enumerate(names):
        ids = tileset.variants(name)
        if not ids:
            raise ParamError(f"tileset {tileset.name!r}: has no tile for legend name {name!r}")
        starts[i], counts[i] = len(table), len(ids)
        table.extend(ids)
    lut = np.asarray(table, dtype=np.int64)
    tile_ids = level.ids()
    ys, xs = np.indices(tile_ids.shape).astype(np.uint64)
    # A cheap integer hash of the position (spatial hashing primes) picks among variants.
    h = (xs * np.uint64(73856093)) ^ (ys * np.uint64(19349663))
    pick = (h % counts[tile_ids].astype(np.uint64)).astype(np.int64)
    return lut[starts[tile_ids] + pick] + firstgid


def _property(name: str, value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        kind = "bool"
    elif isinstance(value, int):
        kind = "int"
    elif isinstance(value, float):
        kind = "float"
    elif isinstance(value, str):
        kind = "string"
    else:
        kind, value = "string", json.dumps(value, sort_keys=True)
    return {"name": name, "type": kind, "value": value}


def tsj_document(tileset: Tileset, image_path: str) -> dict[str, Any]:
    """The Tiled tileset (``.tsj``) document."""
    tiles = []
    for i, name in enumerate(tileset.names):
        props = tileset.properties[i] if i < len(tileset.properties) else {}
        tile: dict[str, Any] = {"id": i, "type": name}
        if props:
            tile["properties"] = [_property(k, v) for k, v in props.items()]
        tiles.append(tile)
    h, w = tileset.image.shape[:2]
    return {
        "columns": tileset.columns,
        "image": image_path,
        "imageheight": int(h),
        "imagewidth": int(w),
        "margin": 0,
        "name": tileset.name,
        "spacing": 0,
        "tilecount": tileset.tilecount,
        "tiledversion": TILEDVERSION,
        "tileheight": tileset.tile_height,
        "tiles": tiles,
        "tilewidth": tileset.tile_width,
        "type": "tileset",
        "version": TILED_VERSION,
    }


def _chunks(gids: np.ndarray, origin: tuple[int, int], size: int) -> list[dict[str, Any]]:
    # Tiled's infinite maps cut layers into chunks aligned to multiples of the chunk size.
    ox, oy = origin
    h, w = gids.shape
    out = []
    for cy in range((oy // size) * size, oy + h, size):
        for cx in range((ox // size) * size, ox + w, size):
            block = np.zeros((size, size), dtype=np.int64)
            y0, y1 = max(cy, oy), min(cy + size, oy + h)
            x0, x1 = max(cx, ox), min(cx + size, ox + w)
            block[y0 - cy : y1 - cy, x0 - cx : x1 - cx] = gids[y0 - oy : y1 - oy, x0 - ox : x1 - ox]
            out.append({"data": block.ravel().tolist(), "height": size, "width": size, "x": cx, "y": cy})
    return out


def tmj_document(
    level: Level,
    tileset: Tileset,
    tileset_source: str,
    *,
    infinite: bool = False,
    origin: tuple[int, int] = (0, 0),
    chunk_size: int = 16,
    extra_layers: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The Tiled map (``.tmj``) document for ``level`` drawn with ``tileset``."""
    gids = tile_gids(level, tileset)
    tw, th = tileset.tile_width, tileset.tile_height
    layer: dict[str, Any] = {
        "height": level.height,
        "id": 1,
        "name": "tiles",
        "opacity": 1,
        "type": "tilelayer",
        "visible": True,
        "width": level.width,
        "x": 0,
        "y": 0,
    }
    if infinite:
        check_int("chunk_size", chunk_size, 1, 1024, "tiles")
        layer["chunks"] = _chunks(gids, origin, chunk_size)
        layer["startx"], layer["starty"] = origin
    else:
        layer["data"] = gids.ravel().tolist()
    ox, oy = origin if infinite else (0, 0)
    objects = []
    for i, e in enumerate(level.entities, start=1):
        obj: dict[str, Any] = {
            "height": 0,
            "id": i,
            "name": e.type,
            "point": True,
            "rotation": 0,
            "type": e.type,
            "visible": True,
            "width": 0,
            # Points at the tile's centre, in pixels.
            "x": (ox + e.x + 0.5) * tw,
            "y": (oy + e.y + 0.5) * th,
        }
        props = {"color": "#{:02x}{:02x}{:02x}".format(*entity_color(e.type)), **e.props}
        obj["properties"] = [_property(k, v) for k, v in props.items()]
        objects.append(obj)
    layers = [
        layer,
        {
            "draworder": "topdown",
            "id": 2,
            "name": "entities",
            "objects": objects,
            "opacity": 1,
            "type": "objectgroup",
            "visible": True,
            "x": 0,
            "y": 0,
        },
    ]
    for i, extra in enumerate(extra_layers, start=3):
        layers.append({**extra, "id": i})
    meta = {"kind": level.kind, "seed": level.seed, "generator": level.generator.get("name", "")}
    return {
        "compressionlevel": -1,
        "height": level.height,
        "infinite": infinite,
        "layers": layers,
        "nextlayerid": len(layers) + 1,
        "nextobjectid": len(objects) + 1,
        "orientation": "orthogonal",
        "properties": [_property(k, v) for k, v in meta.items() if v is not None],
        "renderorder": "right-down",
        "tiledversion": TILEDVERSION,
        "tileheight": th,
        "tilesets": [{"firstgid": 1, "source": tileset_source}],
        "tilewidth": tw,
        "type": "map",
        "version": TILED_VERSION,
        "width": level.width,
    }


def _dump(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def tmj_files(
    level: Level,
    path: str | PathLike[str],
    *,
    tileset: Tileset | None = None,
    tile_size: int = 16,
    infinite: bool = False,
    origin: tuple[int, int] = (0, 0),
    chunk_size: int = 16,
) -> list[tuple[Path, bytes]]:
    """The files a ``.tmj`` export writes, rendered: the tileset PNG, the ``.tsj``, the map."""
    path = Path(fspath(path))
    tileset = tileset or Tileset.flat(level.legend, tile_size)
    tsj_path = path.with_suffix(".tsj")
    png_path = path.with_suffix(".tileset.png")
    tmj = _dump(tmj_document(level, tileset, tsj_path.name, infinite=infinite, origin=origin, chunk_size=chunk_size))
    tsj = _dump(tsj_document(tileset, png_path.name))
    return [(png_path, encode_png(tileset.image)), (tsj_path, tsj), (path, tmj)]


def save_tmj(level: Level, path: str | PathLike[str], **kwargs: Any) -> None:
    """Write ``path`` (.tmj) with its ``.tsj`` and tileset PNG beside it, all or nothing.

    Keywords as :func:`tmj_files`.
    """
    write_all(tmj_files(level, path, **kwargs))
