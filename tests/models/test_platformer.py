"""Platformer levels from the shipped models: always verified, deterministic, controllable."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procgen.errors import ParamError
from procgen.levels.platformer.repair import defects
from procgen.levels.platformer.solver import solve
from procgen.levels.platformer.structure import corpus_profiles
from procgen.models.platformer import difficulty_of, generate_level, sample_windows, window_hazards


@settings(max_examples=4)
@given(seed=st.integers(0, 2**40), generator=st.sampled_from(["gan", "vae"]),
       difficulty=st.sampled_from([0.0, 0.3, 0.6, 1.0]))
def test_every_model_level_passes_the_solver_and_the_structure_checks(seed: int, generator: str, difficulty: float) -> None:
    lv = generate_level(seed, generator=generator, width=84, difficulty=difficulty)
    assert lv.width == 84 and lv.height == 14
    assert solve(lv).playable and not defects(lv)
    assert [e.type for e in lv.entities][:2] == ["player", "goal"]
    # ... and has the structure of the corpus style it was kept to (no stray ceilings, holes).
    assert lv.stats["style"] in corpus_profiles()
    assert defects(lv, style=corpus_profiles()[lv.stats["style"]]) == []
    assert lv.generator["model"] == f"platformer-{generator}"


def test_same_seed_same_level_and_a_new_seed_a_new_one() -> None:
    a = generate_level(11, width=56)
    assert a.rows == generate_level(11, width=56).rows
    assert a.rows != generate_level(12, width=56).rows


def test_raw_windows_are_deterministic_per_seed() -> None:
    w = sample_windows(16, seed=4)
    assert w.shape == (16, 14, 28) and w.dtype == np.uint8
    assert np.array_equal(w, sample_windows(16, seed=4))
    assert not np.array_equal(w, sample_windows(16, seed=5))


def test_difficulty_is_steered_toward_the_request() -> None:
    easy = generate_level(3, width=112, difficulty=0.1)
    hard = generate_level(3, width=112, difficulty=0.8)
    assert difficulty_of(easy) < difficulty_of(hard)
    assert easy.stats["difficulty"] == round(difficulty_of(easy), 4)


def test_window_hazards_count_enemies_cannons_and_pits() -> None:
    from procgen.levels.platformer.metrics import hazards

    w = sample_windows(6, seed=9)
    from procgen.models.data import platformer_domain

    dom = platformer_domain()
    assert window_hazards(w).tolist() == [hazards(dom.level_of(x)) for x in w]


@pytest.mark.parametrize(("kw", "field"), [({"width": 10}, "width"), ({"difficulty": 2.0}, "difficulty"),
                                           ({"generator": "classic"}, "generator"), ({"style": "sky"}, "style")])
def test_bad_parameters_are_param_errors(kw: dict, field: str) -> None:
    with pytest.raises(ParamError, match=field):
        generate_level(0, **kw)


def test_the_registry_dispatches_platformers_to_the_models() -> None:
    from procgen.kinds import generate

    lv = generate("platformer", 5, generator="gan", width=56)
    assert lv.generator["name"] == "gan" and solve(lv).playable


def test_model_levels_have_no_tiles_in_the_rows_their_style_leaves_empty() -> None:
    """Raw GAN samples put bricks in the top rows of overground levels; final levels never do."""
    from procgen.levels.platformer.metrics import structure_rates

    levels = [generate_level(s, generator=g, width=112) for s in range(3) for g in ("gan", "vae")]
    rates = structure_rates(levels)
    assert rates["top_rows_levels"] == 0 and rates["stray_per_100"] == 0 and rates["holes_per_100"] == 0


def test_model_levels_take_the_platformer_kinds_size_defaults_and_limits() -> None:
    """Every platformer generator honours the same defaults: 200 columns, 32..4096, 14 rows."""
    from procgen.levels.platformer.generate import DEFAULT_WIDTH, MIN_WIDTH, generate

    assert generate_level(5).width == DEFAULT_WIDTH == generate(5).width
    for gen in ("classic", "gan"):
        with pytest.raises(ParamError, match="width"):
            generate(5, generator=gen, width=MIN_WIDTH - 1)
    with pytest.raises(ParamError, match="width"):
        generate_level(5, width=MIN_WIDTH - 1)


def test_model_levels_keep_to_a_corpus_style_drawn_by_the_seed_in_the_corpus_mix() -> None:
    """The style is a pure function of the seed; over many seeds every corpus style turns up
    (underground with its ceiling closed)."""
    from collections import Counter

    from procgen.models.platformer import draw_style

    assert draw_style(7).name == draw_style(7).name
    drawn = Counter(draw_style(s).name for s in range(400))
    assert set(drawn) == set(corpus_profiles())
    lv = next(generate_level(s, width=56) for s in range(50) if draw_style(s).name == "underground")
    assert lv.stats["style"] == "underground" and lv.rows[0] == "X" * 56


def test_model_levels_are_generator_version_2_and_the_same_bytes_per_seed() -> None:
    """Version 2 (windows from one pool) is recorded in the level, and a seed gives the same
    bytes every time, whatever else ran in between (the pool and the model cache are per call)."""
    from procgen.io.native import dumps, loads
    from procgen.models.platformer import GENERATOR_VERSION

    for gen in ("gan", "vae"):
        a = generate_level(21, generator=gen, width=90, difficulty=0.7)
        generate_level(22, generator=gen, width=90)
        b = generate_level(21, generator=gen, width=90, difficulty=0.7)
        assert dumps(a) == dumps(b)
        assert a.generator["version"] == GENERATOR_VERSION == 2
        assert loads(dumps(a)).generator["version"] == 2


def test_verified_gives_the_bytes_of_finish_after_repair_with_one_solve_per_layout() -> None:
    """``verified`` is ``finish(repair(raw, style))`` byte for byte, both for raw model levels
    that need repair and for example levels that are already in style (which skip repair)."""
    from procgen.io.native import dumps
    from procgen.levels.platformer.corpus import corpus_levels
    from procgen.levels.platformer.generate import finish
    from procgen.levels.platformer.repair import repair
    from procgen.levels.platformer.structure import style_of
    from procgen.models.data import platformer_domain
    from procgen.models.platformer import _untouched_by_repair, verified

    dom = platformer_domain()
    raws = [(dom.level_of(np.concatenate(list(sample_windows(4, seed=s)), axis=1), seed=s),
             corpus_profiles()["overground"]) for s in range(4)]
    examples = [(lv, corpus_profiles()[style_of(lv)]) for lv in corpus_levels() if style_of(lv) in corpus_profiles()]
    assert any(_untouched_by_repair(lv, p) for lv, p in examples)  # the skip is exercised
    for raw, style in raws + examples:
        assert dumps(verified(raw.copy(), style)) == dumps(finish(repair(raw.copy(), style=style)))


def test_expected_hazards_leave_out_what_repair_removes() -> None:
    """A cannon on ground counts, one over the void does not; a 1-column pit between two
    ground columns counts only for a style that allows such holes."""
    from procgen.levels.platformer.tiles import VOCAB
    from procgen.models.platformer import expected_hazards

    rows = ["-" * 8] * 10 + ["-B----B-", "-b------", "XXXX-XXX", "XXXX-XXX"]
    ids = np.array([[VOCAB.index(ch) for ch in row] for row in rows], dtype=np.uint8)[None]
    assert window_hazards(ids)[0] == 3  # two cannons and the pit column
    strict = corpus_profiles()["overground"]
    assert strict.min_gap > 1
    assert expected_hazards(ids)[0] == 2  # the floating cannon goes
    assert expected_hazards(ids, strict)[0] == 1  # ... and the 1-column hole is filled


def test_the_window_pool_is_deterministic_and_grows_around_its_best_windows() -> None:
    """Same seed, same pool and refills; its features are the windows' own counts."""
    from procgen.models.platformer import WindowPool, _model, window_content

    m = _model("gan", None)
    a, b = WindowPool(m, 5, 12), WindowPool(m, 5, 12)
    for p in (a, b):
        p.refill(np.array([3, 1, 4]))
    assert len(a) == 12 + 8 and np.array_equal(a.z, b.z) and np.array_equal(a.ids, b.ids)
    assert not np.array_equal(a.z[:12], WindowPool(m, 6, 12).z)
    f = a.features(28, corpus_profiles()["sky"])
    e, p = window_content(a.ids)
    assert f.shape == (4, 20) and np.array_equal(f[1], e) and np.array_equal(f[2], p)
    # Refilled windows are drawn around the parents: nearer to them than the prior's spread.
    centre = a.z[[3, 1, 4]].mean(0)
    assert np.linalg.norm(a.z[12:] - centre, axis=1).mean() < np.linalg.norm(a.z[:12] - centre, axis=1).mean()


def test_a_level_decodes_a_bounded_number_of_windows() -> None:
    """At most the pool's start plus ``MAX_POOL_PER_WINDOW`` windows per slot and try."""
    from procgen.models import platformer as P

    for seed in range(3):
        lv = generate_level(seed, width=112, difficulty=0.9)
        slots = 4
        limit = P.POOL_PER_WINDOW * slots + P.POOL_EXTRA + (P.MAX_POOL_PER_WINDOW - P.POOL_PER_WINDOW) * slots * lv.stats["tries"]
        assert lv.stats["latent_evaluations"] <= limit
