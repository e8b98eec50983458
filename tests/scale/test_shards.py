"""procgen.scale.shards: seed-range shards of JSON Lines, written whole, recognised when complete."""

from hypothesis import given

from procgen.io.native import loads
from procgen.kinds import generate
from procgen.scale.shards import (
    ShardJob,
    level_line,
    shard_complete,
    shard_name,
    shard_spans,
    write_shard,
)
from tests.strategies import seed_ranges_and_shard_sizes


@given(seed_ranges_and_shard_sizes)
def test_shards_cover_the_seed_range_in_order_without_overlap(case):
    seeds, size = case
    spans = shard_spans(seeds, size)
    assert [s for span in spans for s in span] == list(seeds)
    assert all(1 <= len(span) <= size for span in spans) and all(len(s) == size for s in spans[:-1])
    names = [shard_name("cave", span) for span in spans]
    assert len(set(names)) == len(names)
    if seeds.stop <= 10**9:
        assert names == sorted(names)  # zero-padded to 9 digits: file order is seed order


def test_a_line_is_the_levels_native_json_and_loads_back():
    level = generate("dungeon-room", 12)
    line = level_line(level)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    back = loads(line)
    assert back.dumps() == level.dumps()


def test_a_shard_holds_its_seeds_in_order_and_is_skipped_once_complete(tmp_path):
    job = ShardJob("cave", range(5, 9), {"generator": "classic", "width": 24, "height": 16}, str(tmp_path))
    assert write_shard(job) == (job.path, 4, False)
    lines = open(job.path, "rb").read().splitlines(keepends=True)
    assert [loads(x).seed for x in lines] == [5, 6, 7, 8]
    assert lines[2] == level_line(generate("cave", 7, width=24, height=16))
    mtime = (tmp_path / shard_name("cave", job.seeds)).stat().st_mtime_ns
    assert write_shard(job) == (job.path, 4, True)
    assert (tmp_path / shard_name("cave", job.seeds)).stat().st_mtime_ns == mtime


def test_a_short_or_foreign_shard_is_not_complete(tmp_path):
    """A shard missing lines, or made with other options, is rebuilt rather than trusted."""
    job = ShardJob("cave", range(0, 3), {"width": 24, "height": 16}, str(tmp_path))
    write_shard(job)
    whole = open(job.path, "rb").read()
    open(job.path, "wb").write(whole[: whole.rindex(b"\n", 0, len(whole) - 1) + 1])  # drop the last level
    assert not shard_complete(job)
    other = ShardJob("cave", range(0, 3), {"width": 32, "height": 16}, str(tmp_path))
    write_shard(job)
    assert shard_complete(job) and not shard_complete(other)
    assert write_shard(other)[2] is False and shard_complete(other)
