"""Dungeon rooms from the shipped models: completable, exact enemies, path targets, dungeons."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procgen.errors import InfeasibleError, ParamError
from procgen.levels.dungeon.solver import solve_room
from procgen.models.rooms import generate_room, room_source, sample_rooms


@settings(max_examples=10)
@given(seed=st.integers(0, 2**40), generator=st.sampled_from(["gan", "vae"]), enemies=st.integers(0, 6))
def test_every_model_room_is_completable_with_the_exact_enemy_count(seed: int, generator: str, enemies: int) -> None:
    room = generate_room(seed, generator=generator, enemies=enemies)
    sol = solve_room(room)
    assert sol.completable and sol.enemies == enemies and sol.regions == 1
    assert (room.width, room.height) == (13, 9)


@pytest.mark.parametrize("targets", [(6, 8), (10, 5), (14, 12)])
def test_path_length_requests_are_met_within_one_step(targets: tuple[int, int]) -> None:
    room = generate_room(2, generator="gan", enemies=2, path_lengths=targets)
    sol = solve_room(room)
    assert abs(sol.start_to_key - targets[0]) <= 1 and abs(sol.key_to_door - targets[1]) <= 1
    assert sol.enemies == 2


def test_same_seed_same_room() -> None:
    assert generate_room(8).rows == generate_room(8).rows
    assert np.array_equal(sample_rooms(8, 3), sample_rooms(8, 3))


def test_bad_requests_are_clear_errors() -> None:
    with pytest.raises(ParamError, match="width"):
        generate_room(0, width=20)
    with pytest.raises(ParamError, match="path_lengths"):
        generate_room(0, path_lengths=(0, 3))
    with pytest.raises(InfeasibleError, match="path_lengths"):
        generate_room(0, path_lengths=(60, 60))


def test_whole_dungeons_take_their_rooms_from_the_model() -> None:
    from procgen.kinds import generate
    from procgen.levels.dungeon.generate import generate_dungeon

    d = generate_dungeon(4, rooms=4, room_source=room_source("gan"))
    assert d.kind == "dungeon"
    assert generate("dungeon-room", 4, generator="vae").generator["model"] == "room-vae"
    # The registry hands the same room source in: same rooms, recorded as the gan's.
    via = generate("dungeon", 4, generator="gan", rooms=4)
    assert via.rows == d.rows and via.generator["name"] == "gan"
