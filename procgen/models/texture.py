"""The texture models' training, loading and sampling: ``procgen train texture-vae|texture-gan``.

Training data: by default the procedural material set (:mod:`procgen.textures.materials`,
``tiles_per_material`` seamless 16x16 tiles of each material from the training seed). A user's
own tiles: a folder of PNG files named ``<material>_<anything>.png`` (``grass_01.png``,
``dungeon-floor_a.png``); each image is cut into 16x16 tiles (its sides must be multiples of
16), and the material names found, sorted, become the model's vocabulary.

Everything random (initial weights, batch order, latents) comes from seeded torch generators,
so a seed gives the same checkpoint on the same machine and torch version. Checkpoints are
``OUT/texture-vae.{safetensors,json}`` / ``OUT/texture-gan.{...}`` with provenance, the seed,
wall time and quality metrics in the JSON. Loading a missing or corrupt checkpoint raises
:class:`~procgen.errors.CheckpointError`; callers such as the atlas fall back to procedural
tiles and say so.
"""

from __future__ import annotations

import copy
import math
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from os import PathLike, fspath
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from procgen.errors import CheckpointError, ParamError
from procgen.level import GeneratorName
from procgen.models.checkpoint import load_trained, save_checkpoint
from procgen.models.common import batches, device_of, torch_generator
from procgen.models.locate import checkpoint_path
from procgen.models.outdir import check_out_folder, make_out_folder
from procgen.models.schedule import SCHEDULES, Schedule, schedule_for
from procgen.models.texture_gan import TextureDiscriminator, TextureGAN, TextureGANConfig
from procgen.models.texture_vae import TextureVAE, TextureVAEConfig
from procgen.models.tilenet import seeded_init
from procgen.params import check_int
from procgen.rng import check_seed
from procgen.textures.source import TileSource

__all__ = [
    "MODEL_NAMES",
    "blend_tiles",
    "generate_tiles",
    "load_texture_model",
    "texture_dataset",
    "tile_source",
    "train_texture",
    "train_texture_gan",
    "train_texture_vae",
]

#: generator family -> checkpoint/model name.
MODEL_NAMES = {"vae": "texture-vae", "gan": "texture-gan"}
TILE = 16
MAX_TILES = 65536


# -- data ----------------------------------------------------------------------------------------


