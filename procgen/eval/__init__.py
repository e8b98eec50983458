"""``procgen eval``: metric tables, expressive-range plots and model comparisons.

Evaluation sits above everything it measures: it generates through the kinds and the models
and measures with the kinds' metrics and :mod:`procgen.levels.tilestats`. :func:`evaluate` is
what ``procgen eval KIND`` prints:

* ``--generator classic``: the kind's classic table (:mod:`procgen.eval.classic`);
* ``--generator gan|vae``: classic, model and corpus side by side (:mod:`procgen.eval.models`);
* ``textures``: the texture generators' fidelity and variety (:mod:`procgen.textures.quality`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from procgen.errors import ParamError
from procgen.level import GeneratorName, Kind

__all__ = ["evaluate", "names_a_model"]


def names_a_model(generator: str) -> bool:
    """``generator`` (``"gan"``, ``"classic"``, ``"gan,vae"``) names a trained model."""
    return any(g in (GeneratorName.GAN, GeneratorName.VAE) for g in str(generator).split(","))


def _classic_platformer(**kw: Any) -> str:
    from procgen.eval.classic import evaluate_platformer

    return evaluate_platformer(**kw)


def _classic_rooms(**kw: Any) -> str:
    from procgen.eval.classic import evaluate_rooms

    return evaluate_rooms(**kw)


#: The kinds with a classic table.
CLASSIC: dict[Kind, Callable[..., str]] = {
    Kind.PLATFORMER: _classic_platformer,
    Kind.DUNGEON_ROOM: _classic_rooms,
}


def evaluate(
    kind: str, *, generator: str = "classic", n: int = 200, seed: int = 0, png: str | None = None,
    model: str | None = None,
) -> str:
    """The ``procgen eval`` table for ``kind`` (a level kind or ``"textures"``) as text;
    ``model``: the gan/vae checkpoint to evaluate (None: the shipped one)."""
    if kind == "textures":  # not a level kind: the texture generators
        from procgen.textures.quality import evaluate_cli

        return evaluate_cli(generator=generator, n=n, seed=seed, png=png, model=model)
    if names_a_model(generator):  # one model, or several side by side: "gan,vae"
        from procgen.eval.models import evaluate_cli as models_table

        return models_table(kind, generator=generator, n=n, seed=seed, png=png, model=model)
    if model is not None:
        raise ParamError("model: a checkpoint is for the gan and vae generators; add --generator gan or vae")
    try:
        table = CLASSIC[Kind(kind)]
    except (ValueError, KeyError):
        raise ParamError(f"eval: no evaluation is defined for {kind}") from None
    if generator != GeneratorName.CLASSIC:
        raise ParamError(f"generator: must be classic, gan or vae, got {generator!r}")
    return table(n=n, seed=seed, png=png)

