"""Dungeon mode logic: walking, keys and locked doors, treasure, enemies, stairs."""

from __future__ import annotations

import pygame

from procgen.level import Level
from procgen.levels.dungeon.tiles import DUNGEON_LEGEND
from procgen_viewer.dungeon_state import HEARTS, DungeonState
from procgen_viewer.mode import Controls

ROOM = [
    "WWWWWWWWW",
    "WAFKFLFSW",
    "WFFFFWFFW",
    "WWWWWWWWW",
]


def state(rows=ROOM) -> DungeonState:
    return DungeonState(Level.from_rows("dungeon", rows, DUNGEON_LEGEND))


def walk(s: DungeonState, direction: str, frames: int) -> None:
    for _ in range(frames):
        s.update(1 / 60, Controls(**{direction: True}))


def test_the_hero_starts_on_the_player_tile_and_walks_tile_by_tile():
    s = state()
    assert (s.x, s.y) == (1, 1)
    walk(s, "right", 9)
    assert (s.x, s.y) == (2, 1)


def test_a_key_opens_one_locked_door_and_the_stairs_win():
    s = state()
    walk(s, "right", 200)
    assert s.won and s.keys == 0
    assert s.name_at(5, 1) == "door"


def test_a_locked_door_stops_a_hero_without_a_key():
    s = state(["WWWWWWW", "WAFLFSW", "WWWWWWW"])
    walk(s, "right", 200)
    assert (s.x, s.won) == (2, False)


def test_an_enemy_chases_the_hero_and_costs_a_heart():
    s = state(["WWWWWWWWW", "WAFFFFFMW", "WWWWWWWWW"])
    for _ in range(240):
        s.update(1 / 60, Controls())
    assert s.hearts < HEARTS or s.deaths


def test_dungeon_mode_generates_plays_and_makes_the_next_dungeon(app):
    mode = app.switch("dungeon")
    level = mode.level()
    assert level is not None and level.kind == "dungeon"
    app.key_down(pygame.K_n)
    assert mode.seed == app.seed + 1
