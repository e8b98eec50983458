"""What every model file shares: seeded torch generators, device choice, where models are found."""

from __future__ import annotations

from collections.abc import Iterator

import torch

from procgen.errors import ParamError
from procgen.models.locate import trained_dir  # re-exported: where models are looked up by name
from procgen.rng import child_seed

__all__ = ["batches", "device_of", "torch_generator", "trained_dir"]


def torch_generator(seed: int, *path: str | int, device: str = "cpu") -> torch.Generator:
    """A torch Generator seeded from ``(seed, *path)``; never the global torch RNG."""
    g = torch.Generator(device=device)
    g.manual_seed(child_seed(seed, *path))
    return g


def batches(n: int, batch: int, g: torch.Generator) -> Iterator[torch.Tensor]:
    """Endless mini-batch indices: a fresh seeded permutation every epoch (one short batch when
    the data is smaller than a batch)."""
    while True:
        perm = torch.randperm(n, generator=g)
        for i in range(0, max(n - batch, 0) + 1, batch):
            yield perm[i : i + batch]


def device_of(name: str) -> torch.device:
    """``"cpu"`` or ``"cuda"``; asking for CUDA where none is available is a ParamError."""
    if name == "cpu":
        return torch.device("cpu")
    if name == "cuda":
        if not torch.cuda.is_available():
            raise ParamError("device: cuda was requested but no CUDA device is available")
        return torch.device("cuda")
    raise ParamError(f"device: must be cpu or cuda, got {name!r}")


