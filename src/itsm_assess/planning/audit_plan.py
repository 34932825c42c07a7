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
  after it ("continued"), never leaving a piece of 15 minutes on one side (the session before or
  after takes those minutes instead);
* each role named by the requirements in scope is interviewed once, in the first session of
  the process with the most requirements naming it (ties: agenda order);
* with a site sample, each auditor spends each half-day (morning, afternoon) at one site, and no
  auditor is at two sites without the travel between them in the agenda (see :func:`_site_layout`
  and :func:`_travel`): the central function holds the opening and closing meetings and the first
  and last half-days; each other site visited gets an auditor's whole day where the days allow
  (the farthest first), so that the auditor travels the evening before and after; more sites than
  such days go, nearest first, to the half-days next to the central function's (day 1 afternoon,
  last day morning) and then to whole days split between two sites. A site change within a day is
  a travel block from 12:00 (lunch on the way) that shortens the afternoon; a change between days
  is a travel block after the day's last meeting (16:00). Travel times come from the sites file
  (``travel_minutes``: from the central function) or the plan's default; between two other sites
  the trip is counted by way of the central function. Sessions fill each auditor's remaining
  time at the site where the auditor is; lunch is where those not travelling are together, the
  team meeting where the whole team is, else held remotely. :func:`schedule_problems` reports
  what the days cannot hold (a trip longer than the time it has, two places at once), and
  :func:`short_site_visits` the sites given less audit time than ``sites.min_on_site``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, field_validator, model_validator

from itsm_assess.catalogue import Catalogue, Requirement
from itsm_assess.i18n import Label, _p, localize, message, pgettext_for, plural_message, rendered
from itsm_assess.loading import dump_yaml, load_yaml, validate
from itsm_assess.planning.sampling import SampledSite, SiteSample
from itsm_assess.schema import Identifier, LanguageCode, SchemaVersion, StrictModel

SlotKind = Literal["opening", "session", "lunch", "caucus", "closing", "travel"]
STEP = 15  # minutes
MIN_SESSION = 30
DAY_START, LUNCH, DAY_END = "08:30", ("12:00", "12:30"), "16:00"
OPENING = ("08:30", "09:00")
CAUCUS = ("15:30", "16:00")
LAST_CAUCUS, CLOSING = ("14:30", "15:15"), ("15:15", "16:00")
#: Travel between days starts after the day's last meeting.
EVENING = "16:00"
#: Minutes of travel to a site whose travel time is not given (``plan new --travel``).
DEFAULT_TRAVEL = 60
MAX_TRAVEL = 720
#: Minutes of audit at a site visited below which the plan warns (``plan new --min-on-site``): a short
#: opening with the site's people (15), one interview of the shortest session (:data:`MIN_SESSION`)
#: and a short closing (15). Less is a courtesy call, not a site audit.
MIN_ON_SITE = 15 + MIN_SESSION + 15


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
    #: Where the slot is held: the id of a site of the plan's site sample (multi-site audits only);
    #: for a travel slot, the site the auditor travels to.
    site: Identifier | None = None
    #: For a travel slot: the site the auditor leaves.
    origin: Identifier | None = None
    note: StrictStr | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Slot:
        if self.end <= self.start:
            raise ValueError(message("slot ends ({end}) before it starts ({start})", end=self.end, start=self.start))
        if self.kind == "travel" and (self.origin is None or self.site is None):
            raise ValueError(message("a travel slot names the site it leaves (origin) and the site it goes to (site)"))
        if self.kind != "travel" and self.origin is not None:
            raise ValueError(message("only a travel slot has an origin"))
        return self

    @property
    def minutes(self) -> int:
        """The slot's length in minutes."""
        return _minutes(self.end) - _minutes(self.start)


