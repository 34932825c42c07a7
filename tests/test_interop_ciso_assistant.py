"""The CISO Assistant library export passes the rules of CISO Assistant's library loader
(required fields, URN pattern, version an integer, unique URNs, parents that exist and come
first, depths that follow the tree), written down from its documented format (REFERENCES.md)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.interop.ciso_assistant import ciso_assistant_library, library_version

# backend/library/utils.py of CISO Assistant (the format, not their code)
URN = re.compile(r"^urn:([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_-]+))?:([0-9A-Za-z\[\]\(\)\-\._:]+)$")
LIBRARY_REQUIRED = ("urn", "name", "version", "objects", "ref_id")
FRAMEWORK_KEYS = {"urn", "ref_id", "name", "description", "annotation", "min_score", "max_score",
                  "scores_definition", "implementation_groups_definition", "translations", "requirement_nodes"}
NODE_KEYS = {"urn", "assessable", "depth", "parent_urn", "ref_id", "name", "description", "annotation",
             "typical_evidence", "implementation_groups", "weight", "translations", "questions"}
LIBRARY_KEYS = {"urn", "locale", "ref_id", "name", "description", "copyright", "version", "publication_date",
                "provider", "packager", "translations", "labels", "dependencies", "objects"}


def loader_problems(lib: dict[str, Any]) -> list[str]:
    """What CISO Assistant's loader would refuse in ``lib``, one line each."""
    problems = _library_problems(lib)
    fw = lib.get("objects", {}).get("framework")
    if not isinstance(fw, dict):
        return [*problems, "objects: no framework"]
    problems += _framework_problems(fw)
    groups = {g["ref_id"] for g in fw.get("implementation_groups_definition", [])}
    seen: dict[str, int] = {}
    question_urns: set[str] = set()
    for i, node in enumerate(fw.get("requirement_nodes", [])):
        where = f"requirement_nodes[{i}]"
        problems += _node_problems(where, node, fw["requirement_nodes"], seen, groups)
        problems += _question_problems(where, node, question_urns)
        if node.get("urn"):
            seen[node["urn"]] = i
    return problems


def _library_problems(lib: dict[str, Any]) -> list[str]:
    """The library's own fields: required and known ones, an integer version, a URN not reserved."""
    problems = [f"library: missing {k}" for k in LIBRARY_REQUIRED if k not in lib]
    problems += [f"library: unknown field {k}" for k in set(lib) - LIBRARY_KEYS]
    if not isinstance(lib.get("version"), int) or isinstance(lib.get("version"), bool):
        problems.append(f"library: version {lib.get('version')!r} is not an integer")
    urn = str(lib.get("urn", ""))
    if not URN.match(urn):
        problems.append(f"library: urn {urn!r} does not match the URN pattern")
    if urn.split(":")[1:2] == ["intuitem"] or lib.get("packager") == "intuitem":
        problems.append("library: the intuitem packager is reserved")
    return problems


def _framework_problems(fw: dict[str, Any]) -> list[str]:
    """The framework's fields, its URN, and scores that span min_score..max_score."""
    problems = [f"framework: unknown field {k}" for k in set(fw) - FRAMEWORK_KEYS]
    problems += [f"framework: missing {key}" for key in ("urn", "ref_id", "name") if not fw.get(key)]
    if not URN.match(str(fw.get("urn", ""))):
        problems.append(f"framework: urn {fw.get('urn')!r} does not match the URN pattern")
    scores = [s["score"] for s in fw.get("scores_definition", [])]
    if scores and (min(scores) != fw.get("min_score") or max(scores) != fw.get("max_score")):
        problems.append("framework: scores_definition does not span min_score..max_score")
    return problems


