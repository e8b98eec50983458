"""Training data for the level models: tile windows as integer ids, with their provenance.

A :class:`Domain` says what one model sample is: a platformer window (14×28, the VGLC tile
vocabulary) or a dungeon room (9×13 with its wall border, the dungeon vocabulary), how to
turn ids into a :class:`~procgen.level.Level` and back, and which solver says a raw sample is
good. :func:`load_corpus` reads the project's shipped corpus (hand-authored levels plus
classic-generator output filtered by the solver) or a user's directory of corpus-format
``.txt`` files or native JSON levels — "train it on your levels".
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from procgen.errors import LevelFormatError, ParamError
from procgen.level import Level, Tile

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

#: Platformer windows: the full level height, and about two screens' width.
WINDOW_WIDTH = 28
WINDOW_STRIDE = 4
#: Dungeon rooms, wall border included (the issue's "13×9 with border").
ROOM_WIDTH, ROOM_HEIGHT = 13, 9
#: Classic-generator output added to the hand-authored corpus (seeds 0..N-1).
GENERATED_PLATFORMER_LEVELS = 40
GENERATED_ROOMS = 600
#: The hand-authored corpus is what "style" is measured against, and it is small: its windows
#: are taken every 2 columns (not 4) and repeated this many times in the training set.
#: Rooms lean harder on the hand-written ones (20 × 44 against 600 classic rooms): the classic
#: rooms have fewer obstacles, and a room GAN trained mostly on them missed the corpus's style.
HAND_REPEAT = {"platformer": 3, "room": 20}
#: The classic generator's style mix for the generated supplement: the corpus's styles (the
#: same mix ``procgen eval platformer`` samples), so the models learn the corpus's look.
GENERATED_STYLE = "overground=3,underground=1,sky=1,pipes=1,fortress=1"
HAND_STRIDE = 2
#: Keep only generated platformer windows with the structure of the corpus style they fit best
#: (:mod:`procgen.levels.platformer.structure`): the classic generator's style mix puts short
#: underground ceilings over overground stretches, lone bricks and 1-tile holes, and models
#: trained on them sampled broken "ceilings" in 9 of 10 levels.
STYLE_FILTER_GENERATED = True


@dataclass(frozen=True)
class Domain:
    """What one model sample is: a ``height × width`` window of tiles from ``legend``."""

    name: str  # "platformer" or "room": the first half of the model name
    kind: str  # the Level kind a window becomes
    legend: dict[str, Tile]
    height: int
    width: int
    #: ``ok(levels) -> bool array``: is each raw window playable (None: no solver known).
    ok: Callable[[Sequence[Level]], np.ndarray] | None = field(default=None, compare=False)
    #: Tiles that occur exactly once, ``(channel, "border" | "interior")`` (see :mod:`.decode`).
    unique: tuple[tuple[int, str], ...] = ()
    #: ``style_kl(ids, reference_ids) -> float``: the kind's 2×2 tile-pattern KL (lower = closer).
    style_kl: Callable[[np.ndarray, np.ndarray], float] | None = field(default=None, compare=False)

    @property
    def chars(self) -> str:
        return "".join(self.legend)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.legend.values()]

    @property
    def channels(self) -> int:
        return len(self.legend)

    def ids_of(self, grid: np.ndarray, where: str = "level") -> np.ndarray:
        """ASCII grid ``(..., H, W)`` -> tile ids (uint8); a character outside the vocabulary is a LevelFormatError."""
        table = np.full(256, 255, dtype=np.uint8)
        table[np.frombuffer(self.chars.encode("ascii"), dtype=np.uint8)] = np.arange(self.channels)
        ids = table[grid]
        if (ids == 255).any():
            bad = chr(int(grid[ids == 255].flat[0]))
            raise LevelFormatError(
                f"{where}: tile {bad!r} is not in the {self.name} vocabulary {self.chars!r}"
            )
        return ids

    def level_of(self, ids: np.ndarray, **meta: Any) -> Level:
        """Tile ids ``(H, W)`` -> a Level of this domain's kind (no entities, no repair)."""
        chars = np.frombuffer(self.chars.encode("ascii"), dtype=np.uint8)
        return Level(self.kind, chars[np.asarray(ids)], dict(self.legend), **meta)


