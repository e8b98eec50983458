"""Dungeon rooms from the trained GAN/VAE: latent search for the request, repair, room solver.

A room is one 13×9 model sample (11×7 interior inside a wall border). The defaults are the
dungeon-room kind's, as :func:`procgen.levels.dungeon.generate.generate_room` documents them
for every generator: 3 enemies, and without path targets a walk start→key→door of at least
interior width + height steps. Without targets the prior sample the room solver completes
with the longest walk is kept (the first with a walk long enough); if even that walk is too
short, its key and player move far apart on the model's floor (:func:`place_far`), the layout
unchanged. With ``path_lengths=(A, B)`` a
latent search (:func:`~procgen.models.search.evolve`) looks for a room whose start→key and
key→door walks are within ±1 of the targets. The chosen room then goes through the dungeon's
:func:`~procgen.levels.dungeon.repair.repair_room`, which fixes the enemy count exactly (enemies
are walkable, so this never changes a walk) and anything left broken, and through the room
solver again. A try that cannot be verified or misses a target is followed by another from a
derived seed, at most ``MAX_TRIES``; then a :class:`~procgen.errors.GenerationError`.

Speed: the search scores a generation's rooms in order and stops at the first that meets the
request, so it decodes them lazily, a few at a time (:data:`DECODE_CHUNKS`): without targets
the first of the 16 prior rooms is good enough for 37% of GAN seeds and one of the first four
for 83%. Each room is decoded once (the chosen one is not decoded again) and the raw chosen
room's solution is kept for its stats. The rooms chosen are the same as scoring the whole
generation at once: the same seed gives the same bytes as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from os import PathLike
from typing import Any

import numpy as np

from procgen.errors import GenerationError, ParamError
from procgen.level import Level
from procgen.levels.dungeon.solver import RoomSolution
from procgen.models.search import evolve
from procgen.models.shipped import LevelModel, load_level_model, model_name
from procgen.params import check_int, check_int_pair
from procgen.rng import check_seed, child_seed, rng

__all__ = ["MAX_TRIES", "PATH_TOLERANCE", "generate_room", "min_walk", "place_far", "room_source", "sample_rooms"]

#: Tries (derived seeds) before a GenerationError.
MAX_TRIES = 8
#: Walks within this many steps of a requested length count as hitting it.
PATH_TOLERANCE = 1
#: Latent search per try.
POPULATION, GENERATIONS, SIGMA = 16, 10, 0.8
INCOMPLETE = 100.0
#: Rooms decoded per model call while a generation is scored: the first few, then the rest
#: (only when none of the first meets the request).
DECODE_CHUNKS = (4,)


def _model(generator: str, model: str | PathLike[str] | None) -> LevelModel:
    from procgen.levels.dungeon.kind import ROOMS

    return load_level_model(model_name(ROOMS.name, generator), model)


def sample_rooms(
    n: int, seed: int = 0, *, generator: str = "gan", model: str | PathLike[str] | None = None
) -> np.ndarray:
    """``n`` raw model rooms ``(n, 9, 13)`` uint8 tile ids: no repair, no search, batched."""
    m = _model(generator, model)
    return m.decode(m.prior(n, seed, "rooms"))


def _check(width: int | None, height: int | None, enemies: int, path_lengths: Any, m: LevelModel) -> None:
    iw, ih = m.domain.width - 2, m.domain.height - 2
    if (width is not None and width != iw) or (height is not None and height != ih):
        raise ParamError(
            f"width/height: the room models make {iw}x{ih} interiors, got {width}x{height}; "
            "use --generator classic for other sizes"
        )
    check_int("enemies", enemies, 0, iw * ih - 3)
    if path_lengths is not None:
        check_int_pair("path_lengths", path_lengths)
        longest = iw * ih
        if sum(path_lengths) > longest:
            from procgen.errors import InfeasibleError

            raise InfeasibleError(
                f"path_lengths: {path_lengths[0]}+{path_lengths[1]} steps do not fit in an {iw}x{ih} room "
                f"(at most {longest} in all)"
            )


def _miss(sk: int | None, kd: int | None, targets: tuple[int, int] | None) -> float:
    """How far a room's walks are from the targets, beyond the tolerance (0 = hit)."""
    if sk is None or kd is None:
        return INCOMPLETE
    if targets is None:
        return 0.0
    return float(max(0, abs(sk - targets[0]) - PATH_TOLERANCE) + max(0, abs(kd - targets[1]) - PATH_TOLERANCE))


