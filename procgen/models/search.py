"""Latent search: a seeded (mu, lambda) evolution strategy over model latents, for control.

The fitness of a latent is computed from what the model decodes it to — the solver says
whether it is playable, the metrics how far it is from the requested difficulty or path
lengths — so the search steers a trained model toward a request without retraining it.
:func:`evolve` minimises; it stops as soon as a candidate reaches ``good_enough`` (a request
met), which is usually in the first generation or two.

It is a plain (mu, lambda)-ES with log-normal step-size self-adaptation and weighted
recombination (the recombination weights are CMA-ES's), written in numpy so the project needs
no extra package; every random number comes from ``procgen.rng.rng(seed, ...)``.

>>> best = evolve(lambda z: np.abs(z - 1.5).sum(1), dim=4, seed=0, generations=60, good_enough=0.1)
>>> bool(best.fitness <= 0.1), best.generations < 60
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from procgen.errors import ParamError
from procgen.rng import rng

__all__ = ["SearchResult", "evolve"]


@dataclass
class SearchResult:
    """The best latent found, its fitness (lower is better) and the work it took."""

    z: np.ndarray  # (dim,)
    fitness: float
    generations: int
    evaluations: int


def evolve(
    fitness: Callable[[np.ndarray], np.ndarray],
    dim: int,
    seed: int,
    *,
    population: int = 16,
    parents: int = 4,
    sigma: float = 0.6,
    generations: int = 10,
    good_enough: float = 0.0,
    first: np.ndarray | None = None,
    path: tuple[str | int, ...] = (),
) -> SearchResult:
    """Minimise ``fitness`` over latents ``(population, dim) -> (population,)``.

    Args:
        fitness: scores a batch of latents; lower is better.
        dim: the latent size.
        seed, path: seed the search (``rng(seed, "latent-search", *path)``): deterministic.
        population, parents: lambda and mu of the (mu, lambda)-ES.
        sigma: the initial mutation step (latents are standard normal a priori).
        generations: the most generations to run.
        good_enough: stop as soon as a candidate scores at or below this.
        first: the first generation (``(population, dim)``), e.g. prior samples; drawn from
            the prior when None.
    """
    if population < 2 or not 1 <= parents <= population or generations < 1 or dim < 1:
        raise ParamError(
            f"search: need population >= 2, 1 <= parents <= population, generations >= 1; "
            f"got {population}, {parents}, {generations}"
        )
    r = rng(seed, "latent-search", *path)
    pop = r.standard_normal((population, dim)) if first is None else np.asarray(first, dtype=np.float64)
    steps = np.full(len(pop), sigma)
    # Log-linear recombination weights (as in CMA-ES): the best parent counts most.
    w = np.log(parents + 0.5) - np.log(np.arange(1, parents + 1))
    w /= w.sum()
    tau = 1 / np.sqrt(2 * dim)
    best_z, best_f, evals = pop[0].copy(), np.inf, 0
    for gen in range(1, generations + 1):
        f = np.asarray(fitness(pop.astype(np.float32)), dtype=np.float64)
        evals += len(pop)
        order = np.argsort(f, kind="stable")
        if f[order[0]] < best_f:
            best_f, best_z = float(f[order[0]]), pop[order[0]].copy()
        if best_f <= good_enough or gen == generations:
            return SearchResult(best_z.astype(np.float32), best_f, gen, evals)
        elite = pop[order[:parents]]
        elite_steps = steps[order[:parents]]
        centre = w @ elite
        step = float(np.exp(w @ np.log(elite_steps)))
        steps = step * np.exp(tau * r.standard_normal(population))
        pop = centre + steps[:, None] * r.standard_normal((population, dim))
        pop[0] = best_z  # elitism: the best latent so far stays in the population
    return SearchResult(best_z.astype(np.float32), best_f, generations, evals)  # pragma: no cover
