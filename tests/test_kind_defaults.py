"""Defaults like classic: every generator of a kind (classic, gan, vae) gives, with no options,
what the kind's ``defaults`` (:attr:`procgen.levels.kind.LevelKind.defaults`) promise.

Levels come through the registry (``procgen.generate(kind, seed, generator=g)``), the way the
CLI, eval and the game ask for them; the shipped models stand in for the trained generators.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import procgen
from procgen.kinds import GENERATORS
from procgen.level import Kind
from tests.strategies import seeds

#: Kinds with more than one generator: where "like classic" can fail.
MULTI = [(k, g) for k in (Kind.PLATFORMER, Kind.DUNGEON_ROOM, Kind.DUNGEON) for g in GENERATORS[k]]
PROPERTY = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_every_kind_with_several_generators_writes_its_defaults_down_once_and_help_shows_them():
    for k in (Kind.PLATFORMER, Kind.DUNGEON_ROOM, Kind.DUNGEON):
        defaults = procgen.kind(k).defaults
        assert defaults and f"every generator, by default: {defaults}" in procgen.generate.__doc__
    assert "width + height" in procgen.kind(Kind.DUNGEON_ROOM).defaults


def test_generate_help_shows_the_kinds_defaults(capsys):
    from procgen.cli import main

    assert main(["generate", "dungeon-room", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the description
    assert "Every generator, by default:" in out and "width + height" in out


@pytest.mark.parametrize("generator", GENERATORS[Kind.PLATFORMER])
@PROPERTY
@given(seed=seeds)
def test_every_platformer_generator_gives_the_default_size_start_goal_and_a_playable_level(generator, seed):
    from procgen.levels.platformer.solver import solve
    from procgen.levels.platformer.tiles import SOLID

    level = procgen.generate("platformer", seed, generator=generator)
    assert (level.width, level.height) == procgen.kind("platformer").default_size == (200, 14)
    assert level.generator["params"]["difficulty"] == 0.5
    (player,) = level.entities_of("player")
    (goal,) = level.entities_of("goal")
    assert player.x < 8 and level.rows[player.y + 1][player.x] in SOLID  # at the left, on solid ground
    assert goal.x == level.width - 1  # the right edge
    assert solve(level).playable


@pytest.mark.parametrize("generator", GENERATORS[Kind.DUNGEON_ROOM])
@PROPERTY
@given(seed=seeds)
def test_every_room_generator_gives_the_default_room_three_enemies_and_the_long_walk(generator, seed):
    from procgen.levels.dungeon.solver import solve_room

    room = procgen.generate("dungeon-room", seed, generator=generator)
    w, h = procgen.kind("dungeon-room").default_size
    assert (room.width, room.height) == (w + 2, h + 2)  # the interior and its wall border
    sol = solve_room(room)
    assert sol.completable and sol.enemies == 3
    assert sol.path_length >= w + h
    names = {ch: t.name for ch, t in room.legend.items()}
    where = {name: [(x, y) for y, row in enumerate(room.rows) for x, ch in enumerate(row) if names[ch] == name]
             for name in ("player", "key", "door")}
    assert all(len(v) == 1 for v in where.values()), where  # one of each
    ((x, y),) = where["door"]
    assert x in (0, room.width - 1) or y in (0, room.height - 1)  # the exit door sits in the border


@pytest.mark.parametrize("generator", GENERATORS[Kind.DUNGEON])
@PROPERTY
@given(seed=seeds)
def test_every_dungeon_generator_gives_eight_rooms_their_enemies_and_a_solvable_dungeon(generator, seed):
    dungeon = procgen.generate("dungeon", seed, generator=generator)
    w, h = procgen.kind("dungeon").default_size
    rooms = dungeon.stats["rooms"]
    assert len(rooms) == 8 and len(dungeon.stats["locks"]) == 8 // 4
    assert all((r["width"], r["height"]) == (w + 2, h + 2) for r in rooms)
    expected = sum(0 if r["role"] == "start" else 4 if r["role"] == "exit" else 2 for r in rooms)
    assert dungeon.stats["enemies"] == expected
    assert procgen.kind("dungeon").checker(dungeon)["ok"]