def _platformer_ok(levels: Sequence[Level]) -> np.ndarray:
    from procgen.levels.platformer.solver import solve

    return np.array([bool(solve(lv).playable) for lv in levels], dtype=bool)


def _room_ok(levels: Sequence[Level]) -> np.ndarray:
    from procgen.levels.dungeon.solver import solve_room

    return np.array([bool(solve_room(lv).completable) for lv in levels], dtype=bool)


def _platformer_kl(ids: np.ndarray, reference: np.ndarray) -> float:
    from procgen.levels.platformer.metrics import tile_pattern_kl

    return tile_pattern_kl(ids, reference, 2)


def _room_kl(ids: np.ndarray, reference: np.ndarray) -> float:
    from procgen.levels.dungeon.metrics import tile_pattern_kl

    dom = room_domain()
    return tile_pattern_kl([dom.level_of(r) for r in ids], [dom.level_of(r) for r in reference], 2)


def platformer_domain() -> Domain:
    """14×28 windows of VGLC platformer tiles; a window is good when the solver crosses it."""
    from procgen.levels.platformer import tiles

    return Domain("platformer", "platformer", dict(tiles.LEGEND), int(tiles.HEIGHT), WINDOW_WIDTH, _platformer_ok,
                  style_kl=_platformer_kl)


def room_domain() -> Domain:
    """9×13 dungeon rooms with their wall border; a room is good when the room solver completes it."""
    from procgen.levels.dungeon import tiles

    h = int(getattr(tiles, "ROOM_HEIGHT", ROOM_HEIGHT))
    w = int(getattr(tiles, "ROOM_WIDTH", ROOM_WIDTH))
    chars = "".join(tiles.LEGEND)
    unique = ((chars.index(tiles.DOOR), "border"), (chars.index(tiles.KEY), "interior"),
              (chars.index(tiles.PLAYER), "interior"))
    return Domain("room", "dungeon-room", dict(tiles.LEGEND), h, w, _room_ok, unique, _room_kl)


def domain_of(name: str) -> Domain:
    """``"platformer"`` or ``"room"`` -> its Domain."""
    if name == "platformer":
        return platformer_domain()
    if name == "room":
        return room_domain()
    raise ParamError(f"domain: unknown level domain {name!r}; choose from platformer, room")


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
    """All ``(H, width)`` windows of a ``(H, W)`` level, every ``stride`` columns: ``(N, H, width)``.

    The last window is flush with the right edge, so the goal end of every level is seen.
    """
    h, w = ids.shape
    if w < width:
        return np.empty((0, h, width), dtype=ids.dtype)
    starts = list(range(0, w - width + 1, stride))
    if starts[-1] != w - width:
        starts.append(w - width)
    view = np.lib.stride_tricks.sliding_window_view(ids, (h, width))[0]  # (W-width+1, H, width)
    return np.ascontiguousarray(view[starts])


def read_levels(path: Path, domain: Domain) -> list[tuple[str, Level]]:
    """Levels from a file or a folder, read by the kind's own loader, named for messages.

    Platformers: VGLC-style ``.txt`` rows or native ``.json`` levels
    (:func:`procgen.levels.platformer.corpus.load_levels`); rooms: the room text format with
    its legend line, or plain rows, or ``.json`` (:func:`procgen.levels.dungeon.corpus.load_rooms`).
    """
    if not path.exists():
        raise ParamError(f"data: {path} does not exist")
    if path.is_dir() and not any(p.suffix in (".txt", ".json") for p in path.rglob("*") if p.is_file()):
        raise ParamError(f"data: {path} holds no .txt or .json level files")
    load: Callable[[Path], list[Level]]
    if domain.name == "platformer":
        from procgen.levels.platformer.corpus import load_levels

        load = load_levels
    else:
        from procgen.levels.dungeon.corpus import load_rooms

        load = partial(load_rooms, strict=False)  # the solver filter judges each room later

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


