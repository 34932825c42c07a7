"""The bundled ISO/IEC 20000-1:2018 catalogue: complete, bilingual, consistent, covered by checklists."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from itsm_assess.catalogue import Catalogue, coverage_gaps, load_catalogue
from itsm_assess.catalogue.glossary import load_glossary
from itsm_assess.schema import PROCESS_ATTRIBUTES, clause_within

#: Every clause and sub-clause of clauses 4-10 that must carry at least one requirement
#: (8.3.1 states no obligation of its own: catalogue.yaml clauses_without_obligations).
REQUIRED_CLAUSES = """
4.1 4.2 4.3 4.4 5.1 5.2.1 5.2.2 5.3 6.1 6.2 6.3 7.1 7.2 7.3 7.4 7.5.1 7.5.2 7.5.3 7.5.4 7.6
8.1 8.2.1 8.2.2 8.2.3 8.2.4 8.2.5 8.2.6 8.3.2 8.3.3 8.3.4 8.3.4.1 8.3.4.2 8.4.1 8.4.2 8.4.3
8.5.1.1 8.5.1.2 8.5.1.3 8.5.2.1 8.5.2.2 8.5.2.3 8.5.3 8.6.1 8.6.2 8.6.3 8.7.1 8.7.2
8.7.3.1 8.7.3.2 8.7.3.3 9.1 9.2 9.3 9.4 10.1 10.2
""".split()

#: ISO/IEC 20000-1:2011 clause(s) from which each 2018 clause descends; None where new in 2018.
#: The most specific 2018 clause listed applies. Control of other parties (8.2.3) descends from
#: 2011 4.2 (governance of processes operated by other parties), the service catalogue (8.2.4)
#: from 2011 6.1, where it was agreed under service level management. Internal suppliers (8.3.4.2) were agreed under
#: service level management (6.1) or supplier management (7.2) in 2011.
MAPPING_2011: dict[str, str | tuple[str, ...] | None] = {
    "8.3.4.2": ("7.2", "6.1"),
    "8.1": "4", "8.2.1": "4.5.3", "8.3.1": "7.1",
    "8.5.2": "5", "8.3.3": "6.1", "9.4": "6.2", "8.7.1": "6.3", "8.7.2": "6.3", "8.4.1": "6.4",
    "8.4.3": "6.5", "8.7.3": "6.6", "8.3.2": "7.1", "8.3.4": "7.2", "8.6.1": "8.1", "8.6.2": "8.1",
    "8.6.3": "8.2", "8.2.6": "9.1", "8.5.1": "9.2", "8.5.3": "9.3",
    "8.2.3": "4.2", "8.2.4": "6.1", "8.2.5": None, "8.4.2": "6.5", "7.6": None,
}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue("iso20000-1-2018")


def test_every_clause_has_a_requirement(cat: Catalogue) -> None:
    missing = [c for c in REQUIRED_CLAUSES if not any(clause_within(r.clause, c) for r in cat.requirements.values())]
    assert not missing, f"clauses without requirements: {missing}"


def test_size(cat: Catalogue) -> None:
    assert len(cat.requirements) >= 200
    assert len(cat.processes) >= 25


def test_every_requirement_is_bilingual_and_finnish_is_not_english(cat: Catalogue) -> None:
    bad = []
    for rid, req in cat.requirements.items():
        for field in ("title", "statement", "guidance"):
            text = getattr(req, field)
            if not text.get("fi", "").strip() or text["fi"].strip() == text["en"].strip():
                bad.append(f"{rid}.{field}")
        for i, ev in enumerate(req.evidence):
            if not ev.get("fi", "").strip():
                bad.append(f"{rid}.evidence[{i}]")
    assert not bad, bad[:20]


def test_requirements_carry_what_an_auditor_needs(cat: Catalogue) -> None:
    thin = [rid for rid, r in cat.requirements.items() if len(r.evidence) < 2 or not r.interviewees]
    assert not thin, f"fewer than two kinds of evidence or no interviewee: {thin[:20]}"
    no_itil = [rid for rid, r in cat.requirements.items() if not (r.refs.itil4 or cat.processes[r.process].refs.itil4)]
    assert not no_itil, no_itil[:20]


def test_statements_are_unique(cat: Catalogue) -> None:
    counts = Counter(r.statement["en"].strip().casefold() for r in cat.requirements.values())
    assert [s for s, n in counts.items() if n > 1] == []


def test_every_requirement_is_covered_by_a_checklist_question(cat: Catalogue) -> None:
    assert coverage_gaps(cat) == []
    assert set(cat.checklists) == set(cat.processes)


def test_checklists_serve_trainers(cat: Catalogue) -> None:
    for pid, checklist in cat.checklists.items():
        assert any(i.weaknesses for i in checklist.items), f"{pid}: no typical weaknesses"
        assert any(i.model_answer for i in checklist.items), f"{pid}: no model answer"
        assert any(i.sampling for i in checklist.items), f"{pid}: no sampling guidance"
        for item in checklist.items:
            for text in (item.question, *item.look_for, *item.advice):
                assert text.get("fi", "").strip() and text["fi"] != text["en"], f"{item.id}: Finnish missing"


def test_2011_cross_references_follow_the_mapping(cat: Catalogue) -> None:
    wrong = []
    for rid, req in cat.requirements.items():
        matches = [c for c in MAPPING_2011 if clause_within(req.clause, c)]
        if not matches:
            continue
        expected = MAPPING_2011[max(matches, key=len)]
        refs = req.refs.iso20000_2011
        if expected is None:
            if refs:
                wrong.append(f"{rid}: {req.clause} is new in 2018 but refers to {refs}")
            continue
        allowed = (expected,) if isinstance(expected, str) else expected
        if not any(clause_within(r, a) for r in refs for a in allowed):
            wrong.append(f"{rid}: {req.clause} should refer to 2011 clause {' or '.join(allowed)}, has {refs}")
    assert not wrong, wrong[:20]


def test_attributes_are_used_sensibly(cat: Catalogue) -> None:
    attrs = Counter(r.attribute for r in cat.requirements.values())
    assert attrs["PA1.1"] > len(cat.requirements) / 2
    assert set(attrs) <= set(PROCESS_ATTRIBUTES)


def test_capability_indicators_cover_every_attribute_above_1(cat: Catalogue) -> None:
    for pa in PROCESS_ATTRIBUTES[1:]:
        assert len(cat.indicators_for(pa)) >= 3, pa


def test_copyright_notice_says_paraphrase(cat: Catalogue) -> None:
    notice = cat.info.copyright["en"].lower()
    assert "paraphrase" in notice and "not the text" in notice
    assert cat.info.copyright["fi"] != cat.info.copyright["en"]


def _finnish_texts(cat: Catalogue) -> list[tuple[str, str]]:
    out = []
    for rid, r in cat.requirements.items():
        for text in (r.title, r.statement, r.guidance, *r.evidence):
            out.append((rid, text.get("fi", "")))
    for pid, p in cat.processes.items():
        for text in (p.title, p.purpose, *p.outcomes):
            out.append((pid, text.get("fi", "")))
    for cl in cat.checklists.values():
        for item in cl.items:
            texts = [item.question, *item.look_for, *item.advice, *item.weaknesses]
            texts += [t for t in (item.sampling, item.model_answer) if t]
            out.extend((item.id, t.get("fi", "")) for t in texts)
    return out


def test_glossary_terms_are_used_consistently(cat: Catalogue) -> None:
    glossary = load_glossary()
    assert len(glossary.terms) >= 40
    # Process names follow the glossary in both languages.
    for pid, proc in cat.processes.items():
        fi = glossary.finnish(proc.title["en"])
        if fi is not None:
            assert proc.title["fi"].casefold() == fi.casefold(), f"{pid}: {proc.title['fi']!r} vs glossary {fi!r}"
    # No Finnish text uses a variant the glossary rules out.
    avoid = {v.casefold(): t.fi for t in glossary.terms for v in t.fi_avoid}
    offenders = []
    for owner, text in _finnish_texts(cat):
        words = set(re.findall(r"[\wåäö-]+", text.casefold()))
        words |= {part for w in words for part in w.split("-")}  # "SLA-alitus" is caught as "alitus"
        for variant, preferred in avoid.items():
            if (" " in variant and variant in text.casefold()) or any(w.startswith(variant) for w in words):
                offenders.append(f"{owner}: uses {variant!r}, write {preferred!r}")
    assert not offenders, offenders[:20]


@pytest.mark.parametrize("lang", ["en", "fi"])
@pytest.mark.parametrize("edition", ["auditor", "trainer", "participant"])
def test_whole_catalogue_renders_in_every_edition(cat: Catalogue, tmp_path, edition: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    from itsm_assess.catalogue.checklist_render import render_checklist

    for fmt in ("html", "md"):
        out = tmp_path / f"all.{fmt}"
        render_checklist(cat, out, edition=edition, lang=lang)
        text = out.read_text(encoding="utf-8")
        for pid, proc in cat.processes.items():
            assert proc.title[lang] in text or proc.title["en"] in text, f"{pid} missing from {fmt}"
        items = sum(len(c.items) for c in cat.checklists.values())
        assert text.count("-Q") >= items


def test_whole_catalogue_renders_as_a_workbook(cat: Catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from itsm_assess.catalogue.checklist_render import render_checklist

    out = tmp_path / "all.xlsx"
    render_checklist(cat, out, edition="trainer", lang="fi")
    wb = load_workbook(out)
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    for cl in cat.checklists.values():
        for item in cl.items:
            assert item.id in text


# ---------------------------------------------------------------- every file, every text, every item
# These checks began as per-area tests written while the catalogue was split between writers;
# they now run over the whole catalogue.

def _content_files() -> list[Path]:
    from itsm_assess import resources

    root = resources.catalogue_root() / "iso20000-1-2018"
    return [*sorted((root / "processes").glob("*.yaml")), root / "capability_indicators.yaml",
            *sorted((resources.checklist_root() / "iso20000-1-2018").glob("*.yaml"))]


def _localized(node: object, path: str = "") -> list[tuple[str, dict[str, str]]]:
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            return [(path, node)]
        return [hit for k, v in node.items() for hit in _localized(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [hit for i, v in enumerate(node) for hit in _localized(v, f"{path}[{i}]")]
    return []


def _texts() -> list[tuple[str, dict[str, str]]]:
    from itsm_assess.loading import load_yaml

    return [(f"{p.name}{where}", text) for p in _content_files() for where, text in _localized(load_yaml(p).data)]


def test_every_text_has_its_own_finnish() -> None:
    bad = [where for where, text in _texts()
           if not text.get("fi", "").strip() or text["fi"].strip() == text["en"].strip()]
    assert bad == []


def test_no_long_sentence_is_repeated() -> None:
    counts = Counter(text[lang].strip() for _, text in _texts() for lang in ("en", "fi") if len(text[lang]) > 40)
    assert [t for t, n in counts.items() if n > 1] == []


def test_ids_kinds_and_shapes(cat: Catalogue) -> None:
    sms_clauses = ("4", "5", "6", "7", "8.1", "9.1", "9.2", "9.3", "10")
    for pid, proc in cat.processes.items():
        management_system = any(clause_within(proc.clause, c) for c in sms_clauses)
        assert proc.kind == ("management-system" if management_system else "process"), pid
        assert 3 <= len(proc.outcomes) <= 6, pid
        reqs = cat.requirements_of(pid)
        assert all(re.fullmatch(rf"{pid}-\d\d", r.id) for r in reqs), pid
        assert all(1 <= r.weight <= 3 for r in reqs), pid
        assert any(r.weight == 3 for r in reqs), pid
        items = cat.checklists[pid].items
        assert all(re.fullmatch(rf"{pid}-Q\d\d", i.id) for i in items), pid
        assert {rid for i in items for rid in i.requirements} == {r.id for r in reqs}, pid


def test_every_checklist_item_serves_auditors_and_trainers(cat: Catalogue) -> None:
    for pid, checklist in cat.checklists.items():
        assert any(1 in i.stages for i in checklist.items) and any(2 in i.stages for i in checklist.items), pid
        for item in checklist.items:
            assert item.sampling and item.model_answer and item.weaknesses, item.id
            assert item.interviewees and (item.look_for or item.advice), item.id
            assert 1 <= len(item.requirements) <= 3, item.id


def test_indicator_ids_name_their_attribute(cat: Catalogue) -> None:
    for pa in PROCESS_ATTRIBUTES[1:]:
        for ind in cat.indicators_for(pa):
            assert re.fullmatch(rf"IND{re.escape(pa[2:])}[a-e]", ind.id), ind.id
            assert len(ind.evidence) >= 2, ind.id
        assert len(cat.indicators_for(pa)) <= 5, pa
    assert not cat.indicators_for("PA1.1")


def test_indicators_say_which_model_they_follow_and_follow_33020(cat: Catalogue) -> None:
    model = cat.indicator_model or {}
    assert "ISO/IEC 33020" in model.get("en", "") and "15504-8" in model.get("en", "") and model.get("fi")
    assert "never a nonconformity" in model["en"]  # capability evidence stays apart from conformity
    text = {pa: " ".join(i.statement["en"] + " " + i.title["en"] for i in cat.indicators_for(pa)).lower()
            for pa in PROCESS_ATTRIBUTES[1:]}
    # ISO/IEC 33020 achievements that the 15504-2 wording lacked or that had gone missing.
    assert "measurable relationships" in text["PA4.1"] and "reported" in text["PA4.1"]
    assert "assignable cause" in text["PA4.2"] and "distribution" in text["PA4.2"]
    assert "control limit" not in text["PA4.2"] and "special cause" not in text["PA4.2"]
    assert "suitab" in text["PA3.1"] and "communicated" in text["PA3.2"]
