"""The rows of a fieldwork workbook: per process, its requirements in catalogue order with their
checklist questions and what to look for, then the capability indicators up to the target level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itsm_assess.catalogue.checklist_render import checklist_labels, look_for_text
from itsm_assess.i18n import _p, localize, lower_first, pgettext_for
from itsm_assess.schema import ATTRIBUTE_LEVEL

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue

#: Question on a capability-indicator row whose indicator carries none of its own.
#: The row stands on its process's own sheet, so the question does not repeat the process's name
#: (which Finnish would have to inflect: "muutoksenhallinnalle").
INDICATOR_QUESTION = _p("fieldwork.indicator_question", "How do you show that {title}? Which records show it?")


@dataclass
class WorkbookItem:
    """One row of an item sheet."""

    id: str
    clause: str
    attribute: str
    title: str
    requirement: str
    question: str
    look_for: str


def indicator_levels(assessment: Assessment, process_id: str) -> range:
    """Capability levels whose indicators get rows: 2 up to the target level (all when none is set)."""
    target = assessment.assessment.target_profile.get(process_id)
    return range(2, 6) if target is None else range(2, max(target, 1) + 1)


def indicator_question(indicator: Any, process_title: str, lang: str) -> str:
    """The indicator's own question, or a generic one built from its title (``process_title`` is
    no longer part of it: the sheet names the process)."""
    if indicator.question:
        return localize(indicator.question, lang)
    template = pgettext_for(lang)(*INDICATOR_QUESTION)
    return template.format(process=process_title, title=lower_first(localize(indicator.title, lang).rstrip(".")))


def workbook_items(
    catalogue: Catalogue, assessment: Assessment, process_id: str, *, with_indicators: bool = True, lang: str = "en"
) -> list[WorkbookItem]:
    """The rows of one process sheet: requirements in catalogue order, then indicators."""
    items = []
    checklist = catalogue.checklists.get(process_id)
    for req in catalogue.requirements_of(process_id):
        questions = checklist.items_for(req.id) if checklist else []
        items.append(
            WorkbookItem(
                id=req.id,
                clause=req.clause,
                attribute=req.attribute,
                title=localize(req.title, lang),
                requirement=localize(req.statement, lang),
                question="\n".join(localize(q.question, lang) for q in questions),
                look_for=look_for_text(
                    [localize(t, lang) for q in questions for t in q.look_for],
                    [localize(t, lang) for q in questions for t in q.advice],
                    checklist_labels(lang),
                ),
            )
        )
    if with_indicators:
        levels = indicator_levels(assessment, process_id)
        for ind in catalogue.indicators.values():
            if ATTRIBUTE_LEVEL[ind.attribute] in levels:
                items.append(
                    WorkbookItem(
                        id=f"{process_id}:{ind.id}",
                        clause="",
                        attribute=ind.attribute,
                        title=localize(ind.title, lang),
                        requirement=localize(ind.statement, lang),
                        question=indicator_question(ind, localize(catalogue.processes[process_id].title, lang), lang),
                        look_for="\n".join(f"• {localize(t, lang)}" for t in ind.evidence),
                    )
                )
    return items
