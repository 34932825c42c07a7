"""Every translatable string is where `make i18n-extract` finds it.

Babel's Python extractor does not look inside f-strings (on the Python versions we support), so
``f"{_('warning')}: ..."`` never reaches the PO template: the word stays English in every language
unless the same msgid happens to be extracted elsewhere. The keywords are babel.cfg's.
"""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "itsm_assess"


def _keywords() -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "babel.cfg", encoding="utf-8")
    section = next(s for s in config.sections() if s.startswith("python"))
    listed = {k.split(":")[0] for k in config[section]["keywords"].split()}
    return listed | {"_", "gettext", "ngettext", "pgettext", "npgettext", "dgettext", "ugettext"}


KEYWORDS = _keywords()


def hidden_messages(source: str) -> list[int]:
    """Lines where a keyword call with a literal message sits inside an f-string."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in KEYWORDS
                    and any(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in inner.args)):
                lines.append(inner.lineno)
    return lines


def test_no_message_hides_inside_an_f_string() -> None:
    offenders = [f"{p.relative_to(SRC)}:{line}" for p in sorted(SRC.rglob("*.py"))
                 for line in hidden_messages(p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize(("source", "caught"), [
    ("x = f\"{_('warning')}: {text}\"", True),
    ("x = f\"{pgettext('unit', 'd')} left\"", True),
    ("x = f\"{message('no {x}', x=1)}\"", True),
    ("warning = _('warning')\nx = f'{warning}: {text}'", False),
    ("x = f\"{pgettext(*TITLE)}: {name}\"", False),
])
def test_the_check_catches_a_hidden_message(source: str, caught: bool) -> None:
    assert bool(hidden_messages(source)) is caught


#: The markers that only return what they are given, defined once in itsm_assess.i18n.
MARKERS = {"_p", "N_", "N_plural"}


def marker_copies(source: str) -> list[str]:
    """Names of extraction markers a module defines itself (instead of importing i18n's)."""
    return [node.name for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef) and node.name in MARKERS]


def test_each_marker_is_defined_once_in_i18n() -> None:
    assert MARKERS <= KEYWORDS  # each is an extraction keyword of babel.cfg
    defined = {f"{p.relative_to(SRC)}: {name}" for p in sorted(SRC.rglob("*.py"))
               for name in marker_copies(p.read_text(encoding="utf-8"))}
    assert defined == {f"i18n/__init__.py: {name}" for name in MARKERS}


@pytest.mark.parametrize(("source", "copies"), [
    ("def _p(context, english):\n    return context, english", ["_p"]),
    ("def N_plural(one, many):\n    return one, many", ["N_plural"]),
    ("from itsm_assess.i18n import _p\nLABEL = _p('x.y', 'Y')", []),
])
def test_the_check_catches_a_marker_copy(source: str, copies: list[str]) -> None:
    assert marker_copies(source) == copies
