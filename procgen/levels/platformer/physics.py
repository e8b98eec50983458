"""How the player moves: ONE source of truth for the solver and the pygame game.

The game calls :func:`step` once per fixed frame (``Physics.dt`` = 1/60 s) with the keys held;
the solver builds its jump templates by running this very function (see
:mod:`procgen.levels.platformer.solver`), so a level the solver calls playable is finishable
in the game.

Units are pixels and frames. Every constant is a dyadic fraction (a multiple of 1/16), so
positions are exact in floating point and a move gives the same result wherever in the level
it starts: the solver's templates, computed at the origin, replay bit for bit anywhere.

Feel (derived from the constants, checked by the tests): a standing jump lifts the feet
67.5 px, so the player climbs a 4-tile wall but not a 5-tile one; the air time of a full jump
is 31 frames at 2 px/frame, so a running jump from the edge clears a 4-tile gap but not 5 —
the NES-era capabilities, not more generous.

Collision is axis-separated against the tile grid: move in x and push out of solid tiles,
then move in y and push out. Columns outside the level are solid (walls), rows above it are
open sky, and a body whose top passes the bottom row has fallen out (:func:`fell_out`).

>>> p = PHYSICS
>>> p.jump_height_tiles, p.jump_gap_tiles
(4, 4)
>>> import numpy as np
>>> solid = np.zeros((3, 4), dtype=bool); solid[2] = True
>>> b = spawn_body(0, 1)
>>> for _ in range(8): b = step(b, Inputs(right=True), solid)
>>> b.x, b.y, b.on_ground
(18.0, 18.0, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

__all__ = ["PHYSICS", "Body", "Inputs", "Physics", "fell_out", "spawn_body", "step"]


@dataclass(frozen=True)
class Physics:
    """Movement constants, in pixels and frames (one frame = ``dt`` seconds)."""

    tile_size: int = 16
    dt: float = 1 / 60
    #: Downward acceleration, px/frame² (see ``gravity_px_s2`` for px/s²).
    gravity: float = 0.5625
    #: Horizontal speed while a direction is held, px/frame; no inertia (exact templates).
    run_speed: float = 2.0
    #: Upward speed given on the frame the jump starts, px/frame.
    jump_speed: float = 9.0
    #: Releasing jump while rising caps the upward speed at this (short hops).
    jump_cut_speed: float = 3.0
    #: Terminal fall speed, px/frame (less than a tile, so no tile is ever skipped).
    max_fall_speed: float = 8.0
    #: The player's hitbox, px (smaller than a tile: fits one-tile corridors).
    hitbox_w: int = 12
    hitbox_h: int = 14
    #: Upward speed after stomping an enemy, px/frame (used by the game).
    stomp_bounce: float = 6.0

    # -- the same constants per second, for display and engines with variable timesteps --------

    @property
    def fps(self) -> int:
        return round(1 / self.dt)

    @property
    def gravity_px_s2(self) -> float:
        return self.gravity * self.fps**2

    @property
    def run_speed_px_s(self) -> float:
        return self.run_speed * self.fps

    @property
    def jump_speed_px_s(self) -> float:
        return self.jump_speed * self.fps

    # -- what the player can do, in tiles (derived by simulation, not by formula) -------------

    @cached_property
    def jump_rise_px(self) -> float:
        """Highest the feet get above the take-off floor with jump held (same integrator)."""
        vy, rise, best = -self.jump_speed, 0.0, 0.0
        while vy < 0 or rise > 0:
            vy = min(vy + self.gravity, self.max_fall_speed)
            rise -= vy
            best = max(best, rise)
            if rise < 0:
                break
        return best

    @cached_property
    def air_frames(self) -> int:
        """Frames of a full jump before the feet drop below the take-off floor."""
        vy, rise, n = -self.jump_speed, 0.0, 0
        while True:
            vy = min(vy + self.gravity, self.max_fall_speed)
            rise -= vy
            if rise < 0:
                return n
            n += 1

    @property
    def jump_height_tiles(self) -> int:
        """Height of the tallest wall a standing jump gets on top of, in tiles."""
        return int(self.jump_rise_px // self.tile_size)

    @property
    def jump_gap_tiles(self) -> int:
        """Widest gap (empty columns) a running jump from the very edge clears, same floor level.

        The hitbox can hang over the edge until only 2 px (one run step) still touch the floor;
        it lands once its leading edge is past the far edge when its feet come back down.
        """
        # x moves before y in a frame, so the frame that lands has moved once more.
        reach = (self.air_frames + 1) * self.run_speed
        lead = self.tile_size - 2 + self.hitbox_w  # leading edge, from the take-off column's left
        return int((lead + reach - 1) // self.tile_size) - 1

    def canonical_x(self, column: int) -> float:
        """Left of the hitbox when it stands centred on ``column``."""
        return float(column * self.tile_size + (self.tile_size - self.hitbox_w) // 2)

    def standing_y(self, row: int) -> float:
        """Top of the hitbox when its feet rest on the floor below ``row``."""
        return float((row + 1) * self.tile_size - self.hitbox_h)


PHYSICS = Physics()


@dataclass(frozen=True)
class Inputs:
    """The keys for one frame. ``jump_pressed`` is true only on the frame the key goes down."""

    left: bool = False
    right: bool = False
    jump: bool = False
    jump_pressed: bool = False

    @property
    def direction(self) -> int:
        return int(self.right) - int(self.left)


@dataclass(frozen=True)
class Body:
    """The player's hitbox: top-left corner (px), velocity (px/frame), resting on a floor."""

    x: float
    y: float
    vx: float = 0.0
    vy: float = 0.0
    on_ground: bool = True


