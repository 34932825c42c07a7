"""The audit programme of a three-year certification cycle (ISO/IEC 17021-1, ISO 19011 5.x).

Visits: stage 1 and stage 2 (initial certification), surveillance 1 and 2, recertification.
Dates follow the certification rules: the first surveillance within 12 months of the certification
decision, an audit in every calendar year of the cycle, recertification decided before the
certificate expires. Clause coverage: stage 2 and recertification audit every clause; the two
surveillance audits share the clauses between them so that every clause 4-10 is audited in the
surveillance period too, and the clauses every visit covers are in each.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from itsm_assess.catalogue import Catalogue
from itsm_assess.i18n import Label, _p, in_languages, label_table, message, plural_message, translate, worded
from itsm_assess.planning.tables import Cell, Table
from itsm_assess.schema import clause_key

VisitKind = Literal["stage1", "stage2", "surveillance1", "surveillance2", "recertification"]
VISITS: tuple[str, ...] = ("stage1", "stage2", "surveillance1", "surveillance2", "recertification")


VISIT_NAMES: dict[str, Label] = label_table(
    _p("visit.stage1", "Stage 1"),
    _p("visit.stage2", "Stage 2"),
    _p("visit.surveillance1", "Surveillance 1"),
    _p("visit.surveillance2", "Surveillance 2"),
    _p("visit.recertification", "Recertification"),
)

#: Clauses audited at every visit after stage 1 in ISO/IEC 20000-1 (internal audit, management review,
#: nonconformity and corrective action): the evidence that the management system keeps itself on
#: course. A catalogue names its own in ``profile.every_visit_clauses``.
EVERY_VISIT_CLAUSES: tuple[str, ...] = ("9.2", "9.3", "10.1")
#: Topics of every visit that are certification rules rather than clauses of the standard.
EVERY_VISIT_TOPICS: dict[str, Label] = label_table(
    _p("programme_topic.changes", "Changes since the last visit (scope, organisation, services, sites)"),
    _p("programme_topic.marks", "Use of the certificate and certification marks"),
)
STAGE1_TOPICS: dict[str, Label] = label_table(
    _p("programme_topic.documents", "Documented information of the service management system (7.5.4)"),
    _p("programme_topic.scope", "Scope, sites and services to certify (4.3)"),
    _p("programme_topic.readiness", "Readiness for stage 2: internal audit and management review done, stage 2 agreed"),
)

#: Default spacing of the cycle (all can be given explicitly instead).
STAGE2_AFTER_STAGE1 = dt.timedelta(weeks=6)
DECISION_AFTER_STAGE2 = dt.timedelta(weeks=4)
SURVEILLANCE1_MONTHS_AFTER_DECISION = 11
SURVEILLANCE2_MONTHS_AFTER_SURVEILLANCE1 = 12
RECERTIFICATION_MONTHS_AFTER_DECISION = 33
CERTIFICATE_YEARS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day where needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def working_day(day: dt.date) -> dt.date:
    """``day``, or the Monday after it when it falls on a weekend."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


@dataclass(frozen=True)
class Unit:
    """A row of the programme: a fixed topic, a fixed clause, or a process's other clauses."""

    id: str
    title: dict[str, str]
    clauses: tuple[str, ...] = ()
    requirements: int = 0
    fixed: bool = False


@dataclass(frozen=True)
class Visit:
    kind: str
    date: dt.date
    #: Units audited on site ("A") or, at stage 1, whose documented information is reviewed ("D").
    coverage: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Programme:
    decision: dt.date
    expiry: dt.date
    units: list[Unit]
    visits: list[Visit]

    def visit(self, kind: str) -> Visit:
        return next(v for v in self.visits if v.kind == kind)

    def clauses_covered(self, kinds: tuple[str, ...] | None = None) -> set[str]:
        """Clauses audited on site ("A") in the given visits (default: all)."""
        by_id = {u.id: u for u in self.units}
        return {c for v in self.visits if kinds is None or v.kind in kinds
                for uid, mark in v.coverage.items() if mark == "A" for c in by_id[uid].clauses}


def programme_units(catalogue: Catalogue, processes: list[str] | None = None) -> list[Unit]:
    """The rows: every-visit topics and clauses first, then each process's other clauses, in clause order."""
    in_scope = processes or list(catalogue.processes)
    reqs = [r for r in catalogue.requirements.values() if r.process in in_scope]
    units = [Unit(tid, in_languages(title), fixed=True) for tid, title in EVERY_VISIT_TOPICS.items()]
    every_visit = tuple(catalogue.profile.every_visit_clauses)
    for clause in every_visit:
        n = sum(1 for r in reqs if r.clause == clause)
        if n:
            title = catalogue.clause_title(clause)
            units.append(Unit(clause, {lang: f"{clause} {t}" for lang, t in title.items()}, (clause,), n, fixed=True))
    for pid in in_scope:
        own = [r for r in reqs if r.process == pid and r.clause not in every_visit]
        if own:
            clauses = tuple(sorted({r.clause for r in own}, key=clause_key))
            units.append(Unit(pid, dict(catalogue.process(pid).title), clauses, len(own)))
    return units


def rotate(units: list[Unit]) -> tuple[list[str], list[str]]:
    """Share the rotating units between surveillance 1 and 2, balanced by requirement count.

    Largest first, each to the visit with fewer requirements so far (ties: surveillance 1);
    the result is deterministic for the same catalogue and scope.
    """
    first: list[str] = []
    second: list[str] = []
    load = [0, 0]
    for unit in sorted((u for u in units if not u.fixed), key=lambda u: (-u.requirements, u.id)):
        target = 0 if load[0] <= load[1] else 1
        (first if target == 0 else second).append(unit.id)
        load[target] += unit.requirements
    return first, second


