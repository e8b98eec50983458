"""Cannon bullets in the solver's plan: the timing model, its verdicts, and the bot keeping to it."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procgen.level import Level
from procgen.levels.platformer import physics as phys
from procgen.levels.platformer.bot import play
from procgen.levels.platformer.bullets import PERIOD, lanes, safe_phases
from procgen.levels.platformer.corpus import corpus_levels
from procgen.levels.platformer.enemies import Bullet, move_bullet, touch
from procgen.levels.platformer.repair import repair
from procgen.levels.platformer.solver import solve
from procgen.levels.platformer.tiles import LEGEND

TS = phys.PHYSICS.tile_size


def brute_force_safe_phases(xs, ys, all_lanes, solid):
    """The model by hand, with the game's own bullet flight and touch rule: every lane fires
    on every multiple of PERIOD, long before the run starts; a phase is safe when no bullet
    touches the hero on any frame of the run."""
    ok = np.ones(PERIOD, dtype=bool)
    warmup = 2 * PERIOD  # longer than any bullet here lives (20 tiles: 214 frames)
    for p in range(PERIOD):
        bullets: list[Bullet] = []
        for t in range(p - warmup, p + xs.size):  # frame numbers (negative: before the run)
            if t % PERIOD == 0:
                bullets += [Bullet(ln.x0, ln.row * TS + 1.0, ln.vx) for ln in all_lanes]
            for b in bullets:
                move_bullet(b, solid, b.x)  # no distance limit: the model's bullets never expire
            bullets = [b for b in bullets if b.alive]
            i = t - p
            if i >= 0 and any(touch(phys.Body(float(xs[i]), float(ys[i])), b.x, b.y)[0] for b in bullets):
                ok[p] = False
                break
    return ok


@given(
    width=st.integers(12, 20),
    cannon=st.integers(2, 9),
    walls=st.lists(st.integers(0, 19), max_size=3),
    start=st.integers(0, 19),
    steps=st.lists(st.sampled_from([-2.0, 0.0, 2.0]), min_size=1, max_size=40),
    lift=st.lists(st.integers(-24, 24), min_size=1, max_size=40),
)
def test_safe_phases_agree_with_the_games_bullets_frame_by_frame(width, cannon, walls, start, steps, lift):
    """The interval arithmetic of safe_phases gives exactly the phases a frame-by-frame run of
    the game's bullets (enemies.move_bullet, enemies.touch) leaves clear."""
    solid = np.zeros((6, width), dtype=bool)
    solid[5] = True
    solid[4, min(cannon, width - 1)] = True
    for w in walls:
        if w < width and w != cannon:
            solid[4, w] = True
    all_lanes = lanes(solid, [(min(cannon, width - 1), 4)])
    xs = min(start, width - 2) * TS + 2 + np.cumsum(steps)
    ys = 4 * TS + 2 + np.resize(np.asarray(lift, dtype=np.float64), xs.size)
    assert (safe_phases(xs, ys, all_lanes) == brute_force_safe_phases(xs, ys, all_lanes, solid)).all()


def corridor(length: int, cannon: bool = True, width: int = 48) -> Level:
    """Flat floor; a one-tile step at column 3; from column 6 a corridor ``length`` tiles long,
    one tile high and closed above up to the sky; a one-tile cannon two columns past its end
    fires back down it."""
    rows = [["-"] * width for _ in range(14)]
    for x in range(width):
        rows[12][x] = rows[13][x] = "X"
    rows[11][3] = "X"
    for x in range(6, 6 + length):
        for y in range(11):
            rows[y][x] = "X"
    if cannon:
        rows[11][6 + length + 1] = "B"
    return Level.from_rows("platformer", ["".join(r) for r in rows], LEGEND)


def test_a_long_corridor_a_cannon_fires_down_is_unplayable_and_the_verdict_names_the_cannon():
    """Twenty tiles of corridor take longer to walk than the gap between two bullets, and
    there is no room to jump one: no start time gets through."""
    sol = solve(corridor(20))
    assert not sol.playable
    assert "cannon bullets" in sol.stats["reason"] and sol.stats["cannon"] == (27, 11)
    assert solve(corridor(20, cannon=False)).playable


def test_a_short_corridor_is_passed_between_two_bullets_and_the_bot_keeps_the_timing():
    level = corridor(4)
    sol = solve(level)
    assert sol.playable and sol.departures, "the run through the corridor is timed"
    run = play(level, sol)  # the cannon fires by the game's rules
    assert run.finished, run.reason


def test_repair_removes_a_cannon_whose_bullets_leave_no_gap():
    fixed = repair(corridor(20))
    assert fixed.stats["playable"] and not (fixed.grid == ord("B")).any()


