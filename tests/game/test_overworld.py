"""Overworld mode: streamed chunks, walking rules, gates, overlays and export of the view."""

from __future__ import annotations

import time

import numpy as np
import pygame

from procgen.terrain import World
from procgen_viewer.chunks import CHUNK, OVERLAYS, blocked, chunk_gate, chunk_image
from procgen_viewer.mode import Controls
from procgen_viewer.overworld import ZOOMS, stitch


def settle(app, frames: int = 30) -> None:
    """Draw frames until the streamer has made what the screen wants (bounded wait)."""
    mode = app.mode
    for _ in range(frames):
        mode.draw(app.screen)
        if mode.streamer.queued() == 0:
            break
        time.sleep(0.05)


def test_the_hero_starts_on_walkable_land(app):
    mode = app.switch("overworld")
    assert mode.walkable(mode.x, mode.y) or mode.flying


def test_chunks_stream_in_around_the_camera_and_are_drawn(app):
    mode = app.switch("overworld")
    settle(app, 60)
    assert len(mode.surfaces) >= 4
    img = pygame.surfarray.array3d(app.screen)
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 20


def test_gates_are_a_pure_function_of_seed_and_chunk():
    world = World(11)
    gates = [chunk_gate(11, cx, 0, world.chunk(cx, 0)) for cx in range(6)]
    again = [chunk_gate(11, cx, 0, world.chunk(cx, 0)) for cx in range(6)]
    assert gates == again
    for g in gates:
        if g is not None:
            assert g.kind in ("dungeon", "platformer")
            c = world.chunk(g.x // CHUNK, g.y // CHUNK)
            assert not blocked(c.legend[chr(int(c.grid[g.y % CHUNK, g.x % CHUNK]))])


def test_walking_never_enters_solid_terrain_but_flying_does(app):
    mode = app.switch("overworld")
    settle(app, 60)
    for _ in range(240):
        mode.update(1 / 60, Controls(left=True))
        assert mode.walkable(mode.x, mode.y)
    mode.flying = True
    x = mode.x
    mode.update(0.5, Controls(left=True))
    assert mode.x < x


def test_zoom_keys_step_through_the_zoom_levels(app):
    mode = app.switch("overworld")
    z = mode.zoom
    app.key_down(pygame.K_MINUS)
    assert mode.zoom == min(z + 1, len(ZOOMS) - 1)
    app.key_down(pygame.K_EQUALS)
    assert mode.zoom == z


def test_every_overlay_renders_a_picture_of_the_chunk():
    level = World(3).chunk(0, 0)
    pictures = [chunk_image(level, o) for o in OVERLAYS]
    assert all(p.shape == (CHUNK, CHUNK, 3) and p.dtype == np.uint8 for p in pictures)
    assert len({p.tobytes() for p in pictures}) == len(OVERLAYS)


def test_entering_a_gate_opens_its_content_and_esc_comes_back(app):
    from procgen_viewer.chunks import Gate

    mode = app.switch("overworld")
    gate = Gate("dungeon", int(mode.x), int(mode.y), 1234, "forest")
    mode.gates[(0, 0)] = gate
    assert mode.enter_gate()
    assert app.mode.name == "dungeon" and app.mode.seed == 1234
    app.key_down(pygame.K_ESCAPE)
    assert app.mode is mode


def test_the_export_of_the_overworld_is_the_3x3_chunks_around_the_hero():
    world = World(5)
    levels = [[world.chunk(cx, cy) for cx in range(3)] for cy in range(3)]
    big = stitch(levels, 5, 0, 0, [])
    assert (big.width, big.height) == (3 * CHUNK, 3 * CHUNK)
    assert np.array_equal(big.grid[CHUNK:2 * CHUNK, CHUNK:2 * CHUNK], levels[1][1].grid)
    assert set(big.layers) >= {"height"}
    big.check()
