"""Training: ``procgen train MODEL --data PATH --out DIR`` for the level and texture models.

:func:`train` is what the CLI calls. Level models train on a fixed schedule (a number of
optimiser steps, or ``epochs`` passes over the data), deterministically from ``seed``: the
initial weights, the batch order and every latent come from seeded torch generators, never the
global RNG. A tqdm bar shows the losses; every ``preview_every`` steps a PNG of samples from
fixed latents is written to ``OUT/previews/``. While training, the GAN keeps an exponential
moving average of its generator; at each preview in the second half of training the average's
raw samples from fixed latents are checked by the solver and by the tile-pattern KL (k = 2)
against the corpus's style windows, and the checkpoint keeps the closest in style among those
the solver passes at least ``PLAYABLE_FLOOR`` of the time (else the most playable): early
stopping by model selection on the issue's two targets, still deterministic.

The checkpoint (``OUT/MODEL.safetensors`` + ``OUT/MODEL.json``) records the architecture, the
tile vocabulary, the data's provenance and hash, the seed, the schedule and the wall time.
"""

from __future__ import annotations

import contextlib
import copy
import math
import platform
import shlex
import time
from collections.abc import Iterator
from os import PathLike, fspath
from pathlib import Path
from typing import Any

import numpy as np
import torch

from procgen.errors import ParamError
from procgen.level import GeneratorName
from procgen.models.checkpoint import save_checkpoint
from procgen.models.common import batches, device_of, torch_generator
from procgen.models.data import Corpus, Domain, domain_of, load_corpus
from procgen.models.decode import decode_ids, point_tiles
from procgen.models.gan import (
    Critic,
    GANConfig,
    Generator,
    critic_loss,
    fake_tiles,
    generator_loss,
    latents,
)
from procgen.models.outdir import check_out_folder, make_out_folder
from procgen.models.schedule import Schedule, schedule_for
from procgen.models.texture_gan import TextureGANConfig
from procgen.models.texture_vae import TextureVAEConfig
from procgen.models.tilenet import conditions, one_hot, seeded_init
from procgen.models.vae import LevelVAE, VAEConfig, tile_weights, vae_loss

__all__ = ["LEVEL_MODELS", "MODELS", "Schedule", "how_to_use", "train", "train_gan", "train_vae"]

#: Level models: name -> (domain, family).
LEVEL_MODELS: dict[str, tuple[str, str]] = {
    "platformer-gan": ("platformer", "gan"),
    "platformer-vae": ("platformer", "vae"),
    "room-gan": ("room", "gan"),
    "room-vae": ("room", "vae"),
}
TEXTURE_MODELS = ("texture-vae", "texture-gan")
MODELS = (*LEVEL_MODELS, *TEXTURE_MODELS)
#: Model selection: a snapshot competes on style only if this share of its raw samples is
#: playable (the issue's raw target for the platformer models).
PLAYABLE_FLOOR = 0.95
#: Samples solved at a preview that does not compete (first half of training): for the log only.
LOG_SAMPLES = 32
#: GAN negative data (``Schedule.negatives``): samples solved per mining, and how many of the
#: latest unplayable ones are kept for the critic.
MINE_SAMPLES, MINED_KEPT = 32, 256


#: The command that uses each kind of model (``--generator`` and ``--model`` are added).
USED_BY = {
    "platformer": "procgen generate platformer",
    "room": "procgen generate dungeon-room",
    "texture": "procgen textures --materials grass,stone --out atlas.png",
}


def how_to_use(json_path: str | PathLike[str]) -> str:
    """The line ``procgen train`` closes with: how to use the checkpoint it wrote.

    >>> print(how_to_use("mine/room-vae.json"))
    use it: procgen generate dungeon-room --generator vae --model mine  (Python: model='mine')
    """
    p = Path(fspath(json_path))
    domain, _, family = p.stem.rpartition("-")
    folder = str(p.parent)
    return (f"use it: {USED_BY[domain]} --generator {family} --model {shlex.quote(folder)}"
            f"  (Python: model={folder!r})")


