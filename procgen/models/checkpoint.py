"""Checkpoints: ``NAME.safetensors`` (weights) + ``NAME.json`` (config), never a pickle.

The JSON holds everything needed to rebuild the model — ``model`` (which builder), ``config``
(the architecture dataclass as a dict), ``vocabulary`` (tile names or material labels) — plus
provenance (data, seed, training time, metrics) and the SHA-256 of the weights file. Loading
checks the hash, rebuilds the module from the config, and loads the tensors with strict key
and shape checks; any mismatch is a :class:`~procgen.errors.CheckpointError` naming the file.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib
import json
import math
from collections.abc import Callable, Sequence
from os import PathLike, fspath
from pathlib import Path
from typing import Any, TypeVar

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save

from procgen.errors import CheckpointError
from procgen.io.atomic import atomic_write
from procgen.io.jsontext import JSONTextError, read_limited, strict_loads
from procgen.models.locate import FORMAT, checkpoint_path, not_found

__all__ = [
    "FORMAT", "check_config", "load_checkpoint", "load_trained", "read_config", "save_checkpoint", "sha256_file",
]

MAX_CONFIG_BYTES = 1 << 20
T = TypeVar("T")


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


#: Where each model's config dataclass lives (imported only when that model is loaded).
CONFIG_CLASSES: dict[str, str] = {
    "platformer-gan": "procgen.models.gan:GANConfig",
    "room-gan": "procgen.models.gan:GANConfig",
    "platformer-vae": "procgen.models.vae:VAEConfig",
    "room-vae": "procgen.models.vae:VAEConfig",
    "texture-vae": "procgen.models.texture_vae:TextureVAEConfig",
    "texture-gan": "procgen.models.texture_gan:TextureGANConfig",
}

#: Ranges of config fields, by name: what a CPU-sized model of this project can be, with room
#: to spare (the shipped ones use 8..64). Window sides, tile sizes and vocabularies stay small
#: so one sample's activations stay in megabytes; other integers default to INT_RANGE.
INT_RANGES: dict[str, tuple[int, int]] = {
    "height": (1, 256), "width": (1, 256), "size": (4, 256),
    "channels": (1, 256), "materials": (1, 256), "colors": (1, 256),
    "styles": (0, 64),  # style classes of a conditional model (0: unconditional)
}
INT_RANGE = (1, 1024)
FLOAT_RANGES: dict[str, tuple[float, float]] = {"truncation": (0.01, 100.0)}
FLOAT_RANGE = (0.0, 100.0)
#: Largest model a checkpoint may describe (float32: 128 MB); the shipped ones have < 300k.
MAX_PARAMETERS = 32_000_000


def _config_class(model: str) -> type | None:
    spec = CONFIG_CLASSES.get(model)
    if spec is None:
        return None
    module, name = spec.split(":")
    cls: type = getattr(importlib.import_module(module), name)
    return cls


def check_config(config_class: type, config: dict[str, Any], where: str) -> None:
    """Check every field of ``config`` against ``config_class`` (a dataclass): known names,
    the declared type (int, float or bool; no bool for a number, no NaN) and a sane range.

    Raises CheckpointError naming the file and the field; builds nothing.
    """
    types = {f.name: f.type for f in dataclasses.fields(config_class)}
    unknown = sorted(set(config) - set(types))
    if unknown:
        raise CheckpointError(f"{where}: config: unknown fields {unknown[:5]} for {config_class.__name__}")
    for name, value in config.items():
        kind = types[name] if isinstance(types[name], str) else getattr(types[name], "__name__", "")
        field = f"{where}: config.{name}"
        if kind == "bool":
            if not isinstance(value, bool):
                raise CheckpointError(f"{field}: expected true or false, got {_show(value)}")
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise CheckpointError(f"{field}: expected an integer, got {_show(value)}")
            lo, hi = INT_RANGES.get(name, INT_RANGE)
            if not lo <= value <= hi:
                raise CheckpointError(f"{field}: must be between {lo} and {hi}, got {_show(value)}")
        elif kind == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise CheckpointError(f"{field}: expected a finite number, got {_show(value)}")
            flo, fhi = FLOAT_RANGES.get(name, FLOAT_RANGE)
            if not flo <= value <= fhi:
                raise CheckpointError(f"{field}: must be between {flo} and {fhi}, got {_show(value)}")
        elif kind == "tuple[int, ...]":  # channel indices (a VAE's point tiles)
            if (not isinstance(value, list) or len(value) > 256
                    or not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 256 for v in value)):
                raise CheckpointError(f"{field}: expected a list of channel numbers 0..255, got {_show(value)}")
        else:  # a field type this check does not know: refuse rather than build blind
            raise CheckpointError(f"{field}: cannot check a field of type {kind}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_config(path: str | PathLike[str]) -> dict[str, Any]:
    """Read and sanity-check a checkpoint's JSON config (no weights are touched)."""
    json_path, _ = _paths(path)
    where = fspath(json_path)
    try:
        raw = read_limited(json_path, MAX_CONFIG_BYTES)
        doc = strict_loads(raw)
    except JSONTextError as e:
        raise CheckpointError(f"{where}: {e}") from None
    except FileNotFoundError:
        raise CheckpointError(f"{where}: no such checkpoint config") from None
    except OSError as e:
        raise CheckpointError(f"{where}: cannot read: {e.strerror}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CheckpointError(f"{where}: format: not a procgen checkpoint config")
    for key, kind in (("model", str), ("config", dict), ("vocabulary", list), ("sha256", str)):
        if not isinstance(doc.get(key), kind):
            raise CheckpointError(f"{where}: {key}: missing or not a {kind.__name__}")
    if not all(isinstance(v, str) for v in doc["vocabulary"]) or not 1 <= len(doc["vocabulary"]) <= 256:
        raise CheckpointError(f"{where}: vocabulary: expected 1 to 256 names (strings)")
    if len(doc["sha256"]) != 64 or any(c not in "0123456789abcdef" for c in doc["sha256"]):
        raise CheckpointError(f"{where}: sha256: expected 64 lowercase hex digits")
    config_class = _config_class(doc["model"])
    if config_class is not None:
        check_config(config_class, doc["config"], where)
    return doc


def _parameter_count(build: Callable[[dict[str, Any]], torch.nn.Module], config: dict[str, Any]) -> int:
    """Parameters the config describes, counted on torch's "meta" device (nothing allocated)."""
    with torch.device("meta"):
        probe = build(config)
    return sum(int(p.numel()) for p in probe.parameters())


def load_checkpoint(
    path: str | PathLike[str],
    build: Callable[[dict[str, Any]], torch.nn.Module],
    *,
    model: str | None = None,
    vocabulary: Sequence[str] | None = None,
) -> tuple[torch.nn.Module, dict[str, Any]]:
    """Rebuild a module from its config with ``build(config)`` and load verified weights.

    ``model``/``vocabulary``, when given, must match the checkpoint's (e.g. a room model's
    tiles must be the dungeon vocabulary), or a CheckpointError says what differs. The config
    is checked field by field (:func:`check_config`) and its size on torch's meta device
    before the real module is built.
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
    try:
        parameters = _parameter_count(build, doc["config"])
    except (TypeError, ValueError, KeyError, RuntimeError) as e:
        raise CheckpointError(f"{where}: config: cannot build the model ({e})") from None
    if parameters > MAX_PARAMETERS:
        raise CheckpointError(
            f"{where}: config: describes {parameters:,} parameters, more than the {MAX_PARAMETERS:,} allowed"
        )
    if not st_path.is_file():
        raise CheckpointError(f"{fspath(st_path)}: weights file is missing")
    if sha256_file(st_path) != doc["sha256"]:
        raise CheckpointError(f"{fspath(st_path)}: sha256 does not match its config (corrupt or replaced)")
    try:
        module = build(doc["config"])
    except (TypeError, ValueError, KeyError, RuntimeError) as e:
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


def load_trained(
    name: str,
    path: str | PathLike[str] | None,
    build: Callable[[dict[str, Any]], torch.nn.Module],
    wrap: Callable[[torch.nn.Module, dict[str, Any]], T],
    *,
    vocabulary: Sequence[str] | None = None,
) -> T:
    """Trained model ``name`` (``"platformer-gan"``, ``"texture-vae"``, ...) from ``path`` (a
    checkpoint config or a folder holding ``NAME.json``), else as :mod:`procgen.models.locate`
    finds it: :func:`load_checkpoint`, then ``wrap(module, doc)`` (what the caller keeps: a
    ``LevelModel``, a checked texture model), cached.

    The one cache of every trained model, level or texture: per (name, file, modification time
    of its config), so generating many levels or tiles loads once and a retrained file reloads.
    ``wrap`` is part of the key, so pass a module-level function, not a new lambda each call.
    """
    p = checkpoint_path(name, path)
    json_path = p if p.suffix == ".json" else p.with_name(p.name + ".json")
    try:
        mtime = json_path.stat().st_mtime_ns
    except OSError:
        if path is None:
            raise not_found(name, json_path) from None
        mtime = -1  # load_checkpoint reports the missing file
    vocab = None if vocabulary is None else tuple(vocabulary)
    loaded: T = _load_cached(name, str(p), mtime, build, wrap, vocab)
    return loaded


@functools.lru_cache(maxsize=16)
def _load_cached(
    name: str, path: str, mtime: int, build: Callable[[dict[str, Any]], torch.nn.Module],
    wrap: Callable[[torch.nn.Module, dict[str, Any]], Any], vocabulary: tuple[str, ...] | None,
) -> Any:
    return wrap(*load_checkpoint(path, build, model=name, vocabulary=vocabulary))
