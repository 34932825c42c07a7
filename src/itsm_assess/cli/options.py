"""Options shared by several commands, defined once."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import click

LANGUAGE_CHOICE = click.Choice(["en", "fi"])


def catalogue_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--catalogue",
        "catalogue_ref",
        default="iso20000-1-2018",
        show_default=True,
        metavar="ID|PATH",
        help="Bundled catalogue id or the path of a catalogue folder.",
    )(f)


def lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--lang", type=LANGUAGE_CHOICE, default="en", show_default=True, help="Language of the output."
    )(f)


def output_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        help="Write to this file instead of standard output.",
    )(f)


def force_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--force", is_flag=True, help="Overwrite existing files or answers.")(f)


#: Characters that steer a terminal (ESC starts colour, title and clipboard sequences; C1 CSI
#: does the same on some terminals; CR and backspace overwrite what was shown).
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Error lines printed before "... and N more".
MAX_LINES_SHOWN = 50


def terminal_safe(text: str) -> str:
    """``text`` with terminal control characters shown as ``\\u001b`` (valid inside JSON too)."""
    if _TERMINAL_CONTROL.search(text) is None:
        return text
    return _TERMINAL_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def echo_lines(lines: list[str], prefix: str = "", *, err: bool = True, limit: int = MAX_LINES_SHOWN) -> None:
    """Print up to ``limit`` lines (each terminal-safe), then how many more there were."""
    for line in lines[:limit]:
        click.echo(f"{prefix}{terminal_safe(line)}", err=err)
    if len(lines) > limit:
        click.echo(f"{prefix}... and {len(lines) - limit:,} more", err=err)


def emit(text: str, output: str | None) -> None:
    """Print ``text`` (terminal-safe) or write it atomically to ``output`` (as it is)."""
    if output:
        from itsm_assess.files import write_text_atomic

        write_text_atomic(output, text)
        click.echo(f"wrote {terminal_safe(output)}", err=True)
    else:
        text = terminal_safe(text)
        click.echo(text, nl=not text.endswith("\n"))


def parse_csv_list(value: str | None) -> list[str]:
    """``"CHG, INC"`` -> ``["CHG", "INC"]``."""
    if not value:
        return []
    return [v.strip() for v in value.split(",") if v.strip()]
