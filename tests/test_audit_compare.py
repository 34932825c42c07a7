"""Problem 7: a comparison states each assessment's verdict and counts from its own statuses, and
what happened to the nonconformities in between."""

from __future__ import annotations

from pathlib import Path

from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.reports.view_model import build_report_view
from itsm_assess.scoring import score
from itsm_assess.scoring.followup import findings_followup

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "fixtures" / "audit" / "catalogue"
ALL = ["LEAD-01", "LEAD-02", *(f"CHG-{n:02d}" for n in range(1, 14)), "INC-01", "INC-02", "INC-03"]


def _assessment(tmp_path: Path, name: str, responses: dict[str, str], findings: str) -> Path:
    lines = [
        "schema_version: 1",
        "assessment:",
        f"  id: {name}",
        "  organisation: Testi Oy",
        "  catalogue: audit-fixture",
        "  scope: {processes: [LEAD, CHG, INC]}",
        "responses:",
        *(f"  - {{id: {rid}, {fields}}}" for rid, fields in responses.items()),
        findings,
    ]
    path = tmp_path / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_baseline_verdict_and_counts_are_its_own_and_followup_is_listed(tmp_path: Path) -> None:
    cat = load_catalogue(CATALOGUE)
    base = {rid: "rating: F" for rid in ALL}
    base.update({"CHG-02": "rating: P, verdict: minor-nc", "INC-01": "rating: P, verdict: minor-nc",
                 "LEAD-02": "rating: P, verdict: minor-nc"})
    before = _assessment(tmp_path, "y1", base, """findings:
  - {id: F-1, grade: major-nc, requirements: [CHG-05], statement: No risk assessment of changes.}
""")
    now = {rid: "rating: F" for rid in ALL}
    now.update({"CHG-02": "rating: P, verdict: minor-nc", "CHG-03": "rating: L, verdict: minor-nc"})
    after = _assessment(tmp_path, "y2", now, """findings:
  - {id: F-1, grade: major-nc, requirements: [CHG-05], statement: No risk assessment of changes., status: closed,
     verification: {date: 2026-05-04, auditor: Lead auditor}}
""")
    baseline = score(load_assessment(before), cat).to_dict()
    current = score(load_assessment(after), cat).to_dict()
    # The baseline, scored on its own: the major was open then, so it was not ready.
    assert baseline["readiness"]["verdict"] == "not-ready" and baseline["readiness"]["open_major"] == 1
    assert current["readiness"]["verdict"] == "ready-with-conditions"
    view = build_report_view(current, None, None, "en", baseline_results=baseline)
    comp = view.comparison
    assert comp is not None
    assert comp["verdict_before"] == "not-ready"
    rows = {g["grade"]: (g["before"], g["now"], g["now_closed"]) for g in comp["findings_by_grade"]}
    assert rows["major-nc"] == (1, 0, 1)  # open before, open now, closed now
    assert rows["minor-nc"] == (3, 2, 0)
    follow = {f["kind"]: f["ids"] for f in comp["followup"]}
    assert follow == {
        "closed": ["F-1"],
        "resolved": ["LEAD-02-finding", "INC-01-finding"],  # audited again, conforming now
        "carried_over": ["CHG-02-finding"],
        "opened": ["CHG-03-finding"],
        "not_followed_up": [],
    }


def test_followup_without_a_reaudit_is_not_followed_up() -> None:
    before = [{"id": "F-1", "grade": "minor-nc", "status": "open", "requirements": ["R-1"]},
              {"id": "F-2", "grade": "ofi", "status": "open", "requirements": ["R-2"]}]
    got = findings_followup(before, [], {"R-1": {"verdict": "not-audited"}})
    assert got["not_followed_up"] == ["F-1"] and got["resolved"] == []  # OFIs are not followed up
