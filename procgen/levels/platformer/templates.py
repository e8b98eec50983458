"""Jump templates: every move the solver may use, simulated once with :func:`physics.step`.

A template is a fixed sequence of per-frame inputs (run-up, jump press and hold, air control)
played from a body standing centred on a tile. It is simulated at the origin of an empty
world whose only solid tile is the floor under the player, and the tiles its hitbox touches
are recorded in the order they are first touched, each with a *kind*:

* ``WALL`` — first touched by a horizontal move (or a jump going up): it must be free,
  otherwise the player would bump into it and the move is not taken;
* ``FLOOR`` — first touched while moving down: if it is solid the player lands there (on the
  tile above it), which ends the move. A floor event also records whether the hitbox's centre
  is over that tile's column (``centred``): coming down centred on a walker is a clean stomp.

Playing the template in a real level means finding the first recorded tile that is not free
there: a solid ``FLOOR`` tile is the landing, anything else (a wall, an enemy, the void below
the level) rejects the move. Because positions are exact (see :mod:`.physics`), the game's
``step`` with the same inputs follows the same pixels to the same landing: the solver only
claims moves the game reproduces. A walk to the next tile is just the template "hold right"
that touches the neighbour's floor.

>>> t = templates()
>>> len(t.inputs) == t.dx.shape[0], t.dx.shape[1] > 10
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from procgen.levels.platformer.physics import PHYSICS, Body, Inputs, Physics, spawn_body, step

__all__ = ["FLOOR", "WALL", "Templates", "Trie", "simulate", "templates"]

WALL, FLOOR = 0, 1
#: How far templates are followed: columns each way, rows down, frames.
REACH_X, DEPTH, MAX_FRAMES = 12, 16, 150
#: Margin of the empty simulation world above the start row (a jump rises < 5 rows).
SKY = 8


@dataclass(frozen=True)
class Templates:
    """All templates, events padded to one length ``E`` (padding points at the start tile).

    ``dx, dy`` ``(T, E)`` tile offsets from the standing tile; ``kind`` WALL/FLOOR;
    ``frame`` the frame of first touch (1-based); ``centred`` whether a FLOOR touch has the
    hitbox's centre over the tile's column; ``jumps`` ``(T,)`` whether the jump key is
    used; ``inputs`` the per-frame inputs of each template (for the bot).
    """

    dx: np.ndarray
    dy: np.ndarray
    kind: np.ndarray
    frame: np.ndarray
    centred: np.ndarray
    jumps: np.ndarray
    inputs: tuple[tuple[Inputs, ...], ...]
    #: Landing body x offset from the start tile's canonical x, per (template, event).
    land_x: np.ndarray
    #: The same events as a prefix tree (templates share their first tiles), see :class:`Trie`.
    trie: Trie
    #: ``(T, F, 2)`` the body's offset (px) from its start after each frame, in an empty world
    #: with only the take-off floor (the real level's path matches it up to the landing).
    trace: np.ndarray


@dataclass(frozen=True)
class Trie:
    """Events as a prefix tree: node ``i`` is tile ``(dx[i], dy[i])`` of kind ``kind[i]``.

    Its children are ``child[first[i]:first[i + 1]]``; node 0 is a virtual root (the start
    tile), so the first events are its children. ``template[i]``/``frame[i]``: the
    quickest template through node ``i`` and the frame it touches the tile; ``centred[i]``
    as in :class:`Templates` (part of the node's key, so it holds for every template).
    """

    dx: np.ndarray
    dy: np.ndarray
    kind: np.ndarray
    centred: np.ndarray
    frame: np.ndarray
    template: np.ndarray
    first: np.ndarray
    child: np.ndarray


def _input_sequences() -> list[tuple[Inputs, ...]]:
    """The move repertoire: walks and drops, and jumps with run-up, hold and air control."""
    seqs: list[tuple[Inputs, ...]] = []
    n = MAX_FRAMES
    for d in (-1, 1):
        key = {"left": d < 0, "right": d > 0}
        # Walk (and walk off an edge, keep going) or walk m frames then let go (drop down).
        for m in (n, 4, 8, 12):
            seqs.append(tuple(Inputs(**key) if i < m else Inputs() for i in range(n)))
    for d in (-1, 0, 1):
        key = {"left": d < 0, "right": d > 0}
        for run_up in ((0, 2, 4, 6) if d else (0,)):
            for hold in (n, 6, 2):
                for delay in ((0, 4, 8, 12, 16) if d else (0,)):
                    for move in ((n, 4, 8, 16) if d else (0,)):
                        if run_up and (delay or move != n):
                            continue  # a run-up is for distance: keep running in the air
                        seq = [Inputs(**key)] * run_up
                        for i in range(n - run_up):
                            air = key if delay <= i < delay + move else {}
                            seq.append(Inputs(**air, jump=i < hold, jump_pressed=i == 0))
                        seqs.append(tuple(seq))
    return seqs


Event = tuple[int, int, int, int, float, int]


def simulate(seq: tuple[Inputs, ...], physics: Physics,
              shift_px: float = 0.0) -> tuple[list[Event], int, list[tuple[float, float]]]:
    """Events ``(dx, dy, kind, frame, body_x, centred)`` of one template, its frame count, and
    the body's offset from its start after each frame; the body takes off ``shift_px`` off the
    tile centre (the player model's imprecise take-off)."""
    h, w = SKY + DEPTH + 2, 2 * REACH_X + 3
    ox, oy = REACH_X + 1, SKY
    world = np.zeros((h, w), dtype=bool)
    world[oy + 1, ox] = True
    seen = {(0, 1), (0, 0)}
    events: list[Event] = []
    now = [0]  # the frame being simulated, read by probe()
    cx0 = physics.canonical_x(ox)
    half = physics.hitbox_w / 2

    def probe(phase: str, rows: range, cols: range, vy: float) -> None:
        kind = FLOOR if phase == "y" and vy > 0 else WALL
        # Floor tiles nearest the hitbox centre first: that is the column the player is on.
        centre = (body.x + (physics.run_speed * inputs.direction if phase == "y" else 0)) + half
        centre_col = int(centre // physics.tile_size)
        for r in rows:
            for c in sorted(cols, key=lambda c: abs((c + 0.5) * physics.tile_size - centre)):
                key = (c - ox, r - oy)
                if key not in seen:
                    seen.add(key)
                    centred = int(kind == FLOOR and c == centre_col)
                    events.append((key[0], key[1], kind, now[0], 0.0, centred))

    body: Body = spawn_body(ox, oy, physics)
    if shift_px:
        body = replace(body, x=body.x + shift_px)
    y0 = body.y
    trace: list[tuple[float, float]] = []
    airborne = False
    for frame, inputs in enumerate(seq, start=1):
        now[0] = frame
        start = len(events)
        body = step(body, inputs, world, physics, probe)
        trace.append((body.x - cx0, body.y - y0))
        # A landing happens at the end of the frame, at the body's x of that frame.
        for i in range(start, len(events)):
            e = events[i]
            events[i] = (e[0], e[1], e[2], e[3], body.x - cx0, e[5])
        airborne |= not body.on_ground
        if body.on_ground and airborne:
            break  # back on the take-off tile: nothing further to learn
        if body.y > (oy + DEPTH) * physics.tile_size or abs(body.x - cx0) > (REACH_X - 1) * physics.tile_size:
            break
    return events, now[0], trace


@cache
def templates(physics: Physics = PHYSICS) -> Templates:
    """The solver's move set for ``physics``, computed once per process (about a second)."""
    unique: dict[tuple[tuple[int, int, int, int], ...], int] = {}
    rows: list[list[Event]] = []
    seqs: list[tuple[Inputs, ...]] = []
    jumps: list[bool] = []
    traces: list[list[tuple[float, float]]] = []
    for seq in _input_sequences():
        events, frames, trace = simulate(seq, physics)
        key = tuple((e[0], e[1], e[2], e[5]) for e in events)
        if key in unique:
            continue  # same tiles in the same order: the same move in tile terms
        unique[key] = len(rows)
        rows.append(events)
        traces.append(trace)
        seqs.append(seq[:frames])
        jumps.append(any(i.jump_pressed for i in seq[:frames]))
    e_max = max(len(r) for r in rows)
    t = len(rows)
    dx = np.zeros((t, e_max), dtype=np.int16)
    dy = np.zeros((t, e_max), dtype=np.int16)
    kind = np.full((t, e_max), WALL, dtype=np.int8)
    frame = np.zeros((t, e_max), dtype=np.int16)
    centred = np.zeros((t, e_max), dtype=bool)
    land_x = np.zeros((t, e_max), dtype=np.float64)
    for i, r in enumerate(rows):
        a = np.array([e[:4] for e in r], dtype=np.int16).reshape(-1, 4)
        dx[i, : len(r)], dy[i, : len(r)], kind[i, : len(r)], frame[i, : len(r)] = a.T
        land_x[i, : len(r)] = [e[4] for e in r]
        centred[i, : len(r)] = [bool(e[5]) for e in r]
    offsets = np.zeros((t, max(len(tr) for tr in traces), 2), dtype=np.float32)  # exact: dyadic px
    for i, tr in enumerate(traces):
        offsets[i, : len(tr)] = tr
    return Templates(dx, dy, kind, frame, centred, np.array(jumps), tuple(seqs), land_x, _trie(rows), offsets)


def _trie(rows: list[list[Event]]) -> Trie:
    """Build the prefix tree of the templates' event lists (node 0 is the root)."""
    index: dict[tuple[int, tuple[int, int, int, int]], int] = {}
    parent = [-1]
    info: list[tuple[int, int, int, int, int, int]] = [(0, 0, WALL, 0, -1, 0)]
    for t, events in enumerate(rows):
        node = 0
        for dx, dy, kind, frame, _, centred in events:
            key = (node, (dx, dy, kind, centred))
            nxt = index.get(key)
            if nxt is None:
                nxt = index[key] = len(info)
                info.append((dx, dy, kind, frame, t, centred))
                parent.append(node)
            elif frame < info[nxt][3]:
                info[nxt] = (dx, dy, kind, frame, t, centred)
            node = nxt
    a = np.array(info, dtype=np.int64)
    par = np.array(parent, dtype=np.int64)
    # Children of each node, contiguous: sort non-root nodes by parent (stable).
    kids = np.argsort(par[1:], kind="stable") + 1
    counts = np.bincount(par[1:], minlength=len(info))
    first = np.concatenate([[0], np.cumsum(counts)])
    return Trie(
        a[:, 0].astype(np.int16), a[:, 1].astype(np.int16), a[:, 2].astype(np.int8),
        a[:, 5].astype(bool), a[:, 3].astype(np.int32), a[:, 4].astype(np.int32), first, kids,
    )
