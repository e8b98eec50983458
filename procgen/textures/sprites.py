"""Drawn tiles for things that are not materials: question blocks, pipes, coins, keys, doors.

Each sprite is drawn from shapes in tile-relative coordinates (so it works at any tile size)
over a background tile (sky, a floor variant), as ``(S, S, 3)`` uint8. A few flat colours from
:mod:`procgen.io.palette` keep the textured export consistent with the flat one.

>>> tile = draw("coin", np.zeros((16, 16, 3), np.uint8))
>>> tile.shape, bool(tile[8, 8].any())
((16, 16, 3), True)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["SPRITES", "draw"]

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


def _enemy(img: np.ndarray) -> None:
    u, v = _uv(img.shape[0])
    head = ((u - 0.5) / 0.42) ** 2 + ((v - 0.5) / 0.36) ** 2 < 1
    _paint(img, head & (v < 0.75), (150, 70, 30))
    _paint(img, (v >= 0.75) & (v < 0.92) & (np.abs(u - 0.5) < 0.25), (230, 190, 150))
    _paint(img, (v >= 0.86) & ((np.abs(u - 0.28) < 0.16) | (np.abs(u - 0.72) < 0.16)), (40, 20, 10))
    eyes = (np.abs(v - 0.45) < 0.1) & ((np.abs(u - 0.36) < 0.07) | (np.abs(u - 0.64) < 0.07))
    _paint(img, eyes, (255, 255, 255))
    _paint(img, eyes & (v > 0.45), (0, 0, 0))


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


def _key(img: np.ndarray) -> None:
    u, v = _uv(img.shape[0])
    ring = ((u - 0.32) ** 2 + (v - 0.5) ** 2)
    gold, dark = (255, 215, 0), (120, 80, 0)
    _paint(img, (ring < 0.045) | ((np.abs(v - 0.5) < 0.06) & (u > 0.32) & (u < 0.88)), dark)
    _paint(img, ((ring < 0.03) & (ring > 0.008)) | ((np.abs(v - 0.5) < 0.035) & (u > 0.36) & (u < 0.86)), gold)
    teeth = (u > 0.68) & (v > 0.5) & (v < 0.68) & (((u > 0.68) & (u < 0.74)) | ((u > 0.8) & (u < 0.86)))
    _paint(img, teeth, gold)


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


def _player(img: np.ndarray) -> None:
    u, v = _uv(img.shape[0])
    _paint(img, ((u - 0.5) ** 2 + (v - 0.28) ** 2) < 0.025, (250, 210, 170))
    _paint(img, (np.abs(u - 0.5) < 0.2) & (v > 0.42) & (v < 0.75), (40, 200, 80))
    _paint(img, (v >= 0.75) & (v < 0.94) & ((np.abs(u - 0.4) < 0.07) | (np.abs(u - 0.6) < 0.07)), (40, 60, 160))


def _stairs(img: np.ndarray) -> None:
    u, v = _uv(img.shape[0])
    step = np.floor(v * 4)
    inside = (u > 0.08) & (u < 0.92) & (v > 0.08) & (v < 0.92)
    _paint(img, inside, (40, 36, 50))
    lit = inside & (u > 0.08 + (3 - step) * 0.0) & (np.floor(u * 4) >= 3 - step)
    _paint(img, lit, (160, 160, 220))
    _paint(img, lit & (np.abs(v * 4 - np.round(v * 4)) < 0.12), (100, 100, 150))


def _goal(img: np.ndarray) -> None:
    u, v = _uv(img.shape[0])
    _paint(img, (np.abs(u - 0.3) < 0.04) & (v > 0.08), (220, 220, 220))
    flag = (u > 0.34) & (u < 0.34 + 0.5 * (1 - np.abs(v - 0.3) / 0.2)) & (np.abs(v - 0.3) < 0.2)
    _paint(img, flag, (250, 60, 200))


def _treasure(img: np.ndarray) -> None:
    u, v = _uv(img.shape[0])
    box = (np.abs(u - 0.5) < 0.36) & (v > 0.35) & (v < 0.85)
    _paint(img, box, (140, 80, 20))
    _paint(img, box & (np.abs(v - 0.5) < 0.04), (60, 30, 5))
    _paint(img, (np.abs(u - 0.5) < 0.07) & (np.abs(v - 0.55) < 0.08), (255, 200, 40))


#: Sprite name -> painter (draws in place over the background tile).
SPRITES: dict[str, Callable[[np.ndarray], None]] = {
    "question": _question,
    "question-used": _question_used,
    "coin": _coin,
    "enemy": _enemy,
    "pipe-top-left": _pipe("pipe-top-left"),
    "pipe-top-right": _pipe("pipe-top-right"),
    "pipe-left": _pipe("pipe-left"),
    "pipe-right": _pipe("pipe-right"),
    "cannon-top": _cannon(top=True),
    "cannon": _cannon(top=False),
    "key": _key,
    "door": _door(locked=False),
    "locked-door": _door(locked=True),
    "player": _player,
    "stairs": _stairs,
    "goal": _goal,
    "treasure": _treasure,
}


def draw(name: str, background: np.ndarray) -> np.ndarray:
    """Sprite ``name`` drawn over a copy of ``background`` ``(S, S, 3)``."""
    img = np.array(background[..., :3], dtype=np.uint8, copy=True)
    SPRITES[name](img)
    return img
