"""Caves: one region, player and goal at the ends of the walk, path-length control, determinism."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procgen.errors import InfeasibleError, ParamError
from procgen.levels import cave
from procgen.levels.cave import _longest_walk, generate
from procgen.levels.grid import bfs_distances, regions
from tests.strategies import seeds

sizes = st.tuples(st.integers(8, 80), st.integers(8, 60))


def floor_of(lvl):
    return lvl.mask("floor")


def walk(lvl) -> int:
    p, g = lvl.entities_of("player")[0], lvl.entities_of("goal")[0]
    return int(bfs_distances(floor_of(lvl), (p.y, p.x))[g.y, g.x])


@given(seeds, sizes)
def test_every_cave_is_one_region_with_stats_that_match_a_recomputation(seed, size):
    lvl = generate(seed, width=size[0], height=size[1])
    floor = floor_of(lvl)
    assert regions(floor)[1] == 1
    assert lvl.solid_mask()[[0, -1], :].all() and lvl.solid_mask()[:, [0, -1]].all()
    assert lvl.stats["floor_tiles"] == floor.sum()
    assert lvl.stats["path_length"] == walk(lvl)
    assert [e.type for e in lvl.entities] == ["player", "goal"]


@given(seeds, sizes)
def test_player_and_goal_are_the_ends_of_a_longest_walk(seed, size):
    """The goal is the farthest floor from the player (double-sweep end points)."""
    lvl = generate(seed, width=size[0], height=size[1])
    p = lvl.entities_of("player")[0]
    assert walk(lvl) == bfs_distances(floor_of(lvl), (p.y, p.x)).max()


@given(seeds, sizes, st.floats(0.05, 1.0))
def test_path_length_target_is_met_within_ten_percent_when_feasible(seed, size, fraction):
    w, h = size
    target = max(1, round(fraction * _longest_walk(w, h)))
    lvl = generate(seed, width=w, height=h, path_length=target)
    assert abs(walk(lvl) - target) <= 0.1 * target
    assert regions(floor_of(lvl))[1] == 1


def test_infeasible_path_length_is_a_clear_error():
    with pytest.raises(InfeasibleError, match=r"path_length: 5000 steps is not feasible for a 40x30 cave \(must be 1\.\."):
        generate(0, width=40, height=30, path_length=5000)


@given(seeds)
def test_same_seed_same_bytes_and_different_seeds_differ(seed):
    a, b = generate(seed, width=32, height=24), generate(seed, width=32, height=24)
    assert a.dumps() == b.dumps()
    assert generate(seed + 1, width=32, height=24).rows != a.rows


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"width": 7}, "width"), ({"height": 5000}, "height"), ({"fill": 0.9}, "fill"),
     ({"generator": "gan"}, "generator"), ({"path_length": 0}, "path_length")],
)
def test_bad_parameters_are_param_errors(kwargs, field):
    with pytest.raises(ParamError, match=field):
        generate(0, **kwargs)


def test_largest_sizes_work():
    lvl = generate(1, width=1024, height=1024)
    assert lvl.grid.shape == (1024, 1024) and regions(floor_of(lvl))[1] == 1
    assert np.count_nonzero(floor_of(lvl)) == lvl.stats["floor_tiles"]


@settings(max_examples=30, deadline=None)
@given(seeds, st.integers(8, 60), st.integers(8, 60), st.sampled_from([0.3, 0.45, 0.6]))
def test_numba_and_scipy_paths_give_the_same_cave(seed, width, height, fill):
    """With or without numba (queue BFS and flood-fill regions vs scipy), the same level bytes
    (or the same error, for tiny dense caves that have no room for a walk)."""
    import sys

    pytest.importorskip("numba")
    jit_tiles = cave.JIT_TILES

    def outcome():
        try:
            lvl = cave.generate(seed, width=width, height=height, fill=fill)
        except InfeasibleError as e:
            return str(e)
        return lvl.grid.tobytes(), [(e.type, e.x, e.y) for e in lvl.entities], lvl.stats

    cave.JIT_TILES = 0  # small test caves take the kernels too
    try:
        fast = outcome()
    finally:
        cave.JIT_TILES = jit_tiles
    saved = sys.modules.pop("procgen.levels._cave_jit", None)
    sys.modules["procgen.levels._cave_jit"] = None  # type: ignore[assignment]
    try:
        slow = outcome()
    finally:
        del sys.modules["procgen.levels._cave_jit"]
        if saved is not None:
            sys.modules["procgen.levels._cave_jit"] = saved
    assert fast == slow


def test_random_walls_drawn_in_bands_equal_one_big_draw():
    """The banded draw keeps the Generator's stream: the same walls as r.random((h, w)) < fill."""
    from procgen.rng import rng

    got = cave._random_walls(rng(5, "x"), 700, 3000, 0.45)
    assert np.array_equal(got, rng(5, "x").random((700, 3000)) < 0.45)


def test_wall_counts_match_a_direct_count():
    """The separable uint8 box sums count each (2r+1)² block exactly, outside counting as wall."""
    wall = np.random.default_rng(2).random((23, 31)) < 0.5
    for radius in (1, 2):
        padded = np.pad(wall, radius, constant_values=True)
        k = 2 * radius + 1
        want = np.array([[padded[y : y + k, x : x + k].sum() for x in range(31)] for y in range(23)])
        assert np.array_equal(cave._walls_within(wall, radius), want)


@pytest.mark.parametrize("seed", [22, 82, 207, 268435457])
def test_a_default_cave_at_the_smallest_size_never_fails(seed):
    """8x8 automata can wall up every natural attempt (these seeds did); a serpentine backs them."""
    lvl = generate(seed, width=8, height=8)
    p = lvl.entities_of("player")[0]
    assert walk(lvl) == bfs_distances(floor_of(lvl), (p.y, p.x)).max() >= 1
