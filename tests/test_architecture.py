"""The shape of `builder`, checked: MkDocs only in the adapter, no import cycles, and no module
importing a later stage. Read from the source (ast), so every import counts, also one inside a
function that exists only to dodge a cycle at import time.

Known offenders are listed with the reason and the way out. Each list must only shrink: a new
offender fails, and so does a listed one that is gone (delete it from the list then).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO

BUILDER = REPO / "builder"

# Each engine is imported only by its own adapter: MkDocs and Material by builder.adapter.mkdocs,
# Zensical by builder.adapter.zensical.
ADAPTERS = {"builder.adapter.mkdocs": {"mkdocs", "material"}, "builder.adapter.zensical": {"zensical"}}
ENGINE_PACKAGES = set().union(*ADAPTERS.values())


def _engines_allowed(module: str) -> set[str]:
    return set().union(*(
        engines for adapter, engines in ADAPTERS.items()
        if module == adapter or module.startswith(adapter + ".")
    ))

# Modules outside the adapter that still import the engine; the list only shrinks.
ENGINE_OUTSIDE_ADAPTER: dict[str, str] = {}

# Import cycles that exist today, each as its set of modules; the list only shrinks.
KNOWN_CYCLES: dict[frozenset[str], str] = {}

# Import stages, earliest first: a module may import its own stage and earlier ones only. The
# data flows load → validate → model → publish → render → write; in imports, the definitions a
# stage produces (the model) come before the stage that fills them in (the loader).
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("files", ("builder", "builder.files")),
    ("text and problems", ("builder.text",)),
    ("model", ("builder.model",)),
    ("load and validate", ("builder.load",)),
    ("publish", ("builder.render.publish",)),
    ("render", ("builder.render",)),
    ("output checks", ("builder.checks",)),
    ("tools (roster, scaffold, schema, manual PDF)", ("builder.tools",)),
    ("the build's spine", ("builder.build",)),
    ("adapter", ("builder.adapter",)),
    ("commands", ("builder.cli", "builder.server")),
)


# Imports of a later stage that exist today, as (importer, imported); the list only shrinks.
KNOWN_LATER_IMPORTS: dict[tuple[str, str], str] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in BUILDER.rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported_names(module: str, path: Path) -> Iterator[str]:
    """Every dotted name an import statement of the module names (also inside functions)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    yield from _names_in(path.read_text(encoding="utf-8"), package)


def _names_in(source: str, package: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _module_of(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _graph() -> dict[str, set[str]]:
    """Module → the builder modules it imports, with the packages whose __init__ runs first."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for name in _imported_names(module, path):
            target = _module_of(name)
            if target is None or target == module:
                continue
            graph[module].add(target)
            parent = target.rpartition(".")[0]
            while parent and parent != "builder":
                if not module.startswith(parent + "."):
                    graph[module].add(parent)
                parent = parent.rpartition(".")[0]
    return graph


def _cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _stage_of(module: str) -> int:
    """The stage of the longest listed prefix (builder.render.search.index is not builder.render.search)."""
    best, where = -1, -1
    for i, (_name, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            # "builder" (its __init__) is itself only: an unlisted module must have no stage.
            inside = prefix != "builder" and module.startswith(prefix + ".")
            if (module == prefix or inside) and len(prefix) > best:
                best, where = len(prefix), i
    return where


def test_each_engine_is_imported_only_by_its_adapter() -> None:
    offenders = {
        module
        for module, path in MODULES.items()
        if any(
            name.split(".")[0] in ENGINE_PACKAGES - _engines_allowed(module)
            for name in _imported_names(module, path)
        )
    }
    assert offenders - ENGINE_OUTSIDE_ADAPTER.keys() == set(), "engine imported outside the adapter"
    gone = ENGINE_OUTSIDE_ADAPTER.keys() - offenders
    assert gone == set(), f"no longer import the engine: remove them from ENGINE_OUTSIDE_ADAPTER: {gone}"


def test_the_import_graph_of_builder_has_no_cycles() -> None:
    cycles = _cycles(_graph())
    new = [sorted(c) for c in cycles - KNOWN_CYCLES.keys()]
    assert new == [], "import cycles"
    gone = [sorted(c) for c in KNOWN_CYCLES.keys() - cycles]
    assert gone == [], f"fixed: remove them from KNOWN_CYCLES: {gone}"


def test_every_module_has_a_stage_and_imports_no_later_stage() -> None:
    unstaged = sorted(m for m in MODULES if _stage_of(m) < 0)
    assert unstaged == [], "add these modules to a stage in STAGES"
    graph = _graph()
    found = {(m, t) for m, targets in graph.items() for t in targets if _stage_of(t) > _stage_of(m)}
    later = sorted(
        f"{m} ({STAGES[_stage_of(m)][0]}) imports {t} ({STAGES[_stage_of(t)][0]})"
        for m, t in found - KNOWN_LATER_IMPORTS.keys()
    )
    assert later == []
    gone = KNOWN_LATER_IMPORTS.keys() - found
    assert gone == set(), f"fixed: remove them from KNOWN_LATER_IMPORTS: {gone}"


def test_the_checks_see_imports_inside_functions_relative_ones_and_cycles() -> None:
    # The roster imported the loader only inside a function, and that closed a cycle with the
    # loader's import of the roster: such an import counts.
    source = "from . import atomic\n\ndef f():\n    from builder.load.loader import load\n"
    assert set(_names_in(source, "builder.tools.roster")) >= {"builder.tools.roster.atomic", "builder.load.loader"}
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == {frozenset({"a", "b", "c"})}
    assert _stage_of("builder.render.publish") < _stage_of("builder.render.pages")
