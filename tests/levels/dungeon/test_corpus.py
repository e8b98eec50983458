"""The room corpus: shipped rooms, the text loader and its errors, tensors for the models."""

import numpy as np
import pytest

import procgen.io
from procgen.errors import LevelFormatError, ParamError
from procgen.levels.dungeon.corpus import (
    corpus_rooms,
    from_one_hot,
    load_rooms,
    one_hot,
    room_ids,
    windows,
)
from procgen.levels.dungeon.solver import solve_room


def test_shipped_corpus_has_forty_completable_single_region_rooms():
    """40+ rooms of 13×9, every one completable with no unreachable floor, names unique."""
    rooms = corpus_rooms()
    assert len(rooms) >= 40
    names = [r.stats["name"] for r in rooms]
    assert len(set(names)) == len(names)
    for r in rooms:
        sol = solve_room(r)
        assert sol.completable and sol.regions == 1 and sol.unreachable_floor == 0, r.stats["name"]
        assert (r.width, r.height) == (13, 9)


def test_corpus_is_varied():
    """Halls, moats, mazes and arenas are all there, and no two rooms are the same."""
    rooms = corpus_rooms()
    prefixes = {r.stats["name"].split("-")[0] for r in rooms}
    assert prefixes >= {"hall", "moat", "maze", "arena"}
    assert len({tuple(r.rows) for r in rooms}) == len(rooms)


def _write(tmp_path, text, name="rooms.txt"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_custom_legend_maps_characters_by_name(tmp_path):
    """A file's legend line lets other characters stand for the dungeon tiles."""
    p = _write(tmp_path, "legend: #=wall .=floor @=player k=key +=door o=water\n"
                         "room: tiny\n#####\n#@.k#\n#o..#\n###+#\n")
    (room,) = load_rooms(p)
    assert room.rows == ["WWWWW", "WAFKW", "WPFFW", "WWWDW"]
    assert room.stats["name"] == "tiny" and solve_room(room).completable


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("WWWDW\nWAFKW\nWWWW\n", r"rooms.txt:3: room 'room1': row has 4 tiles, expected 5"),
        ("WWWDW\nWAXKW\nWWWWW\n", r"rooms.txt:2: .*character 'X' at column 2 is not in the legend"),
        ("legend: W=wal\n", r"rooms.txt:1: legend: unknown tile name 'wal'"),
        ("legend: Wwall\n", r"rooms.txt:1: legend: expected CHAR=name"),
        ("WWWWW\nWAFKW\nWWWWW\n", r"the border has 0 doors"),
        ("WDWDW\nWAFKW\nWWWWW\n", r"the border has 2 doors"),
        ("DWWWW\nWAFKW\nWWWWW\n", r"door sits in a corner"),
        ("WWWDW\nWAFFW\nWWWWW\n", r"0 key tiles"),
        ("WWWDW\nWAAKW\nWWWWW\n", r"2 player tiles"),
        ("WWWDW\nWAFKF\nWWWWW\n", r"border tile at row 1, column 4 is 'F'"),
        ("WWWDW\nWASKW\nWWWWW\n", r"tile 'S' does not belong in a room"),
        ("# only a comment\n", r"no rooms found"),
    ],
)
def test_malformed_rooms_are_rejected_with_clear_messages(tmp_path, text, message):
    """Each malformation is a LevelFormatError naming the file, line and problem."""
    p = _write(tmp_path, text)
    with pytest.raises(LevelFormatError, match=message):
        load_rooms(p)


def test_non_strict_load_accepts_rooms_without_key_or_player(tmp_path):
    """strict=False only checks shape and legend (for foreign corpora)."""
    p = _write(tmp_path, "WWWWW\nWFFFW\nWWWWW\n")
    assert len(load_rooms(p, strict=False)) == 1


def test_missing_path_and_folder_of_files(tmp_path):
    """A missing path is refused; a folder reads every .txt and .json room in it."""
    with pytest.raises(LevelFormatError, match="no such file or folder"):
        load_rooms(tmp_path / "nope")
    _write(tmp_path, "WWWDW\nWAFKW\nWWWWW\n", "a.txt")
    procgen.io.save(corpus_rooms()[0], tmp_path / "b.json")
    rooms = load_rooms(tmp_path)
    assert len(rooms) == 2 and rooms[1].rows == corpus_rooms()[0].rows


def test_one_hot_round_trip_and_windows():
    """one_hot → from_one_hot gives the rooms back; windows cut every crop."""
    rooms = corpus_rooms()
    x = one_hot(rooms)
    assert x.shape == (len(rooms), 8, 9, 13) and x.dtype == np.float32
    assert np.array_equal(x.sum(axis=1), np.ones((len(rooms), 9, 13)))
    assert [r.rows for r in from_one_hot(x)] == [r.rows for r in rooms]
    assert windows(rooms[:2], 5, 4).shape == (2 * 6 * 9, 4, 5)
    assert np.array_equal(windows(rooms[:1], 13, 9)[0], room_ids(rooms[:1])[0])


def test_one_hot_refuses_mixed_sizes_and_foreign_tiles():
    """Rooms of two sizes, or a dungeon tile like stairs, are a ParamError."""
    from procgen.levels.dungeon.classic import classic_room

    with pytest.raises(ParamError, match=r"rooms\[1\]: size"):
        one_hot([classic_room(0, 11, 7, 0, None), classic_room(0, 9, 7, 0, None)])
    room = classic_room(0, 11, 7, 0, None)
    room.grid[2, 2] = ord("S")
    from procgen.levels.dungeon.tiles import DUNGEON_LEGEND

    room.legend = dict(DUNGEON_LEGEND)
    with pytest.raises(ParamError, match="outside the room vocabulary"):
        one_hot([room])
