"""A small VAE over one-hot tile windows with a categorical decoder.

The encoder maps a window to a Gaussian posterior ``(mu, logvar)``; the decoder (the same
architecture as the GAN's generator) maps a latent to per-tile logits, and the reconstruction
loss is the cross-entropy of the true tiles. Its latent space is what blending and
interpolation walk through (:mod:`procgen.models.blend`): encode two levels, mix the latents,
decode.

>>> vae = LevelVAE(VAEConfig(height=9, width=13, channels=9, latent=8, base=8))
>>> seeded_init(vae, torch_generator(0, "doc"))
>>> ids = torch.zeros(2, 9, 13, dtype=torch.long)
>>> mu, logvar = vae.encode(one_hot(ids, 9))
>>> vae.decode(mu).argmax(1).shape
torch.Size([2, 9, 13])
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from procgen.models.common import torch_generator
from procgen.models.decode import decode_ids
from procgen.models.tilenet import (
    TileDecoder,
    TileEncoder,
    condition_planes,
    neutral_condition,
    one_hot,
    seeded_init,
)

__all__ = [
    "LevelVAE",
    "VAEConfig",
    "build_vae",
    "one_hot",
    "seeded_init",
    "tile_weights",
    "torch_generator",
    "vae_loss",
]


@dataclass
class VAEConfig:
    """Architecture of a tile VAE; the checkpoint JSON stores it as a dict."""

    height: int = 14
    width: int = 28
    channels: int = 13
    latent: int = 32
    base: int = 32
    beta: float = 1.0  # weight of the KL term at the end of its warm-up
    temperature: float = 1.0  # scale of prior samples (a little below 1 gives cleaner levels)
    #: Class-conditional inputs, as :class:`procgen.models.gan.GANConfig` (a conditional VAE:
    #: both the encoder and the decoder see the condition).
    styles: int = 0
    difficulty: bool = False
    #: Tile channels decoded as points, kept apart (see :mod:`procgen.models.decode`): those
    #: the training windows never put next to their own kind. Empty: a plain argmax.
    points: tuple[int, ...] = ()

    @property
    def conditions(self) -> int:
        return self.styles + int(self.difficulty)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> VAEConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown VAE config fields {sorted(unknown)}")
        cfg = cls(**d)
        cfg.points = tuple(cfg.points)  # a JSON list
        return cfg


class LevelVAE(nn.Module):
    """Encoder to ``(mu, logvar)`` ``(B, latent)`` each, decoder to logits ``(B, C, H, W)``."""

    def __init__(self, config: VAEConfig) -> None:
        super().__init__()
        self.config = config
        c = config
        if not all(0 <= p < c.channels for p in c.points):
            raise ValueError(f"points {list(c.points)} name a channel outside 0..{c.channels - 1}")
        self.encoder = TileEncoder(c.channels + c.conditions, c.height, c.width, c.base, 2 * c.latent)
        self.decoder = TileDecoder(c.latent + c.conditions, c.channels, c.height, c.width, c.base)

    def _cond(self, n: int, cond: torch.Tensor | None) -> torch.Tensor | None:
        c = self.config
        if not c.conditions:
            return None
        return neutral_condition(n, c.styles, c.difficulty) if cond is None else cond

    def encode(self, x: torch.Tensor, cond: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        mu, logvar = self.encoder(condition_planes(x, self._cond(len(x), cond))).chunk(2, dim=1)
        # Clamped so an odd input cannot blow up exp() in the reparameterisation.
        return mu, logvar.clamp(-8.0, 8.0)

    def decode(self, z: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        c = self._cond(len(z), cond)
        return self.decoder(z if c is None else torch.cat([z, c.to(z)], dim=1))

    def forward(
        self, x: torch.Tensor, generator: torch.Generator, cond: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Logits of a reconstruction through a sampled latent, and the posterior."""
        mu, logvar = self.encode(x, cond)
        eps = torch.randn(mu.shape, generator=generator, device=mu.device)
        z = mu + eps * (0.5 * logvar).exp()
        return self.decode(z, cond), mu, logvar

    @torch.no_grad()
    def sample_ids(self, z: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        """Tile ids ``(B, H, W)`` (int64) for latents ``z``: the argmax of the logits, point
        tiles kept apart."""
        return decode_ids(self.decode(z, cond), points=self.config.points)


def build_vae(config: dict[str, Any]) -> LevelVAE:
    """Rebuild a VAE from its checkpoint config (for :func:`load_checkpoint`)."""
    return LevelVAE(VAEConfig.from_dict(config))


def vae_loss(
    logits: torch.Tensor, ids: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor, beta: float,
    weight: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """``(total, reconstruction, kl)``, each summed over a window and averaged over the batch.

    ``weight``: per tile class ``(C,)``, scales each tile's cross-entropy (see
    :func:`tile_weights`); None weighs every tile 1.
    """
    b = ids.shape[0]
    recon = F.cross_entropy(logits, ids, weight=weight, reduction="sum") / b
    kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum() / b
    return recon + beta * kl, recon, kl


def tile_weights(ids: torch.Tensor, channels: int, power: float) -> torch.Tensor | None:
    """Per-class weights ``(C,)`` that lift rare tiles: ``w_c ∝ freq_c ** -power``, scaled so
    the average weight of a training tile is 1 (the loss keeps its size). None for power 0.

    A VAE's blurry posterior rarely makes a rare tile the argmax (enemies are 0.3% of the
    platformer corpus's tiles), so unweighted it decodes levels with almost no enemies.

    >>> w = tile_weights(torch.tensor([[[0, 0, 0, 1]]]), 2, 0.5)
    >>> [round(v, 3) for v in w.tolist()]
    [0.845, 1.464]
    """
    if power == 0:
        return None
    counts = torch.bincount(ids.reshape(-1).long(), minlength=channels).double()
    freq = counts / counts.sum()
    w = (freq + 1e-4) ** -power
    return (w / (freq * w).sum()).float()
