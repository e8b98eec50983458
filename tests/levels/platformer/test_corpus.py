"""The shipped corpus and the loaders, windows and one-hot encoding for the models."""

import json

import numpy as np
import pytest
from hypothesis import given

import procgen.io
from procgen.errors import LevelFormatError
from procgen.levels.platformer.corpus import (
    corpus_levels,
    from_ids,
    from_one_hot,
    ids_of,
    load_levels,
    one_hot,
    parse_text,
    to_rows,
    windows,
)
from procgen.levels.platformer.repair import defects
from procgen.levels.platformer.solver import solve
from procgen.levels.platformer.tiles import HEIGHT, VOCAB
from tests.strategies import platformer_rows


def test_corpus_has_twelve_or_more_levels_of_the_right_size():
    levels = corpus_levels()
    assert len(levels) >= 12
    for lv in levels:
        assert lv.height == HEIGHT and 150 <= lv.width <= 250


def test_every_corpus_level_is_playable_and_well_formed():
    for lv in corpus_levels():
        assert solve(lv).playable, lv.generator["source"]
        assert defects(lv) == [], lv.generator["source"]


def test_corpus_covers_the_styles():
    text = "".join(str(lv) for lv in corpus_levels())
    for ch in "<>[]Bb?SEo":
        assert ch in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("XX\nX\n", "line 2: ragged rows, row has 1 characters, expected 2"),
        ("X-\nXZ\n", "line 2, column 2: unknown tile character 'Z'"),
        ("", "empty file"),
        ("\n\n", "empty file"),
    ],
)
def test_loader_rejects_malformed_files_with_a_clear_message(tmp_path, text, message):
    f = tmp_path / "bad.txt"
    f.write_text(text)
    with pytest.raises(LevelFormatError, match=message) as e:
        load_levels(f)
    assert str(f) in str(e.value)


def test_loader_rejects_non_ascii_missing_and_empty_folders(tmp_path):
    f = tmp_path / "u.txt"
    f.write_bytes("X\u00e9\n".encode())
    with pytest.raises(LevelFormatError, match="not ASCII"):
        load_levels(f)
    with pytest.raises(LevelFormatError, match="no such file"):
        load_levels(tmp_path / "missing.txt")
    (tmp_path / "empty").mkdir()
    with pytest.raises(LevelFormatError, match="no .txt or .json levels"):
        load_levels(tmp_path / "empty")


def test_loader_reads_folders_of_text_and_native_json(tmp_path):
    lv = corpus_levels()[0]
    (tmp_path / "a.txt").write_text(str(lv) + "\n")
    procgen.io.save(lv, tmp_path / "b.json")
    got = load_levels(tmp_path)
    assert [g.rows for g in got] == [lv.rows, lv.rows]


def test_loader_rejects_json_of_another_kind(tmp_path):
    doc = json.loads(corpus_levels()[0].dumps())
    doc["kind"] = "cave"
    doc["legend"] = {"-": {"name": "floor", "solid": False}, "X": {"name": "wall", "solid": True},
                     **{k: v for k, v in doc["legend"].items() if k not in "-X"}}
    (tmp_path / "c.json").write_text(json.dumps(doc))
    with pytest.raises(LevelFormatError, match="expected a platformer level"):
        load_levels(tmp_path / "c.json")


@given(platformer_rows())
def test_parse_text_round_trips_any_valid_rows(rows):
    assert parse_text("\n".join(rows)).rows == rows


def test_windows_have_the_requested_size_and_stride():
    lv = corpus_levels()[0]
    w = windows([lv], width=28, stride=4)
    assert w.shape == ((lv.width - 28) // 4 + 1, HEIGHT, 28) and w.dtype == np.uint8
    assert (w[1] == ids_of(lv)[:, 4:32]).all()
    assert windows([lv], width=lv.width + 1).shape[0] == 0


def test_one_hot_uses_vocab_order_and_round_trips():
    w = windows(corpus_levels()[:2], width=28, stride=50)
    x = one_hot(w)
    assert x.shape == (len(w), len(VOCAB), HEIGHT, 28) and x.dtype == np.float32
    assert (x.sum(axis=1) == 1).all()
    assert (x[:, VOCAB.index("X")] == (w == VOCAB.index("X"))).all()
    assert (from_one_hot(x) == w).all()
    assert to_rows(w[0]) == from_ids(w[0]).rows


def test_from_ids_rejects_out_of_range_ids():
    with pytest.raises(LevelFormatError, match="ids 0..12"):
        from_ids(np.full((14, 4), 13))


def _underground(rows_above: int, pit: int = 3) -> str:
    """A VGLC-style underground level: ground ceiling, brick ceiling, open hall, floor, a pit."""
    w = 40
    floor = "X" * 12 + "-" * pit + "X" * (w - 12 - pit)
    rows = ["X" * w, "S" * w] + ["-" * w] * rows_above + ["-------E" + "-" * (w - 8), floor, floor]
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("above", [8, 10, 11, 13])
def test_vglc_levels_of_any_height_with_a_brick_ceiling_load_and_solve(tmp_path, above):
    """13 to 18 rows: loaded as they are, solved as they are, windowed at the floor."""
    path = tmp_path / "underground.txt"
    path.write_text(_underground(above))
    (lv,) = load_levels(path)
    assert lv.height == above + 5
    assert solve(lv).playable
    w = windows([lv], width=28, stride=12)
    assert w.shape[1:] == (14, 28)
    assert (w[:, -1] != 0).any(), "the floor row is kept"


def test_cli_info_names_where_the_hero_gets_stuck_in_a_vglc_file(tmp_path, capsys):
    from procgen.cli import main

    path = tmp_path / "broken.txt"
    path.write_text(_underground(11, pit=7))
    assert main(["info", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAILS" in out and "stuck at column 11, row 13: a pit 7 columns wide ahead" in out


@pytest.mark.parametrize("height", [12, 14, 16])
def test_cli_info_names_a_wall_under_a_brick_ceiling_in_a_vglc_file(tmp_path, capsys, height):
    """An underground corridor one tile high ends at a one-tile block: the hero cannot jump
    it with the bricks right overhead. The verdict counts the wall from the hero's row up (not
    from the brick ceiling, which once made it "a jump too far") and names the ceiling."""
    from procgen.cli import main

    w, floor = 30, height - 2
    rows = [["-"] * w for _ in range(height)]
    rows[0] = ["S"] * w
    rows[floor] = rows[floor + 1] = ["X"] * w
    for x in range(8, 20):
        for y in range(1, floor - 1):
            rows[y][x] = "S"  # solid from the ceiling down to a corridor one tile high
    rows[floor - 1][20] = "X"  # the block at the corridor's end
    path = tmp_path / "corridor.txt"
    path.write_text("\n".join("".join(r) for r in rows) + "\n")
    assert main(["info", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"stuck at column 19, row {floor - 1}: a wall 1 tile high ahead (a ceiling 1 tile above the hero)" in out
