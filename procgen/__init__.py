"""procgen: procedural game content — terrain, levels, textures — as pure functions of a seed.

The public API is small: :func:`generate` any kind of level, the :class:`Level` it returns,
the kinds (:func:`kinds`, :func:`kind`: one :class:`LevelKind` object each), file formats as
functions of :mod:`procgen.io`, and the seeds helpers. Everything is deterministic:

>>> import procgen
>>> cave = procgen.generate("cave", seed=7, width=32, height=20)
>>> cave.kind, cave.width, cave.height
('cave', 32, 20)
>>> procgen.generate("cave", seed=7, width=32, height=20).dumps() == cave.dumps()
True
>>> [str(k) for k in procgen.kinds()]
['cave', 'platformer', 'dungeon-room', 'dungeon', 'terrain']

Subpackages: ``procgen.levels`` (platformer, dungeon, cave), ``procgen.terrain``,
``procgen.textures``, ``procgen.models`` (needs torch), ``procgen.io``, ``procgen.eval``.
``procgen.rng`` is the seeds module (callable as ``procgen.rng(seed, *path)`` as before).
"""

from procgen import (  # modules; kinds() and rng(seed, ...) are callable too
    _wiring,  # noqa: F401  (texture model sources; Level.save & co. for one release)
    io,
    kinds,
    rng,
)
from procgen.catalog import kind
from procgen.errors import (
    CheckpointError,
    GenerationError,
    InfeasibleError,
    LevelFormatError,
    ParamError,
    ProcgenError,
)
from procgen.kinds import generate
from procgen.level import Entity, GeneratorName, Kind, Level, Tile
from procgen.levels.kind import LevelKind
from procgen.rng import child_seed


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
    "CheckpointError",
    "Entity",
    "GenerationError",
    "GeneratorName",
    "InfeasibleError",
    "Kind",
    "Level",
    "LevelFormatError",
    "LevelKind",
    "ParamError",
    "ProcgenError",
    "Tile",
    "__version__",
    "child_seed",
    "generate",
    "io",
    "kind",
    "kinds",
    "rng",
]


def __getattr__(name: str) -> object:
    if name == "KIND_SPECS":
        import warnings

        warnings.warn("procgen.KIND_SPECS is deprecated; use procgen.kinds() (LevelKind objects)",
                      DeprecationWarning, stacklevel=2)
        return kinds.__getattr__("KIND_SPECS")
    raise AttributeError(f"module 'procgen' has no attribute {name!r}")
