"""The trained level models shipped in ``trained/``: load (verified, cached) and decode latents.

A :class:`LevelModel` wraps a loaded GAN generator or VAE with what generation needs: the
tile domain, how to draw prior latents from a seeded generator, and a batched
``decode(z) -> tile ids``. Loading goes through :func:`~procgen.models.checkpoint.load_trained`
(hash, vocabulary and architecture checked; never a pickle; cached like the texture models).
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from typing import Any

import numpy as np
import torch

from procgen.errors import ParamError
from procgen.level import GeneratorName
from procgen.models.checkpoint import load_trained
from procgen.models.common import torch_generator
from procgen.models.data import Domain, domain_of
from procgen.models.decode import decode_ids
from procgen.models.gan import Generator, build_generator, latents
from procgen.models.vae import LevelVAE, build_vae

__all__ = ["LevelModel", "load_level_model", "model_name"]


@dataclass
class LevelModel:
    """A loaded level model: ``module`` (a GAN generator or a VAE) and its ``domain``."""

    name: str  # e.g. "platformer-gan"
    family: str  # "gan" or "vae"
    module: torch.nn.Module
    domain: Domain
    doc: dict[str, Any]

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

    @torch.no_grad()
    def logits(self, z: np.ndarray) -> torch.Tensor:
        zt = torch.from_numpy(np.ascontiguousarray(z, dtype=np.float32))
        if isinstance(self.module, LevelVAE):
            return self.module.decode(zt)
        return self.module(zt)

    def decode(self, z: np.ndarray) -> np.ndarray:
        """Latents ``(B, latent)`` -> tile ids ``(B, H, W)`` uint8 (argmax per tile)."""
        return decode_ids(self.logits(z), self.domain.unique).numpy().astype(np.uint8)

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

    Cached (:func:`~procgen.models.checkpoint.load_trained`): generating many levels loads once.
    """
    domain_name, _, family = name.rpartition("-")
    try:
        if GeneratorName(family) == GeneratorName.CLASSIC:
            raise ValueError(family)
        domain = domain_of(domain_name)
    except (ValueError, ParamError):
        raise ParamError(f"model: unknown level model {name!r}") from None
    build = build_generator if family == GeneratorName.GAN else build_vae
    module, doc = load_trained(name, path, build, vocabulary=domain.names)
    assert isinstance(module, (Generator, LevelVAE))
    return LevelModel(name, family, module, domain, doc)
