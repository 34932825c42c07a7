"""The certification-readiness reasons in words, in English or Finnish, from ``readiness.reason_codes``.

The results keep ``reasons`` as English sentences (for compatibility); reports and the table
print these localised sentences instead, built from the codes (data), never by translating text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from itsm_assess.scoring.contract import ReadinessEntry, ReasonCode

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
    "undecided-not-conforming": {
        "en": ("1 shall requirement rated below F with no nonconformity or OFI decision recorded: {items}",
               "{count} shall requirements rated below F with no nonconformity or OFI decision recorded: {items}"),
        "fi": ("1 velvoittava vaatimus on arvioitu alle F:n, eikä poikkeamaa tai parannuspäätöstä ole kirjattu: {items}",
               "{count} velvoittavaa vaatimusta on arvioitu alle F:n, eikä poikkeamaa tai parannuspäätöstä ole "
               "kirjattu: {items}"),
    },
    "na-unaccepted": {
        "en": ("1 requirement of {scope} marked not applicable without an accepted justification "
               "(the standard allows no exclusions there): {items}",
               "{count} requirements of {scope} marked not applicable without an accepted justification "
               "(the standard allows no exclusions there): {items}"),
        "fi": ("1 pakollisen alueen ({scope}) vaatimus on merkitty soveltumattomaksi ilman hyväksyttyä perustelua "
               "(standardi ei salli niistä poikkeamista): {items}",
               "{count} pakollisen alueen ({scope}) vaatimusta on merkitty soveltumattomiksi ilman hyväksyttyä "
               "perustelua (standardi ei salli niistä poikkeamista): {items}"),
    },
    "coverage-below-threshold": {
        "en": ("evidence covers {items[0]} of the shall requirements in scope; a verdict needs {items[1]}",) * 2,
        "fi": ("näyttö kattaa {items[0]} laajuuden velvoittavista vaatimuksista; arvio edellyttää {items[1]}",) * 2,
    },
    "self-assessment": {
        "en": ("a self-assessment gives no certification verdict: only an audit of the whole of {scope} "
               "does",) * 2,
        "fi": ("itsearviointi ei anna arviota sertifiointivalmiudesta: sen antaa vain koko pakollisen alueen "
               "({scope}) kattava auditointi",) * 2,
    },
    "open-minor-nc": {
        "en": ("1 open minor nonconformity to correct: {items}",
               "{count} open minor nonconformities to correct: {items}"),
        "fi": ("1 avoin lievä poikkeama korjattavana: {items}",
               "{count} avointa lievää poikkeamaa korjattavana: {items}"),
    },
    "all-clear": {
        "en": ("no open nonconformities, no undecided or unjustified requirements, and every shall "
               "requirement in scope audited",) * 2,
        "fi": ("ei avoimia poikkeamia eikä ratkaisemattomia tai perustelemattomia vaatimuksia, ja kaikki "
               "laajuuden velvoittavat vaatimukset on auditoitu",) * 2,
    },
    "partial-scope": {
        "en": ("the scope does not cover the whole of {scope}, so this is an indication for the scope "
               "only, not a certification verdict; outside the scope: {items}",) * 2,
        "fi": ("arvioinnin laajuus ei kata koko pakollista aluetta ({scope}), joten tulos on suuntaa-antava "
               "arvio vain arvioidusta laajuudesta, ei sertifiointivalmiuden arvio; laajuuden ulkopuolella: {items}",) * 2,
    },
}


def reason_code_names() -> list[str]:
    """Every reason code the scoring emits (and this module words)."""
    return list(_REASONS)


def _listed(items: Sequence[Any]) -> str:
    ids = [str(i) for i in items]
    return ", ".join(ids[:MAX_LISTED]) + (" …" if len(ids) > MAX_LISTED else "")


#: The whole a certification verdict needs, for results written before catalogues named it.
DEFAULT_SCOPE = {"en": "clauses 4-10", "fi": "luvut 4–10"}


def reason_text(code: ReasonCode, lang: str = "en", scope: dict[str, str] | None = None) -> str | None:
    """One reason (``{"code", "count", "items"}``) as a sentence in ``lang``; None for an unknown code.

    ``scope`` names the whole a certification verdict needs (the catalogue's
    ``profile.certification_scope``); ISO/IEC 20000-1's "clauses 4–10" when not given.
    """
    wording = _REASONS.get(str(code.get("code")))
    if wording is None:
        return None
    one, many = wording.get(lang) or wording["en"]
    items = list(code.get("items") or [])
    count = code.get("count", len(items))
    text = one if count == 1 else many
    if "{items[" in text:  # the coverage reason names its two percentages
        return text.format(count=count, items=[str(i) for i in items] + ["", ""])
    words = scope or DEFAULT_SCOPE
    return text.format(count=count, items=_listed(items), scope=words.get(lang) or words.get("en", ""))


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
