"""A conditional texture VAE: (tile, material) -> latent -> per-pixel palette colours.

The encoder and the decoder are small convolutional stacks whose every convolution pads
circularly, so the network sees each tile as a torus: there is no edge for it to treat
differently, and a decoded tile repeats without a seam. The material is a one-hot label fed to
both halves (as extra input planes to the encoder, concatenated to the latent for the
decoder), and mixing two labels' one-hots and two latents interpolates between materials
(biome borders).

Pixel art is a few colours per material, so the decoder does not regress RGB (which averages
into a blur) but gives, for every pixel, logits over the data's palette (``palette``, up to 64
colours): the likelihood is categorical, and a sample draws each pixel from its distribution
(Gumbel-max with a seeded generator), which brings back the grain and dithering that a mean
image loses. Sampling uses a per-material prior fitted after training (``prior_mean`` /
``prior_std``, the mean and spread of the encoder's means over each material's tiles;
"ex-post density estimation", Ghosh et al. 2020): a small VAE's latents do not fill N(0, I)
evenly, and decoding where each material's tiles actually sit gives truer variants.

Shapes: tiles ``(B, 3, S, S)`` floats in [0, 1]; labels ``(B, K)`` one-hot (or a mix);
colour indices ``(B, S, S)`` long; logits ``(B, P, S, S)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

__all__ = ["TextureVAE", "TextureVAEConfig"]


@dataclass
class TextureVAEConfig:
    size: int = 16  # tile side in pixels (a power of two >= 8)
    materials: int = 11  # K, the number of material labels
    colors: int = 55  # P, the palette size (the distinct colours of the training tiles, <= 64)
    latent: int = 16  # z dimensions
    width: int = 32  # channels of the first conv stage (the second has twice as many)
    base: int = 4  # the decoder starts from a (2*width, base, base) map
    beta: float = 1.0  # weight of the KL term
    free_bits: float = 0.5  # nats per latent dimension the KL term does not penalize (training)
    temperature: float = 0.5  # sampling: below 1 sharpens each pixel's colour distribution


def conv(cin: int, cout: int, k: int = 3, stride: int = 1) -> nn.Conv2d:
    """A convolution that wraps around the tile's edges (the torus), keeping it seamless."""
    return nn.Conv2d(cin, cout, k, stride=stride, padding=(k - 1) // 2 if stride == 1 else 1, padding_mode="circular")


def up_stages(cfg_size: int, base: int) -> int:
    """How many 2x upsampling stages take a ``base`` map to a ``cfg_size`` tile."""
    n = round(math.log2(cfg_size / base))
    if n < 1 or base * 2**n != cfg_size:
        raise ValueError(f"size {cfg_size} must be base {base} times a power of two")
    return n


class TextureVAE(nn.Module):
    palette: torch.Tensor
    prior_mean: torch.Tensor
    prior_std: torch.Tensor
    cut: torch.Tensor

    def __init__(self, config: TextureVAEConfig) -> None:
        super().__init__()
        self.config = c = config
        stages = up_stages(c.size, c.base)
        w2 = 2 * c.width
        enc: list[nn.Module] = [conv(3 + c.materials, c.width), nn.LeakyReLU(0.2)]
        ch = c.width
        for i in range(stages):
            nxt = w2 if i == stages - 1 else c.width
            enc += [conv(ch, nxt, k=4, stride=2), nn.LeakyReLU(0.2)]  # halves the side
            ch = nxt
        self.encoder = nn.Sequential(*enc)
        self.to_stats = nn.Linear(w2 * c.base * c.base, 2 * c.latent)  # -> (mu, logvar)
        self.from_latent = nn.Linear(c.latent + c.materials, w2 * c.base * c.base)
        dec: list[nn.Module] = []
        ch = w2
        for _ in range(stages):
            dec += [nn.Upsample(scale_factor=2, mode="nearest"), conv(ch, c.width), nn.LeakyReLU(0.2)]
            ch = c.width
        dec += [conv(c.width, c.width), nn.LeakyReLU(0.2), conv(c.width, c.colors)]
        self.decoder = nn.Sequential(*dec)
        self.register_buffer("palette", torch.zeros(c.colors, 3))  # (P, 3) RGB in [0, 1]
        self.register_buffer("prior_mean", torch.zeros(c.materials, c.latent))  # (K, latent)
        self.register_buffer("prior_std", torch.ones(c.materials, c.latent))  # (K, latent)
        # Where each material's tiles are cut from the torus (row, column roll); see fit_cuts.
        self.register_buffer("cut", torch.zeros(c.materials, 2, dtype=torch.long))

    def prior(self, labels: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
        """Latents for ``(B, K)`` (possibly mixed) labels from standard noise ``eps`` ``(B, latent)``."""
        return labels @ self.prior_mean + eps * (labels @ self.prior_std)

    @torch.no_grad()
    def fit_prior(self, tiles: torch.Tensor, labels: torch.Tensor, batch: int = 512) -> None:
        """Set each material's prior to the mean/spread of its tiles' encoded means."""
        k = self.config.materials
        onehot = F.one_hot(labels, k).float()
        mus = torch.cat([self.encode(tiles[i : i + batch], onehot[i : i + batch])[0] for i in range(0, len(tiles), batch)])
        for m in range(k):
            sel = mus[labels == m]
            if len(sel) >= 2:
                self.prior_mean[m] = sel.mean(dim=0)
                self.prior_std[m] = sel.std(dim=0)

    def encode(self, tiles: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(B, 3, S, S)``, ``(B, K)`` -> mu, logvar, each ``(B, latent)``."""
        b, _, s, _ = tiles.shape
        planes = labels[:, :, None, None].expand(b, labels.shape[1], s, s)
        h = self.encoder(torch.cat([tiles * 2 - 1, planes], dim=1)).flatten(1)
        mu, logvar = self.to_stats(h).chunk(2, dim=1)
        return mu, logvar.clamp(-8, 8)

    def decode(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """``(B, latent)``, ``(B, K)`` -> colour logits ``(B, P, S, S)``."""
        c = self.config
        h = self.from_latent(torch.cat([z, labels], dim=1))
        h = F.leaky_relu(h, 0.2).view(-1, 2 * c.width, c.base, c.base)  # (B, 2w, base, base)
        # Shift by one pixel so the tile's wrap-around edge falls inside the upsampling blocks,
        # not on a block boundary: the edge then looks like the tile's smoothest neighbours.
        return torch.roll(self.decoder(h), shifts=(1, 1), dims=(2, 3))

    def render(self, logits: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """Colour logits -> RGB tiles ``(B, 3, S, S)``: each pixel drawn from its distribution
        (Gumbel-max with ``generator``), or its most likely colour when ``generator`` is None."""
        if generator is not None:
            # Cooler than the training distribution: fewer stray pixels, clearer structure.
            logits = logits / self.config.temperature
            u = torch.rand(logits.shape, generator=generator, device=logits.device).clamp_(1e-9, 1 - 1e-9)
            logits = logits - torch.log(-torch.log(u))
        idx = logits.argmax(dim=1)  # (B, S, S)
        return self.palette[idx].permute(0, 3, 1, 2)

    def forward(
        self, tiles: torch.Tensor, labels: torch.Tensor, generator: torch.Generator | None = None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Reconstruct: returns (logits, mu, logvar); the latent noise comes from ``generator``."""
        mu, logvar = self.encode(tiles, labels)
        eps = torch.randn(mu.shape, generator=generator, device=mu.device, dtype=mu.dtype)
        z = mu + eps * torch.exp(0.5 * logvar)
        return self.decode(z, labels), mu, logvar

    def loss(
        self, tiles: torch.Tensor, colors: torch.Tensor, labels: torch.Tensor, generator: torch.Generator | None = None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(reconstruction, KL), each in nats per tile; ``colors`` ``(B, S, S)`` are the
        palette indices of ``tiles``. The training objective is ``rec + beta * kl``."""
        logits, mu, logvar = self(tiles, labels, generator)
        rec = F.cross_entropy(logits, colors, reduction="none").sum(dim=(1, 2)).mean()
        kl = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)).mean()
        return rec + self.config.beta * kl, rec, kl
