"""Only what pyproject.toml cannot say: the two top-level folders that install under new names.

The repository keeps the viewer in ``game/`` and the shipped models in ``trained/``. Installed,
the viewer is the package ``procgen_viewer`` (a user's own ``game.py`` cannot shadow it, nor
it theirs) and the models sit inside the library as ``procgen/trained/``, where
``procgen.models.locate`` finds them without any setting. Everything else is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

setup(
    # Found, not listed: a new subpackage (or data folder) of procgen needs no edit here.
    packages=[
        *find_namespace_packages(include=["procgen", "procgen.*"], exclude=["*.__pycache__"]),
        "procgen_viewer",
        "procgen.trained",
    ],
    package_dir={"procgen_viewer": "game", "procgen.trained": "trained"},
    package_data={"procgen.trained": ["*.json", "*.safetensors"]},
)
