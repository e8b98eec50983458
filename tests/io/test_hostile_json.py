"""Hostile level files: every one is refused (or read) with a LevelFormatError naming the file,
never another exception, and `procgen info` prints one line and exits 2 for each."""

import base64
import copy
import json
import math
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procgen.cli import main
from procgen.errors import LevelFormatError
from procgen.io.jsontext import MAX_INT_DIGITS, strict_loads
from procgen.io.native import dumps, load, loads, save
from procgen.kinds import generate

HUGE_INT = "9" * 5000  # past Python's 4300-digit limit for int(str)


def base_doc() -> dict:
    lvl = generate("cave", 3, width=24, height=16)
    lvl.layers = {"height": np.zeros((16, 24), dtype=np.float32)}
    lvl.stats = {"density": 0.5}
    return json.loads(lvl.dumps())


def text_with(path: tuple, raw: str) -> str:
    """The base document as text, with the value at ``path`` replaced by the raw JSON ``raw``."""
    doc = base_doc()
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = "@@RAW@@"
    return json.dumps(doc).replace('"@@RAW@@"', raw)


def layer_data(raw: bytes) -> str:
    return json.dumps(base64.b64encode(zlib.compress(raw, 9)).decode("ascii"))


#: A layer of 1.5 kB whose data inflates to 64 MB.
BOMB = layer_data(b"\0" * (64 << 20))

#: (name, path in the document, raw JSON text put there)
HOSTILE_VALUES = [
    ("huge int width", ("width",), HUGE_INT),
    ("huge int seed", ("seed",), HUGE_INT),
    ("huge negative int in stats", ("stats", "density"), "-" + HUGE_INT),
    ("huge int entity x", ("entities", 0, "x"), HUGE_INT),
    ("long int in params", ("generator", "params"), "1" + "0" * (MAX_INT_DIGITS + 1)),
    ("NaN in stats", ("stats", "density"), "NaN"),
    ("Infinity in stats", ("stats", "density"), "Infinity"),
    ("-Infinity in stats", ("stats", "density"), "-Infinity"),
    ("1e999 in stats", ("stats", "density"), "1e999"),
    ("-1e999 as seed", ("seed",), "-1e999"),
    ("float width 1.5", ("width",), "1.5"),
    ("float height 16.5", ("height",), "16.5"),
    ("float width 1e300", ("width",), "1e300"),
    ("negative width", ("width",), "-24"),
    ("width zero", ("width",), "0"),
    ("string width", ("width",), '"24"'),
    ("bool height", ("height",), "true"),
    ("float version 2.0", ("version",), "2.0"),
    ("float entity y", ("entities", 0, "y"), "1.5"),
    ("deep nesting in stats", ("stats",), "[" * 100_000 + "]" * 100_000),
    ("deep object in params", ("generator", "params"), '{"a":' * 50_000 + "1" + "}" * 50_000),
    ("layer zlib bomb", ("layers", "height", "data"), BOMB),
    ("layer one byte long", ("layers", "height", "data"), layer_data(b"\0" * (16 * 24 * 4 + 1))),
    ("layer short", ("layers", "height", "data"), layer_data(b"\0" * 10)),
    ("layer truncated zlib",
     ("layers", "height", "data"),
     json.dumps(base64.b64encode(zlib.compress(b"\0" * 1536)[:-6]).decode("ascii"))),
    ("layer not base64", ("layers", "height", "data"), '"!!!!"'),
    ("layer unknown dtype", ("layers", "height", "dtype"), '"complex128"'),
    ("tiles a number", ("tiles",), "7"),
    ("legend a list", ("legend",), "[]"),
    ("entities null", ("entities",), "null"),
]

#: (name, whole file bytes)
HOSTILE_FILES = [
    ("empty", b""),
    ("not UTF-8", b'{"format": "procgen-level", "kind": "\xff\xfe"}'),
    ("a bare NaN", b"NaN"),
    ("a huge int document", HUGE_INT.encode()),
    ("a list", b"[1, 2, 3]"),
    ("truncated", json.dumps({"format": "procgen-level"})[:-3].encode()),
    ("nested arrays", b"[" * 200_000),
]


@pytest.mark.parametrize("name,path,raw", HOSTILE_VALUES, ids=[c[0] for c in HOSTILE_VALUES])
def test_hostile_values_are_a_level_format_error(name, path, raw):
    """Each hostile value raises LevelFormatError (never ValueError/TypeError/MemoryError)."""
    with pytest.raises(LevelFormatError) as e:
        loads(text_with(path, raw), "hostile.json")
    assert str(e.value).startswith("hostile.json: ")


