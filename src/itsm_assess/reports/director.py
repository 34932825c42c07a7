"""The director's summary of a team self-assessment: one page in plain words, from the answers.

A self-assessment gets no certification verdict. What a director needs instead is where the team
stands, process by process, in words; the strongest and weakest areas; where colleagues disagree
and what to talk about; how many answered and how often they could not say; three to five next
steps; and the honest line that this is the team's own view, not an audit. Every sentence here is
chosen by a rule over the data (stated below and in docs/reports.md), never canned:

* an item's value is its consensus rating on the band scale N=0, P=1 (P-, P, P+), L=2, F=3
  (NA and unrated items are left out); a process's **score** is the mean over its rated items;
* **standing** of a process by its score: ``established`` >= 2.5, ``largely`` >= 1.75,
  ``partly`` >= 1.0, ``hardly`` below; ``unknown`` when nothing was rated;
* **strongest**: the processes with the highest score, when that is at least ``largely``;
  **weakest**: those with the lowest score, when that is below ``established`` and not the
  strongest too (with one process in scope: its lowest-rated items);
* **to discuss**: items flagged by the survey (spread of two bands or more, or answers split into
  camps, :func:`itsm_assess.fieldwork.survey.polarised`); the prompt says which camps or roles differ;
* **could not say**: items where a third or more of the answers (and at least two) were
  "don't know";
* **first page**: up to :data:`FIRST_PAGE_TABLE_MAX` processes as a table; more are named in
  groups by standing (best first) and the table follows the next steps, so A4 holds the page;
* **next steps**, at most five, in this order when they apply: ask more colleagues (fewer than
  :data:`FEW_RESPONDENTS` answered), discuss the split items, improve the weakest process starting
  with the items the team agrees are missing, find out why many could not say, check the
  strongest area against records before relying on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypedDict

from itsm_assess.fieldwork.survey import SCALE, counts_words, polarised
from itsm_assess.i18n import quoted_text
from itsm_assess.reports.labels import processes_assessed_text, shortened_list

if TYPE_CHECKING:
    from collections.abc import Callable

    from itsm_assess.assessment import Assessment
    from itsm_assess.fieldwork.survey_view import RoleAnswers, SurveyDiscussion
    from itsm_assess.reports.view_model import ReportView
    from itsm_assess.reports.view_types import Figure, RequirementRow

Standing = Literal["established", "largely", "partly", "hardly", "unknown"]
#: Lowest score of each standing, best first.
STANDING_FLOORS: tuple[tuple[Standing, float], ...] = (("established", 2.5), ("largely", 1.75), ("partly", 1.0),
                                                       ("hardly", 0.0))
#: A director is told to ask more colleagues below this many respondents.
FEW_RESPONDENTS = 5
#: Share of "don't know" answers from which an item counts as one the team could not say.
DONT_KNOW_SHARE = 1 / 3
#: The rating family whose colour a standing takes in every format.
STANDING_FAMILY: dict[str, str] = {"established": "F", "largely": "L", "partly": "P", "hardly": "N", "unknown": "NA"}
MAX_NAMED = 3
MAX_STEPS = 5
#: Up to this many processes the first page shows the per-process table; with more, the processes
#: are named by standing on the first page and the table follows after it (27 rows do not fit A4).
FIRST_PAGE_TABLE_MAX = 6
BANDS = ("N", "P", "L", "F")


class ProcessStanding(TypedDict):
    """Where the team puts one process, in words and in counts of its items' consensus ratings."""

    id: str
    title: str
    standing: Standing
    standing_label: str
    #: The rating family whose colour shows the standing ("F" for well established ... "N", "NA").
    family: str
    #: Mean band value of the rated items (0 = not at all ... 3 = fully); None when nothing was rated.
    score: float | None
    #: Items by consensus band: {"N": 1, "P": 2, "L": 4, "F": 3}.
    items: dict[str, int]
    items_text: str
    to_discuss: int
    dont_know_share: float | None


class DiscussionPoint(TypedDict):
    id: str
    title: str
    process: str
    answers: str
    prompt: str


class StandingGroup(TypedDict):
    """The processes that share a standing, best standing first (the first page of a large scope)."""

    standing: Standing
    label: str
    family: str
    count: int
    processes: list[dict[str, str]]


class DirectorMessage(TypedDict):
    kind: str
    text: str


