"""Guards for user-given values: one function per value type, one message shape.

Each guard returns the value (as the plain Python type) or raises
:class:`~procgen.errors.ParamError` reading ``name: must be ..., got value``, so the CLI prints
one line naming the option. ``bool`` is never accepted as a number (``True`` is an ``int`` to
Python, but ``enemies=True`` is a mistake).

>>> check_int("enemies", 3, 0, 10)
3
>>> check_unit("difficulty", 1)
1.0
>>> check_int("rooms", 0, 1, 64)
Traceback (most recent call last):
...
procgen.errors.ParamError: rooms: must be a whole number 1..64, got 0
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TypeVar

import numpy as np

from procgen.errors import ParamError

__all__ = [
    "check_choice",
    "check_float",
    "check_int",
    "check_int_pair",
    "check_text",
    "check_unit",
    "is_int",
    "is_number",
]

T = TypeVar("T")


def is_int(value: object) -> bool:
    """A whole number (Python or numpy int), not a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def is_number(value: object) -> bool:
    """A real number (int or float, Python or numpy), not a bool."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f" {lo}..{hi}"
    if lo is not None:
        return f" >= {lo}"
    if hi is not None:
        return f" <= {hi}"
    return ""


def check_int(name: str, value: object, lo: int | None = None, hi: int | None = None, what: str = "") -> int:
    """``value`` as an int within ``lo..hi`` (either bound None: open); ``what`` says what the
    number counts, for the message (``"columns"``, ``"edges on the way to the exit"``)."""
    if not is_int(value) or (lo is not None and value < lo) or (hi is not None and value > hi):  # type: ignore[operator]
        unit = f" ({what})" if what else ""
        raise ParamError(f"{name}: must be a whole number{_range(lo, hi)}{unit}, got {value!r}")
    return int(value)  # type: ignore[call-overload]


def check_float(name: str, value: object, lo: float | None = None, hi: float | None = None) -> float:
    """``value`` as a finite float within ``lo..hi`` (either bound None: open)."""
    ok = is_number(value) and math.isfinite(float(value))  # type: ignore[arg-type]
    if not ok or (lo is not None and float(value) < lo) or (hi is not None and float(value) > hi):  # type: ignore[arg-type]
        raise ParamError(f"{name}: must be a number{_range(lo, hi)}, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def check_unit(name: str, value: object) -> float:
    """``value`` as a float in 0..1 (a share, a difficulty, a height quantile)."""
    return check_float(name, value, 0, 1)


def check_text(name: str, value: object) -> str:
    """``value`` as a string."""
    if not isinstance(value, str):
        raise ParamError(f"{name}: must be text, got {value!r}")
    return value


def check_choice(name: str, value: T, choices: Iterable[T]) -> T:
    """``value`` if it is one of ``choices``."""
    options = list(choices)
    if value not in options:
        raise ParamError(f"{name}: must be one of {', '.join(map(str, options))}, got {value!r}")
    return value


def check_int_pair(name: str, value: object, lo: int = 1) -> tuple[int, int]:
    """``(A, B)``: a tuple or list of two whole numbers, each at least ``lo``."""
    if not (isinstance(value, (tuple, list)) and len(value) == 2 and all(is_int(v) and v >= lo for v in value)):
        raise ParamError(f"{name}: must be two whole numbers >= {lo} (A, B), got {value!r}")
    return int(value[0]), int(value[1])