class PlannedSite(StrictModel):
    """A site the audit visits, and how it was chosen (``central``, ``judgement`` or ``random``)."""

    id: Identifier
    name: StrictStr
    basis: Literal["central", "judgement", "random"]
    #: SHA-256 of ``seed:id`` for a random pick: anyone can repeat the draw.
    draw_key: StrictStr | None = None
    reason: StrictStr | None = None
    #: Minutes of travel from the central function (door to door); None: the plan's default.
    travel_minutes: StrictInt | None = Field(default=None, ge=0, le=MAX_TRAVEL)


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
    #: Minutes of travel to a site visited that gives none of its own.
    travel_minutes: StrictInt = Field(default=DEFAULT_TRAVEL, ge=0, le=MAX_TRAVEL)
    #: Minutes of audit a site visited needs at least (sessions held there); a site with less is warned of.
    min_on_site: StrictInt = Field(default=MIN_ON_SITE, ge=0, le=MAX_TRAVEL)

    @classmethod
    def from_sample(cls, sample: SiteSample, travel_minutes: int = DEFAULT_TRAVEL,
                    min_on_site: int = MIN_ON_SITE) -> PlanSites:
        return cls.model_validate(dict(stage=sample.stage, seed=sample.seed, population=sample.population, size=sample.size,
                   random_minimum=sample.random_minimum, left_out_choices=list(sample.left_out_choices),
                   travel_minutes=travel_minutes, min_on_site=min_on_site,
                   visited=[PlannedSite(id=s.id, name=s.name, basis=s.basis, draw_key=s.draw_key, reason=s.reason,
                                        travel_minutes=s.travel_minutes)
                            for s in sample.sites]))

    def as_sample(self) -> SiteSample:
        return SiteSample(stage=self.stage, seed=self.seed, population=self.population, size=self.size,
                          random_minimum=self.random_minimum, left_out_choices=list(self.left_out_choices),
                          sites=[SampledSite(s.id, s.name, s.basis, s.draw_key, s.reason, s.travel_minutes)
                                 for s in self.visited])

    @property
    def central(self) -> str:
        """The id of the central function (the first site visited if none is marked)."""
        return next((s.id for s in self.visited if s.basis == "central"), self.visited[0].id)

    def travel(self, origin: str, destination: str) -> int:
        """Minutes from one site visited to another: a site's own travel time from the central function
        (or the default), and between two other sites the trip by way of the central function."""
        def leg(site: str) -> int:
            if site == self.central:
                return 0
            own = next((s.travel_minutes for s in self.visited if s.id == site), None)
            return self.travel_minutes if own is None else own

        return 0 if origin == destination else leg(origin) + leg(destination)


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
            for site in (slot.site, slot.origin):
                if site is not None and site not in self.site_names:
                    raise ValueError(message("agenda[{i}] is held at site {site!r}, which is not one of the sites visited "
                                             "(sites.visited: {ids})", i=i, site=site, ids=", ".join(self.site_names)))
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


def schedule_problems(plan: AuditPlan, catalogue: Catalogue | None = None) -> list[str]:
    """What the agenda asks of an auditor that cannot be done: two slots at once, a move to another
    site with no travel slot between, a trip from a site the auditor is not at or shorter than the
    travel time, and a process in scope with no session (the days cannot hold the plan; named by
    its title when the ``catalogue`` is given)."""
    lang = plan.language
    names = plan.site_names
    problems: list[str] = []
    for auditor in plan.auditors:
        mine = sorted((s for s in plan.agenda if auditor in s.auditors), key=lambda s: (s.day, s.start, s.end))
        for a, b in zip(mine, mine[1:], strict=False):
            if a.day == b.day and b.start < a.end:
                problems.append(message("{auditor} is booked twice at once on {day}: one slot runs until {end}, the next "
                                        "starts at {start}",
                                        auditor=auditor, day=a.day, end=_clock(a.end),
                                        start=_clock(b.start)))
        located = [s for s in mine if s.site is not None]
        for a, b in zip(located, located[1:], strict=False):
            assert a.site is not None and b.site is not None
            if b.kind == "travel" and b.origin != a.site:
                problems.append(message("{auditor} sets off from {origin} on {day} at {start} but is at {site} before",
                                        auditor=auditor, origin=names.get(b.origin or "", b.origin), site=names[a.site],
                                        day=b.day, start=_clock(b.start)))
            elif b.kind != "travel" and a.site != b.site:
                problems.append(message("{auditor} is at {first} until {until_time} on {until_day} and at {second} from "
                                        "{since_time} on {since_day}, with no travel between", auditor=auditor,
                                        first=names[a.site], second=names[b.site], until_day=a.day,
                                        until_time=_clock(a.end), since_day=b.day,
                                        since_time=_clock(b.start)))
        for trip in (s for s in mine if s.kind == "travel" and plan.sites is not None):
            assert plan.sites is not None and trip.origin is not None and trip.site is not None
            needed = plan.sites.travel(trip.origin, trip.site)
            if trip.minutes < needed:
                problems.append(message("{auditor}: the trip from {origin} to {site} on {day} has {given} min, but "
                                        "it takes {needed} min", auditor=auditor, origin=names[trip.origin],
                                        site=names[trip.site], day=trip.day, given=trip.minutes,
                                        needed=needed))
    audited = {s.process for s in plan.agenda if s.kind == "session"}
    missing = [p for p in plan.processes if p not in audited]
    if missing:
        shown = [localize(catalogue.process(p).title, lang) if catalogue is not None and p in catalogue.processes else p
                 for p in missing]
        problems.append(message("No session is left for {ids}: the days cannot hold the plan (add a day or an "
                                "auditor, or visit fewer sites)", ids=_listed(shown)))
    return problems


