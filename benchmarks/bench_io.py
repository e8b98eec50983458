"""Caves and native JSON: throughput, each against a peer measured in the same run.

- Cave generation: procgen's vectorized automaton + compiled BFS against a straightforward
  pure-Python version of the same algorithm (per-tile loops, deque BFS) on the same sizes.
- JSON write of a 1024x1024 level with four float32 layers: procgen's canonical writer
  (layers zlib+base64) against plain ``json.dumps`` with the layers as nested lists, the
  obvious alternative; file sizes are printed too.

Run: ``make bench`` or ``python benchmarks/bench_io.py``.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import deque
from pathlib import Path

import numpy as np

from procgen import generate
from procgen.rng import rng


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def python_cave(seed: int, width: int, height: int, fill: float = 0.45) -> int:
    """The same automaton and double-sweep BFS, written with plain loops (the peer)."""
    r = rng(seed, "peer")
    wall = [[r.random() < fill for _ in range(width)] for _ in range(height)]

    def walls_within(y: int, x: int, k: int) -> int:
        n = 0
        for dy in range(-k, k + 1):
            for dx in range(-k, k + 1):
                yy, xx = y + dy, x + dx
                n += 1 if not (0 <= yy < height and 0 <= xx < width) or wall[yy][xx] else 0
        return n

    for step in range(7):
        wall = [[walls_within(y, x, 1) >= 5 or (step < 4 and walls_within(y, x, 2) <= 2)
                 for x in range(width)] for y in range(height)]

    def bfs(start: tuple[int, int]) -> tuple[tuple[int, int], int]:
        dist = {start: 0}
        q = deque([start])
        far = start
        while q:
            y, x = q.popleft()
            if dist[(y, x)] > dist[far]:
                far = (y, x)
            for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                if 0 <= ny < height and 0 <= nx < width and not wall[ny][nx] and (ny, nx) not in dist:
                    dist[(ny, nx)] = dist[(y, x)] + 1
                    q.append((ny, nx))
        return far, dist[far]

    start = next(((y, x) for y in range(height) for x in range(width) if not wall[y][x]), (1, 1))
    a, _ = bfs(start)
    _, d = bfs(a)
    return d


def bench_caves() -> None:
    print("cave generation (best of 3)")
    print(f"{'size':>10} {'procgen':>10} {'python peer':>12} {'speed-up':>9} {'caves/s':>9}")
    for side in (64, 128, 256):
        ours = best_of(lambda s=side: generate("cave", 1, width=s, height=s))
        peer = best_of(lambda s=side: python_cave(1, s, s), repeat=1)
        print(f"{side}x{side:<6} {ours * 1e3:8.1f}ms {peer * 1e3:10.1f}ms {peer / ours:8.0f}x {1 / ours:9.0f}")
    big = best_of(lambda: generate("cave", 1, width=1024, height=1024), repeat=1)
    print(f"1024x1024  {big * 1e3:8.1f}ms (peer not run: minutes)")
    n, t = 200, time.perf_counter()
    for s in range(n):
        generate("cave", s, width=64, height=40)
    print(f"default 64x40 caves: {n / (time.perf_counter() - t):.0f} per second on one core")


def bench_json() -> None:
    lvl = generate("cave", 1, width=1024, height=1024)
    r = np.random.default_rng(0)
    for name in ("height", "moisture", "temperature", "flow"):
        lvl.layers[name] = r.random((1024, 1024), dtype=np.float32)
    with tempfile.TemporaryDirectory() as d:
        ours_path, peer_path = Path(d) / "ours.json", Path(d) / "peer.json"
        ours = best_of(lambda: lvl.save(ours_path))
        doc = lvl.to_json()
        doc["layers"] = {k: v.tolist() for k, v in lvl.layers.items()}

        def peer() -> None:
            peer_path.write_text(json.dumps(doc))

        peer_t = best_of(peer, repeat=1)
        print("\nJSON write, 1024x1024 level with four float32 layers (best of 3)")
        print(f"  procgen save:     {ours * 1e3:7.0f} ms  {ours_path.stat().st_size / 1e6:6.1f} MB  "
              f"({1024 * 1024 / ours / 1e6:.1f} M tiles/s)")
        print(f"  json.dumps lists: {peer_t * 1e3:7.0f} ms  {peer_path.stat().st_size / 1e6:6.1f} MB")
        print(f"  ratio: {peer_t / ours:.1f}x faster, {peer_path.stat().st_size / ours_path.stat().st_size:.1f}x smaller")
        load = best_of(lambda: lvl.load(ours_path))
        print(f"  procgen load+validate: {load * 1e3:.0f} ms")


if __name__ == "__main__":
    bench_caves()
    bench_json()
