"""The published JSON Schemas (``itsm-assess schema results|changes``) against what the tool writes.

The schemas are generated from the same TypedDicts that mypy checks the producer
(``Results.to_dict``, ``change batch --summary-json``) and the report against, and that
``report --results/--baseline/--changes`` validate their input with: the bundled example's
outputs must validate, and a value of the wrong type must not.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from itsm_assess.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "revontuli"


def _schema(contract: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema", contract])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.output)
    Draft202012Validator.check_schema(schema)
    return schema


@pytest.fixture(scope="module")
def example_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("results") / "results.json"
    result = CliRunner().invoke(cli, ["score", str(EXAMPLE / "assessment-2026.yaml"), "--format", "json",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def example_summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("batch")
    result = CliRunner().invoke(cli, [
        "change", "batch", str(EXAMPLE / "change-export.csv"), "--policy", str(EXAMPLE / "change-policy.yaml"),
        "--map", str(EXAMPLE / "change-map.yaml"), "-o", str(folder / "batch.xlsx"),
        "--summary-json", str(folder / "summary.json")])
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return data


def _errors(schema: dict[str, Any], data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft202012Validator(schema).iter_errors(data)]


def test_the_examples_results_validate_against_the_published_schema(example_results: dict[str, Any]) -> None:
    schema = _schema("results")
    assert _errors(schema, example_results) == []
    # The schema says what the report needs: these keys are required.
    assert {"format", "assessment", "processes", "requirements", "findings", "readiness", "gaps"} <= set(
        schema["required"])


def test_a_wrong_type_in_the_results_fails_the_schema_and_the_reports_input_check(
        example_results: dict[str, Any]) -> None:
    from itsm_assess.errors import InputError
    from itsm_assess.reports import check_results

    broken = copy.deepcopy(example_results)
    pid = next(iter(broken["processes"]))
    broken["processes"][pid]["capability_level"] = "3"
    assert _errors(_schema("results"), broken) == [f"processes/{pid}/capability_level: '3' is not valid under "
                                                   "any of the given schemas"]
    with pytest.raises(InputError, match=f"processes.{pid}.capability_level"):
        check_results(broken)
    missing = copy.deepcopy(example_results)
    del missing["gaps"]
    assert _errors(_schema("results"), missing) == [": 'gaps' is a required property"]


def test_the_examples_change_summary_validates_against_the_published_schema(example_summary: dict[str, Any]) -> None:
    schema = _schema("changes")
    assert example_summary["deviations"], "the example export has deviations to check"
    assert _errors(schema, example_summary) == []
    broken = copy.deepcopy(example_summary)
    broken["deviations"][0]["change_id"] = 17
    # "deviations" may be a list or null: the error names the list that does not fit either.
    assert [e.split(":")[0] for e in _errors(schema, broken)] == ["deviations"]


def test_schema_output_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "results.schema.json"
    out.write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(cli, ["schema", "results", "-o", str(out)])
    assert result.exit_code == 2 and out.read_text(encoding="utf-8") == "keep"
    result = CliRunner().invoke(cli, ["schema", "results", "-o", str(out), "--force"])
    assert result.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["title"] == "itsm-assess/results"
