"""Click's own messages (usage errors, the words of help pages) in the user's language.

Click words its errors with the standard :mod:`gettext` functions; its modules bind ``_`` and
``ngettext`` at import. These are Click 8's message ids for the usage errors a user meets and
the headings of a help page, listed so that our PO catalogues carry their translations;
:func:`speaking` points Click's modules at the catalogue of the language chosen while a command
runs (and while a help page is formatted). Click words a number range itself, not through
gettext ("x>=1", "1<=x<=20"): :data:`RANGE_WORDS` words it in the language chosen ("vähintään 1",
"1–20"). Help texts and metavars are translated by :mod:`itsm_assess.cli.help`.

Click's sentences follow the tool's own typography in the language chosen (:class:`_Worded`): a
value Click quotes (``{name!r}``) stands in the language's quotation marks (``valitsinta ”--bogus”
ei ole``), and the sentence after "Error:" starts lower-case, as the tool's own errors do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from itsm_assess.i18n import DEFAULT_LANGUAGE, N_, N_plural, QuotedInLanguage, lower_first, quoted, translations

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
    N_("Choose from:\n\t{choices}"),
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
    N_plural("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."),
)

#: A missing parameter named inside the sentence (Click appends the name after "Missing option",
#: which reads "Valitsin puuttuu '--previous'" in Finnish): worded so in every language but English.
MISSING_WORDS = {
    "argument": N_("Missing argument {name}."),
    "option": N_("Missing option {name}."),
    "parameter": N_("Missing parameter {name}."),
}

#: A number range in words, for the help page's "[x>=1]" and the error "0 is not in the range x>=1.":
#: (lower bound, upper bound) -> message; a bound is "open" when the value must differ from it.
RANGE_WORDS = {
    ("closed", None): N_("at least {min}"),
    ("open", None): N_("more than {min}"),
    (None, "closed"): N_("at most {max}"),
    (None, "open"): N_("less than {max}"),
    ("closed", "closed"): N_("{min} to {max}"),
    ("open", "closed"): N_("more than {min}, at most {max}"),
    ("closed", "open"): N_("at least {min}, less than {max}"),
    ("open", "open"): N_("more than {min}, less than {max}"),
}


#: Click's line of an error: the sentence after it starts lower-case ("Virhe: valitsinta …").
ERROR_LINE = "Error: {message}"
#: The values of "Did you mean …?", a list Click has already quoted ("'--force', '--format'").
SUGGESTIONS = frozenset({"possibility", "possibilities"})


class _Worded(str):
    """A translation Click fills with ``format``: the text values it quotes with ``!r`` stand in
    the language's quotation marks (:func:`itsm_assess.i18n.quoted`), and an error's sentence
    after "Error:" starts lower-case (:func:`itsm_assess.i18n.lower_first`)."""

    lang: str
    msgid: str

    def __new__(cls, text: str, msgid: str, lang: str) -> _Worded:
        self = super().__new__(cls, text)
        self.msgid, self.lang = msgid, lang
        return self

    def _value(self, value: Any) -> Any:
        return QuotedInLanguage(value, self.lang) if isinstance(value, str) else value

    def format(self, *args: Any, **kwargs: Any) -> str:
        if self.msgid == ERROR_LINE and isinstance(kwargs.get("message"), str):
            kwargs["message"] = lower_first(kwargs["message"])
        for name in SUGGESTIONS.intersection(kwargs):  # Click quotes the names it suggests itself
            kwargs[name] = re.sub(r"'([^']*)'", lambda m: quoted(m.group(1), self.lang), str(kwargs[name]))
        return str(self).format(*(self._value(a) for a in args), **{k: self._value(v) for k, v in kwargs.items()})


def _worded(catalogue: Any, lang: str) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    """``gettext`` and ``ngettext`` for Click: the translations as :class:`_Worded` text."""

    def gettext(msgid: str) -> str:
        return _Worded(catalogue.gettext(msgid), msgid, lang)

    def ngettext(one: str, many: str, count: int) -> str:
        return _Worded(catalogue.ngettext(one, many, count), one if count == 1 else many, lang)

    return gettext, ngettext


def _click_modules() -> tuple[Any, ...]:
    """The modules of Click that word messages with their own ``_`` and ``ngettext``."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    return click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types


