"""Style profiles are learned from the example levels; each kind of structure a style never has
is recognised (a table of cases), and repair removes it with few edits, keeping levels playable."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procgen.level import Level
from procgen.levels.platformer.corpus import corpus_levels, parse_text
from procgen.levels.platformer.repair import defects, repair
from procgen.levels.platformer.solver import solve
from procgen.levels.platformer.structure import (
    corpus_profiles,
    learn_profile,
    pooled_profile,
    profile_of,
    style_of,
    style_problems,
)
from procgen.levels.platformer.tiles import LEGEND

#: 30 columns: sky, a brick platform of 4 four rows up, flat ground.
BASE = ["-" * 30] * 8 + ["----------SSSS----------------"] + ["-" * 30] * 3 + ["X" * 30] * 2


def _level(edits: list[tuple[int, int, str]], rows: list[str] = BASE) -> Level:
    lv = parse_text("\n".join(rows))
    for x, y, ch in edits:
        lv.grid[y, x] = ord(ch)
    return lv


def test_profiles_are_learned_from_the_levels_not_written_by_hand():
    """A made-up style with sky down to row 5 and 3-wide pits gets exactly those rules."""
    rows = ["-" * 20] * 6 + ["---SSS--------------"] + ["-" * 20] * 5 + ["XXXXXX---XXXXXXXXXXX"] * 2
    p = learn_profile("made-up", [parse_text("\n".join(rows))])
    assert p.empty_rows == (0, 1, 2, 3, 4, 5)
    assert p.ceiling_rows == ()
    assert p.ground_rows == (12, 13)
    assert (p.min_gap, p.min_fragment, p.lone_tiles) == (3, 3, "")


def test_each_corpus_level_fits_its_own_style_and_has_no_style_problems():
    for lv in corpus_levels():
        p = profile_of(lv)
        assert p is not None and style_problems(lv.grid, p) == [], style_of(lv)


def test_underground_has_a_ceiling_and_overground_leaves_the_top_rows_empty():
    profiles = corpus_profiles()
    assert profiles["underground"].ceiling_rows == (0, 1)
    assert set(profiles["overground"].empty_rows) >= {0, 1}
    assert pooled_profile().min_gap >= 2  # the corpus never has a 1-tile hole in the ground


@pytest.mark.parametrize(
    ("edits", "rule", "tiles"),
    [
        # a broken brick "ceiling" in the sky of an overground level
        ([(3, 0, "S"), (4, 0, "S"), (5, 0, "S"), (4, 1, "X")], "top-rows", 4),
        # an isolated single brick
        ([(20, 8, "S")], "stray-tile", 1),
        # a floating fragment of two tiles (smaller than any the corpus builds)
        ([(20, 7, "S"), (20, 8, "X")], "stray-tile", 2),
        # a 1-tile hole through the ground
        ([(15, 12, "-"), (15, 13, "-")], "ground-hole", 2),
        # a notch: one ground tile missing from the bottom row only
        ([(22, 13, "-")], "ground-hole", 1),
    ],
)
def test_each_kind_of_bad_structure_is_recognised(edits, rule, tiles):
    lv = _level(edits)
    problems = style_problems(lv.grid, corpus_profiles()["overground"])
    assert [p.rule for p in problems if p.rule == rule], problems
    assert sum(p.tiles for p in problems if p.rule == rule) == tiles
    assert any(rule.split("-")[0] in d for d in defects(lv, style="overground"))


@pytest.mark.parametrize(
    "edits",
    [
        [(16, 4, "?")],  # a lone question block: the corpus has those
        [(5, 12, "-"), (6, 12, "-"), (5, 13, "-"), (6, 13, "-")],  # a 2-wide pit
        [(20, 8, "S"), (21, 8, "S"), (22, 8, "S")],  # a 3-brick platform
    ],
)
def test_structure_the_corpus_has_is_not_a_problem(edits):
    assert defects(_level(edits), style="overground") == []


def test_without_a_style_only_the_structural_rules_apply():
    lv = _level([(20, 8, "S"), (3, 0, "S")])
    assert defects(lv) == []
    assert len(defects(lv, style="overground")) >= 2


def test_underground_allows_its_ceiling_but_not_bricks_below_it():
    rows = ["X" * 30, "S" * 30, *BASE[2:]]
    lv = _level([], rows)
    assert profile_of(lv).name == "underground"
    assert defects(lv, style="auto") == []
    lv.grid[2, 12] = ord("S")
    assert any(d.startswith("top rows") for d in defects(lv, style="auto"))


def test_a_broken_underground_ceiling_is_a_ceiling_gap_and_repair_closes_it():
    rows = ["X" * 30, "S" * 30, *BASE[2:]]
    lv = _level([(x, 0, "-") for x in range(10, 14)], rows)
    assert profile_of(lv).name == "underground"
    found = defects(lv, style="underground")
    assert len(found) == 1 and found[0].startswith("ceiling gap: 4 free tile(s) at (10, 0)")
    fixed = repair(lv, style="underground")
    assert fixed.rows[0] == "X" * 30 and fixed.stats["repairs"] == 4 and fixed.stats["playable"]


def test_structure_rates_count_a_level_with_a_broken_ceiling_without_failing():
    """A ceiling gap is a problem of its own: the rates of the other rows stay 0 (the eval of raw
    model levels stopped on it with a KeyError)."""
    from procgen.levels.platformer.metrics import structure_rates

    rows = ["X" * 30, "S" * 30, *BASE[2:]]
    lv = _level([(x, 0, "-") for x in range(10, 14)], rows)
    assert structure_rates([lv], style="underground") == {
        "top_rows_levels": 0.0, "top_rows_per_100": 0.0, "stray_per_100": 0.0, "holes_per_100": 0.0}


@pytest.mark.parametrize(
    "edits",
    [
        [(3, 0, "S"), (4, 0, "S"), (5, 0, "S"), (4, 1, "X")],
        [(20, 8, "S")],
        [(20, 7, "S"), (20, 8, "X")],
        [(15, 12, "-"), (15, 13, "-")],
        [(22, 13, "-")],
        [(3, 0, "<"), (4, 0, ">"), (3, 1, "["), (4, 1, "]")],
    ],
)
def test_repair_removes_style_problems_with_few_edits_and_stays_playable(edits):
    lv = _level(edits)
    fixed = repair(lv, style="overground")
    assert defects(fixed, style="overground") == []
    assert solve(fixed).playable
    assert fixed.stats["repairs"] <= len(edits) + 1


def test_repair_keeps_a_pipe_by_completing_its_missing_half():
    lv = _level([(20, 11, "<")])  # a top-left with no top-right: finish it, do not delete it
    fixed = repair(lv, style="overground")
    assert fixed.rows[11][20:22] == "<>" and defects(fixed) == []
    assert fixed.stats["repairs"] == 1


def test_repair_lets_a_floating_enemy_fall_instead_of_deleting_it():
    lv = _level([(25, 5, "E")])
    fixed = repair(lv)
    assert (fixed.grid == ord("E")).sum() == 1 and fixed.rows[11][25] == "E"


def test_repair_style_auto_fixes_a_broken_model_sample():
    """A sample-like level: a ceiling fragment over an overground level, a stray pair, a notch."""
    rows = list(BASE)
    rows[0] = "-" * 12 + "X" * 6 + "-" * 12
    rows[1] = "-" * 13 + "S" * 5 + "-" * 12
    lv = _level([(24, 6, "S"), (25, 6, "S"), (7, 13, "-")], rows)
    assert profile_of(lv).name != "underground"
    fixed = repair(lv, style="auto")
    assert defects(fixed, style="auto") == [] and fixed.stats["playable"]
    assert fixed.stats["repairs"] == 11 + 2 + 1


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_repair_with_style_makes_random_noise_well_formed_and_playable(seed):
    rng = np.random.default_rng(seed)
    chars = np.frombuffer(b"-----------XXSS?Q<>[]BbEo", dtype=np.uint8)
    grid = rng.choice(chars, size=(14, 40)).astype(np.uint8)
    grid[12:] = ord("X")
    lv = Level("platformer", grid, dict(LEGEND))
    fixed = repair(lv, style="auto")
    assert solve(fixed).playable
    assert defects(fixed) == []


def test_an_unknown_style_name_is_a_param_error_naming_the_corpus_styles():
    from procgen.errors import ParamError

    with pytest.raises(ParamError, match="underground"):
        defects(_level([]), style="volcano")


def test_levels_of_another_height_get_no_row_rules():
    lv = Level.from_rows("platformer", ["S" * 10] + ["-" * 10] * 13 + ["X" * 10], LEGEND)
    assert profile_of(lv) is None and defects(lv, style="auto") == []


@pytest.mark.parametrize(
    ("edits", "pipe"),
    [
        # a sample's smeared pipe: two tops stacked in the same columns -> one tall pipe
        ([(20, 9, "<"), (21, 9, ">"), (20, 10, "<"), (21, 10, ">"), (20, 11, "["), (21, 11, "]")], ["<>", "[]", "[]"]),
        # a pipe top over an orphan cannon body -> the pipe keeps its body
        ([(20, 10, "<"), (21, 10, ">"), (20, 11, "b")], ["<>", "[]"]),
    ],
)
def test_repair_keeps_a_muddled_pipe_as_one_pipe_instead_of_deleting_it(edits, pipe):
    fixed = repair(_level(edits))
    top = 12 - len(pipe)
    assert [r[20:22] for r in fixed.rows[top:12]] == pipe
    assert defects(fixed) == [] and fixed.stats["playable"]
