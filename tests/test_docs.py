"""Every command has help text and appears in the generated command reference, which is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from itsm_assess.cli import cli
from itsm_assess.docgen import iter_commands, render

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "cli.md"
COMMANDS = [path for path, _ in iter_commands(cli)]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "itsm-assess")
def test_command_has_help_and_is_documented(path: tuple[str, ...]) -> None:
    command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    assert "under construction" not in (command.help or "")
    for param in command.params:
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            assert getattr(param, "help", None), f"{' '.join(path)} option {param.name} has no help text"
    title = "## " + " ".join(("itsm-assess", *path))
    assert title + "\n" in REFERENCE.read_text(encoding="utf-8"), f"{title} missing from docs/cli.md"


def test_reference_is_up_to_date() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == render(), "docs/cli.md is stale: run `make docs`"


def test_help_page_names_its_options_whichever_context_asked_first() -> None:
    """Click keeps the first help option a command makes; made while the command ran on its own (a test, a
    library caller) it knew only "--help", and every later page, docs/cli.md too, lost "-h"."""
    from click.testing import CliRunner

    from itsm_assess.docgen import help_text

    command = cli.commands["schema"]
    command._help_option = None  # as if nothing had asked yet
    assert "-h, --help" not in CliRunner().invoke(command, ["--help"]).output  # on its own: the context knows --help only
    assert "-h, --help" in help_text(("schema",))


def test_readme_names_the_two_commands_first() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block


def _tour_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A five-minute tour", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands, current = [], ""
    for line in tour.splitlines():
        line = line.strip()
        if not line or (line.startswith("#") and not current):
            continue
        current += line.removesuffix("\\").strip() + " "
        if not line.endswith("\\"):
            commands.append(current.strip())
            current = ""
    return commands


def test_readme_tour_runs_as_written(tmp_path: Path) -> None:
    """Every command of the README's tour runs, in order, from a folder holding the examples."""
    import shlex
    import subprocess
    import sys

    (tmp_path / "examples").symlink_to(ROOT / "examples")
    exe = str(Path(sys.executable).parent / "itsm-assess")
    commands = _tour_commands()
    assert len(commands) >= 15
    for command in commands:
        argv = shlex.split(command, comments=True)
        assert argv[0] == "itsm-assess", command
        result = subprocess.run([exe, *argv[1:]], cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
    assert (tmp_path / "reports" / "revontuli-2026-report-fi.html").is_file()


def test_readme_python_example_runs(tmp_path: Path) -> None:
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    script = tmp_path / "example.py"
    script.write_text(readme.split("## From Python", 1)[1].split("```python", 1)[1].split("```", 1)[0], encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "3 ready-with-conditions",
        "service-design-and-transition ['8.5.1', '8.5.2', '8.5.3']",
    ]
