"""``python -m procgen`` is the ``procgen`` command."""

import sys

from procgen.cli import main

# Guarded: the game's chunk worker starts processes with "spawn", which re-imports __main__.
if __name__ == "__main__":
    sys.exit(main())
