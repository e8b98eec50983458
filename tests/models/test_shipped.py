"""Loading level models: a checkpoint round trip, and refusal of corrupt or mismatched files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from procgen.errors import CheckpointError, ParamError
from procgen.models.checkpoint import save_checkpoint
from procgen.models.common import torch_generator
from procgen.models.data import room_domain
from procgen.models.gan import GANConfig, Generator, seeded_init
from procgen.models.shipped import load_level_model, model_name

CFG = GANConfig(height=9, width=13, channels=8, latent=4, base=4, critic_base=4)


def _save(folder: Path, vocabulary=None, name: str = "room-gan") -> Path:
    g = Generator(CFG)
    seeded_init(g, torch_generator(0, "test"))
    return save_checkpoint(g, folder / name, model=name, config=CFG.to_dict(),
                           vocabulary=vocabulary or room_domain().names)


def test_round_trip_gives_the_same_rooms(tmp_path: Path) -> None:
    _save(tmp_path)
    a = load_level_model("room-gan", tmp_path / "room-gan")
    z = a.prior(5, 7)
    (tmp_path / "copy").mkdir()
    for f in tmp_path.glob("room-gan.*"):
        (tmp_path / "copy" / f.name).write_bytes(f.read_bytes())
    b = load_level_model("room-gan", tmp_path / "copy" / "room-gan.json")
    assert np.array_equal(a.decode(z), b.decode(z))
    assert np.array_equal(a.prior(5, 7), z) and not np.array_equal(a.prior(5, 8), z)


def test_a_gan_temperature_scales_the_prior_and_its_absence_means_one(tmp_path: Path) -> None:
    """``config.temperature`` (set at ship time) spreads the GAN's latents; older checkpoints
    without it sample exactly as before."""
    path = _save(tmp_path)
    plain = load_level_model("room-gan", tmp_path).prior(6, 2)
    doc = json.loads(path.read_text())
    assert "temperature" in doc["config"]
    del doc["config"]["temperature"]
    path.write_text(json.dumps(doc))
    os.utime(path, ns=(1, 1))  # a new modification time: the loader's cache reloads
    assert np.array_equal(load_level_model("room-gan", tmp_path).prior(6, 2), plain)
    doc["config"]["temperature"] = 1.5
    path.write_text(json.dumps(doc))
    os.utime(path, ns=(2, 2))
    assert np.allclose(load_level_model("room-gan", tmp_path).prior(6, 2), 1.5 * plain)


def test_a_corrupt_weights_file_is_refused(tmp_path: Path) -> None:
    _save(tmp_path)
    w = tmp_path / "room-gan.safetensors"
    data = bytearray(w.read_bytes())
    data[-5] ^= 0xFF
    w.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="sha256"):
        load_level_model("room-gan", tmp_path / "room-gan")


def test_a_vocabulary_mismatch_is_refused(tmp_path: Path) -> None:
    names = room_domain().names
    _save(tmp_path, vocabulary=[*names[1:], names[0]])
    with pytest.raises(CheckpointError, match="vocabulary"):
        load_level_model("room-gan", tmp_path / "room-gan")


def test_a_config_that_does_not_match_the_weights_is_refused(tmp_path: Path) -> None:
    path = _save(tmp_path)
    doc = json.loads(path.read_text())
    doc["config"]["base"] = 6
    path.write_text(json.dumps(doc))
    with pytest.raises(CheckpointError, match="do not match"):
        load_level_model("room-gan", tmp_path / "room-gan")


def test_a_model_of_another_kind_is_refused(tmp_path: Path) -> None:
    _save(tmp_path, name="room-gan")
    (tmp_path / "room-gan.json").rename(tmp_path / "room-vae.json")
    with pytest.raises(CheckpointError, match="model"):
        load_level_model("room-vae", tmp_path / "room-vae")


def test_missing_checkpoint_and_bad_generator_names() -> None:
    with pytest.raises(CheckpointError, match="no such"):
        load_level_model("room-gan", "/nonexistent/room-gan")
    with pytest.raises(ParamError):
        model_name("room", "classic")


def test_the_format_1_fixture_checkpoint_still_loads() -> None:
    """An old checkpoint kept as a fixture: today's loader must rebuild and run it."""
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "room-gan"
    m = load_level_model("room-gan", fixture)
    rooms = m.decode(m.prior(4, 0))
    assert rooms.shape == (4, 9, 13)
    chars = m.domain.chars
    for ch in "ADK":  # player, door, key: exactly one each
        assert ((rooms == chars.index(ch)).sum(axis=(1, 2)) == 1).all()


@pytest.mark.parametrize("name", ["platformer-gan", "platformer-vae", "room-gan", "room-vae"])
def test_decoded_tiles_do_not_depend_on_the_batch_size_or_the_thread_count(name: str) -> None:
    """The searches decode a few latents at a time on one torch thread, the raw samplers many
    at once on torch's threads: the same latent gives the same tiles either way."""
    import torch

    m = load_level_model(name)
    z = m.prior(48, 3, "batch-invariance")
    whole = m.decode(z)
    threads = torch.get_num_threads()
    for size in (1, 4, 16):
        parts = np.concatenate([m.decode(z[i : i + size]) for i in range(0, len(z), size)])
        assert np.array_equal(parts, whole), size
    assert torch.get_num_threads() == threads  # the one-thread decode restores the setting


def test_the_shipped_platformer_vae_decodes_enemies_pipe_tops_and_cannon_tops_apart() -> None:
    """Its config names the point tiles found in its corpus; no raw window has two enemies side
    by side (the previous VAE's argmax did in 7.5% of these 200 windows)."""
    from procgen.models.platformer import sample_windows

    m = load_level_model("platformer-vae")
    assert {m.domain.names[c] for c in m.points} == {"enemy", "pipe-top-left", "pipe-top-right", "cannon-top"}
    w = sample_windows(200, 0, generator="vae")
    enemy = w == m.domain.names.index("enemy")
    assert enemy.sum() > 100
    assert not (enemy[:, :, 1:] & enemy[:, :, :-1]).any() and not (enemy[:, 1:] & enemy[:, :-1]).any()


def test_level_and_texture_models_share_one_cache_that_reloads_a_rewritten_file(tmp_path: Path) -> None:
    """A second load is the same object (weights read and copied for decoding once), for level
    and texture models alike; rewriting the config (a retrain into the same folder) reloads."""
    import os

    from procgen.models.texture import load_texture_model

    path = _save(tmp_path)
    first = load_level_model("room-gan", tmp_path)
    assert load_level_model("room-gan", tmp_path) is first
    assert load_texture_model("vae")[0] is load_texture_model("vae")[0]
    later = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(later, later))
    again = load_level_model("room-gan", tmp_path)
    assert again is not first and np.array_equal(again.decode(first.prior(3, 1)), first.decode(first.prior(3, 1)))
