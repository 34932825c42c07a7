"""The ``itsm-assess/results`` JSON contract (schema version 1) as typed dicts.

:meth:`Results.to_dict() <itsm_assess.scoring.results.Results.to_dict>` returns a
:class:`ResultsContract`; the report reads one. mypy checks both sides against these shapes, so a
renamed key fails the type check instead of showing an empty cell. ``json_inputs`` validates a
results file given back to the tool against the same shapes (pydantic ``TypeAdapter``) and
``itsm-assess schema results`` publishes them as a JSON Schema.

Keys are optional (``total=False``) unless the report cannot do without them: results written by
earlier releases, and hand-made ones, may lack the newer keys. Unknown keys are let through.
"""

from __future__ import annotations

from typing import Any, Required

from typing_extensions import TypedDict

Number = int | float
#: A plain text or a localised one (``{"en": ..., "fi": ...}``).
Text = str | dict[str, str]


class AssessmentInfo(TypedDict, total=False):
    id: str
    organisation: str
    method: str
    scope: list[str]
    scope_description: str | None
    assessors: list[str]
    start_date: str | None
    end_date: str | None
    catalogue: str
    catalogue_version: str | None
    catalogue_hash: str | None
    #: Set when the catalogue was tailored (``catalogue import``): the base id and version.
    catalogue_tailored_from: dict[str, str] | None
    language: str
    target_profile: dict[str, int]


class ScaleBand(TypedDict, total=False):
    rating: Required[str]
    min: Number
    max: Number


class LevelRule(TypedDict, total=False):
    current: str
    lower: str
    min_level: int | None


class ModelInfo(TypedDict, total=False):
    id: str
    version: str
    title: Text
    kind: str
    scale: list[ScaleBand]
    values: dict[str, Number | None]
    max_level: int | None
    level_names: list[dict[str, str]]
    level_rule: LevelRule | None
    weighted: bool
    conforming_ratings: list[str]
    blocking_findings: list[str]
    capability: dict[str, Any]
    audit: dict[str, Number]


class AttributeEntry(TypedDict, total=False):
    rating: str | None
    achievement: Number | None
    #: "derived" from the items, or "direct" (the assessor rated the attribute).
    source: str
    items_rated: int
    items_applicable: int
    coverage: Number | None
    derived_rating: str | None
    derived_achievement: Number | None
    capped_by: list[str]
    uncapped_rating: str | None


class AttributeNotRated(TypedDict, total=False):
    reasons: list[str]
    items_rated: int
    items_applicable: int
    coverage: Number | None


class ComplianceFigures(TypedDict, total=False):
    """A tally's compliance: both figures null when too little was assessed to state one."""

    compliance: Number | None
    compliance_weighted: Number | None
    #: "stated", "nothing-assessed" or "insufficient-coverage".
    compliance_status: str
    coverage: Number | None
    counts: dict[str, int]


class ProcessEntry(ComplianceFigures, total=False):
    title: Text
    clauses: list[str]
    capability_level: int | None
    #: "rated", "not-rated" (PA 1.1 without a rating the evidence supports), null without levels.
    level_status: str | None
    level_name: Text | None
    target_level: int | None
    level_gap: int | None
    attributes: dict[str, AttributeEntry]
    attributes_not_rated: dict[str, AttributeNotRated]


class ClauseEntry(ComplianceFigures, total=False):
    title: Text


class RequirementEntry(TypedDict, total=False):
    process: str
    clause: str
    title: Text
    weight: Number
    attribute: str
    rating: str | None
    achievement: Number | None
    conformity: str | None
    finding: str | None
    evidence: str | None
    notes: str | None
    basis: str
    verdict: str
    #: "recorded" (the auditor's verdict or finding decides) or "derived" (read off the rating).
    verdict_source: str
    derived: bool
    na_accepted: bool | None
    justification: str | None
    #: The response's evidence log (what was sampled, seen, where), beside the verdict.
    evidence_log: list[dict[str, Any]]


class FindingEntry(TypedDict, total=False):
    id: Required[str]
    grade: Required[str]
    grade_recorded: str
    requirements: list[str]
    clauses: list[str]
    processes: list[str]
    statement: str
    evidence: str | None
    recommendation: str | None
    #: "open" or "closed", as every count reads it.
    status: str
    #: The findings register's own step (open, corrected, verified, closed …).
    lifecycle_status: str
    due_date: str | None
    owner: str | None
    #: True for a finding recorded on a response's row (its id ends in ``-finding``).
    generated: bool
    #: True when nobody wrote the statement of such a finding: ``statement`` is an English placeholder
    #: naming the requirement, and a report words its own sentence in the reader's language.
    statement_default: bool


class ReasonCode(TypedDict, total=False):
    """Why the verdict is what it is, as an id the report words in its own language."""

    code: Required[str]
    count: int
    items: list[str]


class ReadinessEntry(TypedDict, total=False):
    """Certification readiness, as :func:`itsm_assess.scoring.conformity.readiness` decides it."""

    #: ready, ready-with-conditions, not-ready (certification scope, audit); indication-clear,
    #: indication-with-conditions, indication-not-ready (narrower scope); no-verdict (self-assessment).
    verdict: str
    certification_scope: bool
    reasons: list[str]
    reason_codes: list[ReasonCode]
    clauses_outside_scope: list[str]
    open_major: int
    open_minor: int
    not_assessed: int
    #: "certification", "indication" (scope narrower than clauses 4-10) or "none" (self-assessment).
    kind: str
    method: str | None
    undecided: int
    na_unaccepted: int
    #: Share of the applicable shall requirements assessed (None when none applies).
    coverage: Number | None
    #: The whole a certification verdict needs, in words (the catalogue's certification scope).
    scope_label: dict[str, str] | None


class HoldingItem(TypedDict, total=False):
    id: Required[str]
    rating: str | None
    finding: str | None
    weight: Number


class GapEntry(TypedDict, total=False):
    process: Required[str]
    attribute: Required[str]
    rating: str | None
    achievement: Number | None
    needed: str
    target_level: int | None
    capability_level: int | None
    priority: Number
    requirements: list[HoldingItem]


class OverallEntry(ComplianceFigures, total=False):
    requirements_in_scope: int
    assessed: int
    conformity_derived: int
    conformity_recorded: int


class ResultsContract(TypedDict, total=False):
    """``itsm-assess/results``: what ``score --format json`` writes and ``report --results`` reads."""

    format: Required[str]
    schema_version: int
    assessment: Required[AssessmentInfo]
    model: Required[ModelInfo]
    processes: Required[dict[str, ProcessEntry]]
    clauses: Required[dict[str, ClauseEntry]]
    requirements: Required[dict[str, RequirementEntry]]
    findings: Required[list[FindingEntry]]
    #: All findings, open or closed; the two apart below (older results carry only this).
    findings_by_grade: Required[dict[str, int]]
    findings_open_by_grade: dict[str, int]
    findings_closed_by_grade: dict[str, int]
    readiness: Required[ReadinessEntry]
    gaps: Required[list[GapEntry]]
    overall: Required[OverallEntry]
    warnings: list[str]
