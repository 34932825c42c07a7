"""The next round of an assessment: ``assess new --from previous.yaml``.

The new round keeps the previous one's organisation, scope, targets, method, language, assessors
and respondents. Its answers (rating, finding, evidence, notes) and its open findings are carried
over as the starting point, each marked ``carried_from: <previous id>``; a finding carried over
gets a history entry for the round it came from. Closed findings stay in the previous file.
Anything the current catalogue no longer has is left behind and reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from itsm_assess.errors import InputError
from itsm_assess.i18n import Quoted, message, plural_message

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue

CARRIED_FIELDS: tuple[str, ...] = ("rating", "finding", "evidence", "notes")


def next_round(
    previous: Assessment,
    catalogue: Catalogue,
    *,
    assessment_id: str | None = None,
    processes: Iterable[str] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[Assessment, list[str]]:
    """The new round and notices about what was left behind; raises InputError on bad input."""
    from itsm_assess.assessment import FindingEvent, Response
    from itsm_assess.fieldwork.create import new_assessment
    from itsm_assess.fieldwork.merging import finding_shown

    info = previous.assessment
    wanted = list(processes) or list(info.scope.processes)
    start = start or today or dt.date.today()
    targets = {p: level for p, level in info.target_profile.items() if p in wanted}
    new_id = assessment_id
    if new_id is None:
        from itsm_assess.fieldwork.create import slugify

        new_id = f"{slugify(info.organisation)}-{start.isoformat()}"
    if new_id == info.id:
        raise InputError(message("the new round needs an id of its own; {id} is the previous one's (give --id)",
                                 id=Quoted(new_id)))
    nxt = new_assessment(catalogue, info.organisation, wanted, assessment_id=new_id, method=info.method,
                         assessors=info.assessors, targets=targets, lang=info.language, today=start)
    ni = nxt.assessment
    ni.end_date = end
    if end is not None and end < start:
        raise InputError(message("--end {end} is before --start {start}", end=end, start=start))
    ni.previous = info.id
    ni.scoring_model = info.scoring_model
    ni.scope.description = info.scope.description
    ni.scope.services = list(info.scope.services)
    ni.respondents = [r.model_copy() for r in info.respondents]
    notices: list[str] = []
    in_scope = {r.id for p in wanted for r in catalogue.requirements_of(p)}
    left: list[str] = []
    for old in previous.responses:
        pid, _, ind = old.id.partition(":")
        known = old.id in in_scope if not ind else (pid in wanted and ind in catalogue.indicators)
        values = {k: getattr(old, k) for k in CARRIED_FIELDS if getattr(old, k) is not None}
        if not values:
            continue
        if not known:
            left.append(old.id)
            continue
        nxt.responses.append(Response(id=old.id, carried_from=info.id, **values))
    if left:
        notices.append(plural_message("answer not carried over (not in the scope or the catalogue now): {ids}",
                                      "answers not carried over (not in the scope or the catalogue now): {ids}",
                                      len(left), ids=", ".join(left)))
    when = info.end_date or info.start_date
    for f in previous.findings:
        if not f.is_open:
            continue
        gone = [r for r in f.requirements if r not in catalogue.requirements]
        if gone:
            notices.append(plural_message(
                "finding {id}: requirement {ids} no longer in the catalogue; not carried over",
                "finding {id}: requirements {ids} no longer in the catalogue; not carried over", len(gone),
                id=finding_shown(f.id), ids=", ".join(gone)))
            continue
        carried = f.model_copy(deep=True)
        carried.carried_from = info.id
        carried.history.append(FindingEvent(assessment=info.id, date=when, status=f.status,
                                            note=carried.statement if not carried.history else None))
        nxt.findings.append(carried)
    return nxt, notices
