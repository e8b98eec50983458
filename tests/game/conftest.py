"""Fixtures for the game tests: an off-screen app."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from procgen_viewer.app import App


@pytest.fixture
def app(tmp_path) -> Iterator[App]:
    """An app drawing on an off-screen 640x360 surface, exporting into a temp folder."""
    a = App((640, 360), seed=3, window=False, export_dir=tmp_path / "exports")
    yield a
    a.close()
