"""Tagged temp files: a process that kills its writers removes exactly the temp files they left."""

import os

import pytest

from procgen.io import atomic
from procgen.io.atomic import remove_temp_files, write_all


def test_a_tagged_write_stages_its_temp_files_under_the_tag(tmp_path, monkeypatch):
    """While a tagged write is in flight, its temp files are named .tmp-TAG-*; after it, none remain."""
    seen: list[str] = []
    real_fsync = os.fsync

    def spying_fsync(fd: int) -> None:
        seen.extend(n for n in os.listdir(tmp_path) if n.startswith(".tmp-"))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", spying_fsync)
    write_all([(tmp_path / "a.json", b"{}"), (tmp_path / "a.png", b"png")], tag="run42")
    assert seen and all(n.startswith(".tmp-run42-") for n in seen), seen
    assert sorted(os.listdir(tmp_path)) == ["a.json", "a.png"]


def test_removing_a_tag_leaves_other_runs_and_untagged_files(tmp_path):
    """Only this tag's temp files go: not another run's (even one whose tag starts the same),
    not an untagged writer's, not finished files."""
    names = [".tmp-run1-x7-a.json", ".tmp-run1-k2-a.png", ".tmp-run12-q1-b.json", ".tmp-other-z-c.json",
             ".tmp-j3-d.json", "a.json", "run1.json"]
    for n in names:
        (tmp_path / n).write_bytes(b"")
    assert sorted(remove_temp_files(tmp_path, "run1")) == [".tmp-run1-k2-a.png", ".tmp-run1-x7-a.json"]
    assert sorted(os.listdir(tmp_path)) == sorted(names[2:])


def test_an_untagged_sweep_is_refused(tmp_path):
    """An empty tag would match every writer's temp files, so it is an error, not a wide sweep."""
    (tmp_path / ".tmp-j3-d.json").write_bytes(b"")
    with pytest.raises(ValueError):
        remove_temp_files(tmp_path, "")
    assert os.listdir(tmp_path) == [".tmp-j3-d.json"]


def test_a_missing_folder_has_nothing_to_remove(tmp_path):
    assert remove_temp_files(tmp_path / "gone", "run1") == []
