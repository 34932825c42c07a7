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

from itsm_assess.assessment import FINDING_GRADE_NAMES, FINDING_GRADES, FINDING_STATUS_NAMES, FINDING_STATUSES
from itsm_assess.errors import InputError
from itsm_assess.i18n import localize, pgettext_for, translate

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment, Finding
    from itsm_assess.catalogue import Catalogue

FORMATS: tuple[str, ...] = ("xlsx", "html")


def _p(key: str, english: str) -> tuple[str, str]:
    """Mark a label for extraction (``pybabel extract -k _p:1c,2``)."""
    return key, english


_LABELS: dict[str, str] = dict((
    _p("reg_title", "Findings register"),
    _p("reg_nonconformities", "Nonconformities"),
    _p("reg_others", "Opportunities for improvement and observations"),
    _p("reg_others_sheet", "OFIs and observations"),
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
    _p("reg_flags", "Register check"),
    _p("reg_overdue", "overdue"),
    _p("reg_yes", "yes"),
    _p("reg_no", "no"),
    _p("reg_not_effective", "not effective: stays open"),
    _p("reg_date", "Date"),
    _p("reg_round", "Assessment round"),
    _p("reg_by", "By"),
    _p("reg_note", "Note"),
    _p("reg_none", "None recorded."),
    _p("reg_as_of", "Status as recorded in assessment {id}, {date}."),
    _p("reg_counts", "Nonconformities by status"),
    _p("reg_intro", "A nonconformity stays open until the auditor has verified that its corrective action "
                    "was effective; closing it needs that verification. Opportunities for improvement and "
                    "observations need no corrective action and are listed apart."),
    _p("reg_problems", "Register problems"),
))


def register_labels(lang: str) -> dict[str, str]:
    """The register's labels in ``lang`` (English where a translation is missing)."""
    pgettext = pgettext_for(lang)
    return {key: pgettext(key, english) for key, english in _LABELS.items()}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _history_rows(f: Finding, lang: str) -> list[dict[str, Any]]:
    return [{"date": _iso(e.date), "status": e.status, "status_label": localize(FINDING_STATUS_NAMES[e.status], lang),
             "assessment": e.assessment, "by": e.by, "note": e.note} for e in f.history]


def finding_row(f: Finding, n: int, catalogue: Catalogue | None, lang: str, as_of: dt.date | None,
                lab: dict[str, str]) -> dict[str, Any]:
    """One finding of the register as a localised row (``n``: its place in ``findings``)."""
    from itsm_assess.scoring.consistency import lifecycle_problems

    v = f.verification
    reqs = []
    for rid in f.requirements:
        req = catalogue.requirements.get(rid) if catalogue is not None else None
        reqs.append({"id": rid, "clause": req.clause if req else None, "title": localize(req.title, lang) if req else ""})
    overdue = bool(f.is_open and f.due_date is not None and as_of is not None and f.due_date < as_of)
    return {
        "id": f.id,
        "grade": f.grade,
        "grade_label": localize(FINDING_GRADE_NAMES[f.grade], lang),
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
        "status_label": localize(FINDING_STATUS_NAMES[f.status], lang),
        "open": f.is_open,
        "verification": None if v is None else {
            "date": v.date.isoformat(), "auditor": v.auditor, "effective": v.effective, "evidence": v.evidence,
            "effective_label": lab["reg_yes"] if v.effective else lab["reg_not_effective"]},
        "closed_date": _iso(f.closed_date),
        "carried_from": f.carried_from,
        "history": _history_rows(f, lang),
        "flags": [translate(text, lang) for _, _, text in lifecycle_problems(f, n)],
    }


