"""The findings register: every nonconformity with its life from open to closed, OFIs apart.

:func:`register_view` builds the register of one assessment as plain, localised rows (shared by
the stand-alone register, ``itsm-assess findings register``, and the report's section);
:func:`write_register` writes it as xlsx (a sheet each for nonconformities, OFIs and
observations, and the history) or as one self-contained HTML page. The register's rules
(closure needs verification, each status its record, no skipped steps) are
``scoring.consistency.lifecycle_problems``; here they are shown beside the finding they concern.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsm_assess.assessment import (
    EVIDENCE_KIND_LABELS,
    FINDING_GRADES,
    FINDING_STATUSES,
    finding_id_text,
    finding_status_name,
    grade_name,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import _p, localize, pgettext_for, translate

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment, Finding
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.planning.tables import Cell, Table
    from itsm_assess.reports.view_types import (
        FollowedFinding,
        FollowupView,
        HistoryStep,
        OutcomeCount,
        RegisterRequirement,
        RegisterRow,
        RegisterView,
        StatusCount,
    )

FORMATS: tuple[str, ...] = ("xlsx", "html")


_LABELS: dict[str, str] = dict((
    _p("reg_title", "Findings register"),
    _p("reg_nonconformities", "Nonconformities"),
    _p("reg_others", "Other findings: opportunities for improvement, observations and good practice"),
    _p("reg_others_sheet", "Other findings"),
    _p("reg_history", "History"),
    _p("reg_id", "Id"),
    _p("reg_grade", "Grade"),
    _p("reg_requirements", "Requirements"),
    _p("reg_statement", "Statement: what was not met"),
    _p("reg_finding", "Finding"),
    _p("reg_evidence", "Evidence"),
    _p("reg_correction", "Correction"),
    _p("reg_correction_date", "Corrected on"),
    _p("reg_root_cause", "Root cause"),
    _p("reg_corrective_action", "Corrective action"),
    _p("reg_action_date", "Action done on"),
    _p("reg_owner", "Owner"),
    _p("reg_due_date", "Due"),
    _p("reg_status", "Status"),
    _p("reg_verification", "Verification of effectiveness"),
    _p("reg_verified_on", "Verified on"),
    _p("reg_verified_by", "Verified by"),
    _p("reg_effective", "Effective"),
    _p("reg_verification_evidence", "Verification evidence"),
    _p("reg_closed_date", "Closed on"),
    _p("reg_carried_from", "Carried from"),
    _p("reg_recommendation", "Recommendation"),
    _p("reg_flags", "Gaps in the record"),
    _p("reg_overdue", "overdue"),
    # The verification's result, one pair of words wherever it shows (register, follow-up, report).
    _p("reg_effective_yes", "Effective"),
    _p("reg_not_effective", "Not effective – stays open"),
    _p("reg_date", "Date"),
    _p("reg_round", "Assessment round"),
    _p("reg_by", "By"),
    _p("reg_note", "Note"),
    _p("reg_none", "None recorded."),
    _p("reg_as_of", "Status as recorded in assessment {id}, {date}."),
    _p("reg_counts", "Nonconformities by status"),
    _p("reg_intro", "A nonconformity stays open until the auditor has verified that its corrective action "
                    "was effective. Opportunities for improvement, observations and good practice need no "
                    "corrective action and are listed apart."),
    # A good practice is recorded, never "open": it has nothing to close.
    _p("reg_recorded", "Recorded"),
    _p("reg_problems", "Register problems"),
))


def register_labels(lang: str) -> dict[str, str]:
    """The register's labels in ``lang`` (English where a translation is missing)."""
    pgettext = pgettext_for(lang)
    return {key: pgettext(key, english) for key, english in _LABELS.items()}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _history_rows(f: Finding, lang: str, round_id: str) -> list[HistoryStep]:
    """The finding's history, ending with its present step (dated, and who took it) when the history
    does not record that step yet."""
    rows: list[HistoryStep] = [{"date": _iso(e.date), "status": e.status, "status_label": finding_status_name(e.status, lang),
             "assessment": e.assessment, "by": e.by, "note": e.note} for e in f.history]
    last = f.history[-1].status if f.history else "open"
    if f.status != last:
        v = f.verification
        date, by = {
            "closed": (f.closed_date, v.auditor if v else None),
            "verified-effective": (v.date if v else None, v.auditor if v else None),
            "action-done": (f.action_date, f.owner),
            "correction-done": (f.correction_date, f.owner),
            # Back to open: the verification that found the action not effective reopened it.
            "open": (v.date, v.auditor) if v is not None and not v.effective else (None, None),
        }[f.status]
        rows.append({"date": _iso(date), "status": f.status, "status_label": finding_status_name(f.status, lang),
                     "assessment": round_id, "by": by, "note": None})
    return rows


