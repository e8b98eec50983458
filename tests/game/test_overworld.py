"""Overworld mode: streamed chunks, walking rules, gates, overlays and export of the view."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from procgen.level import Kind
from procgen.terrain import World
from procgen_viewer.chunks import CHUNK, OVERLAYS, blocked, chunk_gate, chunk_image
from procgen_viewer.mode import Controls
from procgen_viewer.overworld import GATE_TYPES, ZOOMS, stitch


def settle(app) -> None:
    """Draw a frame that waits for every chunk the screen wants (woken by each finished chunk,
    bounded by SYNC_WAIT_S), as automated runs do: load makes it slower, never different."""
    app.sync = True
    app.mode.draw(app.screen)
    app.sync = False


def test_the_hero_starts_on_walkable_land(app):
    mode = app.switch("overworld")
    assert mode.walkable(mode.x, mode.y) or mode.flying


def test_chunks_stream_in_around_the_camera_and_are_drawn(app):
    mode = app.switch("overworld")
    settle(app)
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
            assert g.kind in GATE_TYPES  # a level kind the overworld knows how to play
            c = world.chunk(g.x // CHUNK, g.y // CHUNK)
            assert not blocked(c.legend[chr(int(c.grid[g.y % CHUNK, g.x % CHUNK]))])


def test_walking_never_enters_solid_terrain_but_flying_does(app):
    mode = app.switch("overworld")
    settle(app)
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


@pytest.mark.parametrize("kind", [Kind.DUNGEON, Kind.PLATFORMER])
def test_entering_a_gate_plays_its_level_kind_and_esc_comes_back(app, kind):
    """A gate's type names the mode that plays its kind: entering it shows a level of that
    kind made from the gate's seed; Esc returns to the overworld."""
    from procgen_viewer.chunks import Gate

    app.sync = True  # the gate's level is made before the first frame
    mode = app.switch("overworld")
    gate = Gate(kind, int(mode.x), int(mode.y), 1234, "forest")
    mode.gates = {(gate.x // CHUNK, gate.y // CHUNK): gate}
    assert mode.enter_gate()
    level = app.mode.level()
    assert app.mode.name == GATE_TYPES[kind].mode and app.mode.seed == 1234
    assert level is not None and level.kind == kind and level.seed == 1234
    app.key_down(pygame.K_ESCAPE)
    assert app.mode is mode


@pytest.mark.parametrize("kind", [Kind.DUNGEON, Kind.PLATFORMER])
def test_walking_near_a_gate_starts_making_what_entering_it_will_show(app, kind):
    """The prefetch asks the worker for the very job the entered mode collects (same key), so
    a gate you walked up to opens without waiting."""
    from procgen_viewer.chunks import Gate

    mode = app.switch("overworld")
    gate = Gate(kind, int(mode.x) + 3, int(mode.y), 99, "forest")
    mode.gates = {(gate.x // CHUNK, gate.y // CHUNK): gate}  # the only gate in reach
    before = set(app.worker._jobs)
    mode.update(1 / 60, Controls())
    [job] = set(app.worker._jobs) - before
    app.worker.result(job)
    mode.x, mode.y = gate.x + 0.5, gate.y + 0.5
    app.sync = False  # a person never waits: the content must already be there
    assert mode.enter_gate()
    level = app.mode.level()  # None if the mode had asked for another job and were waiting on it
    assert level is not None and level.kind == kind and level.seed == 99


def test_the_export_of_the_overworld_is_the_3x3_chunks_around_the_hero():
    world = World(5)
    levels = [[world.chunk(cx, cy) for cx in range(3)] for cy in range(3)]
    big = stitch(levels, 5, 0, 0, [])
    assert (big.width, big.height) == (3 * CHUNK, 3 * CHUNK)
    assert np.array_equal(big.grid[CHUNK:2 * CHUNK, CHUNK:2 * CHUNK], levels[1][1].grid)
    assert set(big.layers) >= {"height"}
    big.check()


def test_chunks_are_made_in_the_worker_process_not_the_game_thread():
    """The chunk process starts and makes chunks even when the viewer was loaded from a
    checkout as procgen_viewer (a name the fresh process must be taught): the pool survives."""
    import os

    from procgen_viewer.chunks import make_chunk
    from procgen_viewer.streamer import Streamer

    if (os.cpu_count() or 1) < 2:
        return  # one core: the streamer runs jobs in its thread by design
    s = Streamer(lambda key: (make_chunk, 3, key[0], key[1], "biome"))
    try:
        assert s._pool is not None
        s.want([(0, 0), (1, 0)])
        assert s.wait([(0, 0), (1, 0)], 300)
        assert not s.errors and s._pool is not None  # not fallen back to the thread
        assert s.get((1, 0)).level.width == CHUNK
    finally:
        s.close()


def test_scaled_chunk_pictures_stay_within_their_memory_budget(app, monkeypatch):
    """At 32 px/tile a chunk picture is 8 MB: the cache drops the least recently drawn ones
    instead of growing with the flight (it used to keep up to 1,500 of them)."""
    import procgen_viewer.overworld as ow

    monkeypatch.setattr(ow, "SCALED_BUDGET_BYTES", 40 << 20)
    mode = app.switch("overworld")
    for cx in range(30):
        mode.surfaces[(cx, 99, mode.overlay)] = pygame.Surface((CHUNK, CHUNK))
        assert mode._surface(cx, 99, ZOOMS[0]) is not None
        assert mode._scaled_bytes <= 40 << 20
    assert (29, 99, mode.overlay, ZOOMS[0]) in mode.scaled  # the newest stays
    assert (0, 99, mode.overlay, ZOOMS[0]) not in mode.scaled
