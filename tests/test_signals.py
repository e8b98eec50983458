"""SIGTERM, SIGHUP and SIGINT in the middle of a write: the command ends with status 128+N and
one line, no `.tmp-*` file and no partial file remain, and no worker process outlives it.

Each case runs the real command in its own session. A small launcher makes every fsync sleep
(in the parent or in the batch workers, which re-run the launcher as ``__mp_main__``), so the
signal lands deterministically while a temp file is open; the test waits for the launcher to
say so. Leftover processes are found in /proc by session id.
"""

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

#: Bounds on waiting for the child (failures, never speed assertions).
WAIT_S = int(os.environ.get("SIGNAL_TEST_WAIT_S", "240"))

LAUNCHER = '''
import os, sys, time
slow_in = os.environ.get("SLOW_FSYNC_IN")
if slow_in and (slow_in == "worker") == (__name__ == "__mp_main__"):
    _fsync = os.fsync
    def slow_fsync(fd):
        print("writing", os.getpid(), flush=True)
        time.sleep(600)
        _fsync(fd)
    os.fsync = slow_fsync
if __name__ == "__main__":
    from procgen.cli import main
    sys.exit(main(sys.argv[1:]))
'''


def session_processes(sid: int) -> list[int]:
    """Live (non-zombie) processes whose session id is ``sid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()  # state ppid pgrp session ...
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry))
    return found


def start(tmp_path: Path, slow_in: str, *argv: str) -> subprocess.Popen:
    launcher = tmp_path / "launch.py"
    launcher.write_text(LAUNCHER)
    env = {**os.environ, "SLOW_FSYNC_IN": slow_in,
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, str(launcher), *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, start_new_session=True, cwd=tmp_path)


def wait_for_writes(proc: subprocess.Popen, count: int) -> None:
    """Block until ``count`` processes say they are inside a write (or fail after WAIT_S).

    Reads the raw pipe: a buffered readline could hold the second line where select cannot see it.
    """
    said = b""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + WAIT_S
    try:
        while said.count(b"writing") < count:
            if time.monotonic() > deadline or proc.poll() is not None:
                os.killpg(proc.pid, signal.SIGKILL)  # the whole session: no orphan keeps the pipes
                pytest.fail(f"never reached {count} writes (stdout: {said[-500:]!r})")
            if sel.select(timeout=1):
                said += os.read(proc.stdout.fileno(), 4096)
    finally:
        sel.close()


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=WAIT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the command did not end after the signal")
    deadline = time.monotonic() + WAIT_S
    while session_processes(proc.pid):
        if time.monotonic() > deadline:
            left = session_processes(proc.pid)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            pytest.fail(f"processes outlived the command: {left}")
        time.sleep(0.1)
    return proc.returncode, err.decode()


def assert_no_partial_files(folder: Path) -> list[str]:
    names = sorted(p.name for p in folder.iterdir())
    assert not [n for n in names if n.startswith(".tmp-")], names
    for n in names:
        if n.endswith(".json"):
            json.loads((folder / n).read_text())  # whole, or it would not be there
    return names


STATUS = {signal.SIGTERM: 143, signal.SIGHUP: 129, signal.SIGINT: 130}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_during_a_write_leaves_no_temp_file(sig, tmp_path):
    """#3: `generate` stopped inside its write leaves nothing, exits 128+N with one line."""
    out = tmp_path / "out"
    out.mkdir()
    proc = start(tmp_path, "parent", "generate", "cave", "--seed", "1", "-q",
                 "--out", str(out / "c.json"), "--png", str(out / "c.png"))
    wait_for_writes(proc, 1)
    proc.send_signal(sig)
    code, err = finish(proc)
    assert code == STATUS[sig], err
    assert err.count("\n") == 1 and err.startswith("procgen: "), err
    assert assert_no_partial_files(out) == []


@pytest.mark.parametrize("target", [
    "parent",
    # Known, not yet fixed: with the signal sent to the whole group (parent and workers at once)
    # a worker sometimes leaves one .tmp-* file (about 1 run in 3 on a loaded 2-core machine).
    pytest.param("group", marks=pytest.mark.xfail(reason="a group-wide signal sometimes leaves a worker's "
                                                   "temp file (issue #13 item 2, open)", strict=False)),
])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_to_batch_ends_every_worker_and_leaves_no_partial_file(sig, target, tmp_path):
    """#2: with both workers inside a write, a signal to the parent (or its process group)
    ends the workers too; only whole files remain."""
    out = tmp_path / "out"
    proc = start(tmp_path, "worker", "batch", "cave", "--seeds", "0:8", "--out-dir", str(out),
                 "--workers", "2", "-q", "--width", "24", "--height", "16", "--png")
    wait_for_writes(proc, 2)
    if target == "parent":
        proc.send_signal(sig)
    else:
        os.killpg(proc.pid, sig)
    code, err = finish(proc)
    assert code == STATUS[sig], err
    assert "Traceback" not in err, err
    names = assert_no_partial_files(out)
    assert names == ["cave-0.json", "cave-0.png"]  # the parent's own seed; the workers' never landed


def test_sighup_stays_ignored_under_nohup(tmp_path):
    """A command started with SIGHUP ignored (nohup) keeps ignoring it."""
    out = tmp_path / "out"
    out.mkdir()
    launcher = tmp_path / "launch.py"
    launcher.write_text("import signal\nsignal.signal(signal.SIGHUP, signal.SIG_IGN)\n" + LAUNCHER)
    env = {**os.environ, "SLOW_FSYNC_IN": "parent",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, str(launcher), "generate", "cave", "-q", "--out", str(out / "c.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    wait_for_writes(proc, 1)
    proc.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    assert proc.poll() is None  # still writing
    proc.send_signal(signal.SIGTERM)
    code, _ = finish(proc)
    assert code == 143
    assert assert_no_partial_files(out) == []
