"""The scorecard: KPIs and survey constructs against targets, by perspective, with weights (YAML).

Each measure gets a RAG status against its target (green at or better than the target, amber up to
the amber limit, red beyond; grey when there is no figure). Points: green 1, amber 0.5, red 0. A
perspective's score is the weighted mean of its measures' points (measures without a figure left
out), the scorecard index the weighted mean of the perspectives' scores, both 0-100. The default
model (``scorecards/balanced.yaml``) follows the balanced-scorecard idea: cost, productivity,
service level, quality, staff wellbeing, customer satisfaction.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from pydantic import Field, StrictFloat, StrictInt, StrictStr

from itsm_assess.errors import InputError
from itsm_assess.i18n import Quoted, localize, message
from itsm_assess.schema import Identifier, LocalizedText, SchemaVersion, StrictModel

FORMAT_NAME = "itsm-assess-scorecard"
POINTS = {"G": 1.0, "A": 0.5, "R": 0.0}
Number = StrictFloat | StrictInt


class Measure(StrictModel):
    kpi: StrictStr | None = None
    #: A construct of the staff survey (written ``construct:`` in the file).
    survey_construct: StrictStr | None = Field(default=None, alias="construct")
    value: Literal["mean", "favourable"] = "mean"
    target: Number
    amber: Number
    weight: Number = Field(default=1, gt=0)
    #: The survey scale the target is written on (``[1, 5]``), for a mean score such as csat.mean:
    #: a figure on another scale is not rated against it.
    scale: list[StrictInt] | None = Field(default=None, min_length=2, max_length=2)


class Perspective(StrictModel):
    id: Identifier
    title: LocalizedText
    weight: Number = Field(gt=0)
    measures: list[Measure] = Field(min_length=1)


class ScorecardInfo(StrictModel):
    id: Identifier
    title: LocalizedText


class ScorecardFile(StrictModel):
    schema_version: SchemaVersion
    scorecard: ScorecardInfo
    perspectives: list[Perspective] = Field(min_length=1)


def default_scorecard_path() -> Any:
    from itsm_assess.resources import package_data

    return package_data("metrics", "scorecards", "balanced.yaml")


def load_scorecard(path: str | os.PathLike[str] | None = None) -> ScorecardFile:
    """The bundled balanced scorecard or the file at ``path``; each measure names one KPI (whose
    direction is known) or one construct, and its amber limit lies beyond its target."""
    from itsm_assess.loading import load_yaml, validate
    from itsm_assess.metrics.definitions import kpi_definitions

    doc = load_yaml(path or default_scorecard_path())
    card = validate(ScorecardFile, doc)
    kpis = kpi_definitions()
    problems = []
    for i, p in enumerate(card.perspectives):
        for j, m in enumerate(p.measures):
            where = doc.where(("perspectives", i, "measures", j))
            if (m.kpi is None) == (m.survey_construct is None):
                problems.append(message("{where}: a measure names either kpi or construct", where=where))
                continue
            if m.kpi is not None and (m.kpi not in kpis or kpis[m.kpi].better == "none"):
                problems.append(message("{where}: kpi {kpi}: not a KPI with a direction; choose one of {known}",
                                        where=where, kpi=Quoted(m.kpi),
                                        known=", ".join(k for k, d in kpis.items() if d.better != "none")))
                continue
            higher = m.survey_construct is not None or kpis[str(m.kpi)].better == "higher"
            if (m.amber > m.target) if higher else (m.amber < m.target):
                problems.append(message("{where}: amber {amber} lies on the good side of target {target}",
                                        where=where, amber=m.amber, target=m.target))
    if problems:
        raise InputError(problems)
    return card


def rag(value: float | None, target: float, amber: float, higher: bool) -> str:
    """G, A, R against the target and amber limit; X without a value."""
    if value is None:
        return "X"
    if higher:
        return "G" if value >= target else "A" if value >= amber else "R"
    return "G" if value <= target else "A" if value <= amber else "R"


def _weighted(parts: list[tuple[float, float | None]]) -> float | None:
    scored = [(w, s) for w, s in parts if s is not None]
    total = sum(w for w, _ in scored)
    return round(100 * sum(w * s for w, s in scored) / total, 1) if total else None


def evaluate(card: ScorecardFile, metrics: dict[str, Any] | None, survey: dict[str, Any] | None,
             lang: str) -> dict[str, Any]:
    """The scorecard as plain data: perspectives with measures (value, target, RAG, trend per month,
    per team), their scores and the index; the KPIs' data checks and what could not be computed."""
    from itsm_assess.metrics.definitions import kpi_definitions

    kpis = {k["id"]: k for k in (metrics or {}).get("kpis", [])}
    definitions = kpi_definitions()
    # Without a survey.json the measures are still named by the bundled instrument's constructs, never by their ids.
    constructs = {c["id"]: c for c in survey.get("constructs", [])} if survey else _bundled_constructs()
    overall = (survey or {}).get("overall") or {}
    groups = (survey or {}).get("groups") or {}
    change = ((survey or {}).get("change") or {}).get("overall", {})
    perspectives: list[dict[str, Any]] = []
    for p in card.perspectives:
        rows = []
        for m in p.measures:
            rows.append(_scale_checked(m, _kpi_row(m, kpis.get(str(m.kpi)), definitions[str(m.kpi)].title, lang,
                                                   metrics is None), metrics, lang)
                        if m.kpi is not None else
                        _construct_row(m, constructs.get(str(m.survey_construct)), overall, groups, change, lang,
                                       survey is None))
        score = _weighted([(float(m.weight), POINTS.get(r["rag"])) for m, r in zip(p.measures, rows, strict=True)])
        perspectives.append({"id": p.id, "title": localize(p.title, lang), "weight": p.weight, "score": score,
                             "measures": rows, "note": _csat_note(p, metrics, lang)})
    index = _weighted([(float(p["weight"]), None if p["score"] is None else p["score"] / 100) for p in perspectives])
    return {
        "format": FORMAT_NAME, "schema_version": 1, "lang": lang,
        "scorecard": {"id": card.scorecard.id, "title": localize(card.scorecard.title, lang)},
        "period": (metrics or {}).get("period"), "teams": (metrics or {}).get("teams", []),
        "currency": (metrics or {}).get("currency"),
        "index": index, "perspectives": perspectives,
        "checks": [{**c, "text": c["text"].get(lang, c["text"]["en"])} for c in (metrics or {}).get("checks", [])],
        "not_computable": [{"id": k["id"], "title": localize(k["title"], lang),
                            "reason": (k.get("reason_text") or {}).get(lang, k["reason"])}
                           for k in (metrics or {}).get("kpis", []) if k["status"] != "computed"],
        "survey": _survey_block(survey, lang) if survey else None,
    }


