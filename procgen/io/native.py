"""Native JSON, format version 1: the contract other tools rely on (see DESIGN.md).

Writing is canonical (fixed key order, two-space indent, one tile row per line), so
``save(load(f))`` reproduces a file procgen wrote byte for byte. Numeric layers are stored as
little-endian arrays, zlib-compressed and base64-encoded, with their dtype: a 1024² terrain stays
a few MB instead of tens.

Loading validates against the shipped JSON Schema, then checks what a schema cannot (rows of the
declared width, every character in the legend, entities on the grid), and reports the first
problem as ``file: field: what is wrong``.
"""

from __future__ import annotations

import base64
import json
import math
import zlib
from functools import cache
from importlib import resources
from os import PathLike, fspath
from typing import Any

import numpy as np

from procgen.errors import LevelFormatError
from procgen.io.atomic import atomic_write
from procgen.io.jsontext import JSONTextError, read_limited, strict_loads
from procgen.level import Entity, Level, Tile

__all__ = ["FORMAT", "VERSION", "dumps", "level_from_json", "level_to_json", "load", "loads", "save"]

FORMAT = "procgen-level"
VERSION = 1
#: Refuse files larger than this before parsing (a 16384² level with layers stays well below).
MAX_FILE_BYTES = 1 << 30


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


def _decode_layer(obj: dict[str, str], shape: tuple[int, int], where: str) -> np.ndarray:
    dtype = np.dtype(obj["dtype"]).newbyteorder("<")
    expected = shape[0] * shape[1] * dtype.itemsize
    try:
        packed = base64.b64decode(obj["data"], validate=True)
        # Inflate at most one byte more than the layer needs: a zlib bomb stops there.
        inflate = zlib.decompressobj()
        raw = inflate.decompress(packed, expected + 1)
        complete = inflate.eof
    except (ValueError, zlib.error):
        raise LevelFormatError(f"{where}: data: not valid zlib+base64") from None
    if len(raw) > expected:
        raise LevelFormatError(
            f"{where}: data: inflates to more than the {expected} bytes of a {shape[1]}x{shape[0]} {dtype.name} layer"
        )
    if not complete or len(raw) != expected:
        raise LevelFormatError(
            f"{where}: data: {len(raw)} bytes{'' if complete else ' (truncated zlib stream)'}, "
            f"expected {expected} for {shape[1]}x{shape[0]} {dtype.name}"
        )
    return np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))


def level_to_json(level: Level) -> dict[str, Any]:
    """The format-version-1 document for ``level`` (keys in contract order)."""
    gen: dict[str, Any] = {"name": "classic", "model": None, "params": {}}
    gen.update(_jsonable(level.generator))
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "kind": level.kind,
        "seed": level.seed,
        "generator": gen,
        "width": level.width,
        "height": level.height,
        "tiles": level.rows,
        "legend": {ch: t.to_json() for ch, t in level.legend.items()},
        "entities": [_jsonable(e.to_json()) for e in level.entities],
    }
    if level.layers:
        doc["layers"] = {name: _encode_layer(a) for name, a in level.layers.items()}
    if level.stats:
        doc["stats"] = _jsonable(level.stats)
    return doc


def dumps(level: Level) -> str:
    """Canonical JSON text for ``level`` (ends with a newline)."""
    return json.dumps(level_to_json(level), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save(level: Level, path: str | PathLike[str]) -> None:
    """Validate, then write ``level`` as native JSON, atomically."""
    level.check(fspath(path))
    atomic_write(path, dumps(level).encode("utf-8"))


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(resources.files("procgen.io").joinpath("level.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def _field(path: Any) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(document)"


def level_from_json(doc: Any, where: str = "<json>") -> Level:
    """Validate a parsed document and build the Level; raise LevelFormatError on the first problem."""
    if not isinstance(doc, dict):
        raise LevelFormatError(f"{where}: (document): expected a JSON object, got {type(doc).__name__}")
    if doc.get("format") != FORMAT:
        raise LevelFormatError(
            f"{where}: format: expected {FORMAT!r}, got {doc.get('format')!r} (not a procgen level file)"
        )
    for key in ("version", "seed", "width", "height"):
        # The schema's "integer" admits 48.0 (JSON has one number type); read it as 48.
        value = doc.get(key)
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
            doc[key] = int(value)
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise LevelFormatError(
            f"{where}: version: file is format version {version}, written by a newer procgen; "
            f"this procgen reads version {VERSION} (upgrade procgen to open it)"
        )
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        raise LevelFormatError(f"{where}: {_field(e.absolute_path)}: {e.message}")

    width, height, rows = doc["width"], doc["height"], doc["tiles"]
    if len(rows) != height:
        raise LevelFormatError(f"{where}: tiles: {len(rows)} rows, but height is {height}")
    for i, row in enumerate(rows):
        if len(row) != width:
            raise LevelFormatError(f"{where}: tiles[{i}]: row has {len(row)} characters, width is {width}")
    legend = {ch: Tile.from_json(t) for ch, t in doc["legend"].items()}
    gen = doc["generator"]
    layers = {
        name: _decode_layer(obj, (height, width), f"{where}: layers.{name}")
        for name, obj in doc.get("layers", {}).items()
    }
    level = Level(
        kind=doc["kind"],
        grid=np.frombuffer("".join(rows).encode("ascii"), dtype=np.uint8).reshape(height, width).copy(),
        legend=legend,
        entities=[Entity.from_json(e) for e in doc["entities"]],
        layers=layers,
        seed=doc["seed"],
        generator=dict(gen),
        stats=dict(doc.get("stats", {})),
    )
    level.check(where)
    return level


def loads(text: str | bytes, where: str = "<string>") -> Level:
    """Parse and validate native JSON text (finite numbers only; see :mod:`procgen.io.jsontext`)."""
    try:
        doc = strict_loads(text)
    except JSONTextError as e:
        raise LevelFormatError(f"{where}: {e}") from None
    return level_from_json(doc, where)


def load(path: str | PathLike[str]) -> Level:
    """Read, parse and validate a native JSON level file."""
    where = fspath(path)
    try:
        data = read_limited(where, MAX_FILE_BYTES)
    except JSONTextError as e:
        raise LevelFormatError(f"{where}: {e}") from None
    except FileNotFoundError:
        raise LevelFormatError(f"{where}: no such file") from None
    except IsADirectoryError:
        raise LevelFormatError(f"{where}: is a folder, not a level file") from None
    except OSError as e:
        raise LevelFormatError(f"{where}: cannot read: {e.strerror}") from None
    return loads(data, where)
