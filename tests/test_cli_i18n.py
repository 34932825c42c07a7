"""CLI messages follow the chosen language (--lang, ITSM_ASSESS_LANG, the locale), and the report's
change analysis is worded in the report's language whatever language the batch ran in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples" / "revontuli"
CLEAN_ENV = {"ITSM_ASSESS_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def run(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={**CLEAN_ENV, **env}, prog_name="itsm-assess")
    return result.exit_code, result.stdout, result.stderr


def test_catalogue_show_in_finnish_names_the_weight() -> None:
    code, out, _ = run("catalogue", "show", "-p", "CHG", "--lang", "fi")
    assert code == 0
    assert "paino 3" in out and " w3 " not in out and " w2 " not in out


@pytest.mark.parametrize("env", [{"ITSM_ASSESS_LANG": "fi"}, {"LANG": "fi_FI.UTF-8"}, {"LC_ALL": "fi_FI.UTF-8"}])
def test_messages_follow_the_environment(env: dict[str, str]) -> None:
    code, out, _ = run("catalogue", "list", **env)
    assert code == 0 and "prosessia" in out and "vaatimusta" in out and "processes" not in out


def test_errors_follow_the_language_with_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, err = run("catalogue", "show", "-p", "NOPE", ITSM_ASSESS_LANG="fi")
    assert code == 2
    assert err.startswith("Virhe: luettelossa ”iso20000-1-2018” ei ole prosessia ”NOPE”") and err.count("\n") == 1
    code, _, err = run("score", str(tmp_path / "missing.yaml"), "--lang", "fi")
    assert code == 2 and err == f"Virhe: {tmp_path / 'missing.yaml'}: tiedostoa ei ole\n"
    # English stays English.
    code, _, err = run("score", str(tmp_path / "missing.yaml"))
    assert err == f"error: {tmp_path / 'missing.yaml'}: no such file\n"


def test_explicit_lang_wins_over_the_environment(tmp_path: Path) -> None:
    out = tmp_path / "chg.md"
    code, _, err = run("checklist", "render", "-p", "CHG", "--lang", "fi", "-o", str(out), ITSM_ASSESS_LANG="en")
    assert code == 0 and re.fullmatch(rf"Kirjoitettu: {re.escape(str(out))} \(auditoijan versio, 1 prosessi, \d+ kysymystä\)\n", err)
    code, _, err = run("checklist", "render", "-p", "CHG", "--lang", "fi", "-o", str(out), ITSM_ASSESS_LANG="en")
    assert code == 2 and err == f"Virhe: {out}: tiedosto on jo olemassa; korvaa se valitsimella --force\n"


def test_unknown_language_in_the_environment_is_one_clear_error() -> None:
    from subprocess import run as run_process

    exe = Path(__import__("sys").executable).parent / "itsm-assess"
    english = "error: ITSM_ASSESS_LANG: unsupported language 'xx'; expected one of en, fi"
    finnish = "Virhe: ITSM_ASSESS_LANG: kieltä ”xx” ei tueta; tuetut kielet: en, fi"

    def run_with(*args: str, **env: str) -> tuple[int, str, str]:
        result = run_process([str(exe), "catalogue", "list", *args], capture_output=True, text=True,
                             env={"ITSM_ASSESS_LANG": "xx", "PATH": "/usr/bin:/bin", **env})
        return result.returncode, result.stdout, result.stderr

    # The variable's language is unknown: a line in each language, the locale's first; no traceback.
    assert run_with() == (2, "", f"{english}\n{finnish}\n")
    assert run_with(LANG="fi_FI.UTF-8") == (2, "", f"{finnish}\n{english}\n")
    # A --lang on the command line wins over the environment.
    code, out, err = run_with("--lang", "fi")
    assert code == 0 and "270 vaatimusta" in out and err == ""


@pytest.fixture(scope="module")
def english_batch_summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("batch")
    code, _, err = run("change", "batch", str(EX / "change-export.csv"), "--policy", str(EX / "change-policy.yaml"),
                       "--map", str(EX / "change-map.yaml"), "--lang", "en", "-o", str(work / "b.xlsx"), "--summary-json", str(work / "s.json"))
    assert code == 0, err
    return work / "s.json"


def test_batch_status_line_in_finnish_names_categories_not_ids(tmp_path: Path) -> None:
    code, out, err = run("change", "batch", str(EX / "change-export.csv"), "--policy", str(EX / "change-policy.yaml"),
                         "--map", str(EX / "change-map.yaml"), "--lang", "fi", "-o", str(tmp_path / "b.xlsx"))
    assert code == 0, err
    assert "muutosta luokiteltu (vakiomuutos" in out
    assert "standard" not in out and "change-management" not in out
    assert "; rivi hylättiin" in err and "Kirjoitettu:" in err


def test_finnish_report_words_an_english_batch_from_its_codes(english_batch_summary: Path) -> None:
    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.reports import build_report_view, load_change_summary
    from itsm_assess.scoring import load_scoring_model, score

    summary = load_change_summary(english_batch_summary)
    assessment = load_assessment(EX / "assessment-2026.yaml")
    catalogue = load_catalogue(assessment.assessment.catalogue)
    results = score(assessment, catalogue, load_scoring_model(assessment.assessment.scoring_model)).to_dict()
    ca = build_report_view(results, assessment, catalogue, "fi", None, summary).change_analysis
    assert ca is not None
    shown = [p["name"] for key in ("by_category", "by_route", "by_impact") for p in ca[key]]
    shown += [str(d[k]) for d in ca["deviations"] for k in ("recorded", "expected", "reason")]
    assert "Vakiomuutos" in shown and ca["deviations"]
    codes = {"standard", "normal", "emergency", "change-management", "service-design-transition", "(none)", "cab",
             "service-owner", "significant", "major", "minor"}
    assert [s for s in shown if s in codes or any(f"{c}," in s or s.startswith(c + " ") for c in codes)] == []
    english = [d["reason"] for d in json.loads(english_batch_summary.read_text(encoding="utf-8"))["deviations"]]
    assert not set(english) & {d["reason"] for d in ca["deviations"]}
    # fi-blind-2 #129 #134: each count table names what it counts (not "Arvo"); an emergency change's missing
    # approval is a sentence, the role in lower case mid-sentence.
    from itsm_assess.reports.labels import labels

    lab = labels("fi")
    assert [lab[f"{k}_head"] for k in ("by_category", "by_route", "by_impact")] == [
        "Muutosluokka", "Käsittelypolku", "Mahdollinen merkittävä vaikutus"]
    reasons = [d["reason"] for d in ca["deviations"]]
    assert "Hätämuutosta ei ole hyväksynyt hätämuutosneuvosto (ECAB)" in reasons
    assert not [r for r in reasons if "ilman hätämuutoksen hyväksyntää" in r or re.search(r": [A-ZÅÄÖ][a-zåäö]", r)]


def test_an_older_summary_without_labels_is_still_worded(english_batch_summary: Path) -> None:
    from itsm_assess.reports.labels import labels
    from itsm_assess.reports.view_model import _change_analysis

    data = json.loads(english_batch_summary.read_text(encoding="utf-8"))
    data.pop("labels")
    for d in data["deviations"]:
        d.pop("reasons"), d.pop("recorded_value"), d.pop("expected_value")
    ca = _change_analysis(data, "fi", labels("fi"))
    assert [p["name"] for p in ca["by_category"]] == ["Vakiomuutos", "Normaali muutos", "Hätämuutos"]
    assert {d["recorded"] for d in ca["deviations"] if d["recorded"] in ("(ei kirjattu)", "Vakiomuutos")}


def test_click_usage_errors_follow_the_language() -> None:
    # Click's own errors (a missing argument, an unknown option) come before any command runs.
    import os
    import subprocess
    import sys

    def run(*args: str, lang: str = "") -> str:
        env = {**os.environ, "ITSM_ASSESS_LANG": lang} if lang else {k: v for k, v in os.environ.items()
                                                                      if k != "ITSM_ASSESS_LANG"}
        env["LANG"] = "C.UTF-8"
        return subprocess.run([sys.executable, "-m", "itsm_assess", *args], capture_output=True, text=True,
                              env=env).stderr

    # The argument is named as the Finnish help page names it (ARVIOINTI.yaml), the usage line too.
    missing = run("report", "write", "--lang", "fi")
    assert "Virhe: argumentti ARVIOINTI.yaml puuttuu." in missing
    assert "Käyttö: itsm-assess report write [VALITSIMET] ARVIOINTI.yaml" in missing
    # Click's sentences in the tool's typography: the language's quotation marks, lower case after
    # "Virhe:" (fi-blind-3 #12, #13: "Virhe: Valitsinta '--bogus' ei ole.").
    nope = run("catalogue", "show", "CHG-01", "--nope", lang="fi")
    assert "Virhe: valitsinta ”--nope” ei ole." in nope and "Ohjeet saat komennolla ”itsm-assess catalogue show --help”." in nope
    assert "Virhe: komentoa ”bogus” ei ole." in run("bogus", lang="fi")
    assert "Virhe: komentoa ”scor” ei ole. Tarkoititko ”score”?" in run("scor", lang="fi")
    assert "Virhe: -o / --output-dir: ”" in run("report", "write", __file__, "-o", __file__, lang="fi")  # was "-o' / '--output-dir"
    assert "'" not in "".join(line for line in (nope + run("bogus", lang="fi")).splitlines() if line.startswith("Virhe"))
    english = run("report", "write")
    assert "Error: Missing argument 'ASSESSMENT.yaml'." in english
    assert "Usage: itsm-assess report write [OPTIONS] ASSESSMENT.yaml" in english
    assert "Error: No such option '--nope'." in run("catalogue", "show", "CHG-01", "--nope")


def test_click_ranges_and_formats_are_worded_in_the_language() -> None:
    # Click words a number range itself ("x>=1"); the help page and the error word it in Finnish.
    from click.testing import CliRunner

    from itsm_assess.cli import cli

    runner = CliRunner()
    env = {"ITSM_ASSESS_LANG": "fi", "LC_ALL": "", "LANG": "C.UTF-8"}
    days = runner.invoke(cli, ["plan", "new", "x.yaml", "--days", "30"], env=env)
    assert days.exit_code == 2 and "Virhe: --days: arvon on oltava 1–20 (annettu 30)." in days.output
    assert "[1–20; pakollinen]" in runner.invoke(cli, ["plan", "new", "--help"], env=env).output
    assert "[oletus: 3; vähintään 1]" in " ".join(runner.invoke(cli, ["assess", "survey", "--help"], env=env).output.split())
    start = runner.invoke(cli, ["assess", "new", "--start", "31.9.2026", "--org", "x", "-p", "CHG"], env=env)
    assert "Virhe: --start: ”31.9.2026” ei ole kelvollinen päivämäärä: syyskuussa 2026 on vain 30 päivää" in start.output
    seed = runner.invoke(cli, ["plan", "sample", "--seed", "abc"], env=env)
    assert "Virhe: --seed: arvo ”abc” ei ole luku." in seed.output and "integer" not in seed.output
    # English stays Click's own, also after a Finnish run in the same process.
    english = runner.invoke(cli, ["plan", "new", "x.yaml", "--days", "30"], env={**env, "ITSM_ASSESS_LANG": "en"})
    assert "30 is not in the range 1<=x<=20." in english.output
    assert "[1<=x<=20; required]" in runner.invoke(cli, ["plan", "new", "--help"], env={**env, "ITSM_ASSESS_LANG": "en"}).output
