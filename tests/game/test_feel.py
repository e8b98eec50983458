"""How the game feels and keeps its state: overlays, quitting, the HUD, loading, layout."""

from __future__ import annotations

import threading

import numpy as np
import pygame

import procgen_viewer.platformer as gp
from procgen_viewer.mode import Controls
from procgen_viewer.platformer_state import TS, Walker
from tests.game.helpers import switch_ready


def colours(surface: pygame.Surface) -> int:
    img = pygame.surfarray.array3d(surface)
    return len(np.unique(img.reshape(-1, 3)[::17], axis=0))


def test_closing_the_inspector_brings_the_biome_map_back(app):
    """An overlay chosen with 1-5 belongs to the inspector: Tab again shows biomes, whose
    legend the map then matches."""
    mode = app.switch("overworld")
    app.key_down(pygame.K_TAB)
    app.key_down(pygame.K_2)
    assert mode.overlay == "height"
    app.draw()
    app.key_down(pygame.K_TAB)
    app.draw()
    assert mode.overlay == "biome"
    app.key_down(pygame.K_TAB)
    app.key_down(pygame.K_5)  # still changeable after a close and reopen
    assert mode.overlay == "rivers"


def test_esc_in_a_top_level_mode_asks_before_quitting(app):
    """The first Esc asks; any other key keeps playing; Esc (or Y) then quits."""
    mode = app.switch("dungeon")
    app.key_down(pygame.K_ESCAPE)
    assert app.running and app.confirm_quit
    clock = mode.state.time
    app.update(1.0)
    assert mode.state.time == clock  # the question pauses the game
    app.draw()  # the question is drawn over the game
    app.key_down(pygame.K_RIGHT)
    assert app.running and not app.confirm_quit
    app.key_down(pygame.K_ESCAPE)
    app.key_down(pygame.K_y)
    assert not app.running


def test_the_hud_names_the_level_on_screen_while_the_next_one_is_made(app, monkeypatch):
    """After G the old level plays on; its seed and generator stay in the HUD and summary."""
    gate = threading.Event()
    real = gp.make_level

    def slow(seed, generator, difficulty, width=None):
        if generator == "gan":
            gate.wait(30)
        return real(seed, "classic", difficulty, width)

    monkeypatch.setattr(gp, "make_level", slow)
    mode = switch_ready(app, "platformer")
    app.key_down(pygame.K_g)
    assert mode.generator == "gan" and mode.pending is not None
    assert mode.shown()[:2] == (mode.seed, "classic")
    summary = mode.summary()
    assert summary is not None and summary.generator == "classic"
    gate.set()


def test_a_slow_first_level_shows_a_loading_screen_from_the_first_frame(app, monkeypatch):
    """Starting with a model generator: frame one names what is loading (not a black window),
    and the level starts when it is made."""
    gate = threading.Event()
    real = gp.make_level

    def slow(seed, generator, difficulty, width=None):
        gate.wait(30)
        return real(seed, "classic", difficulty, width)

    monkeypatch.setattr(gp, "make_level", slow)
    app.options["generator"] = "gan"
    mode = app.switch("platformer")
    assert not mode.ready and mode.level() is None and mode.summary() is None
    app.update(1 / 60)
    app.key_down(pygame.K_n)  # keys while loading do nothing harmful
    app.draw()
    assert colours(app.screen) > 20
    gate.set()
    app.worker.result(mode.pending)
    mode.update(1 / 60, Controls())
    assert mode.ready and mode.state.level is not None


def test_the_latent_panel_keeps_clear_of_the_inspector(app, monkeypatch):
    mode = switch_ready(app, "platformer")
    app.worker.result(mode._solve_key)  # the inspector's rows (and width) once the solver answered
    app.key_down(pygame.K_TAB)
    app.key_down(pygame.K_l)
    app.draw()
    assert mode.latent is not None
    assert mode.latent.rect.right <= app.inspector_rect(app.screen).left


def test_the_minimap_leaves_room_for_the_inspector_and_the_help_hint(app):
    """The minimap stays top right; the inspector opens below it, and the bottom-right
    "H: help" hint is never under either."""
    app.screen = pygame.Surface((1280, 720))
    mode = app.switch("overworld")
    app.key_down(pygame.K_TAB)
    app.draw()
    minimap = mode._minimap_rect(app.screen)
    inspector = app.inspector_rect(app.screen)
    assert minimap.top < 20 and not minimap.colliderect(inspector)
    size = 720 // 30
    hint = pygame.Rect(1280 - size * 4, 720 - size * 3 // 2, size * 4, size)
    assert not hint.colliderect(minimap) and not hint.colliderect(inspector)


def test_an_enemy_above_the_level_is_not_drawn_over_the_hud_bar(app):
    """Whatever flies above row 0 (a knocked-out walker) is clipped to the level area."""
    mode = switch_ready(app, "platformer")
    s = mode.state
    s.walkers.clear()
    s.particles.clear()
    mode.draw(app.screen)
    before = pygame.surfarray.array3d(app.screen).copy()
    hero = s.body
    s.walkers.append(Walker(hero.x + 3 * TS, -1.2 * TS, awake=True))
    mode.draw(app.screen)
    after = pygame.surfarray.array3d(app.screen)
    _, _, _, top = mode.view(app.screen)
    assert np.array_equal(before[:, :top], after[:, :top])
