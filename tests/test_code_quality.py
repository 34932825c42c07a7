"""The code stays typed (mypy --strict) and lint-clean (ruff): the same gate for every module."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; `pip install -e '.[test]'` installs it")
    return found


def test_mypy_strict() -> None:
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def test_ruff() -> None:
    result = subprocess.run([_tool("ruff"), "check", "src", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def test_mypy_catches_a_renamed_report_view_key(tmp_path: Path) -> None:
    """The report view's rows are typed dicts (reports/view_types.py): a renamed key fails the type
    check instead of showing an empty cell; the right key passes."""
    snippet = tmp_path / "renamed_key.py"
    snippet.write_text(
        "from itsm_assess.reports.view_model import ReportView\n"
        "\n"
        "\n"
        "def right(view: ReportView) -> list[str]:\n"
        "    return [p['title'] for p in view.processes] + [f['grade_label'] for f in view.findings]\n"
        "\n"
        "\n"
        "def renamed(view: ReportView) -> list[str]:\n"
        "    return [p['titel'] for p in view.processes]\n",
        encoding="utf-8")
    result = subprocess.run([_tool("mypy"), str(snippet)], cwd=ROOT, capture_output=True, text=True)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 1, result.stdout[-4000:]
    assert len(errors) == 1 and f"{snippet.name}:9:" in errors[0] and '"titel"' in errors[0], errors
