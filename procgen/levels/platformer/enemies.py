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
  up at ``Physics.stomp_bounce``; one landing on two bunched-up walkers squashes both); any
  other touch kills the hero (:func:`touch`).

What the solver needs from these rules, on the tile grid (:func:`resting_places`,
:func:`patrol_runs`, :func:`stompable`): where each walker comes to rest, the run of floor it
patrols, and whether the hero can come down on it at all: somewhere along that run there must
be room above it (a corridor one tile high, from wall or ledge to wall or ledge, leaves no room
to get above a walker, so such a walker blocks its whole run; where part of the run is open,
the walker comes out there and can be stomped).

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
    "Bullet", "Walker", "cannon_bullets", "move_bullet", "patrol_runs", "resting_places",
    "stompable", "touch",
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
    #: Put to sleep by a respawn nearby (the game's rule): holds still until the hero moves.
    resting: bool = False

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
    # Two enemies met by one landing (walkers pass through each other and bunch up): the
    # hero has just bounced off the first, feet still at its top, and squashes this one too.
    if b.vy == -P.stomp_bounce and b.y + hh <= y + STOMP_TOLERANCE + P.max_fall_speed:
        return "stomp", b
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


def resting_places(solid: np.ndarray, ys: np.ndarray, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where walkers placed at tiles ``(ys, xs)`` stand once they have fallen to a floor.

    Returns ``(rows, columns, kept)``: the standing tile of each walker, and whether it stays
    in the level at all (one with no floor below falls out and is gone).
    """
    h = solid.shape[0]
    rows = np.empty(ys.size, dtype=np.int64)
    kept = np.zeros(ys.size, dtype=bool)
    for i, (y, x) in enumerate(zip(ys.tolist(), xs.tolist(), strict=True)):
        below = np.nonzero(solid[y + 1 :, x])[0]  # few walkers: one short column scan each
        kept[i] = below.size > 0
        rows[i] = y + int(below[0]) if kept[i] else h
    return rows[kept], xs.astype(np.int64)[kept], kept


def patrol_runs(solid: np.ndarray) -> np.ndarray:
    """``(H, W)`` int: for each tile a walker could stand on (free, solid below), the id
    (from 1) of its run of such tiles in that row — the stretch a walker there patrols, since it
    turns at walls and at ledges; 0 elsewhere."""
    stand = np.zeros(solid.shape, dtype=bool)
    stand[:-1] = ~solid[:-1] & solid[1:]
    start = stand.copy()
    start[:, 1:] &= ~stand[:, :-1]
    runs = np.cumsum(start.ravel()).reshape(solid.shape)
    return np.where(stand, runs, 0)


def stompable(solid: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Per walker (standing at ``(rows, cols)``): can the hero come down on it somewhere on
    its patrol? False when every tile of its run has a solid tile right above it (no room to
    get above the walker anywhere: a walker under a low ceiling blocks the way)."""
    runs = patrol_runs(solid)
    open_above = np.ones(solid.shape, dtype=bool)
    open_above[1:] = ~solid[:-1]  # row 0 has open sky above
    good = np.zeros(int(runs.max()) + 1, dtype=bool)
    good[runs[open_above & (runs > 0)]] = True
    return good[runs[rows, cols]]
