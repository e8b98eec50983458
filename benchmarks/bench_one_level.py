"""Training on one level (or a handful of rooms): time, copies, and closeness to that example.

For each example (by default an overground and an underground platformer level, and five rooms
of one room style) this trains ``procgen train platformer-gan|room-gan --data ONE --seed 0``
in a child process (the real command, with its automatic small-data schedule), records its wall
time and its process CPU time (user + system of the child, the honest figure on a loaded
machine), then judges what the model makes:

- **playable**: share of seeds that give a level (the generator's verified-playable level; a
  failure within its tries counts against it), and the raw samples the solver passes;
- **copies**: share of the final levels' 28-column windows (every column) identical to a
  window of the example (rooms: share of rooms identical to a training room); issue #17 point 6
  asks for fewer than 5 %;
- **pattern KL** (:func:`procgen.levels.tilestats.pattern_kl`, 2x2) of the final levels against
  the example, and against each other style of the shipped corpus: the example must be the
  closest.

    nice -n 5 .venv/bin/python benchmarks/bench_one_level.py [--levels 20] [--only platformer|room]
        [--example 01-overground-hills --example 04-underground-halls] [--room-style mazes]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Report

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "procgen" / "levels" / "platformer" / "examples"
ROOMS = REPO / "procgen" / "levels" / "dungeon" / "rooms"
WINDOW = 28


def train(model: str, data: Path, out: Path, reuse: bool = False) -> tuple[float, float, dict]:
    """Run ``procgen train`` as a child; (wall s, CPU s of the child, the checkpoint config).

    ``reuse`` keeps a checkpoint already in ``out`` (its recorded training wall time; CPU NaN).
    """
    if reuse and (out / f"{model}.json").is_file():
        doc = json.loads((out / f"{model}.json").read_text())
        return float(doc["training"]["wall_time_s"]), float("nan"), doc
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "procgen", "train", model, "--data", str(data), "--out", str(out),
                    "--seed", "0"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads((out / f"{model}.json").read_text())


def stride_one(ids: np.ndarray) -> set[bytes]:
    from procgen.levels.tilestats import windows

    return {w.tobytes() for w in windows(ids, WINDOW, 1)}


def platformer_case(example: str, n: int, report: Report, work: Path, reuse: bool, family: str = "gan") -> None:
    from procgen.errors import GenerationError
    from procgen.levels.platformer.corpus import corpus_levels, ids_of, load_levels
    from procgen.levels.platformer.structure import style_of
    from procgen.levels.tilestats import pattern_kl, windows
    from procgen.models.data import platformer_domain
    from procgen.models.platformer import generate_level, sample_windows

    src = EXAMPLES / f"{example}.txt"
    one = work / f"{example}.txt"
    one.write_bytes(src.read_bytes())
    (level,) = load_levels(one)
    own_style = style_of(load_levels(src)[0])
    out = work / f"model-{family}-{example}"
    wall, cpu, doc = train(f"platformer-{family}", one, out, reuse)
    sch = doc["training"]
    example = f"{example} ({family})"
    report.value(f"{example}: train wall", wall, "s", "<= 300 s on 2 cores",
                 extra={"cpu_s": cpu, "schedule": sch.get("schedule"), "steps": sch["steps"]})
    report.value(f"{example}: train process CPU", cpu, "s")
    print(f"    schedule: {sch.get('schedule')}, steps {sch['steps']}, selected step {sch.get('selected_step')}")
    example_ids = ids_of(level)
    seen = stride_one(example_ids)
    made, failed = [], 0
    for seed in range(n):
        try:
            made.append(generate_level(seed, generator=family, model=out, width=level.width))
        except GenerationError:
            failed += 1
    ids = [ids_of(lv) for lv in made]
    copies = np.concatenate([[w.tobytes() in seen for w in windows(g, WINDOW, 1)] for g in ids]) if ids else np.ones(1)
    dom = platformer_domain()
    raw = sample_windows(256, 0, generator=family, model=out)
    raw_ok = float(dom.ok([dom.level_of(w) for w in raw]).mean())
    by_style: dict[str, list[np.ndarray]] = {}
    for lv in corpus_levels():
        by_style.setdefault(style_of(lv), []).append(ids_of(lv))
    kl_own = pattern_kl(ids, [example_ids], 2)
    kl_other = {s: pattern_kl(ids, grids, 2) for s, grids in sorted(by_style.items()) if s != own_style}
    nearest = min(kl_other, key=kl_other.__getitem__)
    report.value(f"{example}: levels made (verified playable)", len(made) / n, "share", ">= 0.95")
    report.value(f"{example}: raw samples playable", raw_ok, "share")
    report.value(f"{example}: 28-col windows copied", float(np.mean(copies)), "share", "< 0.05")
    report.value(f"{example}: pattern KL vs the example", kl_own, "nats", f"< {nearest} {kl_other[nearest]:.3f}",
                 extra={"kl_other_styles": kl_other})
    print("    KL vs other styles: " + ", ".join(f"{s} {v:.3f}" for s, v in kl_other.items()))
    content = {name: (per_100(made, ch), per_100([level], ch)) for name, ch in CONTENT.items()}
    report.value(f"{example}: enemies per 100 columns", content["enemies"][0], "",
                 f"example {content['enemies'][1]:.1f}", extra={"content_vs_example": content})
    print("    per 100 columns, levels vs example: "
          + ", ".join(f"{k} {a:.1f} vs {b:.1f}" for k, (a, b) in content.items()))


#: Tiles counted per 100 columns, made levels against the example (the look beyond 2x2 patterns).
CONTENT = {"enemies": "E", "question blocks": "?", "pipes": "<", "coins": "o", "bricks": "S"}


def per_100(levels: list, ch: str) -> float:
    cols = sum(lv.width for lv in levels)
    return 100.0 * sum(row.count(ch) for lv in levels for row in lv.rows) / max(1, cols)


def room_case(style: str, count: int, n: int, report: Report, work: Path, reuse: bool) -> None:
    from procgen.levels.dungeon.corpus import load_rooms, room_ids
    from procgen.levels.tilestats import pattern_kl
    from procgen.models.rooms import generate_room

    rooms = load_rooms(ROOMS / f"{style}.txt")[:count]
    src_lines = (ROOMS / f"{style}.txt").read_text().splitlines()
    # The first ``count`` rooms of the file, with its legend line: a user's own room file.
    keep, seen_rooms = [], 0
    for line in src_lines:
        if line.startswith("room:"):
            seen_rooms += 1
            if seen_rooms > count:
                break
        keep.append(line)
    data = work / f"{style}-{count}.txt"
    data.write_text("\n".join(keep) + "\n")
    out = work / f"model-rooms-{style}"
    wall, cpu, doc = train("room-gan", data, out, reuse)
    sch = doc["training"]
    report.value(f"rooms {style} x{count}: train wall", wall, "s", "<= 300 s on 2 cores",
                 extra={"cpu_s": cpu, "schedule": sch.get("schedule"), "steps": sch["steps"]})
    report.value(f"rooms {style} x{count}: train process CPU", cpu, "s")
    print(f"    schedule: {sch.get('schedule')}, steps {sch['steps']}, selected step {sch.get('selected_step')}")
    train_ids = room_ids(rooms)
    made = [generate_room(seed, generator="gan", model=out) for seed in range(n)]
    ids = room_ids(made)
    # Copies of a training room or of one of its mirrors (what the small-data schedule trains on).
    seen = {r.tobytes() for flip in (train_ids, train_ids[:, :, ::-1], train_ids[:, ::-1, :], train_ids[:, ::-1, ::-1])
            for r in np.ascontiguousarray(flip)}
    copies = float(np.mean([r.tobytes() in seen for r in ids]))
    others = {s.stem: room_ids(load_rooms(s)) for s in sorted(ROOMS.glob("*.txt")) if s.stem != style}
    kl_own = pattern_kl(ids, train_ids, 2)
    kl_other = {s: pattern_kl(ids, g, 2) for s, g in others.items()}
    nearest = min(kl_other, key=kl_other.__getitem__)
    completable = float(np.mean([bool(r.stats.get("completable", True)) for r in made]))
    report.value(f"rooms {style} x{count}: rooms completable", completable, "share")
    report.value(f"rooms {style} x{count}: rooms copied", copies, "share", "< 0.05")
    report.value(f"rooms {style} x{count}: pattern KL vs the examples", kl_own, "nats",
                 f"< {nearest} {kl_other[nearest]:.3f}", extra={"kl_other_styles": kl_other})
    print("    KL vs other styles: " + ", ".join(f"{s} {v:.3f}" for s, v in kl_other.items()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--levels", type=int, default=20, help="levels (rooms: 5x this) judged per model")
    ap.add_argument("--example", action="append", help="platformer example file stem (repeatable)")
    ap.add_argument("--room-style", default="mazes", help="room file stem the handful of rooms comes from")
    ap.add_argument("--rooms", type=int, default=5, help="how many rooms of that file to train on")
    ap.add_argument("--only", choices=["platformer", "room"])
    ap.add_argument("--family", choices=["gan", "vae"], default="gan", help="the platformer model trained (rooms: gan)")
    ap.add_argument("--work", help="keep the data and models in this folder (default: a temporary one)")
    ap.add_argument("--reuse", action="store_true", help="with --work: judge models already there, no training")
    args = ap.parse_args()
    report = Report("one_level")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.only != "room":
            for example in args.example or ["01-overground-hills", "04-underground-halls"]:
                platformer_case(example, args.levels, report, work, args.reuse, args.family)
        if args.only != "platformer":
            room_case(args.room_style, args.rooms, 5 * args.levels, report, work, args.reuse)
    report.save()


if __name__ == "__main__":
    main()