def _level_windows(domain: Domain, named: Sequence[tuple[str, Level]], stride: int = WINDOW_STRIDE) -> np.ndarray:
    parts = []
    for where, lv in named:
        if lv.height != domain.height:
            raise ParamError(
                f"data: {where}: a {domain.name} level must be {domain.height} rows high, got {lv.height}"
            )
        ids = domain.ids_of(lv.grid, where)
        if domain.name == "platformer":
            parts.append(windows_of(ids, domain.width, stride))
        else:
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
    """Windows ``ids`` with no departure from the corpus style each fits best (platformer only)."""
    if domain.name != "platformer" or len(ids) == 0:
        return ids
    from procgen.levels.platformer.structure import profile_of, style_problems

    keep = []
    for w in ids:
        lv = domain.level_of(w)
        p = profile_of(lv)
        keep.append(p is None or not style_problems(lv.grid, p))
    return ids[np.array(keep, dtype=bool)]


def _shipped(domain: Domain) -> Corpus:
    """Hand-authored corpus + classic-generator output, each window checked by the solver."""
    if domain.name == "platformer":
        from procgen.levels.platformer import corpus, generate

        hand = [(f"corpus[{i}]", lv) for i, lv in enumerate(corpus.corpus_levels())]
        made = []
        for s in range(GENERATED_PLATFORMER_LEVELS):
            lv = generate.generate(s, generator="classic", width=200, difficulty=(s % 5) / 4, style=GENERATED_STYLE)
            made.append((f"classic[{s}]", lv))
        source = "procgen.levels.platformer.corpus.corpus_levels()"
        gen_how = (
            f"procgen.levels.platformer.generate.generate(seed, generator='classic', width=200, "
            f"difficulty=(seed % 5) / 4, style={GENERATED_STYLE!r}) for seed in 0..{GENERATED_PLATFORMER_LEVELS - 1}"
        )
        solver = "procgen.levels.platformer.solver.solve(window).playable"
    else:
        from procgen.levels.dungeon import corpus as room_corpus
        from procgen.levels.dungeon import generate as room_generate

        hand = [(f"corpus[{i}]", lv) for i, lv in enumerate(room_corpus.corpus_rooms())]
        made = [(f"classic[{s}]", room_generate.generate_room(s, generator="classic")) for s in range(GENERATED_ROOMS)]
        source = "procgen.levels.dungeon.corpus.corpus_rooms()"
        gen_how = (
            f"procgen.levels.dungeon.generate.generate_room(seed, generator='classic') "
            f"for seed in 0..{GENERATED_ROOMS - 1}"
        )
        solver = "procgen.levels.dungeon.solver.solve_room(room).completable"
    hand_ids = _level_windows(domain, hand, HAND_STRIDE)
    made_ids = _level_windows(domain, made)
    hand_good, made_good = _keep_good(domain, hand_ids), _keep_good(domain, made_ids)
    solver_kept = len(made_good)
    styled = STYLE_FILTER_GENERATED and domain.name == "platformer"
    if styled:
        made_good = _in_style(domain, made_good)
    repeat = HAND_REPEAT[domain.name]
    ids = np.concatenate([*([hand_good] * repeat), made_good])
    return Corpus(
        ids,
        style=hand_good,
        provenance={
            "hand_authored": {"source": source, "levels": len(hand), "windows": len(hand_ids), "kept": len(hand_good),
                              "stride": HAND_STRIDE if domain.name == "platformer" else None, "repeated": repeat},
            "generated": {"how": gen_how, "levels": len(made), "windows": len(made_ids), "kept": len(made_good),
                          **({"solver_kept": solver_kept,
                              "style_filter": "procgen.levels.platformer.structure: no style_problems under "
                                              "profile_of(window)"} if styled else {})},
            "filter": solver,
            "window": [domain.height, domain.width],
            "stride": WINDOW_STRIDE if domain.name == "platformer" else None,
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
