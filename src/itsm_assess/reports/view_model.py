"""The report's view model: everything a renderer shows, already localised and ordered.

Built from the scoring results dict (the ``itsm-assess/results`` JSON contract), never from
scoring internals, so that the Excel and HTML renderers and the JSON output agree on one view.
Numbers stay numbers here (shares as 0..1 floats, dates as ISO strings); renderers format them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, cast

from itsm_assess.assessment import FINDING_GRADES as FINDING_GRADE_ORDER
from itsm_assess.assessment import (
    FINDING_STATUS_NAMES,
    RATINGS,
    ROW_FINDING_SUFFIX,
    finding_id_text,
    finding_status_name,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import _p, check_language, localize, message, pgettext_for
from itsm_assess.i18n.formats import format_number, joined
from itsm_assess.reports.action_plan import ACTION_STATUSES, PRIORITY_RULE_KEYS, build_action_plan
from itsm_assess.reports.labels import labels as report_labels
from itsm_assess.reports.register import evidence_lines
from itsm_assess.schema import PROCESS_ATTRIBUTES, clause_key
from itsm_assess.scoring.followup import findings_followup
from itsm_assess.scoring.reasons import DEFAULT_SCOPE, readiness_reasons
from itsm_assess.scoring.scale import rating_family

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.change_impact.contract import ChangeSummaryContract
    from itsm_assess.fieldwork.survey_view import SurveySection
    from itsm_assess.metrics.evidence import MetricsEvidence
    from itsm_assess.reports.view_types import (
        ActionPlanRow,
        AssessmentView,
        AttributeCell,
        AttributeTrend,
        ChangeAnalysisView,
        ClauseRow,
        ComparisonView,
        DeviationRow,
        DocumentFacts,
        ExecutiveView,
        FindingRow,
        FollowupView,
        GradeCount,
        IdLabel,
        IdTitle,
        MethodView,
        ModelView,
        NameCount,
        ProcessPage,
        ProcessRow,
        ProcessTrend,
        ReadinessView,
        RegisterView,
        RequirementRow,
    )
    from itsm_assess.scoring.contract import AssessmentInfo, ModelInfo, OverallEntry, ReadinessEntry, ResultsContract

#: Ratings from worst to best; trends compare positions in this order.
RATING_ORDER: tuple[str, ...] = tuple(r for r in RATINGS if r != "NA")
REQUIRED_RESULT_KEYS = (
    "assessment", "model", "processes", "clauses", "requirements", "findings",
    "findings_by_grade", "readiness", "gaps", "overall",
)
MAX_JSON_BYTES = 20 * 1024 * 1024


def _rating_rank(rating: str | None) -> int | None:
    return RATING_ORDER.index(rating) if rating in RATING_ORDER else None


def _trend(before: float | int | None, now: float | int | None, tolerance: float = 0.0) -> str:
    if before is None and now is None:
        return "unchanged"
    if before is None:
        return "new"
    if now is None:
        return "removed"
    if now - before > tolerance:
        return "improved"
    if before - now > tolerance:
        return "worsened"
    return "unchanged"


def _filled_later() -> Any:
    return {}


@dataclass
class ReportView:
    """What the report shows. Rows are plain dicts so that templates and JSON read them alike; their
    shapes are the typed dicts of :mod:`itsm_assess.reports.view_types`."""

    lang: str
    labels: dict[str, str]
    title: str
    assessment: AssessmentView
    model: ModelView
    readiness: ReadinessView
    overall: OverallEntry
    #: Process attributes that appear in at least one process, in ISO/IEC 33020 order.
    attributes: list[str]
    processes: list[ProcessRow]
    clauses: list[ClauseRow]
    findings: list[FindingRow]
    findings_by_grade: list[GradeCount]
    actions: list[ActionPlanRow]
    requirements: list[RequirementRow]
    method: MethodView
    action_statuses: list[IdLabel]
    comparison: ComparisonView | None = None
    change_analysis: ChangeAnalysisView | None = None
    #: KPIs beside the requirements they evidence (``report --metrics``; itsm_assess.metrics.evidence).
    metrics_evidence: MetricsEvidence | None = None
    attribute_names: dict[str, str] = field(default_factory=dict)
    #: The executive summary: verdict with its scope, key messages, RAG by clause and process, figures
    #: (filled by build_report_view once the rows it is read from are there).
    executive: ExecutiveView = field(default_factory=_filled_later)
    #: One page per process (purpose, level, attributes, strengths, weaknesses, what holds it back).
    process_pages: list[ProcessPage] = field(default_factory=list)
    #: The sections in reading order: ``{"id", "title"}``; the requirements annex last, when wanted.
    sections: list[IdTitle] = field(default_factory=list)
    #: Cover-page facts: version, date, distribution, confidentiality.
    document: DocumentFacts = field(default_factory=_filled_later)
    #: Survey answers that differ and comments (``fieldwork.survey_view``); None without a survey.
    survey: SurveySection | None = None
    #: The findings register (``reports.register.register_view``); None without the assessment.
    register: RegisterView | None = None
    #: The follow-up of the previous round's findings (``reports.register.followup_view``).
    followup: FollowupView | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the JSON output (labels left out: they are the same for every report)."""
        data = asdict(self)
        data.pop("labels")
        return data


