"""Checkpoints: safetensors + JSON round trip, and refusal of corrupt or mismatched files."""

import json

import pytest
import torch
from torch import nn

from procgen.errors import CheckpointError
from procgen.models.checkpoint import load_checkpoint, read_config, save_checkpoint


def build(config):
    return nn.Sequential(nn.Linear(config["inputs"], config["hidden"]), nn.ReLU(), nn.Linear(config["hidden"], 2))


@pytest.fixture
def saved(tmp_path):
    g = torch.Generator().manual_seed(0)
    module = build({"inputs": 4, "hidden": 8})
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=g))
    path = save_checkpoint(module, tmp_path / "m", model="toy", config={"inputs": 4, "hidden": 8},
                           vocabulary=["a", "b"], seed=3, data="unit test")
    return module, path


def test_round_trip_restores_identical_outputs(saved):
    module, path = saved
    loaded, doc = load_checkpoint(path, build, model="toy", vocabulary=["a", "b"])
    x = torch.ones(3, 4)
    assert torch.equal(module(x), loaded(x))
    assert doc["seed"] == 3 and doc["parameters"] == 4 * 8 + 8 + 8 * 2 + 2
    assert path.with_suffix(".safetensors").exists()


def test_flipped_weight_byte_is_refused_by_the_hash(saved):
    _, path = saved
    weights = path.with_suffix(".safetensors")
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="sha256 does not match"):
        load_checkpoint(path, build)


def test_truncated_weights_with_a_matching_hash_are_refused(saved):
    """An attacker who rewrites the hash still cannot make a truncated file load."""
    _, path = saved
    weights = path.with_suffix(".safetensors")
    weights.write_bytes(weights.read_bytes()[:40])
    doc = json.loads(path.read_text())
    import hashlib

    doc["sha256"] = hashlib.sha256(weights.read_bytes()).hexdigest()
    path.write_text(json.dumps(doc))
    with pytest.raises(CheckpointError, match="not a readable safetensors file"):
        load_checkpoint(path, build)


def test_config_that_does_not_match_the_weights_is_refused(saved):
    _, path = saved
    doc = json.loads(path.read_text())
    doc["config"]["hidden"] = 16
    path.write_text(json.dumps(doc))
    with pytest.raises(CheckpointError, match="weights do not match the config"):
        load_checkpoint(path, build)


def test_wrong_model_or_vocabulary_is_refused(saved):
    _, path = saved
    with pytest.raises(CheckpointError, match="model: is 'toy', expected 'room-gan'"):
        load_checkpoint(path, build, model="room-gan")
    with pytest.raises(CheckpointError, match="vocabulary"):
        load_checkpoint(path, build, vocabulary=["a", "c"])


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": "pickle"}', '{"format": "procgen-checkpoint"}'])
def test_malformed_configs_are_refused(tmp_path, text):
    (tmp_path / "m.json").write_text(text)
    with pytest.raises(CheckpointError, match="m.json"):
        read_config(tmp_path / "m.json")


def test_a_pickle_is_never_loaded(tmp_path, saved):
    """A pickled module in place of the weights is rejected before anything is unpickled."""
    module, path = saved
    weights = path.with_suffix(".safetensors")
    import pickle

    weights.write_bytes(pickle.dumps({"weight": [1, 2, 3]}))
    with pytest.raises(CheckpointError):
        load_checkpoint(path, build)


def test_missing_files_are_named(tmp_path):
    with pytest.raises(CheckpointError, match="no such checkpoint config"):
        read_config(tmp_path / "nothing")


def test_same_weights_give_the_same_bytes(tmp_path, saved):
    """Saving is deterministic, so a retrained model with equal weights has an equal sha256."""
    module, path = saved
    hashes = set()
    for i in range(12):
        again = save_checkpoint(module, tmp_path / f"copy{i}", model="toy", config={"inputs": 4, "hidden": 8},
                                vocabulary=["a", "b"])
        hashes.add(json.loads(again.read_text())["sha256"])
    assert hashes == {json.loads(path.read_text())["sha256"]}
