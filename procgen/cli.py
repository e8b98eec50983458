"""The ``procgen`` command: generate, batch, world, info, eval, train, textures, play.

Every user error (bad flag value, missing or malformed file, impossible request, corrupt
checkpoint) ends as one line on stderr, ``procgen: error: ...``, and exit status 2; no
traceback and no half-written output file (every writer is atomic, and all outputs of a
command are rendered before the first is written).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from procgen import io
from procgen.catalog import kind as kind_of
from procgen.catalog import kinds
from procgen.errors import ParamError, ProcgenError
from procgen.extras import missing
from procgen.kinds import generate, generators
from procgen.level import Kind, Level
from procgen.signals import Terminated, termination_as_exception

__all__ = ["main"]

MAX_BATCH = 1_000_000


class _Parser(argparse.ArgumentParser):
    """argparse that reports with our prefix and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"procgen: error: {message}\n")


def _seeds(text: str) -> range:
    try:
        a, b = (int(v) for v in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected A:B (e.g. 0:100), got {text!r}") from None
    if not 0 <= a < b or b - a > MAX_BATCH:
        raise argparse.ArgumentTypeError(f"need 0 <= A < B and at most {MAX_BATCH} seeds, got {text!r}")
    return range(a, b)


def _positive(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {v}")
    return v


def _scale(text: str) -> int:
    v = _positive(text)
    if v > 64:
        raise argparse.ArgumentTypeError(f"expected 1..64 pixels per tile, got {v}")
    return v


MODEL_HELP = ("a trained checkpoint for --generator gan|vae: its JSON config, or a folder holding "
              "NAME.json (what `procgen train --out DIR` wrote); default: the shipped models")


def _add_kind_options(p: argparse.ArgumentParser, kind: str) -> None:
    k = kind_of(kind)
    p.add_argument("--generator", choices=[str(g) for g in generators(k)], default="classic", help="which generator")
    if len(generators(k)) > 1:
        p.add_argument("--model", metavar="PATH", help=MODEL_HELP)
    p.add_argument("--width", type=_positive, help="width in tiles (default: the kind's)")
    p.add_argument("--height", type=_positive, help="height in tiles (default: the kind's)")
    for opt in k.options:
        if not opt.cli:
            continue
        p.add_argument(opt.flag, dest=opt.name, type=opt.type, choices=opt.choices, default=None,
                       help=opt.help + (f" (default {opt.default})" if opt.default is not None else ""))


def _params(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    """Generator keywords from parsed flags: only what the user gave, so defaults live in one place."""
    params: dict[str, Any] = {"generator": args.generator}
    for name in ("width", "height", "model", *(o.name for o in kind_of(kind).options if o.cli)):
        value = getattr(args, name, None)
        if value is not None:
            params[name] = value
    return params


def _render_outputs(level: Level, json_out: str | None, tmj: str | None, png: str | None,
                    scale: int, textured: bool) -> None:
    """Render every requested file, check every target, then write them all or none."""
    from procgen.io.atomic import check_targets, write_all

    files: list[tuple[str | Path, bytes]] = []
    tileset = None
    if textured and (tmj or png):
        from procgen.textures.atlas import tileset_for

        tileset = tileset_for(level)  # one look for the .tmj and the PNG
    if json_out:
        from procgen.io.native import dumps

        level.check(json_out)
        files.append((json_out, dumps(level).encode("utf-8")))
    if tmj:
        from procgen.io.tiled import tmj_files

        files += tmj_files(level, tmj, tileset=tileset)
    if png:
        from procgen.io.png import encode_png, render

        files.append((png, encode_png(render(level, scale, tileset=tileset,
                                                  renderer=kind_of(level.kind).renderer))))
    check_targets(p for p, _ in files)
    write_all(files)


def _check_output_paths(args: argparse.Namespace) -> None:
    """Before any work: every output path can be written, none twice, and the PNG fits."""
    from procgen.io.atomic import check_targets

    paths: list[str | Path] = [p for p in (args.out, args.png) if p]
    if args.tmj:
        tmj = Path(args.tmj)
        paths += [tmj.with_suffix(".tileset.png"), tmj.with_suffix(".tsj"), tmj]
    check_targets(paths)
    if args.png:
        from procgen.io.png import MAX_PIXELS

        # The smallest level the request can make; the exact check follows the generation.
        w, h = _min_size(args.kind, args)
        if w * h * args.scale * args.scale > MAX_PIXELS:
            raise ParamError(f"--scale: a {w}x{h} or larger level at scale {args.scale} is too large a PNG "
                             f"(at most {MAX_PIXELS} pixels)")


def _min_size(kind: str, args: argparse.Namespace) -> tuple[int, int]:
    """A lower bound on the size in tiles of the level ``generate KIND`` will make."""
    defaults = {Kind.PLATFORMER: (32, 14), Kind.CAVE: (64, 40), Kind.TERRAIN: (256, 256),
                Kind.DUNGEON_ROOM: (11, 7), Kind.DUNGEON: (11, 7)}
    w, h = defaults.get(Kind(kind), (1, 1))
    w, h = args.width or w, args.height or h
    if kind in (Kind.DUNGEON_ROOM, Kind.DUNGEON):  # --width/--height are a room's interior
        w, h = w + 2, h + 2
    return w, h


def _summary(level: Level) -> str:
    gen = level.generator.get("name", "?")
    ents = ", ".join(f"{e.type}@({e.x},{e.y})" for e in level.entities[:6])
    more = f" +{len(level.entities) - 6} more" if len(level.entities) > 6 else ""
    stats = ", ".join(f"{k}={v}" for k, v in level.stats.items() if isinstance(v, (int, float, str, bool)))
    return f"{level.kind} {level.width}x{level.height} seed={level.seed} generator={gen}\n" \
           f"  entities: {ents or 'none'}{more}\n  stats: {stats or 'none'}"


# -- commands -------------------------------------------------------------------------------


def cmd_generate(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    _check_output_paths(args)
    level = generate(args.kind, args.seed, **_params(args, args.kind))
    _render_outputs(level, args.out, args.tmj, args.png, args.scale, args.textured)
    if not args.quiet:
        print(_summary(level))
        for label, path in (("json", args.out), ("tmj", args.tmj), ("png", args.png)):
            if path:
                print(f"  wrote {label}: {path}")
        print(f"  in {time.perf_counter() - t0:.2f} s")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from procgen.batch import run_batch

    out_dir = Path(args.out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ParamError(f"--out-dir: cannot create {out_dir}: {e.strerror}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise ParamError(f"--out-dir: {out_dir} is not writable")
    if args.scheduler is not None or args.format == "jsonl" or args.shard_size is not None:
        return _scale_batch(args)
    t0 = time.perf_counter()
    bars: list[Any] = []

    def tick() -> None:
        # The bar appears once the first level is written, so a parameter error stays one line.
        if not bars:
            bars.append(tqdm(total=len(args.seeds), unit="level", disable=args.quiet, file=sys.stderr))
        bars[0].update()

    try:
        workers = run_batch(args.kind, args.seeds, _params(args, args.kind), out_dir,
                            workers=args.workers, png=args.png, tmj=args.tmj, progress=tick)
    finally:
        for bar in bars:
            bar.close()
    dt = time.perf_counter() - t0
    if not args.quiet:
        print(f"wrote {len(args.seeds)} {args.kind} levels to {out_dir}/ in {dt:.2f} s "
              f"({len(args.seeds) / dt:.0f} levels/s, {workers} workers)")
    return 0


def _scale_batch(args: argparse.Namespace) -> int:
    """Dask and/or sharded JSON Lines (procgen.scale), with batch's own per-seed task function."""
    if args.format == "jsonl" and (args.png or args.tmj):
        raise ParamError("--png/--tmj write one file per level; use them with --format json")
    if args.format == "json" and args.shard_size is not None:
        raise ParamError("--shard-size: shards are for --format jsonl")
    from procgen.batch import _write_one
    from procgen.scale.batch import run_batch as run_scale_batch

    params = _params(args, args.kind)
    generate(args.kind, args.seeds.start, **params)  # fail fast on bad parameters, before any cluster
    jobs = [(args.kind, s, params, str(args.out_dir), args.png, args.tmj) for s in args.seeds]
    return run_scale_batch(args.kind, args.seeds, params, args.out_dir, fmt=args.format,
                           shard_size=args.shard_size or 1000, workers=args.workers,
                           scheduler=args.scheduler, per_seed=_write_one, per_seed_jobs=jobs,
                           quiet=args.quiet)


def cmd_world_export(args: argparse.Namespace) -> int:
    from procgen.scale import require_all

    require_all("world export")
    from procgen.scale.cluster import dask_client, worker_peak_rss_mib
    from procgen.scale.world_zarr import Region, export_zarr, parse_layers
    from procgen.terrain.world import World

    region, layers, world = Region.parse(args.region), parse_layers(args.layers), World(args.seed)
    t0 = time.perf_counter()
    with dask_client(args.scheduler, args.workers, what="world export") as client:
        export_zarr(world, args.zarr, region, layers=layers, block=args.block, client=client,
                    progress=not args.quiet, overwrite=args.overwrite)
        peak = max(worker_peak_rss_mib(client).values())
    if not args.quiet:
        print(f"wrote {region.width}x{region.height} tiles of world seed {args.seed} "
              f"({', '.join(layers)}) to {args.zarr} in {time.perf_counter() - t0:.1f} s; "
              f"peak worker memory {peak:.0f} MiB")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    if str(args.file).endswith(".txt"):
        # A Video Game Level Corpus text file (any number of rows): a platformer level.
        from procgen.levels.platformer.corpus import load_levels

        level = load_levels(args.file)[0]
    else:
        level = io.load(args.file)
    if args.json:
        import json

        doc = level.to_json()
        doc.pop("tiles"), doc.pop("layers", None)
        print(json.dumps(doc, indent=2))
        return 0
    print(f"{args.file}: valid procgen level (format version 1)")
    print(_summary(level))
    counts = {t.name: int(n) for t, n in zip(level.legend.values(), _counts(level), strict=False) if n}
    print("  tiles: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    if level.layers:
        print("  layers: " + ", ".join(f"{k} ({a.dtype})" for k, a in level.layers.items()))
    checker = kind_of(level.kind).checker
    if checker is not None:
        checks = checker(level)
        ok = bool(checks.pop("ok", True))
        print(f"  verified: {'passes' if ok else 'FAILS'} " + ", ".join(f"{k}={v}" for k, v in checks.items()))
        if not ok:
            return 1  # well-formed, but the content breaks its kind's promises
    return 0


def _counts(level: Level) -> list[int]:
    import numpy as np

    return list(np.bincount(level.ids().ravel(), minlength=len(level.legend)))


def cmd_eval(args: argparse.Namespace) -> int:
    from procgen.eval import evaluate, names_a_model

    if args.model is not None and not names_a_model(args.generator):
        raise ParamError("--model: a checkpoint is for --generator gan or vae")
    print(evaluate(args.kind, generator=args.generator, n=args.n, seed=args.seed, png=args.png, model=args.model))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from procgen.models.train import how_to_use, train  # a missing torch: main() names the extra

    path = train(model=args.model, data=args.data, out=args.out, epochs=args.epochs, device=args.device,
                 seed=args.seed)
    print(f"wrote {path}")
    print(how_to_use(json_path=path))
    return 0


def cmd_textures(args: argparse.Namespace) -> int:
    from procgen.textures.atlas import textures_cli

    materials = [m.strip() for m in args.materials.split(",") if m.strip()]
    print(textures_cli(materials=materials, variants=args.variants, size=args.size, out=args.out,
                       tsj=args.tsj, generator=args.generator, seed=args.seed, model=args.model))
    return 0


def cmd_play(argv: list[str]) -> int:
    # The viewer is a separate package (it needs pygame); the library never imports it.
    from procgen.launch import play

    return play(argv)


# -- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="procgen", description="Procedural game content: levels, terrain, textures.")
    parser.add_argument("--version", action="version", version=f"procgen {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    gen = sub.add_parser("generate", help="generate one level and write JSON / Tiled / PNG")
    gen_kinds = gen.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    for k in kinds():
        kind = str(k)
        p = gen_kinds.add_parser(kind, help=k.summary, description=k.summary + (
            f". Every generator, by default: {k.defaults}." if k.defaults else ""))
        p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        _add_kind_options(p, kind)
        p.add_argument("--out", help="native JSON output path")
        p.add_argument("--tmj", help="Tiled map output path (writes .tsj and tileset PNG beside it)")
        p.add_argument("--png", help="PNG render output path")
        p.add_argument("--scale", type=_scale, default=4, help="PNG pixels per tile, 1..64 (default 4)")
        p.add_argument("--textured", action="store_true", help="Tiled and PNG exports with the texture atlas")
        p.add_argument("-q", "--quiet", action="store_true")
        p.set_defaults(func=cmd_generate)

    batch = sub.add_parser("batch", help="generate many seeds in parallel")
    batch_kinds = batch.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    for k in kinds():
        kind = str(k)
        p = batch_kinds.add_parser(kind, help=k.summary)
        p.add_argument("--seeds", type=_seeds, required=True, help="seed range A:B (B excluded)")
        p.add_argument("--out-dir", required=True, help="folder for KIND-SEED.json files")
        p.add_argument("--workers", type=_positive, default=os.cpu_count() or 1,
                       help="worker processes (at most one per CPU and per level; default: the CPUs)")
        p.add_argument("--png", action="store_true", help="also write KIND-SEED.png")
        p.add_argument("--tmj", action="store_true", help="also write KIND-SEED.tmj")
        p.add_argument("--scheduler", help="run on Dask: 'local' (a cluster of --workers processes) "
                       "or a scheduler address such as tcp://host:8786 (needs procgen-forge[scale])")
        p.add_argument("--format", choices=("json", "jsonl"), default="json",
                       help="json: a file per level; jsonl: shards of --shard-size levels, one per "
                       "line, named by seed range; complete shards are skipped on a rerun")
        p.add_argument("--shard-size", type=_positive, help="levels per jsonl shard (default 1000)")
        _add_kind_options(p, kind)
        p.add_argument("-q", "--quiet", action="store_true")
        p.set_defaults(func=cmd_batch)

    world = sub.add_parser("world", help="infinite terrain worlds beyond one machine (Dask + Zarr)")
    world_cmds = world.add_subparsers(dest="world_command", required=True, parser_class=_Parser)
    wx = world_cmds.add_parser("export", help="compute a world region as Dask tasks into a Zarr store")
    wx.add_argument("--seed", type=int, default=0, help="world seed (default 0)")
    wx.add_argument("--region", required=True, help="X0:X1,Y0:Y1 in world tiles, ends excluded "
                    "(write --region=-512:512,0:256 when it starts with a minus)")
    wx.add_argument("--zarr", required=True, help="output Zarr store (a folder every worker can write)")
    wx.add_argument("--layers", help="comma-separated subset of height,biome,temperature,moisture,flow (default all)")
    wx.add_argument("--scheduler", help="a Dask scheduler address (default: a local cluster of --workers processes)")
    wx.add_argument("--workers", type=_positive, default=os.cpu_count() or 1, help="local cluster size")
    wx.add_argument("--block", type=_positive, default=512, help="tiles per task and Zarr chunk side (default 512)")
    wx.add_argument("--overwrite", action="store_true", help="replace an existing store (once the new one is whole)")
    wx.add_argument("-q", "--quiet", action="store_true")
    wx.set_defaults(func=cmd_world_export)

    info = sub.add_parser("info", help="validate and summarize a level file")
    info.add_argument("file")
    info.add_argument("--json", action="store_true", help="print the metadata as JSON")
    info.set_defaults(func=cmd_info)

    ev = sub.add_parser("eval", help="metrics table and expressive-range PNG for a generator")
    ev.add_argument("kind", choices=[*(str(k) for k in kinds()), "textures"])
    ev.add_argument("--generator", default="classic", help="classic, gan or vae; gan,vae side by side (textures: procedural, vae, gan)")
    ev.add_argument("--n", type=_positive, default=200, help="number of samples (default 200)")
    ev.add_argument("--seed", type=int, default=0)
    ev.add_argument("--png", help="expressive-range / contact-sheet PNG path")
    ev.add_argument("--model", metavar="PATH", help=MODEL_HELP)
    ev.set_defaults(func=cmd_eval)

    tr = sub.add_parser("train", help="train a GAN or VAE on a corpus")
    tr.add_argument("model", help="platformer-gan, platformer-vae, room-gan, room-vae, texture-vae, texture-gan")
    tr.add_argument("--data", help="corpus folder or file (default: the shipped corpus)")
    tr.add_argument("--out", required=True, help="output folder for NAME.safetensors + NAME.json")
    tr.add_argument("--epochs", type=_positive)
    tr.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    tr.add_argument("--seed", type=int, default=0)
    tr.set_defaults(func=cmd_train)

    tx = sub.add_parser("textures", help="build a texture atlas PNG and a Tiled tileset")
    tx.add_argument("--materials", required=True, help="comma-separated, e.g. grass,dirt,stone")
    tx.add_argument("--variants", type=_positive, default=4)
    tx.add_argument("--size", type=int, choices=(16, 32), default=16)
    tx.add_argument("--out", required=True, help="atlas PNG path")
    tx.add_argument("--tsj", help="Tiled tileset path")
    tx.add_argument("--generator", choices=("procedural", "vae", "gan"), default="procedural")
    tx.add_argument("--seed", type=int, default=0)
    tx.add_argument("--model", metavar="PATH", help=MODEL_HELP.replace("gan|vae", "vae|gan"))
    tx.set_defaults(func=cmd_textures)

    # `play` hands its arguments to the game; listed here for --help.
    sub.add_parser("play", help="the pygame viewer (procgen play --help; --model PATH)", add_help=False)
    return parser


def _version() -> str:
    from procgen import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    # Small models make many short torch calls; OpenMP's default spin-waiting between them
    # stalls each call by ~0.2 s on a busy machine. Set before torch is first imported.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        with termination_as_exception():
            if argv and argv[0] == "play":
                return cmd_play(argv[1:])
            args = build_parser().parse_args(argv)
            return int(args.func(args))
    except ProcgenError as e:
        print(f"procgen: error: {e}", file=sys.stderr)
        return 2
    except Terminated as e:
        print(f"procgen: terminated ({signal.Signals(e.signum).name})", file=sys.stderr)
        return e.exit_status
    except ModuleNotFoundError as e:  # a lazy import of an optional dependency, deep in a command
        err = missing(e, "this command")
        if err is None:
            raise
        print(f"procgen: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("procgen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as e:  # argparse's usage errors (2) and --help (0)
        return e.code if isinstance(e.code, int) else 2


if __name__ == "__main__":
    sys.exit(main())
