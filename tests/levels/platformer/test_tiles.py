"""The tile set follows the VGLC characters and DESIGN.md names."""

from procgen.levels.platformer.tiles import HEIGHT, LEGEND, SOLID, VOCAB


def test_legend_names_and_order_match_the_design():
    assert VOCAB == "-XS?QE<>[]oBb"
    assert [t.name for t in LEGEND.values()] == [
        "empty", "ground", "brick", "question", "question-used", "enemy", "pipe-top-left",
        "pipe-top-right", "pipe-left", "pipe-right", "coin", "cannon-top", "cannon",
    ]
    assert HEIGHT == 14


def test_solid_tiles_are_ground_bricks_blocks_pipes_and_cannons():
    assert set("XS?Q<>[]Bb") == SOLID
    assert not {"-", "E", "o"} & SOLID
