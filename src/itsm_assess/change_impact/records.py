"""A change record from typed values (YAML, JSON, ``--set``) or export cells: conversion and checks.

Every attribute's text is converted by its declared type; nothing is guessed: an empty cell is an
absent attribute, a value that does not fit is an error naming what was expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from itsm_assess.change_impact.terms import (
    BUILTIN_ATTRIBUTES,
    CATEGORIES,
    CHANGE_MANAGEMENT,
    DESIGN_TRANSITION,
    RECORD_FIELDS,
    SERVICES_ATTRIBUTE,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import localize, message, pgettext_for, rendered, typed_yes_no

if TYPE_CHECKING:  # the policy imports this module to check its worked examples
    from itsm_assess.change_impact.policy import Policy

#: Yes and no in any language (i18n.typed_yes_no adds the words of each language's PO catalogue).
_TRUE = frozenset({"true", "1", "x", "on"})
_FALSE = frozenset({"false", "0", "off"})
_ROUTE_ALIASES = {DESIGN_TRANSITION: DESIGN_TRANSITION, CHANGE_MANAGEMENT: CHANGE_MANAGEMENT,
                  "8.5.2": DESIGN_TRANSITION, "8.5.1.3": CHANGE_MANAGEMENT, "8.5.1": CHANGE_MANAGEMENT}


def converter(name: str, policy: Policy, number_locale: str | None = None) -> Callable[[str], Any]:
    """A function turning the text of attribute ``name`` (from CSV, XLSX or ``--set``) into its value.

    Empty text becomes ``None`` (absent). Raises ValueError saying what was expected. Numbers
    follow ``number_locale`` (see :func:`number_parser`).
    """
    if name == "recorded_category":
        return _choice_converter(CATEGORIES)
    if name == "recorded_route":
        def route(text: str) -> str | None:
            s = text.strip()
            if not s:
                return None
            try:
                return _ROUTE_ALIASES[s.casefold()]
            except KeyError:
                raise ValueError(message("{value!r} is not a route; expected {design} or {change}", value=s, design=DESIGN_TRANSITION, change=CHANGE_MANAGEMENT)) from None
        return route
    if name == "recorded_approvals":
        return _list_converter(())
    if name in ("id", "title"):
        return lambda text: text.strip() or None
    attr = policy.attributes.get(name)
    if attr is None:
        raise KeyError(name)
    if attr.type == "number":
        return number_parser(number_locale)
    if attr.type == "boolean":
        return _boolean
    if attr.type == "choice":
        return _choice_converter(attr.values)
    if attr.type == "list":
        if name == SERVICES_ATTRIBUTE and not attr.values and policy.service_names:
            return _services_converter(policy.service_names)
        return _list_converter(attr.values)
    return lambda text: text.strip() or None


#: Spaces a thousands group may be written with where the locale groups with a space.
_GROUP_SPACES = " \u00a0\u202f"


@cache
def number_format(locale: str) -> tuple[re.Pattern[str], str, str, str]:
    """How ``locale`` writes numbers, from Babel's locale data: a pattern (grouping in threes, one
    decimal separator), the group separators, the decimal separator and an example."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

    try:
        loc = Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        raise ValueError(message("number locale {locale!r} is not known (expected a language code such as en, fi "
                                 "or sv)", locale=locale)) from None
    group, decimal = get_group_symbol(loc), get_decimal_symbol(loc)
    groups = _GROUP_SPACES if group.isspace() else group
    pattern = re.compile(f"[+\\-\u2212]?(?:[0-9]{{1,3}}(?:[{re.escape(groups)}][0-9]{{3}})+|[0-9]+)"
                         f"(?:{re.escape(decimal)}[0-9]+)?")
    example = f"{format_decimal(1200, locale=loc)} or {format_decimal(1.5, locale=loc)}"
    return pattern, groups, decimal, example

_PLAIN_INTEGER = re.compile(r"[+-]?[0-9]+")
_SPACE_GROUPED = re.compile("[+-]?[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+")
_ONE_SEPARATOR = re.compile(r"[+-]?([0-9]+)[.,]([0-9]+)")
_STATE_LOCALE = message("state the number format in the column map (locale: en reads 1,200 and 1.5; locale: fi reads 1 200 and 1,5)")


