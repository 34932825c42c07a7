"""``--help`` in the user's language.

Help texts are written in English in the code (docstrings, ``help=``) and Click keeps them as
written. :class:`HelpCommand` and :class:`HelpGroup` translate them through the gettext catalogue
at the moment a help page is formatted: the command's text, every option's help and metavar, the
usage line and Click's own words ("Usage:", "Options", "Show this message and exit.").
English help pages (and docs/cli.md, generated from them) are Click's own output, untouched.

The language is the one messages use (:func:`itsm_assess.cli.options.ui_language`): ``--lang``
anywhere on the command line (read before Click parses, so ``--help --lang fi`` works too), else
``ITSM_ASSESS_LANG``, else the locale.

Translators find the help texts in the PO file like any message: ``make i18n-extract`` runs
:func:`itsm_assess.docgen.extract_help_texts` (named in babel.cfg), which walks the command tree
and takes each page's texts from :func:`command_help_texts`. No help text is marked by hand, so
a new option's help cannot be missed; tests/test_cli_help_fi.py fails until it is translated.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from itsm_assess.cli.click_messages import speaking
from itsm_assess.cli.options import LANG_KEY, ui_language
from itsm_assess.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations

#: ``--help``'s own help text as Click words it in English (translated when a page is shown).
HELP_OPTION_TEXT = "Show this message and exit."
#: The gettext context of metavars (``FILE``, ``ID|PATH``), so that a placeholder never shares
#: a translation with a word of a sentence.
METAVAR = "metavar"


def language_asked(args: list[str]) -> str | None:
    """The value of ``--lang`` on the command line, if it names a supported language (read before
    Click parses: for Click's own errors and for ``--help`` given before ``--lang``)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGUAGES:
            return value
    return None


def _source(obj: object, attr: str, value: str) -> str:
    """The msgid of a text: a command's docstring as Click shows it (dedented, up to a form feed)."""
    if isinstance(obj, click.Command) and attr in ("help", "short_help", "epilog"):
        return inspect.cleandoc(value).partition("\f")[0]
    return value


def _metavar(param: click.Parameter, ctx: click.Context) -> str | None:
    if isinstance(param, click.Option) and (param.is_flag or param.count or param.hidden):
        return None
    return param.make_metavar(ctx)


def _translatable(command: click.Command, ctx: click.Context) -> Iterator[tuple[object, str, str | None]]:
    """(object, attribute, gettext context) of every text a help page shows."""
    for attr in ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar"):
        yield command, attr, None
    for param in command.get_params(ctx):
        yield param, "help", None
        yield param, "metavar", METAVAR


@contextmanager
def _translated(command: click.Command, ctx: click.Context, lang: str) -> Iterator[None]:
    """``command``'s help texts (and its parameters') in ``lang`` while the block runs."""
    if lang == DEFAULT_LANGUAGE:
        yield
        return
    catalogue = translations(lang)
    saved: list[tuple[object, str, Any]] = []
    try:
        for obj, attr, context in _translatable(command, ctx):
            value = getattr(obj, attr, None)
            if attr == "metavar" and isinstance(obj, click.Parameter):
                shown = _metavar(obj, ctx)
                if shown is None:
                    continue
                saved.append((obj, attr, value))
                obj.metavar = catalogue.pgettext(METAVAR, shown)
            elif isinstance(value, str) and value:
                saved.append((obj, attr, value))
                source = _source(obj, attr, value)
                setattr(obj, attr, catalogue.pgettext(context, source) if context else catalogue.gettext(source))
        with speaking(lang):
            yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)


def _language_of(ctx: click.Context) -> str:
    """The language of ``ctx``'s messages, also once the command has ended (a usage error shown)."""
    return str(ctx.meta.get(LANG_KEY) or ui_language())


def _placeholder(text: str, lang: str) -> str:
    """A piece of a usage line in ``lang``: a metavar (``ASSESSMENT.yaml``) or ``[OPTIONS]``."""
    catalogue = translations(lang)
    worded = catalogue.pgettext(METAVAR, text)
    return worded if worded != text else catalogue.gettext(text)


class _TranslatedHelp(click.Command):
    """A command whose help page, short help and usage errors are shown in the user's language."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        asked = language_asked(args)
        if asked is not None:
            ctx.meta.setdefault(LANG_KEY, asked)
        try:
            return super().parse_args(ctx, args)
        except click.BadParameter as exc:
            # "Missing argument 'ARVIOINTI.yaml'": an argument is named by its metavar, as on the help page
            lang = _language_of(ctx)
            if isinstance(exc.param, click.Argument) and exc.param_hint is None and lang != DEFAULT_LANGUAGE:
                exc.param_hint = f"'{_placeholder(exc.param.make_metavar(ctx), lang)}'"
            raise

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        cached = self._help_option
        if cached is not None and set(cached.opts) != set(self.get_help_option_names(ctx)):
            # Click keeps the first help option it made, under whichever context asked first (a command run on
            # its own knows only "--help", under the group also "-h"): the names of this context win.
            self._help_option = None
        made = self._help_option is None
        option = super().get_help_option(ctx)
        if made and option is not None:
            option.help = HELP_OPTION_TEXT  # the source text even when Click made it while speaking Finnish
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        lang = _language_of(ctx)
        return pieces if lang == DEFAULT_LANGUAGE else [_placeholder(piece, lang) for piece in pieces]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, ctx, ui_language()):
            super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        lang = ui_language()
        if lang == DEFAULT_LANGUAGE:
            return super().get_short_help_str(limit)
        catalogue = translations(lang)
        english = self.help, self.short_help
        try:
            self.help, self.short_help = (catalogue.gettext(_source(self, "help", t)) if t else t for t in english)
            return super().get_short_help_str(limit)
        finally:
            self.help, self.short_help = english


class HelpCommand(_TranslatedHelp):
    """Every command of the CLI (``@click.command(cls=HelpCommand)``; a :class:`HelpGroup`'s
    ``@group.command()`` makes one)."""


class HelpGroup(_TranslatedHelp, click.Group):
    """Every command group of the CLI; its commands and subgroups are translated too."""

    command_class = HelpCommand
    group_class = type  # subgroups made with @group.group() are of the same class


def command_help_texts(command: click.Command) -> Iterator[tuple[str | None, str]]:
    """(gettext context, English text) of every translatable text on ``command``'s help page."""
    ctx = click.Context(command, info_name=command.name)
    for obj, attr, context in _translatable(command, ctx):
        if attr == "metavar" and isinstance(obj, click.Parameter):
            shown = _metavar(obj, ctx)
            typed_as_shown = obj.metavar is None and isinstance(obj.type, click.Choice)
            if shown is not None and not typed_as_shown:
                yield METAVAR, shown  # [en|fi]: what is typed, as it is typed
            continue
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            yield context, _source(obj, attr, value)
