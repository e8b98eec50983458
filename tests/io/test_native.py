"""Native JSON, format version 1: canonical writing, validation with clear messages, atomicity."""

import json
import os

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import procgen.io
from procgen.errors import LevelFormatError
from procgen.io.native import load, loads
from procgen.kinds import generate
from procgen.level import Entity, Level, Tile
from tests.strategies import seeds


def cave(seed: int = 3) -> Level:
    return generate("cave", seed, width=24, height=16)


def doc_of(level: Level) -> dict:
    return json.loads(level.dumps())


def test_document_has_the_contract_fields_in_order():
    doc = doc_of(cave())
    assert list(doc)[:10] == ["format", "version", "kind", "seed", "generator", "width", "height", "tiles", "legend", "entities"]
    assert doc["format"] == "procgen-level" and doc["version"] == 1
    assert len(doc["tiles"]) == doc["height"] and all(len(r) == doc["width"] for r in doc["tiles"])
    assert doc["legend"]["#"] == {"name": "wall", "solid": True}
    assert doc["generator"]["name"] == "classic"


@given(seeds)
def test_json_round_trip_is_byte_identical(seed):
    text = cave(seed).dumps()
    assert loads(text).dumps() == text


def test_layers_round_trip_exactly_with_their_dtypes(tmp_path):
    lvl = cave()
    r = np.random.default_rng(0)
    lvl.layers = {
        "height": r.random((16, 24)).astype(np.float32),
        "moisture": (r.random((16, 24)) * 255).astype(np.uint8),
        "flow": r.random((16, 24)).astype(np.float16),
    }
    procgen.io.save(lvl, tmp_path / "t.json")
    back = load(tmp_path / "t.json")
    for name, a in lvl.layers.items():
        assert back.layers[name].dtype == a.dtype
        assert np.array_equal(back.layers[name], a)
    assert back.dumps() == lvl.dumps()


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "c.json"
    procgen.io.save(cave(1), path)
    before = path.read_bytes()
    bad = cave(2)
    bad.entities.append(Entity("goal", 999, 0))  # invalid: must not touch the old file
    with pytest.raises(LevelFormatError):
        procgen.io.save(bad, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["c.json"]


def _mutated(mutate) -> str:
    doc = doc_of(cave())
    mutate(doc)
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="tiled-map"), "format: expected 'procgen-level'"),
        (lambda d: d.update(version=2), "version: file is format version 2, written by a newer procgen"),
        (lambda d: d.update(version="1"), "version: '1' is not of type 'integer'"),
        (lambda d: d["tiles"].__setitem__(3, d["tiles"][3][:-1]), r"tiles\[3\]: row has 23 characters, width is 24"),
        (lambda d: d["tiles"].pop(), "tiles: 15 rows, but height is 16"),
        (lambda d: d["tiles"].__setitem__(2, "Z" + d["tiles"][2][1:]), r"tiles\[2\]: character 'Z' at column 0 is not in the legend"),
        (lambda d: d.update(width=-3), "width: -3 is less than the minimum of 1"),
        (lambda d: d.update(height=10**9), "height: 1000000000 is greater than the maximum of 16384"),
        (lambda d: d.update(kind="spaceship"), "kind: 'spaceship' is not one of"),
        (lambda d: d["legend"].__setitem__("#", {"name": "wall"}), r"legend\.#: 'solid' is a required property"),
        (lambda d: d["entities"].append({"type": "goal", "x": 500, "y": 0}), r"entities\[2\]: goal at \(500, 0\) is outside"),
        (lambda d: d.pop("legend"), "'legend' is a required property"),
    ],
)
def test_loader_rejects_malformed_documents_with_a_clear_message(mutate, message):
    with pytest.raises(LevelFormatError, match=message) as info:
        loads(_mutated(mutate), "lvl.json")
    assert str(info.value).startswith("lvl.json: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("text", ["", "{", '{"format": "procgen-level", "version": 1', "[1, 2]", "null", "\xff\xfe"])
def test_loader_rejects_truncated_or_non_object_json(text):
    with pytest.raises(LevelFormatError, match="lvl.json: "):
        loads(text.encode("latin-1"), "lvl.json")


def test_loader_rejects_corrupt_layer_data():
    lvl = cave()
    lvl.layers = {"height": np.zeros((16, 24), np.float32)}
    doc = doc_of(lvl)
    doc["layers"]["height"]["data"] = "not base64!"
    with pytest.raises(LevelFormatError, match="layers.height: data: not valid"):
        loads(json.dumps(doc), "lvl.json")


def test_load_names_missing_files_and_folders(tmp_path):
    with pytest.raises(LevelFormatError, match="no such file"):
        load(tmp_path / "missing.json")
    with pytest.raises(LevelFormatError, match="is a folder"):
        load(tmp_path)


@given(st.text(max_size=200))
def test_loader_never_crashes_on_arbitrary_text(text):
    with pytest.raises(LevelFormatError):
        loads(text, "fuzz.json")


def test_unusual_but_valid_level_round_trips():
    lvl = Level.from_rows(
        "dungeon-room", ["WW", "WW"], {"W": Tile("wall", True, {"color": "#123456", "note": "é"})},
        seed=None, generator={"name": "hand", "params": {"by": "test"}}, stats={"score": 0.5},
    )
    assert loads(lvl.dumps()).dumps() == lvl.dumps()