def _range_in_words(gettext: Callable[[str], str]) -> Callable[[Any], str]:
    def describe(self: Any) -> str:
        def bound(value: object, is_open: bool) -> str | None:
            return None if value is None else "open" if is_open else "closed"

        wording = RANGE_WORDS[(bound(self.min, self.min_open), bound(self.max, self.max_open))]
        return gettext(wording).format(min=self.min, max=self.max)

    return describe


def _hint(exc: Any) -> str:
    """The parameter a usage error is about, as it is typed (``--days``, ``-o / --output``,
    ``ARVIOINTI.yaml``): without Click's quotes, so that the sentence quotes only values."""
    hint = exc.param_hint if exc.param_hint is not None else (
        exc.param.get_error_hint(exc.ctx) if exc.param is not None else "")
    names = hint.split(" / ") if isinstance(hint, str) else list(hint)  # Click's "'-o' / '--output'"
    return " / ".join(name.strip("'") for name in names)


def _bad_parameter_message(gettext: Callable[[str], str]) -> Callable[[Any], str]:
    def format_message(self: Any) -> str:
        if self.param_hint is None and self.param is None:
            return gettext("Invalid value: {message}").format(message=self.message)
        return gettext("Invalid value for {param_hint}: {message}").format(param_hint=_hint(self), message=self.message)

    return format_message


def _missing_parameter_message(gettext: Callable[[str], str]) -> Callable[[Any], str]:
    def format_message(self: Any) -> str:
        kind = self.param_type or (self.param.param_type_name if self.param is not None else "parameter")
        said = gettext(MISSING_WORDS.get(kind, MISSING_WORDS["parameter"])).format(name=_hint(self)).replace("  ", " ")
        extra = self.param.type.get_missing_message(param=self.param, ctx=self.ctx) if self.param is not None else None
        return " ".join(part for part in (said, self.message, extra) if part)

    return format_message


def _choice_message(ngettext: Callable[[str, str, int], str]) -> Callable[..., str]:
    def get_invalid_choice_message(self: Any, value: Any, ctx: Any) -> str:
        choices = ", ".join(str(c) for c in self._normalized_mapping(ctx=ctx).values())  # as typed, unquoted
        return ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", len(self.choices)).format(
            value=value, choice=choices, choices=choices)

    return get_invalid_choice_message


def _point_click_at(gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str]) -> list[tuple[Any, str, Any]]:
    """Let Click word its messages through ``gettext``/``ngettext``; returns what it used before."""
    import click.types

    before = []
    for module in _click_modules():
        for name, function in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, name):
                before.append((module, name, getattr(module, name)))
                setattr(module, name, function)
    ranges = click.types._NumberRangeBase
    before.append((ranges, "_describe_range", ranges.__dict__["_describe_range"]))
    ranges._describe_range = _range_in_words(gettext)  # type: ignore[assignment]
    import click.exceptions

    for cls, words in ((click.exceptions.BadParameter, _bad_parameter_message(gettext)),
                       (click.exceptions.MissingParameter, _missing_parameter_message(gettext))):
        before.append((cls, "format_message", cls.__dict__["format_message"]))
        cls.format_message = words  # type: ignore[method-assign,assignment]
    if "get_invalid_choice_message" in click.types.Choice.__dict__:  # Click 8.2 and later
        before.append((click.types.Choice, "get_invalid_choice_message",
                       click.types.Choice.__dict__["get_invalid_choice_message"]))
        click.types.Choice.get_invalid_choice_message = _choice_message(ngettext)  # type: ignore[method-assign]
    return before


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Click's own words in ``lang`` while the block runs (a command, a help page being formatted);
    English is Click's own text, untouched."""
    if lang == DEFAULT_LANGUAGE:
        yield
        return
    before = _point_click_at(*_worded(translations(lang), lang))
    try:
        yield
    finally:
        for module, name, function in reversed(before):
            setattr(module, name, function)
