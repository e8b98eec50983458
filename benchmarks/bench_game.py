"""Game benchmark: frame times at 1280x720 while the overworld streams chunks and while a
platformer level scrolls. A plain script (not a test): ``python benchmarks/bench_game.py``.

Each scenario runs the real loop (update -> draw, headless SDL) paced at 60 fps, so the chunk
thread competes with the game loop as it does for a player. Reported: frame time (update +
draw) p50 / p95 / max in milliseconds, and for the overworld the chunk-generation time per
chunk (on the background thread) and chunks made per frame. Peers measured in the same run:
the overworld flight again over chunks already cached (no generation), and the platformer's
game logic alone (no drawing); the ratios say what streaming and drawing cost.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np
import pygame

from procgen_viewer.app import App
from procgen_viewer.mode import Controls
from procgen_viewer.overworld import ZOOMS, OverworldMode
from procgen_viewer.platformer import PlatformerMode, PlatformerState

SIZE = (1280, 720)
FRAMES = 600


def percentiles(ms: list[float]) -> str:
    a = np.asarray(ms)
    return f"p50 {np.percentile(a, 50):5.2f} ms  p95 {np.percentile(a, 95):5.2f} ms  max {a.max():6.2f} ms"


def paced(app: App, frames: int, controls: Controls) -> list[float]:
    """Run ``frames`` frames at 60 fps with ``controls`` held; frame times in ms."""
    clock = pygame.time.Clock()
    times = []
    for _ in range(frames):
        pygame.event.pump()
        t = time.perf_counter()
        app.mode.update(1 / 60, controls)
        app.draw()
        pygame.display.flip()
        times.append((time.perf_counter() - t) * 1000)
        clock.tick(60)
    return times


def overworld(app: App) -> None:
    mode = app.switch("overworld")
    assert isinstance(mode, OverworldMode)
    mode.flying = True
    fly = Controls(right=True, down=True, run=True)
    for _ in range(30):  # let the start area fill in
        paced(app, 1, Controls())
    made0 = len(mode.streamer.times)
    stream = paced(app, FRAMES, fly)
    gen = mode.streamer.times[made0:]
    print(f"overworld, flying at {3 * 24} tiles/s with chunks streaming: {percentiles(stream)}")
    if gen:
        print(f"  chunks made: {len(gen)} in {FRAMES} frames ({len(gen) / FRAMES:.2f} per frame), "
              f"{1000 * float(np.median(gen)):.1f} ms per chunk (median, worker process round trip), "
              f"{1000 * sum(gen) / FRAMES:.2f} ms of generation per frame, off the game loop")
    print(f"  uploads per frame (chunk -> surface, main thread): max {max(mode.uploads[-FRAMES:])}")
    # Peer: fly the same path back over cached chunks.
    back = paced(app, FRAMES, Controls(left=True, up=True, run=True))
    print(f"  peer, the same flight back over cached chunks: {percentiles(back)}")
    print(f"  ratio streaming / cached p95: {np.percentile(stream, 95) / np.percentile(back, 95):.2f}x")
    for zoom in (4, 6):
        mode.zoom = zoom
        far = paced(app, 120, fly)
        print(f"  zoomed out to {ZOOMS[zoom]:g} px/tile while flying: {percentiles(far)}")
    mode.zoom = 1


def platformer(app: App) -> None:
    mode = app.switch("platformer")
    assert isinstance(mode, PlatformerMode)
    # A player's run: hold right, jump every 40 frames (pits and walkers send you back).
    clock = pygame.time.Clock()
    ms = []
    for i in range(FRAMES):
        pygame.event.pump()
        t = time.perf_counter()
        mode.update(1 / 60, Controls(right=True, jump=i % 40 < 18))
        app.draw()
        pygame.display.flip()
        ms.append((time.perf_counter() - t) * 1000)
        clock.tick(60)
    print(f"platformer, running and jumping (scrolling): {percentiles(ms)}")
    app.key_down(pygame.K_b)  # the bot: its run is recorded on the worker, the loop replays it
    app.worker.result(mode._record_key)
    bot_ms = paced(app, FRAMES, Controls())
    print(f"  the bot playing (replaying its recorded run): {percentiles(bot_ms)}")
    state = PlatformerState(mode.state.level)
    rec = mode.recording
    t = time.perf_counter()
    for i in range(FRAMES):
        state.tick_inputs(rec.inputs[min(i, len(rec.inputs) - 1)] if rec else Controls())  # type: ignore[arg-type]
    logic = (time.perf_counter() - t) * 1000 / FRAMES
    print(f"  peer, game logic alone (one tick): {logic:.3f} ms per frame; "
          f"a whole frame is {np.percentile(ms, 50) / max(logic, 1e-6):.0f}x that at p50 (drawing dominates)")


def main() -> int:
    app = App(SIZE, seed=int(sys.argv[1]) if len(sys.argv) > 1 else 7)
    print(f"game benchmark at {SIZE[0]}x{SIZE[1]}, {FRAMES} frames per scenario, paced at 60 fps, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    try:
        overworld(app)
        platformer(app)
    finally:
        app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
