"""A conditional texture GAN: (noise, material) -> tile, with a projection discriminator.

Sharper and more varied than the VAE's tiles (the VAE averages; the GAN is pushed to look
real). Both networks pad circularly, so the generator's tiles are seamless and the
discriminator judges them as tori too: a seam would be a visible flaw to it. The
discriminator's final score still sees positions, so structure (mortar, planks) keeps the
training data's placement. Conditioning: the
generator concatenates a material embedding to its noise; the discriminator adds the inner
product of its features with a material embedding to its score (the "projection"
discriminator of Miyato & Koyama, 2018), trained with the hinge loss. Spectral norm keeps the
discriminator smooth, so training is stable for a few thousand CPU steps.

Only the generator is shipped; the discriminator lives for training.
Shapes: tiles ``(B, 3, S, S)`` in [0, 1], noise ``(B, latent)``, labels ``(B,)`` long.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F
from torch.nn.utils.parametrizations import spectral_norm

from procgen.models.texture_vae import conv, up_stages

__all__ = ["TextureDiscriminator", "TextureGAN", "TextureGANConfig"]


@dataclass
class TextureGANConfig:
    size: int = 16  # tile side in pixels
    materials: int = 11  # K, the number of material labels
    latent: int = 32  # noise dimensions
    embed: int = 16  # material embedding dimensions (generator)
    width: int = 32  # generator channels after the first upsampling stage
    base: int = 4  # the generator starts from a (2*width, base, base) map
    d_width: int = 32  # discriminator channels


class TextureGAN(nn.Module):
    """The generator: noise + material -> tile."""

    cut: torch.Tensor

    def __init__(self, config: TextureGANConfig) -> None:
        super().__init__()
        self.config = c = config
        stages = up_stages(c.size, c.base)
        w2 = 2 * c.width
        self.embed = nn.Embedding(c.materials, c.embed)
        self.project = nn.Linear(c.latent + c.embed, w2 * c.base * c.base)
        body: list[nn.Module] = []
        ch = w2
        for _ in range(stages):
            body += [nn.Upsample(scale_factor=2, mode="nearest"), conv(ch, c.width), nn.LeakyReLU(0.2)]
            ch = c.width
        body += [conv(c.width, c.width), nn.LeakyReLU(0.2), conv(c.width, 3)]
        self.body = nn.Sequential(*body)
        # Where each material's tiles are cut from the torus (row, column roll); see fit_cuts.
        self.register_buffer("cut", torch.zeros(c.materials, 2, dtype=torch.long))

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """``(B, latent)``, ``(B,)`` long or ``(B, K)`` soft labels -> ``(B, 3, S, S)`` in [0, 1]."""
        c = self.config
        e = labels @ self.embed.weight if labels.dim() == 2 else self.embed(labels)
        h = F.relu(self.project(torch.cat([z, e], dim=1))).view(-1, 2 * c.width, c.base, c.base)
        # As in the VAE: a one-pixel shift puts the wrap-around edge inside the upsampling blocks.
        return torch.sigmoid(torch.roll(self.body(h), shifts=(1, 1), dims=(2, 3)))


class TextureDiscriminator(nn.Module):
    """Tile + material -> realness score (hinge loss), with a projection term."""

    def __init__(self, config: TextureGANConfig) -> None:
        super().__init__()
        c = config
        stages = up_stages(c.size, c.base)
        layers: list[nn.Module] = [spectral_norm(conv(3, c.d_width)), nn.LeakyReLU(0.2)]
        ch = c.d_width
        for _ in range(stages):
            layers += [spectral_norm(conv(ch, 2 * c.d_width, k=4, stride=2)), nn.LeakyReLU(0.2)]
            ch = 2 * c.d_width
        self.features = nn.Sequential(*layers)
        # The score reads the whole (C, base, base) map, so it knows where in the tile a mortar
        # line or a plank gap sits, and the generator learns to put them where the data does
        # (inside the tile, never on its edge). The projection term uses the pooled features.
        self.score = spectral_norm(nn.Linear(ch * c.base * c.base, 1))
        self.embed = spectral_norm(nn.Embedding(c.materials, ch))

    def forward(self, tiles: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        h = self.features(tiles * 2 - 1)  # (B, C, base, base)
        pooled = h.sum(dim=(2, 3))  # (B, C)
        return self.score(h.flatten(1)).squeeze(1) + (self.embed(labels) * pooled).sum(dim=1)
