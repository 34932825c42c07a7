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
from itsm_assess.errors import ConflictError, InputError
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


def test_view_actions_follow_gap_priority_with_owner_and_due_date_from_findings(view: Any) -> None:
    assert [a["no"] for a in view.actions] == [1, 2, 3, 4, 5]
    assert [(a["process"], a["attribute"]) for a in view.actions][:3] == [("INC", "PA1.1"), ("CHG", "PA2.1"), ("CHG", "PA1.1")]
    chg = view.actions[2]
    assert chg["owner"] == "Change manager" and chg["due_date"] == "2025-06-30"
    assert chg["findings"] == ["F-01"] and "Enforce approval" in chg["action"]
    # Requirements already at the needed rating are not listed as work to do.
    assert "INC-02" in view.actions[0]["action"]
    assert view.actions[3]["rating"] is None and "not rated" in view.actions[3]["action"]


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
    assert view.actions[0]["action"].startswith(
        "Nosta Häiriönhallinta-prosessin attribuutin PA1.1 (Prosessin suorittaminen) arvio tasolta P+ vähintään "
        "tasolle F. Korjattavat vaatimukset: INC-02"
    )
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
    assert wb.sheetnames == ["Summary", "Processes", "Findings", "Action plan", "Requirements", "Comparison",
                             "Change analysis", "Method"]
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert wb["Findings"].print_title_rows == "$1:$1"
    import zipfile

    # openpyxl does not read charts back: look into the saved file.
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0])
        assert b"<barChart>" in xml and b'<barDir val="bar"' in xml and xml.count(b"<ser>") == 2


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
    assert ws["B2"].value == "Major nonconformity" and ws["B2"].fill.fgColor.rgb.endswith("E6A1A1")


def test_action_plan_inputs_unlocked_with_status_validation(view: Any, tmp_path: Path) -> None:
    ws = _workbook(view, tmp_path)["Action plan"]
    assert ws.protection.sheet
    assert [ws.cell(row=1, column=c).value for c in (9, 10, 11, 12)] == ["Action", "Owner", "Due date", "Status"]
    row = 4  # third action: CHG PA1.1 with the owner of finding F-01
    assert ws.cell(row=row, column=10).value == "Change manager"
    assert ws.cell(row=row, column=11).value.date().isoformat() == "2025-06-30"
    for col in (9, 10, 11, 12):
        assert ws.cell(row=row, column=col).protection.locked is False
    for col in (1, 2, 3, 5):
        assert ws.cell(row=row, column=col).protection.locked is True
    kinds = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert kinds["list"].formula1 == '"Open,In progress,Done"'
    assert "L2:L16" in str(kinds["list"].sqref)
    assert "date" in kinds


def test_action_plan_blank_rows_are_boxed_inputs_and_formula_text_keeps_quote_prefix(
    view: Any, tmp_path: Path
) -> None:
    ws = _workbook(view, tmp_path)["Action plan"]
    last = 16  # actions + 10 blank rows for the consultant's own
    for row in (2, last):
        for col in range(1, 13):
            cell = ws.cell(row=row, column=col)
            assert cell.border.left.style == "thin", (row, col)
            assert cell.protection.locked is (col < 9), (row, col)
        assert ws.cell(row=row, column=11).number_format == "yyyy-mm-dd"
        assert ws.cell(row=row, column=10).fill.fgColor.rgb.endswith("FFF9E5")
    assert ws.cell(row=last, column=9).value is None and ws.cell(row=last + 1, column=9).has_style is False
    assert ws.cell(row=2, column=2).number_format == "0.00"
    assert ws.cell(row=2, column=5).alignment.horizontal == "center"
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


def test_processes_sheet_colours_ratings(view: Any, tmp_path: Path) -> None:
    ws = _workbook(view, tmp_path)["Processes"]
    headers = [c.value for c in ws[1]]
    assert headers[3:6] == ["PA1.1", "PA2.1", "PA2.2"]
    chg = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "CHG")
    assert (chg[3].value, chg[4].value) == ("L+", "P")
    assert chg[3].fill.fgColor.rgb.endswith("C6E0B4") and chg[4].fill.fgColor.rgb.endswith("F8CBAD")


def test_comparison_and_change_sheets(view: Any, tmp_path: Path) -> None:
    wb = _workbook(view, tmp_path)
    texts = [c.value for row in wb["Comparison"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "▼ Worsened" in texts and "▲ Improved" in texts
    changes = [c.value for row in wb["Change analysis"].iter_rows() for c in row if c.value is not None]
    assert 12 in changes and "RFC-1077" in changes


def test_finnish_workbook_sheet_names(results: dict[str, Any], assessment: Any, catalogue: Any, tmp_path: Path) -> None:
    wb = _workbook(build_report_view(results, assessment, catalogue, "fi"), tmp_path)
    assert wb.sheetnames == ["Yhteenveto", "Prosessit", "Havainnot", "Toimenpidesuunnitelma", "Vaatimukset", "Menetelmä"]
    assert wb["Toimenpidesuunnitelma"]["L1"].value == "Tila"


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
    with pytest.raises(UndefinedError):
        env.get_template("report.html.j2").render()


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
    assert re.findall(r'href="#([a-z]+)"', html) == ["summary", "profile", "heatmap", "findings", "actions",
                                                      "requirements", "comparison", "changes", "method"]
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
    heat = html[html.index('id="heatmap"'):html.index('id="findings"')]
    assert '<td class="c r-L" title="Process performance">L+</td>' in heat


def test_html_tables_sortable_filterable_but_readable_without_script(view: Any) -> None:
    html = _html(view)
    assert '<table id="findings-table" data-sortable>' in html and '<table id="actions-table" data-sortable>' in html
    assert '<div class="tools" hidden data-for="findings-table">' in html
    no_script = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert "Changes implemented without recorded approval" in no_script


def test_finnish_html(results: dict[str, Any], assessment: Any, catalogue: Any) -> None:
    html = _html(build_report_view(results, assessment, catalogue, "fi", _json("baseline_results.json")))
    assert '<html lang="fi">' in html
    for word in ("Kyvykkyystaso", "Toimenpidesuunnitelma", "Vertailu edelliseen arviointiin", "Sertifiointivalmius",
                 "Poikkeamat ja havainnot", "10.–12.3.2025", "50\u00a0%"):
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
    with pytest.raises(ConflictError):
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
