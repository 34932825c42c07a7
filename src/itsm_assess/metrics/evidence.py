"""Metrics as evidence for the assessment: each KPI beside the requirements it gives evidence for.

``report --metrics metrics.json`` adds a section to the gap report, the same in every format
(HTML, Excel, slides, JSON): the scorecard's headline (index and RAG counts of the KPIs against
their targets), every KPI with its value, target, RAG and the requirements it evidences, the data
checks, and per requirement of the report that some KPI evidences or a check names, its rating
and finding as assessed beside the KPIs and checks. Each finding on such a requirement gets the
same lines (``findings``), so that the Findings table shows the evidence beside the finding. The checks are leads for sampling, never
findings by themselves. Everything a renderer shows is worked out here, once, already localised.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from itsm_assess.errors import InputError
from itsm_assess.i18n import gettext_for, localize, message
from itsm_assess.i18n.formats import RAG_WORDS, format_month_period, rag_word

if TYPE_CHECKING:
    from itsm_assess.reports.view_model import ReportView

FORMAT_NAME = "itsm-assess-metrics"
RAG_ORDER = ("G", "A", "R", "X")


class KpiEvidence(TypedDict):
    """One KPI over all teams and the period, against the scorecard's target when it has one."""

    id: str
    title: str
    status: str  # computed / not-computable
    #: The figure as computed (a share 0-1, hours, days, ...; a dict of shares for a channel mix), None without.
    value: Any
    unit: str
    #: ``value`` as people read it, in the report's language (Babel).
    value_text: str
    #: Decimals shown and the word after the figure (h, d, EUR; empty for shares and counts), for
    #: renderers that keep the figure a number (the Excel cell formats).
    digits: int
    suffix: str
    n: int
    target: float | None
    target_text: str
    #: G / A / R against the target, X when a target has no figure; None when the scorecard sets no target.
    rag: str | None
    #: Requirement ids the KPI gives evidence for (all of them, in the report or not).
    requirements: list[str]
    #: The data checks raised on this KPI, in the report's language.
    checks: list[str]
    #: Why the KPI is not computable (None when it is).
    reason: str | None
    #: One line: ``Title: value (n=…; target …: R)``.
    text: str


class CheckEvidence(TypedDict):
    """A data check: a KPI beyond its threshold that points at a likely finding."""

    id: str
    kpi: str
    grade: str
    grade_label: str
    requirements: list[str]
    text: str


class RequirementEvidence(TypedDict):
    """A requirement of the report with the KPIs that evidence it and the checks that name it."""

    id: str
    title: str
    rating: str | None
    finding_label: str
    #: Rating and finding as assessed, as shown: ``L · Minor nonconformity`` (– when not rated).
    assessed: str
    kpis: list[KpiEvidence]
    checks: list[str]


class FindingEvidence(TypedDict):
    """The ticket-data evidence beside one finding: the KPIs that evidence its requirements and the
    data checks that name them, each line led by those requirement ids."""

    id: str
    #: ``PRB-04: Time to root cause, median: 12.0 d (n=2; target …: R)``, then the data checks.
    lines: list[str]


class MetricsFigure(TypedDict):
    label: str
    value: str


class MetricsEvidence(TypedDict):
    """The section: labels, period, headline figures, KPIs, checks and rows per requirement."""

    labels: dict[str, str]
    period: dict[str, Any]
    scorecard: str
    index: float | None
    #: Headline figures, in order: the index, KPIs on target / amber / red, data checks.
    figures: list[MetricsFigure]
    rag_counts: dict[str, int]
    kpis: list[KpiEvidence]
    checks: list[CheckEvidence]
    rows: list[RequirementEvidence]
    #: Per finding id, the evidence beside it (only findings on a requirement some KPI or check concerns).
    findings: dict[str, FindingEvidence]


