"""numba kernels for point noise; imported only through :func:`procgen.noise._jit.kernels`.

Each kernel repeats its numpy twin's arithmetic operation for operation (same dtypes, same
order, no fast-math), so the two paths give the same bytes. The twins: ``pnoise2`` ↔
``compat._noise2_points`` summed as in ``compat.pnoise2``; ``perlin_points`` ↔
``seeded.Perlin.points``; ``simplex_fbm`` ↔ ``simplex.simplex_fbm``.

Single-threaded on purpose: on the shared 2-core machines this project runs on, numba's
parallel loops measured 2-20x *slower* than serial whenever other jobs held the cores (each
parallel region waits for its slowest thread). ``nogil`` lets callers run them in threads.
"""

from __future__ import annotations

import numba
import numpy as np

_F32 = np.float32
_ONE = np.float32(1)


@numba.njit(cache=True, inline="always")
def _fade32(t):  # _fade on float32: t*t*t*(t*(t*6-15)+10), every step float32
    return t * t * t * (t * (t * _F32(6) - _F32(15)) + _F32(10))


@numba.njit(cache=True, inline="always")
def _fade64(t):
    return t * t * t * (t * (t * 6.0 - 15.0) + 10.0)


@numba.njit(cache=True, inline="always")
def _fmod32(v, rep):
    # fmod is exact, so evaluating it in float64 and narrowing gives the float32 result bit for
    # bit; and |v| < |rep| means fmod(v, rep) == v, which skips the slow libm call for the
    # usual case of points inside the repeat period.
    if abs(v) < abs(rep):
        return v
    return _F32(np.fmod(np.float64(v), np.float64(rep)))


@numba.njit(cache=True, inline="always")
def _hash_axis(v, rep, base):
    # _hash_axis: floor(fmod(v, rep)), then fmod(float32(i + 1), rep) truncated toward zero.
    i = np.int64(np.floor(_fmod32(v, rep)))
    ii = np.int64(_fmod32(_F32(i + 1), rep))
    return (i & 255) + base, (ii & 255) + base


@numba.njit(cache=True, inline="always")
def _grad32(grad, h, gx, gy):
    return gx * grad[h & 15, 0] + gy * grad[h & 15, 1]


@numba.njit(cache=True, nogil=True)
def pnoise2(x, y, octaves, persistence, lacunarity, repeatx, repeaty, base, perm, grad, out, bad):
    """``compat.pnoise2`` on float32 points ``x``, ``y`` (n,) into ``out`` (float64) and ``bad``."""
    for p in range(x.shape[0]):
        freq, amp, total_amp, total = _F32(1), _F32(1), _F32(0), _F32(0)
        reach = np.int64(0)
        for _ in range(octaves):
            xo, yo = x[p] * freq, y[p] * freq
            i, ii = _hash_axis(xo, repeatx * freq, base)
            j, jj = _hash_axis(yo, repeaty * freq, base)
            xf = xo - _F32(np.floor(xo))
            yf = yo - _F32(np.floor(yo))
            fx, fy = _fade32(xf), _fade32(yf)
            # Reads outside the 512-entry table happen only for unusual `base` values, and the
            # caller replaces those points by the `noise` package's own values. OR-ing every
            # index finds them without a branch per read (512 is a power of two); the masked
            # reads keep the kernel inside the table meanwhile.
            a, b = perm[i & 511], perm[ii & 511]
            aa, ab, ba, bb = perm[(a + j) & 511], perm[(a + jj) & 511], perm[(b + j) & 511], perm[(b + jj) & 511]
            reach = reach | i | ii | (a + j) | (a + jj) | (b + j) | (b + jj)
            haa, hba, hab, hbb = perm[aa], perm[ba], perm[ab], perm[bb]
            lo = _grad32(grad, haa, xf, yf)
            lo = lo + fx * (_grad32(grad, hba, xf - _ONE, yf) - lo)
            hi = _grad32(grad, hab, xf, yf - _ONE)
            hi = hi + fx * (_grad32(grad, hbb, xf - _ONE, yf - _ONE) - hi)
            total = total + (lo + fy * (hi - lo)) * amp
            total_amp = total_amp + amp
            freq, amp = freq * lacunarity, amp * persistence
        out[p] = np.float64(total / total_amp)
        bad[p] = reach < 0 or reach > 511


