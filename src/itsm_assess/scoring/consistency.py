"""Consistency rules of an assessment: contradictions an auditor would not sign.

:func:`check_assessment` lists every problem with its place (``file:line:col`` when the
assessment was loaded from a file); the scoring model says which rules are errors (scoring
refuses the assessment) and which are warnings (reported beside the results). The same list is
what ``itsm-assess assess check`` prints. Rules and their reasons: docs/scoring.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from itsm_assess.i18n import Message, _p, label_table, message, rendered, translate
from itsm_assess.schema import ATTRIBUTE_LEVEL
from itsm_assess.scoring.conformity import GRADE_ORDER, NC_GRADES
from itsm_assess.scoring.scale import BASE_OF, base_rank

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment, Finding, Response
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.catalogue.model import Requirement
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


#: The codes a rule's message names as assessment.yaml writes them (``major-nc``, ``open``,
#: ``derived``); the user's language adds its own words (Finnish: "merkittävä poikkeama (major-nc)").
CODES_SHOWN = label_table(
    _p("check_code.major-nc", "major-nc"),
    _p("check_code.minor-nc", "minor-nc"),
    _p("check_code.observation", "observation"),
    _p("check_code.ofi", "ofi"),
    _p("check_code.good-practice", "good-practice"),
    _p("check_code.open", "open"),
    _p("check_code.correction-done", "correction-done"),
    _p("check_code.action-done", "action-done"),
    _p("check_code.verified-effective", "verified-effective"),
    _p("check_code.closed", "closed"),
    _p("check_code.derived", "derived"),
)


def _code(code: str | None) -> str:
    """A code in a rule's message (worded when shown)."""
    return Message.label(CODES_SHOWN[code]) if code in CODES_SHOWN else str(code)


def _graded(findings: list[Finding]) -> str:
    """``"F-1 major-nc, F-2 minor-nc"``, each grade worded when shown."""
    return rendered(lambda lang: ", ".join(f"{f.id} {translate(_code(f.grade), lang)}" for f in findings))


def _severity(grade: str | None) -> int:
    return GRADE_ORDER.index(grade) if grade in GRADE_ORDER else len(GRADE_ORDER)


#: ``(rule, location in the assessment, message)``: a problem before the model gives it a severity.
Found = tuple[str, tuple[str | int, ...], str]


def check_assessment(assessment: Assessment, catalogue: Catalogue, model: ScoringModel) -> list[Problem]:
    """Every consistency problem of ``assessment`` under ``model``'s severities, in file order.

    Only processes in scope are checked (requirements outside it are not scored).
    """
    found: list[Found] = _finding_problems(assessment, catalogue)
    explicit: dict[str, list[Finding]] = {}
    for f in assessment.findings:
        for rid in f.requirements:
            explicit.setdefault(rid, []).append(f)
    scope = set(assessment.assessment.scope.processes)
    for i, resp in enumerate(assessment.responses):
        req = catalogue.requirements.get(resp.id)
        if req is not None and req.process in scope:
            found += _response_problems(_ResponseCase(i, resp, req, explicit.get(resp.id, [])), assessment,
                                        catalogue, model)
    if model.levels is not None:
        found += _direct_rating_problems(assessment, catalogue, model, scope)
    severities = model.checks
    return [Problem(rule, severities.get(rule, "warning"), assessment.where(loc), text) for rule, loc, text in found]


def _finding_problems(assessment: Assessment, catalogue: Catalogue) -> list[Found]:
    """Nonconformities that cite only non-shall requirements, then the register rules of each finding."""
    found: list[Found] = []
    for n, f in enumerate(assessment.findings):
        cited = [catalogue.requirements[r] for r in f.requirements if r in catalogue.requirements]
        if f.grade in NC_GRADES and f.is_open and cited and all(r.basis != "shall" for r in cited):
            found.append(("nonconformity-on-non-shall", ("findings", n, "grade"),
                          message("finding {id} is graded {grade} but cites only requirements that are not 'shall' "
                                  "({ids}); it counts as an opportunity for improvement",
                                  id=f.id, grade=_code(f.grade), ids=", ".join(r.id for r in cited))))
    for n, f in enumerate(assessment.findings):
        found += lifecycle_problems(f, n)
    return found


class _ResponseCase:
    """One response in scope with what the rules compare it against: its own grade, the open and
    closed findings of the register on its requirement, and the most severe open grade of all."""

    def __init__(self, index: int, resp: Response, req: Requirement, findings: list[Finding]) -> None:
        self.index, self.resp, self.req, self.rid = index, resp, req, resp.id
        self.na = resp.rating == "NA" or resp.verdict == "na"
        graded = [g for g in (resp.finding, resp.verdict) if g in GRADE_ORDER]
        self.own_grade = min(graded, key=GRADE_ORDER.index) if graded else None
        self.opens = [f for f in findings if f.is_open]
        self.closed = [f for f in findings if not f.is_open]
        self.open_grade = min([self.own_grade, *(f.grade for f in self.opens)], key=_severity)

    def at(self, *field: str) -> tuple[str | int, ...]:
        return ("responses", self.index, *field)


def _response_problems(case: _ResponseCase, assessment: Assessment, catalogue: Catalogue,
                       model: ScoringModel) -> list[Found]:
    return (_not_applicable_problems(case, catalogue) + _grade_problems(case)
            + _verdict_problems(case, model, assessment.assessment.method == "audit"))


