"""Numbers, percentages and dates in the conventions of a language, for every output.

Babel supplies the locale data (decimal comma, the no-break space before % and between
thousands in Finnish, Finnish date ranges such as ``5.–7.10.2026``); it is imported on first
use so that importing this module costs nothing. English dates stay ISO 8601 (``2026-10-05``),
as the reports have always written them. Excel number formats are chosen by language here too:
the file carries the pattern, the reader's Excel supplies the decimal separator.
"""

from __future__ import annotations

import datetime as dt
import re
from copy import copy
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel import Locale

from itsm_assess.i18n import N_, _p, gettext_for, pgettext_for, translations

DASH = "–"  # shown for a missing value
EN_DASH = "\u2013"
NBSP = "\u00a0"


#: The mark shown with a red / amber / green / grey status, so that colour is never the only cue;
#: a language gives its own. Finnish uses shapes (● punainen, ▲ keltainen, ✓ vihreä, – ei arvoa):
#: the colour words' initials P, K, V would collide with the rating letters (P = osittain saavutettu)
#: printed in the same tables. The status codes themselves (R, A, G, X) stay as they are in JSON,
#: CSS classes and the theme.
RAG_LETTERS: dict[str, tuple[str, str]] = {
    "R": _p("rag_letter_R", "R"),
    "A": _p("rag_letter_A", "A"),
    "G": _p("rag_letter_G", "G"),
    "X": _p("rag_letter_X", "X"),
}

#: The colour's name, written beside the mark where a table has room ("● Punainen").
RAG_NAMES: dict[str, tuple[str, str]] = {
    "R": _p("rag_R", "Red"),
    "A": _p("rag_A", "Amber"),
    "G": _p("rag_G", "Green"),
}


def rag_letter(status: str | None, lang: str) -> str:
    """``"A"`` -> ``"▲"`` in Finnish: the mark a reader sees beside the colour (X without a status)."""
    return pgettext_for(lang)(*RAG_LETTERS.get(status or "X", RAG_LETTERS["X"]))


#: A status as a word, where a letter would need a legend or could be read as a rating (Finnish P is
#: both punainen and "partially achieved"): in sentences and beside a figure.
RAG_WORDS: dict[str, str] = {"G": N_("green"), "A": N_("amber"), "R": N_("red"), "X": N_("no figure")}


def rag_word(status: str | None, lang: str) -> str:
    """``"R"`` -> ``"punainen"`` in Finnish: the status's colour named (``"ei lukua"`` without a status)."""
    return gettext_for(lang)(RAG_WORDS.get(status or "X", RAG_WORDS["X"]))


def rag_letters(lang: str) -> dict[str, str]:
    """Every status mark in ``lang``, by status code (for legends: ``"{G} on target"``)."""
    return {status: rag_letter(status, lang) for status in RAG_LETTERS}


def rag_text(status: str | None, lang: str) -> str:
    """The mark and the colour's name for a table cell with room: ``"▲ Keltainen"``; the name alone
    where the mark is its initial (``"Amber"``), the bare mark for no status (``"–"`` in Finnish)."""
    mark = rag_letter(status, lang)
    if (key := RAG_NAMES.get(status or "X")) is None:
        return mark
    word = pgettext_for(lang)(*key)
    return word if word.startswith(mark) else f"{mark} {word}"


@cache
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(lang)


def _pattern(lang: str, kind: str, digits: int) -> Any:
    loc = _locale(lang)
    base = loc.percent_formats[None] if kind == "percent" else loc.decimal_formats[None]
    pattern = copy(base)
    pattern.frac_prec = (digits, digits)
    return pattern


def format_number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """``12345.678`` -> ``"12,345.68"`` (en, digits=2) or ``"12 345,68"`` (fi, no-break spaces); None -> ``"–"``."""
    if value is None:
        return DASH
    return str(_pattern(lang, "decimal", digits).apply(value, _locale(lang)))


def count_in_words(count: int, lang: str) -> str:
    """A count from two to nine as a word in running text ("kaksi", "two"), as writers of either
    language do; other counts as digits in ``lang``'s format ("1 200"; one has its own singular sentence)."""
    if not 2 <= count <= 9:
        return format_number(count, lang)
    t = translations(lang)
    words = (t.pgettext("count_word", "two"), t.pgettext("count_word", "three"), t.pgettext("count_word", "four"),
             t.pgettext("count_word", "five"), t.pgettext("count_word", "six"), t.pgettext("count_word", "seven"),
             t.pgettext("count_word", "eight"), t.pgettext("count_word", "nine"))
    word = words[count - 2]
    # A language whose PO has no word yet gets the digits, never the English word.
    untranslated = word == ("two", "three", "four", "five", "six", "seven", "eight", "nine")[count - 2]
    return format_number(count, lang) if untranslated and not lang.startswith("en") else word


