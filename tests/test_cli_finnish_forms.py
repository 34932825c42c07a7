"""The forms of the CLI's Finnish (blind review 2): dates typed as Finns type them, errors that
name an impossible date, Click's usage errors worded as sentences, metavars that name what the
user gives (not a type), and the score table, legends and status lines worded without cut words or
ad-hoc abbreviations. Each test renders the output and fails on the wording it replaced."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click
import pytest
from finnish_checks import EX, M, commands, invoke

from itsm_assess.cli.options import DATE


def run(*args: str, lang: str = "fi") -> tuple[int, str]:
    result = invoke(["--lang", lang, *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("typed", ["2027-03-08", "8.3.2027", "08.03.2027", " 8.3.2027 "])
def test_a_date_is_read_in_either_form(typed: str) -> None:
    assert DATE.convert(typed, None, None) == dt.date(2027, 3, 8)


@pytest.mark.parametrize(("typed", "fi", "en"), [
    ("2027-02-30", "”2027-02-30” ei ole kelvollinen päivämäärä: helmikuussa 2027 on vain 28 päivää",
     "'2027-02-30' is not a valid date: February 2027 has 28 days"),
    ("30.2.2027", "”30.2.2027” ei ole kelvollinen päivämäärä: helmikuussa 2027 on vain 28 päivää",
     "'30.2.2027' is not a valid date: February 2027 has 28 days"),
    ("2027-13-01", "”2027-13-01” ei ole kelvollinen päivämäärä: kuukauden on oltava 1–12",
     "'2027-13-01' is not a valid date: the month must be 1 to 12"),
    ("8/3/2027", "”8/3/2027” ei ole päivämäärä; kirjoita se muodossa P.K.VVVV tai VVVV-KK-PP, esim. 8.3.2027 tai "
                 "2027-03-08", "'8/3/2027' is not a date; write it as YYYY-MM-DD or D.M.YYYY"),
])
def test_a_date_that_is_not_one_is_named_so(tmp_path: Path, typed: str, fi: str, en: str) -> None:
    for lang, said in (("fi", fi), ("en", en)):
        code, out = run("plan", "programme", "--start", typed, "-o", str(tmp_path / "x.xlsx"), lang=lang)
        assert code == 2 and said in out, out
        assert "%Y" not in out and "%m" not in out
    assert not list(tmp_path.iterdir())


def test_every_date_option_takes_finnish_dates(tmp_path: Path) -> None:
    dated = [(path, p) for path, c in commands() for p in c.params if p.type is DATE]
    assert {(" ".join(path), p.name) for path, p in dated} >= {
        ("assess new", "start"), ("assess new", "end"), ("plan programme", "stage1"), ("plan new", "start")}
    assert not [(path, p.name) for path, c in commands() for p in c.params if isinstance(p.type, click.DateTime)]
    code, out = run("assess", "new", "--org", "Revontuli", "-p", "CHG", "--start", "5.10.2026", "--end", "7.10.2026",
                    "-o", str(tmp_path))
    assert code == 0, out
    text = (tmp_path / "assessment.yaml").read_text(encoding="utf-8")
    assert "2026-10-05" in text and "2026-10-07" in text


#: Metavars that name Click's type instead of what the user gives.
TYPE_METAVARS = re.compile(r"(?<![\w-])(INTEGER(?: RANGE)?|FLOAT(?: RANGE)?|TEXT|BOOLEAN|KOKONAISLUKU(?:VÄLI)?|"
                           r"LIUKULUKU|TEKSTI|TOTUUSARVO)(?![\w-])")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_help_pages_name_what_is_given_not_a_type(lang: str) -> None:
    shown = {}
    for path, _command in commands():
        code, out = run(*path, "--help", lang=lang)
        assert code == 0
        if found := TYPE_METAVARS.findall(out):
            shown[" ".join(path)] = found
    assert shown == {}
    assert "--days PÄIVÄT" in run("plan", "new", "--help")[1]
    assert "--stage VAIHE" in run("checklist", "render", "--help")[1]
    assert "--start P.K.VVVV" in run("plan", "new", "--help")[1]


@pytest.mark.parametrize(("args", "said"), [
    (["findings", "follow-up", str(EX / "assessment-2026.yaml"), "-o", "y.html"], "Virhe: valitsin --previous puuttuu."),
    (["assess", "check", "puuttuu.yaml"], "Virhe: ARVIOINTI.yaml: ”puuttuu.yaml” ei ole olemassa."),
    (["report", "write"], "Virhe: argumentti ARVIOINTI.yaml puuttuu."),
    (["score", "x.yaml", "--format", "pdf"], "Virhe: --format: arvo ”pdf” ei kelpaa; sallitut arvot: table, json, oscal."),
    (["plan", "new", "x.yaml", "--days", "0", "--start", "8.3.2027", "-o", "y"],
     "Virhe: --days: arvon on oltava 1–20 (annettu 0)."),
])
def test_click_usage_errors_are_finnish_sentences(args: list[str], said: str) -> None:
    code, out = run(*args)
    assert code == 2 and said in out, out
    assert "kohdassa" not in out and "puuttuu '" not in out


def _shown_whole_or_at_a_word(shown: str, full: str) -> bool:
    """``shown`` is ``full``, or ``full`` cut after a whole word and ended with "…"."""
    if shown == full:
        return True
    kept = shown.removesuffix("…")
    return shown.endswith("…") and full.startswith(kept) and full[len(kept)] in " ,;:"


def test_score_table_cuts_no_word_and_words_its_legend() -> None:
    from itsm_assess.catalogue import load_catalogue

    code, out = run("score", str(EX / "assessment-2026.yaml"), "--fail-under", "2")
    assert code == 1
    out = out.replace("\u00a0", " ")
    titles = {p.id: p.title["fi"] for p in load_catalogue("iso20000-1-2018").processes.values()}
    rows = [line for line in out.splitlines() if line.split(" ", 1)[0] in titles and "  " in line]
    assert len(rows) >= 27
    for row in rows:
        pid, rest = row.split(" ", 1)
        shown = re.split(r"\s{2,}", rest.strip())[0]
        assert _shown_whole_or_at_a_word(shown, titles[pid]), row
    assert "CTX   Organisaation toimintaympäristö…" in out and "toimintaympärist " not in out
    # Finding statements are shortened at a word too.
    assert "vain osittain täyttyvät…" in out and "täyttyvät vain ositta " not in out
    assert "T/ET/ES/AV" not in out
    assert "Vaatimukset: täyttyy / ei täyty (arvio alle F) / ei sovellu / arvioimatta (vain velvoittavat vaatimukset)" in out
    assert "Vaatimustenmukaisuus yhteensä 96,3 % (painotettuna 95,6 %); arvioitu 245/245 vaatimusta" in out
    assert "Kyvykkyystason 2 alle jäi 25 prosessia: CTX (1), LEAD (1)" in out
    assert out.splitlines()[0].startswith("Revontuli Palvelut Oy · auditointi revontuli-2026 · ISO/IEC 20000-1:2018 "
                                          "(vaatimusluettelon versio 1.0.0) · ISO/IEC 33020 -kyvykkyystasot")


@pytest.mark.parametrize(("text", "width", "shown"), [
    ("Organisaation toimintaympäristö ja palvelunhallintajärjestelmän soveltamisala", 44,
     "Organisaation toimintaympäristö…"),
    ("Palvelunhallintajärjestelmän suorituskyvyn arviointi", 44, "Palvelunhallintajärjestelmän suorituskyvyn…"),
    ("Context of the organisation and SMS scope", 44, "Context of the organisation and SMS scope"),
    ("Kohta 8.2.5 (Omaisuudenhallinta): AST-02, AST-03", 42, "Kohta 8.2.5 (Omaisuudenhallinta): AST-02…"),
    ("Konfiguraatiotietokanta", 10, "Konfigura…"),
])
def test_shorten_cuts_at_a_word(text: str, width: int, shown: str) -> None:
    from itsm_assess.i18n.formats import shorten

    assert shorten(text, width) == shown and len(shown) <= width


def test_catalogue_stats_names_every_row_in_words() -> None:
    code, out = run("catalogue", "stats")
    assert code == 0
    out = out.replace("\u00a0", " ")
    for code_word in ("shall", "derived", "good-practice", "advice", "itil4", "iso27001"):
        assert not re.search(rf"^\s+{code_word}\s+\d", out, re.MULTILINE), code_word
    assert re.search(r"^  Velvoittava vaatimus\s+245$", out, re.MULTILINE)
    assert re.search(r"^  Hyvä käytäntö \(ei vaatimus\)\s+13$", out, re.MULTILINE)
    assert re.search(r"^  Oma suosituksemme\s+1$", out, re.MULTILINE)
    assert re.search(r"^  englanti\s+100,0 %$", out, re.MULTILINE) and re.search(r"^  suomi\s+100,0 %$", out, re.MULTILINE)
    assert re.search(r"^  CHG   Muutoksenhallinta\s+\d+$", out, re.MULTILINE)
    english = run("catalogue", "stats", lang="en")[1]
    assert re.search(r"^  Obligation \(shall\)\s+245$", english, re.MULTILINE) and "English" in english


def test_crosswalk_and_coverage_counts_are_labelled() -> None:
    out = run("catalogue", "crosswalk", "iso20000-1-2018", "fitsm-1")[1]
    assert out.startswith("Vastaavuustaulukko FitSM-1 ↔ ISO/IEC 20000-1:2018, versio 1.0.0\n")
    assert "FitSM-1: 82 vaatimusta; täysi vastine 12, vain osittainen vastine 68, ei vastinetta 2" in out
    assert "vastaavalla" not in out
    coverage = run("catalogue", "coverage")[1]
    assert "(hyvä käytäntö)" in coverage and "(good-practice)" not in coverage and "(derived)" not in coverage


def test_metrics_lines_write_periods_money_and_signs_as_finns_do(tmp_path: Path) -> None:
    code, out = run("metrics", "compute", "--incidents", str(M / "incident.csv"), "--requests", str(M / "sc_req_item.csv"),
                    "--staffing", str(M / "staffing.yaml"), "--csat", str(M / "csat-survey.csv"),
                    "--period", "2026-01..2026-04")
    assert code == 0, out
    out = out.replace("\u00a0", " ")
    assert out.startswith("Mittarit 1–4/2026; tiimejä ") and "1/2026–4/2026" not in out
    assert re.search(r"kohden: \d+,\d\d € \(n=", out) and " EUR" not in out
    assert "Vasteaika, mediaani (palvelupyynnöt); Vasteaika, 90. persentiili (palvelupyynnöt)" in out
    assert "Asiakastyytyväisyyskysely (csat-survey.csv): " in out and str(M) not in out
    code, _ = run("metrics", "survey", str(M / "survey-2025-forms.xlsx"), "--format", "json",
                  "-o", str(tmp_path / "s.json"))
    assert code == 0
    code, survey = run("metrics", "survey", str(M / "survey-2026-forms.xlsx"), "--previous", str(tmp_path / "s.json"))
    assert code == 0 and "(\u22120," in survey and "(-0," not in survey


@pytest.mark.parametrize(("value", "lang", "shown"), [
    (67.724, "fi", "67,72\u00a0€"), (67.724, "en", "€67.72"), (1234.5, "fi", "1\u00a0234,50\u00a0€"), (None, "fi", "–"),
])
def test_money_follows_the_language(value: float | None, lang: str, shown: str) -> None:
    from itsm_assess.i18n.formats import currency_suffix, format_money

    assert format_money(value, "EUR", lang) == shown
    assert currency_suffix("EUR", "fi") == "€" and currency_suffix("EUR", "en") == "EUR"


def test_values_in_messages_are_quoted_in_the_languages_marks() -> None:
    from itsm_assess.i18n import Quoted, message, quoted, translate

    code, out = run("catalogue", "show", "-p", "NOPE")
    assert code == 2 and "luettelossa ”iso20000-1-2018” ei ole prosessia ”NOPE”" in out and "'NOPE'" not in out
    assert "process 'NOPE'" in run("catalogue", "show", "-p", "NOPE", lang="en")[1]
    # Passed as Quoted (was repr()): quoted in English as before, in Finnish with ” ”; a line break stays escaped.
    said = message("--period {text}: the month must be 01 to 12", text=Quoted("2026-13\nx"))
    assert str(said) == "--period '2026-13\\nx': the month must be 01 to 12"
    assert translate(said, "fi") == "--period ”2026-13\\nx”: kuukauden on oltava 1–12"
    assert quoted(None, "fi") == "None" and quoted(3, "fi") == "3"


@pytest.mark.parametrize(("typed", "first_line"), [
    ("1–2/2026", "Mittarit 1–2/2026; tiimejä"), ("1/2026..2/2026", "Mittarit 1–2/2026; tiimejä"),
    ("2026-01..2026-02", "Mittarit 1–2/2026; tiimejä"),
])
def test_a_period_is_read_as_finns_write_it(typed: str, first_line: str) -> None:
    code, out = run("metrics", "compute", "--incidents", str(M / "incident.csv"), "--period", typed)
    assert code == 0 and out.startswith(first_line), out
    code, out = run("metrics", "compute", "--incidents", str(M / "incident.csv"), "--period", "13/2026")
    assert code == 2 and "Virhe: --period ”13/2026”: kuukauden on oltava 1–12" in out


def test_survey_notes_explain_eos_and_quote_headers() -> None:
    code, out = run("assess", "survey", str(EX / "survey-chg.csv"), "--assessment", str(EX / "assessment-2026.yaml"),
                    "--dry-run")
    assert "  CHG-13 (N 3, P 2, F 4, EOS 1)\n  (EOS = en osaa sanoa)" in out
    # a count field named as a count ("vastaajia: (tyhjä) → 1" read as a plural of one)
    assert "CHG-01 vastaajamäärä: (tyhjä) → 10" in out and " vastaajia: " not in out, out
    assert "kohtaan: A ”Aikaleima”" in out and "'Aikaleima'" not in out
    assert "ohitettiin sarake, jota ei voitu yhdistää mihinkään kohtaan: A ”Aikaleima”" in out  # one column


def test_import_lines_word_the_codes_they_merge(tmp_path: Path) -> None:
    # "CHG-02 havainnon luokka: (tyhjä) → minor-nc": a grade (verdict, status, NA) is worded on the change line.
    import openpyxl

    assert run("assess", "new", "--org", "x", "-p", "CHG", "--id", "kentta", "-o", str(tmp_path))[0] == 0
    book = tmp_path / "fieldwork.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["CHG"]
    keys = [c.value for c in ws[2]]
    for column, value in (("rating", "P"), ("finding", "Lievä poikkeama"), ("finding_statement", "Hyväksyntää ei kirjata"),
                          ("due_date", "31.12.2026")):
        ws.cell(row=4, column=keys.index(column) + 1, value=value)
    ws.cell(row=3, column=keys.index("rating") + 1, value="NA")
    wb.save(book)
    code, out = run("assess", "import", str(book), "--dry-run")
    assert code == 0, out
    assert "CHG-02 havainnon luokka: (tyhjä) → lievä poikkeama" in out and "CHG-01 arvio: (tyhjä) → ES" in out, out
    assert not re.search(r"→ (minor-nc|major-nc|ofi|NA)\b", out), out
    assert "määräaika: (tyhjä) → 31.12.2026" in out and "2026-12-31" not in out, out  # a day as Finnish writes it
    assert "CHG-02 finding: (empty) → minor nonconformity" in run("assess", "import", str(book), "--dry-run", lang="en")[1]


def test_compare_says_what_it_wrote(tmp_path: Path) -> None:
    # Third blind review #91: a bare path where every other command says "Kirjoitettu: …".
    code, out = run("compare", str(EX / "assessment-2025.yaml"), str(EX / "assessment-2026.yaml"), "--format", "html",
                    "-o", str(tmp_path / "vertailu"))
    assert code == 0 and out.startswith("Kirjoitettu: ") and "comparison.html" in out, out


def test_compare_writes_the_file_named(tmp_path: Path) -> None:
    # #91: "-o vertailu-fi.html" made a folder of that name; now the file and its xlsx sibling.
    code, out = run("compare", str(EX / "assessment-2025.yaml"), str(EX / "assessment-2026.yaml"),
                    "-o", str(tmp_path / "vertailu-fi.html"))
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["vertailu-fi.html", "vertailu-fi.xlsx"], out
    assert (tmp_path / "vertailu-fi.html").is_file()
    assert out.splitlines() == [f"Kirjoitettu: {tmp_path / 'vertailu-fi.html'}", f"Kirjoitettu: {tmp_path / 'vertailu-fi.xlsx'}"]
    code, out = run("compare", str(EX / "assessment-2025.yaml"), str(EX / "assessment-2026.yaml"),
                    "-o", str(tmp_path / "vertailu.pdf"))
    assert code == 2 and out.strip() == f"Virhe: {tmp_path / 'vertailu.pdf'}: anna kansio tai tiedostonimi, jonka pääte " \
                                        "on .html tai .xlsx", out


def test_a_finding_from_a_row_is_named_and_dated_as_the_reader_writes_them(tmp_path: Path) -> None:
    # "havainto CHG-05-finding lisätty", "CHG-05-finding määräaika: (tyhjä) → 2026-12-31" and "Lievä
    # poikkeama CHG-05-finding · Avoin" in the register: the id and the day in the reader's words, everywhere.
    import openpyxl
    from finnish_checks import visible_strings

    assert run("assess", "new", "--org", "x", "-p", "CHG", "--id", "kentta", "--method", "self-assessment", "--edition", "fieldwork",
               "--target", "CHG=3", "--lang", "fi",
               "-o", str(tmp_path))[0] == 0
    book, yaml_path = tmp_path / "fieldwork.xlsx", tmp_path / "assessment.yaml"
    wb = openpyxl.load_workbook(book)
    ws = wb["CHG"]
    keys = [c.value for c in ws[2]]
    for column, value in (("rating", "P"), ("finding", "lievä poikkeama"), ("owner", "Muutospäällikkö"),
                          ("finding_statement", "Hyväksyntää ei kirjata"), ("due_date", "31.12.2026")):
        ws.cell(row=7, column=keys.index(column) + 1, value=value)
    wb.save(book)
    code, out = run("assess", "import", str(book))
    assert code == 0, out
    assert ": havainto CHG-05 lisätty" in out and "havainnon CHG-05 määräaika: (tyhjä) → 31.12.2026" in out, out
    assert "havainnon CHG-05 vastuuhenkilö: (tyhjä) → Muutospäällikkö" in out, out
    assert "-finding" not in out and "2026-12-31" not in out, out
    assert "-finding" in yaml_path.read_text(encoding="utf-8")  # the stored id stays what it was
    for name in ("reg.html", "reg.xlsx", "seuranta.html"):
        command = ("findings", "follow-up", str(yaml_path), "--previous", str(yaml_path)) \
            if name == "seuranta.html" else ("findings", "register", str(yaml_path))
        assert run(*command, "-o", str(tmp_path / name))[0] == 0
        shown = visible_strings(tmp_path / name)
        assert [s for s in shown if "CHG-05" in s] and not [s for s in shown if "-finding" in s], name
    code, out = run("score", str(yaml_path))
    assert "CHG-05  lievä poikkeama" in out and "Korjattavana avoin lievä poikkeama: CHG-05" in out and "-finding" not in out, out
    assert run("report", str(yaml_path), "--format", "html,xlsx,pptx", "-o", str(tmp_path / "rep"))[0] == 0
    for path in (tmp_path / "rep").iterdir():
        assert not [s for s in visible_strings(path) if "-finding" in s], path.name
    # The action plan names the finding's action "CHG-05" too, and reads it back as the stored id.
    report = tmp_path / "rep" / "kentta-report-fi.xlsx"
    wb = openpyxl.load_workbook(report)
    plan = wb["Toimenpidesuunnitelma"]
    columns = [c.value for c in plan[1]]
    row = next(r for r in range(2, plan.max_row + 1) if plan.cell(r, 2).value == "CHG-05")
    plan.cell(row, columns.index("Tila") + 1, "Työn alla")
    wb.save(report)
    code, out = run("report", "import-actions", str(report), "--assessment", str(yaml_path))
    assert code == 0 and f"Toimenpidesuunnitelma!N{row}: CHG-05 tila: avoin → työn alla" in out, out
    assert "- id: CHG-05-finding\n" in yaml_path.read_text(encoding="utf-8").split("actions:")[1]
    en = tmp_path / "en.html"  # English names the finding by its stored id
    assert run("findings", "register", str(yaml_path), "-o", str(en), "--lang", "en")[0] == 0
    assert any("CHG-05-finding" in s for s in visible_strings(en))


def test_workbook_row_notices_agree_with_their_count() -> None:
    # "kohdille CHG-02 ei ole riviä; niiden vastaukset …" for one row (blind review 3, #46's siblings).
    from itsm_assess.fieldwork.reading import _order_notices
    from itsm_assess.i18n import translate

    one = [translate(n, "fi") for n in _order_notices("CHG", ["CHG-01", "CHG-02"], ["CHG-01", "CHG-03"])]
    assert one == ["CHG: kohdalle CHG-02 ei ole riviä; sen vastaukset assessment.yaml-tiedostossa jätetään ennalleen",
                   "CHG: rivi lisätty kohdalle CHG-03; yhdistetty tunnuksen mukaan"], one
    many = [translate(n, "fi") for n in _order_notices("CHG", ["CHG-01", "CHG-02", "CHG-04"],
                                                      ["CHG-01", "CHG-03", "CHG-05"])]
    assert many[0].startswith("CHG: kohdille CHG-02, CHG-04 ei ole riviä; niiden vastaukset"), many
    assert many[1] == "CHG: rivejä lisätty kohdille CHG-03, CHG-05; yhdistetty tunnusten mukaan", many
    assert translate(_order_notices("CHG", ["CHG-01"], [])[0], "en").startswith("CHG: no row for CHG-01; its answers")


def test_survey_note_counts_answers_as_the_survey_line_does() -> None:
    # "Kysely: 1 vastaajaa; N 0, P 1, L 0, F 0" -> one respondent agrees, zero counts left out, "don't know" said.
    from itsm_assess.fieldwork.survey import ItemSummary, survey_note

    one = ItemSummary(rating="P", respondents=1, not_applicable=0, spread=0, disagreement=False,
                      counts={"N": 0, "P": 1, "L": 0, "F": 0}, roles={}, dont_know=2)
    assert survey_note(one, "fi") == "Kysely: 1 vastaaja; P 1; en osaa sanoa 2; hajonta 0"
    assert survey_note(one, "en") == "Survey: 1 respondent; P 1; don't know 2; spread 0"


def test_dates_inside_messages_follow_the_language(tmp_path: Path) -> None:
    code, out = run("assess", "new", "--org", "x", "-p", "CHG", "--start", "5.10.2026", "--end", "1.10.2026",
                    "-o", str(tmp_path))
    assert code == 2 and "--end 1.10.2026 on ennen alkupäivää 5.10.2026" in out, out
    assert "2026-10-05" in run("assess", "new", "--org", "x", "-p", "CHG", "--start", "5.10.2026", "--end",
                               "1.10.2026", "-o", str(tmp_path), lang="en")[1]
