"""The corrective-action plan's decisions: which actions, in what order, with what priority.

One action per open nonconformity, then one per gap to the target profile, then the actions the
consultant added (read back by ``report import-actions``). Priority is High, Medium or Low by one
stated rule (the report's method section words it):

* High: an open major nonconformity, or a process that is not performed (capability level 0)
  and has a target: its PA 1.1 gap.
* Medium: an open minor nonconformity, or a gap in an attribute the next capability level needs
  (an attribute of that level or below).
* Low: a gap in an attribute only a later level needs.

The results' numeric gap priority stays with the action as ``score`` and orders actions of the
same priority. Nothing here is worded: ``reports.action_plan`` turns these into the plan's rows
in the report's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from itsm_assess.schema import ATTRIBUTE_LEVEL

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.scoring.contract import FindingEntry, GapEntry, ResultsContract

Priority = Literal["high", "medium", "low", "none"]
ActionKind = Literal["nc", "gap", "own"]

PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
NONCONFORMITIES: tuple[str, ...] = ("major-nc", "minor-nc")
ACTION_STATUSES: tuple[str, ...] = ("open", "in-progress", "done")
_FAMILY_ORDER = ("N", "P", "L", "F")


@dataclass(frozen=True)
class PlannedAction:
    """One action of the plan, before it is worded. ``key`` is its id: the finding id of a
    nonconformity, ``PROCESS-PAx.y`` of a gap, the consultant's own id of an added action."""

    key: str
    kind: ActionKind
    priority: Priority
    process: str = ""
    attribute: str = ""
    rating: str | None = None
    needed: str | None = None
    target_level: int | None = None
    #: Every requirement behind the action, and those of them that fall short (named in its text).
    requirements: tuple[str, ...] = ()
    weak_requirements: tuple[str, ...] = ()
    grade: str | None = None
    findings: tuple[str, ...] = ()
    #: What the nonconformity found, as its auditor wrote it (None when nobody wrote a statement).
    statement: str | None = None
    #: Advice of the linked findings that have no action of their own.
    recommendation: str | None = None
    owner: str | None = None
    due_date: str | None = None
    #: The results' numeric gap priority (gaps only).
    score: float | None = None
    #: Follow-up kept in the assessment (``actions:``): status and notes; ``text`` of an added action.
    status: str = "open"
    notes: str | None = None
    text: str | None = None


def gap_priority(attribute: str, capability_level: int | None) -> Priority:
    """High / medium / low of a gap in ``attribute`` of a process at ``capability_level``."""
    level = ATTRIBUTE_LEVEL.get(attribute, 1)
    current = capability_level or 0
    if level == 1 and current == 0:
        return "high"
    if level <= current + 1:
        return "medium"
    return "low"


def nonconformity_priority(grade: str) -> Priority:
    """High for an open major nonconformity, medium for a minor one."""
    return "high" if grade == "major-nc" else "medium"


def below_needed(rating: str | None, needed: str) -> bool:
    """True when ``rating`` falls short of ``needed`` (unrated does; an accepted NA never does)."""
    if rating == "NA":
        return False
    if not rating or rating[0] not in _FAMILY_ORDER:
        return True
    return _FAMILY_ORDER.index(rating[0]) < _FAMILY_ORDER.index((needed or "F")[0])


def weak_requirements(gap: GapEntry) -> list[str]:
    """The items holding a gap back that fall short themselves (rated below what is needed or
    carrying a nonconformity); all of them when none does (they are held back by coverage)."""
    needed = gap.get("needed") or "L"
    items = gap.get("requirements") or []
    weak = [r["id"] for r in items if below_needed(r.get("rating"), needed) or r.get("finding") in NONCONFORMITIES]
    return weak or [r["id"] for r in items]


def open_nonconformities(findings: list[FindingEntry]) -> list[FindingEntry]:
    """Open major, then minor nonconformities, by id: each gets an action whatever the target."""
    found = [f for f in findings if f.get("grade") in NONCONFORMITIES and (f.get("status") or "open") == "open"]
    return sorted(found, key=lambda f: (NONCONFORMITIES.index(f["grade"]), str(f.get("id"))))


