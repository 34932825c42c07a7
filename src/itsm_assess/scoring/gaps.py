"""Gaps to the target profile: attributes below what the target level needs, ranked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from itsm_assess.schema import ATTRIBUTE_LEVEL, PROCESS_ATTRIBUTES
from itsm_assess.scoring.scale import at_least, exact

if TYPE_CHECKING:
    from itsm_assess.scoring.capability import AttributeRating
    from itsm_assess.scoring.model import ScoringModel


@dataclass(frozen=True)
class EvidenceItem:
    """A requirement or indicator response behind an attribute."""

    id: str
    weight: int
    rating: str | None
    finding: str | None


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

    def as_dict(self) -> dict[str, object]:
        return {
            "process": self.process,
            "attribute": self.attribute,
            "rating": self.rating,
            "achievement": round(float(self.achievement), 4) if self.achievement is not None else None,
            "needed": self.needed,
            "target_level": self.target_level,
            "capability_level": self.capability_level,
            "priority": round(float(self.priority), 2),
            "requirements": [
                {"id": i.id, "rating": i.rating, "finding": i.finding, "weight": i.weight} for i in self.holding
            ],
        }


def needed_rating(attribute: str, target_level: int, model: ScoringModel) -> str:
    """What the target needs of an attribute: ``current`` at the target level, ``lower`` below it."""
    assert model.levels is not None
    return model.levels.lower if ATTRIBUTE_LEVEL[attribute] < target_level else model.levels.current


def holds_back(item: EvidenceItem, needed: str, model: ScoringModel) -> bool:
    """An item holds an attribute back when unrated, rated below ``needed`` or carrying a blocking finding."""
    if item.rating == "NA":
        return False
    if item.rating is None or not at_least(item.rating, needed):
        return True
    return item.finding in model.blocking_findings


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
    """
    if model.levels is None:
        return []
    target = min(target_level, model.levels.max_level)
    if capability_level >= target:
        return []  # the level rule already holds for every attribute the target needs
    p = model.priority
    points = {str(grade): value for grade, value in p.findings.items()}
    distance = max(0, target - capability_level)
    gaps: list[Gap] = []
    for pa in PROCESS_ATTRIBUTES:
        if ATTRIBUTE_LEVEL[pa] > target:
            break
        needed = needed_rating(pa, target, model)
        current = attributes.get(pa)
        if current is not None and at_least(current.rating, needed):
            continue
        achievement = current.achievement if current else Fraction(0)
        holding = tuple(i for i in evidence.get(pa, []) if holds_back(i, needed, model))
        shortfall = max(Fraction(0), model.scale.thresholds[needed] - achievement)
        heaviest = max((i.weight for i in holding if ":" not in i.id), default=0)
        finding_points = sum((exact(points.get(i.finding, 0)) for i in holding if i.finding), Fraction(0))
        priority = (
            exact(p.shortfall) * shortfall
            + exact(p.level_distance) * distance
            + exact(p.weight) * heaviest
            + finding_points
        )
        gaps.append(Gap(process_id, pa, current.rating if current else None,
                        current.achievement if current else None, needed, target,
                        capability_level, priority, holding))
    return gaps
