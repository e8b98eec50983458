"""Training data: windows, a user's folder of .txt / .json levels, clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import procgen.io
from procgen.errors import LevelFormatError, ParamError
from procgen.models.data import load_corpus, platformer_domain, read_levels, room_domain, windows_of


def test_windows_cover_the_level_and_end_flush_right() -> None:
    ids = np.arange(3 * 11, dtype=np.uint8).reshape(3, 11)
    w = windows_of(ids, 4, 3)
    assert w.shape == (4, 3, 4)  # starts 0, 3, 6, then 7 so the last window ends at the edge
    assert np.array_equal(w[-1], ids[:, -4:])


def _write_platformer(path: Path, gap: int) -> None:
    rows = ["-" * 40] * 12 + ["X" * 10 + "-" * gap + "X" * (30 - gap)] * 2
    path.write_text("\n".join(rows) + "\n")


def test_a_user_folder_of_txt_and_json_levels_becomes_training_windows(tmp_path: Path) -> None:
    dom = platformer_domain()
    _write_platformer(tmp_path / "a.txt", 2)
    _write_platformer(tmp_path / "b.txt", 9)  # a gap of 9 cannot be jumped: its crossing windows are filtered
    lv = read_levels(tmp_path / "a.txt", dom)[0][1]
    procgen.io.save(lv, tmp_path / "c.json")
    corpus = load_corpus(dom, tmp_path)
    assert corpus.ids.shape[1:] == (14, 28)
    assert corpus.provenance["user"]["windows"] > corpus.provenance["user"]["kept"] > 0
    assert len(corpus.provenance["sha256"]) == 64


def test_unknown_tiles_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("--Z\nXXX\n")
    with pytest.raises(LevelFormatError, match="bad.txt"):
        read_levels(tmp_path, platformer_domain())


def test_wrong_height_and_empty_folders_are_param_errors(tmp_path: Path) -> None:
    with pytest.raises(ParamError, match="no .txt or .json"):
        load_corpus(platformer_domain(), tmp_path)
    (tmp_path / "short.txt").write_text("\n".join(["-" * 30] * 5 + ["X" * 30]))
    with pytest.raises(ParamError, match="14 rows"):
        load_corpus(platformer_domain(), tmp_path)


def test_rooms_in_one_file_separated_by_blank_lines(tmp_path: Path) -> None:
    room = ["WWWWWWDWWWWWW"] + ["WFFFFFFFFFFFW"] * 3 + ["WFFFFAFFKFFFW"] + ["WFFFFFFFFFFFW"] * 3 + ["WWWWWWWWWWWWW"]
    (tmp_path / "rooms.txt").write_text("\n".join(room) + "\n\n" + "\n".join(room) + "\n")
    corpus = load_corpus(room_domain(), tmp_path)
    assert corpus.ids.shape == (2, 9, 13)


def test_room_folders_in_the_corpus_format_become_training_rooms() -> None:
    """The shipped room files (legend line, named blocks) load as a user's --data folder."""
    from procgen.levels.dungeon.corpus import ROOMS_DIR

    corpus = load_corpus(room_domain(), ROOMS_DIR)
    assert corpus.ids.shape[1:] == (9, 13) and len(corpus.ids) >= 40
    assert str(ROOMS_DIR / "arenas.txt") in corpus.provenance["user"]["files"]



def test_the_shipped_room_corpus_keeps_the_hand_rooms_as_its_style() -> None:
    from procgen.levels.dungeon.corpus import corpus_rooms, room_ids

    corpus = load_corpus(room_domain())
    hand = corpus.provenance["hand_authored"]
    assert corpus.style is not None and len(corpus.style) == hand["kept"] == len(corpus_rooms())
    assert np.array_equal(corpus.style, room_ids(corpus_rooms()))
    assert len(corpus.ids) == hand["repeated"] * hand["kept"] + corpus.provenance["generated"]["kept"]


def test_the_shipped_platformer_corpus_keeps_only_generated_windows_in_a_corpus_style() -> None:
    """No generated training window has a tile in the rows its style leaves empty, a stray
    fragment or a 1-tile hole; the provenance says how many the style filter kept."""
    from procgen.levels.platformer.structure import profile_of, style_problems

    dom = platformer_domain()
    corpus = load_corpus(dom)
    gen = corpus.provenance["generated"]
    assert 0 < gen["kept"] < gen["solver_kept"] and "style_filter" in gen
    made = corpus.ids[len(corpus.ids) - gen["kept"]:]
    for w in made[::25]:
        lv = dom.level_of(w)
        assert style_problems(lv.grid, profile_of(lv)) == []
    # Labels for the conditional models ride along with the windows they describe.
    assert corpus.style_class is not None and corpus.difficulty is not None
    assert len(corpus.style_class) == len(corpus.difficulty) == len(corpus.ids)
    assert corpus.style_names == ("cannon", "mixed", "overground", "pipe", "sky", "underground")
    assert corpus.difficulty.min() >= 0 and corpus.difficulty.max() <= 1


def test_platformer_windows_are_labelled_by_their_levels_style_and_measured_difficulty() -> None:
    """A corpus file's windows carry the style its name says; a classic level's, its preset's
    corpus name; each window's difficulty is its hazards per column on the models' scale."""
    from procgen.levels.platformer.corpus import corpus_levels
    from procgen.levels.platformer.generate import generate
    from procgen.models.data import _labelled

    dom = platformer_domain()
    hand = [lv for lv in corpus_levels() if "underground" in str(lv.generator.get("source"))][:1]
    made = generate(3, width=60, style="pipes")
    corpus = _labelled(dom, [("hand", hand[0]), ("made", made)])
    assert corpus.style_names == ("pipe", "underground") and corpus.style_class is not None
    first = len(corpus.ids) - len(_labelled(dom, [("made", made)]).ids)
    assert set(corpus.style_class[:first]) == {1} and set(corpus.style_class[first:]) == {0}
    w = np.zeros((1, 14, 28), dtype=np.uint8)  # all empty: every column a pit -> difficulty 1
    assert dom.window_difficulty is not None and dom.window_difficulty(w).tolist() == [1.0]
    w[0, -1] = dom.chars.index("X")
    w[0, 5, 3] = dom.chars.index("E")  # one enemy in 28 columns: 1 / 28 / 0.25
    assert np.isclose(dom.window_difficulty(w)[0], 1 / 28 / 0.25)
