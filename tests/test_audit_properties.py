"""Properties of the audit rules (hypothesis): a verdict never improves when a rating is lowered or a
finding is opened, and too little evidence never yields a level."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from itsm_assess.assessment import Assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.scoring import load_scoring_model, score
from itsm_assess.scoring.scale import SCALE_RATINGS, scale_rank

CATALOGUE = load_catalogue(Path(__file__).resolve().parent / "fixtures" / "audit" / "catalogue")
MODEL = load_scoring_model("iso33020")
REQS = list(CATALOGUE.requirements)
INDICATORS = [f"{pid}:{ind}" for pid in CATALOGUE.processes for ind in CATALOGUE.indicators]
#: Best first: the certification verdicts of an audit of the whole scope.
VERDICT_RANK = {"ready": 0, "ready-with-conditions": 1, "not-ready": 2}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RATING = st.sampled_from((None, "NA", *SCALE_RATINGS, "F", "F", "L"))
GRADE = st.sampled_from((None, None, None, None, "minor-nc", "major-nc", "ofi", "observation"))
VERDICT = st.sampled_from((None, None, None, "conforming", "ofi", "minor-nc"))
STATUS = st.sampled_from(("open", "correction-done", "action-done", "verified-effective", "closed"))
#: What each lifecycle status records, so that the register rules hold (docs/scoring.md, R14).
RECORDS: dict[str, dict[str, Any]] = {
    "open": {},
    "correction-done": {"correction": "Fixed"},
    "action-done": {"correction": "Fixed", "root_cause": "No rule", "corrective_action": "Rule written"},
}
RECORDS["verified-effective"] = RECORDS["closed"] = {
    **RECORDS["action-done"], "verification": {"date": "2026-05-04", "auditor": "Lead auditor"}}


def build(ratings: dict[str, str | None], grades: dict[str, str | None], verdicts: dict[str, str | None],
          explicit: list[tuple[str, str, str]]) -> Assessment:
    responses: list[dict[str, Any]] = []
    for item in [*REQS, *INDICATORS]:
        entry: dict[str, Any] = {"id": item}
        rating = ratings.get(item)
        if rating:
            entry["rating"] = rating
        if rating == "NA":
            entry.update(justification="Not part of this service", na_accepted=item.endswith(("1", "3")))
        elif item in REQS:
            if grades.get(item):
                entry["finding"] = grades[item]
            if verdicts.get(item):
                entry["verdict"] = verdicts[item]
        responses.append(entry)
    findings = [{"id": f"F-{n}", "grade": grade, "requirements": [rid], "statement": "Seen in the sample",
                 "status": status, **RECORDS[status]}
                for n, (rid, grade, status) in enumerate(explicit) if ratings.get(rid) != "NA"]
    return Assessment.model_validate({
        "schema_version": 1,
        "assessment": {"id": "prop", "organisation": "P", "catalogue": CATALOGUE.id, "method": "audit",
                       "scope": {"processes": list(CATALOGUE.processes)}},
        "responses": responses, "findings": findings,
    })


STATE = st.tuples(
    st.fixed_dictionaries({i: RATING for i in [*REQS, *INDICATORS]}),
    st.fixed_dictionaries({r: GRADE for r in REQS}),
    st.fixed_dictionaries({r: VERDICT for r in REQS}),
    st.lists(st.tuples(st.sampled_from(REQS), st.sampled_from(("major-nc", "minor-nc")), STATUS), max_size=3),
)


def verdict(a: Assessment) -> tuple[int, int, int]:
    r = score(a, CATALOGUE, MODEL).readiness
    return VERDICT_RANK[r["verdict"]], r["open_major"], r["open_minor"]


@SETTINGS
@given(STATE, st.data())
def test_lowering_a_rating_never_improves_the_verdict(state, data) -> None:  # type: ignore[no-untyped-def]
    ratings, grades, verdicts, explicit = state
    rated = [i for i in REQS if ratings[i] in SCALE_RATINGS and ratings[i] != "N"]
    assume(rated)
    item = data.draw(st.sampled_from(rated))
    lower = data.draw(st.sampled_from([r for r in SCALE_RATINGS if scale_rank(r) < scale_rank(ratings[item])]))
    before = verdict(build(ratings, grades, verdicts, explicit))
    after = verdict(build({**ratings, item: lower}, grades, verdicts, explicit))
    assert after[0] >= before[0], f"{item} lowered to {lower}: {before} -> {after}"


@SETTINGS
@given(STATE, st.sampled_from(REQS), st.sampled_from(("major-nc", "minor-nc")))
def test_opening_a_finding_never_improves_the_verdict(state, rid, grade) -> None:  # type: ignore[no-untyped-def]
    ratings, grades, verdicts, explicit = state
    if ratings[rid] == "NA":
        return  # a nonconformity on an NA is refused outright (test_audit_truth)
    before = verdict(build(ratings, grades, verdicts, explicit))
    after = verdict(build(ratings, grades, verdicts, [*explicit, (rid, grade, "open")]))
    assert after[0] >= before[0] and after[1] >= before[1], f"opened {grade} on {rid}: {before} -> {after}"
    # Reopening a closed finding likewise.
    reopened = [(r, g, "open") for r, g, _ in explicit]
    assert verdict(build(ratings, grades, verdicts, reopened))[0] >= before[0]


@SETTINGS
@given(STATE)
def test_too_little_evidence_never_yields_a_level(state) -> None:  # type: ignore[no-untyped-def]
    ratings, grades, verdicts, explicit = state
    results = score(build(ratings, grades, verdicts, explicit), CATALOGUE, MODEL)
    for pid, proc in results.processes.items():
        for pa, attr in proc.attributes.items():
            assert attr.coverage is not None and attr.coverage >= Fraction(4, 5), (pid, pa)
            if pa != "PA1.1":
                assert attr.source == "indicators", (pid, pa)  # PA 2.1 and up need generic practice evidence
        if "PA1.1" not in proc.attributes:
            assert proc.capability_level is None, pid
        for pa, nr in proc.not_rated.items():
            assert pa not in proc.attributes
            assert nr.reasons, (pid, pa)
        data = results.to_dict()["processes"][pid]
        if proc.tally.coverage is not None and proc.tally.coverage < Fraction(4, 5):
            assert data["compliance"] is None and data["compliance_status"] != "stated"
