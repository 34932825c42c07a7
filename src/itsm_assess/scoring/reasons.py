"""The certification-readiness reasons in words, in English or Finnish, from ``readiness.reason_codes``.

The results keep ``reasons`` as English sentences (for compatibility); reports and the table
print these localised sentences instead, built from the codes (data), never by translating text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: How many ids a reason names before it ends with "…".
MAX_LISTED = 10

# Per code: (one, many) in each language; {count} and {items} are filled in.
_REASONS: dict[str, dict[str, tuple[str, str]]] = {
    "open-major-nc": {
        "en": ("1 open major nonconformity: {items}", "{count} open major nonconformities: {items}"),
        "fi": ("1 avoin merkittävä poikkeama: {items}", "{count} avointa merkittävää poikkeamaa: {items}"),
    },
    "not-assessed": {
        "en": ("1 requirement in scope not assessed: {items}", "{count} requirements in scope not assessed: {items}"),
        "fi": ("1 laajuuteen kuuluva vaatimus on arvioimatta: {items}",
               "{count} laajuuteen kuuluvaa vaatimusta on arvioimatta: {items}"),
    },
    "open-minor-nc": {
        "en": ("1 open minor nonconformity to correct: {items}",
               "{count} open minor nonconformities to correct: {items}"),
        "fi": ("1 avoin lievä poikkeama korjattavana: {items}",
               "{count} avointa lievää poikkeamaa korjattavana: {items}"),
    },
    "all-clear": {
        "en": ("no open nonconformities and every requirement in scope assessed",) * 2,
        "fi": ("ei avoimia poikkeamia, ja kaikki laajuuteen kuuluvat vaatimukset on arvioitu",) * 2,
    },
    "partial-scope": {
        "en": ("the scope does not cover the whole of clauses 4-10, so the verdict speaks of the readiness of "
               "the scope only, not of certification; outside the scope: {items}",) * 2,
        "fi": ("arvioinnin laajuus ei kata standardin kohtia 4–10 kokonaan, joten tulos kertoo vain arvioidun "
               "laajuuden valmiudesta, ei sertifiointivalmiudesta; laajuuden ulkopuolella: {items}",) * 2,
    },
}


def reason_code_names() -> list[str]:
    """Every reason code the scoring emits (and this module words)."""
    return list(_REASONS)


def _listed(items: Sequence[Any]) -> str:
    ids = [str(i) for i in items]
    return ", ".join(ids[:MAX_LISTED]) + (" …" if len(ids) > MAX_LISTED else "")


def reason_text(code: dict[str, Any], lang: str = "en") -> str | None:
    """One reason (``{"code", "count", "items"}``) as a sentence in ``lang``; None for an unknown code."""
    wording = _REASONS.get(str(code.get("code")))
    if wording is None:
        return None
    one, many = wording.get(lang) or wording["en"]
    items = list(code.get("items") or [])
    count = code.get("count", len(items))
    return (one if count == 1 else many).format(count=count, items=_listed(items))


def readiness_reasons(readiness: dict[str, Any], lang: str = "en", capitalise: bool = False) -> list[str]:
    """The reasons of a results ``readiness`` dict in ``lang``.

    Built from ``reason_codes``; a code this version does not know falls back to the English
    sentence at the same position (results written by a newer version), and results without
    codes fall back to ``reasons``.
    """
    codes = readiness.get("reason_codes")
    english = list(readiness.get("reasons") or [])
    if not isinstance(codes, list):
        texts = english
    else:
        texts = []
        for i, code in enumerate(codes):
            text = reason_text(code, lang) if isinstance(code, dict) else None
            if text is None:
                text = english[i] if i < len(english) else str(code.get("code") if isinstance(code, dict) else code)
            texts.append(text)
    if capitalise:
        texts = [t[:1].upper() + t[1:] for t in texts]
    return texts
