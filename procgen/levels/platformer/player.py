"""A player model: the bot with human limits, to measure how hard a level *feels*.

The perfect bot (:mod:`.bot`) plays the solver's moves frame-exactly. A person presses jump a
little early or late and holds it a little too short or too long, and needs a reaction to time
a stomp or a hop over a bullet. This model plays the same moves with those errors, drawn from
a seeded distribution, and in the game's own physics:

* **Take-off timing**: each jump starts ``Δt`` frames off the ideal, ``Δt ~ N(0,
  timing_sd)`` rounded and clipped to ±``MAX_SHIFT``; at run speed that moves the take-off
  ``2·Δt`` px along the move's direction.
* **Hold length**: the jump key is held ``hold · s`` frames, ``log s ~ N(0, hold_sd)``,
  snapped to the nearest of ``HOLD_SCALES``.
* Each perturbed move is simulated once (:func:`perturbed`, with :func:`.physics.step`, like
  the solver's templates) and tried on the level by the solver's own lookup of the tiles it
  sweeps: it succeeds when it lands on the planned floor run (or stomps the planned walker),
  and fails when it falls short, bumps into a wall, touches an enemy or drops into a pit.
* **Encounters**: every walker on the way and every cannon that fires at the path needs a
  timed stomp or hop. Its success chance is ``P(|e| ≤ window/2)`` with ``e ~ N(0,
  reaction_sd)``, where the window (frames in which pressing jump works) is measured once by
  playing the encounter with the game's walker, bullet and stomp rules (:func:`windows`).
* **Attempts**: a level is finished when one of ``attempts`` tries succeeds; a try succeeds
  when every move and every encounter does. The model reports the *probability* of finishing
  (exact for the sampled move outcomes), so a completion rate over many levels is smooth.

Cheap: the perturbed moves are simulated once per process (a few seconds); a level costs one
numpy gather over its moves × samples.

>>> from procgen.levels.platformer.generate import generate
>>> easy = finish_chance(generate(3, width=100, difficulty=0.1), seed=0)
>>> hard = finish_chance(generate(3, width=100, difficulty=0.9), seed=0)
>>> 0 <= hard < easy <= 1
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from procgen.level import Level
from procgen.levels.platformer.enemies import BULLET_SPEED, Bullet, Walker, patrol_runs, touch
from procgen.levels.platformer.physics import PHYSICS, Inputs, spawn_body, step
from procgen.levels.platformer.solver import FREE, HAZARD, SOLID, STOMP, Solution, solve, tile_codes
from procgen.levels.platformer.templates import FLOOR, simulate, templates
from procgen.levels.platformer.tiles import CANNON_TOP
from procgen.rng import rng

__all__ = [
    "CURVE_STEPS", "HOLD_SCALES", "MAX_SHIFT", "PLAYER", "CurvePoint", "Player", "curve_png", "curve_table",
    "difficulty_curve", "encounters", "finish_chance", "move_chances", "perturbed", "windows",
]

#: Take-off errors are clipped to this many frames either way (beyond it a person sees it).
MAX_SHIFT = 6
#: Hold-length factors the sampled ones snap to.
HOLD_SCALES = (0.6, 1.0, 1.6)
#: A held jump matters only until the apex: longer holds count as this many frames.
HOLD_CAP = 24


@dataclass(frozen=True)
class Player:
    """Human limits, in frames (1/60 s). The defaults: a casual but attentive player."""

    #: Spread of the take-off frame of a jump.
    timing_sd: float = 3.0
    #: Spread (log scale) of how long jump is held.
    hold_sd: float = 0.35
    #: Spread of the moment a stomp or a hop over a bullet is started.
    reaction_sd: float = 9.0
    #: Tries at one level.
    attempts: int = 3
    #: Sampled errors per move.
    samples: int = 8


PLAYER = Player()


@dataclass(frozen=True)
class Perturbed:
    """Event lists of every (template, take-off shift, hold factor), padded like
    :class:`.templates.Templates`: ``dx, dy, kind, centred`` ``(T, S, K, E)``."""

    dx: np.ndarray
    dy: np.ndarray
    kind: np.ndarray
    centred: np.ndarray


def _events(seq: tuple[Inputs, ...], shift_px: float) -> list[tuple[int, int, int, int]]:
    """Tiles ``(dx, dy, kind, centred)`` swept by ``seq`` from a body ``shift_px`` off the tile
    centre: the templates' own simulation, without its timing."""
    events, _, _ = simulate(seq, PHYSICS, shift_px)
    return [(e[0], e[1], e[2], e[5]) for e in events]