def _node_problems(where: str, node: dict[str, Any], nodes: list[dict[str, Any]], seen: dict[str, int],
                   groups: set[str]) -> list[str]:
    """One requirement node: known fields, a unique URN, its parent earlier and one level up, defined
    implementation groups, named translations."""
    problems = [f"{where}: unknown field {k}" for k in set(node) - NODE_KEYS]
    nurn = node.get("urn")
    if not nurn or not URN.match(nurn):
        problems.append(f"{where}: urn {nurn!r} does not match the URN pattern")
    if nurn in seen:
        problems.append(f"{where}: urn {nurn} repeats requirement_nodes[{seen[nurn]}]")
    if not isinstance(node.get("assessable"), bool):
        problems.append(f"{where}: assessable must be true or false")
    parent = node.get("parent_urn")
    if parent is None:
        if node.get("depth") != 1:
            problems.append(f"{where}: a node without parent must have depth 1")
    elif parent not in seen:
        problems.append(f"{where}: parent_urn {parent} is not an earlier node")
    elif node.get("depth") != nodes[seen[parent]].get("depth", 0) + 1:
        problems.append(f"{where}: depth {node.get('depth')} is not its parent's depth + 1")
    problems += [f"{where}: implementation group {g} is not defined"
                 for g in node.get("implementation_groups", []) if g not in groups]
    problems += [f"{where}: translation {lang} has no name"
                 for lang, tr in node.get("translations", {}).items() if not isinstance(tr, dict) or not tr.get("name")]
    return problems


# core/models.py _sync_questions_from_data: questions keyed by URN; choices with compute_result.
QUESTION_TYPES = {"unique_choice", "single_choice", "multiple_choice", "text", "number", "date", "boolean"}
QUESTION_KEYS = {"type", "text", "annotation", "config", "depends_on", "weight", "translations", "choices"}
CHOICE_KEYS = {"urn", "value", "annotation", "add_score", "compute_result", "description", "color",
               "select_implementation_groups", "translations"}
COMPUTE_RESULTS = {"compliant", "partially_compliant", "non_compliant", "not_applicable"}


def _question_problems(where: str, node: dict[str, Any], seen: set[str]) -> list[str]:
    questions = node.get("questions")
    if questions is None:
        return []
    if not isinstance(questions, dict):
        return [f"{where}: questions is not a mapping keyed by question URN"]
    problems = []
    for q_urn, q in questions.items():
        at = f"{where}.questions[{q_urn}]"
        if not URN.match(q_urn) or not q_urn.startswith(node["urn"] + ":question:"):
            problems.append(f"{at}: the URN does not extend the node's URN with :question:")
        if q_urn in seen:
            problems.append(f"{at}: URN repeats")
        seen.add(q_urn)
        problems += [f"{at}: unknown field {k}" for k in set(q) - QUESTION_KEYS]
        if q.get("type") not in QUESTION_TYPES or not q.get("text"):
            problems.append(f"{at}: needs a known type and a text")
        for j, choice in enumerate(q.get("choices", [])):
            problems += [f"{at}.choices[{j}]: unknown field {k}" for k in set(choice) - CHOICE_KEYS]
            if not URN.match(str(choice.get("urn", ""))) or str(choice.get("urn")) in seen:
                problems.append(f"{at}.choices[{j}]: missing, malformed or repeated URN")
            seen.add(str(choice.get("urn")))
            if choice.get("compute_result") not in COMPUTE_RESULTS or not choice.get("value"):
                problems.append(f"{at}.choices[{j}]: needs a value and a compute_result of {sorted(COMPUTE_RESULTS)}")
    return problems


@pytest.fixture(scope="module")
def library() -> dict[str, Any]:
    return ciso_assistant_library(load_catalogue("iso20000-1-2018"))


def test_bundled_catalogue_passes_the_loader_rules(library: dict[str, Any]) -> None:
    assert loader_problems(library) == []
    assert library["urn"] == "urn:itsm-assess:risk:library:iso20000-1-2018"
    assert library["locale"] == "en" and set(library["translations"]) == {"fi"}
    assert "paraphrase" in library["copyright"] and "not the text" in library["copyright"]


def test_every_requirement_is_an_assessable_node_under_its_clause(library: dict[str, Any]) -> None:
    cat = load_catalogue("iso20000-1-2018")
    nodes = library["objects"]["framework"]["requirement_nodes"]
    by_urn = {n["urn"]: n for n in nodes}
    assessable = [n for n in nodes if n["assessable"]]
    assert len(assessable) == len(cat.requirements)
    assert {n["ref_id"] for n in assessable} == set(cat.requirements)
    assert all(not n["assessable"] for n in nodes if n["ref_id"][0].isdigit())
    for node in assessable:
        req = cat.requirements[node["ref_id"]]
        assert by_urn[node["parent_urn"]]["ref_id"] == req.clause
        assert node["description"] == req.statement["en"].strip()
        assert node["translations"]["fi"]["name"] == req.title["fi"].strip()
        assert node["typical_evidence"].count("\n- ") == len(req.evidence) - 1
        assert node["implementation_groups"] == [req.basis]
    chg = by_urn["urn:itsm-assess:risk:req_node:iso20000-1-2018:chg-01"]
    assert chg["depth"] == by_urn[chg["parent_urn"]]["depth"] + 1 == 5  # 8 > 8.5 > 8.5.1 > 8.5.1.1 > CHG-01