#: Points per block of :func:`pnoise2_lattice`: its work arrays (about 60 bytes a point) stay in L1/L2.
_BLOCK = 512
#: Below this magnitude a float32 lattice coordinate's floor fits int32 and ``floor + 1`` is exact.
_EXACT = _F32(1 << 24)


@numba.njit(cache=True, nogil=True, error_model="numpy")
def pnoise2_lattice(x, y, octaves, persistence, lacunarity, repeatx, repeaty, corners, out, slow):
    """:func:`pnoise2` for ``base`` 0 or 1, with its three chained permutation reads folded into
    one read of ``corners`` (int64 view of the (256, 256, 2) float32 gradients ``(gx, gy)`` at
    lattice hash ``(j, i)``, as ``_grid._gradient_table`` builds them), in blocks of points.

    Each block runs every octave as three loops: hashes and offsets (vectorized), the corner
    gradient reads (scalar), the interpolation (vectorized; a read by data-dependent index in
    the same loop keeps LLVM from vectorizing any of it). The arithmetic is the point
    kernel's, operation for operation. Points where the ``repeat`` wrap is not the identity
    (``|v| >= repeat * freq``, huge or non-finite coordinates) are flagged in ``slow`` for
    the caller to recompute with :func:`pnoise2`; their ``out`` is meaningless.
    """
    n = x.shape[0]
    total = np.empty(_BLOCK, np.float32)
    xf, yf = np.empty(_BLOCK, np.float32), np.empty(_BLOCK, np.float32)
    at = np.empty(4 * _BLOCK, np.int32)
    pairs = np.empty(4 * _BLOCK, np.int64)
    g = pairs.view(np.float32)  # (gx, gy) of corners 00, 10, 01, 11 for each point
    wrapped = np.empty(_BLOCK, np.bool_)
    for s in range(0, n, _BLOCK):
        m = min(_BLOCK, n - s)
        xb, yb = x[s : s + m], y[s : s + m]
        for q in range(m):
            total[q] = _F32(0)
            wrapped[q] = False
        freq, amp, total_amp = _F32(1), _F32(1), _F32(0)
        for _ in range(octaves):
            rx = min(abs(repeatx * freq), _EXACT)
            ry = min(abs(repeaty * freq), _EXACT)
            for q in range(m):
                xo, yo = xb[q] * freq, yb[q] * freq
                flx, fly = _F32(np.floor(xo)), _F32(np.floor(yo))
                fx1, fy1 = flx + _ONE, fly + _ONE
                # fmod(v, rep) == v and fmod(floor + 1, rep) == floor + 1: the wrap is the identity.
                inside = (abs(xo) < rx) & (abs(fx1) < rx) & (abs(yo) < ry) & (abs(fy1) < ry)
                wrapped[q] |= not inside
                i, ii = np.int32(flx) & 255, np.int32(fx1) & 255
                j, jj = (np.int32(fly) & 255) << 8, (np.int32(fy1) & 255) << 8
                at[4 * q], at[4 * q + 1], at[4 * q + 2], at[4 * q + 3] = j + i, j + ii, jj + i, jj + ii
                xf[q], yf[q] = xo - flx, yo - fly
            for c in range(4 * m):
                pairs[c] = corners[at[c]]
            for q in range(m):
                x0, y0 = xf[q], yf[q]
                fx, fy = _fade32(x0), _fade32(y0)
                x1, y1 = x0 - _ONE, y0 - _ONE
                k = 8 * q
                lo = x0 * g[k] + y0 * g[k + 1]
                lo = lo + fx * ((x1 * g[k + 2] + y0 * g[k + 3]) - lo)
                hi = x0 * g[k + 4] + y1 * g[k + 5]
                hi = hi + fx * ((x1 * g[k + 6] + y1 * g[k + 7]) - hi)
                total[q] = total[q] + (lo + fy * (hi - lo)) * amp
            total_amp = total_amp + amp
            freq, amp = freq * lacunarity, amp * persistence
        for q in range(m):
            out[s + q] = np.float64(total[q] / total_amp)
            slow[s + q] = wrapped[q]


