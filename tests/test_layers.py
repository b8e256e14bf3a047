"""The layers of docs/ARCHITECTURE.md, read from the code with ``ast``.

The dependencies point one way only::

    parsers → graph core (graph/*.py, graph/queries) → graph/store → graph/analysis
            → graph/checks → graph/web → graph/cli

- an *up* arrow (a module importing a module of a later layer) fails: ``parsers`` imports nothing
  from ``graph``; nothing imports ``graph.web`` but ``graph.cli``; nothing imports ``graph.cli``;
  the facade ``graph/__init__.py`` (the stages' verbs) is imported by ``graph.cli`` only;
- an import cycle between modules fails (imports under ``if TYPE_CHECKING:`` are left out of
  the cycles, not out of the arrows);
- a project import inside a function fails outside ``graph/cli`` (lazy imports keep the CLI's
  start-up fast; anywhere else they hide an arrow);
- a module of ``parsers/`` or ``graph/`` over ``MAX_LINES`` lines fails.

Every test compares what it finds with its list of known violations, both ways: a new violation
fails, and so does a listed one that no longer occurs, so the lists only shrink. When you fix a
violation, delete its line here.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("parsers", "graph")
MAX_LINES = 530  # "no module over ~500 lines" (issue 11): a few lines of slack, no more

# the layers, lowest first; a module's layer is that of the longest matching prefix
LAYERS: tuple[tuple[str, int], ...] = (
    ("parsers", 0),
    ("graph.*", 1),  # graph core: every module directly under graph/, and graph.queries
    ("graph.queries", 1),
    ("graph.store", 2),
    ("graph.ingest", 2),  # writes what the pipeline extracts into a store
    ("graph.analysis", 3),
    ("graph.checks", 4),
    ("graph.web", 5),
    ("graph.cli", 7),
)
FACADE = ("graph", 6)  # graph/__init__.py alone: the stages' verbs, for users and the CLI
LAZY_IMPORTS_ALLOWED = ("graph.cli",)

# ------------------------------------------------------------------ known violations
# What the code did on 2026-12-02, before the layout branches merged. The lists may only shrink.

# (importer, imported)
KNOWN_UP_ARROWS: set[tuple[str, str]] = set()
# the modules of one cycle, sorted
KNOWN_CYCLES: set[tuple[str, ...]] = set()
# (importer, imported)
KNOWN_LAZY_IMPORTS: set[tuple[str, str]] = set()
# paths relative to the repository
KNOWN_LONG_MODULES: set[str] = set()


# ------------------------------------------------------------------ reading the code


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    in_function: bool
    type_only: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(
    node: ast.AST, in_function: bool, type_only: bool
) -> Iterator[tuple[ast.AST, bool, bool]]:
    for child in ast.iter_child_nodes(node):
        yield child, in_function, type_only
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _walk(child, True, type_only)
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield stmt, in_function, True
                yield from _walk(stmt, in_function, True)
            for stmt in child.orelse:
                yield stmt, in_function, type_only
                yield from _walk(stmt, in_function, type_only)
        else:
            yield from _walk(child, in_function, type_only)


def imports_in(name: str, source: str, known: dict[str, Path]) -> list[Import]:
    """The imports of module ``name`` (its ``source``) of modules in ``known``."""
    tree = ast.parse(source)
    is_package = name in known and known[name].name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]

    def target(full: str) -> str | None:
        while full:
            if full in known:
                return full
            full = full.rpartition(".")[0]
        return None

    out: list[Import] = []
    seen: set[tuple[int, int]] = set()
    for node, in_function, type_only in _walk(tree, False, False):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if (node.lineno, node.col_offset) in seen:
            continue
        seen.add((node.lineno, node.col_offset))
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from graph import ids` imports graph.ids; `from graph import a_verb` imports graph
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        for full in names:
            found = target(full)
            if found is not None and found != name:
                out.append(Import(name, found, node.lineno, in_function, type_only))
    return out


@cache
def imports() -> tuple[Import, ...]:
    out: list[Import] = []
    for name, path in modules().items():
        out += imports_in(name, path.read_text(encoding="utf-8"), modules())
    return tuple(out)


def layer(name: str) -> int:
    if name == FACADE[0]:
        return FACADE[1]
    best, rank = "", -1
    for prefix, r in LAYERS:
        if prefix.endswith(".*"):
            parent = prefix[:-2]
            if (
                name.rpartition(".")[0] == parent
                and not _is_package(name)
                and len(parent) + 1 > len(best)
            ):
                best, rank = parent + ".", r
        elif (name == prefix or name.startswith(prefix + ".")) and len(prefix) > len(best):
            best, rank = prefix, r
    assert rank >= 0, f"{name} is in no layer: add it to LAYERS"
    return rank


# ------------------------------------------------------------------ what is found


def up_arrows() -> set[tuple[str, str]]:
    return {(i.importer, i.imported) for i in imports() if layer(i.imported) > layer(i.importer)}


def cycles() -> set[tuple[str, ...]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    graph: dict[str, set[str]] = {m: set() for m in modules()}
    for i in imports():
        if not i.type_only:
            graph[i.importer].add(i.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: set[tuple[str, ...]] = set()
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    component.append(m)
                    if m == node:
                        break
                if len(component) > 1:
                    found.add(tuple(sorted(component)))
    return found


def lazy_imports() -> set[tuple[str, str]]:
    return {
        (i.importer, i.imported)
        for i in imports()
        if i.in_function
        and not any(i.importer == p or i.importer.startswith(p + ".") for p in LAZY_IMPORTS_ALLOWED)
    }


def long_modules() -> set[str]:
    return {
        str(path.relative_to(ROOT))
        for path in modules().values()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }


def _where(pairs: set[tuple[str, str]]) -> str:
    lines = []
    for importer, imported in sorted(pairs):
        at = sorted({i.line for i in imports() if (i.importer, i.imported) == (importer, imported)})
        lines.append(f"  {importer} (line {', '.join(map(str, at))}) → {imported}")
    return "\n".join(lines)


def _lines(items: set[Any]) -> str:
    return "\n".join(f"  {x}" for x in sorted(items))


def _compare(
    kind: str, found: set[Any], known: set[Any], show: Callable[[set[Any]], str] = _lines
) -> None:
    new, gone = found - known, known - found
    message = []
    if new:
        message.append(f"new {kind}:\n{show(new)}")
    if gone:
        message.append(
            f"{kind} listed as known but fixed — delete them from the list:\n" + _lines(gone)
        )
    assert not message, "\n".join(message)


# ------------------------------------------------------------------ the tests


def test_every_module_is_in_a_layer() -> None:
    assert modules(), "no module found under parsers/ and graph/"
    for name in modules():
        layer(name)


def test_reader_sees_top_level_function_and_relative_imports() -> None:
    """The reader itself: a check that cannot see imports passes whatever the code does."""
    found = imports()
    assert any(not i.in_function for i in found)
    assert any(i.importer.startswith("parsers") for i in found)
    assert any(i.imported.startswith("graph.store") for i in found)
    assert any(i.in_function and i.importer.startswith("graph.cli") for i in found)


def test_layer_order() -> None:
    assert layer("parsers.find") < layer("graph.build") < layer("graph.store.remote")
    assert layer("graph.store") < layer("graph.analysis.trace") < layer("graph.checks")
    assert layer("graph.checks.base") < layer("graph.web") < layer("graph") < layer("graph.cli")
    assert layer("graph.queries") == layer("graph.ids")


def test_no_arrow_points_up() -> None:
    _compare("arrows pointing up the layers", up_arrows(), KNOWN_UP_ARROWS, _where)


def test_no_import_cycle() -> None:
    _compare("import cycles", cycles(), KNOWN_CYCLES)


def test_no_project_import_inside_a_function_outside_the_cli() -> None:
    _compare("project imports inside a function", lazy_imports(), KNOWN_LAZY_IMPORTS, _where)


def test_no_module_over_max_lines() -> None:
    _compare(f"modules over {MAX_LINES} lines", long_modules(), KNOWN_LONG_MODULES)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from graph.store import open_store\n", {("graph.store", False)}),
        ("from graph import ids\n", {("graph.ids", False)}),
        ("def f():\n    from parsers.find import find\n", {("parsers.find", True)}),
        ("from . import ids\n", {("graph.ids", False)}),
        ("import regex\n", set()),
    ],
)
def test_reader_on_small_sources(source: str, expected: set[tuple[str, bool]]) -> None:
    known = {**modules(), "graph._probe": ROOT / "graph" / "_probe.py"}
    got = {(i.imported, i.in_function) for i in imports_in("graph._probe", source, known)}
    assert got == expected


def test_no_test_module_imports_another() -> None:
    """Shared builders live in tests/factories.py, shared fixtures in tests/conftest.py."""
    tests = ROOT / "tests"
    test_modules = {p.stem for p in tests.rglob("test_*.py")}
    offenders = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.removeprefix("tests.").split(".")[-1] in test_modules:
                    offenders.append(f"  {path.relative_to(ROOT)} (line {node.lineno}) → {name}")
    assert not offenders, "test modules imported by other modules:\n" + "\n".join(offenders)
