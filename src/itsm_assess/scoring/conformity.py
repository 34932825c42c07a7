"""The audit view: conformity per requirement, compliance figures, findings and readiness."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from itsm_assess.schema import clause_key, clause_within
from itsm_assess.scoring.reasons import reason_text
from itsm_assess.scoring.scale import share

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.scoring.contract import ReadinessEntry, ReasonCode
    from itsm_assess.scoring.model import ScoringModel

CONFORMING = "conforming"
NOT_CONFORMING = "not-conforming"
NOT_APPLICABLE = "not-applicable"
NOT_ASSESSED = "not-assessed"
CONFORMITIES: tuple[str, ...] = (CONFORMING, NOT_CONFORMING, NOT_APPLICABLE, NOT_ASSESSED)
_COUNT_KEY = {CONFORMING: "conforming", NOT_CONFORMING: "not_conforming",
              NOT_APPLICABLE: "not_applicable", NOT_ASSESSED: "not_assessed"}

#: Finding grades, most severe first (same order as itsm_assess.assessment.FINDING_GRADES).
GRADE_ORDER: tuple[str, ...] = ("major-nc", "minor-nc", "observation", "ofi", "good-practice")


def most_severe(grades: Iterable[str | None]) -> str | None:
    """The most severe of the grades given (major-nc first), or None."""
    present = [g for g in grades if g]
    return min(present, key=GRADE_ORDER.index) if present else None


NC_GRADES: frozenset[str] = frozenset({"major-nc", "minor-nc"})


class Verdict(NamedTuple):
    """The audit verdict of one requirement and how it was reached.

    ``verdict``: conforming, ofi, minor-nc, major-nc, na, not-audited, or not-conforming (rated
    below the conforming ratings with no NC or OFI decision recorded). ``source``: "recorded"
    (the auditor's verdict or finding decides it) or "derived" (read off the N/P/L/F rating by the
    model's rule). ``conformity``: the four-way summary the compliance figures count.
    """

    verdict: str
    source: str
    conformity: str
    na_accepted: bool | None = None


def requirement_verdict(
    rating: str | None,
    recorded: str | None,
    open_grade: str | None,
    model: ScoringModel,
    *,
    shall: bool = True,
    mandatory: bool = True,
    na_accepted: bool | None = None,
) -> Verdict:
    """The verdict of one requirement (rules in docs/scoring.md, "Audit verdict per requirement").

    ``open_grade`` is the most severe open finding grade on it (already limited to an OFI for a
    requirement that is not ``shall``). An open nonconformity always wins; then a recorded verdict;
    then the rating by the model's derived rule.
    """
    if rating == "NA" or recorded == "na":
        if open_grade in NC_GRADES:
            return Verdict(open_grade, "recorded", NOT_CONFORMING)  # a nonconformity on an NA: it applies
        accepted = bool(na_accepted) or not shall or not mandatory
        # An NA on a shall the catalogue makes mandatory (ISO/IEC 20000-1 clauses 4-10, every FitSM-1
        # requirement: ``profile.mandatory_clauses``) is not evidence without an accepted justification.
        return Verdict("na", "recorded", NOT_APPLICABLE if accepted else NOT_ASSESSED, accepted)
    if open_grade in NC_GRADES:
        return Verdict(open_grade, "recorded", NOT_CONFORMING)
    if recorded is not None:
        if recorded == "not-audited":
            return Verdict("not-audited", "recorded", NOT_ASSESSED)
        if recorded in ("conforming", "ofi"):
            return Verdict("ofi" if open_grade == "ofi" else recorded, "recorded", CONFORMING)
        # A recorded NC verdict reaches here only when its grade was limited (not a shall).
        return Verdict("ofi", "recorded", CONFORMING)
    if rating is None:
        return Verdict("not-audited", "derived", NOT_ASSESSED)
    if open_grade == "ofi":
        # The auditor's decision: conforming, with an opportunity for improvement.
        return Verdict("ofi", "recorded", CONFORMING)
    if rating in model.conforming_ratings:
        return Verdict("conforming", "derived", CONFORMING)
    return Verdict("not-conforming", "derived", NOT_CONFORMING)


def conformity_of(rating: str | None, finding: str | None, model: ScoringModel) -> str:
    """Conformity of one ``shall`` requirement from its rating and open finding grade alone."""
    return requirement_verdict(rating, None, finding, model, na_accepted=True).conformity


#: Counts kept beside the four conformity counts: not conforming with no decision recorded (part
#: of not_conforming), NA without accepted justification (part of not_assessed), and requirements
#: that are not ``shall`` (counted nowhere else: they yield OFIs at most).
_EXTRA_KEYS: tuple[str, ...] = ("undecided", "na_unaccepted", "not_shall")


@dataclass
class Tally:
    """Counts of conformity of the ``shall`` requirements and the weights behind them, for one
    process, clause or the whole."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*_COUNT_KEY.values(), *_EXTRA_KEYS), 0))
    weight_conforming: int = 0
    weight_assessed: int = 0

    def add(self, conformity: str, weight: int, verdict: Verdict | None = None, shall: bool = True) -> None:
        if not shall:
            self.counts["not_shall"] += 1
            return
        self.counts[_COUNT_KEY[conformity]] += 1
        if verdict is not None:
            if verdict.verdict == "not-conforming":
                self.counts["undecided"] += 1
            elif verdict.verdict == "na" and conformity == NOT_ASSESSED:
                self.counts["na_unaccepted"] += 1
        if conformity in (CONFORMING, NOT_CONFORMING):
            self.weight_assessed += weight
            if conformity == CONFORMING:
                self.weight_conforming += weight

    def merge(self, other: Tally) -> None:
        """Add the counts and weights of ``other`` to this tally."""
        for key, n in other.counts.items():
            self.counts[key] += n
        self.weight_conforming += other.weight_conforming
        self.weight_assessed += other.weight_assessed

    @property
    def assessed(self) -> int:
        return self.counts["conforming"] + self.counts["not_conforming"]

    @property
    def applicable(self) -> int:
        return self.assessed + self.counts["not_assessed"]

    @property
    def coverage(self) -> Fraction | None:
        """Share of the applicable shall requirements that were assessed; None when none apply."""
        return Fraction(self.assessed, self.applicable) if self.applicable else None

    def covered(self, threshold: Fraction) -> bool:
        """True when enough of the applicable requirements were assessed to state a figure."""
        return self.applicable > 0 and self.assessed * threshold.denominator >= threshold.numerator * self.applicable

    @property
    def compliance(self) -> Fraction | None:
        """Share conforming of the assessed, applicable requirements; None when there are none."""
        assessed = self.assessed
        return Fraction(self.counts["conforming"], assessed) if assessed else None

    @property
    def compliance_weighted(self) -> Fraction | None:
        return Fraction(self.weight_conforming, self.weight_assessed) if self.weight_assessed else None

    @property
    def total(self) -> int:
        return sum(self.counts[k] for k in _COUNT_KEY.values())


def clause_ancestors(clause: str) -> list[str]:
    """'8.5.1.2' -> ['8', '8.5', '8.5.1', '8.5.1.2']."""
    parts = clause.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def clauses_outside_scope(catalogue: Catalogue, scope: Iterable[str]) -> list[str]:
    """Clauses of the processes not in scope: a top-level clause when nothing under it is in
    scope, else the uncovered sub-clauses themselves; in clause order."""
    in_scope = set(scope)
    covered = [c for pid, p in catalogue.processes.items() if pid in in_scope for c in p.clauses]
    uncovered = sorted(
        {c for pid, p in catalogue.processes.items() if pid not in in_scope for c in p.clauses}, key=clause_key
    )
    out: list[str] = []
    for clause in uncovered:
        top = clause.split(".")[0]
        if not any(clause_within(c, top) for c in covered):
            if top not in out:
                out.append(top)
        elif not any(clause_within(clause, c) for c in covered) and clause not in out:
            out.append(clause)
    return sorted(out, key=clause_key)


@dataclass(frozen=True)
class ReadinessEvidence:
    """What readiness is decided on: ids of the items behind each reason."""

    open_major: list[str]
    open_minor: list[str]
    not_assessed: list[str]
    undecided: list[str] = field(default_factory=list)
    na_unaccepted: list[str] = field(default_factory=list)
    #: Shall requirements in scope that apply (assessed or not): the base of the coverage.
    applicable: int = 0


def readiness(
    evidence: ReadinessEvidence,
    outside: list[str],
    certification_scope: bool,
    method: str = "audit",
    coverage_needed: Fraction = Fraction(1),
    scope_label: dict[str, str] | None = None,
) -> ReadinessEntry:
    """Certification readiness (docs/scoring.md, "Certification readiness").

    Not ready with any open major NC, any shall requirement rated below conforming with no
    decision recorded, any NA of a mandatory shall (profile.mandatory_clauses) without an accepted justification, or
    coverage of the shall requirements below ``coverage_needed``; ready with conditions with open
    minor NCs only; else ready. A narrower scope gives an "indication-" verdict for the scope only,
    a self-assessment no verdict at all.
    """
    e = evidence
    audited = e.applicable - len(e.not_assessed)
    coverage = Fraction(audited, e.applicable) if e.applicable else None
    short = coverage is None or coverage < coverage_needed
    codes: list[ReasonCode] = []
    if method != "audit":
        codes.append({"code": "self-assessment", "count": 0, "items": []})
    if e.open_major:
        codes.append({"code": "open-major-nc", "count": len(e.open_major), "items": e.open_major})
    if e.undecided and method == "audit":
        codes.append({"code": "undecided-not-conforming", "count": len(e.undecided), "items": e.undecided})
    if e.na_unaccepted:
        codes.append({"code": "na-unaccepted", "count": len(e.na_unaccepted), "items": e.na_unaccepted})
    unaudited = [i for i in e.not_assessed if i not in set(e.na_unaccepted)]
    if unaudited:
        codes.append({"code": "not-assessed", "count": len(unaudited), "items": unaudited})
    if short and e.applicable and coverage_needed < 1:
        codes.append({"code": "coverage-below-threshold", "count": audited,
                      "items": [f"{float(coverage or 0) * 100:.0f} %", f"{float(coverage_needed) * 100:.0f} %"]})
    if e.open_minor:
        codes.append({"code": "open-minor-nc", "count": len(e.open_minor), "items": e.open_minor})
    blocked = bool(e.open_major or (e.undecided and method == "audit") or e.na_unaccepted or short)
    if blocked:
        verdict = "not-ready"
    elif e.open_minor:
        verdict = "ready-with-conditions"
    else:
        verdict = "ready"
        if method == "audit":
            codes.append({"code": "all-clear", "count": 0, "items": []})
    kind = "certification"
    if not certification_scope:
        codes.append({"code": "partial-scope", "count": len(outside), "items": outside})
        kind = "indication"
        verdict = {"ready": "indication-clear", "ready-with-conditions": "indication-with-conditions",
                   "not-ready": "indication-not-ready"}[verdict]
    if method != "audit":
        kind, verdict = "none", "no-verdict"
    # English sentences for compatibility; reports word the codes in their own language.
    reasons = [reason_text(c, "en", scope_label) or str(c["code"]) for c in codes]
    return {"verdict": verdict, "certification_scope": certification_scope, "reasons": reasons, "reason_codes": codes,
            "clauses_outside_scope": outside, "open_major": len(e.open_major), "open_minor": len(e.open_minor),
            "not_assessed": len(e.not_assessed), "kind": kind, "method": method, "undecided": len(e.undecided),
            "na_unaccepted": len(e.na_unaccepted), "coverage": share(coverage), "scope_label": scope_label}
