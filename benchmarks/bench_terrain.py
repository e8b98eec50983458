"""Terrain benchmark: procgen.noise vs a Python loop over noise.pnoise2 (and FastNoiseLite), the
full 1024² finite pipeline against that same loop, and the time of one 64² chunk.

Run: ``.venv/bin/python benchmarks/bench_terrain.py``. Every time is the best of a few runs, so
a busy machine disturbs the ratios less; the peers are measured in the same run.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import noise
import numpy as np

from procgen.noise import pnoise2_grid
from procgen.terrain import World, generate

SIDE = 1024
OCTAVES = 6
SCALE = 64.0


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def python_loop() -> list[list[float]]:
    p = noise.pnoise2
    coords = [i / SCALE for i in range(SIDE)]
    return [[p(x, y, octaves=OCTAVES) for x in coords] for y in coords]


def fast_noise_lite() -> Callable[[], object] | None:
    try:
        from pyfastnoiselite.pyfastnoiselite import FastNoiseLite, FractalType, NoiseType
    except ImportError:
        return None
    fnl = FastNoiseLite(0)
    fnl.noise_type = NoiseType.NoiseType_Perlin
    fnl.fractal_type = FractalType.FractalType_FBm
    fnl.fractal_octaves = OCTAVES
    fnl.frequency = 1 / SCALE
    xs, ys = np.meshgrid(np.arange(SIDE, dtype=np.float32), np.arange(SIDE, dtype=np.float32))
    coords = np.stack([xs.ravel(), ys.ravel()])
    return lambda: fnl.gen_from_coords(coords)


def main() -> None:
    coords = np.arange(SIDE) / SCALE
    ours = best(lambda: pnoise2_grid(coords, coords, octaves=OCTAVES), 5)
    loop = best(python_loop, 2)
    check = np.array(python_loop()[:4])
    err = np.abs(pnoise2_grid(coords, coords[:4], octaves=OCTAVES) - check).max()
    print(f"{SIDE}x{SIDE} {OCTAVES}-octave fBm (pnoise2 semantics, max |diff| vs noise {err:.1e})")
    print(f"  python loop over noise.pnoise2 : {loop * 1e3:9.1f} ms")
    print(f"  procgen.noise.pnoise2_grid     : {ours * 1e3:9.1f} ms   {loop / ours:6.1f}x faster than the loop")
    fnl = fast_noise_lite()
    if fnl is not None:
        t = best(fnl, 3)
        print(f"  pyfastnoiselite (C++)          : {t * 1e3:9.1f} ms   procgen is {t / ours:4.2f}x its speed")
    else:
        print("  pyfastnoiselite not installed: no C++ comparison")

    pipeline = best(lambda: generate(3, width=SIDE, height=SIDE), 2)
    print(f"full {SIDE}x{SIDE} finite pipeline (noise, shaping, erosion 30, rivers, climate, biomes)")
    print(f"  generate terrain               : {pipeline * 1e3:9.1f} ms   {pipeline / loop:5.2f}x the pnoise2 loop (budget 10x)")

    world = World(3)
    world.chunk(0, 0)
    chunk = best(lambda: [world.chunk(cx, 5) for cx in range(20)], 3) / 20
    print(f"infinite world, one {world.chunk_size}x{world.chunk_size} chunk (no erosion)")
    print(f"  World.chunk                    : {chunk * 1e3:9.2f} ms   ({1 / 60 / chunk:4.1f} chunks per 60 FPS frame)")


if __name__ == "__main__":
    main()
