"""41 realistic change scenarios, each a data file: the change, the expected outcome under the default
policy, and the ISO/IEC 20000-1:2018 reasoning (tests/golden/change/*.yaml). A new case is a new file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from itsm_assess.change_impact import classify, load_policy

CASES = sorted((Path(__file__).parent / "golden" / "change").glob("*.yaml"))
EXACT = ("category", "risk", "risk_at_least", "risk_at_most", "major_impact", "release_required", "approvals",
         "approvals_at_least", "artefacts", "missing", "warnings", "complete")


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def test_the_scenario_set_is_complete() -> None:
    assert len(CASES) == 41
    for path in CASES:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(case) == {"title", "iso_20000_reasoning", "change", "expect"}, path.name
        assert re.search(r"\b8\.[0-9]", case["iso_20000_reasoning"]), path.name  # cites a clause


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_scenario(path: Path, policy) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = classify(case["change"], policy)
    got: dict[str, Any] = result.to_dict()
    got["route"] = result.route
    expect = case["expect"]
    for key in EXACT:
        if key in expect:
            assert got[key] == expect[key], f"{key}: {got[key]!r} (rationale: {[r['rule'] for r in got['rationale']]})"
    if "route" in expect:
        assert result.route == expect["route"]
        assert result.clauses[0] == "8.5.1"  # every route is still change management
    for key, have in (("approvals_include", result.approvals), ("artefacts_include", result.artefacts),
                      ("missing_include", result.missing)):
        assert set(expect.get(key, ())) <= set(have), (key, have)
    assert not set(expect.get("artefacts_exclude", ())) & set(result.artefacts)
    keys = {r.key for r in result.rationale}
    assert set(expect.get("reason_keys", ())) <= keys, keys
    rules = {r.rule for r in result.rationale}
    assert set(expect.get("reason_rules", ())) <= rules, rules
