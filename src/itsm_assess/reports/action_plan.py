"""The corrective-action plan's rows: the actions ``planning.corrective_actions`` decides, worded.

Action texts are generated in the report's language and name requirements by title; the
assessor's own recommendation stays in its own field, as written. Which actions, their order and
their High / Medium / Low priority are decided in :mod:`itsm_assess.planning.corrective_actions`
(:data:`PRIORITY_RULE_KEYS` words its rule in the method section).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from itsm_assess.assessment import finding_id_text
from itsm_assess.i18n import localize, quoted_text
from itsm_assess.planning.corrective_actions import (
    ACTION_STATUSES,
    NONCONFORMITIES,
    PRIORITIES,
    PlannedAction,
    gap_priority,
    plan_actions,
)
from itsm_assess.reports.labels import more_requirements_text, nc_requirements_text
from itsm_assess.scoring.scale import rating_family

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.reports.view_types import ActionPlanRow
    from itsm_assess.scoring.contract import ResultsContract

__all__ = ["ACTION_STATUSES", "NONCONFORMITIES", "PRIORITIES", "PRIORITY_RULE_KEYS", "build_action_plan",
           "gap_priority", "requirement_title", "titles_phrase"]

#: Labels of the rule's sentences, in the order the method section prints them.
PRIORITY_RULE_KEYS: tuple[str, ...] = ("priority_rule_high", "priority_rule_medium", "priority_rule_low")
#: How many requirement titles an action names before "and N more".
MAX_TITLES = 4


def named_item(item_id: str, title: str) -> str:
    """``CHG-02 Title``: a requirement with its id, the reference a reader looks up; a capability
    indicator item (``CHG:IND2.1a``) by its title alone, its id being the tool's key."""
    return title if ":" in item_id or title == item_id else f"{item_id} {title}"


def requirement_title(item_id: str, catalogue: Catalogue | None, lang: str) -> str:
    """The title of a requirement (``CHG-02``) or capability indicator item (``CHG:IND2.1a``)."""
    if catalogue is None:
        return item_id
    req = catalogue.requirements.get(item_id)
    if req is not None:
        return localize(req.title, lang) or item_id
    _, _, indicator = item_id.partition(":")
    ind = catalogue.indicators.get(indicator) if indicator else None
    if ind is not None:
        return localize(ind.title, lang) or item_id
    return item_id


def titles_phrase(titles: list[str], lang: str, *, quote: bool = True) -> str:
    """``"“A”; “B”; “C”"``, or the first few and "and N more requirements": each title quoted (unless
    ``quote`` is false: the items carry their own quotes), so that a title written as a statement
    does not run into the list's words ("… tunnistetaan ja 5 muuta")."""
    shown = [quoted_text(t, lang) if quote else t for t in titles[:MAX_TITLES]]
    text = "; ".join(shown)
    if len(titles) > MAX_TITLES:
        text += " " + more_requirements_text(len(titles) - MAX_TITLES, lang)
    return text


def build_action_plan(
    results: ResultsContract,
    assessment: Assessment | None,
    catalogue: Catalogue | None,
    process_titles: dict[str, str],
    lab: dict[str, str],
    lang: str,
    grade_label: Callable[[str | None], str],
) -> list[ActionPlanRow]:
    """The rows of the corrective-action plan, numbered, nonconformities first."""
    rows: list[ActionPlanRow] = []
    for n, action in enumerate(plan_actions(results, assessment), start=1):
        titles = [requirement_title(r, catalogue, lang) for r in action.weak_requirements]
        process_title = process_titles.get(action.process, action.process)
        rows.append({
            "no": n,
            "id": finding_id_text(action.key, lang),
            "key": action.key,
            "kind": action.kind,
            "priority": action.priority,
            "priority_label": lab.get(f"priority_{action.priority}", "–"),
            "process": action.process,
            "process_title": process_title,
            "attribute": action.attribute,
            "attribute_name": lab.get(action.attribute, "") if action.attribute else "",
            "rating": action.rating,
            "needed": action.needed,
            "target_level": action.target_level,
            "requirements": list(action.requirements),
            "weak_requirements": list(action.weak_requirements),
            "grade": action.grade,
            "grade_label": grade_label(action.grade) if action.grade else "",
            "findings": list(action.findings),
            "action": _action_text(action, titles, process_title, lab, lang),
            "recommendation": action.recommendation,
            "score": action.score,
            "family": rating_family(action.rating),
            "requirement_titles": titles,
            "owner": action.owner,
            "due_date": action.due_date,
            "status": action.status,
            "status_label": lab.get(f"action_status_{action.status}", action.status),
            "notes": action.notes,
        })
    return rows


def _action_text(action: PlannedAction, titles: list[str], process_title: str, lab: dict[str, str], lang: str) -> str:
    """What to do, in the report's language, naming the requirements by title."""
    if action.kind == "own":
        return action.text or ""
    if action.kind == "nc":
        # What the nonconformity found, or its requirements labelled as such: a requirement's title
        # after "Correct minor nonconformity X:" would read as the finding (it states the requirement met).
        text = lab[f"action_correct_{action.grade}"].format(finding=finding_id_text(action.key, lang))
        if action.statement:
            return lab["action_nc_statement"].format(action=text, statement=action.statement)
        if titles:
            named = [rid if title == rid else lab["quoted_requirement"].format(id=rid, title=title)
                     for rid, title in zip(action.weak_requirements, titles, strict=True)]
            return nc_requirements_text(text, titles_phrase(named, lang, quote=False), len(named), lang)
        return text + ": " + process_title if action.process else text
    text = lab["action_text" if action.rating else "action_text_unrated"].format(
        attribute=action.attribute, attribute_name=lab.get(action.attribute, ""), process=process_title,
        rating=lab.get(f"rating_from.{action.rating}", action.rating),
        needed=lab.get(f"rating_to.{action.needed}", action.needed),
        # For languages that join a name to a word ("Muutoksenhallinta-prosessin", "X Y -prosessin").
        process_prefix=process_title + (" -" if " " in process_title else "-"),
    )
    if titles:
        text = lab["action_with_requirements"].format(action=text, ids=titles_phrase(titles, lang))
    return text
