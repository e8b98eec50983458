"""Command line of the game: ``procgen play ...`` and ``python -m game ...`` land here.

``main(argv)`` returns an exit status: 0 when the game ran, 1 when ``--autoplay`` ran
headless and the bot did not finish, 2 for a user error (one line on stderr, as the rest of
procgen's CLI). With ``--frames`` the game runs headless (SDL's dummy video driver) for that
many frames at a fixed 1/60 s step, optionally with scripted keys, then saves ``--screenshot``,
prints one summary line and exits: how the tests and the README screenshots run it. A
``--script`` alone runs headless until the script ends. With no display and neither, the game
says how to run headless instead of waiting on a window nobody can see.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from procgen.level import GeneratorName

from .modes import MODES

if TYPE_CHECKING:
    from .mode import Summary

#: SDL video drivers that draw nowhere (what SDL falls back to without a display).
OFFSCREEN_DRIVERS = ("offscreen", "dummy")


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


#: Most frames a --script may describe in all (about 4.6 hours at 60 fps): the run keeps one
#: entry per frame, so an unbounded repeat count would fill the memory before the first frame.
MAX_SCRIPT_FRAMES = 1_000_000


class _Parser(argparse.ArgumentParser):
    """Usage errors as the one line every procgen command prints, with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"procgen: error: {message}\n")


def parse_script(text: str) -> list[tuple[set[int], int]]:
    """``"right*60,right+space*10,*30,tab"`` -> [(held keys, frames), ...].

    Keys are pygame key names (``right``, ``space``, ``left shift``, ``f12``, ``n``); a segment
    with no keys waits; ``*N`` repeats for N frames (1 when omitted), at most
    ``MAX_SCRIPT_FRAMES`` frames in all.
    """
    import pygame

    script: list[tuple[set[int], int]] = []
    total = 0
    for part in filter(None, (p.strip() for p in text.split(","))):
        names, _, count = part.partition("*")
        count = count.strip()
        if count and not (count.isascii() and count.isdigit() and len(count) <= 9):
            raise argparse.ArgumentTypeError(f"script: bad frame count in {part!r} (a whole number of frames)")
        frames = int(count) if count else 1
        total += frames
        if total > MAX_SCRIPT_FRAMES:
            raise argparse.ArgumentTypeError(f"script: more than {MAX_SCRIPT_FRAMES} frames in all")
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


def summary_line(mode: str, frames: int, summary: Summary | None) -> str:
    """The one line a headless run ends with: mode, seed, generator, frames, deaths,
    finished or not, level time."""
    if summary is None:
        return f"procgen play: {mode}: {frames} frames"
    finished = {True: "finished", False: "not finished", None: "nothing to finish"}[summary.finished]
    return (f"procgen play: {mode} seed {summary.seed} generator {summary.generator}: {frames} frames, "
            f"{summary.deaths} deaths, {finished}, level time {summary.level_time:.1f} s")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="procgen play",
        description="Play, explore and inspect procgen content. Press H in the game for keys.",
    )
    p.add_argument("--mode", choices=MODES, default="platformer", help="where to start")
    p.add_argument("--seed", type=int, default=0, help="the seed every mode starts from")
    p.add_argument("--generator", choices=[g.value for g in GeneratorName], default=GeneratorName.CLASSIC.value,
                   help="platformer level generator (G cycles it in the game)")
    p.add_argument("--models", metavar="DIR",
                   help="a folder of your trained models (what `procgen train ... --out` wrote): "
                        "G cycles classic, the built-in models, then each of yours")
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
        print("procgen: error: --frames: must be at least 1", file=sys.stderr)
        return 2
    from procgen.errors import ParamError
    from procgen.rng import check_seed

    try:
        check_seed(args.seed)
    except ParamError as e:
        print(f"procgen: error: --{e}", file=sys.stderr)
        return 2
    if args.models is not None:
        from .user_models import models_folder

        try:
            models_folder(args.models)
        except ValueError as e:
            print(f"procgen: error: {e}", file=sys.stderr)
            return 2
    if args.screenshot is not None:
        from procgen.errors import ProcgenError
        from procgen.io.atomic import check_targets

        try:  # before the game starts: a run must not end in a shot it cannot save
            check_targets([args.screenshot])
        except ProcgenError as e:
            print(f"procgen: error: --screenshot: {e}", file=sys.stderr)
            return 2
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        script = parse_script(args.script)
    except argparse.ArgumentTypeError as e:
        print(f"procgen: error: {e}", file=sys.stderr)
        return 2
    frames = args.frames
    if frames is None and script:
        frames = sum(n for _, n in script)  # a scripted run ends when its script does
    headless = frames is not None
    if headless and not args.show:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

    import pygame

    from procgen.errors import ProcgenError

    from .app import App

    pygame.display.init()
    if not headless and pygame.display.get_driver() in OFFSCREEN_DRIVERS:
        # SDL found no display and fell back to drawing nowhere: the game would run unseen forever.
        print("procgen: error: no display to open a window on; run headless with --frames N "
              "(e.g. --frames 600 --screenshot shot.png)", file=sys.stderr)
        pygame.display.quit()
        return 2
    pygame.font.init()
    app = App(
        args.size,
        args.seed,
        export_dir=args.export_dir,
        difficulty=args.difficulty,
        generator=args.generator,
        models=args.models,
        autoplay=args.autoplay,
        rooms=args.rooms,
        inspector=args.inspector,
        sync=headless,
    )
    try:
        app.switch(args.mode)
        status = app.run(frames, script, args.screenshot)
        if not headless:
            return status
        summary = app.mode.summary()
        print(summary_line(app.mode.name, app.frame, summary))
        if status == 0 and args.autoplay and summary is not None and summary.finished is False:
            return 1  # the bot did not finish within --frames
        return status
    except ProcgenError as e:
        print(f"procgen: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        app.close()
