"""Autoplay: the solver's path played with the game's physics, dodging what moves.

The solver plans over a still picture of the level (walkers where they stand, stompable from
above; cannons are walls); in the game, walkers patrol and cannons fire. :class:`Bot` plays
the solver's moves through :class:`procgen.levels.platformer.bot.Bot` (the platformer
package's replayer: centre on the tile, then the move's recorded keys), and before each move,
when an enemy or bullet is near, it *looks ahead*: it copies the game state and plays the next
moves in the copy. If the hero would die, it first asks the solver again with the walkers where
they stand now (the plan then stomps them there, as the solver's own plan does, or keeps off
their patrols under low ceilings) and takes that plan when it goes on at once; else it tries
waiting a little, or a jump in place (which also stomps), first. Every candidate is judged by
the game's own ``tick``, so a plan the bot picks really survives."""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from procgen.level import Level
from procgen.levels.platformer import bot as pbot
from procgen.levels.platformer.physics import PHYSICS as P
from procgen.levels.platformer.physics import Inputs
from procgen.levels.platformer.tiles import ENEMY

from .platformer_state import PlatformerState

#: Pixels per tile: the physics owns the tile size.
TS = P.tile_size
#: Look ahead only when something that moves is this close (tiles): a walker and the hero
#: close in on each other at up to 2.5 px a frame.
DANGER_TILES = 20
#: Frames a plan must survive after the move it leads into has ended.
MARGIN = 30
#: At most this many frames are simulated per candidate.
MAX_SIM = 240
#: Give up dodging before a move after this many tries (and just play it).
MAX_DODGES = 24
IDLE = Inputs()


def solve_level(level: Level, start_clock: int = 1) -> Any:
    """The platformer solver's :class:`Solution` for ``level``, the hero setting off on frame
    ``start_clock`` of the level clock."""
    from procgen.levels.platformer.solver import solve

    return solve(level, start_clock=start_clock)


def path_trace(level: Level, solution: Any) -> list[tuple[float, float]]:
    """The hero's centre, frame by frame, when the solver's path is played in the physics
    (enemies standing still): what the inspector draws as "the solver's path"."""
    if solution is None or not getattr(solution, "playable", False):
        return []
    run = pbot.play(level, solution)
    w, h = P.hitbox_w / 2, P.hitbox_h / 2
    return [((b.x + w) / TS, (b.y + h) / TS) for b in run.trace[::2]]


def _jump(hold: int, wait: int = 0, rest: int = 40) -> list[Inputs]:
    seq = [IDLE] * wait + [Inputs(jump=True, jump_pressed=True)]
    seq += [Inputs(jump=True)] * (hold - 1) + [IDLE] * rest
    return seq


#: After waiting 0, 4, 8, ... frames (up to MAX_WAIT), the bot may: just go on, jump in place
#: (a walker that walks under a falling hero is stomped), or hop. Waiting lets a walker come
#: to the right spot, a bullet pass, or a walker on a ledge turn away.
MAX_WAIT = 160
WAIT_STEP = 4
ACTIONS: tuple[tuple[Inputs, ...], ...] = (
    (),
    tuple(_jump(40, 0, 44)),
    tuple(_jump(8, 0, 24)),
)


