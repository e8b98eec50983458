"""``procgen batch``: many seeds of one kind, in worker processes, each level written whole.

:func:`level_task` is the unit of work, a pure function ``(kind, seed, params) -> Level``
that any scheduler can run; :func:`level_files` renders a level's output files as bytes, and
:func:`run_batch` runs seeds on local worker processes.

Why the workers are started with "spawn": the model generators run torch, whose OpenMP
thread pool does not survive ``fork`` (a forked child waits forever on threads that do not
exist in it), and the parent has already run one generation to check the parameters. A
spawned worker is a fresh interpreter. The console script and ``python -m procgen`` guard
their entry point, so re-importing ``__main__`` in a worker starts nothing.

Stopping: the parent owns shutdown. Workers ignore SIGINT, SIGTERM and SIGHUP, so a signal
sent to the whole process group (Ctrl-C or a hangup at a terminal, a process manager's stop)
stops the parent alone. On that signal (the CLI turns SIGTERM and SIGHUP into
:class:`~procgen.signals.Terminated`), or on any error, the parent kills every worker with
SIGKILL, waits for each, and then removes the temp files its workers may have left: each run
tags its workers' temp files (``.tmp-RUN-*``), so exactly this run's are removed.

Why not let workers unwind their own writes: with the signal delivered to the workers and the
parent at once, a worker's own cleanup raced the parent's (a worker stopped on the default
disposition, or killed while unwinding, left its ``.tmp-*`` file). Killing first and sweeping
after has no race: once a worker is reaped, nothing can create another of its files.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from procgen.io.atomic import remove_temp_files, write_all
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

#: Signals a worker ignores: the parent decides when a batch stops (see the module docstring).
_STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

Job = tuple[str, int, dict[str, Any], str, bool, bool]  # kind, seed, params, out_dir, png, tmj


def _init_worker() -> None:
    """In each worker: ignore the stop signals; the parent kills the worker when it stops.

    A worker still starting up (before this runs) dies of a group signal by the default
    disposition, which is harmless: it has not written anything yet.
    """
    for s in _STOP_SIGNALS:
        signal.signal(s, signal.SIG_IGN)


def _write_one(job: Job, tag: str = "") -> int:
    kind, seed, params, out_dir, png, tmj = job
    level = level_task(kind, seed, params)
    write_all(level_files(level, Path(out_dir) / f"{kind}-{seed}", png=png, tmj=tmj), tag=tag)
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


def _write_chunk(jobs: list[Job], tag: str) -> int:
    """Write a chunk of levels in a worker, temp files tagged with the run's ``tag``."""
    for job in jobs:
        _write_one(job, tag)
    return len(jobs)


@contextmanager
def _stop_signals_ignored() -> Iterator[None]:
    """While the parent stops its workers and sweeps, a second signal (another Ctrl-C, the
    group's signal after the parent's) must not cut the cleanup short; it is already stopping."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in _STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _stop_pool(pool: ProcessPoolExecutor, out_dir: str | os.PathLike[str], tag: str) -> None:
    """Kill the pool's workers, reap each, then remove the temp files they left in ``out_dir``.

    SIGKILL, not SIGTERM: workers ignore SIGTERM, and after SIGKILL nothing of a worker runs,
    so the sweep that follows sees every file it will ever leave. The queued work fails with
    the pool.
    """
    with _stop_signals_ignored():
        processes = list((getattr(pool, "_processes", None) or {}).values())  # no public handle
        for p in processes:
            if p.is_alive():
                p.kill()
        for p in processes:
            p.join()
        pool.shutdown(wait=True)
        remove_temp_files(out_dir, tag)


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
    # This run's mark on its workers' temp files, so stopping removes exactly those.
    tag = f"{os.getpid()}{secrets.token_hex(4)}"
    pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker)
    size = max(1, len(rest) // (n * 8))
    try:
        # Futures are never cancelled: on Python 3.11 a cancelled future in a pool whose
        # workers were terminated crashes the pool's manager thread (InvalidStateError).
        futures = [pool.submit(_write_chunk, rest[i:i + size], tag) for i in range(0, len(rest), size)]
        for done in as_completed(futures):
            for _ in range(done.result()):
                progress()
    except BaseException:
        _stop_pool(pool, out_dir, tag)
        raise
    pool.shutdown(wait=True)
    return n


def _write_parent(job: Job) -> None:
    kind, seed, params, out_dir, png, tmj = job
    write_all(level_files(level_task(kind, seed, params), Path(out_dir) / f"{kind}-{seed}", png=png, tmj=tmj))
