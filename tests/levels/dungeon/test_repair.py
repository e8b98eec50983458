"""Repair of model-made rooms: any grid in, a completable single-region room out."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procgen.errors import ParamError
from procgen.levels.dungeon.classic import classic_room
from procgen.levels.dungeon.repair import repair_room, repair_room_solved
from procgen.levels.dungeon.solver import solve_room
from procgen.levels.dungeon.tiles import VOCAB

CODES = np.frombuffer("".join(VOCAB).encode(), dtype=np.uint8)


@given(st.integers(3, 15), st.integers(3, 11), st.integers(0, 2**32 - 1), st.none() | st.integers(0, 5))
def test_any_grid_is_repaired_into_a_valid_room(w, h, noise_seed, enemies):
    """Random tile soup becomes a room: wall border with one door, one player and key, one region."""
    if (w - 2) * (h - 2) < 2 + (enemies or 0):
        return
    grid = CODES[np.random.default_rng(noise_seed).integers(0, len(CODES), (h, w))]
    room = repair_room(grid, enemies=enemies, seed=1)
    sol = solve_room(room)
    assert sol.completable and sol.regions == 1 and sol.unreachable_floor == 0
    assert room.grid.shape == (h, w)
    border = np.ones((h, w), dtype=bool)
    border[1:-1, 1:-1] = False
    assert int((room.grid[border] == ord("D")).sum()) == 1
    assert set(np.unique(room.grid[border]).tolist()) <= {ord("W"), ord("D")}
    if enemies is not None:
        assert sol.enemies == enemies


def test_valid_rooms_are_left_alone():
    """A room that is already valid comes back tile for tile."""
    for seed in range(10):
        room = classic_room(seed, 11, 7, 3, None)
        fixed = repair_room(room)
        assert fixed.rows == room.rows and fixed.stats["repaired_tiles"] == 0


def test_pockets_are_joined_not_dropped():
    """A key sealed in a pocket is connected by carving, so it stays where the model put it."""
    rows = [
        "WWWWWWWWW",
        "WAFFFWKFW",
        "WFFFFWWWW",
        "WWWDWWWWW",
    ]
    room = repair_room(rows)
    assert room.grid[1, 6] == ord("K")
    assert solve_room(room).completable


def test_extra_doors_players_and_keys_are_removed():
    """Only the first door in the border, first player and first key survive."""
    rows = ["WWDWWDW", "WAAKKFW", "WDFFFFW", "WWWWWWW"]
    room = repair_room(rows)
    assert [int((room.grid == ord(c)).sum()) for c in "ADK"] == [1, 1, 1]
    assert room.grid[0, 2] == ord("D") and room.grid[2, 1] == ord("F")


def test_enemy_count_can_be_forced_up_and_down():
    """enemies=N adds or removes enemies to exactly N."""
    room = classic_room(0, 11, 7, 3, None)
    assert repair_room(room, enemies=0).stats["enemies"] == 0
    assert repair_room(room, enemies=9).stats["enemies"] == 9


def test_too_small_is_refused():
    """A grid without room for a player and a key is a ParamError."""
    with pytest.raises(ParamError, match="^room:"):
        repair_room(["WWW", "WFW", "WWW"])


@given(st.integers(3, 15), st.integers(3, 11), st.integers(0, 2**32 - 1), st.none() | st.integers(0, 4))
def test_repair_hands_back_the_solution_of_the_room_it_returns(w, h, noise_seed, enemies):
    """repair_room_solved's solution is the room solver's on the repaired room (so the room
    model need not solve it again), and its room is repair_room's."""
    if (w - 2) * (h - 2) < 2 + (enemies or 0):
        return
    grid = CODES[np.random.default_rng(noise_seed).integers(0, len(CODES), (h, w))]
    room, sol = repair_room_solved(grid, enemies=enemies, seed=3)
    assert sol == solve_room(room)
    assert room.rows == repair_room(grid, enemies=enemies, seed=3).rows
