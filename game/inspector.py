"""The inspector's latent view: slide between two levels through a model's latent space.

Controls (platformer mode, ``L`` to open):
    , / .       move the slider t from level A (t=0) to level B (t=1)
    Enter       play the blend shown (repaired and verified by the platformer's finish)
    L / Esc     close

Level A is the current seed, level B the next one. Each position of the slider is one batched
decode in ``procgen.models.blend.interpolate`` (no search, no solver), made on the background
worker and cached by t, so moving the slider stays smooth. Without trained models the view
says why (the checkpoint error) instead of failing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from procgen.io.png import render_tiles
from procgen.level import GeneratorName, Level
from procgen.levels.platformer import tiles as T

from . import hud

if TYPE_CHECKING:
    from .mode import Host
    from .platformer import PlatformerMode

#: Slider steps (t = i / STEPS).
STEPS = 20
#: Width in columns of the blended levels (the model chains windows up to it).
WIDTH = 112


def blend(seed_a: int, seed_b: int, t: float, generator: str) -> Level:
    """The raw level a fraction ``t`` of the way from seed A's level to seed B's."""
    from procgen.models.blend import interpolate

    return interpolate("platformer", seed_a=seed_a, seed_b=seed_b, t=t, generator=str(generator), width=WIDTH)


def playable(level: Level) -> Level:
    """A blended level made playable (repaired if needed) with player, goal and stats."""
    from procgen.levels.platformer.generate import finish

    return finish(level.copy())


def strip_surface(level: Level, width: int) -> pygame.Surface:
    """A flat-colour picture of a level, scaled by a whole number to fit ``width`` pixels."""
    img = render_tiles(level)  # (H, W, 3), one pixel per tile
    surf = pygame.surfarray.make_surface(np.ascontiguousarray(img.transpose(1, 0, 2)))
    scale = max(1, min(8, width // level.width))
    return pygame.transform.scale(surf, (level.width * scale, level.height * scale))


class LatentView:
    """State of the slider and the blends made so far."""

    def __init__(self, app: Host, mode: PlatformerMode) -> None:
        self.app = app
        self.mode = mode
        self.seed_a = mode.seed
        self.seed_b = mode.seed + 1
        # The blend walks a model's latent space: the mode's model, or the VAE (made for it).
        self.generator = mode.generator if mode.generator.trained else GeneratorName.VAE
        self.step = STEPS // 2
        self.error = ""
        self.pictures: dict[int, pygame.Surface] = {}
        self.strip_width = 780
        for i in (0, STEPS, self.step):
            self._request(i)

    @property
    def t(self) -> float:
        return self.step / STEPS

    def _key(self, i: int) -> tuple[Any, ...]:
        return ("latent", self.generator, self.seed_a, self.seed_b, i)

    def _request(self, i: int) -> None:
        a, b, g = self.seed_a, self.seed_b, self.generator
        self.app.worker.submit(self._key(i), lambda: blend(a, b, i / STEPS, g))

    def _level(self, i: int) -> Level | None:
        key = self._key(i)
        if not self.app.sync and not self.app.worker.ready(key):
            return None  # people never wait: "decoding…" until it is made
        try:
            level: Level = self.app.worker.result(key)
            return level
        except Exception as e:  # a missing or bad model: shown in the panel, never a crash
            self.error = str(e).splitlines()[0][:110] if str(e) else type(e).__name__
            return None

    def key_down(self, key: int) -> bool:
        if key in (pygame.K_COMMA, pygame.K_PERIOD):
            self.step = min(STEPS, max(0, self.step + (1 if key == pygame.K_PERIOD else -1)))
            self._request(self.step)
            return True
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            level = self._level(self.step)
            if level is None:
                self.app.notices.say(self.error or "The blend is still being made", warn=True)
                return True
            try:
                ready = playable(level)
            except Exception as e:  # repair can give up on a very broken sample
                self.app.notices.say(f"This blend cannot be played: {e}", warn=True)
                return True
            self.mode.load(ready)
            self.mode.latent = None
            self.app.notices.say(f"Playing the blend t={self.t:.2f} of seeds {self.seed_a} and {self.seed_b}")
            return True
        return False

    #: Where the panel was last drawn (it keeps clear of the inspector panel).
    rect = pygame.Rect(0, 0, 0, 0)

    def update(self, dt: float) -> None:
        for i in (0, STEPS, self.step):
            level = self._level(i)
            if level is not None and i not in self.pictures:
                self.pictures[i] = strip_surface(level, self.strip_width)

    def draw(self, screen: pygame.Surface) -> None:
        size = max(14, hud.font_size(screen) * 4 // 5)
        w, h = screen.get_width(), screen.get_height()
        label_w = size * 7
        # Beside the inspector panel, never under it.
        right = self.app.inspector_rect(screen).left - 8 if self.app.show_inspector else w - 8
        width = max(label_w * 2, min(right - 8, 1000))
        if width - label_w - 20 != self.strip_width:
            self.strip_width = width - label_w - 20
            self.pictures.clear()  # rescale to the new panel width
        strip_h = max(T.HEIGHT * max(1, min(8, self.strip_width // WIDTH)), size)  # as strip_surface scales
        rect = pygame.Rect(8, 0, width, 3 * (strip_h + 8) + size * 3)
        rect.bottom = h - 8
        self.rect = rect
        hud.panel(screen, rect)
        x, y = rect.x + 10, rect.y + 6
        hud.text(screen, f"Latent view ({self.generator.upper()})   , .  move   Enter  play   L  close",
                 (x, y), size, hud.ACCENT)
        y += size + 6
        if self.error:
            hud.text(screen, "No model to blend with: " + self.error, (x, y), size, hud.WARN)
            hud.text(screen, "Train one with `procgen train` or use the shipped trained/ folder.",
                     (x, y + size + 4), size)
            return
        rows = ((f"A  seed {self.seed_a}", 0), (f"t = {self.t:.2f}", self.step), (f"B  seed {self.seed_b}", STEPS))
        for label, i in rows:
            hud.text(screen, label, (x, y + strip_h // 2 - size // 2), size, hud.ACCENT if i == self.step else hud.TEXT)
            pic = self.pictures.get(i)
            if pic is None:
                hud.text(screen, "decoding…", (x + label_w, y + strip_h // 2 - size // 2), size)
            else:
                screen.blit(pic, (x + label_w, y))
                if i == self.step:
                    pygame.draw.rect(screen, hud.ACCENT, (x + label_w - 2, y - 2, pic.get_width() + 4, pic.get_height() + 4), 2)
            y += strip_h + 8
        # The slider.
        sx0, sx1 = x + label_w, rect.right - 20
        sy = rect.bottom - size
        pygame.draw.line(screen, (200, 200, 220), (sx0, sy), (sx1, sy), 3)
        knob = int(sx0 + (sx1 - sx0) * self.t)
        pygame.draw.circle(screen, hud.ACCENT, (knob, sy), 8)
