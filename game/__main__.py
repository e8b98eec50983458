"""``python -m procgen_viewer ...`` (``python -m game`` in a checkout): ``procgen play ...``."""

import sys

from .main import main

# The guard matters: the chunk worker process (spawn) imports this module again.
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