# --------------------------------------------------------------------------- inputs


def check_results(results: Any, where: str = "results") -> ResultsContract:
    """Return ``results`` if it follows the results contract, else raise InputError naming ``where``."""
    if not isinstance(results, dict):
        raise InputError(message("{where}: expected a JSON object of scoring results (format itsm-assess/results)", where=where))
    problems = []
    if results.get("format") != "itsm-assess/results":
        problems.append(message("{where}: format is {value!r}; expected 'itsm-assess/results'", where=where, value=results.get('format')))
    for key in REQUIRED_RESULT_KEYS:
        if key not in results:
            problems.append(message("{where}: missing key {key!r} of the results contract", where=where, key=key))
    if problems:
        raise InputError(problems)
    from itsm_assess.json_inputs import check_shape

    check_shape("results", results, where)
    return cast("ResultsContract", results)


def _read_json(path: str | os.PathLike[str]) -> Any:
    from itsm_assess.json_inputs import read_json

    return read_json(path)  # regular files only, size, depth, digits and NaN bounded


def load_results(path: str | os.PathLike[str]) -> ResultsContract:
    """Read a results JSON file (``itsm-assess/results``); raises InputError naming the file."""
    from itsm_assess.loading import display_path

    return check_results(_read_json(path), display_path(path))


def check_change_summary(summary: Any, where: str = "changes") -> ChangeSummaryContract:
    """Validate the ``change batch --summary-json`` shape; returns it or raises InputError."""
    if not isinstance(summary, dict):
        raise InputError(message("{where}: expected a JSON object with total, by_category, by_route, by_impact, deviations", where=where))
    problems = []
    total = summary.get("total")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        problems.append(message("{where}: total: expected a whole number of changes, got {total!r}", where=where, total=total))
    for key in ("by_category", "by_route", "by_impact"):
        value = summary.get(key, {})
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in value.items()
        ):
            problems.append(message("{where}: {key}: expected an object of name -> count", where=where, key=key))
    deviations = summary.get("deviations", [])
    if not isinstance(deviations, list):
        problems.append(message("{where}: deviations: expected a list", where=where))
    else:
        for i, dev in enumerate(deviations):
            if not isinstance(dev, dict) or not isinstance(dev.get("change_id"), str):
                problems.append(message("{where}: deviations[{i}]: expected an object with change_id, recorded, expected, reason", where=where, i=i))
                continue
            for key in ("recorded", "expected", "reason"):
                if dev.get(key) is not None and not isinstance(dev.get(key), str):
                    problems.append(message("{where}: deviations[{i}].{key}: expected text, got {value!r}", where=where, i=i, key=key, value=dev.get(key)))
    if problems:
        raise InputError(problems)
    from itsm_assess.json_inputs import check_shape

    check_shape("changes", summary, where)
    return cast("ChangeSummaryContract", summary)


def load_change_summary(path: str | os.PathLike[str]) -> ChangeSummaryContract:
    """Read the JSON summary written by ``itsm-assess change batch --summary-json``."""
    from itsm_assess.loading import display_path

    return check_change_summary(_read_json(path), display_path(path))


# --------------------------------------------------------------------------- building


