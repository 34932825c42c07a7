"""Generate the command reference (docs/cli.md) from every command's ``--help``.

Run ``python -m itsm_assess.docgen > docs/cli.md`` (or ``make docs``); a test fails when the
committed reference differs from what this prints.
"""

from __future__ import annotations

from collections.abc import Iterator

import click


def iter_commands(group: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command under ``group`` depth first, with its path of names."""
    yield path, group
    if isinstance(group, click.Group):
        for name in sorted(group.commands):
            yield from iter_commands(group.commands[name], (*path, name))


def help_text(path: tuple[str, ...]) -> str:
    from click.testing import CliRunner

    from itsm_assess.cli import cli

    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="itsm-assess", terminal_width=100)
    if result.exit_code != 0:  # pragma: no cover - would mean a broken command
        raise RuntimeError(f"--help failed for {' '.join(path)}: {result.output}")
    return result.output.rstrip() + "\n"


def render() -> str:
    from itsm_assess.cli import cli

    out = [
        "# Command reference",
        "",
        "Generated from each command's `--help` by `make docs` (`python -m itsm_assess.docgen`);",
        "do not edit by hand. A test fails when this file is out of date.",
        "",
    ]
    for path, _command in iter_commands(cli):
        title = " ".join(("itsm-assess", *path))
        out += [f"## {title}", "", "```text", help_text(path).rstrip(), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(render(), end="")
