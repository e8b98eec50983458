"""A small GAN over one-hot tile windows: platformer windows (14×28) and dungeon rooms (9×13).

The generator maps a latent vector to tile logits (see :class:`~procgen.models.tilenet.TileDecoder`);
during training the critic sees the generator's softmax against one-hot real windows, so the
generator learns to make near one-hot output, and a sample is the per-tile argmax. The critic
is spectrally normalised and trained with the hinge loss (SNGAN): stable on small corpora,
and cheaper than a gradient penalty on a laptop CPU. Only the generator is shipped.

>>> g = Generator(GANConfig(height=9, width=13, channels=9, latent=8, base=8))
>>> seeded_init(g, torch_generator(0, "doc"))
>>> g.sample_ids(latents(3, 8, torch_generator(0, "z"))).shape
torch.Size([3, 9, 13])
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from procgen.models.common import torch_generator
from procgen.models.tilenet import (
    TileDecoder,
    TileEncoder,
    condition_planes,
    neutral_condition,
    seeded_init,
)

__all__ = [
    "Critic",
    "GANConfig",
    "Generator",
    "batch_spread",
    "build_generator",
    "critic_loss",
    "fake_tiles",
    "generator_loss",
    "latents",
    "neutral_condition",
    "seeded_init",
    "torch_generator",
]


@dataclass
class GANConfig:
    """Architecture of a tile GAN; the checkpoint JSON stores it as a dict."""

    height: int = 14
    width: int = 28
    channels: int = 13
    latent: int = 32
    base: int = 32  # generator width (channels of the last hidden layer)
    critic_base: int = 32
    truncation: float = 2.0  # latents are drawn from N(0, 1) truncated to ±truncation
    #: Sampling only: prior latents are scaled by this (set at ship time; training draws N(0, 1)).
    #: Above 1 the generator's rarer layouts come up more often: more varied rooms.
    temperature: float = 1.0
    #: Training only: show the critic hard one-hot fakes (gradients flow through the softmax,
    #: straight-through), so it cannot tell fakes by their softness alone.
    straight_through: bool = True
    #: Class-conditional inputs (0 / False: an unconditional model, as the checkpoints before
    #: them): style classes (their names are the checkpoint's ``conditions.styles``) and a
    #: difficulty in 0..1 (the kind's measured difficulty of a window).
    styles: int = 0
    difficulty: bool = False
    #: Training only: the critic also sees how much the batch's windows differ from each other
    #: (the minibatch standard deviation of ProGAN, Karras et al. 2018), so a generator that
    #: collapses onto a few layouts is told apart from the varied real batch.
    minibatch_std: bool = False

    @property
    def conditions(self) -> int:
        """Width of the condition vector (see :func:`procgen.models.tilenet.conditions`)."""
        return self.styles + int(self.difficulty)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GANConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown GAN config fields {sorted(unknown)}")
        return cls(**d)


class Generator(nn.Module):
    """Latent ``(B, latent)`` (+ condition ``(B, K)``) -> tile logits ``(B, C, H, W)``."""

    def __init__(self, config: GANConfig) -> None:
        super().__init__()
        self.config = config
        c = config
        self.net = TileDecoder(c.latent + c.conditions, c.channels, c.height, c.width, c.base)

    def forward(self, z: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        c = self.config
        if c.conditions:
            if cond is None:
                cond = neutral_condition(len(z), c.styles, c.difficulty)
            assert cond is not None
            z = torch.cat([z, cond.to(z)], dim=1)
        return self.net(z)

    @torch.no_grad()
    def sample_ids(self, z: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        """Tile ids ``(B, H, W)`` (int64): the argmax of the logits."""
        return self.forward(z, cond).argmax(1)


class Critic(nn.Module):
    """One-hot (or softmax) window ``(B, C, H, W)`` (+ condition ``(B, K)``, seen as constant
    planes) -> realness score ``(B,)``."""

    def __init__(self, config: GANConfig) -> None:
        super().__init__()
        c = config
        self.minibatch_std = c.minibatch_std
        # With the batch statistic the encoder's features feed a last layer that also reads it.
        out = 2 * c.critic_base if c.minibatch_std else 1
        self.net = TileEncoder(c.channels + c.conditions, c.height, c.width, c.critic_base, out, spectral=True)
        if c.minibatch_std:
            self.score = nn.Sequential(nn.LeakyReLU(0.2),
                                       nn.utils.parametrizations.spectral_norm(nn.Linear(out + 1, 1)))

    def forward(self, x: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        h = self.net(condition_planes(x, cond))  # (B, out)
        if not self.minibatch_std:
            return h.squeeze(1)
        return self.score(torch.cat([h, batch_spread(x)], dim=1)).squeeze(1)


def batch_spread(x: torch.Tensor) -> torch.Tensor:
    """``(B, C, H, W)`` -> ``(B, 1)``: the batch's mean per-tile standard deviation, the same
    for every window (0 when all windows are alike; ProGAN's minibatch standard deviation)."""
    if len(x) < 2:
        return x.new_zeros(len(x), 1)
    return x.std(0, unbiased=False).mean().expand(len(x), 1)


def build_generator(config: dict[str, Any]) -> Generator:
    """Rebuild a generator from its checkpoint config (for :func:`load_checkpoint`)."""
    return Generator(GANConfig.from_dict(config))


def latents(n: int, latent: int, generator: torch.Generator, truncation: float = 2.0) -> torch.Tensor:
    """``n`` latent vectors from a truncated standard normal, drawn from ``generator``."""
    z = torch.empty(n, latent)
    return nn.init.trunc_normal_(z, 0.0, 1.0, -truncation, truncation, generator=generator)


def fake_tiles(logits: torch.Tensor, straight_through: bool) -> torch.Tensor:
    """What the critic sees of generated logits ``(B, C, H, W)``: the softmax, or with
    ``straight_through`` the argmax one-hot whose gradient is the softmax's."""
    soft = F.softmax(logits, dim=1)
    if not straight_through:
        return soft
    hard = F.one_hot(logits.argmax(1), logits.shape[1]).permute(0, 3, 1, 2).to(soft.dtype)
    return hard - soft.detach() + soft


def critic_loss(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """Hinge loss for the critic: push real scores above +1 and fake ones below -1."""
    return F.relu(1.0 - real).mean() + F.relu(1.0 + fake).mean()


def generator_loss(fake: torch.Tensor) -> torch.Tensor:
    """Hinge loss for the generator: raise the critic's score of its windows."""
    return -fake.mean()

