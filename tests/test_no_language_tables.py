"""No interface text in a language other than English is written in Python (docs/translating.md).

Interface text is English in the code and translated in the PO catalogues, so a translator adds a
language with a PO file alone. A literal ``{"en": ..., "fi": ...}`` table, a ``lang == "fi"``
branch or a hard-coded list of languages would keep a third language out: it needs code. Catalogue
content stays YAML with a mapping of language to text, by design; this scan is of ``src/`` only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel import localedata

from itsm_assess import i18n

SRC = Path(i18n.__file__).parents[1]
#: Codes of the languages the tool ships, other than English (the source language, which the
#: code may name: ``{"en": role}`` is English content text, ``lang == "en"`` picks the source).
TRANSLATED = frozenset(i18n.LANGUAGES) - {i18n.DEFAULT_LANGUAGE}


#: Every language Babel knows: an English text beside any of these is a table too (``{"en": ..., "sv": ...}``).
KNOWN = frozenset(code for code in localedata.locale_identifiers() if "_" not in code)


def _language_code(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in TRANSLATED:
        return node.value
    return None


def _beside_english(keys: list[ast.expr | None]) -> bool:
    codes = {k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    return i18n.DEFAULT_LANGUAGE in codes and bool(codes & (KNOWN - {i18n.DEFAULT_LANGUAGE}))


def language_tables(source: str) -> list[tuple[int, str]]:
    """``(line, what)`` for each place in ``source`` that names a translated language in code:
    a dict keyed by it (literal or ``dict(fi=...)``), a comparison or ``case`` with it, or a
    tuple, list or set that lists it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict) and (any(_language_code(k) for k in node.keys) or _beside_english(node.keys)):
            found.append((node.lineno, "a table keyed by language"))
        elif isinstance(node, ast.Compare) and any(_language_code(n) for n in (node.left, *node.comparators)):
            found.append((node.lineno, "a branch on the language"))
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and any(_language_code(e) for e in node.elts):
            found.append((node.lineno, "a list of languages"))
        elif isinstance(node, ast.Call) and any(k.arg in TRANSLATED for k in node.keywords):
            found.append((node.lineno, "a table keyed by language"))
        elif isinstance(node, ast.MatchValue) and _language_code(node.value):
            found.append((node.lineno, "a branch on the language"))
    return found


def test_no_module_of_src_writes_a_language_table() -> None:
    offenders = [f"{path.relative_to(SRC)}:{line}: {what}"
                 for path in sorted(SRC.rglob("*.py"))
                 for line, what in language_tables(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_scan_covers_every_package() -> None:
    scanned = {p.relative_to(SRC).parts[0] for p in SRC.rglob("*.py") if len(p.relative_to(SRC).parts) > 1}
    assert {"_io", "catalogue", "change_impact", "cli", "fieldwork", "i18n", "interop", "metrics", "planning",
            "reports", "scoring"} <= scanned


@pytest.mark.parametrize(("source", "caught"), [
    ('NAMES = {"en": "Stage 1", "fi": "Vaihe 1"}', True),
    ('NAMES = {"stage1": {"en": "Stage 1", "fi": "Vaihe 1"}}', True),
    ('WORDS = {"en": {"title": "Audit plan"}, "fi": {"title": "Auditointisuunnitelma"}}', True),
    ('title = "Vastaukset" if lang == "fi" else "Responses"', True),
    ('pop = "Population" if lang != "fi" else "Perusjoukko"', True),
    ('text = {lang: text(lang) for lang in ("en", "fi")}', True),
    ('locale: Literal["en", "fi"] | None = None', True),
    ('NAMES = dict(en="Stage 1", fi="Vaihe 1")', True),
    ('NAMES = {"en": "Stage 1", "sv": "Steg 1"}', True),
    ('match lang:\n    case "fi":\n        title = "Vastaukset"', True),
    # English content text, the source language and translated labels are fine
    ('role = catalogue.roles.get(role, {"en": role})', False),
    ('suffix = "" if lang == "en" else f"-{lang}"', False),
    ('title = pgettext("wellbeing_sheet", "Responses")', False),
    ('def survey(lang: str = "fi") -> None: ...', False),
])
def test_the_scan_catches_a_language_table(source: str, caught: bool) -> None:
    assert bool(language_tables(source)) is caught
