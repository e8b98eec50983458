"""What structure each corpus style has, learned from its levels, and where a level departs from it.

A :class:`StyleProfile` is read off example levels (never written by hand): per row, the share
of columns holding a solid tile; the *ceiling rows* (leading rows solid almost everywhere, as
underground levels have); the *empty rows* (the rows below any ceiling that the style never
fills — the sky over an overground level); the *ground rows* (solid in at least a third of the
columns); the narrowest gap the examples ever leave in a ground row; the smallest floating
fragment they ever build; and the tiles they ever leave alone in the air (a lone ``?``).

Rows are learned per style, because styles differ there (underground has a ceiling where
overground has sky). Gaps and fragments are learned from all the example levels together:
with one to three levels per style, a per-style minimum would only say which sizes happened to
be drawn.

:func:`style_problems` lists, per rule, the offending tiles of a level against a profile;
:func:`profile_of` picks the profile of the nearest corpus style (row rates, L1) for a level
that does not say its style. :mod:`.repair` reports and fixes these; :mod:`.metrics` counts
them (top-rows rate, stray-tile rate).

>>> profiles = corpus_profiles()
>>> sorted(profiles)
['cannon', 'mixed', 'overground', 'pipe', 'sky', 'underground']
>>> profiles["overground"].empty_rows, profiles["underground"].ceiling_rows, profiles["underground"].empty_rows
((0, 1, 2, 3), (0, 1), (2, 3))
>>> p = pooled_profile()
>>> p.min_gap, p.min_fragment, p.lone_tiles
(2, 3, '?')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy import ndimage

from procgen.level import Level
from procgen.levels.platformer.tiles import (
    CANNON,
    CANNON_TOP,
    PIPE_LEFT,
    PIPE_RIGHT,
    PIPE_TOP_LEFT,
    PIPE_TOP_RIGHT,
    solid_table,
)

__all__ = [
    "CEILING_RATE",
    "GROUND_RATE",
    "StyleProblem",
    "StyleProfile",
    "batch_misfit",
    "corpus_profiles",
    "corpus_style_counts",
    "floating_fragments",
    "learn_profile",
    "pooled_profile",
    "profile_of",
    "style_of",
    "style_problems",
]

#: A leading row solid in at least this share of columns is a ceiling (underground: 1.00, 0.97).
CEILING_RATE = 0.9
#: A row solid in at least this share of columns is ground (sky levels: 0.33; others above 0.8).
GROUND_RATE = 0.3

_SOLID = solid_table().astype(bool)
_STRUCTURE = np.zeros(256, dtype=bool)
_STRUCTURE[np.frombuffer((PIPE_TOP_LEFT + PIPE_TOP_RIGHT + PIPE_LEFT + PIPE_RIGHT + CANNON + CANNON_TOP).encode(), np.uint8)] = True


@dataclass(frozen=True)
class StyleProfile:
    """The structure of one style's example levels (see the module docstring)."""

    name: str
    solid_rate: tuple[float, ...]  # per row, top first
    ceiling_rows: tuple[int, ...]
    empty_rows: tuple[int, ...]
    ground_rows: tuple[int, ...]
    min_gap: int  # narrowest run of free tiles between two solid ones in a ground row
    min_fragment: int  # fewest tiles in a floating fragment of more than one tile
    lone_tiles: str  # characters found as a one-tile floating fragment
    ceiling_gap: tuple[int, ...] = ()  # per ceiling row: the longest run of free tiles in it
    ceiling_tiles: str = ""  # per ceiling row: its most common solid character

    @property
    def height(self) -> int:
        return len(self.solid_rate)


@dataclass(frozen=True)
class StyleProblem:
    """One departure from the style: the rule broken, a message, and the tiles involved."""

    rule: str  # "top-rows", "stray-tile" or "ground-hole"
    message: str
    mask: np.ndarray  # (H, W) bool

    @property
    def tiles(self) -> int:
        return int(self.mask.sum())


