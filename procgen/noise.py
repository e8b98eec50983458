"""Vectorized gradient noise over whole numpy grids: Perlin, simplex, fBm, ridged, billow, warp.

Two families live here:

* **``noise``-compatible Perlin** (:func:`pnoise2`, :func:`pnoise2_grid`, :func:`pnoise3`):
  the same permutation, gradients, float32 arithmetic, ``repeat`` and ``base`` semantics as the
  ``noise`` package's C code, so ``noise.pnoise2`` is the reference and this the fast path.
  Parameter sets the fast path cannot reproduce (``base`` values that make the C code read
  outside its permutation table) fall back to ``noise`` point by point instead of refusing.
* **Seeded noise for worlds** (:class:`Perlin`, :func:`simplex2`, :func:`simplex3`): a
  permutation drawn from ``(seed, name)``, float64 coordinates (so far-away chunks keep their
  detail), per-octave offsets, and ``period`` for tileable output.

Why grids are fast: on a grid ``x`` depends only on the column and ``y`` only on the row, so a
Perlin octave is ``Wy @ (G @ Ux) + Vy @ (G' @ Wx)`` with sparse interpolation matrices and a
small gradient table ``G`` indexed by lattice hash. Every octave of an fBm is stacked into one
sparse matrix, and one sparse-times-dense product writes the whole image in a single pass.

>>> import numpy as np
>>> xs = np.linspace(0, 4, 5)
>>> bool(np.allclose(pnoise2_grid(xs, xs, octaves=3), pnoise2(xs[None, :], xs[:, None], octaves=3), atol=1e-6))
True
>>> p = Perlin(7)
>>> p.fbm(np.arange(4) / 8, np.arange(3) / 8, octaves=4).shape
(3, 4)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import scipy.sparse as sp

from procgen.errors import ParamError
from procgen.rng import rng

__all__ = [
    "GRAD3",
    "PERM",
    "Perlin",
    "billow",
    "domain_warp",
    "fbm",
    "pnoise2",
    "pnoise2_grid",
    "pnoise3",
    "ridged",
    "simplex2",
    "simplex3",
    "simplex_fbm",
]

# Ken Perlin's improved-noise permutation, twice over, as the `noise` package stores it.
_P = [
    151, 160, 137, 91, 90, 15, 131, 13, 201, 95, 96, 53, 194, 233, 7, 225, 140, 36, 103, 30, 69,
    142, 8, 99, 37, 240, 21, 10, 23, 190, 6, 148, 247, 120, 234, 75, 0, 26, 197, 62, 94, 252, 219,
    203, 117, 35, 11, 32, 57, 177, 33, 88, 237, 149, 56, 87, 174, 20, 125, 136, 171, 168, 68, 175,
    74, 165, 71, 134, 139, 48, 27, 166, 77, 146, 158, 231, 83, 111, 229, 122, 60, 211, 133, 230,
    220, 105, 92, 41, 55, 46, 245, 40, 244, 102, 143, 54, 65, 25, 63, 161, 1, 216, 80, 73, 209, 76,
    132, 187, 208, 89, 18, 169, 200, 196, 135, 130, 116, 188, 159, 86, 164, 100, 109, 198, 173,
    186, 3, 64, 52, 217, 226, 250, 124, 123, 5, 202, 38, 147, 118, 126, 255, 82, 85, 212, 207, 206,
    59, 227, 47, 16, 58, 17, 182, 189, 28, 42, 223, 183, 170, 213, 119, 248, 152, 2, 44, 154, 163,
    70, 221, 153, 101, 155, 167, 43, 172, 9, 129, 22, 39, 253, 19, 98, 108, 110, 79, 113, 224, 232,
    178, 185, 112, 104, 218, 246, 97, 228, 251, 34, 242, 193, 238, 210, 144, 12, 191, 179, 162,
    241, 81, 51, 145, 235, 249, 14, 239, 107, 49, 192, 214, 31, 181, 199, 106, 157, 184, 84, 204,
    176, 115, 121, 50, 45, 127, 4, 150, 254, 138, 236, 205, 93, 222, 114, 67, 29, 24, 72, 243, 141,
    128, 195, 78, 66, 215, 61, 156, 180,
]  # fmt: skip
PERM = np.array(_P + _P, dtype=np.int64)
PERM.flags.writeable = False

GRAD3 = np.array(
    [[1, 1, 0], [-1, 1, 0], [1, -1, 0], [-1, -1, 0], [1, 0, 1], [-1, 0, 1], [1, 0, -1], [-1, 0, -1],
     [0, 1, 1], [0, -1, 1], [0, 1, -1], [0, -1, -1], [1, 0, -1], [-1, 0, -1], [0, -1, 1], [0, 1, 1]],
    dtype=np.float32,
)  # fmt: skip
GRAD3.flags.writeable = False

_F32 = np.float32


def _check_octaves(octaves: int) -> int:
    if isinstance(octaves, bool) or not isinstance(octaves, (int, np.integer)) or not 1 <= octaves <= 32:
        raise ParamError(f"octaves: must be an integer between 1 and 32, got {octaves!r}")
    return int(octaves)


def _fade(t: np.ndarray) -> np.ndarray:
    # The quintic 6t^5 - 15t^4 + 10t^3, evaluated in the C code's order (float32 stays float32).
    return t * t * t * (t * (t * 6 - 15) + 10)


# -- noise-compatible Perlin, point by point -------------------------------------------------------


def _hash_axis(v: np.ndarray, rep: np.ndarray | np.float32, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The C code's lattice indices ``i`` and ``ii`` (with repeat, wrap to 256 and base)."""
    i = np.floor(np.fmod(v, rep)).astype(np.int64)
    ii = np.fmod((i + 1).astype(v.dtype), rep).astype(np.int64)  # C truncates toward zero
    return (i & 255) + base, (ii & 255) + base


