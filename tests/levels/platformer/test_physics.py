"""The shared movement model: NES-like limits, exact positions, axis-separated collision."""

import numpy as np

from procgen.levels.platformer.physics import PHYSICS, Body, Inputs, fell_out, spawn_body, step

T = PHYSICS.tile_size


def _world(rows: list[str]) -> np.ndarray:
    return np.array([[c == "X" for c in r] for r in rows])


def test_derived_capabilities_are_four_tiles():
    """A standing jump clears 4 tiles of height and a running jump a 4-tile gap."""
    assert PHYSICS.jump_height_tiles == 4
    assert PHYSICS.jump_gap_tiles == 4
    assert 4 * T < PHYSICS.jump_rise_px < 5 * T


def _best_jump(solid: np.ndarray, x0: float, row: int, delay: int, frames: int = 90) -> Body:
    """Jump from x0 (feet on row+1) holding jump, moving right after ``delay`` frames."""
    b = Body(x0, PHYSICS.standing_y(row))
    for i in range(frames):
        b = step(b, Inputs(right=i >= delay, jump=True, jump_pressed=i == 0), solid)
        if b.on_ground and i > 0:
            break
    return b


def _lands_on_top(height: int) -> bool:
    rows = ["-" * 8] * (12 - height) + ["----XXXX"] * height + ["X" * 8] * 2
    solid = _world(rows)
    top_row = 12 - height - 1
    for x0 in np.arange(2 * T + 2, 4 * T - PHYSICS.hitbox_w + 1, 2.0):  # every spot beside it
        for delay in range(0, 30):
            b = _best_jump(solid, float(x0), 11, delay)
            if b.on_ground and b.y == PHYSICS.standing_y(top_row):
                return True
    return False


def test_four_tile_wall_can_be_climbed_five_cannot():
    """Whatever the take-off spot and timing, 5 tiles is too high and 4 is not."""
    assert _lands_on_top(4)
    assert not _lands_on_top(5)


def _crosses(gap: int) -> bool:
    rows = ["-" * (8 + gap)] * 12 + ["X" * 4 + "-" * gap + "X" * 4] * 2
    solid = _world(rows)
    # Take off from every position still on the edge tile, running right all the way.
    for x0 in np.arange(2.0, 4 * T, 2.0):
        b = Body(float(x0), PHYSICS.standing_y(11))
        for i in range(120):
            b = step(b, Inputs(right=True, jump=True, jump_pressed=i == 0), solid)
            if b.on_ground and i > 0:
                break
        if b.on_ground and b.x >= (4 + gap) * T - PHYSICS.hitbox_w + 1 and b.y == PHYSICS.standing_y(11):
            return True
    return False


def test_running_jump_clears_four_gap_not_five():
    assert _crosses(4)
    assert not _crosses(5)


def test_walking_into_a_wall_stops_flush_against_it():
    solid = _world(["------X", "------X", "XXXXXXX"])
    b = spawn_body(0, 1)
    for _ in range(60):
        b = step(b, Inputs(right=True), solid)
    assert b.x == 6 * T - PHYSICS.hitbox_w and b.on_ground


def test_level_sides_are_walls_and_the_bottom_is_the_void():
    solid = _world(["---", "---", "X--"])
    b = spawn_body(0, 1)
    for _ in range(20):
        b = step(b, Inputs(left=True), solid)
    assert b.x == 0.0, "the left side is a wall"
    for _ in range(120):
        b = step(b, Inputs(right=True), solid)
    assert fell_out(b, 3), "walking off the only floor falls out of the level"


def test_moves_are_exact_wherever_they_start():
    """The same inputs give the same relative motion one tile or a hundred tiles further."""
    flat = np.zeros((6, 220), dtype=bool)
    flat[5] = True
    seq = [Inputs(right=True, jump=i < 10, jump_pressed=i == 0) for i in range(40)]
    ends = []
    for col in (1, 150):
        b = spawn_body(col, 4)
        for inp in seq:
            b = step(b, inp, flat)
        ends.append((b.x - PHYSICS.canonical_x(col), b.y, b.on_ground))
    assert ends[0] == ends[1]


def test_releasing_jump_early_gives_a_lower_hop():
    flat = np.zeros((12, 4), dtype=bool)
    flat[11] = True
    def apex(hold: int) -> float:
        b, top = spawn_body(1, 10), 1e9
        for i in range(60):
            b = step(b, Inputs(jump=i < hold, jump_pressed=i == 0), flat)
            top = min(top, b.y)
        return PHYSICS.standing_y(10) - top
    assert apex(2) < apex(6) < apex(60) == PHYSICS.jump_rise_px
