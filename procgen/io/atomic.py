"""Atomic file writes: a temp file in the target's folder, fsync, then rename over the target.

A crash, a Ctrl-C or a full disk in the middle of a write leaves the old file (or none), never
a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from os import PathLike

from procgen.errors import ProcgenError

__all__ = ["atomic_write"]


def atomic_write(path: str | PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; an unwritable target raises ProcgenError."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ProcgenError(f"{path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix="-" + os.path.basename(path), dir=folder)
    except OSError as e:
        raise ProcgenError(f"{path}: cannot write here: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise ProcgenError(f"{path}: cannot write: {e.strerror}") from None
        raise
