"""Decoding: "exactly one" tiles appear exactly once, in their region; the rest is argmax."""

from __future__ import annotations

import torch
from hypothesis import given
from hypothesis import strategies as st

from procgen.models.decode import decode_ids, decode_ids_numpy, region_mask


@given(st.integers(0, 2**31 - 1))
def test_unique_tiles_are_placed_once_in_their_regions(seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(4, 5, 9, 13, generator=g)
    ids = decode_ids(logits, unique=((2, "border"), (3, "interior"), (4, "interior")))
    border, inner = region_mask(9, 13, "border"), region_mask(9, 13, "interior")
    for room in ids:
        for c, region in ((2, border), (3, inner), (4, inner)):
            hits = room == c
            assert int(hits.sum()) == 1
            assert bool(region[hits].all())


def test_without_unique_tiles_decoding_is_the_argmax() -> None:
    logits = torch.randn(2, 3, 4, 5, generator=torch.Generator().manual_seed(0))
    assert torch.equal(decode_ids(logits), logits.argmax(1))


@given(st.integers(0, 2**31 - 1), st.integers(1, 5), st.booleans())
def test_numpy_decoding_gives_the_torch_ids(seed: int, batch: int, ties: bool) -> None:
    """decode_ids_numpy (what generation uses) picks the same tiles as decode_ids, ties included
    (coarse logits: many equal maxima, resolved to the first channel or position alike)."""
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(batch, 6, 9, 13, generator=g)
    if ties:
        logits = torch.round(logits)
    for unique in ((), ((2, "border"), (3, "interior"), (5, "interior"))):
        want = decode_ids(logits, unique).numpy()
        assert (decode_ids_numpy(logits.numpy(), unique) == want).all()


def _touching(ids: torch.Tensor, c: int) -> int:
    at = ids == c
    return int((at[:, :, 1:] & at[:, :, :-1]).sum() + (at[:, 1:] & at[:, :-1]).sum())


@given(st.integers(0, 2**31 - 1))
def test_point_tiles_never_touch_their_own_kind(seed: int) -> None:
    """Decoded point tiles never sit beside or above one of their kind, where the plain argmax
    puts them in clumps; every other tile is the argmax or, where a point tile was dropped,
    the best tile that is not a point tile."""
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(3, 4, 8, 12, generator=g)
    logits[:, 1] += 1.5  # channel 1 wins often enough to clump
    plain = logits.argmax(1)
    ids = decode_ids(logits, points=(1, 3))
    assert _touching(plain, 1) > 0
    assert _touching(ids, 1) == 0 and _touching(ids, 3) == 0
    changed = ids != plain
    assert bool((plain[changed] == 1).logical_or(plain[changed] == 3).all())
    barred = logits.clone()
    barred[:, [1, 3]] = float("-inf")
    assert torch.equal(ids[changed], barred.argmax(1)[changed])


def test_a_point_tile_keeps_the_place_the_model_prefers_most() -> None:
    """Of two touching enemies the one with the larger margin over its next-best tile stays."""
    logits = torch.zeros(1, 3, 1, 4)
    logits[0, 0] = 1.0
    logits[0, 2, 0, 1], logits[0, 2, 0, 2] = 2.0, 3.0
    assert decode_ids(logits, points=(2,)).tolist() == [[[0, 0, 2, 0]]]


@given(st.integers(0, 2**31 - 1))
def test_point_tiles_leave_the_unique_tiles_where_they_were_placed(seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(4, 5, 9, 13, generator=g)
    logits[:, 1] += 1.0
    unique = ((2, "border"), (3, "interior"))
    before = decode_ids(logits, unique=unique)
    ids = decode_ids(logits, unique=unique, points=(1, 3))
    for c in (2, 3):
        assert torch.equal(ids == c, before == c)
    assert _touching(ids, 1) == 0


def test_point_tiles_are_those_the_corpus_never_puts_together() -> None:
    """In the shipped platformer corpus enemies, pipe tops and cannon tops are point tiles;
    ground, bricks and coins (in rows) are not."""
    from procgen.levels.platformer.kind import PLATFORMER_WINDOWS as dom
    from procgen.models.data import load_corpus
    from procgen.models.decode import point_tiles

    names = [dom.names[c] for c in point_tiles(load_corpus(dom).ids, dom.channels)]
    assert {"enemy", "pipe-top-left", "pipe-top-right", "cannon-top"} <= set(names)
    assert not {"ground", "brick", "coin", "empty"} & set(names)