def _kpi_row(m: Measure, kpi: dict[str, Any] | None, title: dict[str, str], lang: str, no_file: bool
             ) -> dict[str, Any]:
    higher = kpi is not None and kpi["better"] == "higher"
    base: dict[str, Any] = {"kind": "kpi", "id": m.kpi, "title": localize(title, lang), "target": m.target,
                            "amber": m.amber, "weight": m.weight}
    if kpi is None or kpi["status"] != "computed":
        reason = (message("no metrics.json given") if no_file else message("not in metrics.json")) if kpi is None \
            else (kpi.get("reason_text") or {}).get(lang, kpi["reason"])
        from itsm_assess.i18n import translate

        return base | {"value": None, "n": 0, "rag": "X", "reason": translate(reason, lang), "unit": kpi["unit"] if kpi else None,
                       "better": kpi["better"] if kpi else None, "evidences": kpi["evidences"] if kpi else [],
                       "by_month": {}, "by_team": {}}
    by_month = {mo: f["value"] for mo, f in kpi["by_month"].items()}
    by_team = {t: {"value": f["value"], "n": f["n"], "rag": rag(f["value"], m.target, m.amber, higher)}
               for t, f in kpi["by_team"].items()}
    return base | {"value": kpi["value"], "n": kpi["n"], "rag": rag(kpi["value"], m.target, m.amber, higher),
                   "reason": None, "unit": kpi["unit"], "better": kpi["better"], "evidences": kpi["evidences"],
                   "by_month": by_month, "by_team": by_team}


