"""The platformer game logic: the shared physics, enemies, blocks, coins, death and the goal."""

from __future__ import annotations

import pygame
import pytest

from procgen.levels.platformer import physics as phys
from procgen_viewer.mode import Controls
from procgen_viewer.platformer_state import DYING_FRAMES, TS, PlatformerState, make_level
from tests.game.helpers import platformer_level, switch_ready


def run(state: PlatformerState, frames: int, left=False, right=False, jump=False) -> None:
    for _ in range(frames):
        state.tick(left, right, jump)


def test_the_hero_moves_exactly_as_the_shared_physics_step():
    """Holding right for 30 frames lands the hero where physics.step puts a body."""
    level = platformer_level()
    state = PlatformerState(level)
    body = phys.spawn_body(0, 11)
    solid = level.solid_mask()
    for _ in range(30):
        body = phys.step(body, phys.Inputs(right=True), solid)
    run(state, 30, right=True)
    assert (state.body.x, state.body.y) == (body.x, body.y)


def test_a_jump_is_pressed_once_per_key_press():
    """Holding jump gives one jump; the hero lands and stays down until the key is pressed again."""
    state = PlatformerState(platformer_level())
    run(state, 1, jump=True)
    assert not state.body.on_ground
    run(state, 80, jump=True)
    assert state.body.on_ground


def test_stomping_a_walker_kills_it_and_bounces():
    """Falling onto a walker from above kills it, scores, and bounces the hero up."""
    state = PlatformerState(platformer_level(features=((10, 11, "E"),)))
    walker = state.walkers[0]
    # Drop the hero from above onto the walker.
    state.body = phys.Body(walker.x, walker.y - 3 * TS, 0.0, 2.0, False)
    for _ in range(40):
        state.tick(False, False, False)
        if not walker.alive:
            break
    assert not walker.alive and state.deaths == 0
    assert state.score >= 100 and state.body.vy < 0


def test_walking_into_a_walker_costs_a_life_and_respawns_at_the_start():
    state = PlatformerState(platformer_level(features=((6, 11, "E"),)))
    for _ in range(120):
        state.tick(False, True, False)
        if state.deaths:
            break
    assert state.deaths == 1
    run(state, DYING_FRAMES)
    assert state.body.x == phys.spawn_body(*state.start).x and not state.dying


def test_walkers_patrol_and_turn_at_walls():
    """A walker between two walls walks back and forth and never leaves its corridor."""
    state = PlatformerState(platformer_level(features=((10, 11, "X"), (12, 11, "E"), (16, 11, "X"))))
    state.body = phys.spawn_body(24, 11)
    xs = []
    for _ in range(400):
        state.tick(False, False, False)
        xs.append(state.walkers[0].x)
    assert min(xs) >= 11 * TS and max(xs) + phys.PHYSICS.hitbox_w <= 16 * TS
    assert max(xs) - min(xs) > TS


def test_bumping_a_question_block_gives_a_coin_and_uses_it():
    """Jumping under '?' turns it into 'Q' (still solid) and counts a coin."""
    state = PlatformerState(platformer_level(features=((2, 8, "?"),)))
    state.body = phys.spawn_body(2, 11)
    run(state, 30, jump=True)
    assert chr(state.grid[8, 2]) == "Q"
    assert state.coins == 1 and state.solid[8, 2]


def test_coins_are_collected_by_touch():
    state = PlatformerState(platformer_level(features=((3, 11, "o"),)))
    run(state, 30, right=True)
    assert state.coins == 1 and chr(state.grid[11, 3]) == "-"


def test_falling_into_a_pit_is_a_death():
    state = PlatformerState(platformer_level(features=((3, 12, "-"), (3, 13, "-"), (4, 12, "-"), (4, 13, "-"), (5, 12, "-"), (5, 13, "-"), (6, 12, "-"), (6, 13, "-"), (7, 12, "-"), (7, 13, "-"))))
    run(state, 120, right=True)
    assert state.deaths >= 1


