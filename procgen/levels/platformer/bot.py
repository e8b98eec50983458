"""An autoplay bot that plays a solver path with the real physics, frame by frame.

The game asks ``bot.inputs(body)`` every frame and passes the result to
:func:`.physics.step`. Each solver move is played as: walk to the centre of the current tile
(the template's starting point), then the template's recorded inputs up to its landing frame.
Because templates were simulated with ``step`` itself and positions are exact, the body lands
where the solver said; :func:`play` checks that on a whole level.

A stomp (the game's rule, :func:`.enemies.touch`) throws the hero up: the bot sees the bounce
in the body's velocity, lets go of jump and steers back over the tile the move was heading
for, and the move ends when the hero lands there. :func:`play` plays with walkers standing
still where they came to rest (the picture the solver plans over); the game's bot plays the
same moves among patrolling walkers and firing cannons.

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
from procgen.levels.platformer.enemies import (
    Bullet,
    Walker,
    cannon_bullets,
    move_bullet,
    resting_places,
    touch,
)
from procgen.levels.platformer.physics import (
    PHYSICS,
    Body,
    Inputs,
    Physics,
    fell_out,
    spawn_body,
    step,
)
from procgen.levels.platformer.solver import SOLID, Solution, solve, tile_codes
from procgen.levels.platformer.templates import templates
from procgen.levels.platformer.tiles import CANNON_TOP, ENEMY

__all__ = ["Bot", "Playthrough", "play"]


class Bot:
    """Plays ``solution`` (solved now when not given) one frame at a time."""

    def __init__(self, level: Level, solution: Solution | None = None, physics: Physics = PHYSICS):
        self.physics = physics
        self.solution = solve(level, physics) if solution is None else solution
        self._tmpl = templates(physics)
        self._move = 0  # index into solution.moves
        self._frame: int | None = None  # frame within the move's template; None = centring
        self._bouncing = False  # a stomp threw the hero up: steer back over the move's tile
        #: Frames of the level clock played so far (the game hands its own clock in instead).
        self.clock = 0

    @property
    def done(self) -> bool:
        """True once every move has been played (the player stands on the goal column)."""
        return self._move >= len(self.solution.moves)

    def land(self, body: Body) -> None:
        """End a stomp's bounce once the hero stands again: the next move starts from here
        (the game's bot calls this first, to look ahead before that move)."""
        if self._bouncing and body.on_ground:
            self._bouncing = False
            self._move += 1
            self._frame = None

    def inputs(self, body: Body, frame: int | None = None) -> Inputs:
        """The keys to press this frame, given the body before the frame and the frames of the
        level clock played before it (counted here when not given)."""
        if frame is None:
            frame = self.clock
        self.clock = frame + 1
        if self.done:
            return Inputs(right=True)  # keep pressing towards the exit
        if body.vy == -self.physics.stomp_bounce and not body.on_ground:
            # Only a stomp sets this speed (jumps start at -jump_speed, cuts at -jump_cut_speed).
            self._bouncing = True
        if self._bouncing:
            if body.on_ground:
                self.land(body)
                return self.inputs(body, frame)
            x = self.physics.canonical_x(self.solution.path[self._move + 1][0])
            return Inputs(right=body.x < x, left=body.x > x)
        if self._frame is None:
            x = self.physics.canonical_x(self.solution.path[self._move][0])
            if body.x < x:
                return Inputs(right=True)
            if body.x > x:
                return Inputs(left=True)
            safe = self.solution.departures.get(self._move)
            if safe is not None and not safe[(frame + 1) % len(safe)]:
                return Inputs()  # wait for a gap between the bullets (see .bullets)
            self._frame = 0
        template, landing_frame = self.solution.moves[self._move]
        keys_seq = self._tmpl.inputs[template]
        keys = keys_seq[min(self._frame, len(keys_seq) - 1)]
        self._frame += 1
        stomp = self.solution.path[self._move + 1][2] == "stomp"
        # A stomp move goes on until the stomp is seen (a frame after the tile is reached);
        # among moving walkers the walker may have gone: then it ends on landing anywhere.
        if self._frame >= landing_frame and (not stomp or (body.on_ground and self._frame > landing_frame)):
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
    """Let the bot play ``level`` with :func:`step`; walkers stand still where they come to
    rest, die when stomped (:func:`.enemies.touch`) and kill the hero on any other touch;
    cannons fire by the game's rules (:func:`.enemies.cannon_bullets`) and a bullet kills the
    hero on any touch (the solver's plan times its runs to touch none).

    Finished means the body stands on the goal column (the last one) having never been hurt
    by a walker or a bullet nor fallen out.
    """
    bot = Bot(level, solution, physics)
    if not bot.solution.playable:
        return Playthrough(False, 0, "the solver found no path")
    codes = tile_codes(level)
    solid = codes == SOLID
    ys, xs = np.nonzero(level.grid == ord(ENEMY))
    rows, cols, _ = resting_places(solid, ys, xs)
    walkers = [Walker.at(c, r) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
    cy, cx = np.nonzero(level.grid == ord(CANNON_TOP))
    cannons = list(zip(cx.tolist(), cy.tolist(), strict=True))
    bullets: list[Bullet] = []
    x0, y0, _ = bot.solution.path[0]
    body = spawn_body(x0, y0, physics)
    trace = [body]
    keys: list[Inputs] = []
    goal_x = physics.canonical_x(level.width - 1)
    for frame in range(max_frames):
        keys.append(bot.inputs(body, frame))
        body = step(body, keys[-1], solid, physics)
        for w in walkers:
            if not w.alive:
                continue
            outcome, body = touch(body, w.x, w.y)
            if outcome == "stomp":
                w.alive = False
            elif outcome == "hurt":
                trace.append(body)
                return Playthrough(False, frame + 1, f"touched a walker at x={body.x}, y={body.y}", trace, keys)
        if cannons:
            bullets = [bl for bl in bullets if bl.alive] + cannon_bullets(frame + 1, cannons, body.x)
            for bl in bullets:
                move_bullet(bl, solid, body.x)
                if bl.alive and touch(body, bl.x, bl.y)[0]:
                    trace.append(body)
                    return Playthrough(False, frame + 1, f"touched a bullet at x={body.x}, y={body.y}", trace, keys)
        trace.append(body)
        if fell_out(body, level.height, physics):
            return Playthrough(False, frame + 1, "fell out", trace, keys)
        if bot.done and body.on_ground and body.x >= goal_x:
            return Playthrough(True, frame + 1, "", trace, keys)
    return Playthrough(False, max_frames, "ran out of frames", trace, keys)
