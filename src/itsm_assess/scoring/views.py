"""One assessment seen through another catalogue: an ISO/IEC 20000-1 audit in FitSM-1 terms, or
the other way round, through a crosswalk (``itsm-assess score --view CATALOGUE``).

A requirement of the viewed catalogue gets a conformity only through ``equivalent`` counterparts
(the most severe of theirs: any not conforming wins, then any not assessed); with only ``partial``
counterparts it gets none, and their conformities are listed as evidence to look at; with no
counterpart it says so. Capability levels are not carried across: the two catalogues' requirements
are not the same indicators. Where the model rates capability, each viewed process instead shows
the levels of the assessed processes behind it (those holding its counterparts), as measured.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from itsm_assess.catalogue.crosswalk import MATCH_NAMES, Crosswalk, base_id, match_of
from itsm_assess.i18n import Label, _p, label_table, localize, worded
from itsm_assess.i18n.formats import format_percent
from itsm_assess.scoring.conformity import CONFORMING, NOT_APPLICABLE, NOT_ASSESSED, NOT_CONFORMING

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue

VIEW_FORMAT = "itsm-assess/crosswalk-view"
#: What a viewed requirement's conformity is when only partial or no counterparts exist.
NOT_DERIVED = "not-derived"
#: A counterpart outside the assessment's scope (counts as not assessed).
OUTSIDE_SCOPE = "outside-scope"


def combined_conformity(conformities: list[str]) -> str:
    """The conformity several equivalent counterparts give together: any not conforming wins, then
    any not assessed, then conforming; all not applicable stays not applicable."""
    if not conformities:
        return NOT_ASSESSED
    for verdict in (NOT_CONFORMING, NOT_ASSESSED, CONFORMING):
        if verdict in conformities:
            return verdict
    return NOT_APPLICABLE


def crosswalk_view(results: Mapping[str, Any], crosswalk: Crosswalk, assessed: Catalogue, viewed: Catalogue) -> dict[str, Any]:
    """The results of an assessment of ``assessed`` (``Results.to_dict()``) seen as ``viewed``.

    Returns a JSON-ready dict: per viewed requirement its match, conformity (or ``not-derived``),
    the counterparts with their conformity; per viewed process the counts and a compliance share
    over the requirements that have a derived conformity; the coverage of both sides.
    """
    own_side = crosswalk.side(base_id(assessed))
    view_side = "target" if own_side == "source" else "source"
    index = crosswalk.index(view_side)
    assessed_reqs: dict[str, Any] = results["requirements"]

    def status(rid: str) -> str:
        req = assessed_reqs.get(rid)
        return req["conformity"] if req is not None else OUTSIDE_SCOPE

    requirements: dict[str, Any] = {}
    processes: dict[str, Any] = {}
    behind: dict[str, dict[str, int]] = {}  # viewed process -> assessed process -> counterparts there
    used: set[str] = set()
    for rid, req in viewed.requirements.items():
        pairs = index.get(rid, [])
        used.update(other for other, _ in pairs)
        match = match_of(pairs)
        equivalent = [other for other, m in pairs if m == "equivalent"]
        conformity = (combined_conformity([NOT_ASSESSED if status(o) == OUTSIDE_SCOPE else status(o) for o in equivalent])
                      if equivalent else NOT_DERIVED)
        requirements[rid] = {
            "process": req.process, "clause": req.clause, "title": dict(req.title), "basis": req.basis,
            "match": match, "conformity": conformity,
            "counterparts": [{"id": other, "match": m, "conformity": status(other),
                              "rating": (assessed_reqs.get(other) or {}).get("rating")} for other, m in pairs],
            "note": crosswalk.notes.get(rid) if view_side == "source" else None,
        }
        proc = processes.setdefault(req.process, {
            "title": dict(viewed.processes[req.process].title), "requirements": 0,
            "equivalent": 0, "partial": 0, "none": 0,
            "conforming": 0, "not_conforming": 0, "not_applicable": 0, "not_assessed": 0,
        })
        proc["requirements"] += 1
        proc[match] += 1
        if conformity != NOT_DERIVED:
            proc[conformity.replace("-", "_")] += 1
        sources = behind.setdefault(req.process, {})
        for other, _m in pairs:
            source = assessed.requirements[other].process if other in assessed.requirements else None
            if source is not None:
                sources[source] = sources.get(source, 0) + 1
    has_levels = results["model"].get("max_level") is not None
    order = list(assessed.processes)
    for pid, proc in processes.items():
        decided = proc["conforming"] + proc["not_conforming"]
        proc["compliance"] = round(float(Fraction(proc["conforming"], decided)), 4) if decided else None
        proc["assessed_levels"] = _levels_behind(behind.get(pid, {}), results["processes"], order) if has_levels else []
    assessed_index = crosswalk.index(own_side)
    return {
        "format": VIEW_FORMAT,
        "assessment": results["assessment"],
        "view": {"catalogue": viewed.id, "version": viewed.version, "title": dict(viewed.info.title),
                 "name": viewed.name, "assessed_catalogue": assessed.id, "assessed_name": assessed.name,
                 "crosswalk": crosswalk.id, "crosswalk_title": dict(crosswalk.info.title),
                 "crosswalk_version": crosswalk.info.version,
                 # The model whose capability levels the processes' assessed_levels are (None: no levels).
                 "capability_model": {"id": results["model"]["id"], "title": results["model"]["title"]}
                 if has_levels else None},
        "requirements": requirements,
        "processes": processes,
        "coverage": {
            "viewed": _count(requirements),
            "assessed": {
                "catalogue": assessed.id, "requirements": len(assessed.requirements),
                "used": sum(1 for rid in assessed.requirements if rid in used),
                "without_counterpart": [rid for rid in assessed.requirements if rid not in assessed_index],
            },
        },
    }


def _levels_behind(sources: dict[str, int], assessed_processes: Mapping[str, Any], order: list[str]) -> list[dict[str, Any]]:
    """The assessed processes in scope holding a viewed process's counterparts, most counterparts
    first, each with its capability level as the assessment rated it (None: not rated)."""
    shown = [pid for pid in sources if pid in assessed_processes]
    shown.sort(key=lambda pid: (-sources[pid], order.index(pid) if pid in order else len(order)))
    return [{"process": pid, "counterparts": sources[pid],
             "capability_level": assessed_processes[pid].get("capability_level"),
             "level_name": assessed_processes[pid].get("level_name")} for pid in shown]


def _count(requirements: dict[str, Any]) -> dict[str, int]:
    out = {"requirements": len(requirements), "equivalent": 0, "partial": 0, "none": 0, "derived": 0}
    for req in requirements.values():
        out[req["match"]] += 1
        out["derived"] += req["conformity"] != NOT_DERIVED
    return out


_LABELS: dict[str, Label] = label_table(
    # The catalogues by their standards' names ("ISO/IEC 20000-1:2018", "FitSM-1"), never inflected.
    _p("crosswalk_view.heading", "Assessed against {assessed}; the results as {viewed} requirements "
                                 "(crosswalk {crosswalk}, version {version})"),
    _p("crosswalk_view.rule", "A conformity is derived only through equivalent counterparts; partial ones are "
                              "evidence to look at."),
    _p("crosswalk_view.coverage", "{viewed}: {equivalent} equivalent, {partial} partial only, {none} without "
                                  "counterpart (of {requirements}); {assessed}: {unused} of {total} requirements "
                                  "have no counterpart"),
    _p("crosswalk_view.conforming", "conforming"),
    _p("crosswalk_view.not-conforming", "not conforming"),
    _p("crosswalk_view.not-applicable", "not applicable"),
    _p("crosswalk_view.not-assessed", "not assessed"),
    _p("crosswalk_view.not-derived", "not derived"),
    _p("crosswalk_view.outside-scope", "outside the scope"),
    _p("crosswalk_view.compliance", "compliance"),
    _p("crosswalk_view.levels_rule", "Capability levels are the rated levels of the assessed processes ({assessed}) "
                                     "that hold the counterparts (model: {model}); no levels are derived for the "
                                     "processes of {viewed}."),
    _p("crosswalk_view.levels", "capability levels of the processes behind it"),
)


def view_table(view: dict[str, Any], lang: str = "en") -> str:
    """The view as readable text for a terminal, in English or Finnish."""
    words = worded(_LABELS, lang)
    match_names = worded(MATCH_NAMES, lang)

    def t(key: str) -> str:
        return words[key]

    v = view["view"]
    viewed, assessed = v.get("name") or v["catalogue"], v.get("assessed_name") or v["assessed_catalogue"]
    crosswalk = localize(v["crosswalk_title"], lang) if v.get("crosswalk_title") else v["crosswalk"]
    lines = [t("heading").format(assessed=assessed, viewed=viewed, crosswalk=crosswalk, version=v["crosswalk_version"]),
             t("rule")]
    if v.get("capability_model"):
        lines.append(t("levels_rule").format(model=localize(v["capability_model"]["title"], lang),
                                             assessed=assessed, viewed=viewed))
    lines.append("")
    for pid, proc in view["processes"].items():
        share = format_percent(proc["compliance"], lang) if proc["compliance"] is not None else "–"
        figures = f"{t('compliance')} {share}"
        if proc.get("assessed_levels"):
            figures += f"; {t('levels')}: " + ", ".join(
                f"{a['process']} {a['capability_level'] if a['capability_level'] is not None else '–'}"
                for a in proc["assessed_levels"])
        lines.append(f"{pid}  {localize(proc['title'], lang)}  ({figures})")
        for rid, req in view["requirements"].items():
            if req["process"] != pid:
                continue
            others = "; ".join(f"{c['id']} ({match_names[c['match']]}: {t(c['conformity'])})"
                               for c in req["counterparts"]) or match_names["none"]
            lines.append(f"  {rid:<10} {t(req['conformity']):<18} {match_names[req['match']]:<16} {others}")
    c = view["coverage"]
    lines += ["", t("coverage").format(viewed=viewed, assessed=assessed,
                                       unused=len(c["assessed"]["without_counterpart"]),
                                       total=c["assessed"]["requirements"], **c["viewed"])]
    return "\n".join(lines) + "\n"
