"""The playability solver agrees with hand-built cases and is conservative about enemies."""

import pytest

from procgen.level import Entity, Level
from procgen.levels.platformer.solver import HAZARD, STOMP, solve, start_tile, tile_codes
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


def test_walker_under_a_low_ceiling_is_not_stompable_and_blocks():
    """A walker in a tunnel one tile high: no room to come down on it, none to jump it."""
    rows = ["---" + "S" * 9] * 11 + ["-------E----"] + ["X" * 12] * 2
    sol = solve(level(rows))
    assert not sol.playable
    assert sol.stats["stuck_at"][0] <= 6 and "enemy" in sol.stats["reason"]


def test_walker_in_a_tunnel_that_never_opens_blocks_its_whole_patrol():
    """Wall to wall under a ceiling, the walker patrols the whole tunnel: all of it is deadly."""
    rows = ["-" * 12] * 10 + ["SSSSSSSSSSSS", "-----E------"] + ["X" * 12] * 2
    lv = level(rows)
    lv.entities = [Entity("player", 0, 11)]
    assert (tile_codes(lv)[11] == HAZARD).all()
    assert not solve(lv).playable


def test_walker_on_a_one_tile_wide_path_is_passed_by_stomping():
    """Two four-wide pits with a one-tile pillar between them, a walker on it: the only way
    across is to come down on the walker (a stomp) and go on from the pillar."""
    rows = ["-" * 17] * 11 + ["--------E--------"] + ["XXXX----X----XXXX"] * 2
    sol = solve(level(rows))
    assert sol.playable and sol.stats["stomps"] == 1
    assert (8, 11, "stomp") in sol.path


def test_walkers_in_a_row_are_stomped_one_after_another():
    """A narrow ledge path of single pillars, each with a walker: stomp, stomp, stomp."""
    rows = ["-" * 25] * 11 + ["--------E----E----E------"] + ["XXXX----X----X----X---XXX"] * 2
    sol = solve(level(rows))
    assert sol.playable and sol.stats["stomps"] == 3


def test_walker_beside_a_wall_is_not_stomped_but_can_be_jumped():
    rows = ["-" * 12] * 11 + ["-----EX-----"] + ["X" * 12] * 2
    codes = tile_codes(level(rows))
    assert codes[11, 5] == HAZARD
    sol = solve(level(rows))
    assert sol.playable and sol.stats["stomps"] == 0


def test_a_floating_walker_falls_to_the_floor_it_will_patrol():
    rows = ["-" * 12] * 7 + ["-----E------"] + ["-" * 12] * 4 + ["X" * 12] * 2
    codes = tile_codes(level(rows))
    assert codes[7, 5] == 0 and codes[11, 5] == STOMP


def test_an_unplayable_verdict_names_where_the_hero_gets_stuck():
    sol = solve(gap(6))
    assert not sol.playable
    assert sol.stats["stuck_at"] == (4, 11)
    assert sol.stats["reason"] == "stuck at column 4, row 11: a pit 6 columns wide ahead"
    sol = solve(wall(5))
    assert sol.stats["stuck_at"] == (4, 11) and "a wall 5 tiles high" in sol.stats["reason"]


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
