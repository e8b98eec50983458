"""Level datasets as sharded JSON Lines: one level per line, one file per seed range.

A shard holds the levels of ``seeds[a:b]`` in seed order, each line the level's native JSON
document (format version 1, the same fields as a ``.json`` file) on one line. It is named by its
seed range, ``KIND-AAAAAAAAA-BBBBBBBBB.jsonl`` (``B`` excluded; zero-padded to 9 digits, so
names sort by seed below 10⁹), and written atomically, so a shard that exists is whole. A rerun skips a shard that is
complete: the right number of lines, and its first line equal to the level this run would
write for that seed (so a shard made with other options or another procgen version is rebuilt).

>>> spans = shard_spans(range(0, 2500), 1000)
>>> [(s.start, s.stop) for s in spans], shard_name("cave", spans[0])
([(0, 1000), (1000, 2000), (2000, 2500)], 'cave-000000000-000001000.jsonl')
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from procgen.batch import level_task
from procgen.io.atomic import atomic_write
from procgen.io.native import level_to_json
from procgen.level import Level
from procgen.scale.cluster import reuse_freed_memory

__all__ = ["ShardJob", "level_line", "shard_complete", "shard_name", "shard_spans", "write_shard"]


def shard_spans(seeds: range, size: int) -> list[range]:
    """``seeds`` cut into consecutive ranges of ``size`` (the last may be shorter)."""
    return [range(a, min(a + size, seeds.stop)) for a in range(seeds.start, seeds.stop, size)]


def shard_name(kind: str, span: range) -> str:
    return f"{kind}-{span.start:09d}-{span.stop:09d}.jsonl"


def level_line(level: Level) -> bytes:
    """The level's native JSON document on one line (compact, UTF-8, newline-terminated)."""
    level.check(f"seed {level.seed}")
    text = json.dumps(level_to_json(level), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


@dataclass(frozen=True)
class ShardJob:
    """One Dask (or process-pool) task: the levels of ``seeds`` into ``out_dir/shard_name``."""

    kind: str
    seeds: range
    params: dict[str, Any]
    out_dir: str

    @property
    def path(self) -> str:
        return os.path.join(self.out_dir, shard_name(self.kind, self.seeds))


def shard_complete(job: ShardJob) -> bool:
    """The shard exists with one line per seed and starts with the level this job would write."""
    try:
        with open(job.path, "rb") as f:
            first = f.readline()
            lines = 1 if first.endswith(b"\n") else 0
            for chunk in iter(lambda: f.read(1 << 20), b""):
                lines += chunk.count(b"\n")
    except OSError:
        return False
    if lines != len(job.seeds):
        return False
    return first == level_line(level_task(job.kind, job.seeds.start, job.params))


def write_shard(job: ShardJob) -> tuple[str, int, bool]:
    """Generate and write one shard unless it is already complete: ``(path, levels, skipped)``.

    The whole shard is rendered in memory before the atomic write (a shard of 1000 platformer
    levels is a few MB), so a killed worker leaves no partial shard under the final name.
    """
    reuse_freed_memory()
    if shard_complete(job):
        return job.path, len(job.seeds), True
    data = b"".join(level_line(level_task(job.kind, s, job.params)) for s in job.seeds)
    atomic_write(job.path, data)
    return job.path, len(job.seeds), False
