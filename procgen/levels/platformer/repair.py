"""Structural checks and repair for platformer levels from any generator (GANs included).

Well-formed means: every tile is in the legend; pipes are two wide, a top (``<>``) over a body
(``[]``) reaching down to solid ground or the bottom edge; cannons (``B``) stand on a cannon
body (``b``) or solid ground, and a body is topped by a cannon; enemies stand on solid tiles;
the first columns have a free standing tile for the start and the last column one for the goal.

With ``style`` (a :class:`~.structure.StyleProfile`, a corpus style name, or ``"auto"`` for
the style the level fits best) the level is also held to the structure that style's example
levels have (:mod:`.structure`): no solid tiles in rows the style leaves empty, no floating
fragment smaller than the style builds, no 1-tile holes or notches in ground rows. Without
it only the rules above apply: the classic generator is checked that way, because its own
patterns (1-wide gaps at low difficulty, a lone brick) are part of its design.

:func:`repair` fixes these with few edits (finish a half pipe, remove what cannot be
finished, let floating enemies fall to the ground, open the start and goal; with ``style``
first clear the rows the style leaves empty and the stray fragments and fill the 1-tile holes),
then makes the level playable by bridging at the solver's furthest reachable tile, one column
at a time, and re-verifies. Pipes are completed where they can be (a half top gets its other
half, a body grows to the ground, a body without a top gets one), not deleted.

>>> from procgen.levels.platformer.corpus import parse_text
>>> lv = parse_text("\\n".join(["-" * 8] * 10 + ["--E--<>-", "-----[]-", "XXX-----", "XXX-----"]))
>>> for d in defects(lv): print(d)
pipe at (5, 11): body does not reach the ground
pipe at (6, 11): body does not reach the ground
enemy at (2, 10) is not standing on a solid tile
goal: no free tile on solid ground in the last column
>>> fixed = repair(lv)
>>> defects(fixed), fixed.stats["playable"]
([], True)
>>> lv = parse_text("\\n".join(["--SS----"] + ["-" * 8] * 11 + ["XXX-XXXX"] * 2))
>>> for d in defects(lv, style="overground"): print(d)
top rows: 2 solid tile(s) at columns 2..3, rows 0..0, where overground levels leave rows 0..3 empty
stray tiles: a floating fragment of 2 tile(s) at (2, 0); overground levels float nothing smaller than 3 tiles but a lone '?'
ground hole: 1 free tile(s) at (3, 12) between solid ones; overground levels leave gaps of at least 2 in ground rows
ground hole: 1 free tile(s) at (3, 13) between solid ones; overground levels leave gaps of at least 2 in ground rows
>>> fixed = repair(lv, style="overground")
>>> defects(fixed, style="overground"), fixed.stats["repairs"]
([], 4)
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy import ndimage

from procgen.level import Entity, Level
from procgen.levels.platformer.solver import _CODES, HAZARD, SOLID, Solution, solve, standing_tiles
from procgen.levels.platformer.structure import (
    StyleProfile,
    corpus_profiles,
    profile_of,
    style_problems,
)
from procgen.levels.platformer.tiles import (
    CANNON,
    CANNON_TOP,
    EMPTY,
    ENEMY,
    GROUND,
    LEGEND,
    PIPE_LEFT,
    PIPE_RIGHT,
    PIPE_TOP_LEFT,
    PIPE_TOP_RIGHT,
)

__all__ = ["START_COLUMNS", "Style", "defects", "repair", "repair_solved", "resolve_style"]

#: What ``style`` may be: a profile, a corpus style name, ``"auto"`` (best fit) or None (no style rules).
Style = StyleProfile | str | None

#: The start must be a standing tile within this many leftmost columns.
START_COLUMNS = 3
#: Report at most this many defects (a broken GAN sample can have hundreds).
MAX_REPORTED = 50

_PIPE = PIPE_TOP_LEFT + PIPE_TOP_RIGHT + PIPE_LEFT + PIPE_RIGHT
_C = {ch: ord(ch) for ch in (*LEGEND, *"\0")}


@cache
def _table(chars: str) -> np.ndarray:
    t = np.zeros(256, dtype=bool)
    t[np.frombuffer(chars.encode("ascii"), dtype=np.uint8)] = True
    return t


def _is(grid: np.ndarray, chars: str) -> np.ndarray:
    """True where the tile is one of ``chars`` (one table gather)."""
    return _table(chars)[grid]


def _shift(a: np.ndarray, dy: int, dx: int, fill: object) -> np.ndarray:
    """``out[y, x] = a[y + dy, x + dx]`` (the neighbour), ``fill`` outside the grid."""
    out = np.full_like(a, fill)
    h, w = a.shape
    ys, yd = slice(max(dy, 0), h + min(dy, 0)), slice(max(-dy, 0), h + min(-dy, 0))
    xs, xd = slice(max(dx, 0), w + min(dx, 0)), slice(max(-dx, 0), w + min(-dx, 0))
    out[yd, xd] = a[ys, xs]
    return out


def _problems(grid: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """(message template, mask) for every structural rule; the mask marks offending tiles."""
    known = _is(grid, "".join(LEGEND))
    solid = tile_codes_grid(grid) == SOLID
    ground_like = solid & ~_is(grid, _PIPE + CANNON + CANNON_TOP)
    right, left = _shift(grid, 0, 1, 0), _shift(grid, 0, -1, 0)
    above, below = _shift(grid, -1, 0, 0), _shift(grid, 1, 0, 0)
    bottom = np.zeros(grid.shape, dtype=bool)
    bottom[-1] = True
    base_ok = _shift(ground_like, 1, 0, False) | bottom  # solid non-structure below, or the edge
    g = grid
    return [
        ("tile {ch!r} at ({x}, {y}) is not in the platformer legend", ~known),
        ("pipe at ({x}, {y}): top-left has no top-right beside it", (g == _C["<"]) & (right != _C[">"])),
        ("pipe at ({x}, {y}): top-right has no top-left beside it", (g == _C[">"]) & (left != _C["<"])),
        ("pipe at ({x}, {y}): body-left has no body-right beside it", (g == _C["["]) & (right != _C["]"])),
        ("pipe at ({x}, {y}): body-right has no body-left beside it", (g == _C["]"]) & (left != _C["["])),
        ("pipe at ({x}, {y}): body has no pipe above it", (_is(g, "[") & ~_is(above, "<[")) | (_is(g, "]") & ~_is(above, ">]"))),
        ("pipe at ({x}, {y}): body does not reach the ground", (_is(g, "<[") & ~_is(below, "[") & ~base_ok) | (_is(g, ">]") & ~_is(below, "]") & ~base_ok)),
        ("cannon at ({x}, {y}) has no support below", _is(g, "Bb") & ~_is(below, "b") & ~base_ok),
        ("cannon body at ({x}, {y}) has no cannon above it", (g == _C["b"]) & ~_is(above, "Bb")),
        ("enemy at ({x}, {y}) is not standing on a solid tile", (g == _C["E"]) & ~_shift(solid, 1, 0, False)),
    ]


#: Repair's own, simpler view: every enemy is in the way (a bridge clears it, the start and
#: goal avoid it); whether a walker can be stomped is the solver's business.
_REPAIR_CODES = _CODES.copy()
_REPAIR_CODES[ord(ENEMY)] = HAZARD


def tile_codes_grid(grid: np.ndarray) -> np.ndarray:
    """Codes of a raw grid: solid, free, or HAZARD for every enemy (unknown characters: free)."""
    return _REPAIR_CODES[grid]


def resolve_style(level: Level, style: Style) -> StyleProfile | None:
    """The profile ``style`` stands for on ``level`` (see :data:`Style`)."""
    if style is None or isinstance(style, StyleProfile):
        return style
    if style == "auto":
        return profile_of(level)
    profiles = corpus_profiles()
    if style not in profiles:
        from procgen.errors import ParamError

        raise ParamError(f"style: the corpus has styles {', '.join(sorted(profiles))}, not {style!r}")
    return profiles[style]


def defects(level: Level, style: Style = None) -> list[str]:
    """Structural problems of ``level``, one line each (empty list = well-formed).

    ``style``: also report departures from that style's structure (see the module docstring).
    """
    grid = level.grid
    out: list[str] = []
    profile = resolve_style(level, style)
    if profile is not None:
        out += [p.message for p in style_problems(grid, profile)]
    for message, mask in _problems(grid):
        ys, xs = np.nonzero(mask)
        for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
            out.append(message.format(ch=chr(grid[y, x]), x=x, y=y))
    codes = tile_codes_grid(grid)
    stand = standing_tiles(codes)
    if not stand[:, :START_COLUMNS].any():
        out.append(f"start: no free tile on solid ground in the first {START_COLUMNS} columns")
    if not stand[:, -1].any():
        out.append("goal: no free tile on solid ground in the last column")
    for e in level.entities:
        if e.type in ("player", "goal") and codes[e.y, e.x] != 0:
            out.append(f"{e.type} at ({e.x}, {e.y}) is blocked by a solid tile or an enemy")
    return out[:MAX_REPORTED]


def _fix_structure(grid: np.ndarray) -> None:
    """Finish or remove broken pipes and cannons, drop floating enemies (in place)."""
    g = grid
    g[~_is(g, "".join(LEGEND))] = _C["-"]
    _complete_pipe_halves(g)
    # An orphan pipe body pair becomes a top; a top-left/top-right pair grows its body down.
    orphan = _is(g, "[") & (_shift(g, 0, 1, 0) == _C["]"]) & ~_is(_shift(g, -1, 0, 0), "<[")
    ys, xs = np.nonzero(orphan)
    g[ys, xs], g[ys, xs + 1] = _C["<"], _C[">"]
    solid = tile_codes_grid(g) == SOLID
    ground_like = solid & ~_is(g, _PIPE + CANNON + CANNON_TOP)
    valid = np.zeros(g.shape, dtype=bool)
    ys, xs = np.nonzero((g == _C["<"]) & (_shift(g, 0, 1, 0) == _C[">"]))
    other = _is(g, _PIPE + CANNON + CANNON_TOP)
    for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
        # The body reaches down to ground. On its way it absorbs pieces of a pipe in the same
        # two columns (a sample's stacked tops become one tall pipe) and cannon bodies (one
        # under a pipe top has no cannon on it); a cannon or a pipe off by a column in the way
        # cannot be crossed without breaking it, so that top is removed below.
        r = y + 1
        while r < g.shape[0] and not (ground_like[r, x] and ground_like[r, x + 1]):
            r += 1
        way = g[y + 1 : r, x : x + 2]
        fits = np.stack([_is(way[:, 0], "[<b"), _is(way[:, 1], "]>b")], axis=1)
        if (other[y + 1 : r, x : x + 2] & ~fits).any():
            continue
        g[y + 1 : r, x], g[y + 1 : r, x + 1] = _C["["], _C["]"]
        valid[y : r, x : x + 2] = True
    g[_is(g, _PIPE) & ~valid] = _C["-"]
    # Cannons: a body without a cannon on top gets one; an unsupported cannon is removed.
    top_missing = (g == _C["b"]) & ~_is(_shift(g, -1, 0, 0), "Bb")
    g[top_missing] = _C["B"]
    for _ in range(g.shape[0]):
        solid = tile_codes_grid(g) == SOLID
        ground_like = solid & ~_is(g, _PIPE + CANNON + CANNON_TOP)
        bottom = np.zeros(g.shape, dtype=bool)
        bottom[-1] = True
        loose = _is(g, "Bb") & ~_is(_shift(g, 1, 0, 0), "b") & ~_shift(ground_like, 1, 0, False) & ~bottom
        if not loose.any():
            break
        labels, _n = ndimage.label(_is(g, "Bb"), structure=[[0, 1, 0], [0, 1, 0], [0, 1, 0]])
        g[np.isin(labels, np.unique(labels[loose]))] = _C["-"]
    _drop_enemies(g)


def _complete_pipe_halves(g: np.ndarray) -> None:
    """A pipe half whose partner is missing gets it where that tile is free (in place)."""
    for half, partner, dx in (("<", ">", 1), ("[", "]", 1), (">", "<", -1), ("]", "[", -1)):
        beside = _shift(g, 0, dx, 0)
        free = _shift(tile_codes_grid(g) == 0, 0, dx, False)
        ys, xs = np.nonzero((g == _C[half]) & (beside != _C[partner]) & free)
        g[ys, xs + dx] = _C[partner]


def _drop_enemies(g: np.ndarray) -> None:
    """An enemy not standing on a solid tile falls to the first free tile on ground below it;
    one with nothing below (over a pit) is removed (in place)."""
    solid = tile_codes_grid(g) == SOLID
    ys, xs = np.nonzero((g == _C["E"]) & ~_shift(solid, 1, 0, False))
    for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
        g[y, x] = _C["-"]
        below = np.nonzero(solid[y + 1 :, x])[0]
        if below.size:
            land = y + int(below[0])  # the free tile just above the first solid one
            if g[land, x] == _C["-"]:
                g[land, x] = _C["E"]


def _style_pass(grid: np.ndarray, profile: StyleProfile) -> None:
    """Clear solid tiles in the style's empty rows and stray fragments, fill 1-tile holes
    (in place); repeated while a fix leaves a new problem (a cut fragment can become stray)."""
    for _ in range(4):
        problems = style_problems(grid, profile)
        if not problems:
            return
        for p in problems:
            if p.rule == "ground-hole":
                grid[p.mask] = _C[GROUND]
            elif p.rule == "ceiling-gap":
                # Close it with the row's own tile, clearing what stood there (a pipe top, an
                # enemy: the structure pass finishes or drops them).
                y = int(np.nonzero(p.mask.any(axis=1))[0][0])
                grid[p.mask] = ord(profile.ceiling_tiles[profile.ceiling_rows.index(y)])
            else:
                grid[p.mask] = _C[EMPTY]


def _open_ends(grid: np.ndarray) -> None:
    """Give the start and the goal a free tile on solid ground (in place)."""
    h, w = grid.shape
    stand = standing_tiles(tile_codes_grid(grid))
    for x, missing in ((0, not stand[:, :START_COLUMNS].any()), (w - 1, not stand[:, -1].any())):
        if missing:
            # Ground in the bottom two rows, a free tile above it; structures there go.
            for y in (h - 3, h - 2, h - 1):
                if _is(grid[y : y + 1, x : x + 1], _PIPE + CANNON + CANNON_TOP).any():
                    _remove_structure_at(grid, y, x)
            grid[h - 2 :, x] = _C[GROUND]
            grid[h - 3, x] = _C[EMPTY]


def _structure_pass(grid: np.ndarray) -> None:
    _fix_structure(grid)
    _open_ends(grid)
    _fix_structure(grid)  # opening the ends may have removed a pipe's or cannon's support


def _remove_structure_at(grid: np.ndarray, y: int, x: int) -> None:
    """Clear tile (x, y); a pipe or cannon it belongs to or holds up goes entirely."""
    structure = _is(grid, _PIPE + CANNON + CANNON_TOP)
    labels, _n = ndimage.label(structure)
    touched = {int(labels[y, x])} | ({int(labels[y - 1, x])} if y > 0 else set())
    touched.discard(0)
    if touched:
        grid[np.isin(labels, list(touched))] = _C[EMPTY]
    grid[y, x] = _C[EMPTY]


def _bridge(grid: np.ndarray, sol: Solution) -> bool:
    """One column of walkway past the furthest reachable tile; False if nothing is reached."""
    reached = sol.reached
    if not reached.any():
        return False
    w = grid.shape[1]
    xs = np.nonzero(reached.any(axis=0))[0]
    fx = int(xs.max())
    if fx >= w - 1:
        return False
    fy = int(np.nonzero(reached[:, fx])[0].max())
    x = fx + 1
    if tile_codes_grid(grid)[fy, x] != 0:
        _remove_structure_at(grid, fy, x)
    if tile_codes_grid(grid)[fy + 1, x] != SOLID:
        _remove_structure_at(grid, fy + 1, x)
        grid[fy + 1, x] = _C[GROUND]
    _clear_walkers_in_the_way(grid, fy, fx, x)
    return True


def _clear_walkers_in_the_way(grid: np.ndarray, y: int, fx: int, x: int) -> None:
    """Remove the walker the solver treats as the hazard on the bridged floor: of those whose
    patrol run (where they come to rest) holds the tile ``(x, y)`` or ``(fx, y)``, or standing
    in those columns, the one resting nearest ``(fx, y)``. A walker blocks tiles it does not
    stand on (its patrol under a low ceiling), so clearing only the bridged tile would not
    always let the hero pass. Only one goes per bridge: repair solves again after each, and
    clearing the whole run took half the walkers of model levels (conditional GAN, 30 levels:
    2.38 enemies per 100 columns kept against 3.37 one at a time, with 8% more solves)."""
    from procgen.levels.platformer.enemies import patrol_runs, resting_places

    ys, xs = np.nonzero(grid == _C[ENEMY])
    if ys.size == 0:
        return
    solid = tile_codes_grid(grid) == SOLID
    rows, cols, kept = resting_places(solid, ys, xs)
    runs = patrol_runs(solid)
    here = {int(runs[y, x]), int(runs[y, fx])} - {0}
    on_run = np.isin(runs[rows, cols], list(here)) | (cols == x) | (cols == fx)
    way = np.nonzero(kept)[0][on_run]
    if way.size == 0:
        return
    near = way[int(np.argmin(np.abs(cols[on_run] - fx) + np.abs(rows[on_run] - y)))]
    grid[ys[near], xs[near]] = _C[EMPTY]


def _entities(level: Level, sol: Solution) -> list[Entity]:
    others = [e for e in level.entities if e.type not in ("player", "goal")]
    if not sol.playable:
        return level.entities
    (sx, sy, _), (gx, gy, _) = sol.path[0], sol.path[-1]
    return [Entity("player", sx, sy), Entity("goal", gx, gy), *others]


def repair(level: Level, max_bridges: int | None = None, style: Style = None) -> Level:
    """A well-formed, playable copy of ``level`` made with few edits (see the module docstring).

    ``style``: also fix departures from that style's structure (a profile, a corpus style name
    or ``"auto"``); playability wins where the two disagree.
    ``stats`` of the result: ``playable``, ``repairs`` (tiles changed) and the solver stats;
    ``player``/``goal`` entities are (re)placed at the path's ends.
    """
    return repair_solved(level, max_bridges, style)[0]


def repair_solved(level: Level, max_bridges: int | None = None, style: Style = None) -> tuple[Level, Solution]:
    """:func:`repair`, and the solver's solution of the repaired level (its last check), so a
    caller that verifies the level next need not solve it again."""
    out = level.copy()
    grid = out.grid
    out.entities = [e for e in out.entities if e.type not in ("player", "goal")]
    profile = resolve_style(level, style)
    if profile is not None:
        _style_pass(grid, profile)
    _structure_pass(grid)
    # The start and the goal columns stay clear of walkers (enemies dropped by the structure
    # pass can land there; the solver could stomp them, but the hero must not start on one).
    ends = np.zeros(grid.shape[1], dtype=bool)
    ends[:START_COLUMNS] = ends[-1] = True
    grid[(grid == _C[ENEMY]) & ends[None, :]] = _C[EMPTY]
    sol = solve(out)
    limit = out.width if max_bridges is None else max_bridges
    for _ in range(limit):
        if sol.playable:
            break
        if "cannon" in sol.stats:  # its bullets leave no gap: the cannon goes
            cx, cy = sol.stats["cannon"]
            _remove_structure_at(grid, cy, cx)
        elif not _bridge(grid, sol):
            break
        _structure_pass(grid)
        sol = solve(out)
    if profile is not None and style_problems(grid, profile):
        # Opening the ends or bridging can leave a hole or a small fragment: tidy once more,
        # and keep the tidy version only if it is still playable.
        before = grid.copy()
        _style_pass(grid, profile)
        _structure_pass(grid)
        tidy = solve(out)
        if tidy.playable or not sol.playable:
            sol = tidy
        else:
            grid[...] = before
    out.entities = _entities(level, sol) if sol.playable else level.entities
    out.stats = {
        **out.stats,
        "playable": sol.playable,
        "repairs": int((out.grid != level.grid).sum()),
        **sol.stats,
    }
    return out, sol
