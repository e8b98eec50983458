"""Game benchmark: frame times at 1280x720 in every scene, against the same scene undrawn.

A plain script (not a test): ``python benchmarks/bench_game.py [--rounds N] [--frames N]``.

Scenes: the platformer scrolling (a player holding right and jumping), the bot replaying its
recorded run, the overworld flying with chunks streaming in, the overworld zoomed out to
1 px/tile while flying, and the dungeon with its bot walking. Each runs the real mode (update
-> app.draw -> flip, headless SDL) paced at 60 fps, so background work (chunk streaming, level
prefetch) competes with the loop as it does for a player. The peer of each scene is the same
scene with drawing disabled (update only): the difference is what drawing costs.

Runs are interleaved (scene by scene, drawn and undrawn alternating which goes first) for
``--rounds`` rounds; reported per scene: p50 / p95 / p99 of the frame time over all rounds'
frames, the share of frames over 16.7 ms (a missed 60 Hz frame), the p95 of each round (how
noisy the machine was), and the drawn / undrawn ratio at p50. Every scene starts from the
same state in every run (the same level, a fresh stretch of the world), after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np
import pygame

from procgen.launch import viewer_package

viewer_package()  # the viewer as procgen_viewer: installed, or this checkout's game/

from procgen_viewer.app import App  # noqa: E402 (after viewer_package)
from procgen_viewer.dungeon import DungeonMode  # noqa: E402
from procgen_viewer.mode import Controls, Mode  # noqa: E402
from procgen_viewer.overworld import DEFAULT_ZOOM, ZOOMS, OverworldMode  # noqa: E402
from procgen_viewer.platformer import PlatformerMode  # noqa: E402

SIZE = (1280, 720)
#: A missed frame at 60 Hz.
BUDGET_MS = 1000 / 60
WARMUP = 30


def run(app: App, mode: Mode, frames: int, controls: Callable[[int], Controls], draw: bool) -> list[float]:
    """``frames`` frames paced at 60 fps; each frame's update (+ draw + flip) in ms."""
    clock = pygame.time.Clock()
    ms = []
    for i in range(frames):
        pygame.event.pump()
        t = time.perf_counter()
        mode.update(1 / 60, controls(i))
        if draw:
            app.draw()
            pygame.display.flip()
        ms.append((time.perf_counter() - t) * 1000)
        clock.tick(60)
    return ms


class Scene:
    """A mode put in the same starting state before every run."""

    name = ""

    def __init__(self, app: App) -> None:
        self.app = app

    def start(self, run_index: int) -> Mode:
        raise NotImplementedError

    def controls(self, i: int) -> Controls:
        return Controls()


class Platformer(Scene):
    name = "platformer scrolling"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        mode = app.switch("platformer")
        assert isinstance(mode, PlatformerMode)
        if mode.pending is not None:  # the first level is made in the background
            app.worker.result(mode.pending)
            mode.update(0.0, Controls())
        self.mode = mode
        self.level = mode.state.level

    def start(self, run_index: int) -> Mode:
        self.app.switch("platformer")
        self.mode.autoplay = False
        self.mode.load(self.level)
        return self.mode

    def controls(self, i: int) -> Controls:
        # A player's run: hold right, jump every 40 frames (pits and walkers send you back).
        return Controls(right=True, jump=i % 40 < 18)


class Bot(Platformer):
    name = "platformer bot replay"

    def start(self, run_index: int) -> Mode:
        self.app.switch("platformer")
        self.mode.autoplay = True
        self.mode.load(self.level)
        self.app.worker.result(self.mode._record_key)  # recorded on the worker, replayed here
        return self.mode

    def controls(self, i: int) -> Controls:
        return Controls()


