"""One guard per value type, one message shape: ``name: must be ..., got value``."""

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