def _procedural_set(seed: int, per_material: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    from procgen.textures.materials import MATERIALS, synthesize

    tiles = [synthesize(m, seed, TILE, per_material) for m in MATERIALS]
    labels = np.repeat(np.arange(len(MATERIALS)), per_material)
    return np.concatenate(tiles), labels, list(MATERIALS)


def _folder_set(folder: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    from procgen.io.png import read_png

    files = sorted(folder.glob("*.png"))
    if not files:
        raise ParamError(f"data: {folder}: no PNG tiles (expected <material>_<name>.png files)")
    by_material: dict[str, list[np.ndarray]] = {}
    tiles_so_far = 0
    for f in files:
        material, sep, _ = f.stem.rpartition("_")
        if not sep or not material:
            raise ParamError(f"data: {f}: name must be <material>_<anything>.png")
        # Checked against what is left of the tile budget before the pixels are decoded.
        try:
            img = read_png(f, (MAX_TILES - tiles_so_far) * TILE * TILE)
        except ParamError as e:
            raise ParamError(f"data: {e}") from None
        h, w = img.shape[:2]
        if h % TILE or w % TILE:
            raise ParamError(f"data: {f}: image is {w}x{h}; sides must be multiples of {TILE}")
        cut = img.reshape(h // TILE, TILE, w // TILE, TILE, 3).transpose(0, 2, 1, 3, 4).reshape(-1, TILE, TILE, 3)
        by_material.setdefault(material, []).append(cut)
        tiles_so_far += len(cut)
    names = sorted(by_material)
    tiles = [np.concatenate(by_material[m]) for m in names]
    labels = np.concatenate([np.full(len(t), i) for i, t in enumerate(tiles)])
    all_tiles = np.concatenate(tiles)
    if len(all_tiles) > MAX_TILES:
        raise ParamError(f"data: {folder}: {len(all_tiles)} tiles; at most {MAX_TILES}")
    return all_tiles, labels, names


def texture_dataset(data: str | PathLike[str] | None, seed: int, per_material: int) -> tuple[np.ndarray, np.ndarray, list[str], dict[str, Any]]:
    """(tiles ``(N, 16, 16, 3)`` uint8, labels ``(N,)``, material names, provenance)."""
    if data is None:
        tiles, labels, names = _procedural_set(seed, per_material)
        prov = {
            "source": "procedural material set (procgen.textures.materials.synthesize)",
            "tiles": len(tiles),
            "tiles_per_material": per_material,
            "tile_size": TILE,
            "seed": seed,
        }
        return tiles, labels, names, prov
    folder = Path(fspath(data))
    if not folder.is_dir():
        raise ParamError(f"data: {folder} is not a folder of <material>_*.png tiles")
    tiles, labels, names = _folder_set(folder)
    return tiles, labels, names, {"source": f"PNG tiles from {folder.name}", "tiles": len(tiles), "tile_size": TILE}


def palette_indices(tiles: np.ndarray, max_colors: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """(palette ``(P, 3)`` uint8, indices ``(N, S, S)``) for tiles: their distinct colours, or
    a median-cut palette of ``max_colors`` when there are more (a user's photos, say)."""
    flat = tiles.reshape(-1, 3).astype(np.int64)
    keys = (flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]
    uniq, inverse = np.unique(keys, return_inverse=True)
    if len(uniq) <= max_colors:
        palette = np.stack([(uniq >> 16) & 255, (uniq >> 8) & 255, uniq & 255], axis=1).astype(np.uint8)
        return palette, inverse.reshape(tiles.shape[:3])
    from PIL import Image

    mosaic = Image.fromarray(np.ascontiguousarray(tiles.reshape(-1, tiles.shape[2], 3)))
    q = mosaic.quantize(colors=max_colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    raw = q.getpalette() or []
    idx = np.asarray(q).reshape(tiles.shape[:3]).astype(np.int64)
    n = int(idx.max()) + 1
    palette = np.array(raw[: 3 * n], dtype=np.uint8).reshape(n, 3)
    return palette, idx


def _to_tensor(tiles: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(tiles)).permute(0, 3, 1, 2).float() / 255.0  # (N, 3, S, S)


def _to_uint8(x: torch.Tensor) -> np.ndarray:
    return (x.clamp(0, 1) * 255).round().to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()


def _progress(steps: int, name: str, progress: bool) -> Any:
    from tqdm import tqdm

    return tqdm(range(steps), desc=name, unit="step", disable=None if progress else True, leave=False)


# -- sampling --------------------------------------------------------------------------------------


def _latents(n: int, dim: int, seed: int, *path: str | int) -> torch.Tensor:
    g = torch_generator(seed, "texture-latent", *path)
    # Truncated to +-2 sigma: rare far-out latents make the odd garbled tile.
    return nn.init.trunc_normal_(torch.empty(n, dim), 0.0, 1.0, -2.0, 2.0, generator=g)


def _one_hot(index: int, k: int, n: int) -> torch.Tensor:
    return F.one_hot(torch.full((n,), index, dtype=torch.long), k).float()


@torch.no_grad()
def sample_module(module: nn.Module, label: int, n: int, seed: int, tag: str = "", cut: bool = True) -> np.ndarray:
    """``n`` tiles ``(n, S, S, 3)`` uint8 of material index ``label`` from a VAE or GAN module,
    cut from the torus where :func:`fit_cuts` chose (unless ``cut`` is False)."""
    dev = next(module.parameters()).device
    if isinstance(module, TextureVAE):
        k = module.config.materials
        onehot = _one_hot(label, k, n).to(dev)
        z = module.prior(onehot, _latents(n, module.config.latent, seed, "vae", tag, label).to(dev))
        pixels = torch_generator(seed, "texture-pixels", tag, label, device=dev.type)
        out = module.render(module.decode(z, onehot), pixels)
    elif isinstance(module, TextureGAN):
        z = _latents(n, module.config.latent, seed, "gan", tag, label)
        out = module(z.to(dev), torch.full((n,), label, dtype=torch.long, device=dev))
    else:
        raise TypeError(f"not a texture model: {type(module).__name__}")
    if cut:
        oy, ox = (int(v) for v in module.cut[label])
        out = torch.roll(out, shifts=(oy, ox), dims=(2, 3))
    return _to_uint8(out)


@torch.no_grad()
def fit_cuts(module: TextureVAE | TextureGAN, materials: int, seed: int, n: int = 256) -> None:
    """Choose, per material, where the torus is cut into a tile: the row and column boundary
    where the model's tiles change least (``module.cut``, applied by :func:`sample_module`).

    A generated tile is a torus (circular convolutions), so rolling it changes nothing but
    where its edge falls, and a small model's output is never perfectly stationary: some
    rows differ from their neighbours more than others. Putting the edge between the
    smoothest pair, as the procedural recipes keep mortar lines off their edges, keeps the
    tile's repeat invisible.
    """
    size = module.config.size
    for label in range(materials):
        t = torch.from_numpy(sample_module(module, label, n, seed, "cut", cut=False)).float()
        dy = (torch.roll(t, -1, dims=1) - t).abs().mean(dim=(0, 2, 3))  # row y vs y+1, (S,)
        dx = (torch.roll(t, -1, dims=2) - t).abs().mean(dim=(0, 1, 3))  # column x vs x+1
        # Rolling by s moves row y to y+s; the smoothest pair (y*, y*+1) becomes (S-1, 0).
        module.cut[label, 0] = (size - 1 - int(dy.argmin())) % size
        module.cut[label, 1] = (size - 1 - int(dx.argmin())) % size


def _quick_metrics(module: nn.Module, names: Sequence[str], seed: int) -> dict[str, float]:
    """Seam error, fidelity and variety of 32 tiles per material (stored in the checkpoint)."""
    from procgen.textures import quality

    if any(m not in quality.MATERIALS for m in names):
        return {}
    clf = quality.MaterialClassifier.fit(seed=seed + 1)
    seams, fids, vars_ = [], [], []
    for i, m in enumerate(names):
        tiles = sample_module(module, i, 32, seed, "metrics")
        seams.append(quality.seam_error(tiles))
        fids.append(clf.accuracy(tiles, m))
        vars_.append(quality.variety(tiles)[0])
    return {
        "seam_error_max": round(max(seams), 4),
        "fidelity": round(float(np.mean(fids)), 4),
        "variety_min": round(min(vars_), 4),
    }


# -- training ----------------------------------------------------------------------------------------


def _prepare(model: str, data: str | None, out: Path, epochs: int | None, device: str, seed: int, schedule: Schedule | None) -> tuple[Any, ...]:
    seed = check_seed(seed)
    check_out_folder(out)  # before the data loads; the folder is made only once it has
    dev = device_of(device)
    per_material = (schedule or SCHEDULES[model]).tiles_per_material
    tiles, labels, names, prov = texture_dataset(data, seed, per_material)
    sch = schedule or schedule_for(model, epochs, len(tiles))  # as for the level models
    out = make_out_folder(out)
    x = _to_tensor(tiles).to(dev)
    y = torch.from_numpy(labels).long().to(dev)
    return seed, dev, sch, x, y, names, prov, out


def _save(module: nn.Module, out: Path, model: str, cfg: Any, names: list[str], prov: dict[str, Any], seed: int, sch: Schedule, wall: float, losses: dict[str, float]) -> Path:
    module = module.cpu().eval()
    if isinstance(module, (TextureVAE, TextureGAN)):
        fit_cuts(module, len(names), seed)
    metrics = {**{k: round(v, 5) for k, v in losses.items()}, **_quick_metrics(module, names, seed)}
    return save_checkpoint(
        module,
        out / model,
        model=model,
        config=asdict(cfg),
        vocabulary=names,
        data=prov,
        seed=seed,
        schedule=asdict(sch),
        train_seconds=round(wall, 1),
        metrics=metrics,
        torch_version=torch.__version__,
        machine=f"{platform.machine()} {platform.system()}, {torch.get_num_threads()} torch threads",
    )


def train_texture_vae(
    *,
    data: str | None,
    out: Path,
    epochs: int | None = None,
    device: str = "cpu",
    seed: int = 0,
    schedule: Schedule | None = None,
    config: TextureVAEConfig | None = None,
    progress: bool = True,
) -> Path:
    """Train the conditional texture VAE; returns the checkpoint JSON path."""
    seed, dev, sch, x, y, names, prov, out = _prepare("texture-vae", data, out, epochs, device, seed, schedule)
    cfg = config or TextureVAEConfig()
    palette, colors = palette_indices(_to_uint8(x))
    cfg.materials, cfg.colors = len(names), len(palette)
    target = torch.from_numpy(colors).long().to(dev)  # (N, S, S) palette indices
    t0 = time.perf_counter()
    vae = TextureVAE(cfg)
    seeded_init(vae, torch_generator(seed, "texture-vae", "init"))
    vae.palette.copy_(torch.from_numpy(palette).float() / 255.0)
    vae.to(dev).train()
    opt = torch.optim.Adam(vae.parameters(), lr=sch.lr)
    order = batches(len(x), sch.batch, torch_generator(seed, "texture-vae", "batches"))
    noise = torch_generator(seed, "texture-vae", "noise", device=dev.type)
    k = len(names)
    rec = kl = total = torch.zeros(())
    bar = _progress(sch.steps, "texture-vae", progress)
    for step in bar:
        idx = next(order).to(dev)
        # Cosine decay to a tenth of the rate: big steps first, fine detail at the end.
        for group in opt.param_groups:
            group["lr"] = sch.lr * (0.1 + 0.45 * (1 + math.cos(math.pi * step / sch.steps)))
        logits, mu, logvar = vae(x[idx], F.one_hot(y[idx], k).float(), noise)
        rec = F.cross_entropy(logits, target[idx], reduction="none").sum(dim=(1, 2)).mean()
        kl_dims = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp())).mean(dim=0)  # (latent,)
        kl = kl_dims.sum()
        # "Free bits" (Kingma et al. 2016): no pull below free_bits nats per latent dimension,
        # else the label and the per-pixel colours explain so much that the latent goes unused.
        kl_term = kl_dims.clamp(min=cfg.free_bits).sum()
        warm = min(1.0, (step + 1) / max(sch.warmup, 1))
        total = rec + warm * cfg.beta * kl_term
        opt.zero_grad(set_to_none=True)
        total.backward()
        opt.step()
        if step % 25 == 0:
            bar.set_postfix(rec=f"{rec.item():.1f}", kl=f"{kl.item():.1f}")
    vae.eval()
    vae.fit_prior(x, y)
    wall = time.perf_counter() - t0
    losses = {"reconstruction": rec.item(), "kl": kl.item(), "loss": total.item()}
    return _save(vae, out, "texture-vae", cfg, names, prov, seed, sch, wall, losses)


def train_texture_gan(
    *,
    data: str | None,
    out: Path,
    epochs: int | None = None,
    device: str = "cpu",
    seed: int = 0,
    schedule: Schedule | None = None,
    config: TextureGANConfig | None = None,
    progress: bool = True,
) -> Path:
    """Train the conditional texture GAN (hinge loss, projection discriminator); returns the
    checkpoint JSON path. The shipped generator is the moving average of the trained one."""
    seed, dev, sch, x, y, names, prov, out = _prepare("texture-gan", data, out, epochs, device, seed, schedule)
    cfg = config or TextureGANConfig()
    cfg.materials = len(names)
    t0 = time.perf_counter()
    gen, disc = TextureGAN(cfg), TextureDiscriminator(cfg)
    seeded_init(gen, torch_generator(seed, "texture-gan", "init-g"))
    seeded_init(disc, torch_generator(seed, "texture-gan", "init-d"))
    gen.to(dev).train()
    disc.to(dev).train()
    ema = copy.deepcopy(gen).eval()
    opt_g = torch.optim.Adam(gen.parameters(), lr=sch.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(disc.parameters(), lr=sch.lr, betas=(0.5, 0.999))
    order = batches(len(x), sch.batch, torch_generator(seed, "texture-gan", "batches"))
    noise = torch_generator(seed, "texture-gan", "noise", device=dev.type)
    k = len(names)
    d_loss = g_loss = torch.zeros(())
    bar = _progress(sch.steps, "texture-gan", progress)
    for step in bar:
        idx = next(order).to(dev)
        real, labels = x[idx], y[idx]
        b = len(idx)
        # Two halves with the same materials and different noise, for the mode-seeking term.
        half = max(b // 2, 1)
        fake_labels = torch.randint(0, k, (half,), generator=noise, device=dev).repeat(2)
        z = torch.randn(2 * half, cfg.latent, generator=noise, device=dev)
        fake = gen(z, fake_labels)
        d_loss = F.relu(1 - disc(real, labels)).mean() + F.relu(1 + disc(fake.detach(), fake_labels)).mean()
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()
        g_loss = -disc(fake, fake_labels).mean()
        # Mode seeking (Mao et al. 2019): reward tiles that differ when their noise differs,
        # so each material keeps many variants instead of collapsing onto a few.
        spread = (fake[:half] - fake[half:]).abs().mean() / (z[:half] - z[half:]).abs().mean()
        g_loss = g_loss + sch.mode_seeking / (spread + 1e-5)
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        opt_g.step()
        with torch.no_grad():
            decay = min(sch.ema, (1 + step) / (10 + step))  # a short memory early on
            for pe, p in zip(ema.parameters(), gen.parameters(), strict=True):
                pe.lerp_(p, 1 - decay)
        if step % 25 == 0:
            bar.set_postfix(d=f"{d_loss.item():.3f}", g=f"{g_loss.item():.3f}")
    wall = time.perf_counter() - t0
    losses = {"d_loss": d_loss.item(), "g_loss": g_loss.item()}
    return _save(ema, out, "texture-gan", cfg, names, prov, seed, sch, wall, losses)


def train_texture(model: str, *, config: TextureVAEConfig | TextureGANConfig | Any = None, **options: Any) -> Path:
    """``procgen train texture-vae|texture-gan``: what :func:`procgen.models.train.train` calls
    for a texture model, with its keyword arguments (``data``, ``out``, ``epochs``, ``device``,
    ``seed``, ``progress``, ``schedule``); returns the checkpoint JSON path."""
    if model == MODEL_NAMES["vae"]:
        return train_texture_vae(config=config if isinstance(config, TextureVAEConfig) else None, **options)
    if model == MODEL_NAMES["gan"]:
        return train_texture_gan(config=config if isinstance(config, TextureGANConfig) else None, **options)
    raise ParamError(f"model: {model!r} is not a texture model; choose from {', '.join(MODEL_NAMES.values())}")


# -- loading and generation ------------------------------------------------------------------------

def _build_vae(config: dict[str, Any]) -> nn.Module:
    return TextureVAE(TextureVAEConfig(**config))


def _build_gan(config: dict[str, Any]) -> nn.Module:
    return TextureGAN(TextureGANConfig(**config))


_BUILDERS: dict[str, Callable[[dict[str, Any]], nn.Module]] = {"texture-vae": _build_vae, "texture-gan": _build_gan}


def _check_family(generator: str) -> str:
    if generator not in MODEL_NAMES:
        raise ParamError(f"generator: must be vae or gan for a texture model, got {generator!r}")
    return MODEL_NAMES[generator]


def load_texture_model(generator: str, path: str | PathLike[str] | None = None) -> tuple[nn.Module, dict[str, Any]]:
    """The trained ``"vae"`` or ``"gan"``, cached like the level models
    (:func:`~procgen.models.checkpoint.load_trained`): from ``path`` (a checkpoint config or a
    folder holding ``texture-<generator>.json``), else as :mod:`procgen.models.locate` finds it.

    Raises CheckpointError when the files are missing, corrupt or for another model.
    """
    model = _check_family(generator)
    module, doc = load_trained(model, path, _BUILDERS[model], _module_and_doc)
    cfg = doc["config"]
    if cfg.get("materials") != len(doc["vocabulary"]):
        raise CheckpointError(f"{checkpoint_path(model, path)}: config: materials={cfg.get('materials')} but the "
                              f"vocabulary has {len(doc['vocabulary'])} names")
    return module, doc


def _module_and_doc(module: nn.Module, doc: dict[str, Any]) -> tuple[nn.Module, dict[str, Any]]:
    return module, doc


def _label(doc: dict[str, Any], material: str, where: str) -> int:
    vocab = doc["vocabulary"]
    if material not in vocab:
        raise ParamError(f"material: {material!r} is not one of the {where} model's materials: {', '.join(vocab)}")
    return int(vocab.index(material))


def _resize(tiles: np.ndarray, size: int, trained: int) -> np.ndarray:
    """Nearest-neighbour upscale by an integer factor (pixel art stays crisp and seamless)."""
    if size == trained:
        return tiles
    if size % trained or size < trained:
        raise ParamError(f"size: the texture models make {trained}px tiles and their multiples, got {size}")
    f = size // trained
    return np.repeat(np.repeat(tiles, f, axis=1), f, axis=2)


def generate_tiles(generator: str, material: str, *, seed: int, size: int = 16, n: int = 1, path: str | PathLike[str] | None = None) -> np.ndarray:
    """``n`` tiles ``(n, size, size, 3)`` uint8 of ``material`` from the trained VAE or GAN.

    A pure function of ``(generator, material, seed, n)`` and the checkpoint.
    """
    seed = check_seed(seed)
    check_int("n", n, 1, MAX_TILES, "tiles")
    module, doc = load_texture_model(generator, path)
    label = _label(doc, material, generator)
    tiles = sample_module(module, label, n, seed)
    return _resize(tiles, size, int(doc["config"]["size"]))


@torch.no_grad()
def blend_tiles(
    material_a: str, material_b: str, ts: Sequence[float], *, seed: int, size: int = 16, path: str | PathLike[str] | None = None
) -> np.ndarray:
    """Tiles ``(len(ts), size, size, 3)`` along the VAE's path from ``material_a`` to ``material_b``.

    Each end is a latent sampled for its material (from ``seed``); tile ``t`` decodes the point
    a fraction ``t`` along the line between them, and draws each pixel from the mixture
    ``(1-t) * p(colour | a) + t * p(colour | b)``.
    """
    seed = check_seed(seed)
    module, doc = load_texture_model("vae", path)
    if not isinstance(module, TextureVAE):  # load_texture_model("vae") only builds VAEs
        raise CheckpointError(f"{path}: not a texture VAE")
    a, b = _label(doc, material_a, "vae"), _label(doc, material_b, "vae")
    c = module.config
    t = torch.tensor([float(v) for v in ts]).view(-1, 1)
    if t.numel() == 0 or bool(((t < 0) | (t > 1) | torch.isnan(t)).any()):
        raise ParamError(f"t: every blend position must be in [0, 1], got {list(ts)}")
    la, lb = _one_hot(a, c.materials, 1), _one_hot(b, c.materials, 1)
    za = module.prior(la, _latents(1, c.latent, seed, "vae", "", a))
    zb = module.prior(lb, _latents(1, c.latent, seed, "vae", "", b))
    z = (1 - t) * za + t * zb  # (T, latent): the straight line between the two latents
    n = len(t)
    # Each pixel's colour distribution is the t-weighted mixture of what the decoder gives
    # for material a and for material b at that latent: a dithered dissolve of a into b.
    # (Mixing the labels instead leaves the data: half grass, half snow decodes as stone.)
    pa = F.softmax(module.decode(z, la.expand(n, -1)) / c.temperature, dim=1)
    pb = F.softmax(module.decode(z, lb.expand(n, -1)) / c.temperature, dim=1)
    mix = (1 - t).view(-1, 1, 1, 1) * pa + t.view(-1, 1, 1, 1) * pb  # (T, P, S, S)
    logits = torch.log(mix.clamp_min(1e-12))
    # Pixel draws: material a's for the first half of the way, b's for the second, the same
    # draws as generate_tiles' first variant, so t=0 and t=1 are exactly those tiles.
    ua, ub = (
        torch.rand(logits[:1].shape, generator=torch_generator(seed, "texture-pixels", "", m)).clamp_(1e-9, 1 - 1e-9)
        for m in (a, b)
    )
    first = t.view(-1, 1, 1, 1) < 0.5
    u = torch.where(first, ua, ub)
    out = module.palette[(logits - torch.log(-torch.log(u))).argmax(dim=1)].permute(0, 3, 1, 2)
    # Cut each tile from the torus where its nearer material's tiles are cut.
    cut_a, cut_b = ((int(module.cut[m, 0]), int(module.cut[m, 1])) for m in (a, b))
    out = torch.where(first, torch.roll(out, cut_a, dims=(2, 3)), torch.roll(out, cut_b, dims=(2, 3)))
    return _resize(_to_uint8(out), size, c.size)


def tile_source(generator: str, path: str | PathLike[str] | None = None) -> TileSource:
    """The trained texture ``vae`` or ``gan`` as a :class:`~procgen.textures.source.TileSource`,
    to hand to the texture code (``build_atlas(..., generator=tile_source("vae"))``). The model
    is loaded when the first tiles are asked for."""
    _check_family(generator)
    family = generator

    def tiles(material: str, seed: int, size: int, n: int) -> np.ndarray:
        return generate_tiles(family, material, seed=seed, size=size, n=n, path=path)

    def blend(material_a: str, material_b: str, ts: Sequence[float], seed: int, size: int) -> np.ndarray:
        return blend_tiles(material_a, material_b, ts, seed=seed, size=size, path=path)

    return TileSource(family, tiles, blend if family == GeneratorName.VAE else None)
