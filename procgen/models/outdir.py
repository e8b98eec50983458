"""The output folder of ``procgen train``: checked before the data loads, made only after.

A run that fails on its data (or on a ``--out`` that is a file) must leave nothing behind.
"""

from __future__ import annotations

import os
from os import PathLike, fspath
from pathlib import Path

from procgen.errors import ParamError

__all__ = ["check_out_folder", "make_out_folder"]


def check_out_folder(out: str | PathLike[str]) -> Path:
    """``out`` can become the output folder: it is a folder, or can be made in a writable one.

    Creates nothing (a training run that fails on its data leaves no folder behind).
    """
    path = Path(fspath(out))
    probe = path
    while not probe.exists():
        if probe.is_symlink():  # a dangling link
            raise ParamError(f"out: {probe} is a broken link")
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        what = "is" if probe == path else f"is under {probe}, which is"
        raise ParamError(f"out: {path} {what} a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ParamError(f"out: {probe} is not writable")
    return path


def make_out_folder(out: str | PathLike[str]) -> Path:
    """Make the output folder (and its parents), as a ParamError if that fails."""
    path = check_out_folder(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ParamError(f"out: cannot create folder {path}: {e.strerror}") from None
    return path