def register_view(assessment: Assessment, catalogue: Catalogue | None = None, lang: str | None = None) -> dict[str, Any]:
    """The register of ``assessment``: nonconformities (most severe first, in file order within a
    grade) with their lifecycle, the other findings apart, counts by status and the labels."""
    lang = lang or assessment.assessment.language
    lab = register_labels(lang)
    info = assessment.assessment
    as_of = info.end_date or info.start_date
    rows = [finding_row(f, n, catalogue, lang, as_of, lab) for n, f in enumerate(assessment.findings)]
    rank = {g: i for i, g in enumerate(FINDING_GRADES)}
    ncs = sorted((r for r in rows if r["nonconformity"]), key=lambda r: rank[r["grade"]])
    others = sorted((r for r in rows if not r["nonconformity"]), key=lambda r: rank[r["grade"]])
    counts = [{"status": s, "label": localize(FINDING_STATUS_NAMES[s], lang),
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


def _tables(view: dict[str, Any]) -> list[Any]:
    from itsm_assess.planning.tables import Table

    lab, lang = view["labels"], view["lang"]

    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    def verification(r: dict[str, Any], key: str) -> Any:
        v = r["verification"]
        if v is None:
            return None
        return day(v["date"]) if key == "date" else v["effective_label"] if key == "effective" else v[key]

    as_of = lab["reg_as_of"].format(id=view["assessment"]["id"], date=view["assessment"]["as_of"] or "–")
    nc_header = [lab["reg_id"], lab["reg_grade"], lab["reg_requirements"], lab["reg_statement"], lab["reg_evidence"],
                 lab["reg_correction"], lab["reg_correction_date"], lab["reg_root_cause"],
                 lab["reg_corrective_action"], lab["reg_action_date"], lab["reg_owner"], lab["reg_due_date"],
                 lab["reg_status"], lab["reg_verified_on"], lab["reg_verified_by"], lab["reg_effective"],
                 lab["reg_verification_evidence"], lab["reg_closed_date"], lab["reg_carried_from"], lab["reg_flags"]]
    nc_rows = [[r["id"], r["grade_label"], r["requirement_ids"], r["statement"], r["evidence"], r["correction"],
                day(r["correction_date"]), r["root_cause"], r["corrective_action"], day(r["action_date"]), r["owner"],
                day(r["due_date"]), r["status_label"] + (f" ({lab['reg_overdue']})" if r["overdue"] else ""),
                verification(r, "date"), verification(r, "auditor"), verification(r, "effective"),
                verification(r, "evidence"), day(r["closed_date"]), r["carried_from"], "; ".join(r["flags"]) or None]
               for r in view["nonconformities"]]
    other_header = [lab["reg_id"], lab["reg_grade"], lab["reg_requirements"], lab["reg_finding"], lab["reg_evidence"],
                    lab["reg_recommendation"], lab["reg_owner"], lab["reg_status"], lab["reg_carried_from"]]
    other_rows = [[r["id"], r["grade_label"], r["requirement_ids"], r["statement"], r["evidence"], r["recommendation"],
                   r["owner"], r["status_label"], r["carried_from"]] for r in view["others"]]
    history_header = [lab["reg_id"], lab["reg_date"], lab["reg_status"], lab["reg_round"], lab["reg_by"], lab["reg_note"]]
    history_rows = [[r["id"], day(e["date"]), e["status_label"], e["assessment"], e["by"], e["note"]]
                    for r in [*view["nonconformities"], *view["others"]] for e in r["history"]]
    del lang
    return [Table(lab["reg_nonconformities"], nc_header, nc_rows, notes=[lab["reg_title"], as_of]),
            Table(lab["reg_others_sheet"], other_header, other_rows),
            Table(lab["reg_history"], history_header, history_rows)]


def render_register_html(view: dict[str, Any]) -> str:
    """The register as one self-contained HTML page."""
    from itsm_assess._io import theme
    from itsm_assess.i18n.formats import format_date
    from itsm_assess.reports.html import environment

    lang = view["lang"]
    return environment().get_template("register.html.j2").render(
        reg=view, rt=view["labels"], theme=theme, date=lambda value: format_date(value, lang))


def write_register(view: dict[str, Any], path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the register to ``path`` (``.xlsx`` or ``.html``), atomically; refuses to overwrite without ``force``."""
    from itsm_assess.files import write_text_atomic
    from itsm_assess.i18n import message
    from itsm_assess.loading import display_path

    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise InputError(message("{path}: the register is written as .xlsx or .html", path=display_path(target)))
    if target.exists() and not force:
        raise InputError(message("{path}: file exists; use --force to overwrite it", path=display_path(target)))
    if kind == "html":
        write_text_atomic(target, render_register_html(view))
    else:
        from itsm_assess.planning.tables import write_tables_xlsx

        write_tables_xlsx(target, _tables(view), lang=view["lang"])
    return target
