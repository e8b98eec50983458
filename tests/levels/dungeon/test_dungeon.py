"""Whole dungeons: layout, lock-and-key progression, and the replaying solver."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import procgen.io
from procgen.errors import ParamError
from procgen.level import Level
from procgen.levels.dungeon.dungeon import build_dungeon, solve_dungeon
from tests.strategies import seeds


def _ids(level, type_):
    return [e for e in level.entities if e.type == type_]


@given(seeds, st.integers(1, 16), st.integers(0, 3))
def test_every_dungeon_is_solvable_and_no_key_is_behind_its_own_lock(seed, rooms, enemies):
    """The run from start to stairs succeeds, and each key is reachable with its lock shut."""
    d = build_dungeon(seed, rooms=rooms, enemies=enemies)
    sol = solve_dungeon(d)
    assert sol.solvable and d.stats["solvable"]
    locks = d.stats["locks"]
    assert sorted(sol.key_order) == sorted(lk["key"] for lk in locks)
    assert len(_ids(d, "player")) == 1 and len(_ids(d, "stairs")) == 1
    assert len(d.stats["rooms"]) == rooms
    for lk in locks:
        # Shut this lock for good: its own key must still be collected.
        stuck = solve_dungeon(d, closed=(lk["key"],))
        assert lk["key"] in stuck.key_order
        assert not stuck.solvable  # locks sit on the only way to the exit


@given(seeds, st.integers(2, 12))
def test_rooms_tiles_and_graph_agree(seed, rooms):
    """Doors sit in shared walls between the rooms they join; locks are L tiles; one tree."""
    d = build_dungeon(seed, rooms=rooms)
    edges = d.stats["edges"]
    assert len(edges) == rooms - 1  # a tree
    boxes = {r["id"]: r for r in d.stats["rooms"]}
    for e in edges:
        tile = chr(d.grid[e["y"], e["x"]])
        assert tile == ("L" if e["locked"] else "D")
        for room in (boxes[e["a"]], boxes[e["b"]]):
            x, y = e["x"] - room["x"], e["y"] - room["y"]
            on_border = x in (0, room["width"] - 1) or y in (0, room["height"] - 1)
            assert on_border and 0 <= x < room["width"] and 0 <= y < room["height"]
    roles = [r["role"] for r in d.stats["rooms"]]
    assert roles.count("exit") == 1
    assert d.stats["main_path"][0] == 0 and d.stats["main_path"][-1] == d.stats["exit_room"]
    enemies = int((d.grid == ord("M")).sum())
    assert enemies == len(_ids(d, "enemy")) == d.stats["enemies"]


def test_same_seed_same_dungeon():
    """A dungeon is a pure function of (seed, params)."""
    a, b = build_dungeon(9, rooms=10), build_dungeon(9, rooms=10)
    assert a.rows == b.rows and a.stats == b.stats


def test_removing_a_key_makes_the_dungeon_unsolvable():
    """The solver notices a missing key: the locked door never opens."""
    d = build_dungeon(3, rooms=10, locks=2)
    d.entities = [e for e in d.entities if not (e.type == "key" and e.props["key"] == 0)]
    sol = solve_dungeon(d)
    assert not sol.solvable and "stairs" in sol.problem


def test_room_source_gets_constraints_and_its_rooms_are_used():
    """A custom room source is called once per room with the documented constraints."""
    from procgen.levels.dungeon.classic import classic_room

    calls = []

    def source(seed, constraints):
        calls.append(dict(constraints))
        room = classic_room(seed, constraints["width"], constraints["height"], 0, None)
        room.grid[room.grid == ord("F")] = ord("F")
        return room

    d = build_dungeon(2, rooms=5, width=9, height=5, room_source=source)
    assert len(calls) == 5
    assert {c["role"] for c in calls} >= {"start", "exit"}
    assert all(c["width"] == 9 and c["height"] == 5 and c["doors"] for c in calls)
    assert d.stats["rooms"][0]["width"] == 11 and d.stats["enemies"] == 0


def test_blocked_room_source_is_repaired_and_carved():
    """Rooms that are nearly solid (as a bad model might make) still give a solvable dungeon."""

    def solid(seed, c):
        rows = ["W" * (c["width"] + 2)] + ["W" + "B" * c["width"] + "W"] * c["height"] + ["W" * (c["width"] + 2)]
        from procgen.levels.dungeon.tiles import LEGEND

        return Level.from_rows("dungeon-room", rows, LEGEND)

    d = build_dungeon(4, rooms=6, room_source=solid)
    assert solve_dungeon(d).solvable


def test_room_source_of_the_wrong_size_is_refused():
    """A room source returning the wrong size is a ParamError naming room_source."""
    from procgen.levels.dungeon.classic import classic_room

    with pytest.raises(ParamError, match="^room_source:"):
        build_dungeon(0, rooms=3, room_source=lambda s, c: classic_room(s, 7, 7, 0, None))


@pytest.mark.parametrize(("kw", "field"), [({"rooms": 0}, "rooms"), ({"rooms": 65}, "rooms"),
                                           ({"locks": 99}, "locks"), ({"enemies": -2}, "enemies")])
def test_bad_parameters_name_the_field(kw, field):
    """Out-of-range dungeon parameters raise ParamError starting with the field."""
    with pytest.raises(ParamError, match=f"^{field}:"):
        build_dungeon(0, **kw)


def test_twelve_rooms_export_to_json_and_back():
    """A 12-room dungeon survives the native JSON round trip with its stats."""
    d = build_dungeon(12, rooms=12)
    back = procgen.io.loads(d.dumps())
    assert back.rows == d.rows and back.stats["key_order"] == d.stats["key_order"]
    assert solve_dungeon(back).solvable
    assert np.array_equal(back.grid, d.grid)
