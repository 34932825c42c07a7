"""`--help` in Finnish: every command's page (its text, every option's help and metavar, the usage
line and Click's own words) reads Finnish under --lang fi, ITSM_ASSESS_LANG=fi or a Finnish locale,
and English pages stay exactly Click's (docs/cli.md is generated from them)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from itsm_assess.cli import cli
from itsm_assess.cli.help import command_help_texts
from itsm_assess.docgen import iter_commands
from itsm_assess.i18n import translations

CLEAN_ENV = {"ITSM_ASSESS_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
COMMANDS = [path for path, _ in iter_commands(cli)]
#: Texts a Finnish page shows as in English because they are the same in Finnish: file names.
SAME_IN_FINNISH = {("metavar", "A.yaml B.yaml ...")}


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def page(path: tuple[str, ...], *before_help: str, **env: str) -> str:
    result = CliRunner().invoke(cli, [*path, *before_help, "--help"], env={**CLEAN_ENV, **env},
                                prog_name="itsm-assess", terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def _squeezed(text: str) -> str:
    """Text without whitespace: a help text reads the same however Click wraps it."""
    return "".join(text.split())


def _commands_listed(output: str, heading: str) -> dict[str, str]:
    rows = output.split(f"\n{heading}\n", 1)[1].splitlines() if f"\n{heading}\n" in output else []
    return dict(row.strip().split(None, 1) for row in rows if row.startswith("  ") and row.strip() and
                len(row.strip().split(None, 1)) == 2)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "itsm-assess")
def test_every_help_text_is_shown_in_finnish(path: tuple[str, ...]) -> None:
    where = " ".join(("itsm-assess", *path))
    finnish = page(path, ITSM_ASSESS_LANG="fi")
    shown = _squeezed(finnish)
    catalogue = translations("fi")
    for context, english in command_help_texts(_command(path)):
        text = catalogue.pgettext(context, english) if context else catalogue.gettext(english)
        if (context, english) not in SAME_IN_FINNISH:
            assert text != english, (f"{where}: help text not translated: {english!r} "
                                     "(run `make i18n-update`, then translate it in the Finnish PO file)")
            if len(english) >= 12:
                assert _squeezed(english) not in shown, f"{where}: shown in English: {english!r}"
        assert _squeezed(text) in shown, f"{where}: the translation of {english!r} is not on the page"
    for english in ("Usage:", "Options:", "Commands:", "Show this message and exit.", "[default:", "[required]"):
        assert english not in finnish, f"{where}: Click's own {english!r} in English"
    assert finnish.startswith("Käyttö: ") and "\nValitsimet:\n" in finnish and "[VALITSIMET]" in finnish
    # A group lists its commands with their Finnish short help (the first sentence, shortened).
    english_rows = _commands_listed(page(path, ITSM_ASSESS_LANG="en"), "Commands:")
    finnish_rows = _commands_listed(finnish, "Komennot:")
    assert finnish_rows.keys() == english_rows.keys()
    assert [name for name in english_rows if english_rows[name] == finnish_rows[name]] == []


@pytest.mark.parametrize("how", [
    pytest.param(("assess", "survey", "--lang", "fi"), id="--lang before --help"),
    pytest.param(("--lang", "fi", "assess", "survey"), id="--lang on the root"),
])
def test_lang_on_the_command_line_wins_over_the_environment(how: tuple[str, ...]) -> None:
    text = page(how, ITSM_ASSESS_LANG="en")
    assert "Kokoa täytetyt työkirjat" in text and "Valitsimet:" in text and "Aggregate" not in text
    result = CliRunner().invoke(cli, ["assess", "survey", "--help", "--lang", "fi"], env=CLEAN_ENV,
                                prog_name="itsm-assess")
    assert "Kokoa täytetyt työkirjat" in result.output  # --lang after --help


@pytest.mark.parametrize("env", [{"LANG": "fi_FI.UTF-8"}, {"LC_ALL": "fi_FI.UTF-8"}, {"ITSM_ASSESS_LANG": "fi"}])
def test_the_locale_or_the_environment_chooses_finnish(env: dict[str, str]) -> None:
    text = page((), **env)
    assert "IT-palvelunhallinnan arviointi" in text and "Komennot:" in text


def test_english_pages_stay_as_click_writes_them_after_a_finnish_one() -> None:
    # Help texts are swapped for their translations only while a page is formatted.
    before = [page(path, ITSM_ASSESS_LANG="en") for path in (("report", "write"), ("assess",))]
    page(("report", "write"), ITSM_ASSESS_LANG="fi")
    page(("assess",), ITSM_ASSESS_LANG="fi")
    assert [page(path, ITSM_ASSESS_LANG="en") for path in (("report", "write"), ("assess",))] == before
    assert before[0].startswith("Usage: itsm-assess report write [OPTIONS] ASSESSMENT.yaml")


def test_finnish_help_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom itsm_assess.cli import cli\n"
            "for args in (['--help'], ['report', 'write', '--help'], ['change', 'batch', '--help']):\n"
            "    try:\n        cli(args, prog_name='itsm-assess')\n    except SystemExit:\n        pass\n"
            "heavy = [n for n in ('openpyxl', 'jinja2', 'pydantic', 'babel', 'polars') if n in sys.modules]\n"
            "assert not heavy, heavy\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"ITSM_ASSESS_LANG": "fi", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert "Käyttö: itsm-assess change batch" in proc.stdout
