"""The scoring rules at their boundaries, each case worked by hand from docs/scoring.md.

Attribute safeguards (ISO/IEC 33020, the iso33020 model): at least 80 % of an attribute's applicable
items rated, generic practice (indicator) evidence from PA 2.1 up, and a cap at L for an open major
NC or an N on a requirement of weight 3 or more. Then the audit verdict of a requirement, the
compliance coverage and certification readiness. A rating is worth the middle of its band
(N .075, P .325, L .675, F .925); bands N <= .15 < P <= .50 < L <= .85 < F.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from itsm_assess.scoring import load_scoring_model
from itsm_assess.scoring.capability import assess_attributes
from itsm_assess.scoring.conformity import (
    CONFORMING,
    NOT_APPLICABLE,
    NOT_ASSESSED,
    NOT_CONFORMING,
    ReadinessEvidence,
    Tally,
    readiness,
    requirement_verdict,
)
from itsm_assess.scoring.gaps import EvidenceItem

MODEL = load_scoring_model("iso33020")


def requirements(*ratings: str | None, weight: int = 1) -> list[EvidenceItem]:
    return [EvidenceItem(f"R{i}", weight, rating, None, weight >= 3) for i, rating in enumerate(ratings, start=1)]


def indicators(*ratings: str | None) -> list[EvidenceItem]:
    return [EvidenceItem(f"P:GP{i}", 1, rating, None) for i, rating in enumerate(ratings, start=1)]


def test_the_model_under_test_has_the_documented_safeguards() -> None:
    assert MODEL.attribute_coverage == Fraction(4, 5)
    assert MODEL.capability.indicators_from_level == 2
    assert MODEL.capability.cap_rating == "L"
    assert MODEL.conforming_ratings == frozenset({"F"})


def test_four_of_five_items_rated_is_enough_three_of_four_is_not() -> None:
    # 4 of 5 applicable rated = 80 %, exactly the threshold: PA1.1 rated F (.925).
    rated, not_rated = assess_attributes({}, {"PA1.1": requirements("F", "F", "F", "F", None)}, MODEL)
    assert rated["PA1.1"].rating == "F" and rated["PA1.1"].coverage == Fraction(4, 5)
    assert not_rated == {}
    # 3 of 4 = 75 %: below it, not rated for coverage.
    rated, not_rated = assess_attributes({}, {"PA1.1": requirements("F", "F", "F", None)}, MODEL)
    assert rated == {} and not_rated["PA1.1"].reasons == ("coverage",)
    # An NA item is not applicable: 4 rated of 4 applicable (the NA left out) is full coverage.
    rated, _ = assess_attributes({}, {"PA1.1": requirements("F", "F", "F", "F", "NA")}, MODEL)
    assert rated["PA1.1"].coverage == 1


def test_pa21_needs_indicator_evidence_pa11_does_not() -> None:
    # A requirement alone (F, full coverage) rates PA1.1 but never PA2.1 (level 2 is the first that needs indicators).
    rated, not_rated = assess_attributes({}, {"PA1.1": requirements("F"), "PA2.1": requirements("F")}, MODEL)
    assert rated["PA1.1"].rating == "F"
    assert "PA2.1" not in rated and not_rated["PA2.1"].reasons == ("no-indicator-evidence",)
    # With one indicator rated beside it: (.925 + .675) / 2 = .8, L.
    rated, _ = assess_attributes({}, {"PA2.1": [*requirements("F"), *indicators("L")]}, MODEL)
    assert (rated["PA2.1"].rating, rated["PA2.1"].achievement, rated["PA2.1"].source) == ("L", Fraction(4, 5), "indicators")


def test_an_n_on_a_heavy_requirement_caps_an_f_at_l() -> None:
    # 20 requirements F of weight 3 and one N of weight 3: (20 × .925 + .075) / 21 = 18.575 / 21 = .8845, F;
    # the N on a heavy requirement caps the attribute at L.
    items = requirements(*["F"] * 20, "N", weight=3)
    rated, _ = assess_attributes({}, {"PA1.1": items}, MODEL)
    pa = rated["PA1.1"]
    assert (pa.uncapped_rating, pa.rating, pa.capped_by) == ("F", "L", ("R21",))
    assert pa.achievement == Fraction(18575, 21000)
    # The same N on a light requirement (weight 1) caps nothing: (20 × 3 × .925 + .075) / 61 = .9109, F.
    light = [*items[:20], EvidenceItem("R21", 1, "N", None, False)]
    assert assess_attributes({}, {"PA1.1": light}, MODEL)[0]["PA1.1"].rating == "F"


def test_a_cap_never_raises_a_rating() -> None:
    # An open major NC on an attribute already at P (.325 each): it stays P, nothing is capped.
    items = [EvidenceItem("R1", 1, "P", "major-nc"), EvidenceItem("R2", 1, "P", None)]
    pa = assess_attributes({}, {"PA1.1": items}, MODEL)[0]["PA1.1"]
    assert (pa.rating, pa.capped_by, pa.uncapped_rating) == ("P", (), None)


# --------------------------------------------------------------------------- audit verdicts


def test_a_nonconformity_on_a_requirement_rated_na_makes_it_apply() -> None:
    for grade in ("major-nc", "minor-nc"):
        assert requirement_verdict("NA", None, grade, MODEL) == (grade, "recorded", NOT_CONFORMING, None)
    # An OFI does not: the NA stands (accepted here).
    assert requirement_verdict("NA", None, "ofi", MODEL, na_accepted=True).conformity == NOT_APPLICABLE


def test_an_na_of_a_mandatory_shall_needs_an_accepted_justification() -> None:
    assert requirement_verdict("NA", None, None, MODEL).conformity == NOT_ASSESSED
    assert requirement_verdict("NA", None, None, MODEL, na_accepted=False).conformity == NOT_ASSESSED
    assert requirement_verdict("NA", None, None, MODEL, na_accepted=True).conformity == NOT_APPLICABLE
    # Not mandatory (outside the mandatory clauses) or not a shall: the NA needs no acceptance.
    assert requirement_verdict("NA", None, None, MODEL, mandatory=False).conformity == NOT_APPLICABLE
    assert requirement_verdict("NA", None, None, MODEL, shall=False).conformity == NOT_APPLICABLE


@pytest.mark.parametrize("rating, verdict, conformity", [
    ("F", "conforming", CONFORMING), ("L", "not-conforming", NOT_CONFORMING),
    ("P", "not-conforming", NOT_CONFORMING), ("N", "not-conforming", NOT_CONFORMING),
    (None, "not-audited", NOT_ASSESSED),
])
def test_the_derived_verdict_follows_the_conforming_ratings(rating: str | None, verdict: str, conformity: str) -> None:
    assert requirement_verdict(rating, None, None, MODEL) == (verdict, "derived", conformity, None)


def test_compliance_coverage_at_its_threshold() -> None:
    tally = Tally()
    for conformity in (CONFORMING, CONFORMING, NOT_CONFORMING, CONFORMING, NOT_ASSESSED):
        tally.add(conformity, 1)
    # 4 assessed of 5 applicable: 80 %.
    assert (tally.assessed, tally.applicable, tally.coverage) == (4, 5, Fraction(4, 5))
    assert tally.covered(Fraction(4, 5)) and not tally.covered(Fraction(81, 100))
    assert tally.compliance == Fraction(3, 4)


# --------------------------------------------------------------------------- readiness


def evidence(**kwargs: list[str]) -> ReadinessEvidence:
    return ReadinessEvidence(**{"open_major": [], "open_minor": [], "not_assessed": [], **kwargs}, applicable=10)


@pytest.mark.parametrize("found, verdict", [
    ({}, "ready"),
    ({"open_minor": ["F-2"]}, "ready-with-conditions"),
    ({"open_major": ["F-1"]}, "not-ready"),
    ({"open_major": ["F-1"], "open_minor": ["F-2"]}, "not-ready"),
    ({"undecided": ["R1"]}, "not-ready"),
    ({"na_unaccepted": ["R2"], "not_assessed": ["R2"]}, "not-ready"),
    ({"not_assessed": ["R3"]}, "not-ready"),  # coverage 9/10 below the audit's 100 %
])
def test_certification_readiness(found: dict[str, list[str]], verdict: str) -> None:
    assert readiness(evidence(**found), [], True)["verdict"] == verdict


def test_readiness_coverage_exactly_at_the_threshold_is_enough() -> None:
    # 9 of 10 applicable audited = 90 %.
    assert readiness(evidence(not_assessed=["R3"]), [], True, coverage_needed=Fraction(9, 10))["verdict"] == "ready"
    assert readiness(evidence(not_assessed=["R3"]), [], True, coverage_needed=Fraction(91, 100))["verdict"] == "not-ready"


def test_a_partial_scope_gives_an_indication_and_a_self_assessment_no_verdict() -> None:
    assert readiness(evidence(open_minor=["F-2"]), ["8.2"], False)["verdict"] == "indication-with-conditions"
    assert readiness(evidence(open_major=["F-1"]), ["8.2"], False)["verdict"] == "indication-not-ready"
    assert readiness(evidence(open_major=["F-1"]), [], True, method="self-assessment")["verdict"] == "no-verdict"
