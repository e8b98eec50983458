"""Text on screen: the HUD font, panels, the help overlay and short-lived notices.

Sizes follow the window height, so the text stays readable when the window is resized.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pygame

#: Text colours: the HUD is light text with a dark shadow, readable over sky, grass and sea.
TEXT = (245, 245, 245)
SHADOW = (15, 15, 25)
ACCENT = (255, 214, 90)
WARN = (255, 120, 90)
PANEL = (12, 14, 24, 200)
#: How long a notice stays on screen, in seconds.
NOTICE_SECONDS = 4.0

_fonts: dict[int, pygame.font.Font] = {}


def font(size: int) -> pygame.font.Font:
    """The HUD font at ``size`` pixels (pygame's bundled sans, so it works everywhere)."""
    if size not in _fonts:
        if not pygame.font.get_init():
            pygame.font.init()
        _fonts[size] = pygame.font.Font(None, size)
    return _fonts[size]


def forget_fonts() -> None:
    """Drop cached fonts and text (they are invalid once pygame quits)."""
    _fonts.clear()
    _texts.clear()


#: Rendered text and its shadow by (message, size, colour): most HUD lines repeat frame to
#: frame, and rendering text is a large share of a frame's drawing.
_texts: dict[tuple[str, int, tuple[int, int, int]], tuple[pygame.Surface, pygame.Surface]] = {}


def font_size(surface: pygame.Surface) -> int:
    """A text size that reads well at the surface's height (about 36 lines a screen)."""
    return max(16, surface.get_height() // 30)


def text(
    surface: pygame.Surface,
    message: str,
    pos: tuple[int, int],
    size: int | None = None,
    color: tuple[int, int, int] = TEXT,
    anchor: str = "topleft",
) -> pygame.Rect:
    """Draw shadowed text; ``anchor`` is a pygame Rect attribute such as ``"midtop"``."""
    size = size or font_size(surface)
    key = (message, size, color)
    pair = _texts.get(key)
    if pair is None:
        f = font(size)
        if len(_texts) > 512:
            _texts.clear()
        pair = _texts[key] = (f.render(message, True, color), f.render(message, True, SHADOW))
    img, shadow = pair
    rect = img.get_rect(**{anchor: pos})
    surface.blit(shadow, rect.move(2, 2))
    surface.blit(img, rect)
    return rect


_boxes: dict[tuple[int, int], pygame.Surface] = {}


def panel(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """A translucent dark box to put text on (boxes are cached by size: drawn every frame)."""
    box = _boxes.get(rect.size)
    if box is None:
        if len(_boxes) > 64:
            _boxes.clear()
        box = _boxes[rect.size] = pygame.Surface(rect.size, pygame.SRCALPHA)
        box.fill(PANEL)
    surface.blit(box, rect)
    pygame.draw.rect(surface, (90, 100, 140), rect, 1)


def panel_size(title: str, rows: Sequence[tuple[str, str]], size: int) -> tuple[int, int]:
    """Width and height :func:`lines_panel` needs for these rows."""
    f = font(size)
    key_w = max([f.size(k)[0] for k, _ in rows] + [0]) + size // 2
    val_w = max([f.size(v)[0] for _, v in rows] + [f.size(title)[0]])
    return key_w + val_w + size, int(size * 1.05) * (len(rows) + 1) + size // 2


def lines_panel(
    surface: pygame.Surface,
    title: str,
    rows: Sequence[tuple[str, str]],
    topleft: tuple[int, int],
    size: int | None = None,
    min_width: int = 0,
) -> pygame.Rect:
    """A titled panel of ``key: value`` rows; returns the rectangle it used."""
    size = size or font_size(surface)
    f = font(size)
    line = int(size * 1.05)
    key_w = max([f.size(k)[0] for k, _ in rows] + [0]) + size // 2
    w, h = panel_size(title, rows, size)
    rect = pygame.Rect(topleft, (max(w, min_width), h))
    panel(surface, rect)
    x, y = rect.x + size // 2, rect.y + size // 4
    text(surface, title, (x, y), size, ACCENT)
    for k, v in rows:
        y += line
        text(surface, k, (x, y), size, ACCENT if v else TEXT)
        text(surface, v, (x + key_w, y), size)
    return rect


@dataclass
class Notices:
    """Messages that fade after a few seconds ("Exported to ...", "GAN missing: classic")."""

    items: list[tuple[str, float, tuple[int, int, int]]] = field(default_factory=list)

    def say(self, message: str, warn: bool = False) -> None:
        self.items.append((message, NOTICE_SECONDS, WARN if warn else ACCENT))
        del self.items[:-4]

    def update(self, dt: float) -> None:
        self.items = [(m, t - dt, c) for m, t, c in self.items if t - dt > 0]

    def draw(self, surface: pygame.Surface) -> None:
        size = font_size(surface)
        y = surface.get_height() - size * 2
        for message, _, color in reversed(self.items):
            f = font(size)
            w = f.size(message)[0] + size
            rect = pygame.Rect(0, 0, w, int(size * 1.4))
            rect.midbottom = (surface.get_width() // 2, y + size)
            panel(surface, rect)
            text(surface, message, rect.center, size, color, anchor="center")
            y -= int(size * 1.6)

    @property
    def latest(self) -> str:
        return self.items[-1][0] if self.items else ""


def help_overlay(
    surface: pygame.Surface, title: str, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]
) -> None:
    """Every key of the current mode and the global keys, in columns over a dimmed screen."""
    dim = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    dim.fill((0, 0, 0, 150))
    surface.blit(dim, (0, 0))
    size = font_size(surface)
    text(surface, title, (surface.get_width() // 2, size), int(size * 1.5), ACCENT, "midtop")
    x, y0 = size, size * 3
    for name, rows in sections:
        rect = lines_panel(surface, name, rows, (x, y0), size)
        x = rect.right + size


def confirm_overlay(surface: pygame.Surface, question: str, keys: str) -> None:
    """A question over a dimmed screen (the game is still drawn under it)."""
    dim = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    dim.fill((0, 0, 0, 120))
    surface.blit(dim, (0, 0))
    size = font_size(surface)
    w, h = surface.get_size()
    rect = pygame.Rect(0, 0, max(font(size).size(keys)[0], font(size * 2).size(question)[0]) + size * 2, size * 5)
    rect.center = (w // 2, h // 2)
    panel(surface, rect)
    text(surface, question, (w // 2, rect.y + size // 2), size * 2, ACCENT, "midtop")
    text(surface, keys, (w // 2, rect.bottom - size * 3 // 2), size, anchor="midtop")
