"""Every error the library raises can be shown in the user's language.

A message reaches a Finnish user in Finnish only when it is raised as ``i18n.message("…{x}…", x=…)``
(a ``str`` that keeps its English source and values; the CLI translates it through the PO
catalogue). This scan of ``src/`` fails on text that would stay English: a string literal or
f-string given straight to one of the library's exceptions, to ``ValueError`` (pydantic validators
and value converters, whose text the user sees) or to a list of problems that becomes an
``InputError``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from itsm_assess import i18n

SRC = Path(__file__).resolve().parent.parent / "src" / "itsm_assess"

#: Lists whose entries become the lines of an InputError.
PROBLEM_LISTS = {"problems", "errors", "issues", "found"}

#: Modules still to convert (none: a module added here needs a reason).
NOT_YET: set[str] = set()
#: Raised before any language is known (an unsupported ITSM_ASSESS_LANG): English on purpose.
ENGLISH_ON_PURPOSE = {"i18n/__init__.py"}


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """ItsmAssessError and every class derived from it (by name), plus ConditionError."""
    names = {"ItsmAssessError", "ConditionError", "ValueError"}
    changed = True
    while changed:
        changed = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                    (b.id if isinstance(b, ast.Name) else getattr(b, "attr", None)) in names for b in node.bases
                ):
                    names.add(node.name)
                    changed = True
    return names


def _is_plain_text(node: ast.AST) -> bool:
    """A literal, f-string or concatenation/conditional of them: English that no catalogue sees."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _is_plain_text(node.left) or _is_plain_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_plain_text(node.body) or _is_plain_text(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_plain_text(node.func.value)
    return False


def untranslatable_sites(trees: dict[Path, ast.Module]) -> list[str]:
    classes = _error_classes(trees)
    found = []
    for path, tree in trees.items():
        rel = path.relative_to(SRC).as_posix()
        for node in ast.walk(tree):
            texts: list[ast.AST] = []
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in classes:
                    texts = [*node.exc.args, *(k.value for k in node.exc.keywords)]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "append", "extend"
            ) and isinstance(node.func.value, ast.Name) and node.func.value.id in PROBLEM_LISTS:
                texts = list(node.args)
            for text in texts:
                elements = text.elts if isinstance(text, ast.List) else [text]
                if any(_is_plain_text(e) for e in elements):
                    found.append(f"{rel}:{node.lineno}: {ast.unparse(node)[:100]}")
    return sorted(found)


def _parsed(skip: set[str]) -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(SRC.rglob("*.py"))
        if not any(path.relative_to(SRC).as_posix().startswith(s) for s in skip)
    }


def test_every_library_error_is_raised_translatable() -> None:
    sites = untranslatable_sites(_parsed(NOT_YET | ENGLISH_ON_PURPOSE))
    assert sites == [], "wrap the text in i18n.message('…{x}…', x=…) and translate it in the PO files:\n" + "\n".join(sites)


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("raise InputError(f'{path}: bad')", True),
        ("raise InputError('bad')", True),
        ("raise NotFoundError('no ' + name)", True),
        ("raise ValueError(f'{v!r} is not a date')", True),
        ("raise ConditionError(loc, f'{op} expects a list')", True),
        ("problems.append(f'{place}: bad')", True),
        ("raise InputError([f'{path}: bad'])", True),
        ("raise MyError('bad')", True),  # derived from ItsmAssessError below
        ("raise InputError(message('{path}: bad', path=path))", False),
        ("raise InputError(problems)", False),
        ("raise KeyError('x')", False),
        ("problems.append(message('{place}: bad', place=place))", False),
    ],
)
def test_the_scan_catches_english_text_and_passes_messages(source: str, caught: bool) -> None:
    tree = ast.parse("class MyError(InputError):\n    pass\nclass InputError(ItsmAssessError):\n    pass\nclass NotFoundError(ItsmAssessError):\n    pass\n" + source)
    assert bool(untranslatable_sites({SRC / "example.py": tree})) is caught


def test_a_library_error_reaches_a_finnish_user_in_finnish() -> None:
    from itsm_assess.errors import InputError
    from itsm_assess.loading import read_limited

    with pytest.raises(InputError) as info:
        read_limited(SRC, 10, "a YAML file")
    english = str(info.value)
    assert english.endswith(": is a folder, expected a YAML file")
    shown = i18n.translate(info.value.problems[0], "fi")
    assert shown.endswith(": on kansio; odotettiin tiedostoa (a YAML file)") or "kansio" in shown
    assert shown != english


