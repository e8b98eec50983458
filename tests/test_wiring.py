"""What the top of the package connects: deprecated Level file methods, texture model sources."""

import pytest

import procgen
from procgen.textures import source as tile_sources


def test_deprecated_level_methods_warn_and_still_work(tmp_path):
    cave = procgen.generate("cave", 4, width=20, height=12)
    with pytest.warns(DeprecationWarning, match=r"procgen.io.save\(level, path\)"):
        cave.save(tmp_path / "c.json")
    with pytest.warns(DeprecationWarning, match="procgen.io.load"):
        back = procgen.Level.load(tmp_path / "c.json")
    with pytest.warns(DeprecationWarning, match="procgen.io.loads"):
        assert procgen.Level.loads(cave.dumps()).dumps() == back.dumps() == cave.dumps()


def test_the_png_shim_draws_with_the_kinds_renderer(tmp_path):
    """Level.save_png of a terrain gives the shaded relief, as procgen.io.save_png with the renderer."""
    world = procgen.generate("terrain", 2, width=24, height=20)
    with pytest.warns(DeprecationWarning):
        world.save_png(tmp_path / "old.png")
    procgen.io.save_png(world, tmp_path / "new.png", renderer=procgen.kind("terrain").renderer)
    procgen.io.save_png(world, tmp_path / "flat.png")
    old = (tmp_path / "old.png").read_bytes()
    assert old == (tmp_path / "new.png").read_bytes() != (tmp_path / "flat.png").read_bytes()


def test_the_trained_texture_models_are_provided_by_name():
    assert set(tile_sources.names()) == {"procedural", "vae", "gan"}
    assert tile_sources.source_of("classic") is tile_sources.PROCEDURAL


def test_rng_is_the_module_and_still_callable():
    import procgen.rng as module

    assert procgen.rng is module
    assert procgen.rng(7, "cave").random() == module.rng(7, "cave").random()
