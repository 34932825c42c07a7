"""Click's own messages (usage errors, the words of help pages) in the user's language.

Click words its errors with the standard :mod:`gettext` functions; its modules bind ``_`` and
``ngettext`` at import. These are Click 8's message ids for the usage errors a user meets and
the headings of a help page, listed so that our PO catalogues carry their translations;
:func:`speak` points Click's modules at the catalogue of the language chosen. Help pages are
translated when they are formatted (:mod:`itsm_assess.cli.help`).
"""

from __future__ import annotations

from itsm_assess.i18n import DEFAULT_LANGUAGE, N_, translations


def N_plural(one: str, many: str) -> tuple[str, str]:  # noqa: N802 - the gettext marker convention
    return one, many


CLICK_MESSAGES = (
    N_("Error: {message}"),
    N_("Usage:"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("Could not open file {filename!r}: {message}"),
    N_("Aborted!"),
    # The words of a help page (the help texts themselves: cli/help.py).
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    N_plural("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    N_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
)


def speak(lang: str) -> None:
    """Click's usage errors in ``lang`` (English: Click's own text)."""
    if lang == DEFAULT_LANGUAGE:
        return
    import click.core
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    catalogue = translations(lang)
    for module in (click.core, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = catalogue.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = catalogue.ngettext  # type: ignore[attr-defined]
