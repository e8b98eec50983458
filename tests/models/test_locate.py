"""Where checkpoints are found: a given path, the models chosen for a run, $PROCGEN_TRAINED, shipped."""

import json
import shutil
from pathlib import Path

import pytest

from procgen.errors import CheckpointError
from procgen.models.locate import (
    ENV,
    checkpoint_path,
    model_of,
    shipped_dir,
    trained_dir,
    using_models,
)


def _copy(name: str, folder: Path) -> Path:
    """A shipped checkpoint copied into ``folder`` (as `procgen train --out folder` lays it out)."""
    folder.mkdir(parents=True, exist_ok=True)
    for ext in (".json", ".safetensors"):
        shutil.copy(shipped_dir() / f"{name}{ext}", folder / f"{name}{ext}")
    return folder / name


def test_shipped_folder_holds_every_model_the_manifest_lists(monkeypatch):
    """Found without any setting (in a checkout: trained/; installed: procgen/trained/)."""
    monkeypatch.delenv(ENV, raising=False)
    manifest = json.loads((shipped_dir() / "MANIFEST.json").read_text())
    names = list(manifest["models"])
    assert len(names) == 6, names
    for name in names:
        assert model_of(shipped_dir() / f"{name}.json") == name
        assert checkpoint_path(name) == shipped_dir() / name


def test_environment_variable_replaces_the_shipped_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, str(tmp_path))
    assert trained_dir() == tmp_path
    assert checkpoint_path("room-vae") == tmp_path / "room-vae"


def test_a_folder_given_as_model_means_its_NAME_json(tmp_path):
    _copy("room-gan", tmp_path)
    assert checkpoint_path("room-gan", tmp_path) == tmp_path / "room-gan"
    assert checkpoint_path("room-gan", str(tmp_path / "room-gan.json")) == tmp_path / "room-gan.json"


def test_a_folder_without_the_model_names_the_folder_and_what_it_holds(tmp_path):
    """A typo never silently falls back to the shipped model."""
    _copy("room-gan", tmp_path)
    with pytest.raises(CheckpointError, match=r"no room-vae\.json in this folder \(it holds room-gan\)"):
        checkpoint_path("room-vae", tmp_path)
    with pytest.raises(CheckpointError, match="it holds no checkpoints"):
        checkpoint_path("room-vae", tmp_path / "..")  # a folder of folders


def test_model_of_reads_only_procgen_checkpoint_configs(tmp_path):
    assert model_of(shipped_dir() / "platformer-vae.json") == "platformer-vae"
    assert model_of(shipped_dir() / "platformer-vae") == "platformer-vae"  # the stem works too
    assert model_of(shipped_dir() / "MANIFEST.json") is None
    (tmp_path / "x.json").write_text('{"model": "room-gan"}')  # no checkpoint format field
    assert model_of(tmp_path / "x.json") is None
    assert model_of(tmp_path / "missing.json") is None


def test_chosen_folder_overrides_only_the_models_it_holds(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    _copy("platformer-gan", tmp_path)
    with using_models(tmp_path):
        assert checkpoint_path("platformer-gan") == tmp_path / "platformer-gan"
        assert checkpoint_path("room-vae") == shipped_dir() / "room-vae"
        # A path the caller gives still wins over the run's choice.
        assert checkpoint_path("platformer-gan", shipped_dir()) == shipped_dir() / "platformer-gan"
    assert checkpoint_path("platformer-gan") == shipped_dir() / "platformer-gan"


def test_chosen_config_file_overrides_the_model_it_names(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    stem = _copy("texture-vae", tmp_path)
    renamed = tmp_path / "my-tiles.json"
    stem.with_suffix(".json").rename(renamed)  # a user may name the file as they like
    with using_models(renamed):
        assert checkpoint_path("texture-vae") == renamed
        assert checkpoint_path("texture-gan") == shipped_dir() / "texture-gan"


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda p: p / "missing", "no such checkpoint config or folder"),
        (lambda p: p, "no checkpoint configs"),
        (lambda p: (p / "a.json").write_text("{}") and p / "a.json", "not a procgen checkpoint config"),
    ],
)
def test_choosing_a_path_without_checkpoints_is_a_checkpoint_error(tmp_path, make, match):
    with pytest.raises(CheckpointError, match=match), using_models(make(tmp_path)):
        pass
