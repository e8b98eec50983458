"""Metrics over lists of rooms, the expressive-range picture, and ``procgen eval dungeon-room``.

Per room (:func:`room_metrics`): the solver's walks (start→key, key→door, their sum), enemies,
wall/block/water density of the interior, and symmetry (the larger share of interior tiles
that match their mirror image left-right or top-bottom). Over a set (:func:`summarize`): means,
the share of completable rooms, tile-pattern KL divergence against the corpus, novelty (mean
distance to the nearest corpus room) and diversity (mean pairwise distance). Distances are the
share of tiles that differ (normalized Hamming), so 0 is identical and 1 is nothing in common.

>>> from procgen.levels.dungeon.corpus import corpus_rooms
>>> rooms = corpus_rooms()
>>> s = summarize(rooms, reference=rooms)
>>> s["completable"], s["novelty"], round(s["kl"], 3)
(1.0, 0.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike

import numpy as np

from procgen.errors import ParamError
from procgen.level import Level
from procgen.levels.dungeon.corpus import room_ids
from procgen.levels.dungeon.solver import as_grid, solve_room
from procgen.levels.dungeon.tiles import VOCAB

__all__ = [
    "diversity",
    "evaluate_cli",
    "expressive_range_png",
    "novelty",
    "room_metrics",
    "summarize",
    "tile_pattern_kl",
]

#: Per-room metric names, in table order.
ROOM_METRICS = (
    "start_to_key",
    "key_to_door",
    "path_length",
    "enemies",
    "wall_density",
    "block_density",
    "water_density",
    "symmetry",
)
#: Tile-pattern size for the KL divergence (2×2 windows, as Lucas & Volz 2019).
PATTERN = 2
#: Smoothing added to every pattern count of the reference distribution.
EPSILON = 1e-4


def room_metrics(room: Level | np.ndarray) -> dict[str, float]:
    """The per-room metrics (walks are NaN when the room is not completable)."""
    grid = as_grid(room)
    sol = solve_room(grid)
    inner = grid[1:-1, 1:-1]
    lr = float((inner == inner[:, ::-1]).mean())
    ud = float((inner == inner[::-1, :]).mean())
    nan = float("nan")
    return {
        "completable": float(sol.completable),
        "start_to_key": float(sol.start_to_key) if sol.start_to_key is not None else nan,
        "key_to_door": float(sol.key_to_door) if sol.key_to_door is not None else nan,
        "path_length": float(sol.path_length) if sol.path_length is not None else nan,
        "enemies": float(sol.enemies),
        "wall_density": float((inner == ord("W")).mean()),
        "block_density": float((inner == ord("B")).mean()),
        "water_density": float((inner == ord("P")).mean()),
        "symmetry": max(lr, ud),
    }


def _patterns(rooms: Sequence[Level], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ``size``×``size`` tile patterns of the rooms and their counts."""
    codes = []
    for r in rooms:  # rooms may differ in size, so window them one by one
        ids = room_ids([r])[0]
        win = np.lib.stride_tricks.sliding_window_view(ids, (size, size)).reshape(-1, size * size)
        codes.append(win @ (len(VOCAB) ** np.arange(size * size, dtype=np.int64)))
    return np.unique(np.concatenate(codes), return_counts=True)


def tile_pattern_kl(rooms: Sequence[Level], reference: Sequence[Level], size: int = PATTERN) -> float:
    """KL(P_rooms ‖ Q_reference) of ``size``×``size`` tile patterns, Q smoothed by ``EPSILON``."""
    if not rooms or not reference:
        raise ParamError("rooms: both room lists must be non-empty")
    p_keys, p_counts = _patterns(rooms, size)
    q_keys, q_counts = _patterns(reference, size)
    keys = np.union1d(p_keys, q_keys)
    p = np.zeros(keys.size)
    q = np.zeros(keys.size)
    p[np.searchsorted(keys, p_keys)] = p_counts
    q[np.searchsorted(keys, q_keys)] = q_counts
    p /= p.sum()
    q = (q + EPSILON) / (q + EPSILON).sum()
    nz = p > 0
    return float(np.sum(p[nz] * np.log(p[nz] / q[nz])))


