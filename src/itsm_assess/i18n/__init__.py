"""Languages, localised catalogue text and the gettext catalogues of the user interface.

Catalogue content (requirements, checklists, policies) is YAML with a mapping of language to
text; :func:`localize` picks one. Interface strings (report labels, CLI messages, generated
sentences) are English in the code and translated through gettext message catalogues in
``i18n/locale/<lang>/LC_MESSAGES/itsm_assess.po``, read as they are at run time (no compiled
``.mo`` to keep current or to conflict on, and nothing to build for a wheel or an editable
install). A language is supported when its catalogue exists: adding Swedish is one PO file, no code.
Number, percentage and date formats live in :mod:`itsm_assess.i18n.formats` (Babel, imported
only when something is formatted).
"""

from __future__ import annotations

import datetime
import gettext
import io
import os
import re
import struct
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path

DOMAIN = "itsm_assess"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
ENV_VARIABLE = "ITSM_ASSESS_LANG"


def _discover_languages() -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (DEFAULT_LANGUAGE, *(lang for lang in found if lang != DEFAULT_LANGUAGE))


LANGUAGES: tuple[str, ...] = _discover_languages()


def localize(text: Mapping[str, str] | str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text in ``lang``, falling back to English, then to any language present."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if lang in text and text[lang]:
        return text[lang]
    if DEFAULT_LANGUAGE in text:
        return text[DEFAULT_LANGUAGE]
    return next(iter(text.values()), "")


def check_language(lang: str) -> str:
    """Return ``lang`` if supported, else raise ValueError naming the supported ones."""
    if lang not in LANGUAGES:
        raise ValueError(message("unsupported language {lang!r}; expected one of {names}", lang=lang,
                                 names=", ".join(LANGUAGES)))
    return lang


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    return re.sub(r'\\(.)', lambda m: _ESCAPES.get(m.group(1), m.group(1)), text.strip()[1:-1])


def read_po_messages(text: str) -> dict[str, str]:
    """The translated entries of a PO file, keyed as gettext keys them in a compiled catalogue
    (``context\\x04msgid``; ``msgid\\x00msgid_plural`` with the plural forms joined by ``\\x00``).
    Fuzzy and untranslated entries are left out, as ``msgfmt`` leaves them out."""
    messages: dict[str, str] = {}
    entry: dict[str, str] = {}
    fuzzy = False
    field = ""

    def flush() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            key = entry["msgid"]
            if "msgid_plural" in entry:
                key += "\x00" + entry["msgid_plural"]
                forms = [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr["))]
                value = "\x00".join(forms) if all(forms) else ""
            else:
                value = entry.get("msgstr", "")
            if "msgctxt" in entry:
                key = entry["msgctxt"] + "\x04" + key
            if value:
                messages[key] = value
        entry, fuzzy = {}, False

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                flush()
                fuzzy = True
            elif not line and entry:
                flush()
            continue
        if line.startswith('"'):
            entry[field] = entry.get(field, "") + _unquote(line)
            continue
        field, _, rest = line.partition(" ")
        if field in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in entry):
            flush()  # a new entry begins without a blank line before it
        entry[field] = _unquote(rest)
    flush()
    return messages


def _catalogue_bytes(messages: dict[str, str]) -> bytes:
    """``messages`` in the GNU ``.mo`` layout (as ``msgfmt`` writes it), for :class:`gettext.GNUTranslations`."""
    keys = sorted(messages)
    ids = b"".join(k.encode("utf-8") + b"\0" for k in keys)
    strs = b"".join(messages[k].encode("utf-8") + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)
    table_ids, table_strs = [], []
    pos_id = pos_str = 0
    for k in keys:
        kb, vb = len(k.encode("utf-8")), len(messages[k].encode("utf-8"))
        table_ids += [kb, start + pos_id]
        table_strs += [vb, start + len(ids) + pos_str]
        pos_id, pos_str = pos_id + kb + 1, pos_str + vb + 1
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return header + struct.pack(f"<{len(table_ids)}I", *table_ids) + struct.pack(f"<{len(table_strs)}I", *table_strs) \
        + ids + strs


@cache
def _po_messages(lang: str) -> dict[str, str]:
    """The translated entries of ``lang``'s PO file (none for English or a language without one)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT_LANGUAGE or not po.is_file():
        return {}
    return read_po_messages(po.read_text(encoding="utf-8"))


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The message catalogue of ``lang``, read from its PO file (English, the source language,
    translates to itself; a language without a catalogue falls back to English)."""
    messages = _po_messages(lang)
    if not messages:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(_catalogue_bytes(messages)))


def gettext_for(lang: str) -> Callable[[str], str]:
    """``_`` for ``lang``: English source text in, translated text out."""
    return translations(lang).gettext


def pgettext_for(lang: str) -> Callable[[str, str], str]:
    """``pgettext`` for ``lang``: (context, English source text) in, translated text out."""
    return translations(lang).pgettext


#: An interface label: its gettext context and its English text. Written ``_p(context, English)``
#: where it is defined (``_p`` is an extraction keyword in babel.cfg) and worded where it is shown.
Label = tuple[str, str]


def _p(context: str, english: str) -> Label:
    """Mark a label for extraction (``_p:1c,2`` in babel.cfg: the context, then the English text)
    and keep it as a :data:`Label`; it is worded where it is shown (:func:`worded`,
    ``pgettext_for(lang)(*label)``). Modules import this one marker: ``from itsm_assess.i18n import _p``."""
    return context, english


def label_table(*labels: Label) -> dict[str, Label]:
    """``labels`` keyed by the part of their context after its first dot (``"plan.scope"`` -> ``"scope"``)."""
    return {context.partition(".")[2]: (context, english) for context, english in labels}


def worded(labels: Mapping[str, Label], lang: str) -> dict[str, str]:
    """A table of labels in ``lang``: each label's translation, or its English text where the
    language's catalogue lacks it."""
    pgettext = pgettext_for(lang)
    return {key: pgettext(*label) for key, label in labels.items()}


def translated(label: Label, lang: str) -> str | None:
    """``label`` in ``lang``, or None when the language's catalogue does not translate it (English
    is always there: it is the source text)."""
    context, english = label
    if lang == DEFAULT_LANGUAGE:
        return english
    return _po_messages(lang).get(f"{context}\x04{english}")


def in_languages(label: Label, languages: Iterable[str] = LANGUAGES) -> dict[str, str]:
    """``label`` as content text (``{lang: text}``): English and each of ``languages`` that
    translates it, for data that carries every language at once (export formats, tables whose
    rows mix catalogue titles and interface labels)."""
    texts = {DEFAULT_LANGUAGE: label[1]}
    for lang in languages:
        text = translated(label, lang)
        if text:
            texts[lang] = text
    return texts


def _words(listed: str) -> set[str]:
    return {w.strip().casefold() for w in listed.split(",") if w.strip()}


@cache
def typed_yes_no() -> tuple[frozenset[str], frozenset[str]]:
    """The words an input file may write for yes and for no, casefolded: English and every shipped
    language's (each PO translates the comma-separated list, e.g. ``kyllä, k``)."""
    yes: set[str] = set()
    no: set[str] = set()
    for lang in LANGUAGES:
        pgettext = pgettext_for(lang)
        yes |= _words(pgettext("input_words", "yes, y"))
        no |= _words(pgettext("input_words", "no, n"))
    return frozenset(yes), frozenset(no)


def lower_first(text: str) -> str:
    """A title inside a sentence or a list: ``"Normal change"`` -> ``"normal change"``
    (``"Vakiomuutos"`` -> ``"vakiomuutos"``, ``"A standard process is defined"`` -> ``"a standard
    process is defined"``); an acronym or a code stays (``"ERP change"``, ``"CAB"``, ``"P1 incident"``)."""
    if len(text) > 1 and text[0].isupper() and not (text[1].isupper() or text[1].isdigit()):
        return text[0].lower() + text[1:]
    return text


def N_(text: str) -> str:
    """Mark ``text`` for extraction without translating it here (translated where it is shown)."""
    return text


def N_plural(one: str, many: str) -> tuple[str, str]:  # noqa: N802 - the gettext marker convention
    """Mark a singular and plural pair for extraction (``N_plural:1,2``); worded with ``ngettext``
    where the count is known."""
    return one, many


def resolve_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The interface language: ``explicit`` (``--lang``), else ``ITSM_ASSESS_LANG``, else the
    locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English. Unsupported locales fall back to English."""
    if explicit:
        return check_language(explicit)
    env = os.environ if environ is None else environ
    wanted = env.get(ENV_VARIABLE, "").strip()
    if wanted:
        return check_language(wanted)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return code if code in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


class Message(str):
    """English text that keeps its source and values, so that the CLI can show it in the user's
    language. It *is* the English string (the library and its tests see plain text)."""

    msgid: str
    params: dict[str, object]
    #: The gettext context of a label shown as a message (:meth:`label`), else None.
    context: str | None = None

    def __new__(cls, msgid: str, **params: object) -> Message:
        self = super().__new__(cls, msgid.format(**params) if params else msgid)
        self.msgid = msgid
        self.params = params
        return self

    @classmethod
    def worded_as(cls, english: str, msgid: str, **params: object) -> Message:
        """A message whose English text is ``english`` (another library's own wording, kept as it
        was) and whose translation is ``msgid`` (marked with :func:`N_`) filled with ``params``."""
        self = str.__new__(cls, english)
        self.msgid = msgid
        self.params = params
        return self

    @classmethod
    def label(cls, label: Label) -> Message:
        """A :data:`Label` (marked with :func:`_p`) as a message: its English text until shown,
        worded with its context (a field name, a yes or no inside a message)."""
        self = str.__new__(cls, label[1])
        self.context, self.msgid = label
        self.params = {}
        return self

    def in_language(self, lang: str) -> str:
        """The text in ``lang`` (its values translated too, numbers in the language's format)."""
        values = {k: _shown_value(v, lang) for k, v in self.params.items()}
        translated = pgettext_for(lang)(self.context, self.msgid) if self.context else gettext_for(lang)(self.msgid)
        try:
            return translated.format(**values) if values else translated
        except (KeyError, IndexError, ValueError):  # a broken translation never hides the error itself
            return str(self)


class _Rendered(Message):
    render: Callable[[str], str]

    def in_language(self, lang: str) -> str:
        return self.render(lang)


def rendered(render: Callable[[str], str]) -> str:
    """A value of a message worded by ``render(lang)`` when it is shown (English until then): a
    list of codes or counts built from several labels, which no single msgid can hold."""
    self = str.__new__(_Rendered, render(DEFAULT_LANGUAGE))
    self.msgid, self.params, self.render = str(self), {}, render
    return self


def message(msgid: str, **params: object) -> str:
    """A translatable message (extracted by ``make i18n-extract``), English until shown: a
    :class:`Message`, typed as the ``str`` it is so that lists of problems stay ``list[str]``."""
    return Message(msgid, **params)


class _PluralMessage(Message):
    plural: str
    number: int

    def in_language(self, lang: str) -> str:
        values = {k: _shown_value(v, lang) for k, v in self.params.items()}
        translated = translations(lang).ngettext(self.msgid, self.plural, self.number)
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):
            return str(self)


def plural_message(one: str, many: str, count: int, **params: object) -> str:
    """A translatable message worded for ``count`` (``plural_message:1,2`` in babel.cfg): the
    whole sentence in the plural form the language uses for that number, so that a noun, a verb
    or a word for "one" agrees with it. ``count`` is also a value of the message."""
    params = {"count": count, **params}
    self = str.__new__(_PluralMessage, (one if count == 1 else many).format(**params))
    self.msgid, self.plural, self.number, self.params = one, many, count, params
    return self


class _LocalNumber:
    """A number shown in a message in the conventions of a language: a format spec with a
    thousands separator, decimals or a percent sign (``{size:,}``, ``{share:.1%}``) is applied
    with the language's locale data (``12 345``, ``89,8 %`` in Finnish); a plain ``{line}`` stays as is."""

    def __init__(self, value: int | float, lang: str) -> None:
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        from itsm_assess.i18n.formats import format_number, format_percent

        digits_match = re.search(r"\.(\d+)", spec)
        digits = int(digits_match.group(1)) if digits_match else 0
        if spec.endswith("%"):
            return format_percent(self.value, self.lang, digits)
        if "," in spec or spec.endswith("f"):
            return format_number(self.value, self.lang, digits)
        return format(self.value, spec)

    def __repr__(self) -> str:
        return repr(self.value)

    def __str__(self) -> str:
        return str(self.value)


#: How a language quotes a text inside a sentence (“Capacity is sufficient” in English, ”CHG-99”
#: in Finnish): the one rule for titles, labels and values, in reports and in messages alike.
QUOTATION_MARKS = _p("quotation_marks", "“{}”")


def quoted_text(text: str, lang: str) -> str:
    """``text`` as it is, in ``lang``'s quotation marks: a title, label or answer named in prose
    (``“Capacity is sufficient”``, ``”Täyttyy, parannusmahdollisuus”``)."""
    return pgettext_for(lang)(*QUOTATION_MARKS).format(text)


def quoted(value: object, lang: str) -> str:
    """``value`` as a message names it: in ``lang``'s quotation marks (``”8.3.2027”`` in Finnish),
    escaped as ``repr`` escapes it (a line break stays ``\\n``, so an error keeps to one line);
    English messages, and a value that is not text (None, a number, a list), as ``repr`` shows it."""
    if lang == DEFAULT_LANGUAGE or not isinstance(value, str):
        return repr(value)
    return quoted_text(repr(value)[1:-1], lang)


class Quoted:
    """A value a message quotes: ``message("... {id} ...", id=Quoted(x))`` shows ``'x'`` in English
    and the language's own marks when the message is translated (:func:`quoted`)."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        return repr(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class QuotedInLanguage(str):
    """A text value of a translated message (ours or Click's): ``{value!r}`` quotes it in the language's marks."""

    lang: str

    def __new__(cls, value: str, lang: str) -> QuotedInLanguage:
        self = super().__new__(cls, value)
        self.lang = lang
        return self

    def __repr__(self) -> str:
        return quoted(str(self), self.lang)


def _shown_value(value: object, lang: str) -> object:
    if isinstance(value, BaseException) and value.args and isinstance(value.args[0], Message):
        value = value.args[0]  # an exception carrying a message: its text, translated
    if isinstance(value, Message):
        value = translate(value, lang)
        return QuotedInLanguage(value, lang)
    if isinstance(value, Quoted):
        return quoted(value.value, lang)
    if isinstance(value, datetime.date):  # a day as the language writes it (5.10.2026 in Finnish)
        from itsm_assess.i18n.formats import format_date

        return format_date(value, lang)
    if isinstance(value, str):
        return QuotedInLanguage(value, lang)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _LocalNumber(value, lang)
    return value


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is a :class:`Message` (its values translated too, numbers in
    the language's format), else unchanged."""
    if not isinstance(text, Message) or lang == DEFAULT_LANGUAGE:
        return str(text)
    return text.in_language(lang)
