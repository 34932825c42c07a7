"""`report import-actions`: the edited action plan of a report workbook comes back into assessment.yaml."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from itsm_assess.assessment import load_assessment, load_for_catalogue
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.reports import build_report_view
from itsm_assess.reports.xlsx import write_report_xlsx

FIX = Path(__file__).parent / "fixtures" / "reports"
COL = {"id": 2, "action": 10, "owner": 12, "due": 13, "status": 14, "notes": 15}


@pytest.fixture()
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the fixture assessment and the report workbook written from it (Finnish)."""
    shutil.copytree(FIX / "catalogue", tmp_path / "catalogue")
    yaml_path = tmp_path / "assessment.yaml"
    shutil.copy(FIX / "assessment.yaml", yaml_path)
    xlsx = tmp_path / "report.xlsx"
    _write_report(yaml_path, xlsx, "fi")
    return yaml_path, xlsx


def _write_report(yaml_path: Path, xlsx: Path, lang: str) -> Any:
    catalogue = load_catalogue(yaml_path.parent / "catalogue")
    assessment = load_for_catalogue(yaml_path, catalogue)
    results = json.loads((FIX / "results.json").read_text(encoding="utf-8"))
    view = build_report_view(results, assessment, catalogue, lang)
    write_report_xlsx(view, xlsx)
    return view


def _edit(xlsx: Path, edits: dict[tuple[str, str], Any], sort_reverse: bool = False) -> None:
    wb = load_workbook(xlsx)
    ws = wb["Toimenpidesuunnitelma"]
    rows = {ws.cell(row=r, column=COL["id"]).value: r for r in range(2, ws.max_row + 1)}
    for (action_id, key), value in edits.items():
        row = rows.get(action_id) if action_id else max(rows.values()) - 1
        ws.cell(row=row, column=COL[key]).value = value
    if sort_reverse:  # as a user sorting the plan: rows in another order
        data = [[c.value for c in ws[r]] for r in range(2, 9)]
        for r, values in zip(range(2, 9), reversed(data), strict=True):
            for c, v in enumerate(values, start=1):
                ws.cell(row=r, column=c).value = v
    wb.save(xlsx)


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_edited_plan_comes_back_into_the_assessment_and_the_next_report(setup: tuple[Path, Path]) -> None:
    yaml_path, xlsx = setup
    _edit(xlsx, {("SLM-PA1.1", "owner"): "Palvelutasopäällikkö", ("SLM-PA1.1", "due"): dt.datetime(2025, 9, 30),
                 ("SLM-PA1.1", "status"): "Työn alla", ("F-01", "notes"): "Työkalun muutos tilattu",
                 (None, "action"): "Kouluta muutosneuvosto", (None, "owner"): "CAB-puheenjohtaja"},
          sort_reverse=True)
    result = _run("report", "import-actions", str(xlsx), "--assessment", str(yaml_path))
    assert result.exit_code == 0, result.output
    actions = {a.id: a for a in load_assessment(yaml_path).actions}
    slm = actions["SLM-PA1.1"]
    assert (slm.owner, slm.due_date, slm.status) == ("Palvelutasopäällikkö", dt.date(2025, 9, 30), "in-progress")
    assert actions["F-01"].notes == "Työkalun muutos tilattu" and actions["F-01"].owner == "Change manager"
    assert actions["OWN-1"].action == "Kouluta muutosneuvosto" and actions["OWN-1"].owner == "CAB-puheenjohtaja"
    assert set(actions) == {"SLM-PA1.1", "F-01", "OWN-1"}  # untouched rows add nothing
    # The next report shows what came back, the own action included.
    view = _write_report(yaml_path, yaml_path.parent / "again.xlsx", "en")
    rows = {a["id"]: a for a in view.actions}
    assert rows["SLM-PA1.1"]["status_label"] == "In progress" and rows["SLM-PA1.1"]["due_date"] == "2025-09-30"
    assert rows["OWN-1"]["kind"] == "own" and rows["OWN-1"]["action"] == "Kouluta muutosneuvosto"
    # Importing the same workbook again changes nothing.
    before = yaml_path.read_text(encoding="utf-8")
    again = _run("report", "import-actions", str(xlsx), "--assessment", str(yaml_path))
    assert again.exit_code == 0 and yaml_path.read_text(encoding="utf-8") == before


def test_a_workbook_with_the_former_hidden_sheet_name_still_imports(setup: tuple[Path, Path]) -> None:
    # The hidden sheet was "_itsm_assess" before it was named in the workbook's language.
    yaml_path, xlsx = setup
    wb = load_workbook(xlsx)
    assert "_tekniset_tiedot" in wb.sheetnames
    wb["_tekniset_tiedot"].title = "_itsm_assess"
    wb.save(xlsx)
    _edit(xlsx, {("SLM-PA1.1", "owner"): "Palvelutasopäällikkö"})
    result = _run("report", "import-actions", str(xlsx), "--assessment", str(yaml_path))
    assert result.exit_code == 0, result.output
    assert {a.id: a for a in load_assessment(yaml_path).actions}["SLM-PA1.1"].owner == "Palvelutasopäällikkö"


