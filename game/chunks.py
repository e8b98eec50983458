"""Terrain chunks for the overworld: made in a worker process, pictured, given their gate.

Everything here runs away from the game loop (it never imports pygame): ``make_chunk`` is what
the overworld's streamer calls for each chunk it wants, in a separate process when the machine
has more than one core, so chunk generation never competes with drawing for Python's GIL.

Gates are placed deterministically per chunk from ``child_seed(world seed, "gate", cx, cy)``:
dungeon entrances on high ground, platformer level gates on low land; a gate's content seed is
derived from its position, so the same gate always holds the same level.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from procgen.io.palette import tile_color
from procgen.level import Kind, Level, Tile
from procgen.rng import child_seed, rng

CHUNK = 64
OVERLAYS = ("biome", "height", "moisture", "temperature", "rivers")
#: Share of chunks that hold a gate.
GATE_CHANCE = 0.45
#: Legend-name words that mean open water (not walkable even if a user table forgets solid).
WATER_WORDS = ("ocean", "sea", "lake")


@lru_cache(maxsize=4)
def make_world(seed: int) -> Any:
    """The infinite world of ``seed`` (``procgen.terrain``'s World)."""
    from procgen.terrain import World

    return World(seed)


def blocked(tile: Tile) -> bool:
    """Tiles a walker cannot enter: the terrain marks ocean, lakes and mountains solid."""
    return tile.solid or any(w in tile.name.lower() for w in WATER_WORDS)


def _normalized(a: np.ndarray) -> np.ndarray:
    a = a.astype(np.float32)
    lo, hi = float(np.nanmin(a)), float(np.nanmax(a))
    if not (0.0 <= lo and hi <= 1.0):
        # Unknown range: map to 0..1 per chunk (seams are acceptable for a debug overlay).
        a = (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)
    return a


#: Each overlay: the layer it shows, the layer's fixed value range (so neighbouring chunks
#: agree at their seams), and the colours of its low and high ends (the legend shows them).
OVERLAY_RAMPS: dict[str, tuple[str, tuple[float, float], tuple[int, int, int], tuple[int, int, int]]] = {
    "height": ("height", (-1.0, 1.0), (10, 10, 10), (255, 255, 255)),
    "moisture": ("moisture", (0.0, 255.0), (190, 150, 80), (20, 80, 220)),
    "temperature": ("temperature", (0.0, 255.0), (40, 90, 255), (255, 60, 30)),
    "rivers": ("flow", (0.0, 64.0), (20, 20, 30), (90, 200, 255)),
}


def _ramp(t: np.ndarray, a: tuple[int, int, int], b: tuple[int, int, int]) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)[..., None]
    return (np.array(a) * (1 - t) + np.array(b) * t).astype(np.uint8)


def chunk_image(level: Level, overlay: str = "biome") -> np.ndarray:
    """``(64, 64, 3)`` uint8 picture of a chunk: biome colours with hill shading, or a layer."""
    colors = np.array([tile_color(t) for t in level.legend.values()], dtype=np.float32)
    base = colors[level.ids()]
    height = level.layers.get("height")
    if overlay == "biome" or overlay not in OVERLAYS:
        img = base
        if height is not None:
            h = height.astype(np.float32)
            # Hill shading: light from the north-west, from the height gradient.
            gy, gx = np.gradient(h)
            scale = 40.0 / max(float(np.ptp(h)) + 1e-6, 0.05) if float(np.ptp(h)) < 1e-3 else 40.0
            shade = np.clip(1.0 - (gx + gy) * scale, 0.6, 1.35)
            img = base * shade[..., None]
        flow = level.layers.get("flow")
        if flow is not None:
            river = np.clip(_normalized(flow) * 3 - 0.6, 0, 1)[..., None]
            img = img * (1 - river) + np.array([50, 110, 230], dtype=np.float32) * river
        return np.clip(img, 0, 255).astype(np.uint8)
    name, (lo, hi), low, high = OVERLAY_RAMPS[overlay]
    layer = level.layers.get(name)
    if layer is None:
        return (base * 0.3).astype(np.uint8)
    t = (layer.astype(np.float32) - lo) / (hi - lo)
    if overlay == "rivers":
        t = np.sqrt(np.clip(t, 0.0, 1.0))  # small streams show too
    return _ramp(t, low, high)


@dataclass(frozen=True)
class Gate:
    """A dungeon entrance or a platformer level gate at world tile (x, y)."""

    kind: Kind  # what it holds: Kind.DUNGEON or Kind.PLATFORMER (the overworld's GATE_TYPES)
    x: int
    y: int
    seed: int
    biome: str


def chunk_gate(world_seed: int, cx: int, cy: int, level: Level) -> Gate | None:
    """The gate of chunk (cx, cy), if it has one: a pure function of the seed and chunk."""
    r = rng(world_seed, "gate", cx, cy)
    if r.random() >= GATE_CHANCE:
        return None
    # Gates stand on open land: not on water, mountains or rivers.
    water = np.array([blocked(t) or t.name == "river" for t in level.legend.values()], dtype=bool)[level.ids()]
    ys, xs = np.nonzero(~water[4:-4, 4:-4])
    if ys.size == 0:
        return None
    i = int(r.integers(ys.size))
    x, y = int(xs[i]) + 4, int(ys[i]) + 4
    height = level.layers.get("height")
    ch = chr(int(level.grid[y, x]))
    biome = level.legend[ch].name
    high = False
    if height is not None:
        h = _normalized(height)
        land = h[~water]
        high = land.size > 0 and float(h[y, x]) >= float(np.quantile(land, 0.5)) and float(h[y, x]) > 0.55
    words = biome.lower()
    if any(w in words for w in ("mountain", "snow", "tundra", "rock", "desert", "taiga")):
        high = True
    if any(w in words for w in ("grass", "plain", "savanna", "meadow")):
        high = False
    wx, wy = cx * CHUNK + x, cy * CHUNK + y
    kind = Kind.DUNGEON if high else Kind.PLATFORMER
    return Gate(kind, wx, wy, child_seed(world_seed, "gate", kind.value, wx, wy), biome)


@dataclass
class Chunk:
    level: Level
    image: np.ndarray
    gate: Gate | None


def make_chunk(seed: int, cx: int, cy: int, overlay: str) -> Chunk:
    """Chunk (cx, cy) of world ``seed``: its level, its picture for ``overlay``, its gate."""
    level = make_world(seed).chunk(cx, cy)
    return Chunk(level, chunk_image(level, overlay), chunk_gate(seed, cx, cy, level))
