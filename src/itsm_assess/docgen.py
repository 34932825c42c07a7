"""Generate the command reference (docs/cli.md) from every command's ``--help``, and hand the
help texts to the translators (:func:`extract_help_texts`, the Babel extractor babel.cfg names).

Run ``python -m itsm_assess.docgen > docs/cli.md`` (or ``make docs``); a test fails when the
committed reference differs from what this prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click


def iter_commands(group: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command under ``group`` depth first, with its path of names."""
    yield path, group
    if isinstance(group, click.Group):
        for name in sorted(group.commands):
            yield from iter_commands(group.commands[name], (*path, name))


def help_texts(root: click.Command) -> Iterator[tuple[str | None, str]]:
    """(gettext context, English text) of every help text under ``root``, as its pages show them."""
    from itsm_assess.cli.help import command_help_texts

    for _path, command in iter_commands(root):
        yield from command_help_texts(command)


def extract_help_texts(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Iterator[Any]:
    """Babel extractor (babel.cfg): this file's own messages, then every ``--help`` text of the CLI
    (the pages are translated when shown: :mod:`itsm_assess.cli.help`)."""
    from babel.messages.extract import extract_python

    from itsm_assess.cli import cli

    yield from extract_python(fileobj, keywords, comment_tags, options)
    seen: set[tuple[str | None, str]] = set()
    for context, text in help_texts(cli):
        if (context, text) not in seen:
            seen.add((context, text))
            yield (0, "pgettext", (context, text), []) if context else (0, None, text, [])


def help_text(path: tuple[str, ...]) -> str:
    from click.testing import CliRunner

    from itsm_assess.cli import cli

    # The reference is English whatever the language of the shell that runs `make docs`.
    result = CliRunner(env={"ITSM_ASSESS_LANG": "en"}).invoke(cli, [*path, "--help"], prog_name="itsm-assess",
                                                              terminal_width=100)
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
