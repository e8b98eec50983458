"""Choosing a trained model: ``model=`` in Python and ``--model PATH`` on the command line.

A checkpoint copied into a folder is laid out as ``procgen train --out`` writes it; a corrupt
copy (weights that no longer match their sha256) proves the chosen file is the one read.
"""

import re
import shlex
import shutil
from pathlib import Path

import numpy as np
import pytest

import procgen
import procgen.io
from procgen.cli import main
from procgen.errors import CheckpointError, ParamError
from procgen.models.locate import shipped_dir, using_models
from procgen.models.shipped import load_level_model
from procgen.textures.atlas import build_atlas


def _copy(names: list[str], folder: Path, *, corrupt: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(shipped_dir() / f"{name}.json", folder / f"{name}.json")
        weights = (shipped_dir() / f"{name}.safetensors").read_bytes()
        if corrupt:
            weights = weights[:-1] + bytes([weights[-1] ^ 0xFF])
        (folder / f"{name}.safetensors").write_bytes(weights)
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_model_folder_gives_the_same_platformer_as_the_same_shipped_checkpoint(tmp_path):
    mine = _copy(["platformer-gan"], tmp_path)
    a = procgen.generate("platformer", 4, generator="gan", width=40, model=mine)
    b = procgen.generate("platformer", 4, generator="gan", width=40)
    assert a.dumps() == b.dumps()


@pytest.mark.parametrize(
    ("kind", "generator", "name", "params"),
    [
        ("platformer", "gan", "platformer-gan", {"width": 40}),
        ("platformer", "vae", "platformer-vae", {"width": 40}),
        ("dungeon-room", "gan", "room-gan", {}),
        ("dungeon-room", "vae", "room-vae", {}),
        ("dungeon", "vae", "room-vae", {"rooms": 2}),
    ],
)
def test_model_keyword_is_the_checkpoint_read_for_every_kind_with_models(tmp_path, kind, generator, name, params):
    bad = _copy([name], tmp_path / "bad", corrupt=True)
    with pytest.raises(CheckpointError, match=f"{tmp_path}.*sha256 does not match"):
        procgen.generate(kind, 1, generator=generator, model=bad, **params)
    with pytest.raises(CheckpointError, match="sha256 does not match"):
        procgen.generate(kind, 1, generator=generator, model=bad / f"{name}.json", **params)


@pytest.mark.parametrize("kind", ["platformer", "dungeon-room", "dungeon"])
def test_model_with_the_classic_generator_is_a_param_error(kind):
    with pytest.raises(ParamError, match="^model: a checkpoint is for the gan and vae generators"):
        procgen.generate(kind, 1, model=shipped_dir())


def test_texture_atlas_reads_the_chosen_texture_model(tmp_path):
    bad = _copy(["texture-vae"], tmp_path, corrupt=True)
    with pytest.raises(CheckpointError, match=f"{tmp_path}.*sha256"):
        build_atlas(["grass"], variants=2, generator="vae", model=bad)
    good = _copy(["texture-gan"], tmp_path / "good")
    a = build_atlas(["grass"], variants=2, generator="gan", model=good).image
    assert np.array_equal(a, build_atlas(["grass"], variants=2, generator="gan").image)
    with pytest.raises(ParamError, match="^model: "):
        build_atlas(["grass"], variants=2, model=good)


def test_models_chosen_for_a_run_replace_the_shipped_ones_of_that_name(tmp_path):
    bad = _copy(["platformer-gan"], tmp_path, corrupt=True)
    with using_models(bad), pytest.raises(CheckpointError, match=str(tmp_path)):
        load_level_model("platformer-gan")
    assert load_level_model("platformer-gan").name == "platformer-gan"  # restored after the run


# -- the command line ------------------------------------------------------------------------------


def test_generate_and_batch_take_model(tmp_path, capsys):
    mine = _copy(["platformer-vae"], tmp_path / "mine")
    code, _, err = run(capsys, "generate", "platformer", "--generator", "vae", "--model", str(mine),
                       "--seed", "2", "--width", "40", "--out", str(tmp_path / "one.json"), "-q")
    assert code == 0, err
    code, _, err = run(capsys, "batch", "platformer", "--generator", "vae", "--model", str(mine),
                       "--seeds", "2:3", "--width", "40", "--workers", "1", "--out-dir", str(tmp_path / "b"), "-q")
    assert code == 0, err
    one, two = procgen.io.load(tmp_path / "one.json"), procgen.io.load(tmp_path / "b" / "platformer-2.json")
    assert one.generator["model"] == "platformer-vae" and one.dumps() == two.dumps()


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["generate", "platformer", "--model", "{bad}"], "model: a checkpoint is for the gan and vae"),
        (["generate", "dungeon-room", "--generator", "gan", "--model", "{bad}"], "{bad}.*sha256"),
        (["generate", "dungeon-room", "--generator", "vae", "--model", "{bad}"], r"no room-vae\.json in this folder"),
        (["batch", "dungeon", "--generator", "gan", "--model", "{bad}", "--seeds", "0:2", "--out-dir", "{tmp}/o"], "sha256"),
        (["eval", "dungeon-room", "--generator", "gan", "--n", "2", "--model", "{bad}"], "sha256"),
        (["eval", "textures", "--model", "{bad}"], "--model: a checkpoint is for --generator gan or vae"),
        (["textures", "--generator", "vae", "--materials", "grass", "--out", "{tmp}/a.png", "--model", "{bad}"],
         r"no texture-vae\.json"),
        (["play", "--model", "{tmp}/nowhere", "--frames", "1"], "no such checkpoint config or folder"),
    ],
)
def test_a_bad_model_choice_is_one_line_and_exit_2(tmp_path, capsys, argv, match):
    bad = _copy(["room-gan"], tmp_path / "bad", corrupt=True)
    fill = {"bad": str(bad), "tmp": str(tmp_path)}
    code, _, err = run(capsys, *(a.format(**fill) for a in argv))
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith("procgen: error: ")
    assert re.search(match.format(**fill), err), err
    assert not (tmp_path / "a.png").exists() and not list(tmp_path.glob("o/*"))  # nothing written


