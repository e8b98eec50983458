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
    for row in ("raw playable", "tile-pattern KL k=4", "identical to a training window", "raw windows per second"):
        assert row in text
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_room_table_has_the_control_row() -> None:
    text = evaluate_cli("dungeon-room", generator="vae", n=2)
    assert "path lengths ±1 and enemies exact" in text and "vae" in text.splitlines()[1]


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