class Overworld(Scene):
    name = "overworld streaming"
    zoom: int | None = None

    def __init__(self, app: App) -> None:
        super().__init__(app)
        mode = app.switch("overworld")
        assert isinstance(mode, OverworldMode)
        self.mode = mode
        self.home = (mode.x, mode.y)

    #: Where the last drawn streaming run started (the cached flight replays it).
    last_start: tuple[float, float] = (0.0, 0.0)
    started: tuple[float, float] = (0.0, 0.0)

    def start(self, run_index: int) -> Mode:
        m = self.mode
        self.app.switch("overworld")
        # A fresh stretch of the world every run, so chunks really stream in.
        m.x, m.y = self.home[0] + 4000 * (run_index + 1) * (1 if self.zoom is None else -1), self.home[1]
        self.started = (m.x, m.y)
        m.flying = True
        m.zoom = self.zoom if self.zoom is not None else DEFAULT_ZOOM
        return m

    def controls(self, i: int) -> Controls:
        return Controls(right=True, down=True, run=True)


class OverworldCached(Overworld):
    """The streaming flight again, over the chunks it just made: what streaming itself costs."""

    name = "overworld, the same flight over cached chunks"

    def start(self, run_index: int) -> Mode:
        m = self.mode
        self.app.switch("overworld")
        m.x, m.y = Overworld.last_start
        m.flying, m.zoom = True, DEFAULT_ZOOM
        return m


class OverworldZoomed(Overworld):
    name = f"overworld zoomed out ({ZOOMS[5]:g} px/tile)"
    zoom = 5


class Dungeon(Scene):
    name = "dungeon, bot walking"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        mode = app.switch("dungeon")
        assert isinstance(mode, DungeonMode)
        self.mode = mode

    def start(self, run_index: int) -> Mode:
        self.app.switch("dungeon")
        self.mode.autoplay = True
        self.mode.load(self.mode.seed)
        return self.mode


def describe(ms: list[float]) -> str:
    a = np.asarray(ms)
    p50, p95, p99 = np.percentile(a, [50, 95, 99])
    over = 100 * float(np.mean(a > BUDGET_MS))
    return f"p50 {p50:5.2f}  p95 {p95:5.2f}  p99 {p99:5.2f} ms  over 16.7 ms {over:4.1f}%"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--frames", type=int, default=300, help="frames per run")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    app = App(SIZE, seed=args.seed, sync=False)
    load0 = os.getloadavg()[0]
    print(f"game benchmark at {SIZE[0]}x{SIZE[1]}: {args.rounds} rounds x {args.frames} frames per scene and "
          f"variant, paced at 60 fps; {os.cpu_count()} CPUs, load {load0:.1f} at start")
    try:
        scenes = [Platformer(app), Bot(app), Overworld(app), OverworldCached(app), OverworldZoomed(app), Dungeon(app)]
        results: dict[str, dict[bool, list[list[float]]]] = {s.name: {True: [], False: []} for s in scenes}
        runs = 0
        for r in range(args.rounds):
            for k, scene in enumerate(scenes):
                order = (True, False) if (r + k) % 2 == 0 else (False, True)
                for draw in order:
                    mode = scene.start(runs)
                    run(app, mode, WARMUP, scene.controls, draw)
                    results[scene.name][draw].append(run(app, mode, args.frames, scene.controls, draw))
                    if draw and type(scene) is Overworld:
                        Overworld.last_start = scene.started  # chunks made: the cached flight's path
                    runs += 1
        for scene in scenes:
            drawn, bare = results[scene.name][True], results[scene.name][False]
            flat_d, flat_b = [t for x in drawn for t in x], [t for x in bare for t in x]
            rounds = " ".join(f"{np.percentile(x, 95):.1f}" for x in drawn)
            print(f"{scene.name}")
            print(f"  drawn    {describe(flat_d)}   (p95 per round: {rounds})")
            print(f"  undrawn  {describe(flat_b)}   (peer: update only)")
            print(f"  drawing costs {np.percentile(flat_d, 50) - np.percentile(flat_b, 50):.2f} ms at p50 "
                  f"({np.percentile(flat_d, 50) / max(np.percentile(flat_b, 50), 1e-3):.0f}x the undrawn frame)")
    finally:
        app.close()
    print(f"load {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
