"""Grid graph helpers shared by the solvers: connected regions and BFS distances, vectorized.

Distances use scipy's compiled breadth-first Dijkstra over the 4-neighbour graph of passable
tiles, so a 1024² cave costs one C call, not a Python loop over tiles.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

__all__ = ["UNREACHABLE", "bfs_distances", "regions"]

#: Distance value of tiles that cannot be reached.
UNREACHABLE = -1

_CROSS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)


def regions(passable: np.ndarray) -> tuple[np.ndarray, int]:
    """Label 4-connected regions of ``passable``: ``(labels (H, W) int32, count)``; 0 = not passable."""
    labels, count = ndimage.label(passable, structure=_CROSS)
    return labels, int(count)


def bfs_distances(passable: np.ndarray, *starts: tuple[int, int]) -> np.ndarray:
    """Steps from the nearest of ``starts`` (``(y, x)`` pairs) to every tile, 4-neighbour moves.

    Returns an ``(len(starts), H, W)`` int32 array, or ``(H, W)`` for a single start;
    ``UNREACHABLE`` where a tile cannot be reached or is not passable.
    """
    h, w = passable.shape
    node = np.full(passable.shape, -1, dtype=np.int64)
    ys, xs = np.nonzero(passable)
    node[ys, xs] = np.arange(ys.size)
    right = passable[:, :-1] & passable[:, 1:]
    down = passable[:-1, :] & passable[1:, :]
    a = np.concatenate([node[:, :-1][right], node[:-1, :][down]])
    b = np.concatenate([node[:, 1:][right], node[1:, :][down]])
    graph = coo_matrix((np.ones(a.size, dtype=np.float32), (a, b)), shape=(ys.size, ys.size)).tocsr()
    sources = []
    for y, x in starts:
        if not passable[y, x]:
            raise ValueError(f"start ({y}, {x}) is not passable")
        sources.append(node[y, x])
    dist = np.atleast_2d(dijkstra(graph, directed=False, unweighted=True, indices=sources))
    out = np.full((len(starts), h, w), UNREACHABLE, dtype=np.int32)
    finite = np.isfinite(dist)
    vals = np.where(finite, dist, UNREACHABLE).astype(np.int32)
    out[:, ys, xs] = vals
    return out[0] if len(starts) == 1 else out
