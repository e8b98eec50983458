"""`procgen batch` with worker processes: model generators finish (torch in the parent must not
hang forked workers), and the task function is pure, so any worker count gives the same bytes."""

import os
import subprocess
import sys

import pytest

from procgen.batch import level_files, level_task

#: A hang is a failure, not a wait: generous for a loaded 2-core machine (each worker imports torch).
HANG_LIMIT_S = 300

MODEL_GENERATORS = [("platformer", "gan"), ("platformer", "vae"), ("dungeon-room", "gan"), ("dungeon-room", "vae")]


@pytest.mark.parametrize("kind,generator", MODEL_GENERATORS, ids=[f"{k}-{g}" for k, g in MODEL_GENERATORS])
def test_model_generators_finish_with_two_workers(kind, generator, tmp_path):
    """#1: the parent has run torch (its parameter check) before the workers start; they finish."""
    pytest.importorskip("torch")
    argv = [sys.executable, "-m", "procgen", "batch", kind, "--generator", generator, "--seeds", "0:3",
            "--out-dir", str(tmp_path), "--workers", "2", "-q"]
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=HANG_LIMIT_S,
                           start_new_session=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"batch {kind} --generator {generator} --workers 2 did not finish in {HANG_LIMIT_S} s")
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(tmp_path)) == [f"{kind}-{s}.json" for s in range(3)]


def test_the_task_is_pure_and_its_files_are_the_cli_files(tmp_path, capsys):
    """level_task + level_files (what a scheduler runs) give the bytes `batch` writes."""
    from procgen.cli import main

    assert main(["batch", "cave", "--seeds", "4:6", "--out-dir", str(tmp_path), "--workers", "2", "-q",
                 "--width", "24", "--height", "16", "--png"]) == 0
    for seed in (4, 5):
        files = level_files(level_task("cave", seed, {"width": 24, "height": 16, "generator": "classic"}),
                            tmp_path / f"cave-{seed}", png=True)
        for path, data in files:
            assert path.read_bytes() == data
