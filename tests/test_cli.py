"""The procgen command: outputs, exit status 2 with one line for user errors, nothing half-written."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import procgen.io
from procgen.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_generate_writes_json_tiled_and_png(tmp_path, capsys):
    code, out, _ = run(capsys, "generate", "cave", "--seed", "7", "--width", "48", "--height", "32",
                       "--out", str(tmp_path / "c.json"), "--tmj", str(tmp_path / "c.tmj"),
                       "--png", str(tmp_path / "c.png"))
    assert code == 0
    assert sorted(os.listdir(tmp_path)) == ["c.json", "c.png", "c.tileset.png", "c.tmj", "c.tsj"]
    lvl = procgen.io.load(tmp_path / "c.json")
    assert (lvl.width, lvl.height, lvl.seed) == (48, 32, 7)
    assert "cave 48x32 seed=7" in out


def test_textured_applies_to_the_png_too(tmp_path, capsys):
    """--textured draws the PNG with the same tileset as the .tmj (not the flat colours)."""
    from PIL import Image

    base = ["generate", "dungeon", "--seed", "2", "--rooms", "3"]
    assert run(capsys, *base, "--png", str(tmp_path / "flat.png"))[0] == 0
    assert run(capsys, *base, "--png", str(tmp_path / "tex.png"), "--tmj", str(tmp_path / "tex.tmj"), "--textured")[0] == 0
    flat, tex = (np.asarray(Image.open(tmp_path / n).convert("RGB")) for n in ("flat.png", "tex.png"))
    atlas = np.asarray(Image.open(tmp_path / "tex.tileset.png").convert("RGB"))
    assert len(np.unique(tex.reshape(-1, 3), axis=0)) > 4 * len(np.unique(flat.reshape(-1, 3), axis=0))
    # Every 16x16 tile of the PNG's wall area comes from the Tiled tileset image.
    tiles = {atlas[y:y + 16, x:x + 16].tobytes() for y in range(0, atlas.shape[0], 16) for x in range(0, atlas.shape[1], 16)}
    assert tex[:16, :16].tobytes() in tiles


def test_info_summarizes_a_valid_file(tmp_path, capsys):
    run(capsys, "generate", "cave", "--seed", "1", "--out", str(tmp_path / "c.json"), "-q")
    code, out, _ = run(capsys, "info", str(tmp_path / "c.json"))
    assert code == 0 and "valid procgen level" in out and "floor=" in out
    assert "verified: passes regions=1" in out
    code, out, _ = run(capsys, "info", "--json", str(tmp_path / "c.json"))
    assert json.loads(out)["kind"] == "cave"


def test_batch_is_deterministic_whatever_the_worker_count(tmp_path, capsys):
    for workers in ("1", "2"):
        code, _, _ = run(capsys, "batch", "cave", "--seeds", "10:16", "--out-dir", str(tmp_path / workers),
                         "--workers", workers, "--width", "24", "--height", "16", "-q")
        assert code == 0
    names = sorted(os.listdir(tmp_path / "1"))
    assert names == [f"cave-{s}.json" for s in range(10, 16)]
    for n in names:
        assert (tmp_path / "1" / n).read_bytes() == (tmp_path / "2" / n).read_bytes()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["generate", "cave", "--width", "4"], "width: must be a whole number 8..4096 (tiles of a cave side)"),
        (["generate", "cave", "--width", "abc"], "argument --width: expected a positive integer"),
        (["generate", "cave", "--seed", "-5"], "seed: must be a whole number 0.."),
        (["generate", "cave", "--path-length", "100000"], "path_length: 100000 steps is not feasible"),
        (["generate", "volcano"], "invalid choice: 'volcano'"),
        (["batch", "cave", "--seeds", "9:3", "--out-dir", "x"], "need 0 <= A < B"),
        (["info", "missing.json"], "missing.json: no such file"),
        (["generate", "cave", "--out", "/nonexistent-dir/c.json"], "folder /nonexistent-dir does not exist"),
    ],
)
def test_user_errors_exit_2_with_one_line(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and err.startswith("procgen: error: ")
    assert "Traceback" not in err
    assert os.listdir(tmp_path) == []  # nothing half-written


def test_a_bad_file_writes_nothing_even_when_other_outputs_were_requested(tmp_path, capsys):
    code, _, err = run(capsys, "generate", "cave", "--fill", "0.95", "--out", str(tmp_path / "c.json"),
                       "--png", str(tmp_path / "c.png"))
    assert code == 2 and "fill" in err
    assert os.listdir(tmp_path) == []


def test_malformed_level_file_is_named_with_its_field(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "procgen-level", "version": 9}))
    code, _, err = run(capsys, "info", str(bad))
    assert code == 2 and f"{bad}: version: file is format version 9" in err


def test_console_script_runs_as_a_process(tmp_path):
    """The installed entry point works and exits 2 without a traceback on bad input."""
    exe = Path(sys.executable).with_name("procgen")
    ok = subprocess.run([str(exe), "generate", "cave", "--seed", "3", "--out", str(tmp_path / "c.json"), "-q"],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([str(exe), "info", str(tmp_path / "nope.json")], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_info_exits_1_when_content_breaks_its_promises(tmp_path, capsys):
    """A well-formed cave whose floor is cut apart fails verification."""
    run(capsys, "generate", "cave", "--seed", "1", "--out", str(tmp_path / "c.json"), "-q")
    lvl = procgen.io.load(tmp_path / "c.json")
    lvl.grid[:, lvl.width // 2] = ord("#")
    procgen.io.save(lvl, tmp_path / "split.json")
    code, out, _ = run(capsys, "info", str(tmp_path / "split.json"))
    assert code == 1 and "verified: FAILS regions=" in out and "regions=1," not in out.split("verified")[1]
