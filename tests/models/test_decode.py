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