def _noise2_points(x: np.ndarray, y: np.ndarray, rx: np.float32, ry: np.float32, base: int) -> tuple[np.ndarray, np.ndarray]:
    """One octave of ``noise2`` in float32, and a mask of points whose table reads were out of range."""
    i, ii = _hash_axis(x, rx, base)
    j, jj = _hash_axis(y, ry, base)
    x = x - np.floor(x)
    y = y - np.floor(y)
    fx, fy = _fade(x), _fade(y)
    bad = np.zeros(np.broadcast(x, y).shape, dtype=bool)

    def perm(k: np.ndarray) -> np.ndarray:
        nonlocal bad
        out_of_range = (k < 0) | (k >= PERM.size)
        if out_of_range.any():
            bad = bad | out_of_range
        return PERM[np.clip(k, 0, PERM.size - 1)]

    a, b = perm(i), perm(ii)
    aa, ab, ba, bb = perm(a + j), perm(a + jj), perm(b + j), perm(b + jj)

    def grad(h: np.ndarray, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
        g = GRAD3[h & 15]
        return gx * g[..., 0] + gy * g[..., 1]

    one = _F32(1)
    lo = grad(perm(aa), x, y)
    lo = lo + fx * (grad(perm(ba), x - one, y) - lo)
    hi = grad(perm(ab), x, y - one)
    hi = hi + fx * (grad(perm(bb), x - one, y - one) - hi)
    return (lo + fy * (hi - lo)).astype(np.float32), bad


def pnoise2(
    x: np.ndarray | float,
    y: np.ndarray | float,
    octaves: int = 1,
    persistence: float = 0.5,
    lacunarity: float = 2.0,
    repeatx: float = 1024,
    repeaty: float = 1024,
    base: int = 0,
) -> np.ndarray:
    """``noise.pnoise2`` over broadcast arrays ``x``, ``y`` (float64 results, float32 inside).

    Same parameters and values as the ``noise`` package (within float rounding, < 1e-6).

    >>> float(pnoise2(0.5, 0.3, octaves=2)) == __import__("noise").pnoise2(0.5, 0.3, octaves=2)
    True
    """
    octaves = _check_octaves(octaves)
    xa = np.asarray(x, dtype=np.float32)
    ya = np.asarray(y, dtype=np.float32)
    lac, per = _F32(lacunarity), _F32(persistence)
    rx, ry = _F32(repeatx), _F32(repeaty)
    freq, amp, total_amp = _F32(1), _F32(1), _F32(0)
    total = np.zeros(np.broadcast(xa, ya).shape, dtype=np.float32)
    bad = np.zeros(total.shape, dtype=bool)
    for _ in range(octaves):
        n, b = _noise2_points(xa * freq, ya * freq, rx * freq, ry * freq, int(base))
        total = total + n * amp
        bad |= b
        total_amp = total_amp + amp
        freq, amp = freq * lac, amp * per
    out = (total / total_amp).astype(np.float64)
    if bad.any():
        out = _fallback_pnoise2(out, bad, xa, ya, octaves, persistence, lacunarity, repeatx, repeaty, base)
    return out


def _fallback_pnoise2(
    out: np.ndarray, bad: np.ndarray, xa: np.ndarray, ya: np.ndarray, octaves: int,
    persistence: float, lacunarity: float, repeatx: float, repeaty: float, base: int,
) -> np.ndarray:
    # The C code reads past its table for these (base, coordinate) pairs; whatever it returns
    # there is what `noise` means, so ask it, point by point (rare: only unusual `base` values).
    import noise

    xb, yb = np.broadcast_arrays(xa, ya)
    out = out.copy()
    for idx in zip(*np.nonzero(bad), strict=False):
        out[idx] = noise.pnoise2(
            float(xb[idx]), float(yb[idx]), octaves=octaves, persistence=persistence,
            lacunarity=lacunarity, repeatx=repeatx, repeaty=repeaty, base=int(base),
        )
    return out


def pnoise3(
    x: np.ndarray | float,
    y: np.ndarray | float,
    z: np.ndarray | float,
    octaves: int = 1,
    persistence: float = 0.5,
    lacunarity: float = 2.0,
    repeatx: int = 1024,
    repeaty: int = 1024,
    repeatz: int = 1024,
    base: int = 0,
) -> np.ndarray:
    """``noise.pnoise3`` over broadcast arrays (3-D: time, or a loop through a 3-D volume).

    Falls back to ``noise`` for ``base`` outside 0..1 (the C code reads past its table there).

    >>> float(pnoise3(0.5, 0.3, 0.7)) == __import__("noise").pnoise3(0.5, 0.3, 0.7)
    True
    """
    octaves = _check_octaves(octaves)
    if base not in (0, 1):
        import noise

        fn = np.vectorize(lambda a, b, c: noise.pnoise3(
            float(a), float(b), float(c), octaves=octaves, persistence=persistence,
            lacunarity=lacunarity, repeatx=repeatx, repeaty=repeaty, repeatz=repeatz, base=base))
        return np.asarray(fn(x, y, z), dtype=np.float64)
    xa, ya, za = (np.asarray(v, dtype=np.float32) for v in (x, y, z))
    lac, per = _F32(lacunarity), _F32(persistence)
    freq, amp, total_amp = _F32(1), _F32(1), _F32(0)
    total = np.zeros(np.broadcast(xa, ya, za).shape, dtype=np.float32)
    for o in range(octaves):
        if o == 0:
            reps = (int(repeatx), int(repeaty), int(repeatz))
        else:  # the C code truncates repeat*freq to int for every octave
            reps = tuple(int(_F32(r) * freq) for r in (repeatx, repeaty, repeatz))  # type: ignore[assignment]
        total = total + _noise3_points(xa * freq, ya * freq, za * freq, reps, base) * amp
        total_amp = total_amp + amp
        freq, amp = freq * lac, amp * per
    return (total / total_amp).astype(np.float64)


def _noise3_points(x: np.ndarray, y: np.ndarray, z: np.ndarray, reps: tuple[int, int, int], base: int) -> np.ndarray:
    i, ii = _hash_axis(x, _F32(reps[0]), base)
    j, jj = _hash_axis(y, _F32(reps[1]), base)
    k, kk = _hash_axis(z, _F32(reps[2]), base)
    x, y, z = x - np.floor(x), y - np.floor(y), z - np.floor(z)
    fx, fy, fz = _fade(x), _fade(y), _fade(z)
    a, b = PERM[i], PERM[ii]
    aa, ab, ba, bb = PERM[a + j], PERM[a + jj], PERM[b + j], PERM[b + jj]
    one = _F32(1)

    def g(h: np.ndarray, gx: np.ndarray, gy: np.ndarray, gz: np.ndarray) -> np.ndarray:
        v = GRAD3[PERM[h] & 15]
        return gx * v[..., 0] + gy * v[..., 1] + gz * v[..., 2]

    def lerp(t: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        return lo + t * (hi - lo)

    x1, y1, z1 = x - one, y - one, z - one
    near = lerp(fy, lerp(fx, g(aa + k, x, y, z), g(ba + k, x1, y, z)),
                lerp(fx, g(ab + k, x, y1, z), g(bb + k, x1, y1, z)))
    far = lerp(fy, lerp(fx, g(aa + kk, x, y, z1), g(ba + kk, x1, y, z1)),
               lerp(fx, g(ab + kk, x, y1, z1), g(bb + kk, x1, y1, z1)))
    return lerp(fz, near, far).astype(np.float32)


# -- the grid fast path ------------------------------------------------------------------------------


@cache
def _gradient_table(perm_bytes: bytes, base: int) -> tuple[np.ndarray, np.ndarray]:
    """``(gx, gy)[jh, ih]``: the gradient at lattice hash ``(ih + base, jh + base)``, 256×256."""
    perm = np.frombuffer(perm_bytes, dtype=np.int64)
    h = np.arange(256) + base
    cell = perm[perm[perm[h][None, :] + h[:, None]]] & 15  # PERM[PERM[PERM[i] + j]]
    return GRAD3[cell, 0].copy(), GRAD3[cell, 1].copy()


@cache
def _gradient_table_t(perm_bytes: bytes, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The gradient tables transposed: ``[ih, jh]``."""
    gx, gy = _gradient_table(perm_bytes, base)
    return np.ascontiguousarray(gx.T), np.ascontiguousarray(gy.T)


@dataclass(frozen=True)
class _Octave:
    """One octave on a grid: lattice rows it touches, and per column / per row factors."""

    amp: float
    rows: np.ndarray  # lattice hash rows used, sorted
    i: np.ndarray  # (W,) hash columns of the left and right corners
    ii: np.ndarray
    ux0: np.ndarray  # (W,) x weights times x offsets (gx term) and x weights (gy term)
    ux1: np.ndarray
    wx0: np.ndarray
    wx1: np.ndarray
    idx: np.ndarray  # (H, 4) rows of this octave's table block used by each output row
    wy: np.ndarray  # (H, 4) their weights


def _axis(v: np.ndarray, rep: np.floating, base: int, periodic: bool) -> tuple[np.ndarray, ...]:
    """Per column (or row): lattice hashes of both corners, offset in the cell, fade weight."""
    if periodic:
        i, ii = _hash_axis(v, rep, base)
        i, ii = i - base, ii - base
    else:  # no repeat: the lattice wraps every 256 cells, as the permutation does
        fl = np.floor(v).astype(np.int64)
        i, ii = fl & 255, (fl + 1) & 255
    f = v - np.floor(v)
    return i, ii, f, _fade(f)


def _octaves(
    xs: np.ndarray, ys: np.ndarray, octaves: int, persistence: float, lacunarity: float,
    repeat: tuple[float, float] | None, base: int, dtype: type, offsets: np.ndarray | None,
) -> list[_Octave]:
    """Per-octave grid factors, with the C code's float behaviour when ``dtype`` is float32."""
    lac, per = dtype(lacunarity), dtype(persistence)
    freq, amp = dtype(1), dtype(1)
    one = dtype(1)
    out = []
    for o in range(octaves):
        x = np.asarray(xs, dtype=dtype) * freq
        y = np.asarray(ys, dtype=dtype) * freq
        if offsets is not None:
            x, y = x + dtype(offsets[o, 0]), y + dtype(offsets[o, 1])
        periodic = repeat is not None
        rx = dtype(repeat[0]) * freq if repeat is not None else dtype(0)
        ry = dtype(repeat[1]) * freq if repeat is not None else dtype(0)
        i, ii, xf, fx = _axis(x, rx, base, periodic)
        j, jj, yf, fy = _axis(y, ry, base, periodic)
        # Only the lattice rows this grid touches (few for low octaves).
        rows, inv = np.unique(np.concatenate([j, jj]), return_inverse=True)
        n = rows.size
        idx = np.stack([inv[: j.size], inv[j.size :], n + inv[: j.size], n + inv[j.size :]], axis=1)
        wy = np.stack([one - fy, fy, (one - fy) * yf, fy * (yf - one)], axis=1)
        f32 = np.float32
        out.append(_Octave(
            float(amp), rows, i, ii, ((one - fx) * xf).astype(f32), (fx * (xf - one)).astype(f32),
            (one - fx).astype(f32), fx.astype(f32), idx, wy.astype(np.float64),
        ))
        freq, amp = freq * lac, amp * per
    return out


def _combine(octs: list[_Octave], scale: list[float], perm: np.ndarray, base: int, height: int) -> np.ndarray:
    """``sum_o scale[o] * octave_o`` as one CSR × dense product: one pass over the output.

    Each octave contributes a table block ``[E1; E2]`` (2 × lattice rows, W): E1 sums the x
    corners' ``wx * dx * gx``, E2 their ``wx * gy``; the sparse rows add ``wy`` and ``wy * dy``.
    """
    width = octs[0].i.size
    if width * height <= SMALL_GRID:
        return _combine_small(octs, scale, perm, base, height)
    gx_t, gy_t = _gradient_table_t(perm.tobytes(), base)
    sizes = [2 * o.rows.size for o in octs]
    offs = np.cumsum([0, *sizes])
    # The x expansion (lattice columns -> pixel columns) is itself a sparse product, which
    # writes pixel-major blocks E^T (W, n); each is transposed into its rows of E in tiles of
    # 128 columns (whole-block transposes of power-of-two strides thrash the cache).
    table = np.empty((int(offs[-1]), width), dtype=np.float32)
    ptr = np.arange(0, 2 * width + 1, 2, dtype=np.int32)
    row = 0
    for o in octs:
        cols = np.stack([o.i, o.ii], axis=1).astype(np.int32).ravel()
        ux = sp.csr_matrix((np.stack([o.ux0, o.ux1], axis=1).ravel(), cols, ptr), shape=(width, 256))
        wx = sp.csr_matrix((np.stack([o.wx0, o.wx1], axis=1).ravel(), cols, ptr), shape=(width, 256))
        for m, g in ((ux, gx_t), (wx, gy_t)):
            block = m @ np.ascontiguousarray(g[:, o.rows])
            n = block.shape[1]
            for c0 in range(0, width, 128):
                table[row : row + n, c0 : c0 + 128] = block[c0 : c0 + 128].T
            row += n
    indices = np.concatenate([o.idx + offs[k] for k, o in enumerate(octs)], axis=1)
    weights = np.concatenate([o.wy * scale[k] for k, o in enumerate(octs)], axis=1)
    nnz = indices.shape[1]
    m = sp.csr_matrix(
        (weights.astype(np.float32).ravel(), indices.astype(np.int32).ravel(), np.arange(0, height * nnz + 1, nnz, dtype=np.int32)),
        shape=(height, table.shape[0]),
    )
    return np.asarray(m @ table)


#: Grids up to this many points skip scipy.sparse: its per-call overhead dominates there.
SMALL_GRID = 1 << 15


def _combine_small(octs: list[_Octave], scale: list[float], perm: np.ndarray, base: int, height: int) -> np.ndarray:
    """:func:`_combine` with plain numpy gathers, for small grids (chunks)."""
    gx_tab, gy_tab = _gradient_table(perm.tobytes(), base)
    tables, indices, weights = [], [], []
    row = 0
    for k, o in enumerate(octs):
        gx, gy = gx_tab[o.rows], gy_tab[o.rows]
        tables.append(gx[:, o.i] * o.ux0 + gx[:, o.ii] * o.ux1)
        tables.append(gy[:, o.i] * o.wx0 + gy[:, o.ii] * o.wx1)
        indices.append(o.idx + row)
        weights.append(o.wy * scale[k])
        row += 2 * o.rows.size
    table = np.concatenate(tables)
    idx = np.concatenate(indices, axis=1)
    w = np.concatenate(weights, axis=1).astype(np.float32)
    # (H, q) weights times (H, q, W) gathered rows, summed over q: one gather, one contraction.
    return np.einsum("hq,hqw->hw", w, table[idx])


def pnoise2_grid(
    xs: np.ndarray,
    ys: np.ndarray,
    octaves: int = 1,
    persistence: float = 0.5,
    lacunarity: float = 2.0,
    repeatx: float = 1024,
    repeaty: float = 1024,
    base: int = 0,
) -> np.ndarray:
    """``noise.pnoise2`` on the grid ``xs`` (columns) × ``ys`` (rows): ``(len(ys), len(xs))`` float64.

    The fast path (a sparse product per fBm); equal to :func:`pnoise2` on the broadcast grid
    within 1e-5. ``base`` outside 0..1 falls back to the point-by-point path (and ``noise``).
    """
    octaves = _check_octaves(octaves)
    xs = np.asarray(xs, dtype=np.float32).ravel()
    ys = np.asarray(ys, dtype=np.float32).ravel()
    if base not in (0, 1) or xs.size == 0 or ys.size == 0:
        return pnoise2(xs[None, :], ys[:, None], octaves, persistence, lacunarity, repeatx, repeaty, base)
    octs = _octaves(xs, ys, octaves, persistence, lacunarity, (repeatx, repeaty), base, np.float32, None)
    total_amp = _F32(0)
    for o in octs:
        total_amp = total_amp + _F32(o.amp)
    return _combine(octs, [o.amp / float(total_amp) for o in octs], PERM, base, ys.size)


# -- seeded noise for worlds --------------------------------------------------------------------------


@cache
def _seeded_tables(seed: int, name: str) -> tuple[np.ndarray, np.ndarray]:
    r = rng(seed, "noise", name)
    p = r.permutation(256).astype(np.int64)
    perm = np.concatenate([p, p])
    perm.flags.writeable = False
    # Offsets keep octaves from sharing lattice points (and zero) at the origin.
    offsets = r.uniform(0, 256, size=(32, 2)).round(6)
    offsets.flags.writeable = False
    return perm, offsets


class Perlin:
    """Seeded Perlin noise: a permutation and per-octave offsets drawn from ``(seed, name)``.

    Coordinates are float64 lattice units. ``period=(px, py)`` (integers, in lattice units of the
    first octave) makes the result tile; with ``lacunarity=2`` every octave tiles too.

    >>> p = Perlin(3, "height")
    >>> a = p.fbm(np.arange(8) / 4, np.arange(8) / 4)
    >>> b = p.fbm(np.arange(4, 8) / 4, np.arange(8) / 4)   # a window of the same field
    >>> bool(np.array_equal(a[:, 4:], b))
    True
    """

    def __init__(self, seed: int, name: str = "noise") -> None:
        self.perm, self.offsets = _seeded_tables(int(seed), name)

    def octaves(
        self, xs: np.ndarray, ys: np.ndarray, octaves: int = 6, persistence: float = 0.5,
        lacunarity: float = 2.0, period: tuple[int, int] | None = None,
    ) -> list[np.ndarray]:
        """Each octave separately (unscaled), ``(len(ys), len(xs))`` float32 each."""
        octaves = _check_octaves(octaves)
        xs, ys = np.asarray(xs, np.float64).ravel(), np.asarray(ys, np.float64).ravel()
        offsets = None if period is not None else self.offsets
        octs = _octaves(xs, ys, octaves, persistence, lacunarity, period, 0, np.float64, offsets)
        return [_combine([o], [1.0], self.perm, 0, ys.size) for o in octs]

    def fbm(
        self, xs: np.ndarray, ys: np.ndarray, octaves: int = 6, persistence: float = 0.5,
        lacunarity: float = 2.0, period: tuple[int, int] | None = None,
    ) -> np.ndarray:
        """Fractal Brownian motion on the grid ``xs × ys``, normalized by the amplitude sum (≈ -1..1)."""
        octaves = _check_octaves(octaves)
        xs, ys = np.asarray(xs, np.float64).ravel(), np.asarray(ys, np.float64).ravel()
        offsets = None if period is not None else self.offsets
        octs = _octaves(xs, ys, octaves, persistence, lacunarity, period, 0, np.float64, offsets)
        total = sum(o.amp for o in octs)
        return _combine(octs, [o.amp / total for o in octs], self.perm, 0, ys.size)

    def points(self, x: np.ndarray, y: np.ndarray, octaves: int = 1, persistence: float = 0.5, lacunarity: float = 2.0) -> np.ndarray:
        """fBm at arbitrary points (same field as :meth:`fbm`; used for domain warping)."""
        octaves = _check_octaves(octaves)
        x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
        gx_tab, gy_tab = _gradient_table(self.perm.tobytes(), 0)
        total = np.zeros(x.shape, dtype=np.float64)
        freq, amp, amps = 1.0, 1.0, 0.0
        for o in range(octaves):
            xo = x * freq + self.offsets[o, 0]
            yo = y * freq + self.offsets[o, 1]
            fl_x, fl_y = np.floor(xo), np.floor(yo)
            i, j = fl_x.astype(np.int64) & 255, fl_y.astype(np.int64) & 255
            ii, jj = (i + 1) & 255, (j + 1) & 255
            xf, yf = xo - fl_x, yo - fl_y
            fx, fy = _fade(xf), _fade(yf)

            def g(jh: np.ndarray, ih: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
                return gx_tab[jh, ih] * dx + gy_tab[jh, ih] * dy

            lo = g(j, i, xf, yf) * (1 - fx) + g(j, ii, xf - 1, yf) * fx
            hi = g(jj, i, xf, yf - 1) * (1 - fx) + g(jj, ii, xf - 1, yf - 1) * fx
            total += (lo * (1 - fy) + hi * fy) * amp
            amps += amp
            freq, amp = freq * lacunarity, amp * persistence
        return total / amps


def fbm(xs: np.ndarray, ys: np.ndarray, *, seed: int = 0, name: str = "noise", octaves: int = 6,
        frequency: float = 1.0, persistence: float = 0.5, lacunarity: float = 2.0,
        offset: tuple[float, float] = (0.0, 0.0), period: tuple[int, int] | None = None) -> np.ndarray:
    """Seeded fBm on the grid ``xs × ys`` (in world units, times ``frequency``, plus ``offset``)."""
    xs = (np.asarray(xs, np.float64) + offset[0]) * frequency
    ys = (np.asarray(ys, np.float64) + offset[1]) * frequency
    return Perlin(seed, name).fbm(xs, ys, octaves, persistence, lacunarity, period)


def ridged(xs: np.ndarray, ys: np.ndarray, *, seed: int = 0, name: str = "ridged", octaves: int = 6,
           frequency: float = 1.0, lacunarity: float = 2.0, gain: float = 2.0, offset: float = 1.0,
           period: tuple[int, int] | None = None) -> np.ndarray:
    """Musgrave's ridged multifractal, ≈ 0..1: sharp crests where the noise crosses zero.

    Each octave is weighted by the previous one's signal, so detail gathers on the ridges.
    """
    xs = np.asarray(xs, np.float64) * frequency
    ys = np.asarray(ys, np.float64) * frequency
    layers = Perlin(seed, name).octaves(xs, ys, octaves, 0.5, lacunarity, period)
    total = np.zeros_like(layers[0])
    weight = np.ones_like(layers[0])
    amp, amps = 1.0, 0.0
    for n in layers:
        # Perlin values mostly lie within ±0.7; scale so crests reach 1.
        signal = np.square(np.maximum(offset - np.abs(n) * 1.4, 0))
        signal *= weight
        weight = np.clip(signal * gain, 0, 1)
        total += signal * amp
        amps += amp
        amp *= 0.5
    return total / amps


def billow(xs: np.ndarray, ys: np.ndarray, *, seed: int = 0, name: str = "billow", octaves: int = 6,
           frequency: float = 1.0, persistence: float = 0.5, lacunarity: float = 2.0,
           period: tuple[int, int] | None = None) -> np.ndarray:
    """Billowy fBm (sum of ``|noise|``), ≈ -1..1: rounded hills and cloud puffs."""
    xs = np.asarray(xs, np.float64) * frequency
    ys = np.asarray(ys, np.float64) * frequency
    layers = Perlin(seed, name).octaves(xs, ys, octaves, persistence, lacunarity, period)
    total = np.zeros_like(layers[0])
    amp, amps = 1.0, 0.0
    for n in layers:
        total += (np.abs(n) * 2.8 - 1) * amp
        amps += amp
        amp *= persistence
    return total / amps


def domain_warp(xs: np.ndarray, ys: np.ndarray, *, seed: int = 0, name: str = "warp", octaves: int = 6,
                frequency: float = 1.0, strength: float = 1.0, warp_octaves: int = 3) -> np.ndarray:
    """fBm sampled at ``p + strength * q(p)`` where ``q`` is a 2-D fBm: swirled, flowing shapes."""
    xs = np.asarray(xs, np.float64).ravel() * frequency
    ys = np.asarray(ys, np.float64).ravel() * frequency
    qx = Perlin(seed, name + "/qx").fbm(xs, ys, warp_octaves)
    qy = Perlin(seed, name + "/qy").fbm(xs, ys, warp_octaves)
    return Perlin(seed, name).points(xs[None, :] + strength * qx, ys[:, None] + strength * qy, octaves)


# -- simplex -----------------------------------------------------------------------------------------

_F2, _G2 = 0.5 * (np.sqrt(3.0) - 1.0), (3.0 - np.sqrt(3.0)) / 6.0


def simplex2(x: np.ndarray, y: np.ndarray, seed: int = 0, name: str = "simplex") -> np.ndarray:
    """Seeded 2-D simplex noise at broadcast points, ≈ -1..1 (Gustavson's formulation)."""
    perm = Perlin(seed, name).perm
    x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
    s = (x + y) * _F2
    i, j = np.floor(x + s), np.floor(y + s)
    t = (i + j) * _G2
    x0, y0 = x - (i - t), y - (j - t)
    i1 = (x0 > y0).astype(np.float64)
    j1 = 1.0 - i1
    ii, jj = i.astype(np.int64) & 255, j.astype(np.int64) & 255
    total = np.zeros(x.shape)
    corners = ((0, 0, 0.0), (i1.astype(np.int64), j1.astype(np.int64), _G2), (1, 1, 2 * _G2))
    for ci, cj, off in corners:
        xc, yc = x0 - ci + off, y0 - cj + off
        g = GRAD3[perm[ii + ci + perm[jj + cj]] % 12]
        tt = np.maximum(0.5 - xc * xc - yc * yc, 0)
        total += tt**4 * (g[..., 0] * xc + g[..., 1] * yc)
    return 70.0 * total


def simplex_fbm(x: np.ndarray, y: np.ndarray, *, seed: int = 0, name: str = "simplex", octaves: int = 6,
                persistence: float = 0.5, lacunarity: float = 2.0) -> np.ndarray:
    """fBm of :func:`simplex2` at broadcast points (per-octave seeds, amplitude-normalized)."""
    octaves = _check_octaves(octaves)
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    total = np.zeros(np.broadcast(x, y).shape)
    amp, amps, freq = 1.0, 0.0, 1.0
    for o in range(octaves):
        total = total + amp * simplex2(x * freq, y * freq, seed, f"{name}/{o}")
        amps += amp
        amp *= persistence
        freq *= lacunarity
    return total / amps


_F3, _G3 = 1.0 / 3.0, 1.0 / 6.0


def simplex3(x: np.ndarray, y: np.ndarray, z: np.ndarray, seed: int = 0, name: str = "simplex3") -> np.ndarray:
    """Seeded 3-D simplex noise at broadcast points, ≈ -1..1 (time-varying or looping fields)."""
    perm = Perlin(seed, name).perm
    x, y, z = np.broadcast_arrays(*(np.asarray(v, np.float64) for v in (x, y, z)))
    s = (x + y + z) * _F3
    i, j, k = np.floor(x + s), np.floor(y + s), np.floor(z + s)
    t = (i + j + k) * _G3
    x0, y0, z0 = x - (i - t), y - (j - t), z - (k - t)
    # Which of the six tetrahedra: rank the offsets.
    ge_xy, ge_yz, ge_xz = x0 >= y0, y0 >= z0, x0 >= z0
    i1 = ge_xy & ge_xz
    j1 = ~ge_xy & ge_yz
    k1 = ~ge_xz & ~ge_yz
    i2 = ge_xy | ge_xz
    j2 = ~ge_xy | ge_yz
    k2 = ~(ge_xz & ge_yz)
    ii, jj, kk = (v.astype(np.int64) & 255 for v in (i, j, k))
    total = np.zeros(x.shape)
    corners = (
        (0, 0, 0, 0.0),
        (i1.astype(np.int64), j1.astype(np.int64), k1.astype(np.int64), _G3),
        (i2.astype(np.int64), j2.astype(np.int64), k2.astype(np.int64), 2 * _G3),
        (1, 1, 1, 3 * _G3),
    )
    for ci, cj, ck, off in corners:
        xc, yc, zc = x0 - ci + off, y0 - cj + off, z0 - ck + off
        g = GRAD3[perm[ii + ci + perm[jj + cj + perm[kk + ck]]] % 12]
        tt = np.maximum(0.6 - xc * xc - yc * yc - zc * zc, 0)
        total += tt**4 * (g[..., 0] * xc + g[..., 1] * yc + g[..., 2] * zc)
    return 32.0 * total
