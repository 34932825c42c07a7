"""Inputs that used to be lost, misread or end in a traceback (issue 16): one test per case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.workbook import create_assessment, new_assessment

FIX = Path(__file__).parent / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


@pytest.fixture
def assessment_yaml(cat, tmp_path):  # type: ignore[no-untyped-def]
    a = new_assessment(cat, "Revontuli", ["CHG"], assessment_id="rev", today=dt.date(2025, 3, 1))
    path, _ = create_assessment(tmp_path / "a", cat, a, with_indicators=False)
    return path


def _score(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["score", str(path), "--catalogue", str(FIX)])
    return result.exit_code, result.output


@pytest.mark.parametrize(("block", "message"), [
    ("attribute_ratings:\n  CGH:\n    PA2.1: F\n", "attribute_ratings.CGH: unknown process 'CGH'"),
    ("attribute_ratings:\n  INC:\n    PA2.1: F\n", "attribute_ratings.INC: process 'INC' is not in the scope"),
])
def test_unknown_keys_in_attribute_ratings_are_errors_with_line(assessment_yaml, block, message):  # type: ignore[no-untyped-def]
    text = assessment_yaml.read_text(encoding="utf-8") + block
    assessment_yaml.write_text(text, encoding="utf-8")
    line = text.splitlines().index(block.splitlines()[1]) + 1
    code, out = _score(assessment_yaml)
    assert code == 2 and message in out, out
    assert f"assessment.yaml:{line}:" in out and "Traceback" not in out


def test_target_for_a_process_out_of_scope_is_an_error(assessment_yaml):  # type: ignore[no-untyped-def]
    text = assessment_yaml.read_text(encoding="utf-8").replace("  target_profile: {}\n", "")
    text = text.replace("  language: en\n", "  language: en\n  target_profile:\n    INC: 2\n")
    assessment_yaml.write_text(text, encoding="utf-8")
    code, out = _score(assessment_yaml)
    assert code == 2 and "target_profile.INC: process 'INC' is not in the scope" in out, out
