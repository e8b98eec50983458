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
from typing import Any

import numpy as np

from procgen.levels.platformer import physics as phys
from procgen.levels.platformer.enemies import BULLET_SPEED, CANNON_PERIOD, Walker, touch
from procgen.levels.platformer.templates import templates

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
    out_w, out_s, out_n, out_l = [], [], [], []
    for li, ln in enumerate(all_lanes):
        by = ln.row * TS + 1.0
        near = (ys < by + hh) & (by + 2 < ys + hh) & (xs > ln.lo * TS - 2 * TS) & (xs < (ln.hi + 2) * TS)
        which = np.nonzero(near)[0]
        if which.size == 0:
            continue
        hx = xs[which]
        # Overlap (enemies.touch): hx - hw + 1 < bx < hx + hw - 1, bx = x0 + vx * age.
        e1 = (hx - hw + 1 - ln.x0) / ln.vx
        e2 = (hx + hw - 1 - ln.x0) / ln.vx
        a0 = np.floor(np.minimum(e1, e2)) + 1
        a1 = np.ceil(np.maximum(e1, e2)) - 1
        # Alive while the centre is over a free column of the lane: floor((bx + 8) / 16) in lo..hi.
        if ln.vx > 0:
            life = np.ceil(((ln.hi + 1) * TS - TS / 2 - ln.x0) / ln.vx) - 1
        else:
            life = np.floor((ln.x0 + TS / 2 - ln.lo * TS) / -ln.vx)
        a0 = np.maximum(a0, 1)
        a1 = np.minimum(a1, life)
        if first_frame is not None:  # a run at a known time: only bullets fired since frame PERIOD
            a1 = np.minimum(a1, first_frame + index[which] + 1 - PERIOD)
        keep = a1 >= a0
        which, a0, a1 = which[keep], a0[keep], a1[keep]
        out_w.append(which)
        out_l.append(np.full(which.size, li))
        out_s.append(((a0 - index[which] - 1) % PERIOD).astype(np.int64))
        out_n.append(np.minimum(a1 - a0 + 1, PERIOD).astype(np.int64))
    if not out_w:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    return np.concatenate(out_w), np.concatenate(out_s), np.concatenate(out_n), np.concatenate(out_l)


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
    # A difference array per run: +1 where a bad interval starts, -1 past its end (wrapping).
    diff = np.zeros((n_runs, PERIOD + 1), dtype=np.int64)
    r = runs[which]
    end = first + count
    np.add.at(diff, (r, first), 1)
    np.add.at(diff, (r, np.minimum(end, PERIOD)), -1)
    wrap = end > PERIOD
    np.add.at(diff, (r[wrap], np.zeros(int(wrap.sum()), dtype=np.int64)), 1)
    np.add.at(diff, (r[wrap], end[wrap] - PERIOD), -1)
    ok = np.cumsum(diff[:, :PERIOD], axis=1) == 0
    return ok[0] if one else ok


def _timed_moves(lane: np.ndarray, path: list[tuple[int, int, str]], moves: list[tuple[int, int]]) -> np.ndarray:
    """Per move of ``path``: whether the hitbox can meet a lane tile during it (its start or
    end tile is in a lane, or its template touches one before landing; a stomp's bounce
    counts when a lane is within its box)."""
    h, w = lane.shape
    tm = templates()
    p = np.array([(x, y) for x, y, _ in path], dtype=np.int64)
    tid = np.array([m[0] for m in moves], dtype=np.int64)
    land = np.array([m[1] for m in moves], dtype=np.int64)
    ex = p[:-1, 0, None] + tm.dx[tid]
    ey = p[:-1, 1, None] + tm.dy[tid]
    inside = (ex >= 0) & (ex < w) & (ey >= 0) & (ey < h) & (tm.frame[tid] <= land[:, None]) & (tm.frame[tid] > 0)
    hit = np.zeros(ex.shape, dtype=bool)
    hit[inside] = lane[ey[inside], ex[inside]]
    timed = hit.any(axis=1) | lane[p[:-1, 1], p[:-1, 0]] | lane[p[1:, 1], p[1:, 0]]
    for k, (x, y, action) in enumerate(path[1:]):
        if action == "stomp":
            timed[k] |= bool(lane[max(y - 3, 0) : y + 1, max(x - 1, 0) : x + 2].any())
    return timed


