"""``procgen batch``: many seeds of one kind, in worker processes, each level written whole.

:func:`level_task` is the unit of work, a pure function ``(kind, seed, params) -> Level``
that any scheduler can run; :func:`level_files` renders a level's output files as bytes, and
:func:`run_batch` runs seeds on local worker processes.

Why the workers are started with "spawn": the model generators run torch, whose OpenMP
thread pool does not survive ``fork`` (a forked child waits forever on threads that do not
exist in it), and the parent has already run one generation to check the parameters. A
spawned worker is a fresh interpreter. The console script and ``python -m procgen`` guard
their entry point, so re-importing ``__main__`` in a worker starts nothing.

Stopping: SIGINT, SIGTERM and SIGHUP to the parent (the CLI turns the last two into
:class:`~procgen.signals.Terminated`) terminate every worker and wait for it; a worker stops
on SIGTERM by unwinding its current write (no ``.tmp-*`` file is left), then exits.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from types import FrameType
from typing import Any

from procgen.io.atomic import write_all
from procgen.kinds import generate
from procgen.level import Level

__all__ = ["level_files", "level_task", "run_batch", "usable_workers"]


def level_task(kind: str, seed: int, params: dict[str, Any]) -> Level:
    """The level for ``(kind, seed, params)``: pure, so any process or machine gives the same."""
    return generate(kind, seed, **params)


def level_files(level: Level, stem: str | os.PathLike[str], *, png: bool = False,
                tmj: bool = False) -> list[tuple[Path, bytes]]:
    """``stem.json`` (+ ``stem.png`` at scale 4, + ``stem.tmj`` with its tileset) as bytes."""
    from procgen.io.native import dumps

    stem = Path(stem)
    level.check(str(stem) + ".json")
    files = [(stem.with_name(stem.name + ".json"), dumps(level).encode("utf-8"))]
    if png:
        from procgen.io.png import encode_png, render

        files.append((stem.with_name(stem.name + ".png"), encode_png(render(level, 4))))
    if tmj:
        from procgen.io.tiled import tmj_files

        files += tmj_files(level, stem.with_name(stem.name + ".tmj"))
    return files


def usable_workers(requested: int, jobs: int) -> int:
    """Workers worth starting: no more than the jobs, nor than the CPUs this process may use."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(requested, jobs, cpus))


# -- workers ---------------------------------------------------------------------------------

_stopping = 0  # the signal a worker was told to stop by (0: none)
_busy = False  # a worker is inside a chunk of levels (rendering or writing)


def _stop_worker(signum: int, frame: FrameType | None) -> None:
    global _stopping
    if _stopping:  # a second signal (the group's and the parent's) must not interrupt the unwinding
        return
    _stopping = signum
    if not _busy:  # idle: nothing to clean up, and the pool would swallow an exception
        os._exit(128 + signum)
    # An exception, not an exit: the write in progress unwinds and removes its temp file.
    raise SystemExit(128 + signum)


def _init_worker() -> None:
    """In each worker: stop on SIGTERM/SIGHUP/SIGINT by unwinding, then exiting."""
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop_worker)


def _write_one(job: tuple[str, int, dict[str, Any], str, bool, bool]) -> int:
    kind, seed, params, out_dir, png, tmj = job
    level = level_task(kind, seed, params)
    write_all(level_files(level, Path(out_dir) / f"{kind}-{seed}", png=png, tmj=tmj))
    return seed


def _start_resource_tracker() -> None:
    """Start multiprocessing's helper process with SIGHUP ignored, as it ignores SIGINT and
    SIGTERM itself: a hangup to the whole process group must not kill it before the parent
    releases the pool's semaphores (its replacement prints tracebacks about them)."""
    from multiprocessing import resource_tracker

    if not hasattr(signal, "SIGHUP") or threading.current_thread() is not threading.main_thread():
        resource_tracker.ensure_running()
        return
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # an ignored signal stays so across exec
    try:
        resource_tracker.ensure_running()
    finally:
        signal.signal(signal.SIGHUP, previous)


def _write_chunk(jobs: list[tuple[str, int, dict[str, Any], str, bool, bool]]) -> int:
    global _busy
    _busy = True
    try:
        for job in jobs:
            _write_one(job)
    except SystemExit as e:
        if _stopping:
            # The pool would catch the exit and wait for more work; leave now, cleaned up.
            os._exit(e.code if isinstance(e.code, int) else 1)
        raise
    finally:
        _busy = False
    return len(jobs)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's workers, wait for each; the queued work fails with the pool."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public handle to them
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(10)
        if p.is_alive():  # stuck where no Python code runs: no temp file to clean up
            p.kill()
            p.join()
    pool.shutdown(wait=True)


def run_batch(
    kind: str,
    seeds: Sequence[int],
    params: dict[str, Any],
    out_dir: str | os.PathLike[str],
    *,
    workers: int = 1,
    png: bool = False,
    tmj: bool = False,
    progress: Callable[[], None] = lambda: None,
) -> int:
    """Write ``KIND-SEED.json`` (and ``.png``, ``.tmj``) for every seed; return the worker count.

    The first seed is generated here, before any worker starts, so bad parameters fail fast
    with the generator's own error. ``progress()`` is called once per level written.
    """
    jobs = [(kind, s, params, os.fspath(out_dir), png, tmj) for s in seeds]
    if not jobs:
        return 0
    _write_parent(jobs[0])
    progress()
    rest = jobs[1:]
    n = usable_workers(workers, len(rest)) if rest else 1
    if n == 1:
        for job in rest:
            _write_parent(job)
            progress()
        return 1
    # Each seed's level depends on the seed alone, so the worker count changes only speed.
    _start_resource_tracker()
    pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker)
    size = max(1, len(rest) // (n * 8))
    try:
        # Futures are never cancelled: on Python 3.11 a cancelled future in a pool whose
        # workers were terminated crashes the pool's manager thread (InvalidStateError).
        futures = [pool.submit(_write_chunk, rest[i:i + size]) for i in range(0, len(rest), size)]
        for done in as_completed(futures):
            for _ in range(done.result()):
                progress()
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return n


def _write_parent(job: tuple[str, int, dict[str, Any], str, bool, bool]) -> None:
    kind, seed, params, out_dir, png, tmj = job
    write_all(level_files(level_task(kind, seed, params), Path(out_dir) / f"{kind}-{seed}", png=png, tmj=tmj))
