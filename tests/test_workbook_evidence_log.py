"""The evidence log in the audit fieldwork workbook: the evidence columns of a row become one line
of the requirement's ``evidence_log`` (recorded today by the workbook's respondent), lines already
in assessment.yaml are kept, the same line is not added twice, and a bad cell is one located line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itsm_assess.assessment import EvidenceEntry, Response, load_assessment, save_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.fieldwork import create_assessment, import_fieldwork, new_assessment
from itsm_assess.i18n import translate

FIX = Path(__file__).parent / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


def _new(cat, tmp_path: Path, *, method: str = "audit"):  # type: ignore[no-untyped-def]
    a = new_assessment(cat, "Revontuli", ["CHG", "INC"], targets={"CHG": 2}, lang="fi", assessment_id="rev",
                       method=method, today=dt.date(2026, 3, 1))
    return create_assessment(tmp_path / "a", cat, a)


def _fill(path: Path, values: dict[tuple[str, str, str], object]) -> dict[str, str]:
    """Types into the cells as a person does; returns each key's cell reference on the last row typed."""
    wb = openpyxl.load_workbook(path)
    where = {}
    for (sheet, item_id, key), value in values.items():
        ws = wb[sheet]
        col = {c.value: c.column for c in ws[2]}[key]
        row = next(r[0].row for r in ws.iter_rows(min_row=3) if r[0].value == item_id)
        ws.cell(row=row, column=col).value = value
        where[key] = f"{sheet}!{ws.cell(row=row, column=col).coordinate}"
    wb.save(path)
    return where


ROW = {
    ("CHG", "CHG-01", "rating"): "F",
    ("CHG", "CHG-01", "ev_records"): "RFC-2211; RFC-2240\nRFC-2302",
    ("CHG", "CHG-01", "ev_sample_size"): 3,
    ("CHG", "CHG-01", "ev_population"): "140",
    ("CHG", "CHG-01", "ev_documents"): "Muutoksenhallinnan menettely v2.1",
    ("CHG", "CHG-01", "ev_interviewees"): "Muutospäällikkö;\nCAB:n puheenjohtaja",
    ("CHG", "CHG-01", "ev_site"): "Helsinki",
    ("CHG", "CHG-01", "ev_date"): dt.datetime(2026, 2, 27),
}


def test_evidence_columns_become_one_log_line_kept_beside_yaml_lines_and_shown_in_the_report(
        cat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    yaml_path, xlsx = _new(cat, tmp_path)
    ws = openpyxl.load_workbook(xlsx)["CHG"]
    captions = dict(zip([c.value for c in ws[2]], [c.value for c in ws[1]], strict=True))
    assert (captions["ev_records"], captions["ev_sample_size"], captions["ev_population"]) == (
        "Otanta (tunnisteet)", "Otoskoko", "Perusjoukko")
    # a line the auditor wrote in assessment.yaml stays as it was
    a = load_assessment(yaml_path)
    yaml_line = EvidenceEntry(kind="interview", role="Palvelupäällikkö", recorded=dt.date(2026, 2, 20),
                              recorded_by="Aino")
    assert "CHG-01" not in a.response_map()
    a.responses.append(Response(id="CHG-01", evidence_log=[yaml_line]))
    save_assessment(a, yaml_path)
    _fill(xlsx, ROW)
    report = import_fieldwork(xlsx, yaml_path, catalogue=cat)
    assert any("CHG-01: records added to the evidence log (“Muutoksenhallinnan menettely v2.1”)" in c for c in report.changes)
    log = load_assessment(yaml_path).response_map()["CHG-01"].evidence_log
    assert log[0] == yaml_line
    assert len(log) == 2
    got = log[1]
    assert (got.kind, got.records, got.sample_size, got.population) == ("record", ["RFC-2211", "RFC-2240", "RFC-2302"],
                                                                         3, 140)
    assert (got.source, got.roles, got.site, got.date) == ("Muutoksenhallinnan menettely v2.1",
                                                           ["Muutospäällikkö", "CAB:n puheenjohtaja"],
                                                           "Helsinki", dt.date(2026, 2, 27))
    # one role stays written as the auditor wrote it, several are a list
    text = yaml_path.read_text(encoding="utf-8")
    assert "role: Palvelupäällikkö" in text and "roles:\n" in text and "- CAB:n puheenjohtaja" in text
    assert got.recorded == dt.date.today()
    # importing the same workbook again adds nothing
    assert import_fieldwork(xlsx, yaml_path, catalogue=cat).changes == []
    assert len(load_assessment(yaml_path).response_map()["CHG-01"].evidence_log) == 2
    res = CliRunner().invoke(cli, ["report", str(yaml_path), "--catalogue", str(FIX), "--format", "html",
                                   "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert 'class="evidence-log"' in html
    assert ("Muutoksenhallinnan menettely v2.1 (3/140: RFC-2211, RFC-2240, RFC-2302), Helsinki, 27.2.2026; "
            "haastatellut: Muutospäällikkö, CAB:n puheenjohtaja; kirjattu") in html
    assert "Haastattelu: Palvelupäällikkö; kirjattu 20.2.2026, Aino" in html


def test_bad_evidence_cells_are_named_by_cell_and_nothing_is_written(cat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    yaml_path, xlsx = _new(cat, tmp_path)
    where = _fill(xlsx, {("CHG", "CHG-01", "ev_sample_size"): "kymmenen", ("CHG", "CHG-01", "ev_date"): "eilen"})
    where2 = _fill(xlsx, {("CHG", "CHG-02", "ev_sample_size"): 30, ("CHG", "CHG-02", "ev_population"): 12})
    before = yaml_path.read_bytes()
    with pytest.raises(InputError) as err:
        import_fieldwork(xlsx, yaml_path, catalogue=cat)
    problems = err.value.problems
    assert any(p.endswith(f"{where['ev_sample_size']}: Otoskoko 'kymmenen' is not a whole number (expected e.g. 25)")
               for p in problems), problems
    assert any(f"{where['ev_date']}: Näytön päiväys 'eilen' is not a date" in p for p in problems), problems
    assert any(p.endswith(f"{where2['ev_sample_size']}: a sample of 30 is larger than its population of 12 "
                          f"({where2['ev_population'].split('!')[1]})") for p in problems), problems
    assert all(len(p.splitlines()) == 1 for p in problems)
    assert any("ei ole kokonaisluku" in translate(p, "fi") for p in problems)
    assert yaml_path.read_bytes() == before


def test_self_assessment_workbook_has_no_evidence_columns(cat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _yaml, xlsx = _new(cat, tmp_path, method="self-assessment")
    keys = [c.value for c in openpyxl.load_workbook(xlsx)["CHG"][2]]
    assert not any(str(k).startswith("ev_") for k in keys)
