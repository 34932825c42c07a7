"""The bundled English-Finnish glossary: well formed and internally consistent."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from itsm_assess.glossary import Glossary, load_glossary


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
