"""Languages, localised catalogue text and the gettext catalogues of the user interface.

Catalogue content (requirements, checklists, policies) is YAML with a mapping of language to
text; :func:`localize` picks one. Interface strings (report labels, CLI messages, generated
sentences) are English in the code and translated through gettext message catalogues in
``i18n/locale/<lang>/LC_MESSAGES/itsm_assess.po`` (compiled to ``.mo`` next to it, both kept in
the repository so that a wheel and an editable install work without a build step). A language
is supported when its catalogue exists: adding Swedish is one PO file, no code.
Number, percentage and date formats live in :mod:`itsm_assess.i18n.formats` (Babel, imported
only when something is formatted).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

DOMAIN = "itsm_assess"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
ENV_VARIABLE = "ITSM_ASSESS_LANG"


def _discover_languages() -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (DEFAULT_LANGUAGE, *(lang for lang in found if lang != DEFAULT_LANGUAGE))


LANGUAGES: tuple[str, ...] = _discover_languages()
LANGUAGE_NAMES = {"en": "English", "fi": "suomi", "sv": "svenska"}


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
        raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return lang


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled message catalogue of ``lang`` (English, the source language, translates to itself)."""
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def gettext_for(lang: str) -> Callable[[str], str]:
    """``_`` for ``lang``: English source text in, translated text out."""
    return translations(lang).gettext


def pgettext_for(lang: str) -> Callable[[str, str], str]:
    """``pgettext`` for ``lang``: (context, English source text) in, translated text out."""
    return translations(lang).pgettext


def N_(text: str) -> str:
    """Mark ``text`` for extraction without translating it here (translated where it is shown)."""
    return text


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

    def __new__(cls, msgid: str, **params: object) -> Message:
        self = super().__new__(cls, msgid.format(**params) if params else msgid)
        self.msgid = msgid
        self.params = params
        return self


def message(msgid: str, **params: object) -> Message:
    """A translatable message (extracted by ``make i18n-extract``), English until shown."""
    return Message(msgid, **params)


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is a :class:`Message` (its values translated too), else unchanged."""
    if not isinstance(text, Message) or lang == DEFAULT_LANGUAGE:
        return str(text)
    values = {k: translate(v, lang) if isinstance(v, Message) else v for k, v in text.params.items()}
    translated = gettext_for(lang)(text.msgid)
    try:
        return translated.format(**values) if values else translated
    except (KeyError, IndexError, ValueError):  # a broken translation never hides the error itself
        return str(text)
