"""The bundled English-Finnish glossary: well formed and internally consistent."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from itsm_assess.catalogue.glossary import Glossary, load_glossary


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def test_terms_are_unique_and_translated(glossary: Glossary) -> None:
    counts = Counter(t.en.casefold() for t in glossary.terms)
    assert [en for en, n in counts.items() if n > 1] == []
    assert [t.en for t in glossary.terms if t.fi.casefold() == t.en.casefold()] == []


def test_core_terms_are_listed(glossary: Glossary) -> None:
    expected = {
        "change management": "muutoksenhallinta",
        "incident": "häiriö",
        "service portfolio": "palvelusalkku",
        "nonconformity": "poikkeama",
        "release and deployment management": "julkaisun- ja käyttöönotonhallinta",
        "configuration management database (CMDB)": "konfiguraatiotietokanta (CMDB)",
    }
    for en, fi in expected.items():
        assert glossary.finnish(en) == fi


def test_avoided_variants_never_match_a_correct_term(glossary: Glossary) -> None:
    # A variant that is a prefix of a preferred Finnish word would flag correct, inflected text.
    words = {w for t in glossary.terms for w in re.findall(r"[\wåäö-]+", t.fi.casefold())}
    clashes = [
        (t.en, v)
        for t in glossary.terms
        for v in t.fi_avoid
        if v.casefold() in {x.fi.casefold() for x in glossary.terms}
        or (" " not in v and any(w.startswith(v.casefold()) for w in words))
    ]
    assert clashes == []


def _offending_words(text: str, avoid: dict[str, str]) -> list[str]:
    words = set(re.findall(r"[\wåäö-]+", text.casefold()))
    words |= {part for w in words for part in w.split("-")}  # "SLA-alitus" is caught as "alitus"
    return [variant for variant in avoid
            if (" " in variant and variant in text.casefold()) or any(w.startswith(variant) for w in words)]


def test_interface_strings_and_example_data_use_the_preferred_terms(glossary: Glossary) -> None:
    # Everything a user reads besides the catalogue: the PO catalogues, the Finnish texts kept in
    # code and templates (workbooks, change guide, policies), and the example organisation's data.
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    avoid = {v.casefold(): t.fi for t in glossary.terms for v in t.fi_avoid}
    files = [p for p in (root / "src" / "itsm_assess").rglob("*")
             if p.suffix in (".py", ".j2", ".yaml", ".po") and "__pycache__" not in p.parts]
    files += [p for p in (root / "examples").rglob("*") if p.suffix in (".yaml", ".csv", ".py", ".sh")]
    assert len(files) > 50
    offenders = [f"{p.relative_to(root)}: uses {v!r}, write {avoid[v]!r}"
                 for p in files for v in _offending_words(p.read_text(encoding="utf-8"), avoid)]
    assert offenders == [], offenders[:20]


def test_glossary_records_the_term_decisions(glossary: Glossary) -> None:
    expected = {
        "change management": "muutoksenhallinta",
        "minor nonconformity": "lievä poikkeama",
        "configuration item (CI)": "konfiguraatioyksikkö (CI)",
        "business relationship management": "liiketoimintasuhteiden hallinta",
        "pattern of business activity": "käyttöprofiili",
        "budgeting and accounting for services": "palvelujen budjetointi ja kustannuslaskenta",
        "opportunity for improvement": "parannusmahdollisuus",
        "service design and transition": "palvelujen suunnittelu ja siirto tuotantoon",
        "missed target": "tavoite jäi saavuttamatta",
        "deviation": "poikkeaminen",
    }
    assert {en: glossary.finnish(en) for en in expected} == expected
    avoided = {v for t in glossary.terms for v in t.fi_avoid}
    assert {"muutostenhallin", "konfiguraatio-os", "asiakkuudenhallin", "alittu"} <= avoided
    # Established variants are allowed (named in notes), not forbidden.
    assert not avoided & {"parannusmahdollisuu", "palveluportfolio", "palvelukatalogi", "kiiremuutos",
                          "parantamismahdollisuu"}
