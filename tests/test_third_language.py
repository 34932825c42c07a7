"""A third language with a PO file and no code (docs/translating.md): Swedish, as a translator adds it.

The package is copied to a temporary folder, a small Swedish PO file is dropped into its locale
folder (nothing else changes) and the CLI runs from the copy in a subprocess. ``--lang sv`` is then
accepted by every command; the entries the translator wrote show in Swedish, everything else falls
back to English (interface) or to the English content text (catalogue YAML has no ``sv:``), and
numbers and dates follow Swedish conventions through Babel. Nothing crashes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from itsm_assess import i18n

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "revontuli"

SWEDISH_PO = r'''msgid ""
msgstr ""
"Language: sv\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=utf-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgctxt "basis.derived"
msgid "Derived from an obligation"
msgstr "Härlett ur en skyldighet"

msgctxt "processes_header"
msgid "id\tclauses\trequirements\tquestions\ttitle"
msgstr "id\tavsnitt\tkrav\tfrågor\trubrik"

msgctxt "executive_summary"
msgid "Executive summary"
msgstr "Sammanfattning för ledningen"

msgctxt "visit.stage1"
msgid "Stage 1"
msgstr "Steg 1"

msgctxt "programme.title"
msgid "Audit programme"
msgstr "Revisionsprogram"

msgctxt "plan.agenda"
msgid "Agenda"
msgstr "Dagordning"

msgctxt "guide.flow"
msgid "Decision flow: from request to authorisation and route"
msgstr "Beslutsflöde: från begäran till godkännande och väg"

msgctxt "input_words"
msgid "yes, y"
msgstr "ja, j"

msgctxt "change_route.change-management"
msgid "change management"
msgstr "ändringshantering"
'''

# Runs inside the copy: every command through Click, the outputs and exit codes as JSON.
RUNNER = r'''
import json, sys
from pathlib import Path
from click.testing import CliRunner
from itsm_assess import i18n
from itsm_assess.cli import cli

out, ex = Path(sys.argv[1]), Path(sys.argv[2])
runner = CliRunner()
env = {"ITSM_ASSESS_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}

def run(name, *args, env=env):
    r = runner.invoke(cli, list(args), env=env, prog_name="itsm-assess")
    return name, {"code": r.exit_code, "stdout": r.stdout, "stderr": r.stderr,
                  "error": repr(r.exception) if r.exit_code not in (0, 1, 2) else None}

results = dict([
    run("processes", "catalogue", "processes", "--lang", "sv"),
    run("show", "catalogue", "show", "-p", "CHG", "--lang", "sv"),
    run("show_env", "catalogue", "show", "-p", "CHG", env={**env, "ITSM_ASSESS_LANG": "sv"}),
    run("show_locale", "catalogue", "show", "-p", "CHG", env={**env, "LANG": "sv_FI.UTF-8"}),
    run("programme", "plan", "programme", "--start", "2027-03-08", "--lang", "sv", "-o", str(out / "programme.md")),
    run("plan", "plan", "new", str(ex / "assessment-2026.yaml"), "--days", "2", "--start", "2027-04-19",
        "--auditors", "Aino,Bertil", "--lang", "sv", "-o", str(out / "plan")),
    run("guide", "change", "guide", "--policy", str(ex / "change-policy.yaml"), "--format", "md", "--lang", "sv",
        "-o", str(out / "guide.md")),
    run("report", "report", str(ex / "assessment-2026.yaml"), "--format", "html,xlsx", "--lang", "sv",
        "-o", str(out / "reports")),
    run("checklist", "checklist", "render", "-p", "CHG", "--lang", "sv", "-o", str(out / "checklist.md")),
    run("score", "score", str(ex / "assessment-2026.yaml"), "--lang", "sv"),
    run("fieldwork", "assess", "new", "--org", "Norrsken Ab", "--processes", "CHG,INC", "--lang", "sv",
        "-o", str(out / "assessment")),
    run("batch", "change", "batch", str(ex / "change-export.csv"), "--policy", str(ex / "change-policy.yaml"),
        "--lang", "sv", "-o", str(out / "batch.xlsx")),
    run("missing", "score", str(out / "no-such.yaml"), "--lang", "sv"),
])
results["languages"] = list(i18n.LANGUAGES)
results["yes"] = sorted(i18n.typed_yes_no()[0])
print(json.dumps(results))
'''


@pytest.fixture(scope="module")
def swedish(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict[str, str]], Path]:
    root = tmp_path_factory.mktemp("sv")
    package = root / "src" / "itsm_assess"
    shutil.copytree(Path(i18n.__file__).parents[1], package, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    for data in ("requirements_catalogue", "checklists"):  # a source checkout keeps them at its top
        (root / data).symlink_to(ROOT / data)
    po = package / "i18n" / "locale" / "sv" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    po.parent.mkdir(parents=True)
    po.write_text(SWEDISH_PO, encoding="utf-8")
    out = root / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run([sys.executable, "-c", RUNNER, str(out), str(EX)], capture_output=True, text=True,
                          env=env, cwd=root, check=True)
    return json.loads(done.stdout), out


def test_the_copy_and_not_the_installed_package_ran(swedish: tuple[dict[str, dict[str, str]], Path]) -> None:
    results, _out = swedish
    assert results["languages"] == ["en", "fi", "sv"]
    assert "sv" not in i18n.LANGUAGES  # the installed package is untouched


def test_every_command_takes_the_new_language(swedish: tuple[dict[str, dict[str, str]], Path]) -> None:
    results, out = swedish
    for name, result in results.items():
        if name in ("languages", "yes", "missing"):
            continue
        assert result["code"] == 0, (name, result)
    for path in (out / "programme.md", out / "plan" / "plan.md", out / "guide.md", out / "checklist.md"):
        assert path.stat().st_size > 500, path
    assert {p.suffix for p in (out / "reports").iterdir()} == {".html", ".xlsx"}
    assert (out / "assessment" / "fieldwork.xlsx").is_file() and (out / "batch.xlsx").is_file()


def test_translated_entries_show_and_the_rest_falls_back_to_english(
        swedish: tuple[dict[str, dict[str, str]], Path]) -> None:
    results, out = swedish
    assert results["processes"]["stdout"].splitlines()[0] == "id\tavsnitt\tkrav\tfrågor\trubrik"
    show = results["show"]["stdout"]
    assert "[Härlett ur en skyldighet: CHG-" in show  # translated
    assert "[Good practice (not required): " in show  # not translated: English
    assert "Change management" in show  # catalogue content without sv: the English text
    # the language is also taken from ITSM_ASSESS_LANG and from the locale, like Finnish
    assert results["show_env"]["stdout"] == show
    assert results["show_locale"]["stdout"] == show

    programme = (out / "programme.md").read_text(encoding="utf-8")
    assert "# Revisionsprogram" in programme and "Steg 1, 2027-03-08" in programme  # Swedish dates are ISO
    assert "Stage 1 topics" in programme  # untranslated: English
    plan = (out / "plan" / "plan.md").read_text(encoding="utf-8")
    assert "Dagordning" in plan and "Objectives" in plan
    guide = (out / "guide.md").read_text(encoding="utf-8")
    assert "Beslutsflöde: från begäran till godkännande och väg" in guide and "ändringshantering (8.5.1)" in guide
    assert "Worked examples" in guide
    report = next((out / "reports").glob("*.html")).read_text(encoding="utf-8")
    assert ">Sammanfattning för ledningen<" in report and ">Findings<" in report
    assert not any(leak in report for leak in ("<built-in", "<bound method", "{process_prefix}", "None %"))


def test_inputs_accept_the_new_languages_words(swedish: tuple[dict[str, dict[str, str]], Path]) -> None:
    results, _out = swedish
    # a yes/no column of a change or metrics export: English, Finnish and now Swedish words
    assert results["yes"] == ["j", "ja", "k", "kyllä", "y", "yes"]


def test_numbers_follow_swedish_conventions(swedish: tuple[dict[str, dict[str, str]], Path]) -> None:
    results, _out = swedish
    score = results["score"]["stdout"]
    # Babel's Swedish: a decimal comma and a no-break space before the percent sign
    assert "\u00a0%" in score and any(c.isdigit() and n == "," for c, n in zip(score, score[1:], strict=False))


def test_an_untranslated_error_stays_english_and_clean(swedish: tuple[dict[str, dict[str, str]], Path]) -> None:
    results, _out = swedish
    missing = results["missing"]
    assert missing["code"] == 2 and missing["error"] is None
    assert "Traceback" not in missing["stderr"] and "no-such.yaml" in missing["stderr"]
    assert missing["stderr"].startswith(("error:", "Usage:"))
