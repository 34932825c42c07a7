"""The audit view: conformity per requirement, compliance figures, findings and readiness."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from itsm_assess.schema import clause_key, clause_within
from itsm_assess.scoring.reasons import reason_text

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue
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


def conformity_of(rating: str | None, finding: str | None, model: ScoringModel) -> str:
    """Conformity of one requirement under the model's rule (see docs/scoring.md)."""
    if rating is None:
        return NOT_ASSESSED
    if rating == "NA":
        return NOT_APPLICABLE
    if rating in model.conforming_ratings and finding not in model.blocking_findings:
        return CONFORMING
    return NOT_CONFORMING


@dataclass
class Tally:
    """Counts of conformity and the weights behind them, for one process, clause or the whole."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_COUNT_KEY.values(), 0))
    weight_conforming: int = 0
    weight_assessed: int = 0

    def add(self, conformity: str, weight: int) -> None:
        self.counts[_COUNT_KEY[conformity]] += 1
        if conformity in (CONFORMING, NOT_CONFORMING):
            self.weight_assessed += weight
            if conformity == CONFORMING:
                self.weight_conforming += weight

    def merge(self, other: Tally) -> None:
        """Add the counts and weights of ``other`` to this tally."""
        counts, more = self.counts, other.counts
        counts["conforming"] += more["conforming"]
        counts["not_conforming"] += more["not_conforming"]
        counts["not_applicable"] += more["not_applicable"]
        counts["not_assessed"] += more["not_assessed"]
        self.weight_conforming += other.weight_conforming
        self.weight_assessed += other.weight_assessed

    @property
    def compliance(self) -> Fraction | None:
        """Share conforming of the assessed, applicable requirements; None when there are none."""
        assessed = self.counts["conforming"] + self.counts["not_conforming"]
        return Fraction(self.counts["conforming"], assessed) if assessed else None

    @property
    def compliance_weighted(self) -> Fraction | None:
        return Fraction(self.weight_conforming, self.weight_assessed) if self.weight_assessed else None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


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
class Readiness:
    verdict: str
    certification_scope: bool
    reasons: list[str]
    reason_codes: list[dict[str, object]]
    clauses_outside_scope: list[str]
    open_major: int
    open_minor: int
    not_assessed: int


def readiness(
    open_major: list[str],
    open_minor: list[str],
    not_assessed: list[str],
    outside: list[str],
    certification_scope: bool,
) -> Readiness:
    """Certification readiness: not ready while a major NC is open or a requirement in scope is
    not assessed; ready with conditions while minor NCs are open; else ready."""
    codes: list[dict[str, object]] = []
    if open_major:
        codes.append({"code": "open-major-nc", "count": len(open_major), "items": open_major})
    if not_assessed:
        codes.append({"code": "not-assessed", "count": len(not_assessed), "items": not_assessed})
    if open_minor:
        codes.append({"code": "open-minor-nc", "count": len(open_minor), "items": open_minor})
    if open_major or not_assessed:
        verdict = "not-ready"
    elif open_minor:
        verdict = "ready-with-conditions"
    else:
        verdict = "ready"
        codes.append({"code": "all-clear", "count": 0, "items": []})
    if not certification_scope:
        codes.append({"code": "partial-scope", "count": len(outside), "items": outside})
    # English sentences for compatibility; reports word the codes in their own language.
    reasons = [reason_text(c, "en") or str(c["code"]) for c in codes]
    return Readiness(verdict, certification_scope, reasons, codes, outside,
                     len(open_major), len(open_minor), len(not_assessed))