def build_programme(catalogue: Catalogue, stage1: dt.date, *, stage2: dt.date | None = None,
                    decision: dt.date | None = None, processes: list[str] | None = None) -> Programme:
    """The three-year programme from the stage 1 date (and optionally the stage 2 and decision dates)."""
    stage2 = stage2 or working_day(stage1 + STAGE2_AFTER_STAGE1)
    if stage2 < stage1:
        raise ValueError(message("stage 2 ({stage2}) cannot come before stage 1 ({stage1})", stage2=stage2, stage1=stage1))
    decision = decision or stage2 + DECISION_AFTER_STAGE2
    if decision < stage2:
        raise ValueError(message("the certification decision ({decision}) cannot come before stage 2 ({stage2})", decision=decision, stage2=stage2))
    expiry = add_months(decision, 12 * CERTIFICATE_YEARS) - dt.timedelta(days=1)
    s1 = _before(working_day(add_months(decision, SURVEILLANCE1_MONTHS_AFTER_DECISION)), add_months(decision, 12))
    s2 = working_day(add_months(s1, SURVEILLANCE2_MONTHS_AFTER_SURVEILLANCE1))
    recert = _before(working_day(add_months(decision, RECERTIFICATION_MONTHS_AFTER_DECISION)), expiry)
    units = programme_units(catalogue, processes)
    first, second = rotate(units)
    fixed = {u.id: "A" for u in units if u.fixed}
    every = {u.id: "A" for u in units}
    visits = [
        Visit("stage1", stage1, {u.id: "D" for u in units if u.id not in EVERY_VISIT_TOPICS}),
        Visit("stage2", stage2, every),
        Visit("surveillance1", s1, {**fixed, **{uid: "A" for uid in first}}),
        Visit("surveillance2", s2, {**fixed, **{uid: "A" for uid in second}}),
        Visit("recertification", recert, every),
    ]
    return Programme(decision=decision, expiry=expiry, units=units, visits=visits)


def _before(day: dt.date, limit: dt.date) -> dt.date:
    """``day``, moved back to the last working day before ``limit`` when it is not earlier."""
    while day >= limit or day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def programme_problems(programme: Programme) -> list[str]:
    """Where the programme breaks a certification rule (empty when it keeps them all)."""
    problems = []
    s1 = programme.visit("surveillance1").date
    if s1 >= add_months(programme.decision, 12):
        problems.append(message("surveillance 1 ({s1}) is not within 12 months of the decision ({decision})", s1=s1, decision=programme.decision))
    recert = programme.visit("recertification").date
    if recert > programme.expiry:
        problems.append(message("recertification ({recert}) is after the certificate expires ({expiry})", recert=recert, expiry=programme.expiry))
    years = {v.date.year for v in programme.visits}
    for year in range(programme.decision.year, recert.year + 1):
        if year not in years:
            problems.append(message("no audit in calendar year {year}", year=year))
    dates = [v.date for v in programme.visits]
    if dates != sorted(dates):
        problems.append(message("the visits are not in date order"))
    return problems


_WORDS: dict[str, Label] = label_table(
    _p("programme.title", "Audit programme"),
    _p("programme.unit", "Topic or process"),
    _p("programme.clauses", "Clauses"),
    _p("programme.reqs", "Requirements"),
    _p("programme.decision", "Certification decision (planned)"),
    _p("programme.expiry", "Certificate valid until {date}"),
    _p("programme.stage1", "Stage 1 topics"),
    _p("programme.topic", "Topic"),
)


def legend_text(programme: Programme, lang: str) -> str:
    """The marks of the matrix and how many of its first rows every visit after stage 1 covers (by count:
    "the first rows" left the reader to count them)."""
    fixed = sum(1 for unit in programme.units if unit.fixed)
    return translate(plural_message(
        "A = audited on site; D = documented information reviewed (stage 1); every visit after stage 1 covers the "
        "first row.",
        "A = audited on site; D = documented information reviewed (stage 1); every visit after stage 1 covers the "
        "first {count} rows.", fixed), lang)


def programme_tables(programme: Programme, lang: str = "en") -> list[Table]:
    """The programme as tables: the calendar matrix (rows × visits) and the stage 1 topics."""
    from itsm_assess.i18n import localize
    from itsm_assess.i18n.formats import format_date

    w = worded(_WORDS, lang)
    visit_names = worded(VISIT_NAMES, lang)
    header = [w["unit"], w["clauses"], w["reqs"]] + [f"{visit_names[v.kind]}, {format_date(v.date, lang)}"
                                                     for v in programme.visits]
    rows: list[list[Cell]] = []
    for unit in programme.units:
        row: list[Cell] = [localize(unit.title, lang), ", ".join(unit.clauses), unit.requirements or None]
        rows.append(row + [v.coverage.get(unit.id, "") for v in programme.visits])
    notes = [f"{w['decision']}: {format_date(programme.decision, lang)}",
             w["expiry"].format(date=format_date(programme.expiry, lang)), legend_text(programme, lang)]
    stage1 = Table(w["stage1"], [w["topic"]], [[topic] for topic in worded(STAGE1_TOPICS, lang).values()])
    return [Table(w["title"], header, rows, notes), stage1]
