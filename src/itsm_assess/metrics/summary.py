"""The text summary ``metrics compute`` prints: each KPI over all teams and the period."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from itsm_assess.i18n import gettext_for, localize, pgettext_for, translations
from itsm_assess.i18n.formats import format_month_period

#: Decimals shown per unit (shares are percentages: 0 here, one where a target is near).
UNIT_DIGITS = {"share": 0, "hours": 1, "days": 1, "money": 2, "ratio": 2, "count": 0, "scale": 2}


def unit_suffix(unit: str, lang: str, currency: str | None = None) -> str:
    """The word after a figure of ``unit``: h, d (pv in Finnish), the currency; empty for the rest."""
    if unit == "hours":
        return "h"
    if unit == "days":
        pgettext = pgettext_for(lang)
        return pgettext("unit", "d")
    if unit == "money":
        from itsm_assess.i18n.formats import currency_suffix

        return currency_suffix(currency, lang)
    return ""


def format_value(value: Any, unit: str, lang: str, currency: str | None = None) -> str:
    """A KPI value as people read it: 87 %, 4.5 h, 12 d, 1 234, €38.00 (38,00 € in Finnish); shares as the
    three largest."""
    from itsm_assess.i18n.formats import format_number, format_percent

    if value is None:
        return "–"
    if unit == "shares":
        return ", ".join(f"{k} {format_percent(v, lang, 0)}" for k, v in list(value.items())[:3])
    if unit == "share":
        return format_percent(value, lang, UNIT_DIGITS["share"])
    if unit == "money":
        from itsm_assess.i18n.formats import format_money

        return format_money(value, currency, lang, UNIT_DIGITS["money"])
    return f"{format_number(value, lang, UNIT_DIGITS.get(unit, 0))} {unit_suffix(unit, lang, currency)}".rstrip()


def summary_text(data: dict[str, Any], lang: str) -> str:
    """Lines ``title: value (n)`` for computed KPIs, then the not computable ones with reasons, then checks."""
    _ = gettext_for(lang)
    period = data["period"]
    lines = [_("KPIs for {period}; teams: {teams}").format(
        period=format_month_period(period["first"], period["last"], lang), teams=len(data["teams"]))]
    missing: dict[str, list[str]] = {}
    for kpi in data["kpis"]:
        title = localize(kpi["title"], lang)
        if kpi["status"] != "computed":
            missing.setdefault((kpi.get("reason_text") or {}).get(lang, kpi["reason"]), []).append(title)
            continue
        lines.append(f"  {title}: {format_value(kpi['value'], kpi['unit'], lang, data.get('currency'))} (n={kpi['n']})")
    if missing:
        lines.append(_("Not computable:"))
        for reason, titles in missing.items():
            # Titles hold commas ("Response time, median"): a semicolon keeps them apart.
            lines.append(f"  {reason}: {'; '.join(titles)}" if len(titles) <= 3 else
                         f"  {reason}: " + _("{count} KPIs").format(count=len(titles)))
    if data.get("csat"):
        lines.extend(csat_lines(data["csat"], lang))
    if data.get("checks"):
        lines.append(_("Data checks (leads for sampling, not findings):"))
        lines.extend(f"  [{', '.join(c['requirements'])}] {c['text'][lang]}" for c in data["checks"])
    return "\n".join(lines) + "\n"


def csat_lines(csat: dict[str, Any], lang: str) -> list[str]:
    """How many survey responses were read, matched a ticket and counted; those that matched none;
    the scale; that comments are counted, not shown."""
    from itsm_assess.i18n import translations
    from itsm_assess.i18n.formats import count_in_words, format_number

    _ = gettext_for(lang)
    ngettext = translations(lang).ngettext
    scale = csat["scale"]

    def count(key: str) -> str:
        return format_number(csat[key], lang, 0)

    # The survey file by its name: a path is the consultant's folder, not the client's business.
    lines = [_("Customer satisfaction results {source}: responses {responses}, with a score {scored}, matched to a "
               "ticket {matched}, in the period {counted}; scale {min}-{max}, satisfied from {top}").format(
        source=PurePath(str(csat["source"])).name, responses=count("responses"), scored=count("scored"), matched=count("matched"),
        counted=count("in_period"), min=scale["min"], max=scale["max"], top=scale["satisfied_from"])]
    if csat["unmatched"]:
        lines.append("  " + ngettext(
            "Not counted: one response that matched no incident or service request given ({examples})",
            "Not counted: {count} responses that matched no incident or service request given (e.g. {examples})",
            csat["unmatched"]).format(count=count_in_words(csat["unmatched"], lang), examples=", ".join(csat["unmatched_examples"]) or "–"))
    if csat["comments"]:
        lines.append("  " + ngettext("Not shown: one comment, as free text may contain personal data",
                                     "Not shown: {count} comments, as free text may contain personal data",
                                     csat["comments"]).format(count=count("comments")))
    return lines


def survey_text(data: dict[str, Any], lang: str) -> str:
    """Per construct over everyone: mean (1-5), favourable share, change; then each group reported."""
    from itsm_assess.i18n.formats import format_number, format_percent, format_signed

    _ = gettext_for(lang)
    lines = [localize(data["instrument"]["title"], lang), localize(data["instrument"]["notice"], lang), ""]
    titles = {c["id"]: localize(c["title"], lang) for c in data["constructs"]}
    withheld = data["withheld"]
    if data["overall"] is None:
        lines.append(translations(lang).ngettext(
            "One respondent: fewer than {min}, nothing is reported", "{count} respondents: fewer than {min}, nothing is reported",
            data["respondents"]).format(count=data["respondents"], min=data["min_group"]))
        return "\n".join(lines) + "\n"
    change = (data.get("change") or {}).get("overall", {})
    blocks = [(_("All respondents"), data["overall"])] + list(data["groups"].items())
    favourable = _("favourable")  # outside the f-string, where extraction finds it
    for name, block in blocks:
        shown_name = _("(other groups)") if name == "(other groups)" else name
        lines.append(f"{shown_name} (n={block['respondents']})")
        for cid, s in block["constructs"].items():
            delta = change.get(cid, {}).get("mean") if name == _("All respondents") else None
            shown = f" ({format_signed(delta, lang, 2)})" if delta is not None else ""
            lines.append(f"  {titles.get(cid, cid)}: {format_number(s['mean'], lang, 2) if s['mean'] is not None else '–'}"
                         f"{shown}, {favourable} {format_percent(s['favourable'], lang, 0)}")
    if withheld["groups"]:
        lines.append(_("Not reported: {groups} groups with {count} respondents in all (fewer than {min})").format(
            groups=withheld["groups"], count=withheld["respondents"], min=data["min_group"]))
    return "\n".join(lines) + "\n"
