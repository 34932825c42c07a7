"""Options shared by several commands, defined once."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import click

from itsm_assess.i18n import LANGUAGES, gettext_for, resolve_language, translate

LANGUAGE_CHOICE = click.Choice(list(LANGUAGES))
_LANG_KEY = "itsm_assess.lang"


def ui_language() -> str:
    """The language of messages: the command's --lang, else ITSM_ASSESS_LANG, else the locale."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and _LANG_KEY in ctx.meta:
        return str(ctx.meta[_LANG_KEY])
    try:
        return resolve_language()
    except ValueError:
        return "en"


def _(text: str) -> str:
    """A CLI message in the user's language (English source text; extracted by `make i18n-extract`)."""
    return gettext_for(ui_language())(text)


def _n(singular: str, plural: str, count: int) -> str:
    """A CLI message with a count, in the user's language and that language's plural form."""
    from itsm_assess.i18n import translations

    return translations(ui_language()).ngettext(singular, plural, count)


def shown(text: str) -> str:
    """A library message (:class:`itsm_assess.i18n.Message`) in the user's language."""
    return translate(text, ui_language())


def _remember_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.meta[_LANG_KEY] = value
    return value


def _resolved_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None:
        value = ui_language()
    _remember_language(ctx, param, value)
    return value


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
    """``--lang``: the language of the output and messages; default ITSM_ASSESS_LANG, else the locale, else en."""
    return click.option(
        "--lang", type=LANGUAGE_CHOICE, default=None, callback=_resolved_language,
        help="Language of the output and messages. Default: $ITSM_ASSESS_LANG, else the locale (LANG), else en.",
    )(f)


def document_lang_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--lang`` of a command whose output defaults to a document's language (an assessment's);
    the messages follow it when given, else ITSM_ASSESS_LANG or the locale."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        return click.option("--lang", type=LANGUAGE_CHOICE, default=None, callback=_remember_language,
                            help=help_text)(f)

    return decorate


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
        click.echo(prefix + _("... and {count} more").format(count=f"{len(lines) - limit:,}"), err=err)


def emit(text: str, output: str | None) -> None:
    """Print ``text`` (terminal-safe) or write it atomically to ``output`` (as it is)."""
    if output:
        from itsm_assess.files import write_text_atomic

        write_text_atomic(output, text)
        click.echo(_("wrote {path}").format(path=terminal_safe(output)), err=True)
    else:
        text = terminal_safe(text)
        click.echo(text, nl=not text.endswith("\n"))


def processes_option(*, required: bool = False, help_text: str = "Only these processes") -> Callable[..., Any]:
    """``-p CHG -p INC``, ``--processes CHG,INC`` and ``--process CHG`` alike, as one list of ids."""

    def flatten(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> list[str]:
        return list(dict.fromkeys(p for v in values for p in parse_csv_list(v)))

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        return click.option(
            "-p", "--processes", "--process", "process_ids", multiple=True, required=required, metavar="ID[,ID...]",
            callback=flatten,
            help=f"{help_text}: process ids, comma-separated or repeated (-p CHG -p INC); "
                 "`itsm-assess catalogue processes` lists them.",
        )(f)

    return decorate


def parse_csv_list(value: str | None) -> list[str]:
    """``"CHG, INC"`` -> ``["CHG", "INC"]``."""
    if not value:
        return []
    return [v.strip() for v in value.split(",") if v.strip()]
