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
    "augmented",
    "difficulty_histogram",
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

    Labels for class-conditional models, per window: ``style_class (N,)`` indexes
    ``style_names`` (None where the levels do not say their style, or all share one), and
    ``difficulty (N,)`` in 0..1 is the kind's measured difficulty of the window (None where the
    kind measures none).
    """

    ids: np.ndarray
    provenance: dict[str, Any]
    style: np.ndarray | None = None
    style_class: np.ndarray | None = None
    style_names: tuple[str, ...] = ()
    difficulty: np.ndarray | None = None

    def digest(self) -> str:
        """SHA-256 of the window ids (and their labels, when any): the exact data a model saw."""
        h = hashlib.sha256(np.ascontiguousarray(self.ids).tobytes())
        if self.style_class is not None:
            h.update(",".join(self.style_names).encode())
            h.update(np.ascontiguousarray(self.style_class, dtype=np.int64).tobytes())
        if self.difficulty is not None:
            h.update(np.ascontiguousarray(self.difficulty, dtype=np.float32).tobytes())
        return h.hexdigest()

    def subset(self, keep: np.ndarray) -> Corpus:
        """The windows ``keep`` selects (a bool mask or indices), labels along."""
        return Corpus(self.ids[keep], self.provenance, self.style,
                      None if self.style_class is None else self.style_class[keep], self.style_names,
                      None if self.difficulty is None else self.difficulty[keep])


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
    return _windows_and_owner(domain, named, stride)[0]


def _windows_and_owner(
    domain: Domain, named: Sequence[tuple[str, Level]], stride: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The windows of ``named`` and, per window, the index of the level it was cut from."""
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
        return np.empty((0, domain.height, domain.width), dtype=np.uint8), np.empty(0, dtype=np.int64)
    owner = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(parts)])
    return np.concatenate(parts).astype(np.uint8), owner


def _labelled(domain: Domain, named: Sequence[tuple[str, Level]], stride: int | None = None) -> Corpus:
    """Windows of ``named`` with their labels: each level's style, each window's difficulty.

    Style classes are the distinct styles of the levels, sorted, when the kind can tell a
    level's style and there are at least two known ones; otherwise no style labels.
    """
    ids, owner = _windows_and_owner(domain, named, stride)
    corpus = Corpus(ids, {})
    if domain.level_style is not None and named:
        styles = [domain.level_style(lv) for _, lv in named]
        names = tuple(sorted(set(styles)))
        if len(names) >= 2 and "unknown" not in names:
            corpus.style_names = names
            corpus.style_class = np.array([names.index(styles[i]) for i in owner], dtype=np.int64)
    if domain.window_difficulty is not None:
        corpus.difficulty = domain.window_difficulty(ids).astype(np.float32)
    return corpus


def _concat(parts: Sequence[Corpus], names: tuple[str, ...]) -> Corpus:
    """Windows of ``parts`` one after another, style classes renumbered over ``names``."""
    ids = np.concatenate([p.ids for p in parts])
    out = Corpus(ids, {})
    classes = [p.style_class for p in parts]
    if names and all(c is not None for c in classes):
        out.style_names = names
        out.style_class = np.concatenate([
            np.array([names.index(p.style_names[k]) for k in c], dtype=np.int64)
            for p, c in zip(parts, classes, strict=True) if c is not None])
    diffs = [p.difficulty for p in parts]
    if all(d is not None for d in diffs):
        out.difficulty = np.concatenate([d for d in diffs if d is not None])
    return out


def _keep_good(domain: Domain, corpus: Corpus) -> Corpus:
    if domain.ok is None or len(corpus.ids) == 0:
        return corpus
    return corpus.subset(domain.ok([domain.level_of(w) for w in corpus.ids]))


def _in_style(domain: Domain, corpus: Corpus) -> Corpus:
    """Windows the kind's style filter keeps (all of them where it has none)."""
    if domain.style_filter is None or len(corpus.ids) == 0:
        return corpus
    return corpus.subset(domain.style_filter([domain.level_of(w) for w in corpus.ids]))


def _shipped(domain: Domain) -> Corpus:
    """Hand-authored corpus + classic-generator output, each window checked by the solver."""
    if domain.hand is None or domain.supplement is None:
        raise ParamError(f"data: {domain.name} has no shipped corpus; give --data")
    hand = [(f"corpus[{i}]", lv) for i, lv in enumerate(domain.hand())]
    made = domain.supplement()
    hand_all = _labelled(domain, hand, domain.hand_stride)
    made_all = _labelled(domain, made)
    hand_good, made_good = _keep_good(domain, hand_all), _keep_good(domain, made_all)
    solver_kept = len(made_good.ids)
    styled = STYLE_FILTER_GENERATED and domain.style_filter is not None
    if styled:
        made_good = _in_style(domain, made_good)
    repeat = domain.hand_repeat
    names = tuple(sorted(set(hand_good.style_names) | set(made_good.style_names)))
    corpus = _concat([*([hand_good] * repeat), made_good], names)
    corpus.style = hand_good.ids
    corpus.provenance = {
            "hand_authored": {"source": domain.hand_source, "levels": len(hand), "windows": len(hand_all.ids),
                              "kept": len(hand_good.ids), "stride": domain.hand_stride, "repeated": repeat},
            "generated": {"how": domain.supplement_how, "levels": len(made), "windows": len(made_all.ids),
                          "kept": len(made_good.ids),
                          **({"solver_kept": solver_kept, "style_filter": domain.style_filter_how} if styled else {})},
            "filter": domain.ok_how,
            "window": [domain.height, domain.width],
            "stride": domain.stride,
    }
    return corpus


