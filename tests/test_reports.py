"""Gap reports: view model, Excel workbook, HTML page, JSON and the `report` command."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from itsm_assess.assessment import load_for_catalogue
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.errors import InputError, OutputExistsError
from itsm_assess.reports import (
    build_report_view,
    parse_formats,
    report_json,
    write_reports,
)
from itsm_assess.reports.labels import english_labels, labels

FIX = Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue(FIX / "catalogue")


@pytest.fixture(scope="module")
def assessment(catalogue: Any) -> Any:
    return load_for_catalogue(FIX / "assessment.yaml", catalogue)


def _json(name: str) -> dict[str, Any]:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


@pytest.fixture()
def results() -> dict[str, Any]:
    return _json("results.json")


@pytest.fixture()
def view(results: dict[str, Any], assessment: Any, catalogue: Any) -> Any:
    return build_report_view(results, assessment, catalogue, "en", _json("baseline_results.json"), _json("changes.json"))


# --------------------------------------------------------------------------- labels and view model


def test_every_label_is_translated_into_finnish() -> None:
    english, finnish = english_labels(), labels("fi")
    assert finnish.keys() == english.keys()
    untranslated = [k for k in english if finnish[k] == english[k]]
    assert untranslated == []


def test_action_plan_has_a_row_per_open_nonconformity_first_then_gaps_by_priority(view: Any) -> None:
    rows = [(a["id"], a["kind"], a["priority"]) for a in view.actions]
    # Worked by hand from the fixture (levels: SLM 0, CHG 1, INC 0) with the rule of the method section:
    #   INC-02     open major NC                                         -> high
    #   F-01       open minor NC                                         -> medium
    #   INC-PA1.1  INC at level 0, PA1.1 is a level-1 attribute          -> high   (score 3.5)
    #   SLM-PA1.1  SLM at level 0, PA1.1 is a level-1 attribute          -> high   (score 0.5: after INC)
    #   CHG-PA2.1  CHG at level 1, PA2.1 is needed for level 2 (= 1 + 1) -> medium (score 2.0)
    #   CHG-PA1.1  CHG at level 1, PA1.1 (level 1 <= 1 + 1)              -> medium (score 1.8: after PA2.1)
    #   CHG-PA3.1  CHG at level 1, PA3.1 only for level 3 (> 1 + 1)      -> low
    # Nonconformities first (major, then minor), then gaps high > medium > low, ties by score.
    assert rows == [
        ("INC-02", "nc", "high"), ("F-01", "nc", "medium"),
        ("INC-PA1.1", "gap", "high"), ("SLM-PA1.1", "gap", "high"),
        ("CHG-PA2.1", "gap", "medium"), ("CHG-PA1.1", "gap", "medium"), ("CHG-PA3.1", "gap", "low"),
    ]
    assert [a["no"] for a in view.actions] == list(range(1, 8))
    # Every open nonconformity has its row, whatever the target: INC-02's process is below target,
    # F-01's too, and a nonconformity of a process without a target would be listed the same way.
    open_ncs = {f["id"] for f in view.findings if f["grade"] in ("major-nc", "minor-nc") and f["status"] == "open"}
    assert open_ncs == {a["id"] for a in view.actions if a["kind"] == "nc"}
    f01 = view.actions[1]
    assert f01["owner"] == "Change manager" and f01["due_date"] == "2025-06-30" and f01["grade"] == "minor-nc"
    # Action text in the report's language: what the nonconformity found (its statement), never a
    # requirement's title alone after the colon, which states the requirement met; the advice apart.
    assert f01["action"] == "Correct minor nonconformity F-01: Changes implemented without recorded approval"
    assert "Enforce approval" in f01["recommendation"] and "Enforce" not in f01["action"]
    inc = view.actions[2]
    assert inc["action"].startswith("Raise PA1.1 (Process performance) of Incident management from P+ to at least F: ")
    assert "INC-02" not in inc["action"] and inc["requirement_titles"]
    # The numeric priority stays in the JSON as the score; the view shows High / Medium / Low.
    assert inc["score"] == 3.5 and inc["priority_label"] == "High"
    assert view.actions[6]["rating"] is None and "not rated" in view.actions[6]["action"]


def test_open_nonconformity_of_a_process_without_target_still_gets_an_action(
    results: dict[str, Any], assessment: Any, catalogue: Any
) -> None:
    results = copy.deepcopy(results)
    results["processes"]["SLM"]["target_level"] = None
    results["gaps"] = [g for g in results["gaps"] if g["process"] != "SLM"]
    results["findings"].append({"id": "F-09", "grade": "minor-nc", "requirements": ["SLM-01"], "clauses": ["8.3.3"],
                                "processes": ["SLM"], "statement": "x", "status": "open"})
    results["findings"].append({"id": "F-10", "grade": "major-nc", "requirements": ["SLM-01"], "clauses": ["8.3.3"],
                                "processes": ["SLM"], "statement": "closed one", "status": "closed"})
    view = build_report_view(results, assessment, catalogue, "fi")
    ncs = [a for a in view.actions if a["kind"] == "nc"]
    assert [a["id"] for a in ncs] == ["INC-02", "F-01", "F-09"]
    assert ncs[2]["action"] == "Korjaa lievä poikkeama F-09 – x" and ncs[2]["priority_label"] == "Kohtalainen"


def test_gap_priority_rule() -> None:
    from itsm_assess.planning.corrective_actions import gap_priority

    assert gap_priority("PA1.1", 0) == "high"
    assert gap_priority("PA1.1", 1) == "medium"  # level 2 needs PA 1.1 at F
    assert gap_priority("PA2.1", 1) == "medium"
    assert gap_priority("PA3.1", 1) == "low"
    assert gap_priority("PA2.1", 0) == "low"


def test_executive_summary_worded_from_the_results(view: Any) -> None:
    ex = view.executive
    assert ex["verdict"]["code"] == "not-ready" and ex["verdict"]["rag"] == "R"
    assert "indication for the assessed scope only" in ex["verdict"]["scope_text"]
    kinds = [m["kind"] for m in ex["messages"]]
    assert kinds[0] == "progress" and "risk" in kinds and "blocker" in kinds
    risk = next(m["text"] for m in ex["messages"] if m["kind"] == "risk")
    assert risk.startswith("One open major nonconformity (INC-02) in Incident management.")
    blocker = next(m["text"] for m in ex["messages"] if m["kind"] == "blocker")
    assert blocker.startswith("Incident management is at level 0 against a target of 2. Level 1 is held back by PA1.1")
    by_clause = {c["clause"]: c["rag"] for c in ex["rag_clauses"]}
    assert by_clause["8"] == "R"  # an open major nonconformity in clause 8
    by_process = {p["id"]: p["rag"] for p in ex["rag_processes"]}
    assert by_process == {"SLM": "R", "CHG": "R", "INC": "R"} or by_process["INC"] == "R"
    figures = {f["key"]: f for f in ex["figures"]}
    assert figures["open_major"]["value"] == "1" and figures["high_actions"]["value"] == "3"


def test_rag_rule() -> None:
    from itsm_assess.reports.summary import rag

    assert rag(0.95, 0, 0, 0) == "G"
    assert rag(0.84, 0, 0, 0) == "A"
    assert rag(0.95, 0, 1, 0) == "A" and rag(0.95, 0, 0, 1) == "A"
    assert rag(0.95, 1, 0, 0) == "R" and rag(0.95, 0, 0, 2) == "R" and rag(0.49, 0, 0) == "R"
    assert rag(None, 0, 0) == "X"


def test_sections_in_reading_order_and_annex_optional(results: dict[str, Any], assessment: Any, catalogue: Any,
                                                       view: Any) -> None:
    assert [s["id"] for s in view.sections] == ["summary", "comparison", "findings", "actions", "register", "profile",
                                                "processes", "changes", "method", "requirements"]
    bare = build_report_view(results, assessment, catalogue, "en", annex=False)
    assert [s["id"] for s in bare.sections] == ["summary", "findings", "actions", "register", "profile", "processes",
                                                "method"]
    html = _html(bare)
    assert 'id="requirements-table"' not in html and 'id="requirements"' not in html


def test_process_pages_name_what_holds_the_level_back(view: Any) -> None:
    chg = next(p for p in view.process_pages if p["id"] == "CHG")
    assert chg["capability_level"] == 1 and chg["target_level"] == 3
    assert [h["attribute"] for h in chg["holding_back"]] == ["PA2.1", "PA1.1", "PA3.1"]
    pa11 = chg["holding_back"][1]
    assert pa11["requirements"] == [{"id": "CHG-02", "title": "Change approval"}]
    assert [q["id"] for q in chg["weaknesses"]] == ["CHG-02"]
    assert [f["id"] for f in chg["findings"]] == ["F-01", "F-02"]


def test_view_findings_sorted_by_severity(view: Any) -> None:
    assert [f["grade"] for f in view.findings] == ["major-nc", "minor-nc", "good-practice"]


def test_comparison_marks_improved_and_worsened(view: Any) -> None:
    comp = view.comparison
    by_process = {p["id"]: p for p in comp["processes"]}
    assert by_process["INC"]["trend"] == "worsened" and by_process["INC"]["level_change"] == -1
    assert by_process["CHG"]["trend"] == "unchanged"
    attrs = {(a["process"], a["attribute"]): a for a in comp["attributes"]}
    assert attrs[("CHG", "PA2.1")]["trend"] == "improved"  # N -> P
    assert attrs[("CHG", "PA2.2")]["trend"] == "new"
    assert attrs[("INC", "PA1.1")]["trend"] == "worsened"  # F -> P+
    assert comp["worsened"] == 1


def test_finnish_view_uses_finnish_labels(results: dict[str, Any], assessment: Any, catalogue: Any) -> None:
    view = build_report_view(results, assessment, catalogue, "fi")
    assert view.labels["capability_level"] == "Kyvykkyystaso"
    assert view.labels["action_plan"] == "Toimenpidesuunnitelma"
    assert view.readiness["verdict_label"] == "Ei vielä valmis"
    assert view.processes[1]["title"] == "Muutoksenhallinta"
    assert view.actions[0]["action"] == "Korjaa merkittävä poikkeama INC-02 – Major incidents follow a documented procedure."
    assert view.actions[2]["action"].startswith(
        # A rating's rise as a Finnish professional writes it (was "arvio P+ vähintään arvoon F"); ratings
        # are not levels, so never "tasolta … tasolle".
        "Nosta Häiriönhallinta-prosessin attribuutin PA1.1 (Prosessin suorittaminen) arvio P+:sta vähintään "
        "F:ään. Korjattavat vaatimukset: "
    )
    assert view.actions[2]["priority_label"] == "Korkea"
    assert view.comparison is None and view.change_analysis is None


def test_results_that_break_the_contract_are_refused(results: dict[str, Any]) -> None:
    broken = copy.deepcopy(results)
    del broken["gaps"]
    broken["format"] = "something-else"
    with pytest.raises(InputError) as err:
        build_report_view(broken)
    assert "missing key 'gaps'" in str(err.value) and "format" in str(err.value)


def test_bad_change_summary_is_refused_with_the_place(results: dict[str, Any]) -> None:
    with pytest.raises(InputError) as err:
        build_report_view(results, change_summary={"total": "many", "deviations": [{"reason": 1}]})
    text = str(err.value)
    assert "changes: total" in text and "deviations[0]" in text


# --------------------------------------------------------------------------- Excel


def _workbook(view: Any, tmp_path: Path) -> Any:
    from openpyxl import load_workbook

    from itsm_assess.reports.xlsx import write_report_xlsx

    path = tmp_path / "r.xlsx"
    write_report_xlsx(view, path)
    return load_workbook(path)


def test_workbook_sheets_chart_and_print_setup(view: Any, tmp_path: Path) -> None:
    wb = _workbook(view, tmp_path)
    assert wb.sheetnames == ["Summary", "Comparison", "Findings", "Action plan", "Findings register", "Processes",
                             "Change analysis", "Method", "Requirements", "_technical_data"]
    # Machine data, hidden and protected, with a note saying so to anyone who unhides it (fi-blind-2 #158).
    meta = wb["_technical_data"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet and "Do not edit" in meta["G1"].value
    for ws in wb.worksheets[:-1]:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert wb["Findings"].print_title_rows == "$1:$1"
    import zipfile

    # openpyxl does not read charts back: look into the saved file.
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2  # compliance by clause on the dashboard, the capability profile
        xml = b"".join(z.read(c) for c in charts)
        assert xml.count(b"<barChart>") == 2 and b'<barDir val="bar"' in xml and xml.count(b"<ser>") == 3


def test_workbook_keeps_formula_like_text_as_text(view: Any, tmp_path: Path) -> None:
    wb = _workbook(view, tmp_path)
    req = wb["Requirements"]
    row = next(r for r in req.iter_rows(min_row=2) if r[0].value == "CHG-02")
    evidence = row[9]
    assert evidence.value == '=HYPERLINK("http://evil.example","click")' and evidence.data_type == "s"
    findings = wb["Findings"]
    rec = next(r for r in findings.iter_rows(min_row=2) if r[0].value == "F-01")[7]
    assert rec.value.startswith("+cmd|") and rec.data_type == "s"
    assert wb["Summary"]["A2"].value == 'Acme <b>Oy</b> & "Partners"'


def test_findings_sheet_filters_freezes_and_wraps(view: Any, tmp_path: Path) -> None:
    ws = _workbook(view, tmp_path)["Findings"]
    assert ws.auto_filter.ref == "A1:I4"
    assert ws.freeze_panes == "B2"
    assert ws["F2"].alignment.wrap_text
    assert ws["B2"].value == "Major nonconformity" and ws["B2"].fill.fgColor.rgb == "00000000"  # coloured by rule
    rules = {r.formula[0]: r for cf in ws.conditional_formatting for r in cf.rules}
    assert rules['B2="Major nonconformity"'].dxf.fill.bgColor.rgb.endswith("D6604D")


def test_action_plan_sheet_columns_inputs_and_validation(view: Any, tmp_path: Path) -> None:
    ws = _workbook(view, tmp_path)["Action plan"]
    headers = [ws.cell(row=1, column=c).value for c in range(1, 16)]
    assert headers == ["No.", "Action id", "Priority", "Type", "Process", "Process attribute", "Current rating",
                       "Needed", "Requirements", "Action", "Recommendation", "Owner", "Due date", "Status", "Notes"]
    row = 3  # F-01, the minor nonconformity with an owner
    assert ws.cell(row=row, column=2).value == "F-01" and ws.cell(row=row, column=4).value == "Minor nonconformity"
    assert ws.cell(row=row, column=12).value == "Change manager"
    assert ws.cell(row=row, column=13).value.date().isoformat() == "2025-06-30"
    assert ws.cell(row=row, column=9).value == "CHG-02 Change approval"
    # Sortable and filterable in LibreOffice as in Excel: no sheet protection, an autofilter on every column.
    assert not ws.protection.sheet and ws.auto_filter.ref == "A1:O18"
    kinds = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert kinds["list"].formula1 == '"Open,In progress,Done"'
    assert "N2:N18" in str(kinds["list"].sqref)
    assert "date" in kinds
    rules = {r.formula[0] for cf in ws.conditional_formatting for r in cf.rules}
    assert {'C2="High"', 'C2="Medium"', 'C2="Low"'} <= rules


def test_action_plan_blank_rows_are_boxed_inputs_and_formula_text_keeps_quote_prefix(
    view: Any, tmp_path: Path
) -> None:
    ws = _workbook(view, tmp_path)["Action plan"]
    last = 18  # 7 actions + 10 blank rows for the consultant's own
    for row in (2, last):
        for col in range(1, 16):
            cell = ws.cell(row=row, column=col)
            assert cell.border.left.style == "thin", (row, col)
        assert ws.cell(row=row, column=13).number_format == "yyyy-mm-dd"
        for col in (10, 12, 13, 14, 15):
            assert ws.cell(row=row, column=col).fill.fgColor.rgb.endswith("FFF9E5"), (row, col)
    assert ws.cell(row=last, column=10).value is None and ws.cell(row=last + 1, column=10).has_style is False
    assert ws.cell(row=2, column=7).alignment.horizontal == "center"
    req = _workbook(view, tmp_path)["Requirements"]
    evidence = next(r for r in req.iter_rows(min_row=2) if r[0].value == "CHG-02")[9]
    assert evidence.quotePrefix and evidence.border.left.style == "thin" and evidence.alignment.wrap_text


def test_workbook_rows_fitted_and_summary_merges(view: Any, tmp_path: Path) -> None:
    wb = _workbook(view, tmp_path)
    long_rows = 0
    for name in ("Findings", "Requirements"):
        ws = wb[name]
        for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
            # Text longer than a line of its column (about 1.1 characters per width unit) wraps.
            if any(isinstance(c.value, str) and len(c.value) > (ws.column_dimensions[c.column_letter].width - 1.5) / 1.1
                   for c in row):
                long_rows += 1
                assert (ws.row_dimensions[row[0].row].height or 15) >= 30, (name, row[0].row)
    assert long_rows
    summary = wb["Summary"]
    merged = {str(r) for r in summary.merged_cells.ranges}
    assert {"B4:G4", "B5:G5"} <= merged
    method = wb["Method"]
    assert any(str(r).startswith("A") and str(r).endswith(str(r.min_row)) and r.max_col == 4
               for r in method.merged_cells.ranges)


def test_processes_sheet_colours_ratings_by_rule(view: Any, tmp_path: Path) -> None:
    ws = _workbook(view, tmp_path)["Processes"]
    headers = [c.value for c in ws[1]]
    assert headers[3:6] == ["PA1.1", "PA2.1", "PA2.2"]
    chg = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "CHG")
    assert (chg[3].value, chg[4].value) == ("L+", "P")
    # A corrected rating recolours: the colour is a conditional format on the letter, not a fill.
    assert chg[3].fill.fgColor.rgb == "00000000"
    rules = {r.formula[0]: r for cf in ws.conditional_formatting for r in cf.rules}
    assert rules['LEFT(D2,1)="L"'].dxf.fill.bgColor.rgb.endswith("92C5DE")
    assert rules['AND(LEFT(D2,1)="N",D2<>"NA")'].dxf.fill.bgColor.rgb.endswith("D6604D")
    assert rules['D2="NA"'].dxf.fill.bgColor.rgb.endswith("EBEBEB")


def test_every_font_in_the_workbook_is_named(view: Any, tmp_path: Path) -> None:
    import zipfile

    _workbook(view, tmp_path)
    styles = zipfile.ZipFile(tmp_path / "r.xlsx").read("xl/styles.xml").decode()
    fonts = re.search(r"<fonts[^>]*>(.*?)</fonts>", styles, re.S).group(1)
    each = re.findall(r"<font>.*?</font>|<font/>", fonts, re.S)
    assert len(each) > 3
    assert all('<name val="Calibri"' in f for f in each), [f for f in each if "<name" not in f]
    dxfs = re.search(r"<dxfs[^>]*>(.*?)</dxfs>", styles, re.S)
    assert dxfs is not None and "D6604D" in dxfs.group(1)


def test_summary_sheet_is_a_dashboard(view: Any, tmp_path: Path) -> None:
    ws = _workbook(view, tmp_path)["Summary"]
    texts = [c.value for row in ws.iter_rows(max_row=40) for c in row if isinstance(c.value, str)]
    # The verdict in colour and words: a status letter beside it would read as a grade.
    assert "Not ready" in texts and "R  Not ready" not in texts and "Key figures" in texts and "Key messages" in texts
    assert any(t.startswith("Risk: One open major nonconformity (INC-02)") for t in texts)
    import zipfile

    # The client's name heads every printed page (openpyxl cannot read a quote back: look at the XML).
    sheet = zipfile.ZipFile(tmp_path / "r.xlsx").read("xl/worksheets/sheet1.xml").decode()
    from xml.etree import ElementTree

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    root = ElementTree.fromstring(sheet)
    header = root.find(f"{ns}headerFooter/{ns}oddHeader").text
    assert 'Acme <b>Oy</b> && "Partners" · ISO/IEC 20000-1 gap report' in header
    assert header.endswith("CONFIDENTIAL")
    footer = root.find(f"{ns}headerFooter/{ns}oddFooter").text
    assert "acme-2025 · Version 1.0 · &A" in footer and "Page &P / &N" in footer


def test_comparison_and_change_sheets(view: Any, tmp_path: Path) -> None:
    wb = _workbook(view, tmp_path)
    texts = [c.value for row in wb["Comparison"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "▼ Worsened" in texts and "▲ Improved" in texts
    changes = [c.value for row in wb["Change analysis"].iter_rows() for c in row if c.value is not None]
    assert 12 in changes and "RFC-1077" in changes


def test_finnish_workbook_sheet_names(results: dict[str, Any], assessment: Any, catalogue: Any, tmp_path: Path) -> None:
    wb = _workbook(build_report_view(results, assessment, catalogue, "fi"), tmp_path)
    assert wb.sheetnames == ["Yhteenveto", "Havainnot", "Toimenpidesuunnitelma", "Poikkeamarekisteri", "Prosessit",
                             "Menetelmä", "Vaatimukset", "_tekniset_tiedot"]
    assert wb["Toimenpidesuunnitelma"]["N1"].value == "Tila"


# --------------------------------------------------------------------------- HTML


def _html(view: Any) -> str:
    from itsm_assess.reports.html import render_report_html

    return render_report_html(view)


def test_environment_escapes_every_template_and_is_strict() -> None:
    from jinja2 import StrictUndefined
    from jinja2.exceptions import UndefinedError

    from itsm_assess.reports.html import environment

    env = environment()
    assert env.autoescape is True and env.undefined is StrictUndefined
    # Jinja2's default Undefined renders a missing name as "" (and fails only on its attributes):
    # only a strict environment refuses this.
    with pytest.raises(UndefinedError, match="'missing' is undefined"):
        env.from_string("{{ missing }}").render()
    assert env.from_string("{{ text }}").render(text="<b>&") == "&lt;b&gt;&amp;"


def test_html_escapes_user_text(view: Any) -> None:
    html = _html(view)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<b>Oy</b>" not in html and "Acme &lt;b&gt;Oy&lt;/b&gt; &amp; &#34;Partners&#34;" in html
    assert "<i>Lead</i>" not in html and "<b>bold</b>" not in html
    assert html.count("<script>") == 1  # only our own inline script


def test_html_is_self_contained(view: Any) -> None:
    html = _html(view)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html
    assert re.findall(r'href="#([a-z]+)"', html) == ["summary", "comparison", "findings", "actions", "register", "profile",
                                                      "processes", "changes", "method", "requirements"]
    for anchor in re.findall(r'href="#([a-z]+)"', html):
        assert f'id="{anchor}"' in html


def test_html_accessibility_and_chart(view: Any) -> None:
    html = _html(view)
    assert '<html lang="en">' in html
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in html
    desc = re.search(r'<desc id="chart-desc">(.*?)</desc>', html, re.S).group(1)
    assert "CHG Change management: capability level 1, target level 3" in desc
    assert 'fill="#1F4E79"' in html and 'fill="#C55A11"' in html
    assert html.count("<th scope=") > 50 and "<th>" not in html
    assert "@media print" in html and "size: A4" in html
    heat = html[html.index('id="heatmap"'):html.index('id="processes"')]
    assert '<td class="c r-L" title="Process performance">L+</td>' in heat


def test_html_tables_sortable_filterable_but_readable_without_script(view: Any) -> None:
    html = _html(view)
    assert '<table id="findings-table" class="fixed-print" data-sortable>' in html
    assert '<table id="actions-table" class="fixed-print" data-sortable>' in html
    assert '<div class="tools" hidden data-for="findings-table">' in html
    no_script = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert "Changes implemented without recorded approval" in no_script


def test_finnish_html(results: dict[str, Any], assessment: Any, catalogue: Any) -> None:
    html = _html(build_report_view(results, assessment, catalogue, "fi", _json("baseline_results.json")))
    assert '<html lang="fi">' in html
    for word in ("Kyvykkyystaso", "Korjaavien toimenpiteiden suunnitelma", "Vertailu edelliseen arviointiin",
                 "Johdon yhteenveto", "Keskeiset johtopäätökset",
                 "Havainnot", "10.–12.3.2025", "50\u00a0%"):
        assert word in html


# --------------------------------------------------------------------------- JSON, writing, CLI


def test_report_json_holds_results_and_view(view: Any, results: dict[str, Any]) -> None:
    data = json.loads(report_json(view, results))
    assert data["results"] == results
    assert data["report"]["actions"][0]["process"] == "INC" and "labels" not in data["report"]


def test_parse_formats() -> None:
    assert parse_formats("json, XLSX") == ["xlsx", "json"]
    with pytest.raises(InputError, match="docx"):
        parse_formats("xlsx,docx")


def test_write_reports_refuses_to_overwrite(view: Any, results: dict[str, Any], tmp_path: Path) -> None:
    paths = write_reports(view, results, tmp_path, ["html", "json"])
    assert sorted(p.name for p in paths.values()) == ["acme-2025-report.html", "acme-2025-report.json"]
    paths["html"].write_text("kept", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        write_reports(view, results, tmp_path, ["xlsx", "html"])
    assert paths["html"].read_text(encoding="utf-8") == "kept"
    assert not (tmp_path / "acme-2025-report.xlsx").exists()  # nothing written when refusing
    write_reports(view, results, tmp_path, ["html"], force=True)
    assert paths["html"].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _run(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_cli_report_end_to_end_with_scoring(tmp_path: Path) -> None:
    args = ["report", str(FIX / "assessment.yaml"), "--catalogue", str(FIX / "catalogue"), "--format", "xlsx,html,json",
            "--baseline", str(FIX / "baseline.yaml"), "--changes", str(FIX / "changes.json"), "--lang", "fi",
            "-o", str(tmp_path)]
    result = _run(args)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["acme-2025-report-fi.html", "acme-2025-report-fi.json", "acme-2025-report-fi.xlsx"]
    data = json.loads((tmp_path / "acme-2025-report-fi.json").read_text(encoding="utf-8"))
    assert data["results"]["format"] == "itsm-assess/results"
    assert data["report"]["comparison"]["baseline_id"] == "acme-2024"
    assert data["report"]["change_analysis"]["total"] == 12
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2 and "--force" in again.output
    assert _run([*args, "--force"]).exit_code == 0


def test_cli_report_from_results_json_and_bad_changes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"total": 3, "by_route": [1]}', encoding="utf-8")
    base = ["report", str(FIX / "assessment.yaml"), "--catalogue", str(FIX / "catalogue"),
            "--results", str(FIX / "results.json"), "--format", "json", "-o", str(tmp_path)]
    result = CliRunner().invoke(cli, [*base, "--changes", str(bad)])
    assert result.exit_code == 2 and "bad.json: by_route: expected an object" in result.output
    result = _run([*base, "--baseline", str(FIX / "baseline_results.json")])
    assert result.exit_code == 0
    data = json.loads((tmp_path / "acme-2025-report.json").read_text(encoding="utf-8"))
    assert data["results"]["gaps"][0]["priority"] == 3.5  # the given results, not scored again


def test_report_help_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom click.testing import CliRunner\nfrom itsm_assess.cli import cli\n"
            "CliRunner().invoke(cli, ['report', '--help'])\n"
            "print(any(m.split('.')[0] in ('openpyxl', 'jinja2') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_comparison_baseline_equals_the_baselines_own_scoring() -> None:
    from itsm_assess.assessment import load_assessment
    from itsm_assess.scoring import score

    examples = Path(__file__).resolve().parent.parent / "examples" / "revontuli"
    now_a, base_a = load_assessment(examples / "assessment-2026.yaml"), load_assessment(examples / "assessment-2025.yaml")
    cat = load_catalogue(now_a.assessment.catalogue)
    now, base = score(now_a, cat).to_dict(), score(base_a, cat).to_dict()
    view = build_report_view(now, now_a, cat, "en", base)
    comp = view.comparison
    assert comp["compliance_before"] == base["overall"]["compliance"]
    assert comp["verdict_before"] == base["readiness"]["verdict"]
    assert {g["grade"]: g["before"] for g in comp["findings_by_grade"]} == base["findings_by_grade"]
    for p in comp["processes"]:
        own = base["processes"][p["id"]]
        assert (p["level_before"], p["compliance_before"]) == (own["capability_level"], own["compliance"]), p["id"]
        mine = now["processes"][p["id"]]
        assert (p["level_now"], p["compliance_now"]) == (mine["capability_level"], mine["compliance"]), p["id"]
    for a in comp["attributes"]:
        assert a["rating_before"] == (base["processes"][a["process"]]["attributes"].get(a["attribute"]) or {}).get("rating")
    # The summary's progress message and figures quote the same numbers.
    progress = next(m["text"] for m in view.executive["messages"] if m["kind"] == "progress")
    from itsm_assess.i18n.formats import format_percent

    assert format_percent(base["overall"]["compliance"], "en") in progress


def test_verdict_wording_follows_what_the_scoring_covered() -> None:
    from itsm_assess.reports.labels import labels
    from itsm_assess.reports.summary import verdict_view

    en, fi = labels("en"), labels("fi")
    full = verdict_view({"verdict": "ready-with-conditions", "certification_scope": True}, "audit", en)
    assert full["rag"] == "A" and full["scope_text"].startswith("Verdict on certification readiness")
    partial = verdict_view({"verdict": "ready", "certification_scope": False, "clauses_outside_scope": ["8.2", "8.3"]},
                           "audit", fi)
    assert partial["label"] == "Valmis sertifiointiauditointiin" and "kohdat 8.2, 8.3 jäivät" in partial["scope_text"]
    assert "ei arvio sertifiointivalmiudesta" in partial["scope_text"]
    none = verdict_view({"verdict": None}, "self-assessment", en)
    assert none == {"code": "none", "label": "Self-assessment: the team's own view", "rag": "X",
                    "scope_text": en["director_not_an_audit"]}
    assert verdict_view({"verdict": None}, "audit", en)["label"] == "No readiness verdict"


def test_a_nonconformity_without_a_statement_labels_its_requirement(results: dict[str, Any], assessment: Any,
                                                                     catalogue: Any) -> None:
    """Meaning error 4 of the blind review: "Korjaa lievä poikkeama F-2026-01: CI-tyypit on määritelty"
    read the requirement's title as the finding. Without a statement the requirement is labelled."""
    results = copy.deepcopy(results)
    results["findings"].append({"id": "SLM-01-finding", "grade": "minor-nc", "requirements": ["SLM-01"],
                                "clauses": ["8.3.3"], "processes": ["SLM"], "generated": True,
                                "statement": "Recorded on SLM-01: x", "statement_default": True, "status": "open"})
    for lang, action, statement in (
            ("en", "Correct minor nonconformity SLM-01-finding (requirement SLM-01 “",
             "Concerns the requirement “"),
            ("fi", "Korjaa lievä poikkeama SLM-01 (vaatimus SLM-01 ”", "Koskee vaatimusta ”")):
        view = build_report_view(results, assessment, catalogue, lang)
        row = next(a for a in view.actions if a["key"] == "SLM-01-finding")
        assert row["action"].startswith(action) and row["action"].endswith("”)"), row["action"]
        found = next(f for f in view.findings if f["requirements"] == ["SLM-01"] and f["grade"] == "minor-nc")
        assert found["statement"].startswith(statement) and "Recorded on" not in found["statement"]
