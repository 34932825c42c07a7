"""The change guide (html, Markdown, xlsx): every cell says something, in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from itsm_assess.change_impact import load_policy, parse_policy
from itsm_assess.change_impact.guide import guide_view, render_html, render_md, write_guide

FIX = Path(__file__).parent / "fixtures" / "change"
POLICY_TEXT = (FIX / "policy.yaml").read_text(encoding="utf-8")

ROOT = Path(__file__).parents[1]
POLICIES = {
    "default": None,
    "revontuli": ROOT / "examples" / "revontuli" / "change-policy.yaml",
    "fixture": ROOT / "tests" / "fixtures" / "change" / "policy.yaml",
}
# What a template leaks when it prints a Python object or an unfilled placeholder.
LEAKS = re.compile(r"(?:<|&lt;)(?:built-in|bound method)|\bNone\b|\{[a-z_0-9]*\}|\{\{|\{%")


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if v is not None)


@pytest.mark.parametrize("lang", ["en", "fi"])
@pytest.mark.parametrize("name", list(POLICIES))
def test_no_rendered_guide_leaks_python_objects_or_placeholders(name: str, lang: str, tmp_path: Path) -> None:
    view = guide_view(load_policy(POLICIES[name]), lang)
    html = render_html(view)
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)  # the stylesheet's braces are CSS
    write_guide(load_policy(POLICIES[name]), "xlsx", tmp_path / "g.xlsx", lang)
    for fmt, text in (("html", body), ("md", render_md(view)), ("xlsx", _xlsx_text(tmp_path / "g.xlsx"))):
        leak = LEAKS.search(text)
        assert leak is None, f"{fmt}: {text[max(0, leak.start() - 80):leak.end() + 40]!r}"


def test_attribute_values_column_lists_the_declared_values() -> None:
    html = render_html(guide_view(load_policy(), "fi"))
    assert "<th>Arvot</th>" in html
    assert "matala, kohtalainen, korkea, kriittinen" in html


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_guide_in_both_languages(lang: str, tmp_path: Path) -> None:
    pol = load_policy()
    view = guide_view(pol, lang)
    html = render_html(view)
    md = render_md(view)
    if lang == "fi":
        assert "Päätösten kulku" in md and "Hätämuutos" in html and "Muutosneuvosto" in md
        assert "Decision flow" not in md
    else:
        assert "Decision flow" in md and "Emergency change advisory board" in html
    assert len(view["examples"]) == len(pol.file.examples) and view["examples"][1]["category"].endswith(
        "(Palvelimen kuukausittainen käyttöjärjestelmäpäivitys)" if lang == "fi" else "(Monthly operating system patch of a server)")
    assert "8.5.2" in md and "8.5.3" in md
    write_guide(pol, "xlsx", tmp_path / "g.xlsx", lang)
    from openpyxl import load_workbook

    assert len(load_workbook(tmp_path / "g.xlsx").sheetnames) >= 8


def test_conditions_read_as_policy_sentences_in_both_languages(tmp_path: Path) -> None:
    # fi-blind-2 #182 #188-#192 #197: "Voidaan perua: ei ja kohteena …", "… on jokin arvoista: …", "Muutoksen kohteena
    # olevat palvelut: yli 1", long "ja … ja … ja" chains. A condition is a clause the policy words (says / says_not),
    # values joined with tai / or, three parts or more listed under one line.
    pol = load_policy()
    cells = {lang: {row["title"]: row for key in ("risk", "major", "models") for row in guide_view(pol, lang)[key]}
             for lang in ("fi", "en")}
    fi, en = cells["fi"], cells["en"]
    assert fi["Ei voida perua korkean tai kriittisen palvelun muutoksessa"]["condition"] == (
        "Muutosta ei voida perua ja kohteena olevien palvelujen korkein kriittisyys on vähintään korkea")
    assert en["Cannot be backed out on a high or critical service"]["condition"] == (
        "The change cannot be backed out and the highest criticality of the services affected is at least high")
    assert fi["Vaikuttaa vähintään 2 000 käyttäjään tai 10 asiakkaaseen"]["condition"] == (
        "Muutos koskee vähintään 2\u00a0000 käyttäjää tai vähintään 10 asiakasta")
    assert fi["Vaikuttaa useampaan kuin yhteen palveluun"]["condition"] == "Muutos koskee vähintään 2 palvelua"
    assert en["More than one service affected"]["condition"] == "The change involves at least 2 services"
    assert fi["Monimutkainen tai ei testattavissa"]["condition"] == (
        "Monimutkaisuus on korkea tai muutosta ei voida testata ennen tuotantoa")
    assert fi["Muuttaa palveltavia asiakkaita tai toimipaikkoja"]["condition"] == (
        "Sovitussa palvelussa muuttuu palveltava asiakaskunta tai palveltavien toimipaikkojen joukko")
    model = fi["Palvelimen kuukausittainen käyttöjärjestelmäpäivitys"]
    assert model["condition_intro"] == "Kaikki seuraavat ehdot täyttyvät:"
    assert model["condition_items"] == [
        "konfiguraatioyksikön luokka on palvelin", "kohteena olevien palvelujen korkein kriittisyys on enintään korkea",
        "suunniteltu katko on enintään 30 min", "muutos voidaan perua", "muutettavia konfiguraatioyksiköitä on enintään 20 kpl"]
    html = render_html(guide_view(pol, "fi"))
    assert "Kaikki seuraavat ehdot täyttyvät:<ul class=\"parts\"><li>konfiguraatioyksikön luokka on palvelin</li>" in html
    write_guide(pol, "xlsx", tmp_path / "g.xlsx", "fi")
    assert "Kaikki seuraavat ehdot täyttyvät:\n• konfiguraatioyksikön luokka on palvelin\n• " in _xlsx_text(tmp_path / "g.xlsx")
    step = guide_view(pol, "fi")["routes"][-1]["when"]
    assert step == ("kun muutos on uusi palvelu tai muutoksella otetaan tuotantoon uutta tai muutettua ohjelmistoa "
                    "tai laitteistoa")
    every = [c for lang in cells for row in cells[lang].values() for c in (row["condition"], *row["condition_items"])]
    old = re.compile(r"\w: (kyllä|ei|yes|no)\b|jokin arvoista|is one of|\w: (yli|at least|more than) \d|"
                     r"(\bja\b.*){3}|(\band\b.*){3}")
    assert [c for c in every if old.search(c)] == []
    # A policy without its own wording still reads as clauses: "the <title> is <value>", a yes/no title as it is.
    bare = parse_policy((FIX / "policy.yaml").read_text(encoding="utf-8"))
    plain = [row["condition"] for key in ("risk", "major") for row in guide_view(bare, "en")[key] if row["condition"]]
    assert plain and all(" is " in c or c[0].isupper() for c in plain), plain
    assert not [c for c in plain if "is one of" in c or ": yes" in c]


def test_value_sentences_units_and_answers_read_as_a_professional_writes() -> None:
    # fi-change's leftovers: "vaikutus sovittuihin palvelutasoihin on heikkeneminen" (a value noun in an
    # "X on Y" frame), "the change alters 1 CIs", "<title>: ei" for a yes/no attribute without its own words.
    from itsm_assess.change_impact.classify import classify
    from itsm_assess.change_impact.conditions import Leaf
    from itsm_assess.change_impact.explain import explain, vocabulary

    pol = load_policy()
    cells = {lang: {row["title"]: row["condition"] for row in guide_view(pol, lang)["risk"]} for lang in ("fi", "en")}
    assert cells["fi"]["Sovittujen palvelutasojen heikkeneminen muutoksen aikana"] == (
        "Sovitut palvelutasot heikkenevät muutoksen aikana")
    assert cells["fi"]["SLA-rikkomus muutoksen aikana"] == "Sovitut palvelutasot eivät täyty muutoksen aikana"
    assert cells["en"]["Service level degradation during the change"] == (
        "The agreed service levels are degraded during the change")
    md = {lang: render_md(guide_view(pol, lang)) for lang in ("fi", "en")}
    assert not re.search(r"\bon (heikkeneminen|rikkoutuminen)\b", md["fi"])
    assert "| Configuration items changed | 1 CI |" in md["en"] and "the change alters 1 CI (criterion: at most 20 CIs)" in md["en"]
    assert not re.search(r"\b1 (CIs|users|customers|services|days)\b", md["en"])
    # A list's unit stands apart from its values: "…, Intranet; yksikkö: palvelua", not "Intranetyksikkö: palvelua".
    assert "Varmuuskopiointi ja palautus, Intranet; yksikkö: palvelua |" in md["fi"]
    fi, en = vocabulary(pol, "fi"), vocabulary(pol, "en")
    assert [fi.counted("lead_time_days", n) for n in (0, 1, 5)] == ["0 päivää", "1 päivä", "5 päivää"]
    assert [en.counted("lead_time_days", n) for n in (1, 5)] == ["1 day", "5 days"]
    # Finnish keeps the partitive after "koskee" for every number: "muutos koskee 1 käyttäjää".
    assert fi.clause(Leaf("users_affected", "eq", 1)) == "muutos koskee 1 käyttäjää"
    assert en.clause(Leaf("users_affected", "eq", 1)) == "the change affects 1 user"
    # A guide example's clause label agrees with its clauses; classify's lines start with a capital.
    assert "- **Kohta**: 8.5.1\n" in md["fi"] and "- **Kohdat**: 8.5.1, 8.5.3\n" in md["fi"]
    assert "- **Clause**: 8.5.1\n" in md["en"]
    assert "- **Julkaisu ja käyttöönotto**: kyllä (julkaisun- ja käyttöönotonhallinta, 8.5.3)\n" in md["fi"]
    assert "kyllä: " not in md["fi"] and "yes: " not in md["en"]
    assert "| Korkean riskin normaali muutos | riski on korkea |" in md["fi"]  # not "riski: Korkea"
    assert "| High-risk normal change | the risk is high |" in md["en"]
    from itsm_assess.change_impact.explain import format_classification

    text = format_classification(classify({"kind": "modification", "services": ["intranet"]}, pol), pol, "fi")
    assert "\nKohta: 8.5.1\n" in text and "\nLuokka: " in text and "\nPuuttuvat tiedot (oletusarvoja ei käytetä):\n" in text
    # A criterion that its fact only repeats is said once: "(ei voida perua)", not "…, koska muutosta ei voida perua".
    change = {"kind": "modification", "services": ["intranet"], "reversible": False}
    lines = explain(classify(change, pol).rationale, pol, "fi")
    assert "Riski: Kohtalainen (ei voida perua)" in lines, lines
    assert [line for line in lines if re.search(r"\(([^()]{8,})\), koska [^,;—]*\b\1\b", line)] == []
    # A service the policy does not list is named in quotation marks, the ones it lists by title.
    assert fi.note("unknown-service", (["tuntematon"],)).startswith(
        "politiikka ei luettele palvelua ”tuntematon” muutoksenhallinnan piirissä")
    assert fi.deviation("unknown-service", (["erp-hosting", "tuntematon"],)) == (
        "palvelu ei ole politiikan mukaan muutoksenhallinnan piirissä: ERP-alustapalvelu, ”tuntematon”")
    # Several roles missing: the plural ("vaaditut hyväksynnät puuttuvat"), one role the singular.
    assert fi.deviation("approval-missing", (("cab", "service-owner"),)) == (
        "vaaditut hyväksynnät puuttuvat: muutosneuvosto (CAB) ja palvelun omistaja")
    assert fi.deviation("approval-missing", (("cab",),)) == "vaadittu hyväksyntä puuttuu: muutosneuvosto (CAB)"
    assert en.deviation("approval-missing", (("cab", "service-owner"),)).startswith("required approvals not recorded: ")


def test_a_policy_without_its_own_words_still_reads_as_sentences() -> None:
    # A yes/no attribute without says/says_not: its title and the answer quoted, never "<title>: ei"; a list
    # without a unit counted in entries, worded for the number.
    from itsm_assess.change_impact.conditions import Leaf
    from itsm_assess.change_impact.explain import vocabulary

    bare = parse_policy((FIX / "policy.yaml").read_text(encoding="utf-8"))
    cells = {lang: {row["title"]: row["condition"] for key in ("risk", "major") for row in guide_view(bare, lang)[key]}
             for lang in ("fi", "en")}
    assert cells["fi"]["Peruuttamaton"] == "Kohdan ”Peruttavissa” vastaus on ”ei”"
    assert cells["en"]["Irreversible"] == "The answer to “Reversible” is “no”"
    assert cells["fi"]["Muuttaa palvelua"] == "Kohdan ”Muuttaa sovittua palvelua” vastaus on ”kyllä”"
    every = [c for lang in cells for c in cells[lang].values()]
    assert [c for c in every if re.search(r": (ei|kyllä|no|yes)$|\w: (ei|kyllä|no|yes) ", c)] == []
    fi, en = vocabulary(bare, "fi"), vocabulary(bare, "en")
    assert fi.clause(Leaf("tags", "count_gt", 1)) == "tiedossa ”Tunnisteet” on vähintään 2 arvoa"
    assert fi.clause(Leaf("tags", "count_eq", 1)) == "tiedossa ”Tunnisteet” on täsmälleen 1 arvo"
    assert en.clause(Leaf("tags", "count_gt", 1)) == "“Tags” lists at least 2 entries"


def test_guide_html_escapes_policy_text() -> None:
    text = POLICY_TEXT.replace("title: {en: Test policy,", "title: {en: '<script>alert(1)</script>',")
    html = render_html(guide_view(parse_policy(text), "en"))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_finnish_guide_shows_labels_not_ids_and_follows_the_glossary() -> None:
    pol = load_policy(Path(__file__).parents[1] / "examples" / "revontuli" / "change-policy.yaml")
    html = render_html(guide_view(pol, "fi"))
    for label in ("palvelun palauttaminen", "tietoturvahaavoittuvuuden korjaaminen", "kriittinen",
                  "Konfiguraatioyksikön luokka",
                  "palvelujen suunnittelu ja siirto tuotantoon", "Palautussuunnitelma", "Muutosneuvosto (CAB)"):
        assert label in html, label
    for raw in ("service-restoration", "security-vulnerability", "new-service", ">critical<", ">high<",
                "Muutoksen laji = ", "[service-", " gte ", "(eq ", "true", "false"):
        assert raw not in html, raw
    for avoid in ("konfiguraatiotietue", "kiiremuutos", "muutostenhallinta", "konfiguraatio-osa", "Suuri", "suuri vaikutus", "Peruutussuunnitelma", "jälkikatselmointi"):
        assert avoid.casefold() not in html.casefold(), avoid
    # English keeps English labels
    html_en = render_html(guide_view(pol, "en"))
    assert "Is the change needed at once to restore a service or to close a security vulnerability?" in html_en
    assert "restoring a service" in html_en and "restoring a service" not in html


def test_decision_flow_asks_its_questions_in_words_not_as_form_fields() -> None:
    # fi-blind-1 #127: "Täyttyykö julkaisun kriteeri (Muutoksen laji: uusi palvelu tai ottaa tuotantoon …)?" -- a
    # condition generated from the attributes. The policy words the question; a policy that does not gets the
    # criterion as before.
    pol = load_policy()
    fi, en = (guide_view(pol, lang)["flow"] for lang in ("fi", "en"))
    assert fi[3].startswith("Tarvitaanko muutos heti palvelun palauttamiseksi tai tietoturvahaavoittuvuuden "
                            "korjaamiseksi? Silloin kyseessä on hätämuutos. Hätämuutosneuvosto hyväksyy")
    assert fi[5].startswith("Onko muutos uusi palvelu, tai otetaanko sillä tuotantoon uutta tai muutettua "
                            "ohjelmistoa tai laitteistoa? Silloin muutos suunnitellaan")
    assert en[5].startswith("Is it a new service, or does it deploy new or changed software or hardware to production?")
    questions = [step.split("?")[0] for view in (fi, en) for step in (view[3], view[5])]
    assert not [q for q in questions if re.search(r"\w: \w|\(", q)], questions  # no "Field: value", no brackets
    bare = parse_policy((FIX / "policy.yaml").read_text(encoding="utf-8"))
    assert bare.file.release.question is None
    assert guide_view(bare, "fi")["flow"][5].startswith("Täyttyykö julkaisun kriteeri (")
