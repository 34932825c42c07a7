"""One way to do CLI things: every command that writes a file refuses to replace an existing one
without --force, in one line, with one error type and one (translated) message; the output,
--force and --format options come from the factories in cli/options.py."""

from __future__ import annotations

import ast
import os
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from itsm_assess.cli import cli
from itsm_assess.errors import InputError, OutputExistsError
from itsm_assess.files import refuse_overwrite

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples" / "revontuli"
CLI_DIR = ROOT / "src" / "itsm_assess" / "cli"
CLEAN_ENV = {"ITSM_ASSESS_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def run(*args: str, **env: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), env={**CLEAN_ENV, **env}, prog_name="itsm-assess")


# --- the library function ---------------------------------------------------------------------

def test_refuse_overwrite_names_every_existing_file_on_its_own_line(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.xlsx", tmp_path / "b.html", tmp_path / "c.json"
    a.write_text("mine", encoding="utf-8")
    c.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError) as err:
        refuse_overwrite([a, b, c], force=False)
    assert err.value.problems == [f"{a}: file exists; use --force to overwrite it",
                                  f"{c}: file exists; use --force to overwrite it"]
    assert err.value.paths == [str(a), str(c)]
    assert isinstance(err.value, InputError) and err.value.exit_code == 2


def test_refuse_overwrite_passes_with_force_or_nothing_there(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("mine", encoding="utf-8")
    refuse_overwrite([tmp_path / "a"], force=True)
    refuse_overwrite([tmp_path / "new", str(tmp_path / "other")], force=False)


def test_a_broken_symlink_or_a_folder_counts_as_existing(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputExistsError) as err:
        refuse_overwrite([tmp_path / "link", tmp_path / "folder"], force=False)
    assert len(err.value.problems) == 2


def test_paths_are_shown_as_typed_relative_to_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("out.md").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError, match=r"^out\.md: file exists; use --force to overwrite it$"):
        refuse_overwrite([tmp_path / "out.md"], force=False)


# --- every command that writes -----------------------------------------------------------------

def _report_json_name() -> str:
    from itsm_assess.reports import report_paths

    return report_paths("revontuli-2026", ".", ["json"], "fi")["json"].name


#: (what, command line with {out} for the output, the file inside {out} when it is a folder)
WRITERS: list[tuple[str, list[str], str | None]] = [
    ("catalogue export", ["catalogue", "export", "--format", "json", "-o", "{out}"], None),
    ("catalogue crosswalk", ["catalogue", "crosswalk", "--format", "ciso-assistant", "-o", "{out}"], None),
    ("catalogue coverage", ["catalogue", "coverage", "--format", "md", "-o", "{out}"], None),
    ("checklist render", ["checklist", "render", "-p", "CHG", "--format", "md", "-o", "{out}"], None),
    ("change init-policy", ["change", "init-policy", "-o", "{out}"], None),
    ("change init-map", ["change", "init-map", "-o", "{out}"], None),
    ("change guide", ["change", "guide", "--format", "md", "-o", "{out}"], None),
    ("change batch", ["change", "batch", str(EX / "change-export.csv"), "--policy", str(EX / "change-policy.yaml"),
                      "--map", str(EX / "change-map.yaml"), "-o", "{out}"], None),
    ("plan sample", ["plan", "sample", "--sites", str(EX / "sites.yaml"), "--stage", "initial", "--seed", "1",
                     "-o", "{out}"], None),
    ("plan records", ["plan", "records", "--population", "120", "-o", "{out}"], None),
    ("plan programme", ["plan", "programme", "--start", "2027-03-01", "-o", "{out}.md"], None),
    ("schema", ["schema", "results", "-o", "{out}"], None),
    ("findings register", ["findings", "register", str(EX / "assessment-2026.yaml"), "-o", "{out}.html"], None),
    ("findings follow-up", ["findings", "follow-up", str(EX / "assessment-2026.yaml"), "--previous",
                            str(EX / "assessment-2025.yaml"), "-o", "{out}.html"], None),
    ("metrics survey", ["metrics", "survey", str(EX / "survey-chg.csv"), "-o", "{out}"], None),
    ("metrics survey-form", ["metrics", "survey-form", "--tool", "webropol", "-o", "{out}.xlsx"], None),
    ("metrics report", ["metrics", "report", "--metrics", str(EX / "metrics.json"), "-o", "{out}.html"], None),
    ("metrics init-scorecard", ["metrics", "init-scorecard", "-o", "{out}"], None),
    ("metrics init-map", ["metrics", "init-map", "--from", "servicenow-incident", "-o", "{out}"], None),
    ("metrics compute", ["metrics", "compute", "--changes", str(EX / "change-export.csv"), "-o", "{out}"], None),
    ("score", ["score", str(EX / "assessment-2026.yaml"), "--format", "json", "-o", "{out}"], None),
    ("assess export", ["assess", "export", str(EX / "assessment-2026.yaml"), "-o", "{out}.xlsx"], None),
    ("assess form", ["assess", "form", str(EX / "assessment-2026.yaml"), "--tool", "webropol", "-o", "{out}.xlsx"],
     None),
    ("assess new", ["assess", "new", "--org", "Acme", "-p", "CHG", "-o", "{out}"], "assessment.yaml"),
    ("report", ["report", str(EX / "assessment-2026.yaml"), "--format", "json", "-o", "{out}"], "REPORT"),
    ("compare", ["compare", str(EX / "assessment-2025.yaml"), str(EX / "assessment-2026.yaml"), "--format", "html",
                 "-o", "{out}"], "comparison.html"),
]


@pytest.mark.parametrize(("what", "args", "inside"), WRITERS, ids=[w[0] for w in WRITERS])
def test_every_writer_refuses_to_replace_a_file_in_one_line(tmp_path: Path, what: str, args: list[str],
                                                           inside: str | None) -> None:
    out = tmp_path / "out"
    line = [a.replace("{out}", str(out)) for a in args]
    target = Path(next(a for a in line if a.startswith(str(out))))
    if inside is not None:
        target.mkdir()
        target = target / (_report_json_name() if inside == "REPORT" else inside)
    target.write_text("mine", encoding="utf-8")
    before = sorted(os.listdir(tmp_path))
    result = run(*line)
    assert result.exit_code == 2, (what, result.output)
    assert result.stderr == f"error: {target}: file exists; use --force to overwrite it\n", what
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(os.listdir(tmp_path)) == before  # nothing else written either


def test_the_refusal_is_translated(tmp_path: Path) -> None:
    out = tmp_path / "records.md"
    out.write_text("mine", encoding="utf-8")
    result = run("plan", "records", "--population", "120", "-o", str(out), ITSM_ASSESS_LANG="fi")
    assert result.exit_code == 2
    assert result.stderr == f"Virhe: {out}: tiedosto on jo olemassa; korvaa se valitsimella --force\n"


def test_force_replaces_the_file(tmp_path: Path) -> None:
    out = tmp_path / "records.md"
    out.write_text("mine", encoding="utf-8")
    assert run("plan", "records", "--population", "120", "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") != "mine"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
        else:
            found.append((f"{prefix}{name}", command))
    return found


#: Commands with an output and no --force, and why.
NO_FORCE = {
    "plan render": "re-renders plan.md/.html/.xlsx/.ics from the edited plan.yaml: derived files, rewritten by design",
}


def test_every_command_with_an_output_takes_force() -> None:
    missing = []
    for name, command in _commands(cli):
        params = {p.name for p in command.params}
        if params & {"output", "out_dir"} and "force" not in params and name not in NO_FORCE:
            missing.append(name)
    assert not missing
    assert "plan render" in dict(_commands(cli))  # the exception names a real command


def test_the_writers_list_covers_every_command_with_force_on_a_file() -> None:
    merging = {"assess import", "assess survey", "report import-actions"}  # --force takes the file's values
    merging |= {"catalogue import"}  # replaces a whole catalogue folder (never another folder): its own check
    with_force = {name for name, command in _commands(cli) if "force" in {p.name for p in command.params}}
    tested = {w[0] for w in WRITERS} | {"report write"}  # `report X.yaml` is `report write X.yaml`
    assert with_force - merging - tested == {"plan documents", "plan guides", "plan new"}  # need a plan: test_planning_plan


def _option_calls(path: Path) -> list[str]:
    """Option flags declared with click.option directly in a command module."""
    flags = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "option"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "click"):
            flags += [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return flags


@pytest.mark.parametrize("module", sorted(p.name for p in CLI_DIR.glob("*.py") if p.name != "options.py"))
def test_shared_options_come_from_the_factories(module: str) -> None:
    own = set(_option_calls(CLI_DIR / module)) & {"-o", "--output", "--output-dir", "--force", "--format", "--lang"}
    assert not own, f"{module}: use output_option / force_option / format_option / formats_option / lang_option"


def test_the_refusal_is_coded_once() -> None:
    src = ROOT / "src" / "itsm_assess"
    holders = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                     if "use --force to overwrite" in p.read_text(encoding="utf-8"))
    assert holders == ["files.py"]


def test_formats_option_parses_a_list_and_names_the_unknown() -> None:
    from itsm_assess.cli.options import formats_option

    seen: list[list[str]] = []

    @click.command()
    @formats_option(default="html,xlsx", choices=("html", "xlsx"), help_text="Formats.")
    def command(formats: list[str]) -> None:
        seen.append(formats)

    runner = CliRunner()
    assert runner.invoke(command, []).exit_code == 0
    assert runner.invoke(command, ["--format", " xlsx, html,xlsx "]).exit_code == 0
    assert seen == [["html", "xlsx"], ["xlsx", "html"]]
    bad = runner.invoke(command, ["--format", "pdf,html,doc"])
    assert bad.exit_code == 2 and "pdf, doc: expected a comma-separated list of html, xlsx" in bad.output
    assert runner.invoke(command, ["--format", ","]).exit_code == 2


def test_option_factories_work_bare_and_called() -> None:
    from itsm_assess.cli.options import force_option, output_option

    def body(**kwargs: object) -> None:
        return None

    for decorate in (force_option, force_option(help_text="Replace answers."), output_option,
                     output_option(required=True)):
        command: Callable[..., None] = click.command()(decorate(body))
        assert isinstance(command, click.Command) and command.params
