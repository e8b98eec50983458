"""The registry: each level kind, its generators (classic, gan, vae), and option checking.

The generator is chosen here, once: :data:`GENERATORS` maps every kind to
``{"classic": ..., "gan": ..., "vae": ...}``. The classic generators live in the kind packages
(and never import the models); the trained ones are imported from :mod:`procgen.models` only
when asked for, so ``procgen generate cave`` never imports torch. Every keyword is checked here
before a generator runs: an unknown or ill-typed one is a :class:`~procgen.errors.ParamError`
naming it, whatever the kind.

``procgen.kinds()`` lists the kinds (this module is callable, so ``procgen.kinds`` works both
as the module and as that function); ``procgen.kind(name)`` gives one.

A generator is a pure function ``fn(seed, *, width=None, height=None, **options) -> Level``;
``width``/``height`` of None mean the kind's default size.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
import warnings
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from procgen.catalog import kind, kinds, names
from procgen.errors import ParamError
from procgen.extras import import_optional
from procgen.level import GeneratorName, Kind, Level
from procgen.levels.kind import LevelKind, Option
from procgen.params import check_int
from procgen.rng import check_seed

__all__ = ["GENERATORS", "GeneratorName", "Kind", "LevelKind", "Option", "generate", "generators", "kind", "kinds"]

Generator = Callable[..., Level]


def _platformer_model(seed: int, *, generator: GeneratorName, width: int | None = None,
                      height: int | None = None, difficulty: float = 0.5, **options: Any) -> Level:
    from procgen.levels.platformer.generate import check_params

    w = check_params(width, height, difficulty)  # the classic generator's size rules hold for models too
    models = import_optional("procgen.models.platformer", f"generator: {generator}")
    return models.generate_level(seed, generator=generator.value, width=w, difficulty=difficulty, **options)


def _room_model(seed: int, *, generator: GeneratorName, width: int | None = None, height: int | None = None,
                **options: Any) -> Level:
    from procgen.levels.dungeon.tiles import DEFAULT_HEIGHT, DEFAULT_WIDTH

    rooms = import_optional("procgen.models.rooms", f"generator: {generator}")
    return rooms.generate_room(seed, generator=generator.value, width=DEFAULT_WIDTH if width is None else width,
                         height=DEFAULT_HEIGHT if height is None else height, **options)


def _dungeon_model(seed: int, *, generator: GeneratorName, room_source: Any = None, model: Any = None,
                   **options: Any) -> Level:
    from procgen.levels.dungeon.generate import generate_dungeon

    if room_source is None:
        rooms = import_optional("procgen.models.rooms", f"generator: {generator}")
        room_source = rooms.room_source(generator.value, model)
    return generate_dungeon(seed, generator=generator.value, room_source=room_source, **options)


def _classic(name: Kind) -> Generator:
    def classic(seed: int, **options: Any) -> Level:
        return kind(name).classic(seed, **options)

    classic.__name__ = classic.__qualname__ = f"classic_{name.value.replace('-', '_')}"
    return classic


def _models(fn: Callable[..., Level]) -> dict[GeneratorName, Generator]:
    return {g: partial(fn, generator=g) for g in (GeneratorName.GAN, GeneratorName.VAE)}


#: kind -> generator name -> ``fn(seed, **options) -> Level``: where every generator lives.
GENERATORS: Mapping[Kind, Mapping[GeneratorName, Generator]] = {
    Kind.CAVE: {GeneratorName.CLASSIC: _classic(Kind.CAVE)},
    Kind.PLATFORMER: {GeneratorName.CLASSIC: _classic(Kind.PLATFORMER), **_models(_platformer_model)},
    Kind.DUNGEON_ROOM: {GeneratorName.CLASSIC: _classic(Kind.DUNGEON_ROOM), **_models(_room_model)},
    Kind.DUNGEON: {GeneratorName.CLASSIC: _classic(Kind.DUNGEON), **_models(_dungeon_model)},
    Kind.TERRAIN: {GeneratorName.CLASSIC: _classic(Kind.TERRAIN)},
}


def generators(name: str | Kind | LevelKind) -> tuple[GeneratorName, ...]:
    """The generators ``name`` offers, classic first."""
    return tuple(GENERATORS[kind(name).name])


def _size(name: str, value: object) -> None:
    check_int(name, value, 1)


def check_options(k: LevelKind, generator: GeneratorName, params: Mapping[str, Any]) -> None:
    """Raise ParamError for an unknown, misplaced or ill-typed keyword (the one place that does)."""
    for key, value in params.items():
        if key in ("width", "height"):
            if value is not None:
                _size(key, value)
            continue
        opt = k.option(key)
        if opt is None:
            known = ", ".join(["width", "height", *(o.name for o in k.options if o.applies_to(generator))])
            raise ParamError(f"{key}: not an option of {k.name} ({generator}); options: {known}")
        if not opt.applies_to(generator):
            if opt.misplaced:
                raise ParamError(f"{key}: " + opt.misplaced.format(generator=generator))
            only = " and ".join(str(g) for g in opt.generators or ())
            raise ParamError(f"{key}: applies to the {only} generator only, not {generator}")
        if value is None:
            continue
        if opt.choices is not None and value not in opt.choices:
            raise ParamError(f"{key}: must be one of {', '.join(map(str, opt.choices))}, got {value!r}")
        if opt.check is not None:
            opt.check(key, value)


def _generator_name(k: LevelKind, generator: object) -> GeneratorName:
    offered = GENERATORS[k.name]
    try:
        g = GeneratorName(generator)
    except ValueError:
        g = None
    if g is None or g not in offered:
        raise ParamError(f"generator: {k.name} has no generator {generator!r}; "
                         f"choose from {', '.join(map(str, offered))}")
    return g


def _generate(kind_name: str | Kind, seed: int = 0, *, generator: str = "classic", **params: Any) -> Level:
    seed = check_seed(seed)
    k = kind(kind_name)
    g = _generator_name(k, generator)
    check_options(k, g, params)
    return GENERATORS[k.name][g](seed, **params)


_GENERATE_DOC = """Generate a level of ``kind_name`` from ``seed``: a pure function of ``(seed, params)``.

    ``generator`` is ``"classic"``, ``"gan"`` or ``"vae"`` (where the kind has models);
    ``params`` are ``width``, ``height`` and the kind's options below. An unknown or ill-typed
    keyword is a :class:`~procgen.errors.ParamError` naming it, raised before any generator runs.

    >>> lvl = generate("cave", seed=7, width=24, height=16)
    >>> lvl.kind, lvl.width, lvl.height, [e.type for e in lvl.entities]
    ('cave', 24, 16, ['player', 'goal'])
    >>> generate("cave", seed=7, width=24, height=16).rows == lvl.rows
    True
    """


def _options_doc() -> str:
    """Every kind's generators and options, from the registry (for ``help(procgen.generate)``)."""
    lines = ["", "    Kinds, their generators and options (``width``/``height`` for every kind):", ""]
    for k in kinds():
        size = f"; default size {k.default_size[0]}x{k.default_size[1]}" if k.default_size else ""
        lines.append(f"    ``{k.name}`` ({', '.join(map(str, GENERATORS[k.name]))}{size}): {k.summary}")
        if k.defaults:
            lines.append(f"        every generator, by default: {k.defaults}")
        for o in k.options:
            only = f" [{', '.join(map(str, o.generators))} only]" if o.generators else ""
            default = f" (default {o.default})" if o.default is not None else ""
            lines.append(f"        ``{o.name}``: {o.help.replace('%%', '%')}{default}{only}")
    return "\n".join(lines) + "\n"


