"""Beyond one machine: huge worlds and large level datasets on Dask (the ``[scale]`` extra).

Every generator is a pure function of its seed and coordinates, so the work spreads over
processes and machines with no coordination: each Dask task computes one block of the world
(or one shard of levels) and writes it straight to its own place in the output.

* :mod:`procgen.scale.cluster`: a Dask client for a local cluster or an existing scheduler.
* :mod:`procgen.scale.world_zarr`: ``to_dask(world, region)`` arrays, ``procgen world export`` to
  Zarr, and ``WorldStore`` to read a store back like a world.
* :mod:`procgen.scale.shards`: ``procgen batch --format jsonl``: sharded, resumable JSON Lines.

Dask and Zarr are optional; only these modules import them, and a missing extra is a one-line
error naming the install command (:func:`require`).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from procgen.errors import ParamError

__all__ = ["INSTALL_HINT", "require", "require_all"]

INSTALL_HINT = "pip install 'procgen-forge[scale]'"


def require(module: str, what: str) -> ModuleType:
    """Import ``module`` (dask, distributed or zarr), or raise a one-line ParamError naming the extra.

    ``what`` names the feature that needs it, for the message ("world export", "--scheduler").
    """
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ParamError(f"{what} needs the optional Dask/Zarr extra ({e.name or module} is not "
                         f"installed); install it with: {INSTALL_HINT}") from None


def require_all(what: str) -> None:
    """Check the whole extra up front, before a cluster starts (dask, distributed and zarr)."""
    for module in ("dask.array", "distributed", "zarr"):
        require(module, what)
