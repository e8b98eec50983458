"""The player model: the bot with human limits; the difficulty calibration is measured with it."""

import numpy as np
import pytest

from procgen.level import Level
from procgen.levels.platformer.generate import generate
from procgen.levels.platformer.player import (
    Player,
    curve_png,
    curve_table,
    difficulty_curve,
    finish_chance,
    move_chances,
    windows,
)
from procgen.levels.platformer.solver import solve
from procgen.levels.platformer.tiles import LEGEND

PERFECT = Player(timing_sd=0.0, hold_sd=0.0, reaction_sd=0.0, attempts=1)


def gap_level(n: int) -> Level:
    return Level.from_rows("platformer", ["-" * (12 + n)] * 12 + ["X" * 6 + "-" * n + "X" * 6] * 2, LEGEND)


@pytest.mark.parametrize("difficulty", [0.1, 0.5, 0.9])
def test_a_player_without_errors_finishes_whatever_the_solver_passes(difficulty):
    """With no human error the model is the bot: every move of the plan works."""
    lv = generate(4, difficulty=difficulty, width=120)
    assert finish_chance(lv, player=PERFECT) == 1.0


def test_a_wider_gap_is_harder_to_jump_for_a_person():
    """A four-wide gap (the physics' limit) needs the take-off right; a one-wide one does not."""
    person = Player(samples=64)
    one, four = (move_chances(lv, solve(lv), person, seed=1).min() for lv in (gap_level(1), gap_level(4)))
    assert four < 0.95 and one == 1.0


def test_an_unfinishable_level_is_never_finished():
    assert finish_chance(gap_level(6)) == 0.0


def test_timing_a_stomp_has_a_window_of_some_frames_not_all():
    walker, bullet = windows()
    assert 4 <= walker < 200 and 4 <= bullet < 200


def test_the_same_seed_gives_the_same_chance_and_more_tries_help():
    lv = generate(2, difficulty=0.7, width=120)
    a = finish_chance(lv, seed=3)
    assert a == finish_chance(lv, seed=3)
    assert finish_chance(lv, player=Player(attempts=1), seed=3) <= a


def test_completion_falls_with_difficulty_on_a_fixed_seed_set_while_the_solver_passes_all(tmp_path):
    """The calibration, small: 12 levels per step. The full run (200 per step) is in the
    README; this guards the shape: falling, high at 0.1, low at 0.9, solver at 100%."""
    points = difficulty_curve(per_step=12, seed=100, steps=(0.1, 0.5, 0.9))
    rates = [p.completion for p in points]
    assert rates[0] > rates[1] > rates[2]
    assert rates[0] >= 0.85 and rates[2] <= 0.5
    assert all(p.solver_passes == 1.0 for p in points)
    assert "player completes" in curve_table(points)
    curve_png({"classic": points}, str(tmp_path / "curve.png"))
    assert (tmp_path / "curve.png").read_bytes()[:4] == b"\x89PNG"
    assert np.isfinite(rates).all()
