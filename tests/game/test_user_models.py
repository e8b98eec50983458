"""The player's own models in the game: ``procgen play --models DIR`` and the G key.

Two tiny models are trained here with ``procgen train``'s own function (a few steps, narrow
networks: seconds), laid out as a player would have them: one renamed at the folder's top
level, one in the folder ``procgen train --out`` wrote.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest

import procgen
from procgen.models.gan import GANConfig
from procgen.models.schedule import Schedule
from procgen.models.train import train
from procgen.models.vae import VAEConfig
from procgen_viewer.app import App
from procgen_viewer.main import main
from procgen_viewer.user_models import find_models

from .helpers import switch_ready

EXAMPLE = Path(procgen.__file__).parent / "levels" / "platformer" / "examples" / "01-overground-hills.txt"


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    """Two tiny trained platformer models in one folder: ``hills.json`` (a GAN, renamed) and
    ``vae-run/platformer-vae.json`` (a VAE, as ``--out vae-run`` wrote it)."""
    root = tmp_path_factory.mktemp("trained")
    gan = train("platformer-gan", data=str(EXAMPLE), out=str(root / "gan-run"), progress=False,
                schedule=Schedule(steps=4, batch=8, preview_every=4), config=GANConfig(base=8, critic_base=8))
    train("platformer-vae", data=str(EXAMPLE), out=str(root / "vae-run"), progress=False,
          schedule=Schedule(steps=4, batch=8, preview_every=4, lr=1e-3, warmup=2), config=VAEConfig(base=8))
    folder = root / "models"
    folder.mkdir()
    shutil.copy(gan, folder / "hills.json")
    shutil.copy(gan.with_suffix(".safetensors"), folder / "hills.safetensors")
    shutil.copytree(root / "vae-run", folder / "vae-run", ignore=shutil.ignore_patterns("previews"))
    return folder


@pytest.fixture
def no_builtin(tmp_path, monkeypatch) -> None:
    """No built-in models: G's GAN and VAE fall back to classic at once (the tests are about yours)."""
    monkeypatch.setenv("PROCGEN_TRAINED", str(tmp_path / "no-shipped-models"))


def _app(tmp_path: Path, folder: Path) -> App:
    a = App((480, 270), seed=3, window=False, export_dir=tmp_path / "exports", models=str(folder), sync=True)
    return a


