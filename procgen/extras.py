"""Optional parts of procgen and the pip extra that brings each, so a missing one is named.

A base ``pip install procgen-forge`` does terrain, classic levels, exports and textures; the
trained models need ``[models]`` (torch, safetensors), the viewer ``[game]`` (pygame). Code
that reaches for an optional package imports it through :func:`import_optional`, which turns
"No module named 'torch'" into one line saying what to install.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

from procgen.errors import ParamError

__all__ = ["EXTRAS", "MissingExtraError", "extra_for", "fast_kernels", "import_optional", "missing"]

#: Top-level module -> the extra of ``procgen-forge`` that installs it.
EXTRAS = {
    "torch": "models",
    "safetensors": "models",
    "pygame": "game",
    "dask": "scale",
    "zarr": "scale",
    "noise": "noise",
}


class MissingExtraError(ParamError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


def extra_for(error: ModuleNotFoundError) -> str | None:
    """The extra that provides the module ``error`` could not find, or None if it is not ours."""
    top = (error.name or "").partition(".")[0]
    return EXTRAS.get(top)


def missing(error: ModuleNotFoundError, what: str) -> MissingExtraError | None:
    """The one-line error for ``what`` failing on ``error``, or None when no extra provides it."""
    extra = extra_for(error)
    if extra is None:
        return None
    return MissingExtraError(
        f"{what} needs {error.name}, which is not installed: pip install 'procgen-forge[{extra}]'"
    )


def import_optional(module: str, what: str) -> ModuleType:
    """Import ``module`` (which needs an optional package); ``what`` names the feature asked for.

    >>> import_optional("procgen.level", "levels").__name__
    'procgen.level'
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        err = missing(e, what)
        if err is None:
            raise
        raise err from None


def fast_kernels(module: str) -> ModuleType | None:
    """The numba kernels in ``module`` (the ``[fast]`` extra), or None without numba or with
    ``PROCGEN_NO_JIT`` set in the environment: the caller then takes its numpy path, which
    gives the same bytes.

    >>> fast_kernels("procgen.no_such_kernels") is None  # as when numba is missing
    True
    """
    if os.environ.get("PROCGEN_NO_JIT"):
        return None
    try:
        return importlib.import_module(module)
    except ImportError:  # numba is not installed
        return None
