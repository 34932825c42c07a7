"""Team self-assessment as a service manager runs it: questionnaire out, colleagues fill it in
(workbook, Microsoft Forms or Webropol), one command merges it; comments, privacy, disagreement."""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.fieldwork.create import new_assessment
from itsm_assess.fieldwork.questionnaire import (
    MAX_SHORT,
    generic_question,
    load_questionnaire,
    questionnaire_questions,
)
from itsm_assess.fieldwork.survey import counts_text, polarised

ROLES = ["Service desk", "Service desk", "Service desk", "Service desk", "Change manager"]


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue("iso20000-1-2018")


def test_bundled_questions_are_staff_voice_and_name_real_requirements(cat) -> None:  # type: ignore[no-untyped-def]
    plain = load_questionnaire(cat.id)
    assert all(rid in cat.requirements for rid in plain)
    short = [i for i in plain.values() if i.short]
    assert 40 <= len(short) <= MAX_SHORT
    for item in plain.values():
        assert item.question["en"].startswith(("Do ", "Does ", "Are ", "Is ", "Have ", "Can ", "When ", "Before ", "Could ",
                                               "After ")), item.requirement
        assert item.question["fi"].rstrip().endswith("?") and item.question["en"].rstrip().endswith("?")
        assert not item.question["fi"].startswith(("Näyttäkää", "Näytä")), item.requirement
    everything = new_assessment(cat, "X", list(cat.processes))
    short_ids = {q.id for q in questionnaire_questions(cat, everything)}
    assert len(short_ids) == MAX_SHORT and {i.requirement for i in short} <= short_ids
    small = new_assessment(cat, "X", ["INC", "SRQ"])  # a small scope is asked in full
    assert len(questionnaire_questions(cat, small)) == len(cat.requirements_of("INC")) + len(cat.requirements_of("SRQ"))
    assert len(questionnaire_questions(cat, everything, full=True)) == len(cat.requirements)
    inc = questionnaire_questions(cat, new_assessment(cat, "X", ["INC"]), lang="fi")
    assert any(q.text.startswith("Kirjaammeko jokaisen häiriön") for q in inc)


#: How an auditor opens a request; a colleague asking the team never does.
AUDITOR_OPENINGS_EN = {"show", "describe", "explain", "provide", "demonstrate", "list", "evidence", "verify", "check",
                       "confirm", "sample", "ask", "review", "how", "what", "which", "who"}
AUDITOR_OPENINGS_FI = {"näyttäkää", "näytä", "kuvatkaa", "kuvaa", "kertokaa", "kerro", "esittäkää", "esitä",
                       "osoittakaa", "toimittakaa", "luetelkaa", "tarkista", "poimi", "miten", "mitä", "kuka"}
#: Glossary decisions: the wrong word -> the word the glossary uses.
NOT_OUR_WORDS_FI = {"muutostenhallinta": "muutoksenhallinta", "konfiguraatio-osa": "konfiguraatioyksikkö",
                    "asiakkuudenhallinta": "liiketoimintasuhteiden hallinta", "SMS": "palvelunhallintajärjestelmä",
                    "alittui": "jäi saavuttamatta"}


@pytest.mark.parametrize("catalogue_id", ["iso20000-1-2018", "fitsm-1"])
def test_every_requirement_has_a_staff_voice_question_in_both_languages(catalogue_id: str) -> None:
    cat = load_catalogue(catalogue_id)
    plain = load_questionnaire(cat.id)
    missing = [rid for rid in cat.requirements if rid not in plain]
    assert missing == []
    everything = new_assessment(cat, "X", list(cat.processes))
    for lang in ("en", "fi"):
        asked = questionnaire_questions(cat, everything, full=True, lang=lang)
        assert len(asked) == len(cat.requirements)
        generic = generic_question(lang).split("{")[0]
        assert [q.id for q in asked if q.text.startswith(generic)] == []
    seen: dict[str, str] = {}
    for rid, item in plain.items():
        en, fi = item.question["en"].strip(), item.question["fi"].strip()
        assert en.endswith("?") and fi.endswith("?"), rid
        assert en.split()[0].strip(",").lower() not in AUDITOR_OPENINGS_EN, rid
        assert fi.split()[0].strip(",").lower() not in AUDITOR_OPENINGS_FI, rid
        # staff voice: the team speaks of itself ("we", "our"); a Finnish yes/no question carries -ko/-kö
        assert re.search(r"\b(we|our|us)\b", en, re.IGNORECASE), rid
        assert re.search(r"\w(ko|kö)\b", fi), rid
        for wrong, right in NOT_OUR_WORDS_FI.items():
            assert not re.search(rf"\b{re.escape(wrong)}", fi), f"{rid}: {wrong} -> {right}"
        # our own question, not the catalogue's statement turned round
        statement = cat.requirements[rid].statement
        assert statement["en"].rstrip(".") not in en and statement["fi"].rstrip(".") not in fi, rid
        for text in (en, fi):
            assert text not in seen, f"{rid} asks what {seen.get(text)} asks"
            seen[text] = rid


