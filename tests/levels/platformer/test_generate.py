"""The classic generator: every level playable, well-formed, deterministic; clear errors."""


import numpy as np
import pytest
from hypothesis import given

from procgen import kinds
from procgen.errors import ParamError
from procgen.levels.platformer.bot import play
from procgen.levels.platformer.generate import generate, parse_style
from procgen.levels.platformer.repair import defects
from procgen.levels.platformer.solver import pit_runs, solve, tile_codes
from tests.strategies import platformer_difficulties, platformer_styles, seeds


@given(seeds, platformer_difficulties, platformer_styles)
def test_any_seed_gives_a_playable_well_formed_deterministic_level(seed, difficulty, style):
    lv = generate(seed, difficulty=difficulty, style=style, width=120)
    assert lv.width == 120 and lv.height == 14
    assert solve(lv).playable and lv.stats["playable"]
    assert defects(lv) == []
    assert [e.type for e in lv.entities] == ["player", "goal"]
    again = generate(seed, difficulty=difficulty, style=style, width=120)
    assert again.rows == lv.rows and again.stats == lv.stats


def test_default_level_is_200_columns_with_stats():
    lv = generate(0)
    assert lv.width == 200
    for key in ("playable", "jumps", "gaps_crossed", "hardest_jump", "density", "linearity", "leniency"):
        assert key in lv.stats
    assert lv.generator["name"] == "classic" and lv.seed == 0


def test_difficulty_widens_gaps_and_adds_enemies():
    def totals(d):
        widest, enemies = 0, 0
        for s in range(12):
            lv = generate(s, difficulty=d, style="overground")
            runs = [b - a + 1 for a, b in pit_runs(tile_codes(lv)) if lv.grid[-3, a - 1] == ord("X")]
            widest = max([widest, *runs])
            enemies += int((lv.grid == ord("E")).sum())
        return widest, enemies
    easy, hard = totals(0.0), totals(1.0)
    assert hard[1] > easy[1]
    assert hard[0] >= easy[0]


def test_overground_preset_has_real_game_density_at_difficulty_half():
    """The published Super Mario Bros. overground figures: 6-12 walkers per 100 columns,
    4-7 pipes per 200, ground at most 12% of the tiles (thin floor, raised ledges)."""
    from procgen.levels.platformer.metrics import style_figures

    levels = [generate(s, difficulty=0.5, style="overground") for s in range(12)]
    f = style_figures(levels)
    assert 6 <= f["enemies_per_100"] <= 12
    assert 4 <= f["pipes_per_200"] <= 7
    assert f["ground_share"] <= 0.125
    tops = {int(np.argmax(lv.grid[:, x] == ord("X"))) for lv in levels for x in range(lv.width) if (lv.grid[:, x] == ord("X")).any()}
    assert len(tops) >= 4, "ground at several heights"
    assert np.mean([(lv.grid[-2] != ord("X")).mean() for lv in levels]) > 0.5, "the floor is mostly one tile thin"


def test_dense_levels_put_walkers_on_narrow_ledges_too_and_stay_playable():
    """At high difficulty there are more than 10 walkers per 100 columns, some on floors no
    wider than three tiles (narrow paths), and the solver still passes every level."""
    from procgen.levels.platformer.enemies import patrol_runs

    narrow, per100 = 0, []
    for s in range(6):
        lv = generate(s, difficulty=0.9)
        per100.append(100 * (lv.grid == ord("E")).sum() / lv.width)
        assert solve(lv).playable
        runs = patrol_runs(tile_codes(lv) == 1)
        ys, xs = np.nonzero(lv.grid == ord("E"))
        lengths = np.bincount(runs.ravel())
        narrow += int((lengths[runs[ys, xs]] <= 3).sum())
    assert np.mean(per100) >= 10
    assert narrow > 0


def test_styles_show_in_the_tiles():
    under = generate(3, style="underground")
    assert (under.grid[0] == ord("X")).mean() > 0.8, "underground levels have a ceiling"
    fort = generate(3, style="fortress", difficulty=0.8)
    assert (fort.grid == ord("B")).any()
    pipes = generate(3, style="pipes")
    assert (pipes.grid == ord("<")).sum() >= 3


def test_generated_level_is_finished_by_the_bot():
    assert play(generate(11, difficulty=1.0, style="overground=1,sky=1")).finished


def test_the_kind_registry_generates_platformers():
    lv = kinds.generate("platformer", seed=5, width=64, difficulty=0.2)
    assert lv.kind == "platformer" and lv.width == 64


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"width": 10}, "width: must be a whole number 32..4096"),
        ({"height": 20}, "height: platformer levels are 14 rows"),
        ({"difficulty": 1.5}, "difficulty: must be a number 0..1"),
        ({"style": "lava"}, "style: unknown style 'lava'"),
        ({"style": "sky=x"}, "style: weight of 'sky' must be a number"),
        ({"style": "sky=0"}, "style: at least one style"),
        ({"generator": "wfc"}, "generator: platformer has generators"),
        ({"rooms": 3}, "rooms: not an option"),
    ],
)
def test_bad_parameters_raise_param_error_naming_the_field(kw, message):
    with pytest.raises(ParamError, match=message):
        generate(1, **kw)


def test_model_generators_name_the_models_extra_when_torch_is_missing(uninstalled):
    """As on a base install (no [models] extra): one line naming the extra to install."""
    uninstalled("torch")
    with pytest.raises(ParamError, match=r"^generator: gan needs torch, .*procgen-forge\[models\]"):
        kinds.generate("platformer", 1, generator="gan")
    with pytest.raises(ParamError, match=r"procgen.generate\('platformer'"):
        generate(1, generator="gan")  # the kind package holds the classic generator only


def test_parse_style_normalizes_weights():
    assert parse_style("overground=3,sky=1") == {"overground": 0.75, "sky": 0.25}
    assert parse_style(None) == {"overground": 1.0}
    assert np.isclose(sum(parse_style({"pipes": 2, "fortress": 2}).values()), 1)


def test_a_style_mix_with_a_model_generator_is_refused_not_ignored():
    """A model level keeps to one style: a mix is refused with the styles it takes."""
    with pytest.raises(ParamError, match="style: a model level keeps to one of"):
        kinds.generate("platformer", 1, generator="gan", style="overground=2,sky=1")
