"""One guard per value type, one message shape: ``name: must be ..., got value``."""

import ast
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procgen.errors import ParamError
from procgen.params import (
    check_choice,
    check_float,
    check_int,
    check_int_pair,
    check_text,
    check_unit,
)


@given(st.integers(-1000, 1000), st.integers(-50, 50), st.integers(0, 100))
def test_check_int_accepts_exactly_the_whole_numbers_in_range(v, lo, span):
    hi = lo + span
    if lo <= v <= hi:
        assert check_int("n", v, lo, hi) == v and check_int("n", np.int64(v), lo, hi) == v
    else:
        with pytest.raises(ParamError, match=rf"^n: must be a whole number {lo}\.\.{hi}, got {v}$"):
            check_int("n", v, lo, hi)


@pytest.mark.parametrize("bad", [True, False, 1.0, "3", None, np.bool_(True)])
def test_check_int_refuses_bools_floats_and_text(bad):
    with pytest.raises(ParamError, match="^n: must be a whole number"):
        check_int("n", bad)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_check_unit_is_a_finite_number_in_0_1(v):
    if 0 <= v <= 1:
        assert check_unit("d", v) == v
    else:
        with pytest.raises(ParamError, match="^d: must be a number 0..1"):
            check_unit("d", v)


def test_the_other_guards():
    assert check_float("f", 2, 1, None) == 2.0
    with pytest.raises(ParamError, match="^f: must be a number >= 1, got 0"):
        check_float("f", 0, 1)
    assert check_text("s", "x") == "x"
    with pytest.raises(ParamError, match="^s: must be text"):
        check_text("s", 3)
    assert check_choice("c", "a", ("a", "b")) == "a"
    with pytest.raises(ParamError, match="^c: must be one of a, b, got 'z'"):
        check_choice("c", "z", ("a", "b"))
    assert check_int_pair("p", [3, 4]) == (3, 4)
    with pytest.raises(ParamError, match=r"^p: must be two whole numbers >= 1 \(A, B\)"):
        check_int_pair("p", (3, 0))


# -- the guards are used, not copied ------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _written_out_guards(source: str) -> list[int]:
    """Lines of ``if isinstance(x, bool) or not isinstance(x, ...) ...: raise ParamError(...)``:
    a copy of the int/float guard that :mod:`procgen.params` holds once."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.If) and "bool)" in ast.unparse(node.test) and "isinstance" in ast.unparse(node.test)):
            continue
        raises = [n for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.Raise)]
        if any("ParamError" in ast.unparse(r) for r in raises):
            found.append(node.lineno)
    return found


def test_the_copy_finder_finds_a_written_out_guard():
    """The scan below is not vacuous: it flags the shape the guards replaced."""
    src = ("def f(n):\n"
           "    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 32:\n"
           "        raise ParamError(f'n: must be an integer between 1 and 32, got {n!r}')\n"
           "    if isinstance(n, bool):\n"
           "        return 1\n")
    assert _written_out_guards(src) == [2]


def test_no_library_module_writes_out_its_own_number_guard():
    """Whole-number and number checks go through procgen.params (one message shape), not copies."""
    found = [f"{p.relative_to(ROOT)}:{line}" for p in sorted((ROOT / "procgen").rglob("*.py"))
             if p.name != "params.py" for line in _written_out_guards(p.read_text(encoding="utf-8"))]
    assert not found, found


def _message(call) -> str:
    with pytest.raises(ParamError) as e:
        call()
    return str(e.value)


@pytest.mark.parametrize("call", [
    lambda: __import__("procgen.rng", fromlist=["check_seed"]).check_seed(-5),
    lambda: __import__("procgen.noise", fromlist=["Perlin"]).Perlin(1).fbm(0.5, 0.5, 0),
    lambda: __import__("procgen.terrain.erosion", fromlist=["hydraulic"]).hydraulic(np.zeros((4, 4)), -1),
    lambda: __import__("procgen.terrain.world", fromlist=["generate"]).generate(1, width=3),
    lambda: __import__("procgen.terrain.world", fromlist=["generate"]).generate(1, width=32, height=32, sea_level=2),
    lambda: __import__("procgen.terrain.world", fromlist=["World"]).World(1).region(0, 0, 0, 5),
    lambda: __import__("procgen.terrain.world", fromlist=["World"]).World(1, {"apron": 3}),
    lambda: __import__("procgen.textures.materials", fromlist=["check_size"]).check_size(True),
], ids=["seed", "octaves", "erosion-iterations", "terrain-width", "sea-level", "region", "apron", "tile-size"])
def test_range_guards_across_the_library_speak_one_message_shape(call):
    """``name: must be a whole number lo..hi (unit), got value``: one line, naming the option."""
    assert re.fullmatch(r"[a-z_]+: must be a (whole number|number)( [^,\n]+)?, got [^\n]+", _message(call))
