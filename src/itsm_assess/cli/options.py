"""Options shared by several commands, defined once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar, overload

import click

from itsm_assess.i18n import LANGUAGES, gettext_for, resolve_language, translate

LANGUAGE_CHOICE = click.Choice(list(LANGUAGES))
#: Where a command keeps the language it was asked for (ctx.meta is shared by nested commands).
LANG_KEY = "itsm_assess.lang"


def ui_language() -> str:
    """The language of messages: the command's --lang, else ITSM_ASSESS_LANG, else the locale."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and LANG_KEY in ctx.meta:
        return str(ctx.meta[LANG_KEY])
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
        ctx.meta[LANG_KEY] = value
    return value


def _resolved_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None:
        value = ui_language()
    _remember_language(ctx, param, value)
    return value


class DateType(click.ParamType):  # type: ignore[type-arg]  # generic from Click 8.2 on
    """A day typed on the command line, as ISO 8601 (``2027-03-08``) or as Finns write it
    (``8.3.2027``, ``08.03.2027``), in every language. A day that does not exist (``2027-02-30``)
    is named as such; anything else is answered with both forms and an example, never with a
    strftime pattern. The command gets a :class:`datetime.date`."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        from itsm_assess.i18n.formats import not_a_date, typed_date_parts, typed_date_problem

        text = str(value).strip()
        parts = typed_date_parts(text)
        if parts is None:
            self.fail(shown(not_a_date(text)), param, ctx)
        problem = typed_date_problem(text)
        if problem is not None:
            self.fail(shown(problem), param, ctx)
        return dt.date(*parts)


#: The type of every option that takes a day (``--start``, ``--end``, ``--stage2`` …).
DATE = DateType()


def catalogue_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--catalogue",
        "catalogue_ref",
        default="iso20000-1-2018",
        show_default=True,
        metavar="ID|PATH",
        help="Bundled catalogue id or the path of a catalogue folder.",
    )(f)


#: Where ``--lang`` comes from when it is not given (the end of every ``--lang`` help text).
LANG_DEFAULT_HELP = ("Default: the environment variable $ITSM_ASSESS_LANG, else the language setting (LANG), "
                     "else English (en).")
#: The help of ``--lang`` where it chooses the language of what a command prints or writes.
OUTPUT_LANG_HELP = "Language of the output and messages. " + LANG_DEFAULT_HELP
#: The help of ``--lang`` where the command's output is the same in every language.
MESSAGES_LANG_HELP = "Language of the messages. " + LANG_DEFAULT_HELP


def lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang``: the language of the output and messages; default ITSM_ASSESS_LANG, else the locale, else en."""
    return click.option("--lang", type=LANGUAGE_CHOICE, default=None, callback=_resolved_language,
                        help=OUTPUT_LANG_HELP)(f)


def messages_lang_option(help_text: str = MESSAGES_LANG_HELP) -> Decorator:
    """``--lang`` of a command that needs no language itself (its text is worded through the
    messages' language): every command that prints accepts ``--lang``; the value is not passed."""
    return click.option("--lang", type=LANGUAGE_CHOICE, default=None, callback=_remember_language,
                        expose_value=False, help=help_text)


def interface_lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``itsm-assess --lang fi COMMAND``: the language of every command's messages and ``--help``
    (a command's own ``--lang`` still chooses its output)."""
    return click.option(
        "--lang", type=LANGUAGE_CHOICE, default=None, callback=_remember_language, expose_value=False, is_eager=True,
        help="Language of the messages and help texts, for every command. " + LANG_DEFAULT_HELP,
    )(f)


def document_lang_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--lang`` of a command whose output defaults to a document's language (an assessment's);
    the messages follow it when given, else ITSM_ASSESS_LANG or the locale."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        return click.option("--lang", type=LANGUAGE_CHOICE, default=None, callback=_remember_language,
                            help=help_text)(f)

    return decorate


FC = TypeVar("FC", bound=Callable[..., Any])


class Decorator(Protocol):
    """What an option factory returns: it decorates a command and gives it back."""

    def __call__(self, f: FC, /) -> FC: ...


