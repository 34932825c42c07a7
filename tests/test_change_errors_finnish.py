"""Every error of change classification reads Finnish with ``--lang fi`` (fi-blind-2 #321: "Virhe: the change
has no attributes to classify by …"): policy, condition, record and map problems and the CLI's own lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from finnish_checks import english_in as _english_in
from finnish_checks import invoke

from itsm_assess.change_impact import classify, parse_policy
from itsm_assess.change_impact.records import record_from_mapping
from itsm_assess.errors import InputError
from itsm_assess.i18n import translate


def english_in(line: str) -> list[str]:
    """English in a Finnish line, once the policy's own names (listed after ";") and the policy file's
    and map files' keywords (all, any, not, column, value(s), says, {value}) are set aside; so are the
    attributes listed after an unknown one (their keys and titles are the policy's)."""
    line = re.sub(r"attribuutit ovat .*", "", line.split(";")[0])
    return _english_in(re.sub(r"\{value\}|\b(all|any|not|column|values?|says)\b", "", line))

POLICY = (Path(__file__).parent / "fixtures" / "change" / "policy.yaml").read_text(encoding="utf-8")

#: One broken policy per kind of problem the policy check reports: (what, old text, new text).
BROKEN = [
    ("unknown role", "approvals: [cm], artefacts: [rfc]}", "approvals: [boss], artefacts: [rfc]}"),
    ("unknown artefact", "approvals: [cm], artefacts: [rfc]}", "approvals: [cm], artefacts: [memo]}"),
    ("operator on a type", "{field: outage, gte: 30}", "{field: note, gte: 30}"),
    ("order on an unordered choice", "{field: ci_class, eq: server}", "{field: ci_class, gt: server}"),
    ("unknown field", "{field: outage, gte: 30}", "{field: colour, gte: 30}"),
    ("unknown operator", "{field: outage, gte: 30}", "{field: outage, above: 30}"),
    ("value of the wrong type", "{field: users, gte: 1000}", "{field: users, gte: many}"),
    ("two combinators", "{all: [{field: ci_class, eq: server}, {field: outage, lte: 30}]}",
     "{all: [{field: ci_class, eq: server}], any: [{field: outage, lte: 30}]}"),
    ("empty list", "{field: urgent, eq: true}", "{any: []}"),
    ("unit on a yes/no", "reversible: {type: boolean,", "reversible: {type: boolean, unit: min,"),
    ("says without its slot", "users: {type: number,", "users: {type: number, says: {en: many users, fi: paljon},"),
    ("unit after 1 without a unit", "users: {type: number,", "users: {type: number, unit_one: {en: user},"),
    ("a value's sentence with a slot", "ci_class: {type: choice, values: [server, workstation],",
     "ci_class: {type: choice, values: {server: {label: {en: server}, says: {en: 'the CI is a {value}'}}, "
     "workstation: {en: workstation}},"),
    ("old impact section", "risk:\n", "impact:\n"),
    ("criticality not a value", "criticality: critical, title: {en: ERP", "criticality: huge, title: {en: ERP"),
    ("unknown risk level", "match: {risk: [medium]}", "match: {risk: [severe]}"),
]


@pytest.mark.parametrize(("what", "old", "new"), BROKEN, ids=[b[0] for b in BROKEN])
def test_every_policy_problem_reads_finnish(what: str, old: str, new: str) -> None:
    assert old in POLICY, what
    with pytest.raises(InputError) as err:
        parse_policy(POLICY.replace(old, new, 1))
    lines = [translate(p, "fi") for p in err.value.problems]
    assert lines and all(line != str(p) for line, p in zip(lines, err.value.problems, strict=True)), lines
    assert [(line, english_in(line)) for line in lines if english_in(line)] == [], what


def test_record_problems_and_a_record_without_attributes_read_finnish() -> None:
    policy = parse_policy(POLICY)
    problems: list[str] = []
    record_from_mapping({"users": "many", "reversible": "perhaps", "ci_class": "mainframe", "tags": 3, "colour": "red"},
                        policy, problems=problems)
    # The declared names after ";" are the policy's own (an attribute may be called "note").
    lines = [translate(p, "fi") for p in problems]
    assert len(lines) >= 4 and [(line, english_in(line)) for line in lines if english_in(line)] == []
    with pytest.raises(InputError) as err:
        classify({"id": "CHG1", "title": "Päivitys"}, policy)
    line = translate(err.value.problems[0], "fi")
    assert line.startswith("muutoksella ei ole yhtään tietoa, jonka perusteella se luokiteltaisiin"), line
    assert not english_in(line)


def test_unknown_attributes_are_named_each_and_the_policy_s_listed_once(tmp_path: Path) -> None:
    # fi-blind-3 #33: a YAML that is no change listed ~22 English keys after every unknown key.
    change = tmp_path / "muutos.yaml"
    change.write_text("title: Päivitys\nci_clas: server\nschema_version: 1\nresponses: []\n", encoding="utf-8")
    res = invoke(["change", "classify", str(change), "--policy", str(Path(__file__).parent / "fixtures" / "change" /
                                                                      "policy.yaml"), "--lang", "fi"])
    lines = res.stderr.splitlines()
    assert res.exit_code == 2 and len(lines) == 4, res.stderr
    assert lines[0].endswith("ci_clas: tuntematon attribuutti; tarkoititko ”ci_class”?"), lines[0]
    assert lines[1].endswith("schema_version: tuntematon attribuutti") and lines[2].endswith("responses: tuntematon attribuutti")
    assert sum("politiikan attribuutit ovat" in line for line in lines) == 1
    assert "ci_class (Luokka)" in lines[3] and "politiikassa on määritelty" not in res.stderr


def test_classify_without_attributes_says_so_in_finnish(tmp_path: Path) -> None:
    change = tmp_path / "muutos.yaml"
    change.write_text("id: CHG1\ntitle: Päivitys\nrecorded_category: standard\n", encoding="utf-8")
    res = invoke(["change", "classify", str(change), "--lang", "fi"])
    assert res.exit_code == 2, res.output
    assert "Virhe: muutoksella ei ole yhtään tietoa" in res.stderr and "the change has" not in res.stderr
    assert not english_in(res.stderr.splitlines()[0])


def test_map_problems_read_finnish(tmp_path: Path) -> None:
    from itsm_assess.change_impact.maps import check_map, load_column_map

    broken = tmp_path / "sarakkeet.yaml"
    broken.write_text("schema_version: 1\nmap: {id: m, title: {en: M, fi: M}}\ncolumns:\n  id: number\n"
                      "  users: {column: a, value: '3'}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_column_map(broken)
    ok = tmp_path / "ok.yaml"
    ok.write_text("schema_version: 1\nmap: {id: m, title: {en: M, fi: M}}\ncolumns:\n  id: number\n  colour: c\n",
                  encoding="utf-8")
    with pytest.raises(InputError) as err2:
        check_map(load_column_map(ok), parse_policy(POLICY))
    lines = [translate(p, "fi") for p in (*err.value.problems, *err2.value.problems)]
    assert len(lines) == 2 and [(line, english_in(line)) for line in lines if english_in(line)] == [], lines
