"""What every benchmark shares: interleaved timing, a printed table, and a JSON record.

Timing: each measure runs ours, peer, ours, peer, … (``rounds`` times each, in that order), so a
load spike on the shared machine hits both sides alike; we report the median with min and max,
and ratios of medians. Never best-of: the best run flatters whoever got the quiet moment.

Records: ``benchmarks/results/<name>.json`` (git-ignored) holds every figure with the date, the
machine's load average at start and end, and the Python and numpy versions;
``benchmarks/readme_table.py`` turns those files into the README's benchmark table.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages ([] where the OS has none)."""
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return []


def summary(times: list[float]) -> dict[str, float]:
    """``{median, min, max, runs}`` of a list of timings in seconds (one measure's runs)."""
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": len(times)}


def interleaved(fns: dict[str, Callable[[], object]], rounds: int = 5, warmup: bool = True) -> dict[str, dict[str, Any]]:
    """Time each function ``rounds`` times, interleaved; ``{name: {median, min, max, runs, cpu}}``
    in seconds, wall clock, with ``cpu`` the same summary of this process's CPU time per call.

    On the shared machine a short call waits for a core more, in proportion, than a long one:
    the CPU-time ratio says what the code costs, the wall-clock ratio what a user waits.
    """
    if warmup:
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            c = time.process_time()
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    return {name: {**summary(ts), "cpu": summary(cpu[name])} for name, ts in times.items()}


def interleaved_seeds(fns: dict[str, Callable[[int], object]], seeds: range) -> dict[str, dict[str, Any]]:
    """Like :func:`interleaved`, one seed per round: f1(s), f2(s), … for each seed in turn."""
    for fn in fns.values():
        fn(seeds[0])
    times: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    for seed in seeds:
        for name, fn in fns.items():
            c = time.process_time()
            t = time.perf_counter()
            fn(seed)
            times[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    return {name: {**summary(ts), "cpu": summary(cpu[name])} for name, ts in times.items()}


#: A script for a fresh interpreter: run ``setup`` then ``call``, print the call's peak memory
#: above the resident set it started from (Linux: the high-water mark reset before the call).
PEAK_SCRIPT = """
import re
{setup}
def rss(field):
    return int(re.search(field + r":\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) * 1024
open("/proc/self/clear_refs", "w").write("5")  # reset VmHWM to the current resident set
base = rss("VmRSS")
{call}
print(rss("VmHWM") - base)
"""


def peak_bytes(setup: str, call: str) -> int:
    """Peak resident memory of ``call`` above where it started, in a fresh interpreter (Linux)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", PEAK_SCRIPT.format(setup=setup, call=call)],
                         check=True, capture_output=True, text=True)
    return int(out.stdout.split()[-1])


class Report:
    """One benchmark's figures: rows printed as they come, and saved as JSON at the end."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.started = _dt.datetime.now(_dt.timezone.utc)
        self.load_start = load_average()
        self.rows: list[dict[str, Any]] = []
        print(f"load average at start: {self.load_start}")

    def timing(self, measure: str, stats: dict[str, dict[str, float]], ours: str, peer: str | None = None,
               target: str = "", extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Record ``stats[ours]`` (and the ratio peer/ours when there is a peer); print one row."""
        row: dict[str, Any] = {"measure": measure, "ours": ours, "peer": peer, "target": target,
                               "times": stats, **(extra or {})}
        o = stats[ours]
        line = f"  {measure:<46} {_ms(o)}"
        if peer is not None:
            p = stats[peer]
            row["speedup"] = p["median"] / o["median"]
            line += f"   {peer}: {_ms(p)}   speedup {row['speedup']:.2f}x"
            if "cpu" in o and "cpu" in p:
                row["cpu_speedup"] = p["cpu"]["median"] / max(o["cpu"]["median"], 1e-9)
                line += f" (CPU time {row['cpu_speedup']:.2f}x)"
        elif "cpu" in o:
            line += f"   CPU {o['cpu']['median'] * 1e3:.1f} ms"
        if target:
            line += f"   (target: {target})"
        print(line)
        self.rows.append(row)
        return row

    def value(self, measure: str, value: float, unit: str, target: str = "", extra: dict[str, Any] | None = None) -> None:
        """Record a derived figure (a ratio, a share, bytes per tile); print one row."""
        self.rows.append({"measure": measure, "value": value, "unit": unit, "target": target, **(extra or {})})
        print(f"  {measure:<46} {value:10.3f} {unit}" + (f"   (target: {target})" if target else ""))

    def save(self) -> Path:
        """Write ``results/<name>.json``; return its path."""
        import numpy as np

        RESULTS.mkdir(exist_ok=True)
        record = {
            "benchmark": self.name,
            "date": self.started.isoformat(timespec="seconds"),
            "load_average_start": self.load_start,
            "load_average_end": load_average(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpus": os.cpu_count(),
            "rows": self.rows,
        }
        path = RESULTS / f"{self.name}.json"
        path.write_text(json.dumps(record, indent=1) + "\n")
        print(f"load average at end: {record['load_average_end']}; wrote {path}")
        return path


def _ms(s: dict[str, float]) -> str:
    return f"{s['median'] * 1e3:9.1f} ms [{s['min'] * 1e3:.1f}–{s['max'] * 1e3:.1f}]"