#: Bins of the difficulty histogram a checkpoint keeps (equal widths over 0..1).
DIFFICULTY_BINS = 10


def difficulty_histogram(corpus: Corpus) -> dict[str, list[int]]:
    """Windows per difficulty bin, per style class ("all" without style labels): how raw
    samples of a conditional model draw difficulties its training data had for that style (sky
    windows, whose pits count as hazards, are all near 1)."""
    assert corpus.difficulty is not None
    bins = np.minimum((corpus.difficulty * DIFFICULTY_BINS).astype(np.int64), DIFFICULTY_BINS - 1)
    if corpus.style_class is None:
        return {"all": np.bincount(bins, minlength=DIFFICULTY_BINS).tolist()}
    return {name: np.bincount(bins[corpus.style_class == i], minlength=DIFFICULTY_BINS).tolist()
            for i, name in enumerate(corpus.style_names)}


def augmented(domain: Domain, named: Sequence[tuple[str, Level]]) -> tuple[Corpus, str]:
    """Small data made larger, and how: a window at every column of a level (horizontal shifts:
    ~4x the windows of the usual stride), or each whole-level sample also mirrored left-right,
    top-bottom and both where the kind allows (:attr:`~procgen.levels.kind.ModelDomain.mirror`)."""
    if domain.stride is not None:
        return _labelled(domain, named, stride=1), "a window at every column (horizontal shifts)"
    corpus = _labelled(domain, named)
    if not domain.mirror:
        return corpus, "none"
    flips = [corpus.ids, corpus.ids[:, :, ::-1], corpus.ids[:, ::-1, :], corpus.ids[:, ::-1, ::-1]]
    out = Corpus(np.ascontiguousarray(np.concatenate(flips)), {}, style_names=corpus.style_names)
    if corpus.style_class is not None:
        out.style_class = np.tile(corpus.style_class, 4)
    if corpus.difficulty is not None:
        out.difficulty = np.tile(corpus.difficulty, 4)
    return out, "each sample also mirrored left-right, top-bottom and both"


def load_corpus(domain: Domain, data: str | Path | None = None, *, filter_solver: bool = True,
                augment: bool = False) -> Corpus:
    """The training windows for ``domain``: the shipped corpus (``data=None``) or a user's files.

    A user's levels are windowed the same way; with ``filter_solver`` windows the solver
    rejects are dropped (a user corpus with none left is a ParamError). ``augment`` (small
    data, see :func:`augmented`) trains on more windows of the same levels; the style the
    models are judged against stays the levels' own windows.
    """
    if data is None:
        corpus = _shipped(domain)
    else:
        path = Path(data)
        named = read_levels(path, domain)
        every = _labelled(domain, named)
        corpus = _keep_good(domain, every) if filter_solver else every
        style = corpus.ids
        how = None
        if augment:
            more, how = augmented(domain, named)
            corpus = _keep_good(domain, more) if filter_solver else more
        corpus.style = style
        corpus.provenance = {
            "user": {"path": str(path), "files": sorted({w.split(" (")[0] for w, _ in named}),
                     "windows": len(every.ids), "kept": len(corpus.ids),
                     **({"augmented": how} if how is not None else {})},
            "filter": "solver" if filter_solver else None,
            "window": [domain.height, domain.width],
        }
    if len(corpus.ids) == 0:
        raise ParamError(f"data: no usable {domain.height}x{domain.width} {domain.name} windows in {data or 'the shipped corpus'}")
    corpus.provenance["sha256"] = corpus.digest()
    corpus.provenance["count"] = len(corpus.ids)
    if corpus.style_class is not None:
        corpus.provenance["style_labels"] = {
            "how": domain.level_style_how,
            "windows": {n: int((corpus.style_class == i).sum()) for i, n in enumerate(corpus.style_names)}}
    if corpus.difficulty is not None:
        corpus.provenance["difficulty_labels"] = {
            "how": domain.window_difficulty_how, "mean": round(float(corpus.difficulty.mean()), 4),
            "histogram": difficulty_histogram(corpus)}
    return corpus
