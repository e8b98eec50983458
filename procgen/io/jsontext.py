"""Strict JSON parsing for files a user hands us: levels and checkpoint configs.

``json.loads`` accepts things that later break a program far from the file: ``NaN`` and
``Infinity`` (not JSON, and they cannot be written back), ``1e999`` (becomes infinity), integer
literals of thousands of digits (a ValueError from Python's digit limit, or a slow giant int),
and nesting deep enough to exhaust the stack. :func:`strict_loads` refuses each with a
:class:`JSONTextError` whose message says what is wrong, and ``read_limited`` reads a file
no larger than a bound without reserving the bound in memory.
"""

from __future__ import annotations

import json
import math
import os
import stat
from typing import Any

__all__ = ["MAX_INT_DIGITS", "JSONTextError", "read_limited", "strict_loads"]

#: Longest integer literal accepted: seeds are below 2**64 (20 digits); nothing needs more.
MAX_INT_DIGITS = 40


class JSONTextError(ValueError):
    """Text that is not acceptable JSON; the message reads ``where: what is wrong``."""


def _int(text: str) -> int:
    digits = len(text) - text.startswith("-")
    if digits > MAX_INT_DIGITS:
        raise JSONTextError(f"an integer literal of {digits} digits is too long (at most {MAX_INT_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONTextError(f"the number {text[:24]}{'...' if len(text) > 24 else ''} is out of range")
    return value


def _constant(text: str) -> Any:
    raise JSONTextError(f"{text} is not a JSON number (only finite numbers are allowed)")


def strict_loads(text: str | bytes) -> Any:
    """Parse JSON text with only finite numbers, integers of sane length and bounded nesting."""
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except JSONTextError:
        raise
    except json.JSONDecodeError as e:
        raise JSONTextError(f"line {e.lineno} column {e.colno}: invalid JSON: {e.msg}") from None
    except RecursionError:
        raise JSONTextError("(document): nested too deeply") from None
    except UnicodeDecodeError:
        raise JSONTextError("(document): not UTF-8 text") from None
    except ValueError as e:  # e.g. a non-UTF encoding json detects but cannot decode
        raise JSONTextError(f"(document): not readable JSON text ({e})") from None


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of ``path`` if it holds at most ``limit`` bytes, else JSONTextError.

    A regular file's size is checked before reading, and only what it holds is read; a pipe
    or device is read in blocks until the limit. OSError propagates for the caller to word.
    """
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "Is a directory")
        if stat.S_ISREG(st.st_mode):
            if st.st_size > limit:
                raise JSONTextError(f"file is {st.st_size} bytes, larger than the {limit >> 20} MB allowed")
            data = f.read(st.st_size + 1)  # +1: a file that grew meanwhile still meets the bound
        else:
            blocks, total = [], 0
            while total <= limit:
                block = f.read(min(1 << 20, limit + 1 - total))
                if not block:
                    break
                blocks.append(block)
                total += len(block)
            data = b"".join(blocks)
    if len(data) > limit:
        raise JSONTextError(f"file is larger than the {limit >> 20} MB allowed")
    return data
