"""Languages and localised text: a mapping of language code to string, English required."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "fi")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fi": "suomi"}


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
