"""PNG renders of any Level: a colour per legend name, entities drawn on top, integer scale.

A kind with a richer picture (terrain: shaded relief coloured by biome) hands its renderer in
(``renderer=kind.renderer``, see :class:`procgen.levels.kind.LevelKind`); without one a level
gets the flat-colour render. This module knows no kind. Output is deterministic: the same level
gives the same PNG bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from os import PathLike

import numpy as np

from procgen.errors import ParamError
from procgen.io.atomic import atomic_write
from procgen.io.palette import entity_color, tile_color
from procgen.level import Level

__all__ = ["Renderer", "encode_png", "render", "render_tiles", "save_png"]

#: A kind's picture of a level: an RGB ``(H, W, 3)`` uint8 image, one pixel per tile.
Renderer = Callable[[Level], np.ndarray]

MAX_PIXELS = 1 << 28


def render_tiles(level: Level) -> np.ndarray:
    """Flat colours, one pixel per tile: ``(H, W, 3)`` uint8."""
    colors = np.array([tile_color(t) for t in level.legend.values()], dtype=np.uint8)
    return colors[level.ids()]


def render(level: Level, scale: int = 4, entities: bool = True, *, renderer: Renderer | None = None) -> np.ndarray:
    """An RGB image ``(H*scale, W*scale, 3)`` of the level: ``renderer`` (the kind's; default
    flat colours per legend name) scaled up, entities drawn on top."""
    if not 1 <= scale <= 64:
        raise ParamError(f"scale: must be between 1 and 64, got {scale}")
    if level.width * level.height * scale * scale > MAX_PIXELS:
        raise ParamError(f"scale: a {level.width}x{level.height} level at scale {scale} is too large a PNG")
    base = (renderer or render_tiles)(level)
    img = np.repeat(np.repeat(base, scale, axis=0), scale, axis=1)
    if entities:
        # Large tiles: a square inset by a sixth of a tile with a dark outline, so entities read
        # on any background. Small tiles: the whole tile, or the marker would vanish.
        inset, outline = (scale // 6, 1) if scale >= 6 else (0, 0)
        for e in level.entities:
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


def save_png(level: Level, path: str | PathLike[str], scale: int = 4, *, renderer: Renderer | None = None) -> None:
    """Render ``level`` (with the kind's ``renderer``, if any) and write the PNG atomically."""
    atomic_write(path, encode_png(render(level, scale, renderer=renderer)))
