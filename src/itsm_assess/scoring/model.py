"""Scoring-model files: the schema, the loader and the runtime :class:`ScoringModel`.

A scoring model is one YAML file (``scoring/models/<id>.yaml`` for the bundled ones, or any
path for a user's copy). It says how ratings become achievement percentages and back, whether
weights apply, the capability-level rule, when a requirement conforms, and how gaps are ranked.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import (
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    field_validator,
    model_validator,
)

from itsm_assess import resources
from itsm_assess.errors import InputError, NotFoundError
from itsm_assess.i18n import message
from itsm_assess.loading import display_path, load_yaml, validate
from itsm_assess.schema import (
    Identifier,
    LocalizedText,
    SchemaVersion,
    StrictModel,
    Version,
)
from itsm_assess.scoring.scale import (
    BASE_OF,
    BASE_RATINGS,
    REFINED_RATINGS,
    SCALE_RATINGS,
    RatingScale,
    build_scale,
    exact,
    scale_rank,
)

BaseRating = Literal["N", "P", "L", "F"]
ScaleRating = Literal["N", "P-", "P", "P+", "L-", "L", "L+", "F"]
Grade = Literal["major-nc", "minor-nc", "observation", "ofi", "good-practice"]
Number = StrictFloat | StrictInt
ModelKind = Literal["capability", "compliance", "maturity"]


class ModelInfo(StrictModel):
    id: Identifier
    version: Version
    title: LocalizedText
    description: LocalizedText | None = None
    kind: ModelKind


class BandSpec(StrictModel):
    rating: BaseRating
    min: Number = Field(ge=0, le=1)
    max: Number = Field(ge=0, le=1)


class ScaleSpec(StrictModel):
    """The four bands N, P, L, F; optional refined split points; optional rating-value table."""

    bands: list[BandSpec]
    refined_splits: dict[Literal["P", "L"], Number] = Field(default_factory=dict)
    report_refined: StrictBool = False
    values: dict[ScaleRating, Number] = Field(default_factory=dict)

    @field_validator("bands")
    @classmethod
    def _contiguous(cls, bands: list[BandSpec]) -> list[BandSpec]:
        ratings = [b.rating for b in bands]
        if ratings != list(BASE_RATINGS):
            raise ValueError(message("bands must be N, P, L, F in this order; found {value}", value=', '.join(ratings) or 'none'))
        if exact(bands[0].min) != 0:
            raise ValueError(message("the N band must start at 0"))
        if exact(bands[-1].max) != 1:
            raise ValueError(message("the F band must end at 1"))
        for prev, band in zip(bands, bands[1:], strict=False):
            if exact(band.min) != exact(prev.max):
                raise ValueError(message("band {rating} must start where {rating2} ends ({max})", rating=band.rating, rating2=prev.rating, max=prev.max))
        for band in bands:
            if exact(band.min) >= exact(band.max):
                raise ValueError(message("band {rating}: min {min} must be below max {max}", rating=band.rating, min=band.min, max=band.max))
        return bands

    @field_validator("values")
    @classmethod
    def _in_range(cls, values: dict[str, Number]) -> dict[str, Number]:
        for rating, v in values.items():
            if not 0 <= v <= 1:
                raise ValueError(message("value of {rating} is {value}; expected a share between 0 and 1", rating=rating, value=v))
        return values

    @model_validator(mode="after")
    def _splits_and_order(self) -> ScaleSpec:
        bands = {b.rating: b for b in self.bands}
        for rating, split in self.refined_splits.items():
            band = bands.get(rating)
            if band and not exact(band.min) < exact(split) < exact(band.max):
                raise ValueError(message("refined_splits.{rating}: {split} must lie inside the {rating} band ({min}–{max})", rating=rating, split=split, min=band.min, max=band.max))
        # A rating on its own must aggregate back to itself: its value lies in its own band.
        scale = self.build()
        base = build_scale([(b.rating, exact(b.min), exact(b.max)) for b in self.bands], {}, False, None)
        for scale_rating in SCALE_RATINGS:
            value = scale.value_of(scale_rating)
            own = BASE_OF[scale_rating]
            if base.rating_for(value) != own or (
                self.report_refined and scale_rating in REFINED_RATINGS and scale.rating_for(value) != scale_rating
            ):
                raise ValueError(
                    message("values: {rating} = {value} lies outside the band of {rating}; a rating must stand for an achievement inside its own band", rating=scale_rating, value=float(value))
                )
        ordered = [scale.value_of(r) for r in SCALE_RATINGS]
        for (r1, v1), (r2, v2) in zip(zip(SCALE_RATINGS, ordered, strict=True),
                                           zip(SCALE_RATINGS[1:], ordered[1:], strict=True), strict=False):
            if v2 < v1:
                raise ValueError(
                    message("values: {r2} ({value}) is below {r1} ({value2}); a higher rating may not count for less", r2=r2, value=float(v2), r1=r1, value2=float(v1))
                )
        return self

    def build(self) -> RatingScale:
        return build_scale(
            [(b.rating, exact(b.min), exact(b.max)) for b in self.bands],
            {r: exact(v) for r, v in self.refined_splits.items()},
            self.report_refined,
            {r: exact(v) for r, v in self.values.items()},
        )


class AggregationSpec(StrictModel):
    #: Weight each requirement by its catalogue weight (indicators weigh 1).
    weighted: StrictBool = True


class LevelsSpec(StrictModel):
    """The level rule: level n is reached when every level-n attribute is at least ``current``
    and every attribute of a lower level at least ``lower``."""

    max_level: StrictInt = Field(ge=1, le=5)
    min_level: StrictInt = Field(default=0, ge=0, le=1)
    current: BaseRating = "L"
    lower: BaseRating = "F"
    names: list[LocalizedText] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_per_level(self) -> LevelsSpec:
        if self.names and len(self.names) != self.max_level + 1:
            raise ValueError(message("names: give one name per level 0 to {max_level} ({value} names)", max_level=self.max_level, value=self.max_level + 1))
        if BASE_RATINGS.index(self.lower) < BASE_RATINGS.index(self.current):
            raise ValueError(message("lower must be at least as high as current (lower levels cannot need less)"))
        return self


_DEFAULT_BLOCKING: tuple[Grade, ...] = ("major-nc", "minor-nc")
_DEFAULT_FINDING_POINTS: dict[Grade, Number] = {"major-nc": 5, "minor-nc": 2, "observation": 0.5, "ofi": 0,
                                                "good-practice": 0}


class ConformitySpec(StrictModel):
    """A requirement conforms when rated one of ``conforming_ratings`` with no blocking finding."""

    conforming_ratings: list[ScaleRating] = Field(min_length=1)
    blocking_findings: list[Grade] = Field(default_factory=lambda: list(_DEFAULT_BLOCKING))

    @field_validator("conforming_ratings")
    @classmethod
    def _upward_closed(cls, ratings: list[str]) -> list[str]:
        lowest = min(scale_rank(r) for r in ratings)
        missing = [r for r in SCALE_RATINGS if scale_rank(r) >= lowest and r not in ratings]
        if missing:
            raise ValueError(message("every rating above a conforming one must conform too; add {names}", names=', '.join(missing)))
        return ratings


CheckRule = Literal[
    "na-without-justification", "na-with-nonconformity", "finding-conflict", "undecided-not-conforming",
    "direct-rating-far", "nonconformity-on-non-shall", "verdict-rating-mismatch",
    "closed-without-verification", "status-skips-step", "lifecycle-record-missing", "finding-disappeared",
]
Severity = Literal["error", "warning"]
#: What each consistency rule is by default: an error stops scoring (exit 2), a warning is reported.
DEFAULT_CHECKS: dict[str, Severity] = {
    "na-without-justification": "warning",
    "na-with-nonconformity": "error",
    "finding-conflict": "warning",
    "undecided-not-conforming": "warning",
    "direct-rating-far": "error",
    "nonconformity-on-non-shall": "warning",
    "verdict-rating-mismatch": "warning",
    "closed-without-verification": "error",
    "status-skips-step": "warning",
    "lifecycle-record-missing": "warning",
    "finding-disappeared": "error",
}


class CapabilitySpec(StrictModel):
    """ISO/IEC 33020 safeguards on attribute ratings (see docs/scoring.md)."""

    #: Share of an attribute's applicable items that must be rated for the attribute to be rated.
    coverage: Number = Field(default=0.8, ge=0, le=1)
    #: Attributes of this level and above need generic practice (indicator) evidence.
    indicators_from_level: StrictInt = Field(default=2, ge=1, le=6)
    #: An open major NC, or an N on a requirement of at least ``cap_weight``, caps its attribute here.
    cap_rating: BaseRating = "L"
    cap_weight: StrictInt = Field(default=3, ge=1, le=6)


class AuditSpec(StrictModel):
    """Evidence coverage the audit view needs before it states a figure or a verdict."""

    #: Share of the applicable ``shall`` requirements assessed for a compliance figure.
    compliance_coverage: Number = Field(default=0.8, ge=0, le=1)
    #: Share of the ``shall`` requirements in scope audited for a readiness verdict (else not ready).
    readiness_coverage: Number = Field(default=1, ge=0, le=1)


class PrioritySpec(StrictModel):
    """Gap priority = shortfall × (needed − achievement) + level_distance × (target − level)
    + weight × heaviest holding requirement + the finding points of the holding requirements."""

    shortfall: Number = Field(default=10, ge=0)
    level_distance: Number = Field(default=2, ge=0)
    weight: Number = Field(default=1, ge=0)
    findings: dict[Grade, Number] = Field(
        default_factory=lambda: dict(_DEFAULT_FINDING_POINTS)
    )


class GapsSpec(StrictModel):
    priority: PrioritySpec = Field(default_factory=PrioritySpec)


class ScoringModelFile(StrictModel):
    """A scoring-model YAML file."""

    schema_version: SchemaVersion
    scoring_model: ModelInfo
    scale: ScaleSpec
    aggregation: AggregationSpec = Field(default_factory=AggregationSpec)
    levels: LevelsSpec | None = None
    conformity: ConformitySpec
    capability: CapabilitySpec = Field(default_factory=CapabilitySpec)
    audit: AuditSpec = Field(default_factory=AuditSpec)
    checks: dict[CheckRule, Severity] = Field(default_factory=dict)
    gaps: GapsSpec = Field(default_factory=GapsSpec)

    @model_validator(mode="after")
    def _levels_match_kind(self) -> ScoringModelFile:
        kind = self.scoring_model.kind
        if kind == "compliance" and self.levels is not None:
            raise ValueError(message("a compliance model has no levels; remove 'levels' or change scoring_model.kind"))
        if kind != "compliance" and self.levels is None:
            raise ValueError(message("a {kind} model needs 'levels' (max_level, current, lower)", kind=kind))
        return self


@dataclass(frozen=True)
class ScaledPriority:
    """The gap-priority coefficients over one common ``denominator`` (each coefficient × it)."""

    denominator: int
    shortfall: int
    level_distance: int
    weight: int
    findings: dict[str, int]

    @classmethod
    def of(cls, spec: PrioritySpec) -> ScaledPriority:
        exact_points = {str(grade): exact(value) for grade, value in spec.findings.items()}
        coefficients = [exact(spec.shortfall), exact(spec.level_distance), exact(spec.weight)]
        d = math.lcm(*(c.denominator for c in [*coefficients, *exact_points.values()]))
        s, lv, w = (int(c * d) for c in coefficients)
        return cls(d, s, lv, w, {g: int(v * d) for g, v in exact_points.items()})


@dataclass(frozen=True)
class ScoringModel:
    """A validated scoring model, ready to score with."""

    id: str
    version: str
    title: dict[str, str]
    kind: str
    scale: RatingScale
    weighted: bool
    levels: LevelsSpec | None
    conforming_ratings: frozenset[str]
    blocking_findings: frozenset[str]
    priority: PrioritySpec
    capability: CapabilitySpec = field(default_factory=CapabilitySpec)
    audit: AuditSpec = field(default_factory=AuditSpec)
    checks: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CHECKS))
    path: Path | None = None

    @cached_property
    def priority_scaled(self) -> ScaledPriority:
        """The priority coefficients in integers (computed once per model)."""
        return ScaledPriority.of(self.priority)

    @cached_property
    def attribute_coverage(self) -> Fraction:
        """``capability.coverage`` as an exact fraction (computed once per model)."""
        return exact(self.capability.coverage)

    @cached_property
    def compliance_coverage(self) -> Fraction:
        return exact(self.audit.compliance_coverage)

    @cached_property
    def readiness_coverage(self) -> Fraction:
        return exact(self.audit.readiness_coverage)

    @property
    def has_levels(self) -> bool:
        return self.levels is not None

    @property
    def max_level(self) -> int | None:
        return self.levels.max_level if self.levels else None

    @classmethod
    def from_file(cls, spec: ScoringModelFile, path: Path | None = None) -> ScoringModel:
        info = spec.scoring_model
        return cls(
            id=info.id,
            version=info.version,
            title=dict(info.title),
            kind=info.kind,
            scale=spec.scale.build(),
            weighted=spec.aggregation.weighted,
            levels=spec.levels,
            conforming_ratings=frozenset(spec.conformity.conforming_ratings),
            blocking_findings=frozenset(spec.conformity.blocking_findings),
            priority=spec.gaps.priority,
            capability=spec.capability,
            audit=spec.audit,
            checks={**DEFAULT_CHECKS, **{str(k): str(v) for k, v in spec.checks.items()}},
            path=path,
        )

    def level_name(self, level: int | None) -> dict[str, str] | None:
        if level is None or not self.levels or not self.levels.names:
            return None
        return dict(self.levels.names[level])


def models_dir() -> Path:
    """Folder of the bundled scoring models."""
    return resources.package_data("scoring", "models")


def bundled_model_ids() -> list[str]:
    """Ids of the bundled scoring models (their file stems)."""
    return sorted(p.stem for p in models_dir().glob("*.yaml"))


def resolve_model_path(ref: str | os.PathLike[str]) -> Path:
    """The file of a bundled model id, or ``ref`` itself when it is a path."""
    text = str(ref)
    candidate = Path(ref)
    if candidate.is_file() or text.endswith((".yaml", ".yml")) or os.sep in text or "/" in text:
        return candidate
    bundled = models_dir() / f"{text}.yaml"
    if bundled.is_file():
        return bundled
    raise NotFoundError(
        message("no scoring model {text!r}; expected a bundled id ({names}) or the path of a model YAML file", text=text, names=', '.join(bundled_model_ids()))
    )


def load_scoring_model(ref: str | os.PathLike[str] = "iso33020") -> ScoringModel:
    """Load and validate a scoring model by bundled id or path.

    Raises :class:`InputError` (``file:line:col: field: message``) for a malformed file and
    :class:`NotFoundError` for an unknown id.
    """
    path = resolve_model_path(ref)
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError(message("{path}: expected a scoring model (a mapping with scoring_model, scale, conformity)", path=display_path(path)))
    spec = validate(ScoringModelFile, doc)
    return ScoringModel.from_file(spec, path)


def scale_fraction(value: Fraction) -> float:
    """A share rounded for output (four decimals, i.e. 0.01 %)."""
    return round(float(value), 4)
