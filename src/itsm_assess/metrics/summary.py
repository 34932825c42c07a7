"""The text summary ``metrics compute`` prints: each KPI over all teams and the period."""

from __future__ import annotations

from typing import Any

from itsm_assess.i18n import gettext_for, localize


def format_value(value: Any, unit: str, lang: str, currency: str | None = None) -> str:
    """A KPI value as people read it: 87 %, 4.5 h, 12 d, 1 234, 38 EUR; shares as the three largest."""
    from itsm_assess.i18n.formats import format_number, format_percent

    if value is None:
        return "–"
    if unit == "shares":
        return ", ".join(f"{k} {format_percent(v, lang, 0)}" for k, v in list(value.items())[:3])
    if unit == "share":
        return format_percent(value, lang, 0)
    if unit == "hours":
        return f"{format_number(value, lang, 1)} h"
    if unit == "days":
        return f"{format_number(value, lang, 1)} {'pv' if lang == 'fi' else 'd'}"
    if unit == "money":
        return f"{format_number(value, lang, 2)} {currency or ''}".rstrip()
    if unit == "ratio":
        return format_number(value, lang, 2)
    return format_number(value, lang, 0)


def summary_text(data: dict[str, Any], lang: str) -> str:
    """Lines ``title: value (n)`` for computed KPIs, then the not computable ones with reasons, then checks."""
    _ = gettext_for(lang)
    period = data["period"]
    lines = [_("KPIs {first}..{last}, teams: {teams}").format(first=period["first"], last=period["last"],
                                                            teams=len(data["teams"]))]
    missing: dict[str, list[str]] = {}
    for kpi in data["kpis"]:
        title = localize(kpi["title"], lang)
        if kpi["status"] != "computed":
            missing.setdefault(kpi["reason"], []).append(title)
            continue
        lines.append(f"  {title}: {format_value(kpi['value'], kpi['unit'], lang, data.get('currency'))} (n={kpi['n']})")
    if missing:
        lines.append(_("Not computable:"))
        for reason, titles in missing.items():
            lines.append(f"  {reason}: {', '.join(titles)}" if len(titles) <= 3 else
                         f"  {reason}: " + _("{count} KPIs").format(count=len(titles)))
    if data.get("checks"):
        lines.append(_("Data checks (leads for the audit, not findings):"))
        lines.extend(f"  [{', '.join(c['requirements'])}] {c['text'][lang]}" for c in data["checks"])
    return "\n".join(lines) + "\n"
