"""Platformer metrics: per-level measures, style distance to the corpus, novelty, diversity,
and the expressive-range plot. The functions take lists of Levels or id windows, so the
GAN/VAE evaluation uses them exactly as the classic one does.

Per level (formulas in each docstring): density, linearity, leniency, enemies and gaps per
100 columns, jumps on the solver path. Per set: tile-pattern KL divergence against a reference
set for 2×2, 3×3 and 4×4 patterns (lower = closer in style), novelty (how far each window is
from its nearest corpus window), diversity (mean pairwise distance), playable share.

>>> from procgen.levels.platformer.corpus import corpus_levels
>>> c = corpus_levels()
>>> round(tile_pattern_kl(c, c, 2), 6)
0.0
>>> 0 < density(c[0]) < 0.5, 0 <= linearity(c[0]) <= 1, 0 < leniency(c[0]) <= 1
(True, True, True)
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from procgen.errors import ParamError
from procgen.io.atomic import atomic_write
from procgen.level import Level
from procgen.levels import tilestats
from procgen.levels.platformer.corpus import corpus_levels, windows
from procgen.levels.platformer.solver import Solution, pit_runs, solve, standing_tiles, tile_codes
from procgen.levels.platformer.structure import StyleProfile
from procgen.levels.platformer.tiles import CANNON_TOP, ENEMY, PIPE_TOP_LEFT, VOCAB

__all__ = [
    "density", "diversity", "enemies_per_100", "evaluate_levels", "expressive_range_png",
    "leniency", "level_metrics", "linearity", "novelty", "pattern_counts", "pipes_per_200", "structure_rates",
    "style_figures", "tile_pattern_kl",
]


def density(level: Level) -> float:
    """Share of solid tiles: ``solid tiles / (width × height)``."""
    return float((tile_codes(level) == 1).mean())


def linearity(level: Level) -> float:
    """How close the standing surfaces lie to one straight line.

    Fit ``y = a·x + b`` by least squares to every standing tile ``(x, y)`` (a free tile on a
    solid one); ``linearity = 1 − mean|residual| / (H/4)``, clipped to [0, 1] (H/4 = 3.5 rows
    for the usual 14). 1 = one flat or evenly sloped floor; lower = platforms at many heights.
    """
    ys, xs = np.nonzero(standing_tiles(tile_codes(level)))
    if xs.size < 2:
        return 0.0
    a, b = np.polyfit(xs.astype(float), ys.astype(float), 1)
    resid = np.abs(ys - (a * xs + b)).mean()
    return float(np.clip(1 - resid / (level.height / 4), 0, 1))


def hazards(level: Level) -> int:
    """Enemies + cannons + pit columns (columns whose bottom tile is not solid)."""
    g = level.grid
    pits = sum(b - a + 1 for a, b in pit_runs(tile_codes(level)))
    return int((g == ord(ENEMY)).sum() + (g == ord(CANNON_TOP)).sum() + pits)


def leniency(level: Level) -> float:
    """How forgiving the level is: ``1 / (1 + 10 · hazards / width)``.

    ``hazards`` = enemies + cannons + pit columns, so 1 = no hazard at all and 0.5 = one hazard
    per 10 columns.
    """
    return float(1 / (1 + 10 * hazards(level) / level.width))


def level_metrics(level: Level, sol: Solution | None = None) -> dict[str, float]:
    """The per-level metrics as a dict (``jumps`` from the solver path; 0 when unplayable)."""
    sol = solve(level) if sol is None else sol
    per100 = 100 / level.width
    return {
        "density": round(density(level), 4),
        "linearity": round(linearity(level), 4),
        "leniency": round(leniency(level), 4),
        "enemies_per_100": round(float((level.grid == ord(ENEMY)).sum()) * per100, 3),
        "gaps_per_100": round(len(pit_runs(tile_codes(level))) * per100, 3),
        "jumps": int(sol.stats.get("jumps", 0)) if sol.playable else 0,
    }


def enemies_per_100(levels: Sequence[Level]) -> float:
    """Enemies per 100 columns over a set of levels: ``100 · enemies / columns``."""
    cols = sum(lv.width for lv in levels)
    return float(100 * sum(int((lv.grid == ord(ENEMY)).sum()) for lv in levels) / max(cols, 1))


def pipes_per_200(levels: Sequence[Level]) -> float:
    """Pipes per 200 columns over a set of levels: ``200 · pipe tops / columns`` (a pipe top is
    its ``<`` tile)."""
    cols = sum(lv.width for lv in levels)
    return float(200 * sum(int((lv.grid == ord(PIPE_TOP_LEFT)).sum()) for lv in levels) / max(cols, 1))


def structure_rates(levels: Sequence[Level], style: StyleProfile | str = "auto") -> dict[str, float]:
    """How often ``levels`` depart from their style's structure (:mod:`.structure`).

    ``top_rows_levels``: share of levels with a solid tile in a row their style leaves empty;
    ``top_rows_per_100``, ``stray_per_100``, ``holes_per_100``: tiles of each kind of departure
    (top rows, stray fragments, 1-tile ground holes) per 100 columns. ``style``: ``"auto"``
    judges each level by the corpus style it fits best.
    """
    from procgen.levels.platformer.structure import corpus_profiles, profile_of, style_problems

    tiles = {"top-rows": 0, "stray-tile": 0, "ground-hole": 0}
    with_top = 0
    cols = 0
    for lv in levels:
        p = profile_of(lv) if style == "auto" else corpus_profiles()[style] if isinstance(style, str) else style
        cols += lv.width
        if p is None:
            continue
        probs = style_problems(lv.grid, p)
        for pr in probs:
            if pr.rule in tiles:  # the rules these rates count (a broken ceiling has its own cells)
                tiles[pr.rule] += pr.tiles
        with_top += any(pr.rule == "top-rows" for pr in probs)
    per = 100 / max(cols, 1)
    return {
        "top_rows_levels": with_top / max(len(levels), 1),
        "top_rows_per_100": tiles["top-rows"] * per,
        "stray_per_100": tiles["stray-tile"] * per,
        "holes_per_100": tiles["ground-hole"] * per,
    }


# -- set metrics ------------------------------------------------------------------------------


def _id_grids(items: Sequence[Level] | np.ndarray) -> list[np.ndarray]:
    return tilestats.id_grids(items, VOCAB)


def pattern_counts(items: Sequence[Level] | np.ndarray, k: int) -> dict[int, int]:
    """How often each k×k tile pattern occurs, keyed by the pattern's code (:mod:`~procgen.levels.tilestats`)."""
    keys, counts = tilestats.pattern_counts(_id_grids(items), k, len(VOCAB))
    return dict(zip(keys.tolist(), counts.tolist(), strict=True))