def finding_row(f: Finding, n: int, catalogue: Catalogue | None, lang: str, as_of: dt.date | None,
                lab: dict[str, str], round_id: str) -> RegisterRow:
    """One finding of the register as a localised row (``n``: its place in ``findings``)."""
    from itsm_assess.scoring.consistency import lifecycle_problems

    v = f.verification
    reqs: list[RegisterRequirement] = []
    for rid in f.requirements:
        req = catalogue.requirements.get(rid) if catalogue is not None else None
        reqs.append({"id": rid, "clause": req.clause if req else None, "title": localize(req.title, lang) if req else ""})
    overdue = bool(f.is_open and f.due_date is not None and as_of is not None and f.due_date < as_of)
    return {
        "id": finding_id_text(f.id, lang),
        "grade": f.grade,
        "grade_label": grade_name(f.grade, lang),
        "nonconformity": f.is_nonconformity,
        "requirements": reqs,
        "requirement_ids": ", ".join(f.requirements),
        "statement": f.statement,
        "evidence": f.evidence,
        "recommendation": f.recommendation,
        "correction": f.correction,
        "correction_date": _iso(f.correction_date),
        "root_cause": f.root_cause,
        "corrective_action": f.corrective_action,
        "action_date": _iso(f.action_date),
        "owner": f.owner,
        "due_date": _iso(f.due_date),
        "overdue": overdue,
        "status": f.status,
        "status_label": lab["reg_recorded"] if f.grade == "good-practice" else finding_status_name(f.status, lang),
        "open": f.is_open,
        "verification": None if v is None else {
            "date": v.date.isoformat(), "auditor": v.auditor, "effective": v.effective, "evidence": v.evidence,
            "effective_label": lab["reg_effective_yes"] if v.effective else lab["reg_not_effective"]},
        "closed_date": _iso(f.closed_date),
        "carried_from": f.carried_from,
        "history": _history_rows(f, lang, round_id),
        "flags": [translate(text, lang) for _, _, text in lifecycle_problems(f, n)],
    }


def register_view(assessment: Assessment, catalogue: Catalogue | None = None, lang: str | None = None) -> RegisterView:
    """The register of ``assessment``: nonconformities (open ones first, most severe first, in file
    order within a grade) with their lifecycle, the other findings apart, counts by status and the labels."""
    lang = lang or assessment.assessment.language
    lab = register_labels(lang)
    info = assessment.assessment
    as_of = info.end_date or info.start_date
    rows = [finding_row(f, n, catalogue, lang, as_of, lab, info.id) for n, f in enumerate(assessment.findings)]
    rank = {g: i for i, g in enumerate(FINDING_GRADES)}
    step = {s: i for i, s in enumerate(FINDING_STATUSES)}
    # As a lead auditor reads it: open, in progress, verified, closed; most severe first within each.
    ncs = sorted((r for r in rows if r["nonconformity"]), key=lambda r: (step[r["status"]], rank[r["grade"]]))
    others = sorted((r for r in rows if not r["nonconformity"]), key=lambda r: rank[r["grade"]])
    counts: list[StatusCount] = [{"status": s, "label": finding_status_name(s, lang),
               "count": sum(1 for r in ncs if r["status"] == s)} for s in FINDING_STATUSES]
    return {
        "lang": lang,
        "labels": lab,
        "assessment": {"id": info.id, "organisation": info.organisation, "as_of": _iso(as_of)},
        "nonconformities": ncs,
        "others": others,
        "status_counts": counts,
        "problems": [f"{r['id']}: {flag}" for r in ncs for flag in r["flags"]],
    }


# --------------------------------------------------------------------------- writers


