"""Catalogue exports (JSON/YAML data, Excel workbook) and statistics."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from itsm_assess.catalogue import BASES, GOOD_PRACTICE_SOURCES, Catalogue
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
#: "Tailoring in Excel"). Localized columns carry a ``_<lang>`` suffix; lists are one item a line
#: (text) or comma-separated (ids, names).
SHEET_CATALOGUE, SHEET_REQUIREMENTS, SHEET_PROCESSES, SHEET_CHECKLIST, SHEET_ROLES = (
    "Catalogue", "Requirements", "Processes", "Checklist", "Roles")
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


def write_catalogue_xlsx(cat: Catalogue, path: str | os.PathLike[str]) -> None:
    """The catalogue as a workbook a consultant can tailor and ``catalogue import`` reads back:
    requirements (both languages side by side), processes, checklist questions, roles and the
    base catalogue's identity.

    Printable: A4 landscape, as many page widths as the columns need at about 90 % scale (the
    id column and the header row repeated on every page), rows as tall as their wrapped text.
    """
    import math

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from itsm_assess._io import theme
    from itsm_assess._io.xlsx_cells import (
        TEXT_FONT,
        fit_row_heights,
        header_footer_text,
        set_print_layout,
        set_value,
        use_text_font,
    )
    from itsm_assess.files import atomic_path

    wb = Workbook()
    use_text_font(wb)
    sheets = []
    for n, (title, rows) in enumerate(catalogue_sheet_rows(cat).items()):
        sheet = wb.active if n == 0 else wb.create_sheet(title)
        sheet.title = title
        for row in rows:
            sheet.append([None] * len(row))
            for col, value in enumerate(row, start=1):
                set_value(sheet.cell(row=sheet.max_row, column=col), value)
        sheet.freeze_panes = "B2"
        sheets.append(sheet)
    wb.move_sheet(SHEET_CATALOGUE, offset=len(sheets) - 1)  # Requirements first, identity last
    ws = wb[SHEET_REQUIREMENTS]
    ws.auto_filter.ref = ws.dimensions
    wb.active = wb.sheetnames.index(SHEET_REQUIREMENTS)

    bold = Font(name=TEXT_FONT, size=10, bold=True, color=theme.xlsx(theme.HEADER_TEXT))
    fill = PatternFill("solid", fgColor=theme.xlsx(theme.HEADER_FILL))
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        total = 0.0
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = fill
            name = str(cell.value)
            width = XLSX_WIDTHS.get(name) or XLSX_WIDTHS.get(name.rsplit("_", 1)[0], 11)  # title_fi -> title
            sheet.column_dimensions[cell.column_letter].width = width
            total += width
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                cell.alignment = wrap
        fit_row_heights(sheet)
        set_print_layout(
            sheet,
            title_rows="1:1",
            header=header_footer_text(f"{cat.id} {cat.version} · {sheet.title}"),
            pages_wide=max(1, math.ceil(total / PAGE_WIDTH_UNITS)),
        )
        sheet.print_title_cols = "A:A"
        sheet.page_setup.pageOrder = "overThenDown"  # a row's continuation follows it
    with atomic_path(path) as tmp:
        wb.save(tmp)