class _Generate:
    """:func:`generate`, whose docstring lists every kind's options when it is first read.

    Building that list imports every kind's package; doing it at ``import procgen`` would make
    ``procgen generate cave`` import the platformer, the dungeons and the terrain engine.
    (``__get__`` makes help() and doctest treat it as a function.)
    """

    __name__ = __qualname__ = "generate"
    __signature__ = inspect.signature(_generate)

    def __call__(self, kind_name: str | Kind, seed: int = 0, *, generator: str = "classic", **params: Any) -> Level:
        return _generate(kind_name, seed, generator=generator, **params)

    def __get__(self, obj: object, objtype: type | None = None) -> _Generate:
        return self

    @property
    def __doc__(self) -> str:  # type: ignore[override]
        return _doc()


@functools.cache
def _doc() -> str:
    return _GENERATE_DOC.rstrip() + "\n" + _options_doc()


generate = _Generate()



# -- deprecated names (one release) -----------------------------------------------------------


def _kind_specs() -> dict[str, Any]:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class KindSpec:
        name: str
        generators: tuple[str, ...]
        options: tuple[Option, ...]
        summary: str

    return {str(k.name): KindSpec(str(k.name), tuple(map(str, GENERATORS[k.name])),
                                  tuple(o for o in k.options if o.cli), k.summary) for k in kinds()}


def generator_function(kind_name: str) -> Generator:
    """Deprecated: the classic generator of ``kind_name`` (use ``procgen.kind(name).classic``)."""
    warnings.warn("procgen.kinds.generator_function is deprecated; use procgen.kind(name).classic "
                  "or procgen.generate", DeprecationWarning, stacklevel=2)
    return kind(kind_name).classic


def __getattr__(name: str) -> Any:
    if name == "KIND_SPECS":
        warnings.warn("procgen.kinds.KIND_SPECS is deprecated; use procgen.kinds() (LevelKind objects)",
                      DeprecationWarning, stacklevel=2)
        return _kind_specs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _CallableModule(types.ModuleType):
    """``procgen.kinds()`` lists the kinds while ``procgen.kinds`` stays this module."""

    def __call__(self) -> tuple[LevelKind, ...]:
        return kinds()


sys.modules[__name__].__class__ = _CallableModule
__all__ += ["names"]