def _flat(rooms: Sequence[Level]) -> np.ndarray:
    return room_ids(rooms).reshape(len(rooms), -1)


def novelty(rooms: Sequence[Level], reference: Sequence[Level]) -> float:
    """Mean share of tiles by which each room differs from its nearest reference room."""
    a, b = _flat(rooms), _flat(reference)
    if a.shape[1] != b.shape[1]:
        raise ParamError("reference: novelty needs rooms and reference rooms of one size")
    d = np.stack([(a != row).mean(axis=1) for row in b], axis=1)  # (N, M), one pass per reference
    return float(d.min(axis=1).mean())


def diversity(rooms: Sequence[Level], limit: int = 300) -> float:
    """Mean pairwise share of differing tiles over (at most ``limit``) rooms."""
    a = _flat(rooms[:limit])
    n = a.shape[0]
    if n < 2:
        return 0.0
    onehot = np.eye(len(VOCAB), dtype=np.float32)[a].reshape(n, -1)
    same = onehot @ onehot.T  # tiles in common for every pair, one matrix product
    d = 1.0 - same / a.shape[1]
    return float(d[np.triu_indices(n, 1)].mean())


def summarize(rooms: Sequence[Level], reference: Sequence[Level] | None = None) -> dict[str, float]:
    """Means of the room metrics plus completable share, KL, novelty and diversity."""
    if not rooms:
        raise ParamError("rooms: the list is empty")
    per = [room_metrics(r) for r in rooms]
    out: dict[str, float] = {"rooms": float(len(rooms))}
    out["completable"] = float(np.mean([m["completable"] for m in per]))
    for name in ROOM_METRICS:
        vals = np.array([m[name] for m in per])
        ok = vals[~np.isnan(vals)]
        out[name] = float(ok.mean()) if ok.size else float("nan")
        out[name + "_sd"] = float(ok.std()) if ok.size else float("nan")
    out["diversity"] = diversity(rooms)
    if reference:
        out["kl"] = tile_pattern_kl(rooms, reference)
        same = all(r.grid.shape == reference[0].grid.shape for r in list(rooms) + list(reference))
        out["novelty"] = novelty(rooms, reference) if same else float("nan")
    return out


# -- expressive range -----------------------------------------------------------------------

_RAMP = np.array([[18, 16, 40], [60, 40, 120], [40, 120, 160], [90, 200, 110], [250, 230, 80]], float)


def _heat(counts: np.ndarray, scale: int) -> np.ndarray:
    """Counts ``(ny, nx)`` -> RGB image, log-scaled, empty bins dark; row 0 at the top."""
    v = np.log1p(counts) / max(np.log1p(counts.max()), 1e-9)
    pos = v * (len(_RAMP) - 1)
    lo = np.clip(np.floor(pos).astype(int), 0, len(_RAMP) - 2)
    t = (pos - lo)[..., None]
    rgb = _RAMP[lo] * (1 - t) + _RAMP[lo + 1] * t
    rgb[counts == 0] = (10, 10, 14)
    img = rgb[::-1].astype(np.uint8)  # y grows upwards in a plot
    return np.repeat(np.repeat(img, scale, axis=0), scale, axis=1)


