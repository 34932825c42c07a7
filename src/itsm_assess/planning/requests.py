"""What to ask for before and during the audit: the pre-audit document request list (from the
catalogue's evidence, deduplicated, with the requirements each item serves) and an interview
guide per role (the questions of every requirement naming the role, in agenda order)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from itsm_assess.catalogue import Catalogue
from itsm_assess.i18n import Label, _p, label_table, localize, worded
from itsm_assess.planning.audit_plan import AuditPlan
from itsm_assess.planning.tables import Cell, Table, tables_markdown


def agenda_process_order(plan: AuditPlan) -> list[str]:
    """The plan's processes in the order their first session comes in the agenda (then the rest)."""
    order: dict[str, None] = {}
    for slot in sorted(plan.agenda, key=lambda s: (s.day, s.start)):
        if slot.kind == "session" and slot.process in plan.processes:
            order.setdefault(slot.process, None)
    for pid in plan.processes:
        order.setdefault(pid, None)
    return list(order)


@dataclass
class DocumentRequest:
    """One document or record to send, the processes and roles it concerns, the requirements it serves."""

    text: str
    processes: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    return " ".join(text.casefold().strip().rstrip(".").split())


def document_requests(catalogue: Catalogue, plan: AuditPlan) -> list[DocumentRequest]:
    """Evidence of every requirement in scope, one entry per distinct text (case and spacing aside),
    in agenda order, listing each process, role and requirement it serves."""
    lang = plan.language
    found: dict[str, DocumentRequest] = {}
    for pid in agenda_process_order(plan):
        for req in catalogue.requirements_of(pid):
            for evidence in req.evidence:
                text = localize(evidence, lang)
                entry = found.setdefault(_key(text), DocumentRequest(text))
                for value, into in ((pid, entry.processes), (req.id, entry.requirements)):
                    if value not in into:
                        into.append(value)
                for role in req.interviewees:
                    if role not in entry.roles:
                        entry.roles.append(role)
    return list(found.values())


@dataclass(frozen=True)
class GuideQuestion:
    process: str
    item: str
    question: str
    requirements: list[str]
    look_for: list[str]


@dataclass(frozen=True)
class InterviewGuide:
    role: str
    #: Where the plan meets the role: "day time, auditor[, site]" (empty when the agenda does not name it).
    when: str
    questions: list[GuideQuestion]


def interview_guides(catalogue: Catalogue, plan: AuditPlan) -> list[InterviewGuide]:
    """A guide for each role named by a requirement in scope, in the order the agenda meets the roles."""
    from itsm_assess.i18n.formats import format_date, format_time_range

    lang = plan.language
    order = agenda_process_order(plan)
    meeting: dict[str, str] = {}
    when = worded(_WORDS, lang)["when_at"]
    for slot in sorted(plan.agenda, key=lambda s: (s.day, s.start)):
        for role in slot.interviewees:
            where = [plan.site_names[slot.site]] if slot.site else []
            meeting.setdefault(role, ", ".join([when.format(day=format_date(slot.day, lang), auditors=", ".join(slot.auditors),
                                                            time=format_time_range(slot.start, slot.end, lang)), *where]))
    questions: dict[str, list[GuideQuestion]] = {}
    for pid in order:
        checklist = catalogue.checklists.get(pid)
        for req in catalogue.requirements_of(pid):
            for role in req.interviewees:
                asked = questions.setdefault(role, [])
                items = checklist.items_for(req.id) if checklist else []
                for item in items:
                    if any(q.item == item.id for q in asked):
                        continue
                    asked.append(GuideQuestion(
                        process=pid, item=item.id, question=localize(item.question, lang),
                        requirements=[r for r in item.requirements if r in catalogue.requirements],
                        look_for=[localize(x, lang) for x in (*item.look_for, *item.advice)]))
    roles = sorted(questions, key=lambda r: (r not in meeting, list(meeting).index(r) if r in meeting else 0, r))
    return [InterviewGuide(role, meeting.get(role, ""), questions[role]) for role in roles if questions[role]]