def _fill(path: Path, out: Path, answers: dict[str, str], *, role: str, name: str | None = None,
          comments: dict[str, str] | None = None) -> None:
    """A colleague opens the questionnaire, picks answers from the drop-down, writes comments."""
    wb = openpyxl.load_workbook(path)
    first = wb.worksheets[0]
    rows = {c.value: c.row for c in first["A"] if isinstance(c.value, str)}
    first.cell(row=rows["Roolisi"], column=2).value = role
    if name:
        first.cell(row=rows["Nimesi (vapaaehtoinen)"], column=2).value = name
    ws = wb["Kysymykset"]
    for row in ws.iter_rows(min_row=3):
        if row[0].value in answers:
            row[3].value = answers[row[0].value]
        if comments and row[0].value in comments:
            row[4].value = comments[row[0].value]
    wb.save(out)


def test_team_self_assessment_with_questionnaire_workbooks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    out = tmp_path / "team"
    r = runner.invoke(cli, ["assess", "new", "--org", "Kunnan IT", "--processes", "INC,CHG", "--method",
                            "self-assessment", "--lang", "fi", "--id", "kunta-2026", "-o", str(out)])
    assert r.exit_code == 0, r.output
    q = out / "questionnaire.xlsx"
    wb = openpyxl.load_workbook(q)
    assert wb.sheetnames[:2] == ["Ohjeet", "_valintalistat"] and "Kysymykset" in wb.sheetnames
    ws = wb["Kysymykset"]
    assert [c.value for c in ws[2]] == ["id", "process", "question", "answer", "comment"]  # no finding columns
    assert ws.row_dimensions[2].hidden
    assert [c.value for c in wb["_valintalistat"]["A"]] == ["Ei lainkaan", "Osittain", "Pääosin", "Täysin", "En osaa sanoa",
                                                   "Ei koske meitä"]
    assert "kolmen hengen" in " ".join(str(c.value) for c in wb["Ohjeet"]["A"] if c.value)  # for respondents
    ids = [row[0].value for row in ws.iter_rows(min_row=3)]
    assert "INC-01" in ids and "CHG-01" in ids and len(ids) <= MAX_SHORT
    # five colleagues; the change manager is alone in the role
    plan = [("Täysin", "Ei lainkaan"), ("Täysin", "Ei lainkaan"), ("Pääosin", "En osaa sanoa"),
            ("Täysin", "Täysin"), ("Osittain", "Täysin")]
    files = []
    for n, ((inc, chg), role) in enumerate(zip(plan, ROLES, strict=True)):
        f = tmp_path / f"vastaus-{n}.xlsx"
        _fill(q, f, {"INC-01": inc, "CHG-01": chg}, role=role, name=f"Henkilö {n}",
              comments={"INC-01": f"Kommentti {n}: kirjaamme puhelut jälkikäteen"} if n in (0, 4) else None)
        files.append(str(f))
    r = runner.invoke(cli, ["assess", "survey", *files, "--assessment", str(out / "assessment.yaml")])
    assert r.exit_code == 0, r.output
    assert "2 comments kept" in r.output and "CHG-01 (N 2, F 2, DK 1)" in r.output
    a = load_assessment(out / "assessment.yaml")
    got = a.response_map()
    assert got["INC-01"].rating == "F" and got["INC-01"].counts == {"P": 1, "L": 1, "F": 3}
    assert got["CHG-01"].counts == {"N": 2, "F": 2, "DK": 1} and got["CHG-01"].respondents == 4
    # privacy: the lone change manager is never shown apart, nor named
    assert set(got["INC-01"].role_counts) == {"Service desk"}
    comments = {c.text: c for c in got["INC-01"].comments}
    assert comments["Kommentti 0: kirjaamme puhelut jälkikäteen"].role == "Service desk"
    assert comments["Kommentti 4: kirjaamme puhelut jälkikäteen"].role is None
    assert all(c.respondent is None for c in got["INC-01"].comments)
    assert "Henkilö" not in (out / "assessment.yaml").read_text(encoding="utf-8")
    assert "Change manager" not in str(got["INC-01"].notes)
    # the report shows the items to discuss and the comments, never the lone change manager
    r = runner.invoke(cli, ["report", str(out / "assessment.yaml"), "--format", "html", "-o", str(tmp_path / "r")])
    assert r.exit_code == 0, r.output
    html = next((tmp_path / "r").glob("*.html")).read_text(encoding="utf-8")
    survey = html[html.index('id="survey"'):]
    survey = survey[:survey.index("</section>")]
    # The team's answers in words, as they gave them (not the rating letters).
    assert "Työpajassa käsiteltävät kohdat" in survey and "ei lainkaan 2, täysin 2, en osaa sanoa 1" in survey
    assert "Service desk: ei lainkaan 2, täysin 1, en osaa sanoa 1" in survey  # CHG-01 by role: the 4 service desk answers
    assert "Kommentti 0: kirjaamme puhelut jälkikäteen" in survey and "Kommentti 4" in survey
    assert "Change manager" not in html and "Henkilö" not in html
    # the first page is for the director: not an audit, who answered, where the team stands, what to discuss
    summary = html[html.index('id="summary"'):]
    summary = summary[:summary.index("</section>")]
    assert "Itsearviointi: tiimin oma näkemys" in summary and "eikä se ole auditointi" in summary
    assert "Vastaajia oli 5" in summary and "Ei valmiusarviota" not in summary
    assert "Vahvimmaksi tiimi arvioi: Häiriönhallinta (vakiintunut)." in summary
    assert "Heikoimmaksi tiimi arvioi: Muutoksenhallinta (suurelta osin puuttuu)." in summary
    assert "Osa tiimistä vastaa ”ei lainkaan”, osa ”täysin”." in summary  # CHG-01: one role only, so camps
    assert "Seuraavat askeleet" in summary
    r = runner.invoke(cli, ["report", str(out / "assessment.yaml"), "--format", "xlsx", "-o", str(tmp_path / "x")])
    assert r.exit_code == 0, r.output
    sheet = openpyxl.load_workbook(next((tmp_path / "x").glob("*.xlsx")))["Kysely"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "ei lainkaan 2, täysin 2, en osaa sanoa 1" in cells and "Kommentti 0: kirjaamme puhelut jälkikäteen" in cells
    assert not any("Change manager" in c or "Henkilö" in c for c in cells)
    # names only when asked for, at import and in the report
    r = runner.invoke(cli, ["assess", "survey", *files, "--assessment", str(out / "assessment.yaml"),
                            "--include-names", "--force"])
    assert r.exit_code == 0, r.output
    for flag, shown in (([], False), (["--include-names"], True)):
        r = runner.invoke(cli, ["report", str(out / "assessment.yaml"), "--format", "html", "--force",
                                "-o", str(tmp_path / "r"), *flag])
        assert r.exit_code == 0, r.output
        html = next((tmp_path / "r").glob("*.html")).read_text(encoding="utf-8")
        assert ("Henkilö 0" in html) is shown


def test_polarised_answers_are_flagged_even_when_the_median_is_calm() -> None:
    assert polarised({"N": 4, "P": 2, "F": 2}) and counts_text({"N": 4, "P": 2, "F": 2}) == "N 4, P 2, F 2"
    assert not polarised({"L": 5, "F": 3}) and not polarised({"N": 1, "F": 19})
    assert polarised({"P": 3, "F": 3})


def _forms_export(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """Shaped like a Microsoft Forms 'Open in Excel' download: metadata columns, then one per question."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    meta = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    ws.append(meta + header)
    for i, row in enumerate(rows, start=1):
        t = dt.datetime(2026, 3, 2, 9, i)
        ws.append([i, t, t + dt.timedelta(minutes=7), "anonymous", None, None, *row])
    wb.save(path)


def test_forms_and_webropol_round_trip_without_a_map(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    out = tmp_path / "team"
    assert runner.invoke(cli, ["assess", "new", "--org", "Org", "--processes", "INC", "--method", "self-assessment",
                               "--id", "org-2026", "-o", str(out)]).exit_code == 0
    yaml_path = str(out / "assessment.yaml")
    r = runner.invoke(cli, ["assess", "form", yaml_path, "--tool", "forms", "--comments", "-o", str(tmp_path / "f.docx")])
    assert r.exit_code == 0, r.output
    document = zipfile.ZipFile(tmp_path / "f.docx").read("word/document.xml").decode()
    assert "1. Your role" in document and "Do we record every incident, including those solved at once?" in document
    assert "Don&apos;t know" in document or "Don't know" in document
    r = runner.invoke(cli, ["assess", "form", yaml_path, "--tool", "webropol", "--lang", "fi", "-o", str(tmp_path / "w.xlsx")])
    assert r.exit_code == 0, r.output
    listed = openpyxl.load_workbook(tmp_path / "w.xlsx").active
    assert listed["C2"].value == "Roolisi" and listed["D3"].value == "Ei lainkaan"
    inc01 = "Do we record every incident, including those solved at once?"
    inc03 = "Do we prioritise incidents by their impact and urgency in the agreed way?"
    forms = tmp_path / "forms.xlsx"
    _forms_export(forms, ["Your role", inc01, f"Comment: {inc01}", inc03], [
        ["Service desk", "Fully", "We log calls afterwards", "Largely"],
        ["Service desk", "Largely", None, "Don’t know"],  # Forms writes a typographic apostrophe
        ["Service desk", "Fully", None, "Partly"],
    ])
    r = runner.invoke(cli, ["assess", "survey", str(forms), "--assessment", yaml_path])
    assert r.exit_code == 0, r.output
    got = load_assessment(yaml_path).response_map()
    assert got["INC-01"].rating == "F" and got["INC-01"].role_counts == {"Service desk": {"L": 1, "F": 2}}
    assert [c.text for c in got["INC-01"].comments] == ["We log calls afterwards"]
    assert got["INC-03"].counts == {"P": 1, "L": 1, "DK": 1}
    # Webropol: a Finnish CSV export, numbered question headers, ; separated, BOM
    fi01 = "Kirjaammeko jokaisen häiriön, myös heti ratkaistut?"
    web = tmp_path / "webropol.csv"
    with web.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Vastaaja", "Vastausaika", "1. Roolisi", f"2. {fi01}"])
        w.writerow(["1", "2.3.2026 9:01", "Palvelupiste", "Ei lainkaan"])
        w.writerow(["2", "2.3.2026 9:05", "Palvelupiste", "Ei koske meitä"])
    r = runner.invoke(cli, ["assess", "survey", str(web), "--assessment", yaml_path, "--dry-run"])
    assert r.exit_code == 0, r.output
    assert "INC-01 rating: F → N" in r.output  # read, matched and aggregated; conflict shown, nothing written


def test_questionnaire_errors_name_the_cell_in_the_users_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    out = tmp_path / "team"
    r = runner.invoke(cli, ["assess", "new", "--org", "Kunnan IT", "--processes", "INC", "--method",
                            "self-assessment", "--lang", "fi", "--id", "kunta-2026", "-o", str(out)])
    assert r.exit_code == 0, r.output
    q = out / "questionnaire.xlsx"
    first = openpyxl.load_workbook(q)["Kysymykset"]["A3"].value
    bad = tmp_path / "bad.xlsx"
    _fill(q, bad, {first: "Aika hyvin"}, role="Palvelupiste", comments={first: "Hyvä_x001B_ok"})
    before = (out / "assessment.yaml").read_bytes()
    result = runner.invoke(cli, ["assess", "survey", str(bad), "--assessment", str(out / "assessment.yaml")],
                           env={"ITSM_ASSESS_LANG": "fi"})
    assert result.exit_code == 2, result.output
    assert "Kysymykset!D3: vastaus ”Aika hyvin” ei ole luettelossa (Ei lainkaan, Osittain, Pääosin, Täysin" \
        in result.output
    assert "Kysymykset!E3: ohjausmerkki U+001B kohdassa 5" in result.output
    assert "Traceback" not in result.output and (out / "assessment.yaml").read_bytes() == before
    english = runner.invoke(cli, ["assess", "survey", str(bad), "--assessment", str(out / "assessment.yaml")],
                            env={"ITSM_ASSESS_LANG": "en"})
    assert "Kysymykset!D3: answer 'Aika hyvin' is not one of the list (Ei lainkaan, Osittain" in english.output
    # a _meta cell reference that is a whole range is refused, not read
    wb = openpyxl.load_workbook(q)
    meta = wb["_meta"]
    for row in meta.iter_rows():
        if row[0].value == "role_cell":
            row[1].value = "A1:XFD1048576"
    hostile = tmp_path / "hostile.xlsx"
    wb.save(hostile)
    result = runner.invoke(cli, ["assess", "survey", str(hostile), "--assessment", str(out / "assessment.yaml")])
    assert result.exit_code == 2 and "_meta: role_cell 'A1:XFD1048576' is not a single cell reference" in result.output
