"""The tile GAN: trains in seconds on a tiny config, samples deterministically per seed."""

from __future__ import annotations

import numpy as np
import torch

from procgen.models.common import torch_generator
from procgen.models.gan import (
    Critic,
    GANConfig,
    Generator,
    batch_spread,
    build_generator,
    fake_tiles,
    latents,
    seeded_init,
)
from procgen.models.train import Schedule, train_gan

TINY = GANConfig(height=6, width=8, channels=3, latent=8, base=8, critic_base=8)


def test_generator_output_shape_matches_the_window_for_odd_sizes() -> None:
    """The decoder crops to any window size, e.g. a 9×13 room."""
    g = Generator(GANConfig(height=9, width=13, channels=8, latent=4, base=4))
    assert g(torch.zeros(2, 4)).shape == (2, 8, 9, 13)


def test_build_rejects_unknown_config_fields() -> None:
    try:
        build_generator({**TINY.to_dict(), "layers": 3})
    except ValueError as e:
        assert "layers" in str(e)
    else:
        raise AssertionError("an unknown field must be refused")


def test_straight_through_fakes_are_one_hot_with_softmax_gradients() -> None:
    logits = torch.randn(2, 3, 4, 4, requires_grad=True)
    fake = fake_tiles(logits, straight_through=True)
    assert torch.equal(fake.sum(1), torch.ones(2, 4, 4))
    assert set(fake.detach().unique().tolist()) <= {0.0, 1.0}
    (fake * torch.arange(3.0).view(1, 3, 1, 1)).sum().backward()
    assert logits.grad is not None and logits.grad.abs().sum() > 0


def test_tiny_gan_trains_and_its_critic_loss_falls(tiny_domain, tiny_corpus) -> None:
    """A few dozen steps: the critic learns to tell (its hinge loss drops from ~2)."""
    _, log = train_gan(tiny_domain, tiny_corpus, config=TINY, schedule=Schedule(steps=40, batch=16, preview_every=20),
                       seed=1, progress=False)
    d = log["d_loss"]
    assert np.mean(d[-10:]) < np.mean(d[:5])
    assert log["selected_step"] in (20, 40)


def test_training_is_deterministic_per_seed(tiny_domain, tiny_corpus) -> None:
    sch = Schedule(steps=6, batch=16, preview_every=3)
    a, _ = train_gan(tiny_domain, tiny_corpus, config=TINY, schedule=sch, seed=3, progress=False)
    b, _ = train_gan(tiny_domain, tiny_corpus, config=TINY, schedule=sch, seed=3, progress=False)
    c, _ = train_gan(tiny_domain, tiny_corpus, config=TINY, schedule=sch, seed=4, progress=False)
    z = latents(4, TINY.latent, torch_generator(0, "t"))
    with torch.no_grad():
        assert torch.equal(a(z), b(z))
        assert not torch.equal(a(z), c(z))


def test_latents_are_truncated_and_seeded() -> None:
    z = latents(500, 8, torch_generator(5, "z"), truncation=1.5)
    assert z.abs().max() <= 1.5
    assert torch.equal(z, latents(500, 8, torch_generator(5, "z"), truncation=1.5))


def test_tile_share_loss_is_zero_for_the_real_shares_and_weighs_rare_tiles_up() -> None:
    """Missing a rare tile (share 0.01) costs more than missing as much of a common one."""
    from procgen.models.train import tile_share_loss

    real = torch.zeros(1, 3, 1, 100)
    real[0, 0, 0, :89] = 1.0  # common
    real[0, 1, 0, 89:99] = 1.0
    real[0, 2, 0, 99] = 1.0  # rare: 1 %
    share = real.mean((0, 3))
    assert float(tile_share_loss(real, real, share)) == 0.0
    no_rare = real.clone()
    no_rare[0, 2, 0, 99], no_rare[0, 0, 0, 99] = 0.0, 1.0
    fewer_common = real.clone()
    fewer_common[0, 0, 0, 0], fewer_common[0, 1, 0, 0] = 0.0, 1.0
    assert float(tile_share_loss(no_rare, real, share)) > 5 * float(tile_share_loss(fewer_common, real, share))


def test_training_with_tile_shares_and_mined_negatives_is_deterministic(tiny_domain, tiny_corpus, monkeypatch) -> None:
    """The tile-share term and the critic's mined negatives (solver-rejected samples) keep
    training a pure function of the seed, change what it learns, and negatives are mined (the
    stand-in solver rejects early samples)."""
    from procgen.models import train as train_module

    sch = Schedule(steps=6, batch=16, preview_every=3, tile_match=1.0, negatives=1.0, mine_every=2)
    kept: list[int] = []
    real_mine = train_module._Mined.mine

    def counting(self, gen, dev):  # type: ignore[no-untyped-def]
        real_mine(self, gen, dev)
        kept.append(0 if self.ids is None else len(self.ids))

    monkeypatch.setattr(train_module._Mined, "mine", counting)
    a, _ = train_gan(tiny_domain, tiny_corpus, config=TINY, schedule=sch, seed=3, progress=False)
    b, _ = train_gan(tiny_domain, tiny_corpus, config=TINY, schedule=sch, seed=3, progress=False)
    plain, _ = train_gan(tiny_domain, tiny_corpus, config=TINY, schedule=Schedule(steps=6, batch=16, preview_every=3),
                         seed=3, progress=False)
    z = latents(4, TINY.latent, torch_generator(0, "t"))
    with torch.no_grad():
        assert torch.equal(a(z), b(z))
        assert not torch.equal(a(z), plain(z))
    assert len(kept) == 6 and kept[-1] > 0


def test_a_minibatch_std_critic_scores_a_window_by_the_variety_of_its_batch() -> None:
    """With ``minibatch_std`` a window among copies of itself scores differently from the same
    window in a varied batch (a collapsed generator is told apart); without it, alone."""
    x = torch.nn.functional.one_hot(torch.randint(0, 3, (4, 6, 8), generator=torch_generator(0, "x")), 3)
    varied = x.permute(0, 3, 1, 2).float()
    copies = varied[:1].expand(4, -1, -1, -1)
    assert float(batch_spread(copies)[0]) == 0.0 < float(batch_spread(varied)[0])
    for mb in (False, True):
        critic = Critic(GANConfig(**{**TINY.to_dict(), "minibatch_std": mb}))
        seeded_init(critic, torch_generator(0, "critic"))
        with torch.no_grad():
            for _ in range(30):  # spectral norm's power iterations: scores of a trained scale
                critic(varied)
            critic.eval()  # and none between the two calls compared
            alone_differs = not torch.allclose(critic(varied)[0], critic(copies)[0])
        assert alone_differs == mb


def test_a_minibatch_std_gan_trains_deterministically_per_seed(tiny_domain, tiny_corpus) -> None:
    cfg = GANConfig(**{**TINY.to_dict(), "minibatch_std": True})
    sch = Schedule(steps=6, batch=16, preview_every=3)
    a, _ = train_gan(tiny_domain, tiny_corpus, config=cfg, schedule=sch, seed=3, progress=False)
    b, _ = train_gan(tiny_domain, tiny_corpus, config=cfg, schedule=sch, seed=3, progress=False)
    z = latents(4, TINY.latent, torch_generator(0, "t"))
    with torch.no_grad():
        assert torch.equal(a(z), b(z))