def place_for_walks(grid: np.ndarray, targets: tuple[int, int], r: np.random.Generator) -> tuple[np.ndarray, float]:
    """Move the player and the key onto floor tiles so the walks come closest to ``targets``.

    The room's geometry and door stay; the key goes where the walk to the door is nearest to
    ``B``, the player where the walk to the key is nearest to ``A`` (BFS over the walkable
    tiles, all key candidates in one batched call). Returns the new grid and the miss beyond
    ``PATH_TOLERANCE`` (0 = both walks within ±1).
    """
    from procgen.levels.dungeon.tiles import (
        DOOR,
        FLOOR,
        KEY,
        LEGEND,
        PASSABLE_NAMES,
        PLAYER,
        code_table,
    )
    from procgen.levels.grid import bfs_distances

    g = grid.copy()
    f_, k_, a_, d_ = (ord(c) for c in (FLOOR, KEY, PLAYER, DOOR))
    g[(g == k_) | (g == a_)] = f_
    passable = code_table(LEGEND, PASSABLE_NAMES)[g]
    doors = np.argwhere(g == d_)
    if len(doors) != 1:
        return grid, INCOMPLETE
    big = 1 << 20
    floor = g == f_
    to_door = bfs_distances(passable, (int(doors[0][0]), int(doors[0][1])))
    key_err = np.where(floor & (to_door >= 0), np.abs(to_door - targets[1]), big)
    best_k = int(key_err.min())
    if best_k >= big:
        return grid, INCOMPLETE
    cands = np.argwhere(key_err == best_k)
    cands = cands[r.permutation(len(cands))[:24]]  # a seeded sample of the equally good tiles
    to_key = bfs_distances(passable, *[(int(y), int(x)) for y, x in cands]).reshape(len(cands), *g.shape)
    player_err = np.where(floor[None] & (to_key > 0), np.abs(to_key - targets[0]), big)
    per_key = player_err.reshape(len(cands), -1).min(1)
    i = int(per_key.argmin())
    best_a = int(per_key[i])
    if best_a >= big:
        return grid, INCOMPLETE
    spots = np.argwhere(player_err[i] == best_a)
    py, px = spots[int(r.integers(len(spots)))]
    g[cands[i][0], cands[i][1]] = k_
    g[py, px] = a_
    miss = max(0, best_k - PATH_TOLERANCE) + max(0, best_a - PATH_TOLERANCE)
    return g, float(miss)


def min_walk(interior_width: int, interior_height: int) -> int:
    """The default shortest walk start→key→door of a room: interior width + height (the
    dungeon-room default every generator honours)."""
    return interior_width + interior_height


def place_far(grid: np.ndarray, r: np.random.Generator) -> tuple[np.ndarray, int]:
    """Key on a floor tile farthest from the door, player farthest from the key (as the classic
    generator does when no walks are requested); the layout stays. Returns the new grid and
    the longest walk it found start→key→door (0 when the room has no door or key spot)."""
    from procgen.levels.dungeon.solver import solve_room

    # Walks longer than any the room holds: the nearest spots to them are the farthest ones.
    far = grid.shape[0] * grid.shape[1]
    g, _ = place_for_walks(grid, (far, far), r)
    from procgen.levels.dungeon.tiles import LEGEND

    sol = solve_room(Level("dungeon-room", g, dict(LEGEND)))
    return g, int(sol.path_length or 0)


