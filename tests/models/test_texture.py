"""Texture model training, checkpoints, generation and blends (tiny models), and the shipped ones."""

import json
import shutil

import numpy as np
import pytest
import torch
from PIL import Image
from safetensors.torch import load_file

from procgen.errors import CheckpointError, ParamError
from procgen.models.common import trained_dir
from procgen.models.schedule import Schedule
from procgen.models.texture import (
    blend_tiles,
    generate_tiles,
    load_texture_model,
    texture_dataset,
)
from procgen.models.texture_gan import TextureGANConfig
from procgen.models.texture_vae import TextureVAEConfig
from procgen.models.train import train
from procgen.textures.atlas import build_atlas
from procgen.textures.materials import MATERIALS, synthesize
from procgen.textures.quality import FIDELITY_TARGET, SEAM_LIMIT, VARIETY_FLOOR, evaluate

TINY = Schedule(steps=4, batch=8, lr=1e-3, tiles_per_material=8, warmup=2)


@pytest.fixture(scope="module")
def tile_folder(tmp_path_factory):
    """A user's own tiles: PNG sheets named <material>_*.png (one 32x16 sheet = 2 tiles)."""
    folder = tmp_path_factory.mktemp("tiles")
    for m in ("sand", "grass"):
        for i in range(3):
            t = synthesize(m, i, 16, 2)
            Image.fromarray(np.concatenate(list(t), axis=1)).save(folder / f"{m}_{i}.png")
    return folder


def _train(kind, data, out, seed=0):
    cfg = TextureVAEConfig(width=8, latent=4) if kind == "texture-vae" else TextureGANConfig(width=8, d_width=8, latent=8, embed=4)
    return train(kind, data=data, out=out, epochs=None, device="cpu", seed=seed, schedule=TINY, config=cfg, progress=False)


