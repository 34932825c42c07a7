"""The executive summary and the per-process pages, worded from the results in the report's language.

Everything here is read from the results contract and the view model already built (processes,
clauses, findings, actions, comparison): the verdict and its scope as scoring decided them,
key messages (progress, strengths, risks, what blocks the next level), a red/amber/green
overview by clause and by process, and the figures a CIO asks for. RAG rules (stated in the
method section through :data:`RAG_RULE_KEYS`):

* Red: an open major nonconformity, a process two or more levels below its target, or
  compliance below 50 %.
* Amber: an open minor nonconformity, a process one level below its target, or compliance
  below 85 %.
* Green: otherwise. Grey (X): nothing assessed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from itsm_assess.i18n import localize, quoted_text
from itsm_assess.i18n.formats import joined
from itsm_assess.reports.labels import blockers_more_text, good_practice_text, open_nc_text, shortened_list

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.reports.view_model import ReportView
    from itsm_assess.reports.view_types import (
        ActionPlanRow,
        ClauseRow,
        Figure,
        FindingRow,
        HoldingBack,
        KeyMessage,
        ProcessPage,
        ProcessRow,
        RagClause,
        RagProcess,
        RequirementRow,
        VerdictView,
    )
    from itsm_assess.scoring.contract import ReadinessEntry

#: A share as people read it ("42 %"), in the report's language.
Percent = Callable[[float | None], str]

RED_BELOW = 0.5
AMBER_BELOW = 0.85
RAG_RULE_KEYS: tuple[str, ...] = ("rag_rule_red", "rag_rule_amber", "rag_rule_green")
#: How many processes below target get a key message of their own.
MAX_BLOCKER_MESSAGES = 5
MAX_LISTED = 3


def _open_nc(findings: list[FindingRow]) -> list[FindingRow]:
    return [f for f in findings if f["grade"] in ("major-nc", "minor-nc") and f["status"] == "open"]


def rag(compliance: float | None, majors: int, minors: int, levels_short: int | None = None) -> str:
    """``"R"``, ``"A"``, ``"G"`` or ``"X"`` (nothing assessed) by the stated rule."""
    if compliance is None and levels_short is None and not majors and not minors:
        return "X"
    if majors or (levels_short or 0) >= 2 or (compliance is not None and compliance < RED_BELOW):
        return "R"
    if minors or (levels_short or 0) == 1 or (compliance is not None and compliance < AMBER_BELOW):
        return "A"
    return "G"


def rag_by_clause(clauses: list[ClauseRow], findings: list[FindingRow], lab: dict[str, str]) -> list[RagClause]:
    """Top-level clauses (4-10) with their RAG status, compliance and open nonconformities."""
    ncs = _open_nc(findings)
    rows: list[RagClause] = []
    for c in clauses:
        if c["depth"] != 1:
            continue
        number = c["clause"]
        mine = [f for f in ncs if any(str(x).split(".")[0] == number for x in f["clauses"])]
        majors = sum(1 for f in mine if f["grade"] == "major-nc")
        status = rag(c["compliance"], majors, len(mine) - majors)
        rows.append({"clause": number, "title": c["title"], "compliance": c["compliance"], "rag": status,
                     "rag_label": lab[f"rag_{status}"], "open_major": majors, "open_minor": len(mine) - majors})
    return rows


def rag_by_process(processes: list[ProcessRow], findings: list[FindingRow], lab: dict[str, str]) -> list[RagProcess]:
    ncs = _open_nc(findings)
    rows: list[RagProcess] = []
    for p in processes:
        mine = [f for f in ncs if p["id"] in f["processes"]]
        majors = sum(1 for f in mine if f["grade"] == "major-nc")
        short = None
        if p["capability_level"] is not None and p["target_level"] is not None:
            short = max(0, p["target_level"] - p["capability_level"])
        status = rag(p["compliance"], majors, len(mine) - majors, short)
        rows.append({"id": p["id"], "title": p["title"], "capability_level": p["capability_level"],
                     "target_level": p["target_level"], "compliance": p["compliance"], "rag": status,
                     "rag_label": lab[f"rag_{status}"], "open_major": majors, "open_minor": len(mine) - majors})
    return rows


def verdict_view(readiness: ReadinessEntry, method: str | None, lab: dict[str, str]) -> VerdictView:
    """The verdict with the words that say what it covers (certification, an indication, or none)."""
    verdict = readiness.get("verdict")
    from itsm_assess._io.theme import VERDICT_RAG

    if method == "self-assessment" and verdict not in VERDICT_RAG:
        # Never a certification verdict: the team's own view, said plainly.
        return {"code": "none", "label": lab["verdict_self"], "scope_text": lab["director_not_an_audit"], "rag": "X"}
    if not verdict or verdict == "none":
        return {"code": "none", "label": lab["verdict_none"], "scope_text": lab["verdict_scope_none"], "rag": "X"}
    if method == "self-assessment":
        scope_text = lab["verdict_scope_self"]
    elif readiness.get("certification_scope"):
        scope_text = lab["verdict_scope_full"]
    else:
        outside = readiness.get("clauses_outside_scope") or []
        scope_text = lab["verdict_scope_partial"].format(clauses=", ".join(str(c) for c in outside) or "–")
    return {"code": verdict, "label": lab.get(f"verdict_{verdict}", str(verdict)), "scope_text": scope_text,
            "rag": VERDICT_RAG.get(verdict, "X")}


def key_messages(view: ReportView, pct: Percent) -> list[KeyMessage]:
    """What the CIO should take away, in order: progress, risks, what blocks each process, strengths.

    Strengths are the processes green by the RAG rule (the module docstring), best level and
    compliance first: a process without a target or nonconformity is not strong at 6 %.
    """
    lab = view.labels
    messages: list[KeyMessage] = []
    comp = view.comparison
    if comp is not None:
        before, now = comp["compliance_before"], comp["compliance_now"]
        if before is not None and now is not None:
            key = "msg_progress_up" if now - before > 0.005 else "msg_progress_down" if before - now > 0.005 else "msg_progress_same"
            text = lab[key].format(baseline=comp["baseline_id"], before=pct(before), now=pct(now))
        else:
            text = lab["msg_progress_compared"].format(baseline=comp["baseline_id"])
        compared = [p for p in comp["processes"] if p["trend"] not in ("new", "removed")]
        # "25 improved and none worsened" rather than "25 improved and 0 worsened".
        improved, worsened = comp["improved"], comp["worsened"]
        key = ("msg_progress_processes" if improved and worsened else "msg_progress_processes_none_worse" if improved
               else "msg_progress_processes_none_better" if worsened else "msg_progress_processes_unchanged")
        text += " " + lab[key].format(improved=improved, worsened=worsened, total=len(compared))
        majors = next((g for g in comp["findings_by_grade"] if g["grade"] == "major-nc"), None)
        if majors is not None and majors["before"] != majors["now"]:
            text += " " + lab["msg_progress_majors"].format(before=majors["before"], now=majors["now"])
        messages.append({"kind": "progress", "text": text})

    ncs = _open_nc(view.findings)
    titles = {p["id"]: p["title"] for p in view.processes}
    for grade in ("major-nc", "minor-nc"):
        mine = [f for f in ncs if f["grade"] == grade]
        if mine:
            areas = list(dict.fromkeys(titles.get(pid, pid) for f in mine for pid in f["processes"]))
            ids = [str(f["id"]) for f in mine[:6]] + (["…"] if len(mine) > 6 else [])  # "…": more than six
            messages.append({"kind": "risk", "text": open_nc_text(
                grade, len(mine), ", ".join(ids), _listed(areas, lab, view.lang), view.lang)})

    below = [(p, level, target) for p in view.processes
             if (level := p["capability_level"]) is not None and (target := p["target_level"]) is not None
             and level < target]
    below.sort(key=lambda b: (-(b[2] - b[1]), b[1]))
    for p, level, target in below[:MAX_BLOCKER_MESSAGES]:
        next_level = level + 1
        blocking = [a for a in view.actions if a["kind"] == "gap" and a["process"] == p["id"]
                    and a["attribute"] is not None and int(a["attribute"][2]) <= next_level]
        text = lab["msg_blocker"].format(process=p["title"], level=level, target=target)
        if blocking:
            parts = [lab["msg_blocker_attribute"].format(attribute=a["attribute"], name=a["attribute_name"],
                                                         rating=a["rating"] or lab["not_rated"], needed=a["needed"])
                     for a in blocking[:2]]
            # "is held back by A and B": the verb agrees with the number of attributes (Finnish esteinä ovat).
            key = "msg_blocker_by" if len(parts) == 1 else "msg_blocker_by_many"
            text += " " + lab[key].format(next=next_level, items=_and(parts, lab)) + "."
            first_titles = blocking[0]["requirement_titles"][:2]
            if first_titles:
                text += " " + lab["msg_blocker_start"].format(
                    titles=_and([quoted_text(t, view.lang) for t in first_titles], lab)) + "."
        messages.append({"kind": "blocker", "text": text})
    if len(below) > MAX_BLOCKER_MESSAGES:
        messages.append({"kind": "blocker", "text": blockers_more_text(len(below) - MAX_BLOCKER_MESSAGES, view.lang)})

    # Only green by the RAG rule is strong: no open nonconformity, at or above target, compliance >= 85 %.
    green = {r["id"] for r in rag_by_process(view.processes, view.findings, lab) if r["rag"] == "G"}
    strong = [p for p in view.processes if p["compliance"] is not None and p["id"] in green]
    strong.sort(key=lambda p: (-(p["capability_level"] or 0), -(p["compliance"] or 0)))
    if strong:
        shown = strong[:MAX_LISTED]
        named = [f"{name} ({pct(p['compliance'])})" for name, p in zip(_names([p["title"] for p in shown], view.lang),
                                                                         shown, strict=True)]
        messages.append({"kind": "strength", "text": lab["msg_strengths"].format(items=_and(named, lab))})
    good = [f for f in view.findings if f["grade"] == "good-practice"]
    if good:
        good_areas = _listed(list(dict.fromkeys(titles.get(pid, pid) for f in good for pid in f["processes"])), lab, view.lang)
        messages.append({"kind": "strength", "text": good_practice_text(len(good), good_areas, view.lang)})
    return messages


def figures(view: ReportView, pct: Percent) -> list[Figure]:
    """The numbers on the summary's first screen: value, label and (with a baseline) what it was."""
    lab = view.labels
    comp = view.comparison
    out: list[Figure] = []

    def figure(key: str, value: str, label: str, before: str | None = None, detail: str | None = None) -> None:
        if detail is None and before is not None:
            detail = lab["was"].format(value=before)
        out.append({"key": key, "value": value, "label": label, "before": before, "detail": detail})

    figure("compliance", pct(view.overall.get("compliance")), lab["overall_compliance"],
           pct(comp["compliance_before"]) if comp is not None and comp["compliance_before"] is not None else None)
    grades = {g["grade"]: g for g in (comp["findings_by_grade"] if comp else [])}
    for key, grade, count in (("open_major", "major-nc", view.readiness["open_major"]),
                              ("open_minor", "minor-nc", view.readiness["open_minor"])):
        was = grades.get(grade)
        figure(key, str(count), lab[key], str(was["before"]) if was else None)
    targeted = [(level, target) for p in view.processes
                if (level := p["capability_level"]) is not None and (target := p["target_level"]) is not None]
    if view.model["has_levels"] and targeted:
        at = sum(1 for level, target in targeted if level >= target)
        figure("at_target", f"{at} / {len(targeted)}", lab["processes_at_target"])
    high = sum(1 for a in view.actions if a["priority"] == "high")
    figure("high_actions", str(high), lab["high_priority_actions"], detail=lab["of_total"].format(total=len(view.actions)))
    figure("assessed", f"{view.overall.get('assessed', 0)} / {view.overall.get('requirements_in_scope', 0)}",
           lab["requirements_assessed"])
    return out


