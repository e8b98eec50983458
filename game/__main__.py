"""``python -m game ...``: the same program as ``procgen play ...``."""

import sys

from game.main import main

sys.exit(main(sys.argv[1:]))
