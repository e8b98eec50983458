"""Training data for the level models: tile windows as integer ids, with their provenance.

A :class:`Domain` (the kind's :class:`~procgen.levels.kind.ModelDomain`) says what one model
sample is: a platformer window (14×28, the VGLC tile vocabulary) or a dungeon room (9×13 with
its wall border, the dungeon vocabulary), how to turn ids into a :class:`~procgen.level.Level`
and back, which solver says a raw sample is good, and where the kind's corpus comes from. :func:`load_corpus` reads the project's shipped corpus (hand-authored levels plus
classic-generator output filtered by the solver) or a user's directory of corpus-format
``.txt`` files or native JSON levels — "train it on your levels".
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from procgen.catalog import model_kind
from procgen.errors import ParamError
from procgen.level import Level
from procgen.levels import tilestats
from procgen.levels.dungeon.kind import ROOMS
from procgen.levels.kind import ModelDomain
from procgen.levels.platformer.kind import PLATFORMER_WINDOWS

__all__ = [
    "Corpus",
    "Domain",
    "domain_of",
    "load_corpus",
    "platformer_domain",
    "read_levels",
    "room_domain",
    "windows_of",
]

#: Kept for scripts that read them here; the kinds own these numbers now.
WINDOW_WIDTH, WINDOW_STRIDE = PLATFORMER_WINDOWS.width, PLATFORMER_WINDOWS.stride
ROOM_WIDTH, ROOM_HEIGHT = ROOMS.width, ROOMS.height
#: Keep only generated windows with the structure of the corpus style they fit best, where the
#: kind has such a filter (:attr:`~procgen.levels.kind.ModelDomain.style_filter`; the platformer:
#: the classic generator's style mix puts short underground ceilings over overground stretches,
#: lone bricks and 1-tile holes, and models trained on them sampled broken "ceilings" in 9 of 10 levels).
STYLE_FILTER_GENERATED = True

#: What one model sample is (moved to :class:`procgen.levels.kind.ModelDomain`, numpy-only).
Domain = ModelDomain


def platformer_domain() -> Domain:
    """14×28 windows of VGLC platformer tiles; a window is good when the solver crosses it."""
    return PLATFORMER_WINDOWS


def room_domain() -> Domain:
    """9×13 dungeon rooms with their wall border; a room is good when the room solver completes it."""
    return ROOMS


def domain_of(name: str) -> Domain:
    """``"platformer"`` or ``"room"`` -> its Domain (the kind that has one, from the catalog)."""
    domain = model_kind(name).model_domain
    assert domain is not None  # model_kind only returns kinds with a model domain
    return domain


@dataclass
class Corpus:
    """Training windows ``ids (N, H, W) uint8``, where they came from, and the style to match.

    ``style`` holds the windows whose look the models should reproduce: the hand-authored ones
    for the shipped corpus (once each), all of a user's windows otherwise.
    """

    ids: np.ndarray
    provenance: dict[str, Any]
    style: np.ndarray | None = None

    def digest(self) -> str:
        """SHA-256 of the window ids: the exact data a model saw."""
        return hashlib.sha256(np.ascontiguousarray(self.ids).tobytes()).hexdigest()


def windows_of(ids: np.ndarray, width: int, stride: int) -> np.ndarray:
    """All ``(H, width)`` windows of a ``(H, W)`` level, every ``stride`` columns: ``(N, H, width)``
    (:func:`procgen.levels.tilestats.windows`: the last one is flush with the right edge)."""
    return tilestats.windows(ids, width, stride)


def read_levels(path: Path, domain: Domain) -> list[tuple[str, Level]]:
    """Levels from a file or a folder, read by the kind's own loader, named for messages.

    The kind's reader (:attr:`~procgen.levels.kind.ModelDomain.read`): for platformers VGLC-style
    ``.txt`` rows or native ``.json`` levels; for rooms the room text format with its legend line,
    or plain rows, or ``.json``.
    """
    if not path.exists():
        raise ParamError(f"data: {path} does not exist")
    if path.is_dir() and not any(p.suffix in (".txt", ".json") for p in path.rglob("*") if p.is_file()):
        raise ParamError(f"data: {path} holds no .txt or .json level files")
    if domain.read is None:
        raise ParamError(f"data: {domain.name} levels cannot be read from files")
    load = domain.read
    files = [path] if path.is_file() else sorted(
        p for p in path.rglob("*") if p.suffix in (".txt", ".json") and p.is_file()
    )
    named = []
    for f in files:
        levels = load(f)
        for lv in levels:
            room = (lv.generator.get("params") or {}).get("room")
            named.append((f"{f} ({room})" if room and len(levels) > 1 else str(f), lv))
    return named


def _level_windows(domain: Domain, named: Sequence[tuple[str, Level]], stride: int | None = None) -> np.ndarray:
    stride = stride or domain.stride or 1
    parts = []
    for where, lv in named:
        if lv.height != domain.height:
            raise ParamError(
                f"data: {where}: a {domain.name} level must be {domain.height} rows high, got {lv.height}"
            )
        ids = domain.ids_of(lv.grid, where)
        if domain.stride is not None:  # windows cut from longer levels
            parts.append(windows_of(ids, domain.width, stride))
        else:  # a sample is a whole level of the window's size
            if lv.width != domain.width:
                raise ParamError(
                    f"data: {where}: a room must be {domain.width}x{domain.height}, got {lv.width}x{lv.height}"
                )
            parts.append(ids[None])
    if not parts:
        return np.empty((0, domain.height, domain.width), dtype=np.uint8)
    return np.concatenate(parts).astype(np.uint8)


def _keep_good(domain: Domain, ids: np.ndarray) -> np.ndarray:
    if domain.ok is None or len(ids) == 0:
        return ids
    good = domain.ok([domain.level_of(w) for w in ids])
    return ids[good]


def _in_style(domain: Domain, ids: np.ndarray) -> np.ndarray:
    """Windows ``ids`` the kind's style filter keeps (all of them where it has none)."""
    if domain.style_filter is None or len(ids) == 0:
        return ids
    return ids[domain.style_filter([domain.level_of(w) for w in ids])]


