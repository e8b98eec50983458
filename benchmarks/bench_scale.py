"""Scale benchmark: a world export on a local Dask cluster against the single-process path, and a
dungeon-room dataset written as sharded JSON Lines.

1. ``SIDE``² world (all five layers) into a Zarr store: the single-process path (Dask's
   synchronous scheduler in a fresh process, the same tasks one after another) against a
   ``LocalCluster`` of ``--workers`` processes (started once, outside the timing). Reports the
   median of interleaved rounds of each, the parallel efficiency ``t_single / (workers · t_dask)``,
   and the peak resident memory of the single process and of each worker.
2. ``--rooms`` dungeon rooms: ``procgen batch --format jsonl`` on the local Dask cluster against
   the process pool with one ``.json`` file per level (the existing path), interleaved; levels/s.

Run: ``.venv/bin/python benchmarks/bench_scale.py [--side 8192] [--workers 2] [--rooms 100000]``.
Times on a shared machine are noisy; compare the ratios, which are measured in the same run.
Medians with min and max; figures also go to ``benchmarks/results/scale.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Report, summary

from procgen.cli import main as procgen_main
from procgen.scale.cluster import dask_client, worker_peak_rss_mib
from procgen.scale.world_zarr import export_zarr
from procgen.terrain import World

SINGLE = """
import json, sys, time
from procgen.scale.cluster import _peak_rss_mib
from procgen.scale.world_zarr import export_zarr
from procgen.terrain import World
t = time.perf_counter()
export_zarr(World(3), sys.argv[1], sys.argv[2], block=int(sys.argv[3]))
print(json.dumps({"s": time.perf_counter() - t, "peak_mib": _peak_rss_mib()}))
"""


def single_process_export(path: Path, region: str, block: int) -> tuple[float, float]:
    """Seconds and peak MiB of the single-process path, in a fresh process (a clean peak)."""
    out = subprocess.run([sys.executable, "-c", SINGLE, str(path), region, str(block)],
                         check=True, capture_output=True, text=True).stdout
    doc = json.loads(out.strip().splitlines()[-1])
    return doc["s"], doc["peak_mib"]


def bench_world(rep: Report, side: int, workers: int, rounds: int, block: int, folder: Path) -> None:
    region = f"0:{side},0:{side}"
    single, dask, single_peak = [], [], 0.0
    with dask_client("local", workers) as client:
        # Warm up: the workers import procgen and numpy once, as the fresh single process does.
        export_zarr(World(3), folder / "warm.zarr", f"0:{block * workers},0:{block}", block=block, client=client)
        for r in range(rounds):
            t, peak = single_process_export(folder / f"one-{r}.zarr", region, block)
            single.append(t)
            single_peak = max(single_peak, peak)
            shutil.rmtree(folder / f"one-{r}.zarr")
            t0 = time.perf_counter()
            export_zarr(World(3), folder / f"dask-{r}.zarr", region, block=block, client=client)
            dask.append(time.perf_counter() - t0)
            shutil.rmtree(folder / f"dask-{r}.zarr")
        peaks = worker_peak_rss_mib(client)
    stats = {"single process": summary(single), f"local Dask, {workers} workers": summary(dask)}
    print(f"world export {side}x{side}, 5 layers, {block}² blocks ({(side // block) ** 2} tasks), "
          f"{rounds} interleaved rounds")
    row = rep.timing(f"world export {side}² to Zarr, local Dask vs one process", stats,
                     f"local Dask, {workers} workers", "single process")
    rep.value(f"world export {side}²: parallel efficiency on {workers} workers", row["speedup"] / workers, "share")
    rep.value(f"world export {side}²: single-process peak memory", single_peak, "MiB")
    rep.value(f"world export {side}²: largest worker peak memory", max(peaks.values(), default=0.0), "MiB",
              extra={"workers_mib": sorted(peaks.values())})


def bench_rooms(rep: Report, rooms: int, workers: int, rounds: int, folder: Path) -> None:
    ways = {
        "JSON Lines, local Dask": ["--format", "jsonl", "--shard-size", "1000", "--scheduler", "local"],
        "JSON Lines, process pool": ["--format", "jsonl", "--shard-size", "1000"],
        "a .json per level, pool": [],
    }
    times: dict[str, list[float]] = {name: [] for name in ways}
    size = 0
    for r in range(rounds):
        for name, flags in ways.items():
            out = folder / f"rooms-{r}"
            t = time.perf_counter()
            procgen_main(["batch", "dungeon-room", "--seeds", f"0:{rooms}", "--workers", str(workers), "-q",
                          "--out-dir", str(out), *flags])
            times[name].append(time.perf_counter() - t)
            if "jsonl" in flags:
                size = sum(p.stat().st_size for p in out.iterdir())
            shutil.rmtree(out)
    print(f"{rooms} dungeon rooms, {workers} workers, {rounds} interleaved rounds "
          f"(each including its cluster or pool start; {size / rooms / 1024:.1f} KiB per JSON line)")
    stats = {name: summary(ts) for name, ts in times.items()}
    peer = "a .json per level, pool"
    for name in ways:
        rep.timing(f"{rooms} dungeon rooms: {name}", stats, name, None if name == peer else peer)
        rep.value(f"{rooms} dungeon rooms: {name}, levels per second", rooms / stats[name]["median"], "levels/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--side", type=int, default=8192)
    ap.add_argument("--block", type=int, default=512)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rooms", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--skip", choices=("world", "rooms"), help="leave one part out")
    args = ap.parse_args()
    rep = Report("scale")
    with tempfile.TemporaryDirectory() as tmp:
        if args.skip != "world":
            bench_world(rep, args.side, args.workers, args.rounds, args.block, Path(tmp))
        if args.skip != "rooms":
            bench_rooms(rep, args.rooms, args.workers, args.rounds, Path(tmp))
    rep.save()


if __name__ == "__main__":
    main()
