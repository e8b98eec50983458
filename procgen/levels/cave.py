"""Caves: a cellular automaton carves wall/floor, then the cave is made one region and the
player and goal are put at the two ends of its longest shortest path.

Cellular automaton: start from random walls at density ``fill``, then smooth with the 4-5 rule
(a tile becomes wall when its 3×3 block holds 5 or more walls), with an extra early rule that
seeds walls into wide open areas (at most 2 walls in the 5×5 block) so big halls get pillars. Every floor pocket not
connected to the largest region is filled in, so all floor is reachable.

Path-length control: without a target the player and goal are the ends of the (double-sweep)
diameter. With ``path_length=T``, the goal is moved along the walk to the tile T steps from the
player; if the cave's longest walk is shorter than T, denser, twistier caves are tried (derived
seeds), and when none reaches T an :class:`~procgen.errors.InfeasibleError` says how far the
size allows.

>>> lvl = generate(7, width=32, height=20)
>>> lvl.stats["regions"], lvl.stats["path_length"] > 20
(1, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from procgen.errors import InfeasibleError, ParamError
from procgen.extras import fast_kernels
from procgen.level import Entity, GeneratorName, Kind, Level, Tile
from procgen.levels.grid import bfs_distances, regions
from procgen.levels.kind import LevelKind, Option
from procgen.params import check_float, check_int
from procgen.rng import rng

__all__ = ["CAVE", "FLOOR", "LEGEND", "MAX_SIDE", "MIN_SIDE", "WALL", "generate"]

WALL, FLOOR = "#", "."
LEGEND = {WALL: Tile("wall", True), FLOOR: Tile("floor", False)}
MIN_SIDE, MAX_SIDE = 8, 4096
DEFAULT_WIDTH, DEFAULT_HEIGHT = 64, 40
#: How many derived caves to try for a path-length target before calling it infeasible.
MAX_ATTEMPTS = 12
TOLERANCE = 0.10


def _walls_within(wall: np.ndarray, radius: int) -> np.ndarray:
    """Walls in the (2r+1)² block around each tile, the tile included; outside counts as wall.

    Counted as two separable box sums in uint8 (at most 25 for r = 2): a 4096² cave needs a few
    16 MiB arrays, where a summed-area table needed int64 ones eight times that size.
    """
    h, w = wall.shape
    k = 2 * radius + 1
    p = np.pad(wall, radius, constant_values=True).view(np.uint8)
    rows = np.zeros((h + 2 * radius, w), dtype=np.uint8)
    for dx in range(k):
        rows += p[:, dx : dx + w]
    out = np.zeros((h, w), dtype=np.uint8)
    for dy in range(k):
        out += rows[dy : dy + h]
    return out


def _random_walls(r: np.random.Generator, height: int, width: int, fill: float) -> np.ndarray:
    """``r.random((height, width)) < fill``, drawn a band of rows at a time.

    The same doubles in the same order as one big draw (so the same cave), without a float64
    array of the whole map (128 MiB at 4096²).
    """
    wall = np.empty((height, width), dtype=bool)
    band = max(1, (1 << 20) // width)
    for y in range(0, height, band):
        n = min(band, height - y)
        np.less(r.random((n, width)), fill, out=wall[y : y + n])
    return wall


def _serpentine(width: int, height: int, bands: int, r: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Fixed walls and floors that force a back-and-forth walk through ``bands`` horizontal bands.

    Partition rows cross the cave with a gap at alternating ends; each band gets a wavy corridor
    from end to end, so the band stays connected whatever the automaton does around it.
    """
    walls = np.zeros((height, width), dtype=bool)
    floors = np.zeros((height, width), dtype=bool)
    edges = np.linspace(0, height - 1, bands + 1).round().astype(int)
    xs = np.arange(1, width - 1)
    for i in range(bands):
        top, bottom = edges[i] + 1, edges[i + 1] - 1  # band interior rows
        if i > 0:
            walls[edges[i], 1 : width - 1] = True
            gap = slice(1, 3) if i % 2 else slice(width - 3, width - 1)
            walls[edges[i], gap] = False
            floors[edges[i], gap] = True
        mid = (top + bottom) / 2
        amp = max((bottom - top) / 2 - 1, 0)
        wave = mid + amp * np.sin(xs / r.uniform(4, 9) + r.uniform(0, 2 * np.pi))
        ys = np.clip(wave.round().astype(int), top, bottom)
        floors[ys, xs] = True
        floors[np.minimum(ys + 1, bottom), xs] = True
        floors[top : bottom + 1, 1:3] = floors[top : bottom + 1, width - 3 : width - 1] = True
    return walls, floors & ~walls


