"""Rating scales: ratings to achievement percentages and back, with exact band boundaries.

Achievements are :class:`fractions.Fraction` values in 0..1 so that the band boundaries of
ISO/IEC 33020 hold exactly: 15 % is N, anything above 15 % up to 50 % is P, 50 % is P, 85 % is L.
Model files give decimals (``0.15``); they are read as the exact decimal, never as a float.

Scoring itself works in integers (:class:`ScaledScale`): every value and band limit times a
common denominator, so a weighted mean is compared against a band limit by an exact integer
cross-product, without building a Fraction per item.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itsm_assess.scoring.contract import ScaleBand

from itsm_assess.i18n import message

#: The four ratings of ISO/IEC 33020, lowest first.
BASE_RATINGS: tuple[str, ...] = ("N", "P", "L", "F")
#: Every rating an item may carry (refined ratings included), lowest first; "NA" is not on the scale.
SCALE_RATINGS: tuple[str, ...] = ("N", "P-", "P", "P+", "L-", "L", "L+", "F")
#: The refined ratings of ISO/IEC 33020 (P and L split in two), lowest first.
REFINED_RATINGS: tuple[str, ...] = ("N", "P-", "P+", "L-", "L+", "F")
#: The base rating a refined rating counts as (L- and L+ count as L).
BASE_OF: dict[str, str] = {"N": "N", "P-": "P", "P": "P", "P+": "P", "L-": "L", "L": "L", "L+": "L", "F": "F"}
_BASE_RANK = {r: i for i, r in enumerate(BASE_RATINGS)}
_SCALE_RANK = {r: i for i, r in enumerate(SCALE_RATINGS)}


def rating_family(rating: str | None) -> str:
    """``"L+"`` -> ``"L"``; ``"NA"`` -> ``"NA"``; no rating -> ``""`` (what renderers colour by)."""
    if not rating:
        return ""
    if rating == "NA":
        return "NA"
    return rating[0]


def exact(value: float | int | str | Fraction) -> Fraction:
    """The exact decimal a model file means: ``0.15`` is 15/100, not the nearest binary float."""
    if isinstance(value, Fraction):
        return value
    return Fraction(str(value))


def share(value: Fraction | None) -> float | None:
    """A share as the results write it: a float in 0..1 rounded to 4 places (None stays None)."""
    # numerator / denominator is float(value): int division rounds the exact quotient correctly.
    return round(value.numerator / value.denominator, 4) if value is not None else None


def base_rank(rating: str) -> int:
    """0 for N … 3 for F; refined ratings rank as their base rating."""
    return _BASE_RANK[BASE_OF[rating]]


def scale_rank(rating: str) -> int:
    """Position on the full scale N < P- < P < P+ < L- < L < L+ < F."""
    return _SCALE_RANK[rating]


def at_least(rating: str | None, needed: str) -> bool:
    """True when ``rating`` counts as ``needed`` or better (L- and L+ count as L)."""
    if rating is None or rating not in BASE_OF:
        return False
    return base_rank(rating) >= _BASE_RANK[BASE_OF[needed]]


@dataclass(frozen=True)
class Band:
    """A rating and the achievements it covers: above ``min`` up to and including ``max``.

    The lowest band also includes its ``min`` (0 %).
    """

    rating: str
    min: Fraction
    max: Fraction

    def as_dict(self) -> ScaleBand:
        return {"rating": self.rating, "min": float(self.min), "max": float(self.max)}


@dataclass(frozen=True)
class ScaledScale:
    """A :class:`RatingScale` in integers: each value, band limit and threshold times ``denominator``.

    An achievement ``total / (weights × denominator)`` lies in the band whose scaled ``max`` is
    the first with ``total <= max × weights``: exact, as with Fractions.
    """

    denominator: int
    values: dict[str, int]
    #: ``(max × denominator, rating)`` of each band, lowest first.
    limits: tuple[tuple[int, str], ...]
    thresholds: dict[str, int]

    def rating_for(self, total: int, weights: int) -> str:
        """The rating of the achievement ``total / (weights × denominator)`` (``weights`` != 0)."""
        if weights < 0:
            total, weights = -total, -weights
        if total < 0 or total > self.denominator * weights:
            raise ValueError(message("achievement {value} is outside 0..1", value=total / (weights * self.denominator)))
        for limit, rating in self.limits:
            if total <= limit * weights:
                return rating
        return self.limits[-1][1]  # pragma: no cover - the last band ends at 1


@dataclass(frozen=True)
class RatingScale:
    """How ratings become achievements (``values``) and achievements become ratings (``bands``)."""

    bands: tuple[Band, ...]
    values: dict[str, Fraction]
    #: Lower boundary of each base rating's band (N 0, P 0.15, L 0.5, F 0.85 by default).
    thresholds: dict[str, Fraction]

    def rating_for(self, achievement: Fraction) -> str:
        """The rating of the band holding ``achievement`` (upper boundaries belong to the lower band)."""
        if achievement < 0 or achievement > 1:
            raise ValueError(message("achievement {value} is outside 0..1", value=float(achievement)))
        for band in self.bands:
            if achievement <= band.max:
                return band.rating
        return self.bands[-1].rating  # pragma: no cover - the last band ends at 1

    def value_of(self, rating: str) -> Fraction:
        """The achievement a rating stands for when ratings are aggregated."""
        return self.values[rating]

    @cached_property
    def scaled(self) -> ScaledScale:
        """The same scale in integers (computed once per scale)."""
        numbers = [*self.values.values(), *self.thresholds.values()]
        numbers += [b.max for b in self.bands] + [b.min for b in self.bands]
        d = math.lcm(*(n.denominator for n in numbers))
        return ScaledScale(
            denominator=d,
            values={r: int(v * d) for r, v in self.values.items()},
            limits=tuple((int(b.max * d), b.rating) for b in self.bands),
            thresholds={r: int(v * d) for r, v in self.thresholds.items()},
        )

    def band_of(self, rating: str) -> Band | None:
        for band in self.bands:
            if band.rating == rating:
                return band
        return None


def build_scale(
    base_bands: list[tuple[str, Fraction, Fraction]],
    refined_splits: dict[str, Fraction],
    report_refined: bool,
    values: dict[str, Fraction] | None,
) -> RatingScale:
    """Assemble a scale; ``values`` default to the midpoint of each rating's band.

    P and L take the midpoint of their whole band; P-/P+ and L-/L+ the midpoint of their half.
    """
    base = {r: (lo, hi) for r, lo, hi in base_bands}
    halves: dict[str, tuple[Fraction, Fraction]] = {}
    for r in ("P", "L"):
        lo, hi = base[r]
        split = refined_splits.get(r, (lo + hi) / 2)
        halves[f"{r}-"] = (lo, split)
        halves[f"{r}+"] = (split, hi)
    mids: dict[str, Fraction] = {r: (lo + hi) / 2 for r, (lo, hi) in base.items()}
    mids.update({r: (lo + hi) / 2 for r, (lo, hi) in halves.items()})
    table = dict(mids)
    if values:
        table.update(values)
    if report_refined:
        bands = tuple(
            Band(r, *(halves[r] if r in halves else base[r])) for r in REFINED_RATINGS
        )
    else:
        bands = tuple(Band(r, lo, hi) for r, lo, hi in base_bands)
    return RatingScale(bands=bands, values=table, thresholds={r: lo for r, (lo, _) in base.items()})
