"""A missing optional dependency is one line naming the pip extra that brings it."""

import sys

import pytest

from procgen.cli import main
from procgen.errors import ParamError
from procgen.extras import EXTRAS, MissingExtraError, import_optional


@pytest.mark.parametrize(("module", "extra"), [("torch", "models"), ("pygame", "game"), ("noise", "noise")])
def test_import_optional_names_the_extra(monkeypatch, module, extra):
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    with pytest.raises(MissingExtraError, match=rf"^textures: needs {module}, .*procgen-forge\[{extra}\]'$"):
        import_optional(module, "textures:")


def test_a_missing_module_of_no_extra_is_not_disguised(monkeypatch):
    """Only our optional dependencies become a MissingExtraError; any other import error is a bug."""
    monkeypatch.setitem(sys.modules, "procgen.not_a_module", None)
    with pytest.raises(ModuleNotFoundError):
        import_optional("procgen.not_a_module", "x")


def test_missing_extra_is_a_param_error_and_an_import_error():
    assert issubclass(MissingExtraError, ParamError) and issubclass(MissingExtraError, ImportError)
    assert set(EXTRAS.values()) <= {"models", "game", "scale", "noise"}


@pytest.mark.parametrize(
    ("argv", "module", "extra"),
    [
        (["train", "room-vae", "--out", "{tmp}"], "torch", "models"),
        (["eval", "platformer", "--generator", "gan", "--n", "2"], "torch", "models"),
        (["textures", "--generator", "vae", "--materials", "grass", "--out", "{tmp}/a.png"], "torch", "models"),
        (["generate", "dungeon", "--generator", "gan", "--rooms", "2"], "torch", "models"),
        (["play", "--frames", "1"], "pygame", "game"),
    ],
)
def test_commands_name_the_missing_extra_in_one_line(tmp_path, capsys, uninstalled, argv, module, extra):
    uninstalled(module)
    code = main([a.format(tmp=tmp_path) for a in argv])
    _, err = capsys.readouterr()
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("procgen: error: "), err
    assert f"needs {module}, which is not installed: pip install 'procgen-forge[{extra}]'" in err
    assert not (tmp_path / "a.png").exists()
