"""Drawn tiles for things that are not materials: question blocks, pipes, coins, keys, doors.

Each sprite is drawn from shapes in tile-relative coordinates (so it works at any tile size)
over a background tile (sky, a floor variant), as ``(S, S, 3)`` uint8. A few flat colours from
:mod:`procgen.io.palette` keep the textured export consistent with the flat one.

Characters (the hero, walkers, the knight, slimes, keys, chests, flags) are one 16x16 pixel-art
set, :data:`CHARACTERS`: the game draws them, and a textured export draws the same figure for
a legend name as the game does for that kind (:data:`KIND_CHARACTERS`: a dungeon's enemy is a
slime, a platformer's a walker).

>>> tile = draw("coin", np.zeros((16, 16, 3), np.uint8))
>>> tile.shape, bool(tile[8, 8].any())
((16, 16, 3), True)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["CHARACTERS", "KIND_CHARACTERS", "SPRITES", "character", "draw", "draw_character"]

# A 5x7 question mark for the ? block.
_QUESTION = np.array(
    [
        [0, 1, 1, 1, 0],
        [1, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
        [0, 0, 1, 1, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0],
    ],
    dtype=bool,
)

Color = tuple[int, int, int]


def _uv(s: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates in [0, 1): (u across, v down)."""
    c = (np.arange(s) + 0.5) / s
    return c[None, :].repeat(s, 0), c[:, None].repeat(s, 1)


def _paint(img: np.ndarray, mask: np.ndarray, color: Color) -> None:
    img[mask] = color


def _border(s: int, width: float = 1 / 16) -> np.ndarray:
    u, v = _uv(s)
    return (u < width) | (u > 1 - width) | (v < width) | (v > 1 - width)


def _block(img: np.ndarray, face: Color, dark: Color, light: Color) -> None:
    s = img.shape[0]
    u, v = _uv(s)
    img[:] = face
    _paint(img, (u < 0.14) | (v < 0.14), light)  # lit top-left bevel
    _paint(img, (u > 0.86) | (v > 0.86), dark)
    _paint(img, _border(s), (20, 14, 10))
    for cu, cv in ((0.22, 0.22), (0.78, 0.22), (0.22, 0.78), (0.78, 0.78)):  # rivets
        _paint(img, (np.abs(u - cu) < 0.05) & (np.abs(v - cv) < 0.05), dark)


def _question(img: np.ndarray) -> None:
    _block(img, (252, 188, 60), (176, 110, 20), (255, 230, 150))
    s = img.shape[0]
    u, v = _uv(s)
    gx = np.floor((u - 0.3) / 0.4 * 5).astype(int)
    gy = np.floor((v - 0.25) / 0.55 * 7).astype(int)
    inside = (gx >= 0) & (gx < 5) & (gy >= 0) & (gy < 7)
    glyph = np.zeros_like(inside)
    glyph[inside] = _QUESTION[gy[inside], gx[inside]]
    _paint(img, glyph, (120, 50, 10))


def _question_used(img: np.ndarray) -> None:
    _block(img, (136, 112, 72), (90, 70, 40), (170, 145, 100))


def _coin(img: np.ndarray) -> None:
    u, v = _uv(img.shape[0])
    r = ((u - 0.5) / 0.3) ** 2 + ((v - 0.5) / 0.42) ** 2
    _paint(img, r < 1.0, (120, 80, 0))
    _paint(img, r < 0.7, (255, 220, 60))
    _paint(img, (np.abs(u - 0.5) < 0.06) & (np.abs(v - 0.5) < 0.22), (255, 250, 190))