def test_numbers_in_a_message_follow_the_language() -> None:
    text = i18n.message("{where}: file is {size:,} bytes; the limit is {limit:,}", where="x.csv", size=25_000_000, limit=20_971_520)
    assert text == "x.csv: file is 25,000,000 bytes; the limit is 20,971,520"
    assert i18n.translate(text, "fi") == "x.csv: tiedosto on 25\u00a0000\u00a0000 tavua; raja on 20\u00a0971\u00a0520"


def test_a_validator_message_keeps_its_translation_through_pydantic(tmp_path: Path) -> None:
    from itsm_assess.assessment import load_assessment
    from itsm_assess.errors import InputError

    path = tmp_path / "a.yaml"
    path.write_text(
        "assessment:\n  id: a\n  organisation: Org\n  catalogue: iso20000-1-2018\n"
        "  start_date: 2026-05-02\n  end_date: 2026-05-01\n  scope: {processes: [CHG]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_assessment(path)
    lines = [i18n.translate(p, "fi") for p in info.value.problems]
    assert any("on ennen päivää start_date" in line for line in lines), lines


def test_pydantic_and_yaml_wording_of_common_mistakes_reach_a_finnish_user(tmp_path: Path) -> None:
    from itsm_assess.errors import InputError
    from itsm_assess.loading import load_yaml

    path = tmp_path / "a.yaml"
    path.write_text("assessment:\n  id: a\n  organisation: Org\n  catalogue: iso20000-1-2018\n"
                    "  start_date: tomorrow\n  scope: {processes: [CHG]}\nresponses:\n  - {id: CHG-01, rating: X}\n",
                    encoding="utf-8")
    from itsm_assess.assessment import load_assessment

    with pytest.raises(InputError) as info:
        load_assessment(path)
    english = [str(p) for p in info.value.problems]
    finnish = [i18n.translate(p, "fi") for p in info.value.problems]
    # A value in the language's quotation marks, the allowed values listed once, unquoted, with the
    # code the workbooks show otherwise explained (fi-blind-3 #18: "'X': odotettiin: 'N', … tai 'NA'").
    assert any(line.endswith("start_date: ”tomorrow” ei ole päivämäärä; kirjoita se muodossa VVVV-KK-PP, "
                             "esim. 2026-03-31") for line in finnish), finnish
    assert any(line.endswith("rating: arvo ”X” ei kelpaa; sallitut arvot: N, P-, P, P+, L-, L, L+, F tai NA (ei sovellu)")
               for line in finnish), finnish
    assert any(line.endswith("rating: 'X' is not allowed; the allowed values are N, P-, P, P+, L-, L, L+, F or NA "
                             "(not applicable)") for line in english), english
    assert not any("Input should" in line or "odotettiin:" in line or "'" in line for line in finnish)
    # A day that does not exist says why, as the command line does; a Finnish day asks for the ISO form
    # (#19, #20: "'2026-02-30': odotettiin päivämäärää, esim. 2026-03-31" for both).
    for typed, said in (("'2026-02-30'", "start_date: ”2026-02-30” ei ole kelvollinen päivämäärä: helmikuussa 2026 on vain 28 päivää"),
                        ("2026-02-30", "virheellinen YAML: ”2026-02-30” ei ole kelvollinen päivämäärä: helmikuussa 2026 on vain 28 päivää"),
                        ("'5.10.2026'", "start_date: ”5.10.2026”: kirjoita päivämäärä muodossa VVVV-KK-PP, esim. 2026-10-05")):
        path.write_text("assessment:\n  id: a\n  organisation: Org\n  catalogue: iso20000-1-2018\n"
                        f"  start_date: {typed}\n  scope: {{processes: [CHG]}}\nresponses: []\n", encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_assessment(path)
        assert i18n.translate(info.value.problems[0], "fi").endswith(said), info.value.problems
    path.write_text("x:\n\t- a\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_yaml(path)
    assert "sisennä välilyönnein" in i18n.translate(info.value.problems[0], "fi")
