"""Public entry points: generate_room / generate_dungeon and their registry entries."""

import sys

import pytest

from procgen.errors import ParamError
from procgen.kinds import generate
from procgen.levels.dungeon.generate import generate_dungeon, generate_room


def test_room_defaults_through_the_registry():
    """`procgen.generate("dungeon-room")` gives a default 13×9 room with 3 enemies."""
    room = generate("dungeon-room", 11)
    assert (room.width, room.height) == (13, 9)
    assert room.stats["enemies"] == 3 and room.stats["completable"]
    assert room.rows == generate_room(11).rows


def test_room_options_through_the_registry():
    """width/height (interior), enemies and path_lengths pass through."""
    room = generate("dungeon-room", 2, width=15, height=9, enemies=5, path_lengths=(7, 11))
    assert (room.width, room.height) == (17, 11)
    assert (room.stats["start_to_key"], room.stats["key_to_door"], room.stats["enemies"]) == (7, 11, 5)


def test_dungeon_through_the_registry_writes_png_and_tmj(tmp_path):
    """The acceptance command's pieces: a 10-room dungeon rendered to PNG and Tiled."""
    d = generate("dungeon", 5, rooms=10)
    d.save_png(tmp_path / "d.png")
    d.save_tmj(tmp_path / "d.tmj")
    assert (tmp_path / "d.png").stat().st_size > 0 and (tmp_path / "d.tmj").stat().st_size > 0
    assert len(d.stats["rooms"]) == 10


def test_model_generators_fail_clearly_without_torch(uninstalled):
    """gan/vae on a base install (no torch) is a one-line ParamError naming the [models] extra."""
    uninstalled("torch")
    with pytest.raises(ParamError, match=r"^generator: gan needs torch, .*procgen-forge\[models\]"):
        generate_room(0, generator="gan")
    with pytest.raises(ParamError, match="^generator: vae needs torch"):
        generate_dungeon(0, generator="vae")


def test_model_generator_is_called_with_the_documented_keywords(monkeypatch):
    """generator="gan" calls procgen.models.rooms.generate_room(seed, generator=..., ...)."""
    import types

    from procgen.levels.dungeon.classic import classic_room

    seen = []

    def fake(seed, *, generator, width, height, enemies, path_lengths, model):
        seen.append((generator, width, height, enemies, path_lengths, model))
        return classic_room(seed, width, height, enemies, None)

    monkeypatch.setitem(sys.modules, "procgen.models.rooms", types.SimpleNamespace(generate_room=fake))
    generate_room(1, generator="vae", enemies=2)
    assert seen == [("vae", 11, 7, 2, None, None)]
    d = generate_dungeon(1, generator="gan", rooms=4, model="my-models")
    assert d.stats["solvable"] and len(seen) == 5 and seen[-1][0] == "gan"
    assert {s[-1] for s in seen[1:]} == {"my-models"}  # the chosen checkpoint reaches every room


def test_unknown_generator_and_option_are_refused():
    """An unknown generator or option is a ParamError naming it."""
    with pytest.raises(ParamError, match="^generator:"):
        generate_room(0, generator="wfc")
    with pytest.raises(ParamError, match="^rooms: not an option"):
        generate_room(0, rooms=3)
    with pytest.raises(ParamError, match="^generator:"):
        generate_dungeon(0, generator="wfc")
    with pytest.raises(ParamError, match="^width:"):
        generate_dungeon(0, width=3)
