"""Outputs are all or nothing: every path is checked before the first write; the same file
twice is refused; replaced files keep their permissions; devices and FIFOs are written
through, never replaced; and every failure is one `procgen: error:` line with exit status 2."""

import os
import stat
import threading

import pytest

from procgen.cli import main
from procgen.errors import ProcgenError
from procgen.io.atomic import write_all


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("procgen: error: ") and "Traceback" not in err


#: generate argv tails (after `generate cave --seed 1 -q`) that must write nothing. "{d}" is tmp_path.
BAD_OUTPUT_SETS = [
    ("png in a missing folder", ["--out", "{d}/ok.json", "--png", "/nonexistent-dir/x.png"]),
    ("tmj in a missing folder", ["--out", "{d}/ok.json", "--tmj", "{d}/no/x.tmj"]),
    ("json onto a folder", ["--png", "{d}/ok.png", "--out", "{d}"]),
    ("json under a file", ["--png", "{d}/ok.png", "--out", "{d}/afile/x.json"]),
    ("same path for json and png", ["--out", "{d}/same", "--png", "{d}/same"]),
    ("png onto the tmj's tileset", ["--tmj", "{d}/m.tmj", "--png", "{d}/m.tileset.png"]),
    ("json onto the tmj's tsj", ["--tmj", "{d}/m.tmj", "--out", "{d}/m.tsj"]),
    ("same file through a link", ["--out", "{d}/real.json", "--png", "{d}/link.json"]),
    ("same file by two spellings", ["--out", "{d}/a.json", "--png", "{d}/./sub/../a.json"]),
    ("scale too large for the level", ["--out", "{d}/ok.json", "--png", "{d}/x.png", "--width", "4096",
                                       "--height", "4096", "--scale", "64"]),
    ("scale zero", ["--out", "{d}/ok.json", "--png", "{d}/x.png", "--scale", "0"]),
    ("scale 10**9", ["--out", "{d}/ok.json", "--png", "{d}/x.png", "--scale", "1000000000"]),
    ("png onto a socket-like non-file", ["--out", "{d}/ok.json", "--png", "{d}/sock"]),
]


@pytest.mark.parametrize("name,tail", BAD_OUTPUT_SETS, ids=[c[0] for c in BAD_OUTPUT_SETS])
def test_a_bad_output_writes_nothing_at_all(name, tail, tmp_path, capsys, monkeypatch):
    import socket

    (tmp_path / "afile").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "real.json").write_text("old")
    os.symlink(tmp_path / "real.json", tmp_path / "link.json")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    before = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}

    def no_generation(*a, **k):  # every one of these is refused before the level is made
        raise AssertionError("generated before checking the outputs")

    monkeypatch.setattr("procgen.cli.generate", no_generation)
    argv = ["generate", "cave", "--seed", "1", "-q", *(t.format(d=tmp_path) for t in tail)]
    code, _, err = run(capsys, *argv)
    sock.close()
    assert code == 2 and one_error_line(err), err
    assert {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
    assert (tmp_path / "real.json").read_text() == "old"


def test_a_replaced_file_keeps_its_permissions(tmp_path, capsys):
    out = tmp_path / "c.json"
    out.write_text("old")
    out.chmod(0o600)
    assert run(capsys, "generate", "cave", "--seed", "1", "-q", "--out", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("{")


def test_a_new_file_gets_the_umask_permissions(tmp_path, capsys):
    old = os.umask(0o027)
    try:
        assert run(capsys, "generate", "cave", "--seed", "1", "-q", "--out", str(tmp_path / "n.json"))[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "n.json").stat().st_mode) == 0o640


def test_a_symlinked_output_writes_its_target_and_keeps_the_link(tmp_path, capsys):
    (tmp_path / "real.json").write_text("old")
    os.symlink("real.json", tmp_path / "link.json")
    assert run(capsys, "generate", "cave", "--seed", "1", "-q", "--out", str(tmp_path / "link.json"))[0] == 0
    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "real.json").read_text().startswith("{")


