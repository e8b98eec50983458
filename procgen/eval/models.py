"""``procgen eval platformer|dungeon-room --generator classic|gan|vae --n N``: one table, side by
side: the classic generator, the model (when asked for) and the hand-authored corpus.

Rows: raw share playable (model samples before repair and search; for the classic generator,
levels accepted on their first attempt), structure defects before repair, departures from the
corpus style's structure (levels with tiles in rows their style leaves empty, and top-row,
stray and 1-tile-hole tiles per 100 columns; raw and final), enemies per 100 and pipes per 200
columns, final share verified, share reached within 8 tries, control (difficulty or path lengths hit), tile-pattern
KL for k = 2, 3, 4 against the corpus, novelty, share of windows identical to a training
window (memorisation), diversity, and speed; then enemies and pipes per corpus style. Several
models side by side: ``--generator gan,vae``. The metric functions are the platformer's and the
dungeon's own (:mod:`procgen.levels.platformer.metrics`, :mod:`procgen.levels.dungeon.metrics`).
(Moved here from ``procgen.models.evaluate``: evaluation sits above the models and the kinds.)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from procgen.errors import GenerationError, ParamError
from procgen.level import GeneratorName, Kind, Level
from procgen.levels.tilestats import identical_share
from procgen.params import check_int

__all__ = ["evaluate_cli", "evaluate_platformer", "evaluate_rooms", "identical_share", "model_curves"]

RAW_BATCH = 256
#: A raw level for the structure rows: this many prior windows side by side (224 columns).
RAW_LEVEL_WINDOWS = 8
#: structure_rates key -> row label (final levels; the raw rows add ", raw").
STRUCTURE_LABELS = {
    "top_rows_levels": "levels with top-row tiles",
    "top_rows_per_100": "top-row tiles /100 cols",
    "stray_per_100": "stray tiles /100 cols",
    "holes_per_100": "1-tile ground holes /100 cols",
}
STRUCTURE_ROWS = tuple(STRUCTURE_LABELS.values())
STRUCTURE_ROWS_RAW = tuple(f"{v}, raw" for v in STRUCTURE_LABELS.values())


def structure_cells(levels: Sequence[Level], raw: bool = False) -> dict[str, float]:
    """Row label -> value: the style-structure rates of ``levels`` (see
    :func:`procgen.levels.platformer.metrics.structure_rates`)."""
    from procgen.levels.platformer.metrics import structure_rates

    rates = structure_rates(levels)
    return {STRUCTURE_LABELS[k] + (", raw" if raw else ""): v for k, v in rates.items()}


def content_by_style(levels: Sequence[Level], styles: Sequence[str] | None = None) -> dict[str, str]:
    """Style -> ``"enemies/100 · pipes/200 (levels)"``; each level's style is the one it names
    (corpus files) or records (model levels), else the corpus style it fits best."""
    from procgen.levels.platformer.metrics import enemies_per_100, pipes_per_200
    from procgen.levels.platformer.structure import profile_of

    groups: dict[str, list[Level]] = {}
    for i, lv in enumerate(levels):
        # Corpus files name their style, model levels record the one they kept to.
        name = styles[i] if styles is not None else str(lv.stats.get("style") or getattr(profile_of(lv), "name", "unknown"))
        groups.setdefault(name, []).append(lv)
    return {k: f"{enemies_per_100(g):.2f} · {pipes_per_200(g):.2f} ({len(g)})" for k, g in sorted(groups.items())}


def _fmt(v: Any) -> str:
    if isinstance(v, str):
        return v
    if v is None or (isinstance(v, float) and v != v):
        return "n/a"
    return f"{v:.4f}" if abs(v) < 10 else f"{v:.1f}"


def _table(title: str, columns: Sequence[str], rows: dict[str, dict[str, Any]]) -> str:
    names = list(rows)
    w0 = max(len(n) for n in names) + 2
    cells = {c: [_fmt(rows[n].get(c)) for n in names] for c in columns}
    widths = {c: max(len(c), *(len(x) for x in cells[c])) + 2 for c in columns}
    lines = [title, "metric".ljust(w0) + "".join(c.rjust(widths[c]) for c in columns)]
    for i, n in enumerate(names):
        lines.append(n.ljust(w0) + "".join(cells[c][i].rjust(widths[c]) for c in columns))
    return "\n".join(lines)


def _timed(fn: Callable[[int], Level | None], seeds: Sequence[int]) -> tuple[list[Level | None], list[float]]:
    out, times = [], []
    for s in seeds:
        t = time.perf_counter()
        try:
            out.append(fn(s))
        except GenerationError:
            out.append(None)
        times.append(time.perf_counter() - t)
    return out, times


def _raw_speed(sample: Callable[[int, int], np.ndarray]) -> float:
    sample(8, 0)  # warm-up: model load, first-call costs
    t = time.perf_counter()
    got = 0
    for i in range(4):
        got += len(sample(RAW_BATCH, 1 + i))
    return got / (time.perf_counter() - t)


def evaluate_platformer(
    generator: str, n: int, seed: int = 0, png: str | None = None, model: str | PathLike[str] | None = None
) -> str:
    """The platformer table (``n`` raw windows and ``n`` full levels per generator; ``model``:
    the checkpoint to evaluate, None for the shipped one)."""
    from procgen.eval.classic import EVAL_STYLE
    from procgen.levels.platformer.corpus import corpus_levels, windows
    from procgen.levels.platformer.generate import generate
    from procgen.levels.platformer.metrics import (
        diversity,
        enemies_per_100,
        expressive_range_png,
        level_metrics,
        novelty,
        pipes_per_200,
        tile_pattern_kl,
    )
    from procgen.levels.platformer.repair import defects
    from procgen.levels.platformer.solver import solve
    from procgen.levels.platformer.structure import style_of

    corpus = corpus_levels()
    ref = windows(corpus, 28, 4)
    diffs = [round(i / (n - 1), 4) if n > 1 else 0.5 for i in range(n)]
    rows: dict[str, dict[str, Any]] = {k: {} for k in (
        "raw playable (no repair/search)", "raw structure defects (share)",
        *STRUCTURE_ROWS_RAW, *STRUCTURE_ROWS, "enemies /100 cols", "pipes /200 cols", "final verified playable",
        "reached within 8 tries", "difficulty within ±0.1", "tile-pattern KL k=2", "tile-pattern KL k=3",
        "tile-pattern KL k=4", "KL k=2, raw windows", "novelty (mean min Hamming)",
        "identical to a training window", "diversity (mean pairwise)", "density", "linearity", "leniency",
        "raw windows per second", "verified level median s",
    )}

    def fill_levels(col: str, levels: list[Level | None], times: list[float], tries_key: str) -> None:
        done = [lv for lv in levels if lv is not None]
        r = rows
        r["final verified playable"][col] = float(np.mean([lv is not None and solve(lv).playable for lv in levels]))
        r["reached within 8 tries"][col] = float(np.mean([lv is not None and int(lv.stats.get(tries_key, 1)) <= 8 for lv in levels]))
        if done:
            per = [level_metrics(lv) for lv in done]
            for k in (2, 3, 4):
                r[f"tile-pattern KL k={k}"][col] = tile_pattern_kl(done, corpus, k)
            win = windows(done, 28, 28)
            r["novelty (mean min Hamming)"][col] = float(novelty(win, ref).mean())
            r["diversity (mean pairwise)"][col] = diversity(win)
            for key in ("density", "linearity", "leniency"):
                r[key][col] = float(np.mean([m[key] for m in per]))
        r["verified level median s"][col] = float(np.median(times))
        for key, v in structure_cells(done).items():
            r[key][col] = v
        r["enemies /100 cols"][col] = enemies_per_100(done)
        r["pipes /200 cols"][col] = pipes_per_200(done)
        by_style[col] = content_by_style(done)

    by_style: dict[str, dict[str, str]] = {}
    # The corpus column: the reference itself.
    per_c = [level_metrics(lv) for lv in corpus]
    for key, v in {**structure_cells(corpus), **structure_cells(corpus, raw=True)}.items():
        rows[key]["corpus"] = v
    rows["enemies /100 cols"]["corpus"] = enemies_per_100(corpus)
    rows["pipes /200 cols"]["corpus"] = pipes_per_200(corpus)
    rows["novelty (mean min Hamming)"]["corpus"] = 0.0
    rows["final verified playable"]["corpus"] = float(np.mean([solve(lv).playable for lv in corpus]))
    rows["raw structure defects (share)"]["corpus"] = float(np.mean([bool(defects(lv)) for lv in corpus]))
    rows["diversity (mean pairwise)"]["corpus"] = diversity(windows(corpus, 28, 28))
    for key in ("density", "linearity", "leniency"):
        rows[key]["corpus"] = float(np.mean([m[key] for m in per_c]))
    for k in (2, 3, 4):
        rows[f"tile-pattern KL k={k}"]["corpus"] = 0.0

    classic, t_classic = _timed(
        lambda i: generate(seed + i, difficulty=diffs[i - seed], style=EVAL_STYLE),
        range(seed, seed + n),
    )
    fill_levels("classic", classic, t_classic, "attempts")
    rows["raw playable (no repair/search)"]["classic"] = float(
        np.mean([lv is not None and lv.stats.get("attempts") == 1 and not lv.stats.get("repaired") for lv in classic])
    )
    # The classic generator has no raw stage: its levels are built in style or not at all.
    for key, v in structure_cells([lv for lv in classic if lv is not None], raw=True).items():
        rows[key]["classic"] = v
    columns = ["classic"]
    models = [g.value for g in parse_generators(generator) if g != GeneratorName.CLASSIC]

    def add_model(gen: str) -> None:
        from procgen.levels.platformer.kind import PLATFORMER_WINDOWS as dom
        from procgen.models.data import load_corpus
        from procgen.models.platformer import generate_level, sample_windows

        columns.append(gen)
        raw = sample_windows(n, seed, generator=gen, model=model)
        raw_levels = [dom.level_of(w) for w in raw]
        rows["raw playable (no repair/search)"][gen] = float(np.mean([solve(lv).playable for lv in raw_levels]))
        rows["raw structure defects (share)"][gen] = float(np.mean([bool(defects(lv)) for lv in raw_levels]))
        # Raw structure is judged on raw levels, as a level is made: RAW_LEVEL_WINDOWS prior
        # windows side by side (no search, no repair), so a ceiling fragment over an
        # overground stretch counts as one. A conditional model's raw level keeps one style, as
        # its levels do (windows of random styles side by side would put ceilings over overground).
        chained = sample_windows(n * RAW_LEVEL_WINDOWS, seed, generator=gen, model=model, run=RAW_LEVEL_WINDOWS)
        raw_chained = [dom.level_of(np.concatenate(list(chained[i : i + RAW_LEVEL_WINDOWS]), axis=1))
                       for i in range(0, len(chained), RAW_LEVEL_WINDOWS)]
        for key, v in structure_cells(raw_chained, raw=True).items():
            rows[key][gen] = v
        rows["KL k=2, raw windows"][gen] = tile_pattern_kl(raw, corpus, 2)
        rows["identical to a training window"][gen] = identical_share(raw, load_corpus(dom).ids)
        rows["raw windows per second"][gen] = _raw_speed(lambda k, s: sample_windows(k, s, generator=gen, model=model))
        levels, times = _timed(lambda i: generate_level(i, generator=gen, difficulty=diffs[i - seed], model=model), range(seed, seed + n))
        fill_levels(gen, levels, times, "tries")
        rows["difficulty within ±0.1"][gen] = float(np.mean([
            lv is not None and abs(float(lv.stats["difficulty"]) - d) <= 0.1 for lv, d in zip(levels, diffs, strict=True)
        ]))
        if png:
            done = [lv for lv in levels if lv is not None]
            per = [level_metrics(lv) for lv in done]
            path = png if len(models) == 1 else str(Path(png).with_stem(f"{Path(png).stem}-{gen}"))
            expressive_range_png([m["linearity"] for m in per], [m["leniency"] for m in per], path,
                                 title=f"platformer {gen}, {len(done)} levels")

    for gen in models:
        add_model(gen)
    if png and columns == ["classic"]:
        done = [lv for lv in classic if lv is not None]
        per = [level_metrics(lv) for lv in done]
        expressive_range_png([m["linearity"] for m in per], [m["leniency"] for m in per], png,
                             title=f"platformer classic, {len(done)} levels")
    rows["identical to a training window"]["classic"] = identical_share(
        windows([lv for lv in classic if lv is not None], 28, 28), ref)
    columns.append("corpus")
    by_style["corpus"] = content_by_style(corpus, [style_of(lv) for lv in corpus])
    title = f"platformer: {n} levels (seeds {seed}..{seed + n - 1}, difficulty 0..1) and {n} raw windows per model"
    text = _table(title, columns, rows)
    styles = sorted({s for col in by_style.values() for s in col})
    text += "\n\n" + _table("enemies /100 cols · pipes /200 cols (levels), by corpus style (model levels: the "
                             "style they kept to; classic levels: the one they fit best)", columns,
                             {s: {c: by_style.get(c, {}).get(s, "-") for c in columns} for s in styles})
    text += f"\nexpressive range (linearity x leniency): {png}" if png else ""
    return text + "\n\n" + model_curves(models, n, seed, png, model)


def model_curves(models: Sequence[str], n: int, seed: int = 0, png: str | None = None,
                 model: str | PathLike[str] | None = None) -> str:
    """The player-model difficulty curve of each model (the classic table's curve, by the same
    :func:`~procgen.levels.platformer.player.difficulty_curve`): ``n`` levels split across the
    steps, seeds ``seed..``; with ``png``, one plot of every model's curve beside it
    (``<stem>-difficulty.png``)."""
    from functools import partial

    from procgen.kinds import generate
    from procgen.levels.platformer.player import (
        CURVE_STEPS,
        curve_png,
        curve_table,
        difficulty_curve,
    )

    per_step = max(1, n // len(CURVE_STEPS))
    make = partial(generate, Kind.PLATFORMER) if model is None else partial(generate, Kind.PLATFORMER, model=model)
    curves = {gen: difficulty_curve(gen, per_step=per_step, seed=seed, make=make) for gen in models}
    parts = [f"difficulty curve, {gen} (player model, {per_step} levels per step):\n{curve_table(points)}"
             for gen, points in curves.items()]
    if png:
        path = str(Path(png).with_name(f"{Path(png).stem.removesuffix('-expressive-range')}-difficulty.png"))
        curve_png(curves, path)
        parts.append(f"difficulty curve plot: {path}")
    return "\n".join(parts)


def evaluate_rooms(
    generator: str, n: int, seed: int = 0, png: str | None = None, model: str | PathLike[str] | None = None
) -> str:
    """The dungeon-room table (``n`` raw rooms, ``n`` rooms and ``n`` path-length requests per
    generator; ``model``: the checkpoint to evaluate, None for the shipped one). Several models
    side by side: ``generator="gan,vae"``.

    The default rows check what every room generator promises without path targets (the
    dungeon-room defaults): a walk start→key→door of at least interior width + height steps,
    and exactly the 3 enemies asked for.
    """
    from procgen.levels.dungeon.corpus import corpus_rooms
    from procgen.levels.dungeon.generate import generate_room as dungeon_room
    from procgen.levels.dungeon.metrics import (
        diversity,
        expressive_range_png,
        novelty,
        tile_pattern_kl,
    )
    from procgen.levels.dungeon.solver import solve_room
    from procgen.levels.dungeon.tiles import DEFAULT_HEIGHT, DEFAULT_WIDTH

    corpus = corpus_rooms()
    least = DEFAULT_WIDTH + DEFAULT_HEIGHT
    walk_row = f"default walk >= w+h ({least}) share"
    rows: dict[str, dict[str, Any]] = {k: {} for k in (
        "raw completable (no repair/search)", "final verified completable", "reached within 8 tries",
        "path lengths ±1 and enemies exact", walk_row, "default walk mean", "default walk min",
        "default enemies exact (3)", "tile-pattern KL k=2", "tile-pattern KL k=3", "tile-pattern KL k=4",
        "KL k=2, raw rooms", "novelty (share of tiles)", "identical to a training room", "diversity (share of tiles)",
        "diversity, raw rooms", "raw rooms per second", "verified room median ms",
    )}
    # Requests as a user would make them: the walks of the corpus rooms, and 3 enemies.
    asks = []
    for room in corpus:
        sol = solve_room(room)
        # Walks that fit the classic generator's feasibility rule too (their sum <= 44 in 11x7).
        if sol.completable and sol.start_to_key and sol.key_to_door and sol.start_to_key + sol.key_to_door <= 44:
            asks.append((int(sol.start_to_key), int(sol.key_to_door)))
    models = [g.value for g in parse_generators(generator) if g != GeneratorName.CLASSIC]

    def fill(col: str, make: Callable[..., Level], tries_key: str) -> None:
        rooms, times = _timed(lambda s: make(s), range(seed, seed + n))
        done = [r for r in rooms if r is not None]
        sols = [solve_room(r) if r is not None else None for r in rooms]
        rows["final verified completable"][col] = float(np.mean([s is not None and s.completable for s in sols]))
        rows["reached within 8 tries"][col] = float(np.mean([r is not None and int(r.stats.get(tries_key, 1)) <= 8 for r in rooms]))
        rows["verified room median ms"][col] = 1000 * float(np.median(times))
        walks = np.array([int(s.path_length or 0) if s is not None else 0 for s in sols])
        rows[walk_row][col] = float(np.mean(walks >= least))
        rows["default walk mean"][col] = float(walks.mean())
        rows["default walk min"][col] = float(walks.min())
        rows["default enemies exact (3)"][col] = float(np.mean([s is not None and s.enemies == 3 for s in sols]))
        if done:
            for k in (2, 3, 4):
                rows[f"tile-pattern KL k={k}"][col] = tile_pattern_kl(done, corpus, k)
            rows["novelty (share of tiles)"][col] = novelty(done, corpus)
            rows["diversity (share of tiles)"][col] = diversity(done)
        hits = []
        for i in range(n):
            a, b = asks[i % len(asks)]
            try:
                r = make(seed + i, path_lengths=(a, b))
            except (GenerationError, ParamError):  # InfeasibleError is a ParamError
                hits.append(False)
                continue
            sol = solve_room(r)
            hits.append(bool(sol.completable and abs(int(sol.start_to_key or -9) - a) <= 1
                             and abs(int(sol.key_to_door or -9) - b) <= 1 and sol.enemies == 3))
        rows["path lengths ±1 and enemies exact"][col] = float(np.mean(hits))
        if png and (col != GeneratorName.CLASSIC or not models):
            path = png if len(models) <= 1 else str(Path(png).with_stem(f"{Path(png).stem}-{col}"))
            expressive_range_png(done, path, title=f"dungeon-room {col}, {len(done)} rooms")

    fill("classic", lambda s, **kw: dungeon_room(s, **kw), "tries")
    rows["raw completable (no repair/search)"]["classic"] = "constructive"
    columns = ["classic"]
    def add_model(gen: str) -> None:
        from procgen.levels.dungeon.kind import ROOMS as dom
        from procgen.models.data import load_corpus
        from procgen.models.rooms import generate_room, sample_rooms

        columns.append(gen)
        raw = sample_rooms(n, seed, generator=gen, model=model)
        raw_rooms = [dom.level_of(r) for r in raw]
        rows["raw completable (no repair/search)"][gen] = float(
            np.mean([solve_room(r).completable for r in raw_rooms]))
        rows["KL k=2, raw rooms"][gen] = tile_pattern_kl(raw_rooms, corpus, 2)
        rows["diversity, raw rooms"][gen] = diversity(raw_rooms)
        rows["identical to a training room"][gen] = identical_share(raw, load_corpus(dom).ids)
        rows["raw rooms per second"][gen] = _raw_speed(lambda k, s: sample_rooms(k, s, generator=gen, model=model))
        fill(gen, lambda s, **kw: generate_room(s, generator=gen, model=model, **kw), "tries")

    for gen in models:
        add_model(gen)
    rows["final verified completable"]["corpus"] = float(np.mean([solve_room(r).completable for r in corpus]))
    rows["diversity (share of tiles)"]["corpus"] = diversity(corpus)
    rows["identical to a training room"]["classic"] = "n/a"
    columns.append("corpus")
    title = (f"dungeon-room: {n} rooms (seeds {seed}..{seed + n - 1}, default walk and 3 enemies), "
             f"{n} path-length requests, {n} raw model rooms per model")
    text = _table(title, columns, rows)
    return text + (f"\nexpressive range: {png}" if png else "")


#: The kinds with a model table, and their table.
TABLES: dict[Kind, Callable[..., str]] = {
    Kind.PLATFORMER: evaluate_platformer,
    Kind.DUNGEON_ROOM: evaluate_rooms,
}
#: The kinds whose table puts several models side by side (``--generator gan,vae``).
SIDE_BY_SIDE = {Kind.PLATFORMER, Kind.DUNGEON_ROOM}


def parse_generators(generator: str) -> list[GeneratorName]:
    """``"gan"`` or ``"gan,vae"`` -> the generators, in order; an unknown name is a ParamError."""
    try:
        parts = [GeneratorName(g) for g in str(generator).split(",")]
    except ValueError:
        raise ParamError(f"generator: must be classic, gan, vae or gan,vae, got {generator!r}") from None
    return parts


def evaluate_cli(
    kind: str, *, generator: str, n: int, seed: int = 0, png: str | None = None, model: str | None = None
) -> str:
    """``procgen eval KIND --generator gan|vae``: the side-by-side table as text (and the
    expressive-range PNG); ``model`` is the checkpoint (config or folder) the gan/vae column
    evaluates. Platformer ``generator`` may name both models, ``gan,vae``: one column each."""
    try:
        k = Kind(kind)
        table = TABLES[k]
    except (ValueError, KeyError):
        raise ParamError(f"kind: the models evaluate {' and '.join(map(str, TABLES))}, not {kind!r}") from None
    parts = parse_generators(generator)
    if len(parts) > 1 and k not in SIDE_BY_SIDE:
        raise ParamError(f"generator: must be classic, gan, vae or gan,vae, got {generator!r}")
    if model is not None and parts == [GeneratorName.CLASSIC]:
        raise ParamError("model: a checkpoint is for the gan and vae generators; add --generator gan or vae")
    if model is not None and len(parts) > 1:
        raise ParamError("model: a checkpoint is one model; evaluate it with --generator gan or vae alone")
    check_int("n", n, 2, 100_000)
    return table(",".join(g.value for g in parts), n, seed, png, model)
