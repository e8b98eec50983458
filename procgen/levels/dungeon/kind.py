"""The two dungeon kinds as :class:`~procgen.levels.kind.LevelKind` objects: ``dungeon-room``
(one room, the rooms models' domain) and ``dungeon`` (a grid of rooms joined by doors)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from procgen.level import Kind, Level
from procgen.levels.dungeon import tiles
from procgen.levels.dungeon.generate import generate_dungeon, generate_room
from procgen.levels.kind import MODEL_OPTION, TRIES_OPTION, LevelKind, ModelDomain, Option
from procgen.params import check_int, check_int_pair

__all__ = ["DUNGEON", "DUNGEON_ROOM", "ROOMS"]

#: Rooms lean hard on the hand-written ones (20 × 44 against 600 classic rooms): the classic
#: rooms have fewer obstacles, and a room GAN trained mostly on them missed the corpus's style.
HAND_REPEAT = 20
#: Classic rooms added to the hand-authored corpus (seeds 0..N-1).
GENERATED_ROOMS = 600



def _completable(levels: Sequence[Level]) -> np.ndarray:
    from procgen.levels.dungeon.solver import solve_room

    return np.array([bool(solve_room(lv).completable) for lv in levels], dtype=bool)


def _style_kl(ids: np.ndarray, reference: np.ndarray) -> float:
    """Training's snapshot selection: the one 2×2 tile-pattern KL (:mod:`procgen.levels.tilestats`)."""
    from procgen.levels.tilestats import pattern_kl

    return pattern_kl(ids, reference, 2)


def _read(path: Path) -> list[Level]:
    from procgen.levels.dungeon.corpus import load_rooms

    return partial(load_rooms, strict=False)(path)  # the solver filter judges each room later


def _corpus() -> list[Level]:
    from procgen.levels.dungeon.corpus import corpus_rooms

    return corpus_rooms()


def _supplement() -> list[tuple[str, Level]]:
    return [(f"classic[{s}]", generate_room(s)) for s in range(GENERATED_ROOMS)]


def _check_room(level: Level) -> dict[str, Any]:
    from procgen.levels.verify import dungeon_room

    return dungeon_room(level)


def _check_dungeon(level: Level) -> dict[str, Any]:
    from procgen.levels.verify import dungeon

    return dungeon(level)


def _repair(level: Level) -> Level:
    from procgen.levels.dungeon.repair import repair_room

    return repair_room(level)


def _metrics(level: Level) -> dict[str, float]:
    from procgen.levels.dungeon.metrics import room_metrics

    return room_metrics(level)


def _pair(text: str) -> tuple[int, int]:
    """``"A,B"`` -> (A, B), for ``--path-lengths 12,20``."""
    try:
        a, b = (int(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"expected two integers A,B, got {text!r}") from None
    return a, b



_chars = "".join(tiles.LEGEND)

ROOMS = ModelDomain(
    "room", Kind.DUNGEON_ROOM.value, dict(tiles.LEGEND), int(tiles.ROOM_HEIGHT), int(tiles.ROOM_WIDTH),
    ok=_completable,
    unique=((_chars.index(tiles.DOOR), "border"), (_chars.index(tiles.KEY), "interior"),
            (_chars.index(tiles.PLAYER), "interior")),
    style_kl=_style_kl, stride=None, hand_stride=None, hand_repeat=HAND_REPEAT, mirror=True,
    read=_read, hand=_corpus, hand_source="procgen.levels.dungeon.corpus.corpus_rooms()",
    supplement=_supplement,
    supplement_how=(
        f"procgen.levels.dungeon.generate.generate_room(seed, generator='classic') "
        f"for seed in 0..{GENERATED_ROOMS - 1}"
    ),
    ok_how="procgen.levels.dungeon.solver.solve_room(room).completable",
)

_SIZE = (tiles.DEFAULT_WIDTH, tiles.DEFAULT_HEIGHT)

DUNGEON_ROOM = LevelKind(
    Kind.DUNGEON_ROOM,
    "top-down room (--width/--height: interior) with player, key, enemies and an exit door, solver-verified",
    classic=generate_room,
    legend=tiles.LEGEND,
    default_size=_SIZE,
    defaults=(f"{_SIZE[0]}x{_SIZE[1]} interior inside a one-tile wall border; exactly 3 enemies; one player, "
              "one key, one exit door in the border; the walk start->key->door at least interior width + "
              "height steps; completable by the room solver"),
    options=(
        Option("enemies", int, "exact number of enemies", 3, check=lambda n, v: check_int(n, v, 0)),
        Option("path_lengths", _pair, "exact start->key and key->door walks in steps, A,B", check=check_int_pair),
        MODEL_OPTION,
        TRIES_OPTION,
    ),
    model_domain=ROOMS,
    corpus=_corpus,
    checker=_check_room,
    repair=_repair,
    finish=_repair,
    metrics=_metrics,
)

DUNGEON = LevelKind(
    Kind.DUNGEON,
    "grid of rooms (--width/--height: room interior) joined by doors, with locks and keys, solver-verified",
    classic=generate_dungeon,
    legend=tiles.DUNGEON_LEGEND,
    default_size=_SIZE,
    defaults=(f"8 rooms of {_SIZE[0]}x{_SIZE[1]} interiors; 2 enemies per ordinary room (none in the start "
              "room, 2 more in the exit room); rooms // 4 locked doors, each key reachable before its "
              "lock; solvable from the start to the stairs"),
    options=(
        Option("rooms", int, "number of rooms, 1..64", 8, check=lambda n, v: check_int(n, v, 1, 64)),
        Option("enemies", int, "enemies per ordinary room", 2, check=lambda n, v: check_int(n, v, 0)),
        Option("locks", int, "locked doors on the way to the exit (default rooms // 4)",
               check=lambda n, v: check_int(n, v, 0)),
        MODEL_OPTION,
        Option("room_source", str, "(seed, constraints) -> room Level; overrides the generator's rooms",
               check=lambda n, v: v if callable(v) else _not_callable(n, v), cli=False),
    ),
    corpus=_corpus,
    checker=_check_dungeon,
)


def _not_callable(name: str, value: object) -> None:
    from procgen.errors import ParamError

    raise ParamError(f"{name}: must be a function (seed, constraints) -> room Level, got {value!r}")
