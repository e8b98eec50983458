"""Content made off the main loop: a background thread runs generators, the loop never waits.

Levels, dungeons and terrain chunks take milliseconds to seconds to generate; the game asks
for them ahead of time (the next seed, the chunks around the camera) and picks them up when
done. One worker thread, because the machine may have few cores and the game's own loop needs
one; jobs run in submission order, and a stale queued job can be cancelled.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class Worker:
    """Keyed background jobs: ``submit(key, fn)`` once, ``result(key)`` when needed."""

    def __init__(self, threads: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="procgen-game")
        self._jobs: dict[Hashable, Future[Any]] = {}
        # The worker holds the GIL in Python-level generator code; a short switch interval
        # hands it back to the game loop quickly so generation never shows as a hitch.
        sys.setswitchinterval(0.001)

    def submit(self, key: Hashable, fn: Callable[[], Any]) -> Future[Any]:
        if key not in self._jobs:
            self._jobs[key] = self._pool.submit(fn)
        return self._jobs[key]

    def ready(self, key: Hashable) -> bool:
        job = self._jobs.get(key)
        return job is not None and job.done()

    def result(self, key: Hashable, fn: Callable[[], Any] | None = None) -> Any:
        """The job's result, waiting for it (submitting ``fn`` first when not yet asked)."""
        if key not in self._jobs:
            if fn is None:
                raise KeyError(key)
            self.submit(key, fn)
        return self._jobs[key].result()

    def forget(self, key: Hashable) -> None:
        job = self._jobs.pop(key, None)
        if job is not None:
            job.cancel()

    def pending(self) -> int:
        return sum(not j.done() for j in self._jobs.values())

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
