"""Command line of the game: ``procgen play ...`` and ``python -m game ...`` land here.

``main(argv)`` returns an exit status: 0 when the game ran, 2 for a user error (one line on
stderr, as the rest of procgen's CLI). With ``--frames`` the game runs headless (SDL's dummy
video driver) for that many frames at a fixed 1/60 s step, optionally with scripted keys, then
saves ``--screenshot`` and exits: how the tests and the README screenshots run it.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence

MODES = ("platformer", "overworld", "dungeon")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    if not (160 <= w <= 7680 and 120 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"window size {w}x{h} is outside 160x120..7680x4320")
    return w, h


def _unit(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number 0..1, got {text!r}") from None
    if not 0.0 <= v <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {v}")
    return v


def parse_script(text: str) -> list[tuple[set[int], int]]:
    """``"right*60,right+space*10,*30,tab"`` -> [(held keys, frames), ...].

    Keys are pygame key names (``right``, ``space``, ``left shift``, ``f12``, ``n``); a segment
    with no keys waits; ``*N`` repeats for N frames (1 when omitted).
    """
    import pygame

    script: list[tuple[set[int], int]] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        names, _, count = part.partition("*")
        try:
            frames = int(count) if count else 1
        except ValueError:
            raise argparse.ArgumentTypeError(f"script: bad frame count in {part!r}") from None
        keys: set[int] = set()
        for name in filter(None, (n.strip() for n in names.split("+"))):
            try:
                with warnings.catch_warnings():
                    # key_code works without pygame.init(); the game never inits audio.
                    warnings.simplefilter("ignore")
                    keys.add(pygame.key.key_code(name))
            except ValueError:
                raise argparse.ArgumentTypeError(f"script: unknown key {name!r} in {part!r}") from None
        script.append((keys, frames))
    return script


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="procgen play",
        description="Play, explore and inspect procgen content. Press H in the game for keys.",
    )
    p.add_argument("--mode", choices=MODES, default="platformer", help="where to start")
    p.add_argument("--seed", type=int, default=0, help="the seed every mode starts from")
    p.add_argument("--generator", choices=("classic", "gan", "vae"), default="classic",
                   help="platformer level generator (G cycles it in the game)")
    p.add_argument("--difficulty", type=_unit, default=0.5, help="platformer difficulty 0..1")
    p.add_argument("--rooms", type=int, default=8, help="rooms per dungeon")
    p.add_argument("--autoplay", action="store_true",
                   help="a bot plays: it follows the solver's path with the game's physics")
    p.add_argument("--inspector", action="store_true", help="start with the inspector open")
    p.add_argument("--size", type=_size, default=(1280, 720), help="window size, e.g. 1280x720")
    p.add_argument("--export-dir", default="exports", help="where E and F12 write (default exports/)")
    p.add_argument("--frames", type=int, help="run this many frames headless, then exit")
    p.add_argument("--script", default="", help="scripted keys for headless runs, e.g. right*60,space*5")
    p.add_argument("--screenshot", help="after the run, save the screen to this PNG")
    p.add_argument("--show", action="store_true", help="with --frames: use the real display anyway")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the game with command-line arguments ``argv``; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as e:
        return int(e.code or 0)
    if args.frames is not None and args.frames < 1:
        print("procgen play: --frames: must be at least 1", file=sys.stderr)
        return 2
    if not 0 <= args.seed < 2**63:
        print(f"procgen play: --seed: must be between 0 and 2**63-1, got {args.seed}", file=sys.stderr)
        return 2
    if args.frames is not None and not args.show:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

    import pygame

    from procgen.errors import ProcgenError

    from .app import App

    pygame.display.init()
    pygame.font.init()
    try:
        script = parse_script(args.script)
    except argparse.ArgumentTypeError as e:
        print(f"procgen play: {e}", file=sys.stderr)
        return 2
    app = App(
        args.size,
        args.seed,
        export_dir=args.export_dir,
        difficulty=args.difficulty,
        generator=args.generator,
        autoplay=args.autoplay,
        rooms=args.rooms,
        inspector=args.inspector,
        sync=args.frames is not None,
    )
    try:
        app.switch(args.mode)
        return app.run(args.frames, script, args.screenshot)
    except ProcgenError as e:
        print(f"procgen play: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        app.close()
