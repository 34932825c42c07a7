"""Realistic generated ticket exports (ServiceNow and Jira Service Management shapes).

Used by the tests and to build the bundled example organisation's exports (``examples/``): Finnish
teams and names, months of data, working-hours arrival, long-tailed resolution times, a few
reopened and reassigned tickets, changes with late approvals and missing reviews. Seeded: the same
arguments give the same files.
"""

from __future__ import annotations

import csv
import os
import random
from datetime import datetime, timedelta

TEAMS = ("Palvelupiste Helsinki", "Palvelupiste Oulu", "Lähituki Tampere", "Sovellustuki")
CHANGE_TEAMS = ("Infrapalvelut", "Sovelluskehitys", "Verkkopalvelut")
FIRST = ("Aino", "Mikko", "Liisa", "Juha", "Sanna", "Timo", "Katja", "Jari", "Heidi", "Petri", "Riikka", "Ville",
         "Elina", "Antti", "Minna", "Tuomas")
LAST = ("Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen",
        "Lehtonen", "Salonen", "Kinnunen")
SERVICES = ("Työasemapalvelu", "Sähköposti", "ERP", "Tiedostopalvelu", "Etäyhteys", "Käyttäjätunnukset",
            "Asiakasportaali", "Puhelinpalvelu")
INCIDENT_TEXTS = ("Tulostin ei tulosta", "Sähköposti ei kulje", "VPN-yhteys katkeilee", "Salasana vanhentunut",
                  "ERP-raportti ei aukea", "Teams-kokous pätkii", "Verkkolevy ei näy", "Kannettava ei käynnisty",
                  "Asiakasportaalin kirjautuminen epäonnistuu", "Puhelinvaihteen jonotus ei toimi")
REQUEST_TEXTS = ("Uusi käyttäjätunnus", "Ohjelmistoasennus", "Käyttöoikeus verkkolevylle", "Uusi kannettava",
                 "Puhelinliittymän tilaus", "Jakelulistan muutos")
CHANGE_TEXTS = ("Palvelimen käyttöjärjestelmäpäivitys", "Palomuurisäännön lisäys", "Varmenteen uusiminen",
                "ERP-version päivitys", "Tietokannan levylaajennus", "Verkkokytkimen vaihto")
#: Customers' comments in the satisfaction survey, by score (1-2, 3, 4-5).
CSAT_COMMENTS = {
    "low": ("Jouduin odottamaan ratkaisua monta päivää.", "Asia piti selittää kolmeen kertaan.",
            "Vika palasi heti seuraavana päivänä."),
    "mid": ("Ratkesi lopulta, mutta tiedotus oli vähäistä.", "Ihan ok."),
    "high": ("Nopea ja ystävällinen palvelu, kiitos!", "Asia ratkesi heti ensimmäisellä soitolla.",
             "Selkeät ohjeet, pärjäsin itse loppuun asti."),
}
_SN_FMT = "%Y-%m-%d %H:%M:%S"
_JIRA_FMT = "%d/%b/%y %I:%M %p"


def _add_months(start: datetime, months: int) -> datetime:
    y, m = divmod(start.month - 1 + months, 12)
    return start.replace(year=start.year + y, month=m + 1, day=1)


def _people(rnd: random.Random) -> dict[str, list[str]]:
    names = [f"{f} {s}" for f in FIRST for s in LAST]
    rnd.shuffle(names)
    out = {}
    for i, team in enumerate(TEAMS + CHANGE_TEAMS):
        out[team] = names[i * 5:(i + 1) * 5]
    return out


def _arrival(rnd: random.Random, start: datetime, days: int) -> datetime:
    """A weekday working-hours moment (8-16), now and then an evening."""
    while True:
        day = start + timedelta(days=rnd.randrange(days))
        if day.weekday() < 5 or rnd.random() < 0.05:
            hour = rnd.choice((8, 9, 9, 10, 10, 11, 12, 13, 13, 14, 15, 16)) if rnd.random() < 0.95 else rnd.randrange(24)
            return day.replace(hour=hour, minute=rnd.randrange(60), second=0)


