"""The conditional texture VAE: shapes, seamless (torus) convolutions, finite loss."""

import torch
from torch.nn import functional as F

from procgen.models.common import torch_generator
from procgen.models.texture_vae import TextureVAE, TextureVAEConfig


def _vae() -> TextureVAE:
    return TextureVAE(TextureVAEConfig(materials=3, width=8, latent=4)).eval()


def test_encode_decode_shapes():
    vae = _vae()
    x = torch.rand(5, 3, 16, 16)
    labels = F.one_hot(torch.tensor([0, 1, 2, 0, 1]), 3).float()
    mu, logvar = vae.encode(x, labels)
    assert mu.shape == logvar.shape == (5, 4)
    out = vae.decode(mu, labels)
    assert out.shape == (5, 3, 16, 16) and 0 <= out.min() and out.max() <= 1


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
    labels = F.one_hot(torch.tensor([0, 1, 2, 1]), 3).float()
    a = vae.loss(x, labels, torch_generator(2, "noise"))
    b = vae.loss(x, labels, torch_generator(2, "noise"))
    assert all(torch.isfinite(v) for v in a)
    assert torch.equal(a[0], b[0])


def test_a_32px_config_makes_32px_tiles():
    vae = TextureVAE(TextureVAEConfig(size=32, materials=2, width=8, latent=4)).eval()
    out = vae.decode(torch.zeros(2, 4), torch.eye(2))
    assert out.shape == (2, 3, 32, 32)