def register_tables(view: RegisterView) -> list[Table]:
    """The register as tables (nonconformities, OFIs and observations, history) for a workbook."""
    from itsm_assess.planning.tables import Table

    lab, lang = view["labels"], view["lang"]

    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    def verification(r: RegisterRow) -> list[Any]:
        """Verified on, by, effective and its evidence (four empty cells without a verification)."""
        v = r["verification"]
        if v is None:
            return [None] * 4
        return [day(v["date"]), v["auditor"], v["effective_label"], v["evidence"]]

    from itsm_assess.i18n.formats import format_date

    as_of = lab["reg_as_of"].format(id=view["assessment"]["id"], date=format_date(view["assessment"]["as_of"], lang) or "–")
    nc_header = [lab["reg_id"], lab["reg_grade"], lab["reg_requirements"], lab["reg_statement"], lab["reg_evidence"],
                 lab["reg_correction"], lab["reg_correction_date"], lab["reg_root_cause"],
                 lab["reg_corrective_action"], lab["reg_action_date"], lab["reg_owner"], lab["reg_due_date"],
                 lab["reg_status"], lab["reg_verified_on"], lab["reg_verified_by"], lab["reg_effective"],
                 lab["reg_verification_evidence"], lab["reg_closed_date"], lab["reg_carried_from"], lab["reg_flags"]]
    nc_rows: list[list[Cell]] = [[r["id"], r["grade_label"], r["requirement_ids"], r["statement"], r["evidence"], r["correction"],
                day(r["correction_date"]), r["root_cause"], r["corrective_action"], day(r["action_date"]), r["owner"],
                day(r["due_date"]), r["status_label"] + (f" ({lab['reg_overdue']})" if r["overdue"] else ""),
                *verification(r), day(r["closed_date"]), r["carried_from"], "; ".join(r["flags"]) or None]
               for r in view["nonconformities"]]
    other_header = [lab["reg_id"], lab["reg_grade"], lab["reg_requirements"], lab["reg_finding"], lab["reg_evidence"],
                    lab["reg_recommendation"], lab["reg_owner"], lab["reg_status"], lab["reg_carried_from"]]
    other_rows: list[list[Cell]] = [[r["id"], r["grade_label"], r["requirement_ids"], r["statement"], r["evidence"], r["recommendation"],
                   r["owner"], r["status_label"], r["carried_from"]] for r in view["others"]]
    history_header = [lab["reg_id"], lab["reg_date"], lab["reg_status"], lab["reg_round"], lab["reg_by"], lab["reg_note"]]
    history_rows: list[list[Cell]] = [[r["id"], day(e["date"]), e["status_label"], e["assessment"], e["by"], e["note"]]
                    for r in [*view["nonconformities"], *view["others"]] for e in r["history"]]
    del lang
    return [Table(lab["reg_nonconformities"], nc_header, nc_rows, notes=[lab["reg_title"], as_of]),
            Table(lab["reg_others_sheet"], other_header, other_rows),
            Table(lab["reg_history"], history_header, history_rows)]


def render_register_html(view: RegisterView) -> str:
    """The register as one self-contained HTML page."""
    from itsm_assess._io import theme
    from itsm_assess.i18n.formats import format_date
    from itsm_assess.reports.html import environment

    lang = view["lang"]
    return environment().get_template("register.html.j2").render(
        reg=view, rt=view["labels"], theme=theme, date=lambda value: format_date(value, lang))


