"""The playability solver agrees with hand-built cases and is conservative about enemies."""

import pytest

from procgen.level import Entity, Level
from procgen.levels.platformer.solver import solve, start_tile
from procgen.levels.platformer.tiles import LEGEND


def level(rows: list[str]) -> Level:
    return Level.from_rows("platformer", rows, LEGEND)


def gap(n: int) -> Level:
    """Flat ground with a pit ``n`` columns wide in the middle."""
    return level(["-" * (10 + n)] * 12 + ["X" * 5 + "-" * n + "X" * 5] * 2)


def wall(n: int) -> Level:
    """Flat ground, then a block ``n`` tiles high up to the right edge."""
    return level(["-" * 10] * (12 - n) + ["-----XXXXX"] * n + ["X" * 10] * 2)


@pytest.mark.parametrize(("n", "playable"), [(1, True), (3, True), (4, True), (5, False), (6, False)])
def test_gap_up_to_four_wide_can_be_jumped(n, playable):
    assert solve(gap(n)).playable is playable


@pytest.mark.parametrize(("n", "playable"), [(1, True), (2, True), (4, True), (5, False), (6, False)])
def test_wall_up_to_four_high_can_be_climbed(n, playable):
    assert solve(wall(n)).playable is playable


def test_pit_with_no_way_across_fails():
    rows = ["-" * 16] * 12 + ["XXXX--------XXXX"] * 2
    sol = solve(level(rows))
    assert not sol.playable
    assert sol.stats["furthest_x"] == 3


def test_platform_over_a_wide_pit_makes_it_crossable():
    rows = ["-" * 16] * 9 + ["------SSSS------"] + ["-" * 16] * 2 + ["XXXX--------XXXX"] * 2
    sol = solve(level(rows))
    assert sol.playable and sol.stats["jumps"] >= 1 and sol.stats["gaps_crossed"] == 1
    assert any(y == 8 for _, y, _ in sol.path), "crosses on the platform"


def test_enemy_on_a_single_tile_path_can_be_jumped():
    rows = ["-" * 10] * 11 + ["-----E----"] + ["X" * 10] * 2
    sol = solve(level(rows))
    assert sol.playable
    assert any(a == "jump" for _, _, a in sol.path)
    assert all(x != 5 for x, _, _ in sol.path), "never stands on the enemy's tile"


def test_enemy_in_a_low_corridor_blocks_the_way():
    """With a ceiling right overhead there is no room to jump the enemy: not playable."""
    rows = ["-" * 10] * 10 + ["SSSSSSSSSS", "-----E----"] + ["X" * 10] * 2
    assert not solve(level(rows)).playable


def test_path_runs_from_the_start_to_the_right_edge_with_stats():
    sol = solve(gap(3))
    assert sol.path[0] == (0, 11, "start")
    assert sol.path[-1][0] == gap(3).width - 1
    assert len(sol.moves) == len(sol.path) - 1
    assert sol.stats["jumps"] == 1 and sol.stats["gaps_crossed"] == 1
    assert sol.stats["hardest_jump"] >= 4
    assert sol.stats["path_length"] == len(sol.path) - 1
    assert sol.reached[11, -1]


def test_player_entity_sets_the_start():
    lv = gap(3)
    lv.entities = [Entity("player", 2, 11)]
    assert start_tile(lv) == (2, 11)
    assert solve(lv).path[0][:2] == (2, 11)


def test_start_is_the_lowest_standing_tile_of_the_leftmost_column():
    rows = ["-" * 6] * 7 + ["XX----"] + ["-" * 6] * 4 + ["X" * 6] * 2
    assert start_tile(level(rows)) == (0, 11)


def test_level_with_nothing_to_stand_on_is_not_playable():
    sol = solve(level(["-" * 8] * 14))
    assert not sol.playable and sol.path == []


def test_bumping_a_ceiling_is_avoided_but_walking_under_it_is_fine():
    rows = ["-" * 12] * 10 + ["SSSSSSSSSSSS", "------------"] + ["X" * 12] * 2
    sol = solve(level(rows))
    assert sol.playable and sol.stats["jumps"] == 0
