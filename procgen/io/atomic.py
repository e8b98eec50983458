"""Atomic file writes: temp files in the targets' folders, fsync, then rename over the targets.

A crash, a Ctrl-C, a SIGTERM (the CLI turns it into an exception) or a full disk in the middle
of a write leaves the old files (or none), never a truncated one, and no ``.tmp-*`` file.

:func:`write_all` is the all-or-nothing form a command with several outputs uses: every target
is checked before the first byte is written (its folder exists, it is not a folder, no target
is named twice), every temp file is written and synced, and only then are they renamed into
place. An existing file keeps its permission bits; a new one gets ``0o666`` less the umask.
A target that is not a regular file is never replaced by one: a character device
(``/dev/null``) or a FIFO with a reader is written through, anything else is refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from os import PathLike

from procgen.errors import ProcgenError

__all__ = ["atomic_write", "check_targets", "write_all"]

Target = str | PathLike[str]


def _umask() -> int:
    """The process umask, without changing it where /proc tells (os.umask both sets and gets)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _resolve(path: Target) -> tuple[str, str]:
    """``(as the user wrote it, the real path)``: a symlink's target is written, not the link."""
    shown = os.fspath(path)
    return shown, os.path.realpath(shown)


def check_targets(paths: Iterable[Target]) -> list[tuple[str, str]]:
    """Check that every path can be written, before anything is; return ``(shown, real)`` pairs.

    Raises ProcgenError naming the first bad path: a missing folder, a folder as the target,
    a non-regular target that cannot be written through, or a path given twice.
    """
    seen: dict[str, str] = {}
    out: list[tuple[str, str]] = []
    for path in paths:
        shown, real = _resolve(path)
        if real in seen:
            raise ProcgenError(f"{shown}: the same file is given for two outputs ({seen[real]})")
        seen[real] = shown
        folder = os.path.dirname(real)
        if not os.path.isdir(folder):
            what = "is not a folder" if os.path.exists(folder) else "does not exist"
            raise ProcgenError(f"{shown}: folder {os.path.dirname(os.path.abspath(shown))} {what}")
        try:
            st = os.stat(real)
        except FileNotFoundError:
            st = None
        except OSError as e:
            raise ProcgenError(f"{shown}: cannot write here: {e.strerror}") from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise ProcgenError(f"{shown}: is a folder, not a file")
        if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISCHR(st.st_mode)
                                   or stat.S_ISFIFO(st.st_mode)):
            raise ProcgenError(f"{shown}: is not a regular file (refusing to replace it)")
        if st is None or stat.S_ISREG(st.st_mode):
            if not os.access(folder, os.W_OK | os.X_OK):
                raise ProcgenError(f"{shown}: cannot write here: folder {folder} is not writable")
        elif not os.access(real, os.W_OK):
            raise ProcgenError(f"{shown}: cannot write: permission denied")
        out.append((shown, real))
    return out


def _write_through(shown: str, real: str, data: bytes) -> None:
    """Write into a device or FIFO in place (it cannot be replaced, and must not be)."""
    try:
        # Non-blocking open: a FIFO with no reader fails at once (ENXIO) instead of hanging.
        fd = os.open(real, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        why = "no process is reading it" if e.errno == 6 else e.strerror  # 6: ENXIO
        raise ProcgenError(f"{shown}: cannot write: {why}") from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as e:
        raise ProcgenError(f"{shown}: cannot write: {e.strerror}") from None
    finally:
        os.close(fd)


def write_all(files: Iterable[tuple[Target, bytes]]) -> None:
    """Write every ``(path, data)`` or none: check all, stage all temp files, then rename all."""
    files = list(files)
    targets = check_targets(p for p, _ in files)
    staged: list[tuple[str, str, str]] = []  # (shown, real, temp)
    through: list[tuple[str, str, bytes]] = []
    new_mode = 0o666 & ~_umask()
    try:
        for (shown, real), (_, data) in zip(targets, files, strict=True):
            try:
                st = os.stat(real)
            except FileNotFoundError:
                st = None
            if st is not None and not stat.S_ISREG(st.st_mode):
                through.append((shown, real, data))
                continue
            mode = stat.S_IMODE(st.st_mode) if st is not None else new_mode
            _stage(shown, real, data, mode, staged)
        for shown, real, tmp in list(staged):
            try:
                os.replace(tmp, real)
            except OSError as e:
                raise ProcgenError(f"{shown}: cannot write: {e.strerror}") from None
            staged.remove((shown, real, tmp))
        for shown, real, data in through:
            _write_through(shown, real, data)
    finally:
        # Runs on any exception, KeyboardInterrupt and the CLI's SIGTERM/SIGHUP included.
        for _, _, tmp in staged:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _stage(shown: str, real: str, data: bytes, mode: int, staged: list[tuple[str, str, str]]) -> None:
    """Write ``data`` to a synced temp file beside ``real``, listed in ``staged`` at once
    (so whoever unwinds an interruption finds it)."""
    folder, name = os.path.split(real)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix="-" + name, dir=folder)
        staged.append((shown, real, tmp))
    except OSError as e:
        raise ProcgenError(f"{shown}: cannot write here: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
    except OSError as e:  # the caller's cleanup unlinks the temp file
        raise ProcgenError(f"{shown}: cannot write: {e.strerror}") from None


def atomic_write(path: Target, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; an unwritable target raises ProcgenError."""
    write_all([(path, data)])
