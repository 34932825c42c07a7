"""`itsm-assess compare`: course groups against the trainer's key, same ids kept apart."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from itsm_assess.assessment import Response, save_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.fieldwork.create import new_assessment

FIX = Path(__file__).parent / "fixtures" / "workbook"


def _write(path: Path, ratings: dict[str, str]) -> Path:
    cat = load_catalogue(FIX, checklists=FIX / "checklists")
    a = new_assessment(cat, "Revontuli", ["CHG", "INC"], assessment_id="revontuli-course")  # every group: same id
    a.responses = [Response(id=k, rating=v) for k, v in ratings.items()]  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    save_assessment(a, path)
    return path


def test_groups_against_the_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    key = _write(tmp_path / "key" / "assessment.yaml", {"CHG-01": "L", "CHG-02": "P", "CHG-03": "F", "INC-01": "L"})
    groups = [
        _write(tmp_path / "group-1" / "assessment.yaml", {"CHG-01": "L", "CHG-02": "P", "CHG-03": "F", "INC-01": "L+"}),
        _write(tmp_path / "group-2" / "assessment.yaml", {"CHG-01": "L-", "CHG-02": "F", "CHG-03": "L", "INC-01": "L"}),
        _write(tmp_path / "group-3" / "assessment.yaml", {"CHG-01": "N", "CHG-02": "P", "INC-01": "P"}),
    ]
    out = tmp_path / "cmp"
    r = CliRunner().invoke(cli, ["compare", *map(str, groups), "--key", str(key), "--catalogue", str(FIX),
                                 "--format", "html,xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out / "comparison.xlsx")
    assert wb.sheetnames == ["Requirements", "Process attributes", "Agreement with the key", "Outliers"]
    ws = wb["Requirements"]
    assert [c.value for c in ws[1]] == ["Requirement", None, "Key", "group-1", "group-2", "group-3", "Agree with the key"]
    assert [c.value for c in ws[3]] == ["CHG-02", "Approval", "P", "P", "F", "P", 2]
    agreement = {row[0].value: (row[2].value, row[3].value) for row in wb["Agreement with the key"].iter_rows(min_row=2)}
    assert agreement["group-1"] == (4, 1.0) and agreement["group-2"] == (4, 0.5) and agreement["group-3"][0] == 3
    outliers = {(row[0].value, row[1].value) for row in wb["Outliers"].iter_rows(min_row=2)}
    assert outliers == {("CHG-01", "group-3"), ("CHG-02", "group-2")}  # two bands or more from the key
    html = (out / "comparison.html").read_text(encoding="utf-8")
    assert "group-3" in html and 'class="c out">N<' in html and "<script" not in html
    # without a key: outliers against the median of all; same folder names fall back to file names
    again = CliRunner().invoke(cli, ["compare", *map(str, groups), "--catalogue", str(FIX), "--format", "xlsx",
                                     "-o", str(out), "--force"])
    assert again.exit_code == 0, again.output
    assert {(row[0].value, row[1].value) for row in openpyxl.load_workbook(out / "comparison.xlsx")["Outliers"].iter_rows(min_row=2)} == {("CHG-01", "group-3"), ("CHG-02", "group-2")}
    same = [_write(tmp_path / "x" / f"{n}.yaml", {"CHG-01": "F"}) for n in ("a", "b")]
    r = CliRunner().invoke(cli, ["compare", *map(str, same), "--catalogue", str(FIX), "--format", "xlsx",
                                 "-o", str(tmp_path / "c2")])
    assert r.exit_code == 0, r.output
    assert [c.value for c in openpyxl.load_workbook(tmp_path / "c2" / "comparison.xlsx")["Requirements"][1]][2:] == ["a", "b"]
    bad = CliRunner().invoke(cli, ["compare", str(groups[0]), "--format", "pdf", "-o", str(tmp_path / "c3")])
    assert bad.exit_code == 2 and "pdf: expected a comma-separated list of html, xlsx" in bad.output


def test_checklist_course_title_and_brand(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "course.html"
    r = CliRunner().invoke(cli, ["checklist", "render", "--catalogue", str(FIX), "-p", "CHG", "--edition", "participant",
                                 "--title", "ITSM-peruskurssi <2026>", "--brand", "Koulutus & Co", "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>ITSM-peruskurssi &lt;2026&gt;</h1>" in html and "Koulutus &amp; Co · " in html
    xlsx = tmp_path / "course.xlsx"
    assert CliRunner().invoke(cli, ["checklist", "render", "--catalogue", str(FIX), "-p", "CHG", "--title", "Kurssi",
                                    "--brand", "R&D", "-o", str(xlsx)]).exit_code == 0
    ws = openpyxl.load_workbook(xlsx)["CHG"]
    assert ws.oddHeader.center.text == "Kurssi" and "R&D · " in ws["A1"].value
