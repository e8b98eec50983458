"""Metrics: formulas on small cases, KL/novelty/diversity on sets, the eval table and PNG."""

import io

import numpy as np
import pytest
from PIL import Image

from procgen.level import Level
from procgen.levels.platformer.corpus import corpus_levels, windows
from procgen.levels.platformer.generate import generate
from procgen.levels.platformer.metrics import (
    density,
    diversity,
    evaluate_levels,
    expressive_range_png,
    leniency,
    level_metrics,
    linearity,
    novelty,
    tile_pattern_kl,
)
from procgen.levels.platformer.tiles import LEGEND


def flat(width: int = 20, extra: str = "") -> Level:
    rows = ["-" * width] * 11 + [(extra + "-" * width)[:width]] + ["X" * width] * 2
    return Level.from_rows("platformer", rows, LEGEND)


def test_density_is_the_share_of_solid_tiles():
    assert density(flat()) == 2 / 14


def test_flat_level_is_perfectly_linear_and_lenient():
    assert linearity(flat()) == pytest.approx(1.0)
    assert leniency(flat()) == 1.0


def test_leniency_halves_at_one_hazard_per_ten_columns():
    lv = flat(20, "--E-------E")
    assert leniency(lv) == 0.5
    assert level_metrics(lv)["enemies_per_100"] == 10.0


def test_platforms_at_many_heights_lower_linearity():
    rows = ["-" * 20] * 4 + ["SSS-----SSS-----SSS-"] + ["-" * 20] * 3 + ["----SSS-----SSS-----"] + ["-" * 20] * 3 + ["X" * 20] * 2
    assert linearity(Level.from_rows("platformer", rows, LEGEND)) < 0.9


def test_tile_pattern_kl_is_zero_on_itself_and_grows_with_style_distance():
    corpus = corpus_levels()
    for k in (2, 3, 4):
        assert abs(tile_pattern_kl(corpus, corpus, k)) < 1e-12
    flats = [flat(40)] * 3
    gen = [generate(s, width=100) for s in range(3)]
    assert tile_pattern_kl(flats, corpus, 3) > tile_pattern_kl(gen, corpus, 3) > 0


def test_novelty_of_corpus_windows_is_zero_and_of_others_positive():
    ref = windows(corpus_levels(), 28, 4)
    assert novelty(ref[:50], ref).max() == 0
    other = windows([generate(1)], 28, 28)
    nov = novelty(other, ref)
    assert nov.shape == (len(other),) and (nov >= 0).all() and nov.mean() > 0


def test_diversity_is_zero_for_copies_and_in_unit_range():
    w = windows(corpus_levels(), 28, 28)
    assert diversity(np.repeat(w[:1], 5, axis=0)) == 0
    assert 0 < diversity(w) < 1


def test_expressive_range_png_is_a_readable_image(tmp_path):
    p = tmp_path / "er.png"
    expressive_range_png([0.1, 0.5, 0.5, 0.9], [0.2, 0.5, 0.5, 1.0], p, title="t")
    img = Image.open(io.BytesIO(p.read_bytes()))
    assert img.format == "PNG" and img.size[0] > 300


def test_evaluate_levels_accepts_any_generator_output():
    table = evaluate_levels(corpus_levels()[:2], reference=corpus_levels()[2:4])
    assert "tile-pattern KL k=4" in table
