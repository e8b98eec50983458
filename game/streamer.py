"""Terrain chunks made ahead of the camera in the background, nearest first.

Each frame the overworld says which chunks it wants, in priority order (on screen first, then
a ring ahead of the camera); the thread always takes the most wanted chunk next, so when you
fly fast or zoom out, chunks you left behind are dropped from the queue instead of delaying
the ones you see. Finished chunks wait in ``done`` until the game loop picks them up under a
per-frame budget: generation never blocks a frame.

Where the machine has a second core, the thread hands each job to one worker process: Python
code generating terrain in a thread would hold the GIL the game loop needs to draw. A job is a
picklable call ``(function, *args)``; without a process (one core, or a pool that cannot
start) the thread runs it itself.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from procgen.launch import viewer_package

_niced = False


def _niced_call(fn: Callable[..., Any], *args: Any) -> Any:
    """Run a job in the worker process, which first yields the CPU to the game loop: on a busy
    machine chunks arrive a little later instead of frames arriving late (best effort)."""
    global _niced
    if not _niced:
        _niced = True
        try:
            os.nice(10)
        except (AttributeError, OSError):  # no nice() here (Windows) or not allowed: run as is
            pass
    return fn(*args)


class Streamer:
    """A background maker of keyed items with a replaceable priority list."""

    def __init__(self, job: Callable[[Any], tuple[Any, ...]], capacity: int = 4096, processes: bool = True) -> None:
        self._job = job
        self._pool: ProcessPoolExecutor | None = None
        if processes and (os.cpu_count() or 1) > 1:
            try:
                # spawn, not fork: the game process holds SDL state and threads.
                # The fresh process must import the viewer under the name this one loaded it
                # as (a checkout loads game/ as procgen_viewer): viewer_package does that,
                # before any job naming procgen_viewer.* is unpickled there.
                self._pool = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"), initializer=viewer_package
                )
            except (OSError, ValueError):
                self._pool = None
        self._wanted: list[Hashable] = []
        self._busy: Hashable | None = None
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        #: Notified whenever an item is made or fails (what ``wait`` sleeps on).
        self._made = threading.Condition(self._lock)
        self.done: OrderedDict[Hashable, Any] = OrderedDict()
        self.errors: dict[Hashable, BaseException] = {}
        self.capacity = capacity
        #: Seconds spent making each item (the benchmark reports them).
        self.times: list[float] = []
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="procgen-chunks", daemon=True)
        self._thread.start()

    def want(self, keys: Iterable[Hashable]) -> None:
        """Replace the queue with ``keys`` (most wanted first), skipping what is made already."""
        with self._lock:
            self._wanted = [k for k in keys if k not in self.done and k not in self.errors and k != self._busy]
            if self._wanted:
                # Waking the thread for nothing each frame hands it the GIL for nothing.
                self._wake.notify()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            if key in self.done:
                self.done.move_to_end(key)
                return self.done[key]
        return None

    def make_now(self, key: Hashable) -> Any:
        """Make one item on the calling thread (when it is needed before anything can be shown)."""
        item = self.get(key)
        if item is None:
            fn, *args = self._job(key)
            item = fn(*args)
            with self._lock:
                self._store(key, item)
        return item

    def wait(self, keys: Iterable[Hashable], timeout: float) -> bool:
        """Block until every key is made (or failed), at most ``timeout`` seconds; True when all are.

        Automated runs and tests wait here on exactly what they need, woken by each finished
        item: how fast the machine is changes how long they wait, never what they see.
        """
        keys = list(keys)
        with self._made:
            return self._made.wait_for(lambda: all(k in self.done or k in self.errors for k in keys), timeout)

    def queued(self) -> int:
        with self._lock:
            return len(self._wanted) + (self._busy is not None)

    def _store(self, key: Hashable, item: Any) -> None:
        self.done[key] = item
        while len(self.done) > self.capacity:
            self.done.popitem(last=False)

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._wanted and not self._stop:
                    self._wake.wait()
                if self._stop:
                    return
                key = self._wanted.pop(0)
                self._busy = key
            start = time.perf_counter()
            try:
                item = self._make(key)
            except BrokenProcessPool:
                self._pool = None  # the worker died: carry on in this thread
                with self._lock:
                    self._busy = None
                    self._wanted.insert(0, key)
                continue
            except Exception as e:  # reported on screen by the mode, never kills the thread
                with self._lock:
                    self.errors[key] = e
                    self._busy = None
                    self._made.notify_all()
                continue
            elapsed = time.perf_counter() - start
            with self._lock:
                self.times.append(elapsed)
                self._store(key, item)
                self._busy = None
                self._made.notify_all()

    def _make(self, key: Hashable) -> Any:
        fn, *args = self._job(key)
        if self._pool is not None:
            return self._pool.submit(_niced_call, fn, *args).result()
        return fn(*args)

    def close(self) -> None:
        with self._lock:
            self._stop = True
            self._wake.notify()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
