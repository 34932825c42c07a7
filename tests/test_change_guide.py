"""The change guide (html, Markdown, xlsx): every cell says something, in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from itsm_assess.change_impact import load_policy
from itsm_assess.change_impact.guide import guide_view, render_html, render_md, write_guide

ROOT = Path(__file__).parents[1]
POLICIES = {
    "default": None,
    "revontuli": ROOT / "examples" / "revontuli" / "change-policy.yaml",
    "fixture": ROOT / "tests" / "fixtures" / "change" / "policy.yaml",
}
# What a template leaks when it prints a Python object or an unfilled placeholder.
LEAKS = re.compile(r"(?:<|&lt;)(?:built-in|bound method)|\bNone\b|\{[a-z_0-9]*\}|\{\{|\{%")


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if v is not None)


@pytest.mark.parametrize("lang", ["en", "fi"])
@pytest.mark.parametrize("name", list(POLICIES))
def test_no_rendered_guide_leaks_python_objects_or_placeholders(name: str, lang: str, tmp_path: Path) -> None:
    view = guide_view(load_policy(POLICIES[name]), lang)
    html = render_html(view)
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)  # the stylesheet's braces are CSS
    write_guide(load_policy(POLICIES[name]), "xlsx", tmp_path / "g.xlsx", lang)
    for fmt, text in (("html", body), ("md", render_md(view)), ("xlsx", _xlsx_text(tmp_path / "g.xlsx"))):
        leak = LEAKS.search(text)
        assert leak is None, f"{fmt}: {text[max(0, leak.start() - 80):leak.end() + 40]!r}"


def test_attribute_values_column_lists_the_declared_values() -> None:
    html = render_html(guide_view(load_policy(), "fi"))
    assert "<th>Arvot</th>" in html
    assert "matala, kohtalainen, korkea, kriittinen" in html
