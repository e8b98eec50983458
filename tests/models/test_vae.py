"""The tile VAE: reconstruction loss falls in a few steps; encode/decode shapes."""

from __future__ import annotations

import numpy as np
import torch

from procgen.models.common import torch_generator
from procgen.models.tilenet import one_hot
from procgen.models.train import Schedule, train_vae
from procgen.models.vae import LevelVAE, VAEConfig, build_vae, vae_loss

TINY = VAEConfig(height=6, width=8, channels=3, latent=4, base=8)


def test_tiny_vae_reconstruction_loss_falls(tiny_domain, tiny_corpus) -> None:
    _, log = train_vae(tiny_domain, tiny_corpus, config=TINY, schedule=Schedule(steps=40, batch=16, lr=3e-3, preview_every=20, warmup=10),
                       seed=0, progress=False)
    assert np.mean(log["recon"][-5:]) < 0.6 * np.mean(log["recon"][:3])


def test_encode_decode_round_trip_shapes() -> None:
    vae = build_vae(TINY.to_dict())
    ids = torch.zeros(3, 6, 8, dtype=torch.long)
    mu, logvar = vae.encode(one_hot(ids, 3))
    assert mu.shape == logvar.shape == (3, 4)
    assert vae.decode(mu).shape == (3, 3, 6, 8)


def test_loss_is_cross_entropy_plus_weighted_kl() -> None:
    vae = LevelVAE(TINY)
    ids = torch.ones(2, 6, 8, dtype=torch.long)
    logits, mu, logvar = vae(one_hot(ids, 3), torch_generator(0, "eps"))
    total, recon, kl = vae_loss(logits, ids, mu, logvar, beta=0.5)
    assert torch.isclose(total, recon + 0.5 * kl)
    assert kl >= 0


def test_rare_tile_weights_lift_rare_tiles_and_keep_the_average_tile_weight_at_one() -> None:
    import torch

    from procgen.models.vae import tile_weights

    ids = torch.zeros(4, 14, 28, dtype=torch.long)
    ids[:, 12:] = 1  # ground
    ids[0, 11, 5] = 5  # one enemy
    w = tile_weights(ids, 13, 0.5)
    assert w is not None and w[5] > w[1] > w[0]
    freq = torch.bincount(ids.reshape(-1), minlength=13).float() / ids.numel()
    assert abs(float((freq * w).sum()) - 1.0) < 1e-5
    assert tile_weights(ids, 13, 0.0) is None
