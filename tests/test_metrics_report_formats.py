"""`report --metrics` in the Excel workbook and the slides (the HTML and JSON have their own test in
test_metrics_report.py): the same section from the same view, KPI values, targets, RAG, the
requirements each KPI evidences, the data checks, in English and Finnish.

The KPIs come from the hand-checked 9-incident / 5-change / 3-problem fixture of
test_metrics_compute.py, with a data check on CHG-09 as a larger export would raise it.
RAG against the bundled balanced scorecard, worked from the figures below:
G: inc.response_median 0.5 h (target 0.5), inc.resolve_median 8.0 h (target 8);
A: inc.backlog_age 15.0 d (target 5, amber 15);
R: first contact 42.9 %, SLA 57.1 %, reopen 14.3 %, change success 75 %, before approval 66.7 %,
review done 66.7 %, tickets per agent-day 0.06, cost per ticket 3,928.57 EUR;
X (a target, no figure): req.sla_attainment, csat.satisfied, csat.mean, csat.response_rate.
15 with a target.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from itsm_assess._io import theme
from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.metrics.compute import compute_kpis, metrics_json
from itsm_assess.metrics.evidence import attach_metrics_evidence
from itsm_assess.metrics.exports import load_metrics_map, read_export
from itsm_assess.metrics.staffing import load_staffing
from itsm_assess.reports import build_report_view, write_reports
from itsm_assess.scoring import load_scoring_model, score

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "metrics"
ASSESSMENT = ROOT / "examples" / "revontuli" / "assessment-2026.yaml"
SOFFICE = shutil.which("soffice") or ("/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else None)
#: A check text as a hostile metrics.json could carry it: it must stay text in every cell.
FORMULA_CHECK = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture(scope="module")
def metrics_data() -> dict[str, Any]:
    exports = {k: read_export(FIXTURES / f"{k}s.csv", k, load_metrics_map(f"servicenow-{k}", k))
               for k in ("incident", "change", "problem")}
    data = metrics_json(compute_kpis(exports, ["2025-01", "2025-02"], load_staffing(FIXTURES / "staffing.yaml")))
    data["checks"] = [
        {"id": "changes-before-approval", "kpi": "chg.before_approval", "grade": "minor-nc", "requirements": ["CHG-09"],
         "value": 0.3, "n": 40, "threshold": 0.05, "direction": "above",
         "text": {"en": "30% of implemented changes (12 of 40) started before approval.",
                  "fi": "30 % toteutetuista muutoksista (12/40) alkoi ennen hyväksyntää."}},
        {"id": "many-emergency-changes", "kpi": "chg.emergency_share", "grade": "observation",
         "requirements": ["CHG-13", "CHG-17"], "value": 0.2, "n": 5, "threshold": 0.15, "direction": "above",
         "text": {"en": FORMULA_CHECK, "fi": FORMULA_CHECK}},
    ]
    return data


def _write(tmp: Path, data: dict[str, Any], lang: str, formats: list[str]) -> dict[str, Path]:
    assessment = load_assessment(ASSESSMENT)
    catalogue = load_catalogue(assessment.assessment.catalogue)
    results = score(assessment, catalogue, load_scoring_model(assessment.assessment.scoring_model)).to_dict()
    view = build_report_view(results, assessment, catalogue, lang)  # type: ignore[arg-type]
    attach_metrics_evidence(view, data)
    return write_reports(view, results, tmp, formats)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, metrics_data: dict[str, Any]) -> dict[str, dict[str, Path]]:
    return {lang: _write(tmp_path_factory.mktemp(lang), metrics_data, lang, ["xlsx", "pptx", "html"])
            for lang in ("en", "fi")}


def _rows(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _table(ws: Any, first_header: str, second_header: str) -> dict[str, list[Any]]:
    """The rows under the header row starting ``first_header, second_header``, by their first cell."""
    rows = _rows(ws)
    start = next(i for i, r in enumerate(rows) if r[0] == first_header and r[1] == second_header)
    out = {}
    for r in rows[start + 1:]:
        if r[0] is None:
            break
        out[str(r[0])] = r
    return out


def test_excel_sheet_shows_each_kpi_with_value_target_rag_and_requirements(outputs: dict[str, dict[str, Path]]) -> None:
    wb = openpyxl.load_workbook(outputs["en"]["xlsx"])
    names = wb.sheetnames
    assert names.index("Metrics evidence") == names.index("Method") - 1  # the report's section order
    ws = wb["Metrics evidence"]
    assert ws["A1"].value == "Evidence from ticket data"
    assert "Targets and status colours (green, amber, red) from the scorecard Service organisation scorecard" in ws["A2"].value
    figures = {r[0]: r[1] for r in _rows(ws)[3:8]}
    assert figures == {"Scorecard index (ticket data)": "17.9 / 100", "KPIs on target": "2 / 15",
                       "KPIs within the amber limit": "1", "KPIs beyond the amber limit": "8",
                       "Data checks": "2"}
    kpis = _table(ws, "KPI", "Value")
    before = kpis["Changes implemented before approval"]
    assert before[1:6] == [pytest.approx(2 / 3, abs=1e-6), 0, "Red", 3, "CHG-09"]
    assert before[6] == "30% of implemented changes (12 of 40) started before approval."
    row = next(r for r in ws.iter_rows() if r[0].value == "Changes implemented before approval")
    assert (row[1].number_format, row[2].number_format) == ("0.0%", "0.0%")
    resolve = next(r for r in ws.iter_rows() if r[0].value == "Time to resolve, median (incidents)")
    assert (resolve[1].value, resolve[2].value, resolve[3].value) == (8.0, 8, "Green")
    assert resolve[1].number_format == '#,##0.0" h"'
    cost = next(r for r in ws.iter_rows() if r[0].value == "Staff cost per resolved ticket")
    assert cost[1].number_format == '#,##0.00" EUR"' and cost[3].value == "Red"
    assert kpis["Incidents opened"][1:6] == [8, "–", "–", 8, "INC-01, SLM-07"]  # no target: no RAG
    assert kpis["Incidents by channel"][1] == "Phone 50%, Email 25%, Chat 12%"
    satisfied = kpis["Customer satisfaction (CSAT): satisfied responses"]
    assert satisfied[1:4] == ["–", pytest.approx(0.85), "X"] and "no customer satisfaction results" in satisfied[7]
    assert kpis["Age of open incidents at month end, median"][3] == "Amber"
    # RAG statuses coloured by rule (a corrected status recolours), in the RAG column only.
    rag_ranges = {str(r.sqref) for r in ws.conditional_formatting}
    assert any(ref.startswith("D") and ref.split(":")[1].startswith("D") for ref in rag_ranges)
    # The data checks, the likely finding tinted with the grade's colour.
    checks = _table(ws, "Requirements", "Likely finding")
    assert checks["CHG-09"][1:3] == ["Minor nonconformity", "30% of implemented changes (12 of 40) started before approval."]
    cell = next(r for r in ws.iter_rows() if r[0].value == "CHG-09")[1]
    assert cell.fill.fgColor.rgb.endswith(theme.xlsx(theme.GRADE_COLOURS["minor-nc"]))
    # A check text that looks like a formula stays text.
    hostile = next(c for row in ws.iter_rows() for c in row if c.value == FORMULA_CHECK)
    assert hostile.data_type == "s"
    # By requirement: the rating as assessed beside the KPIs and checks.
    by_req = _table(ws, "Requirement", "As assessed")
    chg09 = next(v for k, v in by_req.items() if k.startswith("CHG-09 "))
    assert chg09[1] == "F"  # as assessed in assessment-2026.yaml
    assert next(v for k, v in by_req.items() if k.startswith("PRB-01 "))[1] == "P · Minor nonconformity"
    assert "Changes implemented before approval: 66.7% (n=3; target 0.0%: red)" in chg09[2].split("\n")
    assert chg09[6] == "30% of implemented changes (12 of 40) started before approval."


def test_requirement_rows_carry_their_metrics_evidence(outputs: dict[str, dict[str, Path]]) -> None:
    ws = openpyxl.load_workbook(outputs["en"]["xlsx"])["Requirements"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "Evidence from ticket data"
    col = len(header) - 1
    by_id = {row[0].value: row[col].value for row in ws.iter_rows(min_row=2)}
    assert by_id["CHG-09"].split("\n") == ["Changes implemented before approval: 66.7% (n=3; target 0.0%: red)",
                                           "30% of implemented changes (12 of 40) started before approval."]
    assert by_id["INC-01"].split("\n") == ["Incidents opened: 8 (n=8)",
                                           "Incidents by channel: Phone 50%, Email 25%, Chat 12% (n=8)"]
    assert by_id["CHG-13"].split("\n") == ["Emergency changes: 20.0% (n=5)", FORMULA_CHECK]
    assert by_id["CHG-01"] is None  # no KPI evidences it
    assert ws.auto_filter.ref.startswith("A1:M")


#: Findings of assessment-2026.yaml on requirements the fixture's KPIs or checks concern, with the
#: lines worked from the figures of the module docstring (first contact 42.9 % R, SLA 57.1 % R,
#: open incidents 2, problems 3, root cause median 6.2 d without a target) and the check on CHG-17.
FINDING_LINES = {
    "F-2026-02": ["PRB-01: Problems recorded: 3 (n=3)"],  # open minor nonconformity on PRB-01
    "NC-2025-37": ["PERF-01: First contact resolution (incidents): 42.9% (n=7; target 70.0%: red)",
                   "PERF-04: SLA attainment (incidents): 57.1% (n=7; target 90.0%: red)",
                   "PERF-02: Open incidents at month end: 2 (n=2)"],
    "PRB-04-finding": ["PRB-04: Time to root cause, median: 6.2 d (n=2)"],
    "PERF-04-finding": ["PERF-04: SLA attainment (incidents): 57.1% (n=7; target 90.0%: red)"],
}


def test_findings_sheet_shows_the_ticket_evidence_beside_each_finding(outputs: dict[str, dict[str, Path]]) -> None:
    ws = openpyxl.load_workbook(outputs["en"]["xlsx"])["Findings"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "Evidence from ticket data" and header[-2] == "Status"
    col = len(header) - 1
    by_id = {row[0].value: row[col] for row in ws.iter_rows(min_row=2)}
    for finding, lines in FINDING_LINES.items():
        assert by_id[finding].value.split("\n") == lines, finding
    # NC-2025-25 names CHG-17 (and CHG-19): the change KPIs evidencing CHG-17, then the check naming
    # it, whose text looks like a formula and stays text.
    nc25 = by_id["NC-2025-25"]
    assert nc25.value.split("\n")[-1] == f"CHG-17: Data check (observation) – {FORMULA_CHECK}"
    assert "CHG-17: Successful changes: 75.0% (n=4; target 95.0%: red)" in nc25.value.split("\n")
    assert nc25.data_type == "s"
    assert by_id["F-2025-01"].value is None  # CHG-01: no KPI, no check
    # The check on CHG-09 names no finding's requirement: it is on the metrics sheet, not here.
    assert not any("started before approval" in (c.value or "") for c in by_id.values())
    assert ws.auto_filter.ref.startswith("A1:J")


def test_findings_table_in_html_shows_the_evidence_and_links_the_section(outputs: dict[str, dict[str, Path]]) -> None:
    page = outputs["en"]["html"].read_text(encoding="utf-8")
    table = page.split('<table id="findings-table"')[1].split("</table>")[0]
    assert '<th scope="col">Evidence from ticket data</th>' in table
    row = table.split('<th scope="row" class="id">NC-2025-37</th>')[1].split("</tr>")[0]
    assert "".join(f"<li>{line}</li>" for line in FINDING_LINES["NC-2025-37"]) in row
    assert '<a href="#metrics">All KPIs and data checks</a>' in row
    nc25 = table.split('<th scope="row" class="id">NC-2025-25</th>')[1].split("</tr>")[0]
    assert "CHG-17: Data check (observation) – =HYPERLINK(&#34;http://evil.example&#34;,&#34;x&#34;)" in nc25
    empty = table.split('<th scope="row" class="id">F-2025-01</th>')[1].split("</tr>")[0]
    assert empty.endswith('<td class="metrics"></td>')
    assert table.count("<col ") == 9 and 'id="metrics"' in page  # the link's target


def test_findings_with_their_evidence_in_finnish(outputs: dict[str, dict[str, Path]]) -> None:
    ws = openpyxl.load_workbook(outputs["fi"]["xlsx"])["Havainnot"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "Näyttö tikettiaineistosta"
    by_id = {row[0].value: row[len(header) - 1].value for row in ws.iter_rows(min_row=2)}
    assert by_id["NC-2025-37"].split("\n") == [
        "PERF-01: Ensikontaktiratkaisu (häiriöt): 42,9\u00a0% (n=7; tavoite 70,0\u00a0%: punainen)",
        "PERF-04: Palvelutasotavoitteiden toteutuminen (häiriöt): 57,1\u00a0% (n=7; tavoite 90,0\u00a0%: punainen)",
        "PERF-02: Avoimet häiriöt kuun lopussa: 2 (n=2)"]
    assert by_id["NC-2025-25"].split("\n")[-1] == f"CHG-17: Aineiston tarkistus (huomio) – {FORMULA_CHECK}"
    page = outputs["fi"]["html"].read_text(encoding="utf-8")
    table = page.split('<table id="findings-table"')[1].split("</table>")[0]
    assert '<th scope="col">Näyttö tikettiaineistosta</th>' in table
    assert '<a href="#metrics">Kaikki mittarit ja aineiston tarkistukset</a>' in table
    assert "<li>PRB-01: Kirjatut ongelmat: 3 (n=3)</li>" in table
    for english in ("Evidence from ticket data", "Data check", "All KPIs", "target", "Problems recorded"):
        assert english not in table and english not in "\n".join(v or "" for v in by_id.values())


def test_without_metrics_the_findings_have_no_evidence_column(tmp_path: Path) -> None:
    assessment = load_assessment(ASSESSMENT)
    catalogue = load_catalogue(assessment.assessment.catalogue)
    results = score(assessment, catalogue, load_scoring_model(assessment.assessment.scoring_model)).to_dict()
    view = build_report_view(results, assessment, catalogue, "en")  # type: ignore[arg-type]
    out = write_reports(view, results, tmp_path, ["xlsx", "html"])  # type: ignore[arg-type]
    assert [c.value for c in openpyxl.load_workbook(out["xlsx"])["Findings"][1]][-1] == "Status"
    table = out["html"].read_text(encoding="utf-8").split('<table id="findings-table"')[1].split("</table>")[0]
    assert "Evidence from ticket data" not in table and table.count("<col ") == 8


def test_excel_sheet_in_finnish(outputs: dict[str, dict[str, Path]]) -> None:
    wb = openpyxl.load_workbook(outputs["fi"]["xlsx"])
    ws = wb["Mittaritiedot"]
    assert ws["A1"].value == "Näyttö tikettiaineistosta"
    figures = {r[0]: r[1] for r in _rows(ws)[3:8]}
    assert figures["Tuloskortin indeksi (tikettiaineisto)"] == "17,9 / 100"
    assert figures["Tavoitteessa olevat mittarit"] == "2 / 15"
    kpis = _table(ws, "Mittari", "Arvo")
    assert kpis["Ennen hyväksyntää toteutetut muutokset"][3] == "● Punainen"  # a shape, never the rating letter P
    row = next(r for r in ws.iter_rows() if r[0].value == "Ennen hyväksyntää toteutetut muutokset")
    assert row[1].number_format == '0.0"\u00a0"%'
    header = next(r for r in _rows(ws) if r[0] == "Mittari" and r[1] == "Arvo")
    assert header[:6] == ["Mittari", "Arvo", "Tavoite", "Tila", "Tietueita", "Näyttö vaatimuksiin"]
    checks = _table(ws, "Vaatimukset", "Todennäköinen havaintoluokka")
    assert checks["CHG-09"][1:3] == ["Lievä poikkeama", "30 % toteutetuista muutoksista (12/40) alkoi ennen hyväksyntää."]
    requirements = wb["Vaatimukset"]
    assert [c.value for c in requirements[1]][-1] == "Näyttö tikettiaineistosta"
    chg09 = next(r[-1].value for r in requirements.iter_rows(min_row=2) if r[0].value == "CHG-09")
    assert chg09.split("\n")[0] == "Ennen hyväksyntää toteutetut muutokset: 66,7\u00a0% (n=3; tavoite 0,0\u00a0%: punainen)"


def _slide_texts(slide: Any) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return out


def test_slide_has_the_headline_and_the_checks(outputs: dict[str, dict[str, Path]]) -> None:
    pptx = pytest.importorskip("pptx")
    prs = pptx.Presentation(str(outputs["en"]["pptx"]))
    titles = [s.shapes.title.text if s.shapes.title is not None else None for s in prs.slides]
    at = titles.index("Evidence from ticket data")
    assert titles[at - 1] == "Findings" and titles[at + 1] == "Corrective-action plan"
    slide = prs.slides[at]
    texts = _slide_texts(slide)
    headline = next(t for t in texts if t.startswith("Scorecard index"))
    assert headline.split("\n")[0] == ("Scorecard index (ticket data): 17.9 / 100   ·   KPIs on target: 2 / 15   ·   "
                                       "KPIs within the amber limit: 1   ·   KPIs beyond the amber limit: 8   ·   "
                                       "Data checks: 2")
    table = next(s for s in slide.shapes if s.has_table).table
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Requirements", "Likely finding", "Data checks (leads for sampling, not findings)"]
    assert rows[1] == ["CHG-09", "Minor nonconformity", "30% of implemented changes (12 of 40) started before approval."]
    assert rows[2] == ["CHG-13, CHG-17", "Observation", FORMULA_CHECK]
    assert str(table.cell(1, 1).fill.fore_color.rgb) == theme.xlsx(theme.GRADE_COLOURS["minor-nc"])
    fi = pptx.Presentation(str(outputs["fi"]["pptx"]))
    slide_fi = next(s for s in fi.slides if s.shapes.title is not None and s.shapes.title.text == "Näyttö tikettiaineistosta")
    texts_fi = " ".join(_slide_texts(slide_fi))
    assert "Tuloskortin indeksi (tikettiaineisto): 17,9 / 100" in texts_fi
    assert "Lievä poikkeama" in texts_fi and "Todennäköinen havaintoluokka" in texts_fi


def test_slide_without_checks_says_so(tmp_path: Path, metrics_data: dict[str, Any]) -> None:
    pptx = pytest.importorskip("pptx")
    quiet = {**metrics_data, "checks": []}
    prs = pptx.Presentation(str(_write(tmp_path, quiet, "en", ["pptx"])["pptx"]))
    slide = next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == "Evidence from ticket data")
    assert "No data check points at a likely finding." in _slide_texts(slide)
    assert not any(s.has_table for s in slide.shapes)


def test_report_takes_the_targets_of_another_scorecard(tmp_path: Path, metrics_data: dict[str, Any]) -> None:
    card = tmp_path / "card.yaml"
    card.write_text("schema_version: 1\nscorecard: {id: t, title: {en: Change board card}}\nperspectives:\n"
                    "  - {id: q, title: {en: Q}, weight: 1, measures: [{kpi: chg.before_approval, target: 0.7, amber: 0.8}]}\n",
                    encoding="utf-8")
    m = tmp_path / "metrics.json"
    m.write_text(json.dumps(metrics_data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(ASSESSMENT), "--metrics", str(m), "--scorecard", str(card),
                                      "--format", "json", "--lang", "en", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    section = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))["report"]["metrics_evidence"]
    rags = {k["id"]: k["rag"] for k in section["kpis"]}
    assert rags["chg.before_approval"] == "G" and rags["inc.sla_attainment"] is None
    assert section["figures"][1] == {"label": "KPIs on target", "value": "1 / 1"}
    assert "Change board card" in section["labels"]["targets_from"]
    alone = CliRunner().invoke(cli, ["report", str(ASSESSMENT), "--scorecard", str(card), "-o", str(tmp_path / "o2")])
    assert alone.exit_code == 2 and "--scorecard needs --metrics" in alone.output and not (tmp_path / "o2").exists()
    card.write_text(card.read_text(encoding="utf-8").replace("target: 0.7", "target: 0.9"), encoding="utf-8")
    wrong = CliRunner().invoke(cli, ["report", str(ASSESSMENT), "--metrics", str(m), "--scorecard", str(card),
                                     "-o", str(tmp_path / "o3")])
    assert wrong.exit_code == 2 and "amber 0.8 lies on the good side of target 0.9" in wrong.output
    assert "Traceback" not in wrong.output and not (tmp_path / "o3").exists()


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_metrics_sheet(tmp_path: Path, outputs: dict[str, dict[str, Path]]) -> None:
    source = tmp_path / "in" / "report.xlsx"
    source.parent.mkdir()
    shutil.copy(outputs["fi"]["xlsx"], source)
    outdir = tmp_path / "lo"
    subprocess.run([str(SOFFICE), "--headless", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
                    "--convert-to", "xlsx", "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=180)
    resaved = openpyxl.load_workbook(outdir / "report.xlsx")
    original = openpyxl.load_workbook(source)
    assert _rows(resaved["Mittaritiedot"])[:3] == _rows(original["Mittaritiedot"])[:3]
    kpis = _table(resaved["Mittaritiedot"], "Mittari", "Arvo")
    assert kpis == _table(original["Mittaritiedot"], "Mittari", "Arvo")
    hostile = next(c for row in resaved["Mittaritiedot"].iter_rows() for c in row if c.value == FORMULA_CHECK)
    assert hostile.data_type == "s"


def test_self_assessment_deck_ends_with_the_metrics_slide(tmp_path: Path, metrics_data: dict[str, Any]) -> None:
    """A team's self-assessment: the director's page, the survey and the profile come first; the
    evidence from ticket data follows them (no findings or actions to show), with its checks."""
    pptx = pytest.importorskip("pptx")
    from itsm_assess.assessment import Assessment

    cat = load_catalogue("iso20000-1-2018")
    responses = [{"id": r.id, "rating": "L", "respondents": 5, "counts": {"L": 5}}
                 for pid in ("INC", "CHG") for r in cat.requirements_of(pid)]
    a = Assessment.model_validate({
        "schema_version": 1, "responses": responses,
        "assessment": {"id": "team", "organisation": "Kunnan IT", "catalogue": cat.id, "method": "self-assessment",
                       "scope": {"processes": ["INC", "CHG"]}, "language": "en",
                       "respondents": [{"role": "Service desk"}] * 5}})
    results = score(a, cat).to_dict()
    view = build_report_view(results, a, cat, "en")  # type: ignore[arg-type]
    attach_metrics_evidence(view, metrics_data)
    prs = pptx.Presentation(str(write_reports(view, results, tmp_path, ["pptx"])["pptx"]))  # type: ignore[arg-type]
    titles = [s.shapes.title.text if s.shapes.title is not None else None for s in prs.slides]
    assert titles[1] == "Summary for the director" and titles[-1] == "Evidence from ticket data"
    assert "Findings" not in titles and "Corrective-action plan" not in titles
    texts = _slide_texts(prs.slides[-1])
    assert "30% of implemented changes (12 of 40) started before approval." in texts
