"""PNG renders of any Level: a colour per legend name, entities drawn on top, integer scale.

A kind with a richer picture (terrain: shaded relief coloured by biome) hands its renderer in
(``renderer=kind.renderer``, see :class:`procgen.levels.kind.LevelKind`); without one a level
gets the flat-colour render. This module knows no kind. Given a Tiled :class:`Tileset`
(the textured one of ``procgen.textures.atlas.tileset_for``), the level is drawn with its
tiles instead, exactly as the ``.tmj`` export shows it, so ``--textured`` gives the same
picture in the PNG and in Tiled. Output is deterministic: the same level gives the same PNG
bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from os import PathLike, fspath
from typing import Protocol

import numpy as np

from procgen.errors import ParamError
from procgen.io.atomic import atomic_write
from procgen.io.palette import entity_color, tile_color
from procgen.level import Level
from procgen.params import check_int

__all__ = ["Renderer", "TileRenderer", "encode_png", "read_png", "render", "render_tiles", "save_png"]

#: A kind's picture of a level: an RGB ``(H, W, 3)`` uint8 image, one pixel per tile.
Renderer = Callable[[Level], np.ndarray]


class TileRenderer(Protocol):
    """What a PNG render needs of a tileset (``procgen.io.tiled.Tileset`` is one)."""

    tile_width: int

    def render(self, level: Level) -> np.ndarray:
        """``(H*S, W*S, 3)`` uint8: the level drawn with the tileset's tiles."""
        ...


MAX_PIXELS = 1 << 28


def render_tiles(level: Level) -> np.ndarray:
    """Flat colours, one pixel per tile: ``(H, W, 3)`` uint8."""
    colors = np.array([tile_color(t) for t in level.legend.values()], dtype=np.uint8)
    return colors[level.ids()]


def render(
    level: Level, scale: int = 4, entities: bool = True, tileset: TileRenderer | None = None, *,
    renderer: Renderer | None = None,
) -> np.ndarray:
    """An RGB image ``(H*scale, W*scale, 3)`` of the level: ``renderer`` (the kind's; default
    flat colours per legend name) scaled up, entities drawn on top.

    With a ``tileset`` the tiles are its pictures and ``scale`` is the tileset's tile size
    (the same picture as the Tiled export); entity markers go on top as usual.
    """
    if tileset is not None:
        scale = tileset.tile_width
    check_int("scale", scale, 1, 64, "pixels per tile")
    if level.width * level.height * scale * scale > MAX_PIXELS:
        raise ParamError(f"scale: a {level.width}x{level.height} level at scale {scale} is too large a PNG")
    if tileset is not None:
        img = tileset.render(level)
    else:
        base = (renderer or render_tiles)(level)
        img = np.repeat(np.repeat(base, scale, axis=0), scale, axis=1)
    if entities:
        # Large tiles: a square inset by a sixth of a tile with a dark outline, so entities read
        # on any background. Small tiles: the whole tile, or the marker would vanish.
        inset, outline = (scale // 6, 1) if scale >= 6 else (0, 0)
        for e in level.entities:
            if tileset is not None and 0 <= e.y < level.height and 0 <= e.x < level.width \
                    and level.legend[chr(int(level.grid[e.y, e.x]))].name == e.type:
                continue  # its tile already shows it (the knight, a slime, the key)
            y0, x0 = e.y * scale, e.x * scale
            img[y0 + inset : y0 + scale - inset, x0 + inset : x0 + scale - inset] = (20, 20, 20)
            inner = inset + outline
            img[y0 + inner : y0 + scale - inner, x0 + inner : x0 + scale - inner] = entity_color(e.type)
    return img


def encode_png(img: np.ndarray) -> bytes:
    """PNG bytes of an RGB or RGBA uint8 image (deterministic: no timestamps or text chunks)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(img)).save(buf, format="PNG", optimize=False, compress_level=6)
    return buf.getvalue()


def read_png(path: str | PathLike[str], max_pixels: int) -> np.ndarray:
    """An image file as RGB ``(H, W, 3)`` uint8, if it has at most ``max_pixels`` pixels.

    The size in the file's header is checked before anything is decoded, so a small file that
    claims 20000x20000 pixels (a decompression bomb) is refused at once. Raises ParamError
    naming the file: unreadable, not an image, or too large.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    where = fspath(path)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit, raises) on huge images; we decide here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(where) as im:
                w, h = im.size
                if w * h > max_pixels:
                    raise ParamError(f"{where}: image is {w}x{h}, more than the {max_pixels} pixels allowed")
                return np.asarray(im.convert("RGB"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ParamError(f"{where}: image claims more pixels than Pillow will decode (a decompression bomb?)") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        # SyntaxError: Pillow's word for some malformed chunks.
        raise ParamError(f"{where}: not a readable image ({e})") from None


def save_png(
    level: Level, path: str | PathLike[str], scale: int = 4, tileset: TileRenderer | None = None, *,
    renderer: Renderer | None = None,
) -> None:
    """Render ``level`` (with ``tileset``'s tiles when given, else the kind's ``renderer``) and
    write the PNG atomically."""
    atomic_write(path, encode_png(render(level, scale, tileset=tileset, renderer=renderer)))
