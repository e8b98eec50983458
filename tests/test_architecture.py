"""The layers hold: imports go down only, no import cycles, kinds are objects not strings.

The import graph is read from the source (``ast``), so a lazy import inside a function counts
as much as one at the top of a file, and so does ``importlib.import_module("a.b")`` with a
literal name (and ``procgen.extras.import_optional("a.b", ...)``). Imports under ``if TYPE_CHECKING:`` do not count (they never run).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KIND_NAMES = {"platformer", "dungeon-room", "dungeon", "cave", "terrain"}
GENERATOR_NAMES = {"classic", "gan", "vae"}
#: Where kind and generator names may be spelled out: the kind objects and the registry.
NAME_HOMES = {
    "procgen/level.py",  # the Kind and GeneratorName enums
    "procgen/kinds.py",
    "procgen/catalog.py",
    "procgen/levels/kind.py",
    "procgen/levels/platformer/kind.py",
    "procgen/levels/dungeon/kind.py",
    "procgen/terrain/kind.py",
}
def _modules() -> dict[str, Path]:
    mods = {}
    for pkg in ("procgen", "game"):
        for p in sorted((ROOT / pkg).rglob("*.py")):
            parts = list(p.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            mods[".".join(parts)] = p
    return mods


MODULES = _modules()


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Line numbers inside ``if TYPE_CHECKING:`` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every module name ``module`` imports (as written; resolved relative imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    is_pkg = path.name == "__init__.py"
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = module.split(".")[: len(module.split(".")) - (0 if is_pkg else 1) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base == "procgen" and [a.name for a in node.names] == ["__version__"]:
                continue  # package metadata read lazily, not a dependency on the public API module
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield full if full in MODULES else base
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "import_optional")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield str(node.args[0].value)


IMPORTS = {m: set(_imported(m, p)) for m, p in MODULES.items()}
#: Edges between our own modules only.
GRAPH = {m: {t for t in targets if t in MODULES and t != m} for m, targets in IMPORTS.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def _within(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _explain(cycle: list[str]) -> str:
    members = set(cycle)
    return "; ".join(f"{m} -> {', '.join(sorted(GRAPH[m] & members))}" for m in cycle)


def test_the_import_graph_is_read_from_the_source():
    """The parser sees lazy imports and our modules (a guard against a test that checks nothing)."""
    assert "procgen.kinds" in MODULES and "game.app" in MODULES
    assert "procgen.catalog" in GRAPH["procgen.kinds"]
    assert "procgen.models.platformer" in IMPORTS["procgen.kinds"]  # a lazy import, inside a function


#: Cycles that landed on main after this test, each with what removes it. Listing one keeps the
#: test green for it alone; the test below fails when a listed cycle is gone (delete the line).
KNOWN_PROCGEN_CYCLES = [
    # World.to_dask lazily imports procgen.scale.world_zarr, which imports the World: the method
    # belongs in procgen.scale (callers: procgen.scale.to_dask(world, ...)).
    ["procgen.scale.world_zarr", "procgen.terrain.world"],
]


def test_procgen_has_no_import_cycles():
    """No cycle between library modules (a cycle with any procgen module in it counts)."""
    bad = [c for c in _cycles() if any(_within(m, "procgen") for m in c) and c not in KNOWN_PROCGEN_CYCLES]
    assert not bad, "import cycles: " + " | ".join(_explain(c) for c in bad)


def test_the_known_cycles_are_still_there():
    """A known cycle that was removed must leave the list, so it cannot come back unnoticed."""
    assert all(c in _cycles() for c in KNOWN_PROCGEN_CYCLES)


def test_game_has_no_import_cycles():
    """No cycle between the viewer's modules."""
    bad = [c for c in _cycles() if all(_within(m, "game") for m in c)]
    assert not bad, "import cycles: " + " | ".join(_explain(c) for c in bad)


@pytest.mark.parametrize("layer", ["procgen.levels", "procgen.terrain", "procgen.textures", "procgen.io"])
def test_lower_layers_never_import_the_models(layer):
    """Kinds, terrain, textures and file formats work without torch: the models sit above them."""
    bad = {m: sorted(t for t in IMPORTS[m] if _within(t, "procgen.models"))
           for m in MODULES if _within(m, layer)}
    assert not {m: t for m, t in bad.items() if t}


