"""Small hand-drawn levels shared by the game tests."""

from __future__ import annotations

from procgen.level import Level


def platformer_level(width: int = 40, features: tuple[tuple[int, int, str], ...] = ()) -> Level:
    """Flat ground two rows deep, 14 rows high, with ``(x, y, char)`` changes on top."""
    from procgen.levels.platformer.tiles import LEGEND

    rows = [["-"] * width for _ in range(14)]
    for x in range(width):
        rows[12][x] = rows[13][x] = "X"
    for x, y, ch in features:
        rows[y][x] = ch
    return Level.from_rows("platformer", ["".join(r) for r in rows], LEGEND)


def switch_ready(app, name: str):
    """Switch to mode ``name`` and wait for its first level (a person sees the loading screen
    meanwhile; tests want the level)."""
    from procgen_viewer.mode import Controls

    mode = app.switch(name)
    pending = getattr(mode, "pending", None)
    if pending is not None:
        app.worker.result(pending)
        mode.update(0.0, Controls())
    return mode
