"""Where texture tiles come from: a :class:`TileSource`, handed in from above.

The texture code (atlases, quality scores, transitions) is numpy-only and never imports the
models; it asks a tile source for tiles. :data:`PROCEDURAL` is the built-in one
(:func:`~procgen.textures.materials.synthesize`); the trained texture VAE and GAN are sources
made by :func:`procgen.models.texture.tile_source`, which the layer above hands in — either as
an argument (``build_atlas(..., generator=tile_source("vae"))``) or by name (``"vae"``), through
the factories :func:`provide` registers (``import procgen`` registers the trained models).

>>> PROCEDURAL.tiles("grass", 1, 16, 2).shape
(2, 16, 16, 3)
>>> source_of("classic").name  # what `procgen eval` calls the non-model generator
'procedural'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from os import PathLike

import numpy as np

from procgen.errors import ParamError
from procgen.level import GeneratorName
from procgen.textures.materials import synthesize

__all__ = ["PROCEDURAL", "TileSource", "names", "provide", "source_of"]


@dataclass(frozen=True)
class TileSource:
    """``tiles(material, seed, size, n)`` -> ``(n, size, size, 3)`` uint8, a pure function of its
    arguments; ``blend(a, b, ts, seed, size)`` -> ``(len(ts), size, size, 3)`` where the source
    can morph one material into another (None where it cannot)."""

    name: str  # recorded in tile properties ("procedural", "vae", "gan")
    tiles: Callable[[str, int, int, int], np.ndarray] = field(compare=False)
    blend: Callable[[str, str, Sequence[float], int, int], np.ndarray] | None = field(default=None, compare=False)


PROCEDURAL = TileSource("procedural", synthesize)

#: Named sources the layer above provides (``"vae"``, ``"gan"``): name -> factory(checkpoint).
_PROVIDED: dict[str, Callable[[str | PathLike[str] | None], TileSource]] = {}


def provide(name: str, factory: Callable[[str | PathLike[str] | None], TileSource]) -> None:
    """Make ``name`` a tile source: ``factory(model)`` builds it when first asked for (``model``:
    a checkpoint path, None for the shipped one)."""
    _PROVIDED[name] = factory


def names() -> tuple[str, ...]:
    """Every tile source name: ``procedural`` and the provided ones."""
    return (PROCEDURAL.name, *_PROVIDED)


def source_of(generator: str | TileSource, model: str | PathLike[str] | None = None) -> TileSource:
    """A TileSource for ``generator``: a source as it is, or a name (``"classic"`` means
    procedural); ``model`` is a checkpoint for a provided (trained) source."""
    if isinstance(generator, TileSource):
        source = generator
    elif generator in (PROCEDURAL.name, GeneratorName.CLASSIC):  # `procgen eval` calls the non-model generator "classic"
        source = PROCEDURAL
    elif generator in _PROVIDED:
        return _PROVIDED[generator](model)
    else:
        raise ParamError(f"generator: must be one of {', '.join(names())}, got {generator!r}")
    if model is not None:
        raise ParamError(f"model: a checkpoint is for the {' and '.join(_PROVIDED)} texture generators")
    return source
