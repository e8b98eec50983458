"""The package's identity: its version comes from the installed distribution's metadata."""

from importlib.metadata import version

import procgen
from procgen.cli import main


def test_version_is_the_distributions(capsys):
    assert procgen.__version__ == version("procgen-forge")
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"procgen {procgen.__version__}"
