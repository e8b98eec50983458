"""The held buttons of one frame, in the game's words: what the rules read (no pygame)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["Controls"]


@dataclass(frozen=True)
class Controls:
    """The held buttons this frame, in the game's words (any of the key aliases)."""

    left: bool = False
    right: bool = False
    up: bool = False
    down: bool = False
    jump: bool = False
    run: bool = False

    @classmethod
    def from_keys(cls, held: Collection[int]) -> Controls:
        import pygame as k  # the rules never need pygame: only reading a keyboard does
        return cls(
            left=bool({k.K_LEFT, k.K_a} & set(held)),
            right=bool({k.K_RIGHT, k.K_d} & set(held)),
            up=bool({k.K_UP, k.K_w} & set(held)),
            down=bool({k.K_DOWN, k.K_s} & set(held)),
            jump=bool({k.K_SPACE, k.K_UP, k.K_w, k.K_z} & set(held)),
            run=bool({k.K_LSHIFT, k.K_RSHIFT, k.K_x} & set(held)),
        )
