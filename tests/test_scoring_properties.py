"""Properties of scoring (hypothesis): aggregation, monotonicity and the ISO/IEC 33020 level rule."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from itsm_assess.assessment import Assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.scoring import load_scoring_model, score
from itsm_assess.scoring.capability import aggregate, capability_level
from itsm_assess.scoring.scale import BASE_OF, SCALE_RATINGS, scale_rank

CATALOGUE = load_catalogue(Path(__file__).resolve().parent / "fixtures" / "scoring" / "catalogue")
MODELS = {mid: load_scoring_model(mid) for mid in ("iso33020", "compliance", "maturity5")}
ISO = MODELS["iso33020"]
ATTRS = ("PA1.1", "PA2.1", "PA2.2", "PA3.1", "PA3.2", "PA4.1", "PA4.2", "PA5.1", "PA5.2")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.sampled_from(sorted(MODELS)), st.sampled_from(SCALE_RATINGS),
       st.lists(st.integers(1, 5), min_size=1, max_size=25))
def test_uniform_ratings_aggregate_to_the_same_rating(model_id: str, rating: str, weights: list[int]) -> None:
    scale = MODELS[model_id].scale
    result = aggregate([(w, rating) for w in weights], scale)
    assert result is not None
    achievement, count = result
    assert count == len(weights)
    assert BASE_OF[scale.rating_for(achievement)] == BASE_OF[rating]


def test_na_and_unrated_are_left_out() -> None:
    scale = ISO.scale
    assert aggregate([(5, "NA"), (3, None)], scale) is None
    assert aggregate([(5, "NA"), (1, "F"), (2, None)], scale) == (scale.value_of("F"), 1)


# --------------------------------------------------------------------------- the level rule

def at_least_l(r: str | None) -> bool:
    return r in ("L-", "L", "L+", "F")


def iso33020_level(r: dict[str, str | None]) -> int:
    """ISO/IEC 33020 read directly, level by level (written out, not looped)."""
    fully = lambda *pas: all(r.get(pa) == "F" for pa in pas)  # noqa: E731
    largely = lambda *pas: all(at_least_l(r.get(pa)) for pa in pas)  # noqa: E731
    if not largely("PA1.1"):
        return 0
    if not (fully("PA1.1") and largely("PA2.1", "PA2.2")):
        return 1
    if not (fully("PA1.1", "PA2.1", "PA2.2") and largely("PA3.1", "PA3.2")):
        return 2
    if not (fully("PA1.1", "PA2.1", "PA2.2", "PA3.1", "PA3.2") and largely("PA4.1", "PA4.2")):
        return 3
    if not (fully("PA1.1", "PA2.1", "PA2.2", "PA3.1", "PA3.2", "PA4.1", "PA4.2") and largely("PA5.1", "PA5.2")):
        return 4
    return 5


def test_level_rule_exhaustive_up_to_level_3() -> None:
    assert ISO.levels is not None
    checked = 0
    for combo in itertools.product(("N", "P", "L", "F"), repeat=5):
        ratings = dict(zip(ATTRS[:5], combo, strict=True))
        assert capability_level(ratings, ISO.levels) == iso33020_level(ratings), ratings
        checked += 1
    assert checked == 4**5


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries({pa: st.sampled_from((None, *SCALE_RATINGS)) for pa in ATTRS}))
def test_level_rule_random_beyond_level_3(ratings: dict[str, str | None]) -> None:
    assert ISO.levels is not None
    assert capability_level(ratings, ISO.levels) == iso33020_level(ratings)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({pa: st.sampled_from(("F", "L+", "L")) for pa in ATTRS}))
def test_level_rule_mostly_high_ratings(ratings: dict[str, str]) -> None:
    # Dense around the interesting cases of levels 3-5, which uniform sampling rarely reaches.
    assert ISO.levels is not None
    assert capability_level(ratings, ISO.levels) == iso33020_level(ratings)


# --------------------------------------------------------------------------- monotonicity

ITEMS = list(CATALOGUE.requirements) + [
    f"{pid}:{ind}" for pid in CATALOGUE.processes for ind in CATALOGUE.indicators
]
RATING_OR_NOT = st.sampled_from((None, "NA", *SCALE_RATINGS))
FINDING = st.sampled_from((None, None, None, "major-nc", "minor-nc", "observation", "ofi", "good-practice"))


def build(ratings: dict[str, str | None], findings: dict[str, str | None]) -> Assessment:
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
        "assessment": {"id": "prop", "organisation": "P", "catalogue": CATALOGUE.id,
                       "scope": {"processes": list(CATALOGUE.processes)},
                       "target_profile": {pid: 3 for pid in CATALOGUE.processes}},
        "responses": responses,
    })


def figures(data: dict) -> list[tuple[str, float | int | None]]:
    out: list[tuple[str, float | int | None]] = []
    for pid, p in data["processes"].items():
        out += [(f"{pid}.level", p["capability_level"]), (f"{pid}.compliance", p["compliance"]),
                (f"{pid}.weighted", p["compliance_weighted"])]
    for c, v in data["clauses"].items():
        out += [(f"clause {c}", v["compliance"]), (f"clause {c} weighted", v["compliance_weighted"])]
    out += [("overall", data["overall"]["compliance"]), ("overall weighted", data["overall"]["compliance_weighted"])]
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(MODELS)),
       st.fixed_dictionaries({item: RATING_OR_NOT for item in ITEMS}),
       st.fixed_dictionaries({item: FINDING for item in ITEMS}),
       st.data())
def test_raising_a_rating_never_lowers_a_level_or_compliance(model_id, ratings, findings, data) -> None:
    rated = [i for i, r in ratings.items() if r in SCALE_RATINGS and r != "F"]
    assume(rated)
    item = data.draw(st.sampled_from(rated))
    higher = data.draw(st.sampled_from([r for r in SCALE_RATINGS if scale_rank(r) > scale_rank(ratings[item])]))
    model = MODELS[model_id]
    before = figures(score(build(ratings, findings), CATALOGUE, model).to_dict())
    after = figures(score(build({**ratings, item: higher}, findings), CATALOGUE, model).to_dict())
    for (name, b), (_, a) in zip(before, after, strict=True):
        if b is None:
            assert a is None, name
        else:
            assert a is not None and a >= b, f"{name}: {b} -> {a} after raising {item} to {higher}"


@pytest.mark.parametrize("model_id", sorted(MODELS))
def test_all_fully_rated_reaches_the_top(model_id: str) -> None:
    ratings = {item: "F" for item in ITEMS}
    data = score(build(ratings, {}), CATALOGUE, MODELS[model_id]).to_dict()
    assert data["overall"]["compliance"] == 1.0
    levels = {p["capability_level"] for p in data["processes"].values()}
    # The fixture has indicators up to PA3.2 only, so no process passes level 3.
    assert levels == ({None} if model_id == "compliance" else {3})
