"""``procgen batch`` beyond one process pool: tasks on Dask, and sharded JSON Lines output.

The same task functions run wherever the work goes: the CLI's per-seed file writer for
``--format json``, :func:`procgen.scale.shards.write_shard` for ``--format jsonl``. Each task's
output depends on its seeds alone, so ``--workers N``, a local Dask cluster
(``--scheduler local``) and a remote one (``--scheduler tcp://host:8786``) write the same bytes.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import partial
from typing import Any, TypeVar

from procgen.scale import require
from procgen.scale.cluster import reuse_freed_memory
from procgen.scale.shards import ShardJob, shard_spans, write_shard

__all__ = ["run_batch"]

T = TypeVar("T")
R = TypeVar("R")

#: Seeds per task for one-file-per-level output on Dask (a task per seed is mostly overhead).
SEEDS_PER_TASK = 100


def _each(fn: Callable[[Any], R], items: Sequence[Any]) -> list[R]:
    """Run ``fn`` over a group of items in one task."""
    reuse_freed_memory()
    return [fn(it) for it in items]


def _results(fn: Callable[[T], R], items: Sequence[T], *, workers: int, client: Any) -> Iterator[R]:
    """``fn`` over ``items`` on a Dask client, a process pool, or here; results as they finish."""
    if client is not None:
        distributed = require("distributed", "--scheduler")
        futures = client.map(fn, list(items), pure=False)
        for future in distributed.as_completed(futures):
            yield future.result()
    elif workers == 1 or len(items) == 1:
        for it in items:
            yield fn(it)
    else:
        import multiprocessing

        # spawn: workers start clean (no inherited torch/OpenMP state from the parent's checks).
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=ctx) as pool:
            for future in as_completed([pool.submit(fn, it) for it in items]):
                yield future.result()


def run_batch(kind: str, seeds: range, params: dict[str, Any], out_dir: str, *, fmt: str,
              shard_size: int, workers: int, scheduler: str | None, per_seed: Callable[[Any], Any],
              per_seed_jobs: Sequence[Any], quiet: bool) -> int:
    """Run a batch as shards (``fmt="jsonl"``) or as groups of ``per_seed`` jobs (``"json"``)."""
    from contextlib import nullcontext

    from tqdm import tqdm

    t0 = time.perf_counter()
    skipped = shards = reused = 0
    if scheduler is not None:
        from procgen.scale.cluster import dask_client

        connection: Any = dask_client(scheduler, workers)
    else:
        connection = nullcontext()
    # Connect before the bar appears, so an unreachable scheduler is one clean line.
    with connection as client:
        bar = tqdm(total=len(seeds), unit="level", disable=quiet, file=sys.stderr)
        if fmt == "jsonl":
            jobs = [ShardJob(kind, span, params, out_dir) for span in shard_spans(seeds, shard_size)]
            for _, n, was_skipped in _results(write_shard, jobs, workers=workers, client=client):
                shards += 1
                skipped += was_skipped
                reused += n if was_skipped else 0
                bar.update(n)
        else:
            size = max(1, min(SEEDS_PER_TASK, math.ceil(len(per_seed_jobs) / (4 * workers))))
            groups = [per_seed_jobs[i:i + size] for i in range(0, len(per_seed_jobs), size)]
            for done in _results(partial(_each, per_seed), groups, workers=workers, client=client):
                bar.update(len(done))
    bar.close()
    dt = time.perf_counter() - t0
    if not quiet:
        where = f"Dask at {scheduler}" if scheduler not in (None, "local") else (
            f"a local Dask cluster of {workers} workers" if scheduler else f"{workers} workers")
        resumed = f", skipped {skipped} complete shards" if skipped else ""
        print(f"wrote {len(seeds) - reused} {kind} levels to {out_dir}/"
              f"{f' in {shards} shards' if fmt == 'jsonl' else ''}{resumed} in {dt:.2f} s "
              f"({(len(seeds) - reused) / dt:.0f} levels/s, {where})")
    return 0