def number_parser(locale: str | None = None) -> Callable[[str], int | float | None]:
    """A parser of numbers as written in ``locale`` (``en``, ``fi``, any locale Babel knows), or in
    no stated locale.

    Never guesses: with no locale, ``1,200`` and ``1.200`` (one separator, three digits after
    it: a thousands group or a decimal?) are refused as ambiguous; ``1.5``, ``1,5``, ``1 200``
    and ``1200`` are not. With a locale, text that does not follow it is refused.
    """
    stated = number_format(locale) if locale is not None else None

    def parse(text: str) -> int | float | None:
        s = text.strip()
        if not s:
            return None
        if _PLAIN_INTEGER.fullmatch(s):
            return int(s)
        if locale is None:
            if _SPACE_GROUPED.fullmatch(s):
                return int(re.sub("[ \u00a0\u202f]", "", s))
            m = _ONE_SEPARATOR.fullmatch(s)
            if m is None:
                raise ValueError(message("{value!r} is not a number; {hint}", value=s, hint=_STATE_LOCALE)
                                 if re.search("[0-9]", s) else message("{value!r} is not a number", value=s))
            if len(m.group(2)) == 3 and m.group(1)[0] != "0" and len(m.group(1)) <= 3:
                raise ValueError(message("{value!r} is ambiguous (a thousands separator or a decimal?); {hint}", value=s, hint=_STATE_LOCALE))
            v = float(s.replace(",", "."))
        else:
            assert stated is not None
            pattern, groups, decimal, example = stated
            if not pattern.fullmatch(s):
                raise ValueError(message("{value!r} is not a number as written in locale {locale} (e.g. {example})", value=s, locale=locale, example=example))
            t = s.replace("\u2212", "-")
            for g in groups:
                t = t.replace(g, "")
            v = float(t.replace(decimal, "."))
        if not math.isfinite(v):
            raise ValueError(message("{value!r} is not a finite number", value=s))
        return int(v) if v.is_integer() else v

    return parse


_number = number_parser()


def number_text(value: float, locale: str | None = None) -> str:
    """A typed number (a spreadsheet's numeric cell) as text that :func:`number_parser` of
    ``locale`` reads back exactly, never as an ambiguous ``1.200``."""
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text or "n" in text:  # 1e-07, inf, nan: plain digits (non-finite ones stay refused)
        text = f"{value:.20f}".rstrip("0") if math.isfinite(value) else text
    whole, _, frac = text.lstrip("-").partition(".")
    if locale is None and len(frac) == 3 and whole[:1] != "0" and len(whole) <= 3:
        text += "0"  # 1.125 -> 1.1250: the same value, no longer readable as 1125
    return text.replace(".", number_format(locale)[2]) if locale is not None else text


def _boolean(text: str) -> bool | None:
    s = text.strip().casefold()
    if not s:
        return None
    yes, no = typed_yes_no()
    if s in _TRUE or s in yes:
        return True
    if s in _FALSE or s in no:
        return False
    raise ValueError(message("{value!r} is not yes or no; yes is written {yes}, no {no}", value=text.strip(),
                             yes="/".join(sorted(_TRUE | yes)), no="/".join(sorted(_FALSE | no))))


def _choice_converter(values: tuple[str, ...]) -> Callable[[str], str | None]:
    lookup = {v.casefold(): v for v in values}
    shown = ", ".join(values)

    def choice(text: str) -> str | None:
        s = text.strip()
        if not s:
            return None
        try:
            return lookup[s.casefold()]
        except KeyError:
            raise ValueError(message("{value!r} is not one of {shown}", value=s, shown=shown)) from None

    return choice


def _list_converter(values: tuple[str, ...]) -> Callable[[str], tuple[str, ...] | None]:
    allowed = frozenset(values)

    def items(text: str) -> tuple[str, ...] | None:
        parts = tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())
        if not parts:
            return None
        if allowed:
            bad = [p for p in parts if p not in allowed]
            if bad:
                raise ValueError(message("{value!r} is not one of {names}", value=bad[0], names=', '.join(values)))
        return parts

    return items


