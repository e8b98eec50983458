"""What every game mode shares: the controls it reads, and the interface the app drives.

A mode keeps its game logic in ``update(dt, controls)`` and its drawing in ``draw(screen)``,
so tests step a mode without a window and the same code runs headless or on screen.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import pygame

from procgen.level import Level

if TYPE_CHECKING:
    from .app import App


@dataclass(frozen=True)
class Controls:
    """The held buttons this frame, in the game's words (any of the key aliases)."""

    left: bool = False
    right: bool = False
    up: bool = False
    down: bool = False
    jump: bool = False
    run: bool = False

    @classmethod
    def from_keys(cls, held: Collection[int]) -> Controls:
        k = pygame
        return cls(
            left=bool({k.K_LEFT, k.K_a} & set(held)),
            right=bool({k.K_RIGHT, k.K_d} & set(held)),
            up=bool({k.K_UP, k.K_w} & set(held)),
            down=bool({k.K_DOWN, k.K_s} & set(held)),
            jump=bool({k.K_SPACE, k.K_UP, k.K_w, k.K_z} & set(held)),
            run=bool({k.K_LSHIFT, k.K_RSHIFT, k.K_x} & set(held)),
        )


class Mode:
    """Base of the platformer, overworld and dungeon modes (defaults do nothing)."""

    name = "mode"
    #: Rows of the help overlay: (keys, what they do).
    keys: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, app: App) -> None:
        self.app = app

    def key_down(self, key: int) -> bool:
        """A key press the mode handles (True) or leaves to the app (False)."""
        return False

    def update(self, dt: float, controls: Controls) -> None:
        """Advance the game by ``dt`` seconds."""

    def draw(self, screen: pygame.Surface) -> None:
        """Draw the mode and its HUD."""

    def level(self) -> Level | None:
        """The level on screen: what the inspector describes and ``E`` exports."""
        return None

    def inspector_rows(self) -> list[tuple[str, str]]:
        return []

    def draw_inspector(self, screen: pygame.Surface) -> None:
        """Overlays drawn over the level while the inspector is open (solver path, layers)."""

    def retexture(self, level: Level | None = None) -> None:
        """Redraw the tiles in the app's texture look (T)."""

    def close(self) -> None:
        """Stop background work the mode started (the app is closing)."""

    def resume(self) -> None:
        """Called when the mode comes back on top (after a gate's content is left)."""