#: A day and a time of day in a sentence ("19.4.2027 klo 15.00–15.30" in Finnish).
_DAY_AND_TIME = _p("plan.day_and_time", "{day} {time}")


def short_site_visits(plan: AuditPlan) -> list[str]:
    """Sites visited whose sessions add up to less than the plan's minimum (``sites.min_on_site``),
    one message each with when the site is audited: a tight plan can leave a site 15 minutes after
    a long trip, which is feasible but no audit of the site. Sites with no slot at all are left to
    :meth:`AuditPlan.sites_without_slots`."""
    if plan.sites is None:
        return []
    warnings: list[str] = []
    for sid, name in plan.site_names.items():
        sessions = sorted((s for s in plan.agenda if s.site == sid and s.kind == "session"), key=lambda s: (s.day, s.start))
        minutes = sum(s.minutes for s in sessions)
        if not sessions or minutes >= plan.sites.min_on_site:
            continue
        when = _when([(day, min(s.start for s in sessions if s.day == day), max(s.end for s in sessions if s.day == day))
                      for day in sorted({s.day for s in sessions})])
        warnings.append(message("{site} gets only {minutes} min of audit on site ({when}); a site visit needs at least "
                                "{minimum} min (a short opening, one interview and a closing): give the site more time, "
                                "or add a day or an auditor", site=name, minutes=minutes, when=when,
                                minimum=plan.sites.min_on_site))
    return warnings


def _when(spans: list[tuple[dt.date, str, str]]) -> str:
    """Days with a span of time each, inside a message, as the language it is shown in writes them
    ("19.4.2027 klo 15.00–15.30"; "2027-04-19 15:00–15:30")."""
    from itsm_assess.i18n.formats import format_date, format_time_range

    def render(lang: str) -> str:
        return ", ".join(pgettext_for(lang)(*_DAY_AND_TIME).format(day=format_date(day, lang),
                                                                    time=format_time_range(start, end, lang))
                         for day, start, end in spans)

    return rendered(render)


def _clock(hhmm: str) -> str:
    """A time of day inside a message, written as the language it is shown in writes it (8.30, 08:30);
    a day is given to a message as a date, which it writes so itself."""
    from itsm_assess.i18n.formats import format_time

    return rendered(lambda lang: format_time(hhmm, lang))


def _listed(names: list[str]) -> str:
    """Names inside a message, listed as the language it is shown in lists them ("A, B ja C")."""
    from itsm_assess.i18n.formats import format_list

    return rendered(lambda lang: format_list(names, lang))


def unvisited_sites(plan: AuditPlan) -> list[str]:
    """The sites of the sample with no slot in the agenda (too few half-days), in one message
    naming them: the plan does not yet visit what the sample says it must."""
    unvisited = plan.sites_without_slots()
    if not unvisited:
        return []
    return [plural_message("{sites} has no slot in the agenda, though the site sample visits it: give it a slot, or "
                           "add a day or an auditor",
                           "{sites} have no slot in the agenda, though the site sample visits them: give them slots, or "
                           "add days or auditors", len(unvisited), sites=_listed([plan.site_names[s] for s in unvisited]))]


def plan_warnings(plan: AuditPlan, catalogue: Catalogue | None = None) -> list[str]:
    """Everything the planner should look at before the plan is sent: sites of the sample left
    out (:func:`unvisited_sites`), what the days cannot hold (:func:`schedule_problems`) and the
    sites visited too briefly (:func:`short_site_visits`)."""
    return [*unvisited_sites(plan), *schedule_problems(plan, catalogue), *short_site_visits(plan)]


