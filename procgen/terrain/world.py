"""Terrain worlds: finite maps with the full pipeline, and the infinite chunked :class:`World`.

Finite (:func:`generate`, ``procgen generate terrain``): relief → continent/island falloff →
sea level at a height quantile → redistribution → hydraulic + thermal erosion → lakes, flow and
rivers that run downhill to the sea → temperature and moisture → biomes.

Infinite (:class:`World`): every layer is a function of world coordinates and a bounded
neighbourhood, computed on the requested window plus an apron, so chunks are seamless: a region
assembled from chunks is bit-for-bit the region generated at once. Rivers there follow the
zero-lines of a river noise (valleys are carved along them) rather than flow accumulation, which
no finite window can know; erosion is off by default and, when asked for, runs on the apron'd
window (overlapping aprons, no visible seam).

Layers (``Level.layers``) and their stored types (native JSON keeps the dtype):

* ``height`` float16: sea level 0, land up to 1, sea down to -1;
* ``temperature``, ``moisture`` uint8: 0..255 for 0..1 (cold..hot, dry..wet);
* ``flow`` float16: log2(1 + upstream cells) (infinite worlds: an estimate from the river noise).

A 1024² world is about 5 MB of native JSON (tiles as text, layers zlib+base64).

>>> lvl = generate(3, width=64, height=48)
>>> lvl.kind, lvl.width, lvl.height, sorted(lvl.layers)
('terrain', 64, 48, ['flow', 'height', 'moisture', 'temperature'])
>>> World(3).chunk(0, 0).rows == World(3).region(0, 0, 64, 64).rows
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
from scipy.ndimage import binary_dilation

from procgen.errors import ParamError
from procgen.level import Entity, GeneratorName, Level
from procgen.noise import Perlin, _jit
from procgen.params import check_float, check_int
from procgen.rng import check_seed
from procgen.terrain import erosion as _erosion
from procgen.terrain._pages import small_pages
from procgen.terrain.biomes import BIOMES, WATER_CLASSES, Biome, biome_of, check_table, legend_of
from procgen.terrain.climate import latitude_band, moisture, temperature, water_distance
from procgen.terrain.heightmap import coarse, falloff, raw_height, redistribute, terrace
from procgen.terrain.heightmap import plateau as _plateau
from procgen.terrain.hydrology import drain, rivers

__all__ = ["DEFAULT_SIZE", "World", "WorldParams", "generate"]

DEFAULT_SIZE = 256
MIN_SIDE, MAX_SIDE = 16, 4096
#: Finite worlds' generator version, in ``generator["version"]``: 2 erodes every size at full
#: resolution (1, unrecorded, eroded maps above 512² on a coarser grid: other bytes there).
FINITE_VERSION = 2
#: Default erosion iterations of finite worlds (the quality/speed knob).
DEFAULT_EROSION = 30


@dataclass(frozen=True)
class WorldParams:
    """Settings of an infinite world (every field has a working default).

    ``scale``: tiles per continent-scale feature; ``sea_level``: the raw relief height of the
    sea; ``climate_period``: tiles from one pole over the equator to the next; ``erosion``:
    hydraulic iterations per chunk (0 = off, the fast default); ``apron``: tiles of context
    computed around each window; ``biomes``: the biome table.
    """

    scale: float = 320.0
    mountains: float = 0.65
    hills: float = 0.14
    sea_level: float = 0.0
    chunk_size: int = 64
    climate_period: int = 8192
    erosion: int = 0
    apron: int = 26
    river_width: float = 1.0
    biomes: tuple[Biome, ...] = field(default=BIOMES)

    def check(self) -> None:
        check_int("chunk_size", self.chunk_size, 8, 1024, "tiles")
        if not check_float("scale", self.scale) > 8:  # an open bound: check_float's are closed
            raise ParamError(f"scale: must be a number > 8 (tiles), got {self.scale!r}")
        check_int("apron", self.apron, 26, 256, "tiles")
        check_int("climate_period", self.climate_period, 64, None, "tiles")
        check_table(self.biomes)


#: Reach (tiles) of the moisture bonus near water, and the rain-shadow look-upwind distance.
REACH, SHADOW = 16, 24
#: Beaches lie within this many tiles of the sea.
COAST = 3


#: Cells per band where a finite map's climate and biomes are computed a band of rows at a time,
#: so their temporaries cost a band, not the map (peak memory, #18).
BAND_CELLS = 1 << 15


def _quantize(v: np.ndarray) -> np.ndarray:
    return np.round(np.clip(v, 0, 1) * 255).astype(np.uint8)


def _finish(
    kind_params: dict[str, Any], seed: int, height: np.ndarray, temp: np.ndarray, moist: np.ndarray,
    flow: np.ndarray, water: np.ndarray, coast: np.ndarray, table: Sequence[Biome],
    stats: dict[str, Any],
) -> Level:
    """Quantize the layers, classify biomes from the stored values, and build the Level."""
    h16 = height.astype(np.float16)
    # Finite maps hand their climate over already quantized (computed band by band).
    t8 = temp if temp.dtype == np.uint8 else _quantize(temp)
    m8 = moist if moist.dtype == np.uint8 else _quantize(moist)
    # Classified a band of rows at a time: the float64 views of the layers biome_of works on
    # (and the water classes, the sea where the stored height is below 0) stay a band's size,
    # not the map's (the same ids; a cell's biome is its own business).
    ids = np.empty(h16.shape, dtype=np.int16)
    rows = max(1, BAND_CELLS // max(1, h16.shape[1]))
    for y in range(0, h16.shape[0], rows):
        b = slice(y, y + rows)
        w = np.where(h16[b] < 0, WATER_CLASSES["ocean"], water[b])
        ids[b] = biome_of(h16[b].astype(np.float64), t8[b] / 255.0, m8[b] / 255.0, w, table, coast[b])
    legend = legend_of(table)
    generator: dict[str, Any] = {"name": "classic", "model": None, "params": kind_params}
    if not kind_params.get("infinite"):
        generator["version"] = FINITE_VERSION
    level = Level.from_ids("terrain", ids, legend, seed=seed, generator=generator, stats=stats)
    level.layers = {"height": h16, "temperature": t8, "moisture": m8, "flow": flow.astype(np.float16)}
    counts = np.bincount(ids.ravel(), minlength=len(table))
    level.stats["biomes"] = {b.name: int(c) for b, c in zip(table, counts, strict=False) if c}
    return level


# -- finite worlds --------------------------------------------------------------------------------


def _erode(h: np.ndarray, iterations: int) -> np.ndarray:
    """Hydraulic then thermal erosion at full resolution, so the cost per tile is the same at
    every size (generator version 2; version 1 eroded maps above 512² on a coarser grid)."""
    if iterations == 0:
        return h
    # In place: the map is ours, and a copy of it is 8 bytes a tile of the peak.
    h = _erosion.hydraulic(h, iterations, inplace=True)
    return _erosion.thermal(h, max(2, iterations // 4), talus=0.02, inplace=True)


def generate(
    seed: int,
    *,
    generator: str = "classic",
    width: int | None = None,
    height: int | None = None,
    shape: str = "continent",
    erosion: int | None = None,
    sea_level: float | None = None,
    terraces: int = 0,
    plateau: float | None = None,
    biomes: Sequence[Biome] = BIOMES,
) -> Level:
    """A finite world of ``width × height`` tiles with the full pipeline (module docstring).

    ``shape``: ``continent`` (land in the middle, sea at the edges) or ``island``; ``erosion``:
    hydraulic iterations (default 30; 0 = none); ``sea_level``: the share of the map under the
    sea (default 0.45 for a continent, 0.6 for an island); ``terraces``: steps cut into the
    land (0 = none); ``plateau``: a land height (0..1) above which ground is capped into mesas;
    ``biomes``: the biome table.
    """
    seed = check_seed(seed)
    if generator != GeneratorName.CLASSIC:
        raise ParamError(f"generator: terrain has only the classic generator, not {generator!r}")
    width = DEFAULT_SIZE if width is None else width
    height = DEFAULT_SIZE if height is None else height
    for name, v in (("width", width), ("height", height)):
        check_int(name, v, MIN_SIDE, MAX_SIDE, "tiles")
    if shape not in ("continent", "island"):
        raise ParamError(f"shape: must be 'continent' or 'island', got {shape!r}")
    iterations = DEFAULT_EROSION if erosion is None else erosion
    check_int("erosion", iterations, 0, 1000, "iterations")
    quantile = (0.45 if shape == "continent" else 0.6) if sea_level is None else sea_level
    check_float("sea_level", quantile, 0.05, 0.95)
    check_table(biomes)
    if terraces:
        check_int("terraces", terraces, 0, 64)
    with small_pages(width * height):
        return _generate(seed, width, height, shape, int(iterations), quantile, int(terraces), plateau, biomes)


def _generate(
    seed: int, width: int, height: int, shape: str, iterations: int, quantile: float, terraces: int,
    plateau: float | None, biomes: Sequence[Biome],
) -> Level:
    """:func:`generate` on checked arguments."""
    scale = 0.62 * max(width, height)
    xs, ys = np.arange(width), np.arange(height)
    if width * height >= _erosion.JIT_CELLS:
        # A map that erodes by the numba kernels loads the noise kernels too: then its relief
        # and climate bands run compiled (the same bytes), whatever their size.
        _jit.kernels()
    # Every whole-map step below runs in place or frees what it no longer needs, so the peak
    # stays a few layers deep (#18: at most 64 bytes a tile); the same operations in the same
    # order as the plain formulas, so the same bytes.
    h = raw_height(xs, ys, seed, scale=scale)
    band = max(1, BAND_CELLS // width)
    for y0 in range(0, height, band):  # a band's temporaries, not the map's (#18)
        rows = slice(y0, y0 + band)
        h[rows] -= falloff(width, height, shape, rows=rows)
    sea = float(np.quantile(h, quantile))
    h -= sea
    top, bottom = float(h.max()), float(-h.min())
    land = h > 0
    np.divide(h, max(top, 1e-9), out=h, where=land)
    np.divide(h, max(bottom, 1e-9), out=h, where=~land)
    del land
    for y0 in range(0, height, band):  # cell by cell, so a band at a time gives the same bytes
        rows = slice(y0, y0 + band)
        h[rows] = redistribute(h[rows], 1.35)
        if plateau is not None:
            h[rows] = _plateau(h[rows], plateau)
        if terraces:
            h[rows] = terrace(h[rows], int(terraces), 0.6)
    h = _sea_border(h)
    h = _erode(h, int(iterations))
    np.clip(h, -1, 1, out=h)
    h = _sea_border(h)

    ocean = h < 0
    drainage = drain(h, ocean)
    threshold = max(30.0, 0.0009 * width * height)
    river = rivers(drainage, threshold)
    lake = drainage.lake
    flow = drainage.accumulation
    del drainage
    np.add(flow, 1, out=flow)
    np.log2(flow, out=flow)  # log2(1 + upstream rain)
    flow = flow.astype(np.float16)  # as stored
    water = np.full(h.shape, WATER_CLASSES["land"], dtype=np.int8)
    water[lake] = WATER_CLASSES["lake"]
    water[river] = WATER_CLASSES["river"]
    lat = np.linspace(0.22, 0.95, height)
    temp, moist = _climate(xs, ys, h, water_distance(ocean | lake | river, REACH), seed, lat, scale)
    params = {"shape": shape, "erosion": int(iterations), "sea_level": quantile,
              "terraces": int(terraces), "plateau": plateau}
    stats = {
        "land_ratio": round(float((~ocean).mean()), 4),
        "river_tiles": int(river.sum()),
        "lake_tiles": int(lake.sum()),
        "river_threshold": threshold,
    }
    coast = _coast(ocean)
    del ocean, lake, river
    level = _finish(params, seed, h, temp, moist, flow, water, coast, biomes, stats)
    del h, temp, moist, flow, water, coast
    spawn = _spawn(level)
    if spawn is not None:
        level.entities.append(Entity("player", spawn[0], spawn[1]))
    return level


def _climate(
    xs: np.ndarray, ys: np.ndarray, h: np.ndarray, dist: np.ndarray, seed: int, lat: np.ndarray, scale: float
) -> tuple[np.ndarray, np.ndarray]:
    """Temperature and moisture of a finite map, quantized to uint8, a band of rows at a time.

    Every input of a cell's climate is its own or its row's (``dist``: the distance to water,
    from :func:`water_distance`), so the bands give the bytes the whole map at once gives,
    with a band's temporaries instead of the map's.
    """
    rows_total, width = h.shape
    temp = np.empty(h.shape, dtype=np.uint8)
    moist = np.empty(h.shape, dtype=np.uint8)
    rows = max(1, BAND_CELLS // width)
    for y0 in range(0, rows_total, rows):
        b = slice(y0, y0 + rows)
        temp[b] = _quantize(temperature(xs, ys[b], h[b], seed, lat[b], scale=scale))
        moist[b] = _quantize(moisture(xs, ys[b], h[b], dist[b], seed, REACH, SHADOW, scale=scale))
    return temp, moist


def _coast(ocean: np.ndarray) -> np.ndarray:
    """Land within COAST tiles of the sea (where beaches may be)."""
    return binary_dilation(ocean, iterations=COAST) & ~ocean


def _sea_border(h: np.ndarray) -> np.ndarray:
    """The map's outer ring is sea, so every river has a sea to reach (rivers never leave the map).

    In place: ``h`` is the pipeline's own working map.
    """
    h[[0, -1], :] = np.minimum(h[[0, -1], :], -0.02)
    h[:, [0, -1]] = np.minimum(h[:, [0, -1]], -0.02)
    return h


def _spawn(level: Level) -> tuple[int, int] | None:
    """The walkable land tile nearest the map centre (not water, not solid)."""
    ok = ~level.solid_mask() & ~level.mask("river", "beach")
    if not ok.any():
        return None
    ys, xs = np.nonzero(ok)
    d = (xs - level.width / 2) ** 2 + (ys - level.height / 2) ** 2
    i = int(np.argmin(d))
    return int(xs[i]), int(ys[i])


# -- infinite worlds ------------------------------------------------------------------------------


class World:
    """An infinite, seamless terrain world: ``World(seed).chunk(cx, cy)`` while the player walks.

    Regions too big for one process are the scale-out layer's job, which builds on this class
    (terrain never imports it): ``procgen.scale.world_zarr.to_dask(world, "X0:X1,Y0:Y1")`` and
    ``procgen world export``.

    >>> w = World(5)
    >>> c = w.chunk(-1, 2)
    >>> c.width == c.height == w.chunk_size, c.stats["origin"]
    (True, [-64, 128])
    """

    def __init__(self, seed: int, params: WorldParams | Mapping[str, Any] | None = None) -> None:
        self.seed = check_seed(seed)
        if params is None:
            params = WorldParams()
        elif not isinstance(params, WorldParams):
            known = {f.name for f in fields(WorldParams)}
            unknown = sorted(set(params) - known)
            if unknown:
                raise ParamError(f"params: unknown world setting {unknown[0]!r}; known: {', '.join(sorted(known))}")
            params = WorldParams(**params)
        self.params = params
        self.params.check()

    @property
    def chunk_size(self) -> int:
        return self.params.chunk_size

    def chunk(self, cx: int, cy: int) -> Level:
        """Chunk ``(cx, cy)``: the region at ``(cx, cy) * chunk_size`` of ``chunk_size`` tiles square.

        Chunks stream by the hundred, so the first one loads the numba kernels when the
        ``[fast]`` extra is installed (about a second, once a process); every later one's small
        noise grids then run compiled (the same bytes, #18).
        """
        _jit.kernels()
        n = self.chunk_size
        level = self.region(int(cx) * n, int(cy) * n, n, n)
        level.stats["chunk"] = [int(cx), int(cy)]
        return level

    def region(self, x0: int, y0: int, width: int, height: int) -> Level:
        """The window of ``width × height`` tiles whose top-left tile is ``(x0, y0)``."""
        check_int("width", width, 1, MAX_SIDE, "tiles")
        check_int("height", height, 1, MAX_SIDE, "tiles")
        p = self.params
        if p.erosion:
            west = side = p.apron + 2 * p.erosion
        else:
            # Without erosion every layer is a point function of the tile (the noise lattices
            # are anchored at world 0) but for three neighbourhoods: the distance to water
            # (REACH), the rain shadow (SHADOW tiles to the west) and the coast (COAST < REACH).
            # So only that much context is computed (the same bytes as a wider apron, a quarter
            # fewer tiles for a 64² chunk).
            west, side = max(REACH, SHADOW), REACH
        xs = np.arange(x0 - west, x0 + width + side)
        ys = np.arange(y0 - side, y0 + height + side)
        raw = raw_height(xs, ys, self.seed, scale=p.scale, mountains=p.mountains, hills=p.hills) - p.sea_level
        h = redistribute(np.clip(raw / np.where(raw > 0, 1.6, 0.9), -1, 1), 1.35)
        h, river, strength = self._rivers(xs, ys, h)
        if p.erosion:
            h = np.clip(_erosion.hydraulic(h, p.erosion), -1, 1)
        ocean = h < 0
        river &= ~ocean
        dist = water_distance(ocean | river, REACH)
        rows, cols = slice(side, side + height), slice(west, west + width)
        # Climate only where it is kept: temperature on the window itself, moisture with the
        # SHADOW columns to its west that its rain shadow looks over.
        wx, wy = xs[cols], ys[rows]
        temp = temperature(wx, wy, h[rows, cols], self.seed, latitude_band(wy, p.climate_period), scale=p.scale)
        upwind = slice(west - SHADOW, west + width)
        moist = moisture(xs[upwind], wy, h[rows, upwind], dist[rows, upwind], self.seed, REACH, SHADOW,
                         scale=p.scale)[:, SHADOW:]
        crop = (rows, cols)
        flow = np.where(river[crop], 6.0 + 8.0 * strength[crop], 0.0)
        water = np.where(river[crop], WATER_CLASSES["river"], WATER_CLASSES["land"])
        params: dict[str, Any] = {"infinite": True, "origin": [int(x0), int(y0)],
                                  **{f.name: getattr(p, f.name) for f in fields(p) if f.name != "biomes"}}
        stats = {"origin": [int(x0), int(y0)]}
        return _finish(params, self.seed, h[crop], temp, moist, flow, water, _coast(ocean)[crop], p.biomes, stats)

    def _rivers(self, xs: np.ndarray, ys: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rivers along the zero-lines of a river noise, with valleys carved around them.

        Returns the carved height, the river mask and a 0..1 strength (wider, stronger towards
        the sea). Rivers rise in the hills (below ~0.55) and run to the coast.
        """
        p = self.params
        n = coarse(lambda x, y: Perlin(self.seed, "rivers").fbm(x / p.scale * 2.2, y / p.scale * 2.2, 4), xs, ys, 2)
        d = np.abs(n)
        low = np.clip(1 - h / 0.55, 0, 1)  # 0 in the mountains, 1 at the coast
        width = p.river_width * (0.004 + 0.012 * low)
        valley = np.clip(1 - d / 0.06, 0, 1) ** 2 * low
        land = h > 0
        carved = np.where(land, h - 0.08 * valley * np.clip(h / 0.05, 0, 1), h)
        river = land & (h < 0.55) & (d < width)
        strength = low
        return carved, river, strength