def format_percent(value: float | None, lang: str, digits: int = 0) -> str:
    """A share ``0.898`` -> ``"90%"`` (en) or ``"90 %"`` (fi, no-break space); None -> ``"–"``."""
    if value is None:
        return DASH
    return str(_pattern(lang, "percent", digits).apply(value, _locale(lang)))


def format_money(value: float | int | None, currency: str | None, lang: str, digits: int = 2) -> str:
    """An amount in the language's currency pattern from Babel: ``67.72 EUR`` -> ``"67,72 €"`` (fi,
    no-break space) or ``"€67.72"`` (en); without a currency, the number alone; None -> ``"–"``.
    Every output that shows money (CLI, reports, scorecard) writes it through here."""
    if value is None:
        return DASH
    if not currency:
        return format_number(value, lang, digits)
    loc = _locale(lang)
    pattern = copy(loc.currency_formats["standard"])
    pattern.frac_prec = (digits, digits)
    return str(pattern.apply(value, loc, currency=currency, currency_digits=False))


def currency_suffix(currency: str | None, lang: str) -> str:
    """What follows a figure in ``currency`` where the figure and its unit are apart (an Excel number
    format, a column's unit): the symbol where the language writes it after the number (``€`` in
    Finnish), else the ISO code (``EUR`` in English, whose symbol goes before the number)."""
    if not currency:
        return ""
    loc = _locale(lang)
    if "¤" in loc.currency_formats["standard"].suffix[0]:
        from babel.numbers import get_currency_symbol

        return str(get_currency_symbol(currency, loc))
    return currency


def digits_beside(value: float | None, target: float | None, digits: int, *, percent: bool = False,
                  most: int = 3) -> int:
    """Decimals to show ``value`` with beside ``target``: ``digits``, or more where rounding would make a
    figure that misses its target read as meeting it (89.96 % against 90 %: ``"90,0 %"`` -> ``"89,96 %"``),
    or one beyond it read as on it; at most ``most`` more. ``percent``: the value is a share shown as %."""
    if value is None or target is None or value == target:
        return digits
    scale = 100 if percent else 1
    for d in range(digits, digits + most + 1):
        shown, mark = round(value * scale, d), round(target * scale, 9)
        if shown != mark and (shown < mark) == (value < target):
            return d
    return digits + most


def _shown_digits(share: float) -> int:
    """0 for a whole percentage, else 1 (``0.325`` -> ``32.5``)."""
    percent = share * 100
    return 0 if abs(percent - round(percent)) < 1e-9 else 1


def format_percent_range(low: float | None, high: float | None, lang: str) -> str:
    """``(0, 0.15)`` -> ``"0–15%"`` (en) or ``"0–15 %"`` (fi); a lower end above zero is exclusive:
    ``(0.15, 0.325)`` -> ``">15–32.5%"``. Empty when either end is missing."""
    if low is None or high is None:
        return ""
    lower = format_number(low * 100, lang, _shown_digits(low))
    return f"{'>' if low else ''}{lower}{EN_DASH}{format_percent(high, lang, _shown_digits(high))}"


def format_list(items: list[str], lang: str, *, alternatives: bool = False) -> str:
    """``["4.1", "4.2", "4.3"]`` -> ``"4.1, 4.2 ja 4.3"`` (fi) or ``"4.1, 4.2 and 4.3"``; with
    ``alternatives`` the last is joined by "tai" / "or" (Babel's list patterns of the language)."""
    from babel.lists import format_list as babel_list

    if not items:
        return ""
    return str(babel_list(list(items), style="or" if alternatives else "standard", locale=_locale(lang)))


def joined(items: list[str], word: str) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``: items in a sentence, the last two joined by ``word``
    (the language's "and" or "or" from a label table; no comma before it, unlike Babel's English)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


#: The error of a drop-down list given a value not on it, in every workbook that has one.
CHOICE_ERROR = _p("fieldwork.choice_error", "Pick a value from the list: {choices}.")


def choice_error(shown: list[str], lang: str) -> str:
    """``"Valitse arvo luettelosta: N, P tai ES."``: a drop-down's error as a sentence naming its values."""
    return pgettext_for(lang)(*CHOICE_ERROR).format(choices=format_list(shown, lang, alternatives=True))


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_TYPED_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TYPED_FINNISH = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def typed_date_parts(text: str) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of a day typed as ISO 8601 (``2027-03-08``) or as Finns write it
    (``8.3.2027``, ``08.03.2027``), in every language; None for any other form. The numbers are as
    typed: whether that day exists is the caller's question."""
    if iso := _TYPED_ISO.fullmatch(text):
        year, month, day = iso.groups()
    elif finnish := _TYPED_FINNISH.fullmatch(text):
        day, month, year = finnish.groups()
    else:
        return None
    return int(year), int(month), int(day)