def test_scores_nplf_and_capability() -> None:
    cat = load_catalogue("iso20000-1-2018")
    nplf = ciso_assistant_library(cat)["objects"]["framework"]
    cap = ciso_assistant_library(cat, "capability")["objects"]["framework"]
    assert (nplf["min_score"], nplf["max_score"]) == (0, 3)
    assert [s["name"][0] for s in nplf["scores_definition"]] == ["N", "P", "L", "F"]
    assert (cap["min_score"], cap["max_score"]) == (0, 5)
    assert cap["scores_definition"][3]["name"] == "3 - Established"
    assert cap["scores_definition"][3]["translations"]["fi"]["name"] == "3 - Vakiintunut"


def test_checker_notices_broken_libraries(library: dict[str, Any]) -> None:
    """The rules above can fail: each defect is named."""
    import copy

    bad = copy.deepcopy(library)
    bad["version"] = "1.0.0"
    bad["urn"] = "urn:intuitem:risk:library:x"
    nodes = bad["objects"]["framework"]["requirement_nodes"]
    nodes[1]["parent_urn"] = "urn:itsm-assess:risk:req_node:iso20000-1-2018:99"
    nodes[2]["urn"] = nodes[0]["urn"]
    nodes[3]["depth"] = 7
    nodes[4]["urn"] = "urn:itsm assess:x"
    text = "\n".join(loader_problems(bad))
    for expected in ("is not an integer", "reserved", "is not an earlier node", "repeats", "parent's depth",
                     "does not match the URN pattern"):
        assert expected in text


def test_library_version_is_an_integer_that_grows() -> None:
    assert library_version("1.0.0") == 10000
    assert library_version("1.2.3") == 10203 < library_version("1.10.0") < library_version("2.0")
    assert library_version("1.0.1-rc1") == 10001
    with pytest.raises(InputError, match="below 100"):
        library_version("1.100.0")


