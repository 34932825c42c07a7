"""Writing the fieldwork workbook: an assessment out to xlsx for the people on site.

The workbook (format version :data:`~itsm_assess.fieldwork.layout.WORKBOOK_FORMAT`):

* an instructions sheet (localised) with input cells for the respondent's name and role;
* one sheet per process in scope, named by the process id; row 1 holds localised captions,
  row 2 (hidden) the stable column keys of :data:`~itsm_assess.fieldwork.layout.COLUMNS`, one
  row per item from row 3: the process's requirements, then capability indicators as
  ``PROCESS:INDICATOR``;
* only the input cells (and the respondent and role) are unlocked; the sheets are protected
  without a password, the structure of the workbook is locked;
* drop-down lists in the workbook's language, read from the hidden sheet ``_lists`` through
  defined names (``RatingList``, ``FindingList``, ...);
* a hidden sheet ``_meta``: format, assessment id, catalogue id, version, content hash and the
  ids written on each sheet, so that an import can tell what was changed.

Reading it back is :mod:`itsm_assess.fieldwork.reading`; merging, :mod:`itsm_assess.fieldwork.merging`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itsm_assess._io import theme
from itsm_assess.fieldwork.items import WorkbookItem, workbook_items
from itsm_assess.fieldwork.labels import CHOICES, COUNT_ERROR, DATE_ERROR, caption, choice_error, filled, prompt, text
from itsm_assess.fieldwork.layout import (
    COLUMN_PADDING_POINTS,
    FIRST_ITEM_ROW,
    FORMAT_NAME,
    HEADER_ROW,
    INSTRUCTION_WIDTHS,
    LISTS_SHEET_NAME,
    MAX_COLUMN_WIDTH,
    MAX_ITEM_ROW_HEIGHT,
    MAX_PRINTED_PAGE_WIDTH,
    META_SHEET,
    PRINTABLE_LANDSCAPE_POINTS,
    TECHNICAL_NOTE,
    WORKBOOK_FORMAT,
    Column,
    columns_for,
    finding_id_for,
)
from itsm_assess.fieldwork.sheets import InstructionsLook, new_workbook, write_hidden_sheet, write_instructions_sheet
from itsm_assess.i18n import _p, localize

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment, Finding, Response
    from itsm_assess.catalogue import Catalogue

#: The instructions sheet, in the workbook's language.
INSTRUCTIONS: dict[str, tuple[str, str]] = dict((
    ("sheet", _p("fieldwork.instructions.sheet", "Instructions")),
    ("title", _p("fieldwork.instructions.title", "Fieldwork workbook")),
    ("respondent", _p("fieldwork.instructions.respondent", "Respondent (name)")),
    ("role", _p("fieldwork.instructions.role", "Role")),
    ("catalogue", _p("fieldwork.instructions.catalogue", "{catalogue}, version {version}")),
    ("carried", _p("fieldwork.instructions.carried",
                   "Answers in brown italics were carried over from the previous round ({previous}) as a starting "
                   "point: confirm or change them.")),
))
#: The lines of the instructions, in order; ``(audit)`` ones only in the workbooks of audits.
INSTRUCTION_LINES: tuple[tuple[bool, tuple[str, str]], ...] = (
    (False, _p("fieldwork.instructions.sheets",
               "One sheet per process; the sheet name is the process id. Do not rename sheets or change the ids "
               "in column A.")),
    (False, _p("fieldwork.instructions.white_cells",
               "Fill in only the white cells; everything else is protected. For a finding, write its statement, "
               "recommendation, owner and due date on the same row.")),
    (False, _p("fieldwork.instructions.rating",
               "Rating (pick from the list): N = not achieved (0–15 %), P = partially (>15–50 %), L = largely "
               "(>50–85 %), F = fully achieved (>85–100 %), NA = not applicable. The ratings P-, P+, L- and L+ "
               "refine the ratings P and L.")),
    (True, _p("fieldwork.instructions.verdict",
              "Audit verdict (pick from the list): {verdicts}. For a requirement that does not apply, write why in "
              "the column Why not applicable; the auditor marks whether the justification is accepted. A requirement "
              "within {scope} without an accepted justification counts as not audited.")),
    (False, _p("fieldwork.instructions.finding",
               "Finding grade (pick from the list): major nonconformity, minor nonconformity, observation, "
               "opportunity for improvement, good practice. Write what was found in the Finding statement column; "
               "it becomes a finding of the report.")),
    (False, _p("fieldwork.instructions.indicators",
               "Rows whose id has the form PROCESS:INDICATOR are capability indicators (process attribute PA2.1 "
               "and up).")),
    (False, _p("fieldwork.instructions.long_texts",
               "Long texts are cut to a readable row height; point at a cell with a red corner to read its full "
               "text.")),
    (False, _p("fieldwork.instructions.return",
               "When you are done, save the file and return it as it is to the assessor.")),
)

def write_fieldwork(
    catalogue: Catalogue,
    assessment: Assessment,
    path: str | os.PathLike[str],
    *,
    with_indicators: bool = True,
    lang: str | None = None,
    force: bool = False,
) -> None:
    """Write the fieldwork workbook, pre-filled with the answers and findings already in ``assessment``.

    Refuses (InputError) to replace an existing file unless ``force``.
    """
    with new_workbook(catalogue, assessment, path, lang=lang, force=force) as (wb, lang):
        styles = _Styles.make(lang)
        meta_rows = _write_instructions(wb, catalogue, assessment, lang, styles)
        meta_rows.append(("lists_sheet", _write_lists(wb, lang)))
        columns = columns_for(assessment.assessment.method)
        for pid in assessment.assessment.scope.processes:
            items = workbook_items(catalogue, assessment, pid, with_indicators=with_indicators, lang=lang)
            sheet = _ItemSheet(wb.create_sheet(pid), columns, lang, styles,
                               localize(catalogue.profile.certification_scope, lang))
            sheet.write(_row_values(items, columns, assessment, lang))
            sheet.finish(f"{assessment.assessment.organisation} · {pid} {localize(catalogue.processes[pid].title, lang)}")
            meta_rows.append((f"sheet:{pid}", ",".join(it.id for it in items)))
        _write_meta(wb, catalogue, assessment, lang, meta_rows)


@dataclass(frozen=True)
class _Styles:
    """The cell styles of the workbook (openpyxl objects, made once per workbook)."""

    unlocked: Any
    wrap: Any
    body_font: Any
    bold_font: Any
    carried_font: Any
    caption_font: Any
    key_font: Any
    border: Any
    input_fill: Any
    fixed_fill: Any
    head_fill: Any
    date_format: str

    @classmethod
    def make(cls, lang: str) -> _Styles:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        from itsm_assess._io.xlsx_cells import TEXT_FONT
        from itsm_assess.i18n.formats import excel_date_format

        thin = Side(style="thin", color=theme.xlsx(theme.FORM_GRID))
        return cls(
            unlocked=Protection(locked=False),
            wrap=Alignment(wrap_text=True, vertical="top"),
            body_font=Font(name=TEXT_FONT, size=10),
            bold_font=Font(name=TEXT_FONT, size=10, bold=True),
            carried_font=Font(name=TEXT_FONT, size=10, italic=True, color=theme.xlsx(theme.CARRIED_TEXT)),
            caption_font=Font(name=TEXT_FONT, size=10, bold=True, color=theme.xlsx(theme.HEADER_TEXT)),
            key_font=Font(name=TEXT_FONT, italic=True, size=7, color=theme.xlsx(theme.KEY_TEXT)),
            border=Border(left=thin, right=thin, top=thin, bottom=thin),
            input_fill=PatternFill("solid", fgColor=theme.xlsx(theme.INPUT_FILL)),
            fixed_fill=PatternFill("solid", fgColor=theme.xlsx(theme.FIXED_FILL)),
            head_fill=PatternFill("solid", fgColor=theme.xlsx(theme.HEADER_FILL)),
            date_format=excel_date_format(lang),
        )


def _write_instructions(
    wb: Any, catalogue: Catalogue, assessment: Assessment, lang: str, styles: _Styles
) -> list[tuple[str, str]]:
    """The instructions sheet with the respondent's name and role cells; returns the ``_meta``
    rows that say where they are."""
    from openpyxl.styles import Font

    from itsm_assess._io.xlsx_cells import TEXT_FONT

    info = assessment.assessment
    words = {key: text(label, lang) for key, label in INSTRUCTIONS.items()}
    ws = wb.active
    ws.title = words["sheet"]
    heading = [(f"{words['title']}: {info.organisation}", Font(name=TEXT_FONT, bold=True, size=14)),
               (f"{info.id} · " + words["catalogue"].format(catalogue=localize(catalogue.info.title, lang),
                                                            version=catalogue.version), styles.body_font)]
    audit = info.method == "audit"
    scope = localize(catalogue.profile.certification_scope, lang)
    lines = [filled(text(label, lang), lang, scope)
             for audit_only, label in INSTRUCTION_LINES if audit or not audit_only]
    if info.previous and any(r.carried_from for r in assessment.responses):
        lines.insert(-1, words["carried"].format(previous=info.previous))
    look = InstructionsLook(body_font=styles.body_font, label_font=styles.bold_font, wrap=styles.wrap,
                            unlocked=styles.unlocked, border=styles.border, widths=INSTRUCTION_WIDTHS,
                            input_height=20, input_font=styles.body_font)
    respondent_row = write_instructions_sheet(ws, heading, lines, [words["respondent"], words["role"]], look,
                                              info.organisation)
    return [("instructions_sheet", words["sheet"]), ("respondent_cell", f"B{respondent_row}"),
            ("role_cell", f"B{respondent_row + 1}")]


def _write_lists(wb: Any, lang: str) -> str:
    """The drop-down lists in the workbook's language on their hidden sheet, behind defined names
    (inline lists stop at 255 characters); returns the sheet's name. The labels only: an import
    reads a label back into its code in any language."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName

    title = text(LISTS_SHEET_NAME, lang)
    write_hidden_sheet(wb, title, [choices.labels(lang) for choices in CHOICES.values()], text(TECHNICAL_NOTE, lang))
    for col, choices in enumerate(CHOICES.values(), start=1):
        letter = get_column_letter(col)
        wb.defined_names[choices.list_name] = DefinedName(
            choices.list_name, attr_text=f"{quote_sheetname(title)}!${letter}$1:${letter}${len(choices.codes)}")
    return title


