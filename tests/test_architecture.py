"""The layering of the package, read from the import graph of src/itsm_assess (imports inside
functions count: a lazy import is still a dependency; imports under TYPE_CHECKING do not).

The layers come from the table in docs/architecture.md, so the document stays true: every package
and top-level module is in it (and nothing else), with its layer — utility < plumbing (``_io``) <
domain < interface (``cli``, entry points). Then:

- no import loops between modules, nor between the top-level packages and modules;
- a unit imports only units of its own layer or below: utilities import no plumbing or domain,
  ``_io`` imports only utilities, nothing below the interface imports ``itsm_assess.cli``;
- the domain rules (scoring, change_impact) import no renderer (reports, workbooks, templates);
- no module imports a moved path (``_moved.MOVED``: those would warn).

Why not import-linter: its contracts (layers, independence, forbidden) would say the same in
``pyproject.toml``, but the layers would then live in two places (the contract and the document),
it cannot check that the document names every package, and it is one more dependency for a graph
this file already builds in ~60 lines (with lazy imports counted, which import-linter also does).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "itsm_assess"

DOC = SRC.parent / "docs" / "architecture.md"
LAYER_RANK = {"utility": 0, "plumbing": 1, "domain": 2, "interface": 3}
#: Loops between top-level units still to break; one that is gone must be struck off.
KNOWN_UNIT_LOOPS: set[frozenset[str]] = set()
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


def _documented_layers() -> dict[str, str]:
    """``{"catalogue": "domain", "errors": "utility", ...}`` from the table of docs/architecture.md."""
    rows = re.findall(r"^\| `([\w.]+?)(/|\.py)` \| (\w+) \|", DOC.read_text(encoding="utf-8"), re.M)
    return {name: layer for name, _kind, layer in rows}


def _units() -> dict[str, str]:
    """Top-level units of the package: ``{"catalogue": "catalogue/", "errors": "errors.py", ...}``."""
    units = {p.name: f"{p.name}/" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    units.update({p.stem: p.name for p in PACKAGE.glob("*.py")})
    return units


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


LAYERS = _documented_layers()


def test_the_document_names_every_unit_and_only_those() -> None:
    units = _units()
    assert sorted(set(units) - set(LAYERS)) == [], "add these to the table of docs/architecture.md"
    assert sorted(set(LAYERS) - set(units)) == [], "docs/architecture.md names what does not exist"
    assert set(LAYERS.values()) <= set(LAYER_RANK)
    doc = DOC.read_text(encoding="utf-8")
    for shown in units.values():  # a package is written `x/`, a module `x.py`
        assert f"| `{shown}` |" in doc, shown


def _layer_offenders(graph: dict[str, set[str]], layers: dict[str, str]) -> list[str]:
    """Imports of a unit from a higher layer than its own."""
    return sorted(
        f"{m} ({layers[_unit(m)]}) -> {d} ({layers[_unit(d)]})"
        for m, deps in graph.items() for d in deps
        if LAYER_RANK[layers[_unit(d)]] > LAYER_RANK[layers[_unit(m)]]
    )


def test_imports_follow_the_layers() -> None:
    assert _layer_offenders(GRAPH, LAYERS) == []


def test_the_layer_check_would_notice() -> None:
    graph = {"itsm_assess._io.pdf": {"itsm_assess.catalogue.model"}, "itsm_assess.errors": set(),
             "itsm_assess.catalogue.model": {"itsm_assess._io.xlsx_read", "itsm_assess.errors"},
             "itsm_assess.scoring.gaps": {"itsm_assess.cli.options"}}
    assert _layer_offenders(graph, LAYERS) == [
        "itsm_assess._io.pdf (plumbing) -> itsm_assess.catalogue.model (domain)",
        "itsm_assess.scoring.gaps (domain) -> itsm_assess.cli.options (interface)",
    ]


def _unit_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {_unit(m): set() for m in GRAPH}
    for m, deps in GRAPH.items():
        graph[_unit(m)].update(_unit(d) for d in deps if _unit(d) != _unit(m))
    return graph


def test_no_new_loops_between_packages() -> None:
    new = sorted(tuple(sorted(loop)) for loop in _loops(_unit_graph()) if loop not in KNOWN_UNIT_LOOPS)
    assert not new, f"loops between top-level packages/modules: {new}"


def test_known_package_loops_still_exist_or_are_struck_off() -> None:
    gone = sorted(tuple(sorted(loop)) for loop in KNOWN_UNIT_LOOPS if loop not in _loops(_unit_graph()))
    assert not gone, f"{gone} are gone: remove them from KNOWN_UNIT_LOOPS"


def test_no_module_imports_a_moved_path() -> None:
    from itsm_assess._moved import MOVED

    offenders = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            found = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
                     if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{name}: {f}" for f in found if f in MOVED]
    assert not offenders


def test_every_moved_path_is_in_the_document() -> None:
    from itsm_assess._moved import MOVED

    doc = DOC.read_text(encoding="utf-8")
    for old, new in MOVED.items():
        assert f"| `{old}` | `{new}` |" in doc, old


def test_rules_import_no_renderer() -> None:
    offenders = sorted(
        f"{m} -> {d}"
        for m, deps in GRAPH.items()
        if _under(m, ("scoring", "change_impact")) and not m.endswith(("guide", "batch"))
        for d in deps
        if _under(d, RENDERERS)
    )
    assert not offenders


def test_one_jinja2_environment() -> None:
    """Only _io/templates.py builds a Jinja2 environment: one set of escaping and undefined rules."""
    builders = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "Environment", "Template", "SandboxedEnvironment")
            subclassed = isinstance(node, ast.ClassDef) and any(
                getattr(b, "id", getattr(b, "attr", "")) == "Environment" for b in node.bases)
            if called or subclassed:
                builders.append(name)
    assert sorted(set(builders)) == ["itsm_assess._io.templates"]


#: A colour written in a string: "#1F4E79", "#fff", "#1F4E7980" anywhere in it, or a whole string of six or eight
#: hex digits ("1F4E79", openpyxl's form).
_HEX = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})\b|\A[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?\Z")


def hex_colours(source: str) -> list[str]:
    """The colours written in ``source``'s string literals (f-string parts included; comments are not strings)."""
    strings = sorted((node.lineno, node.col_offset, node.value) for node in ast.walk(ast.parse(source))
                     if isinstance(node, ast.Constant) and isinstance(node.value, str))
    return [match.group() for *_, text in strings for match in _HEX.finditer(text)]