@numba.njit(cache=True, nogil=True)
def perlin_points(x, y, octaves, persistence, lacunarity, offsets, gx_tab, gy_tab, out):
    """``seeded.Perlin.points`` on float64 points ``x``, ``y`` (n,) into ``out`` (float64)."""
    for p in range(x.shape[0]):
        total = 0.0
        freq, amp, amps = 1.0, 1.0, 0.0
        for o in range(octaves):
            xo = x[p] * freq + offsets[o, 0]
            yo = y[p] * freq + offsets[o, 1]
            flx, fly = np.floor(xo), np.floor(yo)
            i, j = np.int64(flx) & 255, np.int64(fly) & 255
            ii, jj = (i + 1) & 255, (j + 1) & 255
            xf, yf = xo - flx, yo - fly
            fx, fy = _fade64(xf), _fade64(yf)
            g00 = np.float64(gx_tab[j, i]) * xf + np.float64(gy_tab[j, i]) * yf
            g01 = np.float64(gx_tab[j, ii]) * (xf - 1) + np.float64(gy_tab[j, ii]) * yf
            g10 = np.float64(gx_tab[jj, i]) * xf + np.float64(gy_tab[jj, i]) * (yf - 1)
            g11 = np.float64(gx_tab[jj, ii]) * (xf - 1) + np.float64(gy_tab[jj, ii]) * (yf - 1)
            lo = g00 * (1 - fx) + g01 * fx
            hi = g10 * (1 - fx) + g11 * fx
            total += (lo * (1 - fy) + hi * fy) * amp
            amps += amp
            freq, amp = freq * lacunarity, amp * persistence
        out[p] = total / amps


@numba.njit(cache=True, inline="always")
def _simplex_corner(xc, yc, gx, gy):
    # One corner's contribution: max(0.5 - r², 0)⁴ (g · d), as two squares.
    tt = 0.5 - xc * xc - yc * yc
    if tt < 0.0:  # np.maximum(tt, 0): the sign of a zero cannot reach the +0.0-started sum
        tt = 0.0
    t2 = tt * tt
    return t2 * t2 * (gx * xc + gy * yc)


@numba.njit(cache=True, inline="always")
def _simplex_at(x, y, perm, gxp, gyp, f2, g2):
    # simplex.simplex2 at one point, before its final 70 * total; gxp[k], gyp[k] are the
    # gradient GRAD3[perm[k] % 12] (float64), one read per corner.
    s = (x + y) * f2
    i, j = np.floor(x + s), np.floor(y + s)
    t = (i + j) * g2
    x0, y0 = x - (i - t), y - (j - t)
    i1 = 1 if x0 > y0 else 0
    j1 = 1 - i1
    ii, jj = np.int64(i) & 255, np.int64(j) & 255
    k0, k1, k2 = ii + perm[jj], ii + i1 + perm[jj + j1], ii + 1 + perm[jj + 1]
    total = 0.0
    total += _simplex_corner(x0 - 0 + 0.0, y0 - 0 + 0.0, gxp[k0], gyp[k0])
    total += _simplex_corner(x0 - i1 + g2, y0 - j1 + g2, gxp[k1], gyp[k1])
    total += _simplex_corner(x0 - 1 + 2 * g2, y0 - 1 + 2 * g2, gxp[k2], gyp[k2])
    return total


