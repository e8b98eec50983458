"""The game's layers: rules without pygame, the bot on the rules, relative imports inside."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

GAME = Path(__file__).resolve().parents[2] / "game"


def test_the_rules_and_the_bot_run_without_pygame():
    """Importing the rules (platformer, dungeon, controls) and the bot loads no pygame, so
    they run headless, in workers and in tests without a display library."""
    code = ("import sys; from procgen.launch import viewer_package; viewer_package(); "
            "import procgen_viewer.platformer_state, procgen_viewer.dungeon_state, procgen_viewer.controls, "
            "procgen_viewer.bot; print('pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"


def test_the_game_imports_its_own_modules_relatively():
    """No ``from game...``/``import game`` inside the package: it installs under another name."""
    for path in GAME.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert not (node.module or "").startswith("game"), f"{path.name}: from {node.module}"
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "game" for a in node.names), path.name


def test_modes_never_import_the_app():
    """Modes ask the app through mode.Host; none imports game.app (no cycle, no locator)."""
    for path in GAME.glob("*.py"):
        if path.name in ("app.py", "main.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "app", f"{path.name} imports the app"
