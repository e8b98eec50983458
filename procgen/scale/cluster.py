"""A Dask client for the scale commands: a local cluster of this machine's cores, or an existing one.

``scheduler=None`` (or ``"local"``) starts a :class:`distributed.LocalCluster` of worker processes
with one thread each (the generators are numpy code that holds the GIL between calls, so
processes, not threads, give parallel speed). Any other value is a scheduler address
(``tcp://host:8786``) of a cluster started with ``dask scheduler`` / ``dask worker``.

A scheduler address is tried for :func:`connect_timeout` (10 s unless configured); an
unreachable one is a one-line :class:`~procgen.errors.ParamError`, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from procgen.errors import ParamError
from procgen.scale import require

__all__ = ["connect_timeout", "dask_client", "reuse_freed_memory", "worker_peak_rss_mib"]

#: glibc mallopt parameters (malloc.h) and the values restored in Dask workers.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
TRIM_BYTES, MMAP_BYTES = 128 << 20, 64 << 20
_malloc_checked = False

#: How long to wait for a remote scheduler to have at least one worker.
WORKER_WAIT_S = 30.0


def connect_timeout() -> str:
    """How long to try a scheduler address: Dask config ``procgen.connect-timeout`` (default 10 s).

    Set it with the environment variable ``DASK_PROCGEN__CONNECT_TIMEOUT=60s``.
    """
    import dask

    return str(dask.config.get("procgen.connect-timeout", "10s"))


def _procgen_version() -> str:
    from procgen import __version__

    return __version__


@contextmanager
def dask_client(scheduler: str | None, workers: int | None = None, *, what: str = "--scheduler") -> Iterator[Any]:
    """Yield a connected ``distributed.Client``; close it (and a local cluster) on exit.

    Workers must run the same procgen version as this process: the same seeds give the same bytes
    only with the same generators, so a mismatch is refused up front.
    """
    distributed = require("distributed", what)
    if scheduler in (None, "local"):
        n = workers or os.cpu_count() or 1
        # Its HTTP endpoints on a free port (":0": two clusters never fight over 8787). Cluster
        # logs are silenced (a task's error still reaches us as an exception): at shutdown a
        # worker's last heartbeat may log a traceback that would bury the summary line.
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=":0", silence_logs=logging.CRITICAL)
        with cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(scheduler, timeout=connect_timeout())
    except (OSError, TimeoutError, ValueError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ParamError(f"--scheduler: cannot reach a Dask scheduler at {scheduler!r} ({reason})") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except TimeoutError:
            raise ParamError(f"--scheduler: the scheduler at {scheduler!r} has no workers "
                             f"(waited {WORKER_WAIT_S:.0f} s); start some with: dask worker {scheduler}") from None
        ours = _procgen_version()
        for addr, theirs in client.run(_procgen_version).items():
            if theirs != ours:
                raise ParamError(f"--scheduler: worker {addr} runs procgen {theirs}, this is {ours}; "
                                 "the same seeds give the same bytes only with the same version")
        yield client


def _peak_rss_mib() -> float:
    """This process's peak resident memory in MiB.

    Linux: ``VmHWM`` of /proc/self/status, the high-water mark of this program's own memory.
    Not ``ru_maxrss``: Linux carries that across fork and exec, so a worker spawned by a big
    process would report its parent's size.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def worker_peak_rss_mib(client: Any) -> dict[str, float]:
    """Each worker process's peak resident memory so far (MiB), by worker address."""
    return {addr: float(v) for addr, v in client.run(_peak_rss_mib).items()}


def reuse_freed_memory() -> None:
    """Undo, in a Dask worker, the malloc setting that makes numpy generators ~3.5x slower.

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (to hand memory back to the
    OS). Any fixed threshold also turns off glibc's dynamic mmap threshold, so every numpy
    temporary over 128 KiB is mmapped, zero-filled by the kernel and unmapped again: a 512² world
    block took 0.45 s instead of 0.13 s (measured, one process, the variable set or not). Where
    that variable is set and libc is glibc, this restores a heap that reuses freed memory
    (arrays under 64 MiB from the heap, up to 128 MiB of free heap kept). Once per process;
    every scale task calls it first. Elsewhere it does nothing.
    """
    global _malloc_checked
    if _malloc_checked:
        return
    _malloc_checked = True
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_BYTES)
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_BYTES)
    except (OSError, AttributeError):  # not glibc (musl): nothing to undo
        pass