@numba.njit(cache=True, nogil=True)
def simplex_fbm(x, y, perms, persistence, lacunarity, grad, f2, g2, out):
    """``simplex.simplex_fbm`` (one permutation per octave in ``perms``) at points into ``out``.

    Octave by octave over all points, each point's sum in the numpy path's order (``out``
    holds the running totals until the final division).
    """
    octaves, n = perms.shape[0], x.shape[0]
    gxp = np.empty(perms.shape, np.float64)
    gyp = np.empty(perms.shape, np.float64)
    for o in range(octaves):
        for k in range(perms.shape[1]):
            h = perms[o, k] % 12
            gxp[o, k], gyp[o, k] = grad[h, 0], grad[h, 1]
    for p in range(n):
        out[p] = 0.0
    amp, amps, freq = 1.0, 0.0, 1.0
    for o in range(octaves):
        perm, gx, gy = perms[o], gxp[o], gyp[o]
        for p in range(n):
            out[p] = out[p] + amp * (70.0 * _simplex_at(x[p] * freq, y[p] * freq, perm, gx, gy, f2, g2))
        amps += amp
        amp *= persistence
        freq *= lacunarity
    for p in range(n):
        out[p] = out[p] / amps


@numba.njit(cache=True, nogil=True)
def pnoise2_outer(xs, ys, octaves, persistence, lacunarity, repeatx, repeaty, base, perm, grad, out):
    """:func:`pnoise2` on the grid ``ys[:, None] × xs[None, :]`` (float32 axes) into ``out`` (H, W) float64.

    The broadcast case of the point kernel: each octave's hashes, cell offsets and fades are
    computed once per column and once per row instead of once per point; every point then
    takes the point kernel's operations in its order, so the same bytes. Only for ``base`` 0
    or 1, where every table read is in range.
    """
    rows, cols = ys.shape[0], xs.shape[0]
    total = np.zeros((rows, cols), dtype=np.float32)
    pa, pb = np.empty(cols, np.int64), np.empty(cols, np.int64)
    xf, fx = np.empty(cols, np.float32), np.empty(cols, np.float32)
    g0x, g0y = np.empty(256, np.float32), np.empty(256, np.float32)
    g1x, g1y = np.empty(256, np.float32), np.empty(256, np.float32)
    freq, amp, total_amp = _F32(1), _F32(1), _F32(0)
    for _ in range(octaves):
        for c in range(cols):
            xo = xs[c] * freq
            i, ii = _hash_axis(xo, repeatx * freq, base)
            pa[c], pb[c] = perm[i], perm[ii]
            xf[c] = xo - _F32(np.floor(xo))
            fx[c] = _fade32(xf[c])
        for r in range(rows):
            yo = ys[r] * freq
            j, jj = _hash_axis(yo, repeaty * freq, base)
            yf = yo - _F32(np.floor(yo))
            fy = _fade32(yf)
            # This row's gradients by first hash a = perm[i]: one 256-entry table per corner
            # row instead of two dependent table reads per corner per point.
            for a in range(256):
                h0, h1 = perm[perm[a + j]] & 15, perm[perm[a + jj]] & 15
                g0x[a], g0y[a], g1x[a], g1y[a] = grad[h0, 0], grad[h0, 1], grad[h1, 0], grad[h1, 1]
            row = total[r]
            y1 = yf - _ONE
            for c in range(cols):
                a, b = pa[c], pb[c]
                x0, f = xf[c], fx[c]
                x1 = x0 - _ONE
                lo = x0 * g0x[a] + yf * g0y[a]
                lo = lo + f * ((x1 * g0x[b] + yf * g0y[b]) - lo)
                hi = x0 * g1x[a] + y1 * g1y[a]
                hi = hi + f * ((x1 * g1x[b] + y1 * g1y[b]) - hi)
                row[c] = row[c] + (lo + fy * (hi - lo)) * amp
        total_amp = total_amp + amp
        freq, amp = freq * lacunarity, amp * persistence
    for r in range(rows):
        for c in range(cols):
            out[r, c] = np.float64(total[r, c] / total_amp)