def _with_hold(seq: tuple[Inputs, ...], scale: float) -> tuple[Inputs, ...]:
    """``seq`` with the jump key held ``scale`` times as long (from the press on)."""
    press = next((i for i, k in enumerate(seq) if k.jump_pressed), None)
    if press is None:
        return seq
    held = sum(k.jump for k in seq)
    hold = max(1, round(min(held, HOLD_CAP) * scale)) if scale != 1.0 else held
    return tuple(replace(k, jump=press <= i < press + hold) for i, k in enumerate(seq))


def _direction(seq: tuple[Inputs, ...]) -> int:
    return next((k.direction for k in seq if k.direction), 0)


@cache
def perturbed() -> Perturbed:
    """Every template played with every take-off shift and hold factor (once per process)."""
    tm = templates()
    shifts = range(-MAX_SHIFT, MAX_SHIFT + 1)
    lists = []
    for seq in tm.inputs:
        d = _direction(seq)
        row = []
        for s in shifts:
            row.append([_events(_with_hold(seq, k), PHYSICS.run_speed * s * d) for k in HOLD_SCALES])
        lists.append(row)
    e_max = max(len(e) for row in lists for cell in row for e in cell)
    shape = (len(lists), len(shifts), len(HOLD_SCALES), e_max)
    dx, dy = np.zeros(shape, dtype=np.int16), np.zeros(shape, dtype=np.int16)
    kind, centred = np.full(shape, -1, dtype=np.int8), np.zeros(shape, dtype=bool)
    for t, row in enumerate(lists):
        for i, cell in enumerate(row):
            for j, events in enumerate(cell):
                if events:
                    a = np.array(events, dtype=np.int16)
                    n = len(events)
                    dx[t, i, j, :n], dy[t, i, j, :n], kind[t, i, j, :n], centred[t, i, j, :n] = a.T
    return Perturbed(dx, dy, kind, centred)


@cache
def windows() -> tuple[int, int]:
    """Frames in which starting a jump in place gets past (stomps or clears) a walker, and a
    bullet, coming at the hero on flat ground: played with the game's own rules."""
    solid = np.zeros((4, 20), dtype=bool)
    solid[3] = True
    out = []
    for make in (lambda: Walker.at(8, 2), lambda: Bullet(12 * 16.0, 2 * 16.0 + 1, -BULLET_SPEED)):
        ok = 0
        for start in range(0, 200, 2):  # every other frame: the window in frames is twice it
            hero, enemy = spawn_body(3, 2), make()
            alive = True
            for f in range(400):
                keys = Inputs(jump=start <= f < start + HOLD_CAP, jump_pressed=f == start)
                hero = step(hero, keys, solid)
                if isinstance(enemy, Walker):
                    enemy.walk(solid)
                else:
                    enemy.x += enemy.vx
                outcome, hero = touch(hero, enemy.x, enemy.y)
                if outcome == "hurt":
                    alive = False
                if outcome or enemy.x < hero.x - 16:
                    break
            ok += 2 * alive
        out.append(ok)
    return out[0], out[1]


def _encounter_chance(window: int, sd: float) -> float:
    """``P(|e| <= window / 2)`` for ``e ~ N(0, sd)``."""
    return math.erf(window / 2 / (sd * math.sqrt(2))) if sd > 0 else 1.0


#: Jump templates tried per move after the first cut (those that work without error).
MAX_CANDIDATES = 10