def test_dev_null_is_written_through_and_stays_a_device(capsys):
    assert run(capsys, "generate", "cave", "--seed", "1", "-q", "--out", os.devnull, "--png", os.devnull)[0] == 2
    # (the same device twice is refused like any path; once each is fine)
    assert run(capsys, "generate", "cave", "--seed", "1", "-q", "--png", os.devnull)[0] == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_fifo_with_a_reader_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    try:
        for _ in range(1000):  # wait until the reader has the FIFO open
            try:
                write_all([(fifo, b"through the pipe")])
                break
            except ProcgenError:
                threading.Event().wait(0.01)
    finally:
        reader.join(60)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_fifo_without_a_reader_is_refused_not_waited_on(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "generate", "cave", "--seed", "1", "-q", "--out", str(fifo))
    assert code == 2 and "no process is reading it" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["pipe"]


# -- train --out (#10) -----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_train_out_that_is_or_is_under_a_file_is_one_line(where, tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    out = tmp_path / "f" if where == "a file" else tmp_path / "f" / "sub"
    code, _, err = run(capsys, "train", "room-gan", "--out", str(out), "--epochs", "1")
    assert code == 2 and one_error_line(err), err
    assert sorted(os.listdir(tmp_path)) == ["f"]


@pytest.mark.parametrize("model", ["room-gan", "platformer-vae", "texture-vae"])
def test_train_on_bad_data_creates_no_folder(model, tmp_path, capsys):
    bad = tmp_path / "bad"
    if model.startswith("texture"):
        bad.mkdir()
        (bad / "grass_a.png").write_bytes(b"not a png")
    else:
        bad.write_text("junk\n")
    code, _, err = run(capsys, "train", model, "--data", str(bad), "--out", str(tmp_path / "out" / "deep"),
                       "--epochs", "1")
    assert code == 2 and one_error_line(err), err
    assert not (tmp_path / "out").exists()


def _png_claiming(width: int, height: int) -> bytes:
    """A valid-looking PNG header that claims ``width`` x ``height`` pixels (a few dozen bytes)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(20000, 20000), (10000, 10000), (4096, 4112), (16, 10**7)])
def test_texture_training_refuses_png_bombs_from_their_header(size, tmp_path, capsys):
    data = tmp_path / "tiles"
    data.mkdir()
    (data / "grass_a.png").write_bytes(_png_claiming(*size))
    code, _, err = run(capsys, "train", "texture-vae", "--data", str(data), "--out", str(tmp_path / "o"))
    assert code == 2 and one_error_line(err), err
    assert "grass_a.png" in err
    assert not (tmp_path / "o").exists()


# -- play (#6, #12, #15) ---------------------------------------------------------------------

PLAY_ERRORS = [
    ["--mode", "space"],
    ["--frames", "1", "--script", "right*2000000000"],
    ["--frames", "1", "--script", "right*999999,left*999999"],
    ["--frames", "1", "--script", "right*-5"],
    ["--frames", "1", "--script", "right*1e9"],
    ["--frames", "1", "--script", "right*" + "9" * 5000],
    ["--frames", "abc"],
    ["--size", "10x10"],
    ["--difficulty", "nan"],
    ["--no-such-flag"],
    ["--frames", "1", "--screenshot", "/nonexistent-dir/shot.png"],
]


@pytest.mark.parametrize("argv", PLAY_ERRORS, ids=[" ".join(a)[:40] for a in PLAY_ERRORS])
def test_play_argument_errors_are_one_procgen_error_line(argv, capsys):
    pytest.importorskip("pygame")
    code, _, err = run(capsys, "play", *argv)
    assert code == 2 and one_error_line(err), err
    assert "usage:" not in err


def test_play_screenshot_onto_a_folder_is_one_line(tmp_path, capsys):
    pytest.importorskip("pygame")
    code, _, err = run(capsys, "play", "--mode", "dungeon", "--frames", "1", "--size", "320x180",
                       "--screenshot", str(tmp_path))
    assert code == 2 and one_error_line(err) and "is a folder" in err


def test_f12_with_an_export_dir_that_is_a_file_is_a_notice_not_a_crash(tmp_path, capsys):
    pytest.importorskip("pygame")
    (tmp_path / "f").write_text("x")
    code, _, err = run(capsys, "play", "--mode", "dungeon", "--frames", "3", "--size", "320x180",
                       "--export-dir", str(tmp_path / "f"), "--script", "f12")
    assert code == 0 and "Traceback" not in err
    assert (tmp_path / "f").read_text() == "x"
