"""The data model every generator returns and every exporter reads: :class:`Level`.

A level is a grid of tile characters (row 0 at the top) with a legend that says what each
character is, entities placed on the grid, optional numeric layers (terrain height, moisture,
...) and how it was made (kind, seed, generator, params) plus stats.

The grid is stored as a ``(height, width)`` ``uint8`` array of ASCII codes, so generators and
solvers work on it with numpy (``level.grid == ord("X")``) and never loop over tiles.

>>> lvl = Level.from_rows("cave", ["###", "#.#", "###"],
...                       {"#": Tile("wall", True), ".": Tile("floor", False)})
>>> lvl.width, lvl.height, lvl.rows[1]
(3, 3, '#.#')
>>> lvl.solid_mask().sum()
np.int64(8)
"""

from __future__ import annotations

import base64
import copy
import enum
import json
import math
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from procgen.errors import LevelFormatError

__all__ = ["KINDS", "Entity", "GeneratorName", "Kind", "Level", "Tile"]


class Kind(str, enum.Enum):
    """The level kinds of format version 1. A ``str`` enum: ``Kind.CAVE == "cave"``, so plain
    strings keep working wherever a kind is asked for."""

    PLATFORMER = "platformer"
    DUNGEON_ROOM = "dungeon-room"
    DUNGEON = "dungeon"
    CAVE = "cave"
    TERRAIN = "terrain"

    def __str__(self) -> str:  # the plain name in messages and f-strings, on every Python
        return self.value


class GeneratorName(str, enum.Enum):
    """How a level is made: the classic algorithm or a trained model (``"gan"`` == GAN)."""

    CLASSIC = "classic"
    GAN = "gan"
    VAE = "vae"

    def __str__(self) -> str:
        return self.value

    @property
    def trained(self) -> bool:
        """True for the generators that sample a trained model (gan, vae): they take a
        checkpoint and can fail for want of one, so callers (the viewer) ask this rather than
        compare names."""
        return self in (GeneratorName.GAN, GeneratorName.VAE)


#: The level kinds of format version 1, as plain strings (the JSON Schema lists the same).
KINDS = tuple(k.value for k in Kind)

#: Largest width or height accepted anywhere (a 16384² level is already 256 MB of tiles).
MAX_SIDE = 16384


@dataclass(frozen=True)
class Tile:
    """What a tile character means: its ``name``, whether it is ``solid``, and free extras."""

    name: str
    solid: bool
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "solid": self.solid, **self.extra}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Tile:
        extra = {k: v for k, v in obj.items() if k not in ("name", "solid")}
        return cls(str(obj["name"]), bool(obj["solid"]), extra)


@dataclass
class Entity:
    """Something placed on the grid: ``type`` ("player", "goal", "key", ...) at column x, row y."""

    type: str
    x: int
    y: int
    props: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "x": int(self.x), "y": int(self.y), **self.props}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Entity:
        props = {k: v for k, v in obj.items() if k not in ("type", "x", "y")}
        return cls(str(obj["type"]), int(obj["x"]), int(obj["y"]), props)


