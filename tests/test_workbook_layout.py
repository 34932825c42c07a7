"""Print layout of the written workbooks: row heights for wrapped text, A4 landscape fit to width."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from itsm_assess._io.xlsx_cells import (
    estimate_row_height,
    fit_row_heights,
    header_footer_text,
    text_width_points,
    wrapped_line_count,
)
from itsm_assess.catalogue import load_catalogue
from itsm_assess.fieldwork.create import create_assessment, new_assessment
from itsm_assess.fieldwork.layout import MAX_ITEM_ROW_HEIGHT

FIX = Path(__file__).parent / "fixtures" / "workbook"


def test_line_count_follows_words_width_and_newlines() -> None:
    words = "muutoksenhallinnan prosessi " * 10
    assert wrapped_line_count("short", 20) == 1
    assert wrapped_line_count("one\ntwo\n\nfour", 40) == 4
    assert wrapped_line_count(words, 20) > wrapped_line_count(words, 40) > 1
    # a word wider than the column is broken, never counted as one line
    assert wrapped_line_count("x" * 200, 10) >= 200 * text_width_points("x") // (10 * 5.25)
    assert text_width_points("WWW") > text_width_points("iii")
    assert text_width_points("ä") == text_width_points("a")


def test_row_height_grows_with_text_and_is_capped() -> None:
    one = estimate_row_height([("a few words", 30)])
    many = estimate_row_height([("a few words", 30), ("word " * 100, 30)])
    assert 12 < one < many
    assert estimate_row_height([("word " * 10_000, 10)]) == 409
    assert estimate_row_height([(None, 10)], minimum=40) == 40


def test_fit_row_heights_uses_merged_width_and_skips_unwrapped() -> None:
    from openpyxl.styles import Alignment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 20
    text = "sana " * 40
    for row in (1, 2, 3):
        ws.cell(row=row, column=1, value=text)
    ws["A1"].alignment = ws["A2"].alignment = Alignment(wrap_text=True)
    ws.merge_cells("A2:B2")
    fit_row_heights(ws)
    assert ws.row_dimensions[1].height > ws.row_dimensions[2].height > 15
    assert ws.row_dimensions[3].height is None  # not wrapped: default height
    assert header_footer_text("R&D Oy") == "R&&D Oy"


def _assert_landscape_fit_to_width(ws, pages: int = 1) -> None:  # type: ignore[no-untyped-def]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == pages and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


def test_fieldwork_rows_fit_their_text_and_print_landscape(cat, tmp_path):  # type: ignore[no-untyped-def]
    a = new_assessment(cat, "Revontuli & Co", ["CHG"], lang="fi", today=dt.date(2025, 3, 1))
    _yaml, xlsx = create_assessment(tmp_path / "a", cat, a)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["CHG"]
    # guidance on the first page across, then the response columns (rating to notes), then the
    # finding columns (manual breaks LibreOffice honours only at a fixed scale), then the evidence
    # log columns, the id column repeated on every page
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and 70 <= ws.page_setup.scale <= 100
    assert [b.id for b in ws.col_breaks.brk] == [7, 14, 18] and ws.print_title_cols == "$A:$A"
    assert [c.value for c in ws[2]][7:14] == ["rating", "verdict", "justification", "na_accepted", "finding",
                                             "evidence", "notes"]
    width = {c.column_letter: ws.column_dimensions[c.column_letter].width for c in ws[2]}
    for page in ("ABCDEFG", "AHIJKLMN", "AOPQR", "ASTUVWXY"):  # with about 5 px of padding per column
        printed = sum(width[c] * 5.25 + 3.75 for c in page)
        assert printed * 1.2 * ws.page_setup.scale / 100 <= 842 - 0.8 * 72, page
    assert ws.print_title_rows == "$1:$2"
    assert ws.oddHeader.center.text.startswith("Revontuli && Co")
    for row in ws.iter_rows(min_row=3):
        height = ws.row_dimensions[row[0].row].height
        assert height is not None, row[0].coordinate
        longest = max(len(str(c.value or "")) for c in row)
        assert min(MAX_ITEM_ROW_HEIGHT, 12 * (1 + longest // 60)) <= height <= MAX_ITEM_ROW_HEIGHT
    instructions = wb.worksheets[0]
    assert instructions.page_setup.orientation == "portrait" and instructions.page_setup.fitToWidth == 1
    assert instructions.column_dimensions["A"].width + instructions.column_dimensions["B"].width <= 95
    assert all(instructions.row_dimensions[r].height for r in range(4, 10))  # instruction lines


def test_checklist_and_catalogue_xlsx_rows_fit_and_print_landscape(cat, tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess.catalogue.checklist_render import render_checklist
    from itsm_assess.catalogue.export import write_catalogue_xlsx

    for edition in ("trainer", "participant"):
        out = tmp_path / f"{edition}.xlsx"
        render_checklist(cat, out, edition=edition, lang="fi")
        ws = openpyxl.load_workbook(out)["CHG"]
        _assert_landscape_fit_to_width(ws)
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[2]]
        assert sum(widths) < 170 and min(widths) < 10  # narrow number column
        assert all(ws.row_dimensions[r].height for r in range(3, ws.max_row + 1))
    out = tmp_path / "cat.xlsx"
    write_catalogue_xlsx(cat, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Requirements"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$2"  # the hidden keys and the captions
    assert all(ws.row_dimensions[r].height for r in range(3, ws.max_row + 1))
    _assert_landscape_fit_to_width(wb["Processes"], pages=2)  # purpose and outcomes in both languages
    for sheet in ("Checklist", "Roles", "Catalogue"):  # the sheets `catalogue import` reads back print too
        assert wb[sheet].page_setup.orientation == "landscape" and wb[sheet].print_title_rows == "$1:$2"
