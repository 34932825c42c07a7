"""Process attributes and capability levels (ISO/IEC 33020), as pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from itsm_assess.schema import ATTRIBUTE_LEVEL, PROCESS_ATTRIBUTES
from itsm_assess.scoring.gaps import EvidenceItem
from itsm_assess.scoring.scale import RatingScale, at_least

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment, Response
    from itsm_assess.catalogue import Catalogue, Requirement
    from itsm_assess.scoring.model import LevelsSpec, ScoringModel


@dataclass(frozen=True)
class AttributeRating:
    """The rating of one process attribute and where it came from."""

    attribute: str
    rating: str
    achievement: Fraction
    #: "derived" (from requirement ratings), "indicators" (generic practice indicators took part)
    #: or "direct" (rated by the assessor; stands over the derived rating).
    source: str
    items_rated: int
    derived_rating: str | None = None
    derived_achievement: Fraction | None = None
    #: Items that apply (not NA) and the share of them rated.
    items_applicable: int = 0
    coverage: Fraction | None = None
    #: The items that capped the rating (an open major NC, or an N on a heavy requirement), and
    #: the rating the achievement alone would give.
    capped_by: tuple[str, ...] = ()
    uncapped_rating: str | None = None


@dataclass(frozen=True)
class NotRated:
    """An attribute the evidence does not support a rating of, and why (never a level 0)."""

    attribute: str
    #: "coverage" (too few applicable items rated), "no-indicator-evidence" (PA 2.1 and up with
    #: no generic practice indicator rated), "nothing-rated".
    reasons: tuple[str, ...]
    items_rated: int
    items_applicable: int
    coverage: Fraction | None


def aggregate_scaled(items: Iterable[tuple[int, str | None]], scale: RatingScale) -> tuple[int, int, int] | None:
    """``(total, weights, count)`` of ``(weight, rating)`` items in integers: the weighted mean
    achievement is ``total / (weights × scale.scaled.denominator)``.

    Unrated items and "NA" are left out; None when nothing is left.
    """
    values = scale.scaled.values
    total = weights = count = 0
    for weight, rating in items:
        if rating is None or rating == "NA":
            continue
        total += weight * values[rating]
        weights += weight
        count += 1
    if not weights:
        return None
    return total, weights, count


def aggregate(items: Iterable[tuple[int, str | None]], scale: RatingScale) -> tuple[Fraction, int] | None:
    """Weighted mean achievement of ``(weight, rating)`` items and how many counted.

    Unrated items and "NA" are left out; None when nothing is left.
    """
    summed = aggregate_scaled(items, scale)
    if summed is None:
        return None
    total, weights, count = summed
    return Fraction(total, weights * scale.scaled.denominator), count


def evidence_items(
    process_id: str,
    attribute: str,
    catalogue: Catalogue,
    responses: Mapping[str, Response],
    weighted: bool,
    requirements: list[Requirement] | None = None,
) -> list[tuple[str, int, str | None]]:
    """``(item id, weight, rating)`` of everything that evidences ``attribute`` of a process:
    its requirements naming that attribute, then its indicator responses ``PROCESS:INDICATOR``."""
    items: list[tuple[str, int, str | None]] = []
    reqs = requirements if requirements is not None else catalogue.requirements_of(process_id)
    for req in reqs:
        if req.attribute == attribute:
            resp = responses.get(req.id)
            items.append((req.id, req.weight if weighted else 1, resp.rating if resp else None))
    for ind in catalogue.indicators_for(attribute):
        rid = f"{process_id}:{ind.id}"
        resp = responses.get(rid)
        if resp is not None:
            items.append((rid, 1, resp.rating))
    return items


def attribute_ratings(
    process_id: str,
    assessment: Assessment,
    catalogue: Catalogue,
    model: ScoringModel,
    responses: Mapping[str, Response] | None = None,
) -> dict[str, AttributeRating]:
    """Every attribute of a process that has a rating: derived from its evidence or rated directly."""
    responses = responses if responses is not None else assessment.response_map()
    requirements = catalogue.requirements_of(process_id)
    max_level = model.max_level or 0
    evidence: dict[str, list[EvidenceItem]] = {}
    for pa in PROCESS_ATTRIBUTES:
        if ATTRIBUTE_LEVEL[pa] > max_level:
            break
        evidence[pa] = [EvidenceItem(item_id, weight, rating, None) for item_id, weight, rating
                        in evidence_items(process_id, pa, catalogue, responses, model.weighted, requirements)]
    return attributes_from_evidence(assessment.attribute_ratings.get(process_id, {}), evidence, model)


def attributes_from_evidence(
    direct: Mapping[str, str],
    evidence: Mapping[str, Sequence[EvidenceItem]],
    model: ScoringModel,
) -> dict[str, AttributeRating]:
    """The rated attributes of one process (see :func:`assess_attributes`)."""
    return assess_attributes(direct, evidence, model)[0]


def assess_attributes(
    direct: Mapping[str, str],
    evidence: Mapping[str, Sequence[EvidenceItem]],
    model: ScoringModel,
) -> tuple[dict[str, AttributeRating], dict[str, NotRated]]:
    """The attribute ratings of one process from the evidence items of each attribute (the same
    items as :func:`evidence_items` gives; unrated ones count for nothing) and its direct ratings
    (which stand), and the attributes the evidence does not support a rating of.

    ISO/IEC 33020 safeguards: fewer than ``capability.coverage`` of the applicable items rated,
    or (from ``capability.indicators_from_level``) no generic practice indicator rated, leaves
    the attribute not rated; an open major NC or an N on a heavy requirement caps it at
    ``capability.cap_rating``.
    """
    scale = model.scale
    scaled = scale.scaled
    values = scaled.values
    max_level = model.max_level or 0
    spec = model.capability
    threshold = model.attribute_coverage
    need_num, need_den = threshold.numerator, threshold.denominator
    cap = spec.cap_rating
    out: dict[str, AttributeRating] = {}
    not_rated: dict[str, NotRated] = {}
    for pa in PROCESS_ATTRIBUTES:
        if ATTRIBUTE_LEVEL[pa] > max_level:
            break
        # The weighted mean in integers (as aggregate_scaled), in the same pass as the other checks.
        total = weights = count = applicable = 0
        uses_indicators = False
        capped_by: list[str] = []
        for item in evidence.get(pa, ()):
            rating = item.rating
            if rating == "NA":
                continue
            applicable += 1
            if rating is None:
                continue
            total += item.weight * values[rating]
            weights += item.weight
            count += 1
            if ":" in item.id:
                uses_indicators = True
            if item.finding == "major-nc" or (item.heavy and rating == "N"):
                capped_by.append(item.id)
        covered = applicable > 0 and count * need_den >= need_num * applicable
        coverage = Fraction(count, applicable) if applicable else None
        derived_rating: str | None = None
        achievement: Fraction | None = None
        if weights:
            derived_rating = scaled.rating_for(total, weights)
            achievement = Fraction(total, weights * scaled.denominator)
        if pa in direct:
            rating = direct[pa]
            if rating == "NA":
                continue  # the assessor judged the attribute not applicable: it stays unrated
            out[pa] = AttributeRating(
                pa, rating, scale.value_of(rating), "direct", count if weights else 0, derived_rating, achievement,
                applicable, coverage,
            )
            continue
        if not applicable:
            continue  # nothing in the catalogue evidences this attribute
        reasons: list[str] = []
        if derived_rating is None:
            reasons.append("nothing-rated")
        if ATTRIBUTE_LEVEL[pa] >= spec.indicators_from_level and not uses_indicators:
            reasons.append("no-indicator-evidence")
        if not covered:
            reasons.append("coverage")
        if reasons or derived_rating is None or achievement is None:
            not_rated[pa] = NotRated(pa, tuple(reasons), count, applicable, coverage)
            continue
        rating = derived_rating
        uncapped: str | None = None
        if capped_by and not at_least(cap, rating):
            uncapped, rating = rating, cap
        out[pa] = AttributeRating(
            pa, rating, achievement, "indicators" if uses_indicators else "derived", count,
            items_applicable=applicable, coverage=coverage,
            capped_by=tuple(capped_by) if uncapped else (), uncapped_rating=uncapped,
        )
    return out, not_rated


def level_reached(level: int, ratings: Mapping[str, str | None], current: str, lower: str) -> bool:
    """True when every attribute of ``level`` is at least ``current`` and every lower one at least ``lower``."""
    for pa in PROCESS_ATTRIBUTES:
        pa_level = ATTRIBUTE_LEVEL[pa]
        if pa_level < level and not at_least(ratings.get(pa), lower):
            return False
        if pa_level == level and not at_least(ratings.get(pa), current):
            return False
    return True


def capability_level(ratings: Mapping[str, str | None], levels: LevelsSpec) -> int:
    """The highest level n whose rule holds for n and every level below it (at least ``min_level``)."""
    reached = 0
    for level in range(1, levels.max_level + 1):
        if not level_reached(level, ratings, levels.current, levels.lower):
            break
        reached = level
    return max(reached, levels.min_level)
