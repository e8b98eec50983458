"""`procgen eval` tables for the models: every row, the model beside classic and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from procgen.errors import ParamError
from procgen.eval.models import evaluate_cli
from procgen.levels.tilestats import identical_share


def test_platformer_table_puts_the_model_beside_classic_and_the_corpus(tmp_path: Path) -> None:
    png = tmp_path / "range.png"
    text = evaluate_cli("platformer", generator="gan", n=2, png=str(png))
    header = text.splitlines()[1].split()
    assert header == ["metric", "classic", "gan", "corpus"]
    for row in ("raw playable", "tile-pattern KL k=4", "identical to a training window", "raw windows per second",
                "levels with top-row tiles, raw", "stray tiles /100 cols", "1-tile ground holes /100 cols",
                "enemies /100 cols", "pipes /200 cols", "novelty", "diversity"):
        assert row in text
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_platformer_model_eval_prints_each_models_difficulty_curve_and_plots_them(tmp_path: Path) -> None:
    """`procgen eval platformer --generator gan,vae` quotes the player-model curve of each
    model, step by step from 0.1 to 0.9, as the classic eval does, and plots both."""
    png = tmp_path / "range.png"
    text = evaluate_cli("platformer", generator="gan,vae", n=9, png=str(png))
    for gen in ("gan", "vae"):
        head = f"difficulty curve, {gen} (player model, 1 levels per step):"
        assert head in text
        rows = text.split(head)[1].splitlines()[2:11]
        assert [float(r.split()[0]) for r in rows] == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
        assert all(0.0 <= float(r.split()[3]) <= 1.0 for r in rows)  # completion rate
    assert (tmp_path / "range-difficulty.png").read_bytes()[:4] == b"\x89PNG"


def test_platformer_table_puts_classic_and_both_models_side_by_side_with_content_by_style() -> None:
    text = evaluate_cli("platformer", generator="gan,vae", n=2)
    lines = text.splitlines()
    assert lines[1].split() == ["metric", "classic", "gan", "vae", "corpus"]
    final_top = next(line for line in lines if line.startswith("levels with top-row tiles "))
    assert final_top.split()[-3:-1] == ["0.0000", "0.0000"], "model levels never keep top-row tiles"
    assert "by corpus style" in text and "underground" in text  # the corpus column names every style


def test_structure_cells_count_a_broken_ceiling() -> None:
    from procgen.eval.models import structure_cells
    from procgen.levels.platformer.corpus import parse_text

    rows = ["---SSS" + "-" * 24] + ["-" * 30] * 11 + ["X" * 30] * 2
    cells = structure_cells([parse_text("\n".join(rows))])
    assert cells["levels with top-row tiles"] == 1.0 and cells["top-row tiles /100 cols"] == 10.0


def test_room_table_has_the_control_row() -> None:
    text = evaluate_cli("dungeon-room", generator="vae", n=2)
    assert "path lengths ±1 and enemies exact" in text and "vae" in text.splitlines()[1]


def test_room_table_puts_both_models_beside_classic_and_checks_the_room_defaults() -> None:
    """Rooms side by side like the platformer; every generator's default rooms keep the
    dungeon-room defaults (walk >= interior width + height, exactly 3 enemies)."""
    lines = evaluate_cli("dungeon-room", generator="gan,vae", n=3).splitlines()
    assert lines[1].split() == ["metric", "classic", "gan", "vae", "corpus"]
    for label in ("default walk >= w+h (18) share", "default enemies exact (3)"):
        row = next(line for line in lines if line.startswith(label))
        assert row[len(label):].split()[:3] == ["1.0000"] * 3, row
    assert any(line.startswith("diversity, raw rooms") for line in lines)


def test_identical_share_counts_exact_copies() -> None:
    import numpy as np

    train = np.zeros((3, 2, 2), dtype=np.uint8)
    items = np.stack([np.zeros((2, 2), np.uint8), np.ones((2, 2), np.uint8)])
    assert identical_share(items, train) == 0.5


def test_unknown_kind_and_generator_are_param_errors() -> None:
    with pytest.raises(ParamError, match="kind"):
        evaluate_cli("terrain", generator="gan", n=2)
    with pytest.raises(ParamError, match="generator"):
        evaluate_cli("platformer", generator="gpt", n=2)
