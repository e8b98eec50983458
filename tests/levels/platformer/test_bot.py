"""The autoplay bot finishes solver-playable levels in the real physics (what the game uses)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procgen.level import Level
from procgen.levels.platformer.bot import Bot, play
from procgen.levels.platformer.corpus import corpus_levels
from procgen.levels.platformer.generate import generate
from procgen.levels.platformer.physics import Inputs, spawn_body
from procgen.levels.platformer.solver import solve
from procgen.levels.platformer.tiles import LEGEND
from tests.strategies import seeds


@pytest.mark.parametrize("index", range(18))
def test_bot_finishes_every_corpus_level(index):
    """Solver-playable means finishable: the bot's frame-by-frame run reaches the goal."""
    levels = corpus_levels()
    if index >= len(levels):
        pytest.skip("fewer corpus levels")
    result = play(levels[index])
    assert result.finished, result.reason


@pytest.mark.parametrize(("seed", "difficulty", "style"), [(1, 1.0, "overground"), (2, 1.0, "sky"), (3, 0.8, "fortress"), (4, 0.6, "pipes"), (5, 1.0, "underground")])
def test_bot_finishes_generated_levels(seed, difficulty, style):
    result = play(generate(seed, difficulty=difficulty, style=style))
    assert result.finished, result.reason


def test_bot_reports_unplayable_levels():
    lv = Level.from_rows("platformer", ["-" * 14] * 12 + ["XXXX------XXXX"] * 2, LEGEND)
    result = play(lv)
    assert not result.finished and "no path" in result.reason


def test_bot_centres_before_each_move_and_is_done_at_the_goal():
    lv = Level.from_rows("platformer", ["-" * 6] * 12 + ["X" * 6] * 2, LEGEND)
    bot = Bot(lv)
    body = spawn_body(0, 11)
    assert bot.inputs(body) == Inputs(right=True)
    assert not bot.done


@given(st.integers(0, 2**32 - 1))
def test_whatever_the_solver_calls_playable_the_bot_finishes(seed):
    """Conservative and exact: on random clutter of bricks, enemies and pits, every level the
    solver passes is finished frame by frame with the real physics."""
    r = np.random.default_rng(seed)
    p = r.uniform(0.03, 0.12)
    grid = np.full((14, 40), ord("-"), dtype=np.uint8)
    noise = r.random((14, 40))
    grid[noise < p] = ord("S")
    grid[(noise >= p) & (noise < 1.3 * p)] = ord("E")
    grid[12:, r.random(40) < 0.8] = ord("X")
    grid[:12, :3] = grid[:12, -3:] = ord("-")
    grid[12:, :3] = grid[12:, -3:] = ord("X")
    lv = Level("platformer", grid, dict(LEGEND))
    sol = solve(lv)
    if sol.playable:
        result = play(lv, sol)
        assert result.finished, result.reason


@given(seeds, st.floats(0, 1))
def test_bot_finishes_any_generated_level(seed, difficulty):
    lv = generate(seed, difficulty=difficulty, width=100, style="overground=2,sky=1,pipes=1,fortress=1,underground=1")
    result = play(lv)
    assert result.finished, result.reason


def test_recorded_inputs_replay_the_same_run():
    """The per-frame keys of a playthrough reproduce it exactly from the spawn (autoplay logs)."""
    from procgen.levels.platformer.physics import step

    lv = corpus_levels()[6]
    result = play(lv)
    solid = np.isin(lv.grid, np.frombuffer(b"XS?Q<>[]Bb", dtype=np.uint8))
    body = result.trace[0]
    for keys in result.inputs:
        body = step(body, keys, solid)
    assert body == result.trace[-1] and len(result.inputs) == result.frames


@pytest.mark.parametrize("seed", range(4))
def test_bot_finishes_dense_levels_by_stomping(seed):
    """At difficulty 0.9 a level has well over 10 walkers per 100 columns, some in groups on
    narrow ledges; the bot plays the solver's stomps in the real physics and finishes."""
    lv = generate(seed, difficulty=0.9)
    assert 100 * (lv.grid == ord("E")).sum() / lv.width >= 10
    result = play(lv)
    assert result.finished, result.reason
    assert lv.stats["stomps"] >= 1


def test_bot_stomps_its_way_along_a_path_of_single_pillars():
    rows = ["-" * 25] * 11 + ["--------E----E----E------"] + ["XXXX----X----X----X---XXX"] * 2
    result = play(Level.from_rows("platformer", rows, LEGEND))
    assert result.finished, result.reason
    assert sum(b.vy == -6.0 for b in result.trace) == 3, "three stomp bounces"
