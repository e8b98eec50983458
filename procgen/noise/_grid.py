"""Gradient noise over whole grids as one sparse product per fBm (both noise families use it).

Why grids are fast: on a grid ``x`` depends only on the column and ``y`` only on the row, so a
Perlin octave is ``Wy @ (G @ Ux) + Vy @ (G' @ Wx)`` with sparse interpolation matrices and a
small gradient table ``G`` indexed by lattice hash. Every octave of an fBm is stacked into one
sparse matrix, and one sparse-times-dense product writes the whole image in a single pass.
With numba the table and the product run a block of columns at a time (the block's table
stays in cache), the blocks shared among threads on large grids; the same bytes either way.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from procgen.noise._jit import kernels_for
from procgen.noise._lattice import GRAD3, _fade, _hash_axis

#: Gradient tables kept per (permutation, base): each is 512 KiB, and every seeded noise name
#: has its own permutation, so an unbounded cache grew by megabytes per seed in a long batch.
#: Sixteen covers every noise one terrain map or chunk uses.
TABLES_KEPT = 16


@lru_cache(maxsize=TABLES_KEPT)
def _gradient_table(perm_bytes: bytes, base: int) -> tuple[np.ndarray, np.ndarray]:
    """``(gx, gy)[jh, ih]``: the gradient at lattice hash ``(ih + base, jh + base)``, 256×256."""
    perm = np.frombuffer(perm_bytes, dtype=np.int64)
    h = np.arange(256) + base
    cell = perm[perm[perm[h][None, :] + h[:, None]]] & 15  # PERM[PERM[PERM[i] + j]]
    return GRAD3[cell, 0].copy(), GRAD3[cell, 1].copy()


@lru_cache(maxsize=TABLES_KEPT)
def _gradient_pairs(perm_bytes: bytes, base: int) -> np.ndarray:
    """The gradient tables interleaved, ``(gx, gy)`` at ``[jh, ih]``, viewed as one int64 per
    corner: a point kernel reads both components of a corner in one load."""
    # From an uncached table: a seed's float64 tables (1 MiB a noise name) are kept only where
    # the numpy paths use them, not beside every pair table (peak memory of small maps, #18).
    gx, gy = _gradient_table.__wrapped__(perm_bytes, base)
    pairs = np.ascontiguousarray(np.stack([gx, gy], axis=2)).reshape(-1).view(np.int64)
    pairs.flags.writeable = False
    return pairs


@lru_cache(maxsize=TABLES_KEPT)
def _gradient_table_t(perm_bytes: bytes, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The gradient tables transposed: ``[ih, jh]``."""
    gx, gy = _gradient_table(perm_bytes, base)
    return np.ascontiguousarray(gx.T), np.ascontiguousarray(gy.T)


class _Octave(NamedTuple):
    """One octave on a grid: lattice rows it touches, and per column / per row factors.

    A named tuple: a World chunk builds ~40 of them, and a frozen dataclass's constructor cost
    several percent of the chunk."""

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
    # The (octaves, W) arrays i, ii, ux0, ux1, wx0, wx1 are rows of, with this octave's row:
    # the kernel takes them whole when combining all the octaves of one call (no copies).
    parent: tuple[np.ndarray, ...] | None = None
    row: int = 0


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
    """Per-octave grid factors, with the C code's float behaviour when ``dtype`` is float32.

    All octaves at once as ``(octaves, W)`` and ``(octaves, H)`` arrays: the same element-wise
    operations as one octave at a time (so the same bytes), in a few calls instead of a few
    dozen per octave, which is most of a small grid's cost (a World chunk evaluates ~50).
    """
    lac, per = dtype(lacunarity), dtype(persistence)
    freq, amp = dtype(1), dtype(1)
    freqs, amps = [], []
    for _ in range(octaves):  # the running products, in dtype, as the C code forms them
        freqs.append(freq)
        amps.append(amp)
        freq, amp = freq * lac, amp * per
    k = kernels_for(np.size(xs) * np.size(ys))
    if k is not None:
        return _octaves_jit(k, xs, ys, octaves, freqs, amps, repeat, dtype, offsets)
    f: np.ndarray = np.array(freqs, dtype=dtype)[:, None]
    one = dtype(1)
    x = np.asarray(xs, dtype=dtype)[None, :] * f
    y = np.asarray(ys, dtype=dtype)[None, :] * f
    if offsets is not None:
        x = x + offsets[:octaves, 0:1].astype(dtype)
        y = y + offsets[:octaves, 1:2].astype(dtype)
    periodic = repeat is not None
    rx = dtype(repeat[0]) * f if repeat is not None else dtype(0)
    ry = dtype(repeat[1]) * f if repeat is not None else dtype(0)
    i, ii, xf, fx = _axis(x, rx, base, periodic)  # (octaves, W)
    j, jj, yf, fy = _axis(y, ry, base, periodic)  # (octaves, H)
    f32 = np.float32
    ux0, ux1 = ((one - fx) * xf).astype(f32), (fx * (xf - one)).astype(f32)
    wx0, wx1 = (one - fx).astype(f32), fx.astype(f32)
    wy = np.empty((*fy.shape, 4), dtype=np.float64)  # the four y weights, as float64
    gy0 = one - fy
    wy[..., 0] = gy0
    wy[..., 1] = fy
    wy[..., 2] = gy0 * yf
    wy[..., 3] = fy * (yf - one)
    # Only the lattice rows each octave touches (few for low octaves), as np.unique would list
    # them (hashes are 0..255, so a 256-entry mask is cheaper than sorting).
    touched = np.zeros((octaves, 256), dtype=bool)
    which = np.arange(octaves)[:, None]
    touched[which, j] = True
    touched[which, jj] = True
    rank = np.cumsum(touched, axis=1)
    n = rank[:, -1:].copy()  # rows touched per octave
    rank -= 1
    idx = np.empty((*j.shape, 4), dtype=rank.dtype)  # (octaves, H, 4)
    idx[..., 0] = rank[which, j]
    idx[..., 1] = rank[which, jj]
    np.add(idx[..., 0], n, out=idx[..., 2])
    np.add(idx[..., 1], n, out=idx[..., 3])
    return [
        _Octave(float(amps[o]), np.flatnonzero(touched[o]), i[o], ii[o], ux0[o], ux1[o], wx0[o], wx1[o],
                idx[o], wy[o])
        for o in range(octaves)
    ]