def tile_pattern_kl(items: Sequence[Level] | np.ndarray, reference: Sequence[Level] | np.ndarray, k: int) -> float:
    """Tile-pattern KL of ``items`` against ``reference`` (Levels or id windows): the one formula
    of :func:`procgen.levels.tilestats.pattern_kl`."""
    return tilestats.pattern_kl(_id_grids(items), _id_grids(reference), k)


#: Distances between id windows: :mod:`procgen.levels.tilestats`.
hamming = tilestats.hamming
novelty = tilestats.novelty
diversity = tilestats.diversity


# -- expressive range and the eval table -------------------------------------------------------


def expressive_range_png(
    xs: Sequence[float], ys: Sequence[float], path: str | os.PathLike[str], *,
    x_name: str = "linearity", y_name: str = "leniency", bins: int = 20, title: str = "",
) -> None:
    """Write a 2-D histogram of ``(xs, ys)`` in [0, 1]² as a PNG heat map with labelled axes."""
    from PIL import Image, ImageDraw

    from procgen.io.png import encode_png

    hist, _, _ = np.histogram2d(np.clip(ys, 0, 1), np.clip(xs, 0, 1), bins=bins, range=[[0, 1], [0, 1]])
    hist = hist[::-1]  # y grows upwards
    t = np.sqrt(hist / max(hist.max(), 1))  # square root: sparse cells stay visible
    cell, margin = 16, 44
    heat = np.stack([255 * t, 200 * t**2 + 30 * (t > 0), 60 + 120 * (1 - t)], axis=-1)
    heat[hist == 0] = (245, 245, 245)
    heat = np.repeat(np.repeat(heat.astype(np.uint8), cell, 0), cell, 1)
    size = bins * cell
    img = Image.new("RGB", (size + 2 * margin, size + 2 * margin), (255, 255, 255))
    img.paste(Image.fromarray(heat), (margin, margin))
    draw = ImageDraw.Draw(img)
    draw.rectangle([margin - 1, margin - 1, margin + size, margin + size], outline=(0, 0, 0))
    for i in range(0, 11, 5):
        v = i / 10
        px = margin + int(v * size)
        draw.text((px - 6, margin + size + 4), f"{v:.1f}", fill=(0, 0, 0))
        draw.text((4, margin + size - int(v * size) - 5), f"{v:.1f}", fill=(0, 0, 0))
    draw.text((margin + size // 2 - 24, margin + size + 18), x_name, fill=(0, 0, 0))
    draw.text((4, margin - 16), y_name, fill=(0, 0, 0))
    draw.text((margin, 6), title[:60], fill=(0, 0, 0))
    atomic_write(path, encode_png(np.asarray(img)))


def evaluate_levels(
    levels: Sequence[Level], *, reference: Sequence[Level] | None = None, png: str | os.PathLike[str] | None = None,
    title: str = "", playable: Sequence[bool] | None = None,
) -> str:
    """The metric table for a set of levels against ``reference`` (default: the corpus).

    ``playable``: per level, when known (else each level is solved). Writes the
    linearity × leniency expressive-range PNG when ``png`` is given.
    """
    reference = corpus_levels() if reference is None else list(reference)
    if not levels:
        raise ParamError("n: no levels to evaluate")
    sols = [None if playable is not None else solve(lv) for lv in levels]
    ok = list(playable) if playable is not None else [bool(s is not None and s.playable) for s in sols]
    per = [level_metrics(lv, s) for lv, s in zip(levels, sols, strict=True)]
    ref_per = [level_metrics(lv) for lv in reference]
    win_gen = windows(list(levels), 28, 28)
    win_ref = windows(reference, 28, 4)
    rows: list[tuple[str, str, str]] = [("playable share", f"{np.mean(ok):.3f}", "1.000")]
    for key in ("density", "linearity", "leniency", "enemies_per_100", "gaps_per_100", "jumps"):
        g = np.array([m[key] for m in per], dtype=float)
        r = np.array([m[key] for m in ref_per], dtype=float)
        rows.append((key, f"{g.mean():.3f} ± {g.std():.3f}", f"{r.mean():.3f} ± {r.std():.3f}"))
    for k in (2, 3, 4):
        rows.append((f"tile-pattern KL k={k}", f"{tile_pattern_kl(levels, reference, k):.4f}", "0.0000"))
    nov = novelty(win_gen, win_ref)
    ref_self = windows(reference, 28, 28)
    rows.append(("novelty (mean min Hamming)", f"{nov.mean():.4f}" if nov.size else "n/a", "0.0000"))
    rows.append(("diversity (mean pairwise)", f"{diversity(win_gen):.4f}", f"{diversity(ref_self):.4f}"))
    if png is not None:
        expressive_range_png([m["linearity"] for m in per], [m["leniency"] for m in per], png, title=title)
    head = f"{title}: {len(levels)} levels vs {len(reference)} corpus levels" if title else ""
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    lines = [head] if head else []
    lines.append(f"{'metric':<{w0}}  {'generated':<{w1}}  corpus")
    lines += [f"{a:<{w0}}  {b:<{w1}}  {c}" for a, b, c in rows]
    if png is not None:
        lines.append(f"expressive range (linearity × leniency): {os.fspath(png)}")
    return "\n".join(lines)


def style_figures(levels: Sequence[Level]) -> dict[str, float]:
    """The figures a style preset is judged by (the published Super Mario Bros. ones):
    ``enemies_per_100`` (walkers per 100 columns), ``pipes_per_200``, ``cannons_per_200``,
    and ``ground_share`` (``X`` tiles / all tiles), over all of ``levels`` together."""
    cols = sum(lv.width for lv in levels)
    tiles = sum(lv.width * lv.height for lv in levels)

    def count(ch: str) -> int:
        return sum(int((lv.grid == ord(ch)).sum()) for lv in levels)

    return {
        "enemies_per_100": 100 * count(ENEMY) / cols,
        "pipes_per_200": 200 * count("<") / cols,
        "cannons_per_200": 200 * count(CANNON_TOP) / cols,
        "ground_share": count("X") / tiles,
    }