#: Architecture/sampling settings of the shipped models that differ from the config defaults.
#: The platformer GAN is wider (48 channels) than the room GAN: its corpus mixes five styles.
#: The room GAN's critic sees the batch's spread (minibatch standard deviation): against the
#: same schedule and seed without it, the kept snapshot's raw rooms were more varied (diversity
#: 0.225 against 0.180, 200 rooms) and closer in style (pattern KL 0.41 against 0.47), a little
#: less often completable (0.955 against 0.980).
#: (Sampling settings of the shipped models are chosen at ship time: see procgen.models.ship.)
CONFIG_OVERRIDES: dict[str, dict[str, Any]] = {
    "platformer-gan": {"base": 48, "critic_base": 48, "truncation": 1.0},
    "room-gan": {"minibatch_std": True},
}


@contextlib.contextmanager
def _torch_threads(n: int) -> Iterator[None]:
    """Run the block with ``n`` torch CPU threads, then restore the caller's setting."""
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _progress(total: int, desc: str, show: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, disable=not show, dynamic_ncols=True, leave=True)


def _preview(domain: Domain, ids: torch.Tensor, path: Path) -> None:
    """A PNG of sample windows side by side, one tile column of gap between them."""
    from procgen.io.atomic import atomic_write
    from procgen.io.png import encode_png, render_tiles

    imgs = [render_tiles(domain.level_of(w.cpu().numpy())) for w in ids]
    gap = np.full((imgs[0].shape[0], 1, 3), 255, dtype=np.uint8)
    row = np.concatenate([x for img in imgs for x in (img, gap)][:-1], axis=1)
    atomic_write(path, encode_png(np.repeat(np.repeat(row, 4, 0), 4, 1)))


def _raw_ok(domain: Domain, ids: torch.Tensor) -> float:
    if domain.ok is None:
        return float("nan")
    levels = [domain.level_of(w.cpu().numpy()) for w in ids]
    return float(domain.ok(levels).mean())


def _conditions(corpus: Corpus, idx: torch.Tensor, styles: int, difficulty: bool) -> torch.Tensor | None:
    """The condition vectors ``(B, K)`` of corpus windows ``idx`` (None for an unconditional model)."""
    if styles + int(difficulty) == 0:
        return None
    style = None if not styles or corpus.style_class is None else torch.from_numpy(corpus.style_class)[idx]
    diff = None if not difficulty or corpus.difficulty is None else torch.from_numpy(corpus.difficulty)[idx]
    return conditions(style, diff, styles)


def _check_labels(corpus: Corpus, styles: int, difficulty: bool) -> None:
    """A conditional config needs the corpus's labels: style classes of the same count, difficulties."""
    if styles and (corpus.style_class is None or len(corpus.style_names) != styles):
        raise ParamError(f"config: {styles} style classes, but the data has "
                         f"{len(corpus.style_names) if corpus.style_class is not None else 'no'} style labels")
    if difficulty and corpus.difficulty is None:
        raise ParamError("config: difficulty is an input, but the data has no difficulty labels")


def _fixed_conditions(corpus: Corpus, n: int, styles: int, difficulty: bool, g: torch.Generator) -> torch.Tensor | None:
    """Conditions for the fixed preview latents: those of ``n`` corpus windows drawn from ``g``,
    so the samples judged at each preview have the corpus's mix of styles and difficulties."""
    if styles + int(difficulty) == 0:
        return None
    return _conditions(corpus, torch.randint(len(corpus.ids), (n,), generator=g), styles, difficulty)


