"""Bitboard BFS on small grids."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from procgen.levels.dungeon.bits import Board
from procgen.levels.grid import bfs_distances, regions


@given(st.integers(2, 12), st.integers(2, 12), st.integers(0, 2**32 - 1))
def test_layers_match_scipy_bfs(h, w, seed):
    """Ring d holds exactly the tiles scipy's BFS puts at distance d; regions agree too."""
    mask = np.random.default_rng(seed).random((h, w)) < 0.7
    mask[0, 0] = True
    board = Board.of(h, w)
    layers = board.layers(board.pack(mask), board.bit(0, 0))
    dist = bfs_distances(mask, (0, 0))
    for d, ring in enumerate(layers):
        assert np.array_equal(board.unpack(ring), dist == d)
    assert (dist > len(layers) - 1).sum() == 0
    assert board.regions(board.pack(mask)) == regions(mask)[1]


def test_path_steps_are_neighbours_of_the_right_length():
    """A reconstructed path is a chain of 4-neighbour steps from start to target."""
    mask = np.ones((5, 7), dtype=bool)
    mask[1:4, 3] = False
    board = Board.of(5, 7)
    layers = board.layers(board.pack(mask), board.bit(0, 2))
    path = board.path(layers, board.bit(6, 2))
    assert path[0] == (0, 2) and path[-1] == (6, 2)
    steps = np.abs(np.diff(np.array(path), axis=0)).sum(axis=1)
    assert (steps == 1).all() and len(path) - 1 == board.distance(layers, board.bit(6, 2))


def test_pack_unpack_round_trip():
    """pack then unpack gives the same mask back."""
    mask = np.random.default_rng(3).random((9, 13)) < 0.5
    board = Board.of(9, 13)
    assert np.array_equal(board.unpack(board.pack(mask)), mask)
