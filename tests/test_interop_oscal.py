"""OSCAL exports validate against NIST's OSCAL 1.2.3 JSON schema (tests/fixtures/oscal, CC0),
with the schema's patterns matched by the ``regex`` package (they use ``\\p{L}``, which ``re``
cannot compile), and say what the catalogue and the results say."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.interop.oscal import (
    document_time,
    markdown,
    oscal_assessment_results,
    oscal_catalog,
)
from itsm_assess.scoring import score

jsonschema = pytest.importorskip("jsonschema")
regex = pytest.importorskip("regex")

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "oscal" / "complete_schema.json").read_text(encoding="utf-8"))
EXAMPLE = ROOT / "examples" / "revontuli" / "assessment-2026.yaml"
MOMENT = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


OscalValidator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})


def schema_errors(document: dict[str, Any], model: str) -> list[str]:
    """Errors of ``document`` against the complete schema, and against the definition of
    ``model`` (which names the deepest failing place instead of the root's oneOf)."""
    root = [e.message for e in OscalValidator(SCHEMA).iter_errors(document)]
    one = {**SCHEMA, "oneOf": None, "$ref": f"#/definitions/{model}"}
    del one["oneOf"]
    key = next(iter(document))
    deep = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for err in OscalValidator(one).iter_errors(document[key]) for e in _leaves(err)]
    return deep or root


def _leaves(error: Any) -> Iterator[Any]:
    """The innermost errors (those inside anyOf/oneOf branches), which name the real defect."""
    if not error.context:
        yield error
    for sub in error.context:
        yield from _leaves(sub)


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue("iso20000-1-2018")


@pytest.fixture(scope="module")
def results(catalogue: Any) -> dict[str, Any]:
    assessment = load_assessment(EXAMPLE)
    return score(assessment, catalogue).to_dict()


