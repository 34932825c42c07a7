"""Scoring an assessment: :func:`score` returns :class:`Results`, whose ``to_dict()`` is the
stable JSON contract ``itsm-assess/results`` (schema version 1) that reports consume."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from itsm_assess.assessment import row_finding_id
from itsm_assess.errors import InputError
from itsm_assess.i18n import message
from itsm_assess.schema import clause_key
from itsm_assess.scoring.capability import (
    AttributeRating,
    NotRated,
    assess_attributes,
    capability_level,
)
from itsm_assess.scoring.conformity import (
    GRADE_ORDER,
    NC_GRADES,
    NOT_ASSESSED,
    ReadinessEvidence,
    Tally,
    clause_ancestors,
    clauses_outside_scope,
    most_severe,
    readiness,
    requirement_verdict,
)
from itsm_assess.scoring.consistency import check_assessment, errors_and_warnings
from itsm_assess.scoring.gaps import EvidenceItem, Gap, process_gaps
from itsm_assess.scoring.scale import SCALE_RATINGS, share

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.catalogue.model import Process, Requirement
    from itsm_assess.scoring.contract import (
        AssessmentInfo,
        ComplianceFigures,
        FindingEntry,
        ProcessEntry,
        ReadinessEntry,
        RequirementEntry,
        ResultsContract,
    )
    from itsm_assess.scoring.model import ScoringModel

RESULTS_FORMAT = "itsm-assess/results"
RESULTS_SCHEMA_VERSION = 1


def _ratio(part: int, whole: int) -> float | None:
    """``share(Fraction(part, whole))`` without building the Fraction (the same float)."""
    return round(part / whole, 4) if whole else None


def _tally_dict(t: Tally, coverage_needed: Fraction) -> ComplianceFigures:
    """Compliance figures of a tally; both null when too few applicable shall requirements were
    assessed to state one (``compliance_status`` says which)."""
    counts = t.counts
    assessed = counts["conforming"] + counts["not_conforming"]
    applicable = assessed + counts["not_assessed"]
    # assessed / applicable >= needed, in integers
    stated = applicable > 0 and assessed * coverage_needed.denominator >= coverage_needed.numerator * applicable
    status = "stated" if stated else ("nothing-assessed" if not assessed else "insufficient-coverage")
    return {"compliance": _ratio(counts["conforming"], assessed) if stated else None,
            "compliance_weighted": _ratio(t.weight_conforming, t.weight_assessed) if stated else None,
            "compliance_status": status,
            "coverage": _ratio(assessed, applicable),
            "counts": dict(counts)}


@dataclass
class RequirementResult:
    id: str
    process: str
    clause: str
    title: dict[str, str]
    weight: int
    attribute: str
    rating: str | None
    achievement: Fraction | None
    conformity: str
    finding: str | None
    evidence: str | None
    notes: str | None
    basis: str = "shall"
    verdict: str = "not-audited"
    #: "recorded" (the auditor's verdict or finding decides) or "derived" (read off the rating).
    verdict_source: str = "derived"
    na_accepted: bool | None = None
    justification: str | None = None
    #: The response's evidence log as plain data (``EvidenceEntry`` dumped), beside the verdict.
    evidence_log: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> RequirementEntry:
        return {"process": self.process, "clause": self.clause, "title": self.title, "weight": self.weight,
                "attribute": self.attribute, "rating": self.rating, "achievement": share(self.achievement),
                "conformity": self.conformity, "finding": self.finding, "evidence": self.evidence,
                "notes": self.notes, "basis": self.basis, "verdict": self.verdict,
                "verdict_source": self.verdict_source, "derived": self.verdict_source == "derived",
                "na_accepted": self.na_accepted, "justification": self.justification,
                "evidence_log": self.evidence_log}


@dataclass
class ProcessResult:
    id: str
    title: dict[str, str]
    clauses: list[str]
    capability_level: int | None
    level_name: dict[str, str] | None
    target_level: int | None
    attributes: dict[str, AttributeRating]
    tally: Tally
    not_rated: dict[str, NotRated] = field(default_factory=dict)
    has_levels: bool = True
    coverage_needed: Fraction = Fraction(4, 5)

    @property
    def level_gap(self) -> int | None:
        if self.capability_level is None or self.target_level is None:
            return None
        return max(0, self.target_level - self.capability_level)

    def as_dict(self) -> ProcessEntry:
        return {
            "title": self.title,
            "clauses": self.clauses,
            "capability_level": self.capability_level,
            # "rated", or "not-rated" when PA 1.1 has no rating the evidence supports (never level 0);
            # null for a model without levels.
            "level_status": ("rated" if self.capability_level is not None else "not-rated") if self.has_levels else None,
            "level_name": self.level_name,
            "target_level": self.target_level,
            "level_gap": self.level_gap,
            "attributes": {
                pa: {
                    "rating": a.rating,
                    "achievement": share(a.achievement),
                    "source": a.source,
                    "items_rated": a.items_rated,
                    "items_applicable": a.items_applicable,
                    "coverage": share(a.coverage),
                    **({"derived_rating": a.derived_rating, "derived_achievement": share(a.derived_achievement)}
                       if a.source == "direct" else {}),
                    **({"capped_by": list(a.capped_by), "uncapped_rating": a.uncapped_rating}
                       if a.capped_by else {}),
                }
                for pa, a in self.attributes.items()
            },
            "attributes_not_rated": {
                pa: {"reasons": list(n.reasons), "items_rated": n.items_rated,
                     "items_applicable": n.items_applicable, "coverage": share(n.coverage)}
                for pa, n in self.not_rated.items()
            },
            **_tally_dict(self.tally, self.coverage_needed),
        }


@dataclass
class Results:
    """Everything :func:`score` computed; ``to_dict()`` gives the JSON contract."""

    assessment: AssessmentInfo
    model: ScoringModel
    processes: dict[str, ProcessResult]
    clauses: dict[str, tuple[dict[str, str], Tally]]
    requirements: dict[str, RequirementResult]
    findings: list[FindingEntry]
    readiness: ReadinessEntry
    gaps: list[Gap]
    overall: Tally
    warnings: list[str] = field(default_factory=list)

    def processes_below(self, level: int) -> list[str]:
        """Ids of in-scope processes whose capability level is below ``level`` or not rated."""
        return [pid for pid, p in self.processes.items()
                if p.has_levels and (p.capability_level is None or p.capability_level < level)]

    def to_dict(self) -> ResultsContract:
        m = self.model
        by_grade = dict.fromkeys(GRADE_ORDER, 0)
        by_status: dict[str, dict[str, int]] = {"open": dict.fromkeys(GRADE_ORDER, 0),
                                                "closed": dict.fromkeys(GRADE_ORDER, 0)}
        for f in self.findings:
            by_grade[f["grade"]] += 1
            by_status[f["status"]][f["grade"]] += 1
        coverage_needed = m.compliance_coverage
        overall = _tally_dict(self.overall, coverage_needed)
        derived = sum(1 for q in self.requirements.values() if q.verdict_source == "derived"
                      and q.basis == "shall" and q.conformity in ("conforming", "not-conforming"))
        return {
            "format": RESULTS_FORMAT,
            "schema_version": RESULTS_SCHEMA_VERSION,
            "assessment": self.assessment,
            "model": {
                "id": m.id,
                "version": m.version,
                "title": m.title,
                "kind": m.kind,
                "scale": [b.as_dict() for b in m.scale.bands],
                "values": {k: share(v) for k, v in m.scale.values.items()},
                "max_level": m.max_level,
                "level_names": [dict(n) for n in m.levels.names] if m.levels else [],
                "level_rule": {"current": m.levels.current, "lower": m.levels.lower,
                               "min_level": m.levels.min_level} if m.levels else None,
                "weighted": m.weighted,
                "conforming_ratings": sorted(m.conforming_ratings, key=SCALE_RATINGS.index),
                "blocking_findings": [g for g in GRADE_ORDER if g in m.blocking_findings],
                "capability": {"coverage": float(m.capability.coverage),
                               "indicators_from_level": m.capability.indicators_from_level,
                               "cap_rating": m.capability.cap_rating, "cap_weight": m.capability.cap_weight},
                "audit": {"compliance_coverage": float(m.audit.compliance_coverage),
                          "readiness_coverage": float(m.audit.readiness_coverage)},
            },
            "processes": {pid: p.as_dict() for pid, p in self.processes.items()},
            "clauses": {c: {"title": title, **_tally_dict(t, coverage_needed)} for c, (title, t) in self.clauses.items()},
            "requirements": {rid: req.as_dict() for rid, req in self.requirements.items()},
            "findings": self.findings,
            # All findings, open or closed (as before); the two apart below.
            "findings_by_grade": by_grade,
            "findings_open_by_grade": by_status["open"],
            "findings_closed_by_grade": by_status["closed"],
            "readiness": self.readiness.copy(),
            "gaps": [g.as_dict() for g in self.gaps],
            "overall": {
                "compliance": overall["compliance"],
                "compliance_weighted": overall["compliance_weighted"],
                "requirements_in_scope": self.overall.total,
                "assessed": self.overall.total - self.overall.counts["not_assessed"],
                "counts": dict(self.overall.counts),
                "compliance_status": overall["compliance_status"],
                "coverage": overall["coverage"],
                # How many shall requirements' conformity was read off N/P/L/F (the model's rule).
                "conformity_derived": derived,
                "conformity_recorded": self.overall.assessed - derived,
            },
            "warnings": self.warnings,
        }


def score(assessment: Assessment, catalogue: Catalogue, model: ScoringModel | None = None) -> Results:
    """Score ``assessment`` against ``catalogue`` with ``model`` (default: the assessment's
    ``scoring_model``, normally ``iso33020``). Pure apart from loading that default model.

    Raises :class:`InputError` when the assessment names processes, requirements or
    indicators the catalogue does not have, or breaks a consistency rule the model makes an
    error (one located line each); the rules it makes warnings go to ``Results.warnings``.
    """
    if model is None:
        from itsm_assess.scoring.model import load_scoring_model

        model = load_scoring_model(assessment.assessment.scoring_model)
    problems = assessment.check_against(catalogue)
    if problems:
        raise InputError(problems)
    errors, check_warnings = errors_and_warnings(check_assessment(assessment, catalogue, model))
    if errors:
        raise InputError(errors)
    info = assessment.assessment
    scope = set(info.scope.processes)
    run = _ScoringRun(assessment, catalogue, model)
    for pid, proc in catalogue.processes.items():
        if pid in scope:
            run.score_process(pid, proc)
    gaps = _highest_priority_first(run.gaps, run.processes)
    findings = [_explicit_finding(f, catalogue) for f in assessment.findings] + run.generated
    ready = _readiness_of(run, findings, scope)
    clauses = {c: (catalogue.clause_title(c), run.clause_tallies[c]) for c in sorted(run.clause_tallies, key=clause_key)}
    warnings = _catalogue_warnings(assessment, catalogue) + check_warnings
    return Results(_assessment_info(assessment, catalogue), model, run.processes, clauses, run.requirements,
                   findings, ready, gaps, run.overall, warnings)


class _ScoringRun:
    """What one scoring run accumulates, process by process: requirement results, tallies per
    clause and overall, the evidence behind each attribute, gaps, findings generated from responses."""

    def __init__(self, assessment: Assessment, catalogue: Catalogue, model: ScoringModel) -> None:
        self.assessment = assessment
        self.catalogue = catalogue
        self.model = model
        self.responses = assessment.response_map()
        self.explicit_by_req: dict[str, list[Any]] = {}
        for f in assessment.findings:
            for rid in f.requirements:
                self.explicit_by_req.setdefault(rid, []).append(f)
        self.explicit_ids = {f.id for f in assessment.findings}  # a workbook row's finding replaces its generated one
        self.audit = assessment.assessment.method == "audit"
        self.overall = Tally()
        self.clause_tallies: dict[str, Tally] = {}
        self.processes: dict[str, ProcessResult] = {}
        self.requirements: dict[str, RequirementResult] = {}
        self.gaps: list[Gap] = []
        self.generated: list[FindingEntry] = []
        self.undecided: list[str] = []
        self.na_unaccepted: list[str] = []

    def score_process(self, pid: str, proc: Process) -> None:
        """Requirements, tallies, indicators, attributes, level and gaps of one process in scope."""
        # Tallied per clause first, then rolled up into the process, the clause's ancestors and the whole.
        leaf_tallies: dict[str, Tally] = {}
        evidence: dict[str, list[EvidenceItem]] = {}
        for req in self.catalogue.requirements_of(pid):
            self.score_requirement(pid, req, leaf_tallies, evidence)
        tally = self.roll_up(leaf_tallies)
        self.add_indicators(pid, proc, evidence)
        model = self.model
        attributes: dict[str, AttributeRating] = {}
        not_rated: dict[str, NotRated] = {}
        level: int | None = None
        if model.levels is not None:
            attributes, not_rated = assess_attributes(self.assessment.attribute_ratings.get(pid, {}), evidence, model)
            if "PA1.1" in attributes:
                level = capability_level({pa: a.rating for pa, a in attributes.items()}, model.levels)
        target = self.assessment.assessment.target_profile.get(pid)
        self.processes[pid] = ProcessResult(pid, dict(proc.title), list(proc.clauses), level,
                                            model.level_name(level), target, attributes, tally, not_rated,
                                            model.levels is not None, model.compliance_coverage)
        if target is not None and model.levels is not None:
            found = process_gaps(pid, target, level or 0, attributes, evidence, model)
            self.gaps.extend(found if level is not None else [replace(g, level_rated=False) for g in found])

    def score_requirement(self, pid: str, req: Requirement, leaf_tallies: dict[str, Tally],
                          evidence: dict[str, list[EvidenceItem]]) -> None:
        """One requirement's finding, verdict and conformity; tallied, and its evidence item kept."""
        model = self.model
        rid = req.id
        shall = req.basis == "shall"
        resp = self.responses.get(rid)
        rating = resp.rating if resp else None
        recorded = resp.verdict if resp else None
        # The response's own grade (its finding, or an NC/OFI verdict) is open by nature.
        own = most_severe([resp.finding if resp else None, recorded if recorded in GRADE_ORDER else None])
        open_explicit = [f.grade for f in self.explicit_by_req.get(rid) or [] if f.is_open]
        finding = most_severe([own, *open_explicit])
        if not shall and finding in NC_GRADES:
            finding = "ofi"  # only shall requirements yield nonconformities
        verdict = requirement_verdict(rating, recorded, finding, model, shall=shall,
                                      mandatory=self.catalogue.profile.is_mandatory(req.clause),
                                      na_accepted=resp.na_accepted if resp else None)
        conformity = verdict.conformity
        if shall and verdict.verdict == "not-conforming" and self.audit:
            self.undecided.append(rid)
        if shall and verdict.verdict == "na" and conformity == NOT_ASSESSED:
            self.na_unaccepted.append(rid)
        leaf = leaf_tallies.get(req.clause)
        if leaf is None:
            leaf = leaf_tallies[req.clause] = Tally()
        leaf.add(conformity, req.weight, verdict, shall)
        self.requirements[rid] = RequirementResult(
            rid, pid, req.clause, dict(req.title), req.weight, req.attribute, rating,
            model.scale.values[rating] if rating is not None and rating != "NA" else None,
            conformity, finding, resp.evidence if resp else None, resp.notes if resp else None,
            req.basis, verdict.verdict, verdict.source, verdict.na_accepted,
            resp.justification if resp else None,
            [e.plain() for e in resp.evidence_log]
            if resp is not None and resp.evidence_log else [],
        )
        # An NA without an accepted justification is no evidence: it counts as not rated.
        effective = None if verdict.verdict == "na" and conformity == NOT_ASSESSED else rating
        item = EvidenceItem(rid, req.weight if model.weighted else 1, effective, finding,
                            req.weight >= model.capability.cap_weight)
        attribute_items = evidence.get(req.attribute)
        if attribute_items is None:
            evidence[req.attribute] = [item]
        else:
            attribute_items.append(item)
        if resp is not None and own and all(_severity(g) > _severity(own) for g in open_explicit):
            # Not covered by an open finding of the register as severe: the response's grade stands
            # as a finding of its own (a closed finding never erases an open grade).
            grade = "ofi" if not shall and own in NC_GRADES else own
            statement = resp.notes or resp.evidence
            self.generated.append(_generated_finding(resp.id, grade, [rid], [req.clause], pid,
                                                     statement or f"Recorded on {rid}: {req.title['en']}",
                                                     resp.evidence, statement_default=statement is None))

    def roll_up(self, leaf_tallies: dict[str, Tally]) -> Tally:
        """The process's tally; each clause's also counts in its ancestors' and in the whole's."""
        tally = Tally()
        for clause, leaf in leaf_tallies.items():
            tally.merge(leaf)
            for c in clause_ancestors(clause):
                ancestor = self.clause_tallies.get(c)
                if ancestor is None:
                    ancestor = self.clause_tallies[c] = Tally()
                ancestor.merge(leaf)
        self.overall.merge(tally)
        return tally

    def add_indicators(self, pid: str, proc: Process, evidence: dict[str, list[EvidenceItem]]) -> None:
        """Every capability indicator as evidence of its attribute, and its finding as a finding."""
        for ind in self.catalogue.indicators.values():
            iid = f"{pid}:{ind.id}"
            resp = self.responses.get(iid)
            # Indicators nobody answered are listed too: they hold their attribute back as unrated.
            evidence.setdefault(ind.attribute, []).append(
                EvidenceItem(iid, 1, resp.rating if resp else None, resp.finding if resp else None))
            if resp is not None and resp.finding and row_finding_id(iid) not in self.explicit_ids:
                statement = resp.notes or resp.evidence
                self.generated.append(_generated_finding(
                    resp.id, resp.finding, [], list(proc.clauses), pid,
                    statement or f"Recorded on indicator {ind.id} of {pid}: {ind.title['en']}",
                    resp.evidence, statement_default=statement is None))


