"""Catalogue exports (JSON/YAML data, Excel workbook) and statistics."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from itsm_assess.catalogue import BASES, GOOD_PRACTICE_SOURCES, Catalogue
from itsm_assess.catalogue.tailoring_sheets import (
    SHEET_CATALOGUE,
    SHEET_CHECKLIST,
    SHEET_PROCESSES,
    SHEET_REQUIREMENTS,
    SHEET_ROLES,
)
from itsm_assess.schema import PROCESS_ATTRIBUTES, clause_key


def catalogue_as_dict(cat: Catalogue) -> dict[str, Any]:
    """The catalogue as plain data: the stable JSON contract of ``catalogue export``."""
    return {
        "format": "itsm-assess/catalogue",
        "schema_version": 1,
        "catalogue": cat.info.model_dump(mode="json", exclude_none=True),
        "content_hash": cat.content_hash,
        "roles": cat.roles,
        "clauses": cat.clauses,
        "processes": [p.model_dump(mode="json", exclude_none=True) for p in cat.processes.values()],
        "requirements": [r.model_dump(mode="json", exclude_none=True) for r in cat.requirements.values()],
        "indicator_model": cat.indicator_model,
        "indicators": [i.model_dump(mode="json", exclude_none=True) for i in cat.indicators.values()],
        "checklists": {
            pid: [item.model_dump(mode="json", exclude_none=True) for item in cl.items]
            for pid, cl in cat.checklists.items()
        },
    }


def catalogue_stats(cat: Catalogue) -> dict[str, Any]:
    """Counts per top-level clause, process, attribute and basis, and share of localised text per language."""
    per_clause = Counter(r.clause.split(".")[0] for r in cat.requirements.values())
    per_process = Counter(r.process for r in cat.requirements.values())
    per_attribute = Counter(r.attribute for r in cat.requirements.values())
    per_basis: Counter[str] = Counter(r.basis for r in cat.requirements.values())
    per_source: Counter[str] = Counter(r.source for r in cat.requirements.values() if r.source)
    total = 0
    filled: Counter[str] = Counter()
    for req in cat.requirements.values():
        texts = [req.title, req.statement, req.guidance, *req.evidence]
        for t in texts:
            total += 1
            for lang, s in t.items():
                if s.strip():
                    filled[lang] += 1
    return {
        "catalogue": cat.id,
        "version": cat.version,
        "requirements": len(cat.requirements),
        "processes": len(cat.processes),
        "checklist_items": sum(len(c.items) for c in cat.checklists.values()),
        "indicators": len(cat.indicators),
        "per_clause": {k: per_clause[k] for k in sorted(per_clause, key=clause_key)},
        "per_process": {pid: per_process.get(pid, 0) for pid in cat.processes},
        "per_attribute": {pa: per_attribute[pa] for pa in PROCESS_ATTRIBUTES if per_attribute[pa]},
        "per_basis": {basis: per_basis[basis] for basis in BASES},
        "good_practice_per_source": {src: per_source[src] for src in GOOD_PRACTICE_SOURCES if per_source[src]},
        "language_coverage": {lang: (filled[lang] / total if total else 0.0) for lang in cat.info.languages},
    }


#: Column widths (digits of Arial 10) of the catalogue workbook by header prefix; others get 11.
XLSX_WIDTHS = {
    "id": 9.5, "clause": 7, "process": 7.5, "attribute": 8.5, "weight": 6.5, "basis": 11, "serves": 9.5,
    "source": 13, "basis_note": 24, "title": 18, "statement": 32,
    "guidance": 32, "evidence": 30, "interviewees": 16, "clauses": 14, "kind": 10, "purpose": 40,
    "outcomes": 40, "question": 36, "look_for": 36, "advice": 30, "sampling": 30, "weaknesses": 30,
    "model_answer": 36, "requirements": 14, "stages": 7, "methods": 16, "field": 16, "value": 48, "name": 30,
    "itil4": 20, "related": 12, "iso20000_2011": 10, "fitsm": 16,
}
PAGE_WIDTH_UNITS = 160  # column width that prints on one A4 landscape page at about 90 %


#: The sheets of the catalogue workbook, which ``catalogue import`` reads back (docs/catalogue.md,
#: "Tailoring in Excel"), by their English names; the workbook names them in its language
#: (:mod:`itsm_assess.catalogue.tailoring_sheets`). Localized columns carry a ``_<lang>`` suffix;
#: lists are one item a line (text) or comma-separated (ids, names).
REF_COLUMNS: tuple[str, ...] = ("iso20000_2011", "itil4", "fitsm", "related")


def requirement_columns(langs: list[str]) -> list[str]:
    header = ["id", "clause", "process", "attribute", "weight", "basis", "serves", "source"]
    header += [f"basis_note_{lang}" for lang in langs]
    for name in ("title", "statement", "guidance", "evidence"):
        header += [f"{name}_{lang}" for lang in langs]
    return [*header, "interviewees", *REF_COLUMNS]


def process_columns(langs: list[str]) -> list[str]:
    header = ["id", "clauses", "kind"]
    for name in ("title", "purpose", "outcomes"):
        header += [f"{name}_{lang}" for lang in langs]
    return [*header, *REF_COLUMNS]


def checklist_columns(langs: list[str]) -> list[str]:
    header = ["id", "process", "requirements", "stages", "methods", "interviewees"]
    for name in ("question", "look_for", "advice", "sampling", "weaknesses", "model_answer"):
        header += [f"{name}_{lang}" for lang in langs]
    return header


def _lines(texts: list[dict[str, str]], lang: str) -> str:
    return "\n".join(t.get(lang, "") for t in texts)


def _refs(refs: Any) -> list[str]:
    return [", ".join(getattr(refs, kind)) for kind in REF_COLUMNS]


def catalogue_sheet_rows(cat: Catalogue) -> dict[str, list[list[Any]]]:
    """Every sheet of the catalogue workbook as rows (header first): what ``catalogue import`` reads."""
    langs = list(cat.info.languages)
    info = [["field", "value"], ["base_catalogue", cat.id], ["base_version", cat.version],
            ["base_hash", cat.content_hash], ["id", cat.id]]
    info += [[f"title_{lang}", cat.info.title.get(lang, "")] for lang in langs]
    requirements: list[list[Any]] = [requirement_columns(langs)]
    for req in cat.requirements.values():
        row: list[Any] = [req.id, req.clause, req.process, req.attribute, req.weight, req.basis,
                          ", ".join(req.serves), req.source or ""]
        row += [(req.basis_note or {}).get(lang, "") for lang in langs]
        for name in ("title", "statement", "guidance"):
            row += [getattr(req, name).get(lang, "") for lang in langs]
        row += [_lines(req.evidence, lang) for lang in langs]
        requirements.append([*row, ", ".join(req.interviewees), *_refs(req.refs)])
    processes: list[list[Any]] = [process_columns(langs)]
    for proc in cat.processes.values():
        row = [proc.id, ", ".join(proc.clauses), proc.kind]
        row += [proc.title.get(lang, "") for lang in langs] + [proc.purpose.get(lang, "") for lang in langs]
        row += [_lines(proc.outcomes, lang) for lang in langs]
        processes.append([*row, *_refs(proc.refs)])
    items: list[list[Any]] = [checklist_columns(langs)]
    for pid, checklist in cat.checklists.items():
        for item in checklist.items:
            row = [item.id, pid, ", ".join(item.requirements), ", ".join(str(s) for s in item.stages),
                   ", ".join(item.methods), ", ".join(item.interviewees)]
            row += [item.question.get(lang, "") for lang in langs]
            for texts in (item.look_for, item.advice):
                row += [_lines(texts, lang) for lang in langs]
            row += [(item.sampling or {}).get(lang, "") for lang in langs]
            row += [_lines(item.weaknesses, lang) for lang in langs]
            row += [(item.model_answer or {}).get(lang, "") for lang in langs]
            items.append(row)
    roles: list[list[Any]] = [["id", *[f"name_{lang}" for lang in langs]]]
    roles += [[rid, *[name.get(lang, "") for lang in langs]] for rid, name in cat.roles.items()]
    return {SHEET_CATALOGUE: info, SHEET_REQUIREMENTS: requirements, SHEET_PROCESSES: processes,
            SHEET_CHECKLIST: items, SHEET_ROLES: roles}


#: The sheets in the order the workbook shows them: what is edited first, the identity last.
SHEET_ORDER = (SHEET_REQUIREMENTS, SHEET_PROCESSES, SHEET_CHECKLIST, SHEET_ROLES, SHEET_CATALOGUE)
#: Row 1 holds the stable column keys (hidden), row 2 the captions, data start on row 3.
KEY_ROW, CAPTION_ROW, FIRST_DATA_ROW = 1, 2, 3
#: Rows below the data left open for rows of the consultant's own (the sheets are protected).
OPEN_ROWS = 300


def _shown_sheet(sheet: str, rows: list[list[Any]], lang: str) -> tuple[list[str], list[list[Any]]]:
    """A sheet's keys and its rows as the workbook shows them: coded values as labels in ``lang``;
    the Catalogue sheet's field keys move to a hidden third column behind a label."""
    from itsm_assess.catalogue.tailoring_sheets import field_label, shown_value

    keys = [str(k) for k in rows[0]]
    if sheet == SHEET_CATALOGUE:
        return ["label", "value", "field"], [[field_label(field, lang), value, field] for field, value in rows[1:]]
    return keys, [[shown_value(key, value, lang) if isinstance(value, str) else value
                   for key, value in zip(keys, row, strict=True)] for row in rows[1:]]


