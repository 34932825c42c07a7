"""The report view's rows as typed dicts: what :func:`~itsm_assess.reports.view_model.build_report_view`
writes and every renderer (templates, Excel, slides, JSON) reads.

Every key is always present (a value may be None), so renderers index the rows and mypy fails on
a renamed or a missing key on either side. Rows stay plain dicts: Jinja2 templates and the JSON
output read them as they are. The golden cases in tests/golden/report pin the same shapes as data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NotRequired, TypedDict

from itsm_assess.scoring.contract import Number, ReasonCode

if TYPE_CHECKING:
    from itsm_assess.reports.director import DirectorSummary

# --------------------------------------------------------------------------- small pieces


class IdTitle(TypedDict):
    id: str
    title: str


class IdLabel(TypedDict):
    id: str
    label: str


class NameCount(TypedDict):
    name: str
    count: int


# --------------------------------------------------------------------------- what was assessed, how


class AssessmentView(TypedDict):
    id: str
    organisation: str
    method: str | None
    method_label: str
    scope: list[IdTitle]
    scope_description: str | None
    assessors: list[str]
    #: Who gave the findings, as the cover names them: the assessors, or a self-assessment's respondents.
    people_label: str
    people: str
    start_date: str | None
    end_date: str | None
    catalogue: str | None
    catalogue_title: str | None
    catalogue_version: str | None
    catalogue_hash: str | None
    language: str | None


class ScaleBandView(TypedDict):
    rating: str
    min: Number | None
    max: Number | None
    family: str
    meaning: str


class ModelView(TypedDict):
    id: str | None
    title: str | None
    kind: str | None
    kind_label: str
    max_level: int
    #: False for a compliance model: no levels, attributes or gaps to show.
    has_levels: bool
    scale: list[ScaleBandView]


class ReadinessView(TypedDict):
    verdict: str | None
    verdict_label: str
    certification_scope: bool
    #: Worded from ``reason_codes`` in the report's language.
    reasons: list[str]
    reason_codes: list[ReasonCode]
    clauses_outside_scope: list[str]
    open_major: int
    open_minor: int
    not_assessed: int


class LevelRow(TypedDict):
    level: int
    name: str


class MethodView(TypedDict):
    how_to_read: list[str]
    conformity_rule: str
    priority_rule: list[str]
    rag_rule: list[str]
    levels: list[LevelRow]


class DocumentFacts(TypedDict):
    """Cover-page facts."""

    version: str
    date: str | None
    distribution: list[str]
    confidentiality: str


# --------------------------------------------------------------------------- the tables


class AttributeCell(TypedDict):
    rating: str | None
    family: str
    achievement: Number | None
    source: str | None
    items_rated: int | None


class ProcessRow(TypedDict):
    id: str
    title: str
    clauses: list[str]
    capability_level: int | None
    level_name: str
    level_status: str | None
    target_level: int | None
    level_gap: int | None
    attributes: dict[str, AttributeCell]
    compliance: Number | None
    compliance_weighted: Number | None
    counts: dict[str, int]


class ClauseRow(TypedDict):
    clause: str
    title: str
    #: 1 for a top-level clause (4 … 10), 2 for its sub-clauses.
    depth: int
    compliance: Number | None
    compliance_weighted: Number | None
    counts: dict[str, int]


class FindingRow(TypedDict):
    id: str
    grade: str
    grade_label: str
    #: Position of the grade in FINDING_GRADES (most severe first); unknown grades last.
    grade_rank: int
    requirements: list[str]
    clauses: list[str]
    processes: list[str]
    statement: str
    evidence: str | None
    recommendation: str | None
    status: str
    status_label: str


class GradeCount(TypedDict):
    grade: str
    label: str
    #: Open findings of the grade (all of them for results that do not tell open from closed).
    count: int
    closed: int


class ActionPlanRow(TypedDict):
    """One row of the corrective-action plan (``reports.action_plan.build_action_plan``)."""

    no: int
    #: The action's id as the reader sees it (a row finding's in the reader's words: ``CHG-05`` in Finnish).
    id: str
    #: The action's stored id (``CHG-05-finding``): the key of its follow-up in assessment.yaml.
    key: str
    #: "nc" (a nonconformity to correct), "gap" (an attribute below what the target needs), "own".
    kind: str
    priority: str | None
    priority_label: str
    process: str
    process_title: str
    attribute: str | None
    attribute_name: str
    rating: str | None
    needed: str | None
    target_level: int | None
    requirements: list[str]
    weak_requirements: list[str]
    grade: str | None
    grade_label: str
    findings: list[str]
    action: str
    recommendation: str | None
    score: Number | None
    family: str
    requirement_titles: list[str]
    owner: str | None
    due_date: str | None
    status: str
    status_label: str
    notes: str | None


class RequirementRow(TypedDict):
    id: str
    process: str | None
    clause: str | None
    title: str
    weight: Number | None
    attribute: str | None
    rating: str | None
    family: str
    achievement: Number | None
    conformity: str | None
    conformity_label: str
    verdict: str | None
    verdict_source: str | None
    derived: bool | None
    basis: str | None
    finding: str | None
    finding_label: str
    evidence: str | None
    evidence_log: list[str]
    notes: str | None


# --------------------------------------------------------------------------- the executive summary


class VerdictView(TypedDict):
    #: The readiness verdict, or "none" (no verdict, a self-assessment's own view).
    code: str
    label: str
    scope_text: str
    #: R, A, G, or X (no verdict).
    rag: str


class RagClause(TypedDict):
    clause: str
    title: str
    compliance: Number | None
    rag: str
    rag_label: str
    open_major: int
    open_minor: int


class RagProcess(TypedDict):
    id: str
    title: str
    capability_level: int | None
    target_level: int | None
    compliance: Number | None
    rag: str
    rag_label: str
    open_major: int
    open_minor: int


class KeyMessage(TypedDict):
    #: progress, risk, blocker, strength (the director's page: its own kinds).
    kind: str
    text: str


class Figure(TypedDict):
    key: str
    value: str
    label: str
    #: The value in the baseline, as shown; None without one.
    before: str | None
    #: A line under the figure ("was 40 %", "of 12"); None without one.
    detail: str | None


class ExecutiveView(TypedDict):
    verdict: VerdictView
    rag_clauses: list[RagClause]
    rag_processes: list[RagProcess]
    messages: list[KeyMessage]
    figures: list[Figure]
    #: The director's page (``reports.director.DirectorSummary``), self-assessments only.
    director: NotRequired[DirectorSummary]


class PageAttribute(AttributeCell):
    attribute: str
    name: str


class PageRequirement(TypedDict):
    id: str
    title: str
    rating: str | None


class PageWeakness(PageRequirement):
    finding_label: str


class HoldingBack(TypedDict):
    attribute: str | None
    attribute_name: str
    rating: str | None
    family: str
    needed: str | None
    priority_label: str
    requirements: list[IdTitle]


class ProcessPage(TypedDict):
    """One page a process: purpose, level, attributes, strengths, weaknesses, what holds it back."""

    id: str
    title: str
    purpose: str
    capability_level: int | None
    level_name: str
    target_level: int | None
    compliance: Number | None
    rag: str
    rag_label: str
    attributes: list[PageAttribute]
    strengths: list[PageRequirement]
    weaknesses: list[PageWeakness]
    holding_back: list[HoldingBack]
    findings: list[FindingRow]
    no_strengths: str


# --------------------------------------------------------------------------- against a baseline, changes


class ProcessTrend(TypedDict):
    id: str
    title: str
    level_before: int | None
    level_now: int | None
    level_change: int | None
    compliance_before: Number | None
    compliance_now: Number | None
    compliance_change: Number | None
    #: improved, worsened, unchanged, new, removed.
    trend: str
    trend_label: str


class AttributeTrend(TypedDict):
    process: str
    process_title: str
    attribute: str
    attribute_name: str
    rating_before: str | None
    rating_now: str | None
    family_before: str
    family_now: str
    trend: str
    trend_label: str


class GradeComparison(TypedDict):
    grade: str
    label: str
    #: Open findings of the grade in the baseline and now; closed ones apart.
    before: int
    now: int
    before_closed: int
    now_closed: int


class FollowupCount(TypedDict):
    #: closed, carried_over, opened, not_followed_up.
    kind: str
    label: str
    count: int
    ids: list[str]
    ids_text: str


class ComparisonView(TypedDict):
    baseline_id: str | None
    baseline_start_date: str | None
    baseline_end_date: str | None
    compliance_before: Number | None
    compliance_now: Number | None
    verdict_before: str | None
    verdict_before_label: str
    verdict_now_label: str
    findings_by_grade: list[GradeComparison]
    followup: list[FollowupCount]
    processes: list[ProcessTrend]
    attributes: list[AttributeTrend]
    improved: int
    worsened: int


class DeviationRow(TypedDict):
    change_id: str | None
    recorded: str
    expected: str
    reason: str


class ChangeAnalysisView(TypedDict):
    total: int
    by_category: list[NameCount]
    by_route: list[NameCount]
    by_impact: list[NameCount]
    deviations: list[DeviationRow]
    #: "… and N more deviations: every one is listed in X"; empty when all are listed.
    deviations_more: str


# --------------------------------------------------------------------------- findings register, follow-up


class HistoryStep(TypedDict):
    date: str | None
    status: str
    status_label: str
    #: The assessment (round) the step was recorded in.
    assessment: str | None
    by: str | None
    note: str | None


class VerificationView(TypedDict):
    date: str
    auditor: str | None
    effective: bool
    evidence: str | None
    effective_label: str


class RegisterRequirement(TypedDict):
    id: str
    clause: str | None
    title: str


class RegisterRow(TypedDict):
    """One finding of the register (``reports.register.finding_row``)."""

    id: str
    grade: str
    grade_label: str
    nonconformity: bool
    requirements: list[RegisterRequirement]
    requirement_ids: str
    statement: str
    evidence: str | None
    recommendation: str | None
    correction: str | None
    correction_date: str | None
    root_cause: str | None
    corrective_action: str | None
    action_date: str | None
    owner: str | None
    due_date: str | None
    overdue: bool
    status: str
    status_label: str
    open: bool
    verification: VerificationView | None
    closed_date: str | None
    carried_from: str | None
    history: list[HistoryStep]
    #: Lifecycle problems of the finding, in the register's language.
    flags: list[str]


class StatusCount(TypedDict):
    status: str
    label: str
    count: int


class RoundFacts(TypedDict):
    id: str
    organisation: str
    as_of: str | None


class RegisterView(TypedDict):
    """The findings register of one assessment (``reports.register.register_view``)."""

    lang: str
    labels: dict[str, str]
    assessment: RoundFacts
    #: Open first, most severe first within a status.
    nonconformities: list[RegisterRow]
    others: list[RegisterRow]
    status_counts: list[StatusCount]
    problems: list[str]


class FollowedFinding(RegisterRow):
    """A finding of the previous round with what this round recorded of it."""

    status_before: str
    status_before_label: str
    status_now_label: str
    #: closed, verified, progressed, unchanged, not-effective (still open), set-back, reopened (after
    #: a closure), disappeared, closed-before.
    outcome: str
    outcome_label: str
    #: True when the finding disappeared without a closure.
    error: bool
    verified_now: VerificationView | None


class OutcomeCount(TypedDict):
    outcome: str
    label: str
    count: int


class PreviousRound(TypedDict):
    id: str
    start_date: str | None
    end_date: str | None


class FollowupView(TypedDict):
    """The follow-up of the previous round's findings (``reports.register.followup_view``)."""

    lang: str
    labels: dict[str, str]
    current: RoundFacts
    previous: PreviousRound
    rows: list[FollowedFinding]
    new: list[RegisterRow]
    counts: list[OutcomeCount]
    problems: list[str]
