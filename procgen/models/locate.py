"""Where a model's checkpoint is read from; torch-free, so the CLI can resolve paths cheaply.

A checkpoint is ``NAME.json`` + ``NAME.safetensors`` (``platformer-gan``, ``room-vae``,
``texture-vae``, ...). In order, a model is looked up:

1. at the path the caller gives (``model=`` in Python, ``--model`` on the command line): a
   checkpoint's JSON config, or a folder holding ``NAME.json`` (what ``procgen train --out``
   writes);
2. among the models chosen for this run with :func:`using_models` (``procgen play --model``),
   when they include ``NAME``;
3. in the folder ``$PROCGEN_TRAINED`` names, when it is set (it replaces the shipped folder);
4. among the shipped models: ``procgen/trained/`` inside an installed package, or the
   repository's top-level ``trained/`` in a source checkout.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike, fspath
from pathlib import Path

from procgen.errors import CheckpointError

__all__ = ["ENV", "FORMAT", "checkpoint_path", "model_of", "not_found", "shipped_dir", "trained_dir", "using_models"]

#: The ``format`` field of every checkpoint config.
FORMAT = "procgen-checkpoint"

#: The environment variable naming a folder of checkpoints to use instead of the shipped ones.
ENV = "PROCGEN_TRAINED"

_PACKAGE = Path(__file__).resolve().parents[1]  # .../procgen

# Checkpoints chosen for this run (a stack: using_models nests). The game's worker thread
# reads it too, so it is a plain module global, set only for the length of a `with` block.
_chosen: list[Path] = []


def shipped_dir() -> Path:
    """The models that come with procgen: inside the installed package, else the checkout's."""
    inside = _PACKAGE / "trained"  # a wheel or sdist install maps trained/ here
    return inside if inside.is_dir() else _PACKAGE.parent / "trained"


def trained_dir() -> Path:
    """The folder models are looked up in by name: ``$PROCGEN_TRAINED`` or :func:`shipped_dir`."""
    env = os.environ.get(ENV)
    return Path(env) if env else shipped_dir()


def model_of(path: str | PathLike[str]) -> str | None:
    """The ``model`` a checkpoint config names (``"platformer-gan"``), or None if unreadable."""
    p = Path(fspath(path))
    if p.suffix in (".json", ".safetensors"):  # the same stems the checkpoint loader accepts
        p = p.with_suffix("")
    try:
        doc = json.loads(p.with_name(p.name + ".json").read_bytes()[: 1 << 20])
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None
    name = doc.get("model")
    return name if isinstance(name, str) else None


def _in(place: Path, name: str) -> Path | None:
    """``name``'s checkpoint in ``place`` (a folder or one config), or None when it is not there."""
    if place.is_dir():
        return place / name if (place / f"{name}.json").is_file() else None
    return place if model_of(place) == name else None


def checkpoint_path(name: str, model: str | PathLike[str] | None = None) -> Path:
    """Where checkpoint ``name`` is read from (see the module docstring for the order).

    ``model`` is a JSON config (or its stem) or a folder holding ``NAME.json``; a folder that
    lacks it is a CheckpointError naming both, so a typo never silently means the shipped model.
    """
    if model is not None:
        p = Path(fspath(model))
        if not p.is_dir():
            return p
        if not (p / f"{name}.json").is_file():
            found = sorted(q.stem for q in p.glob("*.json") if model_of(q) is not None)
            have = f"it holds {', '.join(found)}" if found else "it holds no checkpoints"
            raise CheckpointError(
                f"{p}: no {name}.json in this folder ({have}); train one with "
                f"`procgen train {name} --out {p}`"
            )
        return p / name
    for place in reversed(_chosen):
        hit = _in(place, name)
        if hit is not None:
            return hit
    return trained_dir() / name


def not_found(name: str, where: Path) -> CheckpointError:
    """The error for a default model that is missing, saying how to make and use one."""
    return CheckpointError(
        f"{where}: no such checkpoint config (train one with `procgen train {name} --out DIR`, "
        f"then pass --model DIR, or model=DIR in Python)"
    )


@contextmanager
def using_models(path: str | PathLike[str]) -> Iterator[Path]:
    """Within the block, models found at ``path`` (a checkpoint config or a folder of them)
    replace the default ones of the same name; the rest stay as they were.

    Raises CheckpointError when ``path`` holds no checkpoint at all.
    """
    p = Path(fspath(path))
    if p.is_dir():
        if not any(model_of(q) for q in p.glob("*.json")):
            raise CheckpointError(f"{p}: no checkpoint configs (NAME.json) in this folder")
    elif not p.exists():
        raise CheckpointError(f"{p}: no such checkpoint config or folder")
    elif model_of(p) is None:
        raise CheckpointError(f"{p}: not a procgen checkpoint config")
    _chosen.append(p)
    try:
        yield p
    finally:
        _chosen.remove(p)
