"""From model logits to tile ids: the per-tile argmax, with "exactly one" tiles placed once
and "point" tiles kept apart.

A dungeon room has exactly one player, one key and one door (in its border). A per-tile argmax
cannot express "exactly one", so for those tiles the decoder places each once, where the model
prefers it most over the tile the argmax chose (``logit[tile] - logit[argmax]``), within the
region the tile belongs to (the door in the border, not a corner; the others inside). This is
part of how a sample is read from the model, not a repair: nothing else is changed and no
solver is consulted.

*Point* tiles are those the training corpus never puts next to one of their own kind (the
platformer's enemies, pipe tops and cannon tops: :func:`point_tiles`). A per-tile argmax of a
blurry decoder puts them in clumps (a VAE's ``EE-E``: 3 or more enemies in a window were
playable raw half the time); among point tiles of one kind that touch (4-neighbours), only the
one the model prefers most (``logit[tile] - logit[best other]``) stays, the others take their
best other tile.

>>> import torch
>>> logits = torch.zeros(1, 3, 3, 3); logits[0, 0] = 1.0; logits[0, 2, 1, 1] = 0.5
>>> decode_ids(logits, unique=((2, "interior"),)).tolist()
[[[0, 0, 0], [0, 2, 0], [0, 0, 0]]]
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import torch

__all__ = ["decode_ids", "decode_ids_numpy", "point_tiles", "region_mask"]


def region_mask(height: int, width: int, region: str) -> torch.Tensor:
    """``(H, W)`` bool: the ``"border"`` ring without its corners, or the ``"interior"``."""
    inner = torch.zeros(height, width, dtype=torch.bool)
    inner[1:-1, 1:-1] = True
    if region == "interior":
        return inner
    if region == "border":
        ring = ~inner
        for y, x in ((0, 0), (0, width - 1), (height - 1, 0), (height - 1, width - 1)):
            ring[y, x] = False
        return ring
    raise ValueError(f"unknown region {region!r}")


@functools.lru_cache(maxsize=32)
def _flat_region(height: int, width: int, region: str) -> torch.Tensor:
    """:func:`region_mask` as ``(1, H*W)``, built once per shape (decoding a few rooms at a
    time, building the masks was a measurable share of each call). Never modified."""
    return region_mask(height, width, region).view(1, -1)


def point_tiles(ids: np.ndarray, channels: int) -> tuple[int, ...]:
    """The channels that occur in tile ids ``(N, H, W)`` but never beside or above one of their
    own kind: decoded as points (see the module docstring).

    >>> point_tiles(np.array([[[0, 1, 0, 1], [2, 2, 0, 0]]]), 3)
    (1,)
    """
    out = []
    for c in range(channels):
        at = ids == c
        if at.any() and not (at[:, :, 1:] & at[:, :, :-1]).any() and not (at[:, 1:] & at[:, :-1]).any():
            out.append(c)
    return tuple(out)


def _apart(logits: torch.Tensor, ids: torch.Tensor, points: Sequence[int], barred: Sequence[int]) -> torch.Tensor:
    """``ids`` with each touching group of a point tile thinned to the ones the model prefers
    over their 4-neighbours of that tile (ties go to the left and upper one); the others take
    the best channel that is neither a point tile nor in ``barred``."""
    other = logits.clone()
    other[:, [*points, *barred]] = float("-inf")
    fallback = other.argmax(1)  # (B, H, W)
    out = ids.clone()
    low = torch.finfo(logits.dtype).min
    for c in points:
        at = ids == c
        if not at.any():
            continue
        rest = logits.clone()
        rest[:, c] = float("-inf")
        margin = torch.where(at, logits[:, c] - rest.amax(1), torch.full_like(logits[:, c], low))
        p = torch.nn.functional.pad(margin, (1, 1, 1, 1), value=low)
        # A survivor beats its left and upper neighbours strictly and the others at least, so no
        # two survivors touch.
        keep = (margin > p[:, 1:-1, :-2]) & (margin > p[:, :-2, 1:-1]) & (margin >= p[:, 1:-1, 2:]) \
            & (margin >= p[:, 2:, 1:-1])
        out = torch.where(at & ~keep, fallback, out)
    return out


@torch.no_grad()
def decode_ids(
    logits: torch.Tensor, unique: Sequence[tuple[int, str]] = (), points: Sequence[int] = ()
) -> torch.Tensor:
    """Logits ``(B, C, H, W)`` -> tile ids ``(B, H, W)`` int64.

    ``unique``: ``(channel, region)`` pairs for tiles that occur exactly once; all other tiles
    are the argmax over the remaining channels. ``points``: channels kept apart (see the module
    docstring; empty for models trained before point tiles, whose samples stay as they were).
    """
    if not unique:
        ids = logits.argmax(1)
        return _apart(logits, ids, points, ()) if points else ids
    b, _, h, w = logits.shape
    once = [c for c, _ in unique]
    rest = logits.clone()
    rest[:, once] = float("-inf")
    best, ids = rest.max(1)  # (B, H, W)
    taken = torch.zeros(b, h * w, dtype=torch.bool, device=logits.device)
    flat_ids = ids.view(b, -1)
    for c, region in unique:
        score = (logits[:, c] - best).view(b, -1)
        allowed = _flat_region(h, w, region).to(logits.device) & ~taken
        score = score.masked_fill(~allowed, float("-inf"))
        pos = score.argmax(1)  # (B,)
        flat_ids[torch.arange(b), pos] = c
        taken[torch.arange(b), pos] = True
    ids = flat_ids.view(b, h, w)
    if points:
        # The unique tiles stay where they were placed: a point tile never displaces one.
        kept = _apart(logits, ids, [c for c in points if c not in once], once)
        ids = torch.where(taken.view(b, h, w), ids, kept)
    return ids


def decode_ids_numpy(logits: np.ndarray, unique: Sequence[tuple[int, str]] = ()) -> np.ndarray:
    """:func:`decode_ids` without point tiles, in numpy: the same ids (ties to the first channel
    or position, as torch's ``max``/``argmax``), ``(B, H, W)`` int64. Generation decodes a few
    rooms at a time: this costs half the torch version's per-call overhead, and runs no torch
    op that could wake a second OpenMP thread (on a busy machine a GAN room waited 18.8 ms for
    2.9 ms of work there, #18)."""
    if not unique:
        return logits.argmax(1)
    b, _, h, w = logits.shape
    rest = logits.copy()
    rest[:, [c for c, _ in unique]] = -np.inf
    ids = rest.argmax(1)  # (B, H, W)
    best = np.take_along_axis(rest, ids[:, None], 1)[:, 0]
    taken = np.zeros((b, h * w), dtype=bool)
    flat = ids.reshape(b, -1)
    every = np.arange(b)
    for c, region in unique:
        score = (logits[:, c] - best).reshape(b, -1)
        allowed = _flat_region(h, w, region).numpy() & ~taken
        pos = np.where(allowed, score, -np.inf).argmax(1)  # (B,)
        flat[every, pos] = c
        taken[every, pos] = True
    return flat.reshape(b, h, w)