class DirectorSummary(TypedDict):
    """The director's page (``view.executive["director"]``), present for self-assessments only."""

    title: str
    not_an_audit: str
    headline: str
    participation: str | None
    respondents: int | None
    questions: int
    answers: int
    dont_know_share: float | None
    processes: list[ProcessStanding]
    standing_groups: list[StandingGroup]
    #: True when the first page names the processes by standing and the per-process table follows.
    grouped: bool
    strongest: list[str]
    weakest: list[str]
    messages: list[DirectorMessage]
    discuss: list[DiscussionPoint]
    could_not_say: list[str]
    next_steps: list[str]


def band(rating: str | None) -> int | None:
    """``"L+"`` -> 2; NA, "don't know" and no rating -> None."""
    return SCALE.get(rating) if rating else None


def _low(rating: str | None) -> bool:
    """Rated "not at all" or "partly"."""
    value = band(rating)
    return value is not None and value <= 1


def standing_of(score: float | None) -> Standing:
    if score is None:
        return "unknown"
    return next(name for name, floor in STANDING_FLOORS if score >= floor - 1e-9)


def _answer_counts(assessment: Assessment | None) -> dict[str, dict[str, int]]:
    if assessment is None:
        return {}
    return {r.id: {str(k): int(v) for k, v in (r.counts or {}).items()} for r in assessment.responses if r.counts}


def respondent_count(assessment: Assessment | None) -> int | None:
    """Everyone who answered a self-assessment's items (or was listed as a respondent)."""
    return _respondents(assessment)


def _respondents(assessment: Assessment | None) -> int | None:
    if assessment is None:
        return None
    # Everyone who answered an item: N/P/L/F, "don't know" and "not relevant" alike.
    most = max((sum((r.counts or {}).values()) for r in assessment.responses), default=0)
    listed = len(assessment.assessment.respondents)
    return max(most, listed) or None


def _one(items: list[Any]) -> str:
    """``"_one"`` for a single item: its own sentence, never "1 questions, such as ..."."""
    return "_one" if len(items) == 1 else ""


def _names(items: list[str], lab: dict[str, str], lang: str, of: str = "area") -> str:
    return shortened_list(items, MAX_NAMED, lab, lang, of)


def _quoted(titles: list[str], lab: dict[str, str], lang: str) -> str:
    return _names([quoted_text(t, lang) for t in titles], lab, lang, "question")


def _prompt(counts: dict[str, int], by_role: list[RoleAnswers], lab: dict[str, str]) -> str:
    """What to talk about on a split item: the roles that differ, the camps, or the range."""
    medians = [(r["role"], band(r["median"])) for r in by_role if band(r["median"]) is not None]
    if len(medians) >= 2:
        low = min(medians, key=lambda m: m[1] or 0)
        high = max(medians, key=lambda m: m[1] or 0)
        if (high[1] or 0) - (low[1] or 0) >= 2:
            return lab["director_prompt_roles"].format(
                high_role=high[0], high=lab[f"director_answer_{BANDS[high[1] or 0]}"],
                low_role=low[0], low=lab[f"director_answer_{BANDS[low[1] or 0]}"])
    given = [b for b in BANDS if counts.get(b)]
    lowest, highest = lab[f"director_answer_{given[0]}"], lab[f"director_answer_{given[-1]}"]
    key = "director_prompt_camps" if polarised(counts) else "director_prompt_range"
    return lab[key].format(low=lowest, high=highest)


