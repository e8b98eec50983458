"""Seeds: every generator derives its own random streams from ``(seed, name, coordinates...)``.

There is no global random state anywhere in procgen. A child seed is a hash of the parent seed
and a path of names and numbers, so it does not depend on how many numbers some other part of
the program drew first: chunk ``(3, -2)`` of a world is the same whichever chunks were made
before it, and ``batch`` gives the same level for a seed whatever the worker count.

>>> child_seed(7, "cave", 3) == child_seed(7, "cave", 3)
True
>>> child_seed(7, "cave", 3) != child_seed(7, "cave", 4)
True
>>> float(rng(7, "cave").random())
0.7613799792099315
"""

from __future__ import annotations

import hashlib
import sys
import types

import numpy as np

__all__ = ["MAX_SEED", "check_seed", "child_seed", "rng"]

MAX_SEED = 2**63 - 1


def check_seed(seed: object) -> int:
    """Return ``seed`` as an int, or raise :class:`~procgen.errors.ParamError`."""
    from procgen.params import check_int

    return check_int("seed", seed, 0, MAX_SEED)


def child_seed(seed: int, *path: str | int) -> int:
    """A 63-bit seed derived from ``seed`` and a path of names and integers.

    Stable across processes, platforms and Python versions (BLAKE2b of a canonical text).
    """
    parts = [str(int(seed))]
    for p in path:
        if isinstance(p, str):
            parts.append("s" + p)
        else:
            parts.append("i" + str(int(p)))
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") & MAX_SEED


def rng(seed: int, *path: str | int) -> np.random.Generator:
    """A fresh numpy Generator (PCG64) for ``(seed, *path)``."""
    return np.random.default_rng(child_seed(seed, *path))


class _CallableModule(types.ModuleType):
    """``procgen.rng(seed, *path)`` keeps working while ``procgen.rng`` is this module (it used to
    be the function, shadowing the module depending on import order)."""

    def __call__(self, seed: int, *path: str | int) -> np.random.Generator:
        return rng(seed, *path)


sys.modules[__name__].__class__ = _CallableModule
