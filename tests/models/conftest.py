"""Fixtures for the level-model tests: a tiny synthetic tile domain that needs no solver."""

from __future__ import annotations

import numpy as np
import pytest

from procgen.level import Tile
from procgen.models.data import Corpus, Domain
from procgen.rng import rng


def _ground_ok(levels):  # a stand-in solver: the bottom row is mostly ground
    return np.array([(lv.grid[-1] == ord("X")).mean() > 0.7 for lv in levels])


@pytest.fixture(scope="session")
def tiny_domain() -> Domain:
    legend = {"-": Tile("empty", False), "X": Tile("ground", True), "S": Tile("brick", True)}
    return Domain("platformer", "platformer", legend, 6, 8, _ground_ok)


@pytest.fixture(scope="session")
def tiny_corpus(tiny_domain: Domain) -> Corpus:
    """Ground along the bottom with a 1-2 tile gap, and a floating brick row."""
    r = rng(0, "tests", "tiny-corpus")
    n = 96
    ids = np.zeros((n, tiny_domain.height, tiny_domain.width), dtype=np.uint8)
    ids[:, -1, :] = 1
    for i in range(n):
        g = int(r.integers(1, 6))
        ids[i, -1, g : g + int(r.integers(1, 3))] = 0
        y, x = int(r.integers(1, 4)), int(r.integers(0, 5))
        ids[i, y, x : x + 3] = 2
    return Corpus(ids, {"synthetic": True})