def _pipe(part: str) -> Callable[[np.ndarray], None]:
    left = part.endswith("left")
    top = part.startswith("pipe-top")

    def draw_pipe(img: np.ndarray) -> None:
        u, v = _uv(img.shape[0])
        # The body is inset from the pipe's outer side; the rim on top is wider, so full width.
        edge = 0.0 if top else 0.12
        body = (u > edge) if left else (u < 1 - edge)
        _paint(img, body, (40, 170, 40))
        if left:
            _paint(img, body & (u > edge + 0.16) & (u < edge + 0.36), (140, 230, 110))  # highlight
            _paint(img, body & (u < edge + 0.07), (10, 60, 10))  # outline
        else:
            _paint(img, body & (u > 0.5) & (u < 0.78 - edge), (20, 110, 20))  # shadow side
            _paint(img, body & (u > 0.93 - edge), (10, 60, 10))
        if top:
            _paint(img, (v < 0.08) | (v > 0.86), (10, 60, 10))

    return draw_pipe


def _cannon(top: bool) -> Callable[[np.ndarray], None]:
    def draw_cannon(img: np.ndarray) -> None:
        u, v = _uv(img.shape[0])
        body = (np.abs(u - 0.5) < 0.38) if not top else ((np.abs(u - 0.5) < 0.42) & (v > 0.12))
        _paint(img, body, (50, 50, 55))
        _paint(img, body & (np.abs(u - 0.3) < 0.06), (110, 110, 120))
        if top:
            _paint(img, ((u - 0.5) ** 2 + (v - 0.5) ** 2) < 0.04, (10, 10, 10))
        else:
            _paint(img, np.abs(v - 0.5) < 0.06, (20, 20, 24))

    return draw_cannon




def _door(locked: bool) -> Callable[[np.ndarray], None]:
    def draw_door(img: np.ndarray) -> None:
        u, v = _uv(img.shape[0])
        frame = (np.abs(u - 0.5) < 0.42) & (v > 0.06)
        _paint(img, frame, (60, 30, 10))
        leaf = (np.abs(u - 0.5) < 0.34) & (v > 0.14)
        _paint(img, leaf, (150, 80, 25))
        _paint(img, leaf & ((np.abs(u - 0.39) < 0.02) | (np.abs(u - 0.61) < 0.02)), (100, 50, 15))
        _paint(img, (np.abs(u - 0.72) < 0.05) & (np.abs(v - 0.58) < 0.05), (230, 200, 80))
        if locked:
            _paint(img, (np.abs(u - 0.5) < 0.12) & (np.abs(v - 0.55) < 0.12), (180, 40, 40))
            _paint(img, (np.abs(u - 0.5) < 0.03) & (np.abs(v - 0.55) < 0.07), (30, 10, 10))

    return draw_door




def _stairs(img: np.ndarray) -> None:
    u, v = _uv(img.shape[0])
    step = np.floor(v * 4)
    inside = (u > 0.08) & (u < 0.92) & (v > 0.08) & (v < 0.92)
    _paint(img, inside, (40, 36, 50))
    lit = inside & (u > 0.08 + (3 - step) * 0.0) & (np.floor(u * 4) >= 3 - step)
    _paint(img, lit, (160, 160, 220))
    _paint(img, lit & (np.abs(v * 4 - np.round(v * 4)) < 0.12), (100, 100, 150))






# -- characters: one pixel-art set for the game and the textured exports ----------------------
#
# Drawn on a 16x16 RGBA grid with pixel-centre tests, so the game (which scales them with
# nearest-neighbour) and the atlas (which scales them to its tile size) show the same figures.

CHARACTER_SIZE = 16


