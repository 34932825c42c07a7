"""Change-impact classification: conditions, policy validation, routing, batch, guide, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.change_impact import classify, load_policy, parse_policy
from itsm_assess.change_impact.batch import (
    classify_export,
    load_column_map,
    summary,
    write_batch_workbook,
)
from itsm_assess.change_impact.conditions import (
    AttributeType,
    ConditionError,
    compile_condition,
    parse_condition,
)
from itsm_assess.change_impact.explain import explain
from itsm_assess.change_impact.explain import vocabulary as explain_vocabulary
from itsm_assess.change_impact.guide import (
    guide_view,
    render_html,
    render_md,
    write_guide,
)
from itsm_assess.cli import cli
from itsm_assess.errors import InputError

FIX = Path(__file__).parent / "fixtures" / "change"
POLICY_TEXT = (FIX / "policy.yaml").read_text(encoding="utf-8")

TYPES = {
    "n": AttributeType("number"),
    "c": AttributeType("choice", ("low", "medium", "high"), ordered=True),
    "u": AttributeType("choice", ("a", "b")),
    "t": AttributeType("text"),
    "b": AttributeType("boolean"),
    "l": AttributeType("list"),
}


def evaluate(cond: dict, rec: dict) -> tuple[bool | None, list, list]:
    fn = compile_condition(parse_condition(cond, TYPES), TYPES)
    hits: list = []
    missing: list = []
    return fn(rec, hits, missing), hits, missing


@pytest.fixture(scope="module")
def policy():
    return load_policy(FIX / "policy.yaml")


@pytest.mark.parametrize(
    ("cond", "rec", "expected"),
    [
        ({"field": "n", "eq": 5}, {"n": 5}, True),
        ({"field": "n", "eq": 5}, {"n": 6}, False),
        ({"field": "n", "ne": 5}, {"n": 6}, True),
        ({"field": "n", "ne": 5}, {"n": 5}, False),
        ({"field": "u", "in": ["a"]}, {"u": "a"}, True),
        ({"field": "u", "in": ["a"]}, {"u": "b"}, False),
        ({"field": "u", "not_in": ["a"]}, {"u": "b"}, True),
        ({"field": "u", "not_in": ["a"]}, {"u": "a"}, False),
        ({"field": "n", "gt": 5}, {"n": 6}, True),
        ({"field": "n", "gt": 5}, {"n": 5}, False),
        ({"field": "n", "gte": 5}, {"n": 5}, True),
        ({"field": "n", "gte": 5}, {"n": 4.9}, False),
        ({"field": "n", "lt": 5}, {"n": 4}, True),
        ({"field": "n", "lt": 5}, {"n": 5}, False),
        ({"field": "n", "lte": 5}, {"n": 5}, True),
        ({"field": "n", "lte": 5}, {"n": 6}, False),
        ({"field": "c", "gte": "medium"}, {"c": "high"}, True),
        ({"field": "c", "gte": "medium"}, {"c": "low"}, False),
        ({"field": "c", "lt": "medium"}, {"c": "low"}, True),
        ({"field": "t", "contains": "DB"}, {"t": "upgrade the db cluster"}, True),
        ({"field": "t", "contains": "db"}, {"t": "web"}, False),
        ({"field": "l", "contains": "x"}, {"l": ("x", "y")}, True),
        ({"field": "l", "contains": "z"}, {"l": ("x", "y")}, False),
        ({"field": "l", "in": ["z", "y"]}, {"l": ("x", "y")}, True),
        ({"field": "l", "not_in": ["z"]}, {"l": ("x", "y")}, True),
        ({"field": "t", "exists": True}, {"t": "x"}, True),
        ({"field": "t", "exists": True}, {}, False),
        ({"field": "t", "exists": False}, {}, True),
        ({"field": "t", "like": "srv-*-db?"}, {"t": "SRV-hel-db1"}, True),
        ({"field": "t", "like": "srv-*"}, {"t": "web-1"}, False),
        ({"field": "b", "eq": True}, {"b": True}, True),
        ({"not": {"field": "b", "eq": True}}, {"b": False}, True),
        ({"not": {"field": "b", "eq": True}}, {"b": True}, False),
        ({"all": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"n": 2, "b": True}, True),
        ({"all": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"n": 2, "b": False}, False),
        ({"any": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"n": 0, "b": True}, True),
        ({"any": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"n": 0, "b": False}, False),
        ({"not": {"any": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}}, {"n": 0, "b": False}, True),
    ],
)
def test_each_operator(cond: dict, rec: dict, expected: bool) -> None:
    result, hits, missing = evaluate(cond, rec)
    assert result is expected
    assert missing == []
    assert bool(hits) is expected  # the facts behind a match are always recorded


def test_missing_attribute_is_unknown_never_a_default() -> None:
    result, hits, missing = evaluate({"field": "n", "gt": 1}, {})
    assert (result, hits, missing) == (None, [], ["n"])
    # unknown AND false is false: the missing attribute did not matter
    assert evaluate({"all": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"b": False})[0:3:2] == (False, [])
    # unknown OR true is true
    assert evaluate({"any": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"b": True})[0:3:2] == (True, [])
    # not(unknown) stays unknown
    assert evaluate({"not": {"field": "n", "gt": 1}}, {}) == (None, [], ["n"])


def test_negation_reports_positive_facts() -> None:
    result, hits, _ = evaluate({"not": {"field": "n", "gte": 10}}, {"n": 3})
    assert result is True and hits == [("n", "lt", 10, 3)]


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ({"field": "n", "equals": 1}, "unknown operator 'equals'"),
        ({"field": "zz", "eq": 1}, "attribute 'zz' is not declared"),
        ({"field": "u", "gt": "a"}, "does not apply to choice"),
        ({"field": "n", "eq": "five"}, "expected a number"),
        ({"field": "u", "eq": "c"}, "expected one of a, b"),
        ({"field": "n", "eq": 1, "ne": 2}, "exactly one operator"),
        ({"all": []}, "non-empty list"),
        ({"both": []}, "unknown key 'both'"),
    ],
)
def test_malformed_conditions(cond: dict, message: str) -> None:
    with pytest.raises(ConditionError, match=message):
        parse_condition(cond, TYPES)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{field: outage, gte: 30}", "{field: outage, greater: 30}", "unknown operator 'greater'"),
        ("{field: users, gte: 1000}", "{field: user_count, gte: 1000}", "attribute 'user_count' is not declared"),
        ("  deploy: {type: boolean,", "  deploy: {colour: red, type: boolean,", "unknown field"),
        ("approvals: [ecab]", "approvals: [board]", "unknown role 'board'"),
    ],
)
def test_malformed_policy_names_file_and_line(old: str, new: str, message: str) -> None:
    assert old in POLICY_TEXT
    text = POLICY_TEXT.replace(old, new)
    with pytest.raises(InputError) as err:
        parse_policy(text, "bad-policy.yaml")
    line = _line_of(text, new.split(":")[0] if new.startswith("  ") else new)
    assert any(p.startswith(f"bad-policy.yaml:{line}:") and message in p for p in err.value.problems), err.value.problems


def test_policy_example_with_unknown_attribute_is_rejected() -> None:
    text = POLICY_TEXT.replace("urgent: false, deploy: false}", "urgent: false, deploy: false, colour: red}")
    with pytest.raises(InputError, match=r"bad\.yaml:\d+:\d+: colour: unknown attribute"):
        parse_policy(text, "bad.yaml")


def test_bundled_default_policy_is_valid_and_bilingual() -> None:
    pol = load_policy()
    assert [lv.id for lv in pol.file.impact.levels] == ["minor", "significant", "major"]
    assert set(pol.file.roles) >= {"change-manager", "cab", "ecab", "service-owner"}
    assert set(pol.file.artefacts) >= {"request", "impact-assessment", "backout-plan", "test-plan",
                                       "release-plan", "service-design"}
    for level in pol.file.impact.levels:
        assert level.title.get("fi")
        for crit in level.criteria:
            assert crit.title.get("fi"), crit.id


@pytest.mark.parametrize("kind", ["new-service", "service-removal", "service-transfer"])
def test_new_removal_transfer_always_design_and_transition(policy, kind: str) -> None:
    # even a tiny change with a standard model named
    r = classify({"kind": kind, "standard_model": "patch", "ci_class": "server", "outage": 0, "users": 1,
                  "reversible": True, "urgent": False, "deploy": False, "services": ["wiki"]}, policy)
    assert r.route == "service-design-and-transition" and r.clause == "8.5.2"
    assert r.category == "normal"
    assert r.project_expected is True
    assert any(x.rule == "route.kind" for x in r.rationale)


def test_major_impact_goes_to_design_and_transition_with_rationale(policy) -> None:
    r = classify({"kind": "modification", "services": ["erp"], "outage": 90, "users": 10, "reversible": True,
                  "urgent": False, "deploy": True}, policy)
    d = r.to_dict()
    assert d["impact"] == "major"
    assert d["route"] == {"process": "service-design-and-transition", "clause": "8.5.2"}
    assert d["release_required"] is True and "release-plan" in d["artefacts"]
    because = next(x for x in d["rationale"] if x["rule"] == "impact.critical-long")["because"]
    assert {"field": "outage", "operator": "gt", "expected": 60, "actual": 90} in because
    assert {"field": "service_criticality", "operator": "eq", "expected": "critical", "actual": "critical"} in because
    assert d["missing"] == []


def test_minor_change_goes_through_change_management(policy) -> None:
    r = classify({"kind": "modification", "services": ["wiki"], "outage": 5, "users": 3, "reversible": True,
                  "urgent": False, "deploy": False}, policy).to_dict()
    assert (r["category"], r["impact"], r["route"]["clause"], r["approvals"]) == ("normal", "minor", "8.5.1.3", ["cm"])
    assert r["release_required"] is False


def test_standard_model_conditions_must_hold(policy) -> None:
    base = {"kind": "modification", "standard_model": "patch", "ci_class": "server", "users": 3, "reversible": True,
            "urgent": False, "deploy": False, "services": ["wiki"]}
    assert classify({**base, "outage": 10}, policy).category == "standard"
    r = classify({**base, "outage": 45}, policy)
    assert r.category == "normal"
    assert any("outage ≤ 30 (is 45)" in x.note for x in r.rationale)
    assert classify({**base, "outage": 10, "standard_model": "nope"}, policy).category == "normal"
    # a standard model never covers a major-impact change
    assert classify({**base, "outage": 10, "reversible": False}, policy).category == "normal"


def test_emergency(policy) -> None:
    r = classify({"kind": "modification", "urgent": True, "outage": 0, "users": 1, "reversible": True,
                  "services": ["wiki"], "deploy": False}, policy)
    assert r.category == "emergency" and r.approvals == ["ecab"]


def test_missing_attributes_are_listed_not_assumed(policy) -> None:
    r = classify({"kind": "modification", "outage": 40}, policy)
    assert r.impact == "significant"
    # criticality is not needed: outage 40 already fails "critical and over 60 minutes"
    assert r.missing == ["deploy", "reversible", "urgent", "users"]
    assert r.missing_by["users"] == ["impact.many-users"]
    assert r.release_required is None and not r.complete
    r = classify({"outage": 5, "users": 1, "reversible": True, "urgent": False, "deploy": False,
                  "service_criticality": "low"}, policy)
    assert r.missing == ["kind"]


def test_change_with_bad_values_is_rejected(policy) -> None:
    with pytest.raises(InputError) as err:
        classify({"outage": "long", "colour": "red", "reversible": "maybe"}, policy)
    text = str(err.value)
    assert "'long' is not a number" in text and "colour: unknown attribute" in text and "'maybe'" in text


def test_criticality_derived_from_services(policy) -> None:
    r = classify({"kind": "modification", "services": ["wiki", "erp"], "outage": 61, "users": 1,
                  "reversible": True, "urgent": False, "deploy": False}, policy)
    assert r.impact == "major"
    assert any(x.rule == "derived.service_criticality" for x in r.rationale)
    # an unknown service: no guess
    r = classify({"kind": "modification", "services": ["unknown"], "outage": 61, "users": 1,
                  "reversible": True, "urgent": False, "deploy": False}, policy)
    assert "service_criticality" in r.missing


def test_batch_csv_bad_rows_deviations_and_summary(policy, tmp_path: Path) -> None:
    cmap = load_column_map(FIX / "map.yaml")
    result = classify_export(FIX / "export.csv", policy, cmap)
    assert [r.row for r in result.rejected] == [4, 8]
    assert "row 4, column 'Users' (users): 'many' is not a number" in result.rejected[0].problems[0]
    assert "'mainframe' is not one of server, workstation" in result.rejected[1].problems[0]
    assert len(result.rows) == 6
    devs = {(d.change_id, d.type): d for d in result.deviations}
    c2 = devs[("C2", "category")]
    assert (c2.key, c2.args) == ("standard-major", (("critical-long",),))
    assert "meets criteria of the highest impact level (major): Critical and long" in c2.reason(policy)
    assert "korkeimman vaikutustason (merkittävä) kriteerit: Kriittinen ja pitkä" in c2.reason(policy, "fi")
    assert ("C1", "category") not in devs and ("C1", "approval") not in devs
    c4 = devs[("C4", "route")]
    assert c4.reason(policy) == "new service not routed through service design and transition (8.5.2)"
    assert (c4.recorded, c4.expected) == ("change-management (8.5.1.3)", "service-design-and-transition (8.5.2)")
    assert devs[("C5", "approval")].reason(policy) == "emergency change without the emergency approval: ECAB"
    assert devs[("C5", "approval")].reason(policy, "fi") == "hätämuutos ilman hätämuutoksen hyväksyntää: Hätämuutosneuvosto"
    assert devs[("C5", "approval")].recorded == "cm" and devs[("C5", "approval")].expected == "ecab"
    assert "does not meet the emergency criteria" in devs[("C6", "category")].reason(policy)
    data = summary(result, policy)
    assert data["total"] == 6 and data["rejected_rows"] == 2
    assert data["by_category"] == {"standard": 1, "normal": 4, "emergency": 1}
    assert data["by_route"] == {"change-management": 4, "service-design-and-transition": 2}
    assert set(data["deviations"][0]) >= {"change_id", "type", "recorded", "expected", "reason", "reason_key"}
    by_key = {(d["change_id"], d["type"]): d for d in data["deviations"]}
    assert by_key[("C2", "category")]["details"] == {"criteria": ["critical-long"]}
    assert by_key[("C5", "approval")]["details"] == {"lacking": ["ecab"]}
    out = tmp_path / "out.xlsx"
    write_batch_workbook(result, policy, out)
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["Changes", "Summary", "Deviations", "Rejected rows"]
    titles = [row[2] for row in wb["Changes"].iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://x")' in titles  # kept as text
    cell = next(c for c in wb["Changes"]["C"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"


def test_batch_xlsx_and_encoding_errors(policy, tmp_path: Path) -> None:
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    with open(FIX / "export.csv", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            ws.append(row)
    ws["H2"] = 5  # a real number cell
    path = tmp_path / "export.xlsx"
    wb.save(path)
    result = classify_export(path, policy, load_column_map(FIX / "map.yaml"))
    assert len(result.rows) == 6
    assert result.rejected[0].problems[0].startswith("Sheet!H4 (users)")
    latin = tmp_path / "latin.csv"
    latin.write_bytes((FIX / "export.csv").read_bytes().replace(b"Patch wiki", "Päivitys".encode("latin-1")))
    with pytest.raises(InputError, match="not valid UTF-8"):
        classify_export(latin, policy, load_column_map(FIX / "map.yaml"))
    notzip = tmp_path / "fake.xlsx"
    notzip.write_text("hello")
    with pytest.raises(InputError, match="not an xlsx workbook"):
        classify_export(notzip, policy, load_column_map(FIX / "map.yaml"))


def test_map_with_missing_column_or_unknown_target(policy, tmp_path: Path) -> None:
    bad = tmp_path / "map.yaml"
    bad.write_text((FIX / "map.yaml").read_text().replace("outage: Outage", "outage: Downtime"))
    with pytest.raises(InputError, match="'Downtime'.*not in the header"):
        classify_export(FIX / "export.csv", policy, load_column_map(bad))
    bad.write_text((FIX / "map.yaml").read_text().replace("outage: Outage", "colour: Outage"))
    with pytest.raises(InputError, match="'colour' is neither an attribute"):
        classify_export(FIX / "export.csv", policy, load_column_map(bad))


def test_bundled_maps_fit_the_default_policy() -> None:
    from itsm_assess.change_impact.batch import check_map

    pol = load_policy()
    for name in ("servicenow", "jira"):
        check_map(load_column_map(name), pol)


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_guide_in_both_languages(lang: str, tmp_path: Path) -> None:
    pol = load_policy()
    view = guide_view(pol, lang)
    html = render_html(view)
    md = render_md(view)
    if lang == "fi":
        assert "Päätöspolku" in md and "Hätämuutos" in html and "Muutosneuvosto" in md
        assert "Decision flow" not in md
    else:
        assert "Decision flow" in md and "Emergency change advisory board" in html
    assert len(view["examples"]) == len(pol.file.examples) and view["examples"][1]["category"].endswith(
        "(Palvelimen kuukausittainen käyttöjärjestelmäpäivitys)" if lang == "fi" else "(Monthly operating system patch of a server)")
    assert "8.5.2" in md and "8.5.3" in md
    write_guide(pol, "xlsx", tmp_path / "g.xlsx", lang)
    from openpyxl import load_workbook

    assert len(load_workbook(tmp_path / "g.xlsx").sheetnames) >= 8


def test_guide_html_escapes_policy_text() -> None:
    text = POLICY_TEXT.replace("title: {en: Test policy,", "title: {en: '<script>alert(1)</script>',")
    html = render_html(guide_view(parse_policy(text), "en"))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_cli_classify_json_and_text(tmp_path: Path) -> None:
    runner = CliRunner()
    change = tmp_path / "c.yaml"
    change.write_text("kind: new-service\nservices: [wiki]\noutage: 0\n")
    res = runner.invoke(cli, ["change", "classify", str(change), "--policy", str(FIX / "policy.yaml"), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["route"] == {"process": "service-design-and-transition", "clause": "8.5.2"}
    for key in ("category", "impact", "release_required", "approvals", "artefacts", "rationale", "missing"):
        assert key in data
    res = runner.invoke(cli, ["change", "classify", "--policy", str(FIX / "policy.yaml"), "--kind", "modification",
                              "--set", "outage=45", "--set", "users=2", "--lang", "fi"])
    assert res.exit_code == 0 and "vaikutus: Huomattava" in res.output
    change.write_text("kind: modification\noutage: lots\n")
    res = runner.invoke(cli, ["change", "classify", str(change), "--policy", str(FIX / "policy.yaml")])
    assert res.exit_code == 2 and f"{change.name}:2:9: outage: 'lots' is not a number" in res.output


def test_cli_init_policy_batch_guide(chdir_tmp: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["change", "init-policy", "-o", "p.yaml"]).exit_code == 0
    assert load_policy("p.yaml").id == "default-change-policy"
    res = runner.invoke(cli, ["change", "init-policy", "-o", "p.yaml"])
    assert res.exit_code == 2 and "exists" in res.output
    res = runner.invoke(cli, ["change", "batch", str(FIX / "export.csv"), "--policy", str(FIX / "policy.yaml"),
                              "--map", str(FIX / "map.yaml"), "-o", "out.xlsx", "--summary-json", "s.json"])
    assert res.exit_code == 0, res.output
    assert "6 changes classified" in res.output and "warning: rejected" in res.output
    data = json.loads(Path("s.json").read_text())
    assert data["total"] == 6 and len(data["deviations"]) == 7
    res = runner.invoke(cli, ["change", "batch", str(FIX / "export.csv"), "--policy", str(FIX / "policy.yaml"),
                              "--map", str(FIX / "map.yaml"), "-o", "out.xlsx"])
    assert res.exit_code == 2  # refuses to overwrite
    res = runner.invoke(cli, ["change", "batch", str(FIX / "export.csv"), "--policy", str(FIX / "policy.yaml"),
                              "--map", str(FIX / "map.yaml"), "-o", "out2.xlsx", "--strict"])
    assert res.exit_code == 2 and "2 rows rejected" in res.output
    res = runner.invoke(cli, ["change", "guide", "--policy", "p.yaml", "--format", "md", "--lang", "fi", "-o", "g.md"])
    assert res.exit_code == 0 and "Vaikutustasot ja kriteerit" in Path("g.md").read_text(encoding="utf-8")


def test_help_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    code = ("import sys; from itsm_assess.cli import cli\n"
            "try:\n    cli(['change', '--help'])\nexcept SystemExit: pass\n"
            "print(any(m in sys.modules for m in ('openpyxl', 'jinja2', 'itsm_assess.change_impact')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False")


# --- the memoised batch path decides exactly as classify() -------------------------------------

def _reference(path: Path, pol, cmap) -> tuple[list, list, list]:
    """Row by row, without caches: read_export, classify() and deviations_of() on every record."""
    from itsm_assess.change_impact.batch import deviations_of, read_export

    rows, rejected, devs = [], [], []
    for n, rec, problems in read_export(path, pol, cmap):
        if rec is None:
            rejected.append((n, problems))
            continue
        rec.setdefault("id", f"row {n}")
        c = classify(rec, pol, validate=False)
        rows.append((n, rec, c))
        devs.extend(deviations_of(rec, c, pol))
    return rows, rejected, devs


def _assert_same_as_classify(path: Path, pol, cmap) -> int:
    result = classify_export(path, pol, cmap)
    ref_rows, ref_rejected, ref_devs = _reference(path, pol, cmap)
    assert [(r.row, r.problems) for r in result.rejected] == ref_rejected
    assert len(result.rows) == len(ref_rows)
    for row, (n, rec, c) in zip(result.rows, ref_rows, strict=True):
        v = row.verdict
        assert (row.row, row.change_id, row.record) == (n, c.change_id, rec)
        assert (v.kind, v.category, v.standard_model, v.impact, v.route, v.release_required, list(v.approvals),
                list(v.artefacts), v.project_expected, v.outcome, v.missing_by) == (
                c.kind, c.category, c.standard_model, c.impact, c.route, c.release_required, c.approvals,
                c.artefacts, c.project_expected, c.outcome, c.missing_by), n
        assert row.classification().to_dict() == c.to_dict()  # the rationale, built on demand
    assert result.deviations == ref_devs
    for lang in ("en", "fi"):
        assert [d.to_dict(pol, lang) for d in result.deviations] == [d.to_dict(pol, lang) for d in ref_devs]
    data = summary(result, pol)
    assert data["total"] == len(ref_rows)
    assert data["incomplete"] == sum(1 for _, _, c in ref_rows if c.missing_by)
    return len(result.rows)


def _generated_export(path: Path, rows: int, seed: int, criticality_column: bool) -> None:
    """ServiceNow-style rows with blanks, odd spelling, unknown services and models, and bad cells."""
    import csv
    import random

    rnd = random.Random(seed)

    def pick(*choices: str, blank: float = 0.08, bad: str | None = None) -> str:
        if bad is not None and rnd.random() < 0.01:
            return bad
        if rnd.random() < blank:
            return ""
        v = choices[0] if rnd.random() < 0.7 else rnd.choice(choices)  # mostly the harmless first value
        return rnd.choice([v, v.upper(), f" {v} "]) if rnd.random() < 0.1 else v

    header = ["number", "short_description", "type", "u_change_kind", "std_change_producer_version",
              "business_service", "u_ci_class", "u_users_affected", "u_customers_affected", "u_sla_effect",
              "u_planned_outage_min", "u_security_classification", "u_cost_eur", "u_backout_possible",
              "u_complexity", "u_testability", "u_lead_time_days", "u_regulatory_effect", "u_deployment",
              "u_emergency_reason", "u_approved_by", "u_process_route"]
    if criticality_column:
        header.append("u_service_criticality")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(rows):
            cells = [
                rnd.choice([f"CHG{i}", f"CHG{i}", ""]), f"=change {i}" if i % 50 == 0 else f"change {i}",
                pick("Standard", "Normal", "Emergency", "Expedited"),
                pick("Modification", "Modification", "New service", "Service removal", "Service transfer",
                     bad="Rebuild"),
                pick("server-os-patch", "certificate-renewal", "workstation-software", "firewall-rule",
                     "no-such-model", blank=0.5),
                pick("intranet", "email", "erp-hosting", "workplace", "backup; intranet", "unknown-svc",
                     "email, erp-hosting"),
                pick("server", "database", "certificate", "workstation", "network-device", bad="mainframe"),
                pick("5", "0", "50", "51", "99", "100", "1999", "2000", "2500,5", bad="many"),
                pick("0", "9", "10", "12"), pick("none", "degraded", "breach"),
                pick("0", "5", "6", "29", "30", "60", "61", "240", bad="long"),
                pick("internal", "public", "confidential", "secret"), pick("0", "9999", "10000", "100000"),
                pick("Yes", "No", "kyllä", "ei", bad="maybe"), pick("low", "medium", "high"),
                pick("full", "none", "partial"), pick("30", "0", "4", "5"), pick("No", "Yes"), pick("No", "Yes"),
                pick("none", "service-restoration", "security-vulnerability"),
                pick("Change Manager", "", "CAB", "CAB; Service Owner", "ECAB", "ECAB, CAB"),
                pick("Change Management", "Service Design and Transition"),
            ]
            if criticality_column:
                cells.append(pick("1 - critical", "2 - high", "3 - medium", "4 - low", blank=0.6))
            w.writerow(cells)


@pytest.mark.parametrize("criticality_column", [False, True])
@pytest.mark.parametrize("tiny_caches", [False, True])
def test_fast_batch_path_matches_classify_on_generated_records(tmp_path: Path, monkeypatch, criticality_column: bool,
                                                               tiny_caches: bool) -> None:
    if tiny_caches:  # past the cache bounds rows are still classified, only without storing
        from itsm_assess.change_impact import fast

        monkeypatch.setattr(fast, "MAX_MEMO", 3)
        monkeypatch.setattr(fast, "MAX_TEXTS_PER_COLUMN", 2)
    path = tmp_path / "export.csv"
    _generated_export(path, 400, seed=20251 + criticality_column, criticality_column=criticality_column)
    pol = load_policy()
    assert _assert_same_as_classify(path, pol, load_column_map("servicenow")) > 300


def test_fast_batch_path_matches_classify_on_fixture_export(policy) -> None:
    assert _assert_same_as_classify(FIX / "export.csv", policy, load_column_map(FIX / "map.yaml")) == 6


def test_batch_csv_with_unusual_line_breaks_in_cells(policy, tmp_path: Path) -> None:
    # str.splitlines also breaks on form feed and U+2028; the reader must not split records there.
    text = (FIX / "export.csv").read_text(encoding="utf-8").replace("Patch wiki server", "Patch\u2028wiki\fserver")
    path = tmp_path / "odd.csv"
    path.write_text(text, encoding="utf-8")
    result = classify_export(path, policy, load_column_map(FIX / "map.yaml"))
    assert len(result.rows) == 6 and [r.row for r in result.rejected] == [4, 8]
    # ...and the breaks arrive as newlines: a form feed cannot be written to a workbook (issue 16).
    assert result.rows[0].record["title"] == "Patch\nwiki\nserver"


# --- speaking the reader's language ------------------------------------------------------------------

ENGLISH_IN_FINNISH = re.compile(
    r"\b(eq|ne|gt|gte|lt|lte|in|not_in|is|one of|over|under|at least|at most|true|false|yes|no|impact|"
    r"category|route|release|not standard|model conditions|highest criticality|critical|high|security-vulnerability|"
    r"service_criticality|outage_minutes|reversible)\b"
)


def test_finnish_rationale_has_no_english_operator_phrases() -> None:
    pol = load_policy()
    change = {"kind": "modification", "standard_model": "server-os-patch", "ci_class": "server",
              "services": ["erp-hosting"], "outage_minutes": 90, "reversible": False, "users_affected": 2500,
              "emergency_reason": "security-vulnerability", "security_classification": "confidential",
              "deployment": True}
    r = classify(change, pol)
    assert r.category == "emergency" and r.impact == "major"
    lines = explain(r.rationale, pol, "fi")
    text = "\n".join(lines)
    assert not ENGLISH_IN_FINNISH.search(text), ENGLISH_IN_FINNISH.search(text)
    assert "Suunniteltu katko: 90 min (ehto: yli 60 min)" in text
    assert "Kiireellisyyden syy: tietoturvahaavoittuvuuden korjaaminen (ehto: jokin arvoista: " in text
    assert "Voidaan perua: ei" in text and "kriittinen" in text
    # a standard model whose conditions fail names them in Finnish, with the change's value
    r = classify({**change, "emergency_reason": "none", "outage_minutes": 45, "reversible": True,
                  "users_affected": 10, "services": ["email"]}, pol)
    text = "\n".join(explain(r.rationale, pol, "fi"))
    assert "mallin ehdot eivät täyty: Suunniteltu katko on enintään 30 min (on nyt 45 min)" in text
    assert not ENGLISH_IN_FINNISH.search(text), ENGLISH_IN_FINNISH.search(text)
    # the JSON keeps the machine values
    because = r.to_dict()["rationale"][1]["because"]
    assert {"field": "outage_minutes", "operator": "gte", "expected": 30, "actual": 45} in because
    # the CLI's Finnish text and the text fields of its JSON
    res = CliRunner().invoke(cli, ["change", "classify", "--kind", "modification", "--set", "services=erp-hosting",
                                   "--set", "outage_minutes=90", "--lang", "fi"])
    assert res.exit_code == 0, res.output
    why = res.output.split("perusteet:")[1].split("puuttuu")[0]
    assert "Vaikutus: Merkittävä (Kriittisen palvelun yli tunnin katko)" in why
    assert not ENGLISH_IN_FINNISH.search(why), ENGLISH_IN_FINNISH.search(why)
    res = CliRunner().invoke(cli, ["change", "classify", "--kind", "modification", "--set", "services=erp-hosting",
                                   "--set", "outage_minutes=90", "--lang", "fi", "--format", "json"])
    data = json.loads(res.output)
    assert data["impact"] == "major" and data["rationale"][1]["rule"] == "impact.critical-service-outage"
    assert data["rationale"][1]["text"].startswith("Vaikutus: Merkittävä")


def test_finnish_guide_shows_labels_not_ids_and_follows_the_glossary() -> None:
    pol = load_policy(Path(__file__).parents[1] / "examples" / "revontuli" / "change-policy.yaml")
    html = render_html(guide_view(pol, "fi"))
    for label in ("palvelun palauttaminen", "tietoturvahaavoittuvuuden korjaaminen", "kriittinen",
                  "Muutoksen laji: uusi palvelu", "Kiireellisyyden syy on jokin arvoista: ", "Konfiguraatioyksikön luokka",
                  "palvelujen suunnittelu ja siirto tuotantoon", "Palautussuunnitelma", "Muutosneuvosto (CAB)"):
        assert label in html, label
    for raw in ("service-restoration", "security-vulnerability", "new-service", ">critical<", ">high<",
                "Muutoksen laji = ", "[service-", " gte ", "(eq ", "true", "false"):
        assert raw not in html, raw
    for avoid in ("konfiguraatiotietue", "kiiremuutos", "muutostenhallinta", "konfiguraatio-osa", "Suuri", "suuri vaikutus", "Peruutussuunnitelma", "jälkikatselmointi"):
        assert avoid.casefold() not in html.casefold(), avoid
    # English keeps English labels
    html_en = render_html(guide_view(pol, "en"))
    assert "Reason for urgency is one of: restoring a service, closing a security vulnerability" in html_en


def test_choice_labels_in_the_policy_schema() -> None:
    labelled = POLICY_TEXT.replace(
        "values: [server, workstation]",
        "values: {server: {en: server, fi: palvelin}, workstation: {en: workstation, fi: työasema}}")
    assert labelled != POLICY_TEXT
    pol = parse_policy(labelled)
    assert pol.attributes["ci_class"].values == ("server", "workstation")
    assert explain_vocabulary(pol, "fi").value("ci_class", "workstation") == "työasema"
    assert explain_vocabulary(parse_policy(POLICY_TEXT), "fi").value("ci_class", "workstation") == "workstation"
    with pytest.raises(InputError, match="en"):
        parse_policy(labelled.replace("{en: server, fi: palvelin}", "{fi: palvelin}"))
    with pytest.raises(InputError, match="only a number takes a unit"):
        parse_policy(labelled.replace("title: {en: CI class,", "unit: pcs, title: {en: CI class,"))


def test_batch_workbook_in_finnish(policy, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    result = classify_export(FIX / "export.csv", policy, load_column_map(FIX / "map.yaml"))
    write_batch_workbook(result, policy, tmp_path / "fi.xlsx", "fi")
    wb = load_workbook(tmp_path / "fi.xlsx")
    assert wb.sheetnames == ["Muutokset", "Yhteenveto", "Poikkeamat", "Hylätyt rivit"]
    rows = list(wb["Muutokset"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Rivi", "Muutos", "Otsikko") and rows[0][-1] == "Perusteet"
    cats = policy.file.categories
    assert {r[5] for r in rows[1:]} == {c.title["fi"] for c in (cats.standard, cats.normal, cats.emergency)}
    summary_labels = [r[0] for r in wb["Yhteenveto"].iter_rows(values_only=True) if r and r[0]]
    assert "Luokiteltuja muutoksia" in summary_labels and "Luokittain" in summary_labels
    assert "total" not in summary_labels and "by_category" not in summary_labels
    rationale = "\n".join(r[-1] for r in rows[1:])
    assert "Vaikutus:" in rationale and "ehto:" in rationale
    assert not re.search(r"\((eq|gt|gte|lt|lte|in) ", rationale)


def _english_fragments() -> set[str]:
    """The fixed parts of every English deviation reason and note (the text around the ``{0}`` arguments)."""
    from itsm_assess.change_impact.explain import DEVIATIONS, NOTES

    parts: set[str] = set()
    for table in (DEVIATIONS, NOTES):
        for texts in table.values():
            parts.update(p.strip(" :()") for p in re.split(r"\{\d\}", texts["en"]))
    return {p for p in parts if len(p) >= 8}


def test_finnish_batch_workbook_and_summary_have_no_english_deviation_sentences(chdir_tmp: Path) -> None:
    from openpyxl import load_workbook

    from itsm_assess.change_impact.explain import DEVIATIONS

    _generated_export(Path("export.csv"), 400, seed=20251, criticality_column=False)
    english = _english_fragments()
    texts: dict[str, list[str]] = {}
    for lang in ("en", "fi"):
        res = CliRunner().invoke(cli, ["change", "batch", "export.csv", "-o", f"{lang}.xlsx", "--summary-json",
                                       f"{lang}.json", "--lang", lang])
        assert res.exit_code == 0, res.output
        data = json.loads(Path(f"{lang}.json").read_text(encoding="utf-8"))
        assert {d["reason_key"] for d in data["deviations"]} == set(DEVIATIONS)  # every kind of reason occurs
        wb = load_workbook(f"{lang}.xlsx", read_only=True)
        sheets = {"en": ("Changes", "Deviations"), "fi": ("Muutokset", "Poikkeamat")}[lang]
        changes = [r[14] for r in wb[sheets[0]].iter_rows(min_row=2, values_only=True) if r[14]]
        devs = [r for r in wb[sheets[1]].iter_rows(min_row=2, values_only=True)]
        assert len(devs) == len(data["deviations"])
        texts[lang] = [d["reason"] for d in data["deviations"]] + changes + [str(c) for r in devs for c in r[1:]]
        wb.close()
    found_en = {f for f in english if any(f in t for t in texts["en"])}
    assert len(found_en) > 10  # the check below can fail: the English outputs hold these sentences
    assert [(f, t) for t in texts["fi"] for f in english if f in t] == []
    assert not any("(none)" in t or "change-management" in t for t in texts["fi"])
