"""Biomes: a Whittaker-style table (as data a user can replace) and ``biome_of`` to classify cells.

A cell's biome is the first row of the table whose conditions it meets: its water class
(ocean, lake, river or dry land), height above sea level, temperature and moisture, all in the
units of the terrain layers (height: sea level 0, land up to 1; temperature and moisture 0..1,
cold..hot and dry..wet). The default table ends with a catch-all row, so every climate gets a
biome; a user table that leaves a climate uncovered is refused with the first uncovered cell.

Solid tiles (the overworld cannot walk on them): ocean, lake and mountain. Rivers are not solid:
they are fords, so rivers never cut the world into unreachable pieces.

>>> coast = np.array([False, True, False])
>>> ids = biome_of(np.array([-0.3, 0.005, 0.3]), np.array([0.5, 0.5, 0.8]), np.array([0.5, 0.5, 0.1]), coast=coast)
>>> [BIOMES[i].name for i in ids]
['ocean', 'beach', 'desert']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from procgen.errors import ParamError
from procgen.level import Tile

__all__ = ["BIOMES", "WATER_CLASSES", "Biome", "biome_of", "check_table", "legend_of"]

#: Water class codes used by ``biome_of(..., water=...)``.
WATER_CLASSES = {"land": 0, "ocean": 1, "lake": 2, "river": 3}

INF = float("inf")


@dataclass(frozen=True)
class Biome:
    """One row of the biome table: a tile character, colour, and where the biome occurs.

    Ranges are half-open ``[min, max)``; ``water`` is the water class the cell must have
    (``"land"``, ``"ocean"``, ``"lake"``, ``"river"``) or None for any.
    """

    name: str
    char: str
    color: tuple[int, int, int]
    solid: bool = False
    water: str | None = "land"
    height: tuple[float, float] = (-INF, INF)
    temperature: tuple[float, float] = (-INF, INF)
    moisture: tuple[float, float] = (-INF, INF)
    coast: bool | None = None

    def tile(self) -> Tile:
        return Tile(self.name, self.solid, {"color": "#{:02x}{:02x}{:02x}".format(*self.color)})


#: The default Whittaker-style table, first match wins (order matters).
BIOMES: tuple[Biome, ...] = (
    Biome("ocean", "~", (38, 84, 150), True, "ocean"),
    Biome("lake", "o", (52, 110, 185), True, "lake"),
    Biome("river", "r", (62, 125, 200), False, "river"),
    Biome("beach", ".", (222, 208, 160), height=(-INF, 0.03), coast=True),
    Biome("snow", "*", (240, 244, 250), temperature=(-INF, 0.12)),
    Biome("mountain", "^", (128, 118, 108), True, height=(0.5, INF)),
    Biome("tundra", "u", (165, 170, 150), temperature=(-INF, 0.25)),
    Biome("swamp", "s", (70, 98, 72), temperature=(0.45, INF), moisture=(0.8, INF), height=(-INF, 0.15)),
    Biome("taiga", "t", (62, 102, 78), temperature=(-INF, 0.42), moisture=(0.35, INF)),
    Biome("desert", "d", (214, 190, 128), temperature=(0.58, INF), moisture=(-INF, 0.22)),
    Biome("rainforest", "R", (30, 110, 48), temperature=(0.62, INF), moisture=(0.6, INF)),
    Biome("savanna", "v", (176, 172, 92), temperature=(0.62, INF), moisture=(-INF, 0.45)),
    Biome("forest", "f", (56, 128, 62), moisture=(0.42, INF)),
    Biome("grassland", "g", (124, 164, 80), water=None),
)


def check_table(table: Sequence[Biome]) -> None:
    """Raise ParamError unless the table's characters and names are valid and distinct."""
    if not table:
        raise ParamError("biomes: the table is empty")
    chars = [b.char for b in table]
    names = [b.name for b in table]
    for b in table:
        if len(b.char) != 1 or not 32 < ord(b.char) < 127:
            raise ParamError(f"biomes: {b.name}: char {b.char!r} must be one printable ASCII character")
        if b.water is not None and b.water not in WATER_CLASSES:
            raise ParamError(f"biomes: {b.name}: water {b.water!r} is not one of {', '.join(WATER_CLASSES)}")
    for what, values in (("char", chars), ("name", names)):
        dup = {v for v in values if values.count(v) > 1}
        if dup:
            raise ParamError(f"biomes: {what} {sorted(dup)[0]!r} is used by more than one biome")


def legend_of(table: Sequence[Biome] = BIOMES) -> dict[str, Tile]:
    """The level legend for a biome table: char -> Tile(name, solid, color), in table order."""
    return {b.char: b.tile() for b in table}


def biome_of(
    height: np.ndarray,
    temperature: np.ndarray,
    moisture: np.ndarray,
    water: np.ndarray | None = None,
    table: Sequence[Biome] = BIOMES,
    coast: np.ndarray | None = None,
) -> np.ndarray:
    """Biome ids (indices into ``table``) for each cell, vectorized over same-shaped arrays.

    ``water`` holds :data:`WATER_CLASSES` codes; by default cells below sea level are ocean and
    the rest land; ``coast`` (bool) marks cells near the sea (default: none). Raises
    ParamError naming a climate no row of ``table`` covers.
    """
    h = np.asarray(height, dtype=np.float64)
    t = np.asarray(temperature, dtype=np.float64)
    m = np.asarray(moisture, dtype=np.float64)
    w = (np.where(h < 0, WATER_CLASSES["ocean"], WATER_CLASSES["land"]) if water is None
         else np.asarray(water))
    c = np.zeros(h.shape, dtype=bool) if coast is None else np.asarray(coast, dtype=bool)
    h, t, m, w, c = np.broadcast_arrays(h, t, m, w, c)
    ids = np.full(h.shape, -1, dtype=np.int16)
    todo = np.ones(h.shape, dtype=bool)
    for k, b in enumerate(table):
        hit = todo.copy()
        if b.water is not None:
            hit &= w == WATER_CLASSES[b.water]
        if b.coast is not None:
            hit &= c if b.coast else ~c
        for v, (lo, hi) in ((h, b.height), (t, b.temperature), (m, b.moisture)):
            if lo != -INF:
                hit &= v >= lo
            if hi != INF:
                hit &= v < hi
        ids[hit] = k
        todo &= ~hit
        if not todo.any():
            break
    if todo.any():
        i = tuple(int(a[0]) for a in np.nonzero(todo))
        raise ParamError(
            f"biomes: no biome covers height {h[i]:.3f}, temperature {t[i]:.3f}, moisture {m[i]:.3f} "
            f"(water class {int(w[i])}); add a catch-all row"
        )
    return ids
