"""Scoring: golden cases (assessment in, hand-checked figures out), scale boundaries, the CLI."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.scoring import load_scoring_model, results_table, score

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "fixtures" / "scoring" / "catalogue"
GOLDEN = HERE / "golden" / "scoring"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.json").is_file())


def assert_subset(expected: Any, actual: Any, where: str = "") -> None:
    """Every key and list item in ``expected`` matches ``actual`` (floats to 4 decimals)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            if key.startswith("_"):
                continue
            assert key in actual, f"{where}.{key}: missing"
            assert_subset(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{where}: {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            assert_subset(e, a, f"{where}[{i}]")
    elif isinstance(expected, float) and not isinstance(actual, bool):
        assert actual == pytest.approx(expected, abs=5e-5), f"{where}: {actual!r} != {expected!r}"
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CATALOGUE)


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case: str, catalogue) -> None:
    folder = GOLDEN / case
    assessment = load_assessment(folder / "assessment.yaml")
    model_file = folder / "model.yaml"
    model = load_scoring_model(model_file) if model_file.is_file() else None
    data = score(assessment, catalogue, model).to_dict()
    assert_subset(json.loads((folder / "expected.json").read_text(encoding="utf-8")), data, case)
    json.dumps(data)  # the contract is plain JSON


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 4


def test_results_contract_keys(catalogue) -> None:
    data = score(load_assessment(GOLDEN / "partial-scope-not-ready" / "assessment.yaml"), catalogue).to_dict()
    assert data["format"] == "itsm-assess/results" and data["schema_version"] == 1
    assert {"id", "organisation", "method", "scope", "assessors", "start_date", "end_date", "catalogue",
            "catalogue_version", "catalogue_hash", "language"} <= set(data["assessment"])
    assert {"id", "title", "kind", "scale", "max_level"} <= set(data["model"])
    assert data["model"]["scale"][0] == {"rating": "N", "min": 0.0, "max": 0.15}
    for p in data["processes"].values():
        assert {"title", "clauses", "capability_level", "target_level", "level_gap", "attributes",
                "compliance", "compliance_weighted", "counts"} <= set(p)
    for r in data["requirements"].values():
        assert {"process", "clause", "weight", "attribute", "rating", "achievement", "conformity",
                "finding", "evidence", "notes"} <= set(r)
    for f in data["findings"]:
        assert {"id", "grade", "requirements", "clauses", "processes", "statement", "evidence",
                "recommendation", "status"} <= set(f)
    assert {"verdict", "certification_scope", "reasons", "clauses_outside_scope", "open_major",
            "open_minor", "not_assessed"} <= set(data["readiness"])
    for g in data["gaps"]:
        assert {"process", "attribute", "rating", "needed", "target_level", "priority", "requirements"} <= set(g)
    assert [g["priority"] for g in data["gaps"]] == sorted((g["priority"] for g in data["gaps"]), reverse=True)
    # Clauses are given per most specific clause and rolled up to every parent.
    assert {"8", "8.5", "8.5.1", "8.5.1.1", "8.5.1.3", "8.6", "8.6.1"} <= set(data["clauses"])
    assert "5" not in data["clauses"]  # LEAD is out of scope
    assert "LEAD-01" not in data["requirements"]


@pytest.mark.parametrize(
    ("achievement", "rating"),
    [("0", "N"), ("0.15", "N"), ("0.1500001", "P"), ("0.5", "P"), ("0.5000001", "L"),
     ("0.85", "L"), ("0.8500001", "F"), ("1", "F")],
)
def test_band_boundaries_are_exact(achievement: str, rating: str) -> None:
    scale = load_scoring_model("iso33020").scale
    assert scale.rating_for(Fraction(achievement)) == rating


def test_refined_scale_boundaries(tmp_path: Path) -> None:
    text = (Path(load_scoring_model("iso33020").path).read_text(encoding="utf-8")
            .replace("report_refined: false", "report_refined: true"))
    (tmp_path / "refined.yaml").write_text(text, encoding="utf-8")
    scale = load_scoring_model(tmp_path / "refined.yaml").scale
    got = [scale.rating_for(Fraction(x)) for x in ("0.15", "0.325", "0.3250001", "0.5", "0.675", "0.6750001", "0.85")]
    assert got == ["N", "P-", "P+", "P+", "L-", "L+", "L+"]


