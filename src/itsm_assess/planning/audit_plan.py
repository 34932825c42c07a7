"""The audit plan (ISO 19011 6.3.2): objectives, scope, criteria, dates, and an agenda by day and
time slot with a track per auditor.

The plan is data (``plan.yaml``): ``build_plan`` drafts it from an assessment, the auditor edits
the YAML, and the writers render it again as Markdown, HTML, xlsx and an iCalendar file.

Agenda rules (see docs/planning.md):

* every day runs 08:30-16:00 with lunch 12:00-12:30; day 1 opens with the opening meeting
  (08:30-09:00); every day but the last ends with an auditor caucus (15:30-16:00); the last day
  has the caucus 14:30-15:15 and the closing meeting 15:15-16:00;
* processes go to the auditor with fewer requirements so far (clause order), and each auditor's
  time is shared between their processes in proportion to their requirement counts, in
  15-minute steps, at least 30 minutes each; a session that does not fit before a break goes on
  after it ("continued");
* each role named by the requirements in scope is interviewed once, in the first session of
  the process with the most requirements naming it (ties: agenda order);
* with a site sample, each auditor spends each half-day (morning, afternoon) at one site: the
  central function holds the opening and closing meetings and the first and last half-days; the
  other sites visited, in sample order, take the half-days between, one each, in agenda order
  (day, half-day, auditor); half-days left over go to the central function. A session continued
  after a break stays at the site where it began (a process is audited at one site). Lunch and
  caucus are at the site where every auditor is just before them, else at no one site.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, field_validator, model_validator

from itsm_assess.catalogue import Catalogue, Requirement
from itsm_assess.i18n import Label, _p, localize, message, pgettext_for
from itsm_assess.loading import dump_yaml, load_yaml, validate
from itsm_assess.planning.sampling import SampledSite, SiteSample
from itsm_assess.schema import Identifier, LanguageCode, SchemaVersion, StrictModel

SlotKind = Literal["opening", "session", "lunch", "caucus", "closing"]
STEP = 15  # minutes
MIN_SESSION = 30
DAY_START, LUNCH, DAY_END = "08:30", ("12:00", "12:30"), "16:00"
OPENING = ("08:30", "09:00")
CAUCUS = ("15:30", "16:00")
LAST_CAUCUS, CLOSING = ("14:30", "15:15"), ("15:15", "16:00")


class Slot(StrictModel):
    """One line of the agenda."""

    day: dt.date
    start: StrictStr = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    end: StrictStr = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    kind: SlotKind
    #: Auditors present; everyone for meetings and breaks.
    auditors: list[StrictStr] = Field(default_factory=list)
    process: Identifier | None = None
    #: Roles interviewed in this slot (each role once in the whole plan).
    interviewees: list[Identifier] = Field(default_factory=list)
    #: Requirement ids covered by this slot.
    requirements: list[Identifier] = Field(default_factory=list)
    continued: StrictBool = False
    #: Where the slot is held: the id of a site of the plan's site sample (multi-site audits only).
    site: Identifier | None = None
    note: StrictStr | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Slot:
        if self.end <= self.start:
            raise ValueError(message("slot ends ({end}) before it starts ({start})", end=self.end, start=self.start))
        return self


class PlannedSite(StrictModel):
    """A site the audit visits, and how it was chosen (``central``, ``judgement`` or ``random``)."""

    id: Identifier
    name: StrictStr
    basis: Literal["central", "judgement", "random"]
    #: SHA-256 of ``seed:id`` for a random pick: anyone can repeat the draw.
    draw_key: StrictStr | None = None
    reason: StrictStr | None = None


class PlanSites(StrictModel):
    """The site sample of this audit (IAF MD 1), drawn by ``plan new --sites``: the seed repeats it."""

    stage: Literal["initial", "surveillance", "recertification"]
    seed: StrictInt
    #: Sites other than the central function (and not excluded) the sample was drawn from.
    population: StrictInt = Field(ge=0)
    size: StrictInt = Field(ge=0)
    random_minimum: StrictInt = Field(ge=0)
    visited: list[PlannedSite] = Field(min_length=1)
    left_out_choices: list[Identifier] = Field(default_factory=list)

    @classmethod
    def from_sample(cls, sample: SiteSample) -> PlanSites:
        return cls.model_validate(dict(stage=sample.stage, seed=sample.seed, population=sample.population, size=sample.size,
                   random_minimum=sample.random_minimum, left_out_choices=list(sample.left_out_choices),
                   visited=[PlannedSite(id=s.id, name=s.name, basis=s.basis, draw_key=s.draw_key, reason=s.reason)
                            for s in sample.sites]))

    def as_sample(self) -> SiteSample:
        return SiteSample(stage=self.stage, seed=self.seed, population=self.population, size=self.size,
                          random_minimum=self.random_minimum, left_out_choices=list(self.left_out_choices),
                          sites=[SampledSite(s.id, s.name, s.basis, s.draw_key, s.reason) for s in self.visited])


class AuditPlan(StrictModel):
    """``plan.yaml``: the audit plan as editable data."""

    schema_version: SchemaVersion
    assessment: Identifier
    organisation: StrictStr
    catalogue: Identifier
    language: LanguageCode = "en"
    title: StrictStr
    objectives: list[StrictStr] = Field(min_length=1)
    scope: StrictStr
    processes: list[Identifier] = Field(min_length=1)
    criteria: list[StrictStr] = Field(min_length=1)
    auditors: list[StrictStr] = Field(min_length=1)
    days: list[dt.date] = Field(min_length=1)
    location: StrictStr | None = None
    #: The time zone of the agenda's times (an IANA name such as ``Europe/Helsinki``): the calendar
    #: file carries it, so that a calendar abroad shows the events at the right hour. None: floating times.
    time_zone: StrictStr | None = None
    #: The sites visited (multi-site organisations, ``plan new --sites``).
    sites: PlanSites | None = None
    agenda: list[Slot] = Field(default_factory=list)

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str | None) -> str | None:
        if value is not None and not is_time_zone(value):
            raise ValueError(message("{zone!r} is not a time zone of the IANA database (e.g. Europe/Helsinki)", zone=value))
        return value

    @model_validator(mode="after")
    def _slots_on_plan_days(self) -> AuditPlan:
        for i, slot in enumerate(self.agenda):
            if slot.day not in self.days:
                raise ValueError(message("agenda[{i}] is on {day}, which is not one of the plan's days", i=i, day=slot.day))
            for name in slot.auditors:
                if name not in self.auditors:
                    raise ValueError(message("agenda[{i}] names auditor {name!r}, who is not in auditors", i=i, name=name))
            if slot.site is not None and not self.site_names:
                raise ValueError(message("agenda[{i}] is held at site {site!r}, but the plan has no site sample "
                                         "(sites:, from plan new --sites)", i=i, site=slot.site))
            if slot.site is not None and slot.site not in self.site_names:
                raise ValueError(message("agenda[{i}] is held at site {site!r}, which is not one of the sites visited "
                                         "(sites.visited: {ids})", i=i, site=slot.site, ids=", ".join(self.site_names)))
        return self

    @property
    def site_names(self) -> dict[str, str]:
        """Site id -> name of the sites visited (empty for a single-site plan)."""
        return {s.id: s.name for s in self.sites.visited} if self.sites is not None else {}

    def sites_without_slots(self) -> list[str]:
        """Ids of the sites visited where no agenda slot is held (the sample says they must be seen)."""
        held = {slot.site for slot in self.agenda}
        return [sid for sid in self.site_names if sid not in held]


#: The time zone a plan in a language takes by default: each language's PO file names it (an IANA
#: name; Finnish "Europe/Helsinki"). The English source, "floating", means floating local times.
DEFAULT_TIME_ZONE = _p("plan.default_time_zone", "floating")


def default_time_zone(language: str) -> str | None:
    """The time zone a plan in ``language`` takes when none is given (None: floating local times)."""
    zone = pgettext_for(language)(*DEFAULT_TIME_ZONE)
    return zone if zone != DEFAULT_TIME_ZONE[1] and is_time_zone(zone) else None


def is_time_zone(name: str) -> bool:
    """Whether ``name`` is a time zone of the IANA database (``Europe/Helsinki``)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def load_plan(path: str | os.PathLike[str]) -> AuditPlan:
    return validate(AuditPlan, load_yaml(path))


