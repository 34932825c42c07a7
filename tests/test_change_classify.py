"""Classifying one change: risk apart from route, fail-safe decisions, approvals and artefacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from itsm_assess.change_impact import classify, load_policy
from itsm_assess.change_impact.explain import explain, format_classification
from itsm_assess.errors import InputError

FIX = Path(__file__).parent / "fixtures" / "change"
# Every attribute of the fixture policy, with values that meet no criterion.
QUIET = {"kind": "modification", "services": ["wiki"], "ci_class": "server", "users": 3, "outage": 5,
         "reversible": True, "urgent": False, "deploy": False, "alters": False}


@pytest.fixture(scope="module")
def policy():
    return load_policy(FIX / "policy.yaml")


@pytest.mark.parametrize("kind", ["new-service", "service-removal", "service-transfer"])
def test_new_removal_transfer_add_design_and_transition(policy, kind: str) -> None:
    # even a tiny change with a standard model named
    r = classify({**QUIET, "kind": kind, "standard_model": "patch"}, policy)
    assert r.route == "service-design-and-transition" and r.clauses == ["8.5.1", "8.5.2"]
    assert r.category == "normal" and r.risk == "low"
    assert r.approvals == ["cm", "owner"] and "design" in r.artefacts
    assert any(x.rule == "route.kind" for x in r.rationale)


def test_risk_decides_who_authorises_and_does_not_route(policy) -> None:
    r = classify({**QUIET, "services": ["erp"], "outage": 90, "deploy": True}, policy)
    d = r.to_dict()
    assert (d["risk"], d["major_impact"]) == ("high", False)
    assert d["route"] == {"process": "change-management", "clause": "8.5.1", "clauses": ["8.5.1", "8.5.3"]}
    assert d["approvals"] == ["cab", "owner"] and "release-plan" in d["artefacts"]
    because = next(x for x in d["rationale"] if x["rule"] == "risk.critical-long")["because"]
    assert {"field": "outage", "operator": "gt", "expected": 60, "actual": 90} in because
    assert d["missing"] == [] and d["complete"] is True


def test_major_impact_adds_design_and_transition_to_change_management(policy) -> None:
    r = classify({**QUIET, "alters": True}, policy)
    assert (r.risk, r.major_impact, r.route, r.clauses) == ("low", True, "service-design-and-transition",
                                                            ["8.5.1", "8.5.2"])
    assert r.approvals == ["cm", "owner"]  # still authorised by change management, plus the design route's
    text = "\n".join(explain(r.rationale, policy))
    assert "change management still authorises, schedules and reviews it" in text


def test_low_risk_change_goes_through_change_management(policy) -> None:
    r = classify(QUIET, policy).to_dict()
    assert (r["category"], r["risk"], r["route"]["clauses"], r["approvals"]) == ("normal", "low", ["8.5.1"], ["cm"])
    assert r["release_required"] is False and r["complete"] is True


def test_standard_model_conditions_must_hold(policy) -> None:
    base = {**QUIET, "standard_model": "patch"}
    assert classify({**base, "outage": 10}, policy).category == "standard"
    r = classify({**base, "outage": 45}, policy)
    assert r.category == "normal"
    assert any("condition is not met: the outage is at most 30, but the value here is 45" in x.note for x in r.rationale)
    assert classify({**base, "standard_model": "nope"}, policy).category == "normal"
    # a standard model never covers a change with potential major impact
    assert classify({**base, "alters": True}, policy).category == "normal"


def test_emergency_with_major_impact_is_one_coherent_outcome(policy) -> None:
    r = classify({**QUIET, "urgent": True, "alters": True}, policy)
    assert (r.category, r.route, r.outcome) == ("emergency", "service-design-and-transition", "emergency")
    assert r.approvals == ["ecab"]  # the ECAB includes the service owner the design route asks for
    assert "design" in r.artefacts
    assert any(x.key == "emergency-design" for x in r.rationale)
    assert "service design and transition (8.5.2) is done afterwards" in "\n".join(explain(r.rationale, policy))


# --- fail safe: nothing is assumed ---------------------------------------------------------------

def test_unknown_risk_criteria_leave_the_risk_undetermined_never_the_lowest(policy) -> None:
    r = classify({"kind": "modification", "services": ["wiki"], "alters": False, "urgent": False, "deploy": False}, policy)
    d = r.to_dict()
    assert (d["risk"], d["risk_at_least"], d["risk_at_most"]) == ("undetermined", "low", "high")
    assert r.approvals == ["cab", "owner"]  # authorised as the highest level it could reach
    assert r.approvals_at_least == ["cm"]  # what is certainly required, for deviations
    assert d["missing"] == ["outage", "reversible", "users"] and d["complete"] is False
    assert "undetermined (at least low, possibly high)" in format_classification(r, policy)
    assert any(x.key == "risk-undetermined" for x in r.rationale)
    # a higher level met settles what the missing attributes could only have raised
    r = classify({**QUIET, "reversible": None, "outage": 40, "users": None}, policy)
    assert (r.risk, r.risk_at_most) == ("medium", "high") and not r.risk_determined


def test_unknown_major_impact_blocks_standard_and_the_route(policy) -> None:
    r = classify({**QUIET, "alters": None, "standard_model": "patch"}, policy)
    assert (r.major_impact, r.route, r.category) == (None, "undetermined", "normal")
    assert r.missing_by["alters"] == ["major.alters-service"]
    assert r.to_dict()["route"] == {"process": "undetermined", "clause": "8.5.1", "clauses": ["8.5.1"]}
    assert any(x.key == "major-unknown" for x in r.rationale)


def test_blank_kind_blocks_standard_and_the_route(policy) -> None:
    r = classify({**QUIET, "kind": None, "standard_model": "patch"}, policy)
    assert (r.kind, r.category, r.route) == (None, "normal", "undetermined")
    assert r.missing_by["kind"] == ["route", "standard.patch"]
    keys = {x.key for x in r.rationale}
    assert {"kind-unknown", "route-kind-unknown"} <= keys
    # the kind alone cannot settle a route a known major impact already settles
    r = classify({**QUIET, "kind": None, "alters": True}, policy)
    assert r.route == "service-design-and-transition"


def test_empty_record_gets_no_verdict(policy) -> None:
    for change in ({}, {"id": "C1", "title": "x", "recorded_category": "normal"}):
        with pytest.raises(InputError, match="no attributes to classify by"):
            classify(change, policy)


def test_unknown_service_is_a_warning_never_complete(policy) -> None:
    r = classify({**QUIET, "services": ["wiki", "payroll"]}, policy)
    assert r.warnings == ("unknown-service",) and not r.complete
    assert r.missing_by["services"] == ["change-control"]
    text = "\n".join(explain(r.rationale, policy))
    assert "payroll" in text and "not under change control" in text
    assert "criticality" in text.lower()
    # the criticality stays unknown: a criterion needing it is undetermined, not passed
    r = classify({**QUIET, "services": ["payroll"], "outage": 90}, policy)
    assert (r.risk, r.risk_at_most) == ("medium", "high")
    assert "service_criticality" in r.missing


def test_services_named_by_title_are_the_policys_services(policy) -> None:
    r = classify({**QUIET, "services": "ERP", "outage": 90}, policy)
    assert r.risk == "high" and r.warnings == ()


def test_change_with_bad_values_is_rejected(policy) -> None:
    with pytest.raises(InputError) as err:
        classify({"outage": "long", "colour": "red", "reversible": "maybe"}, policy)
    text = str(err.value)
    assert "'long' is not a number" in text and "colour: unknown attribute" in text and "'maybe'" in text


def test_criticality_derived_from_services(policy) -> None:
    r = classify({**QUIET, "services": ["wiki", "erp"], "outage": 61}, policy)
    assert r.risk == "high"
    assert any(x.rule == "derived.service_criticality" for x in r.rationale)


# --- the default policy ---------------------------------------------------------------------------

def test_default_policy_artefacts_per_route() -> None:
    pol = load_policy()
    quiet = {"kind": "modification", "services": ["intranet"], "service_changes": ["none"], "ci_count": 1,
             "outage_minutes": 0, "users_affected": 5, "customers_affected": 0, "sla_effect": "none",
             "security_classification": "internal", "cost_eur": 0, "reversible": True, "complexity": "low",
             "testability": "full", "lead_time_days": 10, "regulatory_effect": False, "deployment": False,
             "emergency_reason": "none"}
    low = classify(quiet, pol)
    assert (low.risk, low.approvals, low.artefacts) == ("low", ["change-manager"], ["request", "remediation-plan"])
    removal = classify({**quiet, "kind": "service-removal"}, pol)
    assert "removal-plan" in removal.artefacts and "service-design" in removal.artefacts
    assert removal.approvals == ["change-manager", "service-owner"]
    transfer = classify({**quiet, "kind": "service-transfer"}, pol)
    assert "transfer-plan" in transfer.artefacts
    assert pol.file.kinds["service-transfer"].note is not None
    assert "supplier management (8.3.4)" in pol.file.kinds["service-transfer"].note["en"]
    medium = classify({**quiet, "outage_minutes": 45}, pol)
    assert "communication" in medium.artefacts and medium.approvals == ["cab"]
    high = classify({**quiet, "ci_count": 500}, pol)
    assert "post-implementation-review" in high.artefacts and high.approvals == ["cab", "service-owner"]
    emergency = classify({**quiet, "emergency_reason": "service-restoration"}, pol)
    assert emergency.approvals == ["ecab"] and "post-implementation-review" in emergency.artefacts
    # a standard model may declare its release pre-approved: no release approvals asked again
    ws = classify({**quiet, "standard_model": "workstation-software", "ci_class": "workstation", "deployment": True},
                  pol)
    assert ws.category == "standard" and ws.release_required and ws.approvals == []
    assert "release-plan" in ws.artefacts and any(x.key == "release-preapproved" for x in ws.rationale)
    # more than one service: a count on a list
    two = classify({**quiet, "services": ["intranet", "workplace"]}, pol)
    assert two.risk == "medium" and any(x.rule == "risk.several-services" for x in two.rationale)
