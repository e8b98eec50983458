"""Latent search: deterministic per seed, stops when the request is met, finds a target."""

from __future__ import annotations

import numpy as np
import pytest

from procgen.errors import ParamError
from procgen.models.search import evolve


def sphere(z: np.ndarray) -> np.ndarray:
    return ((z - 0.8) ** 2).sum(1)


def test_search_approaches_the_optimum() -> None:
    res = evolve(sphere, dim=6, seed=2, generations=40)
    assert res.fitness < 0.2 * sphere(np.zeros((1, 6)))[0]


def test_search_is_deterministic_per_seed() -> None:
    a, b = evolve(sphere, dim=5, seed=9), evolve(sphere, dim=5, seed=9)
    c = evolve(sphere, dim=5, seed=10)
    assert np.array_equal(a.z, b.z) and a.fitness == b.fitness
    assert not np.array_equal(a.z, c.z)


def test_search_stops_at_good_enough() -> None:
    res = evolve(lambda z: np.zeros(len(z)), dim=3, seed=0, generations=50)
    assert res.generations == 1 and res.evaluations == 16


def test_bad_search_settings_are_param_errors() -> None:
    with pytest.raises(ParamError):
        evolve(sphere, dim=3, seed=0, population=1)
