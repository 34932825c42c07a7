"""Gap priorities, blocking findings, the most severe grade, direct ratings and the maturity5
floor, each worked out by hand from the rules in docs/scoring.md (never from the code's output).

The scoring fixture catalogue's CHG process: CHG-01 (PA1.1, weight 3), CHG-02 (PA1.1, weight 1),
CHG-03 (PA1.1, weight 2), CHG-04 (PA2.1, weight 1); indicators GP2.1.1, GP2.1.2 (PA2.1), GP2.2.1
(PA2.2), GP3.1.1 (PA3.1), GP3.2.1 (PA3.2).

iso33020: a rating is worth the middle of its band (N .075, P .325, L .675, F .925); requirements
weigh their weight, indicators 1; bands N ≤ .15 < P ≤ .50 < L ≤ .85 < F; level n needs its
attributes at least L and every lower one F. Priority = 10 × shortfall to the needed band's
threshold + 2 × (target − level) + 1 × heaviest holding requirement + finding points
(major-nc 5, minor-nc 2, observation 0.5).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from itsm_assess.assessment import Assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.errors import InputError
from itsm_assess.scoring import load_scoring_model, score
from itsm_assess.scoring.conformity import GRADE_ORDER, most_severe

CATALOGUE = load_catalogue(Path(__file__).resolve().parent / "fixtures" / "scoring" / "catalogue")
ALL_F = {"CHG-01": "F", "CHG-02": "F", "CHG-03": "F", "CHG-04": "F",
         "CHG:GP2.1.1": "F", "CHG:GP2.1.2": "F", "CHG:GP2.2.1": "F"}


def scored(ratings: dict[str, str], *, target: int = 2, model: str = "iso33020", response_findings: dict[str, str] | None = None,
           findings: list[dict[str, Any]] | None = None, direct: dict[str, str] | None = None,
           reasons: dict[str, str] | None = None, extra: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    responses = [{"id": item, "rating": rating, **({"finding": response_findings[item]}
                                                   if response_findings and item in response_findings else {}),
                  **(extra or {}).get(item, {})}
                 for item, rating in ratings.items()]
    assessment = Assessment.model_validate({
        "schema_version": 1,
        "assessment": {"id": "hand", "organisation": "O", "catalogue": CATALOGUE.id, "scope": {"processes": ["CHG"]},
                       "target_profile": {"CHG": target}},
        "responses": responses,
        "findings": findings or [],
        "attribute_ratings": {"CHG": direct} if direct else {},
        "attribute_rating_reasons": {"CHG": reasons} if reasons else {},
    })
    return score(assessment, CATALOGUE, load_scoring_model(model)).to_dict()


def test_gap_priority_with_a_blocking_finding_on_a_well_rated_requirement() -> None:
    results = scored({**ALL_F, "CHG-02": "P", "CHG:GP2.1.1": "L", "CHG:GP2.1.2": "P"},
                     response_findings={"CHG-01": "minor-nc"})
    chg = results["processes"]["CHG"]
    # PA1.1 = (3 × .925 + 1 × .325 + 2 × .925) / 6 = 4.95 / 6 = .825: L. Level 1; level 2 needs PA1.1 F.
    assert chg["attributes"]["PA1.1"]["achievement"] == 0.825
    assert chg["attributes"]["PA1.1"]["rating"] == "L"
    # PA2.1 = (CHG-04 .925 + GP2.1.1 .675 + GP2.1.2 .325) / 3 = .6417: L, enough at level 2.
    assert chg["attributes"]["PA2.1"]["rating"] == "L"
    assert chg["capability_level"] == 1
    [gap] = results["gaps"]
    assert (gap["attribute"], gap["rating"], gap["needed"]) == ("PA1.1", "L", "F")
    # Holding PA1.1 back: CHG-02 (P, below F) and CHG-01 (F, but an open minor NC blocks it);
    # CHG-03 (F, no finding) does not.
    assert {r["id"] for r in gap["requirements"]} == {"CHG-01", "CHG-02"}
    # 10 × (.85 − .825) + 2 × (2 − 1) + 1 × 3 (CHG-01, the heaviest holding) + 2 (minor-nc)
    # = .25 + 2 + 3 + 2 = 7.25
    assert gap["priority"] == 7.25


def test_an_open_major_nc_beside_a_lesser_response_finding_caps_and_blocks() -> None:
    # CHG-03 is rated F with an OFI on its response, and an open major NC names it.
    results = scored(ALL_F, response_findings={"CHG-03": "ofi"},
                     findings=[{"id": "F-1", "grade": "major-nc", "requirements": ["CHG-03"], "statement": "s"}])
    requirement = results["requirements"]["CHG-03"]
    assert (requirement["finding"], requirement["verdict"], requirement["conformity"]) == (
        "major-nc", "major-nc", "not-conforming")
    pa11 = results["processes"]["CHG"]["attributes"]["PA1.1"]
    # Every PA1.1 requirement F: .925, F by the bands; the open major NC caps it at L.
    assert (pa11["achievement"], pa11["uncapped_rating"], pa11["rating"], pa11["capped_by"]) == (
        0.925, "F", "L", ["CHG-03"])
    assert results["processes"]["CHG"]["capability_level"] == 1
    [gap] = results["gaps"]
    # 10 × max(0, .85 − .925) + 2 × (2 − 1) + 1 × 2 (CHG-03) + 5 (major-nc) = 0 + 2 + 2 + 5 = 9
    assert [r["id"] for r in gap["requirements"]] == ["CHG-03"]
    assert gap["priority"] == 9


def test_without_the_finding_the_same_ratings_reach_the_target() -> None:
    # The control for the two cases above: no finding, nothing held back, no gap.
    results = scored(ALL_F)
    assert results["processes"]["CHG"]["capability_level"] == 2
    assert results["gaps"] == []


@pytest.mark.parametrize("grades, expected", [
    (["ofi", "major-nc"], "major-nc"),
    (["good-practice", "observation", "minor-nc"], "minor-nc"),
    (["minor-nc", "major-nc", "ofi"], "major-nc"),
    (["ofi", None, "good-practice"], "ofi"),
    ([None, None], None),
    ([], None),
])
def test_most_severe_picks_the_most_severe(grades: list[str | None], expected: str | None) -> None:
    assert most_severe(grades) == expected
    assert most_severe(reversed(grades)) == expected


def test_grade_order_is_most_severe_first() -> None:
    assert GRADE_ORDER == ("major-nc", "minor-nc", "observation", "ofi", "good-practice")


def test_direct_rating_n_stands_and_makes_the_gap() -> None:
    results = scored(ALL_F, direct={"PA2.2": "N"}, reasons={"PA2.2": "Nothing is monitored in practice"})
    chg = results["processes"]["CHG"]
    assert (chg["attributes"]["PA2.2"]["rating"], chg["attributes"]["PA2.2"]["source"]) == ("N", "direct")
    assert chg["capability_level"] == 1  # level 2 needs PA2.2 at least L
    [gap] = results["gaps"]
    # achievement of a direct N = .075; 10 × (.50 − .075) + 2 × (2 − 1) + 0 (GP2.2.1 is F: holds
    # nothing back, and indicators carry no weight) = 4.25 + 2 = 6.25
    assert (gap["attribute"], gap["rating"], gap["needed"], gap["requirements"]) == ("PA2.2", "N", "L", [])
    assert gap["priority"] == 6.25


def test_direct_rating_n_far_from_its_evidence_needs_a_reason() -> None:
    with pytest.raises(InputError, match=r"PA2.2 is rated N directly but its evidence gives F"):
        scored(ALL_F, direct={"PA2.2": "N"})


def test_direct_rating_na_leaves_the_attribute_unrated() -> None:
    results = scored(ALL_F, direct={"PA2.1": "NA"})
    chg = results["processes"]["CHG"]
    assert "PA2.1" not in chg["attributes"]
    assert chg["attributes"]["PA2.2"]["rating"] == "F"
    # Level 2 needs PA2.1: unrated, it cannot be reached.
    assert chg["capability_level"] == 1


def test_maturity5_never_goes_below_level_1() -> None:
    results = scored(dict.fromkeys(ALL_F, "N"), model="maturity5")
    chg = results["processes"]["CHG"]
    assert chg["attributes"]["PA1.1"]["rating"] == "N"  # level 0 by the rule alone
    assert (chg["capability_level"], chg["level_name"]["en"]) == (1, "Initial")


def test_maturity5_golden_case() -> None:
    # maturity5: unweighted means; N 0, P .33, L .67, F 1; level n needs its and every lower
    # attribute at least L.
    ratings = {"CHG-01": "L", "CHG-02": "P", "CHG-03": "F", "CHG-04": "N", "CHG:GP2.1.1": "F",
               "CHG:GP2.1.2": "L", "CHG:GP2.2.1": "L", "CHG:GP3.1.1": "P", "CHG:GP3.2.1": "F"}
    results = scored(ratings, target=3, model="maturity5")
    chg = results["processes"]["CHG"]
    got = {pa: (a["rating"], a["achievement"]) for pa, a in chg["attributes"].items()}
    assert got == {
        "PA1.1": ("L", 0.6667),  # (.67 + .33 + 1) / 3 = 2 / 3
        "PA2.1": ("L", 0.5567),  # (CHG-04 0 + 1 + .67) / 3 = 1.67 / 3
        "PA2.2": ("L", 0.67),
        "PA3.1": ("P", 0.33),
        "PA3.2": ("F", 1.0),
    }
    assert chg["capability_level"] == 2  # level 3 needs PA3.1 at least L
    [gap] = results["gaps"]
    # 10 × (.50 − .33) + 2 × (3 − 2) + 0 (only an indicator holds it) = 1.7 + 2 = 3.7
    assert (gap["attribute"], gap["needed"], gap["priority"]) == ("PA3.1", "L", 3.7)


def test_a_not_applicable_requirement_never_holds_an_attribute_back() -> None:
    # An NA of clauses 4-10 counts only once the auditor accepts its justification.
    results = scored({**ALL_F, "CHG-02": "P", "CHG-03": "NA"},
                     extra={"CHG-03": {"justification": "No changes in scope", "na_accepted": True}})
    # PA1.1 = (3 × .925 + 1 × .325) / 4 = 3.1 / 4 = .775 (CHG-03 left out): L; level 1.
    assert results["processes"]["CHG"]["attributes"]["PA1.1"]["achievement"] == 0.775
    [gap] = results["gaps"]
    # Only CHG-02 holds it back: 10 × (.85 − .775) + 2 × (2 − 1) + 1 × 1 = .75 + 2 + 1 = 3.75
    assert [r["id"] for r in gap["requirements"]] == ["CHG-02"]
    assert gap["priority"] == 3.75


@pytest.mark.parametrize("scope, outside", [
    # LEAD is 5.1, CHG 8.5.1, INC 8.6.1: a clause with nothing in scope is named at its top level,
    # one partly in scope by its uncovered sub-clauses.
    (["CHG"], ["5", "8.6.1"]),
    (["CHG", "INC"], ["5"]),
    (["LEAD"], ["8"]),
    (["LEAD", "CHG", "INC"], []),
])
def test_clauses_outside_a_partial_scope(scope: list[str], outside: list[str]) -> None:
    from itsm_assess.scoring.conformity import clauses_outside_scope

    assert clauses_outside_scope(CATALOGUE, scope) == outside
