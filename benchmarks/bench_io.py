"""Caves and native JSON: throughput, each against a peer measured in the same run.

- Cave generation: procgen's vectorized automaton + compiled BFS against a straightforward
  pure-Python version of the same algorithm (per-tile loops, deque BFS) on the same sizes.
- JSON write of a 1024x1024 level with four float32 layers: procgen's canonical writer
  (layers zlib+base64) against plain ``json.dumps`` with the layers as nested lists, the
  obvious alternative; file sizes are printed too.

- Cave 4096²: time, and peak memory above the process's resident set before the call (fresh process).

Run: ``make bench`` or ``python benchmarks/bench_io.py``. Medians of interleaved runs
(``harness.py``); figures also go to ``benchmarks/results/io.json``.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import deque
from pathlib import Path

import numpy as np
from harness import Report, interleaved, peak_bytes

from procgen import generate, io
from procgen.rng import rng


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


def bench_caves(rep: Report) -> None:
    for side in (64, 128):
        stats = interleaved({"procgen": lambda s=side: generate("cave", 1, width=s, height=s),
                             "python peer": lambda s=side: python_cave(1, s, s)}, 3)
        rep.timing(f"cave {side}² vs a pure-Python version", stats, "procgen", "python peer")
    stats = interleaved({"procgen": lambda: generate("cave", 1, width=1024, height=1024)}, 3)
    rep.timing("cave 1024² (peer not run: minutes)", stats, "procgen")
    # A warm-up cave above the kernels' size: imports and kernel loading come before the call.
    setup = "from procgen import generate\ngenerate('cave', 2, width=1100, height=1000)"
    stats = interleaved({"procgen": lambda: generate("cave", 1, width=4096, height=4096)}, 3)
    rep.timing("cave 4096²", stats, "procgen", target="≤ 5 s")
    peak = peak_bytes(setup, "generate('cave', 1, width=4096, height=4096)")
    rep.value("cave 4096² peak memory above the resident set before", peak / 2**20, "MiB", "≤ 300")
    n, t = 200, time.perf_counter()
    for s in range(n):
        generate("cave", s, width=64, height=40)
    rep.value("default 64×40 caves per second", n / (time.perf_counter() - t), "caves/s")


def bench_json(rep: Report) -> None:
    lvl = generate("cave", 1, width=1024, height=1024)
    r = np.random.default_rng(0)
    for name in ("height", "moisture", "temperature", "flow"):
        lvl.layers[name] = r.random((1024, 1024), dtype=np.float32)
    with tempfile.TemporaryDirectory() as d:
        ours_path, peer_path = Path(d) / "ours.json", Path(d) / "peer.json"
        doc = lvl.to_json()
        doc["layers"] = {k: v.tolist() for k, v in lvl.layers.items()}
        stats = interleaved({"procgen save": lambda: io.save(lvl, ours_path),
                             "json.dumps lists": lambda: peer_path.write_text(json.dumps(doc))}, 3)
        rep.timing("JSON write, 1024² level, four float32 layers", stats, "procgen save", "json.dumps lists")
        rep.value("JSON file size, procgen", ours_path.stat().st_size / 1e6, "MB")
        rep.value("JSON file size, json.dumps lists", peer_path.stat().st_size / 1e6, "MB")
        stats = interleaved({"load": lambda: io.load(ours_path)}, 3)
        rep.timing("procgen load + validate, same file", stats, "load")


if __name__ == "__main__":
    report = Report("io")
    bench_caves(report)
    bench_json(report)
    report.save()