def _octaves_jit(
    k: Any, xs: np.ndarray, ys: np.ndarray, octaves: int, freqs: list[Any], amps: list[Any],
    repeat: tuple[float, float] | None, dtype: type, offsets: np.ndarray | None,
) -> list[_Octave]:
    """:func:`_octaves` by one numba kernel (``grid_octaves``): the same values, one call."""
    xv: np.ndarray = np.asarray(xs, dtype=dtype).ravel()
    yv: np.ndarray = np.asarray(ys, dtype=dtype).ravel()
    width, height = xv.size, yv.size
    i, ii = np.empty((octaves, width), np.int64), np.empty((octaves, width), np.int64)
    ux0, ux1, wx0, wx1 = (np.empty((octaves, width), np.float32) for _ in range(4))
    wy = np.empty((octaves, height, 4), np.float64)
    touched = np.empty((octaves, 256), bool)
    idx = np.empty((octaves, height, 4), np.int64)
    offs: np.ndarray = (np.zeros((octaves, 2), dtype) if offsets is None
            else np.ascontiguousarray(offsets[:octaves, :2].astype(dtype)))
    rx, ry = (dtype(0), dtype(0)) if repeat is None else (dtype(repeat[0]), dtype(repeat[1]))
    k.grid_octaves(xv, yv, np.array(freqs, dtype=dtype), offs, offsets is not None, rx, ry, repeat is not None,
                   np.array([1, 6, 15, 10], dtype=dtype), i, ii, ux0, ux1, wx0, wx1, wy, touched, idx)
    parent = (i.astype(np.int32), ii.astype(np.int32), ux0, ux1, wx0, wx1)
    return [
        _Octave(float(amps[o]), np.flatnonzero(touched[o]), i[o], ii[o], ux0[o], ux1[o], wx0[o], wx1[o],
                idx[o], wy[o], parent, o)
        for o in range(octaves)
    ]


def _combine(octs: list[_Octave], scale: list[float], perm: np.ndarray, base: int, height: int) -> np.ndarray:
    """``sum_o scale[o] * octave_o`` as one CSR × dense product: one pass over the output.

    Each octave contributes a table block ``[E1; E2]`` (2 × lattice rows, W): E1 sums the x
    corners' ``wx * dx * gx``, E2 their ``wx * gy``; the sparse rows add ``wy`` and ``wy * dy``.
    """
    width = octs[0].i.size
    k = kernels_for(width * height)
    if k is not None:
        return _combine_jit(k, octs, scale, perm, base, height)
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


#: Columns of the table a kernel builds and combines at a time: every octave's rows for a
#: block this wide stay in the core's cache (1.5 MiB for a 6-octave fBm on a 1024² grid).
BLOCK_COLUMNS = 256