def _bare_or_factory(build: Callable[..., Decorator], f: Callable[..., Any] | None, **kwargs: Any) -> Any:
    """Let a factory be used bare (``@force_option``) or called (``@force_option(help_text=...)``)."""
    decorate = build(**kwargs)
    return decorate(f) if f is not None else decorate


def _output(*, required: bool, default: str | None, folder: bool | None, help_text: str | None, flag: str,
            dest: str, multiple: bool, metavar: str | None) -> Decorator:
    if help_text is None:
        help_text = ("Folder to write into." if folder else "Write to this file instead of standard output.")
    return click.option(
        "-o", flag, dest, required=required, default=default, show_default=default is not None,
        type=click.Path() if folder is None else click.Path(file_okay=not folder, dir_okay=folder), multiple=multiple, metavar=metavar, help=help_text,
    )


@overload
def output_option(f: FC, *, required: bool = ..., default: str | None = ..., folder: bool | None = ...,
                  help_text: str | None = ..., flag: str = ..., dest: str = ..., multiple: bool = ...,
                  metavar: str | None = ...) -> FC: ...
@overload
def output_option(f: None = None, *, required: bool = ..., default: str | None = ..., folder: bool | None = ...,
                  help_text: str | None = ..., flag: str = ..., dest: str = ..., multiple: bool = ...,
                  metavar: str | None = ...) -> Decorator: ...
def output_option(f: Callable[..., Any] | None = None, *, required: bool = False, default: str | None = None,
                  folder: bool | None = False, help_text: str | None = None, flag: str = "--output",
                  dest: str = "output", multiple: bool = False, metavar: str | None = None) -> Any:
    """``-o/--output FILE`` (``folder=True``: a folder; ``folder=None``: a folder or a file, the command
    tells them apart by the name's suffix; ``flag="--output-dir"`` where the command
    has always spelled it so). Pair it with :func:`force_option`: the command refuses to replace
    an existing file through :func:`itsm_assess.files.refuse_overwrite`."""
    return _bare_or_factory(_output, f, required=required, default=default, folder=folder,
                            help_text=help_text, flag=flag, dest=dest, multiple=multiple, metavar=metavar)


def _force(*, help_text: str) -> Decorator:
    return click.option("--force", is_flag=True, help=help_text)


@overload
def force_option(f: FC, *, help_text: str = ...) -> FC: ...
@overload
def force_option(f: None = None, *, help_text: str = ...) -> Decorator: ...
def force_option(f: Callable[..., Any] | None = None, *,
                 help_text: str = "Overwrite output files that already exist.") -> Any:
    """``--force``: the one switch that lets a command replace what exists (files, or answers when
    merging: say which in ``help_text``)."""
    return _bare_or_factory(_force, f, help_text=help_text)


def format_option(choices: Sequence[str], *, default: str | None = None, help_text: str) -> Decorator:
    """``--format CHOICE``, one of ``choices``, passed to the command as ``fmt``."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=default is not None, help=help_text)


def formats_option(*, default: str, help_text: str, choices: Sequence[str] | None = None) -> Decorator:
    """``--format LIST``: comma-separated formats, passed to the command as a list ``formats``
    (checked against ``choices`` here when given, else by the library)."""

    def parse(_ctx: click.Context, _param: click.Parameter, value: str) -> list[str]:
        wanted = list(dict.fromkeys(parse_csv_list(value)))
        if not wanted:
            raise click.BadParameter(_("name at least one format"))
        unknown = [f for f in wanted if choices is not None and f not in choices]
        if unknown:
            raise click.BadParameter(_("{formats}: expected a comma-separated list of {choices}").format(
                formats=", ".join(unknown), choices=", ".join(choices or ())))
        return wanted

    return click.option("--format", "formats", default=default, show_default=True, metavar="LIST",
                        callback=parse, help=help_text)


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
        from itsm_assess.i18n.formats import format_number

        more = len(lines) - limit
        click.echo(prefix + _n("... and one more", "... and {count} more", more).format(
            count=format_number(more, ui_language())), err=err)


def emit(text: str, output: str | None, *, force: bool) -> None:
    """Print ``text`` (terminal-safe) or write it atomically to ``output`` (as it is; an existing
    file only with ``force``)."""
    if output:
        from itsm_assess.files import refuse_overwrite, write_text_atomic

        refuse_overwrite([output], force=force)
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
