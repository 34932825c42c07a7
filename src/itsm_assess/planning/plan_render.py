"""The audit plan written out: Markdown, HTML (Jinja2, autoescaped), xlsx and iCalendar (RFC 5545)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from itsm_assess.catalogue import Catalogue
from itsm_assess.i18n import Label, N_plural, _p, label_table, localize, plural_message, translate, translations, worded
from itsm_assess.i18n.formats import format_date, format_dates, format_time_range
from itsm_assess.planning.audit_plan import LUNCH, AuditPlan, Slot, plan_warnings
from itsm_assess.planning.sampling import site_sample_table
from itsm_assess.planning.tables import Table, tables_markdown, write_tables_xlsx

LABELS: dict[str, Label] = label_table(
    _p("plan.objectives", "Objectives"),
    _p("plan.scope", "Scope"),
    _p("plan.criteria", "Criteria"),
    _p("plan.auditors", "Audit team"),
    _p("plan.dates", "Dates"),
    _p("plan.location", "Location"),
    _p("plan.agenda", "Agenda"),
    _p("plan.day", "Day"),
    _p("plan.time", "Time"),
    _p("plan.start", "Start"),
    _p("plan.end", "End"),
    _p("plan.activity", "Activity"),
    _p("plan.auditor", "Auditor"),
    _p("plan.interviewees", "Interviewees"),
    _p("plan.requirements", "Requirements"),
    _p("plan.opening", "Opening meeting"),
    _p("plan.lunch", "Lunch"),
    _p("plan.caucus", "Audit team meeting: findings so far"),
    _p("plan.caucus_final", "Audit team meeting: preparing the audit conclusions"),
    _p("plan.closing", "Closing meeting: findings and conclusions"),
    _p("plan.continued", "continued"),
    _p("plan.all", "all"),
    _p("plan.process", "Process"),
    _p("plan.site", "Site"),
    _p("plan.travel", "Travel: {origin} → {destination}"),
    _p("plan.travel_lunch", "Travel: {origin} → {destination} (lunch on the way)"),
    _p("plan.remote", "remote"),
    _p("plan.warnings", "To check before the plan is sent"),
)


#: The auditors of a calendar event (one, or several: "all" names the whole team).
_EVENT_AUDITORS = N_plural("Auditor: {names}", "Auditors: {names}")


def _labels(lang: str) -> dict[str, str]:
    return worded(LABELS, lang)


def slot_title(slot: Slot, catalogue: Catalogue, lang: str, site_names: dict[str, str] | None = None, *,
               before_closing: bool = False) -> str:
    """What happens in a slot, in words: a meeting's name, the process (``continued``) or the trip.
    The team meeting ``before_closing`` (on the day of the closing meeting) prepares the audit
    conclusions (ISO 19011 6.4.9) rather than reviewing the findings so far."""
    w = _labels(lang)
    if slot.kind == "caucus" and before_closing:
        return w["caucus_final"]
    if slot.kind == "travel":
        names = site_names or {}
        over_lunch = slot.start <= LUNCH[0] and slot.end >= LUNCH[1]
        return w["travel_lunch" if over_lunch else "travel"].format(
            origin=names.get(slot.origin or "", slot.origin), destination=names.get(slot.site or "", slot.site))
    if slot.kind != "session" or slot.process is None:
        return w[slot.kind]
    title = localize(catalogue.processes[slot.process].title, lang) if slot.process in catalogue.processes else slot.process
    return f"{title} ({w['continued']})" if slot.continued else title


def requirement_count(count: int, lang: str) -> str:
    """How many requirements a session covers, the noun agreeing with the count ("1 vaatimus", "8 vaatimusta")."""
    return translate(plural_message("{count} requirement", "{count} requirements", count), lang)


def warnings_shown(plan: AuditPlan, catalogue: Catalogue) -> list[str]:
    """What the planner should look at before the plan is sent (:func:`plan_warnings`), in the plan's
    language: listed at the top of plan.md, plan.html and plan.xlsx until the plan is mended."""
    texts = [translate(w, plan.language) for w in plan_warnings(plan, catalogue)]
    return [t if t.endswith((".", "!", "?")) else f"{t}." for t in texts]  # each a sentence of its list


def role_names(roles: list[str], catalogue: Catalogue, lang: str) -> str:
    return ", ".join(localize(catalogue.roles.get(r, {"en": r}), lang) for r in roles)


def agenda_rows(plan: AuditPlan, catalogue: Catalogue) -> list[dict[str, Any]]:
    """The agenda as plain rows for the writers."""
    lang = plan.language
    w = _labels(lang)
    closing_days = {slot.day for slot in plan.agenda if slot.kind == "closing"}
    rows = []
    for slot in plan.agenda:
        title = slot_title(slot, catalogue, lang, plan.site_names, before_closing=slot.day in closing_days)
        # "all" only for the whole team: a lunch while one auditor is travelling names those at the table.
        whole_team = len(plan.auditors) > 1 and set(slot.auditors) == set(plan.auditors)
        rows.append({
            "day": format_date(slot.day, lang), "time": format_time_range(slot.start, slot.end, lang),
            "activity": title + (f" — {slot.note}" if slot.note else ""),
            "auditor": w["all"] if slot.kind != "session" and whole_team else ", ".join(slot.auditors),
            "interviewees": role_names(slot.interviewees, catalogue, lang),
            "requirements": requirement_count(len(slot.requirements), lang) if slot.requirements else "",
            "site": _site_shown(plan, slot, w),
            "kind": slot.kind,
        })
    return rows


def _site_shown(plan: AuditPlan, slot: Slot, w: dict[str, str]) -> str:
    """The Site column: where the slot is held; nothing for a trip (its title names both ends) or for
    a lunch the auditors take apart; "remote" for a team meeting while the auditors are apart."""
    if slot.kind == "travel":
        return ""
    if slot.site:
        return plan.site_names.get(slot.site, "")
    return w["remote"] if plan.sites is not None and slot.kind == "caucus" else ""


def agenda_columns(plan: AuditPlan, *, workbook: bool = False) -> list[str]:
    """The keys of the agenda's columns: a multi-site plan has the site of each slot after its time.
    A workbook gives the start and the end their own columns (Excel times a reader sorts and filters by)."""
    times = ["start", "end"] if workbook else ["time"]
    return ["day", *times, *(["site"] if plan.sites is not None else []), "activity", "auditor", "interviewees",
            "requirements"]


def _clock(hhmm: str) -> dt.time:
    hours, minutes = hhmm.split(":")
    return dt.time(int(hours), int(minutes))


def plan_tables(plan: AuditPlan, catalogue: Catalogue, *, workbook: bool = False) -> list[Table]:
    """The agenda (and the site sample) as tables: the day and times as text in the language's
    format, or for a ``workbook`` as a date and Excel times (``8.30`` in a Finnish workbook)."""
    w = _labels(plan.language)
    columns = agenda_columns(plan, workbook=workbook)
    head = [w[c] for c in columns]
    rows: list[list[Any]] = []
    for row, slot in zip(agenda_rows(plan, catalogue), plan.agenda, strict=True):
        if workbook:
            row = {**row, "day": slot.day, "start": _clock(slot.start), "end": _clock(slot.end)}
        rows.append([row[c] for c in columns])
    warnings = warnings_shown(plan, catalogue)
    notes = [f"{w['warnings']}:", *[f"• {x}" for x in warnings]] if warnings else []
    notes += [f"{w['scope']}: {plan.scope}", f"{w['auditors']}: {', '.join(plan.auditors)}",
              f"{w['dates']}: {format_dates(plan.days, plan.language)}"]
    # Each list under its heading once, an item a row (not the heading repeated on every row).
    notes += [f"{w['objectives']}:", *[f"• {o}" for o in plan.objectives]]
    notes += [f"{w['criteria']}:", *[f"• {c}" for c in plan.criteria]]
    tables = [Table(w["agenda"], head, rows, notes, filtered=workbook)]
    if plan.sites is not None:
        tables.append(site_sample_table(plan.sites.as_sample(), plan.language))
    return tables


def plan_markdown(plan: AuditPlan, catalogue: Catalogue) -> str:
    w = _labels(plan.language)
    warnings = warnings_shown(plan, catalogue)
    intro = [f"**{w['warnings']}:**", "", *[f"- {x}" for x in warnings], ""] if warnings else []
    intro += [f"**{w['scope']}:** {plan.scope}", "", f"**{w['auditors']}:** {', '.join(plan.auditors)}", "",
             f"**{w['dates']}:** {format_dates(plan.days, plan.language)}", ""]
    if plan.location:
        intro += [f"**{w['location']}:** {plan.location}", ""]
    intro += [f"**{w['objectives']}:**", ""] + [f"- {o}" for o in plan.objectives] + [""]
    intro += [f"**{w['criteria']}:**", ""] + [f"- {c}" for c in plan.criteria]
    table, *sites = plan_tables(plan, catalogue)
    # The site sample's facts as a list (consecutive Markdown lines would run into one paragraph).
    sites = [Table(t.title, t.header, t.rows, [f"- {n}" for n in t.notes]) for t in sites]
    return tables_markdown(plan.title, [*sites, Table(table.title, table.header, table.rows)], intro)


def plan_html(plan: AuditPlan, catalogue: Catalogue) -> str:
    from itsm_assess._io.templates import template_environment

    env = template_environment("planning", "templates")
    sites = site_sample_table(plan.sites.as_sample(), plan.language) if plan.sites is not None else None
    return env.get_template("plan.html.j2").render(
        plan=plan, w=_labels(plan.language), rows=agenda_rows(plan, catalogue), columns=agenda_columns(plan),
        dates=format_dates(plan.days, plan.language), sites=sites, warnings=warnings_shown(plan, catalogue))


# --------------------------------------------------------------------------- iCalendar (RFC 5545)


def _ical_text(value: str) -> str:
    """A TEXT value escaped per RFC 5545 3.3.11."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = b""
    for ch in line:
        enc = ch.encode("utf-8")
        if len(current) + len(enc) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += enc
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc_offset(offset: dt.timedelta) -> str:
    """A UTC offset as RFC 5545 writes it (``+0300``, ``-0430``, seconds only when there are any)."""
    sign = "-" if offset < dt.timedelta(0) else "+"
    seconds = abs(int(offset.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _vtimezone(zone_name: str, days: list[dt.date]) -> list[str]:
    """The VTIMEZONE of ``zone_name`` (an IANA name) for the plan's ``days``: every change of UTC
    offset from the year before the first day to the end of the last day's year, taken from the
    system's time-zone database, so that a calendar anywhere places the events at the zone's times."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)

    def offset(at: dt.datetime) -> dt.timedelta:
        return at.astimezone(zone).utcoffset() or dt.timedelta(0)

    at = dt.datetime(min(days).year - 1, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(max(days).year + 1, 1, 1, tzinfo=dt.UTC)
    observances: list[str] = []
    while at < end:
        step = at + dt.timedelta(days=1)
        if offset(step) != offset(at):
            low, high = 0, 86_400  # the change lies (low, high] seconds after ``at``: narrow it to the second
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(at + dt.timedelta(seconds=middle)) == offset(at) else (low, middle)
            change = at + dt.timedelta(seconds=high)
            before, local = offset(at), change.astimezone(zone)
            kind = "DAYLIGHT" if local.dst() else "STANDARD"
            # DTSTART is the onset in the local time before the change (RFC 5545 3.6.5).
            observances += [f"BEGIN:{kind}", f"TZOFFSETFROM:{_utc_offset(before)}",
                            f"TZOFFSETTO:{_utc_offset(offset(change))}", f"TZNAME:{_ical_text(local.tzname() or zone_name)}",
                            f"DTSTART:{(change + before).strftime('%Y%m%dT%H%M%S')}", f"END:{kind}"]
        at = step
    if not observances:  # no change in these years: one offset throughout
        first = dt.datetime.combine(min(days), dt.time(12), tzinfo=zone)
        fixed = _utc_offset(first.utcoffset() or dt.timedelta(0))
        observances = ["BEGIN:STANDARD", f"TZOFFSETFROM:{fixed}", f"TZOFFSETTO:{fixed}",
                       f"TZNAME:{_ical_text(first.tzname() or zone_name)}", "DTSTART:19700101T000000", "END:STANDARD"]
    return ["BEGIN:VTIMEZONE", f"TZID:{zone_name}", *observances, "END:VTIMEZONE"]


def plan_ics(plan: AuditPlan, catalogue: Catalogue, *, stamp: dt.datetime | None = None) -> str:
    """An iCalendar file with one event per agenda slot, at the plan's time zone (``time_zone``, with
    its VTIMEZONE) or, for a plan without one, at floating local times."""
    stamp = stamp or dt.datetime.now(dt.UTC)
    w = _labels(plan.language)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//itsm-assess//audit plan//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_ical_text(plan.title)}"]
    zone = f";TZID={plan.time_zone}" if plan.time_zone else ""
    if plan.time_zone:
        lines += [f"X-WR-TIMEZONE:{plan.time_zone}", *_vtimezone(plan.time_zone, plan.days)]
    for row, slot in zip(agenda_rows(plan, catalogue), plan.agenda, strict=True):
        if slot.kind == "lunch":
            continue
        day = slot.day.strftime("%Y%m%d")
        key = f"{plan.assessment}|{slot.day}|{slot.start}|{','.join(slot.auditors)}|{slot.kind}|{slot.process}"
        uid = hashlib.sha256(key.encode()).hexdigest()[:32]
        auditors = translations(plan.language).ngettext(*_EVENT_AUDITORS, len(slot.auditors)).format(names=row["auditor"])
        interviewees = f"{w['interviewees']}: {row['interviewees']}" if row["interviewees"] else ""
        description = "\n".join(x for x in (auditors, interviewees, row["requirements"]) if x)
        lines += ["BEGIN:VEVENT", f"UID:{uid}@itsm-assess", f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
                  f"DTSTART{zone}:{day}T{slot.start.replace(':', '')}00", f"DTEND{zone}:{day}T{slot.end.replace(':', '')}00",
                  f"SUMMARY:{_ical_text(row['activity'])}", f"DESCRIPTION:{_ical_text(description)}"]
        location = row["site"] or plan.location
        if location:
            lines.append(f"LOCATION:{_ical_text(location)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_plan_outputs(plan: AuditPlan, catalogue: Catalogue, folder: str | os.PathLike[str],
                       plan_yaml: str | None = None) -> list[Path]:
    """Write plan.md, plan.html, plan.xlsx, plan.ics (and plan.yaml when given) into ``folder``, as a set."""
    from itsm_assess.files import atomic_paths

    out = Path(folder)
    texts: dict[str, str | bytes] = {"plan.md": plan_markdown(plan, catalogue), "plan.html": plan_html(plan, catalogue),
                                     "plan.ics": plan_ics(plan, catalogue).encode("utf-8")}
    if plan_yaml is not None:
        texts = {"plan.yaml": plan_yaml, **texts}
    names = [*texts, "plan.xlsx"]
    targets = [out / n for n in names]
    with atomic_paths(targets) as temps:
        for name, tmp in zip(names, temps, strict=True):
            if name == "plan.xlsx":
                write_tables_xlsx(tmp, plan_tables(plan, catalogue, workbook=True), lang=plan.language)
            else:
                content = texts[name]
                tmp.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return targets
