"""Rendered checklists: the catalogue's audit questions as xlsx, HTML, Markdown or PDF.

Three editions of the same content:

* ``auditor``: question, what to look for, sampling, methods, interviewees, the requirements
  verified, and room for a rating and notes;
* ``trainer``: the auditor edition plus typical weaknesses and a model answer;
* ``participant``: the exercise version, questions and room to answer, no answers or hints;

and editions with content of their own (``checklists/<catalogue>/editions/<name>.yaml``):

* ``stage1``: the stage 1 audit of a certification, by topic (scope, documented information,
  internal audit and management review, readiness for stage 2), with typical areas of concern
  and room to record readiness for stage 2.

:func:`build_checklist_document` turns a catalogue into a :class:`ChecklistDocument` (plain
data, localised); the ``render_*``/``write_*`` functions turn that into a file format.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from itsm_assess._io.browser import find_chromium as find_chromium  # re-exported: the one finder
from itsm_assess.assessment import rating_code
from itsm_assess.errors import InputError, NotFoundError
from itsm_assess.i18n import _p, check_language, label_table, localize, message, worded

if TYPE_CHECKING:
    from jinja2 import Environment

    from itsm_assess.catalogue import Catalogue

Edition = Literal["auditor", "trainer", "participant", "stage1"]
EDITIONS: tuple[str, ...] = ("auditor", "trainer", "participant", "stage1")
FORMATS: tuple[str, ...] = ("xlsx", "html", "md", "pdf")

_METHOD_NAMES = label_table(
    _p("method.document-review", "Document review"),
    _p("method.interview", "Interview"),
    _p("method.observation", "Observation"),
    _p("method.record-sampling", "Record sampling"),
)
_LABELS = label_table(
    _p("checklist.checklist", "Checklist"),
    _p("checklist.edition_auditor", "Auditor edition"),
    _p("checklist.edition_trainer", "Trainer edition"),
    _p("checklist.edition_participant", "Participant edition"),
    _p("checklist.edition_stage1", "Stage 1 edition"),
    _p("checklist.stage1_rating", "Stage 2 readiness"),
    _p("checklist.stage1_scale", "Ready = in place for stage 2; Concern = an area of concern to resolve before stage 2; "
                                 "Not ready = stage 2 cannot cover this as planned"),
    _p("checklist.stage1_ready", "Ready"),
    _p("checklist.stage1_concern", "Concern"),
    _p("checklist.stage1_not_ready", "Not ready"),
    _p("checklist.concerns", "Typical areas of concern"),
    _p("checklist.topic", "Topic"),
    _p("checklist.stage", "Audit stage"),
    _p("checklist.all_stages", "All audit stages"),
    _p("checklist.contents", "Contents"),
    _p("checklist.question", "Question"),
    _p("checklist.look_for", "What to look for"),
    _p("checklist.required", "What to look for (required)"),
    _p("checklist.advice", "Good practice (advice, not required)"),
    _p("checklist.sampling", "Sampling"),
    _p("checklist.methods", "Methods"),
    _p("checklist.interviewees", "Interviewees"),
    _p("checklist.requirements", "Requirements"),
    _p("checklist.weaknesses", "Typical weaknesses"),
    _p("checklist.model_answer", "Model answer"),
    _p("checklist.rating", "Rating"),
    _p("checklist.notes", "Notes and evidence seen"),
    _p("checklist.answer", "Your answer"),
    _p("checklist.purpose", "Purpose"),
    _p("checklist.clause", "Clause"),
    _p("checklist.clauses", "Clauses"),
    _p("checklist.clause_ref", "clause {clauses}"),
    _p("checklist.clauses_ref", "clauses {clauses}"),
    _p("checklist.catalogue", "Catalogue"),
    _p("checklist.catalogue_version", "version {version}"),
    _p("checklist.no", "No."),
    _p("checklist.rating_scale", "N = not achieved, P = partially, L = largely, F = fully achieved, NA = not applicable"),
    _p("checklist.how", "How to audit"),
    # A requirement's basis inside the brackets after its clause: "CHG-02 (8.5.1.1 – good practice, not required)".
    _p("checklist.basis_derived", "derived from an obligation"),
    _p("checklist.basis_good-practice", "good practice, not required"),
)


def checklist_labels(lang: str) -> dict[str, str]:
    """The labels of a rendered checklist in ``lang``."""
    return worded(_LABELS, lang)


def method_name(method: str, lang: str) -> str:
    """The name of an audit method (``record-sampling`` -> "Record sampling") in ``lang``."""
    return worded(_METHOD_NAMES, lang).get(method, method)


@dataclass
class RequirementRef:
    id: str
    clause: str
    title: str
    #: Empty for a shall requirement; otherwise the localised basis, e.g. "good practice, not required".
    basis: str = ""


@dataclass
class ChecklistEntry:
    """One question, localised, with what the edition shows of it."""

    id: str
    question: str
    stages: list[int]
    look_for: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    sampling: str = ""
    methods: list[str] = field(default_factory=list)
    interviewees: list[str] = field(default_factory=list)
    requirements: list[RequirementRef] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)
    model_answer: str = ""


@dataclass
class ProcessSection:
    id: str
    title: str
    clauses: list[str]
    purpose: str
    entries: list[ChecklistEntry]
    #: The clauses as a reference inside a sentence or parentheses: "kohdat 4.1, 4.2 ja 4.3".
    clause_ref: str = ""


def _section(sid: str, title: str, clauses: list[str], purpose: str, entries: list[ChecklistEntry],
             labels: dict[str, str], lang: str) -> ProcessSection:
    from itsm_assess.i18n.formats import format_list

    label = labels["clause_ref" if len(clauses) == 1 else "clauses_ref"]
    return ProcessSection(sid, title, clauses, purpose, entries, label.format(clauses=format_list(clauses, lang)))


@dataclass
class ChecklistDocument:
    """Everything a rendered checklist shows, already localised and filtered for the edition."""

    title: str
    subtitle: str
    catalogue_id: str
    catalogue_title: str
    catalogue_version: str
    copyright: str
    edition: str
    stage: int | None
    lang: str
    labels: dict[str, str]
    sections: list[ProcessSection]
    #: What the auditor ticks per question: N/P/L/F and not applicable as ``lang`` writes them (NA,
    #: Finnish ES), or (stage 1) ready / concern / not ready.
    rating_choices: list[str] = field(default_factory=list)

    @property
    def shows_answers(self) -> bool:
        """Typical weaknesses (areas of concern, stage 1) and model answers are shown."""
        return self.edition in ("trainer", "stage1")

    @property
    def shows_audit_detail(self) -> bool:
        return self.edition in ("auditor", "trainer", "stage1")


def build_checklist_document(
    catalogue: Catalogue,
    *,
    processes: Iterable[str] | None = None,
    stage: int | None = None,
    edition: str = "auditor",
    lang: str = "en",
    title: str | None = None,
    brand: str | None = None,
) -> ChecklistDocument:
    """The checklist of the chosen processes (all with a checklist when none are named).

    Raises NotFoundError for an unknown process or one without a checklist, InputError for an
    unknown edition or stage, or when the stage filter leaves no question at all.
    """
    if edition not in EDITIONS:
        raise InputError(message("edition {edition!r} is not known (expected {names})", edition=edition, names=', '.join(EDITIONS)))
    if stage not in (None, 1, 2):
        raise InputError(message("audit stage {stage!r} is not known (expected 1 or 2)", stage=stage))
    try:
        check_language(lang)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if edition == "stage1":
        return _stage1_document(catalogue, processes=processes, stage=stage, lang=lang, title=title, brand=brand)
    wanted = list(processes or [])
    if wanted:
        for pid in wanted:
            catalogue.process(pid)  # raises NotFoundError naming the valid ids
            if pid not in catalogue.checklists:
                raise NotFoundError(
                    message("process {process!r} has no checklist in catalogue {id!r}; processes with one: {value}", process=pid, id=catalogue.id, value=', '.join(catalogue.checklists) or 'none')
                )
        ordered = [pid for pid in catalogue.processes if pid in wanted]
    else:
        ordered = [pid for pid in catalogue.processes if pid in catalogue.checklists]
    labels = checklist_labels(lang)
    sections = []
    for pid in ordered:
        proc = catalogue.processes[pid]
        entries = []
        for item in catalogue.checklists[pid].items:
            if stage is not None and stage not in item.stages:
                continue
            entries.append(_entry(catalogue, item, lang, edition))
        if entries:
            sections.append(_section(pid, localize(proc.title, lang), list(proc.clauses), localize(proc.purpose, lang),
                                     entries, labels, lang))
    if not sections:
        where = f"audit stage {stage}" if stage else "these processes"
        raise InputError(message("no checklist questions for {where} in catalogue {id!r}", where=where, id=catalogue.id))
    # A participant's sheet names a stage only when it was chosen ("all audit stages" says nothing to a course).
    subtitle = labels[f"edition_{edition}"]
    if stage or edition != "participant":
        subtitle += " · " + (f"{labels['stage']} {stage}" if stage else labels["all_stages"])
    if brand:  # a course or organisation name shown on every edition
        subtitle = f"{brand} · {subtitle}"
    return ChecklistDocument(
        title=title or f"{labels['checklist']}: {localize(catalogue.info.title, lang)}",
        subtitle=subtitle,
        catalogue_id=catalogue.id,
        catalogue_title=localize(catalogue.info.title, lang),
        catalogue_version=catalogue.version,
        copyright=localize(catalogue.info.copyright, lang),
        edition=edition,
        stage=stage,
        lang=lang,
        labels=labels,
        sections=sections,
        rating_choices=[rating_code(r, lang) for r in ("N", "P", "L", "F", "NA")],
    )


def _entry(catalogue: Catalogue, item: Any, lang: str, edition: str) -> ChecklistEntry:
    """One checklist item as the ``edition`` shows it."""
    entry = ChecklistEntry(id=item.id, question=localize(item.question, lang), stages=list(item.stages))
    if edition in ("auditor", "trainer", "stage1"):
        entry.look_for = [localize(t, lang) for t in item.look_for]
        entry.advice = [localize(t, lang) for t in item.advice]
        entry.sampling = localize(item.sampling, lang)
        entry.methods = [method_name(m, lang) for m in item.methods]
        entry.interviewees = [localize(catalogue.roles.get(r, {"en": r}), lang) for r in item.interviewees]
        entry.requirements = [_requirement_ref(catalogue, rid, lang) for rid in item.requirements if rid in catalogue.requirements]
    if edition in ("trainer", "stage1"):
        entry.weaknesses = [localize(t, lang) for t in item.weaknesses]
        entry.model_answer = localize(item.model_answer, lang)
    return entry


def _stage1_document(catalogue: Catalogue, *, processes: Iterable[str] | None, stage: int | None, lang: str,
                     title: str | None, brand: str | None) -> ChecklistDocument:
    """The stage 1 edition: its own topics and questions (``editions/stage1.yaml``), cross-process."""
    from itsm_assess.catalogue.checklist import load_edition

    if processes:
        raise InputError(message("the stage1 edition covers the whole SMS by topic; leave out --process"))
    if stage not in (None, 1):
        raise InputError(message("the stage1 edition is the stage 1 audit; leave out --stage or give 1"))
    edition = load_edition(catalogue, "stage1")
    labels = dict(checklist_labels(lang))
    # Stage 1 records readiness for stage 2, not N/P/L/F, and its weaknesses are areas of concern.
    labels.update(rating=labels["stage1_rating"], rating_scale=labels["stage1_scale"], weaknesses=labels["concerns"])
    sections = [_section(s.id, localize(s.title, lang), list(s.clauses), localize(s.purpose, lang),
                         [_entry(catalogue, item, lang, "stage1") for item in s.items], labels, lang)
                for s in edition.sections]
    subtitle = labels["edition_stage1"] + " · " + localize(edition.checklist_edition.purpose, lang)
    if brand:
        subtitle = f"{brand} · {subtitle}"
    return ChecklistDocument(
        title=title or localize(edition.checklist_edition.title, lang),
        subtitle=subtitle,
        catalogue_id=catalogue.id,
        catalogue_title=localize(catalogue.info.title, lang),
        catalogue_version=catalogue.version,
        copyright=localize(catalogue.info.copyright, lang),
        edition="stage1",
        stage=1,
        lang=lang,
        labels=labels,
        sections=sections,
        rating_choices=[labels["stage1_ready"], labels["stage1_concern"], labels["stage1_not_ready"]],
    )


def _requirement_ref(catalogue: Catalogue, rid: str, lang: str) -> RequirementRef:
    req = catalogue.requirements[rid]
    basis = "" if req.basis == "shall" else checklist_labels(lang)[f"basis_{req.basis}"]
    return RequirementRef(rid, req.clause, localize(req.title, lang), basis)


def look_for_text(look_for: list[str], advice: list[str], labels: dict[str, str]) -> str:
    """Obligations and advice as one plain-text cell: each under its own caption."""
    parts = []
    if look_for:
        parts.append(f"{labels['required']}:\n" + "\n".join(f"• {t}" for t in look_for))
    if advice:
        parts.append(f"{labels['advice']}:\n" + "\n".join(f"◦ {t}" for t in advice))
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- text formats


def template_environment() -> Environment:
    """The Jinja2 environment of the catalogue templates (the shared set-up, Markdown filters)."""
    from itsm_assess._io.templates import template_environment as shared

    return shared("catalogue", "templates", filters={"md": _markdown_escape, "slug": _heading_slug})


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]#|~"})


def _markdown_escape(text: str) -> Any:
    """Backslash-escape Markdown punctuation and neutralise raw HTML (``<``, ``>``, ``&``).

    Quotes stay as typed: autoescape would turn them into ``&#34;``, which Markdown readers
    show literally; returning Markup tells autoescape this text is already safe.
    """
    from markupsafe import Markup

    flat = " ".join(str(text).split()).translate(_MD_SPECIAL)
    return Markup(flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _heading_slug(text: str) -> str:
    """The anchor GitHub and most Markdown renderers give a heading."""
    kept = "".join(c for c in str(text).lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def render_markdown(doc: ChecklistDocument) -> str:
    """The checklist as Markdown text."""
    return str(template_environment().get_template("checklist.md.j2").render(doc=doc, L=doc.labels))


def render_html(doc: ChecklistDocument) -> str:
    """The checklist as one self-contained, print-ready (A4) HTML page."""
    return str(template_environment().get_template("checklist.html.j2").render(doc=doc, L=doc.labels))


# --------------------------------------------------------------------------- xlsx


#: Column widths (digits of Arial 10) per edition; each set is about one A4 landscape page
#: wide at 90 % or more. Sampling, methods, interviewees and requirements share one column.
XLSX_COLUMNS: dict[str, tuple[tuple[str, float], ...]] = {
    "auditor": (("no", 9.5), ("question", 30), ("look_for", 36), ("how", 32), ("rating", 6.5), ("notes", 30)),
    "trainer": (
        ("no", 9.5), ("question", 23), ("look_for", 26), ("how", 28), ("weaknesses", 24), ("model_answer", 25),
        ("rating", 6.5), ("notes", 16),
    ),
    "participant": (("no", 9.5), ("question", 60), ("answer", 76)),
    "stage1": (("no", 8), ("question", 26), ("look_for", 34), ("how", 28), ("weaknesses", 26), ("rating", 9),
               ("notes", 22)),
}
#: Room to write by hand in a printed row: notes (auditor, trainer) and the answer (participant).
XLSX_MIN_ROW_HEIGHT = {"auditor": 60.0, "trainer": 48.0, "participant": 90.0, "stage1": 60.0}


def _audit_detail(entry: ChecklistEntry, labels: dict[str, str]) -> str:
    """Sampling, methods, interviewees and requirements, one labelled paragraph each."""
    parts = []
    if entry.sampling:
        parts.append(f"{labels['sampling']}: {entry.sampling}")
    if entry.methods:
        parts.append(f"{labels['methods']}: {', '.join(entry.methods)}")
    if entry.interviewees:
        parts.append(f"{labels['interviewees']}: {', '.join(entry.interviewees)}")
    if entry.requirements:
        parts.append(
            f"{labels['requirements']}:\n"
            + "\n".join(f"{q.id} ({q.clause}{' – ' + q.basis if q.basis else ''}) {q.title}" for q in entry.requirements)
        )
    return "\n".join(parts)


def write_checklist_xlsx(doc: ChecklistDocument, path: str | os.PathLike[str]) -> None:
    """One printable sheet per process: A4 landscape, fit to width, header rows repeated."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from itsm_assess._io import theme
    from itsm_assess._io.xlsx_cells import (
        TEXT_FONT,
        fit_row_heights,
        header_footer_text,
        set_print_layout,
        set_text,
        use_text_font,
    )
    from itsm_assess.files import atomic_path

    L = doc.labels
    columns = XLSX_COLUMNS[doc.edition]
    captions = {key: L[key] for key, _width in columns}
    wb = Workbook()
    use_text_font(wb)
    wb.remove(wb.active)
    thin = Side(style="thin", color=theme.xlsx(theme.GRID))
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name=TEXT_FONT, size=10, bold=True, color=theme.xlsx(theme.HEADER_TEXT))
    body_font = Font(name=TEXT_FONT, size=10)
    head_fill = PatternFill("solid", fgColor=theme.xlsx(theme.HEADER_FILL))
    wrap = Alignment(wrap_text=True, vertical="top")
    for section in doc.sections:
        ws = wb.create_sheet(section.id[:31])
        title = ws.cell(row=1, column=1)
        heading = f"{section.id} {section.title} ({section.clause_ref}) — {doc.subtitle}"
        if "rating" in captions:  # the rating codes on every printed page, as the HTML legend gives them
            heading += f"\n{L['rating']}: {L['rating_scale']}"
        set_text(title, heading)
        title.font = Font(name=TEXT_FONT, bold=True, size=13)
        title.alignment = wrap
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        for col, (key, width) in enumerate(columns, start=1):
            cell = ws.cell(row=2, column=col)
            set_text(cell, captions[key])
            cell.font = head_font
            cell.fill = head_fill
            cell.alignment = wrap
            cell.border = border
            ws.column_dimensions[get_column_letter(col)].width = width
        for r, entry in enumerate(section.entries, start=3):
            values = {
                "no": entry.id,
                "question": entry.question,
                "look_for": look_for_text(entry.look_for, entry.advice, L),
                "how": _audit_detail(entry, L),
                "weaknesses": "\n".join(f"• {t}" for t in entry.weaknesses),
                "model_answer": entry.model_answer,
                "rating": "",
                "notes": "",
                "answer": "",
            }
            for col, (key, _width) in enumerate(columns, start=1):
                cell = ws.cell(row=r, column=col)
                set_text(cell, values[key] or None)
                cell.alignment = wrap
                cell.border = border
                cell.font = body_font
        fit_row_heights(ws, 1, 2)
        fit_row_heights(ws, 3, minimum=XLSX_MIN_ROW_HEIGHT[doc.edition])
        ws.freeze_panes = "B3"
        set_print_layout(
            ws,
            title_rows="1:2",
            header=header_footer_text(doc.title),
            footer=header_footer_text(f"{doc.catalogue_title}, {L['catalogue_version'].format(version=doc.catalogue_version)}"
                                     f" · {L[f'edition_{doc.edition}']} · ") + "&P / &N",
        )
        ws.print_options.gridLines = False
    with atomic_path(path) as tmp:
        wb.save(tmp)


