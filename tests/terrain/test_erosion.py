"""procgen.terrain.erosion: material is conserved, peaks come down, valleys are carved."""

import numpy as np
import pytest

from procgen.errors import ParamError
from procgen.terrain.erosion import hydraulic, thermal
from procgen.terrain.heightmap import raw_height


@pytest.fixture(scope="module")
def relief():
    h = raw_height(np.arange(96), np.arange(96), seed=11, scale=60.0)
    return (h - np.quantile(h, 0.3)) / np.ptp(h)


def test_thermal_conserves_material_and_relaxes_slopes(relief):
    out = thermal(relief, iterations=30, talus=0.005)
    assert abs(out.sum() - relief.sum()) < 1e-9 * np.abs(relief).sum()
    steep = lambda h: np.abs(np.diff(h, axis=1)).max()  # noqa: E731
    assert steep(out) < steep(relief)


def test_hydraulic_conserves_material(relief):
    """Eroded + deposited material balances to float rounding (1e-9 of the total)."""
    out = hydraulic(relief, iterations=40)
    assert abs(out.sum() - relief.sum()) < 1e-9 * np.abs(relief).sum()


def test_hydraulic_lowers_peaks_and_carves_valleys(relief):
    """The highest ground comes down; where water gathers, the ground is cut."""
    out = hydraulic(relief, iterations=60)
    top = relief > np.quantile(relief, 0.99)
    assert out[top].mean() < relief[top].mean() - 1e-3
    change = out - relief
    assert change.min() < -0.01  # something was dug
    assert (change < -1e-4).mean() > 0.05  # and not in one place only


def test_zero_iterations_is_identity_and_bad_counts_are_refused(relief):
    assert np.array_equal(hydraulic(relief, iterations=0), relief)
    with pytest.raises(ParamError, match="iterations"):
        thermal(relief, iterations=-1)


@pytest.mark.parametrize("case", [
    {"fn": "hydraulic", "kw": {"iterations": 25}},
    {"fn": "hydraulic", "kw": {"iterations": 9, "sea_level": None, "capacity": 2.0, "evaporation": 0.2}},
    {"fn": "thermal", "kw": {"iterations": 8, "talus": 0.02}},
    {"fn": "thermal", "kw": {"iterations": 3}},
])
def test_numba_kernels_give_the_numpy_bytes(relief, monkeypatch, case):
    """With numba the erosion kernels return exactly the numpy path's heights (same seed, same bytes)."""
    pytest.importorskip("numba")
    from procgen.terrain import erosion

    fn = getattr(erosion, case["fn"])
    monkeypatch.setattr(erosion, "JIT_CELLS", 0)  # small test maps take the kernels too
    rng = np.random.default_rng(3)
    # Thin maps too: the kernels sweep rows as a wavefront with rings of four rows.
    shapes = [relief, relief[:37, :53], rng.random((20, 31)) - 0.5, rng.random((1, 9)) - 0.5,
              rng.random((6, 1)) - 0.5, rng.random((2, 2)) - 0.5, rng.random((3, 5)) - 0.5]
    erosion._kernels.cache_clear()
    assert erosion._kernels() is not None
    fast = [fn(h, **case["kw"]).tobytes() for h in shapes]
    monkeypatch.setenv("PROCGEN_NO_JIT", "1")
    erosion._kernels.cache_clear()
    try:
        slow = [fn(h, **case["kw"]).tobytes() for h in shapes]
    finally:
        monkeypatch.delenv("PROCGEN_NO_JIT")
        erosion._kernels.cache_clear()
    assert fast == slow


@pytest.mark.parametrize("band_cells", [2, 700, 5000])
@pytest.mark.parametrize("case", [
    ("hydraulic", {"iterations": 7}),
    ("hydraulic", {"iterations": 4, "sea_level": None, "capacity": 2.0, "evaporation": 0.2}),
    ("thermal", {"iterations": 6, "talus": 0.008}),
])
def test_numpy_erosion_in_bands_gives_the_whole_map_bytes(relief, monkeypatch, band_cells, case):
    """The numpy path stepping bands of rows (with two rows of context either side) gives
    exactly the heights of stepping the whole map at once, for any band height."""
    from procgen.terrain import erosion

    monkeypatch.setenv("PROCGEN_NO_JIT", "1")
    erosion._kernels.cache_clear()
    fn = getattr(erosion, case[0])
    maps = [relief, relief[:41, :67], np.random.default_rng(5).random((23, 30)) - 0.4]
    try:
        whole = [fn(h, **case[1]).tobytes() for h in maps]
        monkeypatch.setattr(erosion, "BAND_CELLS", band_cells)
        monkeypatch.setattr(erosion, "MIN_BAND_ROWS", 1)
        banded = [fn(h, **case[1]).tobytes() for h in maps]
    finally:
        monkeypatch.delenv("PROCGEN_NO_JIT")
        erosion._kernels.cache_clear()
    assert banded == whole
