"""Regenerate the README's benchmark table from ``benchmarks/results/*.json`` (one ``make bench``).

    python benchmarks/readme_table.py            # print the table
    python benchmarks/readme_table.py --write    # replace it in README.md, between the markers

Each row is a figure one benchmark wrote (median of interleaved runs, with min–max); the lines
above the table say when the run was and what the machine's load average was.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


def _ms(s: dict[str, float]) -> str:
    if s["median"] >= 1:
        return f"{s['median']:.2f} s [{s['min']:.2f}–{s['max']:.2f}]"
    return f"{s['median'] * 1e3:.1f} ms [{s['min'] * 1e3:.1f}–{s['max'] * 1e3:.1f}]"


def row(bench: str, r: dict[str, Any]) -> str:
    """One markdown row for a recorded figure."""
    target = r.get("target") or ""
    if "value" in r:
        return f"| `bench_{bench}.py` | {r['measure']} | {r['value']:.3g} {r['unit']} | | | {target} |"
    times = r["times"]
    ours = _ms(times[r["ours"]])
    if r.get("peer"):
        peer = f"{r['peer']}: {_ms(times[r['peer']])}"
        ratio = f"{r['speedup']:.2f}×"
    else:
        peer, ratio = "", ""
    return f"| `bench_{bench}.py` | {r['measure']} | {ours} | {peer} | {ratio} | {target} |"


def table(results: Path = HERE / "results") -> str:
    """The whole block: provenance lines, then the table, from every JSON file in ``results``."""
    records = [json.loads(p.read_text()) for p in sorted(results.glob("*.json"))]
    if not records:
        raise SystemExit(f"no benchmark results in {results}: run `make bench` first")
    lines = ["Measured by `make bench`; medians of interleaved runs (ours, peer, ours, …) with min–max.", ""]
    for rec in records:
        lines.append(f"- `bench_{rec['benchmark']}.py`: {rec['date']}, load average "
                     f"{rec['load_average_start']} at start, {rec['load_average_end']} at end, "
                     f"{rec['cpus']} CPUs, Python {rec['python']}, numpy {rec['numpy']}")
    lines += ["", "| benchmark | measure | ours | peer in the same runs | speedup (peer / ours) | target |",
              "|---|---|---|---|---|---|"]
    for rec in records:
        lines += [row(rec["benchmark"], r) for r in rec["rows"]]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="replace the table in README.md")
    ap.add_argument("--readme", type=Path, default=HERE.parent / "README.md")
    args = ap.parse_args()
    block = table()
    if not args.write:
        print(block)
        return
    text = args.readme.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{args.readme}: no {START} … {END} markers to replace between")
    text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: f"{START}\n{block}\n{END}", text, flags=re.S)
    args.readme.write_text(text)
    print(f"updated {args.readme}")


if __name__ == "__main__":
    main()