def generate_room(
    seed: int,
    *,
    generator: str = "gan",
    width: int | None = None,
    height: int | None = None,
    enemies: int = 3,
    path_lengths: tuple[int, int] | None = None,
    model: str | PathLike[str] | None = None,
    tries: int = MAX_TRIES,
) -> Level:
    """A verified-completable ``dungeon-room`` from the trained ``gan`` or ``vae``.

    Args:
        seed: same seed and parameters give the same room.
        generator: ``"gan"`` or ``"vae"``.
        width, height: the interior; the models make 11×7 (None means that).
        enemies: the exact number of enemies.
        path_lengths: ``(A, B)`` targets for the start→key and key→door walks (±1).
        model: a checkpoint path instead of the shipped ``trained/room-<generator>``.
        tries: derived-seed tries before a GenerationError.

    >>> room = generate_room(5, enemies=2)
    >>> room.width, room.height, room.stats["completable"], room.stats["enemies"]
    (13, 9, True, 2)
    """
    from procgen.levels.dungeon.repair import repair_room, repair_room_solved
    from procgen.levels.dungeon.solver import solve_room

    seed = check_seed(seed)
    m = _model(generator, model)
    _check(width, height, enemies, path_lengths, m)
    check_int("tries", tries, 1)
    targets = None if path_lengths is None else (int(path_lengths[0]), int(path_lengths[1]))
    least = min_walk(m.domain.width - 2, m.domain.height - 2)
    made_by: dict[str, Any] = {
        "name": generator,
        "model": m.name,
        "params": {"enemies": int(enemies), "path_lengths": list(targets) if targets else None,
                   "sha256": m.doc["sha256"][:16]},
    }
    meta = {"seed": seed, "generator": made_by}
    for attempt in range(tries):
        repair_seed = child_seed(seed, "room-repair", attempt)
        # Latent bytes -> (room ids, raw solution or None): every room decoded once.
        seen: dict[bytes, tuple[np.ndarray, RoomSolution | None]] = {}

        def fitness(z: np.ndarray, attempt: int = attempt, repair_seed: int = repair_seed,
                    seen: dict[bytes, tuple[np.ndarray, RoomSolution | None]] = seen) -> np.ndarray:
            f = np.full(len(z), INCOMPLETE)
            for i, room in _decoded_lazily(m, z, seen):
                if targets is None:
                    sol = solve_room(m.domain.level_of(room))
                    seen[z[i].tobytes()] = (room, sol)
                    if sol.completable:
                        # Short of the default walk by this many steps (0: long enough).
                        f[i] = max(0, least - int(sol.path_length or 0)) / (least + 1)
                else:
                    seen.setdefault(z[i].tobytes(), (room, None))
                    # A geometry is as good as the best player and key spots it offers, after
                    # the same repair (same seed) the chosen room gets.
                    try:
                        fixed = repair_room(m.domain.level_of(room), seed=repair_seed)
                    except GenerationError:
                        continue
                    f[i] = place_for_walks(fixed.grid, targets, rng(seed, "room-place", attempt))[1]
                if f[i] == 0:
                    break  # a room meeting the request: the search can stop here
            return f

        first = m.prior(POPULATION, seed, "room", attempt)
        if targets is None:
            # One generation: the first room that is long enough, else the first of the
            # longest (what the search returns after one generation, without building it).
            best, evaluations = first[int(np.argmin(fitness(first)))], POPULATION
        else:
            res = evolve(fitness, m.latent, seed, population=POPULATION, parents=4, sigma=SIGMA,
                         generations=GENERATIONS, good_enough=0.0, first=first, path=("room", m.name, attempt))
            best, evaluations = res.z, res.evaluations
        raw_ids, raw_sol = seen.get(best.tobytes()) or (m.decode(best[None])[0], None)
        raw = m.domain.level_of(raw_ids, **meta)
        try:
            room, repaired = repair_room_solved(raw, enemies=int(enemies), seed=repair_seed)
        except GenerationError:
            continue
        from procgen.levels.dungeon.classic import room_entities

        sol = None
        if targets is not None:
            room.grid, _ = place_for_walks(room.grid, targets, rng(seed, "room-place", attempt))
            room.entities = room_entities(room.grid)
        else:
            sol = repaired  # the repair solved this very room to check it
            if int(sol.path_length or 0) < least:
                room.grid, _ = place_far(room.grid, rng(seed, "room-far", attempt))
                room.entities = room_entities(room.grid)
                sol = None
        sol = solve_room(room) if sol is None else sol
        if not sol.completable or sol.regions != 1 or _miss(sol.start_to_key, sol.key_to_door, targets) > 0:
            continue
        if targets is None and int(sol.path_length or 0) < least:
            continue
        room.seed, room.generator = seed, made_by
        room.stats = {
            **room.stats,
            "start_to_key": sol.start_to_key,
            "key_to_door": sol.key_to_door,
            "path_length": sol.path_length,
            "enemies": sol.enemies,
            "tries": attempt + 1,
            "raw_completable": bool((raw_sol or solve_room(raw)).completable),
            "latent_evaluations": evaluations,
        }
        return room
    want = f" with walks {targets[0]}±1, {targets[1]}±1" if targets else ""
    raise GenerationError(f"dungeon-room: no verified {generator} room{want} for seed {seed} within {tries} tries")


def _decoded_lazily(
    m: LevelModel, z: np.ndarray, seen: Mapping[bytes, tuple[np.ndarray, RoomSolution | None]]
) -> Iterator[tuple[int, np.ndarray]]:
    """``(i, room ids)`` for the latents ``z`` in order, decoded a chunk at a time
    (:data:`DECODE_CHUNKS`, then the rest) as the caller asks for them; rooms in ``seen`` are
    not decoded again. Stopping early skips decoding the rest."""
    bounds = [0, *np.cumsum(DECODE_CHUNKS).tolist()]
    bounds = [b for b in bounds if b < len(z)] + [len(z)]
    for a, b in itertools.pairwise(bounds):
        todo = [i for i in range(a, b) if z[i].tobytes() not in seen]
        ids = m.decode(z[todo]) if todo else np.zeros((0,), dtype=np.uint8)
        fresh = dict(zip(todo, ids, strict=True))
        for i in range(a, b):
            yield i, fresh[i] if i in fresh else seen[z[i].tobytes()][0]


def room_source(generator: str, model: str | PathLike[str] | None = None) -> Callable[[int, Mapping[str, Any]], Level]:
    """A room source for :func:`procgen.levels.dungeon.generate.generate_dungeon`:
    ``(seed, constraints) -> room`` drawing from the trained ``gan`` or ``vae``."""
    _model(generator, model)  # fail now (missing or bad checkpoint), not inside the dungeon builder

    def source(seed: int, constraints: Mapping[str, Any]) -> Level:
        return generate_room(
            seed, generator=generator, width=constraints.get("width"), height=constraints.get("height"),
            enemies=int(constraints.get("enemies", 3)), path_lengths=constraints.get("path_lengths"),
            model=model,
        )

    return source
