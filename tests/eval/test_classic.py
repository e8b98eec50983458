"""`procgen eval KIND` for the classic generators: the tables and the expressive-range PNG."""

from PIL import Image

from procgen.eval.classic import evaluate_platformer, evaluate_rooms
from procgen.levels.dungeon.classic import classic_room
from procgen.levels.dungeon.corpus import corpus_rooms
from procgen.levels.dungeon.metrics import summarize


def test_platformer_table_prints_the_table_and_writes_the_png(tmp_path):
    p = tmp_path / "range.png"
    table = evaluate_platformer(n=4, seed=3, png=str(p))
    for row in ("playable share", "density", "linearity", "leniency", "enemies_per_100",
                "gaps_per_100", "jumps", "tile-pattern KL k=2", "tile-pattern KL k=3",
                "tile-pattern KL k=4", "novelty", "diversity"):
        assert row in table
    assert "playable share  1.000" in table.replace("   ", "  ").replace("   ", "  ") or "1.000" in table
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_summarize_and_eval_table(tmp_path):
    """The room table prints one row per metric and writes the expressive-range PNG."""
    s = summarize([classic_room(s, 11, 7, 3, None) for s in range(10)], reference=corpus_rooms())
    assert s["completable"] == 1 and s["enemies"] == 3
    png = tmp_path / "range.png"
    text = evaluate_rooms(n=12, seed=3, png=str(png))
    for name in ("completable", "start_to_key", "symmetry", "diversity", "novelty", "tile KL"):
        assert name in text
    with Image.open(png) as img:
        assert img.mode == "RGB" and img.width > 400
