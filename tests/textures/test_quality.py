"""Texture quality metrics: seam error, fidelity classifier, variety, contact sheet, the eval table."""

import numpy as np
import pytest

from procgen.errors import ParamError
from procgen.rng import rng
from procgen.textures.materials import MATERIALS, periodic_noise, synthesize
from procgen.textures.quality import (
    FIDELITY_TARGET,
    SEAM_LIMIT,
    VARIETY_FLOOR,
    MaterialClassifier,
    contact_sheet,
    evaluate,
    evaluate_cli,
    seam_error,
    variety,
)


def test_a_hard_seam_scores_high_and_a_torus_scores_about_one():
    """A gradient ramp (which jumps at the wrap) fails the seam check; a periodic pattern passes."""
    x = np.arange(16)
    ramp = np.broadcast_to((x * 15)[None, :, None], (16, 16, 3)).astype(np.uint8)
    assert seam_error(ramp) > 5
    field = periodic_noise(rng(0, "test"), 64, 16, cells=4)
    torus = np.repeat((field * 255).astype(np.uint8)[..., None], 3, axis=-1)
    assert 0.5 <= seam_error(torus) <= SEAM_LIMIT


def test_a_flat_tile_has_no_seam():
    """A single colour has nothing to mismatch: seam error 0."""
    assert seam_error(np.full((2, 8, 8, 3), 90, np.uint8)) == 0.0


def test_classifier_recognizes_fresh_procedural_tiles():
    """Fitted on one seed, the nearest-centroid classifier recognizes another seed's tiles."""
    clf = MaterialClassifier.fit(seed=1, n=32)
    acc = [clf.accuracy(synthesize(m, 99, 16, 16), m) for m in MATERIALS]
    assert np.mean(acc) >= FIDELITY_TARGET
    assert min(acc) >= 0.75


def test_variety_of_identical_tiles_is_zero():
    """Copies of one tile have no variety; distinct variants of a material are above the floor."""
    t = synthesize("lava", 0, 16, 1)
    assert variety(np.concatenate([t, t])) == (0.0, 0.0)
    mean, least = variety(synthesize("lava", 0, 16, 8))
    assert mean > VARIETY_FLOOR and least > 0


def test_variety_needs_two_tiles():
    with pytest.raises(ParamError, match="^tiles"):
        variety(synthesize("grass", 0, 16, 1))


def test_contact_sheet_has_one_row_per_batch():
    """Rows of tiles become a grid image with gaps, scaled up."""
    rows = [synthesize(m, 0, 16, 3) for m in ("grass", "sand")]
    img = contact_sheet(rows, scale=2, gap=2)
    assert img.shape == (2 * (32 + 2) + 2, 3 * (32 + 2) + 2, 3)
    assert np.array_equal(img[2:34, 2:34], np.repeat(np.repeat(rows[0][0], 2, 0), 2, 1))


def test_procedural_generator_passes_its_own_checks():
    """The procedural set meets every target: seams, fidelity, variety, no identical pair."""
    report, batches = evaluate("procedural", n=32, seed=3)
    assert report.ok, report.table()
    assert len(batches) == len(MATERIALS)


def test_eval_cli_prints_a_table_and_writes_a_contact_sheet(tmp_path):
    """`procgen eval textures` returns the table and writes the PNG contact sheet."""
    png = tmp_path / "sheet.png"
    text = evaluate_cli(generator="classic", n=32, seed=0, png=str(png))
    assert "grass" in text and "result: PASS" in text
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("kwargs", "field"), [({"generator": "diffusion"}, "generator"), ({"n": 1}, "n")])
def test_eval_rejects_bad_parameters(kwargs, field):
    with pytest.raises(ParamError, match=f"^{field}"):
        evaluate_cli(**{"generator": "procedural", "n": 4, **kwargs})