def _run_trajectory(solid: np.ndarray, path: list[tuple[int, int, str]], moves: list[tuple[int, int]], a: int,
                    b: int) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """The hitbox after each frame of moves ``a..b-1`` played by the bot from standing
    centred on ``path[a]``: after each move the bot walks to the centre of the tile it landed
    on, then plays the next. Moves come from the templates' recorded frames (the level matches
    the empty world they were recorded in up to the landing), stomps from :func:`_stomp_trace`."""
    tm = templates()
    out_x, out_y, ends = [], [], []
    n = 0
    x_now = P.canonical_x(path[a][0])
    for k in range(a, b):
        (x, y, _), (_, ny, action) = path[k], path[k + 1]
        cx, sy = P.canonical_x(x), P.standing_y(y)
        if x_now != cx:  # centring, a run step at a time
            steps = np.arange(1, int(abs(cx - x_now) // P.run_speed) + 1) * P.run_speed
            cxs = x_now + np.sign(cx - x_now) * steps
            out_x.append(cxs)
            out_y.append(np.full(cxs.size, sy))
            n += cxs.size
        if action == "stomp":
            tx, ty = _stomp_trace(solid, path, moves, k)
        else:
            tid, lf = moves[k]
            tr = tm.trace[tid, :lf].astype(np.float64)
            tx, ty = cx + tr[:, 0], sy + tr[:, 1]
            ty[-1] = P.standing_y(ny)  # the landing frame ends on the floor
        out_x.append(tx)
        out_y.append(ty)
        n += tx.size
        ends.append(n)
        x_now = float(tx[-1])
    if b == len(moves):  # the path's end: the bot walks on to the goal (the last column's centre)
        gx = P.canonical_x(path[-1][0])
        walk = x_now + np.arange(1, int(max(0.0, gx - x_now) // P.run_speed) + 2) * P.run_speed
        out_x.append(walk)
        out_y.append(np.full(walk.size, P.standing_y(path[-1][1])))
    return np.concatenate(out_x), np.concatenate(out_y), ends


def _stomp_trace(solid: np.ndarray, path: list[tuple[int, int, str]], moves: list[tuple[int, int]], k: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The hitbox after each frame of move ``k``, a stomp, as :class:`.bot.Bot` plays it from
    standing centred on ``path[k]``: the template's keys until the hero lands on the walker
    standing on ``path[k + 1]`` and bounces, then steering back over that tile (no jump key)
    until it stands again."""
    tm = templates()
    tid, lf = moves[k]
    keys = tm.inputs[tid]
    walker = Walker.at(*path[k + 1][:2])
    target = P.canonical_x(path[k + 1][0])
    body = phys.spawn_body(path[k][0], path[k][1])
    out_x: list[float] = []
    out_y: list[float] = []
    bouncing, frame = False, 0
    for _ in range(300):
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
    all_lanes = lanes(solid, cannons)
    if not all_lanes or len(path) < 2:
        return {}, []
    lane = lane_tiles(all_lanes, solid.shape)
    timed = _timed_moves(lane, path, moves)
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
        parts = [_run_trajectory(solid, path, moves, *bounds[i]) for i in todo]
        xs = np.concatenate([p[0] for p in parts])
        ys = np.concatenate([p[1] for p in parts])
        runs = np.concatenate([np.full(p[0].size, i) for i, p in enumerate(parts)])
        index = np.concatenate([np.arange(p[0].size) for p in parts])
        ok = safe_phases(xs, ys, all_lanes, runs, index, len(todo))
        for j, i in enumerate(todo):
            cache[keys[i]] = (ok[j], parts[j])
    departures: dict[int, np.ndarray] = {}
    blocked = []
    for (a, _), key in zip(bounds, keys, strict=True):
        ok_a, part = cache[key]
        if unsafe[a]:
            # The start, in a lane (only path[0] can be: a run goes on until it leaves the
            # lanes): no waiting there; the hero sets off on frame ``start_clock``, when only
            # bullets fired on frame PERIOD or later can be in flight.
            _, first, count, _ = _unsafe_intervals(part[0], part[1], np.arange(part[0].size), all_lanes,
                                                   first_frame=start_clock)
            if (((start_clock - first) % PERIOD) < count).any():
                blocked.append(_first_hit_move(part[0], part[1], part[2], all_lanes, a, first_frame=start_clock))
        elif not ok_a.any():
            blocked.append(_first_hit_move(part[0], part[1], part[2], all_lanes, a))
        else:
            departures[a] = ok_a
    return departures, blocked


def _first_hit_move(xs: np.ndarray, ys: np.ndarray, ends: list[int], all_lanes: list[Lane], a: int,
                    first_frame: int | None = None) -> tuple[int, tuple[int, int]]:
    """The move of a run (moves ``a...``, move ``a + i`` ending after frame ``ends[i]``) on
    which the best start time (or the start on ``first_frame``) meets a bullet, and the cannon
    ``(column, row)`` that fired it."""
    which, first, count, lane = _unsafe_intervals(xs, ys, np.arange(xs.size), all_lanes, first_frame)
    bad = np.zeros(PERIOD, dtype=bool)
    if first_frame is not None:
        bad[np.arange(PERIOD) != first_frame % PERIOD] = True
    f, culprit = xs.size - 1, 0
    for f in np.unique(which).tolist():  # frames in order: when is no phase left?
        here = which == f
        for s0, c, li in zip(first[here].tolist(), count[here].tolist(), lane[here].tolist(), strict=True):
            bad[np.arange(s0, s0 + c) % PERIOD] = True
            culprit = li
            if bad.all():
                break
        if bad.all():
            break
    move = a + min(int(np.searchsorted(np.asarray(ends), f, side="right")), len(ends) - 1)
    ln = all_lanes[culprit] if all_lanes else None
    return move, ((ln.cannon, ln.row) if ln is not None else (-1, -1))