def _controls(groups: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for g in groups:
        yield from g.get("controls", [])
        yield from _controls(g.get("groups", []))


def _groups(groups: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for g in groups:
        yield g
        yield from _groups(g.get("groups", []))


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_catalog_is_schema_valid_with_a_control_per_requirement(catalogue: Any, lang: str) -> None:
    doc = oscal_catalog(catalogue, lang, MOMENT)
    assert schema_errors(doc, "oscal-complete-oscal-catalog:catalog") == []
    controls = list(_controls(doc["catalog"]["groups"]))
    assert len(controls) == len(catalogue.requirements) == 270
    assert {c["id"] for c in controls} == {r.lower() for r in catalogue.requirements}
    groups = list(_groups(doc["catalog"]["groups"]))
    labels = {g["id"]: g["props"][0]["value"] for g in groups}
    assert labels["c8.5.1"] == "8.5.1" and [g["id"] for g in doc["catalog"]["groups"]] == [f"c{n}" for n in range(4, 11)]
    chg = next(c for c in controls if c["id"] == "chg-01")
    req = catalogue.requirements["CHG-01"]
    props = {p["name"]: p["value"] for p in chg["props"]}
    assert props["label"] == "CHG-01" and props["clause"] == req.clause and props["basis"] == "shall"
    parts = {p["name"]: p for p in chg["parts"]}
    assert parts["statement"]["prose"] == markdown(req.statement[lang])
    assert parts["guidance"]["prose"] == markdown(req.guidance[lang])
    assert parts["assessment-objective"]["id"] == "chg-01_obj"
    methods = [p["props"][0]["value"] for p in chg["parts"] if p["name"] == "assessment-method"]
    assert methods[:2] == ["EXAMINE", "INTERVIEW"]
    examine = next(p for p in chg["parts"] if p["name"] == "assessment-method")
    assert examine["parts"][0]["prose"].count("\n- ") == len(req.evidence) - 1


def test_the_two_language_catalogs_share_ids_not_uuids(catalogue: Any) -> None:
    en = oscal_catalog(catalogue, "en", MOMENT)["catalog"]
    fi = oscal_catalog(catalogue, "fi", MOMENT)["catalog"]
    assert en["uuid"] != fi["uuid"]
    assert [c["id"] for c in _controls(en["groups"])] == [c["id"] for c in _controls(fi["groups"])]
    chg_fi = next(c for c in _controls(fi["groups"]) if c["id"] == "chg-01")
    assert chg_fi["title"] == catalogue.requirements["CHG-01"].title["fi"]


def test_assessment_results_are_schema_valid_and_match_the_scores(catalogue: Any, results: dict[str, Any]) -> None:
    doc = oscal_assessment_results(results, catalogue, MOMENT)
    assert schema_errors(doc, "oscal-complete-oscal-ar:assessment-results") == []
    result = doc["assessment-results"]["results"][0]
    reqs = results["requirements"]
    judged = {rid for rid, r in reqs.items() if r["conformity"] in ("conforming", "not-conforming")}
    findings = {f["target"]["target-id"]: f for f in result["findings"]}
    assert set(findings) == {f"{rid.lower()}_obj" for rid in judged}
    not_satisfied = {t for t, f in findings.items() if f["target"]["status"]["state"] == "not-satisfied"}
    assert not_satisfied == {f"{rid.lower()}_obj" for rid in judged if reqs[rid]["conformity"] == "not-conforming"}
    assert len(not_satisfied) == 9  # the example's nine minor nonconformities
    grades = {t: next(p["value"] for p in f["props"] if p["name"] == "grade")
              for t, f in findings.items() if any(p["name"] == "grade" for p in f["props"])}
    assert grades == {f"{rid.lower()}_obj": reqs[rid]["finding"] for rid in judged if reqs[rid]["finding"]}
    assert {"minor-nc", "ofi", "observation"} <= set(grades.values())
    assert all(grades[t] == "minor-nc" for t in not_satisfied)
    observations = {o["uuid"]: o for o in result["observations"]}
    for f in result["findings"]:
        for rel in f.get("related-observations", []):
            assert rel["observation-uuid"] in observations
    assert {m for o in observations.values() for m in o["methods"]} <= {"EXAMINE", "INTERVIEW", "TEST"}
    assert any("TEST" in o["methods"] for o in observations.values())
    assert result["start"] == "2026-10-05T00:00:00Z" and result["end"] == "2026-10-07T23:59:59Z"
    resource = doc["assessment-results"]["back-matter"]["resources"][0]
    assert doc["assessment-results"]["import-ap"]["href"] == f"#{resource['uuid']}"


def test_a_clause_with_requirements_and_subclauses_keeps_both(catalogue: Any) -> None:
    """An OSCAL group holds groups or controls, not both: requirements placed on a clause that
    has sub-clauses (as a tailored catalogue may) get a group of their own inside it."""
    import dataclasses

    moved = dict(catalogue.requirements)
    moved["CHG-01"] = moved["CHG-01"].model_copy(update={"clause": "8.5.1"})
    tailored = dataclasses.replace(catalogue, requirements=moved)
    doc = oscal_catalog(tailored, "en", MOMENT)
    assert schema_errors(doc, "oscal-complete-oscal-catalog:catalog") == []
    group = next(g for g in _groups(doc["catalog"]["groups"]) if g["id"] == "c8.5.1")
    assert "controls" not in group and group["groups"][0]["id"] == "c8.5.1-own"
    assert [c["id"] for c in group["groups"][0]["controls"]] == ["chg-01"]
    assert len(list(_controls(doc["catalog"]["groups"]))) == 270


def test_self_assessment_observations_are_interviews(catalogue: Any, results: dict[str, Any]) -> None:
    survey = copy.deepcopy(results)
    survey["assessment"]["method"] = "self-assessment"
    doc = oscal_assessment_results(survey, catalogue, MOMENT)
    assert {m for o in doc["assessment-results"]["results"][0]["observations"] for m in o["methods"]} == {"INTERVIEW"}


def test_uuids_are_stable_and_follow_the_content(catalogue: Any, results: dict[str, Any]) -> None:
    later = MOMENT + dt.timedelta(days=3)
    a = oscal_assessment_results(results, catalogue, MOMENT)
    b = oscal_assessment_results(results, catalogue, later)
    assert a["assessment-results"]["metadata"].pop("last-modified") != b["assessment-results"]["metadata"].pop("last-modified")
    assert a == b
    changed = copy.deepcopy(results)
    changed["requirements"]["CTX-01"]["notes"] = "re-checked"
    c = oscal_assessment_results(changed, catalogue, MOMENT)
    assert c["assessment-results"]["uuid"] != a["assessment-results"]["uuid"]
    uuids = re.findall(r'"(?:uuid|observation-uuid)": "([^"]+)"', json.dumps(a))
    assert all(u[14] == "5" for u in uuids)  # version-5 uuids
    assert len(set(re.findall(r'"uuid": "([^"]+)"', json.dumps(a)))) == len(re.findall(r'"uuid": "', json.dumps(a)))


def test_user_text_cannot_inject_markup_and_the_schema_notices_bad_documents(
        catalogue: Any, results: dict[str, Any]) -> None:
    hostile = copy.deepcopy(results)
    hostile["requirements"]["CTX-01"]["evidence"] = "<script>alert(1)</script> [x](javascript:1) **b**"
    doc = oscal_assessment_results(hostile, catalogue, MOMENT)
    obs = next(o for o in doc["assessment-results"]["results"][0]["observations"] if o["title"].startswith("CTX-01"))
    text = obs["relevant-evidence"][0]["description"]
    assert "<script>" not in text and r"\<script\>" in text and r"\[x\]" in text and r"\*\*b\*\*" in text
    assert schema_errors(doc, "oscal-complete-oscal-ar:assessment-results") == []
    broken = copy.deepcopy(doc)
    broken["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "passed"
    broken["assessment-results"]["metadata"]["last-modified"] = "2026-12-03"
    errors = "\n".join(schema_errors(broken, "oscal-complete-oscal-ar:assessment-results"))
    assert "'passed' is not one of" in errors and "'2026-12-03' does not match" in errors
    bad_catalog = oscal_catalog(catalogue, "en", MOMENT)
    bad_catalog["catalog"]["groups"][0]["groups"][0]["controls"][0]["id"] = "4.1-x"
    assert any("'4.1-x' does not match" in e for e in schema_errors(bad_catalog, "oscal-complete-oscal-catalog:catalog"))


def test_document_time_honours_source_date_epoch() -> None:
    assert document_time("1796000000") == dt.datetime(2026, 11, 30, 0, 53, 20, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        document_time("yesterday")


def test_cli_writes_both_documents_reproducibly(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1796000000"}
    runner = CliRunner()
    cat_path, ar_path = tmp_path / "catalog-fi.json", tmp_path / "results.json"
    r1 = runner.invoke(cli, ["catalogue", "export", "--format", "oscal", "--lang", "fi", "-o", str(cat_path)], env=env)
    r2 = runner.invoke(cli, ["score", str(EXAMPLE), "--format", "oscal", "-o", str(ar_path)], env=env)
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    first = ar_path.read_text(encoding="utf-8")
    r3 = runner.invoke(cli, ["score", str(EXAMPLE), "--format", "oscal", "-o", str(ar_path), "--force"], env=env)
    assert r3.exit_code == 0 and ar_path.read_text(encoding="utf-8") == first
    catalog = json.loads(cat_path.read_text(encoding="utf-8"))
    assert catalog["catalog"]["metadata"]["last-modified"] == "2026-11-30T00:53:20Z"
    assert schema_errors(catalog, "oscal-complete-oscal-catalog:catalog") == []
    bad = runner.invoke(cli, ["score", str(EXAMPLE), "--format", "oscal"], env={"SOURCE_DATE_EPOCH": "soon"})
    assert bad.exit_code == 2 and "SOURCE_DATE_EPOCH" in bad.output and "Traceback" not in bad.output


def test_a_language_the_catalogue_lacks_is_refused(catalogue: Any) -> None:
    from itsm_assess.errors import InputError

    with pytest.raises(InputError, match="no text in 'sv'"):
        oscal_catalog(catalogue, "sv", MOMENT)


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_fitsm_catalog_and_results_are_schema_valid(tmp_path: Path, lang: str) -> None:
    fitsm = load_catalogue("fitsm-1")
    doc = oscal_catalog(fitsm, lang, MOMENT)
    assert schema_errors(doc, "oscal-complete-oscal-catalog:catalog") == []
    assert [g["id"] for g in doc["catalog"]["groups"]][:2] == ["cGR1", "cGR2"]
    assert {c["id"] for c in _controls(doc["catalog"]["groups"])} == {r.lower() for r in fitsm.requirements}
    path = tmp_path / "fitsm.yaml"
    path.write_text("schema_version: 1\nassessment:\n  id: fitsm-oscal\n  organisation: Testi Oy\n"
                    "  catalogue: fitsm-1\n  scope: {processes: [CHM, CRM]}\n  method: audit\n  language: fi\n"
                    "responses:\n  - {id: PR12.1, rating: F}\n  - {id: PR12.4, rating: N, finding: major-nc}\n"
                    "  - {id: PR7.2, rating: L}\n", encoding="utf-8")
    results = score(load_assessment(path), fitsm).to_dict()
    ar = oscal_assessment_results(results, fitsm, MOMENT, lang)
    assert schema_errors(ar, "oscal-complete-oscal-ar:assessment-results") == []
    findings = ar["assessment-results"]["results"][0]["findings"]
    states = {f["target"]["target-id"]: f["target"]["status"]["state"] for f in findings}
    assert states["pr12.4_obj"] == "not-satisfied" and states["pr12.1_obj"] == "satisfied"
