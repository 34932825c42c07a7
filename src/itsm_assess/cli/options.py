"""Options shared by several commands, defined once."""

from __future__ import annotations

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


def emit(text: str, output: str | None) -> None:
    """Print ``text`` or write it atomically to ``output``."""
    if output:
        from itsm_assess.files import write_text_atomic

        write_text_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def parse_csv_list(value: str | None) -> list[str]:
    """``"CHG, INC"`` -> ``["CHG", "INC"]``."""
    if not value:
        return []
    return [v.strip() for v in value.split(",") if v.strip()]