def _shipped(domain: Domain) -> Corpus:
    """Hand-authored corpus + classic-generator output, each window checked by the solver."""
    if domain.hand is None or domain.supplement is None:
        raise ParamError(f"data: {domain.name} has no shipped corpus; give --data")
    hand = [(f"corpus[{i}]", lv) for i, lv in enumerate(domain.hand())]
    made = domain.supplement()
    hand_ids = _level_windows(domain, hand, domain.hand_stride)
    made_ids = _level_windows(domain, made)
    hand_good, made_good = _keep_good(domain, hand_ids), _keep_good(domain, made_ids)
    solver_kept = len(made_good)
    styled = STYLE_FILTER_GENERATED and domain.style_filter is not None
    if styled:
        made_good = _in_style(domain, made_good)
    repeat = domain.hand_repeat
    ids = np.concatenate([*([hand_good] * repeat), made_good])
    return Corpus(
        ids,
        style=hand_good,
        provenance={
            "hand_authored": {"source": domain.hand_source, "levels": len(hand), "windows": len(hand_ids),
                              "kept": len(hand_good), "stride": domain.hand_stride, "repeated": repeat},
            "generated": {"how": domain.supplement_how, "levels": len(made), "windows": len(made_ids),
                          "kept": len(made_good),
                          **({"solver_kept": solver_kept, "style_filter": domain.style_filter_how} if styled else {})},
            "filter": domain.ok_how,
            "window": [domain.height, domain.width],
            "stride": domain.stride,
        },
    )


def load_corpus(domain: Domain, data: str | Path | None = None, *, filter_solver: bool = True) -> Corpus:
    """The training windows for ``domain``: the shipped corpus (``data=None``) or a user's files.

    A user's levels are windowed the same way; with ``filter_solver`` windows the solver
    rejects are dropped (a user corpus with none left is a ParamError).
    """
    if data is None:
        corpus = _shipped(domain)
    else:
        path = Path(data)
        named = read_levels(path, domain)
        ids = _level_windows(domain, named)
        kept = _keep_good(domain, ids) if filter_solver else ids
        corpus = Corpus(
            kept,
            style=kept,
            provenance={
                "user": {"path": str(path), "files": sorted({w.split(" (")[0] for w, _ in named}), "windows": len(ids), "kept": len(kept)},
                "filter": "solver" if filter_solver else None,
                "window": [domain.height, domain.width],
            },
        )
    if len(corpus.ids) == 0:
        raise ParamError(f"data: no usable {domain.height}x{domain.width} {domain.name} windows in {data or 'the shipped corpus'}")
    corpus.provenance["sha256"] = corpus.digest()
    corpus.provenance["count"] = len(corpus.ids)
    return corpus
