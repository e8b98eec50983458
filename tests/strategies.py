"""Hypothesis strategies shared by the test modules (one place, as attrs does)."""

from hypothesis import strategies as st

#: Any valid seed, with small ones (the ones people type) drawn often.
seeds = st.one_of(st.integers(0, 1000), st.integers(0, 2**63 - 1))

#: Dungeon room interiors ``(width, height)``: the small sizes often, up to 40×30.
room_sizes = st.one_of(
    st.tuples(st.integers(5, 14), st.integers(5, 10)),
    st.tuples(st.integers(5, 40), st.integers(5, 30)),
)

#: Platformer corpus text: 1-14 rows of equal length over the VGLC characters.
_PLATFORMER_CHARS = "-XS?QE<>[]oBb"


@st.composite
def platformer_rows(draw, max_width: int = 30):
    """Rows (a list of equal-length strings) of platformer tile characters."""
    width = draw(st.integers(1, max_width))
    height = draw(st.integers(1, 14))
    row = st.text(alphabet=_PLATFORMER_CHARS, min_size=width, max_size=width)
    return draw(st.lists(row, min_size=height, max_size=height))


#: Platformer difficulty and style mix as the classic generator takes them.
platformer_difficulties = st.floats(0, 1, allow_nan=False)
platformer_styles = st.one_of(
    st.none(),
    st.sampled_from(["overground", "underground", "sky", "pipes", "fortress"]),
    st.dictionaries(
        st.sampled_from(["overground", "underground", "sky", "pipes", "fortress"]),
        st.floats(0.1, 3), min_size=1,
    ),
)


# -- textures -------------------------------------------------------------------------------------
#: A procedural material name.
texture_materials = st.sampled_from(
    ["grass", "dirt", "sand", "stone", "snow", "water", "lava", "wood", "brick", "dungeon-floor", "dungeon-wall"]
)
#: Tile sizes the material recipes support.
texture_sizes = st.sampled_from([8, 16, 32])


# -- registry and tile statistics ----------------------------------------------------------------
#: A value of the wrong type for any option: text, a bool, None-free containers, objects.
ill_typed = st.one_of(
    st.text(min_size=1, max_size=5).filter(lambda t: not t.strip().lstrip("-").isdigit()),
    st.booleans(),
    st.lists(st.integers(), max_size=3).map(tuple).filter(lambda t: len(t) != 2),
    st.builds(object),
)

#: Option names no kind has.
unknown_options = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
    lambda name: name not in {
        "width", "height", "difficulty", "style", "model", "tries", "enemies", "path_lengths", "rooms", "locks",
        "room_source", "path_length", "fill", "shape", "erosion", "sea_level", "terraces", "plateau", "biomes",
    }
)


@st.composite
def id_grids(draw, max_side: int = 12, channels: int = 6, n: int | None = None):
    """``(N, H, W)`` uint8 tile-id grids of one shape, ids below ``channels``."""
    import numpy as np

    h, w = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    count = n if n is not None else draw(st.integers(1, 6))
    flat = draw(st.lists(st.integers(0, channels - 1), min_size=count * h * w, max_size=count * h * w))
    return np.array(flat, dtype=np.uint8).reshape(count, h, w)


# -- scale (Dask / Zarr) --------------------------------------------------------------------------
@st.composite
def world_windows(draw, max_side: int = 120):
    """``(x0, y0, width, height, block)``: a small world window anywhere (negative too) and a
    block side that usually does not divide it, so edge blocks are ragged."""
    x0, y0 = draw(st.integers(-5000, 5000)), draw(st.integers(-5000, 5000))
    width, height = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    return x0, y0, width, height, draw(st.integers(16, 64))


#: A seed range ``(start, stop)`` and a shard size for sharded JSON Lines.
seed_ranges_and_shard_sizes = st.tuples(st.integers(0, 10**9), st.integers(1, 5000), st.integers(1, 700)).map(
    lambda t: (range(t[0], t[0] + t[1]), t[2])
)