class _Canvas:
    """A 16x16 RGBA picture drawn with rectangles, ellipses, circles and polygons."""

    def __init__(self) -> None:
        self.img = np.zeros((CHARACTER_SIZE, CHARACTER_SIZE, 4), np.uint8)
        c = np.arange(CHARACTER_SIZE) + 0.5
        self.x, self.y = c[None, :].repeat(CHARACTER_SIZE, 0), c[:, None].repeat(CHARACTER_SIZE, 1)

    def paint(self, mask: np.ndarray, color: Color) -> _Canvas:
        self.img[mask] = (*color, 255)
        return self

    def rect(self, color: Color, x: int, y: int, w: int, h: int) -> _Canvas:
        return self.paint((self.x >= x) & (self.x < x + w) & (self.y >= y) & (self.y < y + h), color)

    def ellipse(self, color: Color, x: int, y: int, w: int, h: int) -> _Canvas:
        rx, ry = w / 2, h / 2
        return self.paint(((self.x - x - rx) / rx) ** 2 + ((self.y - y - ry) / ry) ** 2 <= 1.0, color)

    def circle(self, color: Color, cx: float, cy: float, r: float, width: float = 0) -> _Canvas:
        d = np.hypot(self.x - cx - 0.5, self.y - cy - 0.5)
        return self.paint((d <= r) & ((d > r - width) if width else True), color)

    def polygon(self, color: Color, points: list[tuple[float, float]]) -> _Canvas:
        inside = np.zeros_like(self.x, dtype=bool)  # even-odd rule on pixel centres
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
            crosses = (y0 > self.y) != (y1 > self.y)
            at = x0 + (self.y - y0) * (x1 - x0) / ((y1 - y0) or 1e-9)
            inside ^= crosses & (self.x < at)
        return self.paint(inside, color)


def _hero() -> np.ndarray:
    c = _Canvas()
    c.rect((210, 40, 40), 4, 1, 8, 3).rect((210, 40, 40), 3, 3, 11, 1)  # cap
    c.rect((250, 200, 150), 5, 4, 7, 4).rect((20, 20, 20), 9, 5, 1, 1)  # face, eye
    c.rect((210, 40, 40), 4, 8, 8, 3).rect((40, 70, 200), 5, 9, 6, 4)  # shirt, overalls
    c.rect((60, 30, 10), 3, 13, 4, 3).rect((60, 30, 10), 9, 13, 4, 3)  # boots
    return c.img


def _walker() -> np.ndarray:
    c = _Canvas()
    c.ellipse((150, 80, 30), 1, 2, 14, 10).rect((240, 210, 170), 4, 10, 8, 3)
    c.rect((255, 255, 255), 4, 5, 3, 3).rect((255, 255, 255), 9, 5, 3, 3)
    c.rect((0, 0, 0), 5, 6, 2, 2).rect((0, 0, 0), 9, 6, 2, 2)
    c.rect((30, 20, 10), 2, 13, 5, 3).rect((30, 20, 10), 9, 13, 5, 3)
    return c.img


def _knight() -> np.ndarray:
    c = _Canvas()
    c.circle((40, 40, 60), 8, 9, 7).circle((120, 200, 255), 8, 9, 6)  # body
    c.circle((200, 200, 220), 8, 6, 4).rect((30, 30, 50), 6, 6, 4, 1)  # helmet, visor
    c.rect((230, 230, 240), 13, 3, 2, 9)  # sword
    return c.img


def _slime() -> np.ndarray:
    c = _Canvas()
    c.ellipse((30, 90, 30), 1, 5, 14, 11).ellipse((90, 210, 80), 2, 6, 12, 9)
    c.rect((0, 0, 0), 5, 9, 2, 2).rect((0, 0, 0), 9, 9, 2, 2)
    return c.img


def _flag() -> np.ndarray:
    c = _Canvas()
    c.rect((220, 220, 220), 3, 0, 2, 16).polygon((40, 200, 80), [(5, 1), (15, 4), (5, 7)])
    return c.img


def _key_icon() -> np.ndarray:
    c = _Canvas()
    gold = (255, 215, 0)
    c.circle(gold, 5, 8, 3, width=2).rect(gold, 7, 7, 7, 2).rect(gold, 11, 9, 1, 2).rect(gold, 13, 9, 1, 3)
    return c.img


def _chest() -> np.ndarray:
    c = _Canvas()
    c.rect((90, 50, 20), 2, 5, 12, 9).rect((160, 100, 40), 3, 6, 10, 3).rect((160, 100, 40), 3, 10, 10, 3)
    c.rect((250, 210, 60), 7, 8, 2, 3)
    return c.img


def _bullet() -> np.ndarray:
    c = _Canvas()
    c.ellipse((20, 20, 20), 1, 4, 14, 8).rect((240, 240, 240), 4, 6, 2, 2)
    return c.img