def director_summary(view: ReportView, assessment: Assessment | None, pct: Callable[[float | None], str]) -> DirectorSummary:
    """The director's page for a self-assessment view (see the module's rules)."""
    lab, lang = view.labels, view.lang
    answers = _answer_counts(assessment)
    survey_items = {d["id"]: d for d in (view.survey["discuss"] if view.survey is not None else [])}
    reqs = [q for q in view.requirements if q["rating"] != "NA"]
    by_process: dict[str | None, list[RequirementRow]] = {}
    for q in reqs:
        by_process.setdefault(q["process"], []).append(q)

    standings: list[ProcessStanding] = []
    for p in view.processes:
        mine = by_process.get(p["id"], [])
        values = [b for b in (band(q["rating"]) for q in mine) if b is not None]
        score = sum(values) / len(values) if values else None
        items = {name: sum(1 for v in values if v == i) for i, name in enumerate(BANDS)}
        given = sum(sum(answers.get(q["id"], {}).get(k, 0) for k in (*BANDS, "DK")) for q in mine)
        dk = sum(answers.get(q["id"], {}).get("DK", 0) for q in mine)
        standing = standing_of(score)
        standings.append({
            "id": p["id"], "title": p["title"], "standing": standing, "standing_label": lab[f"director_standing_{standing}"],
            "family": STANDING_FAMILY[standing],
            "score": round(score, 2) if score is not None else None, "items": items,
            "items_text": lab["director_items"].format(**{k.lower(): v for k, v in items.items()}),
            "to_discuss": sum(1 for q in mine if q["id"] in survey_items),
            "dont_know_share": dk / given if given else None,
        })

    rated = [s for s in standings if s["score"] is not None]
    top = max((s["score"] or 0 for s in rated), default=None)
    bottom = min((s["score"] or 0 for s in rated), default=None)
    # Several processes all alike have no strongest or weakest; one process has only weakest items.
    apart = len(rated) > 1 and top != bottom
    strongest = [s for s in rated if apart and s["score"] == top and standing_of(top) in ("established", "largely")]
    weakest = [s for s in rated if apart and s["score"] == bottom and standing_of(bottom) != "established"]

    titles = {q["id"]: q["title"] or q["id"] for q in view.requirements}
    process_titles = {p["id"]: p["title"] for p in view.processes}
    discuss: list[DiscussionPoint] = []
    for rid, d in survey_items.items():
        counts = answers.get(rid, {})
        if not any(counts.get(b) for b in BANDS):
            continue
        req = next((q for q in view.requirements if q["id"] == rid), None)
        discuss.append({"id": rid, "title": titles.get(rid, rid), "process": process_titles.get(req["process"] or "", "") if req else "",
                        "answers": counts_words(counts, view.lang), "prompt": _prompt(counts, d["by_role"], lab)})
    discuss.sort(key=lambda d: (not polarised(answers.get(d["id"], {})), -_spread_rank(answers.get(d["id"], {}))))

    could_not_say = [rid for rid, c in answers.items()
                     if c.get("DK", 0) >= 2 and c.get("DK", 0) >= DONT_KNOW_SHARE * sum(c.get(k, 0) for k in (*BANDS, "DK"))]
    total_given = sum(sum(c.get(k, 0) for k in (*BANDS, "DK")) for c in answers.values())
    total_dk = sum(c.get("DK", 0) for c in answers.values())
    respondents = _respondents(assessment) if answers else None
    questions = len(reqs)
    well = sum(1 for q in reqs if (band(q["rating"]) or 0) >= 2 and band(q["rating"]) is not None)

    headline = lab["director_headline"].format(
        well=well, questions=sum(1 for q in reqs if band(q["rating"]) is not None)) \
        + " " + processes_assessed_text(len(view.processes), lang)
    participation = None
    if respondents:
        participation = lab["director_participation"].format(
            respondents=respondents, questions=len(answers), dont_know=pct(total_dk / total_given if total_given else 0))
    weak_items = sorted((q for q in reqs if _low(q["rating"]) and q["id"] not in survey_items),
                        key=lambda q: (band(q["rating"]) or 0, -(q["weight"] or 0)))
    weakest_items = None
    if len(rated) == 1 and weak_items:
        weakest_items = lab["director_weakest_items"].format(
            items=_quoted([q["title"] or q["id"] for q in weak_items[:MAX_NAMED]], lab, lang))
    messages = _messages(standings, strongest, weakest, weakest_items, discuss, could_not_say, titles, lab, headline,
                         participation, lang)
    lowest_first = sorted(rated, key=lambda s: s["score"] or 0)
    steps = _next_steps(respondents, discuss, weakest or lowest_first[:1], strongest, could_not_say,
                        by_process, survey_items, titles, lab, lang)
    return {
        "title": lab["director_title"], "not_an_audit": lab["director_not_an_audit"], "headline": headline,
        "participation": participation, "respondents": respondents, "questions": questions, "answers": total_given,
        "dont_know_share": total_dk / total_given if total_given else None, "processes": standings,
        "standing_groups": standing_groups(standings), "grouped": len(standings) > FIRST_PAGE_TABLE_MAX,
        "strongest": [s["id"] for s in strongest], "weakest": [s["id"] for s in weakest], "messages": messages,
        "discuss": discuss, "could_not_say": could_not_say, "next_steps": steps,
    }


def standing_groups(standings: list[ProcessStanding]) -> list[StandingGroup]:
    """Processes grouped by standing, best first, each group in the order of the report."""
    groups: list[StandingGroup] = []
    for standing in (*(name for name, _floor in STANDING_FLOORS), "unknown"):
        members = [s for s in standings if s["standing"] == standing]
        if members:
            groups.append({"standing": members[0]["standing"], "label": members[0]["standing_label"],
                           "family": STANDING_FAMILY[standing], "count": len(members),
                           "processes": [{"id": s["id"], "title": s["title"]} for s in members]})
    return groups


def _spread_rank(counts: dict[str, int]) -> int:
    given = [i for i, b in enumerate(BANDS) if counts.get(b)]
    return given[-1] - given[0] if given else 0