def check_metrics(data: Any, where: str) -> dict[str, Any]:
    """``data`` if it is a ``metrics compute`` result, else InputError naming ``where``."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME or not isinstance(data.get("kpis"), list):
        raise InputError(message("{where}: not a metrics.json of `itsm-assess metrics compute`", where=where))
    return data


def _labels(lang: str, period: dict[str, Any]) -> dict[str, str]:
    from itsm_assess.metrics.render import labels as scorecard_labels

    _ = gettext_for(lang)
    words = scorecard_labels(lang)
    return {
        "title": _("Evidence from ticket data"), "sheet": _("Metrics evidence"), "requirement": _("Requirement"),
        "kpi": _("KPI"), "value": _("Value"), "records": _("Records"), "assessed": _("As assessed"),
        "target": words["target"], "status": words["status"], "requirements": words["requirements"],
        "evidence_for": words["evidence"], "reason": words["reason"], "legend": words["legend"],
        "grade": _("Likely finding"), "kpis": _("KPIs against their targets"),
        "checks": _("Data checks (leads for sampling, not findings)"),
        "no_checks": _("No data check points at a likely finding."),
        "by_requirement": _("By requirement"),
        "see_section": _("All KPIs and data checks"),
        # The period as the scorecard writes it ("1–4/2026"), one notation in every output.
        "intro": _("KPIs from the organisation's own ITSM exports for {period}, beside the requirements they give "
                   "evidence for.").format(period=format_month_period(period.get("first"), period.get("last"), lang)
                                           or "?"),
        "targets_from": _("Targets and status colours (green, amber, red) from the scorecard {title}; its staff "
                          "survey measures are not part of this report."),
    }


def evidence_section(metrics: dict[str, Any], requirements: Sequence[Mapping[str, Any]], lang: str,
                     scorecard: str | os.PathLike[str] | None = None,
                     findings: Sequence[Mapping[str, Any]] = ()) -> MetricsEvidence:
    """The section's data for ``metrics`` (a ``metrics compute`` result) against the scorecard at
    ``scorecard`` (default: the bundled balanced one), the report's ``requirements`` rows and its
    ``findings`` rows."""
    from itsm_assess.i18n.formats import digits_beside, format_number
    from itsm_assess.metrics.render import display, display_digits
    from itsm_assess.metrics.render import labels as scorecard_labels
    from itsm_assess.metrics.scorecard import evaluate, load_scorecard
    from itsm_assess.metrics.summary import unit_suffix

    _ = gettext_for(lang)
    period = metrics.get("period") or {}
    lab = _labels(lang, period)
    card = evaluate(load_scorecard(scorecard), metrics, None, lang)
    targets = {m["id"]: m for p in card["perspectives"] for m in p["measures"] if m["kind"] == "kpi"}
    currency = metrics.get("currency")
    checks: list[CheckEvidence] = []
    grade_words = scorecard_labels(lang)
    for c in metrics.get("checks", []):
        text = c.get("text") or {}
        checks.append({"id": c["id"], "kpi": c["kpi"], "grade": c["grade"],
                       "grade_label": grade_words.get(f"grade_{c['grade']}", c["grade"]),
                       "requirements": list(c.get("requirements", [])),
                       "text": text.get(lang) or text.get("en", "")})
    # In a sentence the status reads as its colour's name, never as a bare letter.
    colour_words = {status: rag_word(status, lang) for status in RAG_WORDS}
    kpis: list[KpiEvidence] = []
    for k in metrics["kpis"]:
        computed = k.get("status") == "computed"
        value = k.get("value") if computed else None
        measure = targets.get(k["id"])
        target = None if measure is None else float(measure["target"])
        title = localize(k["title"], lang)
        value_text = display(value, k["unit"], lang, currency, target)
        target_text = "–" if target is None else display(target, k["unit"], lang, currency)
        rag = None if measure is None else measure["rag"]
        n = int(k.get("n", 0)) if computed else 0
        if not computed:
            text = _("{title}: not computable").format(title=title)
        elif rag is None:
            text = _("{title}: {value} (n={n})").format(title=title, value=value_text, n=n)
        else:
            text = _("{title}: {value} (n={n}; target {target}: {rag})").format(
                title=title, value=value_text, n=n, target=target_text, rag=colour_words.get(rag, rag))
        kpis.append({"id": k["id"], "title": title, "status": k.get("status", "not-computable"), "value": value,
                     "unit": k["unit"], "value_text": value_text, "n": n,
                     "digits": digits_beside(value, target, display_digits(k["unit"]), percent=k["unit"] == "share")
                     if isinstance(value, int | float) else display_digits(k["unit"]),
                     "suffix": unit_suffix(k["unit"], lang, currency), "target": target,
                     "target_text": target_text, "rag": rag, "requirements": list(k.get("evidences", [])),
                     "checks": [c["text"] for c in checks if c["kpi"] == k["id"]],
                     "reason": None if computed else (k.get("reason_text") or {}).get(lang, k.get("reason") or ""),
                     "text": text})
    by_requirement: dict[str, tuple[list[KpiEvidence], list[str]]] = {}
    for kpi in kpis:
        if kpi["status"] == "computed":
            for rid in kpi["requirements"]:
                by_requirement.setdefault(rid, ([], []))[0].append(kpi)
    for check in checks:
        for rid in check["requirements"]:
            by_requirement.setdefault(rid, ([], []))[1].append(check["text"])
    beside = _beside_findings(findings, kpis, checks, _)
    rows: list[RequirementEvidence] = []
    for q in requirements:
        found = by_requirement.get(q["id"])
        if found:
            rating, finding = q.get("rating"), q.get("finding_label") or ""
            rows.append({"id": q["id"], "title": q.get("title") or "", "rating": rating, "finding_label": finding,
                         "assessed": " · ".join(x for x in (rating or "–", finding) if x),
                         "kpis": found[0], "checks": found[1]})
    counts = {status: sum(1 for k in kpis if k["rag"] == status) for status in RAG_ORDER}
    with_target = sum(1 for k in kpis if k["rag"] is not None)
    index = card["index"]
    figures: list[MetricsFigure] = [
        {"label": _("Scorecard index (ticket data)"),
         "value": "–" if index is None else f"{format_number(index, lang, 1)} / 100"},
        {"label": _("KPIs on target"), "value": f"{counts['G']} / {with_target}"},
        {"label": _("KPIs within the amber limit"), "value": str(counts["A"])},
        {"label": _("KPIs beyond the amber limit"), "value": str(counts["R"])},
        {"label": _("Data checks"), "value": str(len(checks))},
    ]
    lab["targets_from"] = lab["targets_from"].format(title=card["scorecard"]["title"])
    return {"labels": lab, "period": period, "scorecard": card["scorecard"]["title"], "index": index,
            "figures": figures, "rag_counts": counts, "kpis": kpis, "checks": checks, "rows": rows,
            "findings": beside}


def _beside_findings(findings: Sequence[Mapping[str, Any]], kpis: list[KpiEvidence], checks: list[CheckEvidence],
                     _: Any) -> dict[str, FindingEvidence]:
    """Per finding, the computed KPIs that evidence one of its requirements and the checks that name
    one, each once, led by the finding's requirement ids it concerns (``PRB-04: Time to root cause…``)."""
    out: dict[str, FindingEvidence] = {}
    for f in findings:
        own = list(f.get("requirements") or [])
        lines: list[str] = []
        for kpi in kpis:
            ids = [r for r in own if r in kpi["requirements"]]
            if ids and kpi["status"] == "computed":
                lines.append(f"{', '.join(ids)}: {kpi['text']}")
        for check in checks:
            ids = [r for r in own if r in check["requirements"]]
            if ids:
                lines.append(f"{', '.join(ids)}: " + _("Data check ({grade}) – {text}").format(
                    grade=check["grade_label"].lower(), text=check["text"]))
        if lines:
            out[f["id"]] = {"id": f["id"], "lines": lines}
    return out


def attach_metrics_evidence(view: ReportView, metrics: dict[str, Any],
                            scorecard: str | os.PathLike[str] | None = None) -> None:
    """Add the evidence section to ``view`` (before the method section)."""
    section = evidence_section(metrics, view.requirements, view.lang, scorecard, view.findings)
    view.metrics_evidence = section
    at = next((i for i, s in enumerate(view.sections) if s["id"] == "method"), len(view.sections))
    view.sections.insert(at, {"id": "metrics", "title": section["labels"]["title"]})
