"""The viewer is the package procgen_viewer (the checkout's game/ folder); `procgen play` starts it."""

import sys
from pathlib import Path

import pytest

import procgen
import procgen.launch as launch
from procgen.cli import main


def test_viewer_is_this_checkouts_game_folder_under_its_installed_name():
    viewer = launch.viewer_package()
    assert viewer.__name__ == "procgen_viewer"
    assert Path(viewer.__file__).parent == Path(procgen.__file__).parents[1] / "game"
    assert sys.modules["procgen_viewer"] is viewer


def test_loading_the_viewer_never_imports_a_top_level_game(monkeypatch):
    """A user's own `game` module is neither shadowed nor used."""
    for name in [m for m in sys.modules if m == "procgen_viewer" or m.startswith("procgen_viewer.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "game", None)  # importing `game` would now fail
    viewer = launch.viewer_package()
    __import__("procgen_viewer.main")
    assert viewer.__name__ == "procgen_viewer"


def test_an_unrelated_game_folder_beside_procgen_is_not_the_viewer(tmp_path, monkeypatch):
    (tmp_path / "game").mkdir()
    (tmp_path / "game" / "__init__.py").write_text("")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "someone-else"\n')
    monkeypatch.setattr(launch, "_REPO", tmp_path)
    assert launch.checkout_viewer() is None
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "procgen-forge"\n')
    assert launch.checkout_viewer() == tmp_path / "game"


@pytest.mark.parametrize(
    ("argv", "model", "rest"),
    [
        (["--mode", "dungeon", "--model", "m/x.json", "--frames", "2"], "m/x.json", ["--mode", "dungeon", "--frames", "2"]),
        (["--model=dir"], "dir", []),
        (["--seed", "3"], None, ["--seed", "3"]),
    ],
)
def test_model_is_taken_out_of_the_viewers_arguments(argv, model, rest):
    assert launch._take_model(argv) == (model, rest)


def test_play_help_mentions_model(capsys):
    assert main(["play", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--mode" in out and "--model PATH" in out


def test_play_model_without_a_path_is_one_line(capsys):
    assert main(["play", "--model"]) == 2
    assert capsys.readouterr().err.startswith("procgen: error: --model: expected")