# --------------------------------------------------------------------------- pdf



def write_pdf(html: str, path: str | os.PathLike[str], *, chromium: str | None = None, timeout: float = 120) -> None:
    """Print ``html`` to an A4 PDF with headless Chromium; raises ItsmAssessError if it is missing."""
    from itsm_assess._io.browser import print_to_pdf

    with tempfile.TemporaryDirectory(prefix="itsm-assess-pdf-") as tmpdir:
        page = Path(tmpdir) / "checklist.html"
        page.write_text(html, encoding="utf-8")
        print_to_pdf(page, path, chromium=chromium, timeout=timeout,
                     what=message("PDF output (or render --format html and print that page from a browser)"))


# --------------------------------------------------------------------------- one call


def render_checklist(
    catalogue: Catalogue,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    processes: Iterable[str] | None = None,
    stage: int | None = None,
    edition: str = "auditor",
    lang: str = "en",
    title: str | None = None,
    brand: str | None = None,
) -> ChecklistDocument:
    """Build the checklist and write it to ``path`` in ``fmt`` (from the suffix when None)."""
    fmt = fmt or format_from_suffix(path)
    if fmt not in FORMATS:
        raise InputError(message("format {fmt!r} is not known (expected {names})", fmt=fmt, names=', '.join(FORMATS)))
    doc = build_checklist_document(catalogue, processes=processes, stage=stage, edition=edition, lang=lang,
                                   title=title, brand=brand)
    from itsm_assess.files import write_text_atomic

    if fmt == "xlsx":
        write_checklist_xlsx(doc, path)
    elif fmt == "html":
        write_text_atomic(path, render_html(doc))
    elif fmt == "md":
        write_text_atomic(path, render_markdown(doc))
    else:
        write_pdf(render_html(doc), path)
    return doc


def format_from_suffix(path: str | os.PathLike[str]) -> str:
    """``xlsx``, ``html``, ``md`` or ``pdf`` from the file name; InputError otherwise."""
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = {"htm": "html", "markdown": "md"}.get(suffix, suffix)
    if fmt not in FORMATS:
        raise InputError(message("{path}: cannot tell the format from the file name; give --format ({names})", path=path, names=', '.join(FORMATS)))
    return fmt
