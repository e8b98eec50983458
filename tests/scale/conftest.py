"""Dask clusters for the scale tests, started once per test session (they take seconds to start).

``local_client``: a real ``LocalCluster`` of 2 worker processes. ``remote_scheduler``: a
scheduler and 2 workers started as separate processes on 127.0.0.1 with the ``dask`` command,
as a user would; every process is stopped at the end, by its process group.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="needs the [scale] extra (make test installs it)")


@pytest.fixture(scope="session")
def local_client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        yield client


def _dask_command() -> list[str]:
    script = shutil.which("dask", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "dask"]


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process group we started, then SIGKILL what is left after a grace period."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _read_address(info: Path, scheduler: subprocess.Popen) -> str:
    """Wait for the scheduler to write its address (the file may appear before it is whole)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and scheduler.poll() is None:
        try:
            return json.loads(info.read_text())["address"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.1)
    raise RuntimeError(f"dask scheduler did not start (exit status {scheduler.poll()})")


@pytest.fixture(scope="session")
def remote_scheduler(tmp_path_factory):
    """The address of a scheduler with 2 single-thread workers, all separate processes."""
    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    dask = _dask_command()
    procs = []
    try:
        procs.append(subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(info)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, cwd=folder))
        address = _read_address(info, procs[0])
        procs.append(subprocess.Popen(
            [*dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
             "--local-directory", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, cwd=folder))
        with distributed.Client(address) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)
