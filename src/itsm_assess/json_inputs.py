"""JSON files given back to the tool (``report --results/--baseline/--changes``), read as untrusted.

:func:`read_json` refuses what ``json`` would turn into a traceback or a surprise: files that are
not regular or over the size limit, nesting deeper than :data:`MAX_DEPTH`, integers longer than
:data:`MAX_INT_DIGITS` digits, ``NaN`` and ``Infinity``. :func:`check_shape` then validates the
data against the typed contract (pydantic ``TypeAdapter`` over the TypedDicts below, strict: a
``"3"`` is not a level) so that what the report reads has the types it expects. Unknown keys are
let through: a newer release may add some.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from typing_extensions import TypedDict

from itsm_assess.errors import InputError
from itsm_assess.i18n import message
from itsm_assess.loading import MAX_ERRORS_SHOWN, display_path, format_loc, read_limited

MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_INT_DIGITS = 30

Number = int | float
Text = str | dict[str, str]  # a plain or a localised text


class AttributeEntry(TypedDict, total=False):
    rating: str | None
    achievement: Number | None
    source: str
    items_rated: int


class ProcessEntry(TypedDict, total=False):
    title: Text
    clauses: list[str]
    capability_level: int | None
    level_name: Text | None
    target_level: int | None
    level_gap: int | None
    attributes: dict[str, AttributeEntry]
    counts: dict[str, int]
    compliance: Number | None
    compliance_weighted: Number | None


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


class HoldingItem(TypedDict, total=False):
    id: str
    rating: str | None
    finding: str | None
    weight: Number


class GapEntry(TypedDict, total=False):
    process: str
    attribute: str
    rating: str | None
    achievement: Number | None
    needed: str
    target_level: int | None
    capability_level: int | None
    priority: Number
    requirements: list[HoldingItem]


class FindingEntry(TypedDict, total=False):
    id: str
    grade: str
    requirements: list[str]
    statement: str
    evidence: str | None
    recommendation: str | None
    status: str
    due_date: str | None
    owner: str | None


class Readiness(TypedDict, total=False):
    verdict: str
    certification_scope: Any
    reasons: list[str]
    reason_codes: list[dict[str, Any]]
    clauses_outside_scope: list[str]
    open_major: int
    open_minor: int
    not_assessed: int


class Overall(TypedDict, total=False):
    compliance: Number | None
    compliance_weighted: Number | None
    requirements_in_scope: int
    assessed: int
    counts: dict[str, int]


class ModelInfo(TypedDict, total=False):
    id: str
    version: str
    title: Text
    kind: str
    scale: list[dict[str, Any]]
    values: dict[str, Number]
    max_level: int | None
    level_names: list[dict[str, str]]
    level_rule: dict[str, Any] | None
    weighted: bool
    conforming_ratings: list[str]
    blocking_findings: list[str]


class ResultsContract(TypedDict, total=False):
    """``itsm-assess/results``: what ``score --format json`` writes."""

    format: str
    schema_version: int
    assessment: dict[str, Any]
    model: ModelInfo
    processes: dict[str, ProcessEntry]
    clauses: dict[str, dict[str, Any]]
    requirements: dict[str, RequirementEntry]
    findings: list[FindingEntry]
    findings_by_grade: dict[str, int]
    readiness: Readiness
    gaps: list[GapEntry]
    overall: Overall
    warnings: list[str]


class DeviationEntry(TypedDict, total=False):
    change_id: str
    type: str
    recorded: str
    expected: str
    reason: str
    reason_key: str
    details: dict[str, Any]


class ChangeSummaryContract(TypedDict, total=False):
    """``itsm-assess/change-batch-summary``: what ``change batch --summary-json`` writes."""

    format: str
    schema_version: int
    source: str
    policy: str
    total: int
    rejected_rows: int
    incomplete: int
    release_required: int
    by_category: dict[str, int]
    by_route: dict[str, int]
    by_impact: dict[str, int]
    deviations_by_type: dict[str, int]
    changes_with_deviations: int
    deviations: list[DeviationEntry]


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(message("an integer of {count:,} digits (the limit is {limit})", count=len(text.lstrip('-')), limit=MAX_INT_DIGITS))
    return int(text)


def _no_constant(name: str) -> Any:
    raise ValueError(message("{name} is not a number this tool accepts", name=name))


def _depth_ok(data: Any) -> bool:
    """True when ``data`` nests at most :data:`MAX_DEPTH` levels (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return True


def read_json(path: str | os.PathLike[str]) -> Any:
    """Parse a JSON file with the limits of the module docstring; :class:`InputError` names the file."""
    name = display_path(path)
    raw = read_limited(path, MAX_JSON_BYTES, "a JSON file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(message("{name}: byte {byte} is not valid UTF-8; expected a JSON file in UTF-8", name=name, byte=exc.start)) from None
    try:
        data = json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(message("{name}:{line}:{column}: invalid JSON: {msg}", name=name, line=exc.lineno, column=exc.colno, msg=exc.msg)) from None
    except RecursionError:
        raise InputError(message("{name}: nested deeper than {limit} levels; not a file this tool wrote", name=name, limit=MAX_DEPTH)) from None
    except ValueError as exc:
        raise InputError(message("{name}: invalid JSON: {error}", name=name, error=exc)) from None
    if not _depth_ok(data):
        raise InputError(message("{name}: nested deeper than {limit} levels; not a file this tool wrote", name=name, limit=MAX_DEPTH))
    return data


@cache
def _adapter(kind: str) -> Any:
    from pydantic import TypeAdapter

    contract = {"results": ResultsContract, "changes": ChangeSummaryContract}[kind]
    return TypeAdapter(contract)


def check_shape(kind: str, data: Any, where: str) -> None:
    """Raise :class:`InputError` (``where: key.path: problem`` lines) unless ``data`` has the types
    of the ``results`` or ``changes`` contract. The data itself is left as it is."""
    from pydantic import ValidationError

    if not _depth_ok(data):
        raise InputError(message("{where}: nested deeper than {limit} levels", where=where, limit=MAX_DEPTH))
    try:
        _adapter(kind).validate_python(data, strict=True)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False)[:MAX_ERRORS_SHOWN]:
            value = repr(err.get("input"))
            shown = value if len(value) <= 40 else value[:37] + "..."
            problems.append(message("{where}: {field}: {lower}, got {shown}", where=where, field=format_loc(tuple(err['loc'])), lower=err['msg'].lower(), shown=shown))
        if exc.error_count() > MAX_ERRORS_SHOWN:
            problems.append(message("... and {count} more", count=exc.error_count() - MAX_ERRORS_SHOWN))
        raise InputError(problems) from None
