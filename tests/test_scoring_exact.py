"""Scoring computes in integers; these check it against the same rules written in Fractions."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itsm_assess.assessment import Assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.loading import load_yaml
from itsm_assess.scoring import ScoringModel, ScoringModelFile, load_scoring_model, score
from itsm_assess.scoring.capability import aggregate, attributes_from_evidence
from itsm_assess.scoring.gaps import EvidenceItem
from itsm_assess.scoring.model import models_dir
from itsm_assess.scoring.scale import SCALE_RATINGS, at_least, exact

CATALOGUE = load_catalogue(Path(__file__).resolve().parent / "fixtures" / "scoring" / "catalogue")


def odd_model() -> ScoringModel:
    """iso33020 with values and priority coefficients of awkward decimals (denominators 1000, 10000)."""
    data: dict[str, Any] = load_yaml(models_dir() / "iso33020.yaml").data
    data["scale"]["values"] = {"N": 0.0, "P-": 0.17, "P": 0.333, "P+": 0.49, "L-": 0.51, "L": 0.7, "L+": 0.8,
                               "F": 0.9999}
    data["gaps"] = {"priority": {"shortfall": 7.3, "level_distance": 0.7, "weight": 1.5,
                                 "findings": {"major-nc": 3.3, "minor-nc": 1.25, "observation": 0.1}}}
    return ScoringModel.from_file(ScoringModelFile.model_validate(data))


MODELS = {**{mid: load_scoring_model(mid) for mid in ("iso33020", "compliance", "maturity5")}, "odd": odd_model()}
ITEMS = list(CATALOGUE.requirements) + [f"{pid}:{ind}" for pid in CATALOGUE.processes for ind in CATALOGUE.indicators]
RATING_OR_NOT = st.sampled_from((None, "NA", *SCALE_RATINGS))
FINDING = st.sampled_from((None, None, None, "major-nc", "minor-nc", "observation", "ofi", "good-practice"))


def build(ratings: dict[str, str | None], findings: dict[str, str | None], target: int) -> Assessment:
    responses = []
    for item in ITEMS:
        entry: dict[str, str] = {"id": item}
        if ratings.get(item):
            entry["rating"] = ratings[item]  # type: ignore[assignment]
        # A nonconformity on an NA is a contradiction scoring refuses (tested in test_audit_truth).
        if findings.get(item) and not (ratings.get(item) == "NA" and findings[item] in ("major-nc", "minor-nc")):
            entry["finding"] = findings[item]  # type: ignore[assignment]
        responses.append(entry)
    return Assessment.model_validate({
        "schema_version": 1,
        "assessment": {"id": "exact", "organisation": "E", "catalogue": CATALOGUE.id,
                       "scope": {"processes": list(CATALOGUE.processes)},
                       "target_profile": dict.fromkeys(CATALOGUE.processes, target)},
        "responses": responses,
    })


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(MODELS)),
       st.fixed_dictionaries({item: RATING_OR_NOT for item in ITEMS}),
       st.fixed_dictionaries({item: FINDING for item in ITEMS}),
       st.integers(1, 5))
def test_integer_scoring_equals_the_rules_in_fractions(model_id, ratings, findings, target) -> None:
    model = MODELS[model_id]
    scale = model.scale
    results = score(build(ratings, findings, target), CATALOGUE, model)
    for pid, proc in results.processes.items():
        for pa, attr in proc.attributes.items():
            items = [(1 if ":" in i or not model.weighted else CATALOGUE.requirements[i].weight, ratings[i])
                     for i in ITEMS if ratings[i] not in (None, "NA")
                     and (i.startswith(f"{pid}:") and CATALOGUE.indicators[i.split(":")[1]].attribute == pa
                          or ":" not in i and CATALOGUE.requirements[i].process == pid
                          and CATALOGUE.requirements[i].attribute == pa)]
            mean = sum(Fraction(w) * scale.value_of(r) for w, r in items) / sum(w for w, _ in items)
            assert attr.achievement == mean, (pid, pa)
            # The band of the mean, unless an open major NC or an N on a heavy requirement capped it.
            assert (attr.uncapped_rating or attr.rating) == scale.rating_for(mean), (pid, pa)
            assert attr.items_rated == len(items)
    # Gap priorities: the documented formula, in Fractions.
    p = model.priority
    for gap in results.gaps:
        achievement = gap.achievement if gap.achievement is not None else Fraction(0)
        assert gap.rating is None or not at_least(gap.rating, gap.needed)
        expected = (exact(p.shortfall) * max(Fraction(0), scale.thresholds[gap.needed] - achievement)
                    + exact(p.level_distance) * (min(gap.target_level, model.max_level or 0) - gap.capability_level)
                    + exact(p.weight) * max((i.weight for i in gap.holding if ":" not in i.id), default=0)
                    + sum((exact(p.findings.get(i.finding, 0)) for i in gap.holding if i.finding),  # type: ignore[call-overload]
                          Fraction(0)))
        assert gap.priority == expected, gap
    order = {pid: n for n, pid in enumerate(results.processes)}
    assert results.gaps == sorted(results.gaps, key=lambda g: (-g.priority, order[g.process], g.attribute))
    # Compliance shares: the Fraction rounded for output, when enough was assessed to state one.
    data = results.to_dict()
    needed = Fraction(str(model.audit.compliance_coverage))
    for pid, proc in results.processes.items():
        stated = proc.tally.applicable and Fraction(proc.tally.assessed, proc.tally.applicable) >= needed
        assert data["processes"][pid]["compliance"] == (
            round(float(proc.tally.compliance), 4) if stated and proc.tally.compliance is not None else None)
        assert data["processes"][pid]["compliance_weighted"] == (
            round(float(proc.tally.compliance_weighted), 4)
            if stated and proc.tally.compliance_weighted is not None else None)


@pytest.mark.parametrize(
    ("achievement", "rating"),
    [("0", "N"), ("0.15", "N"), ("0.1500001", "P"), ("0.5", "P"), ("0.5000001", "L"),
     ("0.85", "L"), ("0.8500001", "F"), ("1", "F")],
)
def test_integer_band_boundaries_are_exact(achievement: str, rating: str) -> None:
    scaled = MODELS["iso33020"].scale.scaled
    a = Fraction(achievement)
    # achievement = total / (weights × denominator) with weights = a's denominator
    assert scaled.rating_for(a.numerator * scaled.denominator, a.denominator) == rating


@pytest.mark.parametrize(
    ("items", "rating", "achievement"),
    [
        ([(7, "N"), (3, "P")], "N", "0.15"),    # 7 × 7.5 % + 3 × 32.5 % = 10 × 15 %: exactly on the N/P boundary
        ([(6, "N"), (3, "P")], "P", "0.95/6"),  # just above 15 %
        ([(1, "P"), (1, "L")], "P", "0.5"),     # (32.5 % + 67.5 %) / 2 = 50 %
        ([(3, "L"), (7, "F")], "L", "0.85"),    # (3 × 67.5 % + 7 × 92.5 %) / 10 = 85 %
        ([(3, "L"), (8, "F")], "F", "9.425/11"),
    ],
)
def test_aggregated_attributes_on_band_boundaries(items: list[tuple[int, str]], rating: str, achievement: str) -> None:
    model = MODELS["iso33020"]
    expanded = [EvidenceItem(f"R{n}-{k}", 1, r, None) for n, (count, r) in enumerate(items) for k in range(count)]
    num, _, den = achievement.partition("/")
    expected = Fraction(num) / Fraction(den or "1")
    attr = attributes_from_evidence({}, {"PA1.1": expanded}, model)["PA1.1"]
    assert (attr.rating, attr.achievement, attr.source) == (rating, expected, "derived")
    assert aggregate([(1, i.rating) for i in expanded], model.scale) == (expected, len(expanded))
