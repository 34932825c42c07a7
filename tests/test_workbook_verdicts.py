"""Audit verdicts in the fieldwork workbook: a verdict drop-down in the workbook's language, the
justification of a not-applicable requirement and whether the auditor accepts it, imported into
the assessment's verdict fields and scored by the rules of docs/scoring.md (R4: an NA of a clause
4-10 shall without an accepted justification counts as not audited)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from itsm_assess.assessment import Response, load_assessment, save_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.errors import InputError
from itsm_assess.fieldwork import create_assessment, import_fieldwork, new_assessment, read_fieldwork, write_fieldwork
from itsm_assess.fieldwork.labels import normalize_verdict, normalize_yes_no
from itsm_assess.i18n import translate
from itsm_assess.scoring import score

FIX = Path(__file__).parent / "fixtures" / "workbook"
SOFFICE = shutil.which("soffice") or ("/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else None)


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


def _new(cat, tmp_path: Path, *, lang: str = "fi", method: str = "audit"):  # type: ignore[no-untyped-def]
    a = new_assessment(cat, "Revontuli", ["CHG", "INC"], targets={"CHG": 2}, lang=lang, assessment_id="rev",
                       method=method, today=dt.date(2026, 3, 1))
    return create_assessment(tmp_path / "a", cat, a)


def _fill(path: Path, values: dict[tuple[str, str, str], object], *, save_to: Path | None = None) -> None:
    """Types into the cells as a person does, found by the hidden key row and the id column."""
    wb = openpyxl.load_workbook(path)
    for (sheet, item_id, key), value in values.items():
        ws = wb[sheet]
        col = {c.value: c.column for c in ws[2]}[key]
        row = next(r[0].row for r in ws.iter_rows(min_row=3) if r[0].value == item_id)
        ws.cell(row=row, column=col).value = value
    wb.save(save_to or path)


#: What an auditor picks and types: labels from the Finnish drop-downs, a code, TRUE from a tick.
FILLED: dict[tuple[str, str, str], object] = {
    ("CHG", "CHG-01", "rating"): "F – täysin saavutettu",
    ("CHG", "CHG-01", "verdict"): "Täyttyy; parannusmahdollisuus",  # the label before 2026-12: still read
    ("CHG", "CHG-02", "rating"): "NA",
    ("CHG", "CHG-02", "verdict"): "Ei sovellu",
    ("CHG", "CHG-02", "justification"): "Ei sisäisiä toimittajia: kaikki muutokset tehdään itse.",
    ("CHG", "CHG-02", "na_accepted"): "Kyllä",
    ("CHG", "CHG-03", "rating"): "P",
    ("CHG", "CHG-03", "verdict"): "minor-nc",
    ("INC", "INC-01", "verdict"): "na",
    ("INC", "INC-01", "justification"): "Häiriöt hoitaa konserni.",
    ("INC", "INC-01", "na_accepted"): "ei",
    ("INC", "INC-02", "verdict"): "Not audited",
}


def test_verdict_columns_drop_downs_and_prompts_in_the_workbooks_language(cat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _yaml, xlsx = _new(cat, tmp_path)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["CHG"]
    keys = [c.value for c in ws[2]]
    assert keys[7:11] == ["rating", "verdict", "justification", "na_accepted"]
    assert [c.value for c in ws[1]][8:11] == ["Auditoinnin tulos", "Miksi ei sovellu", "Perustelu hyväksytty"]
    lists = wb["_valintalistat"]
    assert [c.value for c in lists["C"] if c.value] == ["Täyttyy", "Täyttyy, parannusmahdollisuus", "Lievä poikkeama",
                                                        "Merkittävä poikkeama", "Ei sovellu", "Ei auditoitu"]
    assert [c.value for c in lists["D"] if c.value] == ["Kyllä", "Ei"]
    validations = {dv.formula1: dv for dv in ws.data_validations.dataValidation if dv.formula1}
    assert str(validations["VerdictList"].sqref) == "I3:I7" and str(validations["YesNoList"].sqref) == "K3:K7"
    assert validations["VerdictList"].prompt.startswith("Auditoijan tulos")
    assert validations["YesNoList"].prompt.startswith("Kyllä, jos auditoija hyväksyy")
    prompts = [dv.prompt for dv in ws.data_validations.dataValidation]
    assert any(p and p.startswith("Miksi vaatimus ei koske") for p in prompts)
    assert all(p is None or len(p) <= 255 for p in prompts)  # Excel's limit for an input prompt
    assert ws["I3"].protection.locked is False and ws["K3"].protection.locked is False
    assert any("Auditoinnin tulos (valitse luettelosta)" in str(c.value) for c in wb["Ohjeet"]["A"])


def test_labels_in_any_language_and_codes_are_accepted() -> None:
    assert normalize_verdict("Ei sovellu") == normalize_verdict("Not applicable") == normalize_verdict("NA") == "na"
    assert normalize_verdict("conforming; opportunity for improvement") == "ofi"
    assert normalize_verdict(" Lievä   poikkeama ") == "minor-nc"
    assert normalize_verdict("täyttyy osittain") is None
    assert normalize_yes_no("Kyllä") == normalize_yes_no("YES") == normalize_yes_no("TRUE") == "yes"
    assert normalize_yes_no("ei") == normalize_yes_no("No") == normalize_yes_no("0") == "no"
    assert normalize_yes_no("maybe") is None


def test_filled_verdicts_import_into_the_verdict_fields_and_score_by_the_rules(cat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    yaml_path, xlsx = _new(cat, tmp_path)
    _fill(xlsx, FILLED)
    report = import_fieldwork(xlsx, yaml_path, catalogue=cat)
    assert "CHG!I3: CHG-01 verdict: (empty) → conforming; opportunity for improvement" in report.changes
    assert "CHG!K4: CHG-02 na_accepted: (empty) → yes" in report.changes
    a = load_assessment(yaml_path)
    got = a.response_map()
    assert (got["CHG-01"].rating, got["CHG-01"].verdict) == ("F", "ofi")
    assert (got["CHG-02"].verdict, got["CHG-02"].na_accepted) == ("na", True)
    assert got["CHG-02"].justification == "Ei sisäisiä toimittajia: kaikki muutokset tehdään itse."
    assert got["CHG-03"].verdict == "minor-nc"
    assert (got["INC-01"].verdict, got["INC-01"].na_accepted) == ("na", False)
    assert got["INC-02"].verdict == "not-audited"
    results = score(a, cat).requirements
    # an accepted NA is not applicable; an NA whose justification the auditor did not accept is not audited
    assert (results["CHG-02"].verdict, results["CHG-02"].conformity) == ("na", "not-applicable")
    assert (results["INC-01"].verdict, results["INC-01"].conformity) == ("na", "not-assessed")
    assert (results["CHG-01"].verdict, results["CHG-01"].verdict_source) == ("ofi", "recorded")
    assert (results["CHG-03"].verdict, results["CHG-03"].conformity) == ("minor-nc", "not-conforming")
    # written back as labels; importing the re-exported workbook changes nothing
    again = tmp_path / "again.xlsx"
    write_fieldwork(cat, a, again)
    ws = openpyxl.load_workbook(again)["CHG"]
    assert (ws["I4"].value, ws["J4"].value, ws["K4"].value) == ("Ei sovellu", got["CHG-02"].justification, "Kyllä")
    assert import_fieldwork(again, yaml_path, catalogue=cat).changes == []


def test_bad_verdict_and_acceptance_name_the_cell_and_the_labels(cat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    yaml_path, xlsx = _new(cat, tmp_path)
    _fill(xlsx, {("CHG", "CHG-01", "verdict"): "Hyväksytty", ("CHG", "CHG-02", "na_accepted"): "ehkä"})
    before = yaml_path.read_bytes()
    with pytest.raises(InputError) as err:
        import_fieldwork(xlsx, yaml_path, catalogue=cat)
    problems = err.value.problems
    assert any(p.endswith("CHG!I3: audit verdict 'Hyväksytty' is not allowed (expected one of the list: ”Täyttyy”, "
                          "”Täyttyy, parannusmahdollisuus”, ”Lievä poikkeama”, ”Merkittävä poikkeama”, ”Ei sovellu”, "
                          "”Ei auditoitu”, or empty)") for p in problems)
    finnish = [translate(p, "fi") for p in problems]
    assert any("CHG!I3: auditoinnin tulos ”Hyväksytty” ei kelpaa (sallitut: ”Täyttyy”," in p for p in finnish)
    assert any("CHG!K4: ”ehkä” ei kelpaa perustelun hyväksynnäksi (sallitut: ”Kyllä”, ”Ei” tai tyhjä)" in p
               for p in finnish)
    assert yaml_path.read_bytes() == before


def test_self_assessment_workbook_has_no_verdict_columns_and_an_older_workbook_leaves_verdicts_alone(
    cat, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    _yaml, xlsx = _new(cat, tmp_path / "self", method="self-assessment", lang="en")
    wb = openpyxl.load_workbook(xlsx)
    keys = [c.value for c in wb["CHG"][2]]
    assert "verdict" not in keys and "na_accepted" not in keys and keys[7:9] == ["rating", "finding"]
    assert not any("Audit verdict" in str(c.value) for c in wb.worksheets[0]["A"])
    assert "VerdictList" not in {dv.formula1 for dv in wb["CHG"].data_validations.dataValidation}

    # an audit workbook written before the verdict columns (here: the columns deleted) imports,
    # and the verdicts already in assessment.yaml stay as they are
    yaml_path, old = _new(cat, tmp_path / "audit", lang="en")
    a = load_assessment(yaml_path)
    a.responses.append(Response(id="CHG-01", verdict="conforming", justification="kept"))
    save_assessment(a, yaml_path)
    wb = openpyxl.load_workbook(old)
    for ws in (wb["CHG"], wb["INC"]):
        ws.delete_cols(9, 3)
    wb.save(old)
    _fill(old, {("CHG", "CHG-01", "rating"): "F"})
    report = import_fieldwork(old, yaml_path, catalogue=cat)
    assert report.conflicts == [] and report.changes == ["CHG!H3: CHG-01 rating: (empty) → F"]
    got = load_assessment(yaml_path).response_map()["CHG-01"]
    assert (got.rating, got.verdict, got.justification) == ("F", "conforming", "kept")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_verdicts_filled_resaved_by_libreoffice_import(cat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    yaml_path, xlsx = _new(cat, tmp_path)
    source = tmp_path / "in" / "fieldwork.xlsx"
    source.parent.mkdir()
    _fill(xlsx, {**FILLED, ("CHG", "CHG-02", "na_accepted"): True}, save_to=source)  # a TRUE cell, not a label
    outdir = tmp_path / "lo"
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--convert-to", "xlsx",
         "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    resaved = outdir / "fieldwork.xlsx"
    assert resaved.exists() and resaved.read_bytes() != source.read_bytes()
    assert read_fieldwork(resaved, cat).notices == []
    import_fieldwork(resaved, yaml_path, catalogue=cat)
    got = load_assessment(yaml_path).response_map()
    assert (got["CHG-01"].rating, got["CHG-01"].verdict) == ("F", "ofi")
    assert (got["CHG-02"].verdict, got["CHG-02"].na_accepted) == ("na", True)
    assert got["CHG-02"].justification == FILLED[("CHG", "CHG-02", "justification")]
    assert (got["INC-01"].verdict, got["INC-01"].na_accepted, got["INC-02"].verdict) == ("na", False, "not-audited")
    assert got["CHG-03"].verdict == "minor-nc"


@pytest.mark.parametrize(("catalogue_id", "lang", "scope"), [
    ("fitsm-1", "en", "A requirement within GR1–GR7 and PR1–PR14 "),
    ("fitsm-1", "fi", "Sertifioinnin kattaman alueen (GR1–GR7 ja PR1–PR14) vaatimus"),
    ("iso20000-1-2018", "en", "A requirement within clauses 4-10 "),
    ("iso20000-1-2018", "fi", "Sertifioinnin kattaman alueen (luvut 4–10) vaatimus"),
])
def test_help_texts_name_the_catalogues_scope(tmp_path: Path, catalogue_id: str, lang: str, scope: str) -> None:
    """The instructions and the Justification accepted prompt name the catalogue profile's
    certification scope: a FitSM-1 workbook does not speak of clauses 4-10."""
    from click.testing import CliRunner

    from itsm_assess.cli import cli

    process = "CHM" if catalogue_id == "fitsm-1" else "CHG"
    out = CliRunner().invoke(cli, ["assess", "new", "--catalogue", catalogue_id, "--org", "Revontuli", "-p", process,
                                   "--lang", lang, "--start", "2026-03-01", "-o", str(tmp_path)])
    assert out.exit_code == 0, out.output
    wb = openpyxl.load_workbook(tmp_path / "fieldwork.xlsx")
    instructions = "\n".join(str(c.value) for c in wb.worksheets[0]["A"] if c.value)
    prompts = [dv.prompt for dv in wb[process].data_validations.dataValidation if dv.prompt]
    na_prompt = next(p for p in prompts if scope in p)
    assert scope in instructions
    assert "4–10" not in instructions + na_prompt if catalogue_id == "fitsm-1" else "GR1" not in instructions
    assert "{scope}" not in instructions + "".join(prompts)