def process_pages(view: ReportView, catalogue: Catalogue | None) -> list[ProcessPage]:
    """One page per process: purpose, level and target, attributes, strengths, weaknesses, what holds it back."""
    lab = view.labels
    lang = view.lang
    reqs_by_process: dict[str | None, list[RequirementRow]] = {}
    for q in view.requirements:
        reqs_by_process.setdefault(q["process"], []).append(q)
    rank = {r: i for i, r in enumerate(("N", "P-", "P", "P+", "L-", "L", "L+", "F"))}
    pages: list[ProcessPage] = []
    for p, status in zip(view.processes, view.executive["rag_processes"], strict=True):
        pid = p["id"]
        proc = catalogue.processes.get(pid) if catalogue is not None else None
        reqs = reqs_by_process.get(pid, [])
        strengths = [q for q in reqs if q["rating"] in ("F", "L+") and q["finding"] not in ("major-nc", "minor-nc")]
        strengths.sort(key=lambda q: (-(q["weight"] or 0), -rank.get(q["rating"] or "", 0)))
        weaknesses = [q for q in reqs if q["rating"] in ("N", "P-", "P", "P+") or q["finding"] in ("major-nc", "minor-nc")]
        weaknesses.sort(key=lambda q: (rank.get(q["rating"] or "", 0), -(q["weight"] or 0)))
        holding: list[HoldingBack] = [
            {"attribute": a["attribute"], "attribute_name": a["attribute_name"], "rating": a["rating"],
             "family": a["family"], "needed": a["needed"], "priority_label": a["priority_label"],
             "requirements": [{"id": rid, "title": t} for rid, t in zip(_weak_ids(a), a["requirement_titles"], strict=False)]}
            for a in view.actions if a["kind"] == "gap" and a["process"] == pid
        ]
        pages.append({
            "id": pid,
            "title": p["title"],
            "purpose": localize(proc.purpose, lang) if proc is not None else "",
            "capability_level": p["capability_level"],
            "level_name": p["level_name"],
            "target_level": p["target_level"],
            "compliance": p["compliance"],
            "rag": status["rag"],
            "rag_label": status["rag_label"],
            "attributes": [{"attribute": pa, "name": view.attribute_names.get(pa, ""), **p["attributes"][pa]}
                           for pa in view.attributes if pa in p["attributes"]],
            "strengths": [{"id": q["id"], "title": q["title"], "rating": q["rating"]} for q in strengths[:5]],
            "weaknesses": [{"id": q["id"], "title": q["title"], "rating": q["rating"] or "–",
                            "finding_label": q["finding_label"]} for q in weaknesses[:6]],
            "holding_back": holding,
            "findings": [f for f in view.findings if pid in f["processes"]],
            "no_strengths": lab["no_strengths"],
        })
    return pages


def _weak_ids(action: ActionPlanRow) -> list[str]:
    return action["weak_requirements"] or action["requirements"]


def _names(names: list[str], lang: str) -> list[str]:
    """Names as a list can join them: all quoted when one holds a comma or "and" of its own
    ("Johtajuus, politiikka ja roolit" would split into three items), else as they are."""
    from itsm_assess.i18n import pgettext_for

    and_word = f" {pgettext_for(lang)('and', 'and')} "
    if any("," in n or and_word in n for n in names):
        return [quoted_text(n, lang) for n in names]
    return names


def _listed(items: list[str], lab: dict[str, str], lang: str) -> str:
    return shortened_list(_names(items, lang), MAX_LISTED, lab, lang, "process")


def _and(items: list[str], lab: dict[str, str]) -> str:
    return joined(items, lab["and"])
