"""Clause coverage: which requirements and checklist questions verify each clause of the standard.

Every clause listed in ``catalogue.yaml`` gets a row, with the requirements filed under it, their
basis and the checklist questions that verify them. A *leaf* clause (one with no sub-clause
listed) is judged: covered when at least one ``shall`` requirement verifies it, flagged when it
has only derived or good-practice requirements or none at all, and exempt when ``catalogue.yaml``
says it states no obligation of its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Literal

from itsm_assess.catalogue import Catalogue, basis_name, good_practice_source_name
from itsm_assess.i18n import _p, localize, pgettext_for
from itsm_assess.schema import clause_key

ClauseStatus = Literal["covered", "no-shall", "uncovered", "no-obligation", "parent"]
#: Statuses that mean a leaf clause is not verified by any obligation in the catalogue.
FLAGGED: tuple[str, ...] = ("no-shall", "uncovered")

#: What each status means, in English (:func:`status_name` words it in a language).
STATUS_NAMES: dict[str, str] = {context.partition(".")[2]: english for context, english in (
    _p("coverage_status.covered", "covered by a shall requirement"),
    _p("coverage_status.no-shall", "FLAG: no shall requirement"),
    _p("coverage_status.uncovered", "FLAG: no requirement"),
    _p("coverage_status.no-obligation", "no obligation of its own"),
    _p("coverage_status.parent", "has sub-clauses"),
)}

_LABELS: dict[str, str] = {context.partition(".")[2]: english for context, english in (
    _p("coverage.title", "Clause coverage"),
    _p("coverage.clause", "Clause"),
    _p("coverage.clause_title", "Clause title"),
    _p("coverage.status", "Status"),
    _p("coverage.requirement", "Requirement"),
    _p("coverage.basis", "Basis"),
    _p("coverage.basis_detail", "Serves / source"),
    _p("coverage.requirement_title", "Requirement title"),
    _p("coverage.questions", "Checklist questions"),
    _p("coverage.leaf", "Leaf clause"),
    _p("coverage.summary", "Summary"),
    _p("coverage.leaves", "leaf clauses"),
    _p("coverage.why", "Why"),
    _p("coverage.yes", "yes"),
    _p("coverage.no", "no"),
    # A requirement that is not a shall, in the text listing: "CHG-13 (good practice)".
    _p("coverage.basis_derived", "derived"),
    _p("coverage.basis_good-practice", "good practice"),
)}


def status_name(status: str, lang: str) -> str:
    """A coverage status in ``lang`` (e.g. ``FLAG: no shall requirement``)."""
    return pgettext_for(lang)(f"coverage_status.{status}", STATUS_NAMES[status])


def coverage_labels(lang: str) -> dict[str, str]:
    """The coverage table's headings and words in ``lang``."""
    pgettext = pgettext_for(lang)
    return {key: pgettext(f"coverage.{key}", english) for key, english in _LABELS.items()}


@dataclass(frozen=True)
class CoveringRequirement:
    """A requirement filed under a clause, with its basis and the questions that verify it."""

    id: str
    basis: str
    title: dict[str, str]
    serves: tuple[str, ...] = ()
    source: str | None = None
    questions: tuple[str, ...] = ()


@dataclass
class ClauseCoverage:
    """One clause of the standard and what in the catalogue verifies it."""

    clause: str
    title: dict[str, str]
    leaf: bool
    requirements: list[CoveringRequirement] = field(default_factory=list)
    #: Why the clause states no obligation of its own (``catalogue.yaml``), when it does not.
    no_obligation: dict[str, str] | None = None

    @property
    def status(self) -> ClauseStatus:
        if not self.leaf:
            return "parent"
        if self.no_obligation is not None:
            return "no-obligation"
        if any(r.basis == "shall" for r in self.requirements):
            return "covered"
        return "no-shall" if self.requirements else "uncovered"

    @property
    def flagged(self) -> bool:
        return self.status in FLAGGED


@dataclass
class CoverageReport:
    """The coverage of every clause of a catalogue, in clause order."""

    catalogue_id: str
    catalogue_version: str
    rows: list[ClauseCoverage]

    @property
    def leaves(self) -> list[ClauseCoverage]:
        return [r for r in self.rows if r.leaf]

    @property
    def flagged(self) -> list[ClauseCoverage]:
        return [r for r in self.rows if r.flagged]

    def counts(self) -> dict[str, int]:
        """Leaf clauses in total and per status (covered, no-shall, uncovered, no-obligation)."""
        leaves = self.leaves
        out = {"leaf_clauses": len(leaves)}
        for status in ("covered", "no-shall", "uncovered", "no-obligation"):
            out[status] = sum(1 for r in leaves if r.status == status)
        return out


def clause_coverage(catalogue: Catalogue) -> CoverageReport:
    """Every clause of ``catalogue.yaml`` with the requirements and checklist questions under it."""
    questions: dict[str, list[str]] = {}
    for checklist in catalogue.checklists.values():
        for item in checklist.items:
            for rid in item.requirements:
                questions.setdefault(rid, []).append(item.id)
    leaves = set(catalogue.leaf_clauses())
    rows = {
        c: ClauseCoverage(
            clause=c,
            title=catalogue.clauses[c],
            leaf=c in leaves,
            no_obligation=catalogue.clauses_without_obligations.get(c),
        )
        for c in sorted(catalogue.clauses, key=clause_key)
    }
    for req in catalogue.requirements.values():
        row = rows.get(req.clause)
        if row is None:  # load_catalogue refuses clauses without a title; kept safe for partial loads
            continue
        row.requirements.append(
            CoveringRequirement(
                id=req.id,
                basis=req.basis,
                title=req.title,
                serves=tuple(req.serves),
                source=req.source,
                questions=tuple(questions.get(req.id, ())),
            )
        )
    return CoverageReport(catalogue.id, catalogue.version, list(rows.values()))


