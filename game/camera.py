"""A camera that follows a target smoothly and never shows outside the level (tile units)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Camera:
    """Top-left corner ``(x, y)`` of the view, in tiles; eases toward its target."""

    x: float = 0.0
    y: float = 0.0
    #: Fraction of the remaining distance covered per 1/60 s.
    ease: float = 0.18

    def follow(
        self,
        tx: float,
        ty: float,
        view_w: float,
        view_h: float,
        level_w: float | None,
        level_h: float | None,
        dt: float,
        snap: bool = False,
    ) -> None:
        """Move toward centring ``(tx, ty)`` in a view of ``view_w x view_h`` tiles."""
        gx, gy = tx - view_w / 2, ty - view_h / 2
        if level_w is not None:
            gx = min(max(gx, 0.0), max(level_w - view_w, 0.0)) if level_w > view_w else (level_w - view_w) / 2
        if level_h is not None:
            gy = min(max(gy, 0.0), max(level_h - view_h, 0.0)) if level_h > view_h else (level_h - view_h) / 2
        if snap:
            self.x, self.y = gx, gy
            return
        k = 1.0 - (1.0 - self.ease) ** (dt * 60.0)
        self.x += (gx - self.x) * k
        self.y += (gy - self.y) * k
