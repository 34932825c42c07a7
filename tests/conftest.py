from __future__ import annotations

import os
import sys
from pathlib import Path

# As the itsm-assess command does: openpyxl must parse through defusedxml, not lxml (which
# python-pptx, the slides extra, brings in). Set before any test imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def chdir_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside an empty temporary folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def venv_bin(name: str) -> str:
    """Path of a console script installed beside the running interpreter."""
    return str(Path(sys.executable).parent / name)


os.environ.setdefault("PYTHONHASHSEED", "0")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """With CI=true a test skipped for a missing real client (LibreOffice, Chromium) fails instead:
    CI installs both, so a skip there would hide a broken install step."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and "not installed" in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = f"CI=true and a real client is missing: {report.longrepr}"

