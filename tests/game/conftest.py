"""Fixtures for the game tests: an off-screen app and small hand-drawn levels."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from game.app import App  # noqa: E402
from procgen.level import Level  # noqa: E402


@pytest.fixture
def app(tmp_path) -> Iterator[App]:
    """An app drawing on an off-screen 640x360 surface, exporting into a temp folder."""
    a = App((640, 360), seed=3, window=False, export_dir=tmp_path / "exports")
    yield a
    a.worker.close()


def platformer_level(width: int = 40, features: tuple[tuple[int, int, str], ...] = ()) -> Level:
    """Flat ground two rows deep, 14 rows high, with ``(x, y, char)`` changes on top."""
    from procgen.levels.platformer.tiles import LEGEND

    rows = [["-"] * width for _ in range(14)]
    for x in range(width):
        rows[12][x] = rows[13][x] = "X"
    for x, y, ch in features:
        rows[y][x] = ch
    return Level.from_rows("platformer", ["".join(r) for r in rows], LEGEND)
