"""The house's shape (docs/architecture.md): no import circles, arrows one way, no imports in functions.

Module-level imports make the graph (including those under `if TYPE_CHECKING:`). The CLI's commands import the library
inside their bodies, on purpose (`ea --help` stays quick); everywhere else an import inside a function
is how a circle hides, so there are none.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ea_model", "exporters", "catalog", "ea_cli")
# layer -> the layers it may import (besides itself)
ALLOWED = {
    "ea_model": set(),
    "catalog": {"ea_model"},
    "exporters": {"ea_model", "catalog"},
    "ea_cli": {"ea_model", "catalog", "exporters"},
    "cli": {"ea_model", "catalog", "exporters", "ea_cli"},
}
LAZY_IMPORTS_ALLOWED = ("ea_cli",)


def _modules() -> dict[str, Path]:
    found = {"cli": ROOT / "cli.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _targets(module: str, node: ast.Import | ast.ImportFrom, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            parts = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
            base = ".".join([*parts, base] if base else parts)
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
    out = []
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module:
            out.append(name)
    return out


def _walk(node: ast.AST, in_function: bool = False):
    """Every import statement under `node`, and whether it is inside a function."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function
        inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from _walk(child, inside)


def _imports() -> tuple[nx.DiGraph, list[tuple[str, str, int]]]:
    graph, in_functions = nx.DiGraph(), []
    for module, path in MODULES.items():
        graph.add_node(module)
        for node, in_function in _walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(module, node, path.name == "__init__.py"):
                if in_function:
                    in_functions.append((module, target, node.lineno))
                else:
                    graph.add_edge(module, target)
    return graph, in_functions


GRAPH, IN_FUNCTIONS = _imports()


def test_no_import_circles():
    assert sorted(nx.simple_cycles(GRAPH), key=len) == []


def test_arrows_point_one_way():
    crossing = [
        (a, b)
        for a, b in GRAPH.edges
        if (layer := a.split(".")[0]) != (other := b.split(".")[0]) and other not in ALLOWED[layer]
    ]
    assert crossing == []


def test_no_imports_inside_functions_outside_the_commands():
    assert [(m, t, line) for m, t, line in IN_FUNCTIONS if m.split(".")[0] not in LAZY_IMPORTS_ALLOWED] == []


def test_the_graph_sees_the_project():
    assert {"ea_model.compliance.evaluation", "exporters.exchange.read", "catalog.dga", "ea_cli.outputs", "cli"} <= set(
        GRAPH
    )
    assert GRAPH.has_edge("catalog.dga", "ea_model.compliance.criteria")