def plan_actions(results: ResultsContract, assessment: Assessment | None = None) -> list[PlannedAction]:
    """Every action of the plan in its order: nonconformities, gaps by priority, added actions.

    ``assessment`` adds owners and due dates of findings (older results do not carry them) and the
    follow-up recorded in its ``actions:`` (owner, due date, status, notes, added actions).
    """
    owners = _finding_owners(assessment)
    records = {r.id: r for r in (assessment.actions if assessment is not None else [])}
    ncs = open_nonconformities(results["findings"])
    planned = [_nonconformity_action(f, owners) for f in ncs]
    nc_ids = {f.get("id") for f in ncs}
    gaps = [_gap_action(gap, results, _open_findings_by_requirement(results["findings"]), nc_ids, owners)
            for gap in results["gaps"]]
    # Stable: within a priority, the results' own order (highest score first) stands.
    planned.extend(sorted(gaps, key=lambda a: PRIORITIES.index(a.priority)))
    keys = {a.key for a in planned}
    planned.extend(PlannedAction(key=r.id, kind="own", priority="none", text=r.action)
                   for r in records.values() if r.action and r.id not in keys)
    return [_with_follow_up(a, records.get(a.key)) for a in planned]


def _finding_owners(assessment: Assessment | None) -> dict[str, tuple[str | None, str | None]]:
    if assessment is None:
        return {}
    return {f.id: (f.owner, f.due_date.isoformat() if f.due_date else None) for f in assessment.findings}


def _owner_and_due(f: FindingEntry, owners: dict[str, tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """The finding's owner and due date: from the results, or from the assessment for older results."""
    known = owners.get(str(f.get("id")), (None, None))
    return f.get("owner") or known[0], f.get("due_date") or known[1]


def _nonconformity_action(f: FindingEntry, owners: dict[str, tuple[str | None, str | None]]) -> PlannedAction:
    reqs = tuple(f.get("requirements") or [])
    processes = f.get("processes") or []
    owner, due = _owner_and_due(f, owners)
    return PlannedAction(
        key=str(f.get("id")), kind="nc", priority=nonconformity_priority(f["grade"]),
        process=processes[0] if processes else "", requirements=reqs, weak_requirements=reqs, grade=f["grade"],
        findings=(str(f.get("id")),), recommendation=f.get("recommendation"), owner=owner, due_date=due,
        statement=None if f.get("statement_default") else f.get("statement") or None,
    )


def _open_findings_by_requirement(findings: list[FindingEntry]) -> dict[str, list[FindingEntry]]:
    """Open findings other than good practice, by the requirements they name."""
    by_req: dict[str, list[FindingEntry]] = {}
    for f in findings:
        if (f.get("status") or "open") != "open" or f.get("grade") == "good-practice":
            continue
        for rid in f.get("requirements") or []:
            by_req.setdefault(rid, []).append(f)
    return by_req


def _gap_action(gap: GapEntry, results: ResultsContract, findings_by_req: dict[str, list[FindingEntry]],
                nc_ids: set[str], owners: dict[str, tuple[str | None, str | None]]) -> PlannedAction:
    pid, pa = gap["process"], gap["attribute"]
    weak = weak_requirements(gap)
    linked: list[FindingEntry] = []
    for rid in weak:
        for f in findings_by_req.get(rid, []):
            if f not in linked:
                linked.append(f)
    # Nonconformities have actions of their own; the gap cites them and carries the other advice.
    advice = [f["recommendation"] for f in linked if f.get("recommendation") and f.get("id") not in nc_ids]
    follow_up = [_owner_and_due(f, owners) for f in linked]
    return PlannedAction(
        key=f"{pid}-{pa}", kind="gap", priority=gap_priority(pa, _current_level(results, gap)),
        process=pid, attribute=pa, rating=gap.get("rating"), needed=gap.get("needed") or "L",
        target_level=gap.get("target_level"), requirements=tuple(r["id"] for r in gap.get("requirements") or []),
        weak_requirements=tuple(weak), findings=tuple(str(f.get("id")) for f in linked),
        recommendation="; ".join(a for a in advice if a) or None,
        owner=next((o for o, _ in follow_up if o), None), due_date=next((d for _, d in follow_up if d), None),
        score=gap.get("priority"),
    )


def _current_level(results: ResultsContract, gap: GapEntry) -> int | None:
    """The process's capability level: from the gap, or (older results) from the process."""
    if "capability_level" in gap:
        return gap["capability_level"]
    process = results["processes"].get(gap["process"])
    return process.get("capability_level") if process is not None else None


def _with_follow_up(action: PlannedAction, record: object | None) -> PlannedAction:
    """The action with the owner, due date, status and notes the assessment keeps for it."""
    from dataclasses import replace

    if record is None:
        return action
    due = getattr(record, "due_date", None)
    return replace(action, owner=getattr(record, "owner", None) or action.owner,
                   due_date=due.isoformat() if due else action.due_date,
                   status=getattr(record, "status", None) or "open", notes=getattr(record, "notes", None))
