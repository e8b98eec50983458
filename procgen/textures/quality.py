"""Texture quality checks: seams, per-material fidelity, variety, and a contact sheet.

- **seam error**: the mean colour difference across the wrap-around edges (last column vs
  first, last row vs first) divided by the mean difference between interior neighbours. A
  seamless tile scores about 1 or less; a hard seam scores well above (the target is <= 1.1).
- **fidelity**: a nearest-centroid classifier on colour statistics (per-channel mean and
  spread, and edge energy), fitted on the procedural material set; the share of generated
  tiles it recognizes as their intended material (the target is >= 0.9).
- **variety**: the mean pairwise distance between variants of one material (mean absolute
  pixel difference in [0, 1]); above :data:`VARIETY_FLOOR`, and no two variants identical.

``evaluate_cli`` is ``procgen eval textures``: it scores a generator and prints a table.

>>> from procgen.textures.materials import synthesize
>>> tiles = synthesize("stone", seed=3, n=32)
>>> seam_error(tiles) <= SEAM_LIMIT
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike

import numpy as np

from procgen.errors import ParamError
from procgen.extras import import_optional
from procgen.io.atomic import atomic_write
from procgen.io.png import encode_png
from procgen.rng import check_seed
from procgen.textures.materials import MATERIALS, check_material, synthesize

__all__ = [
    "FIDELITY_TARGET",
    "SEAM_LIMIT",
    "VARIETY_FLOOR",
    "MaterialClassifier",
    "Report",
    "contact_sheet",
    "evaluate",
    "evaluate_cli",
    "features",
    "seam_error",
    "variety",
]

SEAM_LIMIT = 1.1
FIDELITY_TARGET = 0.9
#: Mean pairwise distance (mean |a-b| / 255) that variants of one material must exceed.
VARIETY_FLOOR = 0.02
GENERATORS = ("procedural", "vae", "gan")


def _check_tiles(tiles: np.ndarray, where: str = "tiles") -> np.ndarray:
    tiles = np.asarray(tiles)
    if tiles.ndim == 3:
        tiles = tiles[None]
    if tiles.ndim != 4 or tiles.shape[-1] not in (3, 4) or tiles.shape[1] < 2 or tiles.shape[2] < 2:
        raise ParamError(f"{where}: expected (n, H, W, 3) tiles, got shape {tiles.shape}")
    return tiles[..., :3].astype(np.float64)


def seam_error(tiles: np.ndarray) -> float:
    """Wrap-around edge difference over interior-neighbour difference, pooled over ``tiles``.

    >>> stripes = np.zeros((1, 4, 4, 3), np.uint8); stripes[:, :, ::2] = 255
    >>> round(seam_error(stripes), 2)  # alternating columns: the wrap is like any neighbour
    1.0
    >>> ramp = np.zeros((1, 4, 4, 3), np.uint8); ramp[:] = (np.arange(4) * 60)[:, None, None]
    >>> round(seam_error(ramp), 2)  # a vertical ramp jumps back at the wrap: a seam
    3.0
    """
    t = _check_tiles(tiles)
    wrap = np.concatenate(
        [np.abs(t[:, :, 0] - t[:, :, -1]).ravel(), np.abs(t[:, 0] - t[:, -1]).ravel()]
    ).mean()
    inner = np.concatenate(
        [np.abs(np.diff(t, axis=2)).ravel(), np.abs(np.diff(t, axis=1)).ravel()]
    ).mean()
    if inner == 0:
        return 0.0 if wrap == 0 else float("inf")
    return float(wrap / inner)


def features(tiles: np.ndarray) -> np.ndarray:
    """Colour statistics per tile, ``(n, 9)``: RGB mean, RGB spread, edge energy, and the
    mean hue offsets R-G and G-B (so a warm grey and a cool grey are told apart)."""
    t = _check_tiles(tiles) / 255.0
    mean = t.mean(axis=(1, 2))
    std = t.std(axis=(1, 2))
    edge = 0.5 * (np.abs(np.diff(t, axis=1)).mean(axis=(1, 2, 3)) + np.abs(np.diff(t, axis=2)).mean(axis=(1, 2, 3)))
    hue = np.stack([mean[:, 0] - mean[:, 1], mean[:, 1] - mean[:, 2]], axis=1)
    return np.concatenate([mean, std, edge[:, None], hue], axis=1)


@dataclass
class MaterialClassifier:
    """Nearest centroid in standardized colour-statistics space."""

    names: list[str]
    centroids: np.ndarray  # (K, F)
    scale: np.ndarray  # (F,)

    @classmethod
    def fit(cls, size: int = 16, n: int = 64, seed: int = 0, materials: Sequence[str] = MATERIALS) -> MaterialClassifier:
        """Fit on ``n`` procedural tiles per material (a seed apart from any evaluation)."""
        feats = [features(synthesize(m, seed, size, n)) for m in materials]
        allf = np.concatenate(feats)
        scale = allf.std(axis=0) + 1e-6
        centroids = np.stack([f.mean(axis=0) for f in feats]) / scale
        return cls(list(materials), centroids, scale)

    def predict(self, tiles: np.ndarray) -> list[str]:
        f = features(tiles) / self.scale
        d = ((f[:, None, :] - self.centroids[None]) ** 2).sum(axis=-1)
        return [self.names[i] for i in d.argmin(axis=1)]

    def accuracy(self, tiles: np.ndarray, material: str) -> float:
        pred = self.predict(tiles)
        return float(np.mean([p == material for p in pred]))


def variety(tiles: np.ndarray) -> tuple[float, float]:
    """(mean, min) pairwise distance between tiles, mean |a-b| / 255; needs >= 2 tiles."""
    t = _check_tiles(tiles) / 255.0
    n = len(t)
    if n < 2:
        raise ParamError(f"tiles: variety needs at least 2 tiles, got {n}")
    flat = t.reshape(n, -1)
    d = np.abs(flat[:, None, :] - flat[None, :, :]).mean(axis=-1)
    iu = np.triu_indices(n, 1)
    return float(d[iu].mean()), float(d[iu].min())


def contact_sheet(rows: Sequence[np.ndarray], scale: int = 2, gap: int = 2, background: int = 24) -> np.ndarray:
    """One row per tile batch (``(n, S, S, 3)``), tiles side by side, scaled by ``scale``."""
    if not rows:
        raise ParamError("contact sheet: no tiles")
    s = rows[0].shape[1] * scale
    cols = max(len(r) for r in rows)
    img = np.full((len(rows) * (s + gap) + gap, cols * (s + gap) + gap, 3), background, np.uint8)
    for i, batch in enumerate(rows):
        for j, tile in enumerate(batch):
            big = np.repeat(np.repeat(np.asarray(tile)[..., :3], scale, axis=0), scale, axis=1)
            y, x = gap + i * (s + gap), gap + j * (s + gap)
            img[y : y + s, x : x + s] = big
    return img


@dataclass
class Report:
    """Scores of one generator, per material."""

    generator: str
    size: int
    n: int
    seam: dict[str, float]
    fidelity: dict[str, float]
    variety: dict[str, tuple[float, float]]
    identical: dict[str, bool]

    @property
    def ok(self) -> bool:
        return (
            all(v <= SEAM_LIMIT for v in self.seam.values())
            and float(np.mean(list(self.fidelity.values()))) >= FIDELITY_TARGET
            and all(v[0] > VARIETY_FLOOR for v in self.variety.values())
            and not any(self.identical.values())
        )

    def table(self) -> str:
        head = f"{'material':<14} {'seam':>6} {'fidelity':>9} {'variety':>8} {'min pair':>9}"
        lines = [f"textures: generator={self.generator} size={self.size} n={self.n} per material", head]
        for m in self.seam:
            vm, vmin = self.variety[m]
            flag = "  IDENTICAL PAIR" if self.identical[m] else ""
            lines.append(f"{m:<14} {self.seam[m]:>6.3f} {self.fidelity[m]:>9.2f} {vm:>8.3f} {vmin:>9.3f}{flag}")
        seam_all = max(self.seam.values())
        fid_all = float(np.mean(list(self.fidelity.values())))
        var_all = min(v[0] for v in self.variety.values())
        lines.append(
            f"{'overall':<14} {seam_all:>6.3f} {fid_all:>9.2f} {var_all:>8.3f}   "
            f"(targets: seam <= {SEAM_LIMIT}, fidelity >= {FIDELITY_TARGET}, variety > {VARIETY_FLOOR})"
        )
        lines.append("result: " + ("PASS" if self.ok else "FAIL"))
        return "\n".join(lines)


def generate_tiles(
    generator: str, material: str, seed: int, size: int, n: int, model: str | PathLike[str] | None = None
) -> np.ndarray:
    """``n`` tiles of ``material`` from ``generator`` ("procedural", "vae" or "gan"; ``model``:
    a checkpoint config or folder for the last two, None for the shipped ones)."""
    check_material(material)
    if generator == "procedural":
        return synthesize(material, seed, size, n)
    if generator in ("vae", "gan"):
        texture = import_optional("procgen.models.texture", f"generator: {generator}")
        tiles: np.ndarray = texture.generate_tiles(generator, material, seed=seed, size=size, n=n, path=model)
        return tiles
    raise ParamError(f"generator: must be one of {', '.join(GENERATORS)}, got {generator!r}")


def evaluate(
    generator: str = "vae", n: int = 32, seed: int = 0, size: int = 16, materials: Sequence[str] = MATERIALS,
    model: str | PathLike[str] | None = None,
) -> tuple[Report, list[np.ndarray]]:
    """Score ``n`` tiles per material from ``generator`` (``model``: its checkpoint, None for
    the shipped one); returns the report and the tiles."""
    seed = check_seed(seed)
    if generator == "classic":  # what `procgen eval` calls the non-model generator
        generator = "procedural"
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= 1024:
        raise ParamError(f"n: tiles per material must be between 2 and 1024, got {n!r}")
    # The classifier is fitted on a seed the evaluation never uses, so procedural scores are honest.
    clf = MaterialClassifier.fit(size=size, seed=seed + 1 if seed < 2**62 else seed - 1)
    seam, fid, var, ident = {}, {}, {}, {}
    batches = []
    for m in materials:
        tiles = generate_tiles(generator, m, seed, size, n, model)
        batches.append(tiles)
        seam[m] = seam_error(tiles)
        fid[m] = clf.accuracy(tiles, m)
        var[m] = variety(tiles)
        ident[m] = var[m][1] == 0.0
    return Report(generator, size, n, seam, fid, var, ident), batches


def evaluate_cli(
    *, generator: str = "vae", n: int = 32, seed: int = 0, png: str | PathLike[str] | None = None, size: int = 16,
    model: str | PathLike[str] | None = None,
) -> str:
    """``procgen eval textures``: the printed table; ``png`` also writes a contact sheet
    (8 variants per material, one material per row)."""
    report, batches = evaluate(generator, n=n, seed=seed, size=size, model=model)
    text = report.table()
    if png is not None:
        atomic_write(png, encode_png(contact_sheet([b[:8] for b in batches], scale=2)))
        text += f"\ncontact sheet: {png}"
    return text
