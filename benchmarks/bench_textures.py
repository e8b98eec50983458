"""Texture speed: procedural atlases, generated tiles per second, against peers in the same run.

Targets (issue 7): >= 1,000 generated 16x16 tiles per second on CPU (batched), and an atlas of
10 materials x 8 variants in under a second.

Peers, measured here on the same machine, interleaved with ours (``harness.py``):
- the periodic fBm the recipes use (numpy, whole batch at once) against the ``noise`` C
  library's periodic Perlin (``pnoise2`` with ``repeatx/repeaty``) called per pixel, as a
  straightforward implementation would;
- trained-model tiles per second against procedural tiles per second.

Run: ``.venv/bin/python benchmarks/bench_textures.py [--rounds 5] [--threads N]`` (1 torch
thread by default). Medians of interleaved runs with min and max; figures also go to
``benchmarks/results/textures.json``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np
from harness import Report, interleaved

#: Tiles per material in the tiles-per-second measure (batched).
BATCH = 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from procgen.rng import rng
    from procgen.textures.atlas import build_atlas
    from procgen.textures.materials import MATERIALS, periodic_noise, synthesize

    rep = Report("textures")
    ten = list(MATERIALS[:10])

    # 1. Periodic noise: vectorized numpy vs the C library per pixel.
    n, s = 80, 16
    fns: dict[str, Callable[[], object]] = {"numpy batch": lambda: periodic_noise(rng(0, "bench"), n, s, 4, octaves=3)}
    try:
        import noise as cnoise

        def per_pixel() -> np.ndarray:
            out = np.empty((n, s, s))
            for k in range(n):
                for y in range(s):
                    for x in range(s):
                        out[k, y, x] = cnoise.pnoise2(x / 4 + k * 16, y / 4, octaves=3, repeatx=4, repeaty=4)
            return out

        fns["noise.pnoise2 per pixel"] = per_pixel
    except ImportError:
        print("noise library missing: the per-pixel peer is left out")
    stats = interleaved(fns, args.rounds)
    peer = "noise.pnoise2 per pixel" if "noise.pnoise2 per pixel" in stats else None
    rep.timing(f"periodic fBm, {n} tiles of {s}x{s}", stats, "numpy batch", peer)

    # 2. Procedural atlas of 10 materials x 8 variants (the target is < 1 s).
    stats = interleaved({"atlas 16px": lambda: build_atlas(ten, variants=8, size=16, seed=0),
                         "atlas 32px": lambda: build_atlas(ten, variants=8, size=32, seed=0)}, args.rounds)
    rep.timing("procedural atlas 10 materials x 8 variants, 16 px", stats, "atlas 16px", target="< 1 s")
    rep.timing("procedural atlas 10 materials x 8 variants, 32 px", stats, "atlas 32px", target="< 1 s")

    # 3. Tiles per second: procedural vs the trained models (batched), interleaved.
    tile_fns: dict[str, Callable[[], object]] = {"procedural": lambda: [synthesize(m, 0, 16, BATCH) for m in ten]}
    atlas_fns: dict[str, Callable[[], object]] = {}
    try:
        import torch

        from procgen.errors import CheckpointError
        from procgen.models.texture import generate_tiles, load_texture_model

        torch.set_num_threads(args.threads)  # process-global: fine in a benchmark script
        for gen in ("vae", "gan"):
            try:
                load_texture_model(gen)
            except CheckpointError as e:
                print(f"{gen}: no trained model ({e})")
                continue
            tile_fns[gen] = lambda g=gen: [generate_tiles(g, m, seed=0, n=BATCH) for m in ten]
            atlas_fns[f"{gen} atlas"] = lambda g=gen: build_atlas(ten, variants=8, size=16, seed=0, generator=g)
    except ImportError:
        print("torch not installed: model benchmarks skipped")
    stats = interleaved(tile_fns, args.rounds)
    rate = {name: 10 * BATCH / st["median"] for name, st in stats.items()}
    rep.timing(f"procedural tiles, 10 materials x {BATCH} (16x16)", stats, "procedural")
    rep.value("procedural tiles per second", rate["procedural"], "tiles/s", "≥ 1,000")
    for gen in ("vae", "gan"):
        if gen in stats:
            rep.timing(f"{gen} tiles, 10 materials x {BATCH}, {args.threads} torch thread(s)", stats, gen, "procedural")
            rep.value(f"{gen} tiles per second", rate[gen], "tiles/s", "≥ 1,000")
    if atlas_fns:
        stats = interleaved(atlas_fns, args.rounds)
        for name in atlas_fns:
            rep.timing(f"{name} 10 materials x 8 variants, 16 px", stats, name, target="< 1 s")
    rep.save()


if __name__ == "__main__":
    main()
