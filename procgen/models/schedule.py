"""How long and how fast each model trains: one :class:`Schedule` type for the level and the
texture models, the shipped models' schedules, and the rule that fits a schedule to the data.

Torch-free, so the CLI and the benchmarks can read schedules without loading a model.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from procgen.errors import ParamError
from procgen.params import check_int

__all__ = [
    "MIN_USER_STEPS", "SCHEDULES", "SMALL_DATA_WINDOWS", "STEPS_PER_WINDOW", "USER_STEPS_PER_WINDOW", "Schedule",
    "schedule_for",
]


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
    #: Level VAE: draw training windows with weight ``(windows of their style) ** -style_balance``
    #: (0: every window alike; 1: every style alike), so a small style (sky) is learnt as well.
    style_balance: float = 0.0
    #: Texture models: tiles of each material in the procedural training set.
    tiles_per_material: int = 384
    #: Texture GAN: weight of the mode-seeking (variety) term.
    mode_seeking: float = 0.02
    #: Level models: torch CPU threads while training. One by default: the same command then
    #: gives the same bytes on any machine (a convolution's sums can be split differently with
    #: more threads), and on a shared 2-core machine a second thread was 10x slower, not faster
    #: (OpenMP workers spin-wait against other processes; measured 2.6 s vs 0.17 s a GAN step).
    threads: int = 1
    #: Level models: snapshots from this share of the run on compete in the model selection
    #: (the second half by default: early generators are playable but dull).
    compete_from: float = 0.5
    #: Level models: playable snapshots within (1 + this) times the best style KL tie and the
    #: latest wins (small data; see procgen.models.train._select). 0: the closest wins.
    select_slack: float = 0.0
    #: Level models: train on the data's augmented windows (:func:`procgen.models.data.load_corpus`
    #: ``augment``): set for small data, one level or a handful of rooms.
    augment: bool = False
    #: How this schedule was fitted to the data, in words (recorded in the checkpoint).
    fit: str = ""


#: The shipped models' schedules (each trains in a few minutes on 2 CPU cores).
SCHEDULES: dict[str, Schedule] = {
    "platformer-gan": Schedule(steps=4000, batch=32, lr=2e-4, preview_every=250),
    # rare_tiles 0.25, with point tiles decoded apart (procgen.models.decode; 1000 raw samples at
    # temperature 1, 300 final levels): 0.93 raw playable, 4.7 final enemies per 100 columns
    # (corpus 5.1). Without point tiles 0.25 gave 0.85 raw playable (enemy clumps), so the
    # previous VAE used 0.1: 0.87 raw playable, 3.1 final enemies. 0.4 gave 0.91 raw playable
    # and 7.6 raw enemies; style_balance 0.5, beta 0.5 or 1.5, or 6000 steps did not beat 0.25.
    "platformer-vae": Schedule(steps=3000, batch=32, lr=1e-3, preview_every=250, warmup=1000, rare_tiles=0.25),
    "room-gan": Schedule(steps=4000, batch=32, lr=2e-4, preview_every=250),
    "room-vae": Schedule(steps=3000, batch=32, lr=1e-3, preview_every=250, warmup=1000),
    "texture-vae": Schedule(steps=2400, batch=32, lr=2e-3, warmup=300),
    "texture-gan": Schedule(steps=2000, batch=32, lr=5e-4, ema=0.99),
}

#: The level models (the texture models train on procedural tiles, never on small data).
SMALL_DATA_MODELS = ("platformer-gan", "platformer-vae", "room-gan", "room-vae")

#: A user's corpus of levels without ``--epochs``: this many optimiser steps per training
#: window, within [MIN_USER_STEPS, the shipped schedule's steps]. One 200-column level (~45
#: windows) trains 600 steps (a GAN of one underground level: 91% raw playable, no copied
#: window, measured); 15 such levels ~1500.
STEPS_PER_WINDOW, MIN_USER_STEPS = 2, 600
#: Models whose steps are cheap enough to train longer on a user's corpus: steps per window.
#: The platformer VAE on 15 real-size levels (502 windows): 1004 steps gave 0.83 raw playable
#: and 4.5 enemies per 100 columns against the data's 9.2 (3.2 min wall, 34 s CPU); 3000 steps
#: 0.93 and 7.0 (6.7 min wall under a load of 8, 85 s CPU).
USER_STEPS_PER_WINDOW: dict[str, int] = {"platformer-vae": 6}
#: A user's corpus of fewer windows than this is small data (one 200-column level has ~45
#: platformer windows; a handful of rooms is a handful of samples): it trains on its augmented
#: windows (every column of a level, rooms mirrored) for SMALL_DATA_STEPS, and judges a
#: snapshot every SMALL_DATA_SNAPSHOTS-th of the run, from the first on: a GAN of one level
#: swings (one underground level: 0.97 raw playable at step 100, 0.38 at 300, 0.55 at 600),
#: so an early snapshot may be the one to keep. Among the playable snapshots those within
#: SMALL_DATA_SLACK of the best style KL tie and the latest wins (the earliest are a little
#: closer on 2x2 patterns but bare: no enemies or pipes). Measured in
#: benchmarks/bench_one_level.py.
SMALL_DATA_WINDOWS = 100
SMALL_DATA_SNAPSHOTS = 10
#: Steps on small data, where fewer than the user rule's: a platformer GAN of one level
#: degrades after ~300 steps (raw playable 0.97 -> 0.38 and the 2x2 KL 0.41 -> 0.77 from step
#: 150 to 300 of 600, underground example). The room GAN of five rooms needs its 600 (300: KL to
#: the rooms 3.2, above the nearest other room style's 2.0; 600: 1.2), and so does the platformer
#: VAE, which does not degrade (300 steps: 0.50-0.57 raw playable, its last snapshot the best).
SMALL_DATA_STEPS = {"platformer-gan": 300}
SMALL_DATA_SLACK = 0.2


def schedule_for(model: str, epochs: int | None, n: int, user_data: bool = False) -> Schedule:
    """``model``'s shipped schedule fitted to ``n`` training examples.

    ``epochs`` (``--epochs``) sets the steps to that many passes over the data; else a user's
    level corpus (``user_data``) trains :data:`STEPS_PER_WINDOW` steps per window (the
    model's own count in :data:`USER_STEPS_PER_WINDOW`). Either way
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
        per_window = USER_STEPS_PER_WINDOW.get(model, STEPS_PER_WINDOW)
        sch.steps = int(min(sch.steps, max(MIN_USER_STEPS, per_window * n)))
        sch.preview_every = max(1, min(sch.preview_every, sch.steps // 4))
        sch.warmup = min(sch.warmup, max(1, sch.steps // 3))
        sch.fit = f"user data: {n} windows, {per_window} steps per window within {MIN_USER_STEPS}..{SCHEDULES[model].steps}"
        if n < SMALL_DATA_WINDOWS and model in SMALL_DATA_MODELS:
            sch.augment = True
            sch.steps = min(sch.steps, SMALL_DATA_STEPS.get(model, sch.steps))
            sch.warmup = min(sch.warmup, max(1, sch.steps // 3))
            sch.preview_every = max(1, sch.steps // SMALL_DATA_SNAPSHOTS)
            sch.compete_from = 0.0
            sch.select_slack = SMALL_DATA_SLACK
            sch.fit = (f"small data: {n} windows < {SMALL_DATA_WINDOWS}: augmented windows, {sch.steps} steps, "
                       f"every {sch.preview_every} steps a snapshot competes")
    if epochs is not None:
        sch.steps = max(1, check_int("epochs", epochs, 1) * max(1, n // sch.batch))
        sch.fit = f"--epochs {epochs} over {n} windows"
        sch.preview_every = max(1, min(sch.preview_every, sch.steps))
        sch.warmup = min(sch.warmup, max(1, sch.steps // 3))
    return sch
