"""The window and the main loop: events -> update(dt) -> draw -> flip -> clock.tick(60).

The app owns what every mode shares (the screen, notices, the background worker, the help and
inspector overlays, export and screenshots) and a stack of modes: the overworld pushes a
platformer level or a dungeon when you enter a gate, and ``Esc`` pops back to it.

Global keys (the help overlay, ``H``, lists them with the mode's own):
    H help · Tab inspector · E export what is on screen · F12 screenshot · T texture look
    F1 platformer · F2 overworld · F3 dungeon · Esc back / quit (asks first)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pygame

from procgen.errors import ProcgenError
from procgen.io import encode_png, save, save_png, save_tmj
from procgen.io.atomic import atomic_write
from procgen.level import Level

from . import hud
from .mode import Controls, Mode
from .modes import MODES, mode_class
from .worker import Worker

FPS = 60
DT = 1.0 / FPS
#: The longest step one frame may take: after a stall the game slows, it does not jump.
MAX_DT = 0.05

GLOBAL_KEYS = [
    ("H", "show / hide this help"),
    ("Tab", "inspector: seed, stats, overlays"),
    ("E", "export level (JSON, .tmj, PNG)"),
    ("F12", "save a screenshot"),
    ("T", "tiles: procedural / GAN / VAE textures, drawn"),
    ("F1 F2 F3", "platformer / overworld / dungeon"),
    ("Esc", "back to the overworld / quit (asks)"),
]


def surface_pixels(surface: pygame.Surface) -> np.ndarray:
    """``(H, W, 3)`` uint8 copy of a surface's pixels."""
    return np.ascontiguousarray(pygame.surfarray.array3d(surface).transpose(1, 0, 2))