class Bot:
    """Keys for the hero each frame: the solver's moves, made safe against moving enemies."""

    def __init__(self, state: PlatformerState, solution: Any) -> None:
        self.inner = pbot.Bot(state.level, solution)
        self.plan: deque[Inputs] = deque()
        self._checked: int | None = None
        self.lookaheads = 0
        self.replans = 0
        self._centring = 0
        self._tries, self._tries_move = 0, -1
        #: Moves before this one are known to be safe (from the last look-ahead of "just go").
        self._safe_until = -1
        self.dodges = 0
        self._fresh_key: object = None
        self._fresh: pbot.Bot | None = None
        self._lanes: Any = None

    @classmethod
    def for_state(cls, state: PlatformerState, solution: Any) -> Bot | None:
        if solution is None or not getattr(solution, "playable", False):
            return None
        return cls(state, solution)

    def keys(self, state: PlatformerState) -> tuple[bool, bool, bool]:
        inputs = self.inputs(state)
        return inputs.left, inputs.right, inputs.jump

    def inputs(self, state: PlatformerState) -> Inputs:
        """The keys for this frame (``Inputs`` with the exact jump press of the plan)."""
        if state.dying or state.won:
            return IDLE
        if self.plan:
            step = self.plan.popleft()
            if not self.plan:
                self._checked = None  # decide again before resuming
            return step
        self.inner.land(state.body)  # a stomp's bounce ended: look ahead before the next move
        at_start = self.inner._frame is None and state.body.on_ground
        if at_start and self._off_path(state):
            self._replan(state)
        move = self.inner._move
        # A look-ahead that went on safely past this move already vouches for it: the game is
        # deterministic and the bot plays the same keys here as in the copy.
        if at_start and self._checked != move and move + 1 >= self._safe_until and self._danger(state):
            self._checked = move
            self._tries = self._tries + 1 if move == self._tries_move else 1
            self._tries_move = move
            prefix: Sequence[Inputs] = ()
            if self._tries <= MAX_DODGES and not self._simulate(state, ()).safe:
                # The plan was made with the walkers elsewhere: a plan over where they are
                # now may go on at once (stomping them there) instead of waiting.
                fresh = self._plan_from_here(state)
                if fresh is not None and fresh is not self.inner and self._simulate(state, (), fresh).safe:
                    self._adopt(fresh)
                    self._checked = self.inner._move
                    self.replans += 1
                    return self.inner.inputs(state.body, state.frames)
                prefix = self._safest(state)
            if prefix:
                self._safe_until = -1
                self.dodges += 1
                self.plan.extend(prefix)
                return self.inputs(state)
        return self.inner.inputs(state.body, state.frames)

    def _off_path(self, state: PlatformerState) -> bool:
        """True when the hero stands somewhere the next move cannot start from by walking
        (a stomp's bounce can land it on another platform), or has been centring too long."""
        if self.inner.done:
            return False
        self._centring = self._centring + 1 if self.inner._frame is None else 0
        _, py, _ = self.inner.solution.path[self.inner._move]
        row = int((state.body.y + P.hitbox_h) // TS) - 1
        return row != py or self._centring > 90

    def _replan(self, state: PlatformerState) -> None:
        """Solve again from where the hero stands, on the level as it is now."""
        fresh = self._plan_from_here(state)
        self.replans += 1
        self._centring = 0
        if fresh is not None:
            self._adopt(fresh)

    def _adopt(self, inner: pbot.Bot) -> None:
        self.inner = inner
        self._checked, self._safe_until = None, -1

    def _plan_from_here(self, state: PlatformerState) -> pbot.Bot | None:
        """A plan from the hero's tile over the level as it is now, walkers where they stand
        (None when the solver finds none). The solver then stomps the walkers where they are
        and keeps off their patrols under low ceilings (a plan made without them led under a
        ledge a walker patrols, where there is no room to stomp or jump it). Cached by the
        hero's tile and the walkers' tiles: while the bot waits, the picture rarely changes."""
        from procgen.level import Entity

        col = int((state.body.x + P.hitbox_w / 2) // TS)
        row = int((state.body.y + P.hitbox_h) // TS) - 1
        inner = self.inner
        if not inner.done and inner._frame is None and not inner._bouncing:
            # A walk ends as the hero steps over the edge, still over the tile it left: the
            # plan goes on from the tile it stepped onto. In a cannon's line of fire a new plan
            # does too: it depends on the clock, so each one is new and gets taken, and one
            # planned from the tile behind walked back there, was planned again, and again.
            px, py, _ = inner.solution.path[inner._move]
            if py == row and abs(px - col) == 1 and self._in_lane(px, py, state):
                col = px
        level = state.level.copy()
        level.grid = state.grid.copy()
        tiles = []
        for w in state.walkers:
            if w.alive and (w.awake or w.resting):
                wc, wr = int((w.x + P.hitbox_w / 2) // TS), int((w.y + P.hitbox_h - 1) // TS)
                if 0 <= wr < level.height and 0 <= wc < level.width and not state.solid[wr, wc]:
                    tiles.append((wc, wr))
            elif w.alive:
                tiles.append((int(w.x // TS), int(w.y // TS) + 1))  # asleep: where it was put
        # Standing between cannons the plan must set off now, so it depends on the clock too.
        clock = state.frames + 1
        key = (col, row, tuple(sorted(tiles)), clock if self._in_lane(col, row, state) else None)
        if key == self._fresh_key:
            return self._fresh
        for wc, wr in tiles:
            if 0 <= wr < level.height and 0 <= wc < level.width:
                level.grid[wr, wc] = ord(ENEMY)
        level.entities = [e for e in level.entities if e.type != "player"] + [Entity("player", col, row)]
        solution = solve_level(level, start_clock=clock)
        self._fresh_key = key
        self._fresh = pbot.Bot(level, solution) if solution.playable else None
        return self._fresh

    def _in_lane(self, col: int, row: int, state: PlatformerState) -> bool:
        """Whether tile ``(col, row)`` lies in a cannon's line of fire (:mod:`.bullets`' lanes)."""
        if self._lanes is None:
            from procgen.levels.platformer.bullets import lane_tiles, lanes

            self._lanes = lane_tiles(lanes(state.solid, state.cannons), state.solid.shape)
        h, w = self._lanes.shape
        return 0 <= row < h and 0 <= col < w and bool(self._lanes[row, col])

    def _danger(self, state: PlatformerState) -> bool:
        x = state.body.x
        reach = DANGER_TILES * TS
        if any(abs(bl.x - x) < reach for bl in state.bullets):
            return True
        # Walkers well behind the hero never catch up (they are as slow as a quarter of it).
        if any(w.alive and -3 * TS < w.x - x < reach for w in state.walkers):
            return True
        return any(abs(cx * TS - x) < reach + 4 * TS for cx, _ in state.cannons)

    def _safest(self, state: PlatformerState) -> Sequence[Inputs]:
        """The best prefix to play before the next move.

        Candidates: wait w frames (0, 4, 8, ...), then go on, jump in place or hop; a jump's
        prefix ends when the hero lands, so the bot decides again right there. First choice:
        the first candidate after which the next move survives. Else the first one that
        stomps something and survives its own end (then the bot plans again from there),
        else the first that survives its own end, else the one that lives longest. The
        waiting is played once in a copy and each action branches off it.
        """
        longest: tuple[int, Sequence[Inputs]] = (-1, ())
        alive: Sequence[Inputs] | None = None
        stomp: Sequence[Inputs] | None = None
        waited = state.clone()
        deaths = waited.deaths
        for wait in range(0, MAX_WAIT + 1, WAIT_STEP):
            if wait:
                for _ in range(WAIT_STEP):
                    waited.tick_inputs(IDLE)
                if waited.deaths != deaths:
                    break  # standing still is already fatal here
            for action in ACTIONS:
                if wait == 0 and not action:
                    continue  # "just go" was tried before calling this
                r = self._simulate(waited, action)
                prefix = (IDLE,) * wait + tuple(action[: r.cut])
                if r.safe:
                    return prefix
                if r.survives_prefix:
                    if r.kills and stomp is None:
                        stomp = prefix  # clears the way; the bot replans on landing
                    if alive is None and prefix:
                        alive = prefix
                if wait + r.lived > longest[0]:
                    longest = (wait + r.lived, prefix)
        return stomp or alive or longest[1]

    def _simulate(self, state: PlatformerState, prefix: Sequence[Inputs], plan: pbot.Bot | None = None) -> Lookahead:
        """Play ``prefix`` then the solver's moves in a copy of the game (see :class:`Lookahead`).

        Without a prefix the copy plays on up to ``MAX_SIM`` frames to learn how many further
        moves are safe too (``_safe_until``).
        """
        self.lookaheads += 1
        sim = state.clone()
        inner = copy.copy(self.inner if plan is None else plan)
        target = inner._move + 1
        deaths = sim.deaths
        walkers = sum(w.alive for w in sim.walkers)
        result = Lookahead(cut=len(prefix))
        jumped = False
        after = None
        moves_at: list[int] = []
        for i in range(MAX_SIM + len(prefix)):
            in_prefix = i < result.cut
            inputs = prefix[i] if in_prefix else inner.inputs(sim.body, sim.frames)
            sim.tick_inputs(inputs)
            moves_at.append(inner._move)
            if in_prefix:
                jumped |= not sim.body.on_ground
                if jumped and sim.body.on_ground:
                    result.cut = i + 1  # landed: the prefix ends here, the bot replans
            if i + 1 == result.cut:
                result.kills = walkers - sum(w.alive for w in sim.walkers)
            if sim.deaths != deaths:
                result.lived = i
                break
            if i >= result.cut + MARGIN:
                result.survives_prefix = True
            if sim.won:
                result.safe = result.survives_prefix = True
                result.lived = i
                moves_at.extend([len(inner.solution.moves) + 1] * MARGIN)
                break
            if after is None and i >= result.cut and (inner._move >= target or inner.done):
                after = i
            if after is not None and i - after >= MARGIN:
                result.safe = True
                if prefix:
                    result.lived = i
                    return result
        else:
            result.lived = MAX_SIM + len(prefix)
            result.safe = result.safe or after is not None
        if not prefix and result.safe and plan is None:
            # Moves completed MARGIN frames before the copy stopped (died or ran out) are safe.
            k = len(moves_at) - 1 - MARGIN
            self._safe_until = moves_at[k] if k >= 0 else -1
        return result


@dataclass
class Lookahead:
    """What a look-ahead saw: ``safe`` (alive MARGIN frames after the next move), frames
    ``lived``, where the prefix was ``cut`` (a jump ends at landing), ``kills`` during the
    prefix, and whether the hero ``survives_prefix`` by MARGIN frames."""

    cut: int
    safe: bool = False
    lived: int = 0
    kills: int = 0
    survives_prefix: bool = False


@dataclass
class Recording:
    """A whole run of the bot: the keys of every frame, and how it went."""

    inputs: list[Inputs]
    finished: bool
    deaths: int
    lookaheads: int
    dodges: int
    replans: int


def record(level: Level, max_frames: int = 30000) -> Recording | None:
    """Play ``level`` with the bot from a fresh start and keep every frame's keys.

    The game is deterministic, so the visible game replays these keys frame by frame and does
    exactly what the bot did: autoplay costs the game loop nothing (the look-ahead searches ran
    here, on the worker). None when the solver finds no path.
    """
    state = PlatformerState(level)
    bot = Bot.for_state(state, solve_level(level))
    if bot is None:
        return None
    inputs: list[Inputs] = []
    for _ in range(max_frames):
        keys = bot.inputs(state)
        inputs.append(keys)
        state.tick_inputs(keys)
        if state.won:
            break
    return Recording(inputs, state.won, state.deaths, bot.lookaheads, bot.dodges, bot.replans)
