"""What every game mode shares: the controls it reads, and the interface the app drives.

A mode keeps its game logic in ``update(dt, controls)`` and its drawing in ``draw(screen)``,
so tests step a mode without a window and the same code runs headless or on screen. What a
mode may ask of the app is the :class:`Host` protocol, nothing more: the app is not a service
locator, and a test may hand a mode any object with these few members.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import pygame

from procgen.level import Level

from .controls import Controls

if TYPE_CHECKING:
    from .hud import Notices
    from .worker import Worker


class Host(Protocol):
    """What a mode may ask of the app that runs it."""

    #: The seed every mode starts from.
    seed: int

    @property
    def options(self) -> Mapping[str, object]:
        """The command line's per-mode settings (read only)."""
        ...

    #: One-line messages on screen.
    notices: Notices
    #: Background jobs (levels, solver, bot runs); ``sync`` runs wait for them (automation).
    worker: Worker
    sync: bool
    #: The texture look of tiles (T cycles it).
    texture: str
    #: Overlays a mode may open (the latent view opens the inspector) or keep clear of.
    show_inspector: bool
    show_help: bool

    def inspector_rect(self, screen: pygame.Surface) -> pygame.Rect:
        """Where the inspector panel is drawn (overlays keep clear of it)."""
        ...

    def make(self, name: str, **kwargs: object) -> Mode:
        """A new mode by name (a gate's level or dungeon)."""
        ...

    def prefetch(self, name: str, **kwargs: Any) -> None:
        """Start making in the background what ``make(name, **kwargs)`` will show."""
        ...

    def push(self, mode: Mode) -> None:
        """Put ``mode`` on top; ``Esc`` pops back to this one."""
        ...


@dataclass(frozen=True)
class Summary:
    """How a run stands, for the line a headless run ends with."""

    seed: int
    generator: str
    deaths: int = 0
    #: None where there is nothing to finish (the overworld).
    finished: bool | None = None
    #: Seconds of game time in the level on screen.
    level_time: float = 0.0


class Mode:
    """Base of the platformer, overworld and dungeon modes (defaults do nothing)."""

    name = "mode"
    #: Rows of the help overlay: (keys, what they do).
    keys: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, app: Host) -> None:
        self.app = app

    @classmethod
    def prefetch(cls, app: Host, *, seed: int, **options: Any) -> None:
        """Start making, in the background, what ``app.make(name, **options)`` would show, so
        that entering it later is instant (the overworld calls this near a gate)."""

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

    def top_right_bottom(self, screen: pygame.Surface) -> int:
        """The y where the mode's own top-right panel ends (0: none); the inspector goes below."""
        return 0

    def draw_inspector(self, screen: pygame.Surface) -> None:
        """Overlays drawn over the level while the inspector is open (solver path, layers)."""

    def retexture(self, level: Level | None = None) -> None:
        """Redraw the tiles in the app's texture look (T)."""

    def summary(self) -> Summary | None:
        """Seed, generator, deaths, finished, level time (a headless run prints them)."""
        return None

    def close(self) -> None:
        """Stop background work the mode started (the app is closing)."""

    def resume(self) -> None:
        """Called when the mode comes back on top (after a gate's content is left)."""