@dataclass
class Level:
    """A generated (or loaded) level. See the module docstring and DESIGN.md's JSON contract."""

    kind: str
    grid: np.ndarray  # (H, W) uint8 ASCII codes
    legend: dict[str, Tile]
    entities: list[Entity] = field(default_factory=list)
    layers: dict[str, np.ndarray] = field(default_factory=dict)
    seed: int | None = None
    generator: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def from_rows(
        cls,
        kind: str,
        rows: Sequence[str],
        legend: Mapping[str, Tile],
        **meta: Any,
    ) -> Level:
        """Build a level from text rows (all the same length, ASCII characters of the legend)."""
        if not rows:
            raise LevelFormatError("tiles: the level has no rows")
        width = len(rows[0])
        for i, row in enumerate(rows):
            if len(row) != width:
                raise LevelFormatError(
                    f"tiles[{i}]: row has {len(row)} characters, expected {width}"
                )
        try:
            data = "".join(rows).encode("ascii")
        except UnicodeEncodeError as e:
            raise LevelFormatError(f"tiles: non-ASCII tile character {e.object[e.start]!r}") from None
        grid = np.frombuffer(data, dtype=np.uint8).reshape(len(rows), width).copy()
        lvl = cls(kind, grid, dict(legend), **meta)
        lvl.check()
        return lvl

    @classmethod
    def from_ids(
        cls, kind: str, ids: np.ndarray, legend: Mapping[str, Tile], **meta: Any
    ) -> Level:
        """Build a level from tile ids: ``ids[y, x]`` indexes the legend's characters in order."""
        chars = np.frombuffer("".join(legend).encode("ascii"), dtype=np.uint8)
        ids = np.asarray(ids)
        if ids.ndim != 2:
            raise LevelFormatError(f"tiles: expected a 2-D id array, got shape {ids.shape}")
        if ids.size and (ids.min() < 0 or ids.max() >= len(chars)):
            raise LevelFormatError(f"tiles: tile id out of range 0..{len(chars) - 1}")
        return cls(kind, chars[ids], dict(legend), **meta)

    # -- views --------------------------------------------------------------------------------

    @property
    def width(self) -> int:
        return int(self.grid.shape[1])

    @property
    def height(self) -> int:
        return int(self.grid.shape[0])

    @property
    def rows(self) -> list[str]:
        """The tiles as text, one string per row, row 0 at the top."""
        return [r.tobytes().decode("ascii") for r in self.grid]

    def __str__(self) -> str:
        return "\n".join(self.rows)

    def ids(self) -> np.ndarray:
        """Tile ids ``(H, W)`` as indices into the legend's characters, in legend order."""
        return self._lookup(np.arange(len(self.legend), dtype=np.int16))

    def names(self) -> list[str]:
        """Legend names in legend order (the meaning of each tile id)."""
        return [t.name for t in self.legend.values()]

    def solid_mask(self) -> np.ndarray:
        """Boolean ``(H, W)``: True where the tile is solid."""
        return self._lookup(np.array([t.solid for t in self.legend.values()], dtype=bool))

    def mask(self, *names: str) -> np.ndarray:
        """Boolean ``(H, W)``: True where the tile's legend name is one of ``names``."""
        return self._lookup(np.array([t.name in names for t in self.legend.values()], dtype=bool))

    def char_of(self, name: str) -> str:
        """The legend character whose tile is called ``name``."""
        for ch, t in self.legend.items():
            if t.name == name:
                return ch
        raise KeyError(f"no tile named {name!r} in the legend")

    def entities_of(self, type_: str) -> list[Entity]:
        return [e for e in self.entities if e.type == type_]

    def copy(self) -> Level:
        return copy.deepcopy(self)

    def _lookup(self, values: np.ndarray) -> np.ndarray:
        # A 256-entry table from ASCII code to value: one vectorized gather over the grid.
        table = np.zeros(256, dtype=values.dtype)
        codes = np.frombuffer("".join(self.legend).encode("ascii"), dtype=np.uint8)
        table[codes] = values
        return table[self.grid]

    # -- validation ---------------------------------------------------------------------------

    def check(self, where: str = "level") -> None:
        """Raise :class:`LevelFormatError` unless the level is internally consistent."""
        if self.kind not in KINDS:
            raise LevelFormatError(f"{where}: kind: unknown kind {self.kind!r}")
        if self.grid.ndim != 2 or self.grid.dtype != np.uint8:
            raise LevelFormatError(f"{where}: tiles: grid must be a 2-D uint8 array")
        h, w = self.grid.shape
        if not (1 <= w <= MAX_SIDE and 1 <= h <= MAX_SIDE):
            raise LevelFormatError(f"{where}: size {w}x{h} is outside 1..{MAX_SIDE}")
        for ch in self.legend:
            if len(ch) != 1 or not (32 < ord(ch) < 127):
                raise LevelFormatError(
                    f"{where}: legend: key {ch!r} must be one printable ASCII character"
                )
        used = np.unique(self.grid)
        known = np.frombuffer("".join(self.legend).encode("ascii"), dtype=np.uint8)
        missing = np.setdiff1d(used, known)
        if missing.size:
            ch = chr(int(missing[0]))
            ys, xs = np.nonzero(self.grid == missing[0])
            raise LevelFormatError(
                f"{where}: tiles[{ys[0]}]: character {ch!r} at column {xs[0]} is not in the legend"
            )
        for i, e in enumerate(self.entities):
            if not (0 <= e.x < w and 0 <= e.y < h):
                raise LevelFormatError(
                    f"{where}: entities[{i}]: {e.type} at ({e.x}, {e.y}) is outside the {w}x{h} grid"
                )
        for name, layer in self.layers.items():
            if layer.shape != (h, w):
                raise LevelFormatError(
                    f"{where}: layers.{name}: shape {layer.shape} does not match the {w}x{h} grid"
                )

    # -- the format-version-1 mapping ---------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The format-version-1 document as a dict (keys in contract order; see DESIGN.md).

        Numeric layers are little-endian arrays, zlib-compressed and base64-encoded, with their
        dtype. Reading a document back (with schema validation) is :func:`procgen.io.loads`.
        """
        gen: dict[str, Any] = {"name": "classic", "model": None, "params": {}}
        gen.update(_jsonable(self.generator))
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "kind": str(self.kind),
            "seed": self.seed,
            "generator": gen,
            "width": self.width,
            "height": self.height,
            "tiles": self.rows,
            "legend": {ch: t.to_json() for ch, t in self.legend.items()},
            "entities": [_jsonable(e.to_json()) for e in self.entities],
        }
        if self.layers:
            doc["layers"] = {name: _encode_layer(a) for name, a in self.layers.items()}
        if self.stats:
            doc["stats"] = _jsonable(self.stats)
        return doc

    def dumps(self) -> str:
        """Canonical JSON text of :meth:`to_json` (fixed key order, two-space indent, newline at
        the end): same level, same bytes."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"

    # Deprecated file methods, kept for one release: files are :mod:`procgen.io` functions now
    # (``procgen.io.save(level, path)``, ``procgen.io.load(path)``, ...). They are attached by
    # ``procgen/_wiring.py`` so that this module never imports a file format.
    save: ClassVar[Callable[..., None]]
    save_png: ClassVar[Callable[..., None]]
    save_tmj: ClassVar[Callable[..., None]]
    load: ClassVar[Callable[..., Level]]
    loads: ClassVar[Callable[..., Level]]


#: The document's ``format`` and ``version`` fields.
FORMAT = "procgen-level"
VERSION = 1


def _jsonable(value: Any) -> Any:
    """numpy scalars and arrays in stats/params become plain JSON values.

    A non-finite float (a metric of an empty sample, say) becomes ``null``: NaN and Infinity
    are not JSON, and a file with them could not be read back.
    """
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


def _encode_layer(a: np.ndarray) -> dict[str, str]:
    dtype = np.dtype(a.dtype).newbyteorder("<")
    raw = np.ascontiguousarray(a, dtype=dtype).tobytes()
    return {
        "dtype": np.dtype(a.dtype).name,
        "encoding": "zlib+base64",
        "data": base64.b64encode(zlib.compress(raw, 6)).decode("ascii"),
    }
