"""Benchmark the shipped level models against the classic generators (same run, same machine).

Prints absolute numbers and ratios:
- raw windows / rooms per second, batched on CPU (target >= 1000/s), vs classic levels' columns;
- verified 200-column GAN/VAE level vs the classic generator, interleaved per seed (target ≤ 5x);
- verified GAN/VAE room vs the classic room generator, interleaved per seed (target ≤ 5x).

Medians with min and max (``harness.py``); figures also go to ``benchmarks/results/models.json``.
Each level and room is timed twice in the same interleaved run: wall clock (what a user waits)
and CPU time of this process (``time.process_time``: on a shared machine a classic room takes
under a millisecond, and a wall-clock figure that small is mostly other processes' time
slices). Rows also record the search's work per level: windows decoded and tries.

    .venv/bin/python benchmarks/bench_models.py [--n 30]

The script sets ``OMP_WAIT_POLICY=PASSIVE`` unless it is already set: on a busy 2-core machine
torch's OpenMP workers otherwise spin-wait against other processes, and each small decode can
stall for ~0.2 s (measured here: a verified room 217 ms with the default policy, 4 ms passive
or with ``OMP_NUM_THREADS=1``). Interactive tools that generate one level at a time want the
same setting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from harness import Report, interleaved_seeds

# Before torch is imported (see the module docstring).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def interleaved_cpu(fns: dict[str, Callable[[int], object]], seeds: range) -> dict[str, dict[str, float]]:
    """:func:`harness.interleaved_seeds` with this process's CPU time instead of the wall clock."""
    for fn in fns.values():
        fn(seeds[0])
    times: dict[str, list[float]] = {name: [] for name in fns}
    for seed in seeds:
        for name, fn in fns.items():
            t = time.process_time()
            fn(seed)
            times[name].append(time.process_time() - t)
    return {name: {"median": statistics.median(ts), "min": min(ts), "max": max(ts), "runs": len(ts)}
            for name, ts in times.items()}


def work(levels: list) -> dict[str, float]:
    """Mean windows/rooms decoded and tries per generated level (from their stats)."""
    return {"latent_evaluations_mean": statistics.mean(lv.stats["latent_evaluations"] for lv in levels),
            "tries_mean": statistics.mean(lv.stats["tries"] for lv in levels)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30, help="levels/rooms per generator")
    n = ap.parse_args().n
    import torch

    from procgen.levels.dungeon.generate import generate_room as dungeon_room
    from procgen.levels.platformer.generate import generate
    from procgen.models.platformer import generate_level, sample_windows
    from procgen.models.rooms import generate_room, sample_rooms

    rep = Report("models")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}")
    for gen in ("gan", "vae"):
        sample_windows(8, 0, generator=gen)
        sample_rooms(8, 0, generator=gen)
        t = time.perf_counter()
        k = sum(len(sample_windows(1024, s, generator=gen)) for s in range(4))
        wps = k / (time.perf_counter() - t)
        t = time.perf_counter()
        k = sum(len(sample_rooms(1024, s, generator=gen)) for s in range(4))
        rps = k / (time.perf_counter() - t)
        rep.value(f"{gen}: raw platformer windows per second (batch 1024)", wps, "windows/s")
        rep.value(f"{gen}: raw rooms per second (batch 1024)", rps, "rooms/s")

    # Per seed: classic, gan, vae in turn (interleaved), medians with min and max.
    made: dict[str, list] = {"gan": [], "vae": []}
    levels = {
        "classic": lambda s: generate(s, generator="classic", width=200),
        "gan": lambda s: made["gan"].append(generate_level(s, generator="gan", width=200)),
        "vae": lambda s: made["vae"].append(generate_level(s, generator="vae", width=200)),
    }
    for clock, timed in (("wall", interleaved_seeds), ("cpu", interleaved_cpu)):
        stats = timed(levels, range(n))
        for gen in ("gan", "vae"):
            rep.timing(f"verified 200-column {gen.upper()} platformer level vs classic ({clock})",
                       {k: stats[k] for k in (gen, "classic")}, gen, "classic", "≤ 5x classic (speedup ≥ 0.2)",
                       extra={"clock": clock, **work(made[gen][-n:])})
    rooms: dict[str, list] = {"gan": [], "vae": [], "gan path_lengths": [], "vae path_lengths": []}
    room_fns = {
        "classic": lambda s: dungeon_room(s, generator="classic"),
        "gan": lambda s: rooms["gan"].append(generate_room(s, generator="gan")),
        "vae": lambda s: rooms["vae"].append(generate_room(s, generator="vae")),
        "gan path_lengths": lambda s: rooms["gan path_lengths"].append(generate_room(s, generator="gan", path_lengths=(8, 10))),
        "vae path_lengths": lambda s: rooms["vae path_lengths"].append(generate_room(s, generator="vae", path_lengths=(8, 10))),
    }
    for clock, timed in (("wall", interleaved_seeds), ("cpu", interleaved_cpu)):
        stats = timed(room_fns, range(n))
        for gen in ("gan", "vae", "gan path_lengths", "vae path_lengths"):
            rep.timing(f"verified {gen.upper()} room vs classic ({clock})", {k: stats[k] for k in (gen, "classic")},
                       gen, "classic", "≤ 5x classic (speedup ≥ 0.2)" if gen == "gan" else "",
                       extra={"clock": clock, **work(rooms[gen][-n:])})
    rep.save()


if __name__ == "__main__":
    main()
