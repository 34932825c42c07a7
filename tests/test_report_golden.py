"""Golden cases of the report view (the report's JSON, ``report --format json``'s ``view``), as black
keeps its test data: each folder of ``tests/golden/report`` holds ``results.json`` (and optionally
``baseline.json``, ``changes.json``, ``options.json`` with ``lang`` and ``annex``) and the
``expected.json`` view. A new case is a new folder, not new code.

The view is built from the results alone (no assessment or catalogue), so that what the report
shows of the ``itsm-assess/results`` contract is pinned: a renamed or dropped key changes a
case. After a deliberate change of the view, rewrite the expected files with
``ITSM_ASSESS_REGENERATE_GOLDEN=1 pytest tests/test_report_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from itsm_assess.reports import build_report_view, check_change_summary, check_results

CASES = Path(__file__).parent / "golden" / "report"


def _read(case: Path, name: str) -> Any:
    path = case / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@pytest.mark.parametrize("case", sorted(CASES.iterdir()), ids=lambda p: p.name)
def test_report_view(case: Path) -> None:
    options = _read(case, "options.json") or {}
    baseline, changes = _read(case, "baseline.json"), _read(case, "changes.json")
    view = build_report_view(
        check_results(_read(case, "results.json")), lang=options.get("lang", "en"),
        baseline_results=check_results(baseline, "baseline") if baseline is not None else None,
        change_summary=check_change_summary(changes) if changes is not None else None,
        annex=options.get("annex", True))
    got = json.loads(json.dumps(view.to_dict(), ensure_ascii=False))
    expected_path = case / "expected.json"
    if os.environ.get("ITSM_ASSESS_REGENERATE_GOLDEN"):
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))


def test_there_are_cases() -> None:
    assert len(list(CASES.iterdir())) >= 4
