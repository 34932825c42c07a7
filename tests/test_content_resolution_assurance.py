"""Catalogue content for resolution and assurance (INC, SRQ, PRB, AVM, SCO, ISM) and the capability
indicators, checked in isolation from the rest of the catalogue, which is written in parallel."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from itsm_assess.catalogue import Catalogue, coverage_gaps, load_catalogue
from itsm_assess.glossary import load_glossary
from itsm_assess.schema import PROCESS_ATTRIBUTES, clause_within

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "requirements_catalogue" / "iso20000-1-2018"
CHECKLISTS = ROOT / "checklists" / "iso20000-1-2018"

#: process id -> (file name, ISO/IEC 20000-1:2011 clause its requirements descend from, minimum size)
PROCESSES = {
    "INC": ("incident", "8.1", 10),
    "SRQ": ("service_request", "8.1", 6),
    "PRB": ("problem", "8.2", 8),
    "AVM": ("availability", "6.3", 6),
    "SCO": ("continuity", "6.3", 8),
    "ISM": ("information_security", "6.6", 12),
}


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The six processes with catalogue.yaml, the indicators and a one-requirement change process."""
    tmp = tmp_path_factory.mktemp("content")
    proc_dir = tmp / "iso20000-1-2018" / "processes"
    proc_dir.mkdir(parents=True)
    checklist_dir = tmp / "checklists"
    checklist_dir.mkdir()
    for name in ("catalogue.yaml", "capability_indicators.yaml"):
        shutil.copy(CATALOGUE / name, proc_dir.parent / name)
    for name, _, _ in PROCESSES.values():
        shutil.copy(CATALOGUE / "processes" / f"{name}.yaml", proc_dir)
        shutil.copy(CHECKLISTS / f"{name}.yaml", checklist_dir)
    # Our requirements may refer to CHG-01, the one change requirement guaranteed to exist.
    change = yaml.safe_load((CATALOGUE / "processes" / "change.yaml").read_text(encoding="utf-8"))
    change["requirements"] = [r for r in change["requirements"] if r["id"] == "CHG-01"]
    change["requirements"][0].get("refs", {}).pop("related", None)
    (proc_dir / "change.yaml").write_text(yaml.safe_dump(change, allow_unicode=True), encoding="utf-8")
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
    files = [CATALOGUE / "capability_indicators.yaml"]
    for name, _, _ in PROCESSES.values():
        files += [CATALOGUE / "processes" / f"{name}.yaml", CHECKLISTS / f"{name}.yaml"]
    return files


def test_every_requirement_is_covered_by_its_own_checklist(cat: Catalogue) -> None:
    assert [rid for rid in coverage_gaps(cat) if rid != "CHG-01"] == []
    for pid in PROCESSES:
        own = {r.id for r in cat.requirements_of(pid)}
        referenced = {rid for item in cat.checklists[pid].items for rid in item.requirements}
        assert referenced == own, pid


def test_ids_clauses_and_sizes(cat: Catalogue) -> None:
    for pid, (_, _, minimum) in PROCESSES.items():
        reqs = cat.requirements_of(pid)
        assert len(reqs) >= minimum, pid
        assert all(re.fullmatch(rf"{pid}-\d\d", r.id) for r in reqs), pid
        assert all(re.fullmatch(rf"{pid}-Q\d\d", i.id) for i in cat.checklists[pid].items), pid
        assert all(any(clause_within(r.clause, c) for c in cat.processes[pid].clauses) for r in reqs)
    # ISM covers each of its three sub-clauses.
    assert {r.clause for r in cat.requirements_of("ISM")} == {"8.7.3.1", "8.7.3.2", "8.7.3.3"}


def test_requirements_give_an_auditor_enough(cat: Catalogue) -> None:
    for pid in PROCESSES:
        for r in cat.requirements_of(pid):
            assert len(r.evidence) >= 2 and r.interviewees, r.id
            assert 1 <= r.weight <= 3, r.id
            assert r.refs.itil4 and r.refs.fitsm, r.id
        attrs = Counter(r.attribute for r in cat.requirements_of(pid))
        assert attrs["PA1.1"] > sum(attrs.values()) / 2, pid
        assert any(r.weight == 3 for r in cat.requirements_of(pid)), pid


def test_2011_references_follow_the_mapping(cat: Catalogue) -> None:
    for pid, (_, clause_2011, _) in PROCESSES.items():
        for r in cat.requirements_of(pid):
            assert any(clause_within(c, clause_2011) for c in r.refs.iso20000_2011), r.id


def test_checklist_items_serve_auditors_and_trainers(cat: Catalogue) -> None:
    for pid in PROCESSES:
        items = cat.checklists[pid].items
        assert any(1 in i.stages for i in items) and any(2 in i.stages for i in items), pid
        for item in items:
            assert item.sampling and item.model_answer and item.weaknesses, item.id
            assert item.interviewees, item.id
            assert len(item.requirements) <= 3, item.id


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
        text["en"].strip()
        for path in _our_files()
        for _, text in _localized(yaml.safe_load(path.read_text(encoding="utf-8")))
        if len(text["en"]) > 60
    )
    assert [t for t, n in counts.items() if n > 1] == []


def test_finnish_follows_the_glossary(cat: Catalogue) -> None:
    glossary = load_glossary()
    for pid in PROCESSES:
        title = cat.processes[pid].title
        expected = glossary.finnish(title["en"])
        assert expected is None or title["fi"].casefold() == expected.casefold(), pid
    avoid = [v.casefold() for t in glossary.terms for v in t.fi_avoid]
    offenders = []
    for path in _our_files():
        for where, text in _localized(yaml.safe_load(path.read_text(encoding="utf-8"))):
            words = re.findall(r"[\wåäö-]+", text.get("fi", "").casefold())
            offenders += [f"{path.name}{where}: {v}" for v in avoid if any(w.startswith(v) for w in words)]
    assert offenders == []


def test_capability_indicators(cat: Catalogue) -> None:
    for pa in PROCESS_ATTRIBUTES[1:]:
        indicators = cat.indicators_for(pa)
        assert 3 <= len(indicators) <= 5, pa
        for ind in indicators:
            assert ind.id.startswith(f"GP{pa[2:]}."), ind.id
            assert len(ind.evidence) >= 2, ind.id
    assert not cat.indicators_for("PA1.1")