def test_find_models_names_each_platformer_checkpoint_by_its_file_and_leaves_the_rest(trained, tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(trained, folder)
    (folder / "level.json").write_text('{"format": "procgen-level"}')  # an exported level: not a model
    shutil.copy(Path(procgen.__file__).parents[1] / "tests" / "models" / "fixtures" / "room-gan.json",
                folder / "room-gan.json")  # another kind's model: the dungeon's, not listed here
    (folder / "broken.json").write_text("{not json")
    (folder / "broken.safetensors").write_bytes(b"weights")
    shutil.copy(trained / "hills.json", folder / "lost.json")  # its weights are missing
    found = find_models(folder, "platformer")
    assert [(m.name, m.generator.value) for m in found.models] == [("hills", "gan"), ("vae-run/platformer-vae", "vae")]
    assert len(found.skipped) == 2
    assert any("broken" in line and "not a readable" in line for line in found.skipped)
    assert any("lost" in line and "missing" in line for line in found.skipped)


def test_g_cycles_classic_builtin_models_then_each_user_model_whose_level_is_shown(trained, tmp_path, no_builtin):
    """G: classic -> GAN -> VAE -> hills -> vae-run/platformer-vae -> classic; each of the
    player's levels is the one that model makes for the seed (same bytes), named in a notice
    and in the HUD."""
    app = _app(tmp_path, trained)
    try:
        mode = switch_ready(app, "platformer")
        seen = []
        for _ in range(5):
            app.key_down(pygame.K_g)
            seen.append((mode.choice.label, app.notices.items[-1][0] if mode.choice.model else ""))
            if mode.choice.model is not None:
                level = mode.state.level
                expect = procgen.generate("platformer", mode.seed, generator=mode.choice.generator.value,
                                          difficulty=mode.difficulty, model=mode.choice.model.path)
                assert level.dumps() == expect.dumps()
                assert level.generator["params"]["sha256"] != ""
                assert mode.shown()[1] == f"{mode.choice.model.name} ({mode.choice.generator.value})"
        labels = [label for label, _ in seen]
        assert labels == ["GAN", "VAE", "hills (GAN)", "vae-run/platformer-vae (VAE)", "classic"]
        assert "Generator: hills (GAN) (your model, hills.json)" in seen[2][1]
        # The two user models are different models: their levels differ.
    finally:
        app.close()


def test_the_two_user_models_give_different_levels(trained):
    a = procgen.generate("platformer", 3, generator="gan", width=60, model=trained / "hills.json")
    b = procgen.generate("platformer", 3, generator="vae", width=60, model=trained / "vae-run")
    assert a.generator["params"]["sha256"] != b.generator["params"]["sha256"]
    assert a.rows != b.rows


def test_a_bad_checkpoint_is_skipped_with_one_notice_and_leaves_the_cycle(trained, tmp_path, no_builtin):
    folder = tmp_path / "models"
    shutil.copytree(trained, folder)
    # "bad" sorts before "hills": corrupt weights (the sha256 no longer matches the config).
    shutil.copy(folder / "hills.json", folder / "bad.json")
    weights = bytearray((folder / "hills.safetensors").read_bytes())
    weights[-1] ^= 0xFF
    (folder / "bad.safetensors").write_bytes(bytes(weights))
    app = _app(tmp_path, folder)
    try:
        mode = switch_ready(app, "platformer")
        for _ in range(3):  # classic -> GAN -> VAE -> bad: skipped, on to hills
            app.key_down(pygame.K_g)
        assert mode.choice.label == "hills (GAN)" and mode.level_model == "hills"
        notices = [m for m, _, _ in app.notices.items]
        skipped = [m for m in notices if m.startswith("Skipped model bad:")]
        assert len(skipped) == 1 and "sha256" in skipped[0] and "\n" not in skipped[0]
        assert [c.label for c in mode.cycle.choices] == ["classic", "GAN", "VAE", "hills (GAN)",
                                                          "vae-run/platformer-vae (VAE)"]
    finally:
        app.close()


def test_play_models_runs_headless_and_names_the_user_model_in_its_summary(trained, tmp_path, capsys, no_builtin):
    shot = tmp_path / "shot.png"
    rc = main(["--models", str(trained), "--seed", "4", "--frames", "12", "--script", "g,*2,g,*2,g,*5",
               "--size", "480x270", "--screenshot", str(shot)])
    out = capsys.readouterr().out
    assert rc == 0
    assert "generator hills (gan)" in out
    assert shot.stat().st_size > 0


@pytest.mark.parametrize("what", ["missing", "file"])
def test_a_missing_models_folder_is_one_line_and_exit_2(tmp_path, capsys, what):
    path = tmp_path / "nowhere"
    if what == "file":
        path.write_text("x")
    rc = main(["--models", str(path), "--frames", "1"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("procgen: error: --models:") and err.count("\n") == 1


def test_in_the_dungeon_g_cycles_the_rooms_generator_through_the_users_room_models(trained, tmp_path, no_builtin):
    """The dungeon's G: classic -> GAN -> VAE -> each room checkpoint in the folder; the
    dungeon shown is the one the chosen room model makes for the seed, named in the summary."""
    fixture = Path(procgen.__file__).parents[1] / "tests" / "models" / "fixtures"
    folder = tmp_path / "models"
    shutil.copytree(trained, folder)
    shutil.copy(fixture / "room-gan.json", folder / "mazes.json")
    shutil.copy(fixture / "room-gan.safetensors", folder / "mazes.safetensors")
    app = App((480, 270), seed=3, window=False, export_dir=tmp_path / "exports", models=str(folder), sync=True,
              rooms=3)
    try:
        mode = app.switch("dungeon")
        labels = []
        for _ in range(4):
            app.key_down(pygame.K_g)
            labels.append(mode.choice.label)
            if mode.choice.model is not None:
                expect = procgen.generate("dungeon", mode.seed, rooms=3, generator="gan", model=folder / "mazes.json")
                assert mode.state.level.dumps() == expect.dumps()
                assert mode.summary().generator == "mazes (gan)"
        assert labels == ["GAN", "VAE", "mazes (GAN)", "classic"]
        assert mode.summary().generator == "classic"
    finally:
        app.close()
