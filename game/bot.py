"""Autoplay: the solver's path played with the game's physics, dodging what moves.

The solver plans over a still picture of the level (enemies are tiles never to be touched);
in the game, walkers patrol and cannons fire. :class:`Bot` plays the solver's moves through
:class:`procgen.levels.platformer.bot.Bot` (the platformer package's replayer: centre on the
tile, then the move's recorded keys), and before each move, when an enemy or bullet is near,
it *looks ahead*: it copies the game state, plays the next moves in the copy, and if the hero
would die it tries waiting a little, or a jump in place (which also stomps), first. Every
candidate is judged by the game's own ``tick``, so a plan the bot picks really survives.
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from procgen.level import Level
from procgen.levels.platformer import bot as pbot
from procgen.levels.platformer.physics import Inputs

if TYPE_CHECKING:
    from game.platformer import PlatformerState

TS = 16
#: Look ahead only when something that moves is this close (tiles): a walker and the hero
#: close in on each other at up to 2.5 px a frame.
DANGER_TILES = 20
#: Frames a plan must survive after the move it leads into has ended.
MARGIN = 30
#: At most this many frames are simulated per candidate.
MAX_SIM = 240
#: Give up dodging before a move after this many tries (and just play it).
MAX_DODGES = 8
IDLE = Inputs()


def solve_level(level: Level) -> Any:
    """The platformer solver's :class:`Solution` for ``level``."""
    from procgen.levels.platformer.solver import solve

    return solve(level)


def _jump(hold: int, wait: int = 0, rest: int = 40) -> list[Inputs]:
    seq = [IDLE] * wait + [Inputs(jump=True, jump_pressed=True)]
    seq += [Inputs(jump=True)] * (hold - 1) + [IDLE] * rest
    return seq


#: What the bot may do before a move instead of starting it at once: wait a little, or hop in
#: place at the right moment (landing on a walker that walks under you stomps it).
PREFIXES: tuple[tuple[Inputs, ...], ...] = tuple(
    tuple(p)
    for p in (
        [],
        [IDLE] * 8,
        [IDLE] * 16,
        *(_jump(40, w) for w in range(0, 52, 4)),
        *(_jump(8, w, 20) for w in range(0, 32, 4)),
        *([IDLE] * k for k in (24, 36, 50, 70, 100)),
    )
)


class Bot:
    """Keys for the hero each frame: the solver's moves, made safe against moving enemies."""

    def __init__(self, state: PlatformerState, solution: Any) -> None:
        self.inner = pbot.Bot(state.level, solution)
        self.plan: deque[Inputs] = deque()
        self._checked: int | None = None
        self.lookaheads = 0
        self._tries, self._tries_move = 0, -1
        #: Moves before this one are known to be safe (from the last look-ahead of "just go").
        self._safe_until = -1
        self.dodges = 0

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
        move = self.inner._move
        at_start = self.inner._frame is None and state.body.on_ground
        # A look-ahead that went on safely past this move already vouches for it: the game is
        # deterministic and the bot plays the same keys here as in the copy.
        if at_start and self._checked != move and move + 1 >= self._safe_until and self._danger(state):
            self._checked = move
            self._tries = self._tries + 1 if move == self._tries_move else 1
            self._tries_move = move
            prefix = self._safest(state) if self._tries <= MAX_DODGES else ()
            if prefix:
                self._safe_until = -1
                self.dodges += 1
                self.plan.extend(prefix)
                return self.inputs(state)
        return self.inner.inputs(state.body)

    def _danger(self, state: PlatformerState) -> bool:
        x = state.body.x
        reach = DANGER_TILES * TS
        if any(abs(bl.x - x) < reach for bl in state.bullets):
            return True
        if any(w.alive and abs(w.x - x) < reach for w in state.walkers):
            return True
        return any(abs(cx * TS - x) < reach + 4 * TS for cx, _ in state.cannons)

    def _safest(self, state: PlatformerState) -> Sequence[Inputs]:
        """The first prefix after which the next move survives; else the one that lives longest."""
        best: tuple[int, Sequence[Inputs]] = (-1, ())
        for prefix in PREFIXES:
            safe, lived = self._simulate(state, prefix)
            if safe:
                return prefix
            if lived > best[0]:
                best = (lived, prefix)
        return best[1]

    def _simulate(self, state: PlatformerState, prefix: Sequence[Inputs]) -> tuple[bool, int]:
        """Play ``prefix`` then the solver's moves in a copy of the game.

        Returns (safe, frames lived): safe when the hero is alive ``MARGIN`` frames after the
        next move ends (or wins first). Without a prefix the copy plays on up to ``MAX_SIM``
        frames to learn how many further moves are safe too (``_safe_until``).
        """
        self.lookaheads += 1
        sim = state.clone()
        inner = copy.copy(self.inner)
        target = inner._move + 1
        deaths = sim.deaths
        after = None
        moves_at: list[int] = []
        safe = False
        lived = MAX_SIM + len(prefix)
        for i in range(MAX_SIM + len(prefix)):
            inputs = prefix[i] if i < len(prefix) else inner.inputs(sim.body)
            sim.tick_inputs(inputs)
            moves_at.append(inner._move)
            if sim.deaths != deaths:
                lived = i
                break
            if sim.won:
                safe, lived = True, i
                moves_at.extend([len(self.inner.solution.moves) + 1] * MARGIN)
                break
            if after is None and i >= len(prefix) and (inner._move >= target or inner.done):
                after = i
            if after is not None and i - after >= MARGIN:
                safe = True
                if prefix:
                    return True, i
        else:
            safe = safe or after is not None
        if not prefix and safe:
            # Moves completed MARGIN frames before the copy stopped (died or ran out) are safe.
            k = len(moves_at) - 1 - MARGIN
            self._safe_until = moves_at[k] if k >= 0 else -1
        return safe, lived
