"""Vectorized gradient noise over whole numpy grids: Perlin, simplex, fBm, ridged, billow, warp.

Two families, one module each:

* :mod:`procgen.noise.seeded` and :mod:`procgen.noise.simplex`, the noise the library uses:
  :class:`Perlin`, :func:`fbm`, :func:`ridged`, :func:`billow`, :func:`domain_warp`,
  :func:`simplex2`, :func:`simplex3`, :func:`simplex_fbm`, seeded by ``(seed, name)``.
* :mod:`procgen.noise.compat`, Perlin compatible with the ``noise`` package
  (:func:`pnoise2`, :func:`pnoise2_grid`, :func:`pnoise3`): same values, numpy speed. The
  ``noise`` package is optional; the few parameter sets that need it say what to install.

>>> import numpy as np
>>> p = Perlin(7)
>>> p.fbm(np.arange(4) / 8, np.arange(3) / 8, octaves=4).shape
(3, 4)
"""

from procgen.noise._grid import SMALL_GRID
from procgen.noise._lattice import GRAD3, PERM
from procgen.noise.compat import pnoise2, pnoise2_grid, pnoise3
from procgen.noise.seeded import Perlin, billow, domain_warp, fbm, ridged
from procgen.noise.simplex import simplex2, simplex3, simplex_fbm

__all__ = [
    "GRAD3",
    "PERM",
    "SMALL_GRID",
    "Perlin",
    "billow",
    "domain_warp",
    "fbm",
    "pnoise2",
    "pnoise2_grid",
    "pnoise3",
    "ridged",
    "simplex2",
    "simplex3",
    "simplex_fbm",
]
