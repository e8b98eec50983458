"""The trained level models shipped in ``trained/``: load (verified, cached) and decode latents.

A :class:`LevelModel` wraps a loaded GAN generator or VAE with what generation needs: the
tile domain, how to draw prior latents from a seeded generator, and a batched
``decode(z) -> tile ids``. Loading goes through :func:`~procgen.models.checkpoint.load_checkpoint`
(hash, vocabulary and architecture checked; never a pickle).

Decoding runs a copy of the module (made at load; the loaded module is never changed) whose
convolution weights are in channels-last memory order: the same values, but oneDNN then
convolves without reordering every input and output (measured 17-39% less time per decode).
It runs under ``torch.inference_mode``, and a small batch (the searches decode a few windows
or rooms at a time) on one torch thread: on the 2-core machine a batch of 16 rooms took 1.0 ms
on one thread and 6.5 ms on two while other processes kept the cores busy (the threads wait on
each other at every layer). The thread count is restored after each decode. The tile ids do
not depend on the thread count or the batch size (``tests/models/test_shipped.py``).
"""

from __future__ import annotations

import contextlib
import copy
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

import numpy as np
import torch

from procgen.errors import ParamError
from procgen.level import GeneratorName
from procgen.models.checkpoint import load_checkpoint
from procgen.models.common import torch_generator
from procgen.models.data import Domain, domain_of
from procgen.models.decode import decode_ids
from procgen.models.gan import Generator, build_generator, latents
from procgen.models.locate import checkpoint_path, not_found
from procgen.models.vae import LevelVAE, build_vae

__all__ = ["ONE_THREAD_TILES", "LevelModel", "load_level_model", "model_name"]

#: Decodes of at most this many output tiles (batch x height x width) run on one torch thread:
#: 64 platformer windows, or 420 rooms. Larger batches keep torch's own thread count.
ONE_THREAD_TILES = 64 * 14 * 28


@contextlib.contextmanager
def _threads_for(tiles: int) -> Iterator[None]:
    """One torch thread for a small decode (see the module docstring), restored afterwards."""
    before = torch.get_num_threads()
    if tiles > ONE_THREAD_TILES or before == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@dataclass
class LevelModel:
    """A loaded level model: ``module`` (a GAN generator or a VAE) and its ``domain``."""

    name: str  # e.g. "platformer-gan"
    family: str  # "gan" or "vae"
    module: torch.nn.Module
    domain: Domain
    doc: dict[str, Any]
    #: What decodes: ``module``'s copy in channels-last order (see the module docstring).
    inference: torch.nn.Module = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.inference = copy.deepcopy(self.module).eval()
        for p in self.inference.parameters():
            if p.dim() == 4:  # convolution weights
                p.data = p.data.contiguous(memory_format=torch.channels_last)

    @property
    def latent(self) -> int:
        return int(self.doc["config"]["latent"])

    def prior(self, n: int, seed: int, *path: str | int) -> np.ndarray:
        """``n`` latents ``(n, latent)`` float32 from the model's sampling prior for ``(seed, path)``."""
        g = torch_generator(seed, self.name, "prior", *path)
        cfg = self.doc["config"]
        if self.family == GeneratorName.GAN:
            z = latents(n, self.latent, g, float(cfg.get("truncation", 2.0)))
        else:
            z = torch.randn(n, self.latent, generator=g) * float(cfg.get("temperature", 1.0))
        return z.numpy()

    def logits(self, z: np.ndarray) -> torch.Tensor:
        """Latents ``(B, latent)`` -> tile logits ``(B, C, H, W)`` (no autograd)."""
        zt = torch.from_numpy(np.ascontiguousarray(z, dtype=np.float32))
        with torch.inference_mode(), _threads_for(len(zt) * self.domain.height * self.domain.width):
            return self._forward(zt)

    def _forward(self, zt: torch.Tensor) -> torch.Tensor:
        net = self.inference
        return net.decode(zt) if isinstance(net, LevelVAE) else net(zt)

    def decode(self, z: np.ndarray) -> np.ndarray:
        """Latents ``(B, latent)`` -> tile ids ``(B, H, W)`` uint8 (argmax per tile)."""
        zt = torch.from_numpy(np.ascontiguousarray(z, dtype=np.float32))
        with torch.inference_mode(), _threads_for(len(zt) * self.domain.height * self.domain.width):
            return decode_ids(self._forward(zt), self.domain.unique).to(torch.uint8).numpy()

    @torch.no_grad()
    def encode(self, ids: np.ndarray) -> np.ndarray:
        """VAE only: tile ids ``(B, H, W)`` -> posterior means ``(B, latent)``."""
        if not isinstance(self.module, LevelVAE):
            raise ParamError(f"generator: {self.name} has no encoder; use a vae model")
        from procgen.models.tilenet import one_hot

        x = one_hot(torch.from_numpy(np.asarray(ids, dtype=np.int64)), self.domain.channels)
        mu, _ = self.module.encode(x)
        return mu.numpy()


def model_name(domain: str, generator: str) -> str:
    """``("platformer", "gan")`` -> ``"platformer-gan"``; other generators are a ParamError."""
    if generator not in (GeneratorName.GAN, GeneratorName.VAE):
        raise ParamError(f"generator: the trained models are gan and vae, not {generator!r}")
    return f"{domain}-{generator}"


def load_level_model(name: str, path: str | PathLike[str] | None = None) -> LevelModel:
    """Load ``name`` (``"platformer-gan"``, ``"room-vae"``, ...) from ``path`` (a checkpoint
    config or a folder holding ``NAME.json``), else as :mod:`procgen.models.locate` finds it.

    Cached per (name, path, file modification time): generating many levels loads once.
    """
    p = checkpoint_path(name, path)
    json_path = p if p.suffix == ".json" else p.with_name(p.name + ".json")
    try:
        mtime = json_path.stat().st_mtime_ns
    except OSError:
        if path is None:
            raise not_found(name, json_path) from None
        mtime = -1  # load_checkpoint reports the missing file
    return _load(name, str(p), mtime)


@functools.lru_cache(maxsize=16)
def _load(name: str, path: str, mtime: int) -> LevelModel:
    domain_name, _, family = name.rpartition("-")
    try:
        if GeneratorName(family) == GeneratorName.CLASSIC:
            raise ValueError(family)
        domain = domain_of(domain_name)
    except (ValueError, ParamError):
        raise ParamError(f"model: unknown level model {name!r}") from None
    build = build_generator if family == GeneratorName.GAN else build_vae
    module, doc = load_checkpoint(path, build, model=name, vocabulary=domain.names)
    assert isinstance(module, (Generator, LevelVAE))
    return LevelModel(name, family, module, domain, doc)
