"""The ``itsm-assess/change-batch-summary`` JSON contract (schema version 2) as typed dicts.

What ``change batch --summary-json`` writes (:func:`itsm_assess.change_impact.batch.summary`) and
``report --changes`` reads. ``json_inputs`` validates a summary given back to the tool against
these shapes and ``itsm-assess schema changes`` publishes them as a JSON Schema.

The deviation listing is bounded (:data:`MAX_LISTED_DEVIATIONS` entries and
:data:`MAX_LISTED_BYTES` of JSON) so that any summary the tool writes stays under the 20 MB a
JSON input may have: ``deviations_omitted`` counts the rest, which the batch's workbook or
``-deviations.csv`` (``deviations_listed_in``) lists in full.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

#: Deviations the summary JSON lists at most; the counts by type always cover all of them.
MAX_LISTED_DEVIATIONS = 10_000
#: Bytes of listed deviations at most (the JSON input limit is 20 MiB; the rest is the head's room).
MAX_LISTED_BYTES = 16 * 1024 * 1024


class DeviationEntry(TypedDict, total=False):
    change_id: str
    #: category, approval, route or scope.
    type: str
    #: What was recorded and what the policy requires, as shown (ids; roles joined by commas).
    recorded: str
    expected: str
    recorded_value: Any
    expected_value: Any
    #: Why, in the batch's language; ``reasons`` in every supported language.
    reason: str
    reasons: dict[str, str]
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
    by_risk: dict[str, int]
    by_impact: dict[str, int]
    by_route: dict[str, int]
    deviations_by_type: dict[str, int]
    changes_with_deviations: int
    #: The first deviations (at most :data:`MAX_LISTED_DEVIATIONS`); null when left out.
    deviations: list[DeviationEntry] | None
    #: How many deviations in all, how many the listing leaves out, and the file listing them all.
    deviations_total: int
    deviations_omitted: int
    deviations_listed_in: str | None
    #: The policy's names of the ids above in every supported language: lang -> group -> id -> name.
    labels: dict[str, dict[str, dict[str, str]]]
