"""procgen batch on Dask and as sharded JSON Lines: same bytes everywhere, resumable, clean errors."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import dask
import pytest

from procgen.cli import main

KIND = ["dungeon-room", "--seeds", "3:17"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The dataset written by one process: what every other way of running must reproduce."""
    folder = tmp_path_factory.mktemp("ref")
    assert main(["batch", *KIND, "--out-dir", str(folder), "--format", "jsonl", "--shard-size", "4",
                 "--workers", "1", "-q"]) == 0
    return _files(folder)


def test_jsonl_shards_are_named_by_seed_range_one_level_per_line(reference):
    assert list(reference) == [f"dungeon-room-{a:09d}-{b:09d}.jsonl" for a, b in ((3, 7), (7, 11), (11, 15), (15, 17))]
    assert [d.count(b"\n") for d in reference.values()] == [4, 4, 4, 2]


@pytest.mark.parametrize("how", [["--workers", "2"], ["--scheduler", "local", "--workers", "2"]])
def test_process_pool_and_local_dask_cluster_write_the_same_bytes(reference, tmp_path, capsys, how):
    code, out, _ = run(capsys, "batch", *KIND, "--out-dir", str(tmp_path), "--format", "jsonl",
                       "--shard-size", "4", *how)
    assert code == 0 and "wrote 14 dungeon-room levels" in out and "in 4 shards" in out
    assert _files(tmp_path) == reference


def test_a_separately_started_dask_cluster_writes_the_same_bytes(reference, remote_scheduler, tmp_path, capsys):
    code, out, _ = run(capsys, "batch", *KIND, "--out-dir", str(tmp_path), "--format", "jsonl",
                       "--shard-size", "4", "--scheduler", remote_scheduler)
    assert code == 0 and f"Dask at {remote_scheduler}" in out
    assert _files(tmp_path) == reference


def test_one_file_per_level_on_dask_equals_the_process_pool(remote_scheduler, tmp_path, capsys):
    """--format json runs the CLI's own per-seed task on Dask: the same files, byte for byte."""
    assert run(capsys, "batch", "cave", "--seeds", "0:6", "--out-dir", str(tmp_path / "a"), "--workers", "1",
               "--width", "32", "--height", "24", "-q")[0] == 0
    assert run(capsys, "batch", "cave", "--seeds", "0:6", "--out-dir", str(tmp_path / "b"), "--scheduler",
               remote_scheduler, "--width", "32", "--height", "24", "-q")[0] == 0
    assert _files(tmp_path / "a") == _files(tmp_path / "b") and len(_files(tmp_path / "a")) == 6


def _shards(folder: Path) -> list[Path]:
    """Shards under their final names (pathlib's glob also matches the hidden .tmp-* files)."""
    return sorted(p for p in folder.glob("*.jsonl") if not p.name.startswith("."))


def test_a_killed_run_resumes_rebuilding_only_the_missing_shards(reference, tmp_path, capsys):
    """SIGKILL mid-run leaves only whole shards; the rerun skips them and the result is the same."""
    argv = [sys.executable, "-m", "procgen", "batch", "dungeon-room", "--seeds", "3:403", "--out-dir",
            str(tmp_path), "--format", "jsonl", "--shard-size", "4", "--workers", "1", "-q"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(_shards(tmp_path)) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    done = _shards(tmp_path)
    assert 3 <= len(done) < 100, "the run should have been killed part way"
    assert all(p.read_bytes().count(b"\n") == 4 for p in done)  # no partial shard under a final name
    for stale in tmp_path.glob(".tmp-*"):
        stale.unlink()  # an interrupted atomic write's temp file (never read)
    code, out, _ = run(capsys, "batch", "dungeon-room", "--seeds", "3:403", "--out-dir", str(tmp_path),
                       "--format", "jsonl", "--shard-size", "4", "--workers", "1")
    assert code == 0 and f"skipped {len(done)} complete shards" in out
    assert f"wrote {400 - 4 * len(done)} dungeon-room levels" in out
    files = _files(tmp_path)
    assert len(files) == 100 and all(files[name] == data for name, data in reference.items() if name in files
                                     and name != "dungeon-room-000000015-000000017.jsonl")


def test_an_unreachable_scheduler_is_one_line_and_exit_status_2(tmp_path, capsys):
    with dask.config.set({"procgen.connect-timeout": "1s"}):
        for argv in (["batch", *KIND, "--out-dir", str(tmp_path / "b"), "--scheduler", "tcp://127.0.0.1:9"],
                     ["world", "export", "--region", "0:64,0:64", "--zarr", str(tmp_path / "w.zarr"),
                      "--scheduler", "tcp://127.0.0.1:9"]):
            code, out, err = run(capsys, *argv)
            assert code == 2 and out == ""
            assert err.startswith("procgen: error: --scheduler: cannot reach a Dask scheduler at 'tcp://127.0.0.1:9'")
            assert err.count("\n") == 1
    assert not (tmp_path / "w.zarr").exists() and list((tmp_path / "b").iterdir()) == []


@pytest.mark.parametrize(("extra", "message"), [
    (["--format", "jsonl", "--png"], "--png/--tmj write one file per level; use them with --format json"),
    (["--shard-size", "10"], "--shard-size: shards are for --format jsonl"),
])
def test_flag_mistakes_are_one_line_errors(tmp_path, capsys, extra, message):
    code, _, err = run(capsys, "batch", *KIND, "--out-dir", str(tmp_path), *extra)
    assert code == 2 and err == f"procgen: error: {message}\n"


def test_world_export_cli_writes_the_store_with_a_local_cluster(tmp_path, capsys):
    code, out, _ = run(capsys, "world", "export", "--seed", "3", "--region=-64:64,0:96", "--zarr",
                       str(tmp_path / "w.zarr"), "--layers", "height,biome", "--workers", "2", "--block", "64")
    assert code == 0 and "wrote 128x96 tiles of world seed 3 (height, biome)" in out and "peak worker memory" in out
    code, _, err = run(capsys, "world", "export", "--region", "0:64,0:64", "--zarr", str(tmp_path / "w.zarr"))
    assert code == 2 and "exists; choose another path or pass --overwrite" in err


def test_a_missing_scale_extra_names_the_install_command(tmp_path, capsys, monkeypatch):
    """Without Dask/Zarr installed, the scale commands say which extra to install, in one line."""
    monkeypatch.setitem(sys.modules, "zarr", None)  # import zarr -> ImportError
    code, _, err = run(capsys, "world", "export", "--region", "0:64,0:64", "--zarr", str(tmp_path / "w.zarr"))
    assert code == 2 and err.count("\n") == 1
    assert "pip install 'procgen-forge[scale]'" in err and "zarr is not installed" in err
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, _, err = run(capsys, "batch", *KIND, "--out-dir", str(tmp_path), "--scheduler", "local")
    assert code == 2 and "pip install 'procgen-forge[scale]'" in err and "distributed is not installed" in err