@numba.njit(cache=True, inline="always")
def _lattice_axis(v, fr, off, has_offset, rep, periodic, one, c6, c15, c10, scratch):
    """``_grid._axis`` at one coordinate of one octave: hashes, offset in the cell, fade.

    Every value is formed in the dtype of ``v`` (``scratch``, a one-entry array of it, rounds
    the integer ``i + 1`` as numpy's ``astype`` does); ``fmod`` is exact in any precision.
    """
    x = v * fr
    if has_offset:
        x = x + off
    fl = np.floor(x)
    if periodic:
        m = x if abs(x) < abs(rep) else np.fmod(x, rep)
        i = np.int64(np.floor(m))
        scratch[0] = i + 1
        nx = scratch[0]
        ii = np.int64(nx if abs(nx) < abs(rep) else np.fmod(nx, rep))  # truncates, as astype
    else:
        i = np.int64(fl)
        ii = i + 1
    scratch[0] = x - fl
    t = scratch[0]
    return i & 255, ii & 255, t, t * t * t * (t * (t * c6 - c15) + c10)


@numba.njit(cache=True, nogil=True)
def grid_octaves(xv, yv, freqs, offsets, has_offsets, rx, ry, periodic, k,
                 i, ii, ux0, ux1, wx0, wx1, wy, touched, idx):
    """``_grid._octaves``'s arrays for every octave at once, with its arithmetic in the dtype of
    ``xv`` / ``yv`` / ``freqs`` / ``k`` (float32 for the ``noise``-compatible family, float64
    for the seeded one): the same values as the numpy expressions, in one call instead of ~40.

    ``k`` holds 1, 6, 15, 10 in that dtype; ``offsets`` (octaves, 2) in it too (ignored unless
    ``has_offsets``). Outputs: ``i, ii, ux0, ux1, wx0, wx1`` (octaves, W); ``wy`` (octaves, H, 4)
    float64; ``touched`` (octaves, 256) bool, zeroed here; ``idx`` (octaves, H, 4) int64.
    """
    one, c6, c15, c10 = k[0], k[1], k[2], k[3]
    scratch = np.empty(1, xv.dtype)
    jrow = np.empty(yv.shape[0], np.int64)
    jjrow = np.empty(yv.shape[0], np.int64)
    rank = np.empty(256, np.int64)
    for o in range(freqs.shape[0]):
        fr = freqs[o]
        rpx, rpy = rx * fr, ry * fr
        for c in range(xv.shape[0]):
            a, b, xf, fx = _lattice_axis(xv[c], fr, offsets[o, 0], has_offsets, rpx, periodic,
                                         one, c6, c15, c10, scratch)
            i[o, c], ii[o, c] = a, b
            g0 = one - fx
            ux0[o, c] = g0 * xf
            ux1[o, c] = fx * (xf - one)
            wx0[o, c] = g0
            wx1[o, c] = fx
        for r in range(256):
            touched[o, r] = False
        for h in range(yv.shape[0]):
            a, b, yf, fy = _lattice_axis(yv[h], fr, offsets[o, 1], has_offsets, rpy, periodic,
                                         one, c6, c15, c10, scratch)
            jrow[h], jjrow[h] = a, b
            touched[o, a] = True
            touched[o, b] = True
            g0 = one - fy
            wy[o, h, 0] = g0
            wy[o, h, 1] = fy
            wy[o, h, 2] = g0 * yf
            wy[o, h, 3] = fy * (yf - one)
        count = 0
        for r in range(256):
            count += touched[o, r]
            rank[r] = count - 1
        for h in range(yv.shape[0]):
            idx[o, h, 0] = rank[jrow[h]]
            idx[o, h, 1] = rank[jjrow[h]]
            idx[o, h, 2] = rank[jrow[h]] + count
            idx[o, h, 3] = rank[jjrow[h]] + count


