"""Hypothesis strategies shared by the test modules (one place, as attrs does)."""

from hypothesis import strategies as st

#: Any valid seed, with small ones (the ones people type) drawn often.
seeds = st.one_of(st.integers(0, 1000), st.integers(0, 2**63 - 1))