def _combine_jit(k: Any, octs: list[_Octave], scale: list[float], perm: np.ndarray, base: int, height: int) -> np.ndarray:
    """:func:`_combine` by the numba kernel ``grid_blocked``: the same table entries and sums in
    the same order, so the same bytes, without scipy's per-product overhead, with both loops
    vectorized, and a block of columns at a time so the table never leaves the cache (#18).

    A large grid's column blocks are shared among :data:`THREADS` threads (the kernel releases
    the GIL); each block is computed by itself, so any split gives the same bytes.
    """
    pairs = _gradient_pairs(perm.tobytes(), base).reshape(256, 256)
    width = octs[0].i.size
    starts = np.cumsum([0, *(o.rows.size for o in octs)]).astype(np.int64)
    parent = octs[0].parent
    rows = np.concatenate([o.rows for o in octs]).astype(np.int64)
    if parent is not None and all(o.parent is parent for o in octs):
        # Octaves of one _octaves call (all of them, or one at a time as a seeded fBm combines
        # them): rows of the arrays as made, as views where they are consecutive.
        first, count = octs[0].row, len(octs)
        if all(o.row == first + k for k, o in enumerate(octs)):
            i, ii, ux0, ux1, wx0, wx1 = (a[first : first + count] for a in parent)
        else:
            i, ii, ux0, ux1, wx0, wx1 = (a[[o.row for o in octs]] for a in parent)
    else:
        i = np.stack([o.i for o in octs]).astype(np.int32)
        ii = np.stack([o.ii for o in octs]).astype(np.int32)
        ux0, ux1 = np.stack([o.ux0 for o in octs]), np.stack([o.ux1 for o in octs])
        wx0, wx1 = np.stack([o.wx0 for o in octs]), np.stack([o.wx1 for o in octs])
    # Octave j's table rows: its gx block from 2 * starts[j], then its gy block.
    indices = np.concatenate([o.idx + 2 * starts[j] for j, o in enumerate(octs)], axis=1).astype(np.int32)
    weights = np.concatenate([o.wy * scale[j] for j, o in enumerate(octs)], axis=1).astype(np.float32)
    out = np.empty((height, width), dtype=np.float32)
    blocks = -(-width // BLOCK_COLUMNS)
    spans = _spans(blocks, _parts(width * height))
    _run([(k.grid_blocked, a * BLOCK_COLUMNS, min(width, b * BLOCK_COLUMNS), BLOCK_COLUMNS, i, ii, ux0, ux1, wx0, wx1,
           pairs, rows, starts, indices, weights, out) for a, b in spans])
    return out


def _env_threads() -> int | None:
    """``PROCGEN_NOISE_THREADS`` when it is a positive integer, else None (automatic)."""
    env = os.environ.get("PROCGEN_NOISE_THREADS", "")
    return int(env) if env.isdigit() and int(env) > 0 else None


#: Threads a large grid's kernels share: None (the default, or ``PROCGEN_NOISE_THREADS`` unset)
#: picks them per call (:func:`_threads`). Grids under :data:`THREADED_CELLS` points run on the
#: caller's thread alone (a World chunk, a terrain band): handing work over costs more there.
THREADS: int | None = _env_threads()


def _threads() -> int:
    """:data:`THREADS`, or automatically the cores this process may use (at most 4) while the
    machine has a core to spare, else 1: on a busy machine a helper thread waits for a core,
    and its caller for it (measured: 2.4x slower at load 7 on 2 cores)."""
    if THREADS is not None:
        return THREADS
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    cores = max(1, min(4, cores))
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return cores
    return cores if load <= cores - 0.5 else 1


THREADED_CELLS = 1 << 18
#: Pieces per thread: on a busy machine one thread may wait for a core, and the others then
#: take its share of the pieces instead of waiting for it.
PIECES_PER_THREAD = 2
_pool_lock = threading.Lock()
#: Per process and thread count: a forked child must not reuse its parent's (threadless) pool.
_pools: dict[tuple[int, int], ThreadPoolExecutor] = {}


def _parts(cells: int) -> int:
    """How many pieces to cut a grid of ``cells`` points into (1: no threads)."""
    threads = _threads() if cells >= THREADED_CELLS else 1
    return 1 if threads <= 1 else threads * PIECES_PER_THREAD


def _spans(n: int, parts: int) -> list[tuple[int, int]]:
    """``[a, b)`` row ranges cutting ``n`` rows into at most ``parts`` non-empty pieces."""
    parts = max(1, min(parts, n))
    return [(n * p // parts, n * (p + 1) // parts) for p in range(parts) if n * (p + 1) // parts > n * p // parts]


def _run(tasks: list[tuple[Any, ...]]) -> None:
    """Call every ``(kernel, *args)``: in order on this thread, or shared with ``threads - 1``
    helpers that take the next task as they come free. This thread works too and returns when
    every task is done: a helper that never got a core costs nothing (one that did, and lost it
    in the middle of a task, is waited for)."""
    threads = min(_threads(), len(tasks))
    if threads <= 1:
        for fn, *args in tasks:
            fn(*args)
        return
    key = (os.getpid(), threads)
    with _pool_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = ThreadPoolExecutor(threads - 1, thread_name_prefix="procgen-noise")
    lock = threading.Lock()
    finished = threading.Event()
    state = {"next": 0, "left": len(tasks)}
    errors: list[BaseException] = []

    def work() -> None:
        while True:
            with lock:
                i = state["next"]
                state["next"] = i + 1
            if i >= len(tasks):
                return
            fn, *args = tasks[i]
            try:
                fn(*args)
            except BaseException as e:  # handed to the caller below
                errors.append(e)
            with lock:
                state["left"] -= 1
                if state["left"] == 0:
                    finished.set()

    for _ in range(threads - 1):
        pool.submit(work)
    work()
    finished.wait()
    if errors:
        raise errors[0]


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
