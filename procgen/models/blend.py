"""Walks through a model's latent space: interpolate between two levels, blend two styles.

Used by the game's inspector (a slider): :func:`interpolate` costs one batched decode, no
search and no solver, so dragging stays smooth. What it returns is the model's raw output
(pass it through ``procgen.levels.platformer.generate.finish`` or the dungeon's
``repair_room`` to play it). With the VAE a level's latent can also come from a real level
(:func:`encode_level`), and a style's latent is the mean encoding of the corpus levels of that
style (:func:`style_latents`), so "underground ↔ sky" is a straight line in latent space.

>>> a = interpolate("platformer", seed_a=1, seed_b=2, t=0.0, width=56)
>>> b = interpolate("platformer", seed_a=1, seed_b=2, t=1.0, width=56)
>>> a.width, a.rows == interpolate("platformer", seed_a=1, seed_b=1, t=0.7, width=56).rows, a.rows != b.rows
(56, True, True)
"""

from __future__ import annotations

import functools
from os import PathLike
from pathlib import Path

import numpy as np

from procgen import catalog
from procgen.errors import ParamError
from procgen.level import Level
from procgen.models.shipped import LevelModel, load_level_model, model_name
from procgen.params import check_int, check_unit
from procgen.rng import check_seed

__all__ = ["blend_styles", "encode_level", "interpolate", "latents_of", "strip", "style_latents"]

def _model(kind: str, generator: str, model: str | PathLike[str] | None = None) -> LevelModel:
    """The model for ``kind`` (a kind name, or a model domain name such as ``"room"``)."""
    try:
        domain = catalog.kind(kind).model_domain
    except ParamError:
        domain = None
    if domain is None:
        try:
            domain = catalog.model_kind(kind).model_domain
        except ParamError:
            domain = None
    if domain is None:
        raise ParamError(f"kind: blending works on kinds with models, not {kind!r}")
    return load_level_model(model_name(domain.name, generator), model)


def _whole(m: LevelModel) -> bool:
    """A sample of this model is a whole level (a room), not a window of a longer one."""
    return m.domain.stride is None


def _slots(m: LevelModel, width: int | None) -> int:
    """How many windows a level of ``width`` columns needs (1 for a room)."""
    if _whole(m):
        return 1
    w = 200 if width is None else width
    w = check_int("width", w, m.domain.width, 4096, "columns")
    return -(-w // m.domain.width)


def latents_of(kind: str, seed: int, *, generator: str = "vae", width: int | None = None) -> np.ndarray:
    """The prior latents ``(slots, latent)`` that ``seed`` stands for in a blend."""
    m = _model(kind, generator)
    return m.prior(_slots(m, width), check_seed(seed), "blend")


def encode_level(level: Level, *, model: str | PathLike[str] | None = None) -> np.ndarray:
    """VAE latents ``(slots, latent)`` of a real level: one per 28-column window (or the room)."""
    kind = level.kind
    m = _model(kind, "vae", model)
    ids = m.domain.ids_of(level.grid, "level")
    if _whole(m):
        if ids.shape != (m.domain.height, m.domain.width):
            raise ParamError(f"level: a room must be {m.domain.width}x{m.domain.height}, got {level.width}x{level.height}")
        return m.encode(ids[None])
    if level.height != m.domain.height or level.width < m.domain.width:
        raise ParamError(f"level: must be {m.domain.height} rows high and at least {m.domain.width} columns")
    ww = m.domain.width
    starts = list(range(0, level.width - ww + 1, ww))
    return m.encode(np.stack([ids[:, s : s + ww] for s in starts]))


def _decode(m: LevelModel, z: np.ndarray, width: int | None, **meta: object) -> Level:
    ids = m.decode(z)  # (slots, H, W): one batched decode
    if _whole(m):
        return m.domain.level_of(ids[0], **meta)
    level = np.concatenate(list(ids), axis=1)
    return m.domain.level_of(level[:, : (200 if width is None else width)], **meta)


def _mix(za: np.ndarray, zb: np.ndarray, t: float) -> np.ndarray:
    check_unit("t", t)
    n = min(len(za), len(zb))
    za, zb = za[:n], zb[:n]
    if len(za) < len(zb) or n == 0:
        raise ParamError("levels: nothing to blend")
    return ((1 - t) * za + t * zb).astype(np.float32)


def interpolate(
    kind: str,
    *,
    seed_a: int,
    seed_b: int,
    t: float,
    generator: str = "vae",
    width: int | None = None,
    level_a: Level | None = None,
    level_b: Level | None = None,
) -> Level:
    """The raw level a fraction ``t`` of the way from level A to level B in latent space.

    A and B are the levels of ``seed_a`` and ``seed_b`` (prior latents), or with the VAE real
    levels ``level_a``/``level_b`` (encoded). One decode; no repair, no solver.
    """
    m = _model(kind, generator)
    za = encode_level(level_a) if level_a is not None else latents_of(kind, seed_a, generator=generator, width=width)
    zb = encode_level(level_b) if level_b is not None else latents_of(kind, seed_b, generator=generator, width=width)
    z = _mix(za, zb, t)
    meta = {"generator": {"name": generator, "model": m.name,
                          "params": {"seed_a": seed_a, "seed_b": seed_b, "t": float(t)}}}
    if level_a is not None or level_b is not None:
        width = None if _whole(m) else m.domain.width * len(z)
    return _decode(m, z, width, **meta)


def strip(kind: str, *, seed_a: int, seed_b: int, steps: int = 6, generator: str = "vae", width: int | None = None) -> list[Level]:
    """``steps`` levels evenly spaced from A (t=0) to B (t=1)."""
    check_int("steps", steps, 2)
    return [interpolate(kind, seed_a=seed_a, seed_b=seed_b, t=i / (steps - 1), generator=generator, width=width)
            for i in range(steps)]


def _style_of(level: Level) -> str:
    # Corpus files are named NN-style-name.txt (e.g. 04-underground-halls.txt).
    parts = Path(str(level.generator.get("source", ""))).stem.split("-")
    return parts[1] if len(parts) > 1 else "unknown"


@functools.lru_cache(maxsize=2)
def _style_table() -> dict[str, np.ndarray]:
    from procgen.levels.platformer.corpus import corpus_levels

    table: dict[str, list[np.ndarray]] = {}
    for lv in corpus_levels():
        table.setdefault(_style_of(lv), []).append(encode_level(lv))
    return {k: np.concatenate(v).mean(0) for k, v in table.items()}


def style_latents() -> dict[str, np.ndarray]:
    """Platformer style name -> the mean VAE latent of that style's corpus windows."""
    return dict(_style_table())


def blend_styles(style_a: str, style_b: str, t: float, *, seed: int = 0, width: int = 112, spread: float = 0.5) -> Level:
    """A raw platformer level whose style is ``t`` of the way from ``style_a`` to ``style_b``.

    Each window is the style mix plus seeded variation of size ``spread`` (0 = the pure mean).
    """
    styles = _style_table()
    for s in (style_a, style_b):
        if s not in styles:
            raise ParamError(f"style: unknown style {s!r}; the corpus has {', '.join(sorted(styles))}")
    m = _model("platformer", "vae")
    z0 = _mix(styles[style_a][None], styles[style_b][None], t)[0]
    noise = m.prior(_slots(m, width), check_seed(seed), "style") * spread
    meta = {"generator": {"name": "vae", "model": m.name,
                          "params": {"styles": [style_a, style_b], "t": float(t), "seed": seed}}}
    return _decode(m, (z0[None] + noise).astype(np.float32), width, **meta)
