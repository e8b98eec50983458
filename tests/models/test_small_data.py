"""Training on very little data (one level, a handful of rooms): the schedule ``procgen train``
picks for it, the augmented windows, what the checkpoint records, and the style its levels
keep to. Properties only, on tiny runs: the time and quality figures are measured by
``benchmarks/bench_one_level.py``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import procgen
from procgen.levels.dungeon.solver import solve_room
from procgen.levels.platformer.corpus import load_levels
from procgen.models import schedule as schedule_mod
from procgen.models.data import load_corpus, platformer_domain, room_domain
from procgen.models.gan import GANConfig
from procgen.models.schedule import SMALL_DATA_WINDOWS, schedule_for
from procgen.models.shipped import load_level_model
from procgen.models.train import train

EXAMPLES = Path(procgen.__file__).parent / "levels" / "platformer" / "examples"
ONE_LEVEL = EXAMPLES / "04-underground-halls.txt"
ROOMS = Path(procgen.__file__).parent / "levels" / "dungeon" / "rooms" / "mazes.txt"


def _five_rooms(folder: Path) -> Path:
    """The first five rooms of a shipped room file, legend line included: a user's file."""
    lines, rooms = [], 0
    for line in ROOMS.read_text().splitlines():
        rooms += line.startswith("room:")
        if rooms > 5:
            break
        lines.append(line)
    path = folder / "five.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("model", ["platformer-gan", "platformer-vae", "room-gan", "room-vae"])
def test_small_user_data_is_augmented_with_frequent_snapshots_and_says_so(model):
    small = schedule_for(model, None, 45, user_data=True)
    assert small.augment and small.fit.startswith("small data: 45 windows")
    assert small.steps <= schedule_mod.SMALL_DATA_STEPS.get(model, schedule_mod.MIN_USER_STEPS)  # never longer
    assert small.preview_every * 4 < small.steps  # more than the usual four snapshots to choose from
    assert small.compete_from == 0 and small.select_slack > 0  # from the first snapshot; near-ties go late
    big = schedule_for(model, None, SMALL_DATA_WINDOWS, user_data=True)
    assert not big.augment and big.fit.startswith("user data")
    assert not schedule_for(model, None, 45, user_data=False).augment  # the shipped corpus
    assert not schedule_for(model, 3, 45, user_data=True).augment  # --epochs: as asked


def test_with_slack_the_latest_snapshot_near_the_best_style_wins_among_the_playable():
    """Small data: early snapshots score a little closer on 2x2 patterns while lacking the
    level's enemies and pipes; a later one within the slack is kept, a farther one is not,
    and an unplayable one never."""
    from procgen.models.train import _select

    snaps = [(0.97, 0.41, 60, "early"), (0.99, 0.47, 150, "middle"), (0.95, 0.60, 210, "far"),
             (0.38, 0.40, 300, "broken")]
    assert _select(snaps)[3] == "early"
    assert _select(snaps, slack=0.2)[3] == "middle"
    assert _select(snaps, slack=0.5)[3] == "far"


def test_texture_models_never_take_the_small_data_schedule():
    assert not schedule_for("texture-vae", None, 10, user_data=True).augment


def test_one_level_augmented_is_a_window_at_every_column_judged_against_its_own_windows():
    dom = platformer_domain()
    plain = load_corpus(dom, ONE_LEVEL, filter_solver=False)
    more = load_corpus(dom, ONE_LEVEL, filter_solver=False, augment=True)
    width = load_levels(ONE_LEVEL)[0].width
    assert len(more.ids) == width - dom.width + 1 > 3 * len(plain.ids)
    assert np.array_equal(more.ids[0], plain.ids[0]) and np.array_equal(more.ids[4], plain.ids[1])
    assert np.array_equal(more.style, plain.ids)  # selection compares with the level's own windows
    assert "every column" in more.provenance["user"]["augmented"]
    assert "augmented" not in plain.provenance["user"]


def test_a_handful_of_rooms_augmented_is_each_room_mirrored_and_every_one_still_completable(tmp_path):
    dom = room_domain()
    data = _five_rooms(tmp_path)
    plain = load_corpus(dom, data)
    more = load_corpus(dom, data, augment=True)
    assert len(plain.ids) == 5 and len(more.ids) == 20
    assert np.array_equal(more.ids[5:10], plain.ids[:, :, ::-1])
    assert np.array_equal(more.ids[10:15], plain.ids[:, ::-1, :])
    assert all(solve_room(dom.level_of(r)).completable for r in more.ids)
    assert "mirrored" in more.provenance["user"]["augmented"]


@pytest.fixture(scope="module")
def one_level_model(tmp_path_factory) -> Path:
    """``procgen train platformer-gan --data ONE_LEVEL`` with its automatic schedule, made tiny
    (4 steps) by lowering the step rule's constants, not by handing it a schedule."""
    mp = pytest.MonkeyPatch()
    mp.setattr(schedule_mod, "MIN_USER_STEPS", 4)
    mp.setattr(schedule_mod, "STEPS_PER_WINDOW", 0)
    try:
        out = tmp_path_factory.mktemp("one-level")
        train("platformer-gan", data=str(ONE_LEVEL), out=str(out), progress=False,
              config=GANConfig(base=8, critic_base=8))
    finally:
        mp.undo()
    return out


def test_training_on_one_level_picks_the_small_data_schedule_and_records_it(one_level_model):
    doc = json.loads((one_level_model / "platformer-gan.json").read_text())
    training, user = doc["training"], doc["data"]["user"]
    assert training["steps"] == 4 and training["schedule"].startswith("small data:")
    assert training["preview_every"] == max(1, 4 // schedule_mod.SMALL_DATA_SNAPSHOTS)
    assert "every column" in user["augmented"]
    assert doc["data"]["count"] == user["kept"] > user["windows"]  # trained on more windows than cut at stride 4


def test_a_model_of_ones_own_levels_keeps_to_the_styles_its_samples_fit_not_the_corpus_mix(one_level_model):
    from procgen.levels.platformer.structure import corpus_profiles
    from procgen.models.platformer import own_styles

    m = load_level_model("platformer-gan", one_level_model)
    mix = own_styles(m)
    assert mix and set(mix) <= set(corpus_profiles())
    assert own_styles(load_level_model("platformer-gan")) is None  # the shipped model: the corpus mix
    for seed in range(3):
        level = procgen.generate("platformer", seed, generator="gan", width=60, model=one_level_model)
        assert level.stats["style"] in mix
