"""Perlin noise compatible with the ``noise`` package: :func:`pnoise2`, :func:`pnoise2_grid`, :func:`pnoise3`.

The same permutation, gradients, float32 arithmetic, ``repeat`` and ``base`` semantics as the
``noise`` package's C code, so ``noise.pnoise2`` is the reference and these the fast paths.
The ``noise`` package itself is optional: only parameter sets the fast paths cannot reproduce
(``base`` values that make the C code read outside its permutation table) ask it, point by
point, and say what to install when it is missing.

>>> import numpy as np
>>> xs = np.linspace(0, 4, 5)
>>> bool(np.allclose(pnoise2_grid(xs, xs, octaves=3), pnoise2(xs[None, :], xs[:, None], octaves=3), atol=1e-6))
True
"""

from __future__ import annotations

import math
from types import ModuleType

import numpy as np

from procgen.extras import import_optional
from procgen.noise._grid import _combine, _gradient_pairs, _gradient_table, _octaves
from procgen.noise._jit import kernels_for
from procgen.noise._lattice import _F32, GRAD3, PERM, _check_octaves, _fade, _hash_axis

__all__ = ["pnoise2", "pnoise2_grid", "pnoise3"]


def _noise_package(why: str) -> ModuleType:
    """The optional ``noise`` package, imported only when a call needs its exact C behaviour;
    without it, a one-line :class:`~procgen.extras.MissingExtraError` naming the extra."""
    return import_optional("noise", why)


def _noise2_points(x: np.ndarray, y: np.ndarray, rx: np.float32, ry: np.float32, base: int) -> tuple[np.ndarray, np.ndarray]:
    """One octave of ``noise2`` in float32, and a mask of points whose table reads were out of range."""
    if base in (0, 1):
        return _noise2_lattice(x, y, rx, ry, base), np.zeros(np.broadcast(x, y).shape, dtype=bool)
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


