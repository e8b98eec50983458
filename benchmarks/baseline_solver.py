"""An earlier platformer solver, loaded from git history: the peer the solver's speed is
measured against.

:data:`BASELINE_COMMIT` is the solver as it was when issue #16 opened ("a 200-column level in
at most 2x today's solver time"): walkers and cannons were walls (no stomps, no bullet timing).
The modules the solver imports from ``procgen.levels.platformer`` at that commit are read with
``git show`` into a temporary package (the rest of ``procgen`` is today's), so the benchmark
needs a git checkout; elsewhere :func:`baseline_solve` is None and the benchmark says so.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

#: The last commit before the solver learnt walkers and bullets (issue #16's "today").
BASELINE_COMMIT = "5e98f21"
ROOT = Path(__file__).resolve().parent.parent
PLATFORMER = "procgen.levels.platformer."


def _show(commit: str, module: str) -> str | None:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:procgen/levels/platformer/{module}.py"],
            check=True, capture_output=True, text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


@cache
def baseline_solve(commit: str = BASELINE_COMMIT) -> Callable[[Any], Any] | None:
    """``solve(level)`` of the platformer solver at ``commit`` (None without git or that commit)."""
    package = f"baseline_platformer_{commit}"
    folder = Path(tempfile.mkdtemp(prefix="procgen-baseline-"))
    (folder / package).mkdir()
    (folder / package / "__init__.py").write_text("")
    todo, done = ["solver"], set()
    while todo:  # the solver and the platformer modules it imports, as they were
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        text = _show(commit, name)
        if text is None:
            return None
        todo += re.findall(rf"^from {re.escape(PLATFORMER)}(\w+) import", text, flags=re.M)
        (folder / package / f"{name}.py").write_text(text.replace(PLATFORMER, f"{package}."))
    sys.path.insert(0, str(folder))
    try:
        solve: Callable[[Any], Any] = importlib.import_module(f"{package}.solver").solve
        return solve
    finally:
        sys.path.remove(str(folder))