def _heart() -> np.ndarray:
    c = _Canvas()
    red = (230, 40, 60)
    c.circle(red, 5, 6, 4).circle(red, 11, 6, 4).polygon(red, [(1, 7), (15, 7), (8, 15)])
    c.rect((255, 160, 170), 4, 4, 2, 2)
    return c.img


def _gate(color: Color) -> Callable[[], np.ndarray]:
    def draw_gate() -> np.ndarray:
        c = _Canvas()
        c.polygon((20, 20, 20), [(1, 15), (8, 1), (15, 15)]).polygon(color, [(3, 14), (8, 4), (13, 14)])
        c.rect((10, 10, 10), 6, 9, 4, 6)
        return c.img

    return draw_gate


#: Character and item sprites, ``(16, 16, 4)`` RGBA: the game draws these, and the textured
#: exports draw them over the tile behind (see :data:`KIND_CHARACTERS`).
CHARACTERS: dict[str, Callable[[], np.ndarray]] = {
    "hero": _hero,
    "walker": _walker,
    "knight": _knight,
    "slime": _slime,
    "flag": _flag,
    "key": _key_icon,
    "chest": _chest,
    "bullet": _bullet,
    "heart": _heart,
    "dungeon-gate": _gate((170, 60, 200)),
    "level-gate": _gate((250, 190, 40)),
}

#: Per level kind: the character a legend name is drawn as (what the game shows for it).
KIND_CHARACTERS: dict[str, dict[str, str]] = {
    "platformer": {"enemy": "walker", "player": "hero"},
    "dungeon": {"enemy": "slime", "player": "knight", "key": "key", "treasure": "chest"},
    "dungeon-room": {"enemy": "slime", "player": "knight", "key": "key", "treasure": "chest"},
    "cave": {"player": "hero", "goal": "flag"},
}


def character(name: str) -> np.ndarray:
    """Sprite ``name`` as a ``(16, 16, 4)`` RGBA uint8 array (a fresh copy)."""
    return CHARACTERS[name]()


def draw_character(name: str, background: np.ndarray) -> np.ndarray:
    """Character ``name`` scaled (nearest) to the background's size and drawn over a copy of it."""
    s = background.shape[0]
    src = character(name)
    idx = np.arange(s) * CHARACTER_SIZE // s
    sprite = src[idx][:, idx]  # (S, S, 4)
    img = np.array(background[..., :3], dtype=np.uint8, copy=True)
    opaque = sprite[..., 3] > 0
    img[opaque] = sprite[..., :3][opaque]
    return img


def _character(name: str) -> Callable[[np.ndarray], None]:
    """A painter drawing character ``name`` (the legend names the game shows as figures)."""

    def paint(img: np.ndarray) -> None:
        img[:] = draw_character(name, img)

    return paint


#: Sprite name -> painter (draws in place over the background tile).
SPRITES: dict[str, Callable[[np.ndarray], None]] = {
    "question": _question,
    "question-used": _question_used,
    "coin": _coin,
    "enemy": _character("walker"),
    "pipe-top-left": _pipe("pipe-top-left"),
    "pipe-top-right": _pipe("pipe-top-right"),
    "pipe-left": _pipe("pipe-left"),
    "pipe-right": _pipe("pipe-right"),
    "cannon-top": _cannon(top=True),
    "cannon": _cannon(top=False),
    "key": _character("key"),
    "door": _door(locked=False),
    "locked-door": _door(locked=True),
    "player": _character("hero"),
    "stairs": _stairs,
    "goal": _character("flag"),
    "treasure": _character("chest"),
}


def draw(name: str, background: np.ndarray) -> np.ndarray:
    """Sprite ``name`` (a tile sprite, else a character) drawn over a copy of ``background``
    ``(S, S, 3)``."""
    if name not in SPRITES:
        return draw_character(name, background)
    img = np.array(background[..., :3], dtype=np.uint8, copy=True)
    SPRITES[name](img)
    return img
