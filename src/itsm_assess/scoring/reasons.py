"""The certification-readiness reasons in words, in the reader's language, from ``readiness.reason_codes``.

The results keep ``reasons`` as English sentences (for compatibility); reports and the table
print these localised sentences instead, built from the codes (data), never by translating text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from itsm_assess.i18n import N_, N_plural, localize, translations

if TYPE_CHECKING:
    from itsm_assess.scoring.contract import ReadinessEntry, ReasonCode

#: How many ids a reason names before it ends with "…".
MAX_LISTED = 10


# Per code: (one, many) in English, translated through the PO catalogues (ngettext: each language
# its own plural forms); {count}, {items} and {scope} are filled in.
_REASONS: dict[str, tuple[str, str]] = {
    "open-major-nc": N_plural("1 open major nonconformity: {items}", "{count} open major nonconformities: {items}"),
    "not-assessed": N_plural("1 requirement in scope not assessed: {items}",
                             "{count} requirements in scope not assessed: {items}"),
    "undecided-not-conforming": N_plural(
        "1 shall requirement rated below F with no nonconformity or OFI decision recorded: {items}",
        "{count} shall requirements rated below F with no nonconformity or OFI decision recorded: {items}"),
    "na-unaccepted": N_plural(
        "1 requirement of {scope} marked not applicable without an accepted justification "
        "(the standard allows no exclusions there): {items}",
        "{count} requirements of {scope} marked not applicable without an accepted justification "
        "(the standard allows no exclusions there): {items}"),
    "coverage-below-threshold": (N_("evidence covers {items[0]} of the shall requirements in scope; a verdict "
                                    "needs {items[1]}"),) * 2,
    "self-assessment": (N_("a self-assessment gives no certification verdict: only an audit of the whole of "
                           "{scope} does"),) * 2,
    "open-minor-nc": N_plural("1 open minor nonconformity to correct: {items}",
                              "{count} open minor nonconformities to correct: {items}"),
    "all-clear": (N_("no open nonconformities, no undecided or unjustified requirements, and every shall "
                     "requirement in scope audited"),) * 2,
    "partial-scope": (N_("the scope does not cover the whole of {scope}, so this is an indication for the scope "
                         "only, not a certification verdict; outside the scope: {items}"),) * 2,
}


def reason_code_names() -> list[str]:
    """Every reason code the scoring emits (and this module words)."""
    return list(_REASONS)


def _listed(items: Sequence[Any], lang: str) -> str:
    """The ids a reason names, a finding's as the reader sees it (``CHG-05`` for ``CHG-05-finding`` in Finnish)."""
    from itsm_assess.assessment import finding_id_text

    ids = [finding_id_text(str(i), lang) for i in items]
    return ", ".join(ids[:MAX_LISTED]) + (" …" if len(ids) > MAX_LISTED else "")


#: The whole a certification verdict needs, for results written before catalogues named it.
DEFAULT_SCOPE = N_("clauses 4-10")


def reason_text(code: ReasonCode, lang: str = "en", scope: dict[str, str] | None = None) -> str | None:
    """One reason (``{"code", "count", "items"}``) as a sentence in ``lang``; None for an unknown code.

    ``scope`` names the whole a certification verdict needs (the catalogue's
    ``profile.certification_scope``); ISO/IEC 20000-1's "clauses 4–10" when not given.
    """
    wording = _REASONS.get(str(code.get("code")))
    if wording is None:
        return None
    one, many = wording
    items = list(code.get("items") or [])
    count = code.get("count", len(items))
    catalogue = translations(lang)
    text = catalogue.gettext(one) if one == many else catalogue.ngettext(one, many, count)
    if "{items[" in text:  # the coverage reason names its two percentages
        return text.format(count=count, items=[str(i) for i in items] + ["", ""])
    words = localize(scope, lang) if scope else catalogue.gettext(DEFAULT_SCOPE)
    return text.format(count=count, items=_listed(items, lang), scope=words)


def readiness_reasons(readiness: ReadinessEntry, lang: str = "en", capitalise: bool = False) -> list[str]:
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
            text = reason_text(code, lang, readiness.get("scope_label")) if isinstance(code, dict) else None
            if text is None:
                text = english[i] if i < len(english) else str(code.get("code") if isinstance(code, dict) else code)
            texts.append(text)
    if capitalise:
        texts = [t[:1].upper() + t[1:] for t in texts]
    return texts