def write_register(view: RegisterView, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the register to ``path`` (``.xlsx`` or ``.html``), atomically; refuses to overwrite without ``force``."""
    return _write(path, force, lambda: render_register_html(view), lambda: register_tables(view), view["lang"])


# --------------------------------------------------------------------------- the evidence log in words

_KIND_LABELS: dict[str, str] = dict((
    *EVIDENCE_KIND_LABELS.values(),
    _p("ev_sample_of", "{examined} of {population}"),
    _p("ev_sample", "{examined} examined"),
    _p("ev_recorded", "recorded {date} by {who}"),
    _p("ev_recorded_on", "recorded {date}"),
    _p("ev_interviewed", "interviewed: {roles}"),
))


def _roles(entry: dict[str, Any]) -> list[str]:
    """The interviewees' roles of a line (``role`` in results written before roles were a list)."""
    roles = entry.get("roles") or ([entry["role"]] if entry.get("role") else [])
    return [str(r) for r in roles]


def evidence_lines(entries: list[dict[str, Any]], lang: str) -> list[str]:
    """Each line of an evidence log (plain data, as in the results) in words, e.g.
    ``Records: Changes Q3 (10 of 140: RFC-1, RFC-7), HEL, 2026-09-30; interviewed: Change manager;
    recorded 2026-10-05 by Aino``; an interview names its roles where others name their source."""
    from itsm_assess.i18n.formats import format_date

    pgettext = pgettext_for(lang)
    w = {key: pgettext(key, english) for key, english in _KIND_LABELS.items()}
    out = []
    for e in entries:
        kind = str(e.get("kind"))
        roles = ", ".join(_roles(e))
        what = roles if kind == "interview" else e.get("source")
        if e.get("version"):
            what = f"{what} v{e['version']}" if str(e["version"])[:1].isdigit() else f"{what} {e['version']}"
        examined = e.get("sample_size") or len(e.get("records") or []) or None
        sample = []
        if examined is not None:
            sample.append(w["ev_sample_of"].format(examined=examined, population=e["population"])
                          if e.get("population") is not None else w["ev_sample"].format(examined=examined))
        sample += [str(r) for r in e.get("records") or []]
        text = f"{w.get('ev_' + kind, kind)}: {what or ''}"
        if sample:
            text += f" ({sample[0]}{': ' + ', '.join(sample[1:]) if len(sample) > 1 else ''})"
        text += "".join(f", {part}" for part in (e.get("site"), format_date(e.get("date"), lang) if e.get("date") else None)
                        if part)
        if roles and kind != "interview":
            text += "; " + w["ev_interviewed"].format(roles=roles)
        if e.get("recorded"):
            when = format_date(e["recorded"], lang)
            text += "; " + (w["ev_recorded"].format(date=when, who=e["recorded_by"]) if e.get("recorded_by")
                            else w["ev_recorded_on"].format(date=when))
        if e.get("note"):
            text += f". {e['note']}"
        out.append(text)
    return out


# --------------------------------------------------------------------------- follow-up across rounds

#: What became of a previous round's finding in this one.
#: Only a finding that was closed (or verified effective) and is open again is "reopened"; one whose
#: corrective action this round's verification found not effective never closed: it is still open.
FOLLOWUP_OUTCOMES: tuple[str, ...] = ("disappeared", "reopened", "not-effective", "set-back", "unchanged",
                                      "progressed", "verified", "closed", "closed-before")
_OUTCOME_LABELS: dict[str, str] = dict((
    _p("fu_title", "Follow-up of the previous round's findings"),
    _p("fu_sheet", "Follow-up"),
    _p("fu_intro", "Every finding of {previous} and what this round ({current}) recorded of it. A finding open "
                   "in the previous round must be here too: one that is absent was dropped without a closure."),
    _p("fu_previous", "Previous round"),
    _p("fu_before", "Status in the previous round"),
    _p("fu_now", "Status now"),
    _p("fu_outcome", "Outcome"),
    _p("fu_verified", "Verified in this round"),
    _p("fu_new", "Opened in this round"),
    _p("fu_absent", "absent"),
    _p("fu_outcome_disappeared", "Disappeared without a closure"),
    _p("fu_outcome_reopened", "Reopened after closure"),
    _p("fu_outcome_not-effective", "Still open (the corrective action was not effective)"),
    _p("fu_outcome_set-back", "Moved back to an earlier step"),
    _p("fu_outcome_unchanged", "No progress recorded"),
    _p("fu_outcome_progressed", "In progress"),
    _p("fu_outcome_verified", "Verified effective"),
    _p("fu_outcome_closed", "Closed"),
    _p("fu_outcome_closed-before", "Closed in the previous round"),
))


def _outcome(before: Finding, now: Finding | None) -> str:
    if now is None:
        return "closed-before" if not before.is_open else "disappeared"
    if not before.is_open:
        return "closed-before" if not now.is_open else "reopened"
    rank_before, rank_now = FINDING_STATUSES.index(before.status), FINDING_STATUSES.index(now.status)
    if now.status == "closed":
        return "closed"
    if now.status == "verified-effective":
        return "verified"
    if now.verification is not None and not now.verification.effective and now.verification != before.verification:
        return "not-effective"
    if rank_now < rank_before:
        return "set-back"
    return "progressed" if rank_now > rank_before else "unchanged"


def followup_view(current: Assessment, previous: Assessment, catalogue: Catalogue | None = None,
                  lang: str | None = None) -> FollowupView:
    """Every finding of ``previous`` with what ``current`` recorded of it: status then and now,
    the verification made in this round, its history, and the outcome; findings new in this round
    apart. ``problems`` lists the findings that disappeared (``scoring.consistency.check_followup``)."""
    from itsm_assess.scoring.consistency import check_followup

    lang = lang or current.assessment.language
    pgettext = pgettext_for(lang)
    w = {key: pgettext(key, english) for key, english in _OUTCOME_LABELS.items()}
    lab = register_labels(lang)
    as_of = current.assessment.end_date or current.assessment.start_date
    now_by_id = {f.id: (n, f) for n, f in enumerate(current.findings)}
    rows: list[FollowedFinding] = []
    for n, before in enumerate(previous.findings):
        place = now_by_id.get(before.id)
        now = place[1] if place else None
        outcome = _outcome(before, now)
        row = finding_row(now if now is not None else before, place[0] if place else n, catalogue, lang, as_of, lab,
                          current.assessment.id if now is not None else previous.assessment.id)
        verified = None
        if now is not None and now.verification is not None and now.verification != before.verification:
            verified = row["verification"]
        rows.append({
            **row,
            "status_before": before.status,
            "status_before_label": finding_status_name(before.status, lang),
            "status_now_label": row["status_label"] if now is not None else w["fu_absent"],
            "outcome": outcome,
            "outcome_label": w[f"fu_outcome_{outcome}"],
            "error": outcome == "disappeared",
            "verified_now": verified,
        })
    previous_ids = {f.id for f in previous.findings}
    new = [finding_row(f, n, catalogue, lang, as_of, lab, current.assessment.id) for n, f in enumerate(current.findings)
           if f.id not in previous_ids]
    counts: list[OutcomeCount] = [{"outcome": o, "label": w[f"fu_outcome_{o}"], "count": sum(1 for r in rows if r["outcome"] == o)}
              for o in FOLLOWUP_OUTCOMES]
    return {
        "lang": lang,
        "labels": {**lab, **w},
        "current": {"id": current.assessment.id, "organisation": current.assessment.organisation,
                    "as_of": _iso(as_of)},
        "previous": {"id": previous.assessment.id, "start_date": _iso(previous.assessment.start_date),
                     "end_date": _iso(previous.assessment.end_date)},
        "rows": rows,
        "new": new,
        "counts": [c for c in counts if c["count"]],
        "problems": [problem.line(lang=lang) for problem in check_followup(current, previous)],
    }


def _history_text(r: RegisterRow, lang: str) -> str:
    from itsm_assess.i18n.formats import format_date

    steps = [f"{format_date(e['date'], lang) if e['date'] else '–'} {e['status_label']} "
             f"({e['assessment']}{', ' + e['by'] if e['by'] else ''})" for e in r["history"]]
    return " → ".join(steps)


def followup_tables(view: FollowupView) -> list[Table]:
    """The follow-up as tables (previous findings, new findings) for a workbook."""
    from itsm_assess._io.xlsx_cells import sheet_title
    from itsm_assess.planning.tables import Table

    lab, lang = view["labels"], view["lang"]

    def verified(r: FollowedFinding) -> str | None:
        from itsm_assess.i18n.formats import format_date

        v = r["verified_now"]
        return None if v is None else f"{format_date(v['date'], lang)} {v['auditor']}: {v['effective_label']}" + (
            f". {v['evidence']}" if v["evidence"] else "")

    header = [lab["reg_id"], lab["reg_grade"], lab["reg_requirements"], lab["reg_statement"], lab["fu_before"],
              lab["fu_now"], lab["fu_outcome"], lab["fu_verified"], lab["reg_history"]]
    rows: list[list[Cell]] = [[r["id"], r["grade_label"], r["requirement_ids"], r["statement"], r["status_before_label"],
             r["status_now_label"], r["outcome_label"], verified(r), _history_text(r, lang)] for r in view["rows"]]
    intro = lab["fu_intro"].format(previous=view["previous"]["id"], current=view["current"]["id"])
    new_header = [lab["reg_id"], lab["reg_grade"], lab["reg_requirements"], lab["reg_statement"], lab["reg_status"]]
    new_rows: list[list[Cell]] = [[r["id"], r["grade_label"], r["requirement_ids"], r["statement"], r["status_label"]] for r in view["new"]]
    return [Table(sheet_title(lab["fu_title"], lang), header, rows, notes=[lab["fu_title"], intro, *view["problems"]]),
            Table(lab["fu_new"], new_header, new_rows)]


def render_followup_html(view: FollowupView) -> str:
    """The follow-up report as one self-contained HTML page."""
    from itsm_assess._io import theme
    from itsm_assess.i18n.formats import format_date
    from itsm_assess.reports.html import environment

    lang = view["lang"]
    return environment().get_template("followup.html.j2").render(
        fu=view, rt=view["labels"], theme=theme, date=lambda value: format_date(value, lang))


def write_followup(view: FollowupView, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the follow-up report to ``path`` (``.xlsx`` or ``.html``), atomically; refuses to overwrite
    without ``force``."""
    return _write(path, force, lambda: render_followup_html(view), lambda: followup_tables(view), view["lang"])


def _write(path: str | os.PathLike[str], force: bool, html: Any, tables: Any, lang: str) -> Path:
    from itsm_assess.files import refuse_overwrite, write_text_atomic
    from itsm_assess.i18n import message
    from itsm_assess.loading import display_path

    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise InputError(message("{path}: expected a .xlsx or .html file name", path=display_path(target)))
    refuse_overwrite([target], force=force)
    if kind == "html":
        write_text_atomic(target, html())
    else:
        from itsm_assess.planning.tables import write_tables_xlsx

        write_tables_xlsx(target, tables(), lang=lang)
    return target
