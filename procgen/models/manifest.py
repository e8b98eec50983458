"""``trained/MANIFEST.json``: what is shipped, how it was made, and the hashes that pin it.

:func:`build_manifest` reads every checkpoint config in a folder (``*.json`` with the
checkpoint format) and lists, per model: its files with their SHA-256 and size, parameter
count, architecture, data provenance, training seed and time, and the metrics measured at ship
time. It hashes the weights itself, so a manifest never vouches for a file it did not read.
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

from procgen.models.checkpoint import FORMAT, sha256_file

__all__ = ["build_manifest", "write_manifest"]

#: Config keys copied into the manifest entry of each model.
KEYS = ("model", "parameters", "config", "conditions", "vocabulary", "data", "training", "metrics")
#: Top-level config keys gathered into ``training`` when a config has no such block.
_TRAINING_ALIASES = (("seed", "seed"), ("train_seconds", "wall_time_s"), ("schedule", "schedule"),
                     ("torch_version", "torch_version"), ("machine", "machine"))


def build_manifest(trained_dir: str | PathLike[str]) -> dict[str, Any]:
    """The manifest of every checkpoint in ``trained_dir`` (sorted by model name)."""
    folder = Path(trained_dir)
    models: dict[str, Any] = {}
    for cfg_path in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(cfg_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            continue  # MANIFEST.json itself, or an unrelated file
        weights = folder / str(doc.get("weights", cfg_path.stem + ".safetensors"))
        entry = {k: doc[k] for k in KEYS if k in doc}
        if "training" not in entry:  # texture checkpoints keep these at the top level
            entry["training"] = {new: doc[old] for old, new in _TRAINING_ALIASES if old in doc}
        entry["files"] = {
            cfg_path.name: {"sha256": sha256_file(cfg_path), "bytes": cfg_path.stat().st_size},
            weights.name: {"sha256": sha256_file(weights) if weights.is_file() else None,
                           "bytes": weights.stat().st_size if weights.is_file() else None},
        }
        entry["weights_sha256_in_config"] = doc.get("sha256")
        models[str(doc.get("model", cfg_path.stem))] = entry
    return {"format": "procgen-manifest", "version": 1, "models": models}


def write_manifest(trained_dir: str | PathLike[str], name: str = "MANIFEST.json") -> Path:
    """Build the manifest and write it atomically beside the checkpoints."""
    from procgen.io.atomic import atomic_write

    path = Path(trained_dir) / name
    atomic_write(path, (json.dumps(build_manifest(trained_dir), indent=2) + "\n").encode())
    return path
