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
        ratio = f"{r['speedup']:.2f}×" + (f" (CPU time {r['cpu_speedup']:.2f}×)" if "cpu_speedup" in r else "")
    else:
        peer, ratio = "", ""
        cpu = times[r["ours"]].get("cpu")
        if cpu:
            ours += f" (CPU {_ms(cpu).split(' [')[0]})"
    return f"| `bench_{bench}.py` | {r['measure']} | {ours} | {peer} | {ratio} | {target} |"


def _kept(previous: str, fresh: set[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """From a previous block, the provenance line and rows of each benchmark not in ``fresh``."""
    provenance: dict[str, str] = {}
    rows: dict[str, list[str]] = {}
    for line in previous.splitlines():
        m = re.match(r"^(?:- |\| )`bench_(\w+)\.py`", line)
        if m is None or m.group(1) in fresh:
            continue
        if line.startswith("- "):
            provenance[m.group(1)] = line
        else:
            rows.setdefault(m.group(1), []).append(line)
    return provenance, rows


def table(results: Path = HERE / "results", previous: str = "") -> str:
    """The whole block: provenance lines, then the table, from every JSON file in ``results``.

    Benchmarks with no JSON file this time keep their lines from ``previous`` (the block now in
    the README), each with its own date and load line, so a partial run updates only its rows.
    """
    records = [json.loads(p.read_text()) for p in sorted(results.glob("*.json"))]
    if not records:
        raise SystemExit(f"no benchmark results in {results}: run `make bench` first")
    fresh = {rec["benchmark"]: rec for rec in records}
    old_provenance, old_rows = _kept(previous, set(fresh))
    names = sorted(set(fresh) | set(old_provenance) | set(old_rows))
    lines = ["Measured by `make bench` (each script's date and load average on its own line); medians of",
             "interleaved runs (ours, peer, ours, …) with min–max, wall clock; where given, the CPU-time",
             "ratio says what the code costs when the shared machine keeps it waiting for a core.", ""]
    for name in names:
        if name in fresh:
            rec = fresh[name]
            lines.append(f"- `bench_{name}.py`: {rec['date']}, load average "
                         f"{rec['load_average_start']} at start, {rec['load_average_end']} at end, "
                         f"{rec['cpus']} CPUs, Python {rec['python']}, numpy {rec['numpy']}")
        elif name in old_provenance:
            lines.append(old_provenance[name])
    lines += ["", "| benchmark | measure | ours | peer in the same runs | speedup (peer / ours) | target |",
              "|---|---|---|---|---|---|"]
    for name in names:
        lines += [row(name, r) for r in fresh[name]["rows"]] if name in fresh else old_rows.get(name, [])
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="replace the table in README.md")
    ap.add_argument("--readme", type=Path, default=HERE.parent / "README.md")
    args = ap.parse_args()
    text = args.readme.read_text() if args.readme.exists() else ""
    previous = text.split(START, 1)[1].split(END, 1)[0] if START in text and END in text else ""
    block = table(previous=previous)
    if not args.write:
        print(block)
        return
    if not previous:
        raise SystemExit(f"{args.readme}: no {START} … {END} markers to replace between")
    text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: f"{START}\n{block}\n{END}", text, flags=re.S)
    args.readme.write_text(text)
    print(f"updated {args.readme}")


if __name__ == "__main__":
    main()
