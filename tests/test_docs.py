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


def test_readme_names_the_two_commands_first() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
