"""Catalogue content for operation, service portfolio and relationship and agreement
(OPS, PORT, SCM, AST, CFG, BRM, SLM, SUPP: ISO/IEC 20000-1:2018 8.1-8.3), checked in isolation
from the rest of the catalogue, which is written in parallel."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from itsm_assess.catalogue import Catalogue, coverage_gaps, load_catalogue
from itsm_assess.glossary import load_glossary
from itsm_assess.schema import clause_within

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "requirements_catalogue" / "iso20000-1-2018"
CHECKLISTS = ROOT / "checklists" / "iso20000-1-2018"

#: process id -> (file name, kind, minimum number of requirements)
PROCESSES = {
    "OPS": ("operation", "management-system", 5),
    "PORT": ("service_portfolio", "process", 9),
    "SCM": ("service_catalogue", "process", 6),
    "AST": ("asset_management", "process", 5),
    "CFG": ("configuration", "process", 9),
    "BRM": ("business_relationship", "process", 8),
    "SLM": ("service_level", "process", 9),
    "SUPP": ("supplier", "process", 10),
}

#: 2018 clause prefix -> ISO/IEC 20000-1:2011 clauses its requirements may descend from
#: (an empty tuple: the clause is new in 2018 and must have no 2011 reference).
MAPPING_2011: dict[str, tuple[str, ...]] = {
    "8.1": ("4",),
    "8.2.1": ("4.5.3",),
    "8.2.2": ("5.2",),
    "8.2.3": (),
    "8.2.4": (),
    "8.2.5": (),
    "8.2.6": ("9.1", "9.2", "9.3"),
    "8.3.1": ("7.1",),
    "8.3.2": ("7.1", "4.5.5"),
    "8.3.3": ("6.1", "6.2", "4.5.5"),
    "8.3.4.1": ("7.2",),
    "8.3.4.2": ("6.1",),
}


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """Our eight processes with catalogue.yaml and a one-requirement change process."""
    tmp = tmp_path_factory.mktemp("content")
    proc_dir = tmp / "iso20000-1-2018" / "processes"
    proc_dir.mkdir(parents=True)
    checklist_dir = tmp / "checklists"
    checklist_dir.mkdir()
    shutil.copy(CATALOGUE / "catalogue.yaml", proc_dir.parent / "catalogue.yaml")
    for name, _, _ in PROCESSES.values():
        shutil.copy(CATALOGUE / "processes" / f"{name}.yaml", proc_dir)
        shutil.copy(CHECKLISTS / f"{name}.yaml", checklist_dir)
    # Our requirements may refer to CHG-01, the one change requirement guaranteed to exist.
    change = yaml.safe_load((CATALOGUE / "processes" / "change.yaml").read_text(encoding="utf-8"))
    change["requirements"] = [r for r in change["requirements"] if r["id"] == "CHG-01"]
    change["requirements"][0].get("refs", {}).pop("related", None)
    (proc_dir / "change.yaml").write_text(yaml.safe_dump(change, allow_unicode=True), encoding="utf-8")
    # Cross-references among our files must resolve; coverage of CHG-01 is left out (strict=False).
    return load_catalogue(proc_dir.parent, checklist_dir, strict=False)


def _localized(node: object, path: str = "") -> list[tuple[str, dict[str, str]]]:
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            return [(path, node)]
        return [hit for k, v in node.items() for hit in _localized(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [hit for i, v in enumerate(node) for hit in _localized(v, f"{path}[{i}]")]
    return []


def _our_files() -> list[Path]:
    files = []
    for name, _, _ in PROCESSES.values():
        files += [CATALOGUE / "processes" / f"{name}.yaml", CHECKLISTS / f"{name}.yaml"]
    return files


def test_every_requirement_is_covered_by_its_own_checklist(cat: Catalogue) -> None:
    assert [rid for rid in coverage_gaps(cat) if rid != "CHG-01"] == []
    for pid in PROCESSES:
        own = {r.id for r in cat.requirements_of(pid)}
        referenced = {rid for item in cat.checklists[pid].items for rid in item.requirements}
        assert referenced == own, pid


def test_ids_kinds_clauses_and_sizes(cat: Catalogue) -> None:
    for pid, (_, kind, minimum) in PROCESSES.items():
        assert cat.processes[pid].kind == kind, pid
        assert 3 <= len(cat.processes[pid].outcomes) <= 6, pid
        reqs = cat.requirements_of(pid)
        assert len(reqs) >= minimum, pid
        assert all(re.fullmatch(rf"{pid}-\d\d", r.id) for r in reqs), pid
        assert all(re.fullmatch(rf"{pid}-Q\d\d", i.id) for i in cat.checklists[pid].items), pid
        assert all(any(clause_within(r.clause, c) for c in cat.processes[pid].clauses) for r in reqs)
    # PORT covers its three sub-clauses, SUPP both kinds of supplier.
    assert {r.clause for r in cat.requirements_of("PORT")} == {"8.2.1", "8.2.2", "8.2.3"}
    assert {r.clause for r in cat.requirements_of("SUPP")} == {"8.3.4.1", "8.3.4.2"}


def test_requirements_give_an_auditor_enough(cat: Catalogue) -> None:
    for pid in PROCESSES:
        reqs = cat.requirements_of(pid)
        for r in reqs:
            assert len(r.evidence) >= 2 and r.interviewees, r.id
            assert 1 <= r.weight <= 3, r.id
            assert r.refs.itil4, r.id
        attrs = Counter(r.attribute for r in reqs)
        assert attrs["PA1.1"] >= sum(attrs.values()) / 2, pid
        assert any(r.weight == 3 for r in reqs), pid


def test_2011_references_follow_the_mapping(cat: Catalogue) -> None:
    for pid in PROCESSES:
        for r in cat.requirements_of(pid):
            allowed = next(v for k, v in sorted(MAPPING_2011.items(), key=lambda kv: -len(kv[0])) if clause_within(r.clause, k))
            if not allowed:
                assert r.refs.iso20000_2011 == [], r.id
            else:
                assert all(any(clause_within(c, a) for a in allowed) for c in r.refs.iso20000_2011), r.id


def test_checklist_items_serve_auditors_and_trainers(cat: Catalogue) -> None:
    for pid in PROCESSES:
        items = cat.checklists[pid].items
        assert any(1 in i.stages for i in items) and any(2 in i.stages for i in items), pid
        for item in items:
            assert item.sampling and item.model_answer and len(item.weaknesses) >= 2, item.id
            assert item.interviewees and item.look_for, item.id
            assert 1 <= len(item.requirements) <= 3, item.id
            assert all(rid.startswith(f"{pid}-") for rid in item.requirements), item.id


def test_every_text_is_in_finnish_and_not_a_copy_of_the_english() -> None:
    bad = []
    for path in _our_files():
        for where, text in _localized(yaml.safe_load(path.read_text(encoding="utf-8"))):
            fi = text.get("fi", "").strip()
            if not fi or fi == text["en"].strip():
                bad.append(f"{path.name}{where}")
    assert bad == []


def test_no_sentence_is_repeated_across_our_files() -> None:
    counts = Counter(
        text[lang].strip()
        for path in _our_files()
        for _, text in _localized(yaml.safe_load(path.read_text(encoding="utf-8")))
        for lang in ("en", "fi")
        if len(text[lang]) > 40
    )
    assert [t for t, n in counts.items() if n > 1] == []


def test_finnish_follows_the_glossary(cat: Catalogue) -> None:
    glossary = load_glossary()
    for pid in PROCESSES:
        title = cat.processes[pid].title
        expected = glossary.finnish(title["en"])
        assert expected is None or title["fi"].casefold() == expected.casefold(), pid
    avoid = [v.casefold() for t in glossary.terms for v in t.fi_avoid]
    # Glossary: a CI is a "konfiguraatio-osa"; an opportunity for improvement a "parantamismahdollisuus".
    avoid += ["konfiguraatioyksik", "parannusmahdollisuu"]
    offenders = []
    for path in _our_files():
        for where, text in _localized(yaml.safe_load(path.read_text(encoding="utf-8"))):
            words = re.findall(r"[\wåäö-]+", text.get("fi", "").casefold())
            offenders += [f"{path.name}{where}: {v}" for v in avoid if any(w.startswith(v) for w in words)]
    assert offenders == []
