"""The command line: headless runs of every mode, screenshots, export, errors, fallbacks."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from procgen.level import Level
from procgen_viewer.main import main, parse_script


def shot(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


def assert_not_blank(img: np.ndarray) -> None:
    """A real frame: many distinct colours, not one flat fill."""
    assert img.shape[2] == 3
    colours = np.unique(img.reshape(-1, 3)[::37], axis=0)
    assert len(colours) > 20, f"only {len(colours)} colours: a blank screen"


@pytest.mark.parametrize(
    ("mode", "script"),
    [
        ("platformer", "right*40,right+space*20,right*30"),
        ("overworld", "right*30,down*30,-*1,*20"),
        ("dungeon", "right*20,down*20,left*20"),
    ],
)
def test_each_mode_runs_headless_with_scripted_keys_and_saves_a_screenshot(tmp_path, mode, script):
    out = tmp_path / f"{mode}.png"
    rc = main(["--mode", mode, "--seed", "2", "--frames", "90", "--script", script,
               "--size", "480x270", "--screenshot", str(out), "--export-dir", str(tmp_path)])
    assert rc == 0
    img = shot(out)
    assert img.shape == (270, 480, 3)
    assert_not_blank(img)


def test_autoplay_with_the_inspector_open_runs_and_draws(tmp_path):
    out = tmp_path / "bot.png"
    rc = main(["--mode", "platformer", "--seed", "1", "--frames", "240", "--autoplay", "--inspector",
               "--size", "640x360", "--screenshot", str(out)])
    assert rc == 0
    assert_not_blank(shot(out))


def test_the_export_key_writes_valid_json_tiled_and_png(tmp_path):
    """E writes level.json (loads back), level.tmj (Tiled JSON with its tileset) and a PNG."""
    rc = main(["--mode", "dungeon", "--seed", "4", "--frames", "3", "--script", "*1,e*1",
               "--size", "320x180", "--export-dir", str(tmp_path)])
    assert rc == 0
    [folder] = [p for p in tmp_path.iterdir() if p.is_dir()]
    level = Level.load(folder / "level.json")
    assert level.kind == "dungeon" and level.seed == 4
    tmj = json.loads((folder / "level.tmj").read_text())
    assert tmj["width"] == level.width and tmj["layers"][0]["type"] == "tilelayer"
    assert (folder / json.loads((folder / "level.tmj").read_text())["tilesets"][0]["source"]).exists()
    assert Image.open(folder / "level.png").size == (level.width * 4, level.height * 4)


def test_f12_saves_a_screenshot_into_the_export_folder(tmp_path):
    rc = main(["--mode", "dungeon", "--frames", "3", "--script", "*1,f12*1", "--size", "320x180",
               "--export-dir", str(tmp_path)])
    assert rc == 0
    [png] = tmp_path.glob("screenshot-dungeon-*.png")
    assert_not_blank(shot(png))


def test_a_missing_model_falls_back_to_classic_and_the_game_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("PROCGEN_TRAINED", str(tmp_path / "empty"))
    out = tmp_path / "gan.png"
    rc = main(["--mode", "platformer", "--generator", "gan", "--frames", "5", "--size", "480x270",
               "--screenshot", str(out)])
    assert rc == 0
    assert_not_blank(shot(out))


@pytest.mark.parametrize(
    "argv",
    [
        ["--mode", "space"],
        ["--frames", "0"],
        ["--difficulty", "2"],
        ["--size", "10x10"],
        ["--seed", "-1"],
        ["--frames", "1", "--script", "warp*3"],
        ["--mode", "dungeon", "--rooms", "0", "--frames", "1"],
    ],
)
def test_bad_arguments_exit_with_status_2_and_one_line(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err and "Traceback" not in err


def test_a_screenshot_into_a_missing_folder_is_a_user_error(tmp_path, capsys):
    rc = main(["--mode", "dungeon", "--frames", "1", "--size", "320x180",
               "--screenshot", str(tmp_path / "no" / "such" / "shot.png")])
    assert rc == 2


def test_scripts_hold_keys_for_the_given_frames():
    import pygame

    script = parse_script("right*3,right+space*2,*4")
    assert [(sorted(k), n) for k, n in script] == [
        ([pygame.K_RIGHT], 3), (sorted([pygame.K_RIGHT, pygame.K_SPACE]), 2), ([], 4)
    ]


def test_python_dash_m_game_and_procgen_play_reach_the_same_main(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "m.png"
    r = subprocess.run([sys.executable, "-m", "game", "--mode", "dungeon", "--frames", "2",
                        "--size", "320x180", "--screenshot", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert out.exists()
