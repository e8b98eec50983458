"""The room solver: walks, completability, regions and unreachable floor."""

import numpy as np
import pytest

from procgen.level import Level
from procgen.levels.dungeon.solver import as_grid, solve_room
from procgen.levels.dungeon.tiles import LEGEND

OPEN = [
    "WWWWWWW",
    "WAFFFKW",
    "WFFFFFW",
    "WWWDWWW",
]


def test_open_room_walks_are_shortest_paths():
    """Start→key and key→door are BFS shortest walks with their paths."""
    sol = solve_room(OPEN)
    assert sol.completable
    assert (sol.start_to_key, sol.key_to_door, sol.path_length) == (4, 4, 8)
    assert sol.start_to_key_path[0] == (1, 1) and sol.start_to_key_path[-1] == (5, 1)
    assert len(sol.start_to_key_path) == 5 and sol.key_to_door_path[-1] == (3, 3)
    assert sol.regions == 1 and sol.unreachable_floor == 0


def test_walled_off_key_is_not_completable():
    """A key sealed behind walls and blocks cannot be reached, so the room is not completable."""
    sol = solve_room([
        "WWWWWWW",
        "WAFFWKW",
        "WFFFBBW",
        "WWWDWWW",
    ])
    assert not sol.completable
    assert sol.start_to_key is None and sol.key_to_door is None
    assert sol.regions == 2 and sol.unreachable_floor == 1
    assert "key cannot be reached" in " ".join(sol.problems)


def test_door_reachable_only_through_water_is_not_completable():
    """Water is impassable: a door behind a moat cannot be reached."""
    sol = solve_room([
        "WWWWWWW",
        "WAFKFFW",
        "WPPPPPW",
        "WFFFFFW",
        "WWWDWWW",
    ])
    assert not sol.completable
    assert sol.start_to_key == 2 and sol.key_to_door is None
    assert sol.unreachable_floor == 6  # the far bank and the door


def test_enemies_are_passable_and_counted():
    """An enemy in a one-wide corridor does not block the walk; it is counted on the path."""
    sol = solve_room(["WWWWWWW", "WAMFMKW", "WWWWWDW"])
    assert sol.completable and sol.start_to_key == 4
    assert sol.enemies == 2 and sol.enemies_on_path == 2


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (["WWWWW", "WFFKW", "WWWDW"], "0 players"),
        (["WWWWW", "WAAKW", "WWWDW"], "2 players"),
        (["WWWWW", "WAFFW", "WWWDW"], "0 keys"),
        (["WWWWW", "WAFKW", "WWWWW"], "0 doors"),
    ],
)
def test_wrong_counts_are_reported(rows, problem):
    """Exactly one player, key and door are needed; the problem says which is wrong."""
    sol = solve_room(rows)
    assert not sol.completable
    assert any(problem in p for p in sol.problems)


def test_accepts_level_rows_and_grid_alike():
    """A Level, text rows and a uint8 grid give the same answer."""
    lvl = Level.from_rows("dungeon-room", OPEN, LEGEND)
    grid = as_grid(OPEN)
    assert solve_room(lvl) == solve_room(OPEN) == solve_room(grid)


def test_level_with_other_characters_is_read_by_legend_name():
    """A Level whose legend uses other characters is translated by tile name."""
    from procgen.level import Tile

    legend = {"#": Tile("wall", True), ".": Tile("floor", False), "@": Tile("player", False),
              "k": Tile("key", False), "+": Tile("door", False)}
    lvl = Level.from_rows("dungeon-room", ["#####", "#@.k#", "###+#"], legend)
    assert solve_room(lvl).completable
    assert np.array_equal(as_grid(lvl)[1], np.frombuffer(b"WAFKW", dtype=np.uint8))
