"""Level files: native JSON (with its JSON Schema), Tiled .tmj/.tsj, and PNG, as functions.

The data type (:class:`procgen.level.Level`) knows no file format; these functions read and
write it. Every writer is atomic (a crash never leaves a half-written file).

>>> import procgen, procgen.io, tempfile, os
>>> cave = procgen.generate("cave", seed=7, width=24, height=16)
>>> path = os.path.join(tempfile.mkdtemp(), "cave.json")
>>> procgen.io.save(cave, path)
>>> procgen.io.load(path).dumps() == cave.dumps()
True

A kind with its own picture hands its renderer in:
``procgen.io.save_png(level, "t.png", renderer=procgen.kind("terrain").renderer)``.
"""

from procgen.io.native import dumps, level_from_json, load, loads, save
from procgen.io.png import encode_png, render, save_png
from procgen.io.tiled import Tileset, save_tmj

__all__ = [
    "Tileset",
    "dumps",
    "encode_png",
    "level_from_json",
    "load",
    "loads",
    "render",
    "save",
    "save_png",
    "save_tmj",
]