def spawn_body(column: int, row: int, physics: Physics = PHYSICS) -> Body:
    """A body standing centred on tile ``(column, row)`` (its feet on the tile below)."""
    return Body(physics.canonical_x(column), physics.standing_y(row), 0.0, 0.0, True)


def fell_out(body: Body, height_tiles: int, physics: Physics = PHYSICS) -> bool:
    """True once the hitbox is entirely below the bottom row: the player is dead."""
    return body.y >= height_tiles * physics.tile_size


#: Called with ("x"|"y", rows range, columns range, vy) for every rectangle step() tests.
Probe = Callable[[str, range, range, float], None]


def _span(lo: float, size: int, tile: int) -> range:
    """Tile indices a [lo, lo+size) pixel interval overlaps (open at the high end)."""
    return range(math.floor(lo / tile), math.ceil((lo + size) / tile))


def _is_solid(solid: np.ndarray, row: int, col: int) -> bool:
    h, w = solid.shape
    if col < 0 or col >= w:
        return True  # the level's sides are walls
    if row < 0 or row >= h:
        return False  # open sky above, the void below
    return bool(solid[row, col])


def step(
    body: Body,
    inputs: Inputs,
    solid: np.ndarray,
    physics: Physics = PHYSICS,
    probe: Probe | None = None,
) -> Body:
    """Advance the body one frame against ``solid`` (``(H, W)`` bool, True = solid tile).

    Order: horizontal move and push-out; jump start (only from the ground) or jump cut;
    gravity; vertical move and push-out, which sets ``on_ground`` when a floor stops a fall.
    ``probe`` (used by the solver) sees every rectangle tested against the grid.
    """
    p, t = physics, physics.tile_size
    x, y, vy, on_ground = body.x, body.y, body.vy, body.on_ground

    vx = p.run_speed * inputs.direction
    x += vx
    rows, cols = _span(y, p.hitbox_h, t), _span(x, p.hitbox_w, t)
    if probe is not None:
        probe("x", rows, cols, vy)
    if vx != 0:
        hit = [c for c in cols for r in rows if _is_solid(solid, r, c)]
        if hit:
            # Push out to the near side of the nearest solid column.
            x = float(min(hit) * t - p.hitbox_w if vx > 0 else (max(hit) + 1) * t)
            vx = 0.0

    if inputs.jump_pressed and on_ground:
        vy = -p.jump_speed
    elif not inputs.jump and vy < -p.jump_cut_speed:
        vy = -p.jump_cut_speed
    vy = min(vy + p.gravity, p.max_fall_speed)
    y += vy
    rows, cols = _span(y, p.hitbox_h, t), _span(x, p.hitbox_w, t)
    if probe is not None:
        probe("y", rows, cols, vy)
    hit_rows = [r for r in rows for c in cols if _is_solid(solid, r, c)]
    on_ground = False
    if hit_rows:
        if vy > 0:
            y = float(min(hit_rows) * t - p.hitbox_h)
            on_ground = True
        else:
            y = float((max(hit_rows) + 1) * t)
        vy = 0.0
    return replace(body, x=x, y=y, vx=vx, vy=vy, on_ground=on_ground)
