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
}
PAGE_WIDTH_UNITS = 160  # column width that prints on one A4 landscape page at about 90 %


def write_catalogue_xlsx(cat: Catalogue, path: str | os.PathLike[str]) -> None:
    """One sheet of requirements (both languages side by side) and one of processes.

    Printable: A4 landscape, as many page widths as the columns need at about 90 % scale (the
    id column and the header row repeated on every page), rows as tall as their wrapped text.
    """
    import math

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from itsm_assess._io.xlsx_cells import (
        TEXT_FONT,
        fit_row_heights,
        header_footer_text,
        set_print_layout,
        set_value,
        use_text_font,
    )
    from itsm_assess.files import atomic_path

    langs = list(cat.info.languages)
    wb = Workbook()
    use_text_font(wb)
    ws = wb.active
    ws.title = "Requirements"
    header = ["id", "clause", "process", "attribute", "weight", "basis", "serves", "source"]
    header += [f"basis_note_{lang}" for lang in langs]
    for field in ("title", "statement", "guidance", "evidence"):
        header += [f"{field}_{lang}" for lang in langs]
    header += ["interviewees", "iso20000_2011", "itil4", "fitsm"]
    ws.append(header)
    for req in cat.requirements.values():
        row: list[Any] = [req.id, req.clause, req.process, req.attribute, req.weight, req.basis, ", ".join(req.serves), req.source or ""]
        row += [(req.basis_note or {}).get(lang, "") for lang in langs]
        for field in ("title", "statement", "guidance"):
            text = getattr(req, field)
            row += [text.get(lang, "") for lang in langs]
        row += ["\n".join(e.get(lang, "") for e in req.evidence) for lang in langs]
        row += [", ".join(req.interviewees), ", ".join(req.refs.iso20000_2011), ", ".join(req.refs.itil4), ", ".join(req.refs.fitsm)]
        ws.append([None] * len(row))
        for col, value in enumerate(row, start=1):
            set_value(ws.cell(row=ws.max_row, column=col), value)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions

    ps = wb.create_sheet("Processes")
    ps.append(["id", "clauses", "kind", *[f"title_{lang}" for lang in langs], *[f"purpose_{lang}" for lang in langs]])
    for proc in cat.processes.values():
        values = [proc.id, ", ".join(proc.clauses), proc.kind, *[proc.title.get(lang, "") for lang in langs], *[proc.purpose.get(lang, "") for lang in langs]]
        ps.append([None] * len(values))
        for col, value in enumerate(values, start=1):
            set_value(ps.cell(row=ps.max_row, column=col), value)
    ps.freeze_panes = "B2"

    bold = Font(name=TEXT_FONT, size=10, bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in (ws, ps):
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

