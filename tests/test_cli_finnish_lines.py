"""Every line the CLI prints under ``--lang fi`` is Finnish: each command's typical run and its
main errors (Click's usage errors, the library's bad-input errors, a refused overwrite).

The runs chain as a user would chain them (a new assessment, its survey, its report, the
report's action plan read back) in one temporary folder. A line fails when it holds the literal
text of an English source message of the PO file (a msgid with a different Finnish translation)
or a common English word, once paths, file names, option names, quoted values and commands in
backticks are set aside. Every command of the command tree must be run here at least once.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import click
import pytest
from finnish_checks import EX, M, commands, defects_in, defects_named, english_in, invoke

from itsm_assess.cli import cli

#: (id, arguments, exit status). ``{T}`` is the run's folder, ``{EX}`` the example, ``{M}`` its metrics.
#: Success runs come first, in the order a user would take them; the error runs follow.
RUNS: list[tuple[str, list[str], int]] = [
    ("catalogue-list", ["catalogue", "list"], 0),
    ("catalogue-show", ["catalogue", "show", "-p", "CHG"], 0),
    ("catalogue-processes", ["catalogue", "processes"], 0),
    ("catalogue-validate", ["catalogue", "validate"], 0),
    ("catalogue-export", ["catalogue", "export", "--format", "xlsx", "-o", "{T}/luettelo.xlsx"], 0),
    ("catalogue-stats", ["catalogue", "stats"], 0),
    ("catalogue-coverage", ["catalogue", "coverage"], 0),
    ("catalogue-crosswalk", ["catalogue", "crosswalk", "iso20000-1-2018", "fitsm-1"], 0),
    ("catalogue-import", ["catalogue", "import", "{T}/luettelo.xlsx", "-o", "{T}/oma-luettelo"], 0),
    ("checklist-render", ["checklist", "render", "-p", "CHG", "--edition", "auditor", "-o", "{T}/lista.html"], 0),
    ("assess-new-audit", ["assess", "new", "--org", "Revontuli Palvelut Oy", "-p", "CHG", "--id", "kentta",
                          "-o", "{T}/kentta"], 0),
    ("assess-new-self", ["assess", "new", "--org", "Revontuli Palvelut Oy", "-p", "CHG", "--id", "kysely",
                         "--method", "self-assessment", "--target", "CHG=3", "-o", "{T}/kysely"], 0),
    ("assess-export", ["assess", "export", "{T}/kentta/assessment.yaml", "-o", "{T}/kentta/esitaytetty.xlsx"], 0),
    ("assess-import", ["assess", "import", "{T}/kentta/fieldwork.xlsx"], 0),
    ("assess-form", ["assess", "form", "{T}/kysely/assessment.yaml", "--tool", "forms", "-o", "{T}/kysely/lomake.docx"], 0),
    ("assess-survey", ["assess", "survey", "{EX}/survey-chg.csv", "--assessment", "{T}/kysely/assessment.yaml"], 0),
    ("assess-survey-again", ["assess", "survey", "{EX}/survey-chg.csv", "--assessment", "{T}/kysely/assessment.yaml",
                             "--dry-run"], 0),
    ("assess-check", ["assess", "check", "{T}/arviointi.yaml", "--previous", "{EX}/assessment-2025.yaml"], 0),
    ("assess-check-problems", ["assess", "check", "{T}/ristiriita.yaml"], 2),
    ("findings-register", ["findings", "register", "{T}/arviointi.yaml", "-o", "{T}/rekisteri.xlsx"], 0),
    ("findings-follow-up", ["findings", "follow-up", "{T}/arviointi.yaml", "--previous", "{EX}/assessment-2025.yaml",
                            "-o", "{T}/seuranta.html"], 0),
    ("score", ["score", "{T}/arviointi.yaml"], 0),
    ("score-models", ["score", "--list-models"], 0),
    ("score-view", ["score", "{T}/arviointi.yaml", "--view", "fitsm-1"], 0),
    ("assess-new-from", ["assess", "new", "--from", "{EX}/assessment-2025.yaml", "--id", "seuraava", "-o", "{T}/seuraava"], 0),
    ("report-write", ["report", "write", "{T}/arviointi.yaml", "--format", "xlsx", "-o", "{T}/raportti"], 0),
    ("report-import-actions", ["report", "import-actions", "{T}/raportti/revontuli-2026-report-fi.xlsx",
                               "--assessment", "{T}/arviointi.yaml"], 0),
    ("change-init-policy", ["change", "init-policy", "-o", "{T}/politiikka.yaml"], 0),
    ("change-classify", ["change", "classify", "{EX}/change-vdi.yaml", "--policy", "{EX}/change-policy.yaml"], 0),
    ("change-batch", ["change", "batch", "{EX}/change-export.csv", "--policy", "{EX}/change-policy.yaml",
                      "--map", "{EX}/change-map.yaml", "-o", "{T}/muutokset.xlsx", "--summary-json", "{T}/muutokset.json"], 0),
    ("change-init-map", ["change", "init-map", "-o", "{T}/sarakkeet.yaml"], 0),
    ("change-guide", ["change", "guide", "--policy", "{EX}/change-policy.yaml", "--format", "md", "-o", "{T}/opas.md"], 0),
    ("compare", ["compare", "{EX}/assessment-2025.yaml", "{EX}/assessment-2026.yaml", "-o", "{T}/vertailu"], 0),
    ("plan-sample", ["plan", "sample", "--sites", "{EX}/sites.yaml", "--stage", "initial", "--seed", "2027"], 0),
    ("plan-records", ["plan", "records", "--population", "120"], 0),
    ("plan-programme", ["plan", "programme", "--start", "2027-03-08", "-o", "{T}/ohjelma.xlsx"], 0),
    ("plan-new", ["plan", "new", "{T}/arviointi.yaml", "--days", "2", "--start", "2027-04-19", "--auditors",
                  "Aino Auditoija,Bertil Berg", "--sites", "{EX}/sites.yaml", "--stage", "initial", "--seed", "2027",
                  "-o", "{T}/suunnitelma"], 0),
    ("plan-render", ["plan", "render", "{T}/suunnitelma/plan.yaml"], 0),
    ("plan-documents", ["plan", "documents", "{T}/suunnitelma/plan.yaml", "-o", "{T}/asiakirjat.xlsx"], 0),
    ("plan-guides", ["plan", "guides", "{T}/suunnitelma/plan.yaml", "-o", "{T}/haastattelut.xlsx"], 0),
    ("schema", ["schema", "results", "-o", "{T}/skeema.json"], 0),
    ("metrics-compute", ["metrics", "compute", "--incidents", "{M}/incident.csv", "--requests", "{M}/sc_req_item.csv",
                         "--changes", "{M}/change_request.csv", "--problems", "{M}/problem.csv", "--staffing",
                         "{M}/staffing.yaml", "--csat", "{M}/csat-survey.csv", "--period", "2026-01..2026-04",
                         "-o", "{T}/mittarit.json"], 0),
    ("metrics-init-map", ["metrics", "init-map", "--from", "servicenow-incident", "-o", "{T}/mittarikartta.yaml"], 0),
    ("metrics-survey", ["metrics", "survey", "{M}/survey-2026-forms.xlsx", "-o", "{T}/hyvinvointi.json"], 0),
    ("metrics-survey-form", ["metrics", "survey-form", "--tool", "forms", "-o", "{T}/hyvinvointikysely.docx"], 0),
    ("metrics-report", ["metrics", "report", "--metrics", "{T}/mittarit.json", "-o", "{T}/tuloskortti.html"], 0),
    ("metrics-init-scorecard", ["metrics", "init-scorecard", "-o", "{T}/tuloskortti.yaml"], 0),
    # Click's usage errors: a missing argument, a choice, a range, a date, a number, an unknown option
    # and command, a file that is not there.
    ("usage-missing-argument", ["report", "write"], 2),
    ("usage-choice", ["score", "{T}/arviointi.yaml", "--format", "nope"], 2),
    ("usage-range", ["plan", "new", "{T}/arviointi.yaml", "--days", "30", "--start", "2027-04-19", "-o", "{T}/x"], 2),
    ("usage-date", ["assess", "new", "--org", "x", "-p", "CHG", "--start", "31.9.2026", "-o", "{T}/pvm"], 2),
    ("usage-date-form", ["plan", "programme", "--start", "maaliskuu", "-o", "{T}/pvm.xlsx"], 2),
    ("usage-missing-option", ["findings", "follow-up", "{T}/arviointi.yaml", "-o", "{T}/pvm.html"], 2),
    ("usage-number", ["plan", "sample", "--sites", "{EX}/sites.yaml", "--stage", "initial", "--seed", "abc"], 2),
    ("usage-unknown-option", ["catalogue", "show", "--nope"], 2),
    ("usage-unknown-command", ["plan", "nope"], 2),
    ("usage-no-such-file", ["assess", "check", "{T}/puuttuu.yaml"], 2),
    ("usage-option-needs-value", ["catalogue", "show", "-p"], 2),
    # The library's errors, one line each.
    ("error-overwrite", ["catalogue", "export", "--format", "xlsx", "-o", "{T}/luettelo.xlsx"], 2),
    ("error-unknown-process", ["catalogue", "show", "-p", "NOPE"], 2),
    ("error-broken-yaml", ["score", "{T}/rikki.yaml"], 2),
    # A YAML field's value wrong: a rating not on the list, a day that does not exist, a Finnish day.
    ("error-yaml-rating", ["score", "{T}/arvio-x.yaml"], 2),
    ("error-yaml-no-such-day", ["score", "{T}/pvm-30-2.yaml"], 2),
    ("error-yaml-finnish-day", ["score", "{T}/pvm-fi.yaml"], 2),
    ("error-no-org", ["assess", "new", "-p", "CHG", "-o", "{T}/y"], 2),
    ("error-bad-target", ["assess", "new", "--org", "x", "-p", "CHG", "--target", "CHG", "-o", "{T}/y"], 2),
    ("error-survey-not-csv", ["assess", "survey", "{T}/rikki.yaml", "--assessment", "{T}/kysely/assessment.yaml"], 2),
    ("error-import-no-assessment", ["assess", "import", "{T}/luettelo.xlsx"], 2),
    ("error-not-a-report", ["report", "import-actions", "{T}/luettelo.xlsx", "--assessment", "{T}/arviointi.yaml"], 2),
    ("error-classify-nothing", ["change", "classify", "--policy", "{EX}/change-policy.yaml"], 2),
    ("error-batch-not-an-export", ["change", "batch", "{T}/tyhja.csv", "--policy", "{EX}/change-policy.yaml",
                                   "-o", "{T}/z.xlsx"], 2),
    ("error-metrics-no-export", ["metrics", "compute", "--period", "2026-01"], 2),
    ("error-metrics-period", ["metrics", "compute", "--incidents", "{M}/incident.csv", "--period", "2026"], 2),
    ("error-metrics-report-nothing", ["metrics", "report", "-o", "{T}/z.html"], 2),
    ("error-records-nothing", ["plan", "records"], 2),
    ("error-plan-not-a-plan", ["plan", "render", "{T}/rikki.yaml"], 2),
    ("error-score-no-argument", ["score"], 2),
]

#: Runs without ``--lang``: the language from ITSM_ASSESS_LANG or from a Finnish locale.
ENV_RUNS: list[tuple[str, list[str], int, dict[str, str]]] = [
    ("env-check", ["assess", "check", "{T}/arviointi.yaml"], 0, {"ITSM_ASSESS_LANG": "fi"}),
    ("env-usage", ["report", "write"], 2, {"ITSM_ASSESS_LANG": "fi"}),
    ("locale-validate", ["catalogue", "validate"], 0, {"LANG": "fi_FI.UTF-8"}),
    ("locale-error", ["catalogue", "show", "-p", "NOPE"], 2, {"LANG": "fi_FI.UTF-8"}),
    ("root-lang", ["--lang", "fi", "catalogue", "list"], 0, {}),
]

def _filled(args: list[str], folder: Path) -> list[str]:
    return [a.replace("{T}", str(folder)).replace("{EX}", str(EX)).replace("{M}", str(M)) for a in args]


def _with_lang(args: list[str]) -> list[str]:
    """``args`` with ``--lang fi`` right after the command's name (a group's unknown command: first)."""
    command: click.Command = cli
    for i, arg in enumerate(args):
        if not isinstance(command, click.Group):
            return [*args[:i], "--lang", "fi", *args[i:]]
        if arg not in command.commands:
            break
        command = command.commands[arg]
    else:
        if not isinstance(command, click.Group):
            return [*args, "--lang", "fi"]
    return ["--lang", "fi", *args]


def _prepare(folder: Path) -> None:
    shutil.copy(EX / "assessment-2026.yaml", folder / "arviointi.yaml")
    (folder / "rikki.yaml").write_text("assessment: [\n", encoding="utf-8")
    (folder / "tyhja.csv").write_text("", encoding="utf-8")
    # An NA that carries a nonconformity: a contradiction `assess check` refuses.
    text = (EX / "assessment-2026.yaml").read_text(encoding="utf-8")
    first = re.search(r"(?m)^- id: (\S+)\n  rating: \S+", text)
    assert first is not None
    (folder / "arvio-x.yaml").write_text(re.sub(r"rating: \S+", "rating: X", text, count=1), encoding="utf-8")
    (folder / "pvm-30-2.yaml").write_text(re.sub(r"start_date: \S+", "start_date: '2026-02-30'", text, count=1), encoding="utf-8")
    (folder / "pvm-fi.yaml").write_text(re.sub(r"start_date: \S+", "start_date: '5.10.2026'", text, count=1), encoding="utf-8")
    (folder / "ristiriita.yaml").write_text(
        text.replace(first.group(0), f"- id: {first.group(1)}\n  rating: NA\n  finding: major-nc", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str]]:
    """Each run's (exit status, standard output, standard error), with the run's folder shown as ``T``."""
    folder = tmp_path_factory.mktemp("ajo")
    _prepare(folder)
    results: dict[str, tuple[int, str, str]] = {}
    for name, args, _code in RUNS:
        result = invoke(_with_lang(_filled(args, folder)))
        results[name] = (result.exit_code, *(t.replace(str(folder), "T") for t in (result.stdout, result.stderr)))
    for name, args, _code, env in ENV_RUNS:
        result = invoke(_filled(args, folder), env)
        results[name] = (result.exit_code, *(t.replace(str(folder), "T") for t in (result.stdout, result.stderr)))
    return results


def _lines(stdout: str, stderr: str) -> Iterator[str]:
    for text in (stdout, stderr):
        yield from (line for line in text.splitlines() if line.strip())


ALL = [(name, code) for name, _args, code in RUNS] + [(name, code) for name, _args, code, _env in ENV_RUNS]


@pytest.mark.parametrize(("name", "code"), ALL, ids=[name for name, _code in ALL])
def test_every_line_is_finnish(outputs: dict[str, tuple[int, str, str]], name: str, code: int) -> None:
    status, stdout, stderr = outputs[name]
    assert status == code, (status, stdout, stderr)
    assert "Traceback" not in stdout + stderr
    if code:
        assert stderr.strip(), "an error says what is wrong"
    english = {line: found for line in _lines(stdout, stderr) if (found := english_in(line))}
    assert english == {}, english


#: Finnish that a second reader would not let through, as (what is wrong, pattern): words that do
#: not agree with the count or the value put into them, labels capitalised mid-sentence, colon
#: chains, codes a Finnish reader does not use.
READER_DEFECTS = [
    ("a table heading capitalised mid-sentence", re.compile(r"\(Painotettu ")),
    ("a colon chain before a rejected row's problem", re.compile(r"Varoitus: hylätty: ")),
    ("a count left dangling after the sentence", re.compile(r"\(yksityisyyden suoja\): \d")),
    ("the English not-applicable code in a Finnish answer count", re.compile(r"\bNA[× ]\d")),
    ("an answer count written as code×count (a Finnish reader writes N 3, EOS 1)",
     re.compile(r"\b(N|P|L|F|ES|EOS|DK)×\d")),
    ("strftime's pattern instead of the form a user writes", re.compile(r"'%[YmdHM]")),
    ("Click's 'invalid value in the place' before an option", re.compile(r"Virheellinen arvo kohdassa")),
    ("the missing option named after 'puuttuu'", re.compile(r"puuttuu '")),
    ("Click's sentence capitalised after 'Virhe:' (the tool's own errors go on in lower case)",
     re.compile(r"^Virhe: (Valitsinta|Komentoa|Argumentti \S+ puuttuu|Ylimääräi)")),
    ("a name in ASCII quotes where Finnish uses ”…”", re.compile(r"(?:[Vv]alitsinta|[Kk]omentoa|[Tt]arkoititko|komennolla) '")),
    ("a colon chain before the allowed values", re.compile(r": odotettiin: ")),
    ("a calque 'todellinen päivämäärä' (a day that does not exist is not 'kelvollinen')", re.compile(r"todellinen päivämäärä")),
    ("a month as a number where the sentence names it", re.compile(r"\bkuussa \d")),
    ("a YAML date error that does not say why", re.compile(r"^Virhe: .*: ”[\d.-]+”: odotettiin päivämäärää")),
    ("a type name as a metavar", re.compile(r"KOKONAISLUKU|TEKSTI\b")),
    ("ad-hoc abbreviations for conformity counts", re.compile(r"T/ET/ES/AV")),
    ("a catalogue named by its id in a sentence (ISO/IEC 20000-1:2018, FitSM-1)",
     re.compile(r"\b(iso20000-1-2018|fitsm-1)(-(arvioin|näkym|prosess)|: \d| \d)")),
    ("a bare fragment for the processes under --fail-under", re.compile(r"^alle tason \d")),
    ("a grade appended as 'luokka X' to a nonconformity", re.compile(r"avoin havainto, luokka ")),
    ("a grade as the object of a negation in the nominative", re.compile(r", ei luokkaa ")),
    ("a status prefix in lower case", re.compile(r"^(varoitus|virhe|huomautus): ")),
    ("a category title capitalised inside the batch's status line", re.compile(r"luokiteltu \([A-ZÅÄÖ][a-zåäö]+ \d")),
    ("a bare 'Ohjeet:' before a command", re.compile(r"^Ohjeet: '")),
]


@pytest.mark.parametrize(("name", "code"), ALL, ids=[name for name, _code in ALL])
def test_every_line_reads_as_a_finnish_reader_writes(outputs: dict[str, tuple[int, str, str]], name: str,
                                                     code: int) -> None:
    _status, stdout, stderr = outputs[name]
    wrong = defects_in(_lines(stdout, stderr), READER_DEFECTS)
    assert wrong == [], wrong[:5]


def test_the_reader_check_would_see_the_old_lines() -> None:
    old = ["Vaatimustenmukaisuus yhteensä: 96,3 % (Painotettu 95,6 %), 245/245",
           "Varoitus: hylätty: change-export.csv: rivi 63, sarake 'u_users_affected': 'n/a' ei ole luku",
           "Huomautus: rooleja, joissa on alle 3 vastaajaa, ei näytetä erikseen (yksityisyyden suoja): 1",
           "  + CHG-19 vastausjakauma: (tyhjä) -> P 1, L 5, F 1, NA 3",
           "  CHG-13 (N×3, P×2, F×4, EOS×1)",
           "Virhe: Virheellinen arvo kohdassa '--start': '3.10.2026' ei vastaa muotoa '%Y-%m-%d'.",
           "Virhe: Valitsin puuttuu '--previous'.",
           "Virhe: Argumentti ARVIOINTI.yaml puuttuu.",
           "Ohjeet saat komennolla 'itsm-assess score --help'.",
           "responses[0].rating: ”X”: odotettiin: N, P-, P, P+, L-, L, L+, F tai NA",
           "Virhe: --start: ”2027-02-30” ei ole todellinen päivämäärä: helmikuussa 2027 on vain 28 päivää",
           "Virhe: --start: ”2027-02-30” ei ole kelvollinen päivämäärä: kuussa 2/2027 on 28 päivää",
           "Virhe: T/x.yaml:46:15: assessment.start_date: ”5.10.2026”: odotettiin päivämäärää, esim. 2026-03-31",
           "  --days KOKONAISLUKUVÄLI         Työpäivät paikan päällä.  [1–20; pakollinen]",
           "T/ET/ES/AV: täyttyy, alle F tai ei täyty, ei sovellu, arvioimatta (velvoittavat vaatimukset)",
           "iso20000-1-2018-arviointi fitsm-1-näkymänä (vastaavuustaulukko fitsm-1_iso20000-1-2018)",
           "alle tason 2: CTX (1), LEAD (1), PLAN (1)",
           "T/x.yaml:58:3: Virhe: CTX-01 on merkitty soveltumattomaksi, mutta siihen liittyy avoin havainto, luokka "
           "merkittävä poikkeama (major-nc); vaatimus, jossa on poikkeama, soveltuu",
           "Varoitus: CTX-09 ei ole velvoittava vaatimus vaan hyvä käytäntö: siihen voi liittyä enintään "
           "parannusmahdollisuus, ei luokkaa lievä poikkeama (minor-nc)",
           "varoitus: toimipaikoissa OUL ei ole yhtään ohjelman kohtaa",
           "62 muutosta luokiteltu (Vakiomuutos 19, Normaali muutos 39, Hätämuutos 4; muutoksenhallinta (8.5.1) 50)",
           "Ohjeet: 'itsm-assess report write --help'."]
    assert defects_named(old, READER_DEFECTS) == [
        what for what, _ in READER_DEFECTS]


@pytest.mark.parametrize(("sites", "start"), [
    (["OUL"], "Toimipaikassa Oulun konesali ei ole ohjelmassa yhtään kohtaa, vaikka se kuuluu toimipaikkaotokseen: "
              "varaa sille aikaa "),
    (["OUL", "TKU"], "Toimipaikoissa Oulun konesali ja Turun lähituki ei ole ohjelmassa yhtään kohtaa, vaikka ne kuuluvat "
                     "toimipaikkaotokseen: varaa niille aikaa "),
])
def test_a_count_put_into_a_line_agrees_with_one_and_with_many(sites: list[str], start: str) -> None:
    from itsm_assess.i18n import translate
    from itsm_assess.planning.audit_plan import unvisited_sites

    class Plan:
        site_names = {"HEL": "Helsingin pääkonttori", "OUL": "Oulun konesali", "TKU": "Turun lähituki"}

        def sites_without_slots(self) -> list[str]:
            return sites

    (warning,) = unvisited_sites(cast(Any, Plan()))
    assert translate(warning, "fi").startswith(start)


def _path_of(args: list[str]) -> tuple[str, ...]:
    command: click.Command = cli
    path: list[str] = []
    for arg in args:
        if not isinstance(command, click.Group) or arg not in command.commands:
            break
        command = command.commands[arg]
        path.append(arg)
    return tuple(path)


def test_every_command_is_run_and_takes_lang() -> None:
    run = {_path_of(args) for _name, args, code in RUNS if code == 0}
    tree = dict(commands())
    assert sorted(set(tree) - run) == []
    # Every command accepts --lang (its messages at least), so that `--lang fi` is never refused.
    without = sorted(" ".join(path) for path, command in tree.items()
                     if "--lang" not in [o for p in command.params for o in getattr(p, "opts", [])])
    assert without == []


@pytest.mark.parametrize(("line", "english"), [
    ("wrote T/luettelo.xlsx", True),
    ("virhe: T/x.yaml: no such file", True),
    ("Virhe: Missing argument 'ASSESSMENT.yaml'.", True),
    ("  + CHG-01 rating: (tyhjä) -> 'L'", True),
    ("kunnossa  fitsm-1: 21 prosessia", False),
    ("Kirjoitettu: T/luettelo.xlsx (auditoijan versio, 1 prosessi, 17 kysymystä)", False),
    ("Käyttö: itsm-assess report write [VALITSIMET] ARVIOINTI.yaml", False),
    ("Virhe: T/rikki.yaml: virheellinen YAML: rivi 2: odotettiin arvoa", False),
    ("Huomautus: valitsimella --from ja tiedostolla assessment.yaml 'Aikaleima'", False),
])
def test_the_check_tells_english_from_finnish(line: str, english: bool) -> None:
    assert bool(english_in(line)) is english