def test_torch_is_imported_only_inside_procgen_models():
    bad = {m: sorted(t for t in IMPORTS[m] if _within(t, "torch", "safetensors"))
           for m in MODULES if _within(m, "procgen") and not _within(m, "procgen.models")}
    assert not {m: t for m, t in bad.items() if t}


def test_the_library_never_imports_pygame_or_the_game():
    """``procgen`` runs headless and without the viewer (``procgen play`` starts it through
    ``procgen.launch``, by its installed name, so the library still imports without pygame)."""
    bad = {m: sorted(t for t in IMPORTS[m] if _within(t, "pygame", "game", "procgen_viewer"))
           for m in MODULES if _within(m, "procgen")}
    assert not {m: t for m, t in bad.items() if t}


def test_file_formats_import_no_kind():
    """``procgen.io`` is below every kind: a kind hands in what differs (its renderer)."""
    kinds = ("procgen.levels", "procgen.terrain", "procgen.catalog", "procgen.kinds", "procgen.textures")
    bad = {m: sorted(t for t in IMPORTS[m] if _within(t, *kinds)) for m in MODULES if _within(m, "procgen.io")}
    assert not {m: t for m, t in bad.items() if t}


def test_the_data_model_imports_no_file_format():
    assert not {t for t in IMPORTS["procgen.level"] if _within(t, "procgen")} - {"procgen.errors"}


def _name_comparisons(path: Path) -> Iterator[tuple[int, str]]:
    """``x == "platformer"``, ``g in ("gan", "vae")`` and the like: a kind or generator name
    spelled as a string and compared."""
    names = KIND_NAMES | GENERATOR_NAMES
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        for op, right in zip(node.ops, node.comparators, strict=True):
            sides = [node.left, right]
            consts: list[ast.expr] = []
            for side in sides:
                if isinstance(op, (ast.In, ast.NotIn)) and isinstance(side, (ast.Tuple, ast.List, ast.Set)):
                    consts += side.elts
                else:
                    consts.append(side)
            if isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) and any(
                isinstance(c, ast.Constant) and c.value in names for c in consts
            ):
                yield node.lineno, ast.unparse(node)


def test_no_kind_or_generator_name_is_compared_as_a_string_outside_the_kinds():
    """Code asks the LevelKind (or compares enums); only the kind objects and registry spell names."""
    found = []
    for m, p in MODULES.items():
        rel = p.relative_to(ROOT).as_posix()
        if not _within(m, "procgen") or rel in NAME_HOMES:
            continue
        found += [f"{rel}:{line}: {text}" for line, text in _name_comparisons(p)]
    assert not found, "\n".join(found)


def test_the_name_check_finds_a_comparison(tmp_path):
    """The check above is not vacuous: it flags the patterns the architecture step removed."""
    p = tmp_path / "x.py"
    p.write_text('if kind == "platformer" or generator in ("gan", "vae") or "cave" != d.name:\n    pass\n'
                 'ok = kind == Kind.PLATFORMER or name == "grass"\n')
    assert [line for line, _ in _name_comparisons(p)] == [1, 1, 1]


def test_the_game_compares_no_kind_or_generator_name_as_a_string():
    """The viewer asks the library's objects too (``GeneratorName.trained``, the registry's
    generators) and keeps its own tables keyed by ``Kind`` (the overworld's gate types, the
    modes by name): no ``== "dungeon"`` or ``in ("gan", "vae")`` anywhere in game/."""
    found = [f"{p.relative_to(ROOT).as_posix()}:{line}: {text}"
             for m, p in MODULES.items() if _within(m, "game") for line, text in _name_comparisons(p)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module", ["procgen.io", "procgen_viewer.app", "game.overworld"])
def test_a_deprecation_warned_from_our_own_code_is_an_error(module):
    """pyproject's filter makes the library and the viewer (by either name) fail a test that
    reaches a deprecated name, so neither can lean on a shim unnoticed."""
    code = compile('import warnings\nwarnings.warn("old name", DeprecationWarning)', f"<{module}>", "exec")
    with pytest.raises(DeprecationWarning, match="old name"):
        exec(code, {"__name__": module})


def test_a_deprecation_warned_from_elsewhere_stays_a_warning():
    """Third-party deprecations (and tests calling a shim on purpose) are only warnings."""
    code = compile('import warnings\nwarnings.warn("old name", DeprecationWarning)', "<lib>", "exec")
    with pytest.warns(DeprecationWarning, match="old name"):
        exec(code, {"__name__": "procgen_other_lib.x"})