def _basis_detail(req: CoveringRequirement, lang: str) -> str:
    if req.serves:
        return ", ".join(req.serves)
    if req.source:
        return good_practice_source_name(req.source, lang)
    return ""


def coverage_table(report: CoverageReport, lang: str = "en") -> list[dict[str, str]]:
    """One flat row per clause and requirement (a clause without requirements gets one row)."""
    L = coverage_labels(lang)
    out = []
    for row in report.rows:
        base = {
            "clause": row.clause,
            "clause_title": localize(row.title, lang),
            "leaf": L["yes"] if row.leaf else L["no"],
            "status": status_name(row.status, lang)
            + (f": {localize(row.no_obligation, lang)}" if row.no_obligation else ""),
        }
        empty = {"requirement": "", "basis": "", "basis_detail": "", "requirement_title": "", "questions": ""}
        if not row.requirements:
            out.append(base | empty)
        for req in row.requirements:
            out.append(
                base
                | {
                    "requirement": req.id,
                    "basis": basis_name(req.basis, lang),
                    "basis_detail": _basis_detail(req, lang),
                    "requirement_title": localize(req.title, lang),
                    "questions": ", ".join(req.questions),
                }
            )
    return out


def coverage_as_dict(report: CoverageReport) -> dict[str, Any]:
    """Plain data for ``catalogue coverage --format json``."""
    return {
        "catalogue": report.catalogue_id,
        "version": report.catalogue_version,
        "summary": report.counts(),
        "flagged": [r.clause for r in report.flagged],
        "clauses": [
            {
                "clause": r.clause,
                "title": r.title,
                "leaf": r.leaf,
                "status": r.status,
                **({"no_obligation": r.no_obligation} if r.no_obligation else {}),
                "requirements": [
                    {
                        "id": q.id,
                        "basis": q.basis,
                        **({"serves": list(q.serves)} if q.serves else {}),
                        **({"source": q.source} if q.source else {}),
                        "checklist_items": list(q.questions),
                    }
                    for q in r.requirements
                ],
            }
            for r in report.rows
        ],
    }


def render_coverage_markdown(report: CoverageReport, lang: str = "en") -> str:
    """The coverage matrix as a Markdown document: summary, flagged clauses, then the table."""
    from itsm_assess.catalogue.checklist_render import template_environment

    return str(
        template_environment()
        .get_template("coverage.md.j2")
        .render(report=report, rows=coverage_table(report, lang), counts=report.counts(), L=coverage_labels(lang),
                status_names={k: status_name(k, lang) for k in STATUS_NAMES}, lang=lang)
    )


COLUMNS: tuple[tuple[str, float], ...] = (
    ("clause", 8), ("clause_title", 28), ("leaf", 7), ("status", 24), ("requirement", 10), ("basis", 16),
    ("basis_detail", 18), ("requirement_title", 36), ("questions", 14),
)


def write_coverage_xlsx(report: CoverageReport, path: str | os.PathLike[str], lang: str = "en") -> None:
    """A filterable sheet of clause → requirement → basis → checklist questions, and a summary sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from itsm_assess._io import theme
    from itsm_assess._io.xlsx_cells import (
        TEXT_FONT,
        fit_row_heights,
        header_footer_text,
        set_print_layout,
        set_value,
        sheet_title,
        use_text_font,
    )
    from itsm_assess.files import atomic_path

    L = coverage_labels(lang)
    wb = Workbook()
    use_text_font(wb)
    ws = wb.active
    ws.title = sheet_title(L["title"], lang)
    head_font = Font(name=TEXT_FONT, size=10, bold=True, color=theme.xlsx(theme.HEADER_TEXT))
    flag_font = Font(name=TEXT_FONT, size=10, bold=True, color=theme.xlsx(theme.FLAG_TEXT))
    head_fill = PatternFill("solid", fgColor=theme.xlsx(theme.HEADER_FILL))
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (key, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col)
        set_value(cell, L[key])
        cell.font = head_font
        cell.fill = head_fill
        cell.alignment = wrap
        ws.column_dimensions[cell.column_letter].width = width
    flagged_titles = {status_name(s, lang) for s in FLAGGED}
    for r, values in enumerate(coverage_table(report, lang), start=2):
        for col, (key, _width) in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=r, column=col)
            set_value(cell, values[key] or None)
            cell.alignment = wrap
            if key == "status" and values[key] in flagged_titles:
                cell.font = flag_font
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    fit_row_heights(ws)
    set_print_layout(ws, title_rows="1:1", header=header_footer_text(f"{report.catalogue_id} {report.catalogue_version} · {L['title']}"))

    summary = wb.create_sheet(sheet_title(L["summary"], lang))
    counts = report.counts()
    set_value(summary.cell(row=1, column=1), L["leaves"])
    set_value(summary.cell(row=1, column=2), counts["leaf_clauses"])
    for r, status in enumerate(("covered", "no-shall", "uncovered", "no-obligation"), start=2):
        set_value(summary.cell(row=r, column=1), status_name(status, lang))
        set_value(summary.cell(row=r, column=2), counts[status])
    summary.column_dimensions["A"].width = 34
    with atomic_path(path) as tmp:
        wb.save(tmp)