def expressive_range_png(
    rooms: Sequence[Level], path: str | PathLike[str], *, title: str = "", bins: int = 24
) -> None:
    """Write two expressive-range heatmaps: walk length vs obstacle density, and start→key vs
    key→door. Drawn with Pillow, written atomically."""
    from PIL import Image, ImageDraw

    from procgen.io.atomic import atomic_write
    from procgen.io.png import encode_png

    per = [room_metrics(r) for r in rooms]
    walk = np.array([m["path_length"] for m in per])
    walk = np.nan_to_num(walk, nan=0.0)
    dens = np.array([m["wall_density"] + m["block_density"] + m["water_density"] for m in per])
    sk = np.nan_to_num(np.array([m["start_to_key"] for m in per]), nan=0.0)
    kd = np.nan_to_num(np.array([m["key_to_door"] for m in per]), nan=0.0)
    top = max(1.0, sk.max(), kd.max())
    panels = [
        ("walk start>key>door", "obstacle density", walk, dens, (0, max(1.0, walk.max())), (0, 1)),
        ("start>key", "key>door", sk, kd, (0, top), (0, top)),
    ]
    scale, margin = 10, 34
    side = bins * scale
    canvas = Image.new("RGB", (2 * (side + margin) + margin, side + 2 * margin + 10), (245, 245, 240))
    draw = ImageDraw.Draw(canvas)
    for k, (xl, yl, x, y, xr, yr) in enumerate(panels):
        counts, _, _ = np.histogram2d(y, x, bins=bins, range=[yr, xr])
        ox = margin + k * (side + margin)
        canvas.paste(Image.fromarray(_heat(counts, scale)), (ox, margin))
        draw.rectangle([ox - 1, margin - 1, ox + side, margin + side], outline=(0, 0, 0))
        draw.text((ox, margin + side + 4), f"{xl}: {xr[0]:g}..{xr[1]:g}", fill=(0, 0, 0))
        draw.text((ox, margin - 14), f"{yl} (up): {yr[0]:g}..{yr[1]:g}", fill=(0, 0, 0))
    draw.text((margin, side + margin + 18), title or f"{len(rooms)} rooms", fill=(0, 0, 0))
    atomic_write(path, encode_png(np.asarray(canvas)))


# -- procgen eval dungeon-room ----------------------------------------------------------------


def _fmt(v: float) -> str:
    return "n/a" if v != v else f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"


def evaluate_cli(
    *,
    generator: str = "classic",
    n: int = 200,
    seed: int = 0,
    png: str | None = None,
    width: int | None = None,
    height: int | None = None,
    enemies: int = 3,
) -> str:
    """Generate ``n`` rooms (seeds ``seed .. seed+n-1``), compare with the corpus; the table text.

    >>> print(evaluate_cli(n=5).splitlines()[0])
    dungeon-room metrics: 5 classic rooms (seeds 0..4) vs the 44-room corpus
    """
    from procgen.levels.dungeon.corpus import corpus_rooms
    from procgen.levels.dungeon.generate import generate_room

    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 100_000:
        raise ParamError(f"n: must be between 1 and 100000, got {n!r}")
    corpus = corpus_rooms()
    rooms: list[Level] = [
        generate_room(seed + i, generator=generator, width=width, height=height, enemies=enemies)
        for i in range(n)
    ]
    gen = summarize(rooms, reference=corpus)
    ref = summarize(corpus, reference=corpus)
    lines = [
        f"dungeon-room metrics: {n} {generator} rooms (seeds {seed}..{seed + n - 1}) vs the {len(corpus)}-room corpus",
        f"{'metric':<16}{generator:>18}{'corpus':>18}",
    ]
    for name in ("completable", *ROOM_METRICS):
        g = _fmt(gen[name]) + ("" if name == "completable" else " ± " + _fmt(gen[name + "_sd"]))
        c = _fmt(ref[name]) + ("" if name == "completable" else " ± " + _fmt(ref[name + "_sd"]))
        lines.append(f"{name:<16}{g:>18}{c:>18}")
    lines.append(f"{'diversity':<16}{_fmt(gen['diversity']):>18}{_fmt(ref['diversity']):>18}")
    lines.append(f"{'novelty':<16}{_fmt(gen['novelty']):>18}{'0':>18}")
    lines.append(f"{'tile KL (2x2)':<16}{_fmt(gen['kl']):>18}{'0':>18}")
    if png:
        expressive_range_png(rooms, png, title=f"dungeon-room, {generator}, {n} rooms, seed {seed}")
        lines.append(f"expressive range: {png}")
    return "\n".join(lines)
