"""Consistency rules of an assessment: contradictions an auditor would not sign.

:func:`check_assessment` lists every problem with its place (``file:line:col`` when the
assessment was loaded from a file); the scoring model says which rules are errors (scoring
refuses the assessment) and which are warnings (reported beside the results). The same list is
what ``itsm-assess assess check`` prints. Rules and their reasons: docs/scoring.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from itsm_assess.i18n import message, translate
from itsm_assess.schema import ATTRIBUTE_LEVEL
from itsm_assess.scoring.conformity import GRADE_ORDER, NC_GRADES
from itsm_assess.scoring.scale import BASE_OF, base_rank

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment, Finding
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.scoring.model import ScoringModel


class Problem(NamedTuple):
    rule: str
    severity: str
    where: str | None
    message: str

    def line(self, severity: bool = True, lang: str = "en") -> str:
        """``file:line:col: error|warning: message [rule]`` in ``lang`` (without the severity when asked)."""
        place = f"{self.where}: " if self.where else ""
        label = ""
        if severity:
            label = translate(message("error") if self.severity == "error" else message("warning"), lang) + ": "
        return f"{place}{label}{translate(self.message, lang)} [{self.rule}]"


def _severity(grade: str | None) -> int:
    return GRADE_ORDER.index(grade) if grade in GRADE_ORDER else len(GRADE_ORDER)


def check_assessment(assessment: Assessment, catalogue: Catalogue, model: ScoringModel) -> list[Problem]:  # noqa: C901
    """Every consistency problem of ``assessment`` under ``model``'s severities, in file order.

    Only processes in scope are checked (requirements outside it are not scored).
    """
    from itsm_assess.scoring.capability import assess_attributes, evidence_items
    from itsm_assess.scoring.gaps import EvidenceItem

    severities = model.checks
    found: list[Problem] = []

    def add(rule: str, loc: tuple[str | int, ...], message: str) -> None:
        found.append(Problem(rule, severities.get(rule, "warning"), assessment.where(loc), message))

    scope = set(assessment.assessment.scope.processes)
    audit = assessment.assessment.method == "audit"
    explicit: dict[str, list[tuple[int, Finding]]] = {}
    for n, f in enumerate(assessment.findings):
        for rid in f.requirements:
            explicit.setdefault(rid, []).append((n, f))
        cited = [catalogue.requirements[r] for r in f.requirements if r in catalogue.requirements]
        if f.grade in NC_GRADES and f.is_open and cited and all(r.basis != "shall" for r in cited):
            add("nonconformity-on-non-shall", ("findings", n, "grade"),
                message("finding {id} is graded {grade} but cites only requirements that are not 'shall' "
                        "({ids}); it counts as an opportunity for improvement",
                        id=f.id, grade=f.grade, ids=", ".join(r.id for r in cited)))

    for n, f in enumerate(assessment.findings):
        for rule, loc, text in lifecycle_problems(f, n):
            add(rule, loc, text)

    for i, resp in enumerate(assessment.responses):
        req = catalogue.requirements.get(resp.id)
        if req is None or req.process not in scope:
            continue
        rid = resp.id
        na = resp.rating == "NA" or resp.verdict == "na"
        graded = [g for g in (resp.finding, resp.verdict) if g in GRADE_ORDER]
        own_grade = min(graded, key=GRADE_ORDER.index) if graded else None
        opens = [(n, f) for n, f in explicit.get(rid, []) if f.is_open]
        closed = [(n, f) for n, f in explicit.get(rid, []) if not f.is_open]
        open_grade = min([own_grade, *(f.grade for _, f in opens)], key=_severity)
        if na:
            if not resp.justification:
                add("na-without-justification", ("responses", i, "rating" if resp.rating == "NA" else "verdict"),
                    message("{rid} is marked not applicable without a justification; add 'justification:' (a "
                            "shall requirement the catalogue makes mandatory also needs 'na_accepted: true' from the auditor)",
                            rid=rid)
                    if req.basis == "shall" and catalogue.profile.is_mandatory(req.clause) else
                    message("{rid} is marked not applicable without a justification; add 'justification:'", rid=rid))
            if open_grade in NC_GRADES:
                add("na-with-nonconformity", ("responses", i),
                    message("{rid} is marked not applicable but carries an open {grade}; a requirement with a "
                            "nonconformity applies: rate it, or close the nonconformity", rid=rid, grade=open_grade))
        if own_grade in NC_GRADES and req.basis != "shall":
            add("nonconformity-on-non-shall", ("responses", i, "finding" if resp.finding == own_grade else "verdict"),
                message("{rid} is {basis}, not a shall requirement: it can carry an opportunity for improvement "
                        "at most, not {grade}; it counts as an OFI", rid=rid, basis=req.basis, grade=own_grade))
        if own_grade is not None and own_grade in NC_GRADES:
            if closed and not any(_severity(f.grade) <= _severity(own_grade) for _, f in opens):
                ids = ", ".join(f.id for _, f in closed)
                add("finding-conflict", ("responses", i),
                    message("{rid} records {grade} on the response while finding {ids} on it is closed; the open "
                            "grade counts until the response is cleared (or the finding reopened)",
                            rid=rid, grade=own_grade, ids=ids))
            elif opens and not any(f.grade == own_grade for _, f in opens):
                grades = ", ".join(f"{f.id} {f.grade}" for _, f in opens)
                add("finding-conflict", ("responses", i),
                    message("{rid} records {grade} on the response but the open finding on it says {findings}; "
                            "the most severe open grade counts", rid=rid, grade=own_grade, findings=grades))
        if resp.verdict in ("conforming", "ofi") and any(f.grade in NC_GRADES for _, f in opens):
            ids = ", ".join(f.id for _, f in opens if f.grade in NC_GRADES)
            add("finding-conflict", ("responses", i, "verdict"),
                message("{rid} has verdict {verdict} while the open nonconformity {ids} cites it; the "
                        "nonconformity counts until it is closed or no longer cites {rid}",
                        rid=rid, verdict=resp.verdict, ids=ids))
        # An OFI on weak good practice is the expected grade; on a shall rated N or P it needs a word.
        if (resp.verdict == "conforming" or resp.verdict == "ofi" and req.basis == "shall") \
                and resp.rating is not None and resp.rating != "NA" and base_rank(resp.rating) <= base_rank("P"):
            add("verdict-rating-mismatch", ("responses", i, "verdict"),
                message("{rid} has verdict {verdict} but is rated {rating}; record why in 'notes', or revisit "
                        "the verdict or the rating", rid=rid, verdict=resp.verdict, rating=resp.rating))
        if audit and not na and resp.verdict is None and req.basis == "shall" and resp.rating is not None \
                and resp.rating not in model.conforming_ratings and open_grade not in (*NC_GRADES, "ofi"):
            add("undecided-not-conforming", ("responses", i, "rating"),
                message("{rid} is rated {rating}, below the conforming ratings, with no nonconformity or OFI "
                        "decision recorded; record a 'verdict:' or a finding", rid=rid, rating=resp.rating))

    # Direct attribute ratings far from what the evidence gives need a reason.
    if model.levels is not None:
        responses = assessment.response_map()
        for pid, direct in assessment.attribute_ratings.items():
            if pid not in scope or pid not in catalogue.processes:
                continue
            reasons = assessment.attribute_rating_reasons.get(pid, {})
            for pa, rating in direct.items():
                if rating == "NA" or pa in reasons or ATTRIBUTE_LEVEL[pa] > (model.max_level or 0):
                    continue
                items = [EvidenceItem(i, w, r, None)
                         for i, w, r in evidence_items(pid, pa, catalogue, responses, model.weighted)]
                derived, _ = assess_attributes({}, {pa: items}, _without_safeguards(model))
                got = derived.get(pa)
                if got is None:
                    continue
                distance = abs(base_rank(rating) - base_rank(BASE_OF[got.rating]))
                if distance > 1:
                    add("direct-rating-far", ("attribute_ratings", pid, pa),
                        message("{process} {attribute} is rated {rating} directly but its evidence gives "
                                "{derived}; a rating more than one band away needs a reason in "
                                "attribute_rating_reasons.{process}.{attribute}",
                                process=pid, attribute=pa, rating=rating, derived=got.rating))
    return found


def lifecycle_problems(finding: Finding, n: int) -> list[tuple[str, tuple[str | int, ...], str]]:
    """The register rules of one nonconformity (``findings[n]``): ``(rule, loc, message)`` each.

    Closing needs a verification of effectiveness; each status needs its record (a correction
    from ``correction-done`` on, a root cause and a corrective action from ``action-done`` on);
    its history may not jump over steps (open -> closed). OFIs and observations have no lifecycle.
    """
    from itsm_assess.assessment import FINDING_STATUSES

    if not finding.is_nonconformity:
        return []
    out: list[tuple[str, tuple[str | int, ...], str]] = []
    fid, status = finding.id, finding.status
    if status == "closed" and finding.verification is None:
        out.append(("closed-without-verification", ("findings", n, "status"),
                    message("nonconformity {id} is closed without a verification of effectiveness; record "
                            "'verification:' (date, auditor) or keep it open", id=fid)))
    rank = FINDING_STATUSES.index(status)
    missing = [name for name, needed_from, value in (
        ("correction", 1, finding.correction), ("root_cause", 2, finding.root_cause),
        ("corrective_action", 2, finding.corrective_action)) if rank >= needed_from and not value]
    if missing:
        out.append(("lifecycle-record-missing", ("findings", n, "status"),
                    message("nonconformity {id} is {status} but has no {fields} recorded",
                            id=fid, status=status, fields=", ".join(missing))))
    steps: list[tuple[tuple[str | int, ...], str]] = [
        (("findings", n, "history", k, "status"), e.status) for k, e in enumerate(finding.history)]
    steps.append((("findings", n, "status"), status))
    for (_, before), (loc, after) in zip(steps, steps[1:], strict=False):
        skipped = FINDING_STATUSES[FINDING_STATUSES.index(before) + 1:FINDING_STATUSES.index(after)]
        if skipped:
            out.append(("status-skips-step", loc,
                        message("nonconformity {id} went from {before} to {after}, skipping {skipped}",
                                id=fid, before=before, after=after, skipped=", ".join(skipped))))
    return out


def check_followup(current: Assessment, previous: Assessment, model: ScoringModel | None = None) -> list[Problem]:
    """Findings open in ``previous`` that ``current`` (its next round) no longer has: each is a problem.

    A finding is followed up by carrying it into the next round (``assess new --from``) and
    recording what happens to it there; one that is simply absent has disappeared without a
    closure. The problems point at the finding in the previous file.
    """
    from itsm_assess.errors import InputError

    follows = current.assessment.previous
    if follows is not None and follows != previous.assessment.id:
        raise InputError(message("{current} follows {follows}, not {previous}",
                                 current=current.assessment.id, follows=follows, previous=previous.assessment.id))
    now = {f.id for f in current.findings}
    found = []
    for n, f in enumerate(previous.findings):
        if f.is_open and f.id not in now:
            severity = model.checks.get("finding-disappeared", "error") if model is not None else "error"
            found.append(Problem("finding-disappeared", severity,
                                 previous.where(("findings", n, "id")),
                                 message("finding {id} ({grade}, {status} in {previous}) is absent from {current} "
                                         "with no closure; carry it over and record what became of it",
                                         id=f.id, grade=f.grade, status=f.status, previous=previous.assessment.id,
                                         current=current.assessment.id)))
    return found


def _without_safeguards(model: ScoringModel) -> ScoringModel:
    """``model`` with coverage, indicator and cap safeguards off: the plain band of the evidence."""
    from dataclasses import replace

    return replace(model, capability=model.capability.model_copy(
        update={"coverage": 0, "indicators_from_level": 6}))


def errors_and_warnings(problems: list[Problem]) -> tuple[list[str], list[str]]:
    """The problem lines split into errors and warnings."""
    errors = [p.line(severity=False) for p in problems if p.severity == "error"]
    warnings = [p.line(severity=False) for p in problems if p.severity != "error"]
    return errors, warnings
