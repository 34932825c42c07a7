"""Metrics as evidence for the assessment: each KPI beside the requirements it gives evidence for.

``report --metrics metrics.json`` adds a section to the gap report: per requirement of the report
that some KPI evidences, its rating and finding as assessed, the KPIs over the period (value and
the records behind it) and the data checks that point at it. The checks are leads for sampling,
never findings by themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itsm_assess.errors import InputError
from itsm_assess.i18n import gettext_for, localize, message

if TYPE_CHECKING:
    from itsm_assess.reports.view_model import ReportView

FORMAT_NAME = "itsm-assess-metrics"


def check_metrics(data: Any, where: str) -> dict[str, Any]:
    """``data`` if it is a ``metrics compute`` result, else InputError naming ``where``."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME or not isinstance(data.get("kpis"), list):
        raise InputError(message("{where}: not a metrics.json of `itsm-assess metrics compute`", where=where))
    return data


def evidence_section(metrics: dict[str, Any], requirements: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """The section's data: rows per requirement in the report that a computed KPI or a check names."""
    from itsm_assess.metrics.summary import format_value

    _ = gettext_for(lang)
    by_requirement: dict[str, dict[str, list[Any]]] = {}
    for kpi in metrics["kpis"]:
        if kpi.get("status") != "computed":
            continue
        shown = {"id": kpi["id"], "title": localize(kpi["title"], lang), "n": kpi.get("n", 0),
                 "value": format_value(kpi.get("value"), kpi["unit"], lang, metrics.get("currency"))}
        for rid in kpi.get("evidences", []):
            by_requirement.setdefault(rid, {"kpis": [], "checks": []})["kpis"].append(shown)
    for check in metrics.get("checks", []):
        text = (check.get("text") or {}).get(lang) or (check.get("text") or {}).get("en", "")
        for rid in check.get("requirements", []):
            by_requirement.setdefault(rid, {"kpis": [], "checks": []})["checks"].append(text)
    rows = []
    for q in requirements:
        found = by_requirement.get(q["id"])
        if found:
            rows.append({"id": q["id"], "title": q.get("title") or "", "rating": q.get("rating"),
                         "finding_label": q.get("finding_label") or "", "kpis": found["kpis"],
                         "checks": found["checks"]})
    period = metrics.get("period") or {}
    return {
        "labels": {"title": _("Evidence from ticket data"), "requirement": _("Requirement"), "kpi": _("KPI"),
                   "value": _("Value"), "records": _("Records"), "assessed": _("As assessed"),
                   "checks": _("Data checks (leads for sampling, not findings)"),
                   "intro": _("KPIs from the organisation's own ITSM exports, {first} to {last}, beside the "
                              "requirements they give evidence for.").format(first=period.get("first", "?"),
                                                                              last=period.get("last", "?"))},
        "period": period, "rows": rows,
    }


def attach_metrics_evidence(view: ReportView, metrics: dict[str, Any]) -> None:
    """Add the evidence section to ``view`` (before the method section)."""
    section = evidence_section(metrics, view.requirements, view.lang)
    view.metrics_evidence = section
    at = next((i for i, s in enumerate(view.sections) if s["id"] == "method"), len(view.sections))
    view.sections.insert(at, {"id": "metrics", "title": section["labels"]["title"]})
