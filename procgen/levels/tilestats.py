"""Tile statistics shared by every kind: tile ids, windows, the tile-pattern KL, novelty, diversity.

One implementation of each, used by the platformer's and the dungeon's metrics, by ``procgen
eval`` and by training's snapshot selection, so a number printed under one label means one
thing for every kind. Everything works on *tile id grids*: ``(H, W)`` integer arrays whose
values index a vocabulary (a kind's legend characters in order; see :func:`tile_ids`).

Tile-pattern KL (after Lucas & Volz 2019, "Tile pattern KL-divergence for analysing and
evolving game levels"): let ``P`` and ``Q`` be the frequencies of the ``k×k`` tile patterns
in the items and in the reference, over the union ``U`` of patterns seen in either, each
smoothed by ``eps`` so no frequency is zero::

    P(x) = (count_items(x) + eps) / (N_items + eps·|U|)      (Q likewise)
    KL_w = w · Σ P(x) log(P(x)/Q(x)) + (1 − w) · Σ Q(x) log(Q(x)/P(x))

with ``w = 0.5`` (symmetric) and ``eps = 1e-5``. 0 means the same pattern statistics; lower is
closer in style.

>>> a = np.array([[0, 1], [1, 0]])
>>> pattern_kl([a], [a], 2), round(pattern_kl([a], [np.ones((2, 2), int)], 1), 3)
(0.0, 3.225)
>>> novelty(np.array([a]), np.array([a, 1 - a])).tolist(), diversity(np.array([a, 1 - a]))
([0.0], 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from procgen.errors import LevelFormatError, ParamError
from procgen.level import Level
from procgen.params import check_int

__all__ = [
    "EPS",
    "W",
    "diversity",
    "hamming",
    "id_grids",
    "identical_share",
    "novelty",
    "pattern_counts",
    "pattern_kl",
    "tile_ids",
    "windows",
]

#: The KL's weight between KL(P‖Q) and KL(Q‖P), and the smoothing of every pattern count.
W, EPS = 0.5, 1e-5
#: Largest pattern side: a k×k pattern code must fit 64 bits.
MAX_K = 4


def tile_ids(level: Level | np.ndarray, chars: str, where: str = "level") -> np.ndarray:
    """``(..., H, W)`` uint8 tile ids: each tile's index in ``chars`` (a kind's vocabulary, in order).

    ``level`` is a Level or ASCII grids; a character outside ``chars`` is a LevelFormatError.
    """
    grid = level.grid if isinstance(level, Level) else np.asarray(level)
    table = np.full(256, 255, dtype=np.uint8)
    table[np.frombuffer(chars.encode("ascii"), dtype=np.uint8)] = np.arange(len(chars))
    ids = table[grid]
    if (ids == 255).any():
        bad = np.argwhere(ids == 255)[0]
        raise LevelFormatError(
            f"{where}: tiles[{bad[-2]}]: character {chr(int(grid[tuple(bad)]))!r} at column {bad[-1]} "
            f"is not in the vocabulary {chars!r}"
        )
    return ids


def id_grids(items: Sequence[Level] | Sequence[np.ndarray] | np.ndarray, chars: str) -> list[np.ndarray]:
    """Id grids of ``items``: Levels through :func:`tile_ids` with ``chars``; id arrays
    ``(H, W)`` or ``(N, H, W)`` as they are."""
    if isinstance(items, np.ndarray):
        return list(items.reshape(-1, *items.shape[-2:]))
    return [tile_ids(x, chars) if isinstance(x, Level) else np.asarray(x) for x in items]


def _as_grids(items: Sequence[np.ndarray] | np.ndarray) -> list[np.ndarray]:
    if isinstance(items, np.ndarray):
        return list(items.reshape(-1, *items.shape[-2:]))
    return [np.asarray(x) for x in items]


def windows(ids: np.ndarray, width: int, stride: int) -> np.ndarray:
    """All ``(H, width)`` windows of a ``(H, W)`` id grid, every ``stride`` columns: ``(N, H, width)``.

    The last window is flush with the right edge, so the end of every level is seen; a grid
    narrower than ``width`` gives none.
    """
    check_int("width", width, 1, what="columns")
    check_int("stride", stride, 1, what="columns")
    h, w = ids.shape
    if w < width:
        return np.empty((0, h, width), dtype=ids.dtype)
    starts = list(range(0, w - width + 1, stride))
    if starts[-1] != w - width:
        starts.append(w - width)
    view = np.lib.stride_tricks.sliding_window_view(ids, (h, width))[0]  # (W-width+1, H, width)
    return np.ascontiguousarray(view[starts])


def _base(*sets: Sequence[np.ndarray]) -> int:
    top = max((int(g.max()) for s in sets for g in s if g.size), default=0)
    return top + 1


def pattern_counts(grids: Sequence[np.ndarray], k: int, base: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``k×k`` patterns of ``grids`` (as codes in ``base``) and how often each occurs."""
    if not 1 <= k <= MAX_K:
        raise ParamError(f"k: pattern size must be 1..{MAX_K}, got {k}")
    base = _base(grids) if base is None else base
    if base ** (k * k) > 2**64:
        raise ParamError(f"k: {k}x{k} patterns of {base} tile kinds do not fit a 64-bit code")
    weights = (np.uint64(base) ** np.arange(k * k, dtype=np.uint64)).reshape(k, k)
    codes = []
    for g in grids:
        if g.shape[0] < k or g.shape[1] < k:
            continue
        view = np.lib.stride_tricks.sliding_window_view(g.astype(np.uint64), (k, k))
        codes.append((view * weights).sum(axis=(-2, -1), dtype=np.uint64).ravel())
    if not codes:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(codes), return_counts=True)


