"""Hostile checkpoint configs: each is a CheckpointError naming the file and field, raised
before any model is built (no allocation of the size the config asks for, no torch warning)."""

import json
import shutil
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procgen.errors import CheckpointError
from procgen.models.checkpoint import MAX_PARAMETERS, read_config
from procgen.models.common import trained_dir
from procgen.models.shipped import load_level_model

HUGE_INT = "9" * 5000

#: (name, model, config field, raw JSON value)
HOSTILE_FIELDS = [
    ("latent -1", "room-gan", "latent", "-1"),
    ("latent 0", "room-vae", "latent", "0"),
    ("latent 10**7", "room-gan", "latent", "10000000"),
    ("latent huge int", "room-gan", "latent", HUGE_INT),
    ("latent a string", "room-vae", "latent", '"32"'),
    ("latent a float", "room-gan", "latent", "32.5"),
    ("latent true", "room-gan", "latent", "true"),
    ("latent null", "room-vae", "latent", "null"),
    ("latent a list", "room-gan", "latent", "[32]"),
    ("truncation abc", "room-gan", "truncation", '"abc"'),
    ("truncation NaN", "room-gan", "truncation", "NaN"),
    ("truncation Infinity", "room-gan", "truncation", "Infinity"),
    ("truncation 1e999", "room-gan", "truncation", "1e999"),
    ("truncation negative", "room-gan", "truncation", "-1.0"),
    ("truncation zero", "room-gan", "truncation", "0"),
    ("temperature 1e300", "room-vae", "temperature", "1e300"),
    ("beta a dict", "room-vae", "beta", "{}"),
    ("height 0", "room-gan", "height", "0"),
    ("width -5", "room-vae", "width", "-5"),
    ("height 100000", "platformer-gan", "height", "100000"),
    ("channels 0", "platformer-vae", "channels", "0"),
    ("base 10**9", "platformer-gan", "base", "1000000000"),
    ("straight_through a number", "room-gan", "straight_through", "1"),
    ("points a number", "platformer-vae", "points", "5"),
    ("points with a string", "platformer-vae", "points", '[5, "6"]'),
    ("points with true", "platformer-vae", "points", "[true]"),
    ("points a channel too many", "platformer-vae", "points", "[13]"),
    ("points negative", "platformer-vae", "points", "[-1]"),
    ("unknown field", "room-gan", "layers_of_doom", "3"),
    ("config nested 100000 deep", "room-gan", "latent", "[" * 100_000 + "]" * 100_000),
]

#: (name, top-level key, raw JSON value)
HOSTILE_DOCS = [
    ("config a list", "config", "[]"),
    ("config null", "config", "null"),
    ("vocabulary of numbers", "vocabulary", "[1, 2, 3]"),
    ("vocabulary empty", "vocabulary", "[]"),
    ("sha256 not hex", "sha256", '"zz"'),
    ("sha256 a number", "sha256", "12"),
    ("model a number", "model", "7"),
    ("format wrong", "format", '"pickle"'),
]


def copy_model(tmp_path, name: str) -> tuple:
    src = trained_dir() / name
    shutil.copy(src.with_suffix(".safetensors"), tmp_path / f"{name}.safetensors")
    doc = json.loads(src.with_suffix(".json").read_text())
    return tmp_path / name, doc


def write_with(tmp_path, name: str, mutate) -> str:
    base, doc = copy_model(tmp_path, name)
    text = mutate(doc)
    (tmp_path / f"{name}.json").write_text(text)
    return str(base)


def with_field(field: str, raw: str):
    def mutate(doc: dict) -> str:
        doc["config"][field] = "@@RAW@@"
        return json.dumps(doc).replace('"@@RAW@@"', raw)
    return mutate


def with_key(key: str, raw: str):
    def mutate(doc: dict) -> str:
        doc[key] = "@@RAW@@"
        return json.dumps(doc).replace('"@@RAW@@"', raw)
    return mutate


def load_quietly(model: str, path: str):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a config that reaches torch's constructors warns first
        return load_level_model(model, path)


@pytest.mark.parametrize("name,model,field,raw", HOSTILE_FIELDS, ids=[c[0] for c in HOSTILE_FIELDS])
def test_hostile_config_fields_are_refused_before_building(name, model, field, raw, tmp_path):
    path = write_with(tmp_path, model, with_field(field, raw))
    with pytest.raises(CheckpointError) as e:
        load_quietly(model, path)
    message = str(e.value)
    assert message.startswith(f"{path}.json: ")
    assert field in message or "JSON" in message or "nested" in message or "integer literal" in message \
        or "number" in message


@pytest.mark.parametrize("name,key,raw", HOSTILE_DOCS, ids=[c[0] for c in HOSTILE_DOCS])
def test_hostile_config_documents_are_refused(name, key, raw, tmp_path):
    path = write_with(tmp_path, "room-vae", with_key(key, raw))
    with pytest.raises(CheckpointError, match=f"^{path}.json: "):
        load_quietly("room-vae", path)


def test_a_config_of_too_many_parameters_is_refused_by_counting_on_the_meta_device(tmp_path):
    """Every field in range, but together 100M+ parameters: refused without allocating them."""
    def mutate(doc: dict) -> str:
        doc["config"].update(height=256, width=256, base=1024, latent=64)
        return json.dumps(doc)

    path = write_with(tmp_path, "room-gan", mutate)
    with pytest.raises(CheckpointError, match=f"more than the {MAX_PARAMETERS:,} allowed"):
        load_quietly("room-gan", path)


def test_a_config_file_over_one_megabyte_is_refused_unread(tmp_path):
    path = write_with(tmp_path, "room-gan", lambda doc: json.dumps({**doc, "pad": "x" * (2 << 20)}))
    with pytest.raises(CheckpointError, match="larger than"):
        read_config(path)


def test_the_shipped_configs_pass_the_checks():
    for name in ("platformer-gan", "platformer-vae", "room-gan", "room-vae", "texture-vae", "texture-gan"):
        read_config(trained_dir() / name)


config_values = st.one_of(
    st.sampled_from(["NaN", "Infinity", "1e999", HUGE_INT, "true", "null", '"x"', "[]", "{}", "-1", "0"]),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(json.dumps),
)
config_fields = st.sampled_from(["height", "width", "channels", "latent", "base", "critic_base",
                                 "truncation", "straight_through"])


@given(config_fields, config_values)
def test_any_config_value_loads_or_is_a_checkpoint_error(field, raw):
    """Property: any one field set to any value loads a working model or is a CheckpointError."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        path = write_with(Path(d), "room-gan", with_field(field, raw))
        try:
            model = load_quietly("room-gan", path)
        except CheckpointError:
            return
        assert model.decode(model.prior(2, 0)).shape[0] == 2