@numba.njit(cache=True, nogil=True, error_model="numpy")
def grid_blocked(c0, c1, block, i, ii, ux0, ux1, wx0, wx1, pairs, rows, starts, indices, weights, out):
    """``_grid._combine``'s table and sparse product for the columns ``c0:c1`` of ``out``,
    ``block`` columns at a time: each block's table (every octave's rows, ``block`` wide) is
    built and read at once while it sits in cache, instead of the whole table being written out
    to memory and read back.

    Table: ``gx[r, c] = ux0[c] gx(rows[r], i[c]) + ux1[c] gx(rows[r], ii[c])`` and likewise
    ``gy`` with ``wx0``, ``wx1``; ``pairs`` is ``_grid._gradient_pairs`` reshaped (256, 256),
    so one int64 load reads a corner's ``(gx, gy)``; the gradient reads are a scalar loop of
    their own, so the arithmetic loop vectorizes. Product: ``out[h] = sum_q weights[h, q] *
    table[indices[h, q]]``, four terms per pass over the row. Every sum starts from +0.0 and
    adds its terms in order, as scipy's CSR products do: the numpy path's bytes.

    Per octave ``o``: ``i[o], ii[o], ux0[o], ... (W,)``; its lattice rows are
    ``rows[starts[o]:starts[o + 1]]``, its table rows ``2 * starts[o] ...`` (gx block, then gy
    block), as ``indices`` (H, terms) number them.
    """
    octaves = i.shape[0]
    total = 2 * starts[octaves]
    block = max(1, min(block, c1 - c0))  # a narrow grid (a World chunk's) allocates only its width
    table = np.empty((total, block), dtype=np.float32)
    left, right = np.empty(block, np.int64), np.empty(block, np.int64)
    gl, gr = left.view(np.float32), right.view(np.float32)  # (gx, gy) interleaved
    height, terms = out.shape[0], indices.shape[1]
    for b0 in range(c0, c1, block):
        b1 = min(c1, b0 + block)
        width = b1 - b0
        for o in range(octaves):
            n = starts[o + 1] - starts[o]
            # Views of this block's columns: indices from 0 keep the loops vectorizable.
            io, iio = i[o, b0:b1], ii[o, b0:b1]
            u0, u1, w0_, w1_ = ux0[o, b0:b1], ux1[o, b0:b1], wx0[o, b0:b1], wx1[o, b0:b1]
            for r in range(n):
                row = pairs[rows[starts[o] + r]]
                for c in range(width):
                    left[c] = row[io[c]]
                    right[c] = row[iio[c]]
                ox, oy = table[2 * starts[o] + r], table[2 * starts[o] + n + r]
                for c in range(width):
                    v = _F32(0)
                    v += u0[c] * gl[2 * c]
                    v += u1[c] * gr[2 * c]
                    ox[c] = v
                    v = _F32(0)
                    v += w0_[c] * gl[2 * c + 1]
                    v += w1_[c] * gr[2 * c + 1]
                    oy[c] = v
        for h in range(height):
            dst = out[h, b0:b1]
            for c in range(width):
                dst[c] = _F32(0)
            q = 0
            while q + 4 <= terms:
                w0, w1, w2, w3 = weights[h, q], weights[h, q + 1], weights[h, q + 2], weights[h, q + 3]
                t0, t1 = table[indices[h, q]], table[indices[h, q + 1]]
                t2, t3 = table[indices[h, q + 2]], table[indices[h, q + 3]]
                for c in range(width):
                    v = dst[c]
                    v += w0 * t0[c]
                    v += w1 * t1[c]
                    v += w2 * t2[c]
                    v += w3 * t3[c]
                    dst[c] = v
                q += 4
            for rest in range(q, terms):
                w, src = weights[h, rest], table[indices[h, rest]]
                for c in range(width):
                    dst[c] += w * src[c]
