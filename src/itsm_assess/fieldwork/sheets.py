"""What the fieldwork workbook and the questionnaire share when written: the new workbook (the
overwrite refusal, the assessment checked against the catalogue, the language settled, the
structure locked and the file saved atomically) and the instructions sheet with the cells where
the respondent writes a name and a role.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsm_assess.errors import InputError
from itsm_assess.i18n import LANGUAGES

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue


@contextmanager
def new_workbook(catalogue: Catalogue, assessment: Assessment, path: str | os.PathLike[str], *,
                 lang: str | None, force: bool) -> Iterator[tuple[Any, str]]:
    """A new workbook for ``assessment`` and the language to write it in (``lang``, else the
    assessment's, else English). Refuses (InputError) to replace ``path`` unless ``force`` and an
    assessment that does not fit the catalogue; on leaving the block without an error, locks the
    workbook's structure, opens it on its first sheet and saves it atomically (nothing is written
    when the block fails)."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    from itsm_assess._io.xlsx_cells import use_text_font
    from itsm_assess.files import atomic_path, refuse_overwrite

    target = Path(path)
    refuse_overwrite([target], force=force)
    problems = assessment.check_against(catalogue)
    if problems:
        raise InputError(problems)
    lang = lang or assessment.assessment.language
    if lang not in LANGUAGES:
        lang = "en"
    wb = Workbook()
    use_text_font(wb)
    yield wb, lang
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    with atomic_path(target) as tmp:
        wb.save(tmp)


@dataclass(frozen=True)
class InstructionsLook:
    """How an instructions sheet looks: fonts, the wrapped alignment, the input cells, column widths."""

    body_font: Any
    label_font: Any
    wrap: Any
    unlocked: Any
    border: Any
    #: Column A (labels) and B (inputs) in characters.
    widths: tuple[float, float]
    input_height: float
    #: The font typed names and roles get (None: the workbook's default).
    input_font: Any = None


def write_instructions_sheet(ws: Any, heading: Sequence[tuple[str, Any]], lines: Sequence[str],
                             input_labels: Sequence[str], look: InstructionsLook, page_header: str) -> int:
    """Fill ``ws``: the heading rows (text and font), a blank row, the instruction lines, a blank
    row, then a label and an input cell for each of ``input_labels``; every text spans columns A
    and B, the sheet is protected apart from the inputs. Returns the row of the first input."""
    from itsm_assess._io.xlsx_cells import fit_row_heights, header_footer_text, set_print_layout, set_text

    rows = [*heading, *[(line, look.body_font) for line in lines]]
    numbers = [*range(1, len(heading) + 1), *range(len(heading) + 2, len(heading) + 2 + len(lines))]
    for row, (value, font) in zip(numbers, rows, strict=True):
        cell = ws.cell(row=row, column=1)
        set_text(cell, value)
        cell.font = font
        cell.alignment = look.wrap
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    first_input = len(heading) + len(lines) + 3
    for offset, key in enumerate(input_labels):
        label = ws.cell(row=first_input + offset, column=1)
        set_text(label, key)
        label.font = look.label_font
        entry = ws.cell(row=first_input + offset, column=2)
        entry.protection = look.unlocked
        entry.border = look.border
        if look.input_font is not None:
            entry.font = look.input_font
        ws.row_dimensions[first_input + offset].height = look.input_height
    ws.column_dimensions["A"].width = look.widths[0]
    ws.column_dimensions["B"].width = look.widths[1]
    fit_row_heights(ws, 1, first_input - 1)
    set_print_layout(ws, landscape=False, header=header_footer_text(page_header))
    ws.protection.sheet = True
    return first_input


def write_hidden_sheet(wb: Any, title: str, columns: Sequence[Sequence[str]], note: str) -> Any:
    """A hidden, protected sheet ``title`` holding ``columns`` (each a list of texts from row 1)
    and, one column to their right, ``note`` saying what the sheet is: the drop-down lists and the
    ``_meta`` key/value rows are machine data, and say so to anyone who unhides them."""
    from itsm_assess._io.xlsx_cells import set_text

    ws = wb.create_sheet(title)
    for col, values in enumerate(columns, start=1):
        for row, value in enumerate(values, start=1):
            set_text(ws.cell(row=row, column=col), value)
    set_text(ws.cell(row=1, column=len(columns) + 2), note)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return ws
