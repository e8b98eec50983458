"""The room corpus: a text format with a legend, its loader, and tensors for the models.

Room text format (``*.txt``; one or more rooms per file)::

    # a comment: a line that is "#" or starts with "# "
    legend: W=wall F=floor B=block P=water M=enemy K=key D=door A=player
    room: hall-lattice
    WWWWWWDWWWWWW
    WFFFFFFFFFFFW
    ...

``legend:`` maps characters to dungeon tile names (see :mod:`.tiles`); it may be omitted, then
the default characters apply, and it holds for the rest of the file. ``room: NAME`` starts a
room and names it (optional); a blank line ends one. Rows must be equally long. A folder is
read file by file (``*.txt`` and native ``*.json`` levels, sorted, subfolders included).

A *strict* load (the default) also checks what makes a room a room: a wall border holding
exactly one door (not in a corner), no door inside, exactly one player and one key. Every
problem is a :class:`~procgen.errors.LevelFormatError` reading ``file:line: what is wrong``.

>>> rooms = corpus_rooms()
>>> len(rooms) >= 40, rooms[0].width, rooms[0].height
(True, 13, 9)
>>> x = one_hot(rooms[:2]); x.shape, x.dtype.name
((2, 8, 9, 13), 'float32')
>>> from_one_hot(x)[0].rows == rooms[0].rows
True
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import numpy as np

from procgen.errors import LevelFormatError, ParamError
from procgen.io.native import load
from procgen.level import Kind, Level
from procgen.levels.dungeon.tiles import DUNGEON_LEGEND, LEGEND, VOCAB

__all__ = ["ROOMS_DIR", "corpus_rooms", "from_one_hot", "load_rooms", "one_hot", "room_ids", "windows"]

#: Where the shipped rooms live.
ROOMS_DIR = Path(__file__).resolve().parent / "rooms"

_NAME_TO_CHAR = {t.name: ch for ch, t in DUNGEON_LEGEND.items()}
#: ASCII code -> channel in VOCAB order; 255 for characters outside the room vocabulary.
_CHANNEL = np.full(256, 255, dtype=np.uint8)
_CHANNEL[[ord(c) for c in VOCAB]] = np.arange(len(VOCAB))
_VOCAB_CODES = np.frombuffer("".join(VOCAB).encode("ascii"), dtype=np.uint8)


def _parse_legend(text: str, where: str) -> dict[str, str]:
    """``"W=wall F=floor"`` -> {"W": "W", "F": "F"}: file character -> our character."""
    out: dict[str, str] = {}
    for item in text.split():
        ch, sep, name = item.partition("=")
        if not sep or len(ch) != 1 or not name:
            raise LevelFormatError(f"{where}: legend: expected CHAR=name items, got {item!r}")
        if name not in _NAME_TO_CHAR:
            raise LevelFormatError(
                f"{where}: legend: unknown tile name {name!r} for {ch!r}; "
                f"known: {', '.join(sorted(_NAME_TO_CHAR))}"
            )
        out[ch] = _NAME_TO_CHAR[name]
    return out


def _check_room(grid: np.ndarray, where: str) -> None:
    """Raise unless ``grid`` (our characters) is a well-formed room."""
    h, w = grid.shape
    if h < 3 or w < 3:
        raise LevelFormatError(f"{where}: a room must be at least 3x3 tiles (wall border included), got {w}x{h}")
    border = np.zeros((h, w), dtype=bool)
    border[[0, -1], :] = True
    border[:, [0, -1]] = True
    bad = border & ~np.isin(grid, (ord("W"), ord("D")))
    if bad.any():
        y, x = (int(v[0]) for v in np.nonzero(bad))
        raise LevelFormatError(
            f"{where}: border tile at row {y}, column {x} is {chr(grid[y, x])!r}; the border holds only walls and the door"
        )
    corners = grid[[0, 0, -1, -1], [0, -1, 0, -1]]
    if (corners == ord("D")).any():
        raise LevelFormatError(f"{where}: a door sits in a corner of the border")
    doors = int((border & (grid == ord("D"))).sum())
    if doors != 1:
        raise LevelFormatError(f"{where}: the border has {doors} doors, a room needs exactly one")
    if (~border & (grid == ord("D"))).any():
        raise LevelFormatError(f"{where}: a door inside the room (doors belong in the border)")
    for ch, name in (("A", "player"), ("K", "key")):
        n = int((grid == ord(ch)).sum())
        if n != 1:
            raise LevelFormatError(f"{where}: {n} {name} tiles, a room needs exactly one")


def _room_level(
    rows: list[str], legend: dict[str, str], where: str, name: str, start: int, strict: bool
) -> Level:
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise LevelFormatError(
                f"{where}:{start + i}: room {name!r}: row has {len(row)} tiles, expected {width}"
            )
        for col, ch in enumerate(row):
            if ch not in legend:
                raise LevelFormatError(
                    f"{where}:{start + i}: room {name!r}: character {ch!r} at column {col} is not in the legend"
                )
    table = np.zeros(256, dtype=np.uint8)
    for ch, ours in legend.items():
        table[ord(ch)] = ord(ours)
    raw = np.frombuffer("".join(rows).encode("ascii"), dtype=np.uint8).reshape(len(rows), width)
    grid = table[raw]
    return _finish(grid, f"{where}:{start}: room {name!r}", name, where, strict)


def _finish(grid: np.ndarray, where: str, name: str, file: str, strict: bool = True) -> Level:
    outside = np.setdiff1d(np.unique(grid), _VOCAB_CODES)
    if outside.size:
        raise LevelFormatError(f"{where}: tile {chr(int(outside[0]))!r} does not belong in a room")
    if strict:
        _check_room(grid, where)
    from procgen.levels.dungeon.classic import room_entities

    return Level(
        kind="dungeon-room",
        grid=grid,
        legend=dict(LEGEND),
        entities=room_entities(grid),
        seed=None,
        generator={"name": "corpus", "model": None, "params": {"file": Path(file).name, "room": name}},
        stats={"name": name},
    )


def _load_text(path: Path, strict: bool) -> list[Level]:
    where = str(path)
    try:
        text = path.read_text(encoding="ascii")
    except UnicodeDecodeError as e:
        raise LevelFormatError(f"{where}: not ASCII text (byte {e.start})") from None
    legend = {ch: ch for ch in DUNGEON_LEGEND}
    rooms: list[Level] = []
    rows: list[str] = []
    name, start = "", 0

    def flush() -> None:
        nonlocal rows, name
        if rows:
            label = name or f"room{len(rooms) + 1}"
            rooms.append(_room_level(rows, legend, where, label, start, strict))
        rows, name = [], ""

    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip()
        if line == "#" or line.startswith("# "):
            continue
        if line.startswith("legend:"):
            flush()
            legend = _parse_legend(line[len("legend:") :], f"{where}:{lineno}")
        elif line.startswith("room:"):
            flush()
            name = line[len("room:") :].strip()
        elif not line:
            flush()
        else:
            if not rows:
                start = lineno
            rows.append(line)
    flush()
    return rooms


def load_rooms(path: str | PathLike[str], *, strict: bool = True) -> list[Level]:
    """Every room in a text/JSON file or a folder of them (see the module docstring).

    Args:
        path: a ``.txt`` room file, a native ``.json`` level, or a folder of those.
        strict: also require a proper room (border, one door, one player, one key).
    """
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.suffix in (".txt", ".json") and f.is_file())
    elif p.is_file():
        files = [p]
    else:
        raise LevelFormatError(f"{p}: no such file or folder")
    rooms: list[Level] = []
    for f in files:
        if f.suffix == ".json":
            lvl = load(f)
            if lvl.kind != Kind.DUNGEON_ROOM:
                raise LevelFormatError(f"{f}: kind: expected dungeon-room, got {lvl.kind!r}")
            from procgen.levels.dungeon.solver import as_grid

            rooms.append(_finish(as_grid(lvl).copy(), str(f), f.stem, str(f), strict))
        else:
            rooms += _load_text(f, strict)
    if not rooms:
        raise LevelFormatError(f"{p}: no rooms found (expected .txt room files or .json levels)")
    return rooms


def corpus_rooms() -> list[Level]:
    """The 40+ example rooms shipped with procgen (pillared halls, moats, mazes, arenas)."""
    return load_rooms(ROOMS_DIR)


def room_ids(rooms: Sequence[Level]) -> np.ndarray:
    """Channel ids ``(N, H, W)`` int64 in ``VOCAB`` order; all rooms must share one size."""
    if not rooms:
        raise ParamError("rooms: the list is empty")
    shape = rooms[0].grid.shape
    for i, r in enumerate(rooms):
        if r.grid.shape != shape:
            raise ParamError(f"rooms[{i}]: size {r.width}x{r.height} differs from rooms[0] ({shape[1]}x{shape[0]})")
    from procgen.levels.dungeon.solver import as_grid

    ids = _CHANNEL[np.stack([as_grid(r) for r in rooms])]
    if (ids == 255).any():
        i = int(np.nonzero((ids == 255).any(axis=(1, 2)))[0][0])
        raise ParamError(f"rooms[{i}]: holds a tile outside the room vocabulary {''.join(VOCAB)}")
    return ids.astype(np.int64)


def one_hot(rooms: Sequence[Level]) -> np.ndarray:
    """``(N, C, H, W)`` float32 one-hot tensors, channels in ``VOCAB`` order."""
    ids = room_ids(rooms)
    eye = np.eye(len(VOCAB), dtype=np.float32)
    return np.ascontiguousarray(eye[ids].transpose(0, 3, 1, 2))


def from_one_hot(x: np.ndarray) -> list[Level]:
    """Rooms from ``(N, C, H, W)`` scores (one-hot or logits): the argmax tile of each cell.

    The rooms are returned as they are; run :func:`.repair.repair_room` to make them valid.
    """
    x = np.asarray(x)
    if x.ndim != 4 or x.shape[1] != len(VOCAB):
        raise ParamError(f"x: expected shape (N, {len(VOCAB)}, H, W), got {x.shape}")
    from procgen.levels.dungeon.classic import room_entities

    out = []
    for ids in x.argmax(axis=1):
        grid = _VOCAB_CODES[ids]
        out.append(Level("dungeon-room", grid, dict(LEGEND), room_entities(grid), generator={"name": "model"}))
    return out


def windows(rooms: Sequence[Level], width: int, height: int, stride: int = 1) -> np.ndarray:
    """Every ``height``×``width`` window of the rooms' channel ids: ``(N, height, width)`` int64."""
    ids = room_ids(rooms)
    _, h, w = ids.shape
    if not (1 <= width <= w and 1 <= height <= h) or stride < 1:
        raise ParamError(f"windows: {width}x{height} (stride {stride}) does not fit {w}x{h} rooms")
    v = np.lib.stride_tricks.sliding_window_view(ids, (height, width), axis=(1, 2))[:, ::stride, ::stride]
    return np.ascontiguousarray(v.reshape(-1, height, width))
