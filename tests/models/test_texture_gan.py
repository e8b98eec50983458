"""The conditional texture GAN: shapes, soft labels, a shift-invariant discriminator."""

import torch
from torch.nn import functional as F

from procgen.models.common import torch_generator
from procgen.models.texture_gan import TextureDiscriminator, TextureGAN, TextureGANConfig

CFG = TextureGANConfig(materials=3, latent=8, embed=4, width=8, d_width=8)


def test_generator_makes_tiles_in_unit_range():
    g = TextureGAN(CFG).eval()
    z = torch.randn(6, 8, generator=torch_generator(0, "z"))
    out = g(z, torch.tensor([0, 1, 2, 0, 1, 2]))
    assert out.shape == (6, 3, 16, 16) and 0 <= out.min() and out.max() <= 1


def test_one_hot_labels_equal_hard_labels():
    """A (B, K) one-hot mix is the same as the label index: soft labels interpolate materials."""
    g = TextureGAN(CFG).eval()
    z = torch.randn(3, 8, generator=torch_generator(1, "z"))
    y = torch.tensor([2, 0, 1])
    assert torch.allclose(g(z, y), g(z, F.one_hot(y, 3).float()), atol=1e-6)


def test_discriminator_features_are_equivariant_on_the_torus():
    """Rolling a tile by one downsampling cell (4 px) rolls its feature map by one cell: the
    convolutions see a torus, with no edge to pick out."""
    d = TextureDiscriminator(CFG).eval()
    x = torch.rand(2, 3, 16, 16, generator=torch_generator(2, "x"))
    a = d.features(x)
    b = d.features(torch.roll(x, shifts=(4, 8), dims=(2, 3)))
    assert torch.allclose(torch.roll(a, shifts=(1, 2), dims=(2, 3)), b, atol=1e-4)
    assert d(x, torch.tensor([0, 2])).shape == (2,)
