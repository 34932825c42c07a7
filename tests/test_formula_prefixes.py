"""Every formula prefix stays text in every workbook the tool writes.

Excel and LibreOffice start a formula with ``=``, ``+``, ``-`` or ``@``, and a leading tab or
carriage return hides one (CSV/DDE injection). Each prefix goes in front of every free-text field
of an assessment, the catalogue, the change policy and a change export; every xlsx writer runs;
each workbook is read back with openpyxl. A cell holding user text must be a string cell
(``data_type == "s"``, never ``"f"``), keep the text exactly as typed, and carry ``quotePrefix``
so that an edit in the spreadsheet keeps it text. Full-width look-alikes (``＝``, ``＋``) are not
formulas to Excel or LibreOffice and are not quoted by the tool: they are not tested here.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hostile_copies import Marks, hostile_assessment, hostile_catalogue, hostile_policy

from itsm_assess._io.xlsx_cells import FORMULA_PREFIXES
from itsm_assess.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "revontuli"
MARKER = re.compile(r"MK\d+K")
PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


def test_every_documented_prefix_is_quoted() -> None:
    # The list the writers quote is the list tested below; a prefix dropped from it fails here.
    assert set(FORMULA_PREFIXES) == set(PREFIXES)


def formula(prefix: str) -> Callable[[str], str]:
    # The marker sits inside a string literal of the formula: the cell must not compute it.
    return lambda marker: f'{prefix}HYPERLINK("http://evil.example/{marker}","click")'


@pytest.fixture(scope="module", params=PREFIXES, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def workspace(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Marks]:
    prefix: str = request.param
    tmp = tmp_path_factory.mktemp("formula")
    marks = Marks(formula(prefix))
    hostile_catalogue(tmp, marks)
    hostile_assessment(tmp / "a.yaml", marks)
    hostile_assessment(tmp / "b.yaml", marks, assessment_id="acme-2026")
    hostile_policy(tmp / "policy.yaml", marks)
    _hostile_export(tmp / "export.csv", marks)
    return tmp, marks


def _hostile_export(path: Path, marks: Marks) -> None:
    with open(EXAMPLE / "change-export.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[:4]
    header = rows[0]
    for row in rows[1:]:
        for column in ("short_description", "assignment_group"):
            row[header.index(column)] = marks.text(f"export.{column}")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def check_workbook(path: Path, marks: Marks) -> set[str]:
    """Assert every cell holding a hostile text is quoted text; returns the markers found."""
    prefix = marks.make("MK0K")[0]
    found: set[str] = set()
    changed: set[str] = set()
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {value!r}"
                markers = set(MARKER.findall(value)) & set(marks.places)
                found |= markers
                if not markers:
                    continue
                where = f"{path.name} {ws.title}!{cell.coordinate} ({', '.join(marks.places[m] for m in markers)})"
                assert cell.data_type == "s", where
                if value.startswith(prefix):
                    assert cell.quotePrefix, f"{where}: {value[:12]!r}… has no quotePrefix"
                    if len(markers) == 1 and value.startswith(prefix + "HYPERLINK"):
                        # The cell starts with the field: it reads back exactly as typed.
                        typed = marks.make(next(iter(markers)))
                        assert value.startswith(typed), f"{where}: {value!r} does not start with {typed!r}"
                elif value.lstrip().startswith("HYPERLINK"):
                    # The field was changed on the way (leading white space trimmed from a change
                    # export, a CR stored as a line break): then it must not start a formula either.
                    assert not value.startswith(FORMULA_PREFIXES) or cell.quotePrefix, f"{where}: {value!r}"
                    changed.add(f"{ws.title}!{cell.coordinate}: {value[:2]!r}")
    assert found, f"{path.name}: no hostile text in the workbook at all"
    return found


def test_report_workbook(workspace: tuple[Path, Marks]) -> None:
    tmp, marks = workspace
    run("report", "write", str(tmp / "a.yaml"), "--catalogue", str(tmp / "catalogue"), "--baseline",
        str(tmp / "b.yaml"), "--format", "xlsx", "--include-names", "--min-group", "1", "-o", str(tmp / "report"),
        "--force")
    found = check_workbook(next((tmp / "report").glob("*.xlsx")), marks)
    places = " ".join(marks.places[m] for m in found)
    for field_name in ("findings[0].statement", "findings[0].recommendation", "responses[1].evidence", "organisation"):
        assert field_name in places, f"{field_name} is not in the report workbook"


def test_fieldwork_workbook(workspace: tuple[Path, Marks]) -> None:
    tmp, marks = workspace
    out = tmp / "fieldwork.xlsx"
    run("assess", "export", str(tmp / "a.yaml"), "--catalogue", str(tmp / "catalogue"), "-o", str(out), "--force")
    found = check_workbook(out, marks)
    places = " ".join(marks.places[m] for m in found)
    assert "responses[1].notes" in places and "statement" in places


@pytest.mark.parametrize("edition", ["auditor", "trainer"])
def test_checklist_workbook(workspace: tuple[Path, Marks], edition: str) -> None:
    tmp, marks = workspace
    out = tmp / f"checklist-{edition}.xlsx"
    run("checklist", "render", "--catalogue", str(tmp / "catalogue"), "--edition", edition, "-o", str(out), "--force")
    assert any("question" in marks.places[m] for m in check_workbook(out, marks))


def test_catalogue_export_workbook(workspace: tuple[Path, Marks]) -> None:
    tmp, marks = workspace
    out = tmp / "catalogue.xlsx"
    run("catalogue", "export", str(tmp / "catalogue"), "--format", "xlsx", "-o", str(out), "--force")
    assert any("statement" in marks.places[m] for m in check_workbook(out, marks))


def test_change_guide_workbook(workspace: tuple[Path, Marks]) -> None:
    tmp, marks = workspace
    out = tmp / "guide.xlsx"
    run("change", "guide", "--policy", str(tmp / "policy.yaml"), "--format", "xlsx", "-o", str(out), "--force")
    check_workbook(out, marks)


def test_change_batch_workbook(workspace: tuple[Path, Marks]) -> None:
    tmp, marks = workspace
    out = tmp / "batch.xlsx"
    run("change", "batch", str(tmp / "export.csv"), "--policy", str(EXAMPLE / "change-policy.yaml"), "--map",
        str(EXAMPLE / "change-map.yaml"), "-o", str(out), "--force")
    assert any("short_description" in marks.places[m] for m in check_workbook(out, marks))


def test_change_batch_listing_csv(workspace: tuple[Path, Marks]) -> None:
    # The per-change listing as CSV (automatic beyond 50,000 changes): a spreadsheet opens it too,
    # so formula-like text gets a leading apostrophe (OWASP's advice for CSV).
    tmp, marks = workspace
    listing = tmp / "listing.csv"
    run("change", "batch", str(tmp / "export.csv"), "--policy", str(EXAMPLE / "change-policy.yaml"), "--map",
        str(EXAMPLE / "change-map.yaml"), "-o", str(tmp / "batch-with-listing.xlsx"), "--listing", str(listing),
        "--force")
    with open(listing, newline="", encoding="utf-8") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row if MARKER.search(cell)]
    assert cells, "no hostile text in the listing"
    for cell in cells:
        assert not cell.startswith(FORMULA_PREFIXES), f"{cell!r} would run as a formula"
        if cell.startswith("'"):
            assert cell[1:] == marks.make(MARKER.findall(cell)[0])


def test_compare_workbook(workspace: tuple[Path, Marks]) -> None:
    tmp, marks = workspace
    run("compare", str(tmp / "a.yaml"), str(tmp / "b.yaml"), "--catalogue", str(tmp / "catalogue"), "--format", "xlsx",
        "-o", str(tmp / "compare"), "--force")
    check_workbook(tmp / "compare" / "comparison.xlsx", marks)


@pytest.mark.xfail(strict=True, reason="openpyxl without lxml (as the tool runs it) stores a CR raw and every "
                   "XML reader reads it back as a line break; harmless for formulas, but not the text typed")
def test_a_carriage_return_reads_back_as_typed(tmp_path: Path) -> None:
    from itsm_assess._io.xlsx_cells import set_text

    wb = openpyxl.Workbook()
    set_text(wb.active["A1"], "\rHYPERLINK(1)")
    wb.save(tmp_path / "cr.xlsx")
    assert openpyxl.load_workbook(tmp_path / "cr.xlsx").active["A1"].value == "\rHYPERLINK(1)"


@pytest.mark.parametrize("text", ["=1", "-1", "+A", "@x", "\t1", "\r="])
def test_the_shortest_formulas_are_quoted(text: str) -> None:
    """Two characters make a formula (=1, -1); a lone prefix character is plain text (a dash
    in an empty-looking cell), in the cells and in the change listing's CSV alike."""
    from itsm_assess._io.xlsx_cells import set_text
    from itsm_assess.change_impact.batch import _csv_safe

    cell = openpyxl.Workbook().active["A1"]
    set_text(cell, text)
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text, True)
    assert _csv_safe(text) == "'" + text
    lone = openpyxl.Workbook().active["A1"]
    set_text(lone, text[0])
    assert not lone.quotePrefix and _csv_safe(text[0]) == text[0]


def test_an_ampersand_in_a_print_header_stays_text() -> None:
    """Excel reads ``&P``, ``&D``, ``&"font"`` in a page header as codes; a name such as "R&D" is doubled."""
    from itsm_assess._io.xlsx_cells import header_footer_text

    assert header_footer_text("R&D &P &&") == "R&&D &&P &&&&"
    assert header_footer_text("plain") == "plain"
