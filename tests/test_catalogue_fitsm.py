"""The bundled FitSM-1 catalogue: every FitSM requirement id once, in our own words, en and fi,
attributed to ITEMO e.V. under CC BY 4.0, covered by checklist questions."""

from __future__ import annotations

import re

import pytest

from itsm_assess.catalogue import Catalogue, load_catalogue
from itsm_assess.catalogue.glossary import load_glossary

#: FitSM-1 (3.0.1) requirement counts per section, from the public transcription named in
#: /work/shared/REFERENCES.md (GenomicDataInfrastructure/fitsm-process-map).
SECTIONS = {"GR1": 3, "GR2": 4, "GR3": 2, "GR4": 2, "GR5": 2, "GR6": 2, "GR7": 2,
            "PR1": 4, "PR2": 5, "PR3": 3, "PR4": 4, "PR5": 4, "PR6": 5, "PR7": 6, "PR8": 4,
            "PR9": 6, "PR10": 4, "PR11": 5, "PR12": 6, "PR13": 6, "PR14": 3}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue("fitsm-1")


def test_every_fitsm_requirement_id_is_there_once_under_its_section(cat: Catalogue) -> None:
    expected = [f"{s}.{n}" for s, count in SECTIONS.items() for n in range(1, count + 1)]
    assert sorted(cat.requirements) == sorted(expected)
    assert len(cat.requirements) == 82
    assert all(req.clause == rid.split(".")[0] for rid, req in cat.requirements.items())
    assert sorted(cat.clauses) == sorted(SECTIONS)


def test_attribution_names_itemo_and_the_licence(cat: Catalogue) -> None:
    for lang in ("en", "fi"):
        notice = cat.info.copyright[lang]
        assert "ITEMO e.V." in notice and "CC BY 4.0" in notice and "creativecommons.org/licenses/by/4.0" in notice
    assert "own words" in cat.info.copyright["en"]


def test_every_requirement_is_shall_bilingual_and_has_evidence_and_roles(cat: Catalogue) -> None:
    for rid, req in cat.requirements.items():
        assert req.basis == "shall", rid  # FitSM-1 requirements are all obligations
        assert len(req.evidence) >= 2 and req.interviewees, rid
        for text in (req.title, req.statement, req.guidance, *req.evidence):
            assert text["en"].strip() and text["fi"].strip() and text["fi"] != text["en"], rid


def test_statements_are_our_own_words(cat: Catalogue) -> None:
    from test_catalogue_wording import tell_tales

    hits = {(rid, rule) for rid, req in cat.requirements.items() for rule in tell_tales(req.statement["en"])}
    assert hits == set()


def test_checklists_cover_every_requirement(cat: Catalogue) -> None:
    covered = {rid for cl in cat.checklists.values() for item in cl.items for rid in item.requirements}
    assert covered == set(cat.requirements)
    assert set(cat.checklists) == set(cat.processes)


def test_finnish_uses_the_glossary_terms(cat: Catalogue) -> None:
    glossary = load_glossary()
    avoid = {v.casefold(): t.fi for t in glossary.terms for v in t.fi_avoid}
    texts = [(rid, t["fi"]) for rid, r in cat.requirements.items() for t in (r.title, r.statement, r.guidance, *r.evidence)]
    texts += [(pid, t["fi"]) for pid, p in cat.processes.items() for t in (p.title, p.purpose)]
    texts += [(item.id, t["fi"]) for cl in cat.checklists.values() for item in cl.items
              for t in (item.question, *item.look_for, *([item.sampling] if item.sampling else []))]
    offenders = []
    for owner, text in texts:
        words = set(re.findall(r"[\wåäö-]+", text.casefold()))
        words |= {part for w in words for part in w.split("-")}
        offenders += [f"{owner}: {v}" for v in avoid
                      if (" " in v and v in text.casefold()) or any(w.startswith(v) for w in words)]
        if re.search(r"\bSMS\b", text):
            offenders.append(f"{owner}: bare SMS, write palvelunhallintajärjestelmä")
    assert offenders == []
    assert cat.processes["CHM"].title["fi"] == "Muutoksenhallinta"
    assert cat.processes["CONFM"].title["fi"] == "Konfiguraationhallinta"


def test_processes_follow_fitsm_sections(cat: Catalogue) -> None:
    assert [p.clause for p in cat.processes.values()] == list(SECTIONS)
    assert {pid for pid, p in cat.processes.items() if p.kind == "management-system"} == {f"GR{i}" for i in range(1, 8)}


def test_capability_indicators_are_the_shared_generic_ones_up_to_level_4(cat: Catalogue) -> None:
    # The FitSM catalogue carries a copy of the ISO catalogue's generic indicators for PA 2.1-4.2
    # (a catalogue folder stands alone); an edit to one copy must reach the other.
    iso = load_catalogue("iso20000-1-2018")
    assert cat.indicators == {iid: ind for iid, ind in iso.indicators.items() if int(ind.attribute[2]) <= 4}
    assert cat.indicator_model is not None and "FitSM-6" in cat.indicator_model["en"]