def train_gan(
    domain: Domain,
    corpus: Corpus,
    *,
    config: GANConfig | None = None,
    schedule: Schedule | None = None,
    seed: int = 0,
    device: str = "cpu",
    previews: Path | None = None,
    select_on: int = 256,
    progress: bool = True,
    name: str = "gan",
) -> tuple[Generator, dict[str, Any]]:
    """Train a GAN on ``corpus``; returns the (best moving-average) generator and a log."""
    cfg = config or GANConfig(height=domain.height, width=domain.width, channels=domain.channels)
    sch = schedule or Schedule()
    dev = device_of(device)
    _check_labels(corpus, cfg.styles, cfg.difficulty)
    gen, critic = Generator(cfg), Critic(cfg)
    seeded_init(gen, torch_generator(seed, name, "init", "generator"))
    seeded_init(critic, torch_generator(seed, name, "init", "critic"))
    gen.to(dev)
    critic.to(dev)
    ema = copy.deepcopy(gen).eval()
    opt_g = torch.optim.Adam(gen.parameters(), lr=sch.lr, betas=(0.0, 0.9))
    opt_d = torch.optim.Adam(critic.parameters(), lr=sch.lr, betas=(0.0, 0.9))
    data = torch.from_numpy(corpus.ids).to(dev)
    order = batches(len(data), sch.batch, torch_generator(seed, name, "batches"))
    noise = torch_generator(seed, name, "noise")
    fixed = latents(select_on, cfg.latent, torch_generator(seed, name, "fixed"), cfg.truncation).to(dev)
    fixed_cond = _fixed_conditions(corpus, select_on, cfg.styles, cfg.difficulty, torch_generator(seed, name, "fixed-conditions"))
    fixed_cond = None if fixed_cond is None else fixed_cond.to(dev)
    snapshots: list[tuple[float, float, int, dict[str, torch.Tensor]]] = []  # (ok, kl, step, weights)
    log: dict[str, Any] = {"d_loss": [], "g_loss": [], "raw_ok": [], "style_kl": [], "content": []}
    # Each tile's share per row over the corpus (C, H): what the tile-frequency term is relative to.
    share = one_hot(data, cfg.channels).mean((0, 3)) if sch.tile_match else None
    mined = _Mined(domain, corpus, cfg, seed, name) if sch.negatives and domain.ok is not None else None
    bar = _progress(sch.steps, name, progress)
    for step in range(1, sch.steps + 1):
        idx = next(order)
        real = one_hot(data[idx], cfg.channels)
        # A fake gets the condition of a real window of the batch: the corpus's mix of labels.
        cond = _conditions(corpus, idx, cfg.styles, cfg.difficulty)
        cond = None if cond is None else cond.to(dev)
        z = torch.randn(len(real), cfg.latent, generator=noise).to(dev)
        fake = fake_tiles(gen(z, cond), cfg.straight_through)
        d_loss = critic_loss(critic(real, cond), critic(fake.detach(), cond))
        if mined is not None:
            if step % sch.mine_every == 0:
                mined.mine(gen, dev)
            if mined.ids is not None:
                neg, neg_cond = mined.batch(len(real) // 2, dev)
                # Unplayable samples are fakes too, with extra weight (hinge, as for fakes).
                d_loss = d_loss + sch.negatives * torch.relu(1.0 + critic(neg, neg_cond)).mean()
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()
        g_loss = generator_loss(critic(fake, cond))
        if share is not None:
            groups = None if corpus.style_class is None or not cfg.styles else torch.from_numpy(corpus.style_class)[idx]
            g_loss = g_loss + sch.tile_match * tile_share_loss(fake, real, share, groups)
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        opt_g.step()
        with torch.no_grad():
            # Early steps average fast (the warm-up of the EMA), later ones slowly.
            decay = min(sch.ema, (1 + step) / (10 + step))
            for pe, pg in zip(ema.parameters(), gen.parameters(), strict=True):
                pe.lerp_(pg, 1 - decay)
        log["d_loss"].append(round(d_loss.item(), 4))
        log["g_loss"].append(round(g_loss.item(), 4))
        if step % sch.preview_every == 0 or step == sch.steps:
            with torch.no_grad():
                ids = decode_ids(ema(fixed, fixed_cond), domain.unique)
            # Only the second half of training competes (early generators are playable but dull;
            # Schedule.compete_from, earlier for small data),
            # so the first half's previews solve a few samples for the log, not all ``select_on``:
            # the solver is the costly part of a preview.
            competing = step >= sch.compete_from * sch.steps
            ok = _raw_ok(domain, ids if competing else ids[:LOG_SAMPLES])
            kl = _style_kl(domain, corpus, ids)
            log["raw_ok"].append((step, ok))
            log["style_kl"].append((step, kl))
            log["content"].append((step, *_content(domain, ids, data)))
            if not math.isnan(ok) and competing:
                snapshots.append((ok, kl, step, copy.deepcopy(ema.state_dict())))
            if previews is not None:
                _preview(domain, ids[:8], previews / f"{name}-step{step:05d}.png")
            bar.set_postfix(d=f"{d_loss.item():.3f}", g=f"{g_loss.item():.3f}", ok=f"{ok:.2f}", kl=f"{kl:.3f}")
        elif step % 10 == 0:
            bar.set_postfix(d=f"{d_loss.item():.3f}", g=f"{g_loss.item():.3f}")
        bar.update(1)
    bar.close()
    _keep_selected(ema, snapshots, log, sch.steps, sch.select_slack)
    return ema.cpu(), log


def tile_share_loss(fake: torch.Tensor, real: torch.Tensor, share: torch.Tensor,
                    groups: torch.Tensor | None = None) -> torch.Tensor:
    """Squared gap between the fake and the real batch's share of each tile per row, each
    relative to the corpus's ``share`` ``(C, H)`` (a chi-square): a generator that drops enemies
    or pipes pays as much as one that drops ground. ``fake`` and ``real`` are ``(B, C, H, W)``,
    the fakes made for the reals' conditions; with ``groups`` ``(B,)`` (style classes) the
    shares are compared within each group, weighted by its size, so one style's pipes do not
    stand in for another's.

    >>> real = one_hot(torch.tensor([[[0, 1], [1, 1]]]), 2)
    >>> float(tile_share_loss(real, real, real.mean((0, 3))))
    0.0
    """
    if groups is None:
        gap = fake.mean((0, 3)) - real.mean((0, 3))  # (C, H)
        return (gap.square() / (share + 1e-3)).sum()
    total = fake.new_zeros(())
    for g in torch.unique(groups):
        at = groups == g
        total = total + at.float().mean() * tile_share_loss(fake[at], real[at], share)
    return total


def _content(domain: Domain, ids: torch.Tensor, data: torch.Tensor) -> tuple[float | None, float | None]:
    """For the log: the samples' share of enemy and of pipe-top tiles over the corpus's (1 =
    the corpus's rate; None where the corpus has no such tile: the checkpoint's JSON holds no NaN)."""
    out: list[float | None] = []
    for tile in ("enemy", "pipe-top-left"):
        want = float((data == domain.names.index(tile)).float().mean()) if tile in domain.names else 0.0
        out.append(round(float((ids == domain.names.index(tile)).float().mean()) / want, 3) if want else None)
    return out[0], out[1]


class _Mined:
    """The generator's latest unplayable samples and their conditions (negative data for the critic)."""

    def __init__(self, domain: Domain, corpus: Corpus, cfg: GANConfig, seed: int, name: str) -> None:
        self.domain, self.corpus, self.cfg = domain, corpus, cfg
        self.noise = torch_generator(seed, name, "mine")
        self.ids: torch.Tensor | None = None
        self.cond: torch.Tensor | None = None

    def mine(self, gen: Generator, dev: torch.device) -> None:
        """Solve ``MINE_SAMPLES`` fresh samples; keep the unplayable ones (latest ``MINED_KEPT``)."""
        cfg = self.cfg
        idx = torch.randint(len(self.corpus.ids), (MINE_SAMPLES,), generator=self.noise)
        cond = _conditions(self.corpus, idx, cfg.styles, cfg.difficulty)
        z = latents(MINE_SAMPLES, cfg.latent, self.noise, cfg.truncation).to(dev)
        with torch.no_grad():
            ids = decode_ids(gen(z, None if cond is None else cond.to(dev)), self.domain.unique).cpu()
        assert self.domain.ok is not None
        bad = torch.from_numpy(~self.domain.ok([self.domain.level_of(w.numpy()) for w in ids]))
        if not bad.any():
            return
        self.ids = ids[bad] if self.ids is None else torch.cat([self.ids, ids[bad]])[-MINED_KEPT:]
        if cond is not None:
            self.cond = cond[bad] if self.cond is None else torch.cat([self.cond, cond[bad]])[-MINED_KEPT:]

    def batch(self, n: int, dev: torch.device) -> tuple[torch.Tensor, torch.Tensor | None]:
        """``n`` kept negatives (one-hot) and their conditions, drawn with replacement."""
        assert self.ids is not None
        pick = torch.randint(len(self.ids), (n,), generator=self.noise)
        cond = None if self.cond is None else self.cond[pick].to(dev)
        return one_hot(self.ids[pick], self.cfg.channels).to(dev), cond


def _style_kl(domain: Domain, corpus: Corpus, ids: torch.Tensor) -> float:
    if domain.style_kl is None or corpus.style is None or len(corpus.style) == 0:
        return float("nan")
    return round(domain.style_kl(ids.cpu().numpy().astype(np.uint8), corpus.style), 4)


def _keep_selected(model: Any, snapshots: list[Any], log: dict[str, Any], steps: int, slack: float = 0.0) -> None:
    """Load the snapshot :func:`_select` keeps into ``model`` (the last weights if none) and log it."""
    chosen = _select(snapshots, slack)
    if chosen is not None:
        model.load_state_dict(chosen[3])
    log["selected_step"] = chosen[2] if chosen else steps
    log["selected_raw_ok"] = chosen[0] if chosen else None
    log["selected_style_kl"] = chosen[1] if chosen else None


def _select(snapshots: list[tuple[float, float, int, Any]], slack: float = 0.0) -> tuple[float, float, int, Any] | None:
    """The snapshot closest in style among the playable enough, else the most playable.

    Ties go to the later, longer-trained snapshot. A KL that cannot be measured (NaN) ranks last.
    With ``slack`` (small data), every playable snapshot within ``(1 + slack)`` times the best
    KL ties, and the latest of them wins: early snapshots of a one-level GAN score a little
    closer on 2x2 patterns while lacking its enemies, pipes and coins.

    >>> _select([(0.97, 0.5, 10, "a"), (0.95, 0.3, 20, "b"), (0.90, 0.1, 30, "c")])[2]
    20
    >>> _select([(0.70, 0.5, 10, "a"), (0.75, 0.9, 20, "b")])[2]
    20
    >>> _select([(0.97, 0.40, 10, "a"), (0.96, 0.46, 20, "b"), (0.95, 0.60, 30, "c")], slack=0.2)[2]
    20
    """
    if not snapshots:
        return None
    playable = [s for s in snapshots if s[0] >= PLAYABLE_FLOOR]
    if playable:
        best = min(playable, key=lambda s: (math.inf if math.isnan(s[1]) else s[1], -s[2]))
        if slack > 0 and not math.isnan(best[1]):
            near = [s for s in playable if not math.isnan(s[1]) and s[1] <= best[1] * (1 + slack)]
            return max(near, key=lambda s: s[2])
        return best
    return max(snapshots, key=lambda s: (s[0], s[2]))


def train_vae(
    domain: Domain,
    corpus: Corpus,
    *,
    config: VAEConfig | None = None,
    schedule: Schedule | None = None,
    seed: int = 0,
    device: str = "cpu",
    previews: Path | None = None,
    select_on: int = 256,
    progress: bool = True,
    name: str = "vae",
) -> tuple[LevelVAE, dict[str, Any]]:
    """Train a VAE on ``corpus``; returns the model (in eval mode) and a log.

    Model selection as for the GAN (:func:`_select`): among the previews of the second half of
    training, the closest in style of those playable at least ``PLAYABLE_FLOOR`` of the time.
    """
    cfg = config or VAEConfig(height=domain.height, width=domain.width, channels=domain.channels)
    sch = schedule or Schedule(lr=1e-3)
    dev = device_of(device)
    _check_labels(corpus, cfg.styles, cfg.difficulty)
    vae = LevelVAE(cfg)
    seeded_init(vae, torch_generator(seed, name, "init"))
    vae.to(dev)
    opt = torch.optim.Adam(vae.parameters(), lr=sch.lr)
    data = torch.from_numpy(corpus.ids).to(dev)
    weight = tile_weights(data, cfg.channels, sch.rare_tiles)
    weight = None if weight is None else weight.to(dev)
    order = _vae_batches(corpus, sch, torch_generator(seed, name, "batches"))
    noise = torch_generator(seed, name, "noise", device=dev.type)
    fixed = (torch.randn(select_on, cfg.latent, generator=torch_generator(seed, name, "fixed")) * cfg.temperature).to(dev)
    fixed_cond = _fixed_conditions(corpus, select_on, cfg.styles, cfg.difficulty, torch_generator(seed, name, "fixed-conditions"))
    fixed_cond = None if fixed_cond is None else fixed_cond.to(dev)
    log: dict[str, Any] = {"loss": [], "recon": [], "kl": [], "raw_ok": [], "style_kl": []}
    snapshots: list[tuple[float, float, int, dict[str, torch.Tensor]]] = []
    bar = _progress(sch.steps, name, progress)
    for step in range(1, sch.steps + 1):
        idx = next(order)
        ids = data[idx].long()
        cond = _conditions(corpus, idx, cfg.styles, cfg.difficulty)
        cond = None if cond is None else cond.to(dev)
        beta = cfg.beta * min(1.0, step / max(sch.warmup, 1))
        vae.train()
        logits, mu, logvar = vae(one_hot(ids, cfg.channels), noise, cond)
        loss, recon, kl = vae_loss(logits, ids, mu, logvar, beta, weight)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        log["loss"].append(round(loss.item(), 4))
        log["recon"].append(round(recon.item(), 4))
        log["kl"].append(round(kl.item(), 4))
        if step % sch.preview_every == 0 or step == sch.steps:
            vae.eval()
            with torch.no_grad():
                sample = decode_ids(vae.decode(fixed, fixed_cond), domain.unique, cfg.points)
            competing = step >= sch.compete_from * sch.steps
            ok = _raw_ok(domain, sample if competing else sample[:LOG_SAMPLES])
            skl = _style_kl(domain, corpus, sample)
            log["raw_ok"].append((step, ok))
            log["style_kl"].append((step, skl))
            if not math.isnan(ok) and competing:
                snapshots.append((ok, skl, step, copy.deepcopy(vae.state_dict())))
            if previews is not None:
                _preview(domain, sample[:8], previews / f"{name}-step{step:05d}.png")
            bar.set_postfix(rec=f"{recon.item():.2f}", kl=f"{kl.item():.2f}", ok=f"{ok:.2f}")
        elif step % 10 == 0:
            bar.set_postfix(rec=f"{recon.item():.2f}", kl=f"{kl.item():.2f}")
        bar.update(1)
    bar.close()
    _keep_selected(vae, snapshots, log, sch.steps, sch.select_slack)
    return vae.eval().cpu(), log


def _vae_batches(corpus: Corpus, sch: Schedule, g: torch.Generator) -> Iterator[torch.Tensor]:
    """Mini-batch indices: epochs of seeded permutations, or with ``sch.style_balance`` and style
    labels, windows drawn (with replacement) in proportion to ``(windows of their style) ** -balance``."""
    if not sch.style_balance or corpus.style_class is None:
        yield from batches(len(corpus.ids), sch.batch, g)
        return
    style = torch.from_numpy(corpus.style_class)
    weight = torch.bincount(style).double()[style] ** -sch.style_balance
    while True:
        yield torch.multinomial(weight, sch.batch, replacement=True, generator=g)


def _conditions_doc(config: GANConfig | VAEConfig, corpus: Corpus) -> dict[str, Any]:
    """The checkpoint's ``conditions``: the style class names (in channel order) and whether
    difficulty is an input; nothing for an unconditional model."""
    if not config.conditions:
        return {}
    return {"conditions": {"styles": list(corpus.style_names[: config.styles]), "difficulty": config.difficulty}}


def train(
    model: str,
    *,
    data: str | None,
    out: str,
    epochs: int | None = None,
    device: str = "cpu",
    seed: int = 0,
    progress: bool = True,
    schedule: Schedule | None = None,
    config: GANConfig | VAEConfig | TextureVAEConfig | TextureGANConfig | None = None,
) -> Path:
    """Train ``model`` from scratch and write its checkpoint to ``out``; returns the JSON path.

    ``data`` None is the project's shipped corpus; otherwise a file or a directory of
    corpus-format ``.txt`` files or native ``.json`` levels.
    """
    if model in TEXTURE_MODELS:
        from procgen.models.texture import train_texture

        return train_texture(model, data=data, out=Path(out), epochs=epochs, device=device, seed=seed,
                             progress=progress, schedule=schedule, config=config)
    if model not in LEVEL_MODELS:
        raise ParamError(f"model: unknown model {model!r}; choose from {', '.join(MODELS)}")
    if data is not None and not Path(data).exists():
        raise ParamError(f"data: {data} does not exist")
    device_of(device)  # a bad device fails before the data is loaded
    check_out_folder(out)
    domain_name, family = LEVEL_MODELS[model]
    domain = domain_of(domain_name)
    t0 = time.perf_counter()
    corpus = load_corpus(domain, data)
    t_data = time.perf_counter() - t0
    # Made only now: a bad --out or bad data leaves nothing behind.
    out_dir = make_out_folder(out)
    previews = make_out_folder(out_dir / "previews")
    sch = schedule or schedule_for(model, epochs, len(corpus.ids), user_data=data is not None)
    if sch.augment and data is not None:  # small data: see schedule.SMALL_DATA_WINDOWS
        corpus = load_corpus(domain, data, augment=True)
        t_data = time.perf_counter() - t0
    t1 = time.perf_counter()
    with _torch_threads(sch.threads):
        level_config = config if isinstance(config, (GANConfig, VAEConfig)) else None
        module, log, used = _train_family(family, domain, corpus, sch, seed, device, previews, model, level_config,
                                          progress)
    wall = time.perf_counter() - t1
    losses = {k: v[-1] for k, v in log.items() if isinstance(v, list) and v and not isinstance(v[0], tuple)}
    # The command that retrains this checkpoint (the output folder aside): the same gives the same weights.
    command = " ".join(["procgen train", model, *(["--data", shlex.quote(str(data))] if data is not None else []),
                        "--out", "OUT", *(["--epochs", str(epochs)] if epochs is not None else []),
                        *(["--device", device] if device != "cpu" else []), "--seed", str(seed)])
    if schedule is not None or config is not None:
        command += "  (with a schedule/config given in Python)"
    return _save(module, out_dir, model, used, domain, corpus, sch, family, seed, device, wall, t_data, log, losses,
                 command)


def _train_family(
    family: str, domain: Domain, corpus: Corpus, sch: Schedule, seed: int, device: str, previews: Path,
    model: str, config: GANConfig | VAEConfig | None, progress: bool,
) -> tuple[torch.nn.Module, dict[str, Any], GANConfig | VAEConfig]:
    """Build the config (conditional on what the corpus labels) and train the model's family."""
    # Class-conditional on what the corpus labels (style classes, difficulty), unless a config
    # says otherwise.
    over = {"styles": len(corpus.style_names) if corpus.style_class is not None else 0,
            "difficulty": corpus.difficulty is not None, **CONFIG_OVERRIDES.get(model, {})}
    if family == GeneratorName.GAN:
        gcfg = config if isinstance(config, GANConfig) else GANConfig(
            height=domain.height, width=domain.width, channels=domain.channels, **over)
        module: torch.nn.Module
        module, log = train_gan(domain, corpus, config=gcfg, schedule=sch, seed=seed, device=device,
                                previews=previews, progress=progress, name=model)
        used: GANConfig | VAEConfig = gcfg
    else:
        # Tiles the corpus never puts side by side are decoded apart (procgen.models.decode).
        vcfg = config if isinstance(config, VAEConfig) else VAEConfig(
            height=domain.height, width=domain.width, channels=domain.channels,
            points=point_tiles(corpus.ids, domain.channels), **over)
        module, log = train_vae(domain, corpus, config=vcfg, schedule=sch, seed=seed, device=device,
                                previews=previews, progress=progress, name=model)
        used = vcfg
    return module, log, used


def _save(
    module: torch.nn.Module, out_dir: Path, model: str, used: GANConfig | VAEConfig, domain: Domain,
    corpus: Corpus, sch: Schedule, family: str, seed: int, device: str, wall: float, t_data: float,
    log: dict[str, Any], losses: dict[str, Any], command: str,
) -> Path:
    return save_checkpoint(
        module,
        out_dir / model,
        model=model,
        config=used.to_dict(),
        vocabulary=domain.names,
        chars=domain.chars,
        kind=domain.kind,
        **_conditions_doc(used, corpus),
        data=corpus.provenance,
        training={
            "command": command,
            "seed": seed,
            "steps": sch.steps,
            "batch": sch.batch,
            "lr": sch.lr,
            **({"schedule": sch.fit, "preview_every": sch.preview_every} if sch.fit else {}),
            **({"rare_tiles": sch.rare_tiles} if family == GeneratorName.VAE and sch.rare_tiles else {}),
            **({"style_balance": sch.style_balance} if family == GeneratorName.VAE and sch.style_balance else {}),
            "device": device,
            "torch": torch.__version__,
            "threads": sch.threads,
            "machine": platform.machine(),
            "wall_time_s": round(wall, 1),
            "data_time_s": round(t_data, 1),
            "final_losses": losses,
            "raw_ok_during_training": log.get("raw_ok"),
            "style_kl_during_training": log.get("style_kl") or None,
            # GAN: enemy and pipe-top tiles of the preview samples over the corpus's rate.
            **({"content_during_training": log["content"]} if log.get("content") else {}),
            "selected_step": log.get("selected_step"),
        },
    )