def _messages(standings: list[ProcessStanding], strongest: list[ProcessStanding], weakest: list[ProcessStanding],
              weakest_items: str | None, discuss: list[DiscussionPoint], could_not_say: list[str], titles: dict[str, str], lab: dict[str, str],
              headline: str, participation: str | None, lang: str) -> list[DirectorMessage]:
    """The key messages of a self-assessment, in the order a director reads them."""
    out: list[DirectorMessage] = [{"kind": "standing", "text": headline}]
    if participation:
        out.append({"kind": "participation", "text": participation})
    rated = [s for s in standings if s["score"] is not None]
    if len(rated) > 1 and len({s["score"] for s in rated}) == 1:
        out.append({"kind": "standing", "text": lab["director_all_alike"].format(standing=rated[0]["standing_label"].lower())})
    elif strongest:
        out.append({"kind": "strength", "text": lab["director_strongest"].format(
            areas=_names([s["title"] for s in strongest], lab, lang), standing=strongest[0]["standing_label"].lower())})
    elif len(rated) > 1:
        out.append({"kind": "strength", "text": lab["director_no_strong_area"]})
    if weakest:
        out.append({"kind": "weakness", "text": lab["director_weakest"].format(
            areas=_names([s["title"] for s in weakest], lab, lang), standing=weakest[0]["standing_label"].lower())})
    elif weakest_items:
        out.append({"kind": "weakness", "text": weakest_items})
    if discuss:
        out.append({"kind": "discuss", "text": lab["director_discuss" + _one(discuss)].format(
            count=len(discuss), items=_quoted([d["title"] for d in discuss[:2]], lab, lang))})
    elif participation:  # only a survey can tell that colleagues agree
        out.append({"kind": "discuss", "text": lab["director_agree"]})
    if could_not_say:
        out.append({"kind": "unknown", "text": lab["director_could_not_say" + _one(could_not_say)].format(
            count=len(could_not_say), items=_quoted([titles.get(i, i) for i in could_not_say[:2]], lab, lang))})
    return out


def _next_steps(respondents: int | None, discuss: list[DiscussionPoint], weakest: list[ProcessStanding],
                strongest: list[ProcessStanding], could_not_say: list[str], by_process: dict[str | None, list[RequirementRow]],
                disputed: dict[str, SurveyDiscussion], titles: dict[str, str], lab: dict[str, str], lang: str) -> list[str]:
    steps: list[str] = []
    if respondents is not None and respondents < FEW_RESPONDENTS:
        steps.append(lab["director_step_ask_more"].format(respondents=respondents))
    if discuss:
        steps.append(lab["director_step_discuss" + _one(discuss)].format(
            count=len(discuss), items=_quoted([d["title"] for d in discuss[:2]], lab, lang)))
    for weak in weakest[:2]:
        items = [q for q in by_process.get(weak["id"], []) if _low(q["rating"])]
        agreed = [q for q in items if q["id"] not in disputed]
        chosen = sorted(agreed or items, key=lambda q: (band(q["rating"]) or 0, -(q["weight"] or 0)))
        if chosen:
            steps.append(lab["director_step_improve_agreed" if agreed else "director_step_improve"].format(
                process=weak["title"], items=_quoted([q["title"] or q["id"] for q in chosen[:2]], lab, lang)))
    if could_not_say:
        steps.append(lab["director_step_make_known"].format(items=_quoted([titles.get(i, i) for i in could_not_say[:2]], lab, lang)))
    if strongest:
        steps.append(lab["director_step_check"].format(areas=_names([s["title"] for s in strongest], lab, lang)))
    return steps[:MAX_STEPS]


def director_figures(director: DirectorSummary, lab: dict[str, str], pct: Callable[[float | None], str]) -> list[Figure]:
    """The key figures of a self-assessment: who answered, how much is in place, what is unclear."""
    in_place = sum(s["items"]["L"] + s["items"]["F"] for s in director["processes"])
    rated = sum(sum(s["items"].values()) for s in director["processes"])
    rows: list[tuple[str, str, str]] = []
    if director["respondents"]:
        rows.append(("respondents", str(director["respondents"]), lab["director_fig_respondents"]))
    rows.append(("in_place", f"{in_place} / {rated}", lab["director_fig_in_place"]))
    if director["dont_know_share"] is not None:
        rows.append(("dont_know", pct(director["dont_know_share"]), lab["director_fig_dont_know"]))
    if director["respondents"]:
        rows.append(("to_discuss", str(len(director["discuss"])), lab["director_fig_discuss"]))
    return [{"key": key, "value": value, "label": label, "before": None, "detail": None} for key, value, label in rows]
