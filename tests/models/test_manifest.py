"""trained/MANIFEST.json: its hashes are the files' hashes; every shipped model is listed."""

from __future__ import annotations

import json

from procgen.models.checkpoint import sha256_file
from procgen.models.common import trained_dir
from procgen.models.manifest import build_manifest

SHIPPED = ("platformer-gan", "platformer-vae", "room-gan", "room-vae", "texture-vae", "texture-gan")


def test_the_committed_manifest_matches_the_files() -> None:
    folder = trained_dir()
    manifest = json.loads((folder / "MANIFEST.json").read_text())
    for name in SHIPPED:
        entry = manifest["models"][name]
        for fname, info in entry["files"].items():
            assert sha256_file(folder / fname) == info["sha256"], fname
        assert entry["weights_sha256_in_config"] == entry["files"][f"{name}.safetensors"]["sha256"]
        assert entry["parameters"] < 1_000_000


def test_a_fresh_manifest_equals_the_committed_one() -> None:
    folder = trained_dir()
    committed = json.loads((folder / "MANIFEST.json").read_text())["models"]
    fresh = build_manifest(folder)["models"]
    for name in SHIPPED:
        assert fresh[name] == committed[name]


def test_every_shipped_model_records_provenance_seed_time_and_metrics() -> None:
    manifest = build_manifest(trained_dir())["models"]
    for name in SHIPPED:
        entry = manifest[name]
        assert entry["data"] and entry["metrics"], name
        assert entry["training"]["seed"] == 0 and entry["training"]["wall_time_s"] > 0, name
    for name in SHIPPED[:4]:  # level models also record the raw solver pass rate at ship time
        assert "raw_ok" in manifest[name]["metrics"]
