"""Gaps to the target profile: attributes below what the target level needs, ranked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from itsm_assess.schema import ATTRIBUTE_LEVEL, PROCESS_ATTRIBUTES
from itsm_assess.scoring.scale import SCALE_RATINGS, at_least

if TYPE_CHECKING:
    from itsm_assess.scoring.capability import AttributeRating
    from itsm_assess.scoring.contract import GapEntry
    from itsm_assess.scoring.model import ScoringModel


class EvidenceItem(NamedTuple):
    """A requirement or indicator response behind an attribute (a named tuple: cheap to make,
    and scoring makes one per requirement and indicator)."""

    id: str
    weight: int
    rating: str | None
    finding: str | None
    #: A requirement of at least the model's cap weight: an N on it caps the attribute.
    heavy: bool = False


@dataclass(frozen=True)
class Gap:
    process: str
    attribute: str
    rating: str | None
    achievement: Fraction | None
    needed: str
    target_level: int
    capability_level: int
    priority: Fraction
    holding: tuple[EvidenceItem, ...]
    #: False when the process has no level (PA 1.1 not rated): the priority counts it as 0, the
    #: output says null, never level 0.
    level_rated: bool = True

    def as_dict(self) -> GapEntry:
        return {
            "process": self.process,
            "attribute": self.attribute,
            "rating": self.rating,
            "achievement": round(float(self.achievement), 4) if self.achievement is not None else None,
            "needed": self.needed,
            "target_level": self.target_level,
            "capability_level": self.capability_level if self.level_rated else None,
            "priority": round(float(self.priority), 2),
            "requirements": [
                {"id": i.id, "rating": i.rating, "finding": i.finding, "weight": i.weight} for i in self.holding
            ],
        }


def needed_rating(attribute: str, target_level: int, model: ScoringModel) -> str:
    """What the target needs of an attribute: ``current`` at the target level, ``lower`` below it."""
    assert model.levels is not None
    return model.levels.lower if ATTRIBUTE_LEVEL[attribute] < target_level else model.levels.current


#: The ratings that count as at least each rating (as :func:`at_least` says), looked up once.
_AT_LEAST: dict[str, frozenset[str]] = {
    needed: frozenset(r for r in SCALE_RATINGS if at_least(r, needed)) for needed in SCALE_RATINGS
}


def process_gaps(
    process_id: str,
    target_level: int,
    capability_level: int,
    attributes: Mapping[str, AttributeRating],
    evidence: Mapping[str, list[EvidenceItem]],
    model: ScoringModel,
) -> list[Gap]:
    """Every attribute of levels 1..target below what the target needs, with its priority:

    ``shortfall × (threshold of needed − achievement) + level_distance × (target − level)
    + weight × heaviest holding requirement + Σ finding points of the holding items``.

    Computed in integers (the model's coefficients and the scale over common denominators) and
    returned as an exact Fraction: the same value as the formula in Fractions.
    """
    if model.levels is None:
        return []
    target = min(target_level, model.levels.max_level)
    if capability_level >= target:
        return []  # the level rule already holds for every attribute the target needs
    p = model.priority_scaled
    points = p.findings
    scaled = model.scale.scaled
    scale_d = scaled.denominator
    blocking = model.blocking_findings
    distance = max(0, target - capability_level)
    gaps: list[Gap] = []
    for pa in PROCESS_ATTRIBUTES:
        if ATTRIBUTE_LEVEL[pa] > target:
            break
        needed = needed_rating(pa, target, model)
        current = attributes.get(pa)
        good = _AT_LEAST[needed]
        if current is not None and current.rating in good:
            continue
        # What holds the attribute back: every applicable item unrated, rated below what is needed, or
        # carrying a blocking finding (an accepted NA never does).
        holding = tuple(i for i in evidence.get(pa, ())
                        if i.rating != "NA" and (i.rating not in good or i.finding in blocking))
        # achievement = num / den; shortfall = max(0, threshold − achievement) = short / (scale_d × den)
        num, den = (current.achievement.numerator, current.achievement.denominator) if current else (0, 1)
        short = max(0, scaled.thresholds[needed] * den - num * scale_d)
        heaviest = max((i.weight for i in holding if ":" not in i.id), default=0)
        rest = (p.level_distance * distance + p.weight * heaviest
                + sum(points.get(i.finding, 0) for i in holding if i.finding))
        priority = Fraction(p.shortfall * short + rest * scale_d * den, p.denominator * scale_d * den)
        gaps.append(Gap(process_id, pa, current.rating if current else None,
                        current.achievement if current else None, needed, target,
                        capability_level, priority, holding))
    return gaps