def test_cli_writes_the_library(tmp_path: Path) -> None:
    out = tmp_path / "iso20000-1-2018.yaml"
    result = CliRunner().invoke(cli, ["catalogue", "export", "--format", "ciso-assistant", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert loader_problems(data) == []
    assert data["objects"]["framework"]["requirement_nodes"][0]["ref_id"] == "4"  # a string, not a number
    again = CliRunner().invoke(cli, ["catalogue", "export", "--format", "ciso-assistant", "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


@pytest.mark.parametrize("catalogue_id", ["iso20000-1-2018", "fitsm-1"])
def test_checklist_questions_become_questions_with_nplf_answers(catalogue_id: str) -> None:
    cat = load_catalogue(catalogue_id)
    lib = ciso_assistant_library(cat)
    assert loader_problems(lib) == []
    nodes = [n for n in lib["objects"]["framework"]["requirement_nodes"] if n["assessable"]]
    assert all(n.get("questions") for n in nodes)  # every requirement is verified by a checklist question
    expected = sum(len(item.requirements) for cl in cat.checklists.values() for item in cl.items)
    assert sum(len(n["questions"]) for n in nodes) == expected
    node = next(n for n in nodes if n["ref_id"] == ("CHG-01" if catalogue_id.startswith("iso") else "PR12.4"))
    item_id = "CHG-Q01" if catalogue_id.startswith("iso") else "CHM-Q02"
    item = next(i for cl in cat.checklists.values() for i in cl.items if i.id == item_id)
    q = node["questions"][f"{node['urn']}:question:{item_id.lower()}"]
    assert q["text"] == item.question["en"].strip() and q["translations"]["fi"]["text"] == item.question["fi"].strip()
    assert q["annotation"].startswith("- " + item.look_for[0]["en"].strip()[:30])
    assert [c["compute_result"] for c in q["choices"]] == [
        "compliant", "partially_compliant", "partially_compliant", "non_compliant", "not_applicable"]
    assert q["choices"][0]["translations"]["fi"]["value"].startswith("Täysin (F)")


def test_the_checker_names_broken_questions(library: dict[str, Any]) -> None:
    import copy

    broken = copy.deepcopy(library)
    node = next(n for n in broken["objects"]["framework"]["requirement_nodes"] if n.get("questions"))
    q_urn, q = next(iter(node["questions"].items()))
    q["choices"][0]["compute_result"] = "yes"
    node["questions"]["urn:other:risk:x:y"] = {"type": "essay", "text": ""}
    problems = loader_problems(broken)
    assert any("compute_result" in p for p in problems)
    assert any("does not extend the node's URN" in p for p in problems)
    assert any("needs a known type" in p for p in problems)


# Mapping libraries: the format of CISO Assistant's own mapping-*.yaml libraries (objects.
# requirement_mapping_sets, a set per direction) and its RequirementMapping choices.
MAPPING_SET_KEYS = {"urn", "ref_id", "name", "description", "source_framework_urn", "target_framework_urn",
                    "requirement_mappings", "translations"}
MAPPING_KEYS = {"source_requirement_urn", "target_requirement_urn", "relationship", "rationale",
                "strength_of_relationship", "annotation"}
MAPPING_REQUIRED = ("source_requirement_urn", "target_requirement_urn", "relationship")
RELATIONSHIPS = {"equal", "subset", "superset", "intersect", "not_related"}
RATIONALES = {"syntactic", "semantic", "functional"}


def mapping_problems(lib: dict[str, Any], frameworks: list[dict[str, Any]]) -> list[str]:
    """What CISO Assistant would refuse in a mapping library whose dependencies are ``frameworks``
    (framework libraries): unknown fields, bad URNs or choices, requirements that do not exist."""
    problems = _library_problems(lib)
    nodes = {lib_["objects"]["framework"]["urn"]: {n["urn"] for n in lib_["objects"]["framework"]["requirement_nodes"]
                                                   if n["assessable"]} for lib_ in frameworks}
    if sorted(lib.get("dependencies", [])) != sorted(f["urn"] for f in frameworks):
        problems.append("library: dependencies are not the two framework libraries")
    sets = lib.get("objects", {}).get("requirement_mapping_sets")
    if not isinstance(sets, list) or not sets:
        return [*problems, "objects: no requirement_mapping_sets"]
    for i, ms in enumerate(sets):
        where = f"requirement_mapping_sets[{i}]"
        problems += [f"{where}: unknown field {k}" for k in set(ms) - MAPPING_SET_KEYS]
        problems += [f"{where}: missing {k}" for k in ("urn", "name", "source_framework_urn", "target_framework_urn")
                     if not ms.get(k)]
        for key in ("urn", "source_framework_urn", "target_framework_urn"):
            if not URN.match(str(ms.get(key, ""))):
                problems.append(f"{where}: {key} {ms.get(key)!r} does not match the URN pattern")
        src, dst = nodes.get(ms.get("source_framework_urn"), set()), nodes.get(ms.get("target_framework_urn"), set())
        for j, m in enumerate(ms.get("requirement_mappings", [])):
            at = f"{where}.requirement_mappings[{j}]"
            problems += [f"{at}: unknown field {k}" for k in set(m) - MAPPING_KEYS]
            problems += [f"{at}: missing {k}" for k in MAPPING_REQUIRED if k not in m]
            if m.get("relationship") not in RELATIONSHIPS:
                problems.append(f"{at}: relationship {m.get('relationship')!r} is not one CISO Assistant knows")
            if "rationale" in m and m["rationale"] not in RATIONALES:
                problems.append(f"{at}: rationale {m['rationale']!r} is not one CISO Assistant knows")
            if m.get("source_requirement_urn") not in src:
                problems.append(f"{at}: source {m.get('source_requirement_urn')!r} is no node of the source framework")
            if m.get("target_requirement_urn") not in dst:
                problems.append(f"{at}: target {m.get('target_requirement_urn')!r} is no node of the target framework")
    return problems


@pytest.fixture(scope="module")
def mapping() -> tuple[dict[str, Any], list[dict[str, Any]], Any]:
    from itsm_assess.catalogue.crosswalk import crosswalk_between
    from itsm_assess.interop.ciso_assistant import ciso_assistant_mapping_library

    iso, fitsm = load_catalogue("iso20000-1-2018"), load_catalogue("fitsm-1")
    cw = crosswalk_between(iso, fitsm)
    return (ciso_assistant_mapping_library(cw, iso, fitsm),
            [ciso_assistant_library(fitsm), ciso_assistant_library(iso)], cw)


def test_crosswalk_exports_as_a_mapping_library_both_ways(mapping) -> None:  # type: ignore[no-untyped-def]
    lib, frameworks, cw = mapping
    assert mapping_problems(lib, frameworks) == []
    forward, back = lib["objects"]["requirement_mapping_sets"]
    assert (forward["source_framework_urn"], forward["target_framework_urn"]) == (
        "urn:itsm-assess:risk:framework:fitsm-1", "urn:itsm-assess:risk:framework:iso20000-1-2018")
    assert (back["source_framework_urn"], back["target_framework_urn"]) == (
        forward["target_framework_urn"], forward["source_framework_urn"])
    # One mapping per reviewed pair, each way; equivalent pairs are "equal", partial ones "intersect".
    assert len(forward["requirement_mappings"]) == len(back["requirement_mappings"]) == len(cw.pairs) == 169
    pairs = {(m["source_requirement_urn"].rsplit(":", 1)[1], m["target_requirement_urn"].rsplit(":", 1)[1]):
             m["relationship"] for m in forward["requirement_mappings"]}
    assert pairs[("gr1.3", "perf-10")] == "equal" and pairs[("gr1.1", "lead-13")] == "intersect"
    assert sum(r == "equal" for r in pairs.values()) == sum(m == "equivalent" for _, _, m in cw.pairs)
    assert {(m["target_requirement_urn"], m["source_requirement_urn"], m["relationship"])
            for m in back["requirement_mappings"]} == {
        (m["source_requirement_urn"], m["target_requirement_urn"], m["relationship"])
        for m in forward["requirement_mappings"]}
    # The reviewer's remark on a FitSM requirement travels with its pairs.
    gr11 = next(m for m in forward["requirement_mappings"] if m["source_requirement_urn"].endswith(":gr1.1"))
    assert gr11["annotation"] == cw.notes["GR1.1"]
    assert lib["version"] == 10000 and "ITEMO e.V." in lib["copyright"] and "fi" in lib["translations"]
    # A requirement with no counterpart has no mapping (GR4.2, PR6.5).
    assert not any(m["source_requirement_urn"].endswith((":gr4.2", ":pr6.5")) for m in forward["requirement_mappings"])


def test_the_mapping_checker_notices_broken_mappings(mapping) -> None:  # type: ignore[no-untyped-def]
    import copy

    lib, frameworks, _cw = mapping
    broken = copy.deepcopy(lib)
    first = broken["objects"]["requirement_mapping_sets"][0]["requirement_mappings"]
    first[0]["relationship"] = "equivalent"
    first[1]["target_requirement_urn"] = "urn:itsm-assess:risk:req_node:iso20000-1-2018:chg-99"
    del first[2]["source_requirement_urn"]
    broken["dependencies"] = broken["dependencies"][:1]
    problems = mapping_problems(broken, frameworks)
    assert any("relationship 'equivalent'" in p for p in problems)
    assert any("chg-99" in p and "no node of the target framework" in p for p in problems)
    assert any("missing source_requirement_urn" in p for p in problems)
    assert any("dependencies" in p for p in problems)


def test_cli_writes_the_mapping_library_in_either_catalogue_order(tmp_path: Path) -> None:
    run = CliRunner().invoke
    out = tmp_path / "mapping.yaml"
    result = run(cli, ["catalogue", "crosswalk", "--format", "ciso-assistant", "-o", str(out)])
    assert result.exit_code == 0, result.output
    swapped = run(cli, ["catalogue", "crosswalk", "iso20000-1-2018", "fitsm-1", "--format", "ciso-assistant"])
    assert swapped.exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == yaml.safe_load(swapped.output)
    again = run(cli, ["catalogue", "crosswalk", "--format", "ciso-assistant", "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output and "Traceback" not in again.output