def _row_values(items: list[WorkbookItem], columns: tuple[Column, ...], assessment: Assessment,
                lang: str) -> list[dict[str, Any]]:
    """The value of every column on each item's row: guidance from the item, inputs from the
    answers and findings already in the assessment (drop-down values as their labels)."""
    answers = assessment.response_map()
    findings = {f.id: f for f in assessment.findings}
    rows = []
    for item in items:
        answer = answers.get(item.id)
        finding = findings.get(finding_id_for(item.id))
        values = {c.key: _shown_value(c, item, answer, finding, lang) for c in columns}
        if finding and not values["finding"]:
            values["finding"] = CHOICES["grade"].label(finding.grade, lang)
        values["carried"] = bool(answer and answer.carried_from)
        rows.append(values)
    return rows


def _shown_value(column: Column, item: WorkbookItem, answer: Response | None, finding: Finding | None,
                 lang: str) -> Any:
    if column.role == "evidence":
        return None  # the evidence log is kept in assessment.yaml; a filled row adds one line to it
    source: Any = {"guidance": item, "response": answer, "finding": finding}[column.role]
    value = getattr(source, column.attr) if source is not None else None
    if value is not None and column.kind in CHOICES:
        choices = CHOICES[column.kind]
        return choices.label(choices.from_model(value), lang)
    return value