def test_hex_colours_finds_every_form() -> None:
    source = ('A = "#1F4E79"\nB = Font(color="FFFFFF")\nC = f"color: #fff; x: {y}"\nD = "7F6000CC"  # not #123456\n'
              'E = "decade"\nF = "#12345"\nG = "1234567"\n')
    assert hex_colours(source) == ["#1F4E79", "FFFFFF", "#fff", "7F6000CC", "decade"]


def template_colours(text: str) -> list[str]:
    """The colours a template writes itself (in its CSS, SVG attributes or text); ``{{ theme.X }}`` is not one."""
    return [m.group() for m in re.finditer(r"#(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})\b", text)]


def test_template_colours_finds_every_form() -> None:
    text = 'a { color: #fff; border: 1px solid #C8C8C8 } <rect fill="#1a1a1a80"/> <a href="#reg-F-01">{{ theme.INK }}'
    assert template_colours(text) == ["#fff", "#C8C8C8", "#1a1a1a80"]


def test_colours_come_from_the_theme() -> None:
    """Only _io/theme.py writes a colour: every renderer and template names its colours by their meaning there."""
    holders = {name: found for name, path in _modules().items()
               if name != "itsm_assess._io.theme" and (found := hex_colours(path.read_text(encoding="utf-8")))}
    holders |= {str(path.relative_to(SRC)): found for path in sorted(PACKAGE.rglob("*.j2"))
                if (found := template_colours(path.read_text(encoding="utf-8")))}
    assert holders == {}, "take the colour from itsm_assess._io.theme (templates: {{ theme.NAME }})"
