"""``python -m procgen`` is the ``procgen`` command."""

import sys

from procgen.cli import main

sys.exit(main())