def plan_to_yaml(plan: AuditPlan) -> str:
    data = plan.model_dump(mode="json", exclude_defaults=False)
    for slot in data["agenda"]:
        if slot["site"] is None:
            del slot["site"]  # a single-site plan reads as it always did
    return dump_yaml(data)


# --------------------------------------------------------------------------- building


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def working_days(start: dt.date, count: int) -> list[dt.date]:
    """``count`` weekdays from ``start`` on (a weekend start moves to Monday)."""
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _blocks(days: list[dt.date]) -> list[tuple[dt.date, int, int]]:
    """The time free for sessions: (day, start, end) in minutes, in order."""
    out = []
    for i, day in enumerate(days):
        first, last = i == 0, i == len(days) - 1
        morning = _minutes(OPENING[1] if first else DAY_START)
        afternoon_end = _minutes(LAST_CAUCUS[0] if last else CAUCUS[0])
        out += [(day, morning, _minutes(LUNCH[0])), (day, _minutes(LUNCH[1]), afternoon_end)]
    return out


def share_time(weights: list[int], total_steps: int, minimum_steps: int) -> list[int]:
    """Split ``total_steps`` in proportion to ``weights`` (largest remainders), each at least
    ``minimum_steps`` when there is room for that. Returns the steps of each weight."""
    n = len(weights)
    if n == 0:
        return []
    floor = minimum_steps if minimum_steps * n <= total_steps else 0
    spare = total_steps - floor * n
    total_weight = sum(weights) or n
    exact = [spare * (w or 1) / total_weight if sum(weights) else spare / n for w in weights]
    steps = [int(e) for e in exact]
    order = sorted(range(n), key=lambda i: (-(exact[i] - steps[i]), i))
    for i in order[: spare - sum(steps)]:
        steps[i] += 1
    return [floor + s for s in steps]


