"""Fieldwork out and back in: the auditor's fieldwork workbook, questionnaires for staff and
online-form question lists.

The fieldwork workbook, one module per concern:

- :mod:`.layout`: format marks, sheets and rows, and the one table of its columns;
- :mod:`.labels`: captions, prompts, drop-down labels and the reading of typed values;
- :mod:`.items`: the rows (requirements, then capability indicators) of each process sheet;
- :mod:`.writing`: :func:`write_fieldwork`;
- :mod:`.reading`: :func:`read_fieldwork`, every value validated again;
- :mod:`.merging`: :func:`merge_answers`, :func:`import_fieldwork` into ``assessment.yaml``;
- :mod:`.create`: :func:`new_assessment`, :func:`create_assessment`.

The names below are importable from here; each module is loaded on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "new_assessment": "create",
    "create_assessment": "create",
    "write_fieldwork": "writing",
    "read_fieldwork": "reading",
    "FieldworkData": "reading",
    "merge_answers": "merging",
    "import_fieldwork": "merging",
    "MergeReport": "merging",
}

__all__ = [
    "FieldworkData",
    "MergeReport",
    "create_assessment",
    "import_fieldwork",
    "merge_answers",
    "new_assessment",
    "read_fieldwork",
    "write_fieldwork",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from itsm_assess.fieldwork.create import create_assessment, new_assessment
    from itsm_assess.fieldwork.merging import MergeReport, import_fieldwork, merge_answers
    from itsm_assess.fieldwork.reading import FieldworkData, read_fieldwork
    from itsm_assess.fieldwork.writing import write_fieldwork


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'itsm_assess.fieldwork' has no attribute {name!r}")
    value = getattr(import_module(f"itsm_assess.fieldwork.{module}"), name)
    globals()[name] = value
    return value
