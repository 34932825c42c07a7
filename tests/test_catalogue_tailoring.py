"""Tailoring a catalogue in Excel: export, edit, `catalogue import` back into a validated folder."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itsm_assess.catalogue import load_catalogue
from itsm_assess.catalogue.export import catalogue_sheet_rows, write_catalogue_xlsx
from itsm_assess.catalogue.tailoring import import_tailored
from itsm_assess.cli import cli
from itsm_assess.errors import InputError


def _column(ws, name: str) -> int:  # type: ignore[no-untyped-def]
    return [c.value for c in ws[1]].index(name) + 1


def _row(ws, ident: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == ident)


@pytest.mark.parametrize(("catalogue_id", "lang"), [("iso20000-1-2018", "en"), ("fitsm-1", "en"),
                                                    ("iso20000-1-2018", "fi"), ("fitsm-1", "fi")])
def test_round_trip_without_edits_is_lossless(tmp_path: Path, catalogue_id: str, lang: str) -> None:
    base = load_catalogue(catalogue_id)
    write_catalogue_xlsx(base, tmp_path / "cat.xlsx", lang)
    result = import_tailored(tmp_path / "cat.xlsx", tmp_path / "ours")
    got = result.catalogue
    assert result.summary == "no changes"
    assert got.id == f"{catalogue_id}-tailored" and got.tailoring is not None
    assert (got.tailoring.base, got.tailoring.version, got.tailoring.base_hash) == (base.id, base.version, base.content_hash)
    assert got.requirements == base.requirements and got.processes == base.processes
    assert {p: c.items for p, c in got.checklists.items()} == {p: c.items for p, c in base.checklists.items()}
    assert (got.roles, got.clauses, got.profile, got.references, got.indicators) == (
        base.roles, base.clauses, base.profile, base.references, base.indicators)


def test_a_workbook_written_before_the_sheets_were_localised_still_imports(tmp_path: Path) -> None:
    """English sheet names, the keys in row 1, codes as values: the layout of earlier releases."""
    base = load_catalogue("fitsm-1")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in catalogue_sheet_rows(base).items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    reqs = wb["Requirements"]
    reqs.cell(row=_row(reqs, "PR12.4"), column=_column(reqs, "weight"), value=2)
    wb.save(tmp_path / "old.xlsx")
    result = import_tailored(tmp_path / "old.xlsx", tmp_path / "ours")
    assert result.summary == "1 requirement changed"
    assert result.catalogue.requirements["PR12.4"].weight == 2
    assert result.catalogue.requirements["PR12.1"] == base.requirements["PR12.1"]


def test_finnish_export_is_finnish_to_its_reader_and_keeps_the_keys_for_the_import(tmp_path: Path) -> None:
    base = load_catalogue("iso20000-1-2018")
    write_catalogue_xlsx(base, tmp_path / "cat.xlsx", "fi")
    wb = openpyxl.load_workbook(tmp_path / "cat.xlsx")
    # Was Requirements, Processes, Checklist, Roles, Catalogue and no instructions (blind review 2, #318).
    assert wb.sheetnames == ["Ohjeet", "Vaatimukset", "Prosessit", "Tarkistuslista", "Roolit", "Luettelo"]
    instructions = " ".join(str(c.value) for row in wb["Ohjeet"].iter_rows() for c in row if c.value)
    assert "Vaatimusluettelon räätälöinti" in instructions and "itsm-assess " not in instructions
    reqs = wb["Vaatimukset"]
    keys, captions = [c.value for c in reqs[1]], [c.value for c in reqs[2]]
    assert reqs.row_dimensions[1].hidden and reqs.protection.sheet  # the keys stay, out of sight (#319)
    assert keys[:6] == ["id", "clause", "process", "attribute", "weight", "basis"]
    assert captions[:6] == ["Tunnus", "Kohta", "Prosessi", "Prosessiattribuutti", "Paino (1–5)", "Peruste"]
    assert "Otsikko (suomi)" in captions and not any("_" in str(c) for c in captions)
    # Coded values as their Finnish labels (#320); ids stay ids.
    basis = {row[keys.index("basis")].value for row in reqs.iter_rows(min_row=3)}
    assert basis == {"Velvoittava vaatimus", "Johdettu velvoittavista vaatimuksista", "Hyvä käytäntö (ei vaatimus)"}
    codes = {"shall", "derived", "good-practice", "management-system", "process", "record-sampling",
             "document-review", "interview", "observation", "itil4", "advice", "iso20000-1-2011"}
    visible = {str(c.value) for sheet in wb.worksheets[1:] for row in sheet.iter_rows(min_row=3)
               for c in row if c.value is not None and not sheet.column_dimensions[c.column_letter].hidden}
    assert codes.isdisjoint(visible) and codes.isdisjoint(
        part.strip() for text in visible for part in text.split(","))
    errors = [dv.error for dv in reqs.data_validations.dataValidation]
    assert errors == ["Valitse arvo luettelosta: Velvoittava vaatimus, Johdettu velvoittavista vaatimuksista tai "
                      "Hyvä käytäntö (ei vaatimus)."]
    # A problem names the sheet as the workbook names it, and the cell below the captions.
    reqs.cell(row=3, column=keys.index("process") + 1, value="XYZ")
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError) as err:
        import_tailored(tmp_path / "bad.xlsx", tmp_path / "out")
    from itsm_assess.i18n import translate

    finnish = [translate(p, "fi") for p in err.value.problems]
    assert any("bad.xlsx: Vaatimukset!C3: tuntematon prosessi ”XYZ”; lisää se välilehdelle Prosessit" in p
               for p in finnish), finnish


def test_consultant_edits_come_back_validated_and_recorded(tmp_path: Path) -> None:
    base = load_catalogue("fitsm-1")
    write_catalogue_xlsx(base, tmp_path / "cat.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "cat.xlsx")
    reqs, items, roles, info = wb["Requirements"], wb["Checklist"], wb["Roles"], wb["Catalogue"]
    reqs.cell(row=_row(reqs, "PR12.4"), column=_column(reqs, "weight"), value=2)
    new = [None] * reqs.max_column
    for name, value in {"id": "PR12.7", "clause": "PR12", "process": "CHM", "attribute": "PA1.1", "weight": 2,
                        "basis": "shall", "title_en": "Changes to research data pipelines are reviewed",
                        "title_fi": "Tutkimusaineistoputkien muutokset katselmoidaan",
                        "statement_en": "Changes to the data pipelines of the infrastructure pass a peer review.",
                        "statement_fi": "Infrastruktuurin aineistoputkien muutokset käyvät läpi vertaisarvion.",
                        "guidance_en": "Ask for two merged pipeline changes and their reviews.",
                        "guidance_fi": "Pyydä kaksi yhdistettyä putkimuutosta ja niiden arviot.",
                        "evidence_en": "Merge requests with review\nPipeline change log",
                        "evidence_fi": "Yhdistämispyynnöt arvioineen\nPutkien muutosloki",
                        "interviewees": "change-manager, data-steward"}.items():
        new[_column(reqs, name) - 1] = value
    reqs.append(new)
    row = [None] * items.max_column
    for name, value in {"id": "CHM-Q04", "process": "CHM", "requirements": "PR12.7", "stages": "2",
                        "methods": "record-sampling", "interviewees": "data-steward",
                        "question_en": "=HYPERLINK(\"http://x\") Show me two reviewed pipeline changes.",
                        "question_fi": "Näyttäkää kaksi arvioitua putkimuutosta.",
                        "look_for_en": "A review before the merge", "look_for_fi": "Arvio ennen yhdistämistä"}.items():
        row[_column(items, name) - 1] = value
    items.append(row)
    items.cell(row=_row(items, "CHM-Q02"), column=_column(items, "question_fi"), value="Näyttäkää arviointi ja hyväksyntä.")
    roles.append(["data-steward", "Data steward", "Aineistovastaava"])
    info.cell(row=[c.value for c in info["C"]].index("id") + 1, column=2, value="fitsm-1-ri")
    wb.save(tmp_path / "edited.xlsx")

    out = CliRunner().invoke(cli, ["catalogue", "import", str(tmp_path / "edited.xlsx"), "-o", str(tmp_path / "ri")])
    assert out.exit_code == 0, out.output
    assert "catalogue fitsm-1-ri, tailored from FitSM-1 version 1.0.0" in out.output
    assert "1 requirement changed, 1 requirement added" in out.output and "1 role added" in out.output
    cat = load_catalogue(tmp_path / "ri")
    assert cat.requirements["PR12.4"].weight == 2 and cat.requirements["PR12.7"].interviewees == ["change-manager", "data-steward"]
    assert cat.requirements["PR12.7"].evidence[1] == {"en": "Pipeline change log", "fi": "Putkien muutosloki"}
    q = next(i for i in cat.checklists["CHM"].items if i.id == "CHM-Q04")
    assert q.question["en"].startswith("=HYPERLINK(")  # user text stays text, never a formula
    assert cat.tailoring is not None and "1 checklist questions added" in str(cat.tailoring.summary)
    # The tailored catalogue works through the commands and says so in reports.
    (tmp_path / "a.yaml").write_text(
        "schema_version: 1\nassessment:\n  id: ri\n  organisation: Testi Oy\n  catalogue: fitsm-1-ri\n"
        "  scope: {processes: [CHM]}\n  method: audit\n  language: fi\nresponses:\n"
        "  - {id: PR12.7, rating: F}\n", encoding="utf-8")
    scored = CliRunner().invoke(cli, ["score", str(tmp_path / "a.yaml"), "--catalogue", str(tmp_path / "ri"),
                                      "--format", "json"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.output)["assessment"]["catalogue_tailored_from"] == {"base": "fitsm-1", "version": "1.0.0"}
    rep = CliRunner().invoke(cli, ["report", "write", str(tmp_path / "a.yaml"), "--catalogue", str(tmp_path / "ri"),
                                   "--format", "html,xlsx", "-o", str(tmp_path / "rep")])
    assert rep.exit_code == 0, rep.output
    html = next((tmp_path / "rep").glob("*.html")).read_text(encoding="utf-8")
    assert "räätälöity vaatimusluettelo fitsm-1-ri, pohjana FitSM-1 (versio 1.0.0)" in html
    sheet = openpyxl.load_workbook(next((tmp_path / "rep").glob("*.xlsx"))).worksheets[0]
    assert any("räätälöity vaatimusluettelo" in str(c.value) for row in sheet.iter_rows(max_row=5) for c in row)
    # The crosswalk still finds the base's counterparts.
    view = CliRunner().invoke(cli, ["score", str(tmp_path / "a.yaml"), "--catalogue", str(tmp_path / "ri"),
                                    "--view", "iso20000-1-2018", "--format", "json"])
    assert view.exit_code == 0, view.output


def test_problems_are_named_by_sheet_and_cell_and_nothing_is_written(tmp_path: Path) -> None:
    write_catalogue_xlsx(load_catalogue("fitsm-1"), tmp_path / "cat.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "cat.xlsx")
    reqs = wb["Requirements"]
    weight, process = _column(reqs, "weight"), _column(reqs, "process")
    reqs.delete_rows(_row(reqs, "GR4.2"))
    r = _row(reqs, "PR1.1")
    reqs.cell(row=r, column=weight, value="heavy")
    reqs.cell(row=_row(reqs, "PR1.2"), column=process, value="XYZ")
    reqs.cell(row=_row(reqs, "PR1.3"), column=weight, value=9)
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError) as err:
        import_tailored(tmp_path / "bad.xlsx", tmp_path / "out")
    text = "\n".join(err.value.problems)
    from openpyxl.utils import get_column_letter

    assert f"bad.xlsx: Requirements!{get_column_letter(weight)}{r}: 'heavy' is not a whole number" in text
    assert "unknown process 'XYZ'" in text and f"Requirements!{get_column_letter(process)}" in text
    assert "weight: Input should be less than or equal to 5" in text
    assert "Requirements: 1 id(s) of fitsm-1 are missing here: GR4.2" in text
    assert not (tmp_path / "out").exists() and list(tmp_path.glob(".out.*")) == []


def test_existing_output_is_replaced_only_with_force_and_only_a_catalogue(tmp_path: Path) -> None:
    write_catalogue_xlsx(load_catalogue("fitsm-1"), tmp_path / "cat.xlsx")
    import_tailored(tmp_path / "cat.xlsx", tmp_path / "ours")
    with pytest.raises(InputError, match="exists; use --force"):
        import_tailored(tmp_path / "cat.xlsx", tmp_path / "ours")
    import_tailored(tmp_path / "cat.xlsx", tmp_path / "ours", force=True)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(InputError, match="not a catalogue folder"):
        import_tailored(tmp_path / "cat.xlsx", tmp_path / "notes", force=True)
    assert (tmp_path / "notes" / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_a_workbook_without_the_sheets_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Requirements"
    wb.save(tmp_path / "x.xlsx")
    out = CliRunner().invoke(cli, ["catalogue", "import", str(tmp_path / "x.xlsx"), "-o", str(tmp_path / "o")])
    assert out.exit_code == 2 and "Catalogue, Processes, Checklist, Roles: sheet missing" in out.output
    assert "Traceback" not in out.output


def test_an_untrusted_workbook_is_bounded_before_it_is_read(tmp_path: Path) -> None:
    write_catalogue_xlsx(load_catalogue("fitsm-1"), tmp_path / "cat.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "cat.xlsx")
    wb["Checklist"]["ZZ900000"] = "stray"  # a value far beyond the data: millions of cells to read
    wb.save(tmp_path / "far.xlsx")
    with pytest.raises(InputError, match=r"sheet 'Checklist': its cells reach column ZZ and row 900,000"):
        import_tailored(tmp_path / "far.xlsx", tmp_path / "out")
    assert not (tmp_path / "out").exists()
