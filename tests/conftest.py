"""Test-wide settings: the viewer package, headless SDL, and Hypothesis profiles sized for a
2-core CI machine."""

import os
import sys
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings

from procgen.launch import viewer_package

# Tests import the viewer by its installed name, procgen_viewer. Loading it here makes that
# name this checkout's game/ folder, also where an editable install of another checkout
# (a shared venv) would map it elsewhere.
viewer_package()

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

# "ci" (the default) keeps the whole suite within minutes; "thorough" is for a long local run:
#   HYPOTHESIS_PROFILE=thorough make test
settings.register_profile(
    "ci", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def uninstalled(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """``uninstalled("torch")``: for this test, as on an install without that package.

    Importing it fails, and the modules that may import it (``procgen.models.*`` but the
    torch-free ``locate``, and the viewer's modules) are unloaded so they import it afresh;
    everything comes back after the test.
    """

    def hide(package: str) -> None:
        for name in list(sys.modules):
            if name.startswith(("procgen.models.", "procgen_viewer.")) and name != "procgen.models.locate":
                parent, _, child = name.rpartition(".")
                if hasattr(sys.modules.get(parent), child):  # a re-import rebinds it: restore it too
                    monkeypatch.setattr(sys.modules[parent], child, getattr(sys.modules[parent], child))
                monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, package, None)

    return hide