def _csat_note(p: Perspective, metrics: dict[str, Any] | None, lang: str) -> str | None:
    """Under a perspective rating customer-satisfaction KPIs: the responses read, matched and counted,
    those that matched no ticket, the scale, the comments left out (None without results)."""
    csat = (metrics or {}).get("csat")
    if not csat or not any(str(m.kpi).startswith("csat.") for m in p.measures):
        return None
    from itsm_assess.metrics.summary import csat_lines

    return ". ".join(line.strip() for line in csat_lines(csat, lang)) + "."


def _scale_checked(m: Measure, row: dict[str, Any], metrics: dict[str, Any] | None, lang: str) -> dict[str, Any]:
    """``row`` unrated (X, with the reason) when the measure's target is written on another scale than
    the customer-satisfaction responses use."""
    scale = ((metrics or {}).get("csat") or {}).get("scale")
    if m.scale is None or scale is None or row["value"] is None or [scale["min"], scale["max"]] == m.scale:
        return row
    from itsm_assess.i18n import translate

    reason = message("the target is set on the {first}-{last} scale, the responses use {low}-{high}: set a target "
                     "for that scale in the scorecard", first=m.scale[0], last=m.scale[1], low=scale["min"],
                     high=scale["max"])
    return row | {"rag": "X", "reason": translate(reason, lang),
                  "by_team": {t: f | {"rag": "X"} for t, f in row["by_team"].items()}}


def _bundled_constructs() -> dict[str, dict[str, Any]]:
    """The titles of the bundled staff-survey instrument's constructs, by id."""
    from itsm_assess.metrics.wellbeing import load_instrument

    return {c.id: {"id": c.id, "title": dict(c.title)} for c in load_instrument().constructs}


def _construct_row(m: Measure, construct: dict[str, Any] | None, overall: dict[str, Any], groups: dict[str, Any],
                   change: dict[str, Any], lang: str, no_file: bool) -> dict[str, Any]:
    stats = (overall.get("constructs") or {}).get(str(m.survey_construct)) if overall else None
    value = None if stats is None else stats[m.value]
    title = localize(construct["title"], lang) if construct else str(m.survey_construct)
    unit = "share" if m.value == "favourable" else "scale"
    reason = None
    if value is None:
        from itsm_assess.i18n import translate

        reason = translate(message("no survey.json given") if no_file else
                           message("no survey result reported (fewer respondents than the anonymity threshold)")
                           if construct else message("not a construct of the survey"), lang)
    by_team = {}
    for g, block in groups.items():
        s = (block.get("constructs") or {}).get(str(m.survey_construct))
        if s and s[m.value] is not None:
            by_team[g] = {"value": s[m.value], "n": s["n"], "rag": rag(s[m.value], m.target, m.amber, True)}
    return {"kind": "construct", "id": m.survey_construct, "title": title, "target": m.target, "amber": m.amber,
            "weight": m.weight, "value": value, "n": stats["n"] if stats else 0,
            "rag": rag(value, m.target, m.amber, True), "reason": reason, "unit": unit, "better": "higher",
            "evidences": [], "by_month": {}, "by_team": by_team,
            "change": (change.get(str(m.survey_construct)) or {}).get(m.value)}


def _survey_block(survey: dict[str, Any], lang: str) -> dict[str, Any]:
    overall = survey.get("overall") or {}
    change = (survey.get("change") or {}).get("overall", {})
    rows = []
    for c in survey["constructs"]:
        s = (overall.get("constructs") or {}).get(c["id"]) or {}
        rows.append({"id": c["id"], "title": localize(c["title"], lang), "mean": s.get("mean"),
                     "favourable": s.get("favourable"), "n": s.get("n", 0),
                     "change": (change.get(c["id"]) or {}).get("mean")})
    return {"title": localize(survey["instrument"]["title"], lang), "notice": localize(survey["instrument"]["notice"], lang),
            "respondents": survey["respondents"], "reported": survey.get("overall") is not None,
            "min_group": survey["min_group"], "constructs": rows, "groups": sorted(survey.get("groups") or {})}
