"""Same seed, same bytes: SHA-256 of many generated outputs, per kind x generator.

Run it before and after a refactor and compare the files; any difference names the case.

    python benchmarks/output_hashes.py --n 300 --out before.json
    python benchmarks/output_hashes.py --n 300 --out after.json --compare before.json

Each case hashes the native JSON of ``n`` levels (seeds 0..n-1, options varied with the seed),
the PNG render and Tiled document of the first few, and for the models the raw batched samples.
Model generators are slow (~0.3 s a level on a CPU core); ``--model-n`` caps them separately.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import procgen


def _params(kind: str, generator: str, s: int) -> dict[str, Any]:
    """Options varied with the seed, so more code paths are hashed."""
    if kind == "platformer":
        p: dict[str, Any] = {"width": 40 + 8 * (s % 5), "difficulty": (s % 5) / 4}
        if generator == "classic":
            p["style"] = ("overground", "underground", "sky", "pipes", "fortress", "overground=2,sky=1")[s % 6]
        return p
    if kind == "dungeon-room":
        p = {"enemies": s % 4}
        if s % 3 == 0:
            p["path_lengths"] = (6 + s % 5, 8 + s % 7)
        if generator == "classic" and s % 4 == 1:
            p.update(width=9 + s % 5, height=5 + s % 3)
        return p
    if kind == "dungeon":
        return {"rooms": 2 + s % (5 if generator == "classic" else 2), "enemies": s % 3,
                "locks": None if s % 2 else 1}
    if kind == "cave":
        return {"width": 24 + s % 16, "height": 16 + s % 8, "fill": 0.42 + (s % 5) / 100}
    if kind == "terrain":
        return {"width": 24 + s % 9, "height": 24 + s % 7, "shape": ("continent", "island")[s % 2]}
    raise AssertionError(kind)


CASES = [
    ("platformer", "classic"), ("platformer", "gan"), ("platformer", "vae"),
    ("dungeon-room", "classic"), ("dungeon-room", "gan"), ("dungeon-room", "vae"),
    ("dungeon", "classic"), ("dungeon", "gan"), ("dungeon", "vae"),
    ("cave", "classic"), ("terrain", "classic"),
]


def _files(level: Any) -> bytes:
    """PNG render + Tiled map bytes (through the file functions, whatever their home)."""
    with tempfile.TemporaryDirectory() as d:
        png, tmj = Path(d) / "a.png", Path(d) / "a.tmj"
        try:  # after the architecture step: file functions, the kind's renderer handed in
            from procgen.io import save_png, save_tmj  # type: ignore[attr-defined]

            renderer = procgen.kind(level.kind).renderer  # type: ignore[attr-defined]
            save_png(level, png, renderer=renderer)
            save_tmj(level, tmj)
        except ImportError:  # before it: the Level methods
            level.save_png(png)
            level.save_tmj(tmj)
        return b"".join(p.read_bytes() for p in sorted(Path(d).iterdir()))


def _case(kind: str, generator: str, n: int) -> dict[str, Any]:
    h = hashlib.sha256()
    per: list[str] = []
    errors = 0
    for s in range(n):
        try:
            lv = procgen.generate(kind, s, generator=generator, **_params(kind, generator, s))
            text = lv.dumps().encode()
        except procgen.ProcgenError as e:
            text = f"{type(e).__name__}: {e}".encode()
            errors += 1
        else:
            if s < 5:
                text += _files(lv)
        d = hashlib.sha256(text).hexdigest()[:16]
        per.append(d)
        h.update(d.encode())
    return {"n": n, "errors": errors, "sha256": h.hexdigest(), "per_seed": per}


def _raw() -> dict[str, str]:
    """Raw batched model samples: the decode path without search or repair."""
    out: dict[str, str] = {}
    from procgen.models.platformer import sample_windows
    from procgen.models.rooms import sample_rooms

    for g in ("gan", "vae"):
        for seed in range(3):
            out[f"windows/{g}/{seed}"] = hashlib.sha256(sample_windows(64, seed, generator=g).tobytes()).hexdigest()
            out[f"rooms/{g}/{seed}"] = hashlib.sha256(sample_rooms(64, seed, generator=g).tobytes()).hexdigest()
    from procgen.textures.atlas import material_tiles

    for g in ("procedural", "vae", "gan"):
        out[f"textures/{g}"] = hashlib.sha256(material_tiles("grass", 3, 16, 4, generator=g).tobytes()).hexdigest()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="levels per classic case")
    ap.add_argument("--model-n", type=int, default=None, help="levels per gan/vae case (default --n)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--compare", help="an earlier --out file: exit 1 on any difference")
    ap.add_argument("--only", help="comma-separated kind/generator cases")
    args = ap.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    result: dict[str, Any] = {"raw": _raw()}
    for kind, gen in CASES:
        name = f"{kind}/{gen}"
        if only and name not in only:
            continue
        n = args.n if gen == "classic" or args.model_n is None else args.model_n
        t = time.perf_counter()
        result[name] = _case(kind, gen, n)
        print(f"{name}: n={n} errors={result[name]['errors']} {result[name]['sha256'][:16]} "
              f"({time.perf_counter() - t:.1f} s)", flush=True)
    Path(args.out).write_text(json.dumps(result, indent=1, sort_keys=True))
    if args.compare:
        before = json.loads(Path(args.compare).read_text())
        bad = []
        for name, got in result.items():
            want = before.get(name)
            if name == "raw":
                bad += [f"raw {k}" for k, v in got.items() if want is None or want.get(k) != v]
                continue
            if want is None:
                bad.append(f"{name}: not in {args.compare}")
                continue
            m = min(want["n"], got["n"])
            diff = [s for s in range(m) if want["per_seed"][s] != got["per_seed"][s]]
            if diff:
                bad.append(f"{name}: {len(diff)} of {m} seeds differ, first seed {diff[0]}")
        print("\n".join(bad) if bad else f"identical to {args.compare} ({len(result) - 1} cases)")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