def _not_applicable_problems(case: _ResponseCase, catalogue: Catalogue) -> list[Found]:
    """An NA needs a justification, and cannot stand beside an open nonconformity."""
    if not case.na:
        return []
    resp, req, rid = case.resp, case.req, case.rid
    found: list[Found] = []
    if not resp.justification:
        found.append(("na-without-justification", case.at("rating" if resp.rating == "NA" else "verdict"),
                      message("{rid} is marked not applicable without a justification; add 'justification:' (a "
                              "shall requirement the catalogue makes mandatory also needs 'na_accepted: true' from the auditor)",
                              rid=rid)
                      if req.basis == "shall" and catalogue.profile.is_mandatory(req.clause) else
                      message("{rid} is marked not applicable without a justification; add 'justification:'", rid=rid)))
    if case.open_grade in NC_GRADES:
        found.append(("na-with-nonconformity", case.at(),
                      message("{rid} is marked not applicable but carries an open {grade}; a requirement with a "
                              "nonconformity applies: rate it, or close the nonconformity", rid=rid, grade=_code(case.open_grade))))
    return found


def _grade_problems(case: _ResponseCase) -> list[Found]:
    """A nonconformity on the response: only on a shall requirement, and agreeing with the register."""
    resp, rid, own = case.resp, case.rid, case.own_grade
    if own not in NC_GRADES:
        return []
    found: list[Found] = []
    if case.req.basis != "shall":
        found.append(("nonconformity-on-non-shall", case.at("finding" if resp.finding == own else "verdict"),
                      message("{rid} is {basis}, not a shall requirement: it can carry an opportunity for improvement "
                              "at most, not {grade}; it counts as an OFI", rid=rid, basis=_code(case.req.basis), grade=_code(own))))
    if case.closed and not any(_severity(f.grade) <= _severity(own) for f in case.opens):
        found.append(("finding-conflict", case.at(),
                      message("{rid} records {grade} on the response while finding {ids} on it is closed; the open "
                              "grade counts until the response is cleared (or the finding reopened)",
                              rid=rid, grade=_code(own), ids=", ".join(f.id for f in case.closed))))
    elif case.opens and not any(f.grade == own for f in case.opens):
        found.append(("finding-conflict", case.at(),
                      message("{rid} records {grade} on the response but the open finding on it says {findings}; "
                              "the most severe open grade counts", rid=rid, grade=_code(own),
                              findings=_graded(case.opens))))
    return found


def _verdict_problems(case: _ResponseCase, model: ScoringModel, audit: bool) -> list[Found]:
    """The verdict against the open nonconformities and the rating; an audit's undecided low ratings."""
    resp, rid = case.resp, case.rid
    found: list[Found] = []
    if resp.verdict in ("conforming", "ofi") and any(f.grade in NC_GRADES for f in case.opens):
        found.append(("finding-conflict", case.at("verdict"),
                      message("{rid} has verdict {verdict} while the open nonconformity {ids} cites it; the "
                              "nonconformity counts until it is closed or no longer cites {rid}", rid=rid,
                              verdict=resp.verdict, ids=", ".join(f.id for f in case.opens if f.grade in NC_GRADES))))
    # An OFI on weak good practice is the expected grade; on a shall rated N or P it needs a word.
    if (resp.verdict == "conforming" or resp.verdict == "ofi" and case.req.basis == "shall") \
            and resp.rating is not None and resp.rating != "NA" and base_rank(resp.rating) <= base_rank("P"):
        found.append(("verdict-rating-mismatch", case.at("verdict"),
                      message("{rid} has verdict {verdict} but is rated {rating}; record why in 'notes', or revisit "
                              "the verdict or the rating", rid=rid, verdict=resp.verdict, rating=resp.rating)))
    if audit and not case.na and resp.verdict is None and case.req.basis == "shall" and resp.rating is not None \
            and resp.rating not in model.conforming_ratings and case.open_grade not in (*NC_GRADES, "ofi"):
        found.append(("undecided-not-conforming", case.at("rating"),
                      message("{rid} is rated {rating}, below the conforming ratings, with no nonconformity or OFI "
                              "decision recorded; record a 'verdict:' or a finding", rid=rid, rating=resp.rating)))
    return found


def _direct_rating_problems(assessment: Assessment, catalogue: Catalogue, model: ScoringModel,
                            scope: set[str]) -> list[Found]:
    """Direct attribute ratings more than one band from what the evidence gives need a reason."""
    from itsm_assess.scoring.capability import assess_attributes, evidence_items
    from itsm_assess.scoring.gaps import EvidenceItem

    found: list[Found] = []
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
            if got is not None and abs(base_rank(rating) - base_rank(BASE_OF[got.rating])) > 1:
                found.append(("direct-rating-far", ("attribute_ratings", pid, pa),
                              message("{process} {attribute} is rated {rating} directly but its evidence gives "
                                      "{derived}; a rating more than one band away needs a reason in "
                                      "attribute_rating_reasons.{process}.{attribute}",
                                      process=pid, attribute=pa, rating=rating, derived=got.rating)))
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
                                         id=f.id, grade=_code(f.grade), status=_code(f.status), previous=previous.assessment.id,
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