def month_name(month: int, lang: str) -> str:
    """The month's name as it stands alone (``"February"``, ``"helmikuu"``; Babel's locale data)."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", "stand-alone", locale=_locale(lang))[month])


def typed_date_problem(text: str) -> str | None:
    """Why ``text``, typed as a day (ISO 8601 or D.M.YYYY), is no day: the month out of range, or
    the day past the month's end (``"'2027-02-30' is not a valid date: February 2027 has 28
    days"``, ``”2027-02-30” ei ole kelvollinen päivämäärä: helmikuussa 2027 on vain 28 päivää`` in
    Finnish); None when the day exists or ``text`` is not typed as a day. One wording for the
    command line's date options and the YAML files' dates."""
    import calendar

    from itsm_assess.i18n import message, rendered

    parts = typed_date_parts(text)
    if parts is None:
        return None
    year, month, day = parts
    if not 1 <= month <= 12:
        return message("{value!r} is not a valid date: the month must be 1 to 12", value=text)
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    return message("{value!r} is not a valid date: {month} {year} has {days} days",
                   value=text, month=rendered(lambda lang: month_name(month, lang)), year=str(year), days=days)


def not_a_date(text: str) -> str:
    """The error for ``text`` that is not typed as a day at all (the command line reads both forms)."""
    from itsm_assess.i18n import message

    return message("{value!r} is not a date; write it as YYYY-MM-DD or D.M.YYYY, e.g. 2027-03-08 or 8.3.2027",
                   value=text)


def format_date(value: str | dt.date | None, lang: str) -> str:
    """``"2025-03-12"`` -> ``"2025-03-12"`` (en) or ``"12.3.2025"`` (fi); text that is no date is kept as it is."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    if lang == "en":
        return day.isoformat()
    from babel.dates import format_date as babel_date

    return str(babel_date(day, "short", locale=_locale(lang)))


def format_period(start: str | dt.date | None, end: str | dt.date | None, lang: str) -> str:
    """A date range: ``"2026-10-05 – 2026-10-07"`` (en) or ``"5.–7.10.2026"`` (fi); one date when both are equal."""
    a, b = _as_date(start), _as_date(end)
    if a is None or b is None:
        return format_date(start, lang) or format_date(end, lang)
    if a == b:
        return format_date(a, lang)
    if lang == "en" or b < a:
        return f"{format_date(a, lang)} {EN_DASH} {format_date(b, lang)}"
    from babel.dates import format_interval

    return str(format_interval(a, b, "yMd", locale=_locale(lang)))


def format_dates(days: list[dt.date], lang: str) -> str:
    """Days as a reader writes them: runs of consecutive days as ranges, the rest listed in order
    (``"19.–21.4.2027"``, ``"19.–20.4.2027, 22.4.2027"`` in Finnish; ``"2027-04-19 – 2027-04-21"`` in English)."""
    runs: list[list[dt.date]] = []
    for day in sorted(set(days)):
        if runs and day - runs[-1][-1] == dt.timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(format_period(run[0], run[-1], lang) for run in runs)


def _as_time(value: str | dt.time) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(value)


def format_time(value: str | dt.time, lang: str) -> str:
    """A time of day (``"08:30"`` or a :class:`datetime.time`): ``"08:30"`` (en, as plan.yaml writes it)
    or the language's short 24-hour time from Babel (``"8.30"`` in Finnish)."""
    moment = _as_time(value)
    if lang == "en":
        return moment.strftime("%H:%M")
    from babel.dates import format_skeleton

    return str(format_skeleton("Hm", moment, locale=_locale(lang)))


def format_time_range(start: str | dt.time, end: str | dt.time, lang: str) -> str:
    """A slot of a day: ``"08:30–09:00"`` (en) or Babel's 24-hour interval (``"8.30–9.00"`` in Finnish)."""
    a, b = _as_time(start), _as_time(end)
    if lang == "en":
        return f"{format_time(a, lang)}{EN_DASH}{format_time(b, lang)}"
    from babel.dates import format_interval

    return str(format_interval(a, b, "Hm", locale=_locale(lang)))


