"""Memory stays proportional to what is real, not to what an input claims: read buffers, layer
inflation, script timelines, worker counts and PNG sizes are all bounded before the work."""

import argparse
import base64
import json
import tracemalloc
import zlib

import numpy as np
import pytest

from procgen.batch import usable_workers
from procgen.cli import main
from procgen.errors import LevelFormatError
from procgen.io.jsontext import JSONTextError, read_limited
from procgen.io.native import loads
from procgen.kinds import generate


def peak_bytes(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bomb_layer_doc(inflated: int) -> str:
    """A 24x16 cave whose float32 layer (1536 bytes) inflates to ``inflated`` bytes."""
    lvl = generate("cave", 1, width=24, height=16)
    lvl.layers = {"height": np.zeros((16, 24), dtype=np.float32)}
    doc = json.loads(lvl.dumps())
    packer = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    packed = b"".join(packer.compress(block) for _ in range(inflated >> 20)) + packer.flush()
    doc["layers"]["height"]["data"] = base64.b64encode(packed).decode("ascii")
    return json.dumps(doc)


@pytest.mark.parametrize("inflated_mb", [2, 256])
def test_layer_inflation_stops_one_byte_past_the_layer(inflated_mb):
    """#4: however far the data would inflate, memory peaks near the file's size."""
    text = bomb_layer_doc(inflated_mb << 20)

    def load() -> None:
        with pytest.raises(LevelFormatError, match="inflates to more than"):
            loads(text)

    assert peak_bytes(load) < len(text) * 8 + (8 << 20)


@pytest.mark.parametrize("size", [0, 3000, 1 << 20])
def test_reading_a_file_reserves_its_size_not_the_limit(size, tmp_path):
    """#5: a 3 kB file under the 1 GiB limit costs about 3 kB."""
    f = tmp_path / "x"
    f.write_bytes(b"x" * size)
    assert peak_bytes(lambda: read_limited(f, 1 << 30)) < size + (1 << 20)


def test_a_file_over_the_limit_is_refused_from_its_size(tmp_path):
    f = tmp_path / "big"
    with open(f, "wb") as out:
        out.truncate(10 << 20)  # sparse: 10 MB claimed, nothing read

    def read() -> None:
        with pytest.raises(JSONTextError, match="larger than"):
            read_limited(f, 1 << 20)

    assert peak_bytes(read) < 1 << 20


def test_a_pipe_is_read_up_to_the_limit_only(tmp_path):
    import os
    import threading

    fifo = tmp_path / "p"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as w:
            try:
                for _ in range(64):
                    w.write(b"x" * (1 << 20))
            except BrokenPipeError:
                pass

    t = threading.Thread(target=feed)
    t.start()
    with pytest.raises(JSONTextError, match="larger than"):
        read_limited(fifo, 2 << 20)
    t.join(60)


SCRIPTS = ["right*2000000000", "*1000001", "right*600000,left*600000", "a*99999999999999999999",
           ",".join(["right*999999"] * 3)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_script_longer_than_the_bound_is_refused_before_building_its_timeline(script):
    """#6: play --script cannot ask for a timeline of billions of frames."""
    pytest.importorskip("pygame")
    from game.main import MAX_SCRIPT_FRAMES, parse_script

    def parse() -> None:
        with pytest.raises(argparse.ArgumentTypeError, match="frame"):
            parse_script(script)

    assert peak_bytes(parse) < 1 << 20
    assert sum(n for _, n in parse_script(f"right*{MAX_SCRIPT_FRAMES}")) == MAX_SCRIPT_FRAMES


@pytest.mark.parametrize("requested,jobs", [(1000, 2), (10**9, 1), (3, 0), (1, 100)])
def test_workers_are_bounded_by_the_work_and_the_cpus(requested, jobs):
    import os

    n = usable_workers(requested, jobs)
    assert 1 <= n <= max(1, min(requested, jobs, len(os.sched_getaffinity(0))))


def test_batch_with_a_thousand_workers_for_two_levels_starts_at_most_one(tmp_path, capsys):
    """The parent writes the first seed itself; one level left needs no worker process."""
    assert main(["batch", "cave", "--seeds", "0:2", "--out-dir", str(tmp_path), "--workers", "1000",
                 "--width", "24", "--height", "16"]) == 0
    assert "(" in (out := capsys.readouterr().out) and out.rstrip().endswith("1 workers)")


@pytest.mark.parametrize("kind,size", [("terrain", 4096), ("cave", 5000), ("platformer", 4096)])
def test_an_impossible_png_is_refused_before_generating(kind, size, tmp_path, capsys, monkeypatch):
    """#6: the PNG's size is checked from the request, before any generation."""
    def no_generation(*a, **k):
        raise AssertionError("generated before checking the PNG size")

    monkeypatch.setattr("procgen.cli.generate", no_generation)
    code = main(["generate", kind, "--width", str(size), "--height", str(size), "--png",
                 str(tmp_path / "x.png"), "--scale", "64"])
    assert code == 2 and "too large a PNG" in capsys.readouterr().err