def plan_to_yaml(plan: AuditPlan) -> str:
    data = plan.model_dump(mode="json", exclude_defaults=False)
    for slot in data["agenda"]:
        for key in ("site", "origin"):
            if slot[key] is None:
                del slot[key]  # a single-site plan reads as it always did; only a trip has an origin
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
#: The scope when the assessment gives no description: the processes by name (a client reads names, not codes).
_SCOPE = _p("audit_plan.scope", "{organisation}: the {processes} processes")
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


def process_names(catalogue: Catalogue, processes: list[str], language: str) -> str:
    """``processes`` by name inside a sentence (``"muutoksenhallinta ja häiriönhallinta"``)."""
    from itsm_assess.i18n import lower_first
    from itsm_assess.i18n.formats import format_list

    return format_list([lower_first(localize(catalogue.process(p).title, language)) for p in processes], language)


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
    travel: list[Slot] = []
    if sites is not None:
        blocks_of, travel = _travel(_site_layout(sites, plan_days, auditors), sites, plan_days, auditors)
    else:
        blocks_of = {a: [(day, begin, end, None) for day, begin, end in _blocks(plan_days)] for a in auditors}
    sessions: list[Slot] = []
    for auditor, pids in tracks.items():
        stretches = _stretches(blocks_of[auditor])
        weights = {p: len(reqs[p]) for p in pids}
        for blocks, here in zip(stretches, _processes_by_stretch(pids, weights, stretches), strict=True):
            steps = share_time([weights[p] for p in here], _steps(blocks), MIN_SESSION // STEP)
            queue = [(pid, s * STEP) for pid, s in zip(here, steps, strict=True)]
            sessions += [Slot(day=p.day, start=_hhmm(p.start), end=_hhmm(p.end), kind="session", auditors=[auditor],
                              process=p.process, continued=not p.first, site=p.site,
                              interviewees=roles_of[p.process] if p.first else [],
                              requirements=[r.id for r in reqs[p.process]] if p.first else [])
                         for p in _pieces(blocks, queue)]

    fixed = _team_slots(plan_days, auditors, blocks_of, travel, sites)
    agenda = sorted(fixed + travel + sessions, key=lambda s: (s.day, s.start, auditors.index(s.auditors[0])
                                                              if s.kind in ("session", "travel") else -1))
    pgettext = pgettext_for(language)
    scope = scope_text or pgettext(*_SCOPE).format(processes=process_names(catalogue, order, language),
                                                   organisation=organisation)
    return AuditPlan(schema_version=1, assessment=assessment_id, organisation=organisation, catalogue=catalogue.id,
                     language=language, title=f"{pgettext(*_TITLE)}: {organisation}", objectives=_filled(_OBJECTIVES, catalogue, language),
                     scope=scope, processes=order, criteria=_filled(_CRITERIA, catalogue, language), auditors=list(auditors),
                     days=plan_days, sites=sites, agenda=agenda,
                     time_zone=time_zone or default_time_zone(language))


Block = tuple[dt.date, int, int, str | None]  # day, start and end in minutes, site


def _steps(blocks: list[Block]) -> int:
    return sum(max(0, end - begin) // STEP for _, begin, end, _ in blocks)


def _pieces(blocks: list[Block], queue: list[tuple[str, int]]) -> list[Piece]:
    """The processes of ``queue`` (process, minutes) laid out in order over ``blocks``. A process
    that does not fit before a break goes on after it, but never as a piece shorter than
    :data:`MIN_SESSION`, as an auditor plans: a start of 15 minutes before lunch is given to the
    session before it (which runs on to the break), and an end of 15 minutes after the break to the
    process after it. Minutes move between neighbours only; the run's time is the same."""
    left = [minutes for _, minutes in queue]
    out: list[Piece] = []
    block_iter = iter(blocks)
    day, now, end, site = next(block_iter)
    for i, (pid, _) in enumerate(queue):
        first = True
        while left[i] > 0:
            while now >= end:
                day, now, end, site = next(block_iter)
            room = end - now
            if left[i] > room:
                tail = left[i] - room
                before = out[-1] if out and out[-1].day == day and out[-1].end == now else None
                if first and before is not None and room < MIN_SESSION <= tail:
                    before.end = end  # the session before runs on to the break; this one starts after it
                    left[i], now = tail, end
                    continue
                if tail < MIN_SESSION <= room and i + 1 < len(queue):
                    left[i + 1] += tail  # the process after starts that much earlier instead
                    left[i] = room
            take = min(left[i], room)
            out.append(Piece(day, now, now + take, site, pid, first))
            now += take
            left[i] -= take
            first = False
    return out


@dataclass
class Piece:
    """A process's session (or a part of it) as laid out: day, start and end in minutes, site."""

    day: dt.date
    start: int
    end: int
    site: str | None
    process: str
    first: bool


def _stretches(blocks: list[Block]) -> list[list[Block]]:
    """An auditor's blocks with time in them, grouped into runs at one site (one run without sites)."""
    runs: list[list[Block]] = []
    for block in blocks:
        if block[2] <= block[1]:
            continue
        if runs and runs[-1][-1][3] == block[3]:
            runs[-1].append(block)
        else:
            runs.append([block])
    return runs or [[(dt.date.min, 0, 0, None)]]


def _processes_by_stretch(pids: list[str], weights: dict[str, int], stretches: list[list[Block]]) -> list[list[str]]:
    """The processes audited in each run of time at one site, in order: each process whole in one run
    (a process is not carried over to another site), the run where the middle of its share of the
    auditor's time falls; a run left without a process takes one from a neighbour that has two or more."""
    if len(stretches) == 1:
        return [list(pids)]
    sizes = [_steps(run) for run in stretches]
    shares = share_time([weights[p] for p in pids], sum(sizes), MIN_SESSION // STEP)
    ends = [sum(sizes[: i + 1]) for i in range(len(sizes))]
    groups: list[list[str]] = [[] for _ in stretches]
    elapsed = 0
    for pid, share in zip(pids, shares, strict=True):
        middle = elapsed + share / 2
        groups[next((i for i, end in enumerate(ends) if middle < end), len(ends) - 1)].append(pid)
        elapsed += share
    for i in range(len(groups)):
        if groups[i]:
            continue
        before = next((j for j in range(i - 1, -1, -1) if groups[j]), None)
        after = next((j for j in range(i + 1, len(groups)) if groups[j]), None)
        # Only the process next to the empty run moves, so the order of the processes stays.
        if before is not None and len(groups[before]) > 1 and all(not groups[k] for k in range(before + 1, i)):
            groups[i].append(groups[before].pop())
        elif after is not None and len(groups[after]) > 1 and all(not groups[k] for k in range(i + 1, after)):
            groups[i].append(groups[after].pop(0))
    return groups


def _team_slots(days: list[dt.date], auditors: list[str], blocks_of: dict[str, list[Block]], travel: list[Slot],
                sites: PlanSites | None) -> list[Slot]:
    """The meetings and breaks: opening and closing at the central function; lunch for those not
    travelling at midday, where they are together; the team meeting where the whole team is (else
    at no one site: held remotely)."""
    central = sites.central if sites is not None else None
    on_the_way = {(t.day, t.auditors[0]) for t in travel if t.start == LUNCH[0]}

    def together(day: dt.date, half: int, who: list[str]) -> str | None:
        where = {b[3] for a in who for b in blocks_of[a] if b[0] == day and (b[1] < _minutes(LUNCH[0])) == (half == 0)}
        return where.pop() if len(where) == 1 else None

    fixed: list[Slot] = []
    for i, day in enumerate(days):
        if i == 0:
            fixed.append(Slot(day=day, start=OPENING[0], end=OPENING[1], kind="opening", auditors=list(auditors),
                              site=central))
        eating = [a for a in auditors if (day, a) not in on_the_way]
        if eating:
            fixed.append(Slot(day=day, start=LUNCH[0], end=LUNCH[1], kind="lunch", auditors=eating,
                              site=together(day, 0, eating)))
        last = i == len(days) - 1
        caucus = LAST_CAUCUS if last else CAUCUS
        fixed.append(Slot(day=day, start=caucus[0], end=caucus[1], kind="caucus", auditors=list(auditors),
                          site=together(day, 1, auditors)))
        if last:
            fixed.append(Slot(day=day, start=CLOSING[0], end=CLOSING[1], kind="closing", auditors=list(auditors),
                              site=central))
    return fixed


def _site_layout(sites: PlanSites, days: list[dt.date], auditors: list[str]) -> dict[tuple[str, dt.date, int], str]:
    """Where each auditor is each half-day ((auditor, day, 0 morning or 1 afternoon) -> site id).

    The central function holds the first morning and the last afternoon (opening and closing). The
    other sites visited, farthest first, each take an auditor's whole day between (day order, then
    auditor order), so that the trips fall in the evenings. When there are more sites than such
    days, the nearest go to the half-days next to the central function's, one trip each: first the
    first day's afternoons (the longer, for the farther of them), then the last day's mornings
    (the trip back must end before the team meeting at 14.30); then the nearest sites share whole
    days, two to a day, from the last day back (the midday trip between them is the longest).
    Sites with no half-day left get no slot (the CLI warns)."""
    central = sites.central
    others = sorted((s.id for s in sites.visited if s.id != central), key=lambda sid: -sites.travel(central, sid))
    where = {(a, day, half): central for a in auditors for day in days for half in (0, 1)}
    whole = [(a, day) for day in days[1:-1] for a in auditors]
    halves = [(a, days[0], 1) for a in auditors] + [(a, days[-1], 0) for a in auditors] if len(days) > 1 else []
    extra = max(0, len(others) - len(whole))
    used_halves = min(extra, len(halves))
    split = min(extra - used_halves, len(whole))
    kept, parted = whole[: len(whole) - split], whole[len(whole) - split:][::-1]
    units = [[(a, day, 0), (a, day, 1)] for a, day in kept]
    units += [[h] for h in halves[:used_halves]]
    units += [[(a, day, half)] for a, day in parted for half in (0, 1)]
    for sid, unit in zip(others, units, strict=False):
        for key in unit:
            where[key] = sid
    return where


def _rounded(minutes: int) -> int:
    """``minutes`` up to whole steps of the agenda."""
    return -(-minutes // STEP) * STEP


def _travel(where: dict[tuple[str, dt.date, int], str], sites: PlanSites, days: list[dt.date],
            auditors: list[str]) -> tuple[dict[str, list[Block]], list[Slot]]:
    """Each auditor's session time at the site where the auditor is, and the travel between sites:
    within a day from 12:00, lunch on the way (the afternoon starts when the trip ends, never before
    12:30); between days after the day's last meeting. A trip longer than its time is written as long
    as it is (till 23:45 at most), and :func:`schedule_problems` reports what it overruns."""
    latest = _minutes("23:45")
    blocks_of: dict[str, list[Block]] = {a: [] for a in auditors}
    travel: list[Slot] = []

    def trip(day: dt.date, start: str, origin: str, destination: str, auditor: str, least: int = 0) -> int:
        minutes = max(least, _rounded(sites.travel(origin, destination)))
        end = min(_minutes(start) + minutes, latest)
        travel.append(Slot(day=day, start=start, end=_hhmm(end), kind="travel", auditors=[auditor],
                           origin=origin, site=destination))
        return end

    for auditor in auditors:
        for i, ((day, begin, end), (_, pm_begin, pm_end)) in enumerate(_by_day(_blocks(days))):
            am, pm = where[(auditor, day, 0)], where[(auditor, day, 1)]
            if i > 0 and where[(auditor, days[i - 1], 1)] != am:
                trip(days[i - 1], EVENING, where[(auditor, days[i - 1], 1)], am, auditor)
            blocks_of[auditor].append((day, begin, end, am))
            if pm != am:
                arrival = trip(day, LUNCH[0], am, pm, auditor, least=_minutes(LUNCH[1]) - _minutes(LUNCH[0]))
                pm_begin = max(pm_begin, arrival)
            blocks_of[auditor].append((day, pm_begin, max(pm_begin, pm_end), pm))
    return blocks_of, travel


def _by_day(blocks: list[tuple[dt.date, int, int]]) -> list[tuple[tuple[dt.date, int, int], tuple[dt.date, int, int]]]:
    """The morning and afternoon blocks of :func:`_blocks`, day by day."""
    return list(zip(blocks[::2], blocks[1::2], strict=True))


def _roles_in_order(requirements: list[Requirement]) -> list[str]:
    seen: dict[str, None] = {}
    for req in requirements:
        for role in req.interviewees:
            seen.setdefault(role, None)
    return list(seen)
