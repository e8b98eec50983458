"""The inspector: rows for every mode, overlays, and the latent view's slider."""

from __future__ import annotations

import pygame
import pytest

import procgen_viewer.inspector as inspector
from procgen.errors import CheckpointError
from procgen.kinds import generate
from tests.game.helpers import switch_ready


def wait_for(app, view, i) -> None:
    app.worker.result(view._key(i))
    view.update(0.0)


def test_tab_opens_the_inspector_with_seed_generator_and_solver_facts(app):
    mode = switch_ready(app, "platformer")
    app.key_down(pygame.K_TAB)
    assert app.show_inspector
    app.worker.result(mode._solve_key)
    rows = dict(mode.inspector_rows())
    assert rows["seed"] == str(mode.seed) and rows["generator"] == "classic"
    assert rows["solver"].startswith("playable True")
    app.draw()


def test_the_latent_view_slides_and_plays_the_blend(app, monkeypatch):
    """With a model, the slider picks a blend and Enter plays it (repaired, verified)."""
    calls = []

    def fake_blend(a: int, b: int, t: float, generator: str):
        calls.append(t)
        return generate("platformer", a if t < 0.5 else b, width=inspector.WIDTH)

    monkeypatch.setattr(inspector, "blend", fake_blend)
    mode = switch_ready(app, "platformer")
    app.key_down(pygame.K_l)
    view = mode.latent
    assert view is not None and app.show_inspector
    app.key_down(pygame.K_PERIOD)
    assert view.t == pytest.approx(0.55)
    wait_for(app, view, view.step)
    app.draw()
    app.key_down(pygame.K_RETURN)
    assert mode.latent is None and mode.state.level.width == inspector.WIDTH
    assert 0.55 in calls


def test_the_latent_view_explains_a_missing_model_instead_of_crashing(app, monkeypatch):
    def no_model(*args):
        raise CheckpointError("trained/platformer-vae.json: no such checkpoint config")

    monkeypatch.setattr(inspector, "blend", no_model)
    mode = switch_ready(app, "platformer")
    app.key_down(pygame.K_l)
    view = mode.latent
    for i in (0, view.step):
        app.worker._jobs[view._key(i)].exception()
        view._level(i)
    app.draw()
    assert "no such checkpoint" in view.error
    app.key_down(pygame.K_RETURN)
    assert "no such checkpoint" in app.notices.latest


def test_terrain_overlays_switch_with_number_keys_while_inspecting(app):
    mode = app.switch("overworld")
    app.key_down(pygame.K_TAB)
    app.key_down(pygame.K_3)
    assert mode.overlay == "moisture"
    rows = dict(mode.inspector_rows())
    assert rows["overlay"].startswith("moisture")
    app.draw()


def test_help_lists_every_key_of_the_mode_and_esc_closes_it(app):
    app.switch("dungeon")
    app.key_down(pygame.K_h)
    assert app.show_help
    app.draw()
    app.key_down(pygame.K_ESCAPE)
    assert not app.show_help and app.running


def test_the_screen_can_change_size_between_frames(app):
    switch_ready(app, "platformer")
    for size in ((320, 180), (1024, 600), (500, 700)):
        app.screen = pygame.Surface(size)
        app.update(1 / 60)
        app.draw()