@pytest.mark.parametrize("index", [10, 12, 17])  # examples 11, 13, 18
def test_the_timed_plan_passes_the_cannons_where_the_same_path_untimed_is_shot(index):
    """The bot waits on a safe tile for the phase the solver found; played at once instead,
    the same moves meet a bullet (so the timing is what makes these levels finishable)."""
    level = corpus_levels()[index]
    sol = solve(level)
    assert play(level, sol).finished
    sol.departures = {}
    untimed = play(level, sol)
    assert not untimed.finished and "bullet" in untimed.reason


def test_a_plan_from_a_tile_in_a_lane_depends_on_the_clock_it_sets_off_on():
    """A bot planning again mid-level between cannons cannot wait there for a gap: the solver
    times that first run from the clock it is handed. On the level's first frame no cannon
    has fired yet; 20 frames before a firing, the bullet meets the hero walking to the
    cannon, and no plan gets past it."""
    rows = [["-"] * 30 for _ in range(14)]
    rows[12] = rows[13] = ["X"] * 30
    rows[11][8] = "B"  # the hero starts at column 0, in this cannon's line of fire
    level = Level.from_rows("platformer", ["".join(r) for r in rows], LEGEND)
    assert solve(level).playable and solve(level, start_clock=1).playable
    late = solve(level, start_clock=2 * PERIOD - 20)
    assert not late.playable
    assert late.stats["cannon"] == (8, 11) and "cannon bullets" in late.stats["reason"]


@pytest.mark.parametrize(("seed", "difficulty", "style"), [(0, 0.6, "fortress"), (8, 0.8, "fortress"), (3, 0.9, "overground")])
def test_all_runs_laid_out_at_once_are_the_move_by_move_replay_frame_for_frame(seed, difficulty, style):
    """The solver times every run past cannons from one numpy layout of all its moves, with
    a stomp's frames before the walker taken from its template; the move-by-move replay (the
    reference, every stomp simulated in full) gives the very same positions, for runs of any
    length cut anywhere on the path, stomps and the walk to the goal included."""
    from procgen.levels.platformer.bullets import _run_trajectories, _run_trajectory
    from procgen.levels.platformer.generate import generate
    from procgen.levels.platformer.solver import SOLID, tile_codes

    level = generate(seed, width=120, difficulty=difficulty, style=style)
    sol = solve(level)
    assert sol.playable and any(a == "stomp" for _, _, a in sol.path)
    solid = tile_codes(level) == SOLID
    for length in (1, 3, 7, len(sol.moves)):
        bounds = [(a, min(a + length, len(sol.moves))) for a in range(0, len(sol.moves), length)]
        laid_out = _run_trajectories(solid, sol.path, sol.moves, bounds, {})
        for (a, b), (xs, ys, ends) in zip(bounds, laid_out, strict=True):
            ref_x, ref_y, ref_ends = _run_trajectory(solid, sol.path, sol.moves, a, b)
            assert np.array_equal(xs, ref_x) and np.array_equal(ys, ref_y) and list(ends) == list(ref_ends)


def first_hit_by_hand(which, first, count, lane, ends, n_frames, a, first_frame=None):
    """The blocked move, frame by frame: mark each interval's phases bad in turn (frames in
    order, intervals as listed); the move where no phase the run may start on is left."""
    bad = np.zeros(PERIOD, dtype=bool)
    if first_frame is not None:
        bad[np.arange(PERIOD) != first_frame % PERIOD] = True
    f, culprit = n_frames - 1, 0
    for f in np.unique(which).tolist():
        for i in np.nonzero(which == f)[0].tolist():
            bad[np.arange(first[i], first[i] + count[i]) % PERIOD] = True
            culprit = int(lane[i])
            if bad.all():
                break
        if bad.all():
            break
    return a + min(int(np.searchsorted(np.asarray(ends), f, side="right")), len(ends) - 1), culprit


@given(
    hits=st.lists(st.tuples(st.integers(0, 59), st.integers(0, PERIOD - 1), st.integers(1, PERIOD), st.integers(0, 2)),
                  max_size=60),
    cuts=st.lists(st.integers(1, 59), min_size=1, max_size=6, unique=True),
    first_frame=st.one_of(st.none(), st.integers(1, 3 * PERIOD)),
)
def test_the_blocked_move_and_its_cannon_are_the_frame_by_frame_answer(hits, cuts, first_frame):
    """Where a run past cannons is caught (the move, and the cannon that fired) is worked out
    with numpy over all bad intervals at once: the same answer as marking them frame by frame."""
    from procgen.levels.platformer.bullets import Lane, _first_hit_move

    all_lanes = [Lane(c, 11, 0.0, 1.5, 0, 1) for c in (5, 9, 14)]
    arr = np.array(hits, dtype=np.int64).reshape(-1, 4)
    which, first, count, lane = arr.T
    ends = sorted(cuts)
    xs = np.zeros(60)
    move, cannon = _first_hit_move(xs, xs, ends, all_lanes, 3, first_frame, (which, first, count, lane))
    want_move, want_lane = first_hit_by_hand(which, first, count, lane, ends, 60, 3, first_frame)
    assert move == want_move and cannon == (all_lanes[want_lane].cannon, 11)
