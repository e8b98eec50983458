"""Procedural materials: seamless pixel-art tiles (grass, stone, brick, ...) from periodic noise.

Each material is a small recipe: a periodic value-noise field (its lattice wraps around, so
the tile repeats without a seam), plus the material's structure (planks, bricks, flagstones,
ripples), mapped onto a limited palette with ordered (Bayer) dithering for a pixel-art look.
Every structural line (mortar, plank gaps) sits inside the tile, never on its edge, so the
wrap-around neighbours look like any other neighbours.

This is the texture models' training set and their fallback. Tiles come out as
``(n, size, size, 3)`` uint8, a pure function of ``(material, seed, size, n)``:

>>> tiles = synthesize("grass", seed=7, size=16, n=4)
>>> tiles.shape, tiles.dtype.name
((4, 16, 16, 3), 'uint8')
>>> bool((synthesize("grass", seed=7, size=16, n=4) == tiles).all())
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from procgen.errors import ParamError
from procgen.params import check_choice, check_int
from procgen.rng import check_seed, rng

__all__ = ["MATERIALS", "PALETTES", "SIZES", "periodic_noise", "synthesize"]

#: Tile sizes a recipe supports: powers of two, so every noise lattice divides the tile.
SIZES = (8, 16, 32, 64, 128)
#: The largest batch one call makes (a 128² batch of this many is ~200 MB of floats).
MAX_TILES = 4096


def _hex(*colors: str) -> np.ndarray:
    return np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in colors], dtype=np.uint8)


#: Each material's palette, darkest to lightest (index 0 is also the "crack/mortar" colour).
PALETTES: dict[str, np.ndarray] = {
    "grass": _hex("#1f4a1c", "#2f6b25", "#3f8a2e", "#58a83a", "#7cc34c"),
    "dirt": _hex("#3b2716", "#553620", "#6e472a", "#875a36", "#a0724a"),
    "sand": _hex("#b8975a", "#cdb06c", "#dcc37f", "#e8d597", "#f4e6b4"),
    "stone": _hex("#3c3c40", "#55565b", "#6e6f75", "#88898f", "#a4a5aa"),
    "snow": _hex("#a9bfd6", "#c4d5e6", "#dae6f1", "#ecf3f9", "#ffffff"),
    "water": _hex("#12306e", "#1b4a96", "#2766b8", "#3f86d2", "#7ab8ec"),
    "lava": _hex("#3a0d08", "#7a1a0c", "#c2370f", "#f07a18", "#ffd24a"),
    "wood": _hex("#3d220f", "#6b3d1c", "#8c5427", "#a86a33", "#c48545"),
    "brick": _hex("#4a3c36", "#7a2e22", "#9c3a28", "#b54b32", "#cc6443"),
    "dungeon-floor": _hex("#3a3128", "#6b5f50", "#82755f", "#978a72", "#ab9f86"),
    "dungeon-wall": _hex("#16131f", "#2c2738", "#3b3449", "#4b4359", "#5d5570"),
}

#: Material names, in the order used as model labels.
MATERIALS: tuple[str, ...] = tuple(PALETTES)

# A 4x4 Bayer matrix: ordered dithering thresholds in [-0.5, 0.5); period 4 divides every size.
_BAYER = (np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]) + 0.5) / 16 - 0.5


def periodic_noise(
    r: np.random.Generator,
    n: int,
    size: int,
    cells: int | tuple[int, int] = 4,
    octaves: int = 3,
    persistence: float = 0.5,
) -> np.ndarray:
    """``(n, size, size)`` fBm value noise in [0, 1] that tiles seamlessly.

    ``cells`` is the lattice size of the first octave (``(rows, columns)`` to stretch it); each
    octave doubles it while it still divides ``size``. The lattice wraps around, so pixel
    ``size`` would equal pixel 0.
    """
    cy, cx = (cells, cells) if isinstance(cells, int) else cells
    out = np.zeros((n, size, size))
    total = 0.0
    amp = 1.0
    for _ in range(octaves):
        if cy > size or cx > size or size % cy or size % cx:
            break
        lattice = r.random((n, cy, cx))
        out += amp * _smooth_lookup(lattice, size)
        total += amp
        amp *= persistence
        cy, cx = cy * 2, cx * 2
    return out / max(total, 1e-9)


def _smooth_lookup(lattice: np.ndarray, size: int) -> np.ndarray:
    """Smoothstep interpolation of a wrapping ``(n, cy, cx)`` lattice onto ``(n, size, size)``."""
    _, cy, cx = lattice.shape

    def axis(c: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.arange(size) * (c / size)
        i0 = np.floor(t).astype(np.int64)
        f = t - i0
        return i0 % c, (i0 + 1) % c, f * f * (3 - 2 * f)

    y0, y1, sy = axis(cy)
    x0, x1, sx = axis(cx)
    rows = lattice[:, y0, :] * (1 - sy)[None, :, None] + lattice[:, y1, :] * sy[None, :, None]
    return rows[:, :, x0] * (1 - sx) + rows[:, :, x1] * sx


def _yx(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column index grids ``(size, size)``."""
    ys, xs = np.indices((size, size))
    return ys, xs