def _highest_priority_first(gaps: list[Gap], processes: dict[str, ProcessResult]) -> list[Gap]:
    """Gaps by priority, then in catalogue order of their process, then by attribute."""
    order = {pid: i for i, pid in enumerate(processes)}
    # The priorities over one common denominator sort as exact integers.
    common = math.lcm(*(g.priority.denominator for g in gaps)) if gaps else 1
    return sorted(gaps, key=lambda g: (-g.priority.numerator * (common // g.priority.denominator),
                                       order[g.process], g.attribute))


def _readiness_of(run: _ScoringRun, findings: list[FindingEntry], scope: set[str]) -> ReadinessEntry:
    """Certification readiness from the open nonconformities, what was not assessed and the scope."""
    catalogue, info = run.catalogue, run.assessment.assessment
    open_major = [f["id"] for f in findings if f["grade"] == "major-nc" and f["status"] == "open"]
    open_minor = [f["id"] for f in findings if f["grade"] == "minor-nc" and f["status"] == "open"]
    not_assessed = [rid for rid, r in run.requirements.items() if r.conformity == NOT_ASSESSED and r.basis == "shall"]
    whole = all(pid in scope for pid in catalogue.processes)
    outside = [] if whole else clauses_outside_scope(catalogue, scope)
    return readiness(
        ReadinessEvidence(open_major, open_minor, not_assessed, run.undecided, run.na_unaccepted,
                          run.overall.applicable),
        outside, whole, info.method, run.model.readiness_coverage,
        dict(catalogue.profile.certification_scope),
    )


def _catalogue_warnings(assessment: Assessment, catalogue: Catalogue) -> list[str]:
    """Warnings when the catalogue is not the one the assessment was started with."""
    info = assessment.assessment
    warnings: list[str] = []
    if info.catalogue_version and info.catalogue_version != catalogue.version:
        warnings.append(message("the assessment was made with catalogue version {made}; scored with {now}",
                                made=info.catalogue_version, now=catalogue.version))
    if info.catalogue_hash and info.catalogue_hash != catalogue.content_hash:
        warnings.append(message("the catalogue's content has changed since the assessment was started"))
    return warnings


def _assessment_info(assessment: Assessment, catalogue: Catalogue) -> AssessmentInfo:
    info = assessment.assessment
    return {
        "id": info.id,
        "organisation": info.organisation,
        "method": info.method,
        "scope": list(info.scope.processes),
        "scope_description": info.scope.description,
        "assessors": list(info.assessors),
        "start_date": info.start_date.isoformat() if info.start_date else None,
        "end_date": info.end_date.isoformat() if info.end_date else None,
        "catalogue": catalogue.id,
        "catalogue_version": catalogue.version,
        "catalogue_hash": catalogue.content_hash,
        "catalogue_tailored_from": ({"base": catalogue.tailoring.base, "version": catalogue.tailoring.version}
                                    if catalogue.tailoring is not None else None),
        "language": info.language,
        "target_profile": dict(info.target_profile),
    }


def _severity(grade: str | None) -> int:
    return GRADE_ORDER.index(grade) if grade in GRADE_ORDER else len(GRADE_ORDER)


def _explicit_finding(f: Any, catalogue: Catalogue) -> FindingEntry:
    reqs = [catalogue.requirements[r] for r in f.requirements]
    grade = f.grade
    if grade in NC_GRADES and reqs and all(r.basis != "shall" for r in reqs):
        grade = "ofi"  # a nonconformity needs a shall requirement; on advice alone it is an OFI
    entry: FindingEntry = {
        "id": f.id,
        "grade": grade,
        "requirements": list(f.requirements),
        "clauses": sorted({r.clause for r in reqs}, key=clause_key),
        "processes": list(dict.fromkeys(r.process for r in reqs)),
        "statement": f.statement,
        "evidence": f.evidence,
        "recommendation": f.recommendation,
        # open or closed, as every count reads it; the register's own step beside it.
        "status": "open" if f.is_open else "closed",
        "lifecycle_status": f.status,
        "due_date": f.due_date.isoformat() if f.due_date else None,
        "owner": f.owner,
        "generated": False,
    }
    if grade != f.grade:
        entry["grade_recorded"] = f.grade
    return entry


def _generated_finding(response_id: str, grade: str, reqs: list[str], clauses: list[str], pid: str,
                       statement: str, evidence: str | None, *, statement_default: bool = False) -> FindingEntry:
    """A finding recorded on a response's row; ``statement_default`` when nobody wrote its statement
    (the report then words one from the requirement in the reader's language)."""
    entry: FindingEntry = {
        "id": row_finding_id(response_id),
        "grade": grade,
        "requirements": reqs,
        "clauses": clauses,
        "processes": [pid],
        "statement": statement,
        "evidence": evidence,
        "recommendation": None,
        "status": "open",
        "due_date": None,
        "owner": None,
        "generated": True,
    }
    if statement_default:
        entry["statement_default"] = True
    return entry
