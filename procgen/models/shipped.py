"""The trained level models shipped in ``trained/``: load (verified, cached) and decode latents.

A :class:`LevelModel` wraps a loaded GAN generator or VAE with what generation needs: the
tile domain, how to draw prior latents from a seeded generator, and a batched
``decode(z) -> tile ids``. Loading goes through :func:`~procgen.models.checkpoint.load_trained`
(hash, vocabulary and architecture checked; never a pickle; cached like the texture models).

Decoding runs a copy of the module (made at load; the loaded module is never changed) whose
convolution weights are in channels-last memory order: the same values, but oneDNN then
convolves without reordering every input and output (measured 17-39% less time per decode).
It runs under ``torch.inference_mode``, and a small batch (the searches decode a few windows
or rooms at a time) on one torch thread: on the 2-core machine a batch of 16 rooms took 1.0 ms
on one thread and 6.5 ms on two while other processes kept the cores busy (the threads wait on
each other at every layer). The thread count is restored after each decode. The tile ids do
not depend on the thread count or the batch size (``tests/models/test_shipped.py``).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

import numpy as np
import torch

from procgen.errors import CheckpointError, ParamError
from procgen.level import GeneratorName
from procgen.models.checkpoint import load_trained
from procgen.models.common import torch_generator
from procgen.models.data import Domain, domain_of
from procgen.models.decode import decode_ids, decode_ids_numpy
from procgen.models.gan import Generator, build_generator, latents
from procgen.models.vae import LevelVAE, build_vae

__all__ = ["ONE_THREAD_TILES", "LevelModel", "load_level_model", "model_name"]

#: Decodes of at most this many output tiles (batch x height x width) run on one torch thread:
#: 64 platformer windows, or 420 rooms. Larger batches keep torch's own thread count.
ONE_THREAD_TILES = 64 * 14 * 28


@contextlib.contextmanager
def _threads_for(tiles: int) -> Iterator[None]:
    """One torch thread for a small decode (see the module docstring), restored afterwards."""
    before = torch.get_num_threads()
    if tiles > ONE_THREAD_TILES or before == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@dataclass
class LevelModel:
    """A loaded level model: ``module`` (a GAN generator or a VAE) and its ``domain``.

    A class-conditional model (its checkpoint has ``conditions``) decodes for the ``style`` and
    ``difficulty`` set by :meth:`given`; unset, every style equally and difficulty 0.5.
    """

    name: str  # e.g. "platformer-gan"
    family: str  # "gan" or "vae"
    module: torch.nn.Module
    domain: Domain
    doc: dict[str, Any]
    style: str | None = None
    difficulty: float | None = None
    #: With a set difficulty: a batch's difficulties are spread evenly over ±this around it
    #: (clipped to 0..1), for variety in a pool of candidate windows.
    spread: float = 0.0
    #: What decodes: ``module``'s copy in channels-last order (see the module docstring).
    inference: torch.nn.Module = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.inference = copy.deepcopy(self.module).eval()
        for p in self.inference.parameters():
            if p.dim() == 4:  # convolution weights
                p.data = p.data.contiguous(memory_format=torch.channels_last)

    @property
    def latent(self) -> int:
        return int(self.doc["config"]["latent"])

    @property
    def points(self) -> tuple[int, ...]:
        """Tile channels decoded as points (a VAE's ``config.points``; none for other models)."""
        return tuple(self.doc["config"].get("points") or ())

    @property
    def style_names(self) -> tuple[str, ...]:
        """The style classes a conditional model takes (empty for none)."""
        return tuple((self.doc.get("conditions") or {}).get("styles") or ())

    @property
    def takes_difficulty(self) -> bool:
        return bool((self.doc.get("conditions") or {}).get("difficulty"))

    def given(self, *, style: str | None = None, difficulty: float | None = None, spread: float = 0.0) -> LevelModel:
        """This model decoding for ``style`` and ``difficulty`` (each ignored where the model
        does not take it; an unknown style of a model that takes styles is a ParamError),
        difficulties spread over ``±spread`` within a batch."""
        if style is not None and self.style_names and style not in self.style_names:
            raise ParamError(f"style: {self.name} knows the styles {', '.join(self.style_names)}, not {style!r}")
        told = copy.copy(self)  # shares the module and its inference copy
        told.style = style if self.style_names else None
        told.difficulty = None if difficulty is None or not self.takes_difficulty else float(difficulty)
        told.spread = float(spread)
        return told

    def sample_conditions(self, n: int, seed: int, *path: str | int, run: int = 1) -> np.ndarray | None:
        """``n`` conditions ``(n, K)`` for raw samples of a conditional model (None otherwise):
        styles in the proportions of the training windows, and for each style difficulties
        as its training windows had them (the checkpoint's histogram; uniform on 0..1 where it
        has none). Seeded by ``(seed, path)``. ``run``: consecutive runs of this many windows
        share one style (a raw level of one style)."""
        cfg = self.doc["config"]
        styles, takes = int(cfg.get("styles", 0)), bool(cfg.get("difficulty", False))
        if styles + int(takes) == 0:
            return None
        from procgen.rng import rng

        r = rng(seed, self.name, "conditions", *path)
        data = self.doc.get("data") or {}
        parts = []
        picked = np.zeros(n, dtype=np.int64)
        if styles:
            counts = (data.get("style_labels") or {}).get("windows") or {}
            p = np.array([float(counts.get(name, 1)) for name in self.style_names])
            picked = np.repeat(r.choice(styles, size=-(-n // run), p=p / p.sum()), run)[:n]
            parts.append(np.eye(styles, dtype=np.float32)[picked])
        if takes:
            hist = (data.get("difficulty_labels") or {}).get("histogram") or {}
            diff = r.random(n)  # within a bin below; uniform on 0..1 without a histogram
            for i, name in enumerate(self.style_names or ("all",)):
                counts_i = np.asarray(hist.get(name, []), dtype=float)
                at = picked == i
                if counts_i.size and counts_i.sum() > 0 and at.any():
                    b = r.choice(len(counts_i), size=int(at.sum()), p=counts_i / counts_i.sum())
                    diff[at] = (b + diff[at]) / len(counts_i)
            parts.append(diff[:, None].astype(np.float32))
        return np.concatenate(parts, axis=1)

    def condition(self, n: int) -> torch.Tensor | None:
        """The condition vectors ``(n, K)`` for the set style and difficulty (None: unconditional)."""
        cfg = self.doc["config"]
        styles, takes = int(cfg.get("styles", 0)), bool(cfg.get("difficulty", False))
        if styles + int(takes) == 0:
            return None
        from procgen.models.tilenet import conditions, neutral_condition

        if self.style is None and self.difficulty is None:
            return neutral_condition(n, styles, takes)
        parts = []
        if styles:
            if self.style is None:
                parts.append(torch.full((n, styles), 1.0 / styles))
            else:
                parts.append(conditions(torch.full((n,), self.style_names.index(self.style)), None, styles))
        if takes:
            if self.difficulty is None:
                parts.append(torch.full((n, 1), 0.5))
            else:
                d = torch.linspace(self.difficulty - self.spread, self.difficulty + self.spread, n) if self.spread else \
                    torch.full((n,), self.difficulty)
                parts.append(d.clamp(0.0, 1.0).reshape(n, 1))
        return torch.cat(parts, dim=1)

    def prior(self, n: int, seed: int, *path: str | int) -> np.ndarray:
        """``n`` latents ``(n, latent)`` float32 from the model's sampling prior for ``(seed, path)``."""
        g = torch_generator(seed, self.name, "prior", *path)
        cfg = self.doc["config"]
        if self.family == GeneratorName.GAN:
            z = latents(n, self.latent, g, float(cfg.get("truncation", 2.0))) * float(cfg.get("temperature", 1.0))
        else:
            z = torch.randn(n, self.latent, generator=g) * float(cfg.get("temperature", 1.0))
        return z.numpy()

    def logits(self, z: np.ndarray, cond: np.ndarray | None = None) -> torch.Tensor:
        """Latents ``(B, latent)`` -> tile logits ``(B, C, H, W)`` (no autograd); ``cond (B, K)``
        overrides the condition set by :meth:`given`."""
        zt = torch.from_numpy(np.ascontiguousarray(z, dtype=np.float32))
        with torch.inference_mode(), _threads_for(len(zt) * self.domain.height * self.domain.width):
            return self._forward(zt, cond)

    def _forward(self, zt: torch.Tensor, cond: np.ndarray | None = None) -> torch.Tensor:
        net = self.inference
        c = self.condition(len(zt)) if cond is None else torch.from_numpy(np.asarray(cond, dtype=np.float32))
        return net.decode(zt, c) if isinstance(net, LevelVAE) else net(zt, c)

    def decode(self, z: np.ndarray, cond: np.ndarray | None = None) -> np.ndarray:
        """Latents ``(B, latent)`` -> tile ids ``(B, H, W)`` uint8 (argmax per tile)."""
        zt = torch.from_numpy(np.ascontiguousarray(z, dtype=np.float32))
        with torch.inference_mode(), _threads_for(len(zt) * self.domain.height * self.domain.width):
            logits = self._forward(zt, cond)
            if not self.points:  # numpy: the same ids, no torch op after the forward
                return decode_ids_numpy(logits.numpy(), self.domain.unique).astype(np.uint8)
            return decode_ids(logits, self.domain.unique, self.points).to(torch.uint8).numpy()

    @torch.no_grad()
    def encode(self, ids: np.ndarray) -> np.ndarray:
        """VAE only: tile ids ``(B, H, W)`` -> posterior means ``(B, latent)``."""
        if not isinstance(self.module, LevelVAE):
            raise ParamError(f"generator: {self.name} has no encoder; use a vae model")
        from procgen.models.tilenet import one_hot

        x = one_hot(torch.from_numpy(np.asarray(ids, dtype=np.int64)), self.domain.channels)
        mu, _ = self.module.encode(x, self.condition(len(x)))
        return mu.numpy()


def model_name(domain: str, generator: str) -> str:
    """``("platformer", "gan")`` -> ``"platformer-gan"``; other generators are a ParamError."""
    if generator not in (GeneratorName.GAN, GeneratorName.VAE):
        raise ParamError(f"generator: the trained models are gan and vae, not {generator!r}")
    return f"{domain}-{generator}"


def load_level_model(name: str, path: str | PathLike[str] | None = None) -> LevelModel:
    """Load ``name`` (``"platformer-gan"``, ``"room-vae"``, ...) from ``path`` (a checkpoint
    config or a folder holding ``NAME.json``), else as :mod:`procgen.models.locate` finds it.

    Cached with the texture models (:func:`~procgen.models.checkpoint.load_trained`, per name,
    file and modification time): generating many levels loads, and copies for decoding, once.
    """
    domain_name, _, family = name.rpartition("-")
    try:
        if GeneratorName(family) == GeneratorName.CLASSIC:
            raise ValueError(family)
        domain = domain_of(domain_name)
    except (ValueError, ParamError):
        raise ParamError(f"model: unknown level model {name!r}") from None
    build = build_generator if family == GeneratorName.GAN else build_vae
    return load_trained(name, path, build, _as_level_model, vocabulary=domain.names)


def _as_level_model(module: torch.nn.Module, doc: dict[str, Any]) -> LevelModel:
    """A loaded checkpoint (its ``model`` and vocabulary already checked) as a LevelModel."""
    assert isinstance(module, (Generator, LevelVAE))
    # The config's file, by name: the cache's wrap is not told the path.
    _check_conditions(doc, f"{doc['model']}.json")
    domain_name, _, family = str(doc["model"]).rpartition("-")
    return LevelModel(str(doc["model"]), family, module, domain_of(domain_name), doc)


def _check_conditions(doc: dict[str, Any], where: str) -> None:
    """A conditional checkpoint names as many styles as its config has style channels, and says
    whether difficulty is an input as its config does; an unconditional one has neither."""
    cfg, cond = doc["config"], doc.get("conditions")
    styles, takes = int(cfg.get("styles", 0)), bool(cfg.get("difficulty", False))
    if cond is None:
        if styles or takes:
            raise CheckpointError(f"{where}: conditions: missing for a model with condition inputs")
        return
    names = cond.get("styles") if isinstance(cond, dict) else None
    if (not isinstance(names, list) or len(names) != styles or len(set(names)) != len(names)
            or not all(isinstance(n, str) and 0 < len(n) <= 40 for n in names)):
        raise CheckpointError(f"{where}: conditions.styles: expected {styles} distinct style names")
    if cond.get("difficulty") is not takes:
        raise CheckpointError(f"{where}: conditions.difficulty: must be {str(takes).lower()}, as config.difficulty")
