"""Audit truth (issue 10): the nine problems of the reviews as golden cases with hand-checked results.

Each folder of tests/golden/audit holds an assessment against the small catalogue of
tests/fixtures/audit and the figures a lead auditor checked by hand (``_note`` says how).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_scoring import assert_subset

from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.errors import InputError
from itsm_assess.scoring import score

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "fixtures" / "audit" / "catalogue"
GOLDEN = HERE / "golden" / "audit"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.json").is_file())


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CATALOGUE)


@pytest.mark.parametrize("case", CASES)
def test_golden_audit_case(case: str, catalogue) -> None:
    folder = GOLDEN / case
    data = score(load_assessment(folder / "assessment.yaml"), catalogue).to_dict()
    assert_subset(json.loads((folder / "expected.json").read_text(encoding="utf-8")), data, case)


def test_every_problem_has_a_case() -> None:
    numbers = {case.split("-")[0].rstrip("ab") for case in CASES}
    assert {"1", "2", "3", "4", "5", "6", "8", "9"} <= numbers  # 7 (comparison) is in test_audit_compare


# --------------------------------------------------------------------------- consistency rules (problem 9 and more)

def _write(tmp_path: Path, body: str) -> Path:
    head = (GOLDEN / "9a-not-rated-is-not-level-0" / "assessment.yaml").read_text(encoding="utf-8").split("responses:")[0]
    path = tmp_path / "a.yaml"
    path.write_text(head + body, encoding="utf-8")
    return path


def _check(path: Path) -> Any:
    from click.testing import CliRunner

    from itsm_assess.cli import cli

    return CliRunner().invoke(cli, ["assess", "check", str(path), "--catalogue", str(CATALOGUE)])


ALL_F = "".join(f"  - {{id: {rid}, rating: F}}\n" for rid in
                ["LEAD-01", "LEAD-02", *(f"CHG-{n:02d}" for n in range(1, 14)), "INC-01", "INC-02", "INC-03"])


def test_direct_f_over_evidence_rated_n_needs_a_reason(tmp_path: Path, catalogue) -> None:
    body = "responses:\n" + ALL_F.replace("{id: INC-01, rating: F}", "{id: INC-01, rating: N}") \
        .replace("{id: INC-02, rating: F}", "{id: INC-02, rating: N}").replace("{id: INC-03, rating: F}",
                                                                              "{id: INC-03, rating: N}")
    path = _write(tmp_path, body + "attribute_ratings:\n  INC: {PA1.1: F}\n")
    res = _check(path)
    assert res.exit_code == 2
    lines = res.stdout.strip().splitlines()
    bad = [line for line in lines if "direct-rating-far" in line]
    assert len(bad) == 1
    line_no = path.read_text(encoding="utf-8").splitlines().index("  INC: {PA1.1: F}") + 1
    assert bad[0].startswith(f"{path}:{line_no}:") and ": error: INC PA1.1 is rated F directly but its evidence gives N" in bad[0]
    with pytest.raises(InputError, match="direct-rating-far"):
        score(load_assessment(path), catalogue)
    # With a reason it stands, marked direct, the derived rating beside it.
    path.write_text(path.read_text(encoding="utf-8")
                    + "attribute_rating_reasons:\n  INC: {PA1.1: Tickets were re-rated after the tool migration}\n",
                    encoding="utf-8")
    assert _check(path).exit_code == 0
    pa = score(load_assessment(path), catalogue).to_dict()["processes"]["INC"]["attributes"]["PA1.1"]
    assert (pa["rating"], pa["source"], pa["derived_rating"]) == ("F", "direct", "N")


def test_na_with_a_major_nc_is_an_error(tmp_path: Path, catalogue) -> None:
    body = "responses:\n" + ALL_F.replace("{id: INC-02, rating: F}",
                                          "{id: INC-02, rating: NA, justification: No incidents, finding: major-nc}")
    path = _write(tmp_path, body)
    res = _check(path)
    assert res.exit_code == 2
    assert "error: INC-02 is marked not applicable but carries an open major-nc" in res.stdout
    with pytest.raises(InputError, match="na-with-nonconformity"):
        score(load_assessment(path), catalogue)


def test_check_warnings_are_located_and_exit_0(tmp_path: Path) -> None:
    body = "responses:\n" + ALL_F.replace("{id: CHG-01, rating: F}", "{id: CHG-01, rating: L}") \
        .replace("{id: CHG-02, rating: F}", "{id: CHG-02, rating: NA}") \
        .replace("{id: CHG-13, rating: F}", "{id: CHG-13, rating: P, finding: minor-nc}")
    path = _write(tmp_path, body)
    res = _check(path)
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert [line.rsplit("[", 1)[1] for line in lines] == [
        "undecided-not-conforming]", "na-without-justification]", "nonconformity-on-non-shall]"]
    assert all(line.startswith(f"{path}:") and ": warning: " in line for line in lines)
    assert "0 errors, 3 warnings" in res.stderr


def test_check_clean_assessment(tmp_path: Path) -> None:
    res = _check(_write(tmp_path, "responses:\n" + ALL_F))
    assert res.exit_code == 0 and res.stdout == ""


# --------------------------------------------------------------------------- the same truth in both reports

@pytest.mark.parametrize(("case", "lang", "expected"), [
    ("8a-partial-scope-indication", "en", "Indication for the assessed scope only: no blocking findings"),
    ("8a-partial-scope-indication", "fi", "Suuntaa-antava arvio vain arvioidusta laajuudesta: ei estäviä poikkeamia"),
    ("8b-self-assessment-no-verdict", "en", None),
    ("1-all-n-no-findings", "fi", "Ei vielä valmis"),
])
def test_reports_never_say_ready_without_the_evidence(case: str, lang: str, expected: str | None, catalogue) -> None:
    from itsm_assess.reports.html import render_report_html
    from itsm_assess.reports.view_model import build_report_view
    from itsm_assess.reports.xlsx import build_workbook

    assessment = load_assessment(GOLDEN / case / "assessment.yaml")
    view = build_report_view(score(assessment, catalogue).to_dict(), assessment, catalogue, lang)
    html = render_report_html(view)
    workbook = "\n".join(str(c.value) for ws in build_workbook(view).worksheets for row in ws.iter_rows()
                         for c in row if c.value is not None)
    for ready in ("Ready for the certification audit", "Valmis sertifiointiauditointiin"):
        assert ready not in html and ready not in workbook
    if expected is not None:
        assert expected in html and expected in workbook
    # Conformity read off the ratings is marked as derived in both formats.
    mark = "(derived)" if lang == "en" else "(johdettu)"
    assert mark in html and mark in workbook


def test_reports_show_not_rated_not_level_0(catalogue) -> None:
    from itsm_assess.reports.view_model import build_report_view

    assessment = load_assessment(GOLDEN / "9a-not-rated-is-not-level-0" / "assessment.yaml")
    view = build_report_view(score(assessment, catalogue).to_dict(), assessment, catalogue, "fi")
    inc = next(p for p in view.processes if p["id"] == "INC")
    assert inc["capability_level"] is None and inc["level_name"] == "arvioimatta"


def test_cli_table_states_the_indication_and_not_rated() -> None:
    from click.testing import CliRunner

    from itsm_assess.cli import cli

    run = CliRunner().invoke(cli, ["score", str(GOLDEN / "5-coverage" / "assessment.yaml"),
                                   "--catalogue", str(CATALOGUE), "--lang", "en"])
    assert run.exit_code == 0, run.output
    assert "Readiness: indication for the scope only: not ready" in run.stdout
    assert "n/r: not rated (the evidence does not support a level)" in run.stdout
    assert "Overall compliance: – (weighted –), 1/12 assessed (too little assessed to state a figure)" in run.stdout
