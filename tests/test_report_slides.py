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
    assert "Not ready" in summary and "R  Not ready" not in summary and "One open major nonconformity (INC-02)" in summary
    chart = next(s for s in prs.slides[2].shapes if s.has_chart).chart
    assert [p.name for p in chart.plots[0].series] == ["Capability level", "Target level"]
    # Processes by name as well as code (the blind review: codes alone mean nothing to a board member).
    assert list(chart.plots[0].categories) == ["SLM Service level management", "CHG Change management",
                                               "INC Incident management"]
    actions = _texts(prs.slides[4])
    assert "High" in actions and any(t.startswith("Correct major nonconformity INC-02") for t in actions)
    fonts = {r.font.name for s in prs.slides for sh in s.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs}
    assert fonts == {"Calibri"}


def test_finnish_deck_without_baseline_has_no_comparison(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(_deck(tmp_path, "fi", baseline=False)))
    titles = [s.shapes.title.text for s in list(prs.slides)[1:]]
    assert titles == ["Johdon yhteenveto", "Kyvykkyysprofiili ja tavoitetaso", "Havainnot",
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


def test_self_assessment_deck_has_the_directors_summary_and_the_survey(tmp_path: Path) -> None:
    """A team self-assessment: the director's slide says it is not an audit and names the standing of
    each process; the survey slide shows what to discuss, and a role under the privacy threshold
    never appears apart."""
    from itsm_assess.assessment import Assessment
    from itsm_assess.scoring import score

    cat = load_catalogue("iso20000-1-2018")
    split = {"rating": "N", "respondents": 7, "spread": 3, "disagreement": True, "counts": {"N": 4, "F": 3},
             "role_counts": {"Service desk": {"N": 4}, "Second line": {"F": 3}}}
    responses = [{"id": r.id, **({"rating": rating, "respondents": 7, "counts": {rating: 7}} if r.id != "CHG-05" else split)}
                 for pid, rating in (("INC", "F"), ("CHG", "P")) for r in cat.requirements_of(pid)]
    a = Assessment.model_validate({
        "schema_version": 1, "responses": responses,
        "assessment": {"id": "team", "organisation": "Kunnan IT", "catalogue": cat.id, "method": "self-assessment",
                       "scope": {"processes": ["INC", "CHG"]}, "language": "en",
                       "respondents": [{"role": "Service desk"}] * 4 + [{"role": "Second line"}] * 3
                       + [{"role": "Change manager"}]}})
    results = score(a, cat).to_dict()
    for min_group, second_line_shown in ((3, True), (4, False)):
        view = build_report_view(results, a, cat, "en", min_group=min_group)
        out = tmp_path / str(min_group)
        prs = pptx.Presentation(str(write_reports(view, results, out, ["pptx"])["pptx"]))
        titles = [s.shapes.title.text if s.shapes.title is not None else None for s in prs.slides]
        assert titles[:3] == [None, "Summary for the director", "Survey: where answers differ, and what people said"]
        assert "Findings" not in titles and "Corrective-action plan" not in titles  # nothing to show there
        director = " ".join(_texts(prs.slides[1]))
        assert "Self-assessment: the team's own view" in director and "it is not an audit" in director
        # INC all "fully"; CHG "partly" with one item at "not at all": a mean under 1.0
        assert "Incident management" in director and "Well established" in director and "Mostly missing" in director
        assert "Next steps" in director and "Ready" not in director
        survey = " ".join(_texts(prs.slides[2]))
        # The team's answers in words, as they gave them (fi-blind-2 #354), never the rating letters.
        assert "CHG-05" in survey and "not at all 4, fully 3" in survey and "N 4" not in survey
        assert ("Second line: fully 3" in survey) is second_line_shown  # 3 people: shown only when the threshold is 3
        assert "Change manager" not in survey  # one person: never apart
