"""procgen.terrain.biomes: the Whittaker table covers every climate; user tables are checked."""

import numpy as np
import pytest

from procgen.errors import ParamError
from procgen.terrain.biomes import BIOMES, WATER_CLASSES, Biome, biome_of, check_table, legend_of


def test_every_climate_cell_gets_a_biome():
    """A sweep of height × temperature × moisture × water class: every cell is classified."""
    h, t, m, w = np.meshgrid(
        np.linspace(-1, 1, 41), np.linspace(0, 1, 26), np.linspace(0, 1, 26),
        np.arange(len(WATER_CLASSES)), indexing="ij",
    )
    ids = biome_of(h, t, m, w)
    assert ids.min() >= 0 and ids.max() < len(BIOMES)


def test_the_required_biomes_are_in_the_default_table():
    names = {b.name for b in BIOMES}
    for required in ("ocean", "beach", "desert", "grassland", "forest", "rainforest", "taiga",
                     "tundra", "snow", "mountain", "swamp", "river", "lake"):
        assert required in names


def test_whittaker_corners():
    """Hot+dry is desert, hot+wet rainforest, cold is tundra or snow, temperate+wet is forest."""
    names = [b.name for b in BIOMES]
    h = np.full(5, 0.2)
    t = np.array([0.9, 0.9, 0.2, 0.05, 0.5])
    m = np.array([0.05, 0.9, 0.3, 0.5, 0.6])
    got = [names[i] for i in biome_of(h, t, m)]
    assert got == ["desert", "rainforest", "tundra", "snow", "forest"]


def test_water_classes_win_over_climate():
    names = [b.name for b in BIOMES]
    w = np.array([WATER_CLASSES["ocean"], WATER_CLASSES["lake"], WATER_CLASSES["river"]])
    got = [names[i] for i in biome_of(np.array([-0.5, 0.3, 0.3]), np.full(3, 0.5), np.full(3, 0.5), w)]
    assert got == ["ocean", "lake", "river"]


def test_a_table_with_a_gap_is_refused_with_the_uncovered_climate():
    table = [Biome("sea", "~", (0, 0, 255), True, "ocean"), Biome("hot", "h", (255, 0, 0), temperature=(0.5, 2))]
    with pytest.raises(ParamError, match="no biome covers"):
        biome_of(np.array([0.3]), np.array([0.1]), np.array([0.5]), table=table)


def test_a_user_table_replaces_the_default():
    table = (Biome("sea", "~", (0, 0, 255), True, "ocean"), Biome("land", "#", (0, 255, 0), water=None))
    ids = biome_of(np.array([-0.2, 0.4]), np.array([0.5, 0.5]), np.array([0.5, 0.5]), table=table)
    assert ids.tolist() == [0, 1]
    assert list(legend_of(table)) == ["~", "#"]


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ((), "empty"),
        ((Biome("a", "x", (0, 0, 0)), Biome("b", "x", (0, 0, 0))), "char 'x'"),
        ((Biome("a", " ", (0, 0, 0)),), "printable"),
        ((Biome("a", "a", (0, 0, 0), water="swamp"),), "water"),
    ],
)
def test_check_table_names_the_problem(table, match):
    with pytest.raises(ParamError, match=match):
        check_table(table)
