"""Small memory pages around a large finite map's pipeline (speed only, never a value).

numpy asks the kernel for transparent huge pages (``madvise(MADV_HUGEPAGE)``) for every array
of 4 MiB or more. Where the kernel's THP ``defrag`` setting is ``madvise`` (this project's
virtual machines, and many distributions), the first touch of such an array can stall while
the kernel compacts memory to find 2 MiB pages. A 4096² map allocates dozens of map-sized
arrays, and those stalls made its cost per tile about 20% higher than a 1024² map's; with small
pages it is the same (measured at 4096²: 728 vs 606 ns a tile of CPU time, 1024²: 597; #18).

The switch is numpy's own (``_set_madvise_hugepage``, process-wide); without it, nothing happens.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import numpy as np

__all__ = ["LARGE_CELLS", "small_pages"]

#: Maps at least this large run with small pages (below it the arrays fit in cache anyway).
LARGE_CELLS = 1 << 22

_lock = threading.Lock()
_users = 0
_before = True


def _switch():  # numpy's process-wide hint, or None where this numpy has none
    core = getattr(np, "_core", None)
    multiarray = getattr(core, "multiarray", None)
    return getattr(multiarray, "_set_madvise_hugepage", None)


@contextlib.contextmanager
def small_pages(cells: int) -> Iterator[None]:
    """Within the block, numpy's new arrays stay on small pages when ``cells`` reaches
    :data:`LARGE_CELLS`; the previous setting comes back when the last such block ends (nested
    or concurrent blocks share one switch)."""
    global _users, _before
    switch = _switch() if cells >= LARGE_CELLS else None
    if switch is None:
        yield
        return
    with _lock:
        if _users == 0:
            _before = bool(switch(False))
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                switch(_before)