def build_report_view(
    results: ResultsContract,
    assessment: Assessment | None = None,
    catalogue: Catalogue | None = None,
    lang: str = "en",
    baseline_results: ResultsContract | None = None,
    change_summary: ChangeSummaryContract | None = None,
    *,
    annex: bool = True,
    document: dict[str, Any] | None = None,
    include_names: bool = False,
    min_group: int = 3,
    previous: Assessment | None = None,
) -> ReportView:
    """The localised view model of one report.

    ``assessment`` adds owners and due dates (of findings and of its ``actions``) to the action
    plan; ``catalogue`` adds requirement titles and process purposes; both may be omitted.
    ``baseline_results`` (an earlier assessment's results) adds the comparison, ``change_summary``
    the change analysis. ``annex=False`` leaves the requirements table out; ``document`` gives the
    cover page's ``version``, ``date``, ``distribution`` and ``confidentiality``. ``previous`` (the
    assessment this one is the next round of) adds the follow-up of its findings.
    """
    try:
        check_language(lang)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    check_results(results)
    if baseline_results is not None:
        check_results(baseline_results, "baseline")
    if change_summary is not None:
        check_change_summary(change_summary)
    lab = _catalogue_labels(report_labels(lang), results, catalogue, lang)
    info = results["assessment"]
    process_titles = {pid: localize(p.get("title"), lang) or pid for pid, p in results["processes"].items()}
    assessment_view = _assessment_view(info, process_titles, assessment, lab, catalogue, lang)
    model_view = _model_view(results["model"], lab, lang)
    present = {pa for p in results["processes"].values() for pa in (p.get("attributes") or {})}
    org = assessment_view["organisation"]
    view = ReportView(
        lang=lang,
        labels=lab,
        title=f"{lab['report_title']}: {org}" if org else lab["report_title"],
        assessment=assessment_view,
        model=model_view,
        readiness=_readiness_view(results["readiness"], lab, lang),
        overall=results["overall"].copy(),
        attributes=[pa for pa in PROCESS_ATTRIBUTES if pa in present],
        processes=_process_rows(results, process_titles, lab, lang),
        clauses=_clause_rows(results, catalogue, lang),
        findings=_finding_rows(results, lab, lang),
        findings_by_grade=_findings_by_grade(results, lang),
        actions=build_action_plan(results, assessment, catalogue, process_titles, lab, lang,
                                  lambda grade: _grade_label(grade, lang)),
        requirements=_requirement_rows(results, catalogue, lab, lang),
        method=_method_view(results["model"], model_view, lab, lang),
        action_statuses=[{"id": s, "label": lab[f"action_status_{s}"]} for s in ACTION_STATUSES],
        attribute_names={pa: lab[pa] for pa in PROCESS_ATTRIBUTES},
    )
    if baseline_results is not None:
        view.comparison = _comparison(results, baseline_results, process_titles, lab, lang)
    if change_summary is not None:
        view.change_analysis = _change_analysis(change_summary, lang, lab)
    if assessment is not None:
        from itsm_assess.fieldwork.survey_view import survey_section

        view.survey = survey_section(assessment, catalogue, lang, include_names=include_names, min_group=min_group)
        from itsm_assess.reports.register import followup_view, register_view

        if assessment.findings:
            view.register = register_view(assessment, catalogue, lang)
        if previous is not None:
            view.followup = followup_view(assessment, previous, catalogue, lang)
    _summarise(view, results, catalogue, info, annex, document or {}, assessment)
    return view


def _assessment_view(info: AssessmentInfo, process_titles: dict[str, str], assessment: Assessment | None,
                     lab: dict[str, str], catalogue: Catalogue | None, lang: str) -> AssessmentView:
    return {
        "id": info.get("id", ""),
        "organisation": info.get("organisation", ""),
        "method": info.get("method"),
        "method_label": lab.get(f"method_{info.get('method')}", str(info.get("method") or "")),
        "scope": [{"id": pid, "title": process_titles.get(pid, pid)} for pid in info.get("scope", [])],
        "scope_description": assessment.assessment.scope.description if assessment is not None else None,
        "assessors": list(info.get("assessors") or []),
        "people_label": (people := _people(info, assessment, lab))[0],
        "people": people[1],
        "start_date": info.get("start_date"),
        "end_date": info.get("end_date"),
        "catalogue": info.get("catalogue"),
        # The catalogue as a reader knows it ("ISO/IEC 20000-1:2018 requirements for assessment"), not its id.
        "catalogue_title": (localize(catalogue.info.title, lang) if catalogue is not None
                            and catalogue.id == info.get("catalogue") else None) or info.get("catalogue"),
        "catalogue_version": info.get("catalogue_version"),
        "catalogue_hash": info.get("catalogue_hash"),
        "language": info.get("language"),
    }


def _people(info: AssessmentInfo, assessment: Assessment | None, lab: dict[str, str]) -> tuple[str, str]:
    """The cover's "Assessors: …", or for a self-assessment without assessors "Respondents: 10"
    (never "Assessors: –" on the team's own report)."""
    assessors = list(info.get("assessors") or [])
    if not assessors and info.get("method") == "self-assessment":
        from itsm_assess.reports.director import respondent_count

        count = respondent_count(assessment)
        return lab["director_fig_respondents"], "–" if count is None else str(count)
    return lab["assessors"], ", ".join(assessors) or "–"


def _model_view(model: ModelInfo, lab: dict[str, str], lang: str) -> ModelView:
    return {
        "id": model.get("id"),
        "title": localize(model.get("title"), lang) or model.get("id"),
        "kind": model.get("kind"),
        "kind_label": lab.get(f"kind_{model.get('kind')}", str(model.get("kind"))),
        "max_level": int(model.get("max_level") or 5),
        # False for a compliance model: no levels, attributes or gaps to show.
        "has_levels": model.get("max_level") is not None,
        "scale": [
            {
                "rating": s["rating"],
                "min": s.get("min"),
                "max": s.get("max"),
                "family": rating_family(s["rating"]),
                "meaning": lab.get(f"rating_{rating_family(s['rating'])}", ""),
            }
            for s in model.get("scale", [])
        ],
    }


def _readiness_view(ready: ReadinessEntry, lab: dict[str, str], lang: str) -> ReadinessView:
    return {
        "verdict": ready.get("verdict"),
        "verdict_label": lab.get(f"verdict_{ready.get('verdict')}", str(ready.get("verdict"))),
        "certification_scope": bool(ready.get("certification_scope")),
        # Worded from reason_codes in the report's language (results keep English "reasons").
        "reasons": readiness_reasons(ready, lang, capitalise=True),
        "reason_codes": [c.copy() for c in ready.get("reason_codes") or [] if isinstance(c, dict)],
        "clauses_outside_scope": list(ready.get("clauses_outside_scope") or []),
        "open_major": ready.get("open_major", 0),
        "open_minor": ready.get("open_minor", 0),
        "not_assessed": ready.get("not_assessed", 0),
    }


