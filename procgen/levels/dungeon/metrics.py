"""Metrics over lists of rooms, the expressive-range picture, (``procgen eval dungeon-room`` is :mod:`procgen.eval.classic`).

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
from procgen.levels import tilestats
from procgen.levels.dungeon.corpus import room_ids
from procgen.levels.dungeon.solver import as_grid, solve_room

__all__ = [
    "diversity",
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


def _grids(rooms: Sequence[Level]) -> list[np.ndarray]:
    return [room_ids([r])[0] for r in rooms]  # rooms may differ in size: one by one


def tile_pattern_kl(rooms: Sequence[Level], reference: Sequence[Level], size: int = PATTERN) -> float:
    """Tile-pattern KL of ``size``×``size`` patterns, rooms against ``reference``: the one formula
    of :func:`procgen.levels.tilestats.pattern_kl`."""
    if not rooms or not reference:
        raise ParamError("rooms: both room lists must be non-empty")
    return tilestats.pattern_kl(_grids(rooms), _grids(reference), size)


def novelty(rooms: Sequence[Level], reference: Sequence[Level]) -> float:
    """Mean share of tiles by which each room differs from its nearest reference room."""
    a, b = room_ids(rooms), room_ids(reference)
    if a.shape[1:] != b.shape[1:]:
        raise ParamError("reference: novelty needs rooms and reference rooms of one size")
    return float(tilestats.novelty(a, b).mean())


def diversity(rooms: Sequence[Level], limit: int = 600) -> float:
    """Mean pairwise share of differing tiles (evenly subsampled above ``limit`` rooms)."""
    if len(rooms) < 2:
        return 0.0
    return tilestats.diversity(room_ids(rooms), limit)


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