def _services_converter(names: dict[str, str]) -> Callable[[str], tuple[str, ...] | None]:
    """Services named by id or title (any case) become their ids; other names stay as given (not under change control?)."""
    split = _list_converter(())

    def services(text: str) -> tuple[str, ...] | None:
        items = split(text)
        return None if items is None else tuple(names.get(s.casefold(), s) for s in items)

    return services


def record_from_mapping(
    data: object,
    policy: Policy,
    where: Callable[[tuple[str, ...]], str] | None = None,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """Check a change given as typed values (YAML, JSON, Python) and return the record to classify.

    Text is converted like a CSV cell; numbers, booleans and lists must fit the attribute's type.
    Unknown attributes are errors (a misspelt attribute would otherwise be silently missing).
    Problems are appended to ``problems`` when given, else raised as :class:`InputError`.
    """
    own = problems is None
    found: list[str] = [] if problems is None else problems
    place = where or (lambda key: "change")
    record: dict[str, Any] = {}
    if not isinstance(data, Mapping):
        found.append(message("{place}: expected a change: a mapping of attribute names to values", place=place(())))
    else:
        unknown = False
        for key, value in data.items():
            loc = (str(key),)
            if not isinstance(key, str) or (key not in policy.attributes and key not in RECORD_FIELDS):
                found.append(_unknown_attribute(place(loc), key, policy))
                unknown = True
                continue
            try:
                record[key] = _typed_value(key, value, policy)
            except ValueError as exc:
                found.append(message("{place}: {field}: {error}", place=place(loc), field=key, error=exc.args[0] if exc.args else exc))
        if unknown:  # the attributes a change may carry, named once after the unknown ones
            found.append(message("{place}: the policy's attributes are {names}; a change may also carry {fields}",
                                 place=place(()), names=_attributes_named(policy), fields=", ".join(RECORD_FIELDS)))
    if own and found:
        raise InputError(found)
    return record


def _unknown_attribute(place: str, key: object, policy: Policy) -> str:
    """An attribute the policy does not declare, with the one it most likely means."""
    import difflib

    close = difflib.get_close_matches(str(key), [*policy.attributes, *RECORD_FIELDS], n=1, cutoff=0.8)
    if close:
        return message("{place}: {key}: unknown attribute; did you mean {close!r}?", place=place, key=key, close=close[0])
    return message("{place}: {key}: unknown attribute", place=place, key=key)


def _attributes_named(policy: Policy) -> str:
    """The policy's attributes as a change names them, each with its title in the reader's language
    (``cost_eur (Kustannus)``)."""

    def named(lang: str) -> str:
        pgettext = pgettext_for(lang)
        titles = {name: pgettext(*spec["title"]) for name, spec in BUILTIN_ATTRIBUTES.items()}
        titles.update({name: localize(a.title, lang) for name, a in policy.file.attributes.items()})
        return ", ".join(f"{name} ({titles.get(name, name)})" for name in sorted(policy.attributes))

    return rendered(named)


def _typed_value(name: str, value: Any, policy: Policy) -> Any:
    if value is None:
        return None
    convert = converter(name, policy)
    if isinstance(value, str):
        return convert(value)
    attr = policy.attributes.get(name)
    kind = attr.type if attr else ("list" if name == "recorded_approvals" else "text")
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(message("{value!r} is not a finite number", value=value))
        return value
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "list" and isinstance(value, list):
        return convert(",".join(str(v) for v in value if v is not None)) if all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value) else _bad(value, message("a list of names"))
    if kind in ("text",) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    expected = {"number": message("a number"), "boolean": message("true or false"), "list": message("a list of names"),
                "choice": message("one of {values}", values=", ".join(attr.values if attr else ())), "text": message("text")}[kind]
    return _bad(value, expected)


def _bad(value: Any, expected: str) -> Any:
    raise ValueError(message("{value!r} is not {expected}", value=value, expected=expected))