def format_month(value: str | None, lang: str) -> str:
    """A calendar month ``"2026-01"`` -> ``"2026-01"`` (en) or ``"1/2026"`` (fi); other text is kept as it is."""
    text = "" if value is None else str(value)
    year, _, month = text.partition("-")
    if lang == "en" or not (len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return text
    return f"{int(month)}/{year}"


def format_month_period(first: str | None, last: str | None, lang: str) -> str:
    """Months ``"2026-01"``..``"2026-04"`` -> ``"2026-01 – 2026-04"`` (en) or ``"1–4/2026"`` (fi;
    ``"11/2025–2/2026"`` across a year); one month when both are equal."""
    a, b = format_month(first, lang), format_month(last, lang)
    if not a or not b or a == b:
        return a or b
    if lang == "en":
        return f"{a} {EN_DASH} {b}"
    if a.split("/")[-1] == b.split("/")[-1] and "/" in a:
        return f"{a.split('/')[0]}{EN_DASH}{b}"
    return f"{a}{EN_DASH}{b}"


def format_signed(value: float | None, lang: str, digits: int = 2) -> str:
    """A change with its sign: ``+0.19`` / ``-0.02`` (en) or ``+0,19`` / ``−0,02`` (fi, minus sign)."""
    if value is None:
        return DASH
    text = format_number(abs(value), lang, digits)
    if round(value, digits) == 0:
        return text
    minus = "-" if lang == "en" else "\u2212"
    return ("+" if value > 0 else minus) + text


def language_name(code: str, lang: str) -> str:
    """A language's name in ``lang`` from Babel's locale data (``"en"`` -> ``"englanti"`` in Finnish,
    ``"English"`` in English); the code itself when Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).get_language_name(lang) or code)
    except (ValueError, UnknownLocaleError):
        return code


ELLIPSIS = "\u2026"
#: Words a shortened text does not end on (conjunctions and prepositions of the languages).
_DANGLING = frozenset({"ja", "tai", "sekä", "eli", "and", "or", "of", "the", "for", "to", "in", "a", "an", "och", "eller"})


def shorten(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut at a word boundary and ended with "…" when it
    is longer (``"Organisaation toimintaympäristö ja …"`` -> ``"Organisaation toimintaympäristö…"``),
    never in the middle of a word; a single word longer than ``width`` is the only thing cut short."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    room = text[:width - 1]
    words = room.split(" ") if text[width - 1] == " " else room.split(" ")[:-1] or [room]
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()  # "… ja…" reads as a cut sentence; end on the last word that carries meaning
    return " ".join(words).rstrip(" ,;:–-") + ELLIPSIS


def excel_percent_format(lang: str, digits: int = 0) -> str:
    """The cell number format of a share: ``0%`` (en) or ``0 %`` with a no-break space (fi)."""
    number = "0" + ("." + "0" * digits if digits else "")
    sign = "%" if lang == "en" else f'"{NBSP}"%'
    return number + sign


def excel_signed_percent_format(lang: str) -> str:
    """A change in a share, with its sign: ``+5%`` / ``-5%`` (en) or ``+5 %`` / ``−5 %`` (fi)."""
    p = excel_percent_format(lang)
    return f"+{p};-{p};{p}"


def excel_date_format(lang: str) -> str:
    """The cell number format of a date: ``yyyy-mm-dd`` (en, as :func:`format_date`), else the
    language's short date pattern from Babel with a four-digit year (``d.m.yyyy`` in Finnish,
    ``yyyy-mm-dd`` in Swedish)."""
    if lang == "en":
        return "yyyy-mm-dd"
    import re

    pattern = _locale(lang).date_formats["short"].pattern
    return re.sub(r"y+", "yyyy", pattern).replace("M", "m")


def excel_time_format(lang: str) -> str:
    """The cell number format of a time of day, as :func:`format_time` writes it: ``hh:mm`` (en,
    ``08:30``), else the language's 24-hour hours and minutes from Babel with its separator as a
    literal (``h\\.mm``: ``8.30`` in Finnish, whatever the reader's own Excel locale)."""
    if lang == "en":
        return "hh:mm"
    import re

    pattern = _locale(lang).datetime_skeletons["Hm"].pattern
    parts = []
    for token in re.findall(r"'[^']*'|H+|m+|.", pattern):
        if token[0] in "Hm":
            parts.append(("h" if token[0] == "H" else "m") * min(2, len(token)))
        elif token.startswith("'"):
            parts.append(f'"{token[1:-1]}"' if len(token) > 2 else "\\'")
        else:
            parts.append(token if token == ":" else "\\" + token)
    return "".join(parts)


def excel_number_format(digits: int = 0) -> str:
    """A number with ``digits`` decimals and grouped thousands (the reader's Excel picks the symbols)."""
    return "#,##0" + ("." + "0" * digits if digits else "")
