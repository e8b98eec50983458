"""The registry: one LevelKind object per kind, the generator chosen in one place, options checked there."""

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procgen
from procgen.errors import ParamError
from procgen.kinds import GENERATORS, check_options, generate, generators
from procgen.level import KINDS, GeneratorName, Kind
from procgen.levels.kind import LevelKind
from tests.strategies import ill_typed, unknown_options

KIND_GENERATORS = [(str(k), str(g)) for k in Kind for g in GENERATORS[k]]


def test_every_kind_of_the_format_has_one_level_kind_and_generators():
    """Kind names are written once (the enum); the catalog, the registry and KINDS agree."""
    assert [str(k) for k in procgen.kinds()] == ["cave", "platformer", "dungeon-room", "dungeon", "terrain"]
    assert set(KINDS) == {k.value for k in Kind} == set(map(str, GENERATORS))
    for k in procgen.kinds():
        assert isinstance(k, LevelKind) and procgen.kind(str(k)) is k and procgen.kind(k.name) is k
        assert generators(k)[0] == GeneratorName.CLASSIC


def test_the_json_schema_lists_the_same_kinds():
    import json
    from importlib import resources

    schema = json.loads(resources.files("procgen.io").joinpath("level.schema.json").read_text())
    assert sorted(schema["properties"]["kind"]["enum"]) == sorted(KINDS)


def test_kinds_is_both_the_module_and_a_callable():
    """``procgen.kinds`` stays the registry module (no shadowing by import order) and ``procgen.kinds()`` lists."""
    import procgen.kinds as module

    assert procgen.kinds is module and callable(procgen.kinds)
    assert procgen.kinds() == procgen.catalog.kinds()


@pytest.mark.parametrize(("kind", "generator"), KIND_GENERATORS)
@settings(max_examples=5)
@given(name=unknown_options)
def test_an_unknown_keyword_is_a_param_error_for_every_kind_and_generator(kind, generator, name):
    """Checked before any generator (or model) runs, so no torch is needed to get the error."""
    with pytest.raises(ParamError, match=f"^{name}: not an option of {kind}"):
        generate(kind, 0, generator=generator, **{name: 1})


@pytest.mark.parametrize(("kind", "generator"), KIND_GENERATORS)
@settings(max_examples=8)
@given(value=ill_typed, data=st.data())
def test_an_ill_typed_option_is_a_param_error_naming_it(kind, generator, value, data):
    k = procgen.kind(kind)
    checked = ["width", "height", *(o.name for o in k.options
                                    if o.applies_to(generator) and (o.check is not None or o.choices))]
    name = data.draw(st.sampled_from(checked))
    if name == "style" and isinstance(value, str):
        return  # text is style's type (its grammar is checked by the generator)
    with pytest.raises(ParamError, match=f"^{name}: "):
        check_options(k, GeneratorName(generator), {name: value})


def test_an_option_of_another_generator_says_which():
    with pytest.raises(ParamError, match="^style: applies to the classic generator only, not gan"):
        generate("platformer", 0, generator="gan", style="sky")
    with pytest.raises(ParamError, match="^tries: applies to the gan and vae generator only, not classic"):
        generate("platformer", 0, tries=3)


def test_unknown_kind_and_generator_name_the_choices():
    with pytest.raises(ParamError, match="^kind: unknown kind 'maze'; choose from cave, platformer"):
        generate("maze", 0)
    with pytest.raises(ParamError, match="^generator: cave has no generator 'gan'; choose from classic"):
        generate("cave", 0, generator="gan")


def test_enums_and_plain_strings_give_the_same_bytes():
    a = generate(Kind.CAVE, 3, generator=GeneratorName.CLASSIC, width=20, height=14)
    b = generate("cave", 3, width=20, height=14)
    assert a.dumps() == b.dumps() and a.kind == "cave" and f"{Kind.DUNGEON_ROOM}" == "dungeon-room"


def test_generate_docstring_lists_every_kinds_options():
    doc = procgen.generate.__doc__
    for k in procgen.kinds():
        assert f"``{k.name}``" in doc
        for o in k.options:
            assert f"``{o.name}``" in doc


def test_kind_specs_is_deprecated_but_still_answers():
    with pytest.warns(DeprecationWarning, match="procgen.kinds"):
        specs = procgen.KIND_SPECS
    assert specs["platformer"].generators == ("classic", "gan", "vae")
    assert [o.name for o in specs["cave"].options] == ["path_length", "fill"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        procgen.kinds()  # the new way warns nothing


def test_a_generator_is_trained_exactly_when_it_takes_a_checkpoint():
    """``GeneratorName.trained`` (what the viewer asks instead of comparing names) agrees with
    the registry: every kind's gan and vae take the ``model`` option, its classic never does."""
    assert [g for g in GeneratorName if g.trained] == [GeneratorName.GAN, GeneratorName.VAE]
    for k in procgen.kinds():
        model = k.option("model")
        for g in generators(k):
            assert g.trained == (model is not None and model.applies_to(g)), (k.name, g)
    assert GeneratorName("vae").trained and not GeneratorName("classic").trained
