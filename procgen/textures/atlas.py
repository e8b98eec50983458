"""Texture atlases: Tiled tilesets of material variants for any level's legend.

:func:`build_atlas` packs ``variants`` tiles of each material into one image (a row per
material); :func:`tileset_for` makes a :class:`~procgen.io.tiled.Tileset` for a level by
mapping each legend name to a material (platformer ``ground`` -> dirt, dungeon ``wall`` ->
dungeon-wall, terrain biomes -> tinted grass, sand, snow, ...) or to a drawn sprite (``?``
blocks, pipes, keys, doors) over the right background. Every legend name gets the same number
of tiles, and :func:`procgen.io.tiled.tile_gids` scatters the variants by position, so a
large field of grass does not repeat. ``level.save_tmj(path, tileset=tileset_for(level))``
writes a textured Tiled map.

Tiles come from the procedural recipes (fast: well under a second for 10 materials x 8
variants) or from the trained texture VAE/GAN (``generator="vae"|"gan"``), which raise
:class:`~procgen.errors.CheckpointError` when the shipped model is missing or corrupt; the
caller decides whether to fall back to ``"procedural"``.

>>> from procgen.levels import cave
>>> ts = tileset_for(cave.generate(7, width=16, height=12), variants=2)
>>> ts.names, ts.image.shape
(['wall', 'wall', 'floor', 'floor'], (32, 32, 3))
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from procgen.errors import ParamError
from procgen.extras import import_optional
from procgen.io.atomic import atomic_write
from procgen.io.palette import tile_color
from procgen.io.png import encode_png
from procgen.io.tiled import Tileset, tsj_document
from procgen.level import Level, Tile
from procgen.rng import check_seed, child_seed
from procgen.textures.materials import MATERIALS, check_material, check_size, synthesize
from procgen.textures.sprites import KIND_CHARACTERS, SPRITES, draw

__all__ = [
    "GENERATORS",
    "Look",
    "build_atlas",
    "look_of",
    "material_tiles",
    "render_textured",
    "textures_cli",
    "tileset_for",
]

GENERATORS = ("procedural", "vae", "gan")
MAX_VARIANTS = 64


@dataclass(frozen=True)
class Look:
    """How a legend name is drawn: a material (tinted), a sprite over a background, or flat."""

    material: str | None = None
    tint: tuple[float, float, float] = (1.0, 1.0, 1.0)
    sprite: str | None = None
    flat: tuple[int, int, int] | None = None


_SKY = (107, 140, 255)

#: Legend names with a fixed look, whatever the level kind.
LOOKS: dict[str, Look] = {
    # platformer (VGLC names)
    "empty": Look(flat=_SKY),
    "sky": Look(flat=_SKY),
    "ground": Look("dirt"),
    "brick": Look("brick"),
    # dungeon
    "block": Look("stone"),
    "water": Look("water"),
    # terrain biomes: a material with a tint, so neighbouring biomes read apart
    "deep-ocean": Look("water", (0.55, 0.6, 0.75)),
    "ocean": Look("water", (0.75, 0.8, 0.9)),
    "sea": Look("water", (0.75, 0.8, 0.9)),
    "lake": Look("water", (0.95, 1.0, 1.0)),
    "river": Look("water", (1.05, 1.1, 1.05)),
    "beach": Look("sand"),
    "desert": Look("sand", (1.05, 0.95, 0.8)),
    "temperate-desert": Look("sand", (0.95, 0.92, 0.85)),
    "grassland": Look("grass"),
    "plains": Look("grass", (1.05, 1.05, 0.9)),
    "savanna": Look("grass", (1.3, 1.1, 0.55)),
    "shrubland": Look("grass", (1.1, 1.0, 0.7)),
    "forest": Look("grass", (0.8, 0.88, 0.78)),
    "temperate-forest": Look("grass", (0.8, 0.88, 0.78)),
    "rainforest": Look("grass", (0.62, 0.85, 0.7)),
    "tropical-forest": Look("grass", (0.75, 0.95, 0.7)),
    "jungle": Look("grass", (0.62, 0.85, 0.7)),
    "taiga": Look("grass", (0.65, 0.78, 0.8)),
    "boreal-forest": Look("grass", (0.65, 0.78, 0.8)),
    "swamp": Look("grass", (0.7, 0.72, 0.55)),
    "marsh": Look("grass", (0.75, 0.78, 0.6)),
    "tundra": Look("snow", (0.8, 0.85, 0.75)),
    "snow": Look("snow"),
    "ice": Look("snow", (0.85, 0.95, 1.05)),
    "glacier": Look("snow", (0.85, 0.95, 1.05)),
    "mountain": Look("stone"),
    "rock": Look("stone"),
    "bare": Look("stone", (1.05, 1.0, 0.92)),
    "scorched": Look("stone", (0.6, 0.55, 0.5)),
    "volcanic": Look("stone", (0.55, 0.5, 0.5)),
    "cliff": Look("stone", (0.85, 0.85, 0.85)),
}

#: Per level kind: legend names whose look depends on the kind (a cave's wall is rock).
KIND_LOOKS: dict[str, dict[str, Look]] = {
    "dungeon-room": {"wall": Look("dungeon-wall"), "floor": Look("dungeon-floor")},
    "dungeon": {"wall": Look("dungeon-wall"), "floor": Look("dungeon-floor")},
    "cave": {"wall": Look("stone", (0.8, 0.78, 0.75)), "floor": Look("dirt", (1.1, 1.05, 1.0))},
}

#: The background a sprite is drawn over, per level kind (a legend name or a flat colour).
SPRITE_BACKGROUND: dict[str, str] = {
    "platformer": "empty",
    "dungeon-room": "floor",
    "dungeon": "floor",
    "cave": "floor",
    "terrain": "grassland",
}

# Name fragments for legends we have never seen (a user's own vocabulary, new biomes).
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("lava", "lava"), ("magma", "lava"), ("water", "water"), ("ocean", "water"), ("sea", "water"),
    ("lake", "water"), ("river", "water"), ("sand", "sand"), ("beach", "sand"), ("desert", "sand"),
    ("snow", "snow"), ("ice", "snow"), ("glacier", "snow"), ("tundra", "snow"), ("rock", "stone"),
    ("stone", "stone"), ("mountain", "stone"), ("cliff", "stone"), ("grass", "grass"),
    ("forest", "grass"), ("jungle", "grass"), ("savanna", "grass"), ("plain", "grass"),
    ("meadow", "grass"), ("swamp", "grass"), ("marsh", "grass"), ("taiga", "grass"),
    ("dirt", "dirt"), ("mud", "dirt"), ("earth", "dirt"), ("ground", "dirt"), ("wood", "wood"),
    ("plank", "wood"), ("bridge", "wood"), ("brick", "brick"), ("wall", "dungeon-wall"),
    ("floor", "dungeon-floor"),
)


def look_of(tile: Tile, kind: str) -> Look:
    """How ``tile`` (a legend entry) of a ``kind`` level is drawn.

    >>> look_of(Tile("wall", True), "dungeon").material
    'dungeon-wall'
    >>> look_of(Tile("taiga", False), "terrain").material
    'grass'
    """
    name = tile.name
    if name in KIND_LOOKS.get(kind, {}):
        return KIND_LOOKS[kind][name]
    if name in KIND_CHARACTERS.get(kind, {}):
        return Look(sprite=KIND_CHARACTERS[kind][name])  # the figure the game draws for it
    if name in LOOKS:
        return LOOKS[name]
    if name in MATERIALS:
        return Look(name)
    if name in SPRITES:
        return Look(sprite=name)
    low = name.lower()
    for fragment, material in _KEYWORDS:
        if fragment in low:
            return Look(material)
    return Look(flat=tile_color(tile))


def _check_generator(generator: str) -> str:
    if generator == "classic":  # `procgen eval` calls the non-model generator "classic"
        return "procedural"
    if generator not in GENERATORS:
        raise ParamError(f"generator: must be one of {', '.join(GENERATORS)}, got {generator!r}")
    return generator


def _check_variants(variants: int) -> int:
    if isinstance(variants, bool) or not isinstance(variants, (int, np.integer)) or not 1 <= variants <= MAX_VARIANTS:
        raise ParamError(f"variants: must be between 1 and {MAX_VARIANTS}, got {variants!r}")
    return int(variants)


def material_tiles(
    material: str, seed: int, size: int = 16, n: int = 1, generator: str = "procedural",
    model: str | os.PathLike[str] | None = None,
) -> np.ndarray:
    """``(n, size, size, 3)`` uint8 tiles of ``material`` from ``generator``.

    ``model`` (``vae``/``gan`` only) is a checkpoint config or a folder holding
    ``texture-vae.json`` / ``texture-gan.json``; None means the shipped one. Model generators
    raise CheckpointError when the trained model cannot be loaded.
    """
    check_material(material)
    generator = _check_generator(generator)
    if generator == "procedural":
        if model is not None:
            raise ParamError("model: a checkpoint is for the vae and gan texture generators")
        return synthesize(material, seed, size, n)
    texture = import_optional("procgen.models.texture", f"generator: {generator}")
    tiles: np.ndarray = texture.generate_tiles(generator, material, seed=seed, size=size, n=n, path=model)
    return tiles


def _grid_image(tiles: np.ndarray) -> np.ndarray:
    """``(rows, cols, S, S, 3)`` -> one ``(rows*S, cols*S, 3)`` image."""
    r, c, s, _, ch = tiles.shape
    return np.ascontiguousarray(tiles.transpose(0, 2, 1, 3, 4).reshape(r * s, c * s, ch))


def build_atlas(
    materials: Sequence[str], variants: int = 8, size: int = 16, seed: int = 0, generator: str = "procedural",
    model: str | os.PathLike[str] | None = None,
) -> Tileset:
    """A tileset with ``variants`` tiles of each material: one row per material (``model`` as
    in :func:`material_tiles`).

    ``names[i]`` is the material tile ``i`` depicts; properties give its variant number.

    >>> ts = build_atlas(["grass", "stone"], variants=4, size=16, seed=1)
    >>> ts.image.shape, ts.tilecount, ts.names[4]
    ((32, 64, 3), 8, 'stone')
    """
    if isinstance(materials, str) or not materials:
        raise ParamError("materials: give at least one material name (a list)")
    for m in materials:
        check_material(m)
    variants, size, seed = _check_variants(variants), check_size(size), check_seed(seed)
    generator = _check_generator(generator)
    rows = np.stack([material_tiles(m, seed, size, variants, generator, model) for m in materials])
    names = [m for m in materials for _ in range(variants)]
    props = [{"material": m, "variant": j, "generator": generator} for m in materials for j in range(variants)]
    return Tileset("procgen-textures", _grid_image(rows), size, size, names, props)


def _tinted(tiles: np.ndarray, tint: tuple[float, float, float]) -> np.ndarray:
    if tint == (1.0, 1.0, 1.0):
        return tiles
    return np.clip(tiles * np.asarray(tint), 0, 255).astype(np.uint8)


def tileset_for(level: Level, *, size: int = 16, variants: int = 4, seed: int = 0, generator: str = "procedural") -> Tileset:
    """A textured tileset for ``level``'s legend: ``variants`` tiles per legend name, in
    legend order (tile ``i*variants + j`` is variant ``j`` of legend entry ``i``).

    Use it as ``level.save_tmj(path, tileset=tileset_for(level))``.
    """
    variants, size, seed = _check_variants(variants), check_size(size), check_seed(seed)
    generator = _check_generator(generator)
    looks = {t.name: look_of(t, level.kind) for t in level.legend.values()}
    cache: dict[str, np.ndarray] = {}

    def tiles_for(name: str, look: Look) -> np.ndarray:
        if name in cache:
            return cache[name]
        if look.material is not None:
            # Each legend name gets its own seed, so tinted biomes do not share one pattern.
            base = material_tiles(look.material, child_seed(seed, "atlas", name), size, variants, generator)
            out = _tinted(base, look.tint)
        elif look.sprite is not None:
            bg_name = SPRITE_BACKGROUND.get(level.kind, "empty")
            bg_look = looks.get(bg_name) or look_of(Tile(bg_name, False), level.kind)
            if bg_look.sprite is not None:
                bg_look = Look(flat=_SKY)
            bg = tiles_for(bg_name, bg_look)
            out = np.stack([draw(look.sprite, b) for b in bg])
        else:
            out = np.broadcast_to(np.asarray(look.flat, np.uint8), (variants, size, size, 3)).copy()
        cache[name] = out
        return out

    rows = np.stack([tiles_for(t.name, looks[t.name]) for t in level.legend.values()])
    names = [t.name for t in level.legend.values() for _ in range(variants)]
    props = []
    for t in level.legend.values():
        look = looks[t.name]
        what = look.material or look.sprite or "flat"
        props += [{"solid": t.solid, "material": what, "variant": j} for j in range(variants)]
    return Tileset(f"procgen-{level.kind}", _grid_image(rows), size, size, names, props)


def render_textured(level: Level, tileset: Tileset) -> np.ndarray:
    """The level drawn with ``tileset`` (variants scattered as in the Tiled export):
    ``(H*S, W*S, 3)`` uint8. The same as :meth:`procgen.io.tiled.Tileset.render`."""
    return tileset.render(level)


def textures_cli(
    *, materials: list[str], variants: int, size: int, out: str, tsj: str | None, generator: str, seed: int,
    model: str | None = None,
) -> str:
    """``procgen textures``: write the atlas PNG (and the Tiled ``.tsj``); returns a summary."""
    import time

    t0 = time.perf_counter()
    atlas = build_atlas(materials, variants=variants, size=size, seed=seed, generator=generator, model=model)
    png = encode_png(atlas.image)
    tsj_bytes = None
    if tsj is not None:
        import json

        rel = os.path.relpath(os.path.abspath(out), os.path.dirname(os.path.abspath(tsj)))
        doc = tsj_document(atlas, Path(rel).as_posix())
        tsj_bytes = (json.dumps(doc, indent=1) + "\n").encode()
    # Both documents exist before either file is written: a bad input writes nothing.
    atomic_write(out, png)
    if tsj is not None and tsj_bytes is not None:
        atomic_write(tsj, tsj_bytes)
    dt = time.perf_counter() - t0
    h, w = atlas.image.shape[:2]
    where = f" and Tiled tileset {tsj}" if tsj else ""
    return (
        f"textures: {len(materials)} materials x {variants} variants of {size}x{size} "
        f"({generator}, seed {seed}) -> atlas {out} ({w}x{h} px, {atlas.tilecount} tiles){where} "
        f"in {dt:.2f} s; materials: {', '.join(materials)}"
    )
