"""Structural checks find seeded defects; repair fixes them and never breaks a good level."""

import numpy as np
import pytest
from hypothesis import given

from procgen.level import Level, Tile
from procgen.levels.platformer.corpus import corpus_levels, parse_text
from procgen.levels.platformer.generate import generate
from procgen.levels.platformer.repair import defects, repair
from procgen.levels.platformer.solver import solve
from procgen.levels.platformer.tiles import LEGEND
from tests.strategies import platformer_difficulties, seeds


def _edit(level: Level, edits: list[tuple[int, int, str]]) -> Level:
    out = level.copy()
    out.entities = []
    for x, y, ch in edits:
        out.grid[y, x] = ord(ch)
    return out


@pytest.mark.parametrize("index", [0, 3, 6, 8, 10])
def test_repair_leaves_good_corpus_levels_untouched(index):
    lv = corpus_levels()[index]
    fixed = repair(lv)
    assert fixed.rows == lv.rows and fixed.stats["repairs"] == 0 and fixed.stats["playable"]


@given(seeds, platformer_difficulties)
def test_repair_never_breaks_a_playable_level(seed, difficulty):
    lv = generate(seed, difficulty=difficulty, width=80)
    fixed = repair(lv)
    assert fixed.rows == lv.rows
    assert solve(fixed).playable


FLAT = ["-" * 24] * 12 + ["X" * 24] * 2


@pytest.mark.parametrize(
    ("edits", "defect"),
    [
        ([(8, 10, "<"), (9, 10, ">")], "body does not reach the ground"),
        ([(8, 11, "<")], "top-left has no top-right"),
        ([(8, 11, "["), (9, 11, "]")], "body has no pipe above it"),
        ([(8, 8, "B")], "cannon at (8, 8) has no support below"),
        ([(8, 11, "b")], "cannon body at (8, 11) has no cannon above it"),
        ([(8, 6, "E")], "enemy at (8, 6) is not standing on a solid tile"),
        ([(0, 12, "-"), (1, 12, "-"), (2, 12, "-"), (0, 13, "-"), (1, 13, "-"), (2, 13, "-")], "start: no free tile"),
        ([(23, 11, "X"), (23, 10, "X"), (23, 9, "X"), (23, 8, "X"), (23, 7, "X"), (23, 6, "X"), (23, 5, "X"), (23, 4, "X"), (23, 3, "X"), (23, 2, "X"), (23, 1, "X"), (23, 0, "X")], "goal: no free tile"),
    ],
)
def test_seeded_defects_are_found_and_repaired(edits, defect):
    lv = _edit(parse_text("\n".join(FLAT)), edits)
    found = defects(lv)
    assert any(defect in d for d in found), found
    fixed = repair(lv)
    assert defects(fixed) == [] and solve(fixed).playable
    assert fixed.stats["repairs"] <= 2 * len(edits) + 2, "few edits"


def test_repair_bridges_an_impassable_pit_with_few_edits():
    rows = ["-" * 30] * 12 + ["X" * 10 + "-" * 9 + "X" * 11] * 2
    lv = parse_text("\n".join(rows))
    assert not solve(lv).playable
    fixed = repair(lv)
    assert fixed.stats["playable"] and solve(fixed).playable
    assert 0 < fixed.stats["repairs"] <= 5
    assert [e.type for e in fixed.entities] == ["player", "goal"]


def test_repair_opens_a_wall_too_high_to_climb():
    rows = ["-" * 20] * 6 + ["----------XX--------"] * 6 + ["X" * 20] * 2
    fixed = repair(parse_text("\n".join(rows)))
    assert solve(fixed).playable and defects(fixed) == []


def test_repair_replaces_tiles_outside_the_legend():
    legend = {**LEGEND, "Z": Tile("lava", True)}
    lv = Level.from_rows("platformer", ["-" * 12] * 12 + ["XXXXXZXXXXXX"] * 2, legend)
    assert any("'Z'" in d for d in defects(lv))
    fixed = repair(lv)
    assert defects(fixed) == [] and not (fixed.grid == ord("Z")).any()


def test_repair_fixes_random_noise_into_a_playable_level():
    rng = np.random.default_rng(3)
    chars = np.frombuffer(b"---------XXSS?Q<>[]Bb", dtype=np.uint8)
    grid = rng.choice(chars, size=(14, 60)).astype(np.uint8)
    lv = Level("platformer", grid, dict(LEGEND))
    fixed = repair(lv)
    assert defects(fixed) == [] and solve(fixed).playable


@pytest.mark.parametrize("style", [None, "overground", "underground"])
def test_repair_solved_hands_back_repairs_level_and_the_solution_of_its_tiles(style):
    """The same level as ``repair``, with the solver's answer for exactly those tiles (so a
    caller that verifies next need not solve again)."""
    from procgen.levels.platformer.repair import repair_solved

    rng = np.random.default_rng(5)
    chars = np.frombuffer(b"---------XXSS?QE<>[]Bb", dtype=np.uint8)
    lv = Level("platformer", rng.choice(chars, size=(14, 50)).astype(np.uint8), dict(LEGEND))
    fixed, sol = repair_solved(lv, style=style)
    again = repair(lv, style=style)
    assert np.array_equal(fixed.grid, again.grid) and fixed.stats == again.stats
    assert fixed.entities == again.entities
    assert sol.playable and sol.path == solve(fixed).path and sol.stats == solve(fixed).stats


def test_a_bridge_clears_only_the_walker_nearest_the_stuck_hero():
    """Walkers on the patrol run ahead of a stuck hero go one per bridge, nearest first: the
    others stay (repair solves again), so repair keeps the enemies the hero can get past."""
    from procgen.levels.platformer.repair import _clear_walkers_in_the_way

    rows = ["-" * 20] * 11 + ["----E-----E----E----", "X" * 20, "X" * 20]
    grid = parse_text("\n".join(rows)).grid
    _clear_walkers_in_the_way(grid, 11, 8, 9)  # stuck at column 8 of row 11, bridging column 9
    left = sorted(np.nonzero(grid[11] == ord("E"))[0].tolist())
    assert left == [4, 15]  # the walker at column 10 (nearest to 8) went, the others stay
    _clear_walkers_in_the_way(grid, 11, 8, 9)
    assert sorted(np.nonzero(grid[11] == ord("E"))[0].tolist()) == [15]

