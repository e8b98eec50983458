"""An autoplay bot that plays a solver path with the real physics, frame by frame.

The game asks ``bot.inputs(body)`` every frame and passes the result to
:func:`.physics.step`. Each solver move is played as: walk to the centre of the current tile
(the template's starting point), then the template's recorded inputs up to its landing frame.
Because templates were simulated with ``step`` itself and positions are exact, the body lands
where the solver said; :func:`play` checks that on a whole level.

>>> from procgen.level import Level
>>> from procgen.levels.platformer.tiles import LEGEND
>>> rows = ["-" * 12] * 11 + ["-----E------"] + ["XXXX---XXXXX"] * 2
>>> play(Level.from_rows("platformer", rows, LEGEND)).finished
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from procgen.level import Level
from procgen.levels.platformer.physics import (
    PHYSICS,
    Body,
    Inputs,
    Physics,
    fell_out,
    spawn_body,
    step,
)
from procgen.levels.platformer.solver import HAZARD, SOLID, Solution, solve, tile_codes
from procgen.levels.platformer.templates import templates

__all__ = ["Bot", "Playthrough", "play"]


class Bot:
    """Plays ``solution`` (solved now when not given) one frame at a time."""

    def __init__(self, level: Level, solution: Solution | None = None, physics: Physics = PHYSICS):
        self.physics = physics
        self.solution = solve(level, physics) if solution is None else solution
        self._tmpl = templates(physics)
        self._move = 0  # index into solution.moves
        self._frame: int | None = None  # frame within the move's template; None = centring

    @property
    def done(self) -> bool:
        """True once every move has been played (the player stands on the goal column)."""
        return self._move >= len(self.solution.moves)

    def inputs(self, body: Body) -> Inputs:
        """The keys to press this frame, given the body before the frame."""
        if self.done:
            return Inputs(right=True)  # keep pressing towards the exit
        if self._frame is None:
            x = self.physics.canonical_x(self.solution.path[self._move][0])
            if body.x < x:
                return Inputs(right=True)
            if body.x > x:
                return Inputs(left=True)
            self._frame = 0
        template, landing_frame = self.solution.moves[self._move]
        keys = self._tmpl.inputs[template][self._frame]
        self._frame += 1
        if self._frame >= landing_frame:
            self._move += 1
            self._frame = None
        return keys


@dataclass
class Playthrough:
    """What happened when the bot played a level: finished, frames used, why it stopped."""

    finished: bool
    frames: int
    reason: str = ""
    #: The body after each frame (``trace[0]`` is the spawn) and the keys of each frame: replay
    #: ``inputs`` through :func:`step` from the spawn and the same run happens again.
    trace: list[Body] = field(default_factory=list)
    inputs: list[Inputs] = field(default_factory=list)


def play(level: Level, solution: Solution | None = None, physics: Physics = PHYSICS, max_frames: int = 20000) -> Playthrough:
    """Let the bot play ``level`` with :func:`step`; enemies are static tiles that kill on touch.

    Finished means the body stands on the goal column (the last one) having never touched an
    enemy tile nor fallen out.
    """
    bot = Bot(level, solution, physics)
    if not bot.solution.playable:
        return Playthrough(False, 0, "the solver found no path")
    codes = tile_codes(level)
    solid = codes == SOLID
    enemy = codes == HAZARD
    x0, y0, _ = bot.solution.path[0]
    body = spawn_body(x0, y0, physics)
    trace = [body]
    keys: list[Inputs] = []
    t = physics.tile_size
    goal_x = physics.canonical_x(level.width - 1)
    for frame in range(max_frames):
        keys.append(bot.inputs(body))
        body = step(body, keys[-1], solid, physics)
        trace.append(body)
        if fell_out(body, level.height, physics):
            return Playthrough(False, frame + 1, "fell out", trace, keys)
        r0, r1 = int(np.floor(body.y / t)), int(np.ceil((body.y + physics.hitbox_h) / t))
        c0, c1 = int(np.floor(body.x / t)), int(np.ceil((body.x + physics.hitbox_w) / t))
        if enemy[max(r0, 0) : max(r1, 0), max(c0, 0) : max(c1, 0)].any():
            return Playthrough(False, frame + 1, f"touched an enemy at x={body.x}, y={body.y}", trace, keys)
        if bot.done and body.on_ground and body.x >= goal_x:
            return Playthrough(True, frame + 1, "", trace, keys)
    return Playthrough(False, max_frames, "ran out of frames", trace, keys)