def interview_homes(catalogue: Catalogue, processes: list[str]) -> dict[str, str]:
    """Role -> the process whose session interviews it: the one with most requirements naming the
    role (ties: the earlier process in ``processes``)."""
    homes: dict[str, str] = {}
    counts: dict[str, Counter[str]] = {}
    for pid in processes:
        for req in catalogue.requirements_of(pid):
            for role in req.interviewees:
                counts.setdefault(role, Counter())[pid] += 1
    for role, by_process in counts.items():
        homes[role] = max(processes, key=lambda p: (by_process.get(p, 0), -processes.index(p)))
    return homes


_TITLE = _p("audit_plan.title", "Audit plan")
_SCOPE = _p("audit_plan.scope", "Processes {processes} of {organisation}")
_OBJECTIVES = (
    _p("audit_plan.objective", "Determine whether the service management system conforms to {standard} within the scope."),
    _p("audit_plan.objective", "Determine whether the system is effectively implemented and maintained and achieves "
                               "its intended results."),
    _p("audit_plan.objective", "Identify areas for improvement."),
)
_CRITERIA = (
    _p("audit_plan.criterion", "{standard} {scope}"),
    _p("audit_plan.criterion", "The organisation's service management system documentation"),
    _p("audit_plan.criterion", "Applicable service agreements, contracts and legal requirements"),
)


def _filled(texts: tuple[Label, ...], catalogue: Catalogue, language: str) -> list[str]:
    """Objectives or criteria in ``language``, with the catalogue's standard and certification scope filled in."""
    pgettext = pgettext_for(language)
    scope = localize(catalogue.profile.certification_scope, language)
    return [pgettext(*t).format(standard=catalogue.info.standard, scope=scope) for t in texts]


