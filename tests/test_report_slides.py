"""`--format pptx`: the closing-meeting deck opens, says what the report says, and LibreOffice converts it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from itsm_assess.assessment import load_for_catalogue
from itsm_assess.catalogue import load_catalogue
from itsm_assess.reports import build_report_view, write_reports

pptx = pytest.importorskip("pptx")
FIX = Path(__file__).parent / "fixtures" / "reports"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def _deck(tmp_path: Path, lang: str, baseline: bool = True) -> Path:
    catalogue = load_catalogue(FIX / "catalogue")
    assessment = load_for_catalogue(FIX / "assessment.yaml", catalogue)
    results = json.loads((FIX / "results.json").read_text(encoding="utf-8"))
    base = json.loads((FIX / "baseline_results.json").read_text(encoding="utf-8")) if baseline else None
    view = build_report_view(results, assessment, catalogue, lang, base)
    return write_reports(view, results, tmp_path, ["pptx"])["pptx"]


def _texts(slide: Any) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return out


def test_deck_has_the_closing_meeting_slides_in_order(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(_deck(tmp_path, "en")))
    titles = [s.shapes.title.text if s.shapes.title is not None else None for s in prs.slides]
    assert titles == [None, "Executive summary", "Capability profile against the target", "Findings",
                      "Corrective-action plan", "Comparison with the previous assessment"]
    first = " ".join(_texts(prs.slides[0]))
    assert "ISO/IEC 20000-1 gap report" in first and 'Acme <b>Oy</b> & "Partners"' in first  # text, not markup
    summary = " ".join(_texts(prs.slides[1]))
    assert "R  Not ready" in summary and "Open major nonconformities: 1 (INC-02)" in summary
    chart = next(s for s in prs.slides[2].shapes if s.has_chart).chart
    assert [p.name for p in chart.plots[0].series] == ["Capability level", "Target level"]
    assert list(chart.plots[0].categories) == ["SLM", "CHG", "INC"]
    actions = _texts(prs.slides[4])
    assert "High" in actions and any(t.startswith("Correct major nonconformity INC-02") for t in actions)
    fonts = {r.font.name for s in prs.slides for sh in s.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs}
    assert fonts == {"Calibri"}


def test_finnish_deck_without_baseline_has_no_comparison(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(_deck(tmp_path, "fi", baseline=False)))
    titles = [s.shapes.title.text for s in list(prs.slides)[1:]]
    assert titles == ["Johdon yhteenveto", "Kyvykkyysprofiili ja tavoitetaso", "Poikkeamat ja havainnot",
                      "Korjaavien toimenpiteiden suunnitelma"]


@pytest.mark.slow
@pytest.mark.skipif(not Path(SOFFICE).exists(), reason="LibreOffice is not installed")
def test_libreoffice_converts_the_deck(tmp_path: Path) -> None:
    deck = _deck(tmp_path, "fi")
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), str(deck)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "pdf" / (deck.stem + ".pdf")
    assert pdf.exists(), done.stdout + done.stderr  # LibreOffice says "could not be loaded" and exits 0
    data = pdf.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 6
