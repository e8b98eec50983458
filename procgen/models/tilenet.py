"""Building blocks shared by the tile-grid GAN and VAE: a convolutional decoder from a latent
vector to tile logits, a convolutional encoder back to a vector, and seeded initialisation.

A tile window is one-hot ``(B, C, H, W)``: channel ``c`` is the ``c``-th character of the
model's vocabulary. Both models work at any window size: the decoder grows a
``ceil(H/4) × ceil(W/4)`` seed grid by two nearest-neighbour upsamplings and crops to
``H × W``, so a 14×28 platformer window and a 9×13 dungeon room share one architecture.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

__all__ = ["TileDecoder", "TileEncoder", "condition_planes", "conditions", "neutral_condition", "one_hot", "seeded_init"]


def one_hot(ids: torch.Tensor, channels: int) -> torch.Tensor:
    """``(B, H, W)`` integer tile ids -> ``(B, C, H, W)`` float one-hot."""
    return F.one_hot(ids.long(), channels).permute(0, 3, 1, 2).float()


def conditions(style: torch.Tensor | None, difficulty: torch.Tensor | None, styles: int) -> torch.Tensor:
    """The condition vector ``(B, K)`` of a class-conditional model: the style one-hot
    (``styles`` channels, none when 0), then the difficulty in 0..1 (when given).

    >>> conditions(torch.tensor([1, 0]), torch.tensor([0.5, 1.0]), 2).tolist()
    [[0.0, 1.0, 0.5], [1.0, 0.0, 1.0]]
    """
    parts = []
    if styles:
        assert style is not None
        parts.append(F.one_hot(style.long(), styles).float())
    if difficulty is not None:
        parts.append(difficulty.float().reshape(-1, 1))
    if not parts:
        raise ValueError("conditions: no style classes and no difficulty")
    return torch.cat(parts, dim=1)


def neutral_condition(n: int, styles: int, difficulty: bool) -> torch.Tensor | None:
    """The condition used when none is given: every style equally, difficulty 0.5 (None for an
    unconditional model)."""
    if styles + int(difficulty) == 0:
        return None
    parts = [torch.full((n, styles), 1.0 / max(styles, 1))] if styles else []
    if difficulty:
        parts.append(torch.full((n, 1), 0.5))
    return torch.cat(parts, dim=1)


def condition_planes(x: torch.Tensor, cond: torch.Tensor | None) -> torch.Tensor:
    """A window ``(B, C, H, W)`` with each condition as a constant plane: ``(B, C + K, H, W)``
    (how the critic and the VAE's encoder see the condition)."""
    if cond is None or cond.shape[1] == 0:
        return x
    b, _, h, w = x.shape
    return torch.cat([x, cond[:, :, None, None].expand(b, cond.shape[1], h, w)], dim=1)


class TileDecoder(nn.Module):
    """Latent ``(B, Z)`` -> tile logits ``(B, C, H, W)``."""

    def __init__(self, latent: int, channels: int, height: int, width: int, base: int) -> None:
        super().__init__()
        self.height, self.width = height, width
        self.h0, self.w0 = math.ceil(height / 4), math.ceil(width / 4)
        self.base = base
        self.fc = nn.Linear(latent, 2 * base * self.h0 * self.w0)
        self.body = nn.Sequential(
            nn.LeakyReLU(0.2),
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(2 * base, base, 3, padding=1),
            nn.LeakyReLU(0.2),
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(base, base, 3, padding=1),
            nn.LeakyReLU(0.2),
            nn.Conv2d(base, channels, 3, padding=1),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.fc(z).view(z.shape[0], 2 * self.base, self.h0, self.w0)  # (B, 2b, h0, w0)
        x = self.body(x)  # (B, C, 4*h0, 4*w0)
        return x[:, :, : self.height, : self.width]


class TileEncoder(nn.Module):
    """One-hot window ``(B, C, H, W)`` -> feature vector ``(B, out)``.

    With ``spectral=True`` every layer is spectrally normalised (the GAN's critic needs a
    bounded Lipschitz constant to train stably with the hinge loss).
    """

    def __init__(
        self, channels: int, height: int, width: int, base: int, out: int, *, spectral: bool = False
    ) -> None:
        super().__init__()

        def sn(m: nn.Module) -> nn.Module:
            return nn.utils.parametrizations.spectral_norm(m) if spectral else m

        self.body = nn.Sequential(
            sn(nn.Conv2d(channels, base, 3, padding=1)),
            nn.LeakyReLU(0.2),
            sn(nn.Conv2d(base, 2 * base, 4, stride=2, padding=1)),
            nn.LeakyReLU(0.2),
            sn(nn.Conv2d(2 * base, 2 * base, 4, stride=2, padding=1)),
            nn.LeakyReLU(0.2),
            nn.Flatten(),
        )
        h, w = height, width
        for _ in range(2):  # each stride-2, kernel-4, pad-1 conv: n -> floor(n / 2)
            h, w = h // 2, w // 2
        self.head = sn(nn.Linear(2 * base * max(h, 1) * max(w, 1), out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def seeded_init(module: nn.Module, generator: torch.Generator) -> None:
    """Re-initialise every weight from ``generator`` (torch's default init uses the global RNG).

    Weights get PyTorch's default Kaiming-uniform scale, biases zero, and spectral-norm power
    iteration vectors a random unit vector: all drawn from the seeded generator.
    """
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("bias"):
                p.zero_()
            elif p.dim() >= 2:
                nn.init.kaiming_uniform_(p, a=math.sqrt(5), generator=generator)
        for name, b in module.named_buffers():
            if name.endswith("._u") or name.endswith("._v"):
                b.copy_(F.normalize(torch.randn(b.shape, generator=generator), dim=0))