@pytest.fixture(scope="module")
def tiny_models(tile_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("trained")
    return {k: _train(k, str(tile_folder), out) for k in ("texture-vae", "texture-gan")}


def test_folder_of_pngs_becomes_tiles_and_sorted_vocabulary(tile_folder):
    tiles, labels, names, prov = texture_dataset(str(tile_folder), 0, 8)
    assert names == ["grass", "sand"]
    assert tiles.shape == (12, 16, 16, 3) and np.bincount(labels).tolist() == [6, 6]
    assert prov["tiles"] == 12


def test_default_data_is_the_procedural_material_set():
    tiles, labels, names, prov = texture_dataset(None, 5, 4)
    assert names == list(MATERIALS) and tiles.shape == (4 * len(MATERIALS), 16, 16, 3)
    assert np.array_equal(tiles[:4], synthesize(MATERIALS[0], 5, 16, 4))
    assert prov["seed"] == 5 and "procedural" in prov["source"]


@pytest.mark.parametrize("kind", ["texture-vae", "texture-gan"])
def test_trainer_writes_a_checkpoint_with_provenance(tiny_models, kind):
    """The JSON records model, config, vocabulary, data, seed, wall time, metrics and torch version."""
    doc = json.loads(tiny_models[kind].read_text())
    assert doc["model"] == kind and doc["vocabulary"] == ["grass", "sand"]
    assert doc["config"]["materials"] == 2 and doc["seed"] == 0
    assert doc["data"]["tiles"] == 12 and doc["train_seconds"] >= 0
    assert doc["metrics"] and doc["torch_version"]
    assert tiny_models[kind].with_suffix(".safetensors").exists()


@pytest.mark.parametrize("kind", ["texture-vae", "texture-gan"])
def test_same_seed_trains_the_same_weights(tiny_models, tile_folder, tmp_path, kind):
    """Training is deterministic from the seed: identical tensors.

    (Tensors, not the file hash: safetensors writes its metadata keys in a random order.)
    """
    again = load_file(_train(kind, str(tile_folder), tmp_path).with_suffix(".safetensors"))
    first = load_file(tiny_models[kind].with_suffix(".safetensors"))
    assert again.keys() == first.keys()
    assert all(torch.equal(again[k], first[k]) for k in first)


@pytest.mark.parametrize("generator", ["vae", "gan"])
def test_generation_is_deterministic_and_conditional(tiny_models, generator):
    path = tiny_models[f"texture-{generator}"]
    a = generate_tiles(generator, "sand", seed=3, n=4, path=path)
    assert a.shape == (4, 16, 16, 3) and a.dtype == np.uint8
    assert np.array_equal(a, generate_tiles(generator, "sand", seed=3, n=4, path=path))
    big = generate_tiles(generator, "sand", seed=3, n=4, size=32, path=path)
    assert np.array_equal(big[:, ::2, ::2], a)
    with pytest.raises(ParamError, match="^material"):
        generate_tiles(generator, "lava", seed=3, path=path)  # not in this model's vocabulary


def test_blend_runs_from_one_material_to_the_other(tiny_models):
    path = tiny_models["texture-vae"]
    strip = blend_tiles("grass", "sand", [0.0, 0.5, 1.0], seed=1, path=path)
    assert strip.shape == (3, 16, 16, 3)
    assert np.array_equal(strip[0], generate_tiles("vae", "grass", seed=1, n=1, path=path)[0])
    assert np.array_equal(strip[2], generate_tiles("vae", "sand", seed=1, n=1, path=path)[0])
    with pytest.raises(ParamError, match="^t:"):
        blend_tiles("grass", "sand", [1.5], seed=1, path=path)


def test_corrupt_or_missing_checkpoints_raise_checkpoint_error(tiny_models, tmp_path):
    """A flipped byte, a missing file, or the other model's checkpoint: CheckpointError, never a crash."""
    src = tiny_models["texture-vae"]
    for ext in (".json", ".safetensors"):
        shutil.copy(src.with_suffix(ext), tmp_path / f"texture-vae{ext}")
    weights = tmp_path / "texture-vae.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="sha256"):
        load_texture_model("vae", tmp_path / "texture-vae")
    with pytest.raises(CheckpointError, match="no such"):
        load_texture_model("vae", tmp_path / "nothing-here")
    with pytest.raises(CheckpointError, match="model"):
        load_texture_model("gan", src)


def test_config_that_does_not_match_the_weights_is_refused(tiny_models, tmp_path):
    src = tiny_models["texture-gan"]
    shutil.copy(src.with_suffix(".safetensors"), tmp_path / "texture-gan.safetensors")
    doc = json.loads(src.read_text())
    doc["config"]["width"] = 12
    (tmp_path / "texture-gan.json").write_text(json.dumps(doc))
    with pytest.raises(CheckpointError, match="do not match"):
        load_texture_model("gan", tmp_path / "texture-gan")


def test_atlas_with_no_trained_models_raises_checkpoint_error(tmp_path, monkeypatch):
    """The caller (game, CLI) gets a CheckpointError and can fall back to procedural tiles."""
    monkeypatch.setenv("PROCGEN_TRAINED", str(tmp_path))
    with pytest.raises(CheckpointError):
        build_atlas(["grass"], variants=2, generator="gan")


@pytest.mark.parametrize(
    ("data", "match"),
    [("missing-folder", "not a folder"), ("empty", "no PNG"), ("badname", "name must be"), ("badsize", "multiples of 16")],
)
def test_bad_training_data_is_a_param_error(tmp_path, data, match):
    folder = tmp_path / "d"
    if data != "missing-folder":
        folder.mkdir()
    if data == "badname":
        Image.fromarray(synthesize("grass", 0)[0]).save(folder / "grass.png")
    if data == "badsize":
        Image.fromarray(np.zeros((10, 16, 3), np.uint8)).save(folder / "grass_1.png")
    with pytest.raises(ParamError, match=match):
        train("texture-vae", data=str(folder), out=tmp_path / "o", epochs=1, device="cpu", seed=0)


# -- the shipped models ---------------------------------------------------------------------------


@pytest.mark.parametrize("generator", ["vae", "gan"])
def test_shipped_model_meets_the_quality_targets(generator):
    """Seamless (<= 1.1), recognizably its material (>= 90%), varied, no identical variants."""
    assert (trained_dir() / f"texture-{generator}.safetensors").exists()
    report, _ = evaluate(generator, n=32, seed=0)
    assert max(report.seam.values()) <= SEAM_LIMIT, report.table()
    assert np.mean(list(report.fidelity.values())) >= FIDELITY_TARGET, report.table()
    assert min(v[0] for v in report.variety.values()) > VARIETY_FLOOR, report.table()
    assert not any(report.identical.values()), report.table()


@pytest.mark.parametrize("generator", ["vae", "gan"])
def test_shipped_model_atlas_is_deterministic(generator):
    a = build_atlas(["grass", "snow"], variants=4, seed=9, generator=generator)
    b = build_atlas(["grass", "snow"], variants=4, seed=9, generator=generator)
    assert np.array_equal(a.image, b.image) and a.image.shape == (32, 64, 3)


def test_shipped_vae_blends_grass_into_snow():
    """Halfway along the latent path the tile is between grass and snow in brightness."""
    strip = blend_tiles("grass", "snow", [0.0, 0.5, 1.0], seed=0).astype(float)
    lum = strip.mean(axis=(1, 2, 3))
    assert lum[0] < lum[1] < lum[2]