def test_unknown_ids_in_assessment_are_input_errors(catalogue, tmp_path: Path) -> None:
    text = (GOLDEN / "compliance-only" / "assessment.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text.replace("CHG-03", "CHG-99"), encoding="utf-8")
    with pytest.raises(InputError, match="CHG-99"):
        score(load_assessment(tmp_path / "a.yaml"), catalogue)


def test_table_lists_processes_readiness_and_gaps(catalogue) -> None:
    data = score(load_assessment(GOLDEN / "partial-scope-not-ready" / "assessment.yaml"), catalogue).to_dict()
    text = results_table(data)
    assert "CHG  Change management" in text
    assert "Readiness: indication for the scope only: not ready" in text
    assert "  - 1 open major nonconformity: F-1" in text
    assert "10.75  INC PA1.1 P → needs L" in text
    fi = results_table(data, "fi")
    assert "Muutoksenhallinta" in fi and "Sertifiointivalmius: suuntaa-antava arvio vain arvioidusta laajuudesta: ei vielä valmis" in fi
    # Reasons, grades and verdict are worded in Finnish from the codes, not copied in English.
    assert "  - Avoin merkittävä poikkeama: F-1" in fi
    assert "laajuuden ulkopuolella: 5" in fi
    assert "INC-01 (P, merkittävä poikkeama)" in fi
    for english in ("open major", "open minor", "scope does not cover", "major NC", "not-ready", "(audit)"):
        assert english not in fi


def test_reasons_are_worded_from_codes_and_kept_in_english(catalogue) -> None:
    from itsm_assess.scoring.reasons import readiness_reasons, reason_code_names

    data = score(load_assessment(GOLDEN / "partial-scope-not-ready" / "assessment.yaml"), catalogue).to_dict()
    ready = data["readiness"]
    assert [c["code"] for c in ready["reason_codes"]] == ["open-major-nc", "undecided-not-conforming", "open-minor-nc",
                                                           "partial-scope"]
    assert ready["reasons"] == readiness_reasons(ready, "en")
    assert ready["reasons"][0] == "1 open major nonconformity: F-1"
    assert readiness_reasons(ready, "fi")[0] == "Avoin merkittävä poikkeama: F-1"
    many = {"reason_codes": [{"code": "not-assessed", "count": 12, "items": [f"R-{i}" for i in range(12)]}]}
    assert readiness_reasons(many, "fi") == [
        "Laajuuteen kuuluvista vaatimuksista 12 on arvioimatta: R-0, R-1, R-2, R-3, R-4, R-5, R-6, R-7, R-8, R-9 …"]
    # A code from a newer version falls back to its English sentence; old results without codes too.
    newer = {"reasons": ["something new"], "reason_codes": [{"code": "from-the-future", "count": 0, "items": []}]}
    assert readiness_reasons(newer, "fi") == ["something new"]
    assert readiness_reasons({"reasons": ["old"]}, "fi") == ["old"]
    assert set(reason_code_names()) == {"open-major-nc", "not-assessed", "open-minor-nc", "all-clear", "partial-scope",
                                        "undecided-not-conforming", "na-unaccepted", "coverage-below-threshold",
                                        "self-assessment"}


# --------------------------------------------------------------------------- CLI

PARTIAL = str(GOLDEN / "partial-scope-not-ready" / "assessment.yaml")


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_table() -> None:
    res = run("score", PARTIAL, "--catalogue", str(CATALOGUE))
    assert res.exit_code == 0, res.output
    assert "INC  Incident management" in res.output and "Gaps to target" in res.output


def test_cli_json_matches_library(catalogue) -> None:
    res = run("score", PARTIAL, "--catalogue", str(CATALOGUE), "--format", "json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data == score(load_assessment(PARTIAL), catalogue).to_dict()


def test_cli_fail_under() -> None:
    ok = run("score", PARTIAL, "--catalogue", str(CATALOGUE), "--fail-under", "0")
    assert ok.exit_code == 0
    below = run("score", PARTIAL, "--catalogue", str(CATALOGUE), "--fail-under", "1")
    assert below.exit_code == 1
    assert "1 process is below capability level 1: INC (0)" in below.stderr
    assert "CHG" not in below.stderr.split("below capability level 1:")[1]


def test_cli_fail_under_needs_levels() -> None:
    res = run("score", PARTIAL, "--catalogue", str(CATALOGUE), "--model", "compliance", "--fail-under", "1")
    assert res.exit_code == 2 and "capability levels" in res.stderr


def test_cli_bad_file_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nassessment:\n  id: x\n  organisation: 3\n", encoding="utf-8")
    res = run("score", str(bad), "--catalogue", str(CATALOGUE))
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2  # organisation is not text; scope is missing
    assert all(line.startswith("error: ") and "bad.yaml:" in line for line in lines)
    missing = run("score", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and missing.stderr.strip().count("\n") == 0


def test_cli_output_file_refuses_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert run("score", PARTIAL, "--catalogue", str(CATALOGUE), "--format", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "itsm-assess/results"
    again = run("score", PARTIAL, "--catalogue", str(CATALOGUE), "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = run("score", PARTIAL, "--catalogue", str(CATALOGUE), "-o", str(out), "--force")
    assert forced.exit_code == 0 and out.read_text(encoding="utf-8").startswith("Testi Oy")


def test_cli_list_models() -> None:
    res = run("score", "--list-models")
    assert res.exit_code == 0
    assert [line.split("\t")[0] for line in res.output.splitlines()] == ["compliance", "fitsm6", "iso33020", "maturity5"]


def test_cli_user_model_path() -> None:
    res = run("score", str(GOLDEN / "boundaries-user-model" / "assessment.yaml"), "--catalogue", str(CATALOGUE),
              "--model", str(GOLDEN / "boundaries-user-model" / "model.yaml"), "--format", "json")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["processes"]["CHG"]["attributes"]["PA1.1"] == {
        "rating": "L", "achievement": 0.85, "source": "derived", "items_rated": 2, "items_applicable": 2, "coverage": 1.0}
