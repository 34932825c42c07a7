"""The fieldwork package: the old ``itsm_assess.workbook`` path warns and still works for one
release; the package's names load on first use; the column table is the one place a column lives."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import itsm_assess.fieldwork as fieldwork
from itsm_assess.fieldwork import create, merging, reading, writing
from itsm_assess.fieldwork.layout import (
    COLUMNS,
    EVIDENCE_FIELDS,
    FINDING_FIELDS,
    INPUT_FIELDS,
    REQUIRED_KEYS,
    RESPONSE_FIELDS,
)


def test_old_module_path_warns_and_re_exports() -> None:
    sys.modules.pop("itsm_assess.workbook", None)
    with pytest.warns(DeprecationWarning, match=r"itsm_assess\.workbook is deprecated.*itsm_assess\.fieldwork"):
        old = importlib.import_module("itsm_assess.workbook")
    assert old.create_assessment is create.create_assessment
    assert old.import_fieldwork is merging.import_fieldwork
    assert old.read_fieldwork is reading.read_fieldwork
    assert old.write_fieldwork is writing.write_fieldwork
    assert old.MergeReport is merging.MergeReport
    for name in old.__all__:
        assert getattr(old, name) is not None, name


def test_package_names_resolve_lazily() -> None:
    assert fieldwork.new_assessment is create.new_assessment
    assert fieldwork.merge_answers is merging.merge_answers
    with pytest.raises(AttributeError, match="no_such_name"):
        fieldwork.no_such_name  # noqa: B018
    code = "import sys, itsm_assess.fieldwork; print('openpyxl' in sys.modules, 'itsm_assess.fieldwork.writing' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_column_groups_come_from_the_one_table() -> None:
    keys = [c.key for c in COLUMNS]
    assert len(keys) == len(set(keys))
    assert RESPONSE_FIELDS == ("rating", "verdict", "justification", "na_accepted", "finding", "evidence", "notes")
    assert FINDING_FIELDS == ("finding_statement", "recommendation", "owner", "due_date")
    assert EVIDENCE_FIELDS == ("ev_records", "ev_sample_size", "ev_population", "ev_documents", "ev_interviewees",
                               "ev_site", "ev_date")
    assert INPUT_FIELDS == RESPONSE_FIELDS + FINDING_FIELDS + EVIDENCE_FIELDS
    # a workbook of the first format imports: every required key is one it had
    assert REQUIRED_KEYS == ("id", "rating", "finding", "evidence", "notes")
    # guidance first, answers after (the print layout breaks the page between them)
    first_input = next(i for i, c in enumerate(COLUMNS) if c.is_input)
    assert all(c.is_input for c in COLUMNS[first_input:])
