"""The classic room generator: verified rooms, exact counts, path-length control."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from procgen.errors import InfeasibleError, ParamError
from procgen.levels.dungeon.classic import classic_room, longest_walk
from procgen.levels.dungeon.solver import solve_room
from tests.strategies import room_sizes, seeds


def _check_room(room, width, height, enemies):
    sol = solve_room(room)
    assert room.kind == "dungeon-room" and (room.width, room.height) == (width + 2, height + 2)
    assert sol.completable, sol.problems
    assert sol.regions == 1 and sol.unreachable_floor == 0
    assert sol.enemies == enemies
    for ch in "AKD":
        assert int((room.grid == ord(ch)).sum()) == 1
    border = np.ones(room.grid.shape, dtype=bool)
    border[1:-1, 1:-1] = False
    assert set(np.unique(room.grid[border]).tolist()) == {ord("W"), ord("D")}
    # Tiles and entities tell the same story.
    types = sorted(e.type for e in room.entities)
    assert types == sorted(["player", "key", "door"] + ["enemy"] * enemies)
    return sol


@given(seeds, room_sizes, st.integers(0, 8))
def test_default_rooms_are_valid_and_the_walk_matters(seed, size, enemies):
    """Every room is completable, one region, exact counts; start→key→door ≥ width + height."""
    width, height = size
    room = classic_room(seed, width, height, enemies, None)
    sol = _check_room(room, width, height, enemies)
    assert sol.path_length >= width + height
    assert room.stats["path_length"] == sol.path_length


@given(seeds, room_sizes, st.integers(0, 4), st.floats(0.01, 1.0), st.floats(0.01, 1.0))
def test_feasible_targets_are_hit_within_one_step(seed, size, enemies, fa, fb):
    """Targets inside the feasible range are hit (the generator is exact; ±1 is the contract)."""
    width, height = size
    longest = longest_walk(width, height)
    b = max(1, round(fb * longest))
    a = max(1, round(fa * (b - 1 if fa < 0.5 else longest - b)))
    assume(b <= longest and (a < b or a + b <= longest))
    assume(enemies <= width * height // 3)
    room = classic_room(seed, width, height, enemies, (a, b))
    sol = _check_room(room, width, height, enemies)
    assert abs(sol.start_to_key - a) <= 1 and abs(sol.key_to_door - b) <= 1


@given(seeds, st.sampled_from([(5, 5), (11, 7), (20, 12)]), st.sampled_from([None, (4, 6)]))
def test_same_seed_same_room(seed, size, targets):
    """A room is a pure function of (seed, params)."""
    a = classic_room(seed, *size, 3, targets)
    b = classic_room(seed, *size, 3, targets)
    assert a.rows == b.rows and a.stats == b.stats


def test_different_seeds_give_different_rooms():
    """Seeds matter: twenty seeds give (nearly) twenty different rooms."""
    rows = {tuple(classic_room(s, 11, 7, 3, None).rows) for s in range(20)}
    assert len(rows) >= 18


def test_large_room_and_long_serpentine():
    """40×30 rooms work, and a walk near the size's longest uses a serpentine layout."""
    longest = longest_walk(40, 30)
    room = classic_room(1, 40, 30, 5, (longest // 2, longest // 2))
    assert room.stats["layout"].startswith("comb")
    assert (room.stats["start_to_key"], room.stats["key_to_door"]) == (longest // 2, longest // 2)


@pytest.mark.parametrize(
    ("targets", "words"),
    [((1, 10_000), "longest walk"), ((60, 60), "longest walk")],
)
def test_infeasible_targets_say_why(targets, words):
    """Targets beyond what the size allows raise InfeasibleError naming the limit."""
    with pytest.raises(InfeasibleError, match=words) as e:
        classic_room(0, 11, 7, 3, targets)
    assert "11x7" in str(e.value) and str(longest_walk(11, 7)) in str(e.value)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"width": 4}, "width"),
        ({"height": 200}, "height"),
        ({"enemies": -1}, "enemies"),
        ({"targets": (0, 5)}, "path_lengths"),
        ({"targets": ("a", 5)}, "path_lengths"),
    ],
)
def test_bad_parameters_name_the_field(kw, field):
    """Out-of-range parameters raise ParamError starting with the field name."""
    args = {"width": 11, "height": 7, "enemies": 3, "targets": None, **kw}
    with pytest.raises(ParamError, match=f"^{field}:"):
        classic_room(0, args["width"], args["height"], args["enemies"], args["targets"])


def test_too_many_enemies_is_infeasible():
    """More enemies than free tiles is an InfeasibleError, and a full crowd still works."""
    with pytest.raises(InfeasibleError, match="^enemies:"):
        classic_room(0, 5, 5, 24, None)
    room = classic_room(0, 5, 5, 23, None)
    assert room.stats["enemies"] == 23


def _beside(room, ring: int) -> bool:
    """Is an enemy next to another enemy (4 neighbours; with ``ring`` 8, also the player)?"""
    g = np.pad(room.grid, 1)
    near = [(-1, 0), (1, 0), (0, -1), (0, 1)] + ([(-1, -1), (-1, 1), (1, -1), (1, 1)] if ring == 8 else [])
    for y, x in np.argwhere(g == ord("M")):
        around = [g[y + dy, x + dx] for dy, dx in near]
        if ord("M") in around or (ring == 8 and ord("A") in around):
            return True
    return False


@given(seeds, st.integers(0, 5))
def test_enemies_are_spaced_like_the_corpus_rooms(seed, enemies):
    """No hand-written room puts two enemies side by side; with room to spare the generator
    keeps them (and the player) a tile apart, and so do the enemies repair adds."""
    from procgen.levels.dungeon.corpus import corpus_rooms
    from procgen.levels.dungeon.repair import repair_room

    assert not any(_beside(r, 4) for r in corpus_rooms())
    assert not _beside(classic_room(seed, 11, 7, enemies, None), 8)
    open_room = ["WWWWWWWWWWWWW"] + ["WFFFFFFFFFFFW"] * 6 + ["WAFFFFFFFFFKW", "WWWWWWDWWWWWW"]
    assert not _beside(repair_room(open_room, enemies=enemies, seed=seed), 8)
