"""Models the player trained: the checkpoints in the folder ``procgen play --models DIR`` names.

``procgen train MODEL --out DIR`` writes ``DIR/MODEL.json`` (the config) beside
``DIR/MODEL.safetensors`` (the weights). A folder of the player's models holds such pairs, at
its top level (``mario.json``, renamed) or one folder down (``mario/platformer-gan.json``, a
``--out`` folder as written). :func:`find_models` lists the ones a mode can use, named by their
file (``mario``, ``mario/platformer-gan``), without torch: only the config's ``format`` and
``model`` fields are read here. The weights are checked (hash, architecture, vocabulary) by the
library's checkpoint loader when a level is first made from one; a model that fails there is
skipped by the mode with a notice (see :class:`ModelCycle`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike, fspath
from pathlib import Path

from procgen.level import GeneratorName
from procgen.models.locate import model_of

__all__ = ["Choice", "ModelCycle", "UserModel", "find_models", "models_folder"]

#: How deep below the folder configs are looked for: its files, and one folder down (a
#: ``procgen train --out`` folder per model). Deeper folders (previews, unrelated trees) are not read.
DEPTH_PATTERNS = ("*.json", "*/*.json")
#: Most checkpoint configs read from one folder: a wrong folder (a home directory) stays quick.
MAX_CONFIGS = 200


@dataclass(frozen=True)
class UserModel:
    """One of the player's checkpoints: what the HUD calls it, its generator, its config."""

    name: str  # the config's path in the folder without ``.json``: "mario" or "mario/platformer-gan"
    generator: GeneratorName  # gan or vae
    path: Path  # the JSON config (the weights are its ``.safetensors`` sibling)


@dataclass
class Found:
    """The usable models of a folder, and one line per checkpoint that is not usable."""

    models: list[UserModel] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def models_folder(path: str | PathLike[str]) -> Path:
    """``--models DIR`` checked: an existing folder, else ValueError with the line to print."""
    p = Path(fspath(path))
    if not p.exists():
        raise ValueError(f"--models: {p}: no such folder")
    if not p.is_dir():
        raise ValueError(f"--models: {p}: not a folder (give the folder that holds the .json + .safetensors pairs)")
    return p


def find_models(folder: Path, domain: str) -> Found:
    """The checkpoints in ``folder`` of ``domain``'s models (``platformer-gan``/``-vae`` for
    ``"platformer"``), sorted by name; other procgen checkpoints (another kind's, textures) are
    left for the mode they belong to, other JSON files are ignored.

    A config whose weights file is missing, or a ``NAME.json`` beside ``NAME.safetensors`` that
    is not a readable checkpoint config, is skipped with one line saying why.
    """
    found = Found()
    wanted = {f"{domain}-{g.value}": g for g in (GeneratorName.GAN, GeneratorName.VAE)}
    configs = sorted({p for pattern in DEPTH_PATTERNS for p in folder.glob(pattern) if p.is_file()})
    for config in configs[:MAX_CONFIGS]:
        name = config.relative_to(folder).with_suffix("").as_posix()
        weights = config.with_suffix(".safetensors")
        model = model_of(config)
        if model is None:
            if weights.exists():  # a checkpoint pair whose config cannot be read
                found.skipped.append(f"Skipped model {name}: {config.name} is not a readable procgen checkpoint config")
            continue
        if model not in wanted:
            continue
        if not weights.is_file():
            found.skipped.append(f"Skipped model {name}: its weights file {weights.name} is missing")
            continue
        found.models.append(UserModel(name, wanted[model], config))
    return found


@dataclass(frozen=True)
class Choice:
    """What G may choose: a generator, and the player's checkpoint for it (None: built in)."""

    generator: GeneratorName
    model: UserModel | None = None

    @property
    def label(self) -> str:
        """How the HUD and notices name it: ``classic``, ``GAN``, or ``mario (GAN)``."""
        g = self.generator.value.upper() if self.generator.trained else self.generator.value
        return g if self.model is None else f"{self.model.name} ({g})"

    @property
    def path(self) -> str | None:
        """The checkpoint config to generate with (None: the built-in model or classic)."""
        return None if self.model is None else fspath(self.model.path)


class ModelCycle:
    """What G cycles through: the built-in generators (classic first), then each user model.

    A user model whose checkpoint fails to load is :meth:`drop`-ped, so the next G press (and
    every later one) passes it by.
    """

    def __init__(self, builtin: Sequence[GeneratorName], models: Sequence[UserModel] = ()) -> None:
        self.choices: list[Choice] = [Choice(g) for g in builtin] + [Choice(m.generator, m) for m in models]

    def after(self, current: Choice) -> Choice:
        """The choice G moves to from ``current`` (the first one if ``current`` is not listed)."""
        if current not in self.choices:
            return self.choices[0]
        return self.choices[(self.choices.index(current) + 1) % len(self.choices)]

    def drop(self, choice: Choice) -> Choice:
        """Take a broken user model out of the cycle; returns the choice that follows it."""
        following = self.after(choice)
        if choice.model is not None and choice in self.choices:
            self.choices.remove(choice)
        return following
