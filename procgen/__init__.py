"""procgen: procedural game content — terrain, levels, textures — as pure functions of a seed.

The public API is small: :func:`generate` any kind of level, the :class:`Level` it returns
(save it as JSON, Tiled or PNG), and the seeds helpers. Everything is deterministic:

>>> import procgen
>>> cave = procgen.generate("cave", seed=7, width=32, height=20)
>>> cave.kind, cave.width, cave.height
('cave', 32, 20)
>>> procgen.generate("cave", seed=7, width=32, height=20).dumps() == cave.dumps()
True

Subpackages: ``procgen.levels`` (platformer, dungeon, cave), ``procgen.terrain``,
``procgen.textures``, ``procgen.models`` (needs torch), ``procgen.io``.
"""

from procgen.errors import (
    CheckpointError,
    GenerationError,
    InfeasibleError,
    LevelFormatError,
    ParamError,
    ProcgenError,
)
from procgen.kinds import KIND_SPECS, generate
from procgen.level import Entity, Level, Tile
from procgen.rng import child_seed, rng


def _version() -> str:
    """The installed distribution's version (``pyproject.toml``), one source of truth."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("procgen-forge")
    except PackageNotFoundError:  # a source tree on sys.path that was never pip-installed
        return "0+unknown"


__version__ = _version()
del _version

__all__ = [
    "KIND_SPECS",
    "CheckpointError",
    "Entity",
    "GenerationError",
    "InfeasibleError",
    "Level",
    "LevelFormatError",
    "ParamError",
    "ProcgenError",
    "Tile",
    "__version__",
    "child_seed",
    "generate",
    "rng",
]
