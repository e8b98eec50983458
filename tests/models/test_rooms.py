"""Dungeon rooms from the shipped models: completable, exact enemies, path targets, dungeons."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procgen.errors import InfeasibleError, ParamError
from procgen.levels.dungeon.solver import solve_room
from procgen.models.rooms import generate_room, min_walk, place_far, room_source, sample_rooms


@settings(max_examples=10)
@given(seed=st.integers(0, 2**40), generator=st.sampled_from(["gan", "vae"]), enemies=st.integers(0, 6))
def test_every_model_room_is_completable_with_the_exact_enemy_count(seed: int, generator: str, enemies: int) -> None:
    room = generate_room(seed, generator=generator, enemies=enemies)
    sol = solve_room(room)
    assert sol.completable and sol.enemies == enemies and sol.regions == 1
    assert (room.width, room.height) == (13, 9)
    # The dungeon-room default every generator honours: start->key->door >= width + height.
    assert sol.path_length >= min_walk(11, 7) == 18


def test_model_rooms_honour_the_classic_walk_default_with_the_default_options() -> None:
    from procgen.kinds import generate

    for g in ("gan", "vae"):
        for seed in range(5):
            room = generate("dungeon-room", seed, generator=g)
            assert solve_room(room).path_length >= 18, (g, seed)


def test_place_far_lengthens_a_short_walk_without_changing_the_layout() -> None:
    """Player beside the key beside the door: moved apart, walls and floor kept."""
    from procgen.level import Level
    from procgen.levels.dungeon.tiles import LEGEND
    from procgen.rng import rng

    rows = ["WWWWWWWWWWWWW"] + ["W" + "." * 11 + "W"] * 6 + ["W" + "." * 8 + "AK.W", "WWWWWWWWWWWDW"]
    chars = {t.name: c for c, t in LEGEND.items()}
    rows = [r.replace("W", chars["wall"]).replace(".", chars["floor"]).replace("A", chars["player"])
            .replace("K", chars["key"]).replace("D", chars["door"]) for r in rows]
    room = Level.from_rows("dungeon-room", rows, LEGEND)
    before = solve_room(room)
    assert before.completable and before.path_length < 18
    grid, walk = place_far(room.grid, rng(0, "test"))
    after = solve_room(Level("dungeon-room", grid, dict(LEGEND)))
    assert after.completable and walk == after.path_length >= 18
    moved = (grid != room.grid).sum()
    assert moved <= 4  # only the player and the key moved (two tiles each)


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


@pytest.mark.parametrize("generator", ["gan", "vae"])
def test_rooms_decoded_lazily_are_the_rooms_of_decoding_the_whole_generation(generator: str, monkeypatch) -> None:
    """Scoring a generation's rooms a few at a time (and stopping at the first that meets the
    request) chooses the same room, byte for byte, as decoding all 16 at once did."""
    from procgen.io.native import dumps
    from procgen.models import rooms

    cases = [(s, {"enemies": s % 4, **({"path_lengths": (6 + s % 5, 8 + s % 7)} if s % 3 == 0 else {})})
             for s in range(12)]
    lazy = [dumps(generate_room(s, generator=generator, **kw)) for s, kw in cases]
    monkeypatch.setattr(rooms, "DECODE_CHUNKS", (rooms.POPULATION,))
    whole = [dumps(generate_room(s, generator=generator, **kw)) for s, kw in cases]
    assert lazy == whole


def test_a_room_generation_decodes_each_room_once(monkeypatch) -> None:
    """The chosen room is not decoded a second time, and without targets the rooms after the
    first that meets the request are not decoded at all."""
    from procgen.models.shipped import LevelModel

    decoded: list[int] = []
    real = LevelModel.decode

    def counting(self: LevelModel, z: np.ndarray) -> np.ndarray:
        decoded.append(len(z))
        return real(self, z)

    monkeypatch.setattr(LevelModel, "decode", counting)
    room = generate_room(3, generator="gan")
    assert sum(decoded) <= 16 * room.stats["tries"] and room.stats["latent_evaluations"] == 16
