"""The layering of the package, read from the import graph of src/itsm_assess (imports inside
functions count: a lazy import is still a dependency; imports under TYPE_CHECKING do not).

- no import loops between modules;
- the CLI sits on top: no library module imports ``itsm_assess.cli``;
- the plumbing at the bottom (errors, loading, schema, files, resources, i18n) imports no domain
  package;
- the domain rules (scoring, change_impact) import no renderer (reports, workbooks, templates).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "itsm_assess"

PLUMBING = ("errors", "loading", "schema", "files", "resources", "i18n", "_io")
DOMAIN = ("catalogue", "checklist", "assessment", "scoring", "change_impact", "reports", "workbook",
          "survey", "fieldwork", "planning", "metrics", "interop", "cli")
RENDERERS = ("reports", "workbook", "fieldwork", "catalogue.checklist_render", "cli")


def _modules() -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while stack:
        node = stack.pop()
        if _is_type_checking(node):
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([base] if base else []))
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
            if len(submodules) < len(node.names):
                found.add(base)
            found.update(submodules)
        stack.extend(ast.iter_child_nodes(node))
    # importing a module runs its parent packages anyway: those edges say nothing
    return {dep for dep in found if dep in modules and dep != name and not name.startswith(dep + ".")}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _loops(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: set[frozenset[str]] = set()
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
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
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    loops.add(frozenset(component))
    return loops


def _under(module: str, names: tuple[str, ...]) -> bool:
    return any(module == f"itsm_assess.{n}" or module.startswith(f"itsm_assess.{n}.") for n in names)


GRAPH = _graph()


def test_loop_finder_finds_a_loop() -> None:
    assert _loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset({"a", "b", "c"})}
    assert _loops({"a": {"b"}, "b": set()}) == set()


def test_no_import_loops() -> None:
    loops = sorted(tuple(sorted(loop)) for loop in _loops(GRAPH))
    assert not loops, f"import loops: {loops}"


def test_only_the_cli_imports_the_cli() -> None:
    entry_points = {"itsm_assess.__main__", "itsm_assess.docgen"}  # `python -m`, the generated CLI reference
    offenders = sorted(
        m for m, deps in GRAPH.items()
        if not _under(m, ("cli",)) and m not in entry_points and any(_under(d, ("cli",)) for d in deps)
    )
    assert not offenders


def test_plumbing_imports_no_domain_package() -> None:
    offenders = sorted(
        f"{m} -> {d}" for m, deps in GRAPH.items() if _under(m, PLUMBING) for d in deps if _under(d, DOMAIN)
    )
    assert not offenders


def test_rules_import_no_renderer() -> None:
    offenders = sorted(
        f"{m} -> {d}"
        for m, deps in GRAPH.items()
        if _under(m, ("scoring", "change_impact")) and not m.endswith(("guide", "batch"))
        for d in deps
        if _under(d, RENDERERS)
    )
    assert not offenders
