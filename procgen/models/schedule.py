"""How long and how fast each model trains: one :class:`Schedule` type for the level and the
texture models, the shipped models' schedules, and the rule that fits a schedule to the data.

Torch-free, so the CLI and the benchmarks can read schedules without loading a model.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from procgen.errors import ParamError
from procgen.params import check_int

__all__ = ["MIN_USER_STEPS", "SCHEDULES", "STEPS_PER_WINDOW", "Schedule", "schedule_for"]


@dataclass
class Schedule:
    """How long and how fast to train. A field only some models read says which."""

    steps: int = 3000
    batch: int = 64
    lr: float = 2e-4
    #: Level models: steps between preview PNGs (and the GAN's snapshot selection).
    preview_every: int = 500
    #: VAE: steps over which the KL weight rises from 0 to ``beta`` (avoids early collapse).
    warmup: int = 1000
    #: GAN: decay of the generator's moving average.
    ema: float = 0.995
    #: GAN: weight of the tile-frequency term: the generator's share of each tile per row
    #: (argmax, straight-through) against the real batch's (within each style class), relative
    #: to the corpus's share (rare tiles such as enemies and pipes count as much as common
    #: ones). 0 = off.
    tile_match: float = 0.0
    #: GAN: every ``mine_every`` steps the generator's samples are solved and those the solver
    #: rejects kept (the latest ``MINED_KEPT``) as extra fakes for the critic, with this weight
    #: (negative data: the critic learns what makes a window unplayable). 0 = off.
    #: Both are off in the shipped schedule: on the shipped corpus (conditional, seed 0) they
    #: brought raw enemies to or past the corpus's rate but cost raw playability: 0.62-0.79
    #: (300 raw windows) against 0.80 for the plain conditional GAN and 0.88 for the shipped
    #: unconditional one; see the README.
    negatives: float = 0.0
    mine_every: int = 25
    #: Level VAE: weigh each tile class's reconstruction by ``freq ** -rare_tiles`` (0 =
    #: unweighted; see :func:`procgen.models.vae.tile_weights`).
    rare_tiles: float = 0.0
    #: Texture models: tiles of each material in the procedural training set.
    tiles_per_material: int = 384
    #: Texture GAN: weight of the mode-seeking (variety) term.
    mode_seeking: float = 0.02
    #: Level models: torch CPU threads while training. One by default: the same command then
    #: gives the same bytes on any machine (a convolution's sums can be split differently with
    #: more threads), and on a shared 2-core machine a second thread was 10x slower, not faster
    #: (OpenMP workers spin-wait against other processes; measured 2.6 s vs 0.17 s a GAN step).
    threads: int = 1


#: The shipped models' schedules (each trains in a few minutes on 2 CPU cores).
SCHEDULES: dict[str, Schedule] = {
    "platformer-gan": Schedule(steps=4000, batch=32, lr=2e-4, preview_every=250),
    # rare_tiles 0.1 (conditional on style and difficulty; 256 raw samples at temperature 0.8,
    # 30 final levels): 0 gave 0.95 raw playable but 0.03 raw / 0.5 final enemies per 100
    # columns (corpus 5.1); 0.25 gave 0.85 raw playable, 4.7 final enemies; 0.1 gave 0.875 raw
    # playable (the unconditional VAE it replaced: 0.879), 4.3 final enemies, 3.4 pipes per 200.
    "platformer-vae": Schedule(steps=3000, batch=32, lr=1e-3, preview_every=250, warmup=1000, rare_tiles=0.1),
    "room-gan": Schedule(steps=4000, batch=32, lr=2e-4, preview_every=250),
    "room-vae": Schedule(steps=3000, batch=32, lr=1e-3, preview_every=250, warmup=1000),
    "texture-vae": Schedule(steps=2400, batch=32, lr=2e-3, warmup=300),
    "texture-gan": Schedule(steps=2000, batch=32, lr=5e-4, ema=0.99),
}

#: A user's corpus of levels without ``--epochs``: this many optimiser steps per training
#: window, within [MIN_USER_STEPS, the shipped schedule's steps]. One 200-column level (~45
#: windows) trains 600 steps (a GAN of one underground level: 91% raw playable, no copied
#: window, measured); 15 such levels ~1500.
STEPS_PER_WINDOW, MIN_USER_STEPS = 2, 600


def schedule_for(model: str, epochs: int | None, n: int, user_data: bool = False) -> Schedule:
    """``model``'s shipped schedule fitted to ``n`` training examples.

    ``epochs`` (``--epochs``) sets the steps to that many passes over the data; else a user's
    level corpus (``user_data``) trains :data:`STEPS_PER_WINDOW` steps per window. Either way
    the previews and the VAE's KL warm-up shrink to fit the shorter run.

    >>> schedule_for("room-vae", 2, 320).steps
    20
    >>> schedule_for("texture-vae", 0, 320)
    Traceback (most recent call last):
    ...
    procgen.errors.ParamError: epochs: must be a whole number >= 1, got 0
    """
    if model not in SCHEDULES:
        raise ParamError(f"model: unknown model {model!r}; choose from {', '.join(SCHEDULES)}")
    sch = copy.copy(SCHEDULES[model])
    if epochs is None and user_data:
        sch.steps = int(min(sch.steps, max(MIN_USER_STEPS, STEPS_PER_WINDOW * n)))
        sch.preview_every = max(1, min(sch.preview_every, sch.steps // 4))
        sch.warmup = min(sch.warmup, max(1, sch.steps // 3))
    if epochs is not None:
        sch.steps = max(1, check_int("epochs", epochs, 1) * max(1, n // sch.batch))
        sch.preview_every = max(1, min(sch.preview_every, sch.steps))
        sch.warmup = min(sch.warmup, max(1, sch.steps // 3))
    return sch
