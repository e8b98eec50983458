"""Checkpoints: ``NAME.safetensors`` (weights) + ``NAME.json`` (config), never a pickle.

The JSON holds everything needed to rebuild the model — ``model`` (which builder), ``config``
(the architecture dataclass as a dict), ``vocabulary`` (tile names or material labels) — plus
provenance (data, seed, training time, metrics) and the SHA-256 of the weights file. Loading
checks the hash, rebuilds the module from the config, and loads the tensors with strict key
and shape checks; any mismatch is a :class:`~procgen.errors.CheckpointError` naming the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from os import PathLike, fspath
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save

from procgen.errors import CheckpointError
from procgen.io.atomic import atomic_write
from procgen.models.locate import FORMAT

__all__ = ["FORMAT", "load_checkpoint", "read_config", "save_checkpoint", "sha256_file"]

MAX_CONFIG_BYTES = 1 << 20


def sha256_file(path: str | PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _paths(path: str | PathLike[str]) -> tuple[Path, Path]:
    """``x``, ``x.json`` or ``x.safetensors`` -> (x.json, x.safetensors)."""
    p = Path(fspath(path))
    if p.suffix in (".json", ".safetensors"):
        p = p.with_suffix("")
    return p.with_name(p.name + ".json"), p.with_name(p.name + ".safetensors")


def save_checkpoint(
    module: torch.nn.Module,
    path: str | PathLike[str],
    *,
    model: str,
    config: dict[str, Any],
    vocabulary: Sequence[str],
    **info: Any,
) -> Path:
    """Write weights and config for ``module``; returns the JSON path.

    ``model`` names the builder (e.g. ``"platformer-gan"``), ``config`` is the architecture,
    ``vocabulary`` the one-hot channel meaning; ``info`` adds provenance and metrics.
    """
    json_path, st_path = _paths(path)
    tensors = {k: v.detach().cpu().contiguous() for k, v in module.state_dict().items()}
    # One metadata key only: safetensors writes several in hash order, which changes from run
    # to run, and the same weights must give the same bytes (and sha256).
    data = save(tensors, metadata={"format": FORMAT})
    atomic_write(st_path, data)
    doc = {
        "format": FORMAT,
        "version": 1,
        "model": model,
        "config": config,
        "vocabulary": list(vocabulary),
        "weights": st_path.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "parameters": sum(int(v.numel()) for v in tensors.values()),
        **info,
    }
    atomic_write(json_path, (json.dumps(doc, indent=2, sort_keys=False) + "\n").encode())
    return json_path


def read_config(path: str | PathLike[str]) -> dict[str, Any]:
    """Read and sanity-check a checkpoint's JSON config (no weights are touched)."""
    json_path, _ = _paths(path)
    where = fspath(json_path)
    try:
        raw = json_path.read_bytes()[: MAX_CONFIG_BYTES + 1]
    except FileNotFoundError:
        raise CheckpointError(f"{where}: no such checkpoint config") from None
    except OSError as e:
        raise CheckpointError(f"{where}: cannot read: {e.strerror}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise CheckpointError(f"{where}: config is larger than 1 MB")
    try:
        doc = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise CheckpointError(f"{where}: not valid JSON ({e})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CheckpointError(f"{where}: format: not a procgen checkpoint config")
    for key, kind in (("model", str), ("config", dict), ("vocabulary", list), ("sha256", str)):
        if not isinstance(doc.get(key), kind):
            raise CheckpointError(f"{where}: {key}: missing or not a {kind.__name__}")
    return doc


def load_checkpoint(
    path: str | PathLike[str],
    build: Callable[[dict[str, Any]], torch.nn.Module],
    *,
    model: str | None = None,
    vocabulary: Sequence[str] | None = None,
) -> tuple[torch.nn.Module, dict[str, Any]]:
    """Rebuild a module from its config with ``build(config)`` and load verified weights.

    ``model``/``vocabulary``, when given, must match the checkpoint's (e.g. a room model's
    tiles must be the dungeon vocabulary), or a CheckpointError says what differs.
    """
    doc = read_config(path)
    json_path, st_path = _paths(path)
    where = fspath(json_path)
    if model is not None and doc["model"] != model:
        raise CheckpointError(f"{where}: model: is {doc['model']!r}, expected {model!r}")
    if vocabulary is not None and list(vocabulary) != doc["vocabulary"]:
        raise CheckpointError(
            f"{where}: vocabulary: {doc['vocabulary']} does not match the expected {list(vocabulary)}"
        )
    if not st_path.is_file():
        raise CheckpointError(f"{fspath(st_path)}: weights file is missing")
    if sha256_file(st_path) != doc["sha256"]:
        raise CheckpointError(f"{fspath(st_path)}: sha256 does not match its config (corrupt or replaced)")
    try:
        module = build(doc["config"])
    except (TypeError, ValueError, KeyError) as e:
        raise CheckpointError(f"{where}: config: cannot build the model ({e})") from None
    try:
        tensors = load_file(fspath(st_path))
    except (SafetensorError, OSError, ValueError) as e:
        raise CheckpointError(f"{fspath(st_path)}: not a readable safetensors file ({e})") from None
    try:
        module.load_state_dict(tensors, strict=True)
    except RuntimeError as e:
        first = str(e).strip().splitlines()[0]
        raise CheckpointError(f"{fspath(st_path)}: weights do not match the config: {first}") from None
    module.eval()
    return module, doc