def _outcomes(codes: np.ndarray, runs: np.ndarray, src: np.ndarray, dst: np.ndarray, stomp: np.ndarray,
              tid: np.ndarray, shift: np.ndarray, hold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(on plan, dead) for moves from ``src`` to ``dst`` (``(n, 2)`` x, y) played with
    templates ``tid`` and errors ``shift``/``hold`` (all broadcast to ``(n, ...)``): the first
    tile each perturbed move meets decides, as in the solver."""
    pt = perturbed()
    h, w = codes.shape
    ex = (slice(None),) + (None,) * (np.broadcast(tid, shift, hold).ndim - 1)
    t, si, hi = np.broadcast_arrays(tid, shift + MAX_SHIFT, hold)
    ev_dx, ev_dy, kind, centred = (a[t, si, hi] for a in (pt.dx, pt.dy, pt.kind, pt.centred))  # (..., E)
    ex1 = (*ex, None)
    ty = src[:, 1][ex1] + ev_dy
    tx = src[:, 0][ex1] + ev_dx
    code = codes[np.clip(ty, 0, h - 1), np.clip(tx, 0, w - 1)]
    code = np.where(ty < 0, FREE, code)  # open sky above
    code = np.where((tx < 0) | (tx >= w), SOLID, code)  # the level's sides are walls
    code = np.where(ty >= h, HAZARD, code)  # the void below
    code = np.where(kind < 0, FREE, code)  # padding
    stop = code != FREE
    first = np.where(stop.any(axis=-1), stop.argmax(axis=-1), -1)
    idx = np.maximum(first, 0)[..., None]
    f_kind, f_code, f_cent, fy, fx = (np.take_along_axis(a, idx, -1)[..., 0] for a in (kind, code, centred, ty, tx))
    met = first >= 0
    landed = met & (f_kind == FLOOR) & (f_code == SOLID)
    want = runs[dst[:, 1], dst[:, 0]][ex]
    on_plan = landed & (runs[np.clip(fy - 1, 0, h - 1), np.clip(fx, 0, w - 1)] == want) & (want > 0)
    stomped = met & (f_kind == FLOOR) & (f_code == STOMP) & f_cent
    stomped &= (fx == dst[:, 0][ex]) & (fy == dst[:, 1][ex])
    good = np.where(stomp[ex], stomped, on_plan)
    # Death: the void, an enemy's side, or a walker met any other way than the planned stomp.
    dead = met & ((f_code == HAZARD) | ((f_code == STOMP) & ~good))
    return good, dead


def move_chances(level: Level, sol: Solution, player: Player = PLAYER, seed: int = 0) -> np.ndarray:
    """Per solver move: the chance the player gets it done before dying at it.

    A person does not copy the solver's frame-tight jump: for each jump of the path the player
    uses, of all the solver's jump templates that work from that tile without error, the one
    that most often works under its sampled errors. A try that lands safely somewhere else
    (bumped a block, came down short on the floor below) is simply tried again, so a move's
    chance is ``(works + ½) / (works + dies + ½)`` over the samples (the error-free play, known
    to work, counts as half a sample). Walks and drops are played as
    planned, and so is a jump that comes down on the floor it left (a hop over something);
    walkers are encounters (see :func:`finish_chance`), so a stomp move is judged by reaching
    the walker's floor.
    """
    if not sol.playable or not sol.moves:
        return np.zeros(0)
    codes = tile_codes(level)
    runs = patrol_runs(codes == SOLID)
    # Walkers are met as timed encounters (a person waits for one to come or go, then stomps
    # it), so a jump is judged by the floor it reaches, and a stomp by the walker's floor.
    codes[codes == STOMP] = FREE
    tid = np.array([m[0] for m in sol.moves])
    path = np.array([(p[0], p[1]) for p in sol.path])
    same_run = runs[path[:-1, 1], path[:-1, 0]] == runs[path[1:, 1], path[1:, 0]]
    stomp_all = np.zeros(tid.size, dtype=bool)
    moves = np.nonzero(templates().jumps[tid] & ~same_run)[0]
    out = np.ones(tid.size)
    n, k = moves.size, player.samples
    if n == 0:
        return out
    src, dst, stomp = path[moves], path[moves + 1], stomp_all[moves]
    # First cut: the jump templates that do the move when played without error.
    cand = np.nonzero(templates().jumps)[0]
    plain = HOLD_SCALES.index(1.0)
    ok0, _ = _outcomes(codes, runs, src, dst, stomp, cand[None, :], np.zeros((1, 1), int), np.full((1, 1), plain))
    ok0[np.arange(n), np.searchsorted(cand, tid[moves])] = True  # the solver's own always works
    order = np.argsort(~ok0, axis=1, kind="stable")[:, :MAX_CANDIDATES]
    chosen = cand[order]  # (n, M)
    valid = np.take_along_axis(ok0, order, 1)
    r = rng(seed, "platformer", "player", level.width, int(level.grid.sum()))
    shift = np.clip(np.rint(r.normal(0, player.timing_sd, (n, 1, k))), -MAX_SHIFT, MAX_SHIFT).astype(int)
    scale = np.log(r.lognormal(0, player.hold_sd, (n, 1, k)))
    hold = np.abs(scale[..., None] - np.log(np.array(HOLD_SCALES))).argmin(axis=-1)
    good, dead = _outcomes(codes, runs, src, dst, stomp, chosen[..., None], shift, hold)  # (n, M, k)
    wins, deaths = good.sum(axis=2), dead.sum(axis=2)
    # The error-free play is known to work: count it as half a win (a safe but fiddly move
    # is tried until it works; one that kills every sampled try is hard, not impossible).
    chance = (wins + 0.5) / (wins + deaths + 0.5)
    out[moves] = np.where(valid, chance, 0.0).max(axis=1)
    return out


def encounters(level: Level, sol: Solution) -> tuple[int, int]:
    """(walkers on the way, cannons firing at the path): the timed dangers of a run."""
    codes = tile_codes(level)
    runs = patrol_runs(codes == SOLID)
    ys, xs = np.nonzero(codes == STOMP)
    on_path = {runs[y, x] for x, y, _ in sol.path} - {0}
    walkers = int(sum(runs[y, x] in on_path for y, x in zip(ys.tolist(), xs.tolist(), strict=True)))
    cy, cx = np.nonzero(level.grid == ord(CANNON_TOP))
    rows = {y for _, y, _ in sol.path}
    cannons = int(sum(any(abs(y - py) <= 1 for py in rows) for y in cy.tolist())) if cx.size else 0
    return walkers, cannons


def finish_chance(level: Level, sol: Solution | None = None, player: Player = PLAYER, seed: int = 0) -> float:
    """The probability that the player finishes ``level`` within ``player.attempts`` tries."""
    sol = solve(level) if sol is None else sol
    if not sol.playable:
        return 0.0
    moves = move_chances(level, sol, player, seed)
    walker_w, bullet_w = windows()
    walkers, cannons = encounters(level, sol)
    one_try = float(np.prod(moves))
    one_try *= _encounter_chance(walker_w, player.reaction_sd) ** walkers
    one_try *= _encounter_chance(bullet_w, player.reaction_sd) ** cannons
    return 1.0 - (1.0 - one_try) ** player.attempts


#: The difficulty steps of the calibration curve.
CURVE_STEPS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class CurvePoint:
    """One difficulty step of the curve: levels played, the perfect solver's pass share,
    the player's mean chance to finish (its completion rate), and walkers met per level."""

    difficulty: float
    levels: int
    solver_passes: float
    completion: float
    walkers_met: float


def difficulty_curve(
    generator: str = "classic", per_step: int = 200, seed: int = 0,
    steps: tuple[float, ...] = CURVE_STEPS, player: Player = PLAYER, make: Callable[..., Level] | None = None,
    **kw: object,
) -> list[CurvePoint]:
    """The player's completion rate at each difficulty step, over ``per_step`` levels
    (seeds ``seed..seed+per_step-1``, the same seeds at every step). ``make(seed, generator=...,
    difficulty=..., **kw)`` makes a level: the classic generator by default; the trained ones are
    handed in from above (``functools.partial(procgen.generate, "platformer")``)."""
    from procgen.levels.platformer.generate import generate

    maker: Callable[..., Level] = generate if make is None else make

    out = []
    for d in steps:
        passes, chances, met = [], [], []
        for s in range(seed, seed + per_step):
            level = maker(s, generator=generator, difficulty=d, **kw)
            sol = solve(level)
            passes.append(sol.playable)
            chances.append(finish_chance(level, sol, player, seed=s))
            met.append(encounters(level, sol)[0] if sol.playable else 0)
        out.append(CurvePoint(d, per_step, float(np.mean(passes)), float(np.mean(chances)), float(np.mean(met))))
    return out


def curve_table(points: list[CurvePoint]) -> str:
    """The curve as a text table (what `procgen eval platformer` prints)."""
    lines = ["difficulty  levels  solver passes  player completes  walkers met"]
    lines += [f"{p.difficulty:>10.1f}  {p.levels:>6}  {p.solver_passes:>13.3f}  {p.completion:>16.3f}  {p.walkers_met:>11.1f}"
              for p in points]
    return "\n".join(lines)


def curve_png(curves: dict[str, list[CurvePoint]], path: str) -> None:
    """Plot completion rate against difficulty, one line per generator, as a PNG."""
    from PIL import Image, ImageDraw

    from procgen.io.atomic import atomic_write
    from procgen.io.png import encode_png

    size, margin = 320, 48
    img = Image.new("RGB", (size + 2 * margin, size + 2 * margin), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle([margin, margin, margin + size, margin + size], outline=(0, 0, 0))

    def at(d: float, c: float) -> tuple[float, float]:
        return margin + d * size, margin + (1 - c) * size

    for v in (0.0, 0.5, 1.0):
        draw.text((margin + v * size - 8, margin + size + 6), f"{v:.1f}", fill=(0, 0, 0))
        draw.text((8, margin + (1 - v) * size - 5), f"{v:.1f}", fill=(0, 0, 0))
    for target, colour in ((0.9, (120, 200, 120)), (0.4, (220, 140, 140))):
        draw.line([at(0, target), at(1, target)], fill=colour)
    colours = [(30, 80, 200), (200, 90, 30), (40, 150, 60), (120, 60, 160)]
    for i, (name, points) in enumerate(curves.items()):
        c = colours[i % len(colours)]
        xy = [at(p.difficulty, p.completion) for p in points]
        draw.line(xy, fill=c, width=2)
        for x, y in xy:
            draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=c)
        draw.text((margin + 8, margin + 8 + 14 * i), name, fill=c)
    draw.text((margin + size // 2 - 30, margin + size + 22), "difficulty", fill=(0, 0, 0))
    draw.text((margin, 12), "player model: completion rate", fill=(0, 0, 0))
    atomic_write(path, encode_png(np.asarray(img)))
