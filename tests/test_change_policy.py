"""The change policy file: validation with file:line, the bundled default, roles that include others."""

from __future__ import annotations

from pathlib import Path

import pytest

from itsm_assess.change_impact import load_policy, parse_policy
from itsm_assess.change_impact.explain import vocabulary
from itsm_assess.errors import InputError

FIX = Path(__file__).parent / "fixtures" / "change"
POLICY_TEXT = (FIX / "policy.yaml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{field: outage, gte: 30}", "{field: outage, greater: 30}", "unknown operator 'greater'"),
        ("{field: users, gte: 1000}", "{field: user_count, gte: 1000}", "attribute 'user_count' is not declared"),
        ("  deploy: {type: boolean,", "  deploy: {colour: red, type: boolean,", "unknown field"),
        ("approvals: [ecab]", "approvals: [board]", "unknown role 'board'"),
        ("includes: [cm, ecab]", "includes: [cm, board]", "unknown role 'board'"),
        ("match: {risk: [high]}", "match: {risk: [severe]}", "unknown risk level 'severe'"),
        ("  artefacts: [design]", "  artefacts: [blueprint]", "unknown artefact 'blueprint'"),
    ],
)
def test_malformed_policy_names_file_and_line(old: str, new: str, message: str) -> None:
    assert old in POLICY_TEXT
    text = POLICY_TEXT.replace(old, new)
    with pytest.raises(InputError) as err:
        parse_policy(text, "bad-policy.yaml")
    line = _line_of(text, new.split(":")[0] if new.startswith("  ") and "artefacts" not in new else new)
    assert any(p.startswith(f"bad-policy.yaml:{line}:") and message in p for p in err.value.problems), err.value.problems


def test_policy_example_with_unknown_attribute_is_rejected() -> None:
    text = POLICY_TEXT.replace("deploy: false, alters: false}", "deploy: false, alters: false, colour: red}")
    assert text != POLICY_TEXT
    with pytest.raises(InputError, match=r"bad\.yaml:\d+:\d+: colour: unknown attribute"):
        parse_policy(text, "bad.yaml")


def test_a_policy_of_the_old_shape_is_told_what_changed() -> None:
    text = POLICY_TEXT.replace("risk:\n", "impact:\n", 1)
    with pytest.raises(InputError, match=r"impact: the impact levels were split into risk .* and major_impact"):
        parse_policy(text, "old.yaml")


def test_bundled_default_policy_is_valid_and_bilingual() -> None:
    pol = load_policy()
    assert pol.risk_levels == ["low", "medium", "high"]
    assert [c.id for c in pol.file.major_impact.criteria] == ["functionality", "service-levels",
                                                               "customers-or-locations", "architecture"]
    assert set(pol.file.roles) >= {"change-manager", "cab", "ecab", "service-owner"}
    assert set(pol.file.artefacts) >= {"request", "risk-assessment", "remediation-plan", "test-plan", "communication",
                                       "post-implementation-review", "release-plan", "service-design", "removal-plan",
                                       "transfer-plan"}
    assert "backout-plan" not in pol.file.artefacts  # a removal or an irreversible upgrade cannot be backed out
    texts = [lv.title for lv in pol.file.risk.levels] + [c.title for lv in pol.file.risk.levels for c in lv.criteria]
    texts += [c.title for c in pol.file.major_impact.criteria] + [g.description for g in pol.file.governance]
    assert all(t and t.get("fi") and t.get("en") for t in texts)
    assert {localized["en"] for g in pol.file.governance for localized in [g.title]} >= {
        "Quorum", "Requester is not the approver", "Schedule and conflicts", "Communicating the dates",
        "Post-implementation review"}


def test_revontuli_policy_is_the_default_with_the_clients_name() -> None:
    example = Path(__file__).parents[1] / "examples" / "revontuli" / "change-policy.yaml"
    default = load_policy().file.model_dump(exclude={"policy"})
    assert load_policy(example).file.model_dump(exclude={"policy"}) == default


def test_roles_cover_what_they_include_but_not_transitively() -> None:
    pol = load_policy()
    assert pol.covers({"cab"}, "change-manager") and pol.covers({"cab"}, "ecab")
    assert pol.covers({"ecab"}, "change-manager") and pol.covers({"ecab"}, "service-owner")
    assert not pol.covers({"cab"}, "service-owner")  # the CAB includes the ECAB, not the ECAB's service owner
    assert not pol.covers({"change-manager"}, "cab")


def test_finnish_levels_follow_the_glossary() -> None:
    pol = load_policy()
    fi = vocabulary(pol, "fi")
    assert fi.levels == {"low": "Matala", "medium": "Kohtalainen", "high": "Korkea"}
    assert pol.file.major_impact.title is not None and pol.file.major_impact.title["fi"] == "Mahdollinen merkittävä vaikutus"


def test_choice_labels_in_the_policy_schema() -> None:
    labelled = POLICY_TEXT.replace(
        "values: [server, workstation]",
        "values: {server: {en: server, fi: palvelin}, workstation: {en: workstation, fi: työasema}}")
    assert labelled != POLICY_TEXT
    pol = parse_policy(labelled)
    assert pol.attributes["ci_class"].values == ("server", "workstation")
    assert vocabulary(pol, "fi").value("ci_class", "workstation") == "työasema"
    assert vocabulary(parse_policy(POLICY_TEXT), "fi").value("ci_class", "workstation") == "workstation"
    with pytest.raises(InputError, match="en"):
        parse_policy(labelled.replace("{en: server, fi: palvelin}", "{fi: palvelin}"))
    with pytest.raises(InputError, match="only a number or a list"):
        parse_policy(labelled.replace("title: {en: CI class,", "unit: pcs, title: {en: CI class,"))
