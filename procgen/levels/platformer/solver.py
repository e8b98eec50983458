"""Playability: can the player get from the start (left, on solid ground) to the right edge?

A shortest-path search over *standing tiles* — an empty, enemy-free tile with a solid tile
below — whose moves are the jump templates of :mod:`.templates` (walks, drops, jumps with
run-up and air control), all simulated by the game's own :func:`.physics.step`. For every
standing tile and every template at once, one numpy gather looks up the level at the tiles the
template sweeps, and the first one that is not free decides the move: a solid floor is a
landing, anything else (a wall in the way, an enemy, the void under the level) rejects it.
Edges go to scipy's Dijkstra with the frames a move takes as its cost (plus a penalty per
jump, so the path walks where it can).

Walkers follow the game's rules (:mod:`.enemies`): a walker the hero can come down on
wherever it patrols is a *stomp* tile — a move whose downward sweep reaches it with the
hitbox centred over its column stomps it, and the hero (steering back over the tile during
the bounce) stands there next; touching it any other way rejects the move. A walker under a
low ceiling cannot be stomped: its whole patrol run is a hazard. Walkers next to a wall, a
block or another walker are hazards too (a stomp there could land on the block or meet the
neighbour). The player never bumps a ceiling or wall mid-move, and the path is replayed in the
real physics by :class:`.bot.Bot` (walkers standing still) and by the game's bot (walkers
patrolling, cannons firing, dodged by look-ahead).


>>> from procgen.level import Level
>>> from procgen.levels.platformer.tiles import LEGEND
>>> rows = ["-" * 12] * 12 + ["XXXX----XXXX"] * 2
>>> solve(Level.from_rows("platformer", rows, LEGEND)).playable
True
>>> rows = ["-" * 12] * 12 + ["XXXX-----XXX"] * 2
>>> solve(Level.from_rows("platformer", rows, LEGEND)).playable
False
>>> rows = ["-" * 17] * 11 + ["--------E--------"] + ["XXXX----X----XXXX"] * 2
>>> sol = solve(Level.from_rows("platformer", rows, LEGEND))
>>> sol.playable, [p for p in sol.path if p[2] == "stomp"]
(True, [(8, 11, 'stomp')])
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from procgen.level import Level
from procgen.levels.platformer.bullets import schedule
from procgen.levels.platformer.enemies import patrol_runs, resting_places, stompable
from procgen.levels.platformer.physics import PHYSICS, Physics
from procgen.levels.platformer.templates import DEPTH, FLOOR, REACH_X, SKY, templates
from procgen.levels.platformer.tiles import CANNON_TOP, ENEMY, solid_table

__all__ = ["Solution", "solve", "standing_tiles", "start_tile", "tile_codes"]

#: Tile codes: STOMP is a walker the hero may come down on (see the module docstring).
FREE, SOLID, HAZARD, STOMP = 0, 1, 2, 3
#: Extra cost of a jump, in frames: prefer walking when both work.
JUMP_PENALTY = 30
#: Extra cost of a stomp, in frames: the bounce up and back down onto the tile.
STOMP_FRAMES = 25
#: Paths tried when cannon bullets leave no gap for one (each try drops the blocked move).
MAX_BULLET_DETOURS = 12


@dataclass
class Solution:
    """The solver's answer.

    ``path``: ``(x, y, action)`` standing tiles from the start (action ``"start"``) to the
    goal, each reached by ``"walk"``, ``"jump"``, ``"fall"`` or ``"stomp"`` (coming down on
    the walker standing there); ``moves``: per step, the
    template index and the frame it lands on (the bot plays those frames of its inputs); ``reached``: ``(H, W)`` bool, the standing tiles reachable from
    the start; ``stats``: jumps, stomps, gaps_crossed (pits between start and goal), hardest_jump
    (widest jump, in columns from take-off to landing tile), highest_climb (rows), path_length
    (steps), cost (frames plus penalties), furthest_x; when unplayable also ``stuck_at``
    ``(x, y)``, the furthest standing tile reached, and ``reason``, a sentence saying where the
    hero gets stuck and what lies ahead (and ``cannon``, ``(column, row)`` of a cannon whose
    bullets leave no gap, when that is what stops it).
    """

    playable: bool
    path: list[tuple[int, int, str]] = field(default_factory=list)
    moves: list[tuple[int, int]] = field(default_factory=list)
    reached: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))
    stats: dict[str, Any] = field(default_factory=dict)
    #: Move index -> ``(PERIOD,)`` bool: when a run of moves past cannon bullets may start
    #: (see :mod:`.bullets`); moves not listed may start at any frame.
    departures: dict[int, np.ndarray] = field(default_factory=dict)


_CODES = solid_table()


def tile_codes(level: Level) -> np.ndarray:
    """``(H, W)`` int8: FREE, SOLID, HAZARD or STOMP per tile.

    Walkers first fall to the floor they will patrol (one with no floor falls out and is
    gone). One whose whole patrol run lies under a low ceiling turns that run into HAZARD;
    for the others, the tiles of their runs under a low ceiling are HAZARD.
    Otherwise a walker is a STOMP tile where it stands, unless it stands under a ceiling, has
    a wall, block or walker beside it (or sharing its tile), or a walker within the three rows
    above it (where the bounce goes): then its tile is a HAZARD (the game's bot may still wait for it to walk out
    into the open; the solver does not count on it).
    """
    codes = _CODES[level.grid]
    ys, xs = np.nonzero(level.grid == ord(ENEMY))
    if ys.size == 0:
        return codes
    solid = codes == SOLID
    rows, cols, _ = resting_places(solid, ys, xs)
    if rows.size == 0:
        return codes
    h, w = codes.shape
    ok = stompable(solid, rows, cols)
    runs = patrol_runs(solid)
    codes[np.isin(runs, runs[rows[~ok], cols[~ok]])] = HAZARD
    # Where a walker's patrol passes under a low ceiling, meeting it is death (no room to
    # stomp it or jump it): those tiles are hazards.
    low = np.zeros((h, w), dtype=bool)
    low[1:] = solid[:-1]
    codes[low & (runs > 0) & np.isin(runs, runs[rows[ok], cols[ok]])] = HAZARD
    count = np.zeros((h + 4, w + 2), dtype=np.int64)  # padded: 3 rows above, a column each side
    np.add.at(count, (rows + 3, cols + 1), 1)
    walker = count > 0
    wall = np.zeros((h, w + 2), dtype=bool)
    wall[:, 0] = wall[:, -1] = True
    wall[:, 1:-1] = solid
    r, c = rows[ok], cols[ok]
    crowded = wall[r, c] | wall[r, c + 2] | walker[r + 3, c] | walker[r + 3, c + 2]
    crowded |= ((r > 0) & solid[np.maximum(r - 1, 0), c]) | (count[r + 3, c + 1] > 1)
    for dy in (1, 2, 3):  # anything the bounce could meet
        crowded |= walker[r + 3 - dy, c] | walker[r + 3 - dy, c + 1] | walker[r + 3 - dy, c + 2]
    codes[r, c] = np.where(crowded, HAZARD, np.where(codes[r, c] == HAZARD, HAZARD, STOMP))
    return codes


def standing_tiles(codes: np.ndarray) -> np.ndarray:
    """``(H, W)`` bool: free tiles (or stompable walkers' tiles) with a solid tile right below
    (where a player can stand)."""
    stand = np.zeros(codes.shape, dtype=bool)
    stand[:-1] = ((codes[:-1] == FREE) | (codes[:-1] == STOMP)) & (codes[1:] == SOLID)
    return stand


def start_tile(level: Level, stand: np.ndarray | None = None) -> tuple[int, int] | None:
    """``(x, y)``: the player entity if there is one, else the lowest standing tile of the
    leftmost column that has one; None when nothing in the level can be stood on."""
    players = level.entities_of("player")
    if players:
        return players[0].x, players[0].y
    if stand is None:
        codes = tile_codes(level)
        stand = standing_tiles(codes) & (codes == FREE)  # not on a walker
    cols = np.nonzero(stand.any(axis=0))[0]
    if cols.size == 0:
        return None
    x = int(cols[0])
    return x, int(np.nonzero(stand[:, x])[0][-1])


def _edges(codes: np.ndarray, stand: np.ndarray, physics: Physics) -> tuple[np.ndarray, ...]:
    """Every move from every standing tile: ``(src, dst, cost, template, frame, ys, xs)``.

    Walks the templates' prefix tree breadth-first for all standing tiles at once: a pair
    (tile, node) whose tile is free continues to the node's children; the first non-free
    tile ends that branch, as a landing (solid floor) or a rejection.
    """
    tr = templates(physics).trie
    jumps = templates(physics).jumps
    h, w = codes.shape
    # Pad so every template offset stays inside: sky above, walls at the sides, void below.
    pad_top, pad_bottom, pad_x = SKY, DEPTH + 2, REACH_X + 2
    padded = np.full((h + pad_top + pad_bottom, w + 2 * pad_x), SOLID, dtype=np.int8)
    padded[:pad_top] = FREE
    padded[pad_top + h :] = HAZARD
    padded[pad_top : pad_top + h, pad_x : pad_x + w] = codes
    pw = padded.shape[1]
    flat = padded.ravel()
    offset = tr.dy.astype(np.int64) * pw + tr.dx
    ys, xs = np.nonzero(stand)
    base = (ys + pad_top) * pw + xs + pad_x
    n_kids = np.diff(tr.first)
    state = np.arange(ys.size)
    node = np.zeros(ys.size, dtype=np.int64)
    out_s, out_n = [], []
    while state.size:
        # Expand every active (state, node) to the node's children.
        k = n_kids[node]
        state = np.repeat(state, k)
        starts = np.repeat(tr.first[node] - np.cumsum(k) + k, k)
        node = tr.child[starts + np.arange(state.size)]
        code = flat[base[state] + offset[node]]
        floor = tr.kind[node] == FLOOR
        # A solid floor is a landing; a walker met coming down, centred on it, a stomp.
        land = floor & ((code == SOLID) | ((code == STOMP) & tr.centred[node]))
        out_s.append(state[land])
        out_n.append(node[land])
        free = code == FREE
        state, node = state[free], node[free]
    src = np.concatenate(out_s)
    hit = np.concatenate(out_n)
    dst_x = xs[src] + tr.dx[hit]
    # A landing stands on the tile above the floor; a stomp on the walker's own tile.
    stomp = flat[base[src] + offset[hit]] == STOMP
    dst_y = ys[src] + tr.dy[hit] - 1 + stomp
    inside = (dst_x >= 0) & (dst_x < w) & (dst_y >= 0) & (dst_y < h)
    src, hit, dst_x, dst_y, stomp = src[inside], hit[inside], dst_x[inside], dst_y[inside], stomp[inside]
    index = np.full((h, w), -1, dtype=np.int64)
    index[ys, xs] = np.arange(ys.size)
    dst = index[dst_y, dst_x]
    tid = tr.template[hit]
    frames = tr.frame[hit]
    cost = frames + JUMP_PENALTY * jumps[tid] + STOMP_FRAMES * stomp
    keep = dst >= 0
    return src[keep], dst[keep], cost[keep].astype(np.float64), tid[keep], frames[keep], stomp[keep], ys, xs


def solve(level: Level, physics: Physics = PHYSICS, start_clock: int = 1) -> Solution:
    """Decide whether ``level`` can be finished; see the module docstring and :class:`Solution`.

    ``start_clock``: the frame of the level clock on which the hero sets off from the start
    (1: the level's first frame). A bot that plans again from where it stands mid-level hands
    in its clock: starting between cannons it cannot wait, so their bullets in flight matter.
    """
    codes = tile_codes(level)
    stand = standing_tiles(codes)
    h, w = codes.shape
    start = start_tile(level, stand & (codes == FREE))
    empty_reached = np.zeros((h, w), dtype=bool)
    if start is None or not stand[start[1], start[0]]:
        return Solution(False, reached=empty_reached, stats={"furthest_x": -1, "reason": "no start"})
    if codes[start[1], start[0]] != FREE:
        return Solution(False, reached=empty_reached, stats={"furthest_x": -1, "reason": "the start is on an enemy"})
    src, dst, cost, tid, frames, stomp, ys, xs = _edges(codes, stand, physics)
    n = ys.size
    # Keep the cheapest template per (src, dst): sort by cost, first of each pair wins.
    order = np.lexsort((cost, dst, src))
    src, dst, cost, tid, frames, stomp = src[order], dst[order], cost[order], tid[order], frames[order], stomp[order]
    first = np.ones(src.size, dtype=bool)
    first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    src, dst, cost, tid, frames, stomp = src[first], dst[first], cost[first], tid[first], frames[first], stomp[first]
    node = np.full((h, w), -1, dtype=np.int64)
    node[ys, xs] = np.arange(n)
    s = int(node[start[1], start[0]])
    cy, cx = np.nonzero(level.grid == ord(CANNON_TOP))
    cannons = list(zip(cx.tolist(), cy.tolist(), strict=True))
    tmpl = templates(physics)
    first_reached: np.ndarray | None = None
    solid = codes == SOLID
    timed: dict[Any, Any] = {}  # runs past cannons already timed, kept across tries
    blocked_at: tuple[int, int] | None = None
    cannon = (-1, -1)
    # Edges are sorted by (src, dst): that is the graph's CSR layout as it stands. A try that
    # drops moves makes them infinitely long (never relaxed) instead of rebuilding the graph.
    pair = src * n + dst
    indptr = np.searchsorted(src, np.arange(n + 1))
    weight = cost.copy()
    src_y, src_x, dst_y, dst_x = ys[src], xs[src], ys[dst], xs[dst]
    for _ in range(MAX_BULLET_DETOURS):
        graph = csr_matrix((weight, dst, indptr), shape=(n, n))
        dist, pred = dijkstra(graph, directed=True, indices=s, return_predecessors=True)
        finite = np.isfinite(dist)
        reached = np.zeros((h, w), dtype=bool)
        reached[ys[finite], xs[finite]] = True
        if first_reached is None:
            first_reached = reached
        goal_nodes = np.nonzero(finite & (xs == w - 1))[0]
        if goal_nodes.size == 0:
            break
        g = int(goal_nodes[dist[goal_nodes].argmin()])
        back = pred.tolist()  # Python ints: the walk back is a plain loop
        chain = [g]
        while chain[-1] != s:
            chain.append(back[chain[-1]])
        chain.reverse()
        # Edges are sorted by (src, dst): one vectorized search finds every edge the path takes.
        chain_a = np.array(chain[:-1], dtype=np.int64)
        chain_b = np.array(chain[1:], dtype=np.int64)
        e = np.searchsorted(pair, chain_a * n + chain_b)
        ks, fs = tid[e].tolist(), frames[e].tolist()
        moves = list(zip(ks, fs, strict=True))
        ax, ay, bx, by = xs[chain_a], ys[chain_a], xs[chain_b], ys[chain_b]
        walk = (ay == by) & (np.abs(ax - bx) == 1)
        action = np.where(stomp[e], "stomp", np.where(tmpl.jumps[tid[e]], "jump", np.where(walk, "walk", "fall")))
        path: list[tuple[int, int, str]] = [(int(xs[s]), int(ys[s]), "start")]
        path += zip(bx.tolist(), by.tolist(), action.tolist(), strict=True)
        if not cannons:
            return Solution(True, path, moves, reached, _path_stats(codes, path, float(dist[g]), int(xs[finite].max())))
        departures, blocked = schedule(solid, path, moves, cannons, timed, start_clock)
        if not blocked:
            stats = _path_stats(codes, path, float(dist[g]), int(xs[finite].max()))
            return Solution(True, path, moves, reached, stats, departures)
        # No start time gets these moves past the bullets: plan again without them.
        blocked_at, cannon = path[blocked[0][0] + 1][:2], blocked[0][1]
        drop = np.zeros(src.size, dtype=bool)
        drop[e[[k for k, _ in blocked]]] = True
        # Moves much like a blocked one (from the same tile to a tile beside its landing, or
        # to the same tile from beside its take-off) meet the same bullets: drop them too,
        # or each try would only shift the path by a tile.
        for k, _ in blocked:
            a, b = chain_a[k], chain_b[k]
            drop |= (src == a) & (dst_y == ys[b]) & (np.abs(dst_x - xs[b]) <= 2)
            drop |= (dst == b) & (src_y == ys[a]) & (np.abs(src_x - xs[a]) <= 2)
        weight[drop] = np.inf
    assert first_reached is not None
    stats = stuck(codes, first_reached if blocked_at is None else reached)
    if blocked_at is not None:
        stats["reason"] = (f"stuck at column {blocked_at[0]}, row {blocked_at[1]}: cannon bullets leave no gap "
                           "to get through")
        stats["stuck_at"] = blocked_at
        stats["cannon"] = cannon
        stats["furthest_x"] = int(blocked_at[0])
    return Solution(False, reached=first_reached, stats=stats)


def pit_runs(codes: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs ``(first, last)`` of columns whose bottom tile is not solid (pits)."""
    pit = codes[-1] != SOLID
    edges = np.diff(np.concatenate([[0], pit.astype(np.int8), [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0] - 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


_WHAT = {FREE: "open air", SOLID: "a wall", HAZARD: "an enemy it cannot stomp", STOMP: "a walker"}


def stuck(codes: np.ndarray, reached: np.ndarray) -> dict[str, Any]:
    """Where an unfinishable level stops the hero: ``furthest_x``, ``stuck_at`` (the
    furthest standing tile reached: rightmost, then highest) and ``reason``, one sentence
    naming that tile and what lies in the next column (a pit, a wall too high, an enemy)."""
    ys, xs = np.nonzero(reached)
    if xs.size == 0:
        return {"furthest_x": -1, "reason": "nothing can be reached from the start"}
    i = int(np.lexsort((ys, -xs))[0])
    x, y = int(xs[i]), int(ys[i])
    w = codes.shape[1]
    note = ""
    if x + 1 >= w:
        what = "the edge"
    elif (codes[y + 1 :, x + 1] != SOLID).all():
        empty = (codes[y + 1 :, x + 1 :] != SOLID).all(axis=0)  # no floor at or below the hero
        width = int(np.argmin(empty)) if not empty.all() else int(empty.size)
        what = f"a pit {width} columns wide"
    else:
        # The wall ahead: solid tiles stacked up from the hero's row (a brick ceiling above,
        # as underground levels have, or a floating block, is not part of it).
        ahead = codes[: y + 1, x + 1][::-1] == SOLID
        height = int(np.argmin(ahead)) if not ahead.all() else int(ahead.size)
        above = codes[:y, x][::-1] == SOLID  # from the hero's head up: a ceiling that stops a jump
        room = int(np.argmax(above)) if above.any() else -1
        enemy = (codes[max(y - 1, 0) : y + 2, x + 1 : x + 3] == HAZARD).any()
        if enemy:
            what = _WHAT[HAZARD]
        elif height > 0:
            what = f"a wall {_tiles(height)} high"
            if 0 <= room <= height:  # no room to jump over it
                note = f" (a ceiling {_tiles(room + 1)} above the hero)"
        else:
            what = "a jump too far"
    return {"furthest_x": x, "stuck_at": (x, y), "reason": f"stuck at column {x}, row {y}: {what} ahead{note}"}


def _tiles(n: int) -> str:
    return f"{n} tile" if n == 1 else f"{n} tiles"


def _path_stats(codes: np.ndarray, path: list[tuple[int, int, str]], cost: float, furthest: int) -> dict[str, Any]:
    jumps = [(a, b) for a, b in itertools.pairwise(path) if b[2] in ("jump", "stomp")]
    # Every pit between the start and the goal column is passed over by the path.
    x0, x1 = path[0][0], path[-1][0]
    crossed = sum(x0 < a and b < x1 for a, b in pit_runs(codes))
    return {
        "jumps": len(jumps),
        "stomps": sum(p[2] == "stomp" for p in path),
        "gaps_crossed": int(crossed),
        "hardest_jump": max((abs(b[0] - a[0]) for a, b in jumps), default=0),
        "highest_climb": max((a[1] - b[1] for a, b in jumps), default=0),
        "path_length": len(path) - 1,
        "cost": cost,
        "furthest_x": furthest,
    }
