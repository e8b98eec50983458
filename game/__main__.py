"""``python -m game ...``: the same program as ``procgen play ...``."""

import sys

from .main import main

# The guard matters: the chunk worker process (spawn) imports this module again.
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
