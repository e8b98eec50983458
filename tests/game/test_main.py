"""The command line: headless runs of every mode, screenshots, export, errors, fallbacks."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

import procgen.io
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


def test_autoplay_with_the_inspector_open_runs_draws_and_reports_an_unfinished_bot(tmp_path, capsys):
    """240 frames are too few for the bot to finish: the screenshot is drawn, the summary says
    so and the exit status is 1."""
    out = tmp_path / "bot.png"
    rc = main(["--mode", "platformer", "--seed", "1", "--frames", "240", "--autoplay", "--inspector",
               "--size", "640x360", "--screenshot", str(out)])
    assert rc == 1
    assert_not_blank(shot(out))
    assert capsys.readouterr().out.splitlines()[-1] == (
        "procgen play: platformer seed 1 generator classic: 240 frames, 0 deaths, not finished, level time 4.0 s")


def test_the_readme_dungeon_bot_finishes_within_its_frames(tmp_path, capsys):
    """The README's headless dungeon example: the bot clears the dungeon, exit status 0."""
    rc = main(["--mode", "dungeon", "--seed", "9", "--frames", "1800", "--autoplay", "--size", "320x180",
               "--screenshot", str(tmp_path / "d.png")])
    line = capsys.readouterr().out.splitlines()[-1]
    assert rc == 0, line
    assert line.startswith("procgen play: dungeon seed 9 generator classic: 1800 frames, ") and ", finished, " in line


def test_every_headless_run_ends_with_one_summary_line(capsys):
    """Mode, seed, generator, frames, deaths, finished or not, level time: one line on stdout."""
    assert main(["--mode", "overworld", "--seed", "5", "--frames", "3", "--size", "320x180"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["procgen play: overworld seed 5 generator terrain: 3 frames, 0 deaths, nothing to finish, "
                   "level time 0.1 s"]


def test_a_script_without_frames_ends_when_the_script_ends(capsys):
    """--script alone runs headless for exactly the script's frames, then exits."""
    assert main(["--mode", "platformer", "--script", "right*20,*10", "--size", "320x180"]) == 0
    assert ": 30 frames, " in capsys.readouterr().out


def test_with_no_display_and_no_frames_the_game_says_how_to_run_headless(tmp_path):
    """No display: exit 2 at once with one line naming --frames, instead of running unseen."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    env["SDL_VIDEODRIVER"] = "offscreen"  # what SDL falls back to when it finds no display
    r = subprocess.run([sys.executable, "-m", "procgen", "play"], capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("procgen: error:")]
    assert len(lines) == 1 and "--frames" in lines[0]


def test_the_export_key_writes_valid_json_tiled_and_png(tmp_path):
    """E writes level.json (loads back), level.tmj (Tiled JSON with its tileset) and a PNG."""
    rc = main(["--mode", "dungeon", "--seed", "4", "--frames", "3", "--script", "*1,e*1",
               "--size", "320x180", "--export-dir", str(tmp_path)])
    assert rc == 0
    [folder] = [p for p in tmp_path.iterdir() if p.is_dir()]
    level = procgen.io.load(folder / "level.json")
    assert level.kind == "dungeon" and level.seed == 4
    tmj = json.loads((folder / "level.tmj").read_text())
    assert tmj["width"] == level.width and tmj["layers"][0]["type"] == "tilelayer"
    assert (folder / json.loads((folder / "level.tmj").read_text())["tilesets"][0]["source"]).exists()
    # The PNG is drawn with the .tmj's tileset: 16-pixel textured tiles, the same look.
    tile = json.loads((folder / "level.tsj").read_text())["tilewidth"]
    assert Image.open(folder / "level.png").size == (level.width * tile, level.height * tile)


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
