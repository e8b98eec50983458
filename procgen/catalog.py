"""Every level kind's :class:`~procgen.levels.kind.LevelKind`, found by name.

The catalog sits below the models and above the kind packages: the models look a kind up here
(``platformer-gan`` -> the platformer's model domain) and :mod:`procgen.kinds` (the registry,
which also picks the generator) builds on it. A kind's package is imported only when that kind
is asked for, so ``procgen generate cave`` never imports the platformer or the terrain engine.

>>> kind("cave").default_size
(64, 40)
>>> [str(k) for k in kinds()]
['cave', 'platformer', 'dungeon-room', 'dungeon', 'terrain']
"""

from __future__ import annotations

from collections.abc import Callable

from procgen.errors import ParamError
from procgen.level import Kind
from procgen.levels.kind import LevelKind

__all__ = ["kind", "kinds", "model_kind"]


def _cave() -> LevelKind:
    from procgen.levels.cave import CAVE

    return CAVE


def _platformer() -> LevelKind:
    from procgen.levels.platformer.kind import PLATFORMER

    return PLATFORMER


def _dungeon_room() -> LevelKind:
    from procgen.levels.dungeon.kind import DUNGEON_ROOM

    return DUNGEON_ROOM


def _dungeon() -> LevelKind:
    from procgen.levels.dungeon.kind import DUNGEON

    return DUNGEON


def _terrain() -> LevelKind:
    from procgen.terrain.kind import TERRAIN

    return TERRAIN


#: In the order the CLI lists them.
_KINDS: dict[Kind, Callable[[], LevelKind]] = {
    Kind.CAVE: _cave,
    Kind.PLATFORMER: _platformer,
    Kind.DUNGEON_ROOM: _dungeon_room,
    Kind.DUNGEON: _dungeon,
    Kind.TERRAIN: _terrain,
}


def names() -> tuple[Kind, ...]:
    """The kinds' names, without importing any kind's package."""
    return tuple(_KINDS)


def kind(name: str | Kind | LevelKind) -> LevelKind:
    """The LevelKind called ``name`` (a string or a :class:`Kind`); ParamError names the known kinds."""
    if isinstance(name, LevelKind):
        return name
    try:
        key = Kind(name)
    except ValueError:
        raise ParamError(f"kind: unknown kind {name!r}; choose from {', '.join(k.value for k in _KINDS)}") from None
    return _KINDS[key]()


def kinds() -> tuple[LevelKind, ...]:
    """Every LevelKind, in the CLI's order."""
    return tuple(load() for load in _KINDS.values())


def model_kind(domain: str) -> LevelKind:
    """The kind whose model domain is called ``domain`` (``"platformer"``, ``"room"``)."""
    known = []
    for load in _KINDS.values():  # in order, so a platformer model never imports the terrain engine
        k = load()
        if k.model_domain is not None:
            if k.model_domain.name == domain:
                return k
            known.append(k.model_domain.name)
    raise ParamError(f"domain: unknown level domain {domain!r}; choose from {', '.join(known)}")
