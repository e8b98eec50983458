"""Where `procgen train platformer-gan|vae` spends its time: one optimiser step of each model and
one GAN snapshot selection (the solver over its raw samples), measured in the same run.

Prints the median over interleaved rounds (GAN step, VAE step, selection, GAN step, ...) and the
estimated training time of the shipped schedules and of a user corpus of 15 levels, with the
torch thread count (training pins one: ``Schedule.threads``; this script uses what
``OMP_NUM_THREADS`` gives). The models are conditional on the shipped corpus's six styles and
a difficulty, as ``procgen train`` builds them. On a shared machine read the ratios, not the
absolute seconds.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_train.py [--rounds 5] [--steps 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=10, help="optimiser steps per round and model")
    args = ap.parse_args()
    import numpy as np
    import torch

    from procgen.levels.platformer.corpus import corpus_levels
    from procgen.models.common import torch_generator
    from procgen.models.data import platformer_domain, windows_of
    from procgen.models.gan import (
        Critic,
        GANConfig,
        Generator,
        critic_loss,
        fake_tiles,
        generator_loss,
        latents,
    )
    from procgen.models.schedule import SCHEDULES, STEPS_PER_WINDOW
    from procgen.models.tilenet import conditions, one_hot
    from procgen.models.train import CONFIG_OVERRIDES
    from procgen.models.vae import LevelVAE, VAEConfig, vae_loss

    dom = platformer_domain()
    ids = np.concatenate([windows_of(dom.ids_of(lv.grid), 28, 4) for lv in corpus_levels()])
    data = torch.from_numpy(ids).long()
    labels = {"styles": 6, "difficulty": True}
    gcfg = GANConfig(**{**labels, **CONFIG_OVERRIDES["platformer-gan"]})
    gen, critic, vae = Generator(gcfg), Critic(gcfg), LevelVAE(VAEConfig(**labels))
    opt_g = torch.optim.Adam(gen.parameters(), 2e-4, betas=(0.0, 0.9))
    opt_d = torch.optim.Adam(critic.parameters(), 2e-4, betas=(0.0, 0.9))
    opt_v = torch.optim.Adam(vae.parameters(), 1e-3)
    g = torch_generator(0, "bench")
    batch = SCHEDULES["platformer-gan"].batch

    def cond() -> torch.Tensor:
        return conditions(torch.randint(6, (batch,), generator=g), torch.rand(batch, generator=g), 6)

    def gan_step() -> None:
        real = one_hot(data[torch.randint(len(data), (batch,), generator=g)], gcfg.channels)
        c = cond()
        fake = fake_tiles(gen(torch.randn(batch, gcfg.latent, generator=g), c), True)
        d = critic_loss(critic(real, c), critic(fake.detach(), c))
        opt_d.zero_grad()
        d.backward()
        opt_d.step()
        loss = generator_loss(critic(fake, c))
        opt_g.zero_grad()
        loss.backward()
        opt_g.step()

    def vae_step() -> None:
        x = data[torch.randint(len(data), (batch,), generator=g)]
        logits, mu, logvar = vae(one_hot(x, 13), g, cond())
        loss = vae_loss(logits, x, mu, logvar, 1.0)[0]
        opt_v.zero_grad()
        loss.backward()
        opt_v.step()

    def selection() -> None:
        with torch.no_grad():
            sample = gen(latents(256, gcfg.latent, g)).argmax(1).numpy().astype(np.uint8)
        dom.ok([dom.level_of(w) for w in sample])

    times: dict[str, list[float]] = {"gan step": [], "vae step": [], "gan selection (256 solves)": []}
    for _ in range(args.rounds):
        for name, fn, reps in (("gan step", gan_step, args.steps), ("vae step", vae_step, args.steps),
                               ("gan selection (256 solves)", selection, 1)):
            t = time.perf_counter()
            for _ in range(reps):
                fn()
            times[name].append((time.perf_counter() - t) / reps)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); medians of {args.rounds} interleaved rounds")
    for k, v in med.items():
        print(f"  {k}: {1000 * v:.1f} ms")
    gs, vs = SCHEDULES["platformer-gan"], SCHEDULES["platformer-vae"]
    sel = med["gan selection (256 solves)"] * (gs.steps // gs.preview_every) / 2  # second half only
    print(f"  shipped GAN schedule ({gs.steps} steps): ~{(gs.steps * med['gan step'] + sel) / 60:.1f} min, "
          f"of which snapshot selection {sel / 60:.1f} min")
    print(f"  shipped VAE schedule ({vs.steps} steps): ~{vs.steps * med['vae step'] / 60:.1f} min")
    steps15 = STEPS_PER_WINDOW * 15 * 45
    print(f"  user corpus of 15 levels (~{15 * 45} windows, {steps15} GAN steps): ~{steps15 * med['gan step'] / 60:.1f} min")


if __name__ == "__main__":
    main()
