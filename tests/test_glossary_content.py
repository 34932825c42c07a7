"""The bundled English-Finnish glossary: well formed and internally consistent."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

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
        "finding": "havainto",
        "observation": "huomio",
    }
    assert {en: glossary.finnish(en) for en in expected} == expected
    avoided = {v for t in glossary.terms for v in t.fi_avoid}
    assert {"muutostenhallin", "konfiguraatio-os", "asiakkuudenhallin", "alittu"} <= avoided
    # Established variants are allowed (named in notes), not forbidden.
    assert not avoided & {"parannusmahdollisuu", "palveluportfolio", "palvelukatalogi", "kiiremuutos",
                          "parantamismahdollisuu"}


def _finnish_texts(node: object, path: str = "") -> list[tuple[str, str]]:
    """Every Finnish text of a content file: the ``fi`` values, with where they are."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key == "fi":
                texts = value if isinstance(value, list) else [value]
                found += [(where, t) for t in texts if isinstance(t, str)]
            else:
                found += _finnish_texts(value, where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _finnish_texts(value, f"{path}[{i}]")
    return found


def _bare_abbreviation(where: str, text: str, abbreviation: str, introduced: str) -> bool:
    """True when ``text`` uses ``abbreviation`` where a Finnish reader needs the full term: in a title,
    or before a mention matching ``introduced`` has brought the abbreviation in."""
    first = re.search(rf"(?<![(\w]){abbreviation}\b", text)
    if first is None:
        return False
    if re.search(r"(^|\.)title\b|(^|\.)titles\b", where):
        return True
    return re.search(introduced, text[: first.start()], re.IGNORECASE) is None


def bare_sms(where: str, text: str) -> bool:
    """True when ``text`` says "SMS" where a Finnish reader needs palvelunhallintajärjestelmä: in a
    title, or before the full term has introduced the abbreviation."""
    return _bare_abbreviation(where, text, "SMS", "palvelunhallintajärjestelm")


def bare_ci_or_cmdb(where: str, text: str) -> bool:
    """True when ``text`` says "CI" or "CMDB" (also in a compound: CI-tyypit, CMDB-ote) where the glossary
    wants konfiguraatioyksikkö / konfiguraatiotietokanta: in a title, or before "konfiguraatioyksikkö (CI)" /
    "konfiguraatiotietokanta (CMDB)" has introduced it in the same text."""
    return (_bare_abbreviation(where, text, "CI", r"konfiguraatioyksik\w*\s+\(CI\)")
            or _bare_abbreviation(where, text, "CMDB", r"konfiguraatiotietokan\w*\s+\(CMDB\)"))


def _content_offenders(check: Callable[[str, str], bool]) -> list[str]:
    """Every Finnish text of the catalogue, checklists, bundled YAML, examples and PO catalogues that
    ``check(where, text)`` flags, as "file: where: text"."""
    from pathlib import Path

    import yaml

    from itsm_assess.i18n import read_po_messages

    root = Path(__file__).resolve().parent.parent
    content = [*(root / "requirements_catalogue").rglob("*.yaml"), *(root / "checklists").rglob("*.yaml"),
               *(root / "src" / "itsm_assess").rglob("*.yaml"), *(root / "examples").rglob("*.yaml")]
    assert len(content) > 40
    offenders = [f"{p.relative_to(root)}: {where}: {text[:80]!r}"
                 for p in content if "glossary" not in p.name
                 for where, text in _finnish_texts(yaml.safe_load(p.read_text(encoding="utf-8")))
                 if check(where, text)]
    for po in (root / "src" / "itsm_assess" / "i18n" / "locale").glob("*/LC_MESSAGES/*.po"):
        offenders += [f"{po.relative_to(root)}: {key!r}" for key, text in read_po_messages(po.read_text("utf-8")).items()
                      if check("", text)]
    return offenders


def test_finnish_says_palvelunhallintajarjestelma_not_bare_sms() -> None:
    # Glossary: the full term in titles and at the first mention; "SMS" only after it is introduced.
    offenders = _content_offenders(bare_sms)
    assert offenders == [], offenders[:20]


def test_finnish_says_konfiguraatioyksikko_not_bare_ci_or_cmdb() -> None:
    # Glossary: konfiguraatioyksikkö / konfiguraatiotietokanta in titles and at the first mention;
    # "CI" and "CMDB" only after "(CI)" / "(CMDB)" has introduced them (was "CFG-01 CI-tyypit on
    # määritelty", "CMDB-ote", "saman CI:n häiriötä" in ~400 places). The change policy's comments
    # quote the English unit "1 CI" and are left out.
    offenders = [o for o in _content_offenders(bare_ci_or_cmdb) if "comments" not in o.split(":")[0]]
    assert offenders == [], offenders[:20]


def test_finnish_writes_process_attributes_as_their_ids() -> None:
    # One form of a process attribute: PA1.1 as the catalogue's ids, tables and actions write it (the
    # legend and reading guide said "PA 1.1 -puute" beside "PA1.1" in the tables).
    offenders = _content_offenders(lambda where, text: re.search(r"\bPA [1-5]\.[0-9x]", text) is not None)
    assert offenders == [], offenders[:20]


@pytest.mark.parametrize(
    ("where", "text", "bare"),
    [
        ("requirements[0].statement.fi", "SMS:n laajuus on määritelty.", True),
        ("requirements[0].statement.fi", "Palvelunhallintajärjestelmän (SMS) laajuus on määritelty; SMS kattaa kaiken.", False),
        ("process.title.fi", "SMS:n suunnittelu", True),
        ("requirements[0].statement.fi", "Palvelunhallintajärjestelmän laajuus on määritelty.", False),
        ("requirements[0].statement.fi", "SMS-raportit", True),
    ],
)
def test_the_sms_check_flags_titles_and_first_mentions(where: str, text: str, bare: bool) -> None:
    assert bare_sms(where, text) is bare


@pytest.mark.parametrize(
    ("where", "text", "bare"),
    [
        ("requirements[0].title.fi", "CI-tyypit on määritelty", True),
        ("requirements[0].title.fi", "Konfiguraatioyksiköiden tyypit on määritelty", False),
        ("requirements[0].title.fi", "Konfiguraatioyksiköiden (CI) tyypit ja CI-luokat", True),
        ("items[0].look_for[0].fi", "Ongelman avaamisen kriteerit (esimerkiksi kolme saman CI:n häiriötä).", True),
        ("items[0].look_for[0].fi", "Politiikka nimeää CI-tyypit ja vastaa CMDB:ssä merkittyjä tyyppejä.", True),
        ("items[0].evidence[0].fi", "CMDB-ote, 20 CI:tä verrattu konesalin inventaarioon.", True),
        ("items[0].question.fi", "Mikään konfiguraatioyksikkö (CI) ei muutu: minkä tahansa CI:n muutos näkyy.", False),
        ("items[0].question.fi", "Poimi kohteita konfiguraatiotietokannasta (CMDB); CMDB:n tietue näyttää tilan.", False),
        ("items[0].question.fi", "Konfiguraatiotietokanta ei ole luotettava, joten CMDB:tä ei käytetä.", True),
        ("items[0].question.fi", "Ote konfiguraatiotietokannasta, 20 konfiguraatioyksikköä verrattu inventaarioon.", False),
    ],
)
def test_the_ci_check_flags_titles_and_first_mentions(where: str, text: str, bare: bool) -> None:
    assert bare_ci_or_cmdb(where, text) is bare
