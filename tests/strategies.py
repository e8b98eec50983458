"""Hypothesis strategies shared by the test modules (one place, as attrs does)."""

from hypothesis import strategies as st

#: Any valid seed, with small ones (the ones people type) drawn often.
seeds = st.one_of(st.integers(0, 1000), st.integers(0, 2**63 - 1))

#: Dungeon room interiors ``(width, height)``: the small sizes often, up to 40×30.
room_sizes = st.one_of(
    st.tuples(st.integers(5, 14), st.integers(5, 10)),
    st.tuples(st.integers(5, 40), st.integers(5, 30)),
)