@pytest.mark.parametrize("name,data", HOSTILE_FILES, ids=[c[0] for c in HOSTILE_FILES])
def test_hostile_files_are_one_line_from_info(name, data, tmp_path, capsys):
    """`procgen info` on each hostile file: exit 2, one line naming the file, no traceback."""
    path = tmp_path / "h.json"
    path.write_bytes(data)
    assert main(["info", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"procgen: error: {path}: ")


@pytest.mark.parametrize("name,path,raw", HOSTILE_VALUES[:12], ids=[c[0] for c in HOSTILE_VALUES[:12]])
def test_hostile_values_through_info_are_one_line(name, path, raw, tmp_path, capsys):
    f = tmp_path / "h.json"
    f.write_text(text_with(path, raw))
    assert main(["info", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("procgen: error: ")


@pytest.mark.parametrize("key", ["width", "height"])
def test_whole_floats_for_width_and_height_read_as_integers(key):
    """The schema's integer admits 48.0; the loader reads it as 48 and writes 48 back."""
    doc = base_doc()
    doc[key] = float(doc[key])
    level = loads(json.dumps(doc))
    assert isinstance(getattr(level, key), int)
    assert json.loads(level.dumps())[key] == int(doc[key])


def test_a_layer_bomb_is_refused_without_inflating_it():
    """A layer that inflates to 64 MB is stopped one byte past its 1.5 kB: peak memory stays small."""
    import tracemalloc

    text = text_with(("layers", "height", "data"), BOMB)
    tracemalloc.start()
    try:
        with pytest.raises(LevelFormatError, match="inflates to more than"):
            loads(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float32("nan")])
def test_non_finite_stats_are_never_written(value, tmp_path):
    """A generator's NaN metric is written as null, so the file reads back."""
    lvl = generate("cave", 1, width=24, height=16)
    lvl.stats = {"score": value, "nested": [1.0, value]}
    save(lvl, tmp_path / "n.json")
    back = load(tmp_path / "n.json")
    assert back.stats == {"score": None, "nested": [1.0, None]}
    assert strict_loads(dumps(back))["stats"]["score"] is None


def test_info_json_prints_strict_json(tmp_path, capsys):
    lvl = generate("cave", 1, width=24, height=16)
    lvl.stats = {"score": math.nan}
    save(lvl, tmp_path / "n.json")
    assert main(["info", "--json", str(tmp_path / "n.json")]) == 0
    assert strict_loads(capsys.readouterr().out)["stats"] == {"score": None}


def test_a_small_file_is_read_without_reserving_the_size_limit(tmp_path):
    """Loading a 3 kB level allocates about its size, not the 1 GiB file limit."""
    import tracemalloc

    lvl = generate("cave", 1, width=24, height=16)
    save(lvl, tmp_path / "s.json")
    tracemalloc.start()
    try:
        load(tmp_path / "s.json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20


hostile_json_values = st.one_of(
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", HUGE_INT, "-1", "0", "1.5", "48.0",
                     "true", "null", '""', "[]", "{}", '"x"', "[" * 5000 + "]" * 5000]),
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(json.dumps),
    st.text(max_size=20).map(json.dumps),
)
document_paths = st.sampled_from([
    ("format",), ("version",), ("kind",), ("seed",), ("generator",), ("generator", "name"),
    ("generator", "params"), ("width",), ("height",), ("tiles",), ("tiles", 0), ("legend",),
    ("legend", "#"), ("legend", "#", "solid"), ("entities",), ("entities", 0), ("entities", 0, "x"),
    ("entities", 0, "type"), ("layers",), ("layers", "height"), ("layers", "height", "dtype"),
    ("layers", "height", "data"), ("stats",), ("stats", "density"),
])


@given(document_paths, hostile_json_values)
def test_any_one_bad_value_loads_or_is_a_level_format_error(path, raw):
    """Property: replacing any one field by any hostile value never escapes as another error,
    and whatever loads can be written back as strict JSON."""
    try:
        level = loads(text_with(path, raw))
    except LevelFormatError:
        return
    strict_loads(level.dumps())


def test_mutating_the_document_copy_leaves_the_original_valid():
    """Guard for the tests above: the base document itself loads."""
    loads(json.dumps(copy.deepcopy(base_doc())))
