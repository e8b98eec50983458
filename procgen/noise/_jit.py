"""Optional numba kernels for noise at arbitrary points (``pip install 'procgen-forge[fast]'``).

numpy evaluates point noise one whole-array operation at a time, writing a dozen temporaries
per octave; these kernels keep a point's arithmetic in registers. Each repeats the numpy
path's arithmetic operation for operation, in the same dtype and order, so both paths give the
same bytes (``tests/test_noise_jit.py`` holds them to it). Without numba, or with
``PROCGEN_NO_JIT=1`` in the environment, :func:`kernels` is ``None`` and the numpy paths run.

The kernels are compiled on first use and cached on disk (numba's ``cache=True``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from procgen.extras import fast_kernels

#: Below this many points the numpy paths run: importing numba and loading the kernels costs
#: about a second per process (more on a busy machine), which only large calls win back.
MIN_POINTS = 1 << 18


#: Whether this process has loaded the kernels: from then on calls of any size use them.
loaded = False


@cache
def kernels() -> Any:
    """The compiled kernels (a namespace), or ``None`` when numba is absent or disabled."""
    global loaded
    k = fast_kernels("procgen.noise._kernels")
    loaded = loaded or k is not None
    return k


def kernels_for(points: int) -> Any:
    """:func:`kernels` for a call over ``points`` points: None below :data:`MIN_POINTS`, unless
    the kernels are loaded already (a large call, or :meth:`procgen.terrain.World.chunk`
    streaming many small grids): then the load is paid and small calls win too."""
    return kernels() if points >= MIN_POINTS or loaded else None
