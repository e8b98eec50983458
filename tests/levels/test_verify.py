"""procgen info's checkers: generated levels pass, and a broken copy fails."""

import pytest

from procgen.kinds import generate
from procgen.levels import verify


@pytest.mark.parametrize(("kind", "check"), [("cave", verify.cave), ("platformer", verify.platformer),
                                             ("dungeon-room", verify.dungeon_room), ("dungeon", verify.dungeon)])
def test_generated_levels_pass_their_kinds_checks(kind, check):
    assert check(generate(kind, 11))["ok"] is True


def test_a_platformer_cut_by_a_full_height_wall_fails():
    lvl = generate("platformer", 3)
    lvl.grid[:, lvl.width // 2] = ord("X")
    found = verify.platformer(lvl)
    assert found["ok"] is False and found["playable"] is False


def test_a_room_whose_key_is_walled_in_fails():
    lvl = generate("dungeon-room", 3)
    (ky,), (kx,) = (lvl.grid == ord("K")).nonzero()
    for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0)):
        lvl.grid[ky + dy, kx + dx] = ord("W")
    found = verify.dungeon_room(lvl)
    assert found["ok"] is False and found["completable"] is False
