"""Build the 15-level "real-size, real-density" platformer corpus that times
``procgen train platformer-gan|platformer-vae --data DIR`` (issue #17, point 5).

The folder holds VGLC-style ``.txt`` files (14 rows of tile characters, no header), named
``NN-style-name.txt`` so training labels each level's style as it does the shipped examples:

- the five real-density example levels 14..18 of ``procgen/levels/platformer/examples``
  (188..208 columns, 10.6..13.9 enemies per 100 columns), copied as they are;
- ten classic levels, 210..240 columns, at difficulties that give real-game density (about
  10-14 enemies per 100 columns for overground, underground and pipe levels): three
  overground, two underground, two pipe, two cannon (fortress preset) and one sky.

The same command writes the same bytes (classic levels are pure functions of their seed).

    .venv/bin/python benchmarks/real_corpus.py OUT_DIR
    .venv/bin/procgen train platformer-gan --data OUT_DIR --out runs/real15 --seed 0
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

#: (file stem, classic style preset, seed, width, difficulty) of the ten classic levels.
CLASSIC = (
    ("21-overground-classic", "overground", 101, 210, 0.7),
    ("22-overground-classic", "overground", 102, 220, 0.7),
    ("23-overground-classic", "overground", 103, 240, 0.75),
    ("24-underground-classic", "underground", 104, 210, 0.7),
    ("25-underground-classic", "underground", 105, 230, 0.75),
    ("26-pipe-classic", "pipes", 106, 210, 0.7),
    ("27-pipe-classic", "pipes", 107, 220, 0.75),
    ("28-cannon-classic", "fortress", 108, 210, 0.9),
    ("29-cannon-classic", "fortress", 109, 230, 1.0),
    ("30-sky-classic", "sky", 110, 210, 1.0),
)
#: The hand-authored examples drawn at real-game density.
REAL_EXAMPLES = ("14-", "15-", "16-", "17-", "18-")


def build(out: Path) -> list[Path]:
    """Write the 15 levels into ``out`` (created; existing files of the same name replaced)."""
    from procgen.levels.platformer.corpus import CORPUS_DIR
    from procgen.levels.platformer.generate import generate

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted(Path(CORPUS_DIR).glob("*.txt")):
        if src.name.startswith(REAL_EXAMPLES):
            shutil.copyfile(src, out / src.name)
            written.append(out / src.name)
    for stem, style, seed, width, difficulty in CLASSIC:
        level = generate(seed, width=width, difficulty=difficulty, style=style)
        path = out / f"{stem}.txt"
        path.write_text("\n".join(level.rows) + "\n", encoding="ascii")
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    from procgen.levels.platformer.corpus import load_levels
    from procgen.levels.platformer.metrics import enemies_per_100, pipes_per_200

    files = build(args.out)
    levels = load_levels(args.out)
    print(f"{len(files)} levels in {args.out}: {sum(lv.width for lv in levels)} columns, "
          f"widths {min(lv.width for lv in levels)}..{max(lv.width for lv in levels)}, "
          f"{enemies_per_100(levels):.2f} enemies /100 cols, {pipes_per_200(levels):.2f} pipes /200 cols")


if __name__ == "__main__":
    main()
