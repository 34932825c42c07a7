"""Deprecated: the fieldwork workbook moved to :mod:`itsm_assess.fieldwork` (one module per
concern: ``layout``, ``labels``, ``items``, ``writing``, ``reading``, ``merging``, ``create``).

This module re-exports the names it had and warns; it goes in the next release.
"""

from __future__ import annotations

import warnings

from itsm_assess.fieldwork.create import create_assessment, new_assessment, slugify
from itsm_assess.fieldwork.items import WorkbookItem, indicator_levels, indicator_question, workbook_items
from itsm_assess.fieldwork.labels import (
    RATING_NAMES,
    finding_label,
    normalize_finding,
    normalize_rating,
    parse_due_date,
    rating_label,
)
from itsm_assess.fieldwork.layout import (
    COLUMNS,
    FINDING_FIELDS,
    FIRST_ITEM_ROW,
    FORMAT_NAME,
    HEADER_ROW,
    INPUT_FIELDS,
    LISTS_SHEET,
    MAX_COLUMN_WIDTH,
    MAX_ITEM_ROW_HEIGHT,
    META_SHEET,
    REQUIRED_KEYS,
    RESPONSE_FIELDS,
    WORKBOOK_FORMAT,
    finding_id_for,
)
from itsm_assess.fieldwork.merging import MergeReport, add_respondent, import_fieldwork, merge_answers
from itsm_assess.fieldwork.reading import FieldworkData, ItemAnswer, read_fieldwork
from itsm_assess.fieldwork.writing import write_fieldwork

warnings.warn(
    "itsm_assess.workbook is deprecated and goes in the next release; import from itsm_assess.fieldwork "
    "(e.g. itsm_assess.fieldwork.create_assessment, itsm_assess.fieldwork.import_fieldwork)",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = [
    "COLUMNS",
    "FINDING_FIELDS",
    "FIRST_ITEM_ROW",
    "FORMAT_NAME",
    "HEADER_ROW",
    "INPUT_FIELDS",
    "LISTS_SHEET",
    "MAX_COLUMN_WIDTH",
    "MAX_ITEM_ROW_HEIGHT",
    "META_SHEET",
    "RATING_NAMES",
    "REQUIRED_KEYS",
    "RESPONSE_FIELDS",
    "WORKBOOK_FORMAT",
    "FieldworkData",
    "ItemAnswer",
    "MergeReport",
    "WorkbookItem",
    "add_respondent",
    "create_assessment",
    "finding_id_for",
    "finding_label",
    "import_fieldwork",
    "indicator_levels",
    "indicator_question",
    "merge_answers",
    "new_assessment",
    "normalize_finding",
    "normalize_rating",
    "parse_due_date",
    "rating_label",
    "read_fieldwork",
    "slugify",
    "workbook_items",
    "write_fieldwork",
]
