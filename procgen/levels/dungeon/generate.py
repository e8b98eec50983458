"""Entry points for the two dungeon kinds: ``dungeon-room`` and ``dungeon``.

``generate_room`` and ``generate_dungeon`` are what :mod:`procgen.kinds` (and so the CLI and
``procgen.generate``) call. Both are pure functions of ``(seed, params)``.

How a **room** Level reads (kind ``dungeon-room``, legend :data:`.tiles.LEGEND`)
    ``width``×``height`` interior inside a one-tile ``W`` border; one ``D`` door in the border
    (the exit), one ``A`` player start, one ``K`` key, ``M`` enemies, ``B`` blocks and ``P``
    water (both impassable), ``F`` floor. The player, key, door and enemies are also entities
    (types ``player``, ``key``, ``door``, ``enemy``) and ``stats`` holds the solver's numbers
    (``start_to_key``, ``key_to_door``, ``path_length``, ``enemies``, ``regions``, ...).

How a whole **dungeon** Level reads (kind ``dungeon``, legend :data:`.tiles.DUNGEON_LEGEND`)
    * Rooms sit on a grid of cells. Room ``i`` occupies the box ``stats["rooms"][i]`` =
      ``{"x", "y", "width", "height"}`` (tiles, border included; neighbours share their wall
      row/column), plus ``cell`` (grid cell), ``role`` (``start``, ``exit``, ``key``,
      ``treasure`` or ``room``), ``parent``, ``depth``, ``zone`` (locks crossed from the start)
      and ``doors`` (ids of the rooms it opens onto). Cells without a room are solid wall.
    * Doors are tiles in the shared walls: ``D`` open, ``L`` locked. ``stats["edges"]`` lists
      every door ``{"a", "b", "x", "y", "locked", "key"?}`` (the room graph is a tree rooted
      at the start room ``stats["start_room"]``); ``stats["locks"]`` lists the locked ones
      ``{"x", "y", "key", "rooms"}``.
    * Keys are ``K`` tiles and ``key`` entities with ``{"key": id, "room": i}``; key ``id``
      opens the lock with the same ``key`` id. ``stats["key_order"]`` is a valid pick-up order
      (keys may also be treated as generic small keys: every lock lies behind the ones before).
    * The player starts at the ``A`` tile (``player`` entity) in the start room; the exit is the
      ``S`` stairs tile (``stairs`` entity) in ``stats["exit_room"]``; ``T`` tiles (``treasure``
      entities) end optional branches; ``M`` enemies are ``enemy`` entities with their room.
    * ``stats["main_path"]`` is the room sequence from start to exit; ``stats["solvable"]`` is
      True (every dungeon returned has been replayed by :func:`.dungeon.solve_dungeon`).

>>> room = generate_room(4)
>>> room.width, room.height, room.stats["completable"], room.stats["enemies"]
(13, 9, True, 3)
>>> d = generate_dungeon(5, rooms=6)
>>> d.kind, len(d.stats["rooms"]), d.stats["solvable"]
('dungeon', 6, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from typing import Any

from procgen.errors import ParamError
from procgen.extras import import_optional
from procgen.level import Level
from procgen.levels.dungeon.classic import check_room_params, classic_room
from procgen.levels.dungeon.dungeon import RoomSource, build_dungeon
from procgen.levels.dungeon.tiles import DEFAULT_HEIGHT, DEFAULT_WIDTH
from procgen.rng import check_seed

__all__ = ["generate_dungeon", "generate_room", "model_room_source"]

GENERATORS = ("classic", "gan", "vae")


def _model_room_fn(generator: str) -> Any:
    """``procgen.models.rooms.generate_room``, imported only when a model is asked for."""
    # By name: the models package is optional (torch) and may not be installed.
    return import_optional("procgen.models.rooms", f"generator: {generator}").generate_room


def generate_room(
    seed: int,
    *,
    generator: str = "classic",
    width: int | None = None,
    height: int | None = None,
    enemies: int = 3,
    path_lengths: tuple[int, int] | None = None,
    model: str | PathLike[str] | None = None,
    **kw: Any,
) -> Level:
    """A completable room: ``width``×``height`` interior (default 11×7) inside a wall border.

    Args:
        seed: the level's seed.
        generator: ``classic`` (constructive, see :mod:`.classic`), or ``gan``/``vae`` (the
            trained models, which need torch).
        width, height: interior size, 5..128 each.
        enemies: exact number of enemies.
        path_lengths: ``(A, B)`` targets for the start→key and key→door walks in steps; the
            classic generator hits both exactly when feasible and raises InfeasibleError
            otherwise. Without targets the walk start→key→door is at least width + height.
        model: for ``gan``/``vae``: a checkpoint config, or a folder holding ``room-gan.json``
            / ``room-vae.json`` (default: the shipped models).
    """
    seed = check_seed(seed)
    if kw:
        raise ParamError(f"{next(iter(kw))}: not an option of dungeon-room")
    _check_model(generator, model)
    width = DEFAULT_WIDTH if width is None else width
    height = DEFAULT_HEIGHT if height is None else height
    if generator == "classic":
        return classic_room(seed, width, height, enemies, path_lengths)
    if generator in ("gan", "vae"):
        model_room = _model_room_fn(generator)
        return model_room(
            seed, generator=generator, width=width, height=height, enemies=enemies,
            path_lengths=path_lengths, model=model,
        )
    raise ParamError(f"generator: must be one of {', '.join(GENERATORS)}, got {generator!r}")


def _check_model(generator: str, model: str | PathLike[str] | None) -> None:
    if model is not None and generator == "classic":
        raise ParamError("model: a checkpoint is for the gan and vae generators; "
                         "choose one with generator='gan' or 'vae' (--generator)")


def model_room_source(generator: str, model: str | PathLike[str] | None = None) -> RoomSource:
    """A room source drawing rooms from the trained ``gan`` or ``vae`` (repaired by the builder);
    ``model`` as in :func:`generate_room`."""
    model_room = _model_room_fn(generator)

    def source(seed: int, constraints: Mapping[str, Any]) -> Level:
        return model_room(
            seed, generator=generator, width=constraints["width"], height=constraints["height"],
            enemies=constraints["enemies"], path_lengths=None, model=model,
        )

    return source


def generate_dungeon(
    seed: int,
    *,
    generator: str = "classic",
    rooms: int = 8,
    room_source: RoomSource | None = None,
    width: int | None = None,
    height: int | None = None,
    enemies: int = 2,
    locks: int | None = None,
    model: str | PathLike[str] | None = None,
) -> Level:
    """A whole dungeon of ``rooms`` rooms with locks and keys, verified solvable.

    Args:
        seed: the level's seed.
        generator: where rooms come from when ``room_source`` is None: ``classic`` rooms, or
            the trained ``gan``/``vae`` room models.
        rooms: number of rooms, 1..64.
        room_source: ``(seed, constraints) -> room Level`` (see :data:`.dungeon.RoomSource`);
            overrides ``generator``.
        width, height: every room's interior size (default 11×7).
        enemies: enemies per ordinary room (none in the start room, two more in the exit room).
        locks: locked doors on the way to the exit (default rooms // 4, capped by the path).
        model: for ``gan``/``vae`` rooms, as in :func:`generate_room`.
    """
    seed = check_seed(seed)
    if generator not in GENERATORS:
        raise ParamError(f"generator: must be one of {', '.join(GENERATORS)}, got {generator!r}")
    _check_model(generator, model)
    if room_source is None and generator != "classic":
        room_source = model_room_source(generator, model)
    width = DEFAULT_WIDTH if width is None else width
    height = DEFAULT_HEIGHT if height is None else height
    check_room_params(width, height, 0, None)
    return build_dungeon(
        seed, rooms=rooms, width=width, height=height, enemies=enemies, locks=locks,
        room_source=room_source, generator=generator,
    )