def build_plan(catalogue: Catalogue, *, assessment_id: str, organisation: str, processes: list[str],
               start: dt.date, days: int, auditors: list[str], language: str = "en",
               scope_text: str | None = None, sites: PlanSites | None = None,
               time_zone: str | None = None) -> AuditPlan:
    """Draft the audit plan of ``processes`` over ``days`` working days from ``start``; with
    ``sites`` (the site sample) every slot says at which site it is held. ``time_zone`` (an IANA
    name) defaults to the language's (:func:`default_time_zone`)."""
    if days < 1:
        raise ValueError(message("an audit takes at least one day, not {days}", days=days))
    if not auditors:
        raise ValueError(message("the plan needs at least one auditor"))
    if len(set(auditors)) != len(auditors):
        raise ValueError(message("an auditor is named twice"))
    for pid in processes:
        catalogue.process(pid)
    order = sorted(processes, key=lambda p: list(catalogue.processes).index(p))
    plan_days = working_days(start, days)
    reqs = {pid: catalogue.requirements_of(pid) for pid in order}

    # Processes to auditors, balancing requirement counts in clause order.
    tracks: dict[str, list[str]] = {a: [] for a in auditors}
    load = dict.fromkeys(auditors, 0)
    for pid in order:
        who = min(auditors, key=lambda a: (load[a], auditors.index(a)))
        tracks[who].append(pid)
        load[who] += len(reqs[pid])

    homes = interview_homes(catalogue, order)
    roles_of = {pid: [r for r in _roles_in_order(reqs[pid]) if homes.get(r) == pid] for pid in order}
    blocks = _blocks(plan_days)
    total_steps = sum((end - begin) // STEP for _, begin, end in blocks)
    sessions: list[Slot] = []
    for auditor, pids in tracks.items():
        steps = share_time([len(reqs[p]) for p in pids], total_steps, MIN_SESSION // STEP)
        queue = [(pid, s * STEP) for pid, s in zip(pids, steps, strict=True)]
        block_iter = iter(blocks)
        day, now, end = next(block_iter)
        for pid, minutes in queue:
            first = True
            while minutes > 0:
                if now >= end:
                    day, now, end = next(block_iter)
                take = min(minutes, end - now)
                sessions.append(Slot(day=day, start=_hhmm(now), end=_hhmm(now + take), kind="session",
                                     auditors=[auditor], process=pid, continued=not first,
                                     interviewees=roles_of[pid] if first else [],
                                     requirements=[r.id for r in reqs[pid]] if first else []))
                now += take
                minutes -= take
                first = False

    fixed: list[Slot] = []
    for i, day in enumerate(plan_days):
        if i == 0:
            fixed.append(Slot(day=day, start=OPENING[0], end=OPENING[1], kind="opening", auditors=list(auditors)))
        fixed.append(Slot(day=day, start=LUNCH[0], end=LUNCH[1], kind="lunch", auditors=list(auditors)))
        if i == len(plan_days) - 1:
            fixed.append(Slot(day=day, start=LAST_CAUCUS[0], end=LAST_CAUCUS[1], kind="caucus", auditors=list(auditors)))
            fixed.append(Slot(day=day, start=CLOSING[0], end=CLOSING[1], kind="closing", auditors=list(auditors)))
        else:
            fixed.append(Slot(day=day, start=CAUCUS[0], end=CAUCUS[1], kind="caucus", auditors=list(auditors)))
    agenda = sorted(fixed + sessions, key=lambda s: (s.day, s.start, auditors.index(s.auditors[0])
                                                     if s.kind == "session" else -1))
    pgettext = pgettext_for(language)
    scope = scope_text or pgettext(*_SCOPE).format(processes=", ".join(order), organisation=organisation)
    if sites is not None:
        agenda = _at_sites(agenda, sites, plan_days, auditors)
    return AuditPlan(schema_version=1, assessment=assessment_id, organisation=organisation, catalogue=catalogue.id,
                     language=language, title=f"{pgettext(*_TITLE)}: {organisation}", objectives=_filled(_OBJECTIVES, catalogue, language),
                     scope=scope, processes=order, criteria=_filled(_CRITERIA, catalogue, language), auditors=list(auditors),
                     days=plan_days, sites=sites, agenda=agenda,
                     time_zone=time_zone or default_time_zone(language))


def _half(slot: Slot) -> int:
    """0 for a slot in the morning, 1 in the afternoon."""
    return 0 if slot.start < LUNCH[0] else 1


def _at_sites(agenda: list[Slot], sites: PlanSites, days: list[dt.date], auditors: list[str]) -> list[Slot]:
    """The agenda with a site on each slot, by the half-day rule of the module's docstring."""
    central = next((s.id for s in sites.visited if s.basis == "central"), sites.visited[0].id)
    others = [s.id for s in sites.visited if s.id != central]
    halves = [(day, half, auditor) for day in days for half in (0, 1) for auditor in auditors]
    fixed = {h for h in halves if (h[0], h[1]) in ((days[0], 0), (days[-1], 1))}
    where = dict.fromkeys(halves, central)
    for half_day, visited in zip([h for h in halves if h not in fixed], others, strict=False):
        where[half_day] = visited
    site_of: dict[int, str] = {}
    last: dict[tuple[str, str | None], str] = {}  # (auditor, process) -> site of its latest part
    for i, slot in enumerate(agenda):
        if slot.kind == "session":
            track = (slot.auditors[0], slot.process)
            # A process is audited at one site: a part continued after a break stays where it began.
            site_of[i] = (last[track] if slot.continued and track in last
                          else where[(slot.day, _half(slot), slot.auditors[0])])
            last[track] = site_of[i]
    placed = []
    for i, slot in enumerate(agenda):
        site: str | None = site_of.get(i)
        if slot.kind in ("opening", "closing"):
            site = central
        elif slot.kind in ("lunch", "caucus"):  # where the whole team is just before it, if together
            before = {site_of[j] for j in range(i) if j in site_of and agenda[j].day == slot.day
                      and agenda[j].end == slot.start}
            site = before.pop() if len(before) == 1 else None
        placed.append(slot.model_copy(update={"site": site}))
    return placed


def _roles_in_order(requirements: list[Requirement]) -> list[str]:
    seen: dict[str, None] = {}
    for req in requirements:
        for role in req.interviewees:
            seen.setdefault(role, None)
    return list(seen)
