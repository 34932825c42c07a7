"""A fieldwork workbook opened and re-saved by LibreOffice Calc imports as the original."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from itsm_assess._io.xlsx_cells import set_text
from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.fieldwork import create_assessment, import_fieldwork, new_assessment, read_fieldwork

FIX = Path(__file__).parent / "fixtures" / "workbook"
SOFFICE = shutil.which("soffice") or ("/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else None)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_resave_imports_as_the_original(tmp_path):  # type: ignore[no-untyped-def]
    cat = load_catalogue(FIX, checklists=FIX / "checklists")
    yaml_path, xlsx_path = create_assessment(tmp_path / "a", cat, new_assessment(cat, "Revontuli", ["CHG", "INC"]))
    wb = openpyxl.load_workbook(xlsx_path)
    col = {c.value: c.column_letter for c in wb["CHG"][2]}
    filled = {  # drop-down labels as a person picks them, codes as a person types them
        (col["rating"], 3): "L+ – largely, upper half", (col["finding"], 3): "Minor nonconformity",
        (col["finding_statement"], 3): "Two changes lacked approval.", (col["recommendation"], 3): "Approve first.",
        (col["owner"], 3): "Change manager", (col["rating"], 5): "f",
        (col["evidence"], 3): '=HYPERLINK("http://evil.example","x")', (col["notes"], 3): "+cmd|' /C calc'!A0",
        (col["rating"], 4): "NA", (col["notes"], 4): "-x", (col["evidence"], 5): "@SUM(A1:A2)",
        (col["notes"], 5): "Rivi 1\nRivi 2 – åäö",
    }
    for (letter, row), value in filled.items():
        set_text(wb["CHG"][f"{letter}{row}"], value)
    set_text(wb["INC"][f"{col['rating']}3"], "P")
    wb["CHG"][f"{col['due_date']}3"] = dt.datetime(2026, 6, 30)  # a date typed into a date cell
    wb.save(xlsx_path)
    original = read_fieldwork(xlsx_path, cat)

    outdir = tmp_path / "lo"
    profile = (tmp_path / "lo-profile").as_uri()
    source = tmp_path / "in" / "fieldwork.xlsx"
    source.parent.mkdir()
    shutil.copy(xlsx_path, source)
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "xlsx", "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    resaved = outdir / "fieldwork.xlsx"
    assert resaved.exists() and resaved.read_bytes() != xlsx_path.read_bytes()
    again = read_fieldwork(resaved, cat)
    assert {k: vars(v) | {"cells": None} for k, v in again.answers.items()} == {
        k: vars(v) | {"cells": None} for k, v in original.answers.items()
    }
    assert again.notices == []
    import_fieldwork(resaved, yaml_path, catalogue=cat)
    got = load_assessment(yaml_path).response_map()
    assert got["CHG-01"].evidence == filled[(col["evidence"], 3)] and got["CHG-02"].notes == "-x" and got["INC-01"].rating == "P"
    assert got["CHG-01"].rating == "L+" and got["CHG-03"].rating == "F"
    finding = load_assessment(yaml_path).findings[0]
    assert (finding.id, finding.grade, finding.owner, finding.due_date) == (
        "CHG-01-finding", "minor-nc", "Change manager", dt.date(2026, 6, 30))


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_questionnaire_filled_and_resaved_by_libreoffice_merges(tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess.fieldwork.survey import import_survey

    cat = load_catalogue(FIX, checklists=FIX / "checklists")
    a = new_assessment(cat, "Kunta", ["CHG", "INC"], assessment_id="kunta", method="self-assessment", lang="fi")
    yaml_path, q = create_assessment(tmp_path / "a", cat, a, edition="questionnaire")
    answers = ["Täysin", "Pääosin", "Ei lainkaan"]
    sources = []
    for n, answer in enumerate(answers):
        wb = openpyxl.load_workbook(q)
        wb["Ohjeet"]["B10"].value = "Palvelupiste"  # the role cell under the instructions
        ws = wb["Kysymykset"]
        ws["D3"].value = answer
        ws["E3"].value = f"Kommentti {n}: =SUM(1,2)"
        source = tmp_path / "in" / f"vastaus-{n}.xlsx"
        source.parent.mkdir(exist_ok=True)
        wb.save(source)
        sources.append(source)
    outdir = tmp_path / "lo"
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--convert-to", "xlsx",
         "--outdir", str(outdir), *map(str, sources)],
        check=True, capture_output=True, timeout=240,
    )
    resaved = sorted(outdir.glob("vastaus-*.xlsx"))
    assert len(resaved) == 3
    _report, tally = import_survey(resaved, yaml_path, catalogue=cat)
    got = load_assessment(yaml_path).response_map()
    first = openpyxl.load_workbook(q)["Kysymykset"]["A3"].value
    assert got[first].counts == {"N": 1, "L": 1, "F": 1} and got[first].rating == "L"
    assert sorted(c.text for c in got[first].comments) == [f"Kommentti {n}: =SUM(1,2)" for n in range(3)]
    assert {c.role for c in got[first].comments} == {"Palvelupiste"}  # three in the role: shown