def _noise2_lattice(x: np.ndarray, y: np.ndarray, rx: np.float32, ry: np.float32, base: int) -> np.ndarray:
    """:func:`_noise2_points` for ``base`` 0 or 1, where every table read is in range: each
    corner's gradient is one read of the (256, 256) tables instead of three chained
    permutation reads and a (16, 3) row gather. The same operations on the same values."""
    i, ii = _hash_axis(x, rx, 0)
    j, jj = _hash_axis(y, ry, 0)
    x = x - np.floor(x)
    y = y - np.floor(y)
    fx, fy = _fade(x), _fade(y)
    gx_tab, gy_tab = (t.ravel() for t in _gradient_table(PERM.tobytes(), base))
    j <<= 8
    jj <<= 8

    def grad(corner: np.ndarray, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
        return gx * gx_tab.take(corner) + gy * gy_tab.take(corner)

    one = _F32(1)
    x1, y1 = x - one, y - one
    lo = grad(j + i, x, y)
    lo = lo + fx * (grad(j + ii, x1, y) - lo)
    hi = grad(jj + i, x, y1)
    hi = hi + fx * (grad(jj + ii, x1, y1) - hi)
    return (lo + fy * (hi - lo)).astype(np.float32)


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

    >>> round(float(pnoise2(0.5, 0.3, octaves=2)), 6)
    -0.12906
    """
    octaves = _check_octaves(octaves)
    xa = np.asarray(x, dtype=np.float32)
    ya = np.asarray(y, dtype=np.float32)
    lac, per = _F32(lacunarity), _F32(persistence)
    rx, ry = _F32(repeatx), _F32(repeaty)
    shape = np.broadcast_shapes(xa.shape, ya.shape)
    k = kernels_for(math.prod(shape))
    if k is not None and base in (0, 1) and _is_outer(xa, ya):
        # A row of x against a column of y: per-axis work once per column and row (same bytes).
        grid = np.empty(shape, dtype=np.float64)
        k.pnoise2_outer(np.ascontiguousarray(xa.ravel()), np.ascontiguousarray(ya.ravel()), octaves,
                        per, lac, rx, ry, int(base), PERM, GRAD3, grid)
        return grid
    if k is not None:  # same bytes, all octaves of a point at once
        xb, yb = (np.ascontiguousarray(np.broadcast_to(v, shape)).ravel() for v in (xa, ya))
        flat, flat_bad = np.empty(xb.size, dtype=np.float64), np.zeros(xb.size, dtype=bool)
        if base in (0, 1):
            # One gradient read per corner instead of three chained permutation reads; the few
            # points whose repeat wrap is not the identity take the general kernel below.
            k.pnoise2_lattice(xb, yb, octaves, per, lac, rx, ry, _gradient_pairs(PERM.tobytes(), int(base)),
                              flat, flat_bad)
            wrapped = np.flatnonzero(flat_bad)
        else:
            wrapped = None
        if wrapped is None or wrapped.size:
            xw, yw = (xb, yb) if wrapped is None else (xb[wrapped], yb[wrapped])
            part, part_bad = np.empty(xw.size, dtype=np.float64), np.empty(xw.size, dtype=bool)
            k.pnoise2(xw, yw, octaves, per, lac, rx, ry, int(base), PERM, GRAD3, part, part_bad)
            if wrapped is None:
                flat, flat_bad = part, part_bad
            else:
                flat[wrapped], flat_bad[wrapped] = part, part_bad
        out, bad = flat.reshape(shape), flat_bad.reshape(shape)
        if bad.any():
            out = _fallback_pnoise2(out, bad, xa, ya, octaves, persistence, lacunarity, repeatx, repeaty, base)
        return out
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


def _is_outer(xa: np.ndarray, ya: np.ndarray) -> bool:
    """``x`` varies only along the last axis (shape (1, W)) and ``y`` only along the first ((H, 1))."""
    return xa.ndim == 2 and ya.ndim == 2 and xa.shape[0] == 1 and ya.shape[1] == 1


def _fallback_pnoise2(
    out: np.ndarray, bad: np.ndarray, xa: np.ndarray, ya: np.ndarray, octaves: int,
    persistence: float, lacunarity: float, repeatx: float, repeaty: float, base: int,
) -> np.ndarray:
    # The C code reads past its table for these (base, coordinate) pairs; whatever it returns
    # there is what `noise` means, so ask it, point by point (rare: only unusual `base` values).
    noise = _noise_package(f"pnoise2 with base={base}")

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

    >>> round(float(pnoise3(0.5, 0.3, 0.7)), 6)
    -0.259646
    """
    octaves = _check_octaves(octaves)
    if base not in (0, 1):
        noise = _noise_package(f"pnoise3 with base={base}")
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
    """``noise.pnoise2`` on the grid ``xs`` (columns) × ``ys`` (rows): ``(len(ys), len(xs))`` float32.

    float32 is the precision the C code computes in, and half the memory traffic of float64.
    The fast path (a sparse product per fBm); equal to :func:`pnoise2` on the broadcast grid
    within 1e-5. ``base`` outside 0..1 falls back to the point-by-point path (and ``noise``).

    >>> pnoise2_grid([0.5, 1.5], [0.25]).dtype
    dtype('float32')
    """
    octaves = _check_octaves(octaves)
    xs = np.asarray(xs, dtype=np.float32).ravel()
    ys = np.asarray(ys, dtype=np.float32).ravel()
    if base not in (0, 1) or xs.size == 0 or ys.size == 0:
        out = pnoise2(xs[None, :], ys[:, None], octaves, persistence, lacunarity, repeatx, repeaty, base)
        return out.astype(np.float32)
    octs = _octaves(xs, ys, octaves, persistence, lacunarity, (repeatx, repeaty), base, np.float32, None)
    total_amp = _F32(0)
    for o in octs:
        total_amp = total_amp + _F32(o.amp)
    return _combine(octs, [o.amp / float(total_amp) for o in octs], PERM, base, ys.size)