def _process_rows(results: ResultsContract, process_titles: dict[str, str], lab: dict[str, str],
                  lang: str) -> list[ProcessRow]:
    rows: list[ProcessRow] = []
    for pid, p in results["processes"].items():
        attrs: dict[str, AttributeCell] = {
            pa: {
                "rating": a.get("rating"),
                "family": rating_family(a.get("rating")),
                "achievement": a.get("achievement"),
                "source": a.get("source"),
                "items_rated": a.get("items_rated"),
            }
            for pa, a in (p.get("attributes") or {}).items()
        }
        level = p.get("capability_level")
        rows.append(
            {
                "id": pid,
                "title": process_titles[pid],
                "clauses": list(p.get("clauses") or []),
                "capability_level": level,
                "level_name": (localize(p.get("level_name"), lang) or lab.get(f"level_{level}", ""))
                if level is not None
                # "Not rated" (too little evidence for a level) is not level 0.
                else (lab["not_rated"] if p.get("level_status") == "not-rated" else ""),
                "level_status": p.get("level_status"),
                "target_level": p.get("target_level"),
                "level_gap": p.get("level_gap"),
                "attributes": attrs,
                "compliance": p.get("compliance"),
                "compliance_weighted": p.get("compliance_weighted"),
                "counts": dict(p.get("counts") or {}),
            }
        )
    return rows


def _clause_rows(results: ResultsContract, catalogue: Catalogue | None, lang: str) -> list[ClauseRow]:
    """Clauses 4 … 10 and their sub-clauses, in clause order."""
    return [
        {
            "clause": number,
            "title": localize(c.get("title"), lang)
            or (localize(catalogue.clause_title(number), lang) if catalogue is not None else number),
            "depth": number.count(".") + 1,
            "compliance": c.get("compliance"),
            "compliance_weighted": c.get("compliance_weighted"),
            "counts": dict(c.get("counts") or {}),
        }
        for number, c in sorted(results["clauses"].items(), key=lambda kv: _clause_sort(kv[0]))
        if number.count(".") <= 1
    ]


def default_statement(f: Mapping[str, Any], results: ResultsContract, lab: dict[str, str], lang: str) -> str:
    """The statement of a finding nobody wrote one for, in ``lang``: the requirement it was recorded on,
    labelled as such, and its rating ("Concerns the requirement “Capacity is sufficient”, rated L."), never
    the requirement's title alone (it states the requirement met) nor the grade and id the line already shows."""
    from itsm_assess.assessment import rating_code

    grade = _grade_label(f.get("grade"), lang)
    reqs = list(f.get("requirements") or [])
    if reqs:
        req = results["requirements"].get(reqs[0]) or {}
        title = localize(req.get("title"), lang) or reqs[0]
        rating = req.get("rating")
        if rating:
            return lab["finding_on_requirement"].format(title=title, rating=rating_code(str(rating), lang))
        return lab["finding_on_requirement_unrated"].format(title=title)
    # A capability indicator's finding: "CHG:IND2.1a-finding" names the indicator.
    pid, _, indicator = str(f.get("id") or "").removesuffix(ROW_FINDING_SUFFIX).partition(":")
    process = results["processes"].get(pid) or {}
    return lab["finding_on_indicator"].format(grade=grade, indicator=indicator.removeprefix("IND"),
                                               process=localize(process.get("title"), lang) or pid)


def _finding_rows(results: ResultsContract, lab: dict[str, str], lang: str) -> list[FindingRow]:
    """The findings, most severe grade first, then by clause and id."""
    findings: list[FindingRow] = []
    for f in results["findings"]:
        grade = f["grade"]
        fid = finding_id_text(f["id"], lang)
        lifecycle = f.get("lifecycle_status")
        statement = f.get("statement") or ""
        if f.get("statement_default"):
            statement = default_statement(f, results, lab, lang)
        findings.append(
            {
                "id": fid,
                "grade": grade,
                "grade_label": _grade_label(grade, lang),
                "grade_rank": FINDING_GRADE_ORDER.index(grade) if grade in FINDING_GRADE_ORDER else len(FINDING_GRADE_ORDER),
                "requirements": list(f.get("requirements") or []),
                "clauses": list(f.get("clauses") or []),
                "processes": list(f.get("processes") or []),
                "statement": statement,
                "evidence": f.get("evidence"),
                "recommendation": f.get("recommendation"),
                "status": f.get("status") or "open",
                # The register's step where there is one (correction done, verified effective...).
                "status_label": finding_status_name(lifecycle, lang)
                if lifecycle is not None and lifecycle in FINDING_STATUS_NAMES
                else lab.get(f"finding_status_{f.get('status') or 'open'}", str(f.get("status"))),
            }
        )
    findings.sort(key=lambda f: (f["grade_rank"], _clause_sort(f["clauses"][0]) if f["clauses"] else (99,), f["id"]))
    return findings


