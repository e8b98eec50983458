"""``procgen eval platformer|dungeon-room --generator classic|gan|vae --n N``: one table, side by
side: the classic generator, the model (when asked for) and the hand-authored corpus.

Rows: raw share playable (model samples before repair and search; for the classic generator,
levels accepted on their first attempt), structure defects before repair, final share
verified, share reached within 8 tries, control (difficulty or path lengths hit), tile-pattern
KL for k = 2, 3, 4 against the corpus, novelty, share of windows identical to a training
window (memorisation), diversity, and speed. The metric functions are the platformer's and the
dungeon's own (:mod:`procgen.levels.platformer.metrics`, :mod:`procgen.levels.dungeon.metrics`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from os import PathLike
from typing import Any

import numpy as np

from procgen.errors import GenerationError, ParamError
from procgen.level import Level

__all__ = ["evaluate_cli", "evaluate_platformer", "evaluate_rooms", "identical_share"]

RAW_BATCH = 256


def identical_share(items: np.ndarray, training: np.ndarray) -> float:
    """Share of windows ``(N, H, W)`` that are exactly a training window."""
    if len(items) == 0:
        return float("nan")
    seen = {w.tobytes() for w in np.ascontiguousarray(training)}
    return float(np.mean([w.tobytes() in seen for w in np.ascontiguousarray(items)]))


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
    from procgen.levels.platformer.corpus import corpus_levels, windows
    from procgen.levels.platformer.generate import generate
    from procgen.levels.platformer.metrics import (
        EVAL_STYLE,
        diversity,
        expressive_range_png,
        level_metrics,
        novelty,
        tile_pattern_kl,
    )
    from procgen.levels.platformer.repair import defects
    from procgen.levels.platformer.solver import solve

    corpus = corpus_levels()
    ref = windows(corpus, 28, 4)
    diffs = [round(i / (n - 1), 4) if n > 1 else 0.5 for i in range(n)]
    rows: dict[str, dict[str, Any]] = {k: {} for k in (
        "raw playable (no repair/search)", "raw structure defects (share)", "final verified playable",
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

    # The corpus column: the reference itself.
    per_c = [level_metrics(lv) for lv in corpus]
    rows["final verified playable"]["corpus"] = float(np.mean([solve(lv).playable for lv in corpus]))
    rows["raw structure defects (share)"]["corpus"] = float(np.mean([bool(defects(lv)) for lv in corpus]))
    rows["diversity (mean pairwise)"]["corpus"] = diversity(windows(corpus, 28, 28))
    for key in ("density", "linearity", "leniency"):
        rows[key]["corpus"] = float(np.mean([m[key] for m in per_c]))
    for k in (2, 3, 4):
        rows[f"tile-pattern KL k={k}"]["corpus"] = 0.0

    classic, t_classic = _timed(
        lambda i: generate(seed + i, generator="classic", difficulty=diffs[i - seed], style=EVAL_STYLE),
        range(seed, seed + n),
    )
    fill_levels("classic", classic, t_classic, "attempts")
    rows["raw playable (no repair/search)"]["classic"] = float(
        np.mean([lv is not None and lv.stats.get("attempts") == 1 and not lv.stats.get("repaired") for lv in classic])
    )
    columns = ["classic"]
    if generator != "classic":
        from procgen.models.data import load_corpus, platformer_domain
        from procgen.models.platformer import generate_level, sample_windows

        col = generator
        columns.append(col)
        raw = sample_windows(n, seed, generator=generator, model=model)
        dom = platformer_domain()
        raw_levels = [dom.level_of(w) for w in raw]
        rows["raw playable (no repair/search)"][col] = float(np.mean([solve(lv).playable for lv in raw_levels]))
        rows["raw structure defects (share)"][col] = float(np.mean([bool(defects(lv)) for lv in raw_levels]))
        rows["KL k=2, raw windows"][col] = tile_pattern_kl(raw, corpus, 2)
        rows["identical to a training window"][col] = identical_share(raw, load_corpus(dom).ids)
        rows["raw windows per second"][col] = _raw_speed(lambda k, s: sample_windows(k, s, generator=generator, model=model))
        levels, times = _timed(lambda i: generate_level(i, generator=generator, difficulty=diffs[i - seed], model=model), range(seed, seed + n))
        fill_levels(col, levels, times, "tries")
        rows["difficulty within ±0.1"][col] = float(np.mean([
            lv is not None and abs(float(lv.stats["difficulty"]) - d) <= 0.1 for lv, d in zip(levels, diffs, strict=True)
        ]))
        if png:
            done = [lv for lv in levels if lv is not None]
            per = [level_metrics(lv) for lv in done]
            expressive_range_png([m["linearity"] for m in per], [m["leniency"] for m in per], png,
                                 title=f"platformer {generator}, {len(done)} levels")
    elif png:
        done = [lv for lv in classic if lv is not None]
        per = [level_metrics(lv) for lv in done]
        expressive_range_png([m["linearity"] for m in per], [m["leniency"] for m in per], png,
                             title=f"platformer classic, {len(done)} levels")
    rows["identical to a training window"]["classic"] = identical_share(
        windows([lv for lv in classic if lv is not None], 28, 28), ref)
    columns.append("corpus")
    title = f"platformer: {n} levels (seeds {seed}..{seed + n - 1}, difficulty 0..1) and {n} raw windows per model"
    text = _table(title, columns, rows)
    return text + (f"\nexpressive range (linearity x leniency): {png}" if png else "")


def evaluate_rooms(
    generator: str, n: int, seed: int = 0, png: str | None = None, model: str | PathLike[str] | None = None
) -> str:
    """The dungeon-room table (``n`` raw rooms, ``n`` rooms and ``n`` path-length requests;
    ``model``: the checkpoint to evaluate, None for the shipped one)."""
    from procgen.levels.dungeon.corpus import corpus_rooms, room_ids
    from procgen.levels.dungeon.generate import generate_room as dungeon_room
    from procgen.levels.dungeon.metrics import (
        diversity,
        expressive_range_png,
        novelty,
        tile_pattern_kl,
    )
    from procgen.levels.dungeon.solver import solve_room

    corpus = corpus_rooms()
    ref = room_ids(corpus)
    rows: dict[str, dict[str, Any]] = {k: {} for k in (
        "raw completable (no repair/search)", "final verified completable", "reached within 8 tries",
        "path lengths ±1 and enemies exact", "tile-pattern KL k=2", "tile-pattern KL k=3", "tile-pattern KL k=4",
        "novelty (share of tiles)", "identical to a training room", "diversity (share of tiles)",
        "raw rooms per second", "verified room median ms",
    )}
    # Requests as a user would make them: the walks of the corpus rooms, and 3 enemies.
    asks = []
    for room in corpus:
        sol = solve_room(room)
        # Walks that fit the classic generator's feasibility rule too (their sum <= 44 in 11x7).
        if sol.completable and sol.start_to_key and sol.key_to_door and sol.start_to_key + sol.key_to_door <= 44:
            asks.append((int(sol.start_to_key), int(sol.key_to_door)))

    def fill(col: str, make: Callable[..., Level], tries_key: str) -> None:
        rooms, times = _timed(lambda s: make(s), range(seed, seed + n))
        done = [r for r in rooms if r is not None]
        rows["final verified completable"][col] = float(np.mean([r is not None and solve_room(r).completable for r in rooms]))
        rows["reached within 8 tries"][col] = float(np.mean([r is not None and int(r.stats.get(tries_key, 1)) <= 8 for r in rooms]))
        rows["verified room median ms"][col] = 1000 * float(np.median(times))
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
        if png and (col != "classic" or generator == "classic"):
            expressive_range_png(done, png, title=f"dungeon-room {col}, {len(done)} rooms")

    fill("classic", lambda s, **kw: dungeon_room(s, generator="classic", **kw), "tries")
    rows["raw completable (no repair/search)"]["classic"] = "constructive"
    columns = ["classic"]
    if generator != "classic":
        from procgen.models.data import load_corpus, room_domain
        from procgen.models.rooms import generate_room, sample_rooms

        columns.append(generator)
        raw = sample_rooms(n, seed, generator=generator, model=model)
        dom = room_domain()
        rows["raw completable (no repair/search)"][generator] = float(
            np.mean([solve_room(dom.level_of(r)).completable for r in raw]))
        rows["identical to a training room"][generator] = identical_share(raw, load_corpus(dom).ids)
        rows["raw rooms per second"][generator] = _raw_speed(lambda k, s: sample_rooms(k, s, generator=generator, model=model))
        fill(generator, lambda s, **kw: generate_room(s, generator=generator, model=model, **kw), "tries")
    rows["final verified completable"]["corpus"] = float(np.mean([solve_room(r).completable for r in corpus]))
    rows["diversity (share of tiles)"]["corpus"] = diversity(corpus)
    rows["identical to a training room"]["classic"] = "n/a"
    del ref
    columns.append("corpus")
    title = f"dungeon-room: {n} rooms (seeds {seed}..{seed + n - 1}), {n} path-length requests, {n} raw model rooms"
    text = _table(title, columns, rows)
    return text + (f"\nexpressive range: {png}" if png else "")


def evaluate_cli(
    kind: str, *, generator: str, n: int, seed: int = 0, png: str | None = None, model: str | None = None
) -> str:
    """``procgen eval KIND``: the side-by-side table as text (and the expressive-range PNG);
    ``model`` is the checkpoint (config or folder) the gan/vae column evaluates."""
    if generator not in ("classic", "gan", "vae"):
        raise ParamError(f"generator: must be classic, gan or vae, got {generator!r}")
    if model is not None and generator == "classic":
        raise ParamError("model: a checkpoint is for the gan and vae generators; add --generator gan or vae")
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= 100_000:
        raise ParamError(f"n: must be between 2 and 100000, got {n!r}")
    if kind == "platformer":
        return evaluate_platformer(generator, n, seed, png, model)
    if kind in ("dungeon-room", "room"):
        return evaluate_rooms(generator, n, seed, png, model)
    raise ParamError(f"kind: the models evaluate platformer and dungeon-room, not {kind!r}")
