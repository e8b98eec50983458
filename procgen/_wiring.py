"""Connections made once, from the top of the package, so that no lower layer imports upwards.

* The trained texture models become the named tile sources ``"vae"`` and ``"gan"`` of
  :mod:`procgen.textures.source` (imported only when tiles are asked for), so the texture code
  takes its tiles from above and never imports torch.
* The ``Level`` file methods of 0.1 (``save``, ``load``, ``loads``, ``save_png``,
  ``save_tmj``) are kept for one release as deprecated shims over :mod:`procgen.io`. They are
  attached here, above the data model and the registry, so that ``procgen.level`` imports no
  file format and ``procgen.io`` no kind: the PNG shim hands the kind's renderer to
  :func:`procgen.io.save_png` as the CLI does.
"""

from __future__ import annotations

import warnings
from os import PathLike
from typing import Any

from procgen import io as _io
from procgen.catalog import kind
from procgen.extras import import_optional
from procgen.level import Level
from procgen.textures import source as _tile_sources

__all__: list[str] = []


def _model_tiles(family: str, model: str | PathLike[str] | None) -> _tile_sources.TileSource:
    texture = import_optional("procgen.models.texture", f"generator: {family}")
    source: _tile_sources.TileSource = texture.tile_source(family, model)
    return source


_tile_sources.provide("vae", lambda model: _model_tiles("vae", model))
_tile_sources.provide("gan", lambda model: _model_tiles("gan", model))


def _warn(old: str, new: str) -> None:
    warnings.warn(f"Level.{old} is deprecated; use {new}", DeprecationWarning, stacklevel=3)


def save(self: Level, path: str | PathLike[str]) -> None:
    """Deprecated: ``procgen.io.save(level, path)``."""
    _warn("save", "procgen.io.save(level, path)")
    _io.save(self, path)


def save_png(self: Level, path: str | PathLike[str], scale: int = 4) -> None:
    """Deprecated: ``procgen.io.save_png(level, path, renderer=procgen.kind(level.kind).renderer)``."""
    _warn("save_png", "procgen.io.save_png(level, path, renderer=procgen.kind(level.kind).renderer)")
    _io.save_png(self, path, scale=scale, renderer=kind(self.kind).renderer)


def save_tmj(self: Level, path: str | PathLike[str], **kwargs: Any) -> None:
    """Deprecated: ``procgen.io.save_tmj(level, path, ...)``."""
    _warn("save_tmj", "procgen.io.save_tmj(level, path)")
    _io.save_tmj(self, path, **kwargs)


def load(cls: type[Level], path: str | PathLike[str]) -> Level:
    """Deprecated: ``procgen.io.load(path)``."""
    _warn("load", "procgen.io.load(path)")
    return _io.load(path)


def loads(cls: type[Level], text: str, where: str = "<string>") -> Level:
    """Deprecated: ``procgen.io.loads(text)``."""
    _warn("loads", "procgen.io.loads(text)")
    return _io.loads(text, where)


Level.save = save
Level.save_png = save_png
Level.save_tmj = save_tmj
Level.load = classmethod(load)  # type: ignore[assignment]
Level.loads = classmethod(loads)  # type: ignore[assignment]