def _solid(grid: np.ndarray) -> np.ndarray:
    return _SOLID[grid]


def floating_fragments(grid: np.ndarray) -> tuple[np.ndarray, int]:
    """Labels ``(H, W)`` of the floating fragments and their count.

    A fragment is a 4-connected group of solid tiles other than pipes and cannons (those have
    their own rules in :mod:`.repair`); it floats when it does not reach the bottom row.
    """
    body = _solid(grid) & ~_STRUCTURE[grid]
    labels, n = ndimage.label(body)
    grounded = np.unique(labels[-1])
    labels[np.isin(labels, grounded)] = 0
    return labels, n


def _gap_runs(solid_row: np.ndarray) -> list[tuple[int, int]]:
    """``(start, width)`` of every run of free tiles with a solid tile on both sides."""
    edges = np.diff(np.concatenate([[1], solid_row.astype(np.int8), [1]]))
    starts, ends = np.nonzero(edges == -1)[0], np.nonzero(edges == 1)[0]
    w = len(solid_row)
    return [(int(a), int(b - a)) for a, b in zip(starts, ends, strict=True) if a > 0 and b < w]


def _rows(counts: np.ndarray, columns: int) -> tuple[tuple[float, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    rate = counts / max(columns, 1)
    ceiling: list[int] = []
    for y, r in enumerate(rate):
        if r < CEILING_RATE:
            break
        ceiling.append(y)
    empty: list[int] = []
    for y in range(len(ceiling), len(rate)):
        if counts[y] > 0:
            break
        empty.append(y)
    ground = tuple(int(y) for y in np.nonzero(rate >= GROUND_RATE)[0] if y not in ceiling)
    return tuple(round(float(r), 4) for r in rate), tuple(ceiling), tuple(empty), ground


def learn_profile(name: str, levels: Sequence[Level]) -> StyleProfile:
    """The profile of ``levels`` (all of one height), learned from their tiles alone."""
    if not levels:
        raise ValueError("learn_profile: no levels")
    counts = sum(_solid(lv.grid).sum(axis=1) for lv in levels)
    columns = sum(lv.width for lv in levels)
    rate, ceiling, empty, ground = _rows(np.asarray(counts), columns)
    gaps: list[int] = []
    sizes: list[int] = []
    lone: set[str] = set()
    for lv in levels:
        solid = _solid(lv.grid)
        for y in ground:
            gaps += [w for _, w in _gap_runs(solid[y])]
        labels, n = floating_fragments(lv.grid)
        size = np.bincount(labels.ravel(), minlength=n + 1)
        for i in np.nonzero(size[1:])[0] + 1:
            sizes.append(int(size[i]))
            if size[i] == 1:
                lone.add(chr(int(lv.grid[labels == i][0])))
    big = [s for s in sizes if s > 1]
    ceiling_gap = tuple(max((w for lv in levels for _, w in _free_runs(_solid(lv.grid)[y])), default=0) for y in ceiling)
    ceiling_tiles = "".join(_most_common_solid([lv.grid[y] for lv in levels]) for y in ceiling)
    return StyleProfile(
        name=name, solid_rate=rate, ceiling_rows=ceiling, empty_rows=empty, ground_rows=ground,
        min_gap=min(gaps, default=1), min_fragment=min(big, default=2), lone_tiles="".join(sorted(lone)),
        ceiling_gap=ceiling_gap, ceiling_tiles=ceiling_tiles,
    )


def _free_runs(solid_row: np.ndarray) -> list[tuple[int, int]]:
    """``(start, width)`` of every run of free tiles in a row, those at its ends included."""
    edges = np.diff(np.concatenate([[1], solid_row.astype(np.int8), [1]]))
    starts, ends = np.nonzero(edges == -1)[0], np.nonzero(edges == 1)[0]
    return [(int(a), int(b - a)) for a, b in zip(starts, ends, strict=True)]


def _most_common_solid(rows: list[np.ndarray]) -> str:
    codes = np.concatenate(rows)
    codes = codes[_SOLID[codes]]
    return chr(int(np.bincount(codes, minlength=256).argmax())) if codes.size else "X"


def style_of(level: Level) -> str:
    """The style a corpus file names (``NN-style-name.txt``), or ``"unknown"``."""
    parts = Path(str(level.generator.get("source", ""))).stem.split("-")
    return parts[1] if len(parts) > 1 else "unknown"


@cache
def _corpus() -> tuple[Level, ...]:
    from procgen.levels.platformer.corpus import corpus_levels

    return tuple(corpus_levels())


@cache
def corpus_profiles() -> dict[str, StyleProfile]:
    """Style name -> its profile, learned from the shipped example levels of that style.

    Gaps, fragments and lone tiles come from all example levels together (see the module
    docstring); the rows from each style's own levels.
    """
    levels = _corpus()
    pooled = pooled_profile()
    by_style: dict[str, list[Level]] = {}
    for lv in levels:
        by_style.setdefault(style_of(lv), []).append(lv)
    out = {}
    for name, group in sorted(by_style.items()):
        p = learn_profile(name, group)
        out[name] = StyleProfile(name, p.solid_rate, p.ceiling_rows, p.empty_rows, p.ground_rows,
                                 pooled.min_gap, pooled.min_fragment, pooled.lone_tiles,
                                 p.ceiling_gap, p.ceiling_tiles)
    return out


def corpus_style_counts() -> dict[str, int]:
    """Style name -> how many shipped example levels have it."""
    counts: dict[str, int] = {}
    for lv in _corpus():
        counts[style_of(lv)] = counts.get(style_of(lv), 0) + 1
    return dict(sorted(counts.items()))


@cache
def pooled_profile() -> StyleProfile:
    """All shipped example levels as one style."""
    return learn_profile("corpus", _corpus())


def _misfit(solid: np.ndarray, profile: StyleProfile) -> float:
    """Tiles ``solid`` would need to change to have the profile's rows: solid tiles in its
    empty rows, plus free tiles in its ceiling rows beyond the share the style leaves free."""
    w = solid.shape[1]
    extra = float(solid[list(profile.empty_rows)].sum()) if profile.empty_rows else 0.0
    for y in profile.ceiling_rows:
        extra += max(0.0, float((~solid[y]).sum()) - (1 - profile.solid_rate[y]) * w)
    return extra


def profile_of(level: Level, profiles: dict[str, StyleProfile] | None = None) -> StyleProfile | None:
    """The corpus style ``level`` fits best: fewest tiles off the style's ceiling and empty
    rows, then the fewest empty rows, then the nearest row rates (L1). None when no profile
    has the level's height.

    Choosing the best fit, and among equals the most lenient style (not the nearest rates),
    keeps a level to the loosest style it could be: an overground level is never judged by
    the fortress's higher sky.
    """
    profiles = corpus_profiles() if profiles is None else profiles
    solid = _solid(level.grid)
    rate = solid.mean(axis=1)
    best, key = None, (np.inf, np.inf, np.inf)
    for name in sorted(profiles):
        p = profiles[name]
        if p.height != level.height:
            continue
        k = (_misfit(solid, p), len(p.empty_rows), float(np.abs(rate - np.asarray(p.solid_rate)).sum()))
        if k < key:
            best, key = p, k
    return best


def batch_misfit(solid: np.ndarray, profile: StyleProfile) -> np.ndarray:
    """Per window of ``solid`` ``(B, H, W)`` bool: tiles off the profile, counted cheaply for
    a latent search — solid tiles in its empty rows, free tiles in its ceiling rows beyond the
    style's share, and 1-tile holes in its ground rows. ``(B,)`` float."""
    b, h, w = solid.shape
    out = np.zeros(b)
    if profile.height != h:
        return out
    if profile.empty_rows:
        out += solid[:, list(profile.empty_rows)].sum((1, 2))
    for y in profile.ceiling_rows:
        out += np.maximum(0.0, (~solid[:, y]).sum(1) - (1 - profile.solid_rate[y]) * w)
    if profile.ground_rows and profile.min_gap > 1 and w >= 3:
        g = solid[:, list(profile.ground_rows)]
        out += (g[..., :-2] & ~g[..., 1:-1] & g[..., 2:]).sum((1, 2))
    return out


def style_problems(grid: np.ndarray, profile: StyleProfile) -> list[StyleProblem]:
    """Departures of ``grid`` (ASCII ``(H, W)``) from ``profile``, one per connected group.

    - top-rows: solid tiles in a row the style leaves empty;
    - stray-tile: a floating fragment smaller than any the style builds (a lone tile the style
      never leaves alone, or a fragment of fewer than ``min_fragment`` tiles);
    - ground-hole: a run of free tiles between two solid ones in a ground row, narrower than
      any the style has (1-tile holes and notches);
    - ceiling-gap: a run of free tiles in a ceiling row longer than any the style leaves (a
      broken underground ceiling).
    """
    out: list[StyleProblem] = []
    h, w = grid.shape
    solid = _solid(grid)
    if profile.height == h and profile.empty_rows:
        band = np.zeros((h, w), dtype=bool)
        band[list(profile.empty_rows)] = True
        labels, n = ndimage.label(solid & band)
        for i, sl in enumerate(ndimage.find_objects(labels), start=1):
            ys, xs = sl
            mask = labels == i
            out.append(StyleProblem(
                "top-rows",
                f"top rows: {int(mask.sum())} solid tile(s) at columns {xs.start}..{xs.stop - 1}, rows "
                f"{ys.start}..{ys.stop - 1}, where {profile.name} levels leave rows "
                f"{profile.empty_rows[0]}..{profile.empty_rows[-1]} empty",
                mask,
            ))
    if profile.height == h:
        for y, longest, ch in zip(profile.ceiling_rows, profile.ceiling_gap, profile.ceiling_tiles, strict=True):
            for a, width in _free_runs(solid[y]):
                if width > longest:
                    mask = np.zeros((h, w), dtype=bool)
                    mask[y, a : a + width] = True
                    out.append(StyleProblem(
                        "ceiling-gap",
                        f"ceiling gap: {width} free tile(s) at ({a}, {y}); {profile.name} levels leave at most "
                        f"{longest} open in ceiling row {y} (of {ch!r})",
                        mask,
                    ))
    labels, n = floating_fragments(grid)
    if n:
        size = np.bincount(labels.ravel(), minlength=n + 1)
        for i, sl in enumerate(ndimage.find_objects(labels), start=1):
            if sl is None or size[i] == 0:
                continue
            ys, xs = sl
            if size[i] == 1 and chr(int(grid[ys.start, xs.start])) in profile.lone_tiles:
                continue
            if size[i] == 1 or size[i] < profile.min_fragment:
                out.append(StyleProblem(
                    "stray-tile",
                    f"stray tiles: a floating fragment of {int(size[i])} tile(s) at ({xs.start}, {ys.start}); "
                    f"{profile.name} levels float nothing smaller than {profile.min_fragment} tiles"
                    + (f" but a lone {' or '.join(map(repr, profile.lone_tiles))}" if profile.lone_tiles else ""),
                    labels == i,
                ))
    if profile.height == h:
        for y in profile.ground_rows:
            for a, width in _gap_runs(solid[y]):
                if width < profile.min_gap:
                    mask = np.zeros((h, w), dtype=bool)
                    mask[y, a : a + width] = True
                    out.append(StyleProblem(
                        "ground-hole",
                        f"ground hole: {width} free tile(s) at ({a}, {y}) between solid ones; "
                        f"{profile.name} levels leave gaps of at least {profile.min_gap} in ground rows",
                        mask,
                    ))
    return out