def _findings_by_grade(results: ResultsContract, lang: str) -> list[GradeCount]:
    # Open findings are what a verdict stands on; closed ones are counted apart (older results
    # carry only the totals).
    by_grade = results.get("findings_open_by_grade") or results["findings_by_grade"]
    closed_by_grade = results.get("findings_closed_by_grade") or {}
    return [
        {"grade": g, "label": _grade_label(g, lang), "count": int(by_grade.get(g, 0) or 0),
         "closed": int(closed_by_grade.get(g, 0) or 0)}
        for g in FINDING_GRADE_ORDER
    ]


def _requirement_rows(results: ResultsContract, catalogue: Catalogue | None, lab: dict[str, str],
                      lang: str) -> list[RequirementRow]:
    rows: list[RequirementRow] = []
    for rid, r in results["requirements"].items():
        req = catalogue.requirements.get(rid) if catalogue is not None else None
        conformity = r.get("conformity")
        rows.append(
            {
                "id": rid,
                "process": r.get("process"),
                "clause": r.get("clause"),
                "title": localize(req.title, lang) if req is not None else "",
                "weight": r.get("weight"),
                "attribute": r.get("attribute"),
                "rating": r.get("rating"),
                "family": rating_family(r.get("rating")),
                "achievement": r.get("achievement"),
                "conformity": conformity,
                # Conformity read off the rating by the model's rule says so wherever it is shown.
                "conformity_label": lab.get(f"conformity_{conformity}", str(conformity))
                + (f" {lab['derived_mark']}" if r.get("verdict_source") == "derived"
                   and conformity in ("conforming", "not-conforming") else "")
                # Met although rated below F: the auditor's verdict, not the rule the method states.
                + (f" {lab['auditor_mark']}" if r.get("verdict_source") not in (None, "derived")
                   and conformity == "conforming" and rating_family(r.get("rating")) not in ("", "F", "NA") else ""),
                "verdict": r.get("verdict"),
                "verdict_source": r.get("verdict_source"),
                "derived": r.get("derived"),
                "basis": r.get("basis"),
                "finding": r.get("finding"),
                "finding_label": _grade_label(r.get("finding"), lang),
                "evidence": r.get("evidence"),
                "evidence_log": evidence_lines(list(r.get("evidence_log") or []), lang),
                "notes": r.get("notes"),
            }
        )
    return rows


def _method_view(model: ModelInfo, model_view: ModelView, lab: dict[str, str], lang: str) -> MethodView:
    from itsm_assess.i18n.formats import rag_letters
    from itsm_assess.reports.summary import RAG_RULE_KEYS

    names = model.get("level_names") or [{"en": lab[f"level_{n}"]} for n in range(6)]
    conformity_rule = _conformity_rule(model, lab, lang)
    return {
        "how_to_read": _how_to_read(model, conformity_rule, lab),
        "conformity_rule": conformity_rule,
        "priority_rule": [lab[k] for k in PRIORITY_RULE_KEYS],
        "rag_rule": [lab[k].format(**rag_letters(lang)) for k in RAG_RULE_KEYS],
        "levels": [
            {"level": n, "name": localize(names[n], lang) if n < len(names) else lab.get(f"level_{n}", "")}
            for n in range(0, model_view["max_level"] + 1)
        ]
        if model.get("max_level") is not None
        else [],
    }


def _summarise(view: ReportView, results: ResultsContract, catalogue: Catalogue | None, info: AssessmentInfo,
               annex: bool, document: dict[str, Any], assessment: Assessment | None = None) -> None:
    """Add the executive summary, the process pages, the section order and the cover facts."""
    from itsm_assess.i18n.formats import format_percent
    from itsm_assess.reports import summary

    lab, lang = view.labels, view.lang

    def pct(value: float | None) -> str:
        return format_percent(value, lang)

    rag_clauses = summary.rag_by_clause(view.clauses, view.findings, lab)
    rag_processes = summary.rag_by_process(view.processes, view.findings, lab)
    verdict = summary.verdict_view(results["readiness"], info.get("method"), lab)
    if info.get("method") == "self-assessment":
        # No verdict: the director's page in plain words instead, and its messages and figures.
        from itsm_assess.reports.director import director_figures, director_summary

        director = director_summary(view, assessment, pct)
        view.executive = {"verdict": verdict, "rag_clauses": rag_clauses, "rag_processes": rag_processes,
                          "director": director, "messages": list(director["messages"]),
                          "figures": director_figures(director, lab, pct)}
    else:
        view.executive = {"verdict": verdict, "rag_clauses": rag_clauses, "rag_processes": rag_processes,
                          "messages": summary.key_messages(view, pct), "figures": summary.figures(view, pct)}
    view.process_pages = summary.process_pages(view, catalogue)
    ids = ["summary", *(["comparison"] if view.comparison is not None else []),
           *(["followup"] if view.followup is not None else []), "findings", "actions",
           *(["register"] if view.register is not None else []), "profile",
           "processes", *(["survey"] if view.survey is not None else []),
           *(["changes"] if view.change_analysis is not None else []), "method",
           *(["requirements"] if annex else [])]
    titles = {"summary": lab["executive_summary"], "comparison": lab["comparison"], "findings": lab["findings"],
              "actions": lab["corrective_action_plan"],
              "profile": lab["capability_profile"] if view.model["has_levels"] else lab["compliance_by_process"],
              "processes": lab["process_pages"], "changes": lab["change_analysis"], "method": lab["method"],
              "requirements": lab["annex_requirements"],
              "survey": view.survey["labels"]["title"] if view.survey is not None else "",
              "register": view.register["labels"]["reg_title"] if view.register is not None else "",
              "followup": view.followup["labels"]["fu_title"] if view.followup is not None else ""}
    view.sections = [{"id": i, "title": titles[i]} for i in ids]
    view.document = {
        "version": str(document.get("version") or "1.0"),
        "date": document.get("date") or info.get("end_date") or info.get("start_date"),
        "distribution": list(document.get("distribution") or []),
        "confidentiality": document.get("confidentiality") or lab["confidential"],
    }