def test_play_uses_the_chosen_models(tmp_path, capsys):
    mine = _copy(["platformer-gan"], tmp_path)
    shot = tmp_path / "shot.png"
    code, _, err = run(capsys, "play", "--model", str(mine), "--generator", "gan", "--mode", "platformer",
                       "--frames", "2", "--size", "320x180", "--screenshot", str(shot))
    assert code == 0, err
    assert shot.stat().st_size > 0


def test_train_closes_with_a_command_that_uses_what_it_wrote(tmp_path, capsys, monkeypatch):
    """The closing line of `procgen train` works as printed (a tiny texture model stands in)."""
    import procgen.models.train as train_mod
    from procgen.models.schedule import Schedule
    from procgen.models.texture_vae import TextureVAEConfig

    real_train = train_mod.train

    def tiny_train(model, *, data, out, epochs, device, seed):
        return real_train(model, data=data, out=out, epochs=epochs, device=device, seed=seed, progress=False,
                          schedule=Schedule(steps=2, batch=8, lr=1e-3, tiles_per_material=4, warmup=1),
                          config=TextureVAEConfig(width=8, latent=4))

    monkeypatch.setattr(train_mod, "train", tiny_train)
    out = tmp_path / "my models"
    code, text, err = run(capsys, "train", "texture-vae", "--out", str(out))
    assert code == 0, err
    line = text.strip().splitlines()[-1]
    assert line.startswith("use it: procgen textures ") and f"model={str(out)!r}" in line, line
    argv = shlex.split(line.removeprefix("use it: procgen ").partition("  (Python:")[0])
    argv[argv.index("--out") + 1] = str(tmp_path / "atlas.png")
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    mine = build_atlas(["grass"], variants=2, generator="vae", model=out).image
    assert not np.array_equal(mine, build_atlas(["grass"], variants=2, generator="vae").image)
