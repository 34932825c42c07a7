"""The corrective-action plan: one row per open nonconformity, then the gap actions toward the targets.

Priority is High, Medium or Low by one stated rule (:data:`PRIORITY_RULE_KEYS` words it in the
method section):

* High: an open major nonconformity, or a process that is not performed (capability level 0)
  and has a target: its PA 1.1 gap.
* Medium: an open minor nonconformity, or a gap in an attribute the next capability level needs
  (an attribute of that level or below).
* Low: a gap in an attribute only a later level needs.

The results' numeric gap priority stays in the row as ``score`` (JSON) and orders rows of the
same priority. Action texts are generated in the report's language and name requirements by
title; the assessor's own recommendation stays in its own field, as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itsm_assess.i18n import localize
from itsm_assess.schema import ATTRIBUTE_LEVEL

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue

PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
NONCONFORMITIES: tuple[str, ...] = ("major-nc", "minor-nc")
ACTION_STATUSES: tuple[str, ...] = ("open", "in-progress", "done")
#: Labels of the rule's sentences, in the order the method section prints them.
PRIORITY_RULE_KEYS: tuple[str, ...] = ("priority_rule_high", "priority_rule_medium", "priority_rule_low")
#: How many requirement titles an action names before "and N more".
MAX_TITLES = 4
_FAMILY_ORDER = ("N", "P", "L", "F")


def gap_priority(attribute: str, capability_level: int | None) -> str:
    """High / medium / low of a gap in ``attribute`` of a process at ``capability_level``."""
    level = ATTRIBUTE_LEVEL.get(attribute, 1)
    current = capability_level or 0
    if level == 1 and current == 0:
        return "high"
    if level <= current + 1:
        return "medium"
    return "low"


def requirement_title(item_id: str, catalogue: Catalogue | None, lang: str) -> str:
    """The title of a requirement (``CHG-02``) or capability indicator item (``CHG:IND2.1a``)."""
    if catalogue is None:
        return item_id
    req = catalogue.requirements.get(item_id)
    if req is not None:
        return localize(req.title, lang) or item_id
    _, _, indicator = item_id.partition(":")
    ind = catalogue.indicators.get(indicator) if indicator else None
    if ind is not None:
        return localize(ind.title, lang) or item_id
    return item_id


def titles_phrase(titles: list[str], lab: dict[str, str]) -> str:
    """``"A; B; C"``, or the first few and "and N more"."""
    shown = titles[:MAX_TITLES]
    text = "; ".join(shown)
    if len(titles) > MAX_TITLES:
        text += " " + lab["and_more"].format(count=len(titles) - MAX_TITLES)
    return text


def _below(rating: str | None, needed: str) -> bool:
    if rating == "NA":
        return False
    if not rating or rating[0] not in _FAMILY_ORDER:
        return True
    return _FAMILY_ORDER.index(rating[0]) < _FAMILY_ORDER.index((needed or "F")[0])


def build_action_plan(
    results: dict[str, Any],
    assessment: Assessment | None,
    catalogue: Catalogue | None,
    process_titles: dict[str, str],
    lab: dict[str, str],
    lang: str,
    grade_label: Any,
) -> list[dict[str, Any]]:
    """The rows of the corrective-action plan, numbered, nonconformities first."""
    records = _action_records(assessment)
    # Owners and due dates of findings: from the results, or from the assessment for older results.
    owners = {f.id: (f.owner, f.due_date.isoformat() if f.due_date else None)
              for f in (assessment.findings if assessment is not None else [])}

    def owner_of(f: dict[str, Any]) -> tuple[Any, Any]:
        known = owners.get(str(f.get("id")), (None, None))
        return f.get("owner") or known[0], f.get("due_date") or known[1]

    rows: list[dict[str, Any]] = []
    nc_findings = [f for f in results["findings"]
                   if f.get("grade") in NONCONFORMITIES and (f.get("status") or "open") == "open"]
    nc_findings.sort(key=lambda f: (NONCONFORMITIES.index(f["grade"]), str(f.get("id"))))
    for f in nc_findings:
        reqs = list(f.get("requirements") or [])
        titles = [requirement_title(r, catalogue, lang) for r in reqs]
        processes = list(f.get("processes") or [])
        pid = processes[0] if processes else ""
        grade = f["grade"]
        text = lab[f"action_correct_{grade}"].format(finding=f.get("id"))
        if titles:
            text += ": " + titles_phrase(titles, lab)
        elif pid:
            text += ": " + process_titles.get(pid, pid)
        rows.append(_row(
            records, key=str(f.get("id")), kind="nc", priority="high" if grade == "major-nc" else "medium",
            lab=lab, process=pid, process_title=process_titles.get(pid, pid), attribute="", attribute_name="",
            rating=None, needed=None, target_level=None, requirements=reqs, weak_requirements=reqs, titles=titles, grade=grade,
            grade_label=grade_label(grade), findings=[f.get("id")], action=text,
            recommendation=f.get("recommendation"), owner=owner_of(f)[0], due_date=owner_of(f)[1], score=None,
        ))
    nc_ids = {f.get("id") for f in nc_findings}
    findings_by_req: dict[str, list[dict[str, Any]]] = {}
    for f in results["findings"]:
        if (f.get("status") or "open") != "open" or f.get("grade") == "good-practice":
            continue
        for rid in f.get("requirements") or []:
            findings_by_req.setdefault(rid, []).append(f)
    gap_rows = []
    for gap in results["gaps"]:
        pid = gap.get("process")
        pa = gap.get("attribute")
        needed = gap.get("needed") or "L"
        reqs = gap.get("requirements") or []
        weak = [r["id"] for r in reqs if _below(r.get("rating"), needed) or r.get("finding") in NONCONFORMITIES] \
            or [r["id"] for r in reqs]
        titles = [requirement_title(r, catalogue, lang) for r in weak]
        title = process_titles.get(pid, pid)
        text = lab["action_text" if gap.get("rating") else "action_text_unrated"].format(
            attribute=pa, attribute_name=lab.get(pa, ""), process=title, rating=gap.get("rating"), needed=needed,
            # For languages that join a name to a word ("Muutoksenhallinta-prosessin", "X Y -prosessin").
            process_prefix=title + (" -" if " " in title else "-"),
        )
        if titles:
            text = lab["action_with_requirements"].format(action=text, ids=titles_phrase(titles, lab))
        linked: list[dict[str, Any]] = []
        for rid in weak:
            for f in findings_by_req.get(rid, []):
                if f not in linked:
                    linked.append(f)
        # Nonconformities have rows of their own; the gap row cites them and carries the other advice.
        advice = [f["recommendation"] for f in linked if f.get("recommendation") and f.get("id") not in nc_ids]
        owner = next((owner_of(f)[0] for f in linked if owner_of(f)[0]), None)
        due = next((owner_of(f)[1] for f in linked if owner_of(f)[1]), None)
        gap_rows.append(_row(
            records, key=f"{pid}-{pa}", kind="gap", priority=gap_priority(pa, _current_level(results, gap)), lab=lab,
            process=pid, process_title=process_titles.get(pid, pid), attribute=pa, attribute_name=lab.get(pa, ""),
            rating=gap.get("rating"), needed=needed, target_level=gap.get("target_level"),
            requirements=[r["id"] for r in reqs], weak_requirements=weak, titles=titles, grade=None, grade_label="",
            findings=[f.get("id") for f in linked], action=text, recommendation="; ".join(advice) or None,
            owner=owner, due_date=due, score=gap.get("priority"),
        ))
    # Stable: within a priority, the results' own order (highest score first) stands.
    gap_rows.sort(key=lambda r: PRIORITIES.index(r["priority"]))
    rows.extend(gap_rows)
    # Actions the consultant added to the plan (read back by import-actions): last, without a computed priority.
    for record in getattr(assessment, "actions", None) or []:
        if record.action and record.id not in {r["id"] for r in rows}:
            rows.append(_row(
                records, key=record.id, kind="own", priority="none", lab=lab, process="", process_title="",
                attribute="", attribute_name="", rating=None, needed=None, target_level=None, requirements=[],
                weak_requirements=[], titles=[], grade=None, grade_label="", findings=[], action=record.action,
                recommendation=None, owner=None, due_date=None, score=None,
            ))
    for n, row in enumerate(rows, start=1):
        row["no"] = n
    return rows


def _current_level(results: dict[str, Any], gap: dict[str, Any]) -> int | None:
    """The process's capability level: from the gap, or (older results) from the process."""
    if "capability_level" in gap:
        return gap["capability_level"]  # type: ignore[no-any-return]
    return (results["processes"].get(gap.get("process")) or {}).get("capability_level")


def _row(records: dict[str, dict[str, Any]], *, key: str, kind: str, priority: str, lab: dict[str, str],
         titles: list[str], owner: Any, due_date: Any, **fields: Any) -> dict[str, Any]:
    from itsm_assess.reports.view_model import rating_family

    record = records.get(key, {})
    status = record.get("status") or "open"
    return {
        "no": 0,
        "id": key,
        "kind": kind,
        "priority": priority,
        "priority_label": lab.get(f"priority_{priority}", "–"),
        **fields,
        "family": rating_family(fields.get("rating")),
        "requirement_titles": titles,
        "owner": record.get("owner") or owner,
        "due_date": record.get("due_date") or due_date,
        "status": status,
        "status_label": lab.get(f"action_status_{status}", status),
        "notes": record.get("notes"),
    }


def _action_records(assessment: Assessment | None) -> dict[str, dict[str, Any]]:
    """Owner, due date, status and notes kept in the assessment (``actions:``), by action id."""
    if assessment is None:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for record in getattr(assessment, "actions", None) or []:
        out[record.id] = {
            "owner": record.owner,
            "due_date": record.due_date.isoformat() if record.due_date else None,
            "status": record.status,
            "notes": record.notes,
        }
    return out
