"""The gap report as an Excel workbook, written with openpyxl from a :class:`ReportView`.

Sheets: Summary (with a native bar chart of the capability profile), Processes, Findings,
Action plan (owner, due date and status editable, the rest locked), Requirements,
Comparison (with a baseline), Change analysis (with change batch results), Metrics evidence
(with ``report --metrics``) and Method.
Every text cell goes through :func:`itsm_assess._io.xlsx_cells.set_text`, so a person's text
that looks like a formula stays text. Every sheet prints on A4, fitted to the page width.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from typing import TYPE_CHECKING, Any, Literal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from itsm_assess._io import theme
from itsm_assess._io.xlsx_cells import set_text, set_value, sheet_title
from itsm_assess.files import atomic_path
from itsm_assess.i18n import _p, pgettext_for
from itsm_assess.i18n.formats import (
    excel_date_format,
    excel_number_format,
    excel_percent_format,
    excel_signed_percent_format,
    format_date,
    format_percent_range,
    format_period,
)
from itsm_assess.reports.action_plan import named_item

if TYPE_CHECKING:
    from collections.abc import Iterable

    from openpyxl.worksheet.worksheet import Worksheet

    from itsm_assess.reports.director import DirectorSummary
    from itsm_assess.reports.view_model import ReportView

NAVY = theme.NAVY.lstrip("#")
FONT = theme.FONT


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour.lstrip("#"), bgColor=colour.lstrip("#"))


def _font(**kwargs: Any) -> Font:
    """Every font names its face: without a name LibreOffice falls back to a serif."""
    return Font(name=FONT, **kwargs)


RATING_FILLS = {family: _fill(colour) for family, colour in theme.RATING_COLOURS.items()}
GRADE_FILLS = {grade: _fill(colour) for grade, colour in theme.GRADE_COLOURS.items()}
RAG_FILLS = {status: _fill(colour) for status, colour in theme.RAG_COLOURS.items()}
VERDICT_FILLS = {verdict: RAG_FILLS[status] for verdict, status in theme.VERDICT_RAG.items()}
TREND_FILLS = {trend: RAG_FILLS[status] for trend, status in theme.TREND_RAG.items()}
TREND_MARKS = {"improved": "▲", "worsened": "▼", "unchanged": "=", "new": "+", "removed": "–"}
EDITABLE_FILL = _fill(theme.EDITABLE_COLOUR)
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
BODY_FONT = _font(size=11)
HEADER_FONT = _font(bold=True, color=theme.xlsx(theme.HEADER_TEXT))
TITLE_FONT = _font(bold=True, size=16, color=NAVY)
SUBTITLE_FONT = _font(bold=True, size=12, color=NAVY)
BOLD = _font(bold=True)
FIGURE_FONT = _font(bold=True, size=18, color=NAVY)
MUTED_FONT = _font(size=9, color=theme.xlsx(theme.MUTED_TEXT))
WHITE_FONT = _font(color=theme.xlsx(theme.LIGHT_TEXT))
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="top")
TOP = Alignment(vertical="top")
THIN = Side(style="thin", color=theme.xlsx(theme.RULE))
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
VERDICT_FONT = _font(bold=True, size=14)
ITALIC = _font(italic=True)
LEFT = Alignment(horizontal="left")
LEFT_TOP = Alignment(horizontal="left", vertical="top")
CENTER_HEADER = Alignment(horizontal="center", vertical="center", wrap_text=True)
NO_BORDER = Border()
PERCENT = "0%"
EXTRA_ACTION_ROWS = 10
UNKNOWN_LINE_CHARS = (10 - 1.5) / 1.1  # a column without a given width: 10 wide


def write_report_xlsx(view: ReportView, path: str | os.PathLike[str]) -> None:
    """Write the workbook for ``view`` to ``path`` atomically."""
    wb = build_workbook(view)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def build_workbook(view: ReportView) -> Workbook:
    """The report workbook (not yet saved)."""
    wb = Workbook()
    # Cell formats that follow the report's language, read by the cell writers below.
    wb.__dict__["_itsm_assess_percent"] = excel_percent_format(view.lang)
    lab = view.labels
    summary = wb.active
    summary.title = sheet_title(lab["summary"], view.lang)
    _summary_sheet(summary, view)
    # The sheets follow the report's sections; the requirements annex comes last, when wanted.
    if view.comparison is not None:
        _comparison_sheet(wb.create_sheet(sheet_title(lab["comparison_sheet"], view.lang)), view)
    _audit_record_sheet(wb, view, "followup")
    _findings_sheet(wb.create_sheet(sheet_title(lab["findings_sheet"], view.lang)), view)
    _actions_sheet(wb.create_sheet(sheet_title(lab["action_plan"], view.lang)), view)
    _audit_record_sheet(wb, view, "register")
    _processes_sheet(wb.create_sheet(sheet_title(lab["processes"], view.lang)), view)
    if view.survey is not None:
        _survey_sheet(wb.create_sheet(sheet_title(view.survey["labels"]["sheet"], view.lang)), view)
    if view.change_analysis is not None:
        _changes_sheet(wb.create_sheet(sheet_title(lab["change_analysis"], view.lang)), view)
    if view.metrics_evidence is not None:
        _metrics_sheet(wb.create_sheet(sheet_title(view.metrics_evidence["labels"]["sheet"], view.lang)), view)
    _method_sheet(wb.create_sheet(sheet_title(lab["method"], view.lang)), view)
    if any(s["id"] == "requirements" for s in view.sections):
        _requirements_sheet(wb.create_sheet(sheet_title(lab["requirements"], view.lang)), view)
    _meta_sheet(wb.create_sheet(sheet_title(pgettext_for(view.lang)(*REPORT_META_SHEET_NAME))), view, sheet_title(lab["action_plan"], view.lang))
    wb.properties.title = view.title
    wb.properties.creator = "itsm-assess"
    wb.properties.language = view.lang
    return wb


def _audit_record_sheet(wb: Workbook, view: ReportView, part: Literal["followup", "register"]) -> None:
    """The follow-up of the previous round or the findings register as a sheet of its own (as written
    by ``findings follow-up`` / ``findings register``), when the view has it."""
    from dataclasses import replace

    from itsm_assess.planning.tables import add_table_sheet
    from itsm_assess.reports.register import followup_tables, register_tables

    # One sheet each: the nonconformities' lifecycle, or every previous finding's follow-up (OFIs and
    # observations are on the Findings sheet already).
    if part == "followup" and view.followup is not None:
        table = replace(followup_tables(view.followup)[0], title=view.followup["labels"]["fu_sheet"])
    elif part == "register" and view.register is not None:
        table = replace(register_tables(view.register)[0], title=view.register["labels"]["reg_title"])
    else:
        return
    ws = add_table_sheet(wb, table, lang=view.lang, font=FONT)
    _print_setup(ws, view, landscape=True, title_rows=None)


# --------------------------------------------------------------------------- helpers


#: The field of a cell's style array that each style keyword sets.
_FIELDS = {"font": "fontId", "fill": "fillId", "border": "borderId", "alignment": "alignmentId",
           "protection": "protectionId", "number_format": "numFmtId"}


def _index(ws: Worksheet, name: str, value: Any) -> int:
    """The index of a style object or number format in the workbook's style lists.

    openpyxl hashes a style object (field by field) every time one is assigned, which dominates
    the time of a large report. Each style constant here is assigned once per workbook, to a
    probe cell never added to a sheet, and its index remembered (constants by identity, number
    formats by value).
    """
    workbook_dict = ws.parent.__dict__
    indices: dict[tuple[str, Any], int] | None = workbook_dict.get("_itsm_assess_indices")
    if indices is None:
        indices = workbook_dict["_itsm_assess_indices"] = {}
    key = (name, value if value.__class__ is str else id(value))
    index = indices.get(key)
    if index is None:
        probe = Cell(ws)
        setattr(probe, name, value)
        index = indices[key] = int(getattr(probe._style, _FIELDS[name]))
    return index


def _style(cell: Any, **styles: Any) -> None:
    """Set some styles of a cell already written, keeping the others."""
    array = cell._style
    if array is None:
        array = cell._style = StyleArray()
    for name, value in styles.items():
        setattr(array, _FIELDS[name], _index(cell.parent, name, value))


def _sa(ws: Worksheet, **styles: Any) -> StyleArray:
    """The style array of a cell with exactly ``styles`` (font, fill, alignment, border, protection,
    number_format), built once per workbook; :func:`_put` gives each cell a copy."""
    workbook_dict = ws.parent.__dict__
    cache = workbook_dict.get("_itsm_assess_arrays")
    if cache is None:
        cache = workbook_dict["_itsm_assess_arrays"] = {}
    key = tuple([(name, value if value.__class__ is str else id(value)) for name, value in styles.items()])
    array = cache.get(key)
    if array is None:
        array = cache[key] = StyleArray()
        for name, value in styles.items():
            setattr(array, _FIELDS[name], _index(ws, name, value))
    return array


def _put(ws: Worksheet, row: int, col: int, value: Any, style: StyleArray) -> Any:
    """Create the cell at (row, col) holding ``value`` (text via set_value) with a copy of ``style``.

    The same as ``ws.cell`` plus style assignments, without their per-cell lookups and hashing: the
    report writes every cell once, in one go.
    """
    cell = Cell(ws, row=row, column=col, style_array=style)
    ws._cells[(row, col)] = cell
    if value is not None:
        set_value(cell, value)
    return cell


def _merge(ws: Worksheet, row: int, first_col: int, last_col: int) -> None:
    """Merge columns ``first_col``..``last_col`` of ``row``, as ``ws.merge_cells`` does.

    ``merge_cells`` then copies the first cell's border to the edge cells, hashing a border per
    cell; for a first cell without a border (all of the report's merges) there is nothing to copy.
    """
    first = ws._cells.get((row, first_col))
    if first is not None and first._style is not None and first._style.borderId:
        ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
        return
    ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(first_col)}{row}:{get_column_letter(last_col)}{row}"))
    for col in range(first_col + 1, last_col + 1):
        ws._cells[(row, col)] = MergedCell(ws, row, col)


def _header(ws: Worksheet, row: int, headers: list[str], col: int = 1, widths: list[float] | None = None) -> None:
    style = _sa(ws, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGN, border=BOX)
    for i, text in enumerate(headers):
        _put(ws, row, col + i, text, style)
        if widths and col - 1 + i < len(widths):
            # Wrap between words, never inside one: long Finnish compounds widen their column.
            longest = max((len(word) for word in text.split()), default=0)
            needed = round(longest * 1.1 + 1.5, 1)
            if widths[col - 1 + i] < needed:
                widths[col - 1 + i] = needed
                ws.column_dimensions[get_column_letter(col + i)].width = needed
    if widths:
        _fit_height(ws, row, headers, col, widths, factor=1.25)


def _row(
    ws: Worksheet,
    row: int,
    values: list[Any],
    col: int = 1,
    wrap: bool = True,
    widths: list[float] | None = None,
    styles: dict[int, StyleArray] | None = None,
) -> None:
    """Boxed cells from ``col`` on, wrapped (and the row grown to fit) or top-aligned; ``styles``
    maps an index in ``values`` to a style array used instead."""
    default = _sa(ws, border=BOX, alignment=WRAP if wrap else TOP)
    cells = ws._cells
    # The row's height is fitted in the same pass (see _fit_height): the hot loop of the report.
    chars = _line_chars(widths, 1.1) if wrap and widths else None
    lines = 1
    for i, value in enumerate(values, start=col):
        style = styles.get(i - col, default) if styles else default
        cell = cells[(row, i)] = Cell(ws, row, i, None, style)  # as _put, inlined
        if value is not None:
            set_value(cell, value)
            if chars is not None and value.__class__ is str:
                limit = chars[i - 1] if i <= len(chars) else UNKNOWN_LINE_CHARS
                if len(value) > limit or "\n" in value:  # else it fits on one line: decided without splitting
                    count = sum(max(1, math.ceil(len(part) / limit)) for part in value.split("\n"))
                    if count > lines:
                        lines = count
    if lines > 1:
        _grow(ws, row, 15.0 * lines)


def _grow(ws: Worksheet, row: int, height: float) -> None:
    """Make ``row`` at least ``height`` points tall (one RowDimension made, with its height)."""
    dim = ws.row_dimensions.get(row)
    if dim is None:
        ws.row_dimensions[row] = RowDimension(ws, index=row, ht=height)
    elif (dim.height or 15.0) < height:
        dim.height = height


_LINE_CHARS: dict[tuple[float, ...], list[float]] = {}


def _line_chars(widths: list[float], factor: float) -> list[float]:
    """How many characters fit on a line of each column (rough: the report's own estimate)."""
    key = (factor, *widths)
    chars = _LINE_CHARS.get(key)
    if chars is None:
        if len(_LINE_CHARS) > 256:
            _LINE_CHARS.clear()
        chars = _LINE_CHARS[key] = [max(w - 1.5, 1) / factor for w in widths]
    return chars


def _fit_height(ws: Worksheet, row: int, values: list[Any], col: int, widths: list[float], factor: float = 1.1) -> None:
    """Grow the row to show wrapped text: spreadsheets keep the default height of a written row."""
    lines = 1
    known = len(widths)
    j = col - 1
    for value in values:
        if value.__class__ is str and value:
            chars = max((widths[j] if j < known else 10) - 1.5, 1) / factor
            if len(value) > chars or "\n" in value:  # else it fits on one line: decided without splitting
                count = sum(max(1, math.ceil(len(part) / chars)) for part in value.split("\n"))
                if count > lines:
                    lines = count
        j += 1
    if lines > 1:
        _grow(ws, row, 15.0 * lines)


def _widths(ws: Worksheet, widths: list[float]) -> list[float]:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    return widths


def _print_setup(ws: Worksheet, view: ReportView, *, landscape: bool, title_rows: str | None = "1:1") -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    if title_rows:
        ws.print_title_rows = title_rows
    # Header/footer codes start with "&": a literal ampersand in the client's name is doubled.
    def code_safe(text: str) -> str:
        return text.replace("&", "&&")

    ws.oddHeader.left.text = code_safe(f"{view.assessment['organisation']} · {view.labels['report_title']}")
    ws.oddHeader.left.font = f"{FONT},Regular"
    ws.oddHeader.right.text = code_safe(view.document["confidentiality"].upper())
    ws.oddHeader.right.font = f"{FONT},Bold"
    ws.oddFooter.left.text = code_safe(f"{view.assessment['id']} · {view.labels['version']} {view.document['version']}") + " · &A"
    ws.oddFooter.left.font = f"{FONT},Regular"
    ws.oddFooter.right.text = f"{code_safe(view.labels['page'])} &P / &N"
    ws.oddFooter.right.font = f"{FONT},Regular"


def _text_height(text: str, width_chars: float) -> float:
    """An estimated row height for wrapped text (spreadsheets do not grow merged rows)."""
    lines = sum(max(1, math.ceil(len(part) / max(width_chars, 1))) for part in (text or "").split("\n"))
    return max(15.0, 15.0 * lines)


def _title(ws: Worksheet, text: str, subtitle: str | None = None) -> int:
    cell = ws.cell(row=1, column=1)
    set_text(cell, text)
    _style(cell, font=TITLE_FONT)
    ws.row_dimensions[1].height = 24
    if subtitle:
        sub = ws.cell(row=2, column=1)
        set_text(sub, subtitle)
        _style(sub, font=BOLD)
        return 4
    return 3


def _section(ws: Worksheet, row: int, text: str) -> int:
    cell = ws.cell(row=row, column=1)
    set_text(cell, text)
    _style(cell, font=SUBTITLE_FONT)
    return row + 1


def _paragraphs(ws: Worksheet, row: int, lines: Iterable[str], last_col: int, width_chars: float) -> int:
    """Each line a wrapped row merged over columns 1..``last_col``, as tall as its text; returns the next row."""
    for line in lines:
        cell = ws.cell(row=row, column=1)
        set_text(cell, line)
        _style(cell, alignment=WRAP)
        _merge(ws, row, 1, last_col)
        ws.row_dimensions[row].height = _text_height(cell.value, width_chars)
        row += 1
    return row


def _key_values(ws: Worksheet, row: int, pairs: list[tuple[str, Any]], last_col: int, width_chars: float) -> int:
    for label, value in pairs:
        key = ws.cell(row=row, column=1)
        set_text(key, label)
        _style(key, font=BOLD)
        _style(key, alignment=WRAP)
        cell = ws.cell(row=row, column=2)
        set_value(cell, value)
        _style(cell, alignment=WRAP)
        if last_col > 2:
            _merge(ws, row, 2, last_col)
        if isinstance(value, str):
            ws.row_dimensions[row].height = _text_height(value, width_chars)
        row += 1
    return row


def _level(value: int | None) -> int | str:
    return "–" if value is None else value


def _pct_cell(
    ws: Worksheet, row: int, col: int, value: float | None, alignment: Alignment | None = None, border: Border = BOX
) -> None:
    """A percentage, or a dash when there is none (centred unless ``alignment`` is given)."""
    if value is None:
        _put(ws, row, col, "–", _sa(ws, alignment=alignment or CENTER, border=border))
    else:
        percent = ws.parent.__dict__.get("_itsm_assess_percent", PERCENT)
        _put(ws, row, col, value, _sa(ws, number_format=percent, alignment=alignment or TOP, border=border))


# --------------------------------------------------------------------------- sheets


def _summary_sheet(ws: Worksheet, view: ReportView) -> None:
    """The dashboard: verdict, key figures with the clause chart beside them, key messages, RAG
    by clause and by process, then the capability profile with its chart."""
    lab = view.labels
    ex = view.executive
    w = _widths(ws, [30, 40, 15, 13, 13, 15, 17])
    info = view.assessment
    row = _title(ws, lab["report_title"], info["organisation"])
    meta = ws.cell(row=3, column=1)
    set_text(meta, " · ".join(x for x in (view.document["confidentiality"], info["id"],
                                          format_period(info["start_date"], info["end_date"], view.lang)) if x))
    _style(meta, font=MUTED_FONT)
    verdict = ex["verdict"]
    key = ws.cell(row=row, column=1)
    set_text(key, lab["assessment_method"] if "director" in ex else lab["readiness"])
    _style(key, font=BOLD, alignment=LEFT_TOP)
    cell = ws.cell(row=row, column=2)
    set_text(cell, verdict["label"])  # colour and words: a letter would read as a grade
    _style(cell, font=VERDICT_FONT, fill=RAG_FILLS[verdict["rag"]], alignment=LEFT_TOP)
    _merge(ws, row, 2, 7)
    ws.row_dimensions[row].height = 22
    row += 1
    reasons = view.readiness["reasons"] if verdict["code"] != "none" else []
    row = _key_values(ws, row, [("", "\n".join([verdict["scope_text"], *(f"• {r}" for r in reasons)]))], 7, 100)
    row += 1

    # Key figures, with the compliance-by-clause chart beside them.
    row = _section(ws, row, lab["executive_summary"])
    figures_top = row
    # The previous assessment before this one, as the comparison sheet and the HTML order them; no
    # empty column without one.
    with_before = any(f["before"] for f in ex["figures"])
    _header(ws, row, [lab["key_figures"], *([lab["baseline"]] if with_before else []), lab["current"]], widths=w)
    row += 1
    big = _sa(ws, border=BOX, alignment=LEFT_TOP, font=_FIGURE_CELL_FONT)
    for f in ex["figures"]:
        _row(ws, row, [f["label"], *([f["before"] or ""] if with_before else []), f["value"]], widths=w,
             styles={2 if with_before else 1: big})
        row += 1
    row += 1
    row = _section(ws, row, lab["key_messages"])
    row = _paragraphs(ws, row, (f"{lab['msg_kind_' + m['kind']]}: {m['text']}" for m in ex["messages"]), 7, 130)
    row += 1
    if "director" in ex:
        row = _director_rows(ws, row, ex["director"], lab, w)

    # RAG by clause (letters recoloured by conditional formatting) and a native chart of compliance.
    row = _section(ws, row, f"{lab['rag_overview']}: {lab['rag_by_clause'].lower()}")
    clause_header = row
    _header(ws, row, [lab["clause"], lab["title"], lab["rag_status"], lab["compliance"], lab["open_major"],
                      lab["open_minor"]], widths=w)
    row += 1
    centred = _sa(ws, border=BOX, alignment=CENTER, font=BOLD)
    for c in ex["rag_clauses"]:
        _row(ws, row, [c["clause"], c["title"], lab["rag_text_" + c["rag"]]], widths=w, styles={2: centred})
        _pct_cell(ws, row, 4, c["compliance"])
        _row(ws, row, [c["open_major"], c["open_minor"]], col=5, wrap=False)
        row += 1
    if ex["rag_clauses"]:
        _rag_rules(ws, f"C{clause_header + 1}:C{row - 1}", lab)
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.title = lab["compliance_by_clause"]
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.y_axis.number_format = "0%"
        chart.y_axis.majorUnit = 0.25
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
        chart.add_data(Reference(ws, min_col=4, min_row=clause_header, max_row=row - 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=clause_header + 1, max_row=row - 1))
        chart.series[0].graphicalProperties.solidFill = NAVY
        chart.legend = None
        chart.width = 12
        chart.height = 7
        chart.gapWidth = 40
        if "director" not in ex:  # a self-assessment's figures are fewer: the chart would cover its messages
            ws.add_chart(chart, f"D{figures_top}")
    row += 1
    row = _section(ws, row, f"{lab['rag_overview']}: {lab['rag_by_process'].lower()}")
    process_header = row
    _header(ws, row, [lab["process"], lab["title"], lab["rag_status"], lab["capability_level"], lab["target_level"],
                      lab["compliance"], lab["open_minor"]], widths=w)
    row += 1
    for p in ex["rag_processes"]:
        _row(ws, row, [p["id"], p["title"], lab["rag_text_" + p["rag"]], _level(p["capability_level"]), _level(p["target_level"])],
             widths=w, styles={2: centred})
        _pct_cell(ws, row, 6, p["compliance"])
        _row(ws, row, [p["open_minor"] + p["open_major"]], col=7, wrap=False)
        row += 1
    if ex["rag_processes"]:
        _rag_rules(ws, f"C{process_header + 1}:C{row - 1}", lab)
    note = ws.cell(row=row, column=1)
    set_text(note, " ".join(view.method["rag_rule"]))
    _style(note, font=MUTED_FONT, alignment=WRAP)
    _merge(ws, row, 1, 7)
    ws.row_dimensions[row].height = _text_height(note.value, 150)
    row += 2

    # Capability profile table and its native chart, on a page of their own.
    ws.row_breaks.append(Break(id=row - 1))
    row = _section(ws, row, lab["capability_profile"])
    header_row = row
    _header(ws, row, [lab["process"], lab["title"], lab["capability_level"], lab["target_level"],
                      lab["level_gap"], lab["compliance"], lab["compliance_weighted"]], widths=w)
    row += 1
    for proc in view.processes:
        _row(ws, row, [proc["id"], proc["title"], _level(proc["capability_level"]), _level(proc["target_level"]),
                       _level(proc["level_gap"])], widths=w)
        _pct_cell(ws, row, 6, proc["compliance"])
        _pct_cell(ws, row, 7, proc["compliance_weighted"])
        row += 1
    if view.processes and view.model["has_levels"]:
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.title = lab["capability_profile"]
        chart.y_axis.title = lab["capability_level"]
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = view.model["max_level"]
        chart.y_axis.majorUnit = 1
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        chart.x_axis.scaling.orientation = "maxMin"  # first process on top, as in the table
        chart.y_axis.crosses = "max"  # keeps the value axis at the bottom when categories run downwards
        data = Reference(ws, min_col=3, max_col=4, min_row=header_row, max_row=row - 1)
        cats = Reference(ws, min_col=1, min_row=header_row + 1, max_row=row - 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.series[0].graphicalProperties.solidFill = NAVY
        # The target is a hollow orange box around the level bar: one thick bar per process reads
        # better at 27 processes than two thin ones side by side.
        chart.overlap = 100
        target = chart.series[1].graphicalProperties
        target.noFill = True
        target.line.solidFill = theme.TARGET_COLOUR.lstrip("#")
        target.line.width = 28575  # 2.25 pt
        chart.legend.position = "b"
        chart.width = 24
        chart.height = max(7.5, 2.5 + 0.6 * len(view.processes))
        chart.gapWidth = 30
        # The chart starts a page of its own rather than straddling a page break.
        ws.row_breaks.append(Break(id=row))
        ws.add_chart(chart, f"A{row + 1}")
        row += int(chart.height / 0.5) + 3

    row = _section(ws, row, lab["findings_by_grade"])
    _header(ws, row, [lab["grade"], lab["finding_status_open"], lab["finding_status_closed"]], widths=w)
    row += 1
    first = row
    for g in view.findings_by_grade:
        _row(ws, row, [g["label"], g["count"], g["closed"]], wrap=False, widths=w)
        row += 1
    _grade_rules(ws, f"A{first}:A{row - 1}", view)
    row += 1
    row = _section(ws, row, lab["compliance_by_clause"])
    _header(ws, row, [lab["clause"], lab["title"], lab["compliance"], lab["compliance_weighted"],
                      lab["conforming"], lab["not_conforming"], lab["not_assessed_short"]], widths=w)
    row += 1
    bold = _sa(ws, border=BOX, alignment=WRAP, font=BOLD)
    bold_pair = {0: bold, 1: bold}
    for clause in view.clauses:
        _row(ws, row, [clause["clause"], clause["title"]], wrap=True, widths=w,
             styles=bold_pair if clause["depth"] == 1 else None)
        _pct_cell(ws, row, 3, clause["compliance"])
        _pct_cell(ws, row, 4, clause["compliance_weighted"])
        counts = clause["counts"]
        _row(ws, row, [counts.get("conforming", 0), counts.get("not_conforming", 0), counts.get("not_assessed", 0)],
             col=5, wrap=False)
        row += 1
    _print_setup(ws, view, landscape=True, title_rows=None)


_FIGURE_CELL_FONT = _font(bold=True, size=14, color=NAVY)


def _director_rows(ws: Worksheet, row: int, director: DirectorSummary, lab: dict[str, str], w: list[float]) -> int:
    """A self-assessment's standing by process, what to discuss and the next steps, in plain words."""
    row = _section(ws, row, lab["director_where_we_stand"])
    _header(ws, row, [lab["process"], lab["director_standing"], lab["director_practices"], "", "",
                      lab["director_to_discuss"], lab["director_dont_know"]], widths=w)
    row += 1
    merged = [w[0], w[1], w[2] + w[3] + w[4]]
    first = row
    for s in director["processes"]:
        _row(ws, row, [s["title"], s["standing_label"], s["items_text"]], widths=merged)
        _merge(ws, row, 3, 5)
        _row(ws, row, [s["to_discuss"]], col=6, wrap=False)
        _pct_cell(ws, row, 7, s["dont_know_share"])
        row += 1
    if row > first:
        _standing_rules(ws, f"B{first}:B{row - 1}", director)
    row += 1
    blocks = [(lab["director_what_to_discuss"], [f"{p['title']} ({p['answers']}): {p['prompt']}" for p in director["discuss"][:5]]),
              (lab["director_next_steps"], [f"{n}. {step}" for n, step in enumerate(director["next_steps"], start=1)])]
    for heading, lines in blocks:
        if not lines:
            continue
        row = _paragraphs(ws, _section(ws, row, heading), lines, 7, 130)
        row += 1
    return row


def _formula_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _rag_rules(ws: Worksheet, ref: str, lab: dict[str, str]) -> None:
    """The status cells (mark and colour name in the report's language, "▲ Keltainen") coloured by
    rule, so that a corrected status recolours."""
    first = ref.split(":")[0]
    for status, fill in RAG_FILLS.items():
        formula = f"{first}={_formula_text(lab['rag_text_' + status])}"
        ws.conditional_formatting.add(ref, FormulaRule(formula=[formula], fill=fill, stopIfTrue=True))


def _rating_rules(ws: Worksheet, ref: str, na_code: str = "NA") -> None:
    """Ratings coloured by their letter (N, P±, L±, F, and NA as the reader's language writes it) by
    rule, never by a fill written once."""
    first = ref.split(":")[0].replace("$", "")
    na = _formula_text(na_code)
    for family, fill in RATING_FILLS.items():
        if family == "NA":
            formula = f"{first}={na}"
        elif family == "N":
            formula = f'AND(LEFT({first},1)="N",{first}<>{na})'
        else:
            formula = f'LEFT({first},1)="{family}"'
        font = WHITE_FONT if theme.text_colour(theme.RATING_COLOURS[family]) == theme.LIGHT_TEXT else None
        ws.conditional_formatting.add(ref, FormulaRule(formula=[formula], fill=fill, font=font, stopIfTrue=True))


def _standing_rules(ws: Worksheet, ref: str, director: DirectorSummary) -> None:
    """Standings coloured as in the HTML (the rating family's colour), by their localised words."""
    first = ref.split(":")[0]
    for group in director["standing_groups"]:
        fill = RATING_FILLS[group["family"]]
        font = WHITE_FONT if theme.text_colour(theme.RATING_COLOURS[group["family"]]) == theme.LIGHT_TEXT else None
        ws.conditional_formatting.add(ref, FormulaRule(formula=[f"{first}={_formula_text(group['label'])}"], fill=fill,
                                                       font=font, stopIfTrue=True))


def _grade_rules(ws: Worksheet, ref: str, view: ReportView) -> None:
    """Finding grades coloured by their (localised) name."""
    from itsm_assess.reports.view_model import grade_label

    first = ref.split(":")[0]
    for grade, fill in GRADE_FILLS.items():
        formula = f"{first}={_formula_text(grade_label(grade, view.lang))}"
        ws.conditional_formatting.add(ref, FormulaRule(formula=[formula], fill=fill, stopIfTrue=True))


def _priority_rules(ws: Worksheet, ref: str, view: ReportView) -> None:
    first = ref.split(":")[0]
    for priority, status in theme.PRIORITY_RAG.items():
        formula = f"{first}={_formula_text(view.labels['priority_' + priority])}"
        ws.conditional_formatting.add(ref, FormulaRule(formula=[formula], fill=RAG_FILLS[status], stopIfTrue=True))


def _trend_rules(ws: Worksheet, ref: str) -> None:
    first = ref.split(":")[0]
    for trend, mark in (("improved", "▲"), ("worsened", "▼")):
        ws.conditional_formatting.add(ref, FormulaRule(formula=[f'LEFT({first},1)="{mark}"'], fill=TREND_FILLS[trend],
                                                       stopIfTrue=True))


def _processes_sheet(ws: Worksheet, view: ReportView) -> None:
    lab = view.labels
    attributes = view.attributes or ["PA1.1"]
    w = _widths(ws, [10, 32, 10, *([8] * len(attributes)), 12, 11, 14, 14, 11, 11, 11, 11])
    headers = [lab["process"], lab["title"], lab["clauses"], *attributes, lab["capability_level"],
               lab["target_level"], lab["compliance"], lab["compliance_weighted"], lab["conforming"],
               lab["not_conforming"], lab["not_applicable"], lab["not_assessed_short"]]
    _header(ws, 1, headers, widths=w)
    first_pa = 4
    plain = _sa(ws, alignment=CENTER, border=BOX)
    for r, p in enumerate(view.processes, start=2):
        _row(ws, r, [p["id"], p["title"], ", ".join(p["clauses"])], widths=w)
        for i, pa in enumerate(attributes):
            a = p["attributes"].get(pa)
            _put(ws, r, first_pa + i, a["rating"] if a and a["rating"] else "–", plain)
        col = first_pa + len(attributes)
        _row(ws, r, [_level(p["capability_level"]), _level(p["target_level"])], col=col, wrap=False, widths=w)
        _pct_cell(ws, r, col + 2, p["compliance"])
        _pct_cell(ws, r, col + 3, p["compliance_weighted"])
        counts = p["counts"]
        _row(ws, r, [counts.get("conforming", 0), counts.get("not_conforming", 0),
                     counts.get("not_applicable", 0), counts.get("not_assessed", 0)], col=col + 4, wrap=False)
    last = max(2, len(view.processes) + 1)
    _rating_rules(ws, f"{get_column_letter(first_pa)}2:{get_column_letter(first_pa + len(attributes) - 1)}{last}")
    ws.row_dimensions[1].height = 45
    for i in range(len(attributes)):
        _style(ws.cell(row=1, column=first_pa + i), alignment=CENTER_HEADER)
    legend = ws.cell(row=last + 2, column=1)
    set_text(legend, "; ".join([*(f"{lab['rating_code_NA'] if s == 'NA' else s} {lab['rating_' + s]}"
                                  for s in ("N", "P", "L", "F", "NA")), lab["legend_not_rated"]]))
    _style(legend, font=MUTED_FONT)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    _print_setup(ws, view, landscape=True)


def _findings_sheet(ws: Worksheet, view: ReportView) -> None:
    lab = view.labels
    me = view.metrics_evidence
    w = _widths(ws, [11, 18, 10, 14, 10, 45, 35, 40, 10, *([50] if me else [])])
    headers = [lab["id"], lab["grade"], lab["clauses"], lab["requirements"], lab["processes"],
               lab["statement"], lab["evidence"], lab["recommendation"], lab["status"]]
    # With ``--metrics``: the KPIs and data checks on the finding's requirements, beside it.
    beside = {} if me is None else {i: "\n".join(e["lines"]) for i, e in me["findings"].items()}
    if me is not None:
        headers.append(me["labels"]["title"])
    _header(ws, 1, headers, widths=w)
    for r, f in enumerate(view.findings, start=2):
        _row(ws, r, [f["id"], f["grade_label"], ", ".join(f["clauses"]), ", ".join(f["requirements"]),
                     ", ".join(f["processes"]), f["statement"], f["evidence"], f["recommendation"], f["status_label"],
                     *([beside.get(f["id"])] if me else [])],
             widths=w)
    last = max(2, len(view.findings) + 1)
    _grade_rules(ws, f"B2:B{last}", view)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    _print_setup(ws, view, landscape=True)


#: Columns of the action plan sheet; ``import-actions`` reads the editable ones back by heading.
ACTION_COLUMNS: tuple[str, ...] = ("no", "action_id", "priority", "action_kind", "process", "attribute",
                                   "current_rating", "needed_rating", "requirements", "action", "recommendation",
                                   "owner", "due_date", "status", "notes")
ACTION_INPUTS: tuple[str, ...] = ("owner", "due_date", "status", "notes")


def _actions_sheet(ws: Worksheet, view: ReportView) -> None:
    lab = view.labels
    w = _widths(ws, [6, 13, 11, 16, 22, 20, 9, 9, 34, 46, 30, 18, 12, 13, 30])
    col = {name: i for i, name in enumerate(ACTION_COLUMNS, start=1)}
    _header(ws, 1, [lab[name] for name in ACTION_COLUMNS], widths=w)
    date_format = excel_date_format(view.lang)
    last = len(view.actions) + 1 + EXTRA_ACTION_ROWS
    # The inputs (owner, due date, status, notes; the action's wording too) are tinted.
    editable = _sa(ws, border=BOX, fill=EDITABLE_FILL, alignment=WRAP)
    editable_date = _sa(ws, border=BOX, fill=EDITABLE_FILL, alignment=WRAP, number_format=date_format)
    centred = _sa(ws, border=BOX, alignment=CENTER)
    styles = {col["current_rating"] - 1: centred, col["needed_rating"] - 1: centred,
              col["action"] - 1: editable}
    for r, a in enumerate(view.actions, start=2):
        kind = f"{a['grade_label']}" if a["kind"] == "nc" else lab["kind_gap"]
        requirements = "\n".join(named_item(rid, title) for rid, title in zip(a["weak_requirements"],
                                                                               a["requirement_titles"], strict=False))
        _row(ws, r, [a["no"], a["id"], a["priority_label"], kind, a["process_title"],
                     f"{a['attribute']} {a['attribute_name']}".strip(), a["rating"] or "–", a["needed"] or "–",
                     requirements, a["action"], a["recommendation"]], widths=w, styles=styles)
        _put(ws, r, col["owner"], a["owner"], editable)
        _put(ws, r, col["due_date"], dt.date.fromisoformat(a["due_date"]) if a["due_date"] else None, editable_date)
        _put(ws, r, col["status"], a["status_label"], editable)
        _put(ws, r, col["notes"], a["notes"], editable)
    boxed = _sa(ws, border=BOX)
    for r in range(len(view.actions) + 2, last + 1):  # empty rows for actions the consultant adds
        for c in range(1, len(ACTION_COLUMNS) + 1):
            _put(ws, r, c, None, editable if c in (col["action"], col["owner"], col["status"], col["notes"])
                 else editable_date if c == col["due_date"] else boxed)
    letter = {name: get_column_letter(i) for name, i in col.items()}
    statuses = ",".join(s["label"] for s in view.action_statuses)
    status_dv = DataValidation(type="list", formula1=f'"{statuses}"', allow_blank=True, showErrorMessage=True)
    status_dv.error = lab["status_choose"].format(statuses=", ".join(s["label"] for s in view.action_statuses))
    status_dv.errorTitle = lab["status"]
    status_dv.add(f"{letter['status']}2:{letter['status']}{last}")
    date_dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                             showErrorMessage=True)
    date_dv.error = lab["due_date_enter"].format(example=format_date("2027-03-31", view.lang))
    date_dv.errorTitle = lab["due_date"]
    date_dv.add(f"{letter['due_date']}2:{letter['due_date']}{last}")
    ws.add_data_validation(status_dv)
    ws.add_data_validation(date_dv)
    _priority_rules(ws, f"{letter['priority']}2:{letter['priority']}{last}", view)
    _rating_rules(ws, f"{letter['current_rating']}2:{letter['current_rating']}{last}")
    note = ws.cell(row=last + 2, column=1)
    set_text(note, lab["action_plan_help"] if view.actions else f"{lab['no_gaps']} {lab['action_plan_help']}")
    _style(note, font=ITALIC)
    for i, line in enumerate(view.method["priority_rule"], start=3):
        cell = ws.cell(row=last + i, column=1)
        set_text(cell, line)
        _style(cell, font=MUTED_FONT)
    ws.freeze_panes = "C2"
    # Not protected: LibreOffice refuses to sort or filter a protected sheet with locked cells, and
    # import-actions finds each row by its action id, so a sorted plan reads back the same.
    ws.auto_filter.ref = f"A1:{get_column_letter(len(ACTION_COLUMNS))}{last}"
    _print_setup(ws, view, landscape=True)


#: The hidden, protected sheet that tells ``report import-actions`` what this workbook is and what it
#: showed: machine keys, but named and noted in the workbook's language for anyone who unhides it
#: ("_tekniset_tiedot"). The importer finds it by its first row, so a workbook written under the former
#: name (REPORT_META_SHEET) still reads.
REPORT_META_SHEET = "_itsm_assess"
REPORT_META_SHEET_NAME = _p("report.meta_sheet", "_technical_data")
REPORT_META_NOTE = _p("report.meta_note", "Technical data for reading the action plan back into the assessment. "
                                          "Do not edit or delete this sheet.")
REPORT_FORMAT = "itsm-assess/report"
REPORT_FORMAT_VERSION = 1


def _meta_sheet(ws: Worksheet, view: ReportView, action_sheet: str) -> None:
    """Format, assessment, language and the action plan as written (owner, due date, status,
    notes per action id): import-actions merges three ways against it."""
    rows: list[list[Any]] = [
        ["format", REPORT_FORMAT], ["format_version", str(REPORT_FORMAT_VERSION)],
        ["assessment_id", view.assessment["id"]], ["language", view.lang], ["action_sheet", action_sheet],
    ]
    rows += [[f"action:{a['key']}", a["owner"], a["due_date"], a["status"], a["notes"]] for a in view.actions]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                set_text(ws.cell(row=r, column=c), str(value))
    set_text(ws.cell(row=1, column=7), pgettext_for(view.lang)(*REPORT_META_NOTE))
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _requirements_sheet(ws: Worksheet, view: ReportView) -> None:
    lab = view.labels
    me = view.metrics_evidence
    w = _widths(ws, [11, 9, 10, 36, 8, 9, 8, 14, 18, 40, 40, 50, *([50] if me else [])])
    headers = [lab["id"], lab["process"], lab["clause"], lab["title"], lab["weight"], lab["attribute"],
               lab["rating"], lab["conformity"], lab["grade"], lab["evidence"], lab["notes"], lab["evidence_log"]]
    # With ``--metrics``: the KPIs and data checks on each requirement, beside its rating.
    from_metrics = {} if me is None else {r["id"]: "\n".join([*(k["text"] for k in r["kpis"]), *r["checks"]])
                                          for r in me["rows"]}
    if me is not None:
        headers.append(me["labels"]["title"])
    _header(ws, 1, headers, widths=w)
    centred = {6: _sa(ws, border=BOX, alignment=CENTER)}
    for r, q in enumerate(view.requirements, start=2):
        _row(ws, r, [q["id"], q["process"], q["clause"], q["title"], q["weight"], q["attribute"],
                     lab["rating_code_NA"] if q["rating"] == "NA" else q["rating"] or "–", q["conformity_label"],
                     q["finding_label"], q["evidence"], q["notes"],
                     "\n".join(q["evidence_log"]) or None, *([from_metrics.get(q["id"])] if me else [])],
             widths=w, styles=centred)
    last = max(2, len(view.requirements) + 1)
    _rating_rules(ws, f"G2:G{last}", lab["rating_code_NA"])
    _grade_rules(ws, f"I2:I{last}", view)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    _print_setup(ws, view, landscape=True)


def _metrics_sheet(ws: Worksheet, view: ReportView) -> None:
    """``report --metrics``: the scorecard's headline, the data checks, each requirement with the KPIs
    that evidence it, and every KPI with its value, target and RAG (``metrics.evidence``)."""
    me = view.metrics_evidence
    assert me is not None
    t = me["labels"]
    w = _widths(ws, [46, 24, 12, 8, 10, 34, 60, 40])
    row = _title(ws, t["title"])
    intro = ws.cell(row=2, column=1)
    set_text(intro, f"{t['intro']} {t['targets_from']}")
    _style(intro, alignment=WRAP)
    _merge(ws, 2, 1, 7)
    ws.row_dimensions[2].height = _text_height(intro.value, 190)
    row += 1
    big = _sa(ws, border=BOX, alignment=LEFT_TOP, font=_FIGURE_CELL_FONT)
    for f in me["figures"]:
        _row(ws, row, [f["label"], f["value"]], widths=w, styles={1: big})
        row += 1
    row += 1
    row = _section(ws, row, t["checks"])
    if me["checks"]:
        merged = [w[0], w[1], sum(w[2:7])]  # the check's text spans columns C to G
        _header(ws, row, [t["requirements"], t["grade"], t["checks"]], widths=merged)
        _merge(ws, row, 3, 7)
        row += 1
        for c in me["checks"]:
            fill = GRADE_FILLS.get(c["grade"])
            styles = {1: _sa(ws, border=BOX, alignment=WRAP, fill=fill)} if fill else None
            _row(ws, row, [", ".join(c["requirements"]), c["grade_label"], c["text"]], widths=merged, styles=styles)
            _merge(ws, row, 3, 7)
            row += 1
    else:
        set_text(ws.cell(row=row, column=1), t["no_checks"])
        row += 1
    row += 1
    row = _section(ws, row, t["by_requirement"])
    merged = [w[0], w[1], sum(w[2:6]), w[6]]  # the KPIs span columns C to F
    _header(ws, row, [t["requirement"], t["assessed"], t["kpi"]], widths=merged)
    _header(ws, row, [t["checks"]], col=7, widths=w)
    _merge(ws, row, 3, 6)
    row += 1
    for r in me["rows"]:
        _row(ws, row, [f"{r['id']} {r['title']}", r["assessed"], "\n".join(k["text"] for k in r["kpis"]) or None],
             widths=merged)
        _merge(ws, row, 3, 6)
        _row(ws, row, ["\n".join(r["checks"]) or None], col=7, widths=w)
        row += 1
    row += 1
    row = _section(ws, row, t["kpis"])
    _header(ws, row, [t["kpi"], t["value"], t["target"], t["status"], t["records"], t["evidence_for"], t["checks"],
                      t["reason"]], widths=w)
    row += 1
    first = row
    number = _sa(ws, border=BOX, alignment=TOP)
    centred = _sa(ws, border=BOX, alignment=CENTER, font=BOLD)
    for k in me["kpis"]:
        _row(ws, row, [k["title"], None, None, view.labels["rag_text_" + k["rag"]] if k["rag"] else "–", k["n"], ", ".join(k["requirements"]),
                       "\n".join(k["checks"]) or None, k["reason"]], widths=w, styles={3: centred})
        for col, figure in ((2, k["value"]), (3, k["target"])):
            if isinstance(figure, int | float):
                fmt = _kpi_number_format(k["unit"], k["digits"], k["suffix"], view.lang)
                _put(ws, row, col, figure, _sa(ws, border=BOX, alignment=TOP, number_format=fmt))
            else:  # a channel mix (shares by channel) or no figure: as the report words it
                _put(ws, row, col, k["value_text"] if col == 2 else k["target_text"], number)
        row += 1
    if me["kpis"]:
        _rag_rules(ws, f"D{first}:D{row - 1}", view.labels)
    legend = ws.cell(row=row + 1, column=1)
    set_text(legend, t["legend"])
    _style(legend, font=MUTED_FONT)
    _print_setup(ws, view, landscape=True, title_rows=None)


def _kpi_number_format(unit: str, digits: int, suffix: str, lang: str) -> str:
    """The cell format of a KPI figure: a percentage, or a number with its unit word (``4.5 h``)."""
    if unit == "share":
        return excel_percent_format(lang, digits)
    number = excel_number_format(digits)
    suffix = suffix.replace('"', "")  # a currency as the staffing file names it, inside the format's quotes
    return f'{number}" {suffix}"' if suffix else number


def _trend_cell(ws: Worksheet, row: int, col: int, trend: str, label: str) -> None:
    cell = ws.cell(row=row, column=col)
    set_text(cell, f"{TREND_MARKS.get(trend, '')} {label}".strip())
    _style(cell, border=BOX)


def _comparison_sheet(ws: Worksheet, view: ReportView) -> None:
    lab = view.labels
    w = _widths(ws, [34, 34, 22, 22, 10, 14, 14, 10, 18])
    comp = view.comparison
    assert comp is not None
    period = format_period(comp["baseline_start_date"], comp["baseline_end_date"], view.lang)
    row = _title(ws, lab["comparison"], f"{lab['baseline']}: {comp['baseline_id']} {period}".strip())
    _header(ws, row, ["", lab["baseline"], lab["current"]], widths=w)
    row += 1
    _row(ws, row, [lab["overall_compliance"]], wrap=False, widths=w)
    _pct_cell(ws, row, 2, comp["compliance_before"])
    _pct_cell(ws, row, 3, comp["compliance_now"])
    row += 1
    _row(ws, row, [lab["readiness"], comp["verdict_before_label"], comp["verdict_now_label"]], widths=w)
    row += 1
    for g in comp["findings_by_grade"]:
        _row(ws, row, [lab.get(f"open_grade_{g['grade']}", g["label"]), g["before"], g["now"]], wrap=False, widths=w)
        row += 1
    for f in comp["followup"]:
        _row(ws, row, [f["label"], "", f"{f['count']}: {f['ids_text']}" if f["ids"] else f["count"]],
             wrap=False, widths=w)
        row += 1
    row += 1
    row = _section(ws, row, lab["by_process"])
    _header(ws, row, [lab["process"], lab["title"], lab["level_before"], lab["level_now"], lab["change"],
                      lab["compliance_before"], lab["compliance_now"], lab["change"], lab["trend"]], widths=w)
    row += 1
    process_first = row
    for p in comp["processes"]:
        change = p["level_change"]
        _row(ws, row, [p["id"], p["title"], _level(p["level_before"]), _level(p["level_now"]),
                       "–" if change is None else (f"+{change}" if change > 0 else str(change))], widths=w)
        _pct_cell(ws, row, 6, p["compliance_before"])
        _pct_cell(ws, row, 7, p["compliance_now"])
        cc = p["compliance_change"]
        cell = ws.cell(row=row, column=8)
        if cc is None:
            set_text(cell, "–")
        else:
            cell.value = cc
            _style(cell, number_format=excel_signed_percent_format(view.lang))
        _style(cell, border=BOX)
        _trend_cell(ws, row, 9, p["trend"], p["trend_label"])
        row += 1
    if comp["processes"]:
        _trend_rules(ws, f"I{process_first}:I{row - 1}")
    row += 1
    row = _section(ws, row, lab["by_attribute"])
    _header(ws, row, [lab["process"], lab["attribute"], lab["rating_before"], lab["rating_now"], lab["trend"]], widths=w)
    row += 1
    attr_first = row
    for a in comp["attributes"]:
        _row(ws, row, [f"{a['process_title']} ({a['process']})", f"{a['attribute']} {a['attribute_name']}",
                       a["rating_before"] or "–", a["rating_now"] or "–"], widths=w)
        _trend_cell(ws, row, 5, a["trend"], a["trend_label"])
        row += 1
    if comp["attributes"]:
        _rating_rules(ws, f"C{attr_first}:D{row - 1}")
        _trend_rules(ws, f"E{attr_first}:E{row - 1}")
    _print_setup(ws, view, landscape=True, title_rows="1:2")


def _changes_sheet(ws: Worksheet, view: ReportView) -> None:
    lab = view.labels
    w = _widths(ws, [28, 20, 22, 70])
    ca = view.change_analysis
    assert ca is not None
    row = _title(ws, lab["change_analysis"])
    key = ws.cell(row=row, column=1)
    set_text(key, lab["changes_total"])
    _style(key, font=BOLD)
    ws.cell(row=row, column=2).value = ca["total"]
    row += 2
    for key_name in ("by_category", "by_route", "by_impact"):
        row = _section(ws, row, lab[key_name])
        _header(ws, row, [lab[f"{key_name}_head"], lab["count"]], widths=w)
        row += 1
        for pair in ca[key_name]:
            _row(ws, row, [pair["name"], pair["count"]], wrap=False, widths=w)
            row += 1
        row += 1
    row = _section(ws, row, lab["deviations"])
    if ca["deviations"]:
        _header(ws, row, [lab["change_id"], lab["recorded"], lab["expected"], lab["reason"]], widths=w)
        row += 1
        for d in ca["deviations"]:
            _row(ws, row, [d["change_id"], d["recorded"], d["expected"], d["reason"]], widths=w)
            row += 1
        if ca["deviations_more"]:
            set_text(ws.cell(row=row, column=1), ca["deviations_more"])
    else:
        set_text(ws.cell(row=row, column=1), lab["no_deviations"])
    _print_setup(ws, view, landscape=False)


def _survey_sheet(ws: Worksheet, view: ReportView) -> None:
    """Where survey answers differ, by item and role, and the comments (``fieldwork.survey_view``)."""
    sv = view.survey
    assert sv is not None
    t = sv["labels"]
    w = _widths(ws, [34, 16, 12, 30, 30])
    row = _title(ws, t["title"])
    set_text(ws.cell(row=row, column=1), sv["intro"])
    row += 2
    row = _section(ws, row, t["discuss"])
    if sv["discuss"]:
        _header(ws, row, [t["item"], t["answers"], t["consensus"], t["by_role"], t["why"]], widths=w)
        row += 1
        for d in sv["discuss"]:
            by_role = "\n".join(f"{r['role']}: {r['answers']}" for r in d["by_role"])
            _row(ws, row, [f"{d['id']} {d['title']}".strip(), d["answers"], d["consensus"], by_role, d["why"]], widths=w)
            row += 1
    else:
        set_text(ws.cell(row=row, column=1), t["none"])
        row += 1
    row += 1
    if sv["comments"]:
        row = _section(ws, row, t["comments"])
        _header(ws, row, [t["item"], t["role"], t["comments"]], widths=w)
        row += 1
        for c in sv["comments"]:
            who = f"{c['role']} ({c['respondent']})" if c["respondent"] else c["role"]
            _row(ws, row, [f"{c['id']} {c['title']}".strip(), who, c["text"]], widths=w)
            row += 1
    _print_setup(ws, view, landscape=False)


def _method_sheet(ws: Worksheet, view: ReportView) -> None:
    lab = view.labels
    w = _widths(ws, [30, 22, 30, 40])
    info = view.assessment
    model = view.model
    row = _title(ws, lab["method"])
    row = _key_values(
        ws,
        row,
        [
            (lab["scoring_model"], model["title"]),
            (lab["model_kind"], model["kind_label"]),
            (lab["catalogue"], info["catalogue_title"]),
            (lab["catalogue_version"], info["catalogue_version"]),
            (lab["catalogue_hash"], info["catalogue_hash"]),
        ],
        4,
        90,
    )
    row += 1
    row = _section(ws, row, lab["rating_scale"])
    _header(ws, row, [lab["rating"], lab["achievement"], lab["meaning"]], widths=w)
    row += 1
    for s in model["scale"]:
        low, high = s["min"], s["max"]
        span = format_percent_range(low, high, view.lang)
        _row(ws, row, [s["rating"], span, s["meaning"]], wrap=False, widths=w)
        row += 1
    if model["scale"]:
        _rating_rules(ws, f"A{row - len(model['scale'])}:A{row - 1}")
    row += 1
    row = _section(ws, row, lab["capability_levels"])
    _header(ws, row, [lab["level"], lab["meaning"]], widths=w)
    row += 1
    for lv in view.method["levels"]:
        _row(ws, row, [lv["level"], lv["name"]], wrap=False, widths=w)
        row += 1
    row += 1
    for heading, lines in ((lab["priority_rule"], view.method["priority_rule"]), (lab["rag_rule"], view.method["rag_rule"])):
        row = _paragraphs(ws, _section(ws, row, heading), lines, 4, 110)
        row += 1
    row = _paragraphs(ws, _section(ws, row, lab["how_to_read"]), view.method["how_to_read"], 4, 110)
    _print_setup(ws, view, landscape=False, title_rows=None)
