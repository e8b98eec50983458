"""``procgen eval KIND`` for the classic generators: one kind's levels against its corpus.

The tables use the kinds' own metrics (:mod:`procgen.levels.platformer.metrics`,
:mod:`procgen.levels.dungeon.metrics`); the model tables (classic, model and corpus side by
side) are :mod:`procgen.eval.models`.
"""

from __future__ import annotations

from typing import Any

from procgen.level import Level
from procgen.params import check_int

__all__ = ["EVAL_STYLE", "evaluate_platformer", "evaluate_rooms", "style_table"]


#: The style mix and difficulty sweep `procgen eval platformer` samples the classic generator with.
EVAL_STYLE = "overground=3,underground=1,sky=1,pipes=1,fortress=1"


def evaluate_platformer(*, n: int = 200, seed: int = 0, png: str | None = None, **_: Any) -> str:
    """``procgen eval platformer``: generate ``n`` classic levels (seeds ``seed..seed+n-1``,
    difficulty swept 0..1, the corpus's style mix), print the metric table, write the
    expressive-range PNG (default ``platformer-classic-expressive-range.png`` in the working folder)."""
    from procgen.levels.platformer.generate import generate
    from procgen.levels.platformer.metrics import evaluate_levels

    check_int("n", n, 1, what="levels")
    levels = []
    for i in range(n):
        d = i / (n - 1) if n > 1 else 0.5
        levels.append(generate(seed + i, difficulty=round(d, 4), style=EVAL_STYLE))
    png = png or "platformer-classic-expressive-range.png"
    table = evaluate_levels(
        levels, png=png, title="platformer classic",
        playable=[bool(lv.stats.get("playable")) for lv in levels],
    )
    return "\n\n".join([table, *_style_and_difficulty(n, seed, png)])


def style_table(n: int = 50, difficulty: float = 0.5, width: int = 200, seed: int = 0) -> str:
    """Density by style preset: :func:`~procgen.levels.platformer.metrics.style_figures` of ``n``
    classic levels per style."""
    from procgen.levels.platformer.generate import STYLES, generate
    from procgen.levels.platformer.metrics import style_figures

    lines = [f"style (difficulty {difficulty}, {n} levels of {width} columns)  enemies/100  pipes/200  cannons/200  ground share"]
    for style in STYLES:
        f = style_figures([generate(s, width=width, difficulty=difficulty, style=style) for s in range(seed, seed + n)])
        lines.append(f"{style:<46}  {f['enemies_per_100']:>11.1f}  {f['pipes_per_200']:>9.1f}  "
                     f"{f['cannons_per_200']:>11.1f}  {f['ground_share']:>12.3f}")
    return "\n".join(lines)


def _style_and_difficulty(n: int, seed: int, png: str) -> list[str]:
    """The eval's second part: density by style and the player-model difficulty curve over
    ``n`` levels split across the steps, plotted beside the expressive range."""
    from procgen.levels.platformer.player import (
        CURVE_STEPS,
        curve_png,
        curve_table,
        difficulty_curve,
    )

    generator = "classic"
    parts = [style_table(n=max(1, min(50, n // 5)), seed=seed)]
    per_step = max(1, n // len(CURVE_STEPS))
    points = difficulty_curve(generator, per_step=per_step, seed=seed)
    stem = png[: -len("-expressive-range.png")] if png.endswith("-expressive-range.png") else png.removesuffix(".png")
    curve_path = f"{stem}-difficulty.png"
    curve_png({generator: points}, curve_path)
    parts.append(f"difficulty curve (player model, {per_step} levels per step):\n{curve_table(points)}\n"
                 f"difficulty curve plot: {curve_path}")
    return parts


def _fmt(v: float) -> str:
    return "n/a" if v != v else f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"


def evaluate_rooms(
    *,
    n: int = 200,
    seed: int = 0,
    png: str | None = None,
    width: int | None = None,
    height: int | None = None,
    enemies: int = 3,
) -> str:
    """``procgen eval dungeon-room``: ``n`` classic rooms (seeds ``seed .. seed+n-1``), compare with the corpus; the table text.

    >>> print(evaluate_rooms(n=5).splitlines()[0])
    dungeon-room metrics: 5 classic rooms (seeds 0..4) vs the 44-room corpus
    """
    from procgen.levels.dungeon.corpus import corpus_rooms
    from procgen.levels.dungeon.generate import generate_room
    from procgen.levels.dungeon.metrics import ROOM_METRICS, expressive_range_png, summarize

    check_int("n", n, 1, 100_000)
    corpus = corpus_rooms()
    rooms: list[Level] = [
        generate_room(seed + i, width=width, height=height, enemies=enemies)
        for i in range(n)
    ]
    generator = "classic"
    gen = summarize(rooms, reference=corpus)
    ref = summarize(corpus, reference=corpus)
    lines = [
        f"dungeon-room metrics: {n} {generator} rooms (seeds {seed}..{seed + n - 1}) vs the {len(corpus)}-room corpus",
        f"{'metric':<16}{generator:>18}{'corpus':>18}",
    ]
    for name in ("completable", *ROOM_METRICS):
        g = _fmt(gen[name]) + ("" if name == "completable" else " ± " + _fmt(gen[name + "_sd"]))
        c = _fmt(ref[name]) + ("" if name == "completable" else " ± " + _fmt(ref[name + "_sd"]))
        lines.append(f"{name:<16}{g:>18}{c:>18}")
    lines.append(f"{'diversity':<16}{_fmt(gen['diversity']):>18}{_fmt(ref['diversity']):>18}")
    lines.append(f"{'novelty':<16}{_fmt(gen['novelty']):>18}{'0':>18}")
    lines.append(f"{'tile KL (2x2)':<16}{_fmt(gen['kl']):>18}{'0':>18}")
    if png:
        expressive_range_png(rooms, png, title=f"dungeon-room, {generator}, {n} rooms, seed {seed}")
        lines.append(f"expressive range: {png}")
    return "\n".join(lines)