class _ItemSheet:
    """One process sheet: captions and keys, a row per item, drop-downs and the print layout."""

    def __init__(self, ws: Any, columns: tuple[Column, ...], lang: str, styles: _Styles, scope: str) -> None:
        self.ws = ws
        self.columns = columns
        self.lang = lang
        #: The catalogue's certification scope in words ("clauses 4-10"), named by some prompts.
        self.scope = scope
        self.styles = styles
        self.captions = {c.key: caption(c.key, lang) for c in columns}
        self.col_of = {c.key: i for i, c in enumerate(columns, start=1)}
        self.widths: dict[str, float] = {}
        self.last_row = FIRST_ITEM_ROW

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.widths = self._column_widths(rows)
        self._write_header()
        for r, values in enumerate(rows, start=FIRST_ITEM_ROW):
            self._write_row(r, values)
        self.last_row = FIRST_ITEM_ROW + max(len(rows), 1) - 1
        self._add_validations()

    def _column_widths(self, rows: list[dict[str, Any]]) -> dict[str, float]:
        """Each column's width: its own, grown to its longest word (no word broken mid-word)."""
        from itsm_assess._io.xlsx_cells import width_for_longest_word

        widths: dict[str, float] = {}
        for column in self.columns:
            texts = [self.captions[column.key]] + [v[column.key] for v in rows if isinstance(v.get(column.key), str)]
            if column.kind in CHOICES:
                texts += CHOICES[column.kind].labels(self.lang)
            widths[column.key] = min(max(column.width, width_for_longest_word(texts)), MAX_COLUMN_WIDTH)
        return widths

    def _write_header(self) -> None:
        from openpyxl.utils import get_column_letter

        from itsm_assess._io.xlsx_cells import set_text

        for col, column in enumerate(self.columns, start=1):
            cap = self.ws.cell(row=1, column=col)
            set_text(cap, self.captions[column.key])
            cap.font = self.styles.caption_font
            cap.fill = self.styles.head_fill
            cap.alignment = self.styles.wrap
            keycell = self.ws.cell(row=HEADER_ROW, column=col)
            set_text(keycell, column.key)
            keycell.font = self.styles.key_font
            self.ws.column_dimensions[get_column_letter(col)].width = self.widths[column.key]

    def _write_row(self, r: int, values: dict[str, Any]) -> None:
        from itsm_assess._io.xlsx_cells import set_text

        styles = self.styles
        for col, column in enumerate(self.columns, start=1):
            cell = self.ws.cell(row=r, column=col)
            value = values[column.key]
            if isinstance(value, dt.date):
                cell.value = value
                cell.number_format = styles.date_format
            else:
                set_text(cell, value or None)
            cell.alignment = styles.wrap
            cell.border = styles.border
            cell.font = styles.body_font
            if column.is_input:
                cell.protection = styles.unlocked
                cell.fill = styles.input_fill
                if column.role == "response" and values.get("carried"):
                    cell.font = styles.carried_font
            else:
                cell.fill = styles.fixed_fill
        self._cap_row_height(r, values)

    def _cap_row_height(self, r: int, values: dict[str, Any]) -> None:
        """Rows are capped to a readable height; a guidance text cut by the cap is shown whole in a comment."""
        from openpyxl.comments import Comment

        from itsm_assess._io.xlsx_cells import estimate_row_height

        texts = {k: v for k, v in values.items() if isinstance(v, str) and k in self.widths}
        needed = estimate_row_height([(v, self.widths[k]) for k, v in texts.items()])
        self.ws.row_dimensions[r].height = min(needed, MAX_ITEM_ROW_HEIGHT)
        if needed <= MAX_ITEM_ROW_HEIGHT:
            return
        for column in self.columns:
            value = texts.get(column.key)
            if column.is_input or value is None:
                continue
            if estimate_row_height([(value, self.widths[column.key])]) > MAX_ITEM_ROW_HEIGHT:
                cell = self.ws.cell(row=r, column=self.col_of[column.key])
                cell.comment = Comment(value, "itsm-assess", width=420, height=min(60 + 14 * len(value) // 60, 600))

    def _add_validations(self) -> None:
        """Drop-downs on the choice columns, a date or whole-number check, and input prompts."""
        for column in self.columns:
            title = self.captions[column.key]
            if column.kind in CHOICES:
                choices = CHOICES[column.kind]
                self._validation(column.key, type="list", formula1=choices.list_name, showErrorMessage=True,
                                 errorTitle=title, error=choice_error(column.kind, self.lang)[:255])
            elif column.kind == "date":
                self._validation(column.key, type="date", operator="greaterThan", formula1="DATE(2000,1,1)",
                                 showErrorMessage=True, errorTitle=title, error=text(DATE_ERROR, self.lang))
            elif column.kind == "count":
                self._validation(column.key, type="whole", operator="greaterThanOrEqual", formula1="0",
                                 showErrorMessage=True, errorTitle=title, error=text(COUNT_ERROR, self.lang))
            elif column.prompt is not None:
                self._validation(column.key)

    def _validation(self, key: str, **kwargs: Any) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        letter = get_column_letter(self.col_of[key])
        shown = prompt(key, self.lang, self.scope)
        dv = DataValidation(allow_blank=True, showInputMessage=shown is not None, promptTitle=self.captions[key],
                            prompt=shown, **kwargs)
        dv.add(f"{letter}{FIRST_ITEM_ROW}:{letter}{self.last_row}")
        self.ws.add_data_validation(dv)

    def print_pages(self) -> list[list[str]]:
        """The column keys printed on each page across: the guidance, then the answers; the
        response and finding columns on pages of their own when together they are too wide."""
        groups: dict[str, list[str]] = {}
        for column in self.columns:
            groups.setdefault(column.role, []).append(column.key)
        pages = [groups.get("guidance", [])]
        answers = groups.get("response", []) + groups.get("finding", [])
        evidence = [groups["evidence"]] if groups.get("evidence") else []
        if self.widths["id"] + sum(self.widths[k] for k in answers) <= MAX_PRINTED_PAGE_WIDTH:
            return [*pages, answers, *evidence]
        return [*pages, groups.get("response", []), groups.get("finding", []), *evidence]

    def finish(self, header: str) -> None:
        """Frozen panes, the hidden key row, the print layout and the sheet's protection."""
        from openpyxl.worksheet.pagebreak import Break

        from itsm_assess._io.xlsx_cells import (
            POINTS_PER_WIDTH_UNIT,
            fit_row_heights,
            header_footer_text,
            set_print_layout,
        )

        ws = self.ws
        ws.freeze_panes = f"B{FIRST_ITEM_ROW}"
        fit_row_heights(ws, 1, 1)
        ws.row_dimensions[HEADER_ROW].hidden = True  # the stable keys are for machines
        set_print_layout(ws, title_rows=f"1:{HEADER_ROW}", header=header_footer_text(header), pages_wide=2)
        # Guidance on the first page across, the answers on the next; the id column on every page.
        # A fixed scale instead of fit-to-width, because LibreOffice ignores a manual column
        # break when it fits the sheet to a number of pages.
        ws.print_title_cols = "A:A"
        pages = self.print_pages()
        last = 0
        for page in pages[:-1]:
            last += len(page)
            ws.col_breaks.append(Break(id=last))
        printed = [page if i == 0 else ["id", *page] for i, page in enumerate(pages)]  # the id column repeats
        widest = max(sum(self.widths[k] for k in page) * POINTS_PER_WIDTH_UNIT + COLUMN_PADDING_POINTS * len(page)
                     for page in printed)
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = max(40, min(100, int(PRINTABLE_LANDSCAPE_POINTS * 100 / (widest * 1.2))))
        # Protected without a password: prevents accidents, not a security boundary.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False


def _write_meta(wb: Any, catalogue: Catalogue, assessment: Assessment, lang: str,
                rows: list[tuple[str, str]]) -> None:
    """The hidden ``_meta`` sheet: what the workbook is and what was written on it."""
    info = assessment.assessment
    meta_rows: list[tuple[str, str]] = [
        ("format", FORMAT_NAME),
        ("format_version", str(WORKBOOK_FORMAT)),
        ("assessment_id", info.id),
        ("organisation", info.organisation),
        ("catalogue", catalogue.id),
        ("catalogue_version", catalogue.version),
        ("catalogue_hash", catalogue.content_hash),
        ("language", lang),
        *rows,
    ]
    write_hidden_sheet(wb, META_SHEET, [[k for k, _ in meta_rows], [v for _, v in meta_rows]],
                       text(TECHNICAL_NOTE, lang))