#: The standard a report names when it has no catalogue at hand (results of the ISO catalogue).
_DEFAULT_STANDARD = "ISO/IEC 20000-1"


def _catalogue_labels(lab: dict[str, str], results: Mapping[str, Any], catalogue: Catalogue | None,
                      lang: str) -> dict[str, str]:
    """The labels with the catalogue's own words filled in: the standard in the title, the whole a
    readiness verdict needs (``profile.certification_scope``)."""
    lab = dict(lab)
    cat_id = str((results.get("assessment") or {}).get("catalogue") or "")
    standard = (catalogue.info.standard if catalogue is not None
                else _DEFAULT_STANDARD if not cat_id or cat_id.startswith("iso20000-1") else cat_id)
    if standard.startswith("ISO/IEC 20000-1:"):
        standard = _DEFAULT_STANDARD  # the report title names the standard without its year, as before
    scope = (results.get("readiness") or {}).get("scope_label") or (
        dict(catalogue.profile.certification_scope) if catalogue is not None else DEFAULT_SCOPE)
    # A self-assessment is no gap analysis by an auditor: its title says what it is.
    self_assessment = (results.get("assessment") or {}).get("method") == "self-assessment"
    lab["report_title"] = lab["report_title_self" if self_assessment else "report_title"].format(standard=standard)
    tailored = (results.get("assessment") or {}).get("catalogue_tailored_from")
    if tailored:  # every report (HTML, PDF, Excel, slides) carries its title: it says so there
        # The base by the name of its standard ("FitSM-1"), its id only when the catalogue is not at hand.
        base = catalogue.info.standard if catalogue is not None else tailored.get("base", "")
        lab["tailored_catalogue"] = lab["tailored_catalogue"].format(
            catalogue=cat_id, base=base, version=tailored.get("version", ""))
        lab["report_title"] = f"{lab['report_title']} ({lab['tailored_catalogue']})"
    lab["verdict_scope_full"] = lab["verdict_scope_full"].format(scope=localize(scope, lang))
    return lab


def _clause_sort(number: str) -> tuple[int, ...]:
    try:
        return clause_key(number)
    except ValueError:
        return (99,)


def grade_label(grade: str | None, lang: str) -> str:
    """The name of a finding grade in ``lang`` (empty for none)."""
    return _grade_label(grade, lang)


def _grade_label(grade: str | None, lang: str) -> str:
    from itsm_assess.assessment import FINDING_GRADE_NAMES, grade_name

    if grade is None:
        return ""
    return grade_name(grade, lang) if grade in FINDING_GRADE_NAMES else grade


_RATING_FAMILIES = {"N": ("N",), "P": ("P-", "P", "P+"), "L": ("L-", "L", "L+"), "F": ("F",)}
#: Finding grades inside a Finnish sentence ("eikä siihen liity avointa ..."): partitive forms.
#: Finding grades inside the conformity rule's sentence ("... and no open {findings}"): the
#: translation takes the form the sentence needs (Finnish: the partitive, "lievää poikkeamaa").
_GRADE_IN_SENTENCE: dict[str, tuple[str, str]] = {
    "major-nc": _p("grade_in_sentence", "major nonconformity"),
    "minor-nc": _p("grade_in_sentence", "minor nonconformity"),
    "observation": _p("grade_in_sentence", "observation"),
    "ofi": _p("grade_in_sentence", "opportunity for improvement"),
    "good-practice": _p("grade_in_sentence", "good practice"),
}


