"""Tile art and sprites: texture atlases from procgen.textures when present, drawn art otherwise.

Everything is drawn once at a 16-pixel base size and scaled with nearest-neighbour to the
current tile size, so the game keeps its pixel-art look at any window size. Scaled surfaces
are cached per size; resizing the window costs one rebuild, never a per-frame rescale.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import numpy as np
import pygame

from procgen.io.palette import tile_color
from procgen.level import Level, Tile
from procgen.textures.sprites import CHARACTERS, character

log = logging.getLogger(__name__)

BASE = 16
Color = tuple[int, int, int]


def _shade(c: Color, f: float) -> Color:
    return (min(255, int(c[0] * f)), min(255, int(c[1] * f)), min(255, int(c[2] * f)))


def _blank(alpha: bool = True) -> pygame.Surface:
    return pygame.Surface((BASE, BASE), pygame.SRCALPHA if alpha else 0)


def _surface_of(rgba: np.ndarray) -> pygame.Surface:
    """A ``(16, 16, 4)`` RGBA array as a per-pixel-alpha surface."""
    s = _blank()
    pygame.surfarray.blit_array(s, np.ascontiguousarray(rgba[..., :3].transpose(1, 0, 2)))
    alpha = pygame.surfarray.pixels_alpha(s)
    alpha[:] = rgba[..., 3].T
    del alpha  # unlock the surface
    return s


def _sprite(name: str) -> Callable[[], pygame.Surface]:
    return lambda: _surface_of(character(name))


# -- drawn tiles (the look when no texture atlas is available) -----------------------------


def _block(c: Color) -> pygame.Surface:
    s = _blank()
    s.fill(c)
    pygame.draw.line(s, _shade(c, 1.3), (0, 0), (15, 0))
    pygame.draw.line(s, _shade(c, 1.3), (0, 0), (0, 15))
    pygame.draw.line(s, _shade(c, 0.6), (0, 15), (15, 15))
    pygame.draw.line(s, _shade(c, 0.6), (15, 0), (15, 15))
    return s


def _ground(c: Color) -> pygame.Surface:
    s = _block(c)
    for x, y in ((3, 4), (10, 3), (6, 10), (12, 11), (2, 13)):
        s.fill(_shade(c, 0.75), (x, y, 2, 1))
    return s


def _brick(c: Color) -> pygame.Surface:
    s = _blank()
    s.fill(c)
    mortar = _shade(c, 0.55)
    for y in (0, 4, 8, 12):
        pygame.draw.line(s, mortar, (0, y), (15, y))
        off = 0 if (y // 4) % 2 == 0 else 4
        for x in (off, off + 8):
            pygame.draw.line(s, mortar, (x, y), (x, y + 3))
    return s


def _question(c: Color, used: bool = False) -> pygame.Surface:
    s = _block(c)
    dark = _shade(c, 0.5)
    for x, y in ((1, 1), (13, 1), (1, 13), (13, 13)):
        s.fill(dark, (x, y, 2, 2))
    if not used:
        pts = [(5, 5), (6, 3), (10, 3), (11, 5), (8, 8), (8, 10)]
        pygame.draw.lines(s, dark, False, pts, 2)
        s.fill(dark, (7, 12, 2, 2))
    return s


def _pipe(c: Color, top: bool, left: bool) -> pygame.Surface:
    s = _blank()
    x0 = 0 if top or not left else 2
    x1 = 16 if top or left else 14
    s.fill(c, (x0, 0, x1 - x0, 16))
    light, dark = _shade(c, 1.4), _shade(c, 0.6)
    if left:
        s.fill(light, (x0 + 2, 0, 3, 16))
        pygame.draw.line(s, (10, 40, 10), (x0, 0), (x0, 15))
    else:
        s.fill(dark, (x1 - 5, 0, 3, 16))
        pygame.draw.line(s, (10, 40, 10), (x1 - 1, 0), (x1 - 1, 15))
    if top:
        pygame.draw.line(s, (10, 40, 10), (0, 0), (15, 0))
        pygame.draw.line(s, (10, 40, 10), (0, 15), (15, 15))
    return s


def _coin(c: Color) -> pygame.Surface:
    s = _blank()
    pygame.draw.ellipse(s, _shade(c, 0.7), (4, 2, 8, 12))
    pygame.draw.ellipse(s, c, (5, 3, 6, 10))
    s.fill(_shade(c, 1.3), (7, 5, 1, 6))
    return s


def _cannon(c: Color, top: bool) -> pygame.Surface:
    s = _block(c)
    if top:
        pygame.draw.circle(s, (10, 10, 10), (8, 8), 5)
        pygame.draw.circle(s, (90, 90, 90), (8, 8), 5, 1)
    else:
        s.fill(_shade(c, 1.5), (6, 2, 4, 12))
    return s


def _wall(c: Color) -> pygame.Surface:
    s = _brick(c)
    s.fill(_shade(c, 1.2), (0, 0, 16, 1))
    return s


def _floor(c: Color) -> pygame.Surface:
    s = _blank(False)
    s.fill(c)
    pygame.draw.rect(s, _shade(c, 0.9), (0, 0, 16, 16), 1)
    s.fill(_shade(c, 0.93), (4, 5, 2, 1))
    s.fill(_shade(c, 0.93), (10, 11, 2, 1))
    return s


def _water(c: Color) -> pygame.Surface:
    s = _blank(False)
    s.fill(c)
    for y in (4, 11):
        pygame.draw.lines(s, _shade(c, 1.4), False, [(1, y), (4, y - 1), (7, y), (10, y - 1), (14, y)])
    return s


def _crate(c: Color) -> pygame.Surface:
    s = _block(c)
    pygame.draw.line(s, _shade(c, 0.6), (2, 2), (13, 13), 2)
    pygame.draw.line(s, _shade(c, 0.6), (13, 2), (2, 13), 2)
    return s


def _door(c: Color, locked: bool) -> pygame.Surface:
    s = _blank(False)
    s.fill((60, 50, 60))
    s.fill(c, (2, 1, 12, 15))
    for x in (5, 8, 11):
        pygame.draw.line(s, _shade(c, 0.7), (x, 2), (x, 15))
    if locked:
        s.fill((230, 200, 60), (6, 7, 4, 4))
        s.fill((40, 30, 10), (7, 8, 2, 2))
    else:
        s.fill((230, 200, 60), (11, 8, 2, 2))
    return s


def _stairs(c: Color) -> pygame.Surface:
    s = _blank(False)
    s.fill((30, 30, 40))
    for i in range(4):
        s.fill(_shade(c, 0.7 + 0.12 * i), (0, 12 - 4 * i, 16 - 4 * i, 4))
    return s




def _on_floor(icon: Callable[[], pygame.Surface]) -> Callable[[Color], pygame.Surface]:
    def draw(c: Color) -> pygame.Surface:
        s = _floor(TILE_FLOOR)
        s.blit(icon(), (0, 0))
        return s

    return draw






TILE_FLOOR: Color = (200, 190, 160)

#: Legend name -> drawing function of the tile's base colour.
DRAWN: dict[str, Callable[[Color], pygame.Surface]] = {
    "ground": _ground,
    "brick": _brick,
    "question": _question,
    "question-used": lambda c: _question(c, used=True),
    "pipe-top-left": lambda c: _pipe(c, True, True),
    "pipe-top-right": lambda c: _pipe(c, True, False),
    "pipe-left": lambda c: _pipe(c, False, True),
    "pipe-right": lambda c: _pipe(c, False, False),
    "coin": _coin,
    "cannon-top": lambda c: _cannon(c, True),
    "cannon": lambda c: _cannon(c, False),
    "wall": _wall,
    "floor": _floor,
    "block": _crate,
    "water": _water,
    "door": lambda c: _door(c, False),
    "locked-door": lambda c: _door(c, True),
    "stairs": _stairs,
    "key": _on_floor(_sprite("key")),
    "treasure": _on_floor(_sprite("chest")),
}
#: Names drawn as nothing: the background (sky) shows through.
INVISIBLE = {"empty", "enemy", "player"}


def drawn_tile(tile: Tile) -> pygame.Surface:
    """The 16-pixel drawn art for one legend entry (flat colour with a bevel when unknown)."""
    c = tile_color(tile)
    if tile.name in INVISIBLE:
        return _blank()
    fn = DRAWN.get(tile.name)
    return fn(c) if fn else _block(c) if tile.solid else _floor(c)


# -- sprites -----------------------------------------------------------------------------


#: The characters and items the game draws: the one set :mod:`procgen.textures.sprites`
#: also draws into textured exports, so a dungeon export shows the game's knight and slimes.
SPRITES: dict[str, Callable[[], pygame.Surface]] = {name: _sprite(name) for name in CHARACTERS}


class Art:
    """Tile and sprite surfaces for one legend at any tile size (cached per size).

    ``tileset`` is a :class:`procgen.io.tiled.Tileset` from the texture atlas; names it lacks
    fall back to drawn art.
    """

    def __init__(self, legend: Mapping[str, Tile], tileset: object | None = None) -> None:
        self.legend = dict(legend)
        self.base: dict[str, list[pygame.Surface]] = {}
        self.textured = False
        textures = _cut_tileset(tileset) if tileset is not None else {}
        for ch, tile in self.legend.items():
            if tile.name in textures and tile.name not in INVISIBLE and tile.name != "coin":
                self.base[ch] = textures[tile.name]
                self.textured = True
            else:
                self.base[ch] = [drawn_tile(tile)]
        self._scaled: dict[int, dict[str, list[pygame.Surface]]] = {}
        self._dim: dict[int, dict[str, list[pygame.Surface]]] = {}
        self._sprites: dict[tuple[str, int, bool, bool], pygame.Surface] = {}

    def tiles(self, size: int) -> dict[str, list[pygame.Surface]]:
        """Surfaces by tile character (a list: texture variants), ``size`` pixels square."""
        if size not in self._scaled:
            self._scaled = {size: {ch: [_scale(s, size) for s in ss] for ch, ss in self.base.items()}}
        return self._scaled[size]

    def dim_tiles(self, size: int) -> dict[str, list[pygame.Surface]]:
        """:meth:`tiles`, darkened (drawn outside the room you are in: no blending per frame)."""
        if size not in self._dim:
            self._dim = {size: {ch: [dimmed(s) for s in ss] for ch, ss in self.tiles(size).items()}}
        return self._dim[size]

    def tile(self, ch: str, size: int, x: int = 0, y: int = 0) -> pygame.Surface:
        variants = self.tiles(size)[ch]
        return variants[((x * 73856093) ^ (y * 19349663)) % len(variants)]

    def sprite(self, name: str, size: int, flip: bool = False, dim: bool = False) -> pygame.Surface:
        key = (name, size, flip, dim)
        if key not in self._sprites:
            if dim:
                self._sprites[key] = dimmed(self.sprite(name, size, flip))
            else:
                s = _scale(SPRITES[name](), size)
                self._sprites[key] = pygame.transform.flip(s, True, False) if flip else s
        return self._sprites[key]


def _scale(s: pygame.Surface, size: int) -> pygame.Surface:
    """``s`` scaled to ``size`` px in the display's format: opaque art (most textures) as an
    opaque surface, which blits several times faster than per-pixel alpha."""
    out = pygame.transform.scale(s, (size, size))
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        opaque = not (out.get_flags() & pygame.SRCALPHA) or int(pygame.surfarray.pixels_alpha(out).min()) == 255
        out = out.convert() if opaque else out.convert_alpha()
    return out


def dimmed(s: pygame.Surface, factor: float = 0.45) -> pygame.Surface:
    """A darker copy of ``s`` (alpha kept): what lies outside the room you are in."""
    out = s.copy()
    shade = int(255 * factor)
    out.fill((shade, shade, shade), special_flags=pygame.BLEND_RGB_MULT)
    return out


def _cut_tileset(tileset: object) -> dict[str, list[pygame.Surface]]:
    """Tileset image -> surfaces by legend name (every variant)."""
    image = np.ascontiguousarray(tileset.image)  # type: ignore[attr-defined]
    tw, th = tileset.tile_width, tileset.tile_height  # type: ignore[attr-defined]
    cols = image.shape[1] // tw
    if image.shape[2] == 3:
        image = np.concatenate([image, np.full((*image.shape[:2], 1), 255, np.uint8)], axis=2)
    out: dict[str, list[pygame.Surface]] = {}
    for i, name in enumerate(tileset.names):  # type: ignore[attr-defined]
        r, c = divmod(i, cols)
        cell = np.ascontiguousarray(image[r * th : (r + 1) * th, c * tw : (c + 1) * tw])
        surf = pygame.image.frombuffer(cell.tobytes(), (tw, th), "RGBA").copy()
        out.setdefault(name, []).append(pygame.transform.scale(surf, (BASE, BASE)))
    return out


#: Texture looks the T key cycles through: the atlas's generators, then the drawn art.
LOOKS = ("procedural", "gan", "vae", "drawn")


def art_for(level: Level, look: str = "procedural") -> tuple[Art, str, str]:
    """Art for a level's legend: textured by ``procgen.textures.atlas`` with ``look`` (its
    generator: procedural, or the texture GAN/VAE), or the drawn tiles for ``"drawn"``.

    Returns the art, a word for the HUD, and a notice when a texture model was missing and
    the procedural textures stand in ("" otherwise).
    """
    if look == "drawn":
        return Art(level.legend), "drawn tiles", ""
    from procgen.textures import atlas

    notice = ""
    tileset = None
    try:
        try:
            tileset = atlas.tileset_for(level, size=BASE, generator=look)
        except Exception as e:  # a missing texture model, or torch itself: procedural textures instead
            if look == "procedural":
                raise
            notice = f"{look.upper()} textures unavailable ({str(e).splitlines()[0][:100]}): procedural instead"
            look = "procedural"
            tileset = atlas.tileset_for(level, size=BASE, generator=look)
    except Exception as e:  # a texture problem must never stop the game: drawn art instead
        log.warning("texture atlas unavailable for %s: %s", level.kind, e)
    art = Art(level.legend, tileset)
    return art, f"{look} textures" if art.textured else "drawn tiles", notice
