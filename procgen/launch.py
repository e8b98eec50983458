"""Finding and starting the viewer: what ``procgen play`` runs.

The viewer lives in the repository's top-level ``game/`` folder, but it is installed as the
package ``procgen_viewer``: a generic top-level name such as ``game`` would be shadowed by a
user's own ``game.py`` (and would shadow theirs). In a source checkout the checkout's
``game/`` is loaded under that same name, so tests, ``procgen play`` and an installed wheel
all run one package, ``procgen_viewer``, and a worktree runs its own copy of the viewer.

The library itself never imports the viewer (data flows from the generators into the game);
only the CLI calls :func:`play`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from types import ModuleType

from procgen.errors import ParamError
from procgen.extras import missing

__all__ = ["VIEWER", "checkout_viewer", "play", "viewer_package"]

#: The viewer's import name once installed (and in a checkout, see the module docstring).
VIEWER = "procgen_viewer"

_REPO = Path(__file__).resolve().parents[1]  # the folder holding procgen/ (and game/ in a checkout)


def checkout_viewer() -> Path | None:
    """The checkout's ``game/`` folder when procgen runs from a source checkout, else None.

    A checkout is recognised by its ``pyproject.toml`` naming this distribution beside
    ``procgen/``, so an unrelated ``game`` package in site-packages is never picked up.
    """
    folder, project = _REPO / "game", _REPO / "pyproject.toml"
    try:
        ours = 'name = "procgen-forge"' in project.read_text(encoding="utf-8")
    except OSError:
        return None
    return folder if ours and (folder / "__init__.py").is_file() else None


def viewer_package() -> ModuleType:
    """Import the viewer package as ``procgen_viewer`` (the checkout's ``game/`` in a checkout)."""
    if VIEWER in sys.modules:
        return sys.modules[VIEWER]
    folder = checkout_viewer()
    if folder is None:
        return importlib.import_module(VIEWER)
    spec = importlib.util.spec_from_file_location(
        VIEWER, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None  # a file location always has both
    module = importlib.util.module_from_spec(spec)
    sys.modules[VIEWER] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[VIEWER]
        raise
    return module


def _take_model(argv: list[str]) -> tuple[str | None, list[str]]:
    """Split ``--model PATH`` (or ``--model=PATH``) out of the viewer's arguments."""
    rest: list[str] = []
    model = None
    it = iter(argv)
    for arg in it:
        if arg == "--model":
            model = next(it, None)
            if model is None:
                raise ParamError("--model: expected a checkpoint config or a folder of checkpoints")
        elif arg.startswith("--model="):
            model = arg.partition("=")[2]
        else:
            rest.append(arg)
    return model, rest


MODEL_HELP = (
    "\nprocgen play also takes:\n"
    "  --model PATH   a trained checkpoint's JSON config, or a folder of them (what\n"
    "                 `procgen train --out DIR` wrote): the game uses these models instead\n"
    "                 of the shipped ones of the same name (add --generator gan|vae)\n"
)


def play(argv: Sequence[str]) -> int:
    """``procgen play ARGS``: start the viewer; ``--model PATH`` chooses the models it uses."""
    model, rest = _take_model(list(argv))
    chosen: AbstractContextManager[object] = nullcontext()
    if model is not None:
        from procgen.models.locate import using_models

        chosen = using_models(model)  # entering it checks the path, before any window opens
    try:
        with chosen:
            viewer = viewer_package()
            status = int(importlib.import_module(f"{viewer.__name__}.main").main(rest))
    except ModuleNotFoundError as e:  # pygame, or the viewer itself, is not installed
        err = missing(e, "play: the viewer")
        if err is not None:
            raise err from None
        if e.name != VIEWER:
            raise
        raise ParamError(f"play: the viewer is not installed ({e.name} missing); "
                         "install with pip install 'procgen-forge[game]'") from None
    if "-h" in rest or "--help" in rest:
        print(MODEL_HELP, end="")
    return status