def _conformity_rule(model: ModelInfo, lab: dict[str, str], lang: str) -> str:
    """The model's conformity rule in words: its conforming ratings and blocking findings."""
    ratings = [r for r in model.get("conforming_ratings") or ["L-", "L", "L+", "F"] if r in RATING_ORDER]
    blocking = model.get("blocking_findings")
    if blocking is None:
        blocking = ["major-nc", "minor-nc"]
    families = [fam for fam, members in _RATING_FAMILIES.items() if any(r in members for r in ratings)]
    whole = all(all(m in ratings for m in _RATING_FAMILIES[fam]) for fam in families)
    if whole:
        rated = joined(families, lab["or"])
        refined = [fam for fam in families if len(_RATING_FAMILIES[fam]) > 1]
        if refined:
            rated += " (" + "; ".join(
                lab["refined_count_as"].format(ratings=joined(list(_RATING_FAMILIES[fam]), lab["and"]), rating=fam)
                for fam in refined
            ) + ")"
    else:
        rated = joined(sorted(ratings, key=RATING_ORDER.index), lab["or"])
    pgettext = pgettext_for(lang)
    grades = [pgettext(*_GRADE_IN_SENTENCE[g]) for g in FINDING_GRADE_ORDER if g in blocking]
    if sorted(blocking) == ["major-nc", "minor-nc"]:
        grades = [lab["major_or_minor_nc"]]
    if grades:
        return lab["conformity_rule_blocking"].format(ratings=rated, findings=joined(grades, lab["or"]))
    return lab["conformity_rule_ratings_only"].format(ratings=rated)


def _how_to_read(model: ModelInfo, conformity_rule: str, lab: dict[str, str]) -> list[str]:
    """The "how to read" paragraphs for the model actually used (kind, level rule, conformity rule)."""
    kind = model.get("kind")
    paragraphs = [lab["how_to_read_scale_33020" if kind == "capability" else "how_to_read_scale"]]
    rule = model.get("level_rule") or {}
    if model.get("max_level") is None:
        paragraphs[0] += " " + lab["how_to_read_no_levels"]
    else:
        current, lower = rule.get("current", "L"), rule.get("lower", "F")
        lower_phrase = lab["level_rule_lower_full" if lower == "F" else "level_rule_lower_at_least"].format(
            lower=lower, lower_name=lab.get(f"rating_{lower}", "").lower())
        paragraphs[0] += " " + lab["how_to_read_attributes"] + " " + lab["how_to_read_levels"].format(
            level_word=lab["level_word_maturity" if kind == "maturity" else "level_word_capability"],
            current=current, current_name=lab.get(f"rating_{current}", "").lower(), lower_phrase=lower_phrase,
        )
        if rule.get("min_level"):
            paragraphs[0] += " " + lab["how_to_read_min_level"].format(level=rule["min_level"])
    paragraphs.append(lab["how_to_read_compliance"] + " " + conformity_rule + " " + lab["how_to_read_verdicts"].format(
        coverage=f"{round(float((model.get('audit') or {}).get('compliance_coverage', 0.8)) * 100)} %"))
    paragraphs.append(lab["how_to_read_findings"])
    paragraphs.append(lab["how_to_read_actions" if model.get("max_level") is not None else "how_to_read_no_actions"])
    return paragraphs


#: How many finding ids a follow-up row names before it ends with "…".
MAX_FOLLOWUP_IDS = 12


