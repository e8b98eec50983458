"""Shipping a trained level model: copy its checkpoint into ``trained/``, measure it, record
the measurements in its config (``metrics``) and rewrite ``MANIFEST.json``.

The metrics at ship time are measured on raw samples (no repair, no search) from seed 0 (a
conditional model: styles and difficulties as its training windows had them):
the share the solver passes, the share identical to a training window, and the tile-pattern
KL (k = 2) against the hand-authored corpus.

    .venv/bin/python -m procgen.models.ship platformer-gan runs/platformer-gan
"""

from __future__ import annotations

import json
import shutil
import sys
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from procgen.io.atomic import atomic_write
from procgen.models.common import trained_dir

__all__ = ["SAMPLING", "measure", "ship"]

#: Sampling settings chosen at ship time from a sweep of raw playability, memorisation and
#: tile-pattern KL (they scale the prior's latents; the weights do not depend on them).
SAMPLING: dict[str, dict[str, float]] = {
    "platformer-gan": {"truncation": 1.5},
    # Temperature 0.8 / 1.0 / 1.2 (500 raw windows; 100 final levels): raw playable 0.93 / 0.94 /
    # 0.93, raw diversity 0.135 / 0.147 / 0.156, final enemies per 100 columns 4.5 at 1.0 and 3.8
    # at 1.2 (corpus 5.1).
    "platformer-vae": {"temperature": 1.0},
    # Rooms: latents spread wider (x1.4) for rooms as varied as the classic generator's (final
    # rooms' diversity 0.255 against classic 0.252, seeds 0..199) at about the same style.
    "room-gan": {"temperature": 1.4},
    "room-vae": {"temperature": 1.4},
}


def measure(name: str, path: str | PathLike[str], n: int = 500) -> dict[str, Any]:
    """Raw-sample metrics of the checkpoint at ``path`` (see the module docstring)."""
    from procgen.levels.tilestats import identical_share, pattern_kl, tile_ids
    from procgen.models.data import load_corpus
    from procgen.models.shipped import load_level_model

    m = load_level_model(name, path)
    ids = m.decode(m.prior(n, 0, "ship"), m.sample_conditions(n, 0, "ship"))
    levels = [m.domain.level_of(w) for w in ids]
    assert m.domain.ok is not None
    ok = m.domain.ok(levels)
    assert m.domain.hand is not None
    # The one tile-pattern KL, against the kind's hand-authored corpus in the model's vocabulary.
    kl = pattern_kl(ids, [tile_ids(lv, m.domain.chars) for lv in m.domain.hand()], 2)
    return {
        "samples": n,
        "seed": 0,
        "raw_ok": round(float(ok.mean()), 4),
        "identical_to_training": round(identical_share(ids, load_corpus(m.domain).ids), 4),
        "tile_pattern_kl_2": round(float(kl), 4),
        "distinct_samples": len(np.unique(ids.reshape(n, -1), axis=0)),
    }


def ship(name: str, src: str | PathLike[str], dest: str | PathLike[str] | None = None, n: int = 500) -> Path:
    """Copy ``src/NAME.{json,safetensors}`` to ``dest`` (``trained/``), add metrics, rebuild the manifest."""
    from procgen.models.manifest import write_manifest

    out = Path(dest) if dest is not None else trained_dir()
    for suffix in (".safetensors", ".json"):
        shutil.copyfile(Path(src) / f"{name}{suffix}", out / f"{name}{suffix}")
    cfg = out / f"{name}.json"
    doc = json.loads(cfg.read_text())
    if name in SAMPLING:
        doc["config"].update(SAMPLING[name])
        doc["sampling_set_at_ship"] = SAMPLING[name]
        atomic_write(cfg, (json.dumps(doc, indent=2) + "\n").encode())
    doc["metrics"] = measure(name, out / name, n)
    atomic_write(cfg, (json.dumps(doc, indent=2) + "\n").encode())
    write_manifest(out)
    return cfg


if __name__ == "__main__":  # pragma: no cover
    print(ship(sys.argv[1], sys.argv[2]))
