"""What moves besides the hero: walkers, cannons and their bullets, and what touching them does.

ONE set of rules for the game (``game.platformer``), the solver (which decides where a walker
can be stomped) and the bots. pygame-free, and cheap: the bots copy and step these objects
many times per frame of look-ahead.

* A **walker** (``E`` in the level) is a body the size of the hero that patrols at a quarter
  of the hero's speed: it turns back at walls and at ledges, so it stays on the run of floor it
  stands on (its *patrol*), and falls only if that floor goes away. It sleeps until the hero
  comes within ``WAKE_DISTANCE`` tiles.
* A **cannon** (``B``) fires a bullet towards the hero every ``CANNON_PERIOD`` frames while the
  hero is between ``CANNON_RANGE`` tiles from it; bullets fly straight and stop at walls.
* **Touching** either: coming down on it from above is a *stomp* (it dies, the hero bounces
  up at ``Physics.stomp_bounce``); any other touch kills the hero (:func:`touch`).

>>> import numpy as np
>>> solid = np.zeros((4, 6), dtype=bool); solid[3] = True
>>> w = Walker.at(2, 2)
>>> for _ in range(40): w.walk(solid)
>>> w.x < Walker.at(2, 2).x, w.on_ground
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from procgen.levels.platformer import physics as phys

__all__ = [
    "BULLET_SPEED", "CANNON_PERIOD", "CANNON_RANGE", "WAKE_DISTANCE", "WALKER_SPEED",
    "Bullet", "Walker", "cannon_bullets", "move_bullet", "touch",
]

P = phys.PHYSICS
TS = P.tile_size
#: Walkers patrol at a quarter of the hero's speed (px/frame) and turn at walls and ledges.
WALKER_SPEED = 0.5
BULLET_SPEED = 1.5
#: A cannon fires when the hero is between these distances (tiles), every CANNON_PERIOD frames.
CANNON_RANGE = (3, 14)
CANNON_PERIOD = 150
#: Enemies wake up when the hero comes this close (tiles), as when they scroll into view.
WAKE_DISTANCE = 18
#: A stomp counts while the hero's feet, a frame earlier, were at most this far below the
#: enemy's top (px): coming down on it, not sliding into its side.
STOMP_TOLERANCE = 6


@dataclass
class Walker:
    """An enemy that patrols: walks, turns at walls and ledges, falls when it must.

    Position is the top-left of a hitbox the size of the hero's, in pixels.
    """

    x: float
    y: float
    direction: int = -1
    vy: float = 0.0
    on_ground: bool = True
    alive: bool = True
    awake: bool = False
    squashed: int = 0  # frames left of the squash animation

    @classmethod
    def at(cls, column: int, row: int) -> Walker:
        body = phys.spawn_body(column, row)
        return cls(body.x, body.y)

    def walk(self, solid: np.ndarray) -> None:
        """One frame of patrol (cheap: the game moves many walkers, the bot simulates ahead)."""
        h, w = solid.shape
        hw, hh = P.hitbox_w, P.hitbox_h
        if self.on_ground:
            nx = self.x + WALKER_SPEED * self.direction
            front = int((nx + hw - 1e-6) // TS) if self.direction > 0 else int(nx // TS)
            r0, r1 = int(self.y // TS), int((self.y + hh - 1e-6) // TS)
            feet = r1 + 1
            ahead = front if 0 <= front < w else -1
            blocked = ahead < 0 or any(0 <= r < h and solid[r, ahead] for r in range(r0, r1 + 1))
            # Patrol: turn back at a ledge instead of walking off it.
            ledge = not blocked and 0 <= feet < h and not solid[feet, ahead]
            if blocked or ledge:
                self.direction = -self.direction
            else:
                self.x = nx
            # Still standing? (a bumped block or a broken floor can drop it)
            c0, c1 = int(self.x // TS), int((self.x + hw - 1e-6) // TS)
            if not (0 <= feet < h and any(0 <= c < w and solid[feet, c] for c in (c0, c1))):
                self.on_ground = False
            return
        self.vy = min(self.vy + P.gravity, P.max_fall_speed)
        self.y += self.vy
        row = int((self.y + hh - 1e-6) // TS)
        c0, c1 = int(self.x // TS), int((self.x + hw - 1e-6) // TS)
        if 0 <= row < h and any(0 <= c < w and solid[row, c] for c in (c0, c1)):
            self.y = row * TS - hh
            self.vy = 0.0
            self.on_ground = True


@dataclass
class Bullet:
    """A cannon's bullet: flies straight at ``vx`` px/frame; ``y`` is its top, in pixels."""

    x: float
    y: float
    vx: float
    alive: bool = True


def touch(body: phys.Body, x: float, y: float) -> tuple[str, phys.Body]:
    """The hero ``body`` against an enemy whose hitbox's top-left is ``(x, y)``.

    Returns ``("stomp", bounced body)`` when the hero comes down on it from above,
    ``("hurt", body)`` for any other touch (the hero dies), ``("", body)`` when they do not
    touch. The enemy's hurtbox is a little smaller than its sprite: grazes do not count.
    """
    hw, hh = P.hitbox_w, P.hitbox_h
    b = body
    if not (b.x < x + hw - 1 and x + 1 < b.x + hw and b.y < y + hh and y + 2 < b.y + hh):
        return "", b
    if b.vy > 0 and b.y + hh - b.vy <= y + STOMP_TOLERANCE:
        return "stomp", replace(b, vy=-P.stomp_bounce, on_ground=False)
    return "hurt", b


def cannon_bullets(frame: int, cannons: list[tuple[int, int]], hero_x: float) -> list[Bullet]:
    """Bullets fired on ``frame`` by ``cannons`` (``(column, row)`` of each top) at the hero."""
    if frame % CANNON_PERIOD:
        return []
    out = []
    for cx, cy in cannons:
        d = (hero_x - cx * TS) / TS
        if CANNON_RANGE[0] <= abs(d) <= CANNON_RANGE[1]:
            vx = BULLET_SPEED if d > 0 else -BULLET_SPEED
            out.append(Bullet(cx * TS + (TS if vx > 0 else -TS), cy * TS + 1, vx))
    return out


def move_bullet(bullet: Bullet, solid: np.ndarray, hero_x: float) -> None:
    """One frame of flight; the bullet dies in a wall, off the level, or far from the hero."""
    bullet.x += bullet.vx
    col, row = int((bullet.x + TS / 2) // TS), int((bullet.y + 7) // TS)
    h, w = solid.shape
    if not (0 <= col < w) or (0 <= row < h and solid[row, col]) or abs(bullet.x - hero_x) > 40 * TS:
        bullet.alive = False