def _comparison(
    results: ResultsContract,
    baseline: ResultsContract,
    process_titles: dict[str, str],
    lab: dict[str, str],
    lang: str,
) -> ComparisonView:
    now_p = results["processes"]
    base_p = baseline["processes"]
    order = list(now_p) + [pid for pid in base_p if pid not in now_p]
    processes: list[ProcessTrend] = []
    attributes: list[AttributeTrend] = []
    for pid in order:
        cur = now_p.get(pid)
        old = base_p.get(pid)
        title = process_titles.get(pid) or localize((old or {}).get("title"), lang) or pid
        lvl_before = old.get("capability_level") if old else None
        lvl_now = cur.get("capability_level") if cur else None
        c_before = old.get("compliance") if old else None
        c_now = cur.get("compliance") if cur else None
        if old is None or cur is None:
            trend = "new" if old is None else "removed"
        else:
            trend = _trend(lvl_before, lvl_now)
            if trend == "unchanged" and c_before is not None and c_now is not None:
                trend = _trend(c_before, c_now, tolerance=0.005)
        processes.append(
            {
                "id": pid,
                "title": title,
                "level_before": lvl_before,
                "level_now": lvl_now,
                "level_change": (lvl_now - lvl_before) if lvl_now is not None and lvl_before is not None else None,
                "compliance_before": c_before,
                "compliance_now": c_now,
                "compliance_change": (c_now - c_before) if c_now is not None and c_before is not None else None,
                "trend": trend,
                "trend_label": lab[f"trend_{trend}"],
            }
        )
        a_now = (cur or {}).get("attributes") or {}
        a_old = (old or {}).get("attributes") or {}
        for pa in PROCESS_ATTRIBUTES:
            if pa not in a_now and pa not in a_old:
                continue
            r_before = a_old.get(pa, {}).get("rating")
            r_now = a_now.get(pa, {}).get("rating")
            t = _trend(_rating_rank(r_before), _rating_rank(r_now))
            attributes.append(
                {
                    "process": pid,
                    "process_title": title,
                    "attribute": pa,
                    "attribute_name": lab[pa],
                    "rating_before": r_before,
                    "rating_now": r_now,
                    "family_before": rating_family(r_before),
                    "family_now": rating_family(r_now),
                    "trend": t,
                    "trend_label": lab[f"trend_{t}"],
                }
            )
    base_info = baseline["assessment"]
    # Open findings only, each side as its own assessment recorded them (results of older versions
    # carry only the totals). Closed ones are counted apart.
    grades_now = results.get("findings_open_by_grade") or results["findings_by_grade"]
    grades_before = baseline.get("findings_open_by_grade") or baseline["findings_by_grade"]
    closed_now = results.get("findings_closed_by_grade") or {}
    closed_before = baseline.get("findings_closed_by_grade") or {}
    followup = findings_followup(baseline["findings"], results["findings"], results.get("requirements"))
    verdict_before = baseline["readiness"].get("verdict")
    return {
        "baseline_id": base_info.get("id"),
        "baseline_start_date": base_info.get("start_date"),
        "baseline_end_date": base_info.get("end_date"),
        "compliance_before": baseline["overall"].get("compliance"),
        "compliance_now": results["overall"].get("compliance"),
        "verdict_before": verdict_before,
        "verdict_before_label": lab.get(f"verdict_{verdict_before}", str(verdict_before)),
        "verdict_now_label": lab.get(f"verdict_{results['readiness'].get('verdict')}", ""),
        "findings_by_grade": [
            {
                "grade": g,
                "label": _grade_label(g, lang),
                "before": int(grades_before.get(g, 0) or 0),
                "now": int(grades_now.get(g, 0) or 0),
                "before_closed": int(closed_before.get(g, 0) or 0),
                "now_closed": int(closed_now.get(g, 0) or 0),
            }
            for g in FINDING_GRADE_ORDER
        ],
        #: Finding ids by what happened since the baseline: closed, carried_over, opened, not_followed_up.
        "followup": [
            {"kind": kind, "label": lab[f"followup_{kind}"], "count": len(ids), "ids": ids,
             "ids_text": ", ".join(ids[:MAX_FOLLOWUP_IDS]) + (" …" if len(ids) > MAX_FOLLOWUP_IDS else "")}
            for kind, ids in followup.items()
        ],
        "processes": processes,
        "attributes": attributes,
        "improved": sum(1 for p in processes if p["trend"] == "improved"),
        "worsened": sum(1 for p in processes if p["trend"] == "worsened"),
    }


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _change_analysis(summary: ChangeSummaryContract, lang: str, lab: dict[str, str]) -> ChangeAnalysisView:
    """The change batch summary worded in the report's language from its ids, whatever language the
    batch ran in: the summary's ``labels`` (the policy's names in every language) first, then the
    report's own names of the built-in categories and routes; an id nobody names is shown as it is."""
    names: dict[str, dict[str, str]] = {
        "category": {c: lab[f"change_category_{c}"] for c in ("standard", "normal", "emergency")},
        "route": {r: lab[f"change_route_{r}"] for r in ("change-management", "service-design-transition")},
    }
    stored = (summary.get("labels") or {}).get(lang) or {}
    for group, table in stored.items():
        if isinstance(table, dict):
            names.setdefault(group, {}).update({str(k): str(v) for k, v in table.items()})

    def pairs(counts: dict[str, int] | None, group: str) -> list[NameCount]:
        table = names.get(group, {})
        return [{"name": _capitalised(table.get(k, k)), "count": v} for k, v in (counts or {}).items()]

    def value(kind: str, raw: Any, shown: Any) -> str:
        if raw is None:  # a summary without values: reword what it shows ("cab, cm", "change-management (8.5.1.3)")
            if not isinstance(shown, str):
                return ""
            if kind == "approval":
                raw = [] if shown.strip() in ("(none)", "") else [p.strip() for p in shown.split(",")]
            else:
                raw = shown.split(" (")[0]
        if kind == "approval":
            roles = names.get("role", {})
            return ", ".join(roles.get(r, r) for r in raw) or lab["none_recorded"]
        return names.get("category" if kind == "category" else "route", {}).get(str(raw), str(raw))

    deviations: list[DeviationRow] = []
    for d in summary.get("deviations") or []:
        kind = str(d.get("type"))
        reasons = d.get("reasons") or {}
        deviations.append({
            "change_id": d.get("change_id"),
            "recorded": _capitalised(value(kind, d.get("recorded_value"), d.get("recorded"))),
            "expected": _capitalised(value(kind, d.get("expected_value"), d.get("expected"))),
            "reason": _capitalised(reasons.get(lang) or d.get("reason") or ""),
        })
    return {
        "total": summary.get("total", 0),
        "by_category": pairs(summary.get("by_category"), "category"),
        "by_route": pairs(summary.get("by_route"), "route"),
        "by_impact": pairs(summary.get("by_impact"), "impact"),
        "deviations": deviations,
        # A summary lists a bounded number of deviations; the rest are counted and listed elsewhere.
        "deviations_more": lab["deviations_more"].format(
            count=format_number(summary["deviations_omitted"], lang), where=summary.get("deviations_listed_in") or lab["batch_workbook"])
        if summary.get("deviations_omitted") else "",
    }


# --------------------------------------------------------------------------- formatting shared by renderers


