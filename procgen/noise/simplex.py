"""Seeded simplex noise: :func:`simplex2`, :func:`simplex_fbm`, :func:`simplex3` (Gustavson's formulation)."""

from __future__ import annotations

import math

import numpy as np

from procgen.noise._jit import kernels_for
from procgen.noise._lattice import GRAD3, _check_octaves
from procgen.noise.seeded import Perlin

__all__ = ["simplex2", "simplex3", "simplex_fbm"]

_F2, _G2 = 0.5 * (np.sqrt(3.0) - 1.0), (3.0 - np.sqrt(3.0)) / 6.0


def simplex2(x: np.ndarray, y: np.ndarray, seed: int = 0, name: str = "simplex") -> np.ndarray:
    """Seeded 2-D simplex noise at broadcast points, ≈ -1..1 (Gustavson's formulation)."""
    perm = Perlin(seed, name).perm
    x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
    fast = _simplex_jit(x, y, perm[None, :], 0.5, 2.0)
    if fast is not None:  # the same bytes: one octave of the fBm is 0 + 1 * v, divided by 1
        return fast
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
        t2 = tt * tt  # tt**4 as two squares: what the numba kernel computes, bit for bit
        total += t2 * t2 * (g[..., 0] * xc + g[..., 1] * yc)
    return 70.0 * total


def simplex_fbm(x: np.ndarray, y: np.ndarray, *, seed: int = 0, name: str = "simplex", octaves: int = 6,
                persistence: float = 0.5, lacunarity: float = 2.0) -> np.ndarray:
    """fBm of :func:`simplex2` at broadcast points (per-octave seeds, amplitude-normalized)."""
    octaves = _check_octaves(octaves)
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    perms = np.stack([Perlin(seed, f"{name}/{o}").perm for o in range(octaves)])
    fast = _simplex_jit(x, y, perms, persistence, lacunarity)
    if fast is not None:
        return fast
    total = np.zeros(np.broadcast(x, y).shape)
    amp, amps, freq = 1.0, 0.0, 1.0
    for o in range(octaves):
        total = total + amp * simplex2(x * freq, y * freq, seed, f"{name}/{o}")
        amps += amp
        amp *= persistence
        freq *= lacunarity
    return total / amps


def _simplex_jit(x: np.ndarray, y: np.ndarray, perms: np.ndarray, persistence: float, lacunarity: float) -> np.ndarray | None:
    """The fBm by the numba kernel (one permutation per octave), or None to take the numpy path."""
    shape = np.broadcast_shapes(x.shape, y.shape)
    k = kernels_for(math.prod(shape))
    if k is None:
        return None
    xb, yb = (np.ascontiguousarray(np.broadcast_to(v, shape)).ravel() for v in (x, y))
    out = np.empty(xb.size, dtype=np.float64)
    k.simplex_fbm(xb, yb, perms, float(persistence), float(lacunarity), GRAD3, float(_F2), float(_G2), out)
    return out.reshape(shape)


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
