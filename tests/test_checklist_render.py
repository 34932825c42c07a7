"""Rendered checklists: every edition and format, both languages, on a small fixture catalogue."""

from __future__ import annotations

import itertools
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itsm_assess.catalogue import load_catalogue
from itsm_assess.catalogue.checklist_render import (
    build_checklist_document,
    find_chromium,
    render_checklist,
    render_html,
)
from itsm_assess.cli import cli
from itsm_assess.errors import InputError, NotFoundError

FIX = Path(__file__).parent / "fixtures" / "workbook"
WEAKNESS = {"en": "Firewall rules bypass the process.", "fi": "Palomuurisäännöt ohittavat prosessin."}
MODEL = {"en": "Ten of ten records approved by the CAB.", "fi": "Kymmenen kymmenestä tietueesta muutosneuvoston hyväksymiä."}
LOOK_FOR = {"en": "A policy naming CI classes.", "fi": "CI-luokat nimeävä politiikka."}
QUESTION = {"en": "Show me approved change records.", "fi": "Näyttäkää hyväksytyt muutostietueet."}
INC_QUESTION = {"en": "How is an incident recorded?", "fi": "Miten häiriö kirjataan?"}


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


def _text_of(path: Path, fmt: str) -> str:
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(path)
        return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("edition", "fmt", "lang"), list(itertools.product(
    ["auditor", "trainer", "participant"], ["xlsx", "html", "md"], ["en", "fi"])))
def test_every_edition_and_format_renders_every_process(cat, tmp_path, edition, fmt, lang):  # type: ignore[no-untyped-def]
    out = tmp_path / f"c.{fmt}"
    doc = render_checklist(cat, out, edition=edition, lang=lang)
    assert [s.id for s in doc.sections] == ["CHG", "INC"]
    text = _text_of(out, fmt)
    assert QUESTION[lang] in text and INC_QUESTION[lang] in text
    has_detail = LOOK_FOR[lang] in text
    has_answers = WEAKNESS[lang] in text or MODEL[lang] in text
    assert has_detail == (edition != "participant")
    assert has_answers == (edition == "trainer")
    if edition == "trainer":
        assert WEAKNESS[lang] in text and MODEL[lang] in text


def test_html_is_escaped_self_contained_a4_with_page_breaks_and_toc(cat):  # type: ignore[no-untyped-def]
    html = render_html(build_checklist_document(cat, edition="auditor"))
    assert "&lt;and why&gt;" in html and "<and why>" not in html
    assert "size: A4" in html and "break-before: page" in html
    assert html.count('<section class="process"') == 2
    assert 'href="#process-CHG"' in html and 'id="process-CHG"' in html
    assert "http://" not in html and "https://" not in html and "<script" not in html


def test_markdown_escapes_html_and_markdown(cat, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "c.md"
    render_checklist(cat, out, edition="trainer", lang="en")
    text = out.read_text(encoding="utf-8")
    assert "&lt;and why&gt;" in text
    assert "&#34;" not in text and "&#39;" not in text  # quotes stay as typed in Markdown
    assert "](#chg-change-management)" in text and "## CHG Change management" in text


def test_stage_filter(cat):  # type: ignore[no-untyped-def]
    stage1 = build_checklist_document(cat, stage=1)
    assert [e.id for s in stage1.sections for e in s.entries] == ["CHG-Q01", "INC-Q02"]
    stage2 = build_checklist_document(cat, stage=2, processes=["INC"])
    assert [e.id for s in stage2.sections for e in s.entries] == ["INC-Q01"]


def test_xlsx_print_setup(cat, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "c.xlsx"
    render_checklist(cat, out, edition="auditor", lang="fi")
    ws = openpyxl.load_workbook(out)["CHG"]
    assert ws.print_title_rows == "$1:$2"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == "B3"
    assert [c.value for c in ws[2]][:3] == ["Nro", "Kysymys", "Mitä tarkastetaan"]


def test_unknown_process_and_empty_stage(cat, tmp_path):  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError, match="no process 'XYZ'"):
        build_checklist_document(cat, processes=["XYZ"])
    with pytest.raises(InputError, match="cannot tell the format"):
        render_checklist(cat, tmp_path / "c.txt")


def test_cli_render_and_refuses_overwrite(tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "chg.html"
    args = ["checklist", "render", "--catalogue", str(FIX), "--process", "CHG", "--edition", "participant", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Show me approved change records." in out.read_text(encoding="utf-8")
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2 and "use --force" in again.output
    assert CliRunner().invoke(cli, [*args, "--force", "--lang", "fi"]).exit_code == 0
    assert "Näyttäkää" in out.read_text(encoding="utf-8")


def test_pdf_without_chromium_says_how_to_get_it(cat, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ITSM_ASSESS_CHROMIUM", str(tmp_path / "missing-chromium"))
    from itsm_assess._io.browser import BrowserUnavailableError

    with pytest.raises(BrowserUnavailableError, match="ITSM_ASSESS_CHROMIUM=.* is not a file.*install it"):
        render_checklist(cat, tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.slow
@pytest.mark.skipif(find_chromium() is None, reason="Chromium not installed")
def test_pdf_with_chromium(cat, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "c.pdf"
    render_checklist(cat, out, edition="trainer", lang="fi")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000
