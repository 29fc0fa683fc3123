"""The house rules a contributor can check by running the suite: no module of ours over the size limit, and no
import circle inside a package (docs/architecture.md, "Rooms and arrows")."""

from __future__ import annotations

import ast
from pathlib import Path

import reclassering

PACKAGE = Path(reclassering.__file__).resolve().parent
#: Lines a module may have. Migrations are generated history, not modules one reads to change something.
MAX_LINES = 600


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The modules of ours that ``path`` imports, at any level (a function-level import is still an arrow)."""
    name = _name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found |= {c for c in candidates if c.startswith("reclassering")}
    return found


def _graph() -> dict[str, set[str]]:
    names = {_name(p): p for p in _modules()}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        graph[name] = {t for t in _imports(path) if t in names and t != name}
    return graph


def _circles_inside_packages(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules of one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def package_of(module: str) -> str:
        return module.rsplit(".", 1)[0]

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if package_of(target) != package_of(node):
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_no_module_is_over_the_size_limit() -> None:
    too_long = {
        str(p.relative_to(PACKAGE)): n for p in _modules() if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"split these into modules with one job each (limit {MAX_LINES} lines)"


def test_no_import_circle_inside_a_package() -> None:
    assert _circles_inside_packages(_graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}, "p.d": {"p.a"}, "q.x": {"p.a"}}
    assert _circles_inside_packages(graph) == [["p.a", "p.b", "p.c"]]