def carve(seed: int, width: int, height: int, fill: float, attempt: int = 0, bands: int = 0) -> np.ndarray:
    """Boolean wall mask ``(height, width)`` from the automaton, border all wall.

    ``bands >= 1`` imposes a serpentine (see :func:`_serpentine`) for long walks.
    """
    r = rng(seed, "cave", attempt, bands)
    wall = _random_walls(r, height, width, fill)
    fixed_wall = fixed_floor = np.zeros_like(wall)
    if bands >= 1:
        fixed_wall, fixed_floor = _serpentine(width, height, bands, r)
    for step in range(7):
        grow = _walls_within(wall, 1) >= 5
        if step < 4:
            # Seed walls in the middle of wide open areas, so big halls get pillars rather
            # than becoming one featureless room.
            grow |= _walls_within(wall, 2) <= 2
        wall = (grow | fixed_wall) & ~fixed_floor
    wall[0, :] = wall[-1, :] = True
    wall[:, 0] = wall[:, -1] = True
    return wall


def _max_bands(width: int, height: int) -> int:
    # A band needs a partition row and at least three open rows.
    return max((min(width, height) - 1) // 4, 1)


def _longest_walk(width: int, height: int) -> int:
    """The longest walk this size is promised to allow (the serpentine's, conservatively)."""
    long_side = max(width, height)
    return max(_max_bands(width, height) * (long_side - 6), long_side - 2)


#: Caves at least this large use the numba kernels when numba is installed: below it scipy is
#: fast enough and importing numba (about a second per process) would cost more than it saves.
JIT_TILES = 1 << 20


def _jit() -> Any:
    """The cave kernels, or None without numba (or with ``PROCGEN_NO_JIT`` set)."""
    return fast_kernels("procgen.levels._cave_jit")


def _largest_region(floor: np.ndarray) -> np.ndarray:
    k = _jit() if floor.size >= JIT_TILES else None
    if k is not None:  # the same regions as scipy's labels, in two int32 arrays
        return k.largest_region(np.ascontiguousarray(floor)) if floor.any() else floor
    labels, count = regions(floor)
    if count == 0:
        return floor
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    return labels == int(sizes.argmax())


def _bfs(floor: np.ndarray, start: tuple[int, int]) -> np.ndarray:
    """Steps from ``start`` to every floor tile (-1 elsewhere), int32 ``(H, W)``.

    With numba (the ``[fast]`` extra) a queue over two int32 arrays; without it scipy's BFS over
    a sparse grid graph (several times the memory). Distances are integers: the same either way.
    """
    k = _jit() if floor.size >= JIT_TILES else None
    if k is None:
        return bfs_distances(floor, start)
    dist = np.empty(floor.size, dtype=np.int32)
    k.bfs(floor, start[0] * floor.shape[1] + start[1], dist)
    return dist.reshape(floor.shape)


def _far_end(floor: np.ndarray, start: tuple[int, int]) -> tuple[tuple[int, int], np.ndarray]:
    dist = _bfs(floor, start)
    i = int(dist.argmax())
    return (i // floor.shape[1], i % floor.shape[1]), dist


def _plan(width: int, height: int, path_length: int | None) -> list[tuple[int, int]]:
    """(attempt, bands) to try: natural caves first, then serpentines with more bands."""
    natural = [(i, 0) for i in range(4)]
    if path_length is None:
        # On a small map the automaton can wall up every natural attempt; a serpentine always
        # keeps its carved floor, so an unconstrained cave never fails.
        return [*natural, (4, 1)]
    if path_length > width + height:
        natural = natural[:1]  # a natural cave rarely walks that far: go to serpentines
    long_side, most = max(width, height), _max_bands(width, height)
    k = int(np.clip(np.ceil(path_length / (0.85 * max(long_side - 6, 1))), 1, most))
    serp = [(4 + i, min(k + i // 2, most)) for i in range(MAX_ATTEMPTS)]
    return natural + serp


def _check(width: int, height: int, fill: float, path_length: int | None) -> None:
    for name, v in (("width", width), ("height", height)):
        check_int(name, v, MIN_SIDE, MAX_SIDE, "tiles of a cave side")
    check_float("fill", fill, 0.3, 0.6)
    if path_length is not None:
        longest = _longest_walk(width, height)
        if not 1 <= path_length <= longest:
            raise InfeasibleError(
                f"path_length: {path_length} steps is not feasible for a {width}x{height} cave "
                f"(must be 1..{longest})"
            )


def generate(
    seed: int,
    *,
    generator: str = "classic",
    width: int | None = None,
    height: int | None = None,
    fill: float = 0.45,
    path_length: int | None = None,
) -> Level:
    """A connected cave with ``player`` and ``goal`` entities (see the module docstring)."""
    width = DEFAULT_WIDTH if width is None else width
    height = DEFAULT_HEIGHT if height is None else height
    if generator != GeneratorName.CLASSIC:
        raise ParamError(f"generator: caves have only the classic generator, not {generator!r}")
    _check(width, height, fill, path_length)

    best = 0
    for attempt, bands in _plan(width, height, path_length):
        f = min(fill + 0.01 * attempt, 0.6)
        if width >= height:
            wall = carve(seed, width, height, f, attempt, bands)
        else:  # bands run along the long side
            wall = carve(seed, height, width, f, attempt, bands).T
        floor = _largest_region(~wall)
        if floor.sum() < 2:
            continue
        first = int(floor.argmax())  # the first floor tile in row-major order
        a, dist = _far_end(floor, divmod(first, floor.shape[1]))
        del dist  # before the second sweep allocates its own
        b, dist = _far_end(floor, a)
        diameter = int(dist[b])
        best = max(best, diameter)
        if path_length is None:
            goal, length = b, diameter
        elif diameter >= path_length * (1 - TOLERANCE):
            # Every distance 0..diameter occurs on a shortest path, so some tile is ~T away.
            d = np.where(dist >= 0, np.abs(dist - min(path_length, diameter)), np.iinfo(np.int32).max)
            i = int(d.argmin())
            goal, length = (i // width, i % width), int(dist.flat[i])
        else:
            continue
        grid = np.where(floor, np.uint8(ord(FLOOR)), np.uint8(ord(WALL)))
        n_floor = int(floor.sum())
        return Level(
            kind="cave",
            grid=grid,
            legend=dict(LEGEND),
            entities=[Entity("player", a[1], a[0]), Entity("goal", goal[1], goal[0])],
            seed=seed,
            generator={"name": "classic", "model": None, "params": {"fill": fill, "path_length": path_length}},
            stats={
                "path_length": length,
                "floor_tiles": n_floor,
                "floor_ratio": round(n_floor / (width * height), 4),
                "regions": 1,
                "attempts": attempt + 1,
            },
        )
    raise InfeasibleError(
        f"path_length: no {width}x{height} cave with a {path_length}-step walk found "
        f"(longest walk found: {best} steps); use a larger size or a shorter path"
    )



def _check_cave(level: Level) -> dict[str, Any]:
    from procgen.levels.verify import cave

    return cave(level)


CAVE = LevelKind(
    Kind.CAVE,
    "cellular-automaton cave, one connected region, player and goal far apart",
    classic=generate,
    legend=LEGEND,
    default_size=(DEFAULT_WIDTH, DEFAULT_HEIGHT),
    options=(
        Option("path_length", int, "target walk from player to goal, in steps (±10%%)",
               check=lambda n, v: check_int(n, v, 1)),
        Option("fill", float, "initial wall density of the cellular automaton", 0.45,
               check=lambda n, v: check_float(n, v, 0.3, 0.6)),
    ),
    checker=_check_cave,
)