_WORDS: dict[str, Label] = label_table(
    _p("requests.requests", "Document request"),
    _p("requests.heading", "{title}: {organisation}, audit {dates}"),
    _p("requests.process", "Processes"),
    _p("requests.one_process", "Process"),
    _p("requests.document", "Document or record"),
    _p("requests.roles", "Held by (roles)"),
    _p("requests.reqs", "Requirements served"),
    _p("requests.received", "Received"),
    _p("requests.request_note", "Please send these before the audit, or tell us where they can be seen on site. One "
                                "document may serve as evidence for several requirements."),
    _p("requests.guides", "Interview guides"),
    _p("requests.when", "Interview"),
    _p("requests.when_at", "{day} {time}, {auditors}"),
    _p("requests.role", "Interviewee"),
    _p("requests.item", "Item"),
    _p("requests.question", "Question"),
    _p("requests.look_for", "What to look for"),
)


def _role(catalogue: Catalogue, role: str, lang: str) -> str:
    return localize(catalogue.roles.get(role, {"en": role}), lang)


def _process(catalogue: Catalogue, pid: str, lang: str) -> str:
    """A process by its name in ``lang`` (a client reads names, not the catalogue's codes)."""
    return localize(catalogue.processes[pid].title, lang) if pid in catalogue.processes else pid


def request_tables(catalogue: Catalogue, plan: AuditPlan) -> list[Table]:
    from itsm_assess.i18n.formats import format_dates

    lang = plan.language
    w = worded(_WORDS, lang)
    rows: list[list[Cell]] = [
        [i, r.text, ", ".join(_process(catalogue, p, lang) for p in r.processes),
         ", ".join(_role(catalogue, x, lang) for x in r.roles),
         ", ".join(r.requirements), None]
        for i, r in enumerate(document_requests(catalogue, plan), start=1)]
    return [Table(w["requests"], ["#", w["document"], w["process"], w["roles"], w["reqs"], w["received"]], rows,
                  [w["heading"].format(title=w["requests"], organisation=plan.organisation,
                                       dates=format_dates(plan.days, lang)), w["request_note"]])]


def guide_tables(catalogue: Catalogue, plan: AuditPlan) -> list[Table]:
    lang = plan.language
    w = worded(_WORDS, lang)
    tables = []
    for guide in interview_guides(catalogue, plan):
        rows: list[list[Cell]] = [
            [_process(catalogue, q.process, lang), q.item, q.question, "\n".join(f"• {x}" for x in q.look_for),
             ", ".join(q.requirements)]
            for q in guide.questions]
        role = _role(catalogue, guide.role, lang)
        # The role in full above the questions: a sheet tab may carry a short form of it.
        notes = [f"{w['role']}: {role}"] + ([f"{w['when']}: {guide.when}"] if guide.when else [])
        tables.append(Table(role,
                            [w["one_process"], w["item"], w["question"], w["look_for"], w["reqs"]], rows, notes))
    return tables


def request_markdown(catalogue: Catalogue, plan: AuditPlan) -> str:
    """The document request as Markdown, headed once by its title line (organisation and dates)."""
    table = request_tables(catalogue, plan)[0]
    heading, *notes = table.notes
    return tables_markdown(heading, [replace(table, notes=notes)])


def guides_markdown(catalogue: Catalogue, plan: AuditPlan) -> str:
    """The interview guides as Markdown: a section per role, headed by the role in full (so the
    "Interviewee" line a workbook sheet needs under its short tab name is left out)."""
    tables = [replace(t, notes=t.notes[1:]) for t in guide_tables(catalogue, plan)]
    return tables_markdown(f"{guides_title(plan)}: {plan.organisation}", tables)


def guides_title(plan: AuditPlan) -> str:
    return worded(_WORDS, plan.language)["guides"]
