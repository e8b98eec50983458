"""Termination signals as exceptions, so every ``finally`` and cleanup runs.

Python turns SIGINT into KeyboardInterrupt; SIGTERM and SIGHUP kill the process outright,
which would leave a write's ``.tmp-*`` file behind and a batch's workers running. The CLI
installs :func:`termination_as_exception` around a command: SIGTERM and SIGHUP raise
:class:`Terminated` (a KeyboardInterrupt, so code that already unwinds on Ctrl-C unwinds on
them too), and the command ends with status ``128 + signal``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["TERMINATION_SIGNALS", "Terminated", "termination_as_exception"]

#: The signals that end a command as an exception (SIGHUP is absent on Windows).
TERMINATION_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Terminated(KeyboardInterrupt):
    """The process was asked to stop by ``signum`` (SIGTERM, SIGHUP)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextmanager
def termination_as_exception() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread.

    A signal whose handler is not the default (ignored, or the embedding program's own) is
    left alone. Outside the main thread (where Python cannot set handlers) it does nothing. The previous
    handlers come back afterwards, so calling ``cli.main`` in-process leaves no trace.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # A signal someone chose to ignore (``nohup`` ignores SIGHUP) stays ignored.
    previous = {s: signal.signal(s, _raise) for s in TERMINATION_SIGNALS
                if signal.getsignal(s) is signal.SIG_DFL}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