def _hours(rnd: random.Random, typical: float) -> float:
    """A long-tailed duration around ``typical`` hours."""
    return max(0.05, rnd.lognormvariate(0, 1.1) * typical)


def _write(path: str | os.PathLike[str], header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def tickets(kind: str, *, start: datetime, months: int, per_month: int, seed: int,
            change_ids: list[str] | None = None) -> list[dict[str, object]]:
    """Incident or request records as plain values (times as datetimes, None when empty)."""
    rnd = random.Random(seed)
    people = _people(random.Random(seed + 7))
    end = _add_months(start, months)
    days = (end - start).days
    out: list[dict[str, object]] = []
    for i in range(per_month * months):
        team = rnd.choices(TEAMS, weights=(5, 3, 3, 2))[0]
        opened = _arrival(rnd, start, days)
        response = opened + timedelta(hours=_hours(rnd, 0.4 if kind == "incident" else 2))
        first_contact = rnd.random() < (0.75 if team.startswith("Palvelupiste") else 0.3)
        resolved = opened + timedelta(hours=_hours(rnd, 1 if first_contact else 14 if kind == "incident" else 30))
        if resolved > end or rnd.random() < 0.01:  # still open at the end of the export, a few forgotten
            resolved_at: datetime | None = None
        else:
            resolved_at = resolved
        reassignments = 0 if first_contact else rnd.choices((0, 1, 2, 3), weights=(55, 30, 10, 5))[0]
        out.append({
            "id": f"{'INC' if kind == 'incident' else 'RITM'}{1000000 + seed * 100000 + i}",
            "text": rnd.choice(INCIDENT_TEXTS if kind == "incident" else REQUEST_TEXTS),
            "team": team, "assignee": rnd.choice(people[team]) if rnd.random() < 0.97 else None,
            "opened": opened, "response": response if response < end else None, "resolved": resolved_at,
            "closed": resolved_at + timedelta(days=3) if resolved_at and resolved_at + timedelta(days=3) < end else None,
            "channel": rnd.choices(("Phone", "Email", "Self-service", "Chat", "Walk-in"), weights=(35, 25, 25, 10, 5))[0],
            "priority": rnd.choices(("1 - Critical", "2 - High", "3 - Moderate", "4 - Low"), weights=(2, 10, 50, 38))[0],
            "service": rnd.choice(SERVICES), "reassignments": reassignments,
            "reopens": 1 if resolved_at and rnd.random() < 0.06 else 0,
            "sla_met": None if resolved_at is None else rnd.random() < (0.93 if first_contact else 0.82),
            "first_contact": None if resolved_at is None else first_contact,
            "caused_by": rnd.choice(change_ids) if change_ids and kind == "incident" and rnd.random() < 0.02 else None,
            "satisfaction": rnd.choices((1, 2, 3, 4, 5), weights=(4, 6, 15, 35, 40))[0]
            if resolved_at and rnd.random() < 0.3 else None,
        })
    return out


def changes(*, start: datetime, months: int, per_month: int, seed: int) -> list[dict[str, object]]:
    rnd = random.Random(seed)
    people = _people(random.Random(seed + 7))
    end = _add_months(start, months)
    days = (end - start).days
    out = []
    for i in range(per_month * months):
        team = rnd.choice(CHANGE_TEAMS)
        category = rnd.choices(("Standard", "Normal", "Emergency"), weights=(45, 45, 10))[0]
        opened = _arrival(rnd, start, days)
        work = opened + timedelta(hours=_hours(rnd, 60 if category != "Emergency" else 3))
        approved = None if category == "Standard" else opened + (work - opened) * rnd.uniform(0.2, 0.8)
        if approved is not None and rnd.random() < 0.12:  # the work started before the approval was recorded
            approved = work + timedelta(hours=rnd.uniform(1, 30))
        if category == "Emergency" and rnd.random() < 0.3:
            approved = None
        implemented = work if work < end else None
        closed = work + timedelta(hours=_hours(rnd, 30)) if implemented else None
        closed = closed if closed and closed < end else None
        outcome = None if closed is None else rnd.choices(("Successful", "Successful with issues", "Unsuccessful"),
                                                          weights=(88, 6, 6))[0]
        reviewed = closed + timedelta(days=rnd.randrange(1, 10)) if closed and rnd.random() < 0.75 else None
        out.append({"id": f"CHG{30000 + seed * 1000 + i}", "text": rnd.choice(CHANGE_TEXTS), "team": team,
                    "assignee": rnd.choice(people[team]), "category": category, "opened": opened,
                    "approved": approved if approved is None or approved < end else None, "implemented": implemented,
                    "closed": closed, "outcome": outcome, "reviewed": reviewed if reviewed and reviewed < end else None,
                    "state": "Closed" if closed else "Implement" if implemented else "Scheduled"})
    return out


def problems(*, start: datetime, months: int, per_month: int, seed: int) -> list[dict[str, object]]:
    rnd = random.Random(seed)
    people = _people(random.Random(seed + 7))
    end = _add_months(start, months)
    days = (end - start).days
    out = []
    for i in range(per_month * months):
        team = rnd.choice(TEAMS)
        opened = _arrival(rnd, start, days)
        root = opened + timedelta(days=_hours(rnd, 9))
        root_at = root if root < end and rnd.random() < 0.8 else None
        out.append({"id": f"PRB{4000 + seed * 100 + i}", "text": rnd.choice(INCIDENT_TEXTS), "team": team,
                    "assignee": rnd.choice(people[team]), "opened": opened, "root_cause": root_at,
                    "known_error": root_at is not None and rnd.random() < 0.6,
                    "resolved": root_at + timedelta(days=_hours(rnd, 6)) if root_at and rnd.random() < 0.5 else None})
    return out


def _t(value: object, fmt: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(fmt)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_servicenow(folder: str | os.PathLike[str], *, start: datetime = datetime(2025, 1, 1), months: int = 4,
                     incidents_per_month: int = 150, seed: int = 1,
                     channel_names: dict[str, str] | None = None) -> dict[str, str]:
    """incident.csv, sc_req_item.csv, change_request.csv, problem.csv in ServiceNow's export shape, and
    csat-survey.csv: the customers' satisfaction responses to the resolved tickets (bundled map ``csat``).
    ``channel_names`` renames the contact types as an instance in another language shows them
    (``{"Phone": "Puhelin"}``); the tickets are the same."""
    from pathlib import Path

    def channel(r: dict[str, object]) -> str:
        return (channel_names or {}).get(str(r["channel"]), str(r["channel"]))

    folder = Path(folder)
    chg = changes(start=start, months=months, per_month=max(4, incidents_per_month // 6), seed=seed + 2)
    inc = tickets("incident", start=start, months=months, per_month=incidents_per_month, seed=seed,
                  change_ids=[str(c["id"]) for c in chg if c["implemented"]])
    req = tickets("request", start=start, months=months, per_month=incidents_per_month * 2 // 3, seed=seed + 1)
    prb = problems(start=start, months=months, per_month=max(2, incidents_per_month // 40), seed=seed + 3)
    f = _SN_FMT
    paths = {k: str(folder / n) for k, n in (("incident", "incident.csv"), ("request", "sc_req_item.csv"),
                                             ("change", "change_request.csv"), ("problem", "problem.csv"))}
    _write(paths["incident"], ["number", "short_description", "assignment_group", "assigned_to", "state", "priority",
                               "business_service", "contact_type", "opened_at", "resolved_at", "closed_at",
                               "reassignment_count", "reopen_count", "made_sla", "caused_by", "u_first_response",
                               "u_first_contact_resolution"],
           [[str(r["id"]), str(r["text"]), str(r["team"]), _t(r["assignee"], f),
             "Closed" if r["closed"] else "Resolved" if r["resolved"] else "In Progress", str(r["priority"]),
             str(r["service"]), channel(r), _t(r["opened"], f), _t(r["resolved"], f), _t(r["closed"], f),
             _t(r["reassignments"], f), _t(r["reopens"], f), _t(r["sla_met"], f), _t(r["caused_by"], f),
             _t(r["response"], f), _t(r["first_contact"], f)] for r in inc])
    _write(paths["request"], ["number", "short_description", "assignment_group", "assigned_to", "state", "cat_item",
                              "contact_type", "opened_at", "closed_at", "reassignment_count", "made_sla"],
           [[str(r["id"]), str(r["text"]), str(r["team"]), _t(r["assignee"], f),
             "Closed Complete" if r["resolved"] else "Work in Progress", str(r["text"]), channel(r),
             _t(r["opened"], f), _t(r["resolved"], f), _t(r["reassignments"], f), _t(r["sla_met"], f)] for r in req])
    _write(paths["change"], ["number", "short_description", "type", "state", "assignment_group", "assigned_to",
                             "opened_at", "approval_set", "work_start", "closed_at", "close_code", "review_date"],
           [[str(c["id"]), str(c["text"]), str(c["category"]), str(c["state"]), str(c["team"]), _t(c["assignee"], f),
             _t(c["opened"], f), _t(c["approved"], f), _t(c["implemented"], f), _t(c["closed"], f),
             _t(c["outcome"], f), _t(c["reviewed"], f)] for c in chg])
    _write(paths["problem"], ["number", "short_description", "assignment_group", "assigned_to", "state", "opened_at",
                              "resolved_at", "known_error", "u_root_cause_identified"],
           [[str(p["id"]), str(p["text"]), str(p["team"]), _t(p["assignee"], f),
             "Resolved" if p["resolved"] else "Root Cause Analysis", _t(p["opened"], f), _t(p["resolved"], f),
             _t(p["known_error"], f), _t(p["root_cause"], f)] for p in prb])
    paths["csat"] = str(folder / "csat-survey.csv")
    write_csat(paths["csat"], inc + req, end=_add_months(start, months), seed=seed)
    return paths


def write_csat(path: str | os.PathLike[str], records: list[dict[str, object]], *, end: datetime, seed: int) -> None:
    """A customer-satisfaction survey export: one row per answered survey (the tickets' ``satisfaction``),
    answered within two days of the resolution, a comment now and then, and two responses to tickets
    resolved before the exports begin (which match no ticket, as in real data)."""
    rnd = random.Random(seed + 11)
    rows: list[list[str]] = []
    for r in records:
        score, resolved = r["satisfaction"], r["resolved"]
        if score is None or not isinstance(resolved, datetime):
            continue
        answered = resolved + timedelta(hours=rnd.uniform(0.2, 48))
        if answered >= end:
            continue
        band = "low" if int(str(score)) <= 2 else "mid" if score == 3 else "high"
        comment = rnd.choice(CSAT_COMMENTS[band]) if rnd.random() < 0.25 else ""
        rows.append([str(r["id"]), answered.strftime(_SN_FMT), str(score), comment])
    rows.sort(key=lambda row: row[1])
    first = rows[0][1] if rows else end.strftime(_SN_FMT)
    rows[:0] = [[f"INC{900000 + i}", first, str(rnd.choice((3, 4, 5))), ""] for i in range(2)]
    _write(path, ["ticket_number", "response_date", "score", "comment"], rows)


def write_jira(folder: str | os.PathLike[str], *, start: datetime = datetime(2025, 1, 1), months: int = 3,
               incidents_per_month: int = 100, seed: int = 5) -> dict[str, str]:
    """Jira Service Management CSV exports (incident, service request, change), dates as 03/Mar/25 10:15 AM."""
    from pathlib import Path

    folder = Path(folder)
    f = _JIRA_FMT
    inc = tickets("incident", start=start, months=months, per_month=incidents_per_month, seed=seed)
    req = tickets("request", start=start, months=months, per_month=incidents_per_month // 2, seed=seed + 1)
    chg = changes(start=start, months=months, per_month=max(4, incidents_per_month // 8), seed=seed + 2)
    header = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Priority", "Assignee", "Reporter",
              "Created", "Updated", "Resolved", "Custom field (Team)", "Custom field (Satisfaction rating)",
              "Custom field (First response date)", "Custom field (Source)"]
    paths = {"incident": str(folder / "jira-incidents.csv"), "request": str(folder / "jira-requests.csv"),
             "change": str(folder / "jira-changes.csv")}
    for kind, rows, issue_type in (("incident", inc, "Incident"), ("request", req, "Service request")):
        _write(paths[kind], header, [
            [str(r["text"]), f"ITSD-{n + 1}", str(20000 + n), issue_type, "Resolved" if r["resolved"] else "In progress",
             {"1": "Highest", "2": "High", "3": "Medium", "4": "Low"}[str(r["priority"])[0]], _t(r["assignee"], f),
             "Asiakas", _t(r["opened"], f), _t(r["resolved"] or r["opened"], f), _t(r["resolved"], f), str(r["team"]),
             _t(r["satisfaction"], f), _t(r["response"], f),
             {"Phone": "Phone", "Email": "Email", "Self-service": "Portal", "Chat": "Chat", "Walk-in": "Walk-in"}[
                 str(r["channel"])]] for n, r in enumerate(rows)])
    _write(paths["change"], ["Summary", "Issue key", "Issue Type", "Status", "Assignee", "Created", "Resolved",
                             "Resolution", "Custom field (Team)", "Custom field (Change type)",
                             "Custom field (Change start date)"],
           [[str(c["text"]), f"CHG-{n + 1}", "Change", "Completed" if c["closed"] else "Implementing",
             _t(c["assignee"], f), _t(c["opened"], f), _t(c["closed"], f),
             {"Successful": "Done", "Successful with issues": "Done", "Unsuccessful": "Failed"}.get(str(c["outcome"]), ""),
             str(c["team"]), str(c["category"]), _t(c["implemented"], f)] for n, c in enumerate(chg)])
    return paths


def write_survey_export(path: str | os.PathLike[str], *, teams: dict[str, int], lang: str = "fi", seed: int = 9,
                        shift: float = 0.0) -> None:
    """A Microsoft Forms response export (.xlsx) of the bundled wellbeing survey: Forms' own columns
    (ID, times, e-mail, name), then each question's text with the chosen label; ``shift`` moves the
    answers up or down (a later round)."""
    from openpyxl import Workbook

    from itsm_assess.i18n import localize
    from itsm_assess.metrics.wellbeing import load_instrument

    rnd = random.Random(seed)
    inst = load_instrument()
    labels = inst.scale.labels[lang]
    items = [i for c in inst.constructs for i in c.items]
    # teams differ: a busy service point has more strain and less recovery
    strain = {team: rnd.uniform(-0.6, 0.4) for team in teams}
    wb = Workbook()
    ws = wb.active
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", localize(inst.group_question, lang)]
              + [localize(i.text, lang) for i in items] + [localize(q.text, lang) for q in inst.open_questions])
    n = 0
    energy = ("Asiakkaan kiitos, kun ongelma ratkeaa.", "Hyvät työkaverit.", "Uuden oppiminen.",
              "Kun saa rauhassa selvittää hankalan vian.")
    change = ("Vähemmän keskeytyksiä puhelinvuoroissa.", "Selkeämpi työnjako toisen linjan kanssa.",
              "Enemmän aikaa perehdytykseen.", "Palkitseminen näkyväksi.")
    for team, size in teams.items():
        for _ in range(size):
            n += 1
            row: list[object] = [n, "2025-04-07 09:00", "2025-04-07 09:12", "anonymous", "", team]
            for item in items:
                base = 3.6 + shift + (strain[team] if item.id[:2] in ("WL", "RS") else strain[team] / 3)
                value = min(5, max(1, round(rnd.gauss(base, 0.9))))
                if item.reverse:
                    value = 6 - value
                row.append(labels[value - 1] if rnd.random() > 0.03 else "")
            row.append(rnd.choice(energy) if rnd.random() < 0.5 else "")
            row.append(rnd.choice(change) if rnd.random() < 0.4 else "")
            ws.append(row)
    wb.save(path)
