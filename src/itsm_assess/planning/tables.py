"""Plain tables of the planning outputs written as Markdown or as an xlsx workbook (one sheet each)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from itsm_assess._io import theme

Cell = str | int | dt.date | dt.time | None


@dataclass(frozen=True)
class Table:
    """One sheet: a title, the column headings and the rows (text, whole numbers, dates or times of
    day, the last two written to a workbook as Excel dates and times in the language's format)."""

    title: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    #: Lines shown above the table (Markdown) or as the first rows of the sheet.
    notes: list[str] = field(default_factory=list)
    #: Whether the sheet's header row carries Excel's filter buttons (a long list a reader sorts and filters).
    filtered: bool = False


def md_cell(value: Cell) -> str:
    """A value as the text of a Markdown table cell (pipes escaped, one line)."""
    if value is None:
        return ""
    if isinstance(value, dt.time):
        text = value.strftime("%H:%M")
    else:
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def tables_markdown(title: str, tables: Sequence[Table], intro: Sequence[str] = ()) -> str:
    """A Markdown document: a heading, introductory lines, then each table under its own heading."""
    out = [f"# {md_cell(title)}", ""]
    if intro:
        out += [*intro, ""]
    for table in tables:
        if title != table.title and not title.startswith(f"{table.title}:"):  # a table the title names: one heading
            out += [f"## {md_cell(table.title)}", ""]
        for note in table.notes:  # each its own paragraph; a list item ("- …") stays in its list
            out += [note] if note.startswith("- ") else [note, ""]
        if table.notes and table.notes[-1].startswith("- "):
            out.append("")
        out.append("| " + " | ".join(md_cell(h) for h in table.header) + " |")
        out.append("|" + "---|" * len(table.header))
        out += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in table.rows]
        out.append("")
    return "\n".join(out)


def write_tables_xlsx(path: str | os.PathLike[str], tables: Sequence[Table], *, lang: str = "en") -> None:
    """Write each table to a sheet of an xlsx workbook, atomically; user text always stays text."""
    from openpyxl import Workbook

    from itsm_assess._io.xlsx_cells import use_text_font
    from itsm_assess.files import atomic_path

    wb = Workbook()
    use_text_font(wb)
    wb.remove(wb.active)
    used: set[str] = set()
    for table in tables:
        add_table_sheet(wb, table, used, lang=lang)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def add_table_sheet(wb: Any, table: Table, used: set[str] | None = None, *, lang: str = "en",
                    font: str | None = None) -> Any:
    """Add ``table`` as a sheet of ``wb`` (an openpyxl workbook): notes, a header row, the rows.

    ``used`` holds the sheet names taken so far (lower case); by default the workbook's own.
    ``font`` names the headings' font (default: the planning outputs' text font). Returns the sheet."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from itsm_assess._io.xlsx_cells import TEXT_FONT, fit_row_heights, set_print_layout, set_value
    from itsm_assess.i18n.formats import excel_date_format, excel_time_format

    if used is None:
        used = {name.lower() for name in wb.sheetnames}
    ws = wb.create_sheet(_sheet_name(table.title, used, lang))
    row = 1
    for note in table.notes:
        set_value(ws.cell(row=row, column=1), note)
        row += 1
    if table.notes:
        row += 1
    head_row = row
    for col, heading in enumerate(table.header, start=1):
        cell = ws.cell(row=row, column=col)
        set_value(cell, heading)
        cell.font = Font(name=font or TEXT_FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor=theme.xlsx(theme.LIGHT_HEADER_FILL))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in table.rows:
        row += 1
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col)
            set_value(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, (dt.date, dt.time)):  # under its heading, apart from the next column's text
                cell.number_format = excel_date_format(lang) if isinstance(value, dt.date) else excel_time_format(lang)
                cell.alignment = Alignment(horizontal="left", vertical="top")
    for col, heading in enumerate(table.header, start=1):
        longest = max([len(heading)] + [len(md_cell(r[col - 1])) for r in table.rows if col - 1 < len(r)])
        room = 4 if table.filtered else 2  # a filter button sits over the heading's right end
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = max(8, min(60, longest + room))
    ws.freeze_panes = ws.cell(row=head_row + 1, column=1)
    if table.filtered and table.rows:
        ws.auto_filter.ref = f"A{head_row}:{ws.cell(row=row, column=len(table.header)).coordinate}"
    fit_row_heights(ws, head_row)
    set_print_layout(ws, title_rows=f"{head_row}:{head_row}", header=None)
    return ws


def _sheet_name(title: str, used: set[str], lang: str = "en") -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\; ``lang``'s short forms for a long title)."""
    from itsm_assess._io.xlsx_cells import short_sheet_name

    base = "".join("-" if ch in "[]:*?/\\" else ch for ch in title).strip("'") or "Sheet"
    base = short_sheet_name(base, lang=lang)
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name