def _normalize(v: np.ndarray) -> np.ndarray:
    """Stretch each tile's field to [0, 1] (keeps the palette fully used whatever the noise)."""
    lo = v.min(axis=(1, 2), keepdims=True)
    hi = v.max(axis=(1, 2), keepdims=True)
    return (v - lo) / np.maximum(hi - lo, 1e-9)


def _sprinkle(r: np.random.Generator, v: np.ndarray, rate: float, value: float, shadow: float | None) -> np.ndarray:
    """Set a sparse ``rate`` of pixels to ``value``, with an optional darker pixel below each."""
    spots = r.random(v.shape) < rate
    if shadow is not None:
        # np.roll keeps the shadow of a bottom-row spot on the top row: still seamless.
        v = np.where(np.roll(spots, 1, axis=1) & ~spots, shadow, v)
    return np.where(spots, value, v)


def _cells_index(coord: np.ndarray, start: int | np.ndarray, step: int, size: int) -> np.ndarray:
    """Which band (brick row, plank, flagstone) a coordinate falls in; band 0 wraps the edge."""
    return ((coord - start) % size) // step


# -- recipes: each returns a field in [0, 1] of shape (n, size, size); 0 = darkest colour -------


def _grass(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    v = 0.65 * periodic_noise(r, n, s, 4) + 0.35 * r.random((n, s, s))
    v = 0.15 + 0.7 * _normalize(v)
    return _sprinkle(r, v, 0.07, 1.0, 0.1)  # blade tips catching the light, dark at their feet


def _dirt(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    v = 0.7 * periodic_noise(r, n, s, 4) + 0.3 * r.random((n, s, s))
    v = 0.1 + 0.65 * _normalize(v)
    return _sprinkle(r, v, 0.04, 0.95, 0.0)  # pebbles


def _sand(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    ys, xs = _yx(s)
    # Wind ripples: integer wave numbers keep the stripes periodic on the tile.
    ky = r.integers(1, 3, size=(n, 1, 1)) * max(s // 8, 1)
    kx = r.integers(-1, 2, size=(n, 1, 1))
    phase = r.uniform(0, 2 * np.pi, size=(n, 1, 1))
    warp = periodic_noise(r, n, s, 2, octaves=2)
    ripple = np.sin(2 * np.pi * (ky * ys + kx * xs) / s + phase + 3.0 * warp)
    v = 0.5 + 0.22 * ripple + 0.18 * (r.random((n, s, s)) - 0.5)
    return np.clip(v, 0, 1)


def _stone(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    v = _normalize(periodic_noise(r, n, s, 2, octaves=4, persistence=0.6))
    ridge = 1 - np.abs(2 * periodic_noise(r, n, s, 2, octaves=3) - 1)
    v = 0.2 + 0.75 * v
    return np.where(ridge > 0.9, 0.0, v)  # thin dark cracks along the ridge lines


def _snow(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    v = 0.35 + 0.55 * _normalize(periodic_noise(r, n, s, 4, octaves=2))
    return _sprinkle(r, v, 0.03, 1.0, None)  # sparkles


def _water(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    ys, _ = _yx(s)
    warp = periodic_noise(r, n, s, (2, 4), octaves=2)
    k = r.integers(2, 4, size=(n, 1, 1))
    phase = r.uniform(0, 2 * np.pi, size=(n, 1, 1))
    waves = np.sin(2 * np.pi * k * ys / s + phase + 4.0 * warp)
    v = 0.45 + 0.25 * waves + 0.15 * (periodic_noise(r, n, s, 8, octaves=1) - 0.5)
    return np.where(waves > 0.93, 1.0, np.clip(v, 0, 0.8))  # foam on the crests


def _lava(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    base = periodic_noise(r, n, s, 2, octaves=3)
    ridge = 1 - np.abs(2 * periodic_noise(r, n, s, 4, octaves=2) - 1)
    v = 0.55 * _normalize(base) + 0.55 * ridge**3
    return np.clip(v, 0, 1)


def _wood(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    ys, xs = _yx(s)
    ph = max(s // 4, 2)
    plank = _cells_index(ys, ph // 2 + 1, ph, s)  # gaps at rows ph/2, not on the tile edge
    shade = r.uniform(0.35, 0.75, size=(n, s // ph))
    v = np.take_along_axis(shade, plank.reshape(1, -1), axis=1).reshape(n, s, s)
    grain = periodic_noise(r, n, s, (min(8, s), 2), octaves=2)
    v = v + 0.35 * (grain - 0.5)
    gap = ((ys - ph // 2) % ph) == 0
    # One butt joint per plank, away from the tile's left/right edge.
    joint_x = r.integers(2, s - 2, size=(n, s // ph))
    jx = np.take_along_axis(joint_x, plank.reshape(1, -1), axis=1).reshape(n, s, s)
    v = np.where(gap | (xs == jx), 0.0, np.clip(v, 0.2, 1))
    return v


def _masonry(
    r: np.random.Generator, n: int, s: int, rows_per_tile: int, cols_per_tile: int, lo: float, hi: float
) -> np.ndarray:
    """Staggered blocks with mortar lines inside the tile; each block gets its own shade."""
    ys, xs = _yx(s)
    bh, bw = s // rows_per_tile, s // cols_per_tile
    mortar_y = bh // 2
    row = _cells_index(ys, mortar_y + 1, bh, s)
    # Joints at a quarter and three quarters of a block, alternating by row: never at x=0.
    joint = np.where(row % 2 == 0, bw // 4, (3 * bw) // 4)
    col = _cells_index(xs, joint + 1, bw, s)
    shade = r.uniform(lo, hi, size=(n, rows_per_tile * cols_per_tile))
    v = shade[:, row * cols_per_tile + col]
    v = v + 0.3 * (periodic_noise(r, n, s, 4, octaves=2) - 0.5)
    mortar = (((ys - mortar_y) % bh) == 0) | (((xs - joint) % bw) == 0)
    return np.where(mortar, 0.0, np.clip(v, 0.2, 1))


def _brick(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    return _masonry(r, n, s, 4, 2, 0.35, 0.85)


def _dungeon_floor(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    ys, xs = _yx(s)
    q = s // 2
    stone = _cells_index(ys, q // 2 + 1, q, s) * 2 + _cells_index(xs, q // 2 + 1, q, s)
    shade = r.uniform(0.35, 0.8, size=(n, 4))
    v = shade[:, stone] + 0.3 * (periodic_noise(r, n, s, 4, octaves=2) - 0.5)
    seam = (((ys - q // 2) % q) == 0) | (((xs - q // 2) % q) == 0)
    v = np.where(seam, 0.0, np.clip(v, 0.2, 1))
    return _sprinkle(r, v, 0.02, 0.05, None)  # chips and grime


def _dungeon_wall(r: np.random.Generator, n: int, s: int) -> np.ndarray:
    v = _masonry(r, n, s, 2, 1, 0.3, 0.9)
    return v


RECIPES: dict[str, Callable[[np.random.Generator, int, int], np.ndarray]] = {
    "grass": _grass,
    "dirt": _dirt,
    "sand": _sand,
    "stone": _stone,
    "snow": _snow,
    "water": _water,
    "lava": _lava,
    "wood": _wood,
    "brick": _brick,
    "dungeon-floor": _dungeon_floor,
    "dungeon-wall": _dungeon_wall,
}


def check_material(material: str) -> str:
    """Return ``material`` or raise ParamError listing the known ones."""
    if material not in PALETTES:
        raise ParamError(f"material: unknown material {material!r}; known: {', '.join(MATERIALS)}")
    return material


def check_size(size: int) -> int:
    return check_choice("size", check_int("size", size, what="pixels"), SIZES)


def quantize(field: np.ndarray, palette: np.ndarray, dither: bool = True) -> np.ndarray:
    """Map a ``(n, S, S)`` field in [0, 1] onto ``palette`` (K, 3): ``(n, S, S, 3)`` uint8."""
    k = len(palette)
    s = field.shape[-1]
    level = field * k
    if dither:
        level = level + 0.6 * np.tile(_BAYER, (s // 4 or 1, s // 4 or 1))[:s, :s]
    idx = np.clip(np.floor(level), 0, k - 1).astype(np.intp)
    return palette[idx]


def synthesize(material: str, seed: int, size: int = 16, n: int = 1, *, dither: bool = True) -> np.ndarray:
    """``n`` seamless tiles of ``material``: ``(n, size, size, 3)`` uint8.

    Args:
        material: one of :data:`MATERIALS`.
        seed: the tiles are a pure function of ``(material, seed, size, n)``.
        size: tile side in pixels, one of :data:`SIZES`.
        n: how many variants.
        dither: ordered dithering between palette colours (the pixel-art look).

    >>> synthesize("brick", seed=1, size=16)[0, 2, :4].tolist()  # a mortar row
    [[74, 60, 54], [74, 60, 54], [74, 60, 54], [74, 60, 54]]
    """
    check_material(material)
    seed = check_seed(seed)
    size = check_size(size)
    check_int("n", n, 1, MAX_TILES, "tiles")
    r = rng(seed, "texture", material, size)
    field = RECIPES[material](r, int(n), size)
    return quantize(field, PALETTES[material], dither=dither)
