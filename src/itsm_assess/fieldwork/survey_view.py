"""The survey part of the report: where answers differ, by item and by role, and the comments.

Built from ``assessment.yaml`` alone (what ``assess survey`` stored), so that it is the same
whoever writes the report. Names appear only with ``include_names``; roles with fewer than
``min_group`` respondents never appear apart (their answers still count in the totals).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

from itsm_assess.fieldwork.survey import MIN_GROUP, SCALE_NAMES, answer_word, counts_words, nearest_rank, polarised
from itsm_assess.i18n import _p, localize, worded

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue

#: The section's labels by key: (gettext context, English); translated in the PO catalogue.
LABELS: dict[str, tuple[str, str]] = {
    "title": _p("survey.title", "Survey: where answers differ, and what people said"),
    "sheet": _p("survey.sheet", "Survey"),
    "intro": _p("survey.intro", "{n} respondents. Roles with fewer than {k} respondents are not shown apart, so that "
                                "no one's answers can be singled out."),
    "discuss": _p("survey.discuss", "Items to discuss in a workshop"),
    "none": _p("survey.none", "Answers were close to each other on every item."),
    "item": _p("survey.item", "Requirement"),
    "answers": _p("survey.answers", "Answers"),
    "consensus": _p("survey.consensus", "Consensus"),
    "by_role": _p("survey.by_role", "By role"),
    "why": _p("survey.why", "Why"),
    "spread": _p("survey.spread", "answers spread widely"),
    "polarised": _p("survey.polarised", "answers split into camps"),
    "comments": _p("survey.comments", "Comments"),
    "respondents": _p("survey.respondents", "Respondents"),
    "role": _p("survey.role", "Role"),
}


def survey_labels(lang: str) -> dict[str, str]:
    """The section's labels in ``lang``."""
    return worded(LABELS, lang)


def _plain(counts: Mapping[Any, int]) -> dict[str, int]:
    return {str(k): v for k, v in counts.items()}


def _median(counts: Mapping[str, int]) -> str | None:
    scale = [counts.get(k, 0) for k in SCALE_NAMES]
    n = sum(scale)
    return SCALE_NAMES[nearest_rank(scale, (n + 1) // 2)] if n else None


class RoleAnswers(TypedDict):
    role: str
    answers: str
    #: The median answer of the role ("–" without one).
    median: str


class SurveyDiscussion(TypedDict):
    """An item the respondents disagree on: the answers, the consensus, each role's, and why."""

    id: str
    title: str
    answers: str
    consensus: str
    #: Roles with at least the smallest group shown (``min_group``) respondents.
    by_role: list[RoleAnswers]
    why: str


class SurveyComment(TypedDict):
    id: str
    title: str
    text: str
    role: str
    #: Empty unless names are included.
    respondent: str


class RoleCount(TypedDict):
    role: str
    count: int


class SurveySection(TypedDict):
    """The report's survey section (:func:`survey_section`)."""

    labels: dict[str, str]
    intro: str
    roles: list[RoleCount]
    names: list[str]
    discuss: list[SurveyDiscussion]
    comments: list[SurveyComment]


def survey_section(
    assessment: Assessment,
    catalogue: Catalogue | None,
    lang: str = "en",
    *,
    include_names: bool = False,
    min_group: int = MIN_GROUP,
) -> SurveySection | None:
    """The report's survey section, or None when the assessment holds no survey answers."""
    lab = survey_labels(lang)
    surveyed = [r for r in assessment.responses if r.counts or r.comments]
    if not surveyed:
        return None

    def title(item_id: str) -> str:
        if catalogue is not None and item_id in catalogue.requirements:
            return localize(catalogue.requirements[item_id].title, lang)
        return ""

    discuss: list[SurveyDiscussion] = []
    comments: list[SurveyComment] = []
    for r in surveyed:
        counts = _plain(r.counts or {})
        why = [lab[k] for k, flagged in (("spread", bool(r.disagreement)), ("polarised", polarised(counts))) if flagged]
        if why:
            discuss.append({
                # In the team's words ("ei lainkaan 3, osittain 2"), not the rating letters N/P/L/F.
                "id": r.id, "title": title(r.id), "answers": counts_words(counts, lang),
                "consensus": answer_word(r.rating, lang),
                "by_role": [
                    {"role": role, "answers": counts_words(_plain(c), lang), "median": _median(_plain(c)) or "–"}
                    for role, c in sorted(r.role_counts.items()) if sum(c.values()) >= min_group
                ],
                "why": ", ".join(why),
            })
        for c in r.comments:
            comments.append({"id": r.id, "title": title(r.id), "text": c.text, "role": c.role or "",
                             "respondent": c.respondent if include_names and c.respondent else ""})
    people = assessment.assessment.respondents
    roles: dict[str, int] = {}
    for p in people:
        if p.role:
            roles[p.role] = roles.get(p.role, 0) + 1
    most = max((r.respondents or 0 for r in surveyed), default=0)
    return {
        "labels": lab,
        "intro": lab["intro"].format(n=max(most, len(people)), k=min_group),
        "roles": [{"role": role, "count": n} for role, n in sorted(roles.items()) if n >= min_group],
        "names": sorted({p.name for p in people if p.name}) if include_names else [],
        "discuss": discuss,
        "comments": comments,
    }
