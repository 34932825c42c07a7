"""Fieldwork workbooks: writing, importing, round trip, every corruption, untrusted files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itsm_assess._io.xlsx_cells import set_text
from itsm_assess._io.xlsx_read import check_xlsx_archive, open_untrusted_workbook
from itsm_assess.assessment import Response, load_assessment, save_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.errors import ConflictError, InputError
from itsm_assess.fieldwork import create_assessment, import_fieldwork, new_assessment, read_fieldwork, write_fieldwork
from itsm_assess.fieldwork.layout import META_SHEET
from itsm_assess.i18n import translate

FIX = Path(__file__).parent / "fixtures" / "workbook"
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-x", "=1+1"]


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


@pytest.fixture
def fresh(cat, tmp_path):  # type: ignore[no-untyped-def]
    a = new_assessment(cat, "Revontuli Palvelut Oy", ["CHG", "INC"], targets={"CHG": 2}, lang="fi",
                       today=dt.date(2025, 3, 1))
    yaml_path, xlsx_path = create_assessment(tmp_path / "a", cat, a)
    return yaml_path, xlsx_path


def _cols(ws):  # type: ignore[no-untyped-def]
    return {c.value: c.column_letter for c in ws[2] if c.value}


def _row_of(ws, item_id):  # type: ignore[no-untyped-def]
    for row in ws.iter_rows(min_row=3):
        if row[0].value == item_id:
            return row[0].row
    raise AssertionError(item_id)


def _fill(path: Path, values: dict[tuple[str, str, str], str]) -> None:
    wb = openpyxl.load_workbook(path)
    for (sheet, item_id, key), value in values.items():
        ws = wb[sheet]
        set_text(ws[f"{_cols(ws)[key]}{_row_of(ws, item_id)}"], value)
    wb.save(path)


def _cells(path: Path) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}


def test_new_writes_a_protected_workbook_with_dropdowns(cat, fresh):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    a = load_assessment(yaml_path)
    assert a.assessment.id == "revontuli-palvelut-oy-2025-03-01" and a.assessment.catalogue_hash == cat.content_hash
    wb = openpyxl.load_workbook(xlsx_path)
    assert wb.sheetnames == ["Ohjeet", "_valintalistat", "CHG", "INC", META_SHEET]
    assert wb[META_SHEET].sheet_state == "hidden" and wb["_valintalistat"].sheet_state == "hidden"
    assert wb.security.lockStructure
    ws = wb["CHG"]
    assert [c.value for c in ws[2]] == ["id", "clause", "attribute", "title", "requirement", "question",
                                        "look_for", "rating", "verdict", "justification", "na_accepted",
                                        "finding", "evidence", "notes",
                                        "finding_statement", "recommendation", "owner", "due_date",
                                        "ev_records", "ev_sample_size", "ev_population", "ev_documents",
                                        "ev_interviewees", "ev_site", "ev_date"]
    assert ws.row_dimensions[2].hidden  # the machine keys stay out of the reader's way
    assert ws[1][7].value == "Arvio"  # localised caption above the keys
    # every drop-down in the workbook's language; the indicator rows carry a question
    lists = wb["_valintalistat"]
    assert [c.value for c in lists["B"]][:5] == ["Merkittävä poikkeama", "Lievä poikkeama", "Huomio",
                                            "Parannusmahdollisuus", "Hyvä käytäntö"]
    assert lists["A6"].value == "L – pääosin saavutettu"
    assert ws["F6"].value.startswith("Miten osoitatte, että ")  # the sheet names the process
    prompts = {dv.formula1: dv.prompt for dv in ws.data_validations.dataValidation if dv.formula1}
    assert prompts["RatingList"].startswith("Valitse arvio") and "luokka" in prompts["FindingList"]
    ids = [r[0].value for r in ws.iter_rows(min_row=3)]
    assert ids == ["CHG-01", "CHG-02", "CHG-03", "CHG:GP2.1.1", "CHG:GP2.2.1"]  # target 2: no PA3.1 row
    assert len([r for r in wb["INC"].iter_rows(min_row=3)]) == 2 + 3  # no target: every indicator
    assert ws.protection.sheet
    assert ws["H3"].protection.locked is False and ws["N7"].protection.locked is False
    assert ws["A3"].protection.locked is True and ws["E3"].protection.locked is True
    formulas = sorted(dv.formula1 for dv in ws.data_validations.dataValidation if dv.formula1)
    assert formulas == ["0", "0", "DATE(2000,1,1)", "DATE(2000,1,1)", "FindingList", "RatingList", "VerdictList",
                        "YesNoList"]  # whole numbers for the sample and population, dates for due and evidence
    assert "RatingList" in wb.defined_names and ws.freeze_panes == "B3"
    meta = {r[0].value: r[1].value for r in wb[META_SHEET].iter_rows()}
    assert meta["catalogue_hash"] == cat.content_hash and meta["format_version"] == "1"


def test_round_trip_cell_for_cell(cat, fresh, tmp_path):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    values = {  # picked from the drop-downs as a person does (labels), or typed as codes
        ("CHG", "CHG-01", "rating"): "L+ – pääosin, ylempi puolisko", ("CHG", "CHG-01", "finding"): "Lievä poikkeama",
        ("CHG", "CHG-01", "evidence"): FORMULAS[0], ("CHG", "CHG-01", "notes"): "Rivi 1\nRivi 2 – åäö",
        ("CHG", "CHG-02", "rating"): "ES – ei sovellu", ("CHG", "CHG-02", "notes"): FORMULAS[1],
        ("CHG", "CHG:GP2.1.1", "rating"): "P- – osittain, alempi puolisko", ("CHG", "CHG:GP2.1.1", "evidence"): FORMULAS[2],
        ("INC", "INC-02", "finding"): "Hyvä käytäntö", ("INC", "INC-02", "notes"): FORMULAS[3],
        ("INC", "INC:GP3.1.1", "rating"): "F – täysin saavutettu",
    }
    _fill(xlsx_path, values)
    report = import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    assert len(report.changes) == len(values) and not report.conflicts
    got = load_assessment(yaml_path).response_map()
    assert got["CHG-01"].evidence == FORMULAS[0] and got["CHG-02"].notes == FORMULAS[1]
    assert got["CHG:GP2.1.1"].rating == "P-" and got["INC-02"].notes == "-x"
    assert got["CHG-01"].rating == "L+" and got["CHG-01"].finding == "minor-nc" and got["INC-02"].finding == "good-practice"
    again = tmp_path / "again.xlsx"
    write_fieldwork(cat, load_assessment(yaml_path), again)
    assert _cells(again) == _cells(xlsx_path)
    wb = openpyxl.load_workbook(again)
    assert wb["CHG"][f"{_cols(wb['CHG'])['evidence']}3"].data_type == "s"  # formula-looking text stays text
    # importing the re-exported workbook changes nothing
    assert import_fieldwork(again, yaml_path, catalogue=cat).changes == []


def test_finnish_not_applicable_is_es_and_a_workbook_with_na_still_imports(cat, fresh, tmp_path):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    wb = openpyxl.load_workbook(xlsx_path)
    assert wb["_valintalistat"]["A9"].value == "ES – ei sovellu"  # the Finnish code, as in the CLI and the report
    prompt = next(dv.prompt for dv in wb["CHG"].data_validations.dataValidation if dv.formula1 == "RatingList")
    instructions = " ".join(str(c.value) for row in wb["Ohjeet"].iter_rows() for c in row if c.value)
    assert "tai ES (ei sovellu)" in prompt and "ES = ei sovellu" in instructions
    assert not any(" NA" in t or "NA " in t for t in (prompt, instructions))
    old = tmp_path / "old.xlsx"  # returned by a client before the Finnish code: NA, in any case
    old.write_bytes(xlsx_path.read_bytes())
    _fill(old, {("CHG", "CHG-01", "rating"): "NA – ei sovellu", ("CHG", "CHG-02", "rating"): "na",
                ("CHG", "CHG-03", "rating"): "NA"})
    _fill(xlsx_path, {("CHG", "CHG-01", "rating"): "ES – ei sovellu", ("CHG", "CHG-02", "rating"): "es",
                      ("CHG", "CHG-03", "rating"): "Ei sovellu"})
    import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    got = load_assessment(yaml_path).response_map()
    assert [got[i].rating for i in ("CHG-01", "CHG-02", "CHG-03")] == ["NA"] * 3
    assert import_fieldwork(old, yaml_path, catalogue=cat).changes == []  # the same answers, read from NA
    again = tmp_path / "again.xlsx"
    write_fieldwork(cat, load_assessment(yaml_path), again)
    ws = openpyxl.load_workbook(again)["CHG"]
    assert ws[f"{_cols(ws)['rating']}{_row_of(ws, 'CHG-02')}"].value == "ES – ei sovellu"


def test_typed_formula_comes_back_as_the_literal_text(cat, fresh):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    wb = openpyxl.load_workbook(xlsx_path)
    wb["CHG"][f"{_cols(wb['CHG'])['notes']}3"] = "=SUM(1,2)"  # what a person typing into Excel produces: a real formula
    wb.save(xlsx_path)
    import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    assert load_assessment(yaml_path).response_map()["CHG-01"].notes == "=SUM(1,2)"


def test_invalid_values_name_the_cell_and_the_allowed_values(cat, fresh):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    _fill(xlsx_path, {("CHG", "CHG-02", "rating"): "X", ("INC", "INC-01", "finding"): "bad one"})
    before = yaml_path.read_bytes()
    with pytest.raises(InputError) as err:
        import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    name = str(xlsx_path.relative_to(Path.cwd())) if xlsx_path.is_relative_to(Path.cwd()) else str(xlsx_path)
    # English until shown; in Finnish (--lang fi) with the workbook's own labels as the allowed values
    assert f"{name}: CHG!H4: rating 'X' is not allowed (expected one of the list: N, P-, P, P+, L-, L, L+, F, ES, or empty)" \
        in err.value.problems
    finnish = [translate(p, "fi") for p in err.value.problems]
    assert f"{name}: CHG!H4: arvio ”X” ei kelpaa (sallitut: N, P-, P, P+, L-, L, L+, F, ES tai tyhjä)" in finnish
    assert any("INC!L3: havainnon luokka ”bad one” ei kelpaa (sallitut: ”Merkittävä poikkeama”, ”Lievä poikkeama”"
               in p for p in finnish)
    assert yaml_path.read_bytes() == before


def test_conflicts_need_force_and_dry_run_writes_nothing(cat, fresh):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    a = load_assessment(yaml_path)
    a.responses.append(Response(id="CHG-01", rating="L", notes="from the opening meeting"))
    save_assessment(a, yaml_path)
    _fill(xlsx_path, {("CHG", "CHG-01", "rating"): "F", ("CHG", "CHG-02", "rating"): "P"})
    before = yaml_path.read_bytes()
    with pytest.raises(ConflictError) as err:
        import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    assert "CHG!H3: CHG-01 rating: L → F" in err.value.conflicts
    assert "CHG!N3: CHG-01 notes: “from the opening meeting” → (empty)" in err.value.conflicts
    assert "CHG!N3: CHG-01 muistiinpanot: ”from the opening meeting” → (tyhjä)" in [translate(c, "fi") for c in err.value.conflicts]
    assert yaml_path.read_bytes() == before
    report = import_fieldwork(xlsx_path, yaml_path, catalogue=cat, dry_run=True)
    assert len(report.conflicts) == 2 and len(report.changes) == 1 and yaml_path.read_bytes() == before
    import_fieldwork(xlsx_path, yaml_path, catalogue=cat, force=True)
    got = load_assessment(yaml_path).response_map()
    assert got["CHG-01"].rating == "F" and got["CHG-01"].notes is None and got["CHG-02"].rating == "P"


def test_renamed_sheet_is_an_error(cat, fresh):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    wb = openpyxl.load_workbook(xlsx_path)
    wb["CHG"].title = "Muutokset"
    wb.save(xlsx_path)
    with pytest.raises(InputError) as err:
        import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    text = str(err.value)
    assert "sheet 'Muutokset' is not a process sheet" in text and "sheet 'CHG' is missing" in text


def test_rows_moved_removed_and_added_merge_by_id(cat, fresh):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    _fill(xlsx_path, {("CHG", "CHG-01", "rating"): "F", ("CHG", "CHG-03", "rating"): "N"})
    wb = openpyxl.load_workbook(xlsx_path)
    ws = wb["CHG"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3, max_row=5)]  # CHG-01..03
    for col, value in enumerate(rows[2], start=1):  # CHG-03's row first ...
        ws.cell(row=3, column=col).value = value
    for col, value in enumerate(rows[0], start=1):  # ... CHG-01's in place of CHG-02's, which is gone
        ws.cell(row=4, column=col).value = value
    ws.delete_rows(5)
    wb.save(xlsx_path)
    report = import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    got = load_assessment(yaml_path).response_map()
    assert got["CHG-01"].rating == "F" and got["CHG-03"].rating == "N" and "CHG-02" not in got
    assert any("no row for CHG-02" in n for n in report.notices)
    assert any("different order" in n for n in report.notices)


def test_added_rows_with_unknown_or_duplicate_ids_are_errors(cat, fresh):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    wb = openpyxl.load_workbook(xlsx_path)
    ws = wb["CHG"]
    ws["A20"] = "CHG-99"
    ws["H20"] = "F"
    ws["A21"] = "CHG-01"
    ws["A22"] = "INC-01"  # another process's item on this sheet
    ws["H23"] = "L"  # answer without an id
    wb.save(xlsx_path)
    with pytest.raises(InputError) as err:
        import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    text = str(err.value)
    assert "CHG!A20: id 'CHG-99' is not an item of process CHG" in text
    assert "CHG!A21: id CHG-01 appears again (first at CHG!A3)" in text
    assert "CHG!A22: id 'INC-01' is not an item of process CHG" in text
    assert "CHG!H23: Arvio on annettu rivillä, jolla ei ole tunnusta (sarake A)" in translate(err.value.problems[-1], "fi")


def test_added_row_with_valid_id_is_merged(cat, fresh):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    wb = openpyxl.load_workbook(xlsx_path)
    ws = wb["CHG"]
    ws["A20"] = "CHG:GP3.1.1"  # indicator left out by the target level, added by hand
    ws["H20"] = "L"
    wb.save(xlsx_path)
    report = import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    assert any("row added for CHG:GP3.1.1" in n for n in report.notices)
    assert load_assessment(yaml_path).response_map()["CHG:GP3.1.1"].rating == "L"


def test_workbook_of_another_assessment(cat, fresh, tmp_path):  # type: ignore[no-untyped-def]
    _yaml_path, xlsx_path = fresh
    other = new_assessment(cat, "Toinen Oy", ["CHG", "INC"])
    other_yaml, _ = create_assessment(tmp_path / "other", cat, other)
    with pytest.raises(InputError, match="belongs to assessment 'revontuli-palvelut-oy-2025-03-01', not to 'toinen-oy"):
        import_fieldwork(xlsx_path, other_yaml, catalogue=cat)


def _set_meta(path: Path, key: str, value: str) -> None:
    wb = openpyxl.load_workbook(path)
    for row in wb[META_SHEET].iter_rows():
        if row[0].value == key:
            row[1].value = value
    wb.save(path)


def test_another_catalogue_version_needs_force(cat, fresh):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = fresh
    _fill(xlsx_path, {("CHG", "CHG-01", "rating"): "F"})
    _set_meta(xlsx_path, "catalogue_version", "0.1.0")
    with pytest.raises(InputError, match="made from catalogue wbtest version 0.1.0"):
        import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    import_fieldwork(xlsx_path, yaml_path, catalogue=cat, force=True)
    assert load_assessment(yaml_path).response_map()["CHG-01"].rating == "F"
    _set_meta(xlsx_path, "catalogue", "other-catalogue")
    with pytest.raises(InputError, match="made from catalogue 'other-catalogue'"):
        import_fieldwork(xlsx_path, yaml_path, catalogue=cat, force=True)


def test_not_a_fieldwork_workbook(cat, fresh, tmp_path):  # type: ignore[no-untyped-def]
    yaml_path, _ = fresh
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(InputError, match="not a fieldwork workbook"):
        import_fieldwork(plain, yaml_path, catalogue=cat)
    text = tmp_path / "fake.xlsx"
    text.write_text("id,rating\n")
    with pytest.raises(InputError, match="not an xlsx workbook"):
        import_fieldwork(text, yaml_path, catalogue=cat)


def _rezip(src: Path, dst: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)


def test_zip_bomb_and_bad_paths_are_refused(fresh, tmp_path):  # type: ignore[no-untyped-def]
    _, xlsx_path = fresh
    bomb = tmp_path / "bomb.xlsx"
    _rezip(xlsx_path, bomb, {}, {"xl/media/zeros.bin": b"\0" * (20 * 1024 * 1024)})
    with pytest.raises(InputError, match="possible zip bomb"):
        open_untrusted_workbook(bomb)
    with pytest.raises(InputError, match="expands to"):
        check_xlsx_archive(xlsx_path, max_total_bytes=1000)
    with pytest.raises(InputError, match="members; the limit"):
        check_xlsx_archive(xlsx_path, max_members=3)
    evil = tmp_path / "evil.xlsx"
    _rezip(xlsx_path, evil, {}, {"../../etc/evil.xml": b"<x/>"})
    with pytest.raises(InputError, match="absolute or parent path"):
        open_untrusted_workbook(evil)


def test_xml_entity_attacks_are_refused(fresh, tmp_path):  # type: ignore[no-untyped-def]
    _, xlsx_path = fresh
    with zipfile.ZipFile(xlsx_path) as z:
        strings = z.read("xl/workbook.xml")
    lol = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    body = strings.split(b"?>", 1)[1] if strings.startswith(b"<?xml") else strings
    attacked = lol + body.replace(b"<sheets>", b"<!-- &lol2; --><sheets>", 1)
    bad = tmp_path / "lol.xlsx"
    _rezip(xlsx_path, bad, {"xl/workbook.xml": attacked})
    with pytest.raises(InputError, match="cannot read the workbook: (EntitiesForbidden|DTDForbidden)"):
        open_untrusted_workbook(bad)


def test_refuses_without_defusedxml(fresh, monkeypatch):  # type: ignore[no-untyped-def]
    import openpyxl.xml

    _, xlsx_path = fresh
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(InputError, match="openpyxl does not use defusedxml"):
        open_untrusted_workbook(xlsx_path)


def test_refuses_when_openpyxl_would_parse_with_lxml(fresh, monkeypatch):  # type: ignore[no-untyped-def]
    import openpyxl.xml

    _, xlsx_path = fresh
    monkeypatch.setattr(openpyxl.xml, "LXML", True)
    with pytest.raises(InputError, match="OPENPYXL_LXML=False"):
        open_untrusted_workbook(xlsx_path)


def test_cli_keeps_openpyxl_off_lxml() -> None:
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "from itsm_assess import cli\n"
        "sys.argv = ['itsm-assess', '--version']\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print(os.environ.get('OPENPYXL_LXML'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_read_fieldwork_gives_respondent_and_role(cat, fresh):  # type: ignore[no-untyped-def]
    _, xlsx_path = fresh
    wb = openpyxl.load_workbook(xlsx_path)
    meta = {r[0].value: r[1].value for r in wb[META_SHEET].iter_rows()}
    wb["Ohjeet"][meta["respondent_cell"]] = "Aino"
    wb["Ohjeet"][meta["role_cell"]] = "Muutospäällikkö"
    wb.save(xlsx_path)
    data = read_fieldwork(xlsx_path, cat)
    assert (data.respondent, data.role) == ("Aino", "Muutospäällikkö")


def test_cli_new_import_export(tmp_path):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    out = tmp_path / "assessment"
    new_args = ["assess", "new", "--org", "Revontuli Palvelut Oy", "--processes", "CHG,INC", "--id", "rev-2025",
                "--catalogue", str(FIX), "--target", "CHG=2", "--assessor", "Aino", "--no-indicators", "-o", str(out)]
    result = runner.invoke(cli, new_args)
    assert result.exit_code == 0, result.output
    a = load_assessment(out / "assessment.yaml")
    assert a.assessment.id == "rev-2025" and a.assessment.target_profile == {"CHG": 2}
    assert a.assessment.assessors == ["Aino"]
    again = runner.invoke(cli, new_args)
    assert again.exit_code == 2 and "use --force" in again.output
    _fill(out / "fieldwork.xlsx", {("CHG", "CHG-01", "rating"): "F – fully achieved"})
    dry = runner.invoke(cli, ["assess", "import", str(out / "fieldwork.xlsx"), "--catalogue", str(FIX), "--dry-run"])
    assert dry.exit_code == 0 and "CHG-01 rating" in dry.output and "dry run" in dry.output
    assert load_assessment(out / "assessment.yaml").responses == []
    ok = runner.invoke(cli, ["assess", "import", str(out / "fieldwork.xlsx"), "--catalogue", str(FIX)])
    assert ok.exit_code == 0, ok.output
    assert load_assessment(out / "assessment.yaml").response_map()["CHG-01"].rating == "F"
    exported = tmp_path / "exported.xlsx"
    exp = runner.invoke(cli, ["assess", "export", str(out / "assessment.yaml"), "--catalogue", str(FIX),
                              "--no-indicators", "-o", str(exported)])
    assert exp.exit_code == 0, exp.output
    assert _cells(exported) == _cells(out / "fieldwork.xlsx")
    bad = runner.invoke(cli, ["assess", "new", "--org", "X", "--processes", "CHG,NOPE", "--catalogue", str(FIX),
                              "-o", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "no process 'NOPE'" in bad.output