def pattern_kl(
    items: Sequence[np.ndarray] | np.ndarray, reference: Sequence[np.ndarray] | np.ndarray, k: int = 2
) -> float:
    """Tile-pattern KL of ``items`` against ``reference`` (id grids): the formula in the module
    docstring. 0 when neither holds a ``k×k`` pattern; ParamError when only one does."""
    a, b = _as_grids(items), _as_grids(reference)
    base = _base(a, b)
    p_keys, p_counts = pattern_counts(a, k, base)
    q_keys, q_counts = pattern_counts(b, k, base)
    if not p_keys.size and not q_keys.size:
        return 0.0
    if not p_keys.size or not q_keys.size:
        raise ParamError(f"k: one of the two sets has no {k}x{k} tile pattern")
    keys = np.union1d(p_keys, q_keys)
    pc = np.zeros(keys.size)
    qc = np.zeros(keys.size)
    pc[np.searchsorted(keys, p_keys)] = p_counts
    qc[np.searchsorted(keys, q_keys)] = q_counts
    pp = (pc + EPS) / (pc.sum() + EPS * keys.size)
    qq = (qc + EPS) / (qc.sum() + EPS * keys.size)
    return float(W * (pp * np.log(pp / qq)).sum() + (1 - W) * (qq * np.log(qq / pp)).sum())


def _one_hot(ids: np.ndarray, channels: int) -> np.ndarray:
    eye = np.eye(channels, dtype=np.float32)
    return eye[ids.reshape(len(ids), -1)].reshape(len(ids), -1)


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Normalized Hamming distances ``(len(a), len(b))`` between id grids of one shape: the
    share of tiles that differ (a one-hot matrix product, no Python loop)."""
    if a.shape[1:] != b.shape[1:]:
        raise ParamError(f"windows: shapes {a.shape[1:]} and {b.shape[1:]} differ")
    channels = _base([a, b])
    same = _one_hot(a, channels) @ _one_hot(b, channels).T
    return np.asarray(1 - same / (a.shape[1] * a.shape[2]))


def novelty(items: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Per item ``(N, H, W)``: the normalized Hamming distance to the nearest ``reference`` grid."""
    out = [hamming(items[i : i + 512], reference).min(axis=1) for i in range(0, len(items), 512)]
    return np.concatenate(out) if out else np.zeros(0)


def diversity(items: np.ndarray, max_items: int = 600) -> float:
    """Mean pairwise normalized Hamming distance between the grids ``(N, H, W)`` (evenly
    subsampled above ``max_items`` to bound the cost); 0 for fewer than two."""
    if len(items) < 2:
        return 0.0
    if len(items) > max_items:
        items = items[np.linspace(0, len(items) - 1, max_items).astype(int)]
    d = hamming(items, items)
    n = len(items)
    return float(d.sum() / (n * (n - 1)))


def identical_share(items: np.ndarray, training: np.ndarray) -> float:
    """Share of grids ``(N, H, W)`` that are exactly a training grid (memorisation); NaN for none."""
    if len(items) == 0:
        return float("nan")
    seen = {w.tobytes() for w in np.ascontiguousarray(training)}
    return float(np.mean([w.tobytes() in seen for w in np.ascontiguousarray(items)]))
