"""The conditional texture VAE: shapes, seamless (torus) convolutions, palette sampling, loss."""

import torch
from torch.nn import functional as F

from procgen.models.common import torch_generator
from procgen.models.texture_vae import TextureVAE, TextureVAEConfig


def _vae(size: int = 16) -> TextureVAE:
    vae = TextureVAE(TextureVAEConfig(size=size, materials=3, colors=5, width=8, latent=4)).eval()
    vae.palette.copy_(torch.rand(5, 3, generator=torch_generator(0, "palette")))
    return vae


def test_encode_decode_render_shapes():
    """Encoder -> (mu, logvar); decoder -> per-pixel palette logits; render -> palette colours."""
    vae = _vae()
    x = torch.rand(5, 3, 16, 16)
    labels = F.one_hot(torch.tensor([0, 1, 2, 0, 1]), 3).float()
    mu, logvar = vae.encode(x, labels)
    assert mu.shape == logvar.shape == (5, 4)
    logits = vae.decode(mu, labels)
    assert logits.shape == (5, 5, 16, 16)
    rgb = vae.render(logits)
    assert rgb.shape == (5, 3, 16, 16)
    colours = {tuple(c) for c in vae.palette.tolist()}
    assert {tuple(p) for p in rgb.permute(0, 2, 3, 1).reshape(-1, 3).tolist()} <= colours


def test_sampled_pixels_are_seeded():
    """Per-pixel draws come from the given generator: same generator, same tile."""
    vae = _vae()
    logits = vae.decode(torch.zeros(2, 4), torch.eye(3)[:2])
    a = vae.render(logits, torch_generator(1, "px"))
    b = vae.render(logits, torch_generator(1, "px"))
    assert torch.equal(a, b)


def test_decoder_is_equivariant_on_the_torus():
    """Rolling the decoder's 4x4 start map by one cell rolls the tile by 4 pixels: no edge exists."""
    vae = _vae()
    h = torch.randn(1, 16, 4, 4, generator=torch_generator(0, "t"))
    a = vae.decoder(h)
    b = vae.decoder(torch.roll(h, shifts=(1, 1), dims=(2, 3)))
    assert torch.allclose(torch.roll(a, shifts=(4, 4), dims=(2, 3)), b, atol=1e-5)


def test_loss_is_finite_and_the_noise_is_seeded():
    """The reparameterization noise comes from the given generator: same generator, same loss."""
    vae = _vae()
    x = torch.rand(4, 3, 16, 16, generator=torch_generator(1, "x"))
    colors = torch.randint(0, 5, (4, 16, 16), generator=torch_generator(1, "c"))
    labels = F.one_hot(torch.tensor([0, 1, 2, 1]), 3).float()
    a = vae.loss(x, colors, labels, torch_generator(2, "noise"))
    b = vae.loss(x, colors, labels, torch_generator(2, "noise"))
    assert all(torch.isfinite(v) for v in a)
    assert torch.equal(a[0], b[0])


def test_a_32px_config_makes_32px_tiles():
    vae = _vae(size=32)
    logits = vae.decode(torch.zeros(2, 4), torch.eye(3)[:2])
    assert logits.shape == (2, 5, 32, 32)
