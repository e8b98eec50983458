"""Example levels: the loader for corpus text and native JSON, the shipped corpus, and the
sliding windows and one-hot tensors the GAN and VAE train on.

Corpus text is the Video Game Level Corpus format: one row of tile characters per line, row 0
at the top, every line the same length, characters from :data:`.tiles.LEGEND`. Users bring
their own ``.txt`` files (or native ``.json`` levels) in a folder.

>>> levels = corpus_levels()
>>> len(levels) >= 12, all(lv.height == HEIGHT for lv in levels)
(True, True)
>>> w = windows(levels[:1], width=28, stride=100)
>>> w.shape[1:], w.dtype, one_hot(w).shape[1]
((14, 28), dtype('uint8'), 13)
>>> bool((from_one_hot(one_hot(w)) == w).all())
True
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

import numpy as np

from procgen.errors import LevelFormatError
from procgen.io.native import load
from procgen.level import Kind, Level
from procgen.levels import tilestats
from procgen.levels.platformer.tiles import HEIGHT, LEGEND, VOCAB
from procgen.params import check_int

__all__ = [
    "CORPUS_DIR", "corpus_levels", "fit_height", "from_ids", "from_one_hot", "ids_of", "load_levels",
    "one_hot", "parse_text", "to_rows", "windows",
]

#: The shipped example levels (hand-written, see the header lines at the top of each set).
CORPUS_DIR = Path(__file__).resolve().parent / "examples"

_CHARS = np.frombuffer(VOCAB.encode("ascii"), dtype=np.uint8)


def parse_text(text: str, where: str = "<text>") -> Level:
    """A platformer Level from corpus text; LevelFormatError names the line and the problem."""
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()  # trailing blank lines are an editor's habit, not rows
    if not lines:
        raise LevelFormatError(f"{where}: empty file, expected rows of tile characters")
    width = len(lines[0])
    for i, line in enumerate(lines):
        if len(line) != width:
            raise LevelFormatError(
                f"{where}: line {i + 1}: ragged rows, row has {len(line)} characters, expected {width}"
            )
        bad = next((c for c in line if c not in LEGEND), None)
        if bad is not None:
            raise LevelFormatError(
                f"{where}: line {i + 1}, column {line.index(bad) + 1}: unknown tile character "
                f"{bad!r} (known: {VOCAB})"
            )
    return Level.from_rows("platformer", lines, LEGEND, generator={"name": "corpus", "source": where})


def _load_file(path: Path) -> Level:
    if path.suffix == ".json":
        level = load(path)
        if level.kind != Kind.PLATFORMER:
            raise LevelFormatError(f"{path}: kind: expected a platformer level, got {level.kind!r}")
        return level
    try:
        text = path.read_text(encoding="ascii")
    except UnicodeDecodeError:
        raise LevelFormatError(f"{path}: not ASCII text, expected rows of tile characters") from None
    except OSError as e:
        raise LevelFormatError(f"{path}: cannot read: {e.strerror}") from None
    return parse_text(text, str(path))


def load_levels(path: str | PathLike[str]) -> list[Level]:
    """Levels from a ``.txt`` corpus file, a native ``.json`` level, or a folder of them
    (searched recursively, in sorted order)."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.suffix in (".txt", ".json") and f.is_file())
        if not files:
            raise LevelFormatError(f"{p}: folder holds no .txt or .json levels")
        return [_load_file(f) for f in files]
    if not p.exists():
        raise LevelFormatError(f"{p}: no such file or folder")
    if p.suffix not in (".txt", ".json"):
        raise LevelFormatError(f"{p}: expected a .txt corpus file, a .json level or a folder")
    return [_load_file(p)]


def corpus_levels() -> list[Level]:
    """The shipped hand-written example levels, in file-name order."""
    return load_levels(CORPUS_DIR)


def ids_of(level: Level) -> np.ndarray:
    """``(H, W)`` uint8 tile ids in VOCAB order (unknown characters raise LevelFormatError)."""
    return tilestats.tile_ids(level, VOCAB, "platformer")


def windows(levels: list[Level], width: int = 28, stride: int = 4) -> np.ndarray:
    """Every ``(HEIGHT, width)`` window of every level, ``stride`` columns apart (the last one
    flush with the right edge, :func:`procgen.levels.tilestats.windows`), as tile ids.

    Returns ``(N, HEIGHT, width)`` uint8. Levels narrower than ``width`` give no windows.
    A level of another height (VGLC files have 13 to 16 rows) is fitted at its floor: a taller
    one keeps its bottom ``HEIGHT`` rows, a shorter one gets open sky above.
    """
    check_int("width", width, 1, what="columns")
    check_int("stride", stride, 1, what="columns")
    out = []
    for lv in levels:
        out.append(tilestats.windows(fit_height(ids_of(lv)), width, stride))
    if not out:
        return np.zeros((0, HEIGHT, width), dtype=np.uint8)
    return np.ascontiguousarray(np.concatenate(out))


def fit_height(ids: np.ndarray) -> np.ndarray:
    """``(H, W)`` tile ids → ``(HEIGHT, W)``: the bottom rows of a taller level, or open sky
    (id 0, ``-``) added above a shorter one — the floor is where the play is."""
    h = ids.shape[0]
    if h >= HEIGHT:
        return ids[h - HEIGHT :]
    return np.concatenate([np.zeros((HEIGHT - h, ids.shape[1]), dtype=ids.dtype), ids])


def one_hot(ids: np.ndarray) -> np.ndarray:
    """``(N, H, W)`` ids → ``(N, C, H, W)`` float32, channel ``c`` = tile ``VOCAB[c]``."""
    eye = np.eye(len(VOCAB), dtype=np.float32)
    return np.ascontiguousarray(np.moveaxis(eye[ids], -1, -3))


def from_one_hot(x: np.ndarray) -> np.ndarray:
    """``(..., C, H, W)`` scores or one-hot → ``(..., H, W)`` uint8 ids (argmax per tile)."""
    return np.asarray(x).argmax(axis=-3).astype(np.uint8)


def to_rows(ids: np.ndarray) -> list[str]:
    """``(H, W)`` ids → the rows as text."""
    return [r.tobytes().decode("ascii") for r in _CHARS[ids]]


def from_ids(ids: np.ndarray, **meta: object) -> Level:
    """``(H, W)`` ids → a platformer Level (no entities, no stats: run repair/solve on it)."""
    ids = np.asarray(ids)
    if ids.ndim != 2 or ids.size == 0 or ids.max() >= len(VOCAB):
        raise LevelFormatError(f"tiles: expected a 2-D array of ids 0..{len(VOCAB) - 1}, got shape {ids.shape}")
    return Level("platformer", _CHARS[ids], dict(LEGEND), **meta)  # type: ignore[arg-type]
