"""Cannon bullets with timing: where they fly, when, and at which frames a path may pass.

A cannon (:mod:`.enemies`) fires every ``CANNON_PERIOD`` frames of the level clock, towards
the hero, and its bullet flies straight along the cannon's top row until the first wall. The
solver plans over still tiles; for bullets it needs time. The model here is a safe
over-approximation of the game: every cannon fires on every period in *both* directions
(the game fires one way, and only while the hero is in range), and bullets never die of
distance nor by being stomped (the plan never touches one). A passage this model allows is
therefore clear in the game too.

* A **lane** is the run of tiles a cannon's bullets fly through on one side: its top row,
  from the tile next to the cannon to the last free tile before a wall (or the level's edge).
  A hero standing in a lane is in the bullets' way; standing anywhere else it never is (the
  bullets' hitbox stays inside the lane's row).
* A path's moves that come near a lane are *timed*. Runs of timed moves from a tile outside
  every lane (where the hero can wait safely) to the next such tile are played once in the
  physics (:func:`trajectory`, the same replayer as the bot), and :func:`safe_phases` says at
  which phases of the firing period starting that run touches no bullet. The bot waits on the
  safe tile before the run until the level clock is at a safe phase.

>>> import numpy as np
>>> solid = np.zeros((4, 12), dtype=bool); solid[3] = True; solid[2, 5] = True
>>> [(ln.row, ln.lo, ln.hi, ln.vx) for ln in lanes(solid, [(5, 2)])]
[(2, 6, 11, 1.5), (2, 0, 4, -1.5)]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from procgen.levels.platformer import physics as phys
from procgen.levels.platformer.enemies import BULLET_SPEED, CANNON_PERIOD, Walker, touch
from procgen.levels.platformer.templates import DEPTH, REACH_X, SKY, templates

__all__ = ["PERIOD", "Lane", "lane_tiles", "lanes", "safe_phases", "schedule"]

P = phys.PHYSICS
TS = P.tile_size
PERIOD = CANNON_PERIOD


@dataclass(frozen=True)
class Lane:
    """One side of a cannon: bullets start at ``x0`` (px, the bullet's left) on ``row`` and fly
    at ``vx`` px/frame while their centre is over a column in ``lo..hi`` (free tiles)."""

    cannon: int
    row: int
    x0: float
    vx: float
    lo: int
    hi: int


def lanes(solid: np.ndarray, cannons: list[tuple[int, int]]) -> list[Lane]:
    """The lanes of ``cannons`` (``(column, row)`` of each cannon top) in ``solid``."""
    h, w = solid.shape
    out = []
    for cx, cy in cannons:
        if not 0 <= cy < h:
            continue
        row = solid[cy]
        for vx in (BULLET_SPEED, -BULLET_SPEED):
            step = 1 if vx > 0 else -1
            c = cx + step
            if not 0 <= c < w or row[c]:
                continue  # a wall right beside the cannon: that side never gets a bullet
            end = c
            while 0 <= end + step < w and not row[end + step]:
                end += step
            out.append(Lane(cx, cy, float(cx * TS + (TS if vx > 0 else -TS)), vx, min(c, end), max(c, end)))
    return out


def lane_tiles(all_lanes: list[Lane], shape: tuple[int, int]) -> np.ndarray:
    """``(H, W)`` bool: the tiles a bullet can be in."""
    out = np.zeros(shape, dtype=bool)
    for ln in all_lanes:
        out[ln.row, ln.lo : ln.hi + 1] = True
    return out


def _unsafe_intervals(xs: np.ndarray, ys: np.ndarray, index: np.ndarray, all_lanes: list[Lane],
                      first_frame: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For hero positions ``(xs, ys)`` (top-left, px) at frame ``index`` of their run: the phases
    at which a run's start puts a bullet on the hero at that frame, as intervals mod
    ``PERIOD``: ``(which, first phase, count, lane)`` with ``which`` indexing the positions and
    ``lane`` the lanes.

    A bullet fired on a frame ``F`` (a multiple of ``PERIOD``) has moved ``t - F + 1`` times by
    the end of frame ``t``; a run starting on a frame of phase ``p`` is at frame ``p + i`` on its
    ``i``-th frame, so a bullet of age ``a`` meets it there when ``p = a - i - 1 (mod PERIOD)``.
    The ages at which a bullet overlaps the hero form one interval (it flies straight), so the
    bad phases of a frame are one interval too (all phases when it spans a period). With
    ``first_frame`` the run starts on that frame of the level clock (the level's start:
    frame 1), and only bullets fired since (on frame ``PERIOD`` or later) count.
    """
    hw, hh = P.hitbox_w, P.hitbox_h
    empty = np.zeros(0, dtype=np.int64)
    if not all_lanes or xs.size == 0:
        return empty, empty, empty, empty
    # Every (lane, position) pair at once; nonzero keeps them lane by lane, positions in order.
    row = np.array([ln.row for ln in all_lanes], dtype=np.float64)[:, None]
    lo = np.array([ln.lo for ln in all_lanes], dtype=np.float64)[:, None]
    hi = np.array([ln.hi for ln in all_lanes], dtype=np.float64)[:, None]
    by = row * TS + 1.0
    near = (ys < by + hh) & (by + 2 < ys + hh) & (xs > lo * TS - 2 * TS) & (xs < (hi + 2) * TS)
    li, which = np.nonzero(near)
    x0 = np.array([ln.x0 for ln in all_lanes])[li]
    vx = np.array([ln.vx for ln in all_lanes])[li]
    hx = xs[which]
    # Overlap (enemies.touch): hx - hw + 1 < bx < hx + hw - 1, bx = x0 + vx * age.
    e1 = (hx - hw + 1 - x0) / vx
    e2 = (hx + hw - 1 - x0) / vx
    a0 = np.floor(np.minimum(e1, e2)) + 1
    a1 = np.ceil(np.maximum(e1, e2)) - 1
    # Alive while the centre is over a free column of the lane: floor((bx + 8) / 16) in lo..hi.
    life = np.where(vx > 0, np.ceil(((hi[li, 0] + 1) * TS - TS / 2 - x0) / vx) - 1,
                    np.floor((x0 + TS / 2 - lo[li, 0] * TS) / -vx))
    a0 = np.maximum(a0, 1)
    a1 = np.minimum(a1, life)
    if first_frame is not None:  # a run at a known time: only bullets fired since frame PERIOD
        a1 = np.minimum(a1, first_frame + index[which] + 1 - PERIOD)
    keep = a1 >= a0
    which, li, a0, a1 = which[keep], li[keep], a0[keep], a1[keep]
    start = ((a0 - index[which] - 1) % PERIOD).astype(np.int64)
    return which, start, np.minimum(a1 - a0 + 1, PERIOD).astype(np.int64), li.astype(np.int64)


def safe_phases(xs: np.ndarray, ys: np.ndarray, all_lanes: list[Lane], runs: np.ndarray | None = None,
                index: np.ndarray | None = None, n_runs: int = 1) -> np.ndarray:
    """``(n_runs, PERIOD)`` bool (``(PERIOD,)`` for one run): for each phase ``p``, whether a
    hero whose hitbox's top-left is ``(xs[i], ys[i])`` after frame ``index[i]`` of run
    ``runs[i]`` (default: one run, frames in order), the run's first frame being a frame ``t``
    of the level clock with ``t % PERIOD == p``, touches no bullet of ``all_lanes``.

    Frames are numbered as the game counts them: a cannon fires on frames that are multiples
    of ``PERIOD``, and its bullet has moved once by the end of that frame.
    """
    one = runs is None
    runs = np.zeros(xs.size, dtype=np.int64) if runs is None else runs
    index = np.arange(xs.size) if index is None else index
    which, first, count, _ = _unsafe_intervals(xs, ys, index, all_lanes)
    ok = _phase_mask(runs[which], first, count, n_runs)
    return ok[0] if one else ok


def _phase_mask(r: np.ndarray, first: np.ndarray, count: np.ndarray, n_runs: int) -> np.ndarray:
    """``(n_runs, PERIOD)``: the phases no interval (run ``r``, ``first``, ``count``) covers."""
    # A difference array per run: +1 where a bad interval starts, -1 past its end (wrapping).
    diff = np.zeros((n_runs, PERIOD + 1), dtype=np.int64)
    end = first + count
    np.add.at(diff, (r, first), 1)
    np.add.at(diff, (r, np.minimum(end, PERIOD)), -1)
    wrap = end > PERIOD
    np.add.at(diff, (r[wrap], np.zeros(int(wrap.sum()), dtype=np.int64)), 1)
    np.add.at(diff, (r[wrap], end[wrap] - PERIOD), -1)
    return np.cumsum(diff[:, :PERIOD], axis=1) == 0


def _timed_moves(lane: np.ndarray, path: list[tuple[int, int, str]], moves: list[tuple[int, int]],
                 which: np.ndarray | None = None) -> np.ndarray:
    """Per move of ``path`` (or of the moves ``which``): whether the hitbox can meet a lane
    tile during it (its start or end tile is in a lane, or its template touches one before
    landing; a stomp's bounce counts when a lane is within its box)."""
    h, w = lane.shape
    tm = templates()
    which = np.arange(len(moves)) if which is None else which
    p = np.array([(x, y) for x, y, _ in path], dtype=np.int64)
    tid = np.array([moves[k][0] for k in which.tolist()], dtype=np.int64)
    land = np.array([moves[k][1] for k in which.tolist()], dtype=np.int64)
    here, there = p[which], p[which + 1]
    ex = here[:, 0, None] + tm.dx[tid]
    ey = here[:, 1, None] + tm.dy[tid]
    inside = (ex >= 0) & (ex < w) & (ey >= 0) & (ey < h) & (tm.frame[tid] <= land[:, None]) & (tm.frame[tid] > 0)
    hit = np.zeros(ex.shape, dtype=bool)
    hit[inside] = lane[ey[inside], ex[inside]]
    timed = hit.any(axis=1) | lane[here[:, 1], here[:, 0]] | lane[there[:, 1], there[:, 0]]
    for i, k in enumerate(which.tolist()):
        x, y, action = path[k + 1]
        if action == "stomp":
            timed[i] |= bool(lane[max(y - 3, 0) : y + 1, max(x - 1, 0) : x + 2].any())
    return timed


def _run_trajectories(solid: np.ndarray, path: list[tuple[int, int, str]], moves: list[tuple[int, int]],
                      bounds: list[tuple[int, int]], stomps: dict[Any, Any]
                      ) -> list[tuple[np.ndarray, np.ndarray, list[int]]]:
    """:func:`_run_trajectory` of every run ``(a, b)`` in ``bounds`` at once, the same numbers:
    the templates' recorded frames and the centring steps laid out for all moves with numpy
    gathers; only stomps (:func:`_stomp_trace`, kept in ``stomps``) are played in Python."""
    tm = templates()
    ks = np.concatenate([np.arange(a, b) for a, b in bounds])
    starts = np.zeros(ks.size, dtype=bool)
    starts[np.cumsum([0] + [b - a for a, b in bounds[:-1]])] = True
    px = np.array([p[0] for p in path], dtype=np.int64)
    py = np.array([p[1] for p in path], dtype=np.int64)
    stomp = np.array([path[k + 1][2] == "stomp" for k in ks.tolist()], dtype=bool)
    tid = np.array([moves[k][0] for k in ks.tolist()], dtype=np.int64)
    lf = np.array([moves[k][1] for k in ks.tolist()], dtype=np.int64)
    half = (TS - P.hitbox_w) // 2
    cx = (px[ks] * TS + half).astype(np.float64)
    sy = ((py[ks] + 1) * TS - P.hitbox_h).astype(np.float64)
    land_y = ((py[ks + 1] + 1) * TS - P.hitbox_h).astype(np.float64)
    traces = {}
    for i in np.nonzero(stomp)[0].tolist():
        k = int(ks[i])
        key = ("stomp", path[k][:2], path[k + 1][:2], moves[k])
        if key not in stomps:
            stomps[key] = _stomp_trace(solid, path, moves, k)
        traces[i] = stomps[key]
    length = lf.copy()
    end_x = cx + tm.trace[tid, np.maximum(lf - 1, 0), 0]
    for i, (tx, _) in traces.items():
        length[i] = tx.size
        end_x[i] = tx[-1]
    # Each move starts where the last one ended (a run's first move: centred on its tile).
    prev = np.where(starts, cx, np.roll(end_x, 1))
    centring = np.where(prev != cx, np.abs(cx - prev) // P.run_speed, 0).astype(np.int64)
    seg = centring + length
    seg_start = np.cumsum(seg) - seg
    total = int(seg.sum())
    move_of = np.repeat(np.arange(ks.size), seg)
    j = np.arange(total) - seg_start[move_of]  # frame within the move's segment
    c = centring[move_of]
    in_centre = j < c
    body = np.maximum(j - c, 0)  # frame within the move itself
    sign = np.sign(cx - prev)[move_of]
    xs = np.where(in_centre, prev[move_of] + sign * ((j + 1) * P.run_speed), 0.0)
    ys = np.where(in_centre, sy[move_of], 0.0)
    tmove = ~in_centre & ~stomp[move_of]
    t_tid = tid[move_of][tmove]
    tr = tm.trace[t_tid, body[tmove]].astype(np.float64)
    xs[tmove] = cx[move_of][tmove] + tr[:, 0]
    ys[tmove] = sy[move_of][tmove] + tr[:, 1]
    last = seg_start + seg - 1  # the landing frame ends on the floor
    ys[last[~stomp]] = land_y[~stomp]
    for i, (tx, ty) in traces.items():
        at = seg_start[i] + centring[i]
        xs[at : at + tx.size] = tx
        ys[at : at + ty.size] = ty
    out = []
    m = 0
    for a, b in bounds:
        lo, hi = int(seg_start[m]), int(seg_start[m + b - a - 1] + seg[m + b - a - 1])
        ends = (np.cumsum(seg[m : m + b - a])).tolist()
        rx, ry = xs[lo:hi], ys[lo:hi]
        if b == len(moves):  # the path's end: the bot walks on to the goal (the last column's centre)
            x_now = float(rx[-1])
            gx = P.canonical_x(path[-1][0])
            walk = x_now + np.arange(1, int(max(0.0, gx - x_now) // P.run_speed) + 2) * P.run_speed
            rx = np.concatenate([rx, walk])
            ry = np.concatenate([ry, np.full(walk.size, P.standing_y(path[-1][1]))])
        out.append((rx, ry, ends))
        m += b - a
    return out


def _run_trajectory(solid: np.ndarray, path: list[tuple[int, int, str]], moves: list[tuple[int, int]], a: int,
                    b: int, stomps: dict[Any, Any] | None = None) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """The reference for :func:`_run_trajectories` (which lays out many runs at once, and
    must give the same numbers): the hitbox after each frame of moves ``a..b-1`` played by the bot from standing
    centred on ``path[a]``: after each move the bot walks to the centre of the tile it landed
    on, then plays the next. Moves come from the templates' recorded frames (the level matches
    the empty world they were recorded in up to the landing), stomps from :func:`_stomp_trace`
    (kept in ``stomps`` by move: a stomp is played in Python, frame by frame, and the paths of
    a level's tries share most of them)."""
    stomps = {} if stomps is None else stomps
    out_x, out_y, ends = [], [], []
    n = 0
    x_now = P.canonical_x(path[a][0])
    for k in range(a, b):
        key = ("move", x_now, path[k][:2], path[k + 1], moves[k])
        if key not in stomps:  # moves repeat across runs and tries: each is laid out once
            stomps[key] = _move_trajectory(solid, path, moves, k, x_now, stomps)
        mx, my = stomps[key]
        out_x.append(mx)
        out_y.append(my)
        n += mx.size
        ends.append(n)
        x_now = float(mx[-1])
    if b == len(moves):  # the path's end: the bot walks on to the goal (the last column's centre)
        gx = P.canonical_x(path[-1][0])
        walk = x_now + np.arange(1, int(max(0.0, gx - x_now) // P.run_speed) + 2) * P.run_speed
        out_x.append(walk)
        out_y.append(np.full(walk.size, P.standing_y(path[-1][1])))
    return np.concatenate(out_x), np.concatenate(out_y), ends


def _move_trajectory(solid: np.ndarray, path: list[tuple[int, int, str]], moves: list[tuple[int, int]], k: int,
                     x_now: float, stomps: dict[Any, Any]) -> tuple[np.ndarray, np.ndarray]:
    """The hitbox after each frame of move ``k`` from ``x_now`` (px) on ``path[k]``'s row:
    centring on the tile, a run step at a time, then the move (see :func:`_run_trajectory`)."""
    (x, y, _), (_, ny, action) = path[k], path[k + 1]
    cx, sy = P.canonical_x(x), P.standing_y(y)
    out_x, out_y = [], []
    if x_now != cx:  # centring, a run step at a time
        steps = np.arange(1, int(abs(cx - x_now) // P.run_speed) + 1) * P.run_speed
        cxs = x_now + np.sign(cx - x_now) * steps
        out_x.append(cxs)
        out_y.append(np.full(cxs.size, sy))
    if action == "stomp":
        key = ("stomp", path[k][:2], path[k + 1][:2], moves[k])
        if key not in stomps:
            stomps[key] = _stomp_trace(solid, path, moves, k, from_template=False)
        tx, ty = stomps[key]
    else:
        tid, lf = moves[k]
        tr = templates().trace[tid, :lf].astype(np.float64)
        tx, ty = cx + tr[:, 0], sy + tr[:, 1]
        ty[-1] = P.standing_y(ny)  # the landing frame ends on the floor
    out_x.append(tx)
    out_y.append(ty)
    return np.concatenate(out_x), np.concatenate(out_y)


def _stomp_trace(solid: np.ndarray, path: list[tuple[int, int, str]], moves: list[tuple[int, int]], k: int,
                 from_template: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The hitbox after each frame of move ``k``, a stomp, as :class:`.bot.Bot` plays it from
    standing centred on ``path[k]``: the template's keys until the hero lands on the walker
    standing on ``path[k + 1]`` and bounces, then steering back over that tile (no jump key)
    until it stands again. ``from_template``: take the frames before the walker is reached
    from the template's own play (False: simulate them all; the same numbers)."""
    tm = templates()
    tid, lf = moves[k]
    keys = tm.inputs[tid]
    walker = Walker.at(*path[k + 1][:2])
    target = P.canonical_x(path[k + 1][0])
    body = phys.spawn_body(path[k][0], path[k][1])
    out_x: list[float] = []
    out_y: list[float] = []
    bouncing, frame = False, 0
    # Up to a frame before it first touches the walker's tile the move sweeps only free tiles
    # (the solver's rule), so it is the template as played in its empty world, shifted here:
    # exact, the physics' speeds being multiples of 1/16 px. Checked frame by frame anyway.
    shown = _template_bodies(tid)
    skip = max(0, min(lf - 2, len(shown))) if from_template else 0
    before = body
    for i in range(skip):
        dx, dy, vx, vy, on_ground = shown[i]
        after = phys.Body(body.x + dx, body.y + dy, vx, vy, on_ground)
        if (before.vy == -P.stomp_bounce and not before.on_ground) or touch(after, walker.x, walker.y)[0]:
            skip = i
            break
        out_x.append(after.x)
        out_y.append(after.y)
        before = after
    if skip:
        body, frame = before, skip
    for _ in range(300 - skip):
        if body.vy == -P.stomp_bounce and not body.on_ground:
            bouncing = True
        if bouncing:
            inputs = phys.Inputs(right=body.x < target, left=body.x > target)
        else:
            inputs = keys[min(frame, len(keys) - 1)]
            frame += 1
        body = phys.step(body, inputs, solid)
        if walker.alive:
            outcome, body = touch(body, walker.x, walker.y)
            walker.alive = outcome != "stomp"
        out_x.append(body.x)
        out_y.append(body.y)
        if body.on_ground and (bouncing or frame > lf):
            break
    return np.asarray(out_x), np.asarray(out_y)


@cache
def _template_bodies(tid: int) -> tuple[tuple[float, float, float, float, bool], ...]:
    """The body after each frame of template ``tid`` played in the empty world it was recorded
    in (only the take-off floor), as ``(dx, dy, vx, vy, on_ground)`` from its start."""
    h, w = SKY + DEPTH + 2, 2 * REACH_X + 3
    world = np.zeros((h, w), dtype=bool)
    world[SKY + 1, REACH_X + 1] = True
    start = phys.spawn_body(REACH_X + 1, SKY)
    body, out = start, []
    for inputs in templates().inputs[tid]:
        body = phys.step(body, inputs, world)
        out.append((body.x - start.x, body.y - start.y, body.vx, body.vy, body.on_ground))
    return tuple(out)


def schedule(solid: np.ndarray, path: list[tuple[int, int, str]], moves: list[tuple[int, int]],
             cannons: list[tuple[int, int]], cache: dict[Any, Any] | None = None, start_clock: int = 1
             ) -> tuple[dict[int, np.ndarray], list[tuple[int, tuple[int, int]]]]:
    """When the moves of ``path`` may start, given the cannons' bullets.

    Returns ``(departures, blocked)``: ``departures[k]`` is the ``(PERIOD,)`` mask of phases
    at which the run of timed moves starting with move ``k`` may start (on frame ``t`` with
    ``t % PERIOD`` set in the mask); ``blocked`` lists, for each run no start time makes
    safe, the move on which its best start meets a bullet and the cannon ``(column, row)``
    that fired it (empty when every run has a safe start). ``cache`` (a dict kept across calls for one level) saves the runs
    already timed. ``start_clock`` is the frame of the level clock on which the hero sets off
    from ``path[0]``: 1 at the level's start; a bot planning again mid-level hands in its clock,
    since standing in a lane it cannot wait for a gap (only this first run depends on it).
    """
    cache = {} if cache is None else cache
    if "lanes" not in cache:  # the same on every try
        found = lanes(solid, cannons)
        cache["lanes"] = found, lane_tiles(found, solid.shape)
    all_lanes, lane = cache["lanes"]
    if not all_lanes or len(path) < 2:
        return {}, []
    # Whether each move is timed, kept by move: a level's tries share most of their moves.
    seen = cache.setdefault("timed", {})
    move_keys = [(path[k][:2], path[k + 1], moves[k]) for k in range(len(moves))]
    new = [k for k, key in enumerate(move_keys) if key not in seen]
    if new:
        for k, t in zip(new, _timed_moves(lane, path, moves, np.array(new, dtype=np.int64)).tolist(), strict=True):
            seen[move_keys[k]] = t
    timed = [seen[key] for key in move_keys]
    unsafe = lane[[y for _, y, _ in path], [x for x, _, _ in path]]
    bounds: list[tuple[int, int]] = []
    n, a = len(moves), 0
    while a < n:
        if not timed[a]:
            a += 1
            continue
        b = a + 1
        while b < n and timed[b] and unsafe[b]:
            b += 1  # no waiting in a lane: the run goes on to the next safe tile
        bounds.append((a, b))
        a = b
    if not bounds:
        return {}, []
    # Runs seen on an earlier try of this level (the path changes only near a blocked move).
    keys = [(tuple(path[a : b + 1]), tuple(moves[a:b])) for a, b in bounds]
    todo = [i for i, key in enumerate(keys) if key not in cache]
    if todo:
        parts = _run_trajectories(solid, path, moves, [bounds[i] for i in todo], cache)
        xs = np.concatenate([p[0] for p in parts])
        ys = np.concatenate([p[1] for p in parts])
        runs = np.concatenate([np.full(p[0].size, i) for i, p in enumerate(parts)])
        index = np.concatenate([np.arange(p[0].size) for p in parts])
        which, first, count, lane_of = _unsafe_intervals(xs, ys, index, all_lanes)
        r = runs[which]
        ok = _phase_mask(r, first, count, len(todo))
        for j, i in enumerate(todo):
            mine = r == j  # this run's intervals, in the order a call for it alone lists them
            hits = (index[which[mine]], first[mine], count[mine], lane_of[mine])
            cache[keys[i]] = (ok[j], parts[j], hits)
    departures: dict[int, np.ndarray] = {}
    blocked = []
    for (a, _), key in zip(bounds, keys, strict=True):
        ok_a, part, hits = cache[key]
        if unsafe[a]:
            # The start, in a lane (only path[0] can be: a run goes on until it leaves the
            # lanes): no waiting there; the hero sets off on frame ``start_clock``, when only
            # bullets fired on frame PERIOD or later can be in flight.
            _, first, count, _ = _unsafe_intervals(part[0], part[1], np.arange(part[0].size), all_lanes,
                                                   first_frame=start_clock)
            if (((start_clock - first) % PERIOD) < count).any():
                blocked.append(_first_hit_move(part[0], part[1], part[2], all_lanes, a, first_frame=start_clock))
        elif not ok_a.any():
            blocked.append(_first_hit_move(part[0], part[1], part[2], all_lanes, a, hits=hits))
        else:
            departures[a] = ok_a
    return departures, blocked


def _first_hit_move(xs: np.ndarray, ys: np.ndarray, ends: list[int], all_lanes: list[Lane], a: int,
                    first_frame: int | None = None, hits: tuple[np.ndarray, ...] | None = None
                    ) -> tuple[int, tuple[int, int]]:
    """The move of a run (moves ``a...``, move ``a + i`` ending after frame ``ends[i]``) on
    which the best start time (or the start on ``first_frame``) meets a bullet, and the cannon
    ``(column, row)`` that fired it; ``hits``: the run's :func:`_unsafe_intervals` when known."""
    if hits is None:
        hits = _unsafe_intervals(xs, ys, np.arange(xs.size), all_lanes, first_frame)
    which, first, count, lane = hits
    # Intervals frame by frame (as listed within a frame): the first one after which no phase
    # the run may start on is left clear is where it is caught.
    order = np.argsort(which, kind="stable")
    which, first, count, lane = which[order], first[order], count[order], lane[order]
    need = np.ones(PERIOD, dtype=bool)
    if first_frame is not None:
        need[np.arange(PERIOD) != first_frame % PERIOD] = False
    # The earliest interval covering each phase (every interval's phases spelt out: a bullet
    # overlaps the hero for a few frames, so there are few); the phase covered last is where
    # no start time is left.
    n = which.size
    span = np.repeat(first, count) + (np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count))
    earliest = np.full(PERIOD, n, dtype=np.int64)
    np.minimum.at(earliest, span % PERIOD, np.repeat(np.arange(n), count))
    k = int(earliest[need].max()) if n and (earliest[need] < n).all() else -1
    if k >= 0:
        f, culprit = int(which[k]), int(lane[k])
    elif which.size:
        f, culprit = int(which[-1]), int(lane[-1])
    else:
        f, culprit = xs.size - 1, 0
    move = a + min(int(np.searchsorted(np.asarray(ends), f, side="right")), len(ends) - 1)
    ln = all_lanes[culprit] if all_lanes else None
    return move, ((ln.cannon, ln.row) if ln is not None else (-1, -1))
