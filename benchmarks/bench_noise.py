"""Noise benchmark: procgen.noise against a Python loop over the `noise` package and against
pyfastnoiselite (C++), at random points and on grids, plus the machine's copy bandwidth.

Run: ``python benchmarks/bench_noise.py [--rounds 5]``. Medians of interleaved runs (see
``harness.py``); figures also go to ``benchmarks/results/noise.json``. With numba installed
(``[fast]`` extra) the point functions and the grid fBm run compiled kernels; without it, the
numpy paths (the same bytes).
"""

from __future__ import annotations

import argparse

import noise
import numpy as np
from harness import Report, interleaved

from procgen.noise import _jit, pnoise2, pnoise2_grid, simplex_fbm

OCTAVES = 6
SCALE = 64.0
POINTS = 262_144
SIDE = 1024


def fnl(kind: str):
    """A pyfastnoiselite fBm of ``kind`` ("perlin" or "opensimplex2"), or None if not installed."""
    try:
        from pyfastnoiselite.pyfastnoiselite import FastNoiseLite, FractalType, NoiseType
    except ImportError:
        return None
    f = FastNoiseLite(0)
    f.noise_type = {"perlin": NoiseType.NoiseType_Perlin, "opensimplex2": NoiseType.NoiseType_OpenSimplex2}[kind]
    f.fractal_type = FractalType.FractalType_FBm
    f.fractal_octaves = OCTAVES
    f.frequency = 1 / SCALE
    return f


def _on_threads(n: int, fn):
    """``fn()`` with the grid kernels on ``n`` threads."""
    from procgen.noise import _grid

    before, _grid.THREADS = _grid.THREADS, n
    try:
        return fn()
    finally:
        _grid.THREADS = before


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    rounds = ap.parse_args().rounds
    rep = Report("noise")
    print(f"numba kernels: {'on' if _jit.kernels() is not None else 'off (numpy paths)'}")

    r = np.random.default_rng(0)
    px = r.uniform(0, 1024, POINTS).astype(np.float32)
    py = r.uniform(0, 1024, POINTS).astype(np.float32)
    pxl, pyl = (px / SCALE).tolist(), (py / SCALE).tolist()

    def loop_points() -> list[float]:
        p = noise.pnoise2
        return [p(x, y, octaves=OCTAVES) for x, y in zip(pxl, pyl, strict=True)]

    err = np.abs(pnoise2(px[:2000] / SCALE, py[:2000] / SCALE, octaves=OCTAVES) - np.array(loop_points()[:2000])).max()
    print(f"{POINTS:,} random points, {OCTAVES}-octave fBm (max |diff| vs noise.pnoise2: {err:.1e})")
    pxs, pys = px / SCALE, py / SCALE  # the inputs ready, as the loop's lists are
    fns = {"pnoise2": lambda: pnoise2(pxs, pys, octaves=OCTAVES), "loop": loop_points}
    perlin = fnl("perlin")
    if perlin is not None:
        coords = np.stack([px, py])
        fns["fastnoiselite"] = lambda: perlin.gen_from_coords(coords)
    stats = interleaved(fns, rounds)
    rep.timing("pnoise2 at random points vs loop", stats, "pnoise2", "loop", "≥ 10x")
    if perlin is not None:
        rep.timing("pnoise2 at random points vs fastnoiselite", stats, "pnoise2", "fastnoiselite", "≥ 1x")

    coords1 = np.arange(SIDE) / SCALE
    cl = coords1.tolist()

    def loop_grid() -> list[list[float]]:
        p = noise.pnoise2
        return [[p(x, y, octaves=OCTAVES) for x in cl] for y in cl]

    print(f"{SIDE}² grid, {OCTAVES}-octave fBm")
    grid_fns: dict[str, object] = {
        "pnoise2 points": lambda: pnoise2(coords1[None, :], coords1[:, None], octaves=OCTAVES),
        "pnoise2_grid": lambda: pnoise2_grid(coords1, coords1, octaves=OCTAVES),
        "simplex_fbm": lambda: simplex_fbm(coords1[None, :], coords1[:, None], octaves=OCTAVES),
        "loop": loop_grid,
    }
    # The grid fBm on a set number of threads (the default picks them by the machine's load).
    for n in (1, 2):
        grid_fns[f"pnoise2_grid {n} thread(s)"] = lambda n=n: _on_threads(n, lambda: pnoise2_grid(coords1, coords1, octaves=OCTAVES))
    gx, gy = np.meshgrid(np.arange(SIDE, dtype=np.float32), np.arange(SIDE, dtype=np.float32))
    gcoords = np.stack([gx.ravel(), gy.ravel()])
    if perlin is not None:
        grid_fns["fastnoiselite perlin"] = lambda: perlin.gen_from_coords(gcoords)
        simplex = fnl("opensimplex2")
        grid_fns["fastnoiselite opensimplex2"] = lambda: simplex.gen_from_coords(gcoords)  # type: ignore[union-attr]
    # A large copy: the machine's memory bandwidth, measured in the same rounds, twice: into a
    # fresh array (as `big.copy()`: the copy pays a page fault per 4 KiB of its destination) and
    # into a pre-faulted one (the bandwidth limit itself, the honest yardstick).
    big = np.ones(64 << 20, dtype=np.float32)  # 256 MiB
    dst = np.empty_like(big)
    dst.fill(0)
    grid_fns["numpy copy 256 MiB"] = big.copy
    grid_fns["numpy copyto 256 MiB"] = lambda: np.copyto(dst, big)
    stats = interleaved(grid_fns, max(3, rounds // 2))  # type: ignore[arg-type]
    rep.timing("pnoise2 point function on the grid vs loop", stats, "pnoise2 points", "loop", "≥ 10x")
    rep.timing("pnoise2_grid vs loop", stats, "pnoise2_grid", "loop")
    if perlin is not None:
        rep.timing("pnoise2_grid vs fastnoiselite perlin", stats, "pnoise2_grid", "fastnoiselite perlin", "≥ 6x")
        rep.timing("simplex_fbm vs fastnoiselite opensimplex2", stats, "simplex_fbm", "fastnoiselite opensimplex2", "≥ 1x")
    fresh_rate = big.nbytes / stats["numpy copy 256 MiB"]["median"]  # bytes copied per second
    limit_rate = big.nbytes / stats["numpy copyto 256 MiB"]["median"]
    out_rate = SIDE * SIDE * 4 / stats["pnoise2_grid"]["median"]  # float32 output per second
    rep.value("copy bandwidth, fresh destination", fresh_rate / 1e9, "GB/s")
    rep.value("copy bandwidth, pre-faulted destination", limit_rate / 1e9, "GB/s")
    rep.value("pnoise2_grid output rate / fresh copy rate", out_rate / fresh_rate, "share")
    rep.value("pnoise2_grid output rate / copy rate", out_rate / limit_rate, "share", "≥ 0.30")
    for n in (1, 2):
        name = f"pnoise2_grid {n} thread(s)"
        rep.timing(f"{name} vs fastnoiselite perlin" if perlin is not None else name, stats, name,
                   "fastnoiselite perlin" if perlin is not None else None)
        rate = SIDE * SIDE * 4 / stats[name]["median"]
        rep.value(f"{name}: output rate / copy rate", rate / limit_rate, "share", "≥ 0.30")
    rep.save()


if __name__ == "__main__":
    main()
