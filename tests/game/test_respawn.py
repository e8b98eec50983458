"""No death trap at the start: respawn rules, and a person idling then running on real levels.

A walker patrolling the start used to kill an idle hero about once a second and keep a running
one there for good (``respawn`` put nearby walkers to sleep, but they never slept). Everything
here steps the game's own rules frame by frame at 1/60 s: no wall clock.
"""

from __future__ import annotations

import pytest

from procgen.levels.platformer import physics as phys
from procgen_viewer.platformer_state import (
    DYING_FRAMES,
    SAFE_FRAMES,
    TS,
    PlatformerState,
    make_level,
)
from tests.game.helpers import platformer_level

#: 30 s of idling, then 20 s of running, in game frames.
IDLE_FRAMES, RUN_FRAMES = 30 * 60, 20 * 60
#: "Past the start": clear of the walkers resting around the respawn point, by a tile.
PAST_START_TILES = 5


def run_right_with_jumps(state: PlatformerState, frames: int) -> float:
    """Hold right and jump; each life times its first jump and its hold differently (a person
    does not replay the very jump that killed them: they jump earlier or later, shorter or
    longer), then keeps a rhythm. Return the farthest tiles past the start."""
    best, life, lives = 0.0, 0, state.deaths
    for _ in range(frames):
        if state.deaths != lives:
            lives, life = state.deaths, 0
        first = 4 + 5 * (lives % 8)  # frames of run-up before the first jump
        hold = 6 + 6 * ((lives // 8) % 3)
        period = 30 + 7 * (lives % 5)
        if life < first + hold:
            jump = life >= first
        else:
            jump = (life - first - hold) % period < 18
        state.tick(False, True, jump)
        life += 1
        best = max(best, state.body.x / TS - state.start[0])
    return best


def idle_then_run(level) -> tuple[int, float]:
    state = PlatformerState(level)
    for _ in range(IDLE_FRAMES):
        state.tick(False, False, False)
    return state.deaths, run_right_with_jumps(state, RUN_FRAMES)


def test_a_respawned_hero_is_invulnerable_until_a_while_after_moving():
    """Right after a respawn a walker walks through an idle hero; once the hero moves it has
    SAFE_FRAMES of safety, then a walker's touch kills again."""
    state = PlatformerState(platformer_level(features=((12, 11, "E"),)))
    state.die()
    for _ in range(DYING_FRAMES):
        state.tick(False, False, False)
    assert state.deaths == 1 and state.invulnerable and state.waiting
    walker = state.walkers[0]
    # Put the walker right on the idle hero: no death, for as long as the hero stands still.
    walker.x, walker.resting = state.body.x + 4, False
    for _ in range(600):
        state.tick(False, False, False)
    assert state.deaths == 1 and state.invulnerable
    state.tick(False, False, True)  # the first key press starts the countdown
    for _ in range(SAFE_FRAMES):
        state.tick(False, False, False)
    assert not state.invulnerable
    walker.x, walker.y, walker.alive = state.body.x + 4, state.body.y, True
    state.body = phys.spawn_body(*state.start)
    for _ in range(10):
        state.tick(False, False, False)
    assert state.deaths == 2


def test_walkers_near_the_respawn_point_rest_until_the_hero_moves():
    """A walker within REST_DISTANCE of the respawn point holds still while the hero waits,
    and patrols again from the hero's first key press; one farther away keeps walking."""
    state = PlatformerState(platformer_level(features=((3, 11, "E"), (14, 11, "E"))))
    state.die()
    for _ in range(DYING_FRAMES):
        state.tick(False, False, False)
    near, far = state.walkers
    assert near.resting and not far.resting
    x_near, x_far = near.x, far.x
    for _ in range(120):
        state.tick(False, False, False)
    assert near.x == x_near and far.x != x_far
    state.tick(False, True, False)
    state.tick(False, False, False)
    assert not near.resting and near.x != x_near


def test_a_stomp_still_counts_while_invulnerable():
    """Invulnerability lets enemies pass through; landing on one still kills it."""
    state = PlatformerState(platformer_level(features=((10, 11, "E"),)))
    state.safe_frames, state.waiting = SAFE_FRAMES, False
    walker = state.walkers[0]
    state.body = phys.Body(walker.x, walker.y - 3 * TS, 0.0, 2.0, False)
    for _ in range(40):
        state.tick(False, False, False)
    assert not walker.alive


def _gate_levels(n: int) -> list[tuple[int, float]]:
    """(seed, difficulty) of the first ``n`` platformer gates of world 0, nearest first."""
    from procgen_viewer.chunks import make_chunk
    from procgen_viewer.overworld import gate_difficulty

    found: list[tuple[int, float]] = []
    for ring in range(8):
        for cx in range(-ring, ring + 1):
            for cy in range(-ring, ring + 1):
                if max(abs(cx), abs(cy)) != ring:
                    continue
                gate = make_chunk(0, cx, cy, "biome").gate
                if gate is not None and gate.kind == "platformer":
                    found.append((gate.seed, gate_difficulty(gate)))
                    if len(found) == n:
                        return found
    return found


LEVELS = [(gen, seed, diff) for gen in ("classic", "gan", "vae") for seed in range(4) for diff in (0.3, 0.5)]


@pytest.mark.parametrize(("generator", "seed", "difficulty"), LEVELS)
def test_idle_30_s_then_running_right_gets_past_the_start(generator, seed, difficulty):
    """On every generator's levels, standing still 30 s at the start dies at most once (a
    walker may reach you once; then you are safe until you move), and running right with
    jumps afterwards gets the hero past the start."""
    made = make_level(seed, generator, difficulty)
    assert made.level.generator["name"] == generator, made.notice  # the shipped model, not a fallback
    idle_deaths, best = idle_then_run(made.level)
    assert idle_deaths <= 1
    assert best >= PAST_START_TILES


def test_gate_levels_from_the_overworld_do_not_trap_the_hero_at_the_start():
    """The same for the platformer gates nearest the overworld's start (world seed 0)."""
    gates = _gate_levels(4)
    assert len(gates) == 4
    for seed, difficulty in gates:
        idle_deaths, best = idle_then_run(make_level(seed, "classic", difficulty).level)
        assert idle_deaths <= 1, (seed, difficulty)
        assert best >= PAST_START_TILES, (seed, difficulty)