def test_bad_cells_are_named_and_nothing_is_written(setup: tuple[Path, Path]) -> None:
    yaml_path, xlsx = setup
    before = yaml_path.read_text(encoding="utf-8")
    _edit(xlsx, {("F-01", "due"): "31.13.2025", ("INC-02", "status"): "Valmiina", ("SLM-PA1.1", "id"): "XYZ-9"})
    result = _run("report", "import-actions", str(xlsx), "--assessment", str(yaml_path))
    assert result.exit_code == 2
    assert "Toimenpidesuunnitelma!M3: due date '31.13.2025' is not a date" in result.output
    assert "Toimenpidesuunnitelma!N2: status 'Valmiina' is not one of Avoin, Työn alla, Valmis" in result.output
    assert "Toimenpidesuunnitelma!B5: action id 'XYZ-9' is not in this report's action plan" in result.output
    assert "Traceback" not in result.output
    assert yaml_path.read_text(encoding="utf-8") == before


def test_a_value_changed_on_both_sides_is_a_conflict_that_needs_force(setup: tuple[Path, Path]) -> None:
    yaml_path, xlsx = setup
    # After the report was written, someone set F-01's owner in assessment.yaml ...
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text + "actions:\n  - {id: F-01, owner: Quality manager}\n", encoding="utf-8")
    # ... while the client wrote another owner into the workbook.
    _edit(xlsx, {("F-01", "owner"): "CIO", ("INC-02", "notes"): "Korjattu"})
    before = yaml_path.read_text(encoding="utf-8")
    result = _run("report", "import-actions", str(xlsx), "--assessment", str(yaml_path))
    assert result.exit_code == 2, result.output  # a conflict: nothing written, not even the notes
    assert "Toimenpidesuunnitelma!L3: F-01 owner: “Quality manager” → CIO" in result.output
    assert yaml_path.read_text(encoding="utf-8") == before
    forced = _run("report", "import-actions", str(xlsx), "--assessment", str(yaml_path), "--force")
    assert forced.exit_code == 0, forced.output
    actions = {a.id: a for a in load_assessment(yaml_path).actions}
    assert actions["F-01"].owner == "CIO" and actions["INC-02"].notes == "Korjattu"


def test_report_of_another_assessment_is_refused(setup: tuple[Path, Path], tmp_path: Path) -> None:
    yaml_path, xlsx = setup
    other = tmp_path / "other.yaml"
    other.write_text(yaml_path.read_text(encoding="utf-8").replace("id: acme-2025", "id: acme-2026"), encoding="utf-8")
    result = _run("report", "import-actions", str(xlsx), "--assessment", str(other))
    assert result.exit_code == 2 and "the report of assessment 'acme-2025', not of 'acme-2026'" in result.output


def test_a_fieldwork_workbook_is_not_mistaken_for_a_report(setup: tuple[Path, Path], tmp_path: Path) -> None:
    yaml_path, _ = setup
    plain = tmp_path / "plain.xlsx"
    from openpyxl import Workbook

    Workbook().save(plain)
    result = _run("report", "import-actions", str(plain), "--assessment", str(yaml_path))
    assert result.exit_code == 2 and "not a report workbook of itsm-assess" in result.output


def test_text_cells_read_as_the_fieldwork_import_reads_them(setup: tuple[Path, Path]) -> None:
    # One reading of a text cell (``_io.xlsx_read.typed_text``): a Word line break pasted into
    # Excel (stored as _x000B_) comes back as a line break; a control character is named by cell.
    yaml_path, xlsx = setup
    _edit(xlsx, {("F-01", "notes"): "Tilattu_x000B_toimittajalta"})
    result = _run("report", "import-actions", str(xlsx), "--assessment", str(yaml_path))
    assert result.exit_code == 0, result.output
    assert {a.id: a for a in load_assessment(yaml_path).actions}["F-01"].notes == "Tilattu\ntoimittajalta"
    before = yaml_path.read_text(encoding="utf-8")
    _edit(xlsx, {("F-01", "notes"): "Tilattu_x001B_[31m"})
    result = _run("report", "import-actions", str(xlsx), "--assessment", str(yaml_path))
    assert result.exit_code == 2
    assert "Toimenpidesuunnitelma!O3: control character U+001B at position 8" in result.output
    finnish = CliRunner().invoke(cli, ["report", "import-actions", str(xlsx), "--assessment", str(yaml_path)],
                                 env={"ITSM_ASSESS_LANG": "fi"})
    assert "Toimenpidesuunnitelma!O3: ohjausmerkki U+001B kohdassa 8" in finnish.output, finnish.output
    assert yaml_path.read_text(encoding="utf-8") == before
