"""Room metrics, KL / novelty / diversity, the expressive-range PNG and the eval table."""

import math

from procgen.levels.dungeon.classic import classic_room
from procgen.levels.dungeon.corpus import corpus_rooms
from procgen.levels.dungeon.metrics import (
    diversity,
    novelty,
    room_metrics,
    tile_pattern_kl,
)


def test_room_metrics_of_a_hand_room():
    """Walks, enemies, densities and symmetry of a small known room."""
    m = room_metrics(["WWWWWWW", "WAFBFKW", "WFFMFFW", "WWWDWWW"])
    assert (m["start_to_key"], m["key_to_door"], m["enemies"]) == (6, 4, 1)
    assert math.isclose(m["block_density"], 1 / 10)
    assert m["water_density"] == 0 and m["completable"] == 1


def test_uncompletable_rooms_have_nan_walks():
    """A room without a way to the key reports NaN walks, not a number."""
    m = room_metrics(["WWWWWWW", "WAFWFKW", "WWWWWDW"])
    assert m["completable"] == 0 and math.isnan(m["start_to_key"])


def test_distances_behave():
    """KL and novelty are 0 against themselves; diversity is 0 for copies and >0 otherwise."""
    rooms = corpus_rooms()
    assert tile_pattern_kl(rooms, rooms) < 1e-6
    assert novelty(rooms[:5], rooms) == 0
    same = [rooms[0]] * 4
    assert diversity(same) == 0 and diversity(rooms) > 0.1
    gen = [classic_room(s, 11, 7, 3, None) for s in range(20)]
    assert tile_pattern_kl(gen, rooms) > 0 and 0 < novelty(gen, rooms) < 1
