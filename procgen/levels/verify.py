"""What ``procgen info`` re-checks for each kind: the kind's own promises, recomputed.

Each checker takes a Level and returns a dict of findings with ``ok``: the schema only says a
file is well-formed; these say a hand-edited or foreign level is still playable.
"""

from __future__ import annotations

from typing import Any

from procgen.level import Level
from procgen.levels.grid import bfs_distances, regions

__all__ = ["cave", "dungeon", "dungeon_room", "platformer"]


def cave(level: Level) -> dict[str, Any]:
    """One floor region, and the player->goal walk length."""
    floor = level.mask("floor")
    n_regions = regions(floor)[1]
    found: dict[str, Any] = {"regions": n_regions}
    players, goals = level.entities_of("player"), level.entities_of("goal")
    if players and goals and floor[players[0].y, players[0].x] and floor[goals[0].y, goals[0].x]:
        dist = bfs_distances(floor, (players[0].y, players[0].x))
        found["path_length"] = int(dist[goals[0].y, goals[0].x])
    found["ok"] = n_regions == 1 and found.get("path_length", -1) >= 0
    return found


def platformer(level: Level) -> dict[str, Any]:
    """Solver-playable (the game's physics) and free of structural defects."""
    from procgen.levels.platformer.repair import defects
    from procgen.levels.platformer.solver import solve

    sol, problems = solve(level), defects(level)
    found: dict[str, Any] = {"playable": sol.playable, "defects": len(problems)}
    found.update({k: sol.stats[k] for k in ("jumps", "stomps", "hardest_jump", "path_length") if k in sol.stats})
    if not sol.playable and "reason" in sol.stats:
        found["stuck"] = sol.stats["reason"]  # where the hero gets stuck, for `procgen info`
    if problems:
        found["first_defect"] = problems[0]
    found["ok"] = sol.playable and not problems
    return found


def dungeon_room(level: Level) -> dict[str, Any]:
    """Completable (start->key->door), and no floor the player cannot reach."""
    from procgen.levels.dungeon.solver import solve_room

    sol = solve_room(level)
    found: dict[str, Any] = {
        "completable": sol.completable,
        "start_to_key": sol.start_to_key,
        "key_to_door": sol.key_to_door,
        "enemies": sol.enemies,
        "unreachable_floor": sol.unreachable_floor,
    }
    if sol.problems:
        found["problem"] = sol.problems[0]
    found["ok"] = sol.completable and sol.unreachable_floor == 0
    return found


def dungeon(level: Level) -> dict[str, Any]:
    """The whole run from the start to the stairs, keys collected in a valid order."""
    from procgen.levels.dungeon.dungeon import solve_dungeon

    sol = solve_dungeon(level)
    found: dict[str, Any] = {"solvable": sol.solvable, "locks_opened": sol.locks_opened,
                             "path_length": sol.path_length}
    if sol.problem:
        found["problem"] = sol.problem
    found["ok"] = sol.solvable
    return found
