"""The game's modes by name: what ``--mode``, F1..F3 and a gate ask for.

A mode's module (and pygame) is imported only when the mode is first made, and this module
imports neither, so the command line lists the modes without loading the game. The names are
the game's own (``overworld`` is no level kind); which mode plays a level kind is said where
it matters, by the overworld's gate types.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .mode import Mode


def _platformer() -> type[Mode]:
    from .platformer import PlatformerMode

    return PlatformerMode


def _overworld() -> type[Mode]:
    from .overworld import OverworldMode

    return OverworldMode


def _dungeon() -> type[Mode]:
    from .dungeon import DungeonMode

    return DungeonMode


#: Mode name -> its class, loaded on first use; in F1, F2, F3 order.
_LOADERS: dict[str, Callable[[], type[Mode]]] = {
    "platformer": _platformer,
    "overworld": _overworld,
    "dungeon": _dungeon,
}

MODES = tuple(_LOADERS)


def mode_class(name: str) -> type[Mode]:
    """The class of the mode called ``name``; ValueError names the modes."""
    try:
        load = _LOADERS[name]
    except KeyError:
        raise ValueError(f"mode: unknown mode {name!r}; choose from {', '.join(MODES)}") from None
    return load()
