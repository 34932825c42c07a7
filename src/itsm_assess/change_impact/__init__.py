"""Change-impact classification (ISO/IEC 20000-1:2018 8.5.1, 8.5.2, 8.5.3).

The organisation's change policy (YAML) applied to one change or to a whole export of change
records, with the reasons for every decision, and rendered as a guidance document.

Public API: :func:`load_policy`, :func:`classify`, :class:`Classification`,
:func:`record_from_mapping`, :func:`default_policy_path`; batch work in
:mod:`itsm_assess.change_impact.batch`, guidance in :mod:`itsm_assess.change_impact.guide`.
"""

from __future__ import annotations

from itsm_assess.change_impact.classify import Classification, classify
from itsm_assess.change_impact.explain import format_classification
from itsm_assess.change_impact.policy import (
    Policy,
    default_policy_path,
    load_policy,
    parse_policy,
)
from itsm_assess.change_impact.records import record_from_mapping

__all__ = [
    "Classification",
    "Policy",
    "classify",
    "default_policy_path",
    "format_classification",
    "load_policy",
    "parse_policy",
    "record_from_mapping",
]