def test_reaching_the_right_edge_wins():
    state = PlatformerState(platformer_level(width=24))
    run(state, 400, right=True)
    assert state.won and state.deaths == 0


def test_cannons_fire_bullets_at_a_hero_in_range():
    state = PlatformerState(platformer_level(features=((20, 10, "B"), (20, 11, "b"))))
    state.body = phys.spawn_body(12, 11)
    run(state, 160)
    assert state.bullets and state.bullets[0].vx < 0


def test_a_clone_plays_ahead_without_touching_the_original():
    state = PlatformerState(platformer_level(features=((12, 11, "E"), (4, 11, "o"))))
    copy = state.clone()
    run(copy, 100, right=True)
    assert state.frames == 0 and state.coins == 0 and chr(state.grid[11, 4]) == "o"
    assert state.walkers[0].x != copy.walkers[0].x


def test_a_missing_model_falls_back_to_classic_with_a_notice(tmp_path, monkeypatch):
    """With no trained models, asking for the GAN gives a classic level and says so."""
    monkeypatch.setenv("PROCGEN_TRAINED", str(tmp_path / "nowhere"))
    made = make_level(5, "gan", 0.3)
    assert made.level.generator.get("name") == "classic"
    assert "GAN unavailable" in made.notice


def test_a_corrupt_model_file_falls_back_too(tmp_path, monkeypatch):
    for name in ("platformer-gan", "platformer-vae"):
        (tmp_path / f"{name}.safetensors").write_bytes(b"not weights")
        (tmp_path / f"{name}.json").write_text("{broken")
    monkeypatch.setenv("PROCGEN_TRAINED", str(tmp_path))
    made = make_level(5, "vae", 0.3)
    assert made.level.generator.get("name") == "classic" and "VAE unavailable" in made.notice


def test_mode_keys_switch_levels_generators_and_difficulty(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PROCGEN_TRAINED", str(tmp_path))  # G falls back fast: no models
    app.sync = True
    mode = switch_ready(app, "platformer")
    seed = mode.seed
    app.key_down(pygame.K_n)
    assert mode.seed == seed + 1 and mode.state.level.seed == seed + 1
    app.key_down(pygame.K_RIGHTBRACKET)
    assert mode.difficulty == pytest.approx(0.6)
    app.key_down(pygame.K_g)
    assert mode.generator == "gan"
    app.key_down(pygame.K_r)
    assert mode.state.frames == 0


def test_a_slow_level_is_made_in_the_background_while_the_old_one_stays(app, monkeypatch):
    """N with a level not ready yet keeps the current level playable and switches when done."""
    import threading

    import procgen_viewer.platformer as gp

    gate = threading.Event()
    real = gp.make_level

    def slow(seed, generator, difficulty, width=None):
        if seed == 99:
            gate.wait(10)
        return real(seed, generator, difficulty, width)

    monkeypatch.setattr(gp, "make_level", slow)
    mode = switch_ready(app, "platformer")
    mode.seed = 98
    app.key_down(pygame.K_n)
    old = mode.state
    assert mode.pending is not None and mode.state is old
    mode.update(1 / 60, Controls(right=True))
    assert old.frames == 1  # still playing the old level
    gate.set()
    app.worker.result(mode.pending)
    mode.update(1 / 60, Controls())
    assert mode.pending is None and mode.state.level.seed == 99


def test_t_cycles_the_texture_look_and_a_missing_texture_model_falls_back(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PROCGEN_TRAINED", str(tmp_path))  # no texture models here
    mode = switch_ready(app, "platformer")
    assert mode.look == "procedural textures"
    app.key_down(pygame.K_t)
    assert app.texture == "gan" and mode.look == "procedural textures"
    assert "GAN textures unavailable" in " ".join(m for m, _, _ in app.notices.items)
    app.key_down(pygame.K_t)
    app.key_down(pygame.K_t)
    assert app.texture == "drawn" and mode.look == "drawn tiles"
    app.draw()
