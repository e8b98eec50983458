"""Texture speed: procedural atlases, generated tiles per second, against peers in the same run.

Targets (issue 7): >= 1,000 generated 16x16 tiles per second on CPU (batched), and an atlas of
10 materials x 8 variants in under a second.

Peers, measured here on the same machine:
- the periodic fBm the recipes use (numpy, whole batch at once) against the ``noise`` C
  library's periodic Perlin (``pnoise2`` with ``repeatx/repeaty``) called per pixel, as a
  straightforward implementation would;
- trained-model tiles per second against procedural tiles per second.

Run: ``.venv/bin/python benchmarks/bench_textures.py`` (uses 1 torch thread by default; pass
``--threads N``). Times are best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from procgen.rng import rng
    from procgen.textures.atlas import build_atlas
    from procgen.textures.materials import MATERIALS, periodic_noise, synthesize

    ten = list(MATERIALS[:10])
    print(f"textures benchmark (best of {args.repeat})")

    # 1. Periodic noise: vectorized numpy vs the C library per pixel.
    n, s = 80, 16
    t_np = best(lambda: periodic_noise(rng(0, "bench"), n, s, 4, octaves=3), args.repeat)
    try:
        import noise as cnoise

        def per_pixel() -> np.ndarray:
            out = np.empty((n, s, s))
            for k in range(n):
                for y in range(s):
                    for x in range(s):
                        out[k, y, x] = cnoise.pnoise2(x / 4 + k * 16, y / 4, octaves=3, repeatx=4, repeaty=4)
            return out

        t_c = best(per_pixel, args.repeat)
        print(f"periodic fBm, {n} tiles of {s}x{s}: numpy batch {t_np * 1e3:.2f} ms, "
              f"noise.pnoise2 per pixel {t_c * 1e3:.2f} ms  (ratio {t_c / t_np:.1f}x faster)")
    except ImportError:
        print(f"periodic fBm, {n} tiles of {s}x{s}: numpy batch {t_np * 1e3:.2f} ms (noise library missing)")

    # 2. Procedural atlas of 10 materials x 8 variants (the target is < 1 s).
    t_atlas = best(lambda: build_atlas(ten, variants=8, size=16, seed=0), args.repeat)
    t_atlas32 = best(lambda: build_atlas(ten, variants=8, size=32, seed=0), args.repeat)
    print(f"procedural atlas 10 materials x 8 variants: 16px {t_atlas * 1e3:.1f} ms, 32px {t_atlas32 * 1e3:.1f} ms")

    # 3. Tiles per second: procedural vs the trained models (batched, 1024 tiles per material).
    batch = 1024
    t_proc = best(lambda: [synthesize(m, 0, 16, batch) for m in ten], args.repeat)
    proc_rate = 10 * batch / t_proc
    print(f"procedural tiles: {proc_rate:,.0f} tiles/s (16x16, batches of {batch})")
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
            # Fresh seeds each repeat would be fairer to a cache; there is none past loading.
            t_gen = best(lambda g=gen: [generate_tiles(g, m, seed=0, n=batch) for m in ten], args.repeat)
            rate = 10 * batch / t_gen
            t_gatlas = best(lambda g=gen: build_atlas(ten, variants=8, size=16, seed=0, generator=g), args.repeat)
            print(f"{gen} tiles: {rate:,.0f} tiles/s with {args.threads} torch thread(s) "
                  f"({rate / proc_rate:.2f}x procedural); {gen} atlas 10x8: {t_gatlas * 1e3:.1f} ms")
    except ImportError:
        print("torch not installed: model benchmarks skipped")


if __name__ == "__main__":
    main()