def write_catalogue_xlsx(cat: Catalogue, path: str | os.PathLike[str], lang: str = "en") -> None:
    """The catalogue as a workbook a consultant can tailor and ``catalogue import`` reads back:
    requirements (both languages side by side), processes, checklist questions, roles and the
    base catalogue's identity, after an instructions sheet; sheet names, captions, coded values
    (basis, kind, source, methods) and instructions in ``lang``.

    Row 1 of each sheet holds the stable column keys (hidden; the sheets are protected apart from
    the data cells and the rows below them, which stay open for added rows), row 2 the captions.
    Printable: A4 landscape, as many page widths as the columns need at about 90 % scale (the
    id column and the caption row repeated on every page), rows as tall as their wrapped text.
    """
    import math

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    from itsm_assess._io import theme
    from itsm_assess._io.xlsx_cells import (
        TEXT_FONT,
        fit_row_heights,
        header_footer_text,
        set_print_layout,
        set_value,
        use_text_font,
    )
    from itsm_assess.catalogue.tailoring_sheets import caption, sheet_title
    from itsm_assess.files import atomic_path

    wb = Workbook()
    use_text_font(wb)
    _write_instructions(wb.active, cat, lang)
    rows_by_sheet = catalogue_sheet_rows(cat)
    bold = Font(name=TEXT_FONT, size=10, bold=True, color=theme.xlsx(theme.HEADER_TEXT))
    key_font = Font(name=TEXT_FONT, italic=True, size=7, color=theme.xlsx(theme.KEY_TEXT))
    fill = PatternFill("solid", fgColor=theme.xlsx(theme.HEADER_FILL))
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)
    for sheet_id in SHEET_ORDER:
        keys, rows = _shown_sheet(sheet_id, rows_by_sheet[sheet_id], lang)
        sheet = wb.create_sheet(sheet_title(sheet_id, lang))
        captions = [caption(k, lang) for k in keys]
        total = 0.0
        for col, key in enumerate(keys, start=1):
            keycell = sheet.cell(row=KEY_ROW, column=col)
            set_value(keycell, key)
            keycell.font = key_font
            head = sheet.cell(row=CAPTION_ROW, column=col)
            set_value(head, captions[col - 1])
            head.font, head.fill, head.alignment = bold, fill, wrap
            width = XLSX_WIDTHS.get(key) or XLSX_WIDTHS.get(key.rsplit("_", 1)[0], 11)  # title_fi -> title
            width = {"label": 30.0, "field": 14.0}.get(key, width)
            letter = get_column_letter(col)
            dimension = sheet.column_dimensions[letter]
            dimension.width = width
            if sheet_id != SHEET_CATALOGUE or key == "value":
                dimension.protection = unlocked  # rows added below the data are editable too
            total += width
        for r, row in enumerate(rows, start=FIRST_DATA_ROW):
            for col, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=col)
                set_value(cell, value)
                cell.alignment = wrap
                if sheet_id != SHEET_CATALOGUE or keys[col - 1] == "value":
                    cell.protection = unlocked
        _add_choice_lists(sheet, keys, FIRST_DATA_ROW + len(rows) + OPEN_ROWS, lang)
        sheet.row_dimensions[KEY_ROW].hidden = True  # the stable keys are for the import
        if sheet_id == SHEET_CATALOGUE:
            sheet.column_dimensions["C"].hidden = True  # the field keys behind their labels
        sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
        fit_row_heights(sheet, CAPTION_ROW, sheet.max_row)
        set_print_layout(
            sheet,
            title_rows=f"{KEY_ROW}:{CAPTION_ROW}",
            header=header_footer_text(f"{cat.id} {cat.version} · {sheet.title}"),
            pages_wide=max(1, math.ceil(total / PAGE_WIDTH_UNITS)),
        )
        sheet.print_title_cols = "A:A"
        sheet.page_setup.pageOrder = "overThenDown"  # a row's continuation follows it
        # Protected without a password against accidents (not a security boundary): the key row and
        # captions stay; rows may be added, deleted, sorted and filtered.
        protection = sheet.protection
        protection.sheet = True
        protection.formatColumns = protection.formatRows = protection.formatCells = False
        protection.insertRows = protection.deleteRows = protection.sort = protection.autoFilter = False
    requirements = wb[sheet_title(SHEET_REQUIREMENTS, lang)]
    requirements.auto_filter.ref = f"A{CAPTION_ROW}:{get_column_letter(requirements.max_column)}{requirements.max_row}"
    wb.active = 1
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _add_choice_lists(sheet: Any, keys: list[str], last_row: int, lang: str) -> None:
    """Drop-downs of labels on the basis and kind columns, with an error that names them."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from itsm_assess.catalogue.tailoring_sheets import caption, shown_value, value_codes
    from itsm_assess.i18n.formats import choice_error

    for key in ("basis", "kind"):
        if key not in keys:
            continue
        labels = [shown_value(key, code, lang) for code in value_codes()[key]]
        letter = get_column_letter(keys.index(key) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle=caption(key, lang), error=choice_error(labels, lang))
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
        sheet.add_data_validation(dv)


def _write_instructions(ws: Any, cat: Catalogue, lang: str) -> None:
    """The first sheet: what the workbook is and how to fill it in, in ``lang``."""
    from openpyxl.styles import Alignment, Font

    from itsm_assess._io.xlsx_cells import (
        TEXT_FONT,
        fit_row_heights,
        header_footer_text,
        set_print_layout,
        set_text,
    )
    from itsm_assess.catalogue.tailoring_sheets import INSTRUCTION_LINES, INSTRUCTION_TITLE, INSTRUCTIONS_SHEET, text
    from itsm_assess.i18n import localize

    ws.title = text(INSTRUCTIONS_SHEET, lang)
    title = text(INSTRUCTION_TITLE, lang).format(catalogue=localize(cat.info.title, lang), version=cat.version)
    lines = [(title, Font(name=TEXT_FONT, bold=True, size=14)), ("", None)]
    lines += [(text(line, lang), Font(name=TEXT_FONT, size=10)) for line in INSTRUCTION_LINES]
    for r, (value, font) in enumerate(lines, start=1):
        if not value:
            continue
        cell = ws.cell(row=r, column=1)
        set_text(cell, value)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 100
    fit_row_heights(ws, 1, len(lines))
    set_print_layout(ws, landscape=False, header=header_footer_text(f"{cat.id} {cat.version}"))
    ws.protection.sheet = True
