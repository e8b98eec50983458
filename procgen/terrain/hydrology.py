"""Water on a finite heightmap: flow directions, lakes in depressions, flow accumulation, rivers.

Every land cell drains to its steepest-descent neighbour (D8). A cell with no lower neighbour
is a pit; the cells draining into one pit form its basin. Basins are joined by their lowest
passes into a small graph, and a priority flood over that graph (one node per basin, not per
cell, so a 1024² map is a few thousand heap operations) gives each basin its spill level: the
lowest water level at which it overflows towards the sea. Cells below their basin's level are
flooded (a lake); the lake drains through the pass to the neighbouring basin.

So the water surface ``max(height, lake level)`` never rises along a flow path and every path
ends in the sea (or leaves the map): rivers cannot end uphill, and they cross lakes to their
outlets. Accumulation counts the rain gathered from upstream, level by level from the longest
paths down, one vectorized step per distance to the sea.

>>> z = np.zeros((5, 5)); z[1:4, 1:4] = [[.5, .5, .5], [.5, .1, .3], [.5, .5, .5]]
>>> d = drain(z, ocean=z <= 0)   # a pit at (2, 2) whose rim is lowest at (2, 3)
>>> bool(d.lake[2, 2]), float(d.surface[2, 2]), bool((d.surface >= z).all())
(True, 0.3, True)
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import numpy as np
from scipy.ndimage import binary_dilation

from procgen.extras import fast_kernels

__all__ = ["OFFSETS", "Drainage", "accumulate", "drain", "flow_directions", "index_dtype", "rivers"]

#: Cells per band of rows where :func:`drain` finds lakes (its temporaries are a band's).
BAND_CELLS = 1 << 16
#: Neighbour offsets (dy, dx): 4-neighbours first, then diagonals (D8).
OFFSETS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1))


@dataclass
class Drainage:
    """Where water goes on a heightmap; arrays are ``(H, W)`` except ``down`` (flat indices).

    Index arrays (``down``, ``basin``) are :func:`index_dtype`: int32 below 2**31 cells.
    """

    height: np.ndarray  # the heightmap drained (the caller's array, not a copy)
    level: np.ndarray  # (basins,) each basin's spill level; basin 0, the sea, is -inf
    down: np.ndarray  # (H*W,) next cell downstream, -1 where water leaves (sea, map border)
    lake: np.ndarray  # bool: flooded land deeper than the lake threshold
    accumulation: np.ndarray  # rain gathered from upstream, the cell itself included
    ocean: np.ndarray  # bool: the drains given (sea)
    flooded: np.ndarray  # bool: under a lake level, however shallow
    basin: np.ndarray  # int: the pit basin of each cell, 0 for cells that drain to the sea

    @cached_property
    def surface(self) -> np.ndarray:
        """The water surface: the height, or the basin's lake level where flooded.

        Computed on first use (the terrain pipeline never asks, and a map-sized float64 is 8
        bytes a tile of its peak, #18) from ``height`` as it is then.
        """
        return np.where(self.flooded, self.level[self.basin], self.height)


def index_dtype(n: int) -> type[np.signedinteger]:
    """The integer type for flat indices into ``n`` cells: int32 below 2**31 cells (every map
    this package makes), int64 above; half the memory of int64 for the index arrays."""
    return np.int32 if n < 2**31 else np.int64


#: Cells per band of rows in :func:`flow_directions`.
FLOW_BAND_CELLS = 1 << 16


def flow_directions(z: np.ndarray, drains: np.ndarray) -> np.ndarray:
    """Flat index of each cell's steepest-descent D8 neighbour; -1 for drains, the border and pits."""
    z = np.asarray(z, dtype=np.float64)
    h, w = z.shape
    itype = index_dtype(h * w)
    down = np.full(h * w, -1, dtype=itype)
    if h < 3 or w < 3:
        return down  # every cell is on the border
    # Only interior cells get a direction (the border drains off the map), and every interior
    # cell has all eight neighbours: no padded copy of the map. One byte per cell records the
    # winning direction instead of two int64 offsets. A band of rows at a time, so the
    # temporaries stay in cache and the cost per tile does not grow with the map (#18).
    step = np.array([oy * w + ox for oy, ox in OFFSETS], dtype=itype)
    rows = max(1, FLOW_BAND_CELLS // w)
    drop_b = np.empty((rows, w - 2))
    s_b = np.empty_like(drop_b)
    better_b = np.empty(drop_b.shape, dtype=bool)
    code_b = np.empty(drop_b.shape, dtype=np.int8)
    grid = down.reshape(h, w)
    for y0 in range(1, h - 1, rows):
        y1 = min(h - 1, y0 + rows)
        m = y1 - y0
        mid = z[y0:y1, 1:-1]
        drop, s, better, code = drop_b[:m], s_b[:m], better_b[:m], code_b[:m]
        drop.fill(-np.inf)
        code.fill(0)
        for k, (oy, ox) in enumerate(OFFSETS):
            np.subtract(mid, z[y0 + oy : y1 + oy, 1 + ox : w - 1 + ox], out=s)
            s /= np.hypot(oy, ox)
            np.greater(s, drop, out=better)  # ties keep the earlier neighbour: deterministic
            np.copyto(drop, s, where=better)
            code[better] = k
        np.greater(drop, 0, out=better)
        idx = np.arange(y0 * w, y1 * w, dtype=itype).reshape(m, w)[:, 1:-1]
        grid[y0:y1, 1:-1][better] = idx[better] + step[code[better]]
    down[np.asarray(drains, dtype=bool).ravel()] = -1
    return down


#: Maps at least this large drain by the numba kernels when numba is installed (the same bytes);
#: smaller ones by numpy, which is quick there, where importing numba would not pay.
JIT_CELLS = 1 << 18


#: Whether this process has loaded the kernels: from then on maps of any size drain by them.
_loaded = False


@cache
def _kernels() -> Any:
    """The numba kernels (``[fast]`` extra), or None without numba or with ``PROCGEN_NO_JIT`` set."""
    global _loaded
    k = fast_kernels("procgen.terrain._drainage_jit")
    _loaded = _loaded or k is not None
    return k


def _kernels_for(cells: int) -> Any:
    """:func:`_kernels` for ``cells`` tiles: from :data:`JIT_CELLS` up, or any size once loaded."""
    return _kernels() if cells >= JIT_CELLS or _loaded else None


def _roots(down: np.ndarray) -> np.ndarray:
    """The sink each cell drains to (pointer jumping: log2 of the longest path in steps)."""
    n = down.size
    k = _kernels_for(n)
    if k is not None:
        return k.roots(down)
    root = np.where(down < 0, np.arange(n, dtype=down.dtype), down)
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            return root
        root = nxt


def _passes(z: np.ndarray, label: np.ndarray) -> tuple[np.ndarray, ...]:
    """The lowest pass between each pair of touching basins: (basin a, basin b, height, cell a, cell b)."""
    h, w = z.shape
    idx = np.arange(h * w, dtype=index_dtype(h * w)).reshape(h, w)
    la_, lb_, ht_, ca_, cb_ = [], [], [], [], []
    for sa, sb in (
        ((slice(None), slice(0, -1)), (slice(None), slice(1, None))),
        ((slice(0, -1), slice(None)), (slice(1, None), slice(None))),
        ((slice(0, -1), slice(0, -1)), (slice(1, None), slice(1, None))),
        ((slice(0, -1), slice(1, None)), (slice(1, None), slice(0, -1))),
    ):
        la, lb = label[sa], label[sb]
        cut = la != lb
        la_.append(la[cut])
        lb_.append(lb[cut])
        ht_.append(np.maximum(z[sa][cut], z[sb][cut]))
        ca_.append(idx[sa][cut])
        cb_.append(idx[sb][cut])
    la, lb, ht = np.concatenate(la_), np.concatenate(lb_), np.concatenate(ht_)
    ca, cb = np.concatenate(ca_), np.concatenate(cb_)
    # Both directions, then the lowest pass per ordered pair (ties: smallest cell index).
    la, lb, ht, ca, cb = (np.concatenate([la, lb]), np.concatenate([lb, la]), np.concatenate([ht, ht]),
                          np.concatenate([ca, cb]), np.concatenate([cb, ca]))
    order = np.lexsort((cb, ca, ht, lb, la))
    la, lb, ht, ca, cb = la[order], lb[order], ht[order], ca[order], cb[order]
    first = np.ones(la.size, dtype=bool)
    first[1:] = (la[1:] != la[:-1]) | (lb[1:] != lb[:-1])
    return la[first], lb[first], ht[first], ca[first], cb[first]


def _spill_levels(n_basins: int, passes: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Priority flood over the basin graph from basin 0 (the sea): level and outlet of each basin."""
    la, lb, ht, ca, cb = passes
    itype = ca.dtype
    start = np.searchsorted(la, np.arange(n_basins + 1))
    level = np.full(n_basins, np.inf)
    out_from = np.full(n_basins, -1, dtype=itype)  # cell inside the basin water leaves by
    out_to = np.full(n_basins, -1, dtype=itype)  # the cell beyond the pass
    level[0] = -np.inf
    done = np.zeros(n_basins, dtype=bool)
    heap: list[tuple[float, int]] = [(-np.inf, 0)]
    lb_l, ht_l, ca_l, cb_l = lb.tolist(), ht.tolist(), ca.tolist(), cb.tolist()
    while heap:
        lvl, b = heapq.heappop(heap)
        if done[b]:
            continue
        done[b] = True
        for e in range(int(start[b]), int(start[b + 1])):
            nb = lb_l[e]
            if done[nb]:
                continue
            new = max(lvl, ht_l[e])
            if new < level[nb]:
                level[nb] = new
                out_from[nb], out_to[nb] = cb_l[e], ca_l[e]
                heapq.heappush(heap, (new, nb))
    return level, out_from, out_to


def accumulate(down: np.ndarray, rain: np.ndarray) -> np.ndarray:
    """Rain gathered at each cell from everything upstream (itself included), flat like ``down``."""
    return _gather(down, np.asarray(rain, dtype=np.float64).ravel().copy())


def _gather(down: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """:func:`accumulate` in place on ``acc`` (flat float64, the rain of each cell)."""
    n = down.size
    itype = index_dtype(n)
    down = np.asarray(down).astype(itype, copy=False)
    k = _kernels_for(n)
    if k is not None:
        return k.gather(down, acc)
    # Steps to the sink, by pointer doubling (in place: a path is shorter than n cells).
    depth = (down >= 0).astype(itype)
    ptr = np.where(down >= 0, down, np.arange(n, dtype=itype))
    more = np.empty_like(depth)
    while True:
        np.take(depth, ptr, out=more)
        if not more.any():
            break
        depth += more
        ptr = ptr[ptr]
    del ptr, more
    np.negative(depth, out=depth)  # deepest first, by an ascending sort
    order = np.argsort(depth, kind="stable").astype(itype)
    depth = depth[order]
    bounds = np.searchsorted(depth, np.arange(int(depth[0]) if n else 0, 1))
    del depth
    # Deepest first: by the time a level is passed on, everything upstream of it is in.
    for k in range(bounds.size - 1):
        cells = order[bounds[k] : bounds[k + 1]]
        if cells.size:
            np.add.at(acc, down[cells], acc[cells])
    return acc


def drain(
    z: np.ndarray, ocean: np.ndarray, rain: np.ndarray | None = None, lake_depth: float = 0.002
) -> Drainage:
    """Route water over heightmap ``z`` (see the module docstring); ``ocean`` cells are sinks."""
    z = np.asarray(z, dtype=np.float64)
    ocean = np.asarray(ocean, dtype=bool)
    h, w = z.shape
    itype = index_dtype(h * w)
    down = flow_directions(z, ocean)
    root = _roots(down)
    sink = np.zeros(h * w, dtype=bool)
    sink[root] = True
    drains = ocean.copy()
    drains[0, :] = drains[-1, :] = drains[:, 0] = drains[:, -1] = True
    pits = np.nonzero(sink & ~drains.ravel())[0]
    del sink, drains
    pit_label = np.zeros(h * w, dtype=itype)
    pit_label[pits] = np.arange(1, pits.size + 1, dtype=itype)
    label = pit_label[root].reshape(h, w)  # 0: drains to the sea or off the map
    del root, pit_label
    level, out_from, out_to = _spill_levels(pits.size + 1, _passes(z, label))
    flooded = np.empty((h, w), dtype=bool)
    lake = np.empty((h, w), dtype=bool)
    rows = max(1, BAND_CELLS // w)
    for y in range(0, h, rows):  # a band's float64 temporaries, not the map's (#18)
        b = slice(y, y + rows)
        cell_level = level[label[b]]
        np.logical_and(label[b] > 0, z[b] <= cell_level, out=flooded[b])
        cell_level -= z[b]  # the water's depth where flooded
        np.logical_and(flooded[b], cell_level > lake_depth, out=lake[b])
    # A lake's water leaves through its pass: every flooded cell hands its flow to the cell
    # at the pass, which hands it over to the basin beyond.
    flat = flooded.ravel()
    down[flat] = out_from[label.ravel()[flat]]
    del flat
    inner = np.arange(1, pits.size + 1)
    down[out_from[inner]] = out_to[inner]
    if rain is None:
        acc = np.ones((h, w))
        acc[ocean] = 0.0
    else:
        acc = np.where(ocean, 0.0, np.asarray(rain, dtype=np.float64))
    acc = _gather(down, acc.ravel()).reshape(h, w)
    return Drainage(z, level, down, lake, acc, ocean, flooded, label)


def rivers(drainage: Drainage, threshold: float, widen: float = 0.5) -> np.ndarray:
    """River cells: land whose accumulated rain reaches ``threshold``, widened with the flow.

    A river one cell wide at ``threshold`` gains a cell of bank on each side every time its
    flow grows by a factor ``2**(1/widen)``; only banks that drain straight into the river join
    it, so every river cell flows on, as river, to a lake or the sea.
    """
    acc = drainage.accumulation
    land = ~drainage.ocean & ~drainage.lake
    core = land & (acc >= threshold)
    # floor(widen * log2(max(acc, 1) / threshold)) where core, else 0: the logarithms of the
    # river cells only, not of the map (#18).
    r = np.maximum(acc[core], 1)
    r /= threshold
    np.log2(r, out=r)
    r *= widen
    np.floor(r, out=r)
    radius = np.zeros(acc.shape, dtype=np.int32)
    radius[core] = r
    del r
    # A shallow pond a river runs through is part of the river (its water crosses the pond to
    # the outlet), so the river stays one piece from source to mouth (with radius 0).
    ponds = np.unique(drainage.basin[core & drainage.flooded])
    shallow = land & drainage.flooded  # few cells: the pond test runs on them only
    core[shallow] |= np.isin(drainage.basin[shallow], ponds[ponds > 0])
    river = core.copy()
    down = drainage.down.reshape(acc.shape)
    sink = drainage.ocean | drainage.lake
    flows = down >= 0
    target = np.where(flows, down, 0).ravel()  # the cell downstream (itself where none)
    for r in range(1, int(radius.max(initial=0)) + 1):
        bank = binary_dilation(radius >= r, iterations=r) & land & ~river
        # Keep only banks whose water runs straight into the river (or a lake, or the sea), so
        # every river cell still flows on to the sea as river.
        joins = (river | sink).ravel()[target].reshape(acc.shape) & flows
        river |= bank & joins
    return river
