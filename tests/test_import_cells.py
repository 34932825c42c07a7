"""What a person types into a fieldwork workbook comes back as they meant it: ratings in any
case, array formulas as their text; and scoring says so when the catalogue changed under an
assessment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from itsm_assess._io.xlsx_read import cell_text
from itsm_assess.assessment import RATINGS, load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.fieldwork.create import create_assessment, new_assessment
from itsm_assess.fieldwork.labels import normalize_rating
from itsm_assess.fieldwork.merging import import_fieldwork
from itsm_assess.scoring import score

FIX = Path(__file__).parent / "fixtures" / "workbook"
CATALOGUE = load_catalogue(FIX, checklists=FIX / "checklists")


@pytest.fixture
def fresh(tmp_path: Path) -> tuple[Path, Path]:
    a = new_assessment(CATALOGUE, "Org", ["CHG", "INC"], targets={"CHG": 2}, lang="en", today=dt.date(2025, 3, 1))
    return create_assessment(tmp_path / "a", CATALOGUE, a)


def _cell(ws: object, item_id: str, column: str) -> str:
    header = {c.value: c.column_letter for c in ws[2] if c.value}  # type: ignore[index]
    for row in ws.iter_rows(min_row=3):  # type: ignore[attr-defined]
        if row[0].value == item_id:
            return f"{header[column]}{row[0].row}"
    raise AssertionError(item_id)


@pytest.mark.parametrize("code", RATINGS)
def test_every_rating_code_in_any_case(code: str) -> None:
    assert normalize_rating(code.lower()) == code
    assert normalize_rating(f" {code.lower()} ") == code
    assert normalize_rating(code) == code


def test_lower_case_ratings_are_imported_as_the_codes(fresh: tuple[Path, Path]) -> None:
    yaml_path, xlsx_path = fresh
    wb = openpyxl.load_workbook(xlsx_path)
    ws = wb["CHG"]
    typed = {"CHG-01": "l+", "CHG-02": "na", "CHG:GP2.1.1": "p-", "CHG-03": "f"}
    present = {item: rating for item, rating in typed.items() if any(r[0].value == item for r in ws.iter_rows(min_row=3))}
    assert len(present) >= 3
    for item, rating in present.items():
        ws[_cell(ws, item, "rating")] = rating
    wb.save(xlsx_path)
    import_fieldwork(xlsx_path, yaml_path, catalogue=CATALOGUE)
    got = load_assessment(yaml_path).response_map()
    assert {item: got[item].rating for item in present} == {item: r.upper() for item, r in present.items()}


def test_array_formula_cells_read_as_their_text() -> None:
    assert cell_text(ArrayFormula("A1", "=SUM(B1:B2*C1:C2)")) == "=SUM(B1:B2*C1:C2)"


def test_an_array_formula_typed_in_notes_is_imported_as_text(fresh: tuple[Path, Path]) -> None:
    yaml_path, xlsx_path = fresh
    wb = openpyxl.load_workbook(xlsx_path)
    ws = wb["CHG"]
    ref = _cell(ws, "CHG-01", "notes")
    ws[ref] = ArrayFormula(ref, "=SUM(B1:B2*C1:C2)")  # Ctrl+Shift+Enter in Excel
    wb.save(xlsx_path)
    import_fieldwork(xlsx_path, yaml_path, catalogue=CATALOGUE)
    assert load_assessment(yaml_path).response_map()["CHG-01"].notes == "=SUM(B1:B2*C1:C2)"


def test_scoring_warns_when_the_catalogue_changed_since_the_assessment_began(fresh: tuple[Path, Path]) -> None:
    yaml_path, _ = fresh
    assessment = load_assessment(yaml_path)
    # A new assessment records what it was started with.
    assert assessment.assessment.catalogue_hash == CATALOGUE.content_hash
    assert assessment.assessment.catalogue_version == CATALOGUE.version
    assert score(assessment, CATALOGUE).to_dict()["warnings"] == []

    changed = assessment.model_copy(deep=True)
    changed.assessment.catalogue_hash = "0" * 64
    assert score(changed, CATALOGUE).to_dict()["warnings"] == [
        "the catalogue's content has changed since the assessment was started"]

    older = assessment.model_copy(deep=True)
    older.assessment.catalogue_version = "0.0.1"
    assert score(older, CATALOGUE).to_dict()["warnings"] == [
        f"the assessment was made with catalogue version 0.0.1; scored with {CATALOGUE.version}"]


def test_a_typed_formula_is_read_as_its_text_not_a_cached_value(tmp_path: Path) -> None:
    """A cell someone typed ``=HYPERLINK(...)`` into is read as that text (openpyxl without data_only):
    never as the value a spreadsheet last computed, which a file written by a tool does not even hold."""
    from openpyxl import Workbook

    from itsm_assess._io.xlsx_read import open_untrusted_workbook

    wb = Workbook()
    wb.active["A1"] = '=HYPERLINK("http://x.example","click")'
    wb.save(tmp_path / "f.xlsx")
    cell = open_untrusted_workbook(tmp_path / "f.xlsx").active["A1"]
    assert cell.value == '=HYPERLINK("http://x.example","click")' and cell.data_type == "f"