class App:
    """The game: a screen, a stack of modes, and the loop that drives them.

    Args:
        size: window size in pixels.
        seed: the seed every mode starts from.
        window: open a (resizable) window; False draws on an off-screen surface (tests).
        export_dir: where ``E`` and ``F12`` write.
        options: per-mode settings (``difficulty``, ``generator``, ``autoplay``, ``rooms``).
    """

    def __init__(
        self,
        size: tuple[int, int] = (1280, 720),
        seed: int = 0,
        *,
        window: bool = True,
        export_dir: str | Path = "exports",
        **options: object,
    ) -> None:
        pygame.display.init()
        pygame.font.init()
        if window:
            pygame.display.set_caption("procgen")
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        else:
            self.screen = pygame.Surface(size)
        self.window = window
        self.seed = seed
        self.options = options
        self.export_dir = Path(export_dir)
        self.notices = hud.Notices()
        self.worker = Worker()
        self.stack: list[Mode] = []
        self.cache: dict[str, Mode] = {}
        self.held: set[int] = set()
        self.show_help = False
        self.show_inspector = bool(options.get("inspector", False))
        #: Automated runs wait for background results (solver, bot, chunks) so that a given
        #: number of frames always shows the same thing; people never wait.
        self.sync = bool(options.get("sync", False))
        #: The texture look of tiles (T cycles: procedural, GAN, VAE textures, drawn tiles).
        self.texture = "procedural"
        self.running = True
        #: Esc in a top-level mode asks before quitting: Esc / Y / Enter again quits.
        self.confirm_quit = False
        self.frame = 0
        self.fps = float(FPS)
        self.frame_ms: list[float] = []

    # -- modes --------------------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self.stack[-1]

    def make(self, name: str, **kwargs: object) -> Mode:
        """A new mode by name (see :mod:`.modes`: each mode's module loads only when used)."""
        return mode_class(name)(self, **kwargs)

    def prefetch(self, name: str, **kwargs: Any) -> None:
        """Start making what ``make(name, **kwargs)`` will show (the overworld, near a gate)."""
        mode_class(name).prefetch(self, **kwargs)

    def switch(self, name: str) -> Mode:
        """Make ``name`` the only mode (kept alive, so switching back is instant)."""
        if name not in self.cache:
            self.cache[name] = self.make(name)
        self.stack = [self.cache[name]]
        self.held.clear()
        self.mode.resume()
        return self.mode

    def push(self, mode: Mode) -> None:
        self.stack.append(mode)
        self.held.clear()

    def pop(self) -> None:
        """Back to the mode below (a gate's content returns to the overworld); at the top
        level, ask before quitting the game."""
        if len(self.stack) > 1:
            self.stack.pop()
            self.held.clear()
            self.mode.resume()
        else:
            self.confirm_quit = True

    # -- events -------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.VIDEORESIZE and self.window:
            self.screen = pygame.display.get_surface()
        elif event.type == pygame.KEYUP:
            self.held.discard(event.key)
        elif event.type == pygame.KEYDOWN:
            self.held.add(event.key)
            self.key_down(event.key)
        elif event.type == pygame.MOUSEWHEEL:
            # The wheel zooms where a mode zooms (bound to the same keys).
            self.mode.key_down(pygame.K_EQUALS if event.y > 0 else pygame.K_MINUS)

    def key_down(self, key: int) -> None:
        if self.confirm_quit:
            # The question takes the next key: yes quits, anything else stays.
            self.confirm_quit = False
            if key in (pygame.K_ESCAPE, pygame.K_y, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.running = False
            return
        if self.mode.key_down(key):
            return
        if key == pygame.K_h:
            self.show_help = not self.show_help
        elif key == pygame.K_TAB:
            self.show_inspector = not self.show_inspector
        elif key == pygame.K_e:
            self.export()
        elif key == pygame.K_F12:
            self.screenshot()
        elif key == pygame.K_t:
            from .assets import LOOKS

            self.texture = LOOKS[(LOOKS.index(self.texture) + 1) % len(LOOKS)]
            for mode in {id(m): m for m in [*self.cache.values(), *self.stack]}.values():
                mode.retexture()
            self.notices.say(f"Tiles: {self.texture}")
        elif key in (pygame.K_F1, pygame.K_F2, pygame.K_F3):
            self.switch(MODES[key - pygame.K_F1])
        elif key == pygame.K_ESCAPE:
            if self.show_help:
                self.show_help = False
            else:
                self.pop()

    # -- one frame ----------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        if self.confirm_quit:
            return  # the question pauses the game
        self.mode.update(dt, Controls.from_keys(self.held))
        self.notices.update(dt)

    def draw(self) -> None:
        screen = self.screen
        self.mode.draw(screen)
        if self.show_inspector:
            self.mode.draw_inspector(screen)
            self.draw_inspector(screen)
        self.notices.draw(screen)
        if self.confirm_quit:
            hud.confirm_overlay(screen, "Quit procgen?", "Esc / Y: quit     any other key: keep playing")
        if self.show_help:
            hud.help_overlay(
                screen,
                f"procgen — {self.mode.name} keys",
                [(self.mode.name.capitalize(), self.mode.keys), ("Everywhere", GLOBAL_KEYS)],
            )

    def _inspector_rows(self) -> list[tuple[str, str]]:
        return [("mode", self.mode.name), ("fps", f"{self.fps:.0f}"), *self.mode.inspector_rows()]

    def inspector_rect(self, screen: pygame.Surface) -> pygame.Rect:
        """Where the inspector panel goes: top right, below what the mode keeps there (the
        overworld's minimap). Modes lay their own overlays out around it."""
        size = max(14, hud.font_size(screen) * 4 // 5)
        w, h = hud.panel_size("Inspector (Tab)", self._inspector_rows(), size)
        top = max(size * 2 + 8, self.mode.top_right_bottom(screen) + 8)
        return pygame.Rect(screen.get_width() - w - 8, top, w, h)

    def draw_inspector(self, screen: pygame.Surface) -> None:
        size = max(14, hud.font_size(screen) * 4 // 5)
        rect = self.inspector_rect(screen)
        hud.lines_panel(screen, "Inspector (Tab)", self._inspector_rows(), rect.topleft, size)

    # -- files --------------------------------------------------------------------------------

    def export(self) -> Path | None:
        """Write the level on screen as JSON + .tmj + PNG into a folder; say where."""
        level = self.mode.level()
        if level is None:
            self.notices.say("Nothing to export here yet", warn=True)
            return None
        gen = level.generator.get("name", "level") if level.generator else "level"
        folder = self.export_dir / f"{level.kind}-{level.seed}-{gen}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            look = self._tiled_look(level)
            save(level, folder / "level.json")
            save_tmj(level, folder / "level.tmj", **look)
            save_png(level, folder / "level.png", **look)  # the same tiles as the .tmj
        except (OSError, ProcgenError) as e:
            self.notices.say(f"Export failed: {e}", warn=True)
            return None
        self.notices.say(f"Exported to {folder}/ (level.json, level.tmj, level.png)")
        return folder

    @staticmethod
    def _tiled_look(level: Level) -> dict[str, Any]:
        """The textured tileset for the .tmj when procgen.textures can make one, else flat colours."""
        try:
            from procgen.textures.atlas import tileset_for

            return {"tileset": tileset_for(level)}
        except Exception:  # textures are a nicety: the flat-colour tileset always works
            return {}

    def screenshot(self, path: str | Path | None = None) -> Path | None:
        """Save the screen as PNG (default: a numbered file in the export folder); a failure
        is a notice on screen (F12 must never end the game)."""
        try:
            return self.save_screenshot(path)
        except ProcgenError as e:
            self.notices.say(f"Screenshot failed: {e}", warn=True)
            return None

    def save_screenshot(self, path: str | Path | None = None) -> Path:
        """As :meth:`screenshot`, but a failure raises ProcgenError (``--screenshot`` reports it)."""
        if path is None:
            try:
                self.export_dir.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise ProcgenError(f"{self.export_dir}: cannot use as the export folder: {e.strerror}") from None
            path = self.export_dir / f"screenshot-{self.mode.name}-{int(time.time())}.png"
        path = Path(path)
        atomic_write(path, encode_png(surface_pixels(self.screen)))
        self.notices.say(f"Screenshot saved to {path}")
        return path

    # -- the loop -----------------------------------------------------------------------------

    def run(
        self,
        frames: int | None = None,
        script: Sequence[tuple[set[int], int]] = (),
        screenshot: str | Path | None = None,
        on_frame: Callable[[App], None] | None = None,
    ) -> int:
        """Run until quit (or for ``frames`` frames, at a fixed 1/60 s step, as fast as it can).

        ``script`` is a list of (held keys, frame count) that replaces the keyboard: key-down
        and key-up events are posted as the held set changes, so scripted input goes through
        the same event path as a person's.
        """
        clock = pygame.time.Clock()
        timeline = [keys for keys, n in script for _ in range(n)]
        previous: set[int] = set()
        last = time.perf_counter()
        while self.running and (frames is None or self.frame < frames):
            if self.frame < len(timeline):
                now_held = timeline[self.frame]
                for k in sorted(previous - now_held):
                    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=0))
                for k in sorted(now_held - previous):
                    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0))
                previous = now_held
            elif previous:
                for k in sorted(previous):
                    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=0))
                previous = set()
            for event in pygame.event.get():
                self.handle(event)
            start = time.perf_counter()
            # Automated runs use exact 1/60 s steps so they are reproducible.
            dt = DT if frames is not None else min(start - last, MAX_DT)
            last = start
            self.update(dt)
            self.draw()
            self.frame_ms.append((time.perf_counter() - start) * 1000)
            if on_frame is not None:
                on_frame(self)
            if self.window:
                pygame.display.flip()
            clock.tick(0 if frames is not None else FPS)
            self.fps = clock.get_fps() or self.fps
            self.frame += 1
        if screenshot is not None:
            self.save_screenshot(screenshot)  # a ProcgenError reaches the command line
        return 0

    def close(self) -> None:
        for mode in {id(m): m for m in [*self.cache.values(), *self.stack]}.values():
            mode.close()
        self.worker.close()
        # Fonts and converted surfaces die with pygame: never reuse them after a restart.
        hud.forget_fonts()
        if self.window:
            pygame.quit()
