"""Overworld mode: walk or fly over the infinite terrain world, and enter its gates.

Controls:
    Arrows / WASD       walk (or fly)
    Shift               move faster
    F                   fly / walk (walking stops at water)
    - / = , wheel       zoom out / in: from tiles to the whole continent
    M                   minimap on / off
    K                   biome legend on / off
    Enter               enter the gate you stand by (dungeon or platformer level)
    1..5                inspector overlay: biome, height, moisture, temperature, rivers
    Tab                 inspector

Chunks (64x64 tiles) come from ``procgen.terrain``'s ``World(seed).chunk(cx, cy)``, made on
a background thread ahead of the camera (see :mod:`game.streamer`) and cached; the loop only
turns finished chunks into images, a few per frame, so streaming never shows as a hitch.

Gates are placed deterministically per chunk from ``child_seed(world seed, "gate", cx, cy)``:
dungeon entrances on high ground, platformer level gates on low land. Entering one opens that
content with a seed derived from the gate's position, so the same gate always holds the same
level.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pygame

from procgen.io.palette import tile_color
from procgen.level import Entity, Kind, Level, Tile

from . import hud
from .assets import Art
from .chunks import (
    CHUNK,
    OVERLAY_RAMPS,
    OVERLAYS,
    Chunk,
    Gate,
    blocked,
    make_chunk,
    make_world,
)
from .mode import Controls, Host, Mode, Summary
from .streamer import Streamer

#: Pixels per tile at each zoom step: tiles you can walk on ... the continent.
ZOOMS = (32.0, 16.0, 8.0, 4.0, 2.0, 1.0, 0.5)
DEFAULT_ZOOM = 1
WALK_SPEED, FLY_SPEED = 8.0, 24.0  # tiles per second
#: Chunks turned into images per frame at most (generation itself is on the thread).
UPLOADS_PER_FRAME = 6
#: Zoomed out, chunks are drawn in blocks of g x g (g from BLOCK_GROUPS) about this many pixels wide.
BLOCK_PIXELS = 256
BLOCK_GROUPS = (2, 4, 8)
BACKGROUND = (14, 18, 30)
#: Memory for chunk pictures scaled to the zoom (least recently drawn go first).
SCALED_BUDGET_BYTES = 256 << 20
#: Automated runs wait at most this long for the chunks a frame shows.
SYNC_WAIT_S = 300.0
#: Gates closer than this (tiles) have their content made in advance.
PREFETCH_TILES = 10
#: How many rings of chunks around the origin are searched for land to start on.
SPAWN_SEARCH = 3
MINIMAP_CHUNKS = 12
THUMB = 12


def gate_rooms(gate: Gate) -> int:
    """Deeper in the world, bigger dungeons: the distance from the origin sets the size."""
    return 4 + min(8, int(math.hypot(gate.x, gate.y) // 256))


def gate_difficulty(gate: Gate) -> float:
    """Platformer levels get harder away from the origin."""
    return round(min(0.9, 0.2 + math.hypot(gate.x, gate.y) / 2048), 2)


@dataclass(frozen=True)
class GateType:
    """One kind of gate: how it looks, and which mode plays what it holds, with what options."""

    sprite: str
    #: What the HUD calls it when you stand by it, and the biome legend's word for it.
    sign: str
    word: str
    #: Its dot on the minimap and its word in the legend.
    color: tuple[int, int, int]
    #: The game mode (see :mod:`.modes`) that plays the gate's level kind.
    mode: str
    options: Callable[[Gate], dict[str, object]]


#: The level kind a gate holds -> its type (the overworld's only table of kinds).
GATE_TYPES: dict[Kind, GateType] = {
    Kind.DUNGEON: GateType("dungeon-gate", "DUNGEON", "dungeon", (200, 80, 255), "dungeon",
                           lambda g: {"seed": g.seed, "rooms": gate_rooms(g)}),
    Kind.PLATFORMER: GateType("level-gate", "LEVEL GATE", "level gate", (255, 200, 40), "platformer",
                              lambda g: {"seed": g.seed, "difficulty": gate_difficulty(g), "from_overworld": True}),
}


def gate_type(gate: Gate) -> GateType:
    """The type of ``gate`` (its kind may be given as a plain string)."""
    return GATE_TYPES[Kind(gate.kind)]


class OverworldMode(Mode):
    """The infinite world, streamed in chunks around the camera."""

    name = "overworld"
    keys: ClassVar[list[tuple[str, str]]] = [
        ("Arrows / WASD", "walk / fly"),
        ("Shift", "faster"),
        ("F", "fly / walk (walking stops at water)"),
        ("-  =  wheel", "zoom out / in"),
        ("M", "minimap on / off"),
        ("K", "biome legend on / off"),
        ("Enter", "enter a gate (dungeon / level)"),
        ("1..5 (inspector)", "biome/height/moisture/temp/rivers"),
    ]

    def __init__(self, app: Host, seed: int | None = None) -> None:
        super().__init__(app)
        self.seed = app.seed if seed is None else seed
        self.world = make_world(self.seed)
        self.overlay = "biome"
        self.streamer = Streamer(self._make_chunk)
        self.zoom = DEFAULT_ZOOM
        self.flying = False
        self.minimap = True
        self.legend = True
        self.surfaces: dict[tuple[int, int, str], pygame.Surface] = {}
        #: Chunk pictures at the current zoom, least recently drawn first (bounded in bytes).
        self.scaled: OrderedDict[tuple[int, int, str, float], pygame.Surface] = OrderedDict()
        self._scaled_bytes = 0
        self.thumbs: dict[tuple[int, int, str], pygame.Surface] = {}
        self.biomes: dict[str, tuple[int, int, int]] = {}
        self.block_loaded: dict[tuple[str, int, int, int], int] = {}
        self.blocks: dict[tuple[tuple[str, int, int, int], float], tuple[int, pygame.Surface]] = {}
        self._cells_key: tuple[int, ...] = ()
        self._cells: list[tuple[int, int]] = []
        self._minimap_key: tuple[object, ...] = ()
        self._minimap = pygame.Surface((1, 1))
        self.gates: dict[tuple[int, int], Gate | None] = {}
        self.art = Art({})
        self.time = 0.0
        self.uploads: list[int] = []
        # Start on land near the origin: the first chunk is made now, the rest streams.
        self.x, self.y, self.flying = self._start()

    def close(self) -> None:
        self.streamer.close()

    # -- chunks -------------------------------------------------------------------------------

    def _make_chunk(self, key: tuple[int, int, str]) -> tuple[Any, ...]:
        cx, cy, overlay = key
        return (make_chunk, self.seed, cx, cy, overlay)

    def _start(self) -> tuple[float, float, bool]:
        """Walkable land nearest the origin: chunks are searched ring by ring (a few at most);
        over open sea the hero starts flying."""
        for radius in range(SPAWN_SEARCH + 1):
            ring = [(cx, cy) for cy in range(-radius, radius + 1) for cx in range(-radius, radius + 1)
                    if max(abs(cx), abs(cy)) == radius]
            best: tuple[float, float, float] | None = None
            for cx, cy in ring:
                level = self.streamer.make_now((cx, cy, self.overlay)).level
                land = ~np.array([blocked(t) for t in level.legend.values()], dtype=bool)[level.ids()]
                ys, xs = np.nonzero(land)
                if ys.size:
                    wx, wy = xs + cx * CHUNK + 0.5, ys + cy * CHUNK + 0.5
                    d = (wx - CHUNK / 2) ** 2 + (wy - CHUNK / 2) ** 2
                    i = int(np.argmin(d))
                    if best is None or d[i] < best[0]:
                        best = (float(d[i]), float(wx[i]), float(wy[i]))
            if best is not None:
                return best[1], best[2], False
        return CHUNK / 2, CHUNK / 2, True

    @staticmethod
    def _water_at(level: Level, x: int, y: int) -> bool:
        return blocked(level.legend[chr(int(level.grid[y % CHUNK, x % CHUNK]))])

    def chunk_at(self, tx: float, ty: float) -> Chunk | None:
        return self.streamer.get((math.floor(tx / CHUNK), math.floor(ty / CHUNK), self.overlay))

    def walkable(self, tx: float, ty: float) -> bool:
        c = self.chunk_at(tx, ty)
        if c is None:
            return False  # not generated yet: wait at the edge rather than walk into nothing
        return not self._water_at(c.level, math.floor(tx), math.floor(ty))

    # -- input --------------------------------------------------------------------------------

    def key_down(self, key: int) -> bool:
        if key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.zoom = min(len(ZOOMS) - 1, self.zoom + 1)
        elif key in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS):
            self.zoom = max(0, self.zoom - 1)
        elif key == pygame.K_f:
            if self.flying and not self.walkable(self.x, self.y):
                self.app.notices.say("Land first: you cannot walk on water or mountains", warn=True)
            else:
                self.flying = not self.flying
                self.app.notices.say("Flying" if self.flying else "Walking")
        elif key == pygame.K_m:
            self.minimap = not self.minimap
        elif key == pygame.K_k:
            self.legend = not self.legend
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.enter_gate()
        elif self.app.show_inspector and pygame.K_1 <= key <= pygame.K_5:
            self.set_overlay(OVERLAYS[key - pygame.K_1])
        else:
            return False
        return True

    def set_overlay(self, overlay: str) -> None:
        if overlay != self.overlay:
            self.overlay = overlay
            self.scaled.clear()
            self._scaled_bytes = 0
            self.blocks.clear()
            self.app.notices.say(f"Overlay: {overlay}")

    def nearest_gate(self, radius: float = 1.5) -> Gate | None:
        best, best_d = None, radius
        # Only the chunks within reach: the world's gate list grows as you explore.
        c0, c1 = math.floor((self.x - radius) / CHUNK), math.floor((self.x + radius) / CHUNK)
        r0, r1 = math.floor((self.y - radius) / CHUNK), math.floor((self.y + radius) / CHUNK)
        near = (self.gates.get((cx, cy)) for cy in range(r0, r1 + 1) for cx in range(c0, c1 + 1))
        for g in near:
            if g is not None:
                d = math.hypot(g.x + 0.5 - self.x, g.y + 0.5 - self.y)
                if d <= best_d:
                    best, best_d = g, d
        return best

    def enter_gate(self) -> bool:
        gate = self.nearest_gate()
        if gate is None:
            self.app.notices.say("No gate here: look for the markers on the map", warn=True)
            return False
        t = gate_type(gate)
        self.app.push(self.app.make(t.mode, **t.options(gate)))
        self.app.notices.say(f"Entered the {gate.kind} at ({gate.x}, {gate.y}) in the {gate.biome}. Esc: back")
        return True

    # -- update -------------------------------------------------------------------------------

    def update(self, dt: float, controls: Controls) -> None:
        self.time += dt
        near = self.nearest_gate(PREFETCH_TILES)
        if near is not None:
            # Make the gate's content before you reach it: entering is then instant.
            t = gate_type(near)
            self.app.prefetch(t.mode, **t.options(near))
        dx = int(controls.right) - int(controls.left)
        dy = int(controls.down) - int(controls.up)
        if dx or dy:
            speed = (FLY_SPEED if self.flying else WALK_SPEED) * (3.0 if controls.run else 1.0)
            # Flying over a zoomed-out map covers ground at the map's scale.
            speed *= max(1.0, ZOOMS[DEFAULT_ZOOM] / ZOOMS[self.zoom]) if self.flying else 1.0
            norm = speed * dt / math.hypot(dx, dy)
            nx, ny = self.x + dx * norm, self.y + dy * norm
            if self.flying or self.walkable(nx, ny):
                self.x, self.y = nx, ny
            elif self.walkable(nx, self.y):
                self.x = nx
            elif self.walkable(self.x, ny):
                self.y = ny

    # -- streaming ----------------------------------------------------------------------------

    def _visible_chunks(self, screen: pygame.Surface) -> tuple[list[tuple[int, int]], float, float, float]:
        z = ZOOMS[self.zoom]
        w, h = screen.get_size()
        left, top = self.x - w / 2 / z, self.y - h / 2 / z
        c0, c1 = math.floor(left / CHUNK), math.floor((left + w / z) / CHUNK)
        r0, r1 = math.floor(top / CHUNK), math.floor((top + h / z) / CHUNK)
        ccx, ccy = self.x / CHUNK, self.y / CHUNK
        key = (c0, c1, r0, r1, round(ccx * 2), round(ccy * 2))
        if key != self._cells_key:
            # Sorting a thousand chunks each frame shows when zoomed out: only on a change.
            cells = [(cx, cy) for cy in range(r0 - 1, r1 + 2) for cx in range(c0 - 1, c1 + 2)]
            cells.sort(key=lambda c: (c[0] + 0.5 - ccx) ** 2 + (c[1] + 0.5 - ccy) ** 2)
            self._cells_key, self._cells = key, cells
        return self._cells, left, top, z

    def _surface(self, cx: int, cy: int, z: float) -> pygame.Surface | None:
        key = (cx, cy, self.overlay)
        skey = (cx, cy, self.overlay, z)
        s = self.scaled.get(skey)
        if s is not None:
            self.scaled.move_to_end(skey)
            return s
        base = self.surfaces.get(key)
        if base is None:
            return None
        size = max(1, round(CHUNK * z))
        s = pygame.transform.scale(base, (size, size)) if z >= 1 else pygame.transform.smoothscale(base, (size, size))
        self.scaled[skey] = s
        self._scaled_bytes += size * size * 4
        # A chunk at 32 px/tile is 8 MB: a count limit let a long flight hold gigabytes.
        while self._scaled_bytes > SCALED_BUDGET_BYTES and len(self.scaled) > 1:
            _, old = self.scaled.popitem(last=False)
            self._scaled_bytes -= old.get_width() * old.get_height() * 4
        return s

    def _wait_for(self, keys: list[tuple[int, int, str]]) -> None:
        """Automated runs only: wait until these chunks are made, so screenshots are complete
        (bounded generously: a loaded machine is slow, not wrong)."""
        self.streamer.wait(keys, SYNC_WAIT_S)

    def _upload(self, cells: list[tuple[int, int]], limit: int = UPLOADS_PER_FRAME) -> int:
        """Turn finished chunks into surfaces, nearest first, a few per frame."""
        n = 0
        for cx, cy in cells:
            key = (cx, cy, self.overlay)
            if key in self.surfaces:
                continue
            chunk: Chunk | None = self.streamer.get(key)
            if chunk is None:
                continue
            img = chunk.image
            self.surfaces[key] = pygame.surfarray.make_surface(np.ascontiguousarray(img.transpose(1, 0, 2)))
            self.thumbs[key] = pygame.transform.smoothscale(self.surfaces[key], (THUMB, THUMB))
            for g in BLOCK_GROUPS:
                bkey = (self.overlay, g, cx // g, cy // g)
                self.block_loaded[bkey] = self.block_loaded.get(bkey, 0) + 1
            self.gates[(cx, cy)] = chunk.gate
            for t in chunk.level.legend.values():
                if t.name not in self.biomes and not t.name.startswith("_"):
                    self.biomes[t.name] = tile_color(t)
            n += 1
            if n >= limit:
                break
        if len(self.surfaces) > 6000:
            self.surfaces.clear()
            self.thumbs.clear()
            self.block_loaded.clear()
            self.blocks.clear()
        return n

    def _block(self, bx: int, by: int, g: int, z: float) -> pygame.Surface | None:
        """``g x g`` chunks drawn as one surface (zoomed out, one blit instead of g² blits);
        rebuilt only when one of its chunks arrives."""
        key = (self.overlay, g, bx, by)
        loaded = self.block_loaded.get(key, 0)
        if loaded == 0:
            return None
        cached = self.blocks.get((key, z))
        if cached is not None and cached[0] == loaded:
            return cached[1]
        size = round(CHUNK * z)
        surf = pygame.Surface((size * g, size * g))
        surf.fill(BACKGROUND)
        for j in range(g):
            for i in range(g):
                s = self._surface(bx * g + i, by * g + j, z)
                if s is not None:
                    surf.blit(s, (i * size, j * size))
        if len(self.blocks) > 400:
            self.blocks.clear()
        self.blocks[(key, z)] = (loaded, surf)
        return surf

    # -- drawing ------------------------------------------------------------------------------

    def draw(self, screen: pygame.Surface) -> None:
        if not self.app.show_inspector and self.overlay != OVERLAYS[0]:
            # Overlays belong to the inspector: closing it brings the map back.
            self.set_overlay(OVERLAYS[0])
        cells, left, top, z = self._visible_chunks(screen)
        wanted = [(cx, cy, self.overlay) for cx, cy in cells]
        if self.minimap:
            # The minimap's neighbourhood streams after the screen, nearest first.
            n = MINIMAP_CHUNKS // 2
            ccx, ccy = math.floor(self.x / CHUNK), math.floor(self.y / CHUNK)
            ring = [(ccx + i, ccy + j) for j in range(-n, n) for i in range(-n, n)]
            ring.sort(key=lambda c: (c[0] - ccx) ** 2 + (c[1] - ccy) ** 2)
            on_screen = set(cells)
            wanted += [(cx, cy, self.overlay) for cx, cy in ring if (cx, cy) not in on_screen]
        self.streamer.want(wanted)
        if self.app.sync:
            self._wait_for(wanted)
        self.uploads.append(self._upload([(k[0], k[1]) for k in wanted], len(wanted) if self.app.sync else UPLOADS_PER_FRAME))
        screen.fill(BACKGROUND)
        w, h = screen.get_size()
        blits = []
        loading = 0
        g = max(1, round(BLOCK_PIXELS / (CHUNK * z)))
        if g > 1:
            g = max(b for b in BLOCK_GROUPS if b <= g)
            seen: set[tuple[int, int]] = set()
            for cx, cy in cells:
                bx, by = cx // g, cy // g
                if (bx, by) in seen:
                    continue
                seen.add((bx, by))
                sx, sy = (bx * g * CHUNK - left) * z, (by * g * CHUNK - top) * z
                span = g * CHUNK * z
                if sx > w or sy > h or sx + span < 0 or sy + span < 0:
                    continue
                s = self._block(bx, by, g, z)
                if s is not None:
                    blits.append((s, (math.floor(sx), math.floor(sy))))
                loading += g * g - self.block_loaded.get((self.overlay, g, bx, by), 0)
            cells = []
        for cx, cy in cells:
            sx, sy = (cx * CHUNK - left) * z, (cy * CHUNK - top) * z
            size = CHUNK * z
            if sx > w or sy > h or sx + size < 0 or sy + size < 0:
                continue
            s = self._surface(cx, cy, z)
            if s is None:
                loading += 1
                pygame.draw.rect(screen, (28, 32, 48), (int(sx), int(sy), math.ceil(size), math.ceil(size)), 1)
                continue
            blits.append((s, (math.floor(sx), math.floor(sy))))
        screen.blits(blits, doreturn=False)
        self._draw_hero(screen, z)
        self.draw_hud(screen, loading)
        # Gates over the minimap and legend: a panel must never hide a way in.
        self._draw_gates(screen, left, top, z)

    def _draw_gates(self, screen: pygame.Surface, left: float, top: float, z: float) -> None:
        size = max(18, int(z * 2))
        w, h = screen.get_size()
        for g in self.gates.values():
            if g is None:
                continue
            sx, sy = (g.x + 0.5 - left) * z, (g.y + 0.5 - top) * z
            if -size < sx < w + size and -size < sy < h + size:
                img = self.art.sprite(gate_type(g).sprite, size)
                screen.blit(img, (int(sx - size / 2), int(sy - size)))

    def _draw_hero(self, screen: pygame.Surface, z: float) -> None:
        w, h = screen.get_size()
        size = max(24, int(z * 2))
        bob = int(math.sin(self.time * 6) * size * 0.1) if self.flying else 0
        if self.flying:
            pygame.draw.ellipse(screen, (0, 0, 0), (w // 2 - size // 3, h // 2 - size // 8, size * 2 // 3, size // 4))
        screen.blit(self.art.sprite("hero", size), (w // 2 - size // 2, h // 2 - size - bob - (size // 2 if self.flying else 0)))

    def draw_hud(self, screen: pygame.Surface, loading: int) -> None:
        size = hud.font_size(screen)
        w, h = screen.get_size()
        c = self.chunk_at(self.x, self.y)
        biome = ""
        if c is not None:
            biome = c.level.legend[chr(int(c.level.grid[math.floor(self.y) % CHUNK, math.floor(self.x) % CHUNK]))].name
        hud.text(screen, f"OVERWORLD  seed {self.seed}", (size // 2, size // 3), size, hud.ACCENT)
        status = f"({self.x:.0f}, {self.y:.0f})  {biome}  ·  {'flying' if self.flying else 'walking'}  ·  zoom {ZOOMS[self.zoom]:g} px/tile"
        hud.text(screen, status, (size // 2, size // 3 + size), size)
        if loading:
            hud.text(screen, f"generating {loading} chunks…", (size // 2, size // 3 + size * 2), size, hud.ACCENT)
        gate = self.nearest_gate()
        if gate is not None:
            hud.text(screen, f"{gate_type(gate).sign}: press Enter", (w // 2, h // 2 + size), int(size * 1.2), hud.ACCENT, "midtop")
        if self.minimap:
            self._draw_minimap(screen, size)
        if self.legend:
            self._draw_legend(screen, size)
        hud.text(screen, "H: help", (w - size // 2, h - size * 3 // 2), size, anchor="topright")

    def _minimap_rect(self, screen: pygame.Surface) -> pygame.Rect:
        box = MINIMAP_CHUNKS * THUMB
        return pygame.Rect(screen.get_width() - box - 12, 8, box + 4, box + 4)

    def top_right_bottom(self, screen: pygame.Surface) -> int:
        return self._minimap_rect(screen).bottom if self.minimap else 0

    def _draw_minimap(self, screen: pygame.Surface, size: int) -> None:
        n = MINIMAP_CHUNKS
        box = n * THUMB
        # Always top right: the inspector opens below it, "H: help" stays clear at the bottom.
        rect = self._minimap_rect(screen)
        hud.panel(screen, rect)
        ccx, ccy = math.floor(self.x / CHUNK), math.floor(self.y / CHUNK)
        key = (ccx, ccy, self.overlay, len(self.thumbs))
        if key != self._minimap_key:
            # Redrawn only when you change chunk or a chunk arrives.
            self._minimap_key = key
            self._minimap = mini = pygame.Surface((box, box), pygame.SRCALPHA)
            blits = []
            for j in range(n):
                for i in range(n):
                    t = self.thumbs.get((ccx - n // 2 + i, ccy - n // 2 + j, self.overlay))
                    if t is not None:
                        blits.append((t, (i * THUMB, j * THUMB)))
            mini.blits(blits, doreturn=False)
            for (cx, cy), g in self.gates.items():
                i, j = cx - ccx + n // 2, cy - ccy + n // 2
                if g is not None and 0 <= i < n and 0 <= j < n:
                    color = gate_type(g).color
                    px = i * THUMB + (g.x % CHUNK) * THUMB // CHUNK
                    py = j * THUMB + (g.y % CHUNK) * THUMB // CHUNK
                    pygame.draw.circle(mini, color, (px, py), 2)
        screen.blit(self._minimap, (rect.x + 2, rect.y + 2))
        # Where you are: the hero's position inside its chunk.
        px = rect.x + 2 + (n // 2) * THUMB + int((self.x % CHUNK) * THUMB / CHUNK)
        py = rect.y + 2 + (n // 2) * THUMB + int((self.y % CHUNK) * THUMB / CHUNK)
        pygame.draw.circle(screen, (255, 255, 255), (px, py), 3)
        pygame.draw.circle(screen, (0, 0, 0), (px, py), 3, 1)

    def _draw_legend(self, screen: pygame.Surface, size: int) -> None:
        if self.overlay in OVERLAY_RAMPS:
            self._draw_ramp_legend(screen, size)
            return
        items = sorted(self.biomes.items())[:16]
        if not items:
            return
        small = max(14, size * 4 // 5)
        line = int(small * 1.15)
        f = hud.font(small)
        width = max(f.size(n)[0] for n, _ in items) + small * 2
        rect = pygame.Rect(8, screen.get_height() - line * (len(items) + 1) - 12, width, line * (len(items) + 1) + 4)
        if rect.y - line * 2 - 12 < size * 3:
            return  # a small window: the legend would cover the status line (K still toggles it)
        hud.panel(screen, rect)
        hud.text(screen, "Biomes (K)", (rect.x + 6, rect.y + 4), small, hud.ACCENT)
        for i, (name, color) in enumerate(items):
            y = rect.y + 4 + line * (i + 1)
            pygame.draw.rect(screen, color, (rect.x + 6, y + 2, small - 4, small - 4))
            pygame.draw.rect(screen, (0, 0, 0), (rect.x + 6, y + 2, small - 4, small - 4), 1)
            hud.text(screen, name, (rect.x + small + 6, y), small)
        gy = rect.y - line * 2 - 8
        box = pygame.Rect(rect.x, gy - 4, rect.w, line * 2 + 8)
        hud.panel(screen, box)
        for i, t in enumerate(GATE_TYPES.values()):
            screen.blit(self.art.sprite(t.sprite, small), (rect.x + 6, gy + i * line))
            hud.text(screen, t.word, (rect.x + small + 6, gy + i * line), small, t.color)

    def _draw_ramp_legend(self, screen: pygame.Surface, size: int) -> None:
        """The legend of a layer overlay: its name and the colours of its low and high ends."""
        _, _, low, high = OVERLAY_RAMPS[self.overlay]
        small = max(14, size * 4 // 5)
        line = int(small * 1.15)
        f = hud.font(small)
        rows = ((f"high {self.overlay}", high), (f"low {self.overlay}", low))
        width = max(f.size(n)[0] for n, _ in rows) + small * 2
        rect = pygame.Rect(8, screen.get_height() - line * 4 - 12, max(width, f.size("Overlay (1-5)")[0] + 12), line * 4 + 4)
        hud.panel(screen, rect)
        hud.text(screen, f"Overlay: {self.overlay}", (rect.x + 6, rect.y + 4), small, hud.ACCENT)
        for i, (name, color) in enumerate(rows):
            y = rect.y + 4 + line * (i + 1)
            pygame.draw.rect(screen, color, (rect.x + 6, y + 2, small - 4, small - 4))
            pygame.draw.rect(screen, (0, 0, 0), (rect.x + 6, y + 2, small - 4, small - 4), 1)
            hud.text(screen, name, (rect.x + small + 6, y), small)
        hud.text(screen, "1 biomes  2-5 layers", (rect.x + 6, rect.y + 4 + line * 3), small)

    # -- inspector and export -----------------------------------------------------------------

    def inspector_rows(self) -> list[tuple[str, str]]:
        rows = [
            ("seed", str(self.seed)),
            ("overlay", f"{self.overlay}  (keys 1-5)"),
            ("chunk", f"({math.floor(self.x / CHUNK)}, {math.floor(self.y / CHUNK)})"),
            ("chunks made", str(len(self.streamer.done))),
            ("queued", str(self.streamer.queued())),
        ]
        times = self.streamer.times[-50:]
        if times:
            rows.append(("chunk time", f"{1000 * sum(times) / len(times):.1f} ms avg"))
        c = self.chunk_at(self.x, self.y)
        if c is not None:
            tx, ty = math.floor(self.x) % CHUNK, math.floor(self.y) % CHUNK
            for name, layer in sorted(c.level.layers.items()):
                rows.append((name, f"{float(layer[ty, tx]):.3f}"))
            for k, v in list(c.level.stats.items())[:6]:
                if isinstance(v, (int, float, str, bool)):
                    rows.append((k, f"{v:.3g}" if isinstance(v, float) else str(v)))
        if self.streamer.errors:
            rows.append(("errors", str(next(iter(self.streamer.errors.values())))[:40]))
        return rows

    def summary(self) -> Summary:
        return Summary(self.seed, "terrain", 0, None, self.time)

    def level(self) -> Level | None:
        """The 3x3 chunks around you as one terrain level, gates as entities."""
        ccx, ccy = math.floor(self.x / CHUNK), math.floor(self.y / CHUNK)
        chunks = [[self.streamer.get((ccx + i, ccy + j, self.overlay)) for i in (-1, 0, 1)] for j in (-1, 0, 1)]
        if any(c is None for row in chunks for c in row):
            return None
        levels = [[c.level for c in row] for row in chunks]  # type: ignore[union-attr]
        return stitch(levels, self.seed, (ccx - 1) * CHUNK, (ccy - 1) * CHUNK,
                      [g for row in chunks for c in row if (g := c.gate) is not None])  # type: ignore[union-attr]


def stitch(levels: list[list[Level]], seed: int, ox: int, oy: int, gates: list[Gate]) -> Level:
    """One terrain level from a block of chunks (rows of chunk levels); gates become entities."""
    legend: dict[str, Tile] = {}
    for row in levels:
        for lv in row:
            legend.update(lv.legend)
    grid = np.block([[lv.grid for lv in row] for row in levels])
    names = set.intersection(*[set(lv.layers) for row in levels for lv in row])
    layers = {n: np.block([[lv.layers[n] for lv in row] for row in levels]) for n in sorted(names)}
    entities = [
        Entity(f"{g.kind}-gate", g.x - ox, g.y - oy, {"seed": g.seed, "biome": g.biome})
        for g in gates
        if 0 <= g.x - ox < grid.shape[1] and 0 <= g.y - oy < grid.shape[0]
    ]
    first = levels[0][0]
    return Level(
        "terrain",
        grid,
        legend,
        entities,
        layers,
        seed=seed,
        generator={**first.generator, "params": {**(first.generator.get("params") or {}), "origin": [ox, oy]}},
        stats={"origin_x": ox, "origin_y": oy},
    )
