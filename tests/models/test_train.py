"""`procgen train`: dispatch, clear errors, a tiny run on a user's folder writes a loadable checkpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procgen.errors import ParamError
from procgen.models.gan import GANConfig
from procgen.models.shipped import load_level_model
from procgen.models.train import MODELS, Schedule, train
from procgen.models.vae import VAEConfig


def test_unknown_model_lists_the_models(tmp_path: Path) -> None:
    with pytest.raises(ParamError) as e:
        train("mario-transformer", data=None, out=str(tmp_path))
    for name in MODELS:
        assert name in str(e.value)


def test_missing_data_path_is_a_param_error(tmp_path: Path) -> None:
    with pytest.raises(ParamError, match="does not exist"):
        train("room-gan", data=str(tmp_path / "nope"), out=str(tmp_path))


def test_bad_device_is_a_param_error(tmp_path: Path) -> None:
    with pytest.raises(ParamError, match="device"):
        train("room-vae", data=None, out=str(tmp_path), device="tpu")


def _rooms(folder: Path) -> Path:
    room = ["WWWWWWDWWWWWW"] + ["WFFFFFFFFFFFW"] * 3 + ["WFFFFAFFKFFFW"] + ["WFFMFFFBFFFFW"] * 3 + ["WWWWWWWWWWWWW"]
    folder.mkdir()
    (folder / "rooms.txt").write_text("\n\n".join("\n".join(room) for _ in range(4)) + "\n")
    return folder


@pytest.mark.parametrize(("model", "config"), [
    ("room-gan", GANConfig(height=9, width=13, channels=8, latent=4, base=4, critic_base=4)),
    ("room-vae", VAEConfig(height=9, width=13, channels=8, latent=4, base=4)),
])
def test_a_tiny_run_on_user_rooms_writes_a_checkpoint_that_loads(tmp_path: Path, model: str, config) -> None:
    data = _rooms(tmp_path / "mine")
    out = tmp_path / "out"
    path = train(model, data=str(data), out=str(out), seed=1, progress=False,
                 schedule=Schedule(steps=4, batch=2, preview_every=2, warmup=2), config=config)
    doc = json.loads(path.read_text())
    assert doc["model"] == model and doc["training"]["seed"] == 1
    assert doc["data"]["user"]["files"] == [str(data / "rooms.txt")]
    assert (out / "previews").is_dir() and any((out / "previews").iterdir())
    if model == "room-gan":
        # Model selection saw the style (KL against the user's rooms) at every preview.
        kls = doc["training"]["style_kl_during_training"]
        assert [s for s, _ in kls] == [2, 4] and all(kl >= 0 for _, kl in kls)
        assert doc["training"]["selected_step"] in (2, 4)
    m = load_level_model(model, out / model)
    assert m.decode(m.prior(2, 0)).shape == (2, 9, 13)


def test_a_users_corpus_trains_for_a_number_of_steps_that_grows_with_its_size() -> None:
    """One level trains briefly (small data, tests/models/test_small_data.py), a few more
    levels longer, fifteen longer still, never longer than the shipped schedule; the shipped
    corpus and an explicit --epochs keep their own schedules."""
    from procgen.models.schedule import MIN_USER_STEPS, SCHEDULES, SMALL_DATA_STEPS
    from procgen.models.schedule import schedule_for as _schedule_for

    one, fifteen = _schedule_for("platformer-gan", None, 45, True), _schedule_for("platformer-gan", None, 750, True)
    few = _schedule_for("platformer-gan", None, 150, True)
    assert one.steps == SMALL_DATA_STEPS["platformer-gan"] < few.steps == MIN_USER_STEPS < fifteen.steps == 1500
    assert fifteen.steps < SCHEDULES["platformer-gan"].steps
    assert _schedule_for("platformer-gan", None, 10**6, True).steps == SCHEDULES["platformer-gan"].steps
    assert _schedule_for("platformer-gan", None, 45, False).steps == SCHEDULES["platformer-gan"].steps
    assert _schedule_for("platformer-gan", 3, 64, True).steps == 3 * (64 // 32)
    assert one.preview_every <= one.steps // 4 and one.warmup <= one.steps


def test_the_platformer_vae_trains_six_steps_per_window_of_a_users_corpus() -> None:
    """Its steps are cheap: 15 real-size levels (502 windows) train the shipped schedule's 3000
    steps, one level (45 windows) the minimum; the GAN keeps two per window."""
    from procgen.models.schedule import MIN_USER_STEPS, SCHEDULES
    from procgen.models.schedule import schedule_for as _schedule_for

    assert _schedule_for("platformer-vae", None, 502, True).steps == SCHEDULES["platformer-vae"].steps
    assert _schedule_for("platformer-vae", None, 45, True).steps == MIN_USER_STEPS
    assert _schedule_for("platformer-vae", None, 200, True).steps == 1200
    assert _schedule_for("platformer-gan", None, 502, True).steps == 1004
