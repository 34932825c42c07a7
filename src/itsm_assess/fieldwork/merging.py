"""Merging what a workbook holds into an assessment: matched by id, never overwriting a different
answer already in ``assessment.yaml`` unless forced, every change and conflict reported by cell.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsm_assess.assessment import EVIDENCE_KIND_LABELS, Assessment, EvidenceEntry, EvidenceKind, Finding, Response
from itsm_assess.errors import ConflictError
from itsm_assess.fieldwork.layout import COLUMN_BY_KEY, COLUMNS, EVIDENCE_FIELDS, finding_id_for
from itsm_assess.i18n import (
    Message,
    _p,
    label_table,
    lower_first,
    message,
    pgettext_for,
    plural_message,
    quoted_text,
    rendered,
)
from itsm_assess.loading import display_path

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.fieldwork.reading import ItemAnswer


#: The fields of assessment.yaml a change line names: the key as it is written in the file (English),
#: worded in the user's language on screen.
FIELD_NAMES = label_table(
    _p("merge_field.rating", "rating"),
    _p("merge_field.verdict", "verdict"),
    _p("merge_field.finding", "finding"),
    _p("merge_field.justification", "justification"),
    _p("merge_field.na_accepted", "na_accepted"),
    _p("merge_field.evidence", "evidence"),
    _p("merge_field.notes", "notes"),
    _p("merge_field.respondent", "respondent"),
    _p("merge_field.respondents", "respondents"),
    _p("merge_field.spread", "spread"),
    _p("merge_field.disagreement", "disagreement"),
    _p("merge_field.counts", "counts"),
    _p("merge_field.role_counts", "role_counts"),
    _p("merge_field.grade", "grade"),
    _p("merge_field.statement", "statement"),
    _p("merge_field.recommendation", "recommendation"),
    _p("merge_field.owner", "owner"),
    _p("merge_field.due_date", "due_date"),
    _p("merge_field.status", "status"),
)
_YES, _NO = _p("merge_value.yes", "yes"), _p("merge_value.no", "no")
#: The finding a change line is about, before the field it names: its id in English
#: ("CHG-05-finding due_date"), in Finnish in the genitive ("havainnon CHG-05 määräaika").
_FINDING_SUBJECT = _p("merge_finding_subject", "{id}")


def finding_shown(finding_id: str) -> str:
    """A finding's id in a change line, as the reader's language names it (``CHG-05`` in Finnish)."""
    from itsm_assess.assessment import finding_id_text

    return rendered(lambda lang: finding_id_text(finding_id, lang))


def _finding_subject(finding_id: str) -> str:
    from itsm_assess.assessment import finding_id_text

    return rendered(lambda lang: pgettext_for(lang)(*_FINDING_SUBJECT).format(id=finding_id_text(finding_id, lang)))


def _coded_value(key: str, v: object) -> str:
    """A value stored as a code, as a change line words it in the reader's language: a finding grade
    (``minor-nc`` -> "lievä poikkeama"), a verdict, a finding's status, a rating (``NA`` -> "ES")."""
    from itsm_assess.assessment import (
        FINDING_GRADE_NAMES,
        FINDING_STATUS_NAMES,
        VERDICT_NAMES,
        rating_code,
    )

    names = {"finding": FINDING_GRADE_NAMES, "grade": FINDING_GRADE_NAMES, "verdict": VERDICT_NAMES,
             "status": FINDING_STATUS_NAMES}.get(key)
    if isinstance(v, str) and names is not None and v in names:
        label = names[v]
        return rendered(lambda lang: lower_first(pgettext_for(lang)(*label)))
    if key == "rating" and v == "NA":
        return rendered(lambda lang: rating_code("NA", lang))
    return change_value_text(v)


def field_name(key: str) -> str:
    """A field of assessment.yaml as a change line names it (its key; worded when shown)."""
    return Message.label(FIELD_NAMES[key]) if key in FIELD_NAMES else key


@dataclass
class MergeReport:
    """What merging answers into an assessment did (or would do)."""

    assessment: Assessment
    #: ``"CHG!H3: CHG-01 rating: (empty) -> F"`` lines for values filled in.
    changes: list[str] = field(default_factory=list)
    #: Values that differ from a non-empty value already in assessment.yaml.
    conflicts: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    unchanged: int = 0

    def merge(self, existing: dict[str, Response], item_id: str, key: str, new: Any, *, where: str,
              force: bool, shown: Callable[[object], str] | None = None) -> None:
        """Set ``key`` of the response ``item_id`` to ``new`` unless that would overwrite a
        different non-empty value without ``force``; every outcome is recorded (the values as
        ``shown`` words them, by default :func:`change_value_text`)."""
        shown = shown or (lambda v: _coded_value(key, v))
        response = existing.get(item_id)
        old = getattr(response, key) if response is not None else None
        if new == old:
            if new is not None:
                self.unchanged += 1
            return
        line = message("{where}{item} {field}: {old} → {new}", where=where, item=item_id, field=field_name(key),
                       old=shown(old), new=shown(new))
        previous = response.carried_from if response is not None else None
        if old not in (None, [], {}) and previous is None:
            self.conflicts.append(line)
            if not force:
                return
        elif previous is not None:
            # an answer carried over from the previous round is a starting point: this round's
            # answer replaces it, and the item is this round's from then on
            self.changes.append(message("{change} (was carried over from {previous})", change=line, previous=previous))
        else:
            self.changes.append(line)
        if response is None:
            response = Response(id=item_id)
            self.assessment.responses.append(response)
            existing[item_id] = response
        setattr(response, key, new)
        response.carried_from = None


    def record(self, target: Any, attr: str, new: Any, *, where: str, subject: str, force: bool) -> None:
        """Set ``attr`` of ``target`` (e.g. a finding, named by ``subject``) to ``new`` under the same
        rules as :meth:`merge`."""
        old = getattr(target, attr)
        if new == old:
            if new is not None:
                self.unchanged += 1
            return
        line = message("{where}{item} {field}: {old} → {new}", where=where, item=subject, field=field_name(attr),
                       old=_coded_value(attr, old), new=_coded_value(attr, new))
        if old is not None:
            self.conflicts.append(line)
            if not force:
                return
        else:
            self.changes.append(line)
        setattr(target, attr, new)


def change_value_text(v: object) -> str:
    """A value as a change line shows it: ``(empty)``; yes or no (worded when shown); a day as the
    language writes it; a number, code or other single word as it is (``F``, ``0``); text of several words in the
    reader's quotation marks (”Vanha teksti”), cut to 40 characters."""
    if v is None or v == {} or v == []:
        return message("(empty)")
    if isinstance(v, bool):
        return Message.label(_YES if v else _NO)
    if isinstance(v, dt.date):  # as the reader writes a day: 31.12.2026 in Finnish
        from itsm_assess.i18n.formats import format_date

        day = v
        return rendered(lambda lang: format_date(day, lang))
    s = str(v)
    s = s if len(s) <= 40 else s[:39] + "…"
    if not any(c.isspace() for c in s):
        return s
    return rendered(lambda lang: quoted_text(s, lang))


def merge_answers(assessment: Assessment, answers: Iterable[ItemAnswer], *, force: bool = False,
                  recorded_by: str | None = None) -> MergeReport:
    """Merge answers into a copy of ``assessment``, matching by id.

    A value that differs from a non-empty one already there (including clearing it) is a
    conflict: kept as it was unless ``force``. A row with a finding grade and statement
    becomes (or updates) the finding ``<item>-finding`` of ``findings:``. A column the workbook
    does not have (an older format) leaves its field alone. A row's evidence-log cells become one
    line of the response's ``evidence_log``, added unless the same line is already there (lines
    already in assessment.yaml are never changed). Returns the report with the merged copy.
    """
    merged = assessment.model_copy(deep=True)
    existing = merged.response_map()
    report = MergeReport(merged)
    findings = {f.id: f for f in merged.findings}
    for answer in answers:
        _merge_response(report, existing, answer, force=force)
        _merge_finding(report, findings, answer, force=force)
        _merge_evidence(report, existing, answer, recorded_by)
    # An item cleared of everything keeps no empty response behind.
    merged.responses = [r for r in merged.responses if any(v not in (None, [], {}) for k, v in r if k != "id")]
    return report


def _merge_response(report: MergeReport, existing: dict[str, Response], answer: ItemAnswer, *, force: bool) -> None:
    for column in COLUMNS:
        if column.role == "response" and column.key in answer.cells:
            report.merge(existing, answer.id, column.attr, answer.value(column.key),
                         where=f"{answer.cells[column.key]}: ", force=force)


def _merge_finding(report: MergeReport, findings: dict[str, Finding], answer: ItemAnswer, *, force: bool) -> None:
    """The row's finding columns into the finding ``<item>-finding`` (added when the row has a
    grade and a statement; a grade alone stays on the response)."""
    fid = finding_id_for(answer.id)
    finding = findings.get(fid)
    statement = answer.value("finding_statement")
    if finding is None:
        if answer.finding is None or statement is None:
            return
        finding = Finding(id=fid, grade=answer.finding,  # type: ignore[arg-type]
                          requirements=[answer.id] if ":" not in answer.id else [], statement=statement)
        report.assessment.findings.append(finding)
        findings[fid] = finding
        report.changes.append(message("{cell}: finding {id} added", cell=answer.cells.get("finding_statement", answer.id),
                                      id=finding_shown(fid)))
    elif answer.finding is not None and answer.finding != finding.grade:
        report.record(finding, "grade", answer.finding, where=f"{answer.cells.get('finding', answer.id)}: ",
                      subject=_finding_subject(fid), force=force)
    for column in COLUMNS:
        if column.role != "finding" or column.key not in answer.cells:
            continue  # an older workbook without the finding columns leaves findings alone
        new = answer.value(column.key)
        if column.attr == "statement" and new is None:
            continue  # a finding keeps its statement; close or delete it in assessment.yaml
        report.record(finding, column.attr, new, where=f"{answer.cells[column.key]}: ", subject=_finding_subject(fid),
                      force=force)


def evidence_entry(answer: ItemAnswer, recorded_by: str | None) -> EvidenceEntry | None:
    """The one evidence-log line a row's evidence cells make (None when they are empty): records
    when ids or counts are given, else a document, an interview or an observation on site."""
    import datetime as dt

    from itsm_assess.fieldwork.reading import split_records

    values = {COLUMN_BY_KEY[k].attr: answer.value(k) for k in EVIDENCE_FIELDS if answer.value(k) is not None}
    if not values:
        return None
    values["records"] = split_records(values.get("records"))
    values["roles"] = split_records(values.get("roles"))
    kind: EvidenceKind
    if values["records"] or "sample_size" in values or "population" in values:
        kind = "record"
    elif "source" in values:
        kind = "document"
    elif values["roles"]:
        kind = "interview"
    else:
        kind = "observation"
    if kind != "interview" and "source" not in values:
        first = next(answer.cells[k] for k in EVIDENCE_FIELDS if answer.value(k) is not None)
        values["source"] = message("fieldwork workbook, {cell}", cell=first)
    return EvidenceEntry(kind=kind, recorded=dt.date.today(), recorded_by=recorded_by, **values)


def _same_evidence(a: EvidenceEntry, b: EvidenceEntry) -> bool:
    """The same line, whoever entered it and when."""
    skip = {"recorded", "recorded_by", "note"}
    return a.model_dump(exclude=skip) == b.model_dump(exclude=skip)


def _merge_evidence(report: MergeReport, existing: dict[str, Response], answer: ItemAnswer,
                    recorded_by: str | None) -> None:
    entry = evidence_entry(answer, recorded_by)
    if entry is None:
        return
    response = existing.get(answer.id)
    if response is None:
        response = Response(id=answer.id)
        report.assessment.responses.append(response)
        existing[answer.id] = response
    if any(_same_evidence(entry, old) for old in response.evidence_log):
        return
    response.evidence_log.append(entry)
    where = next(answer.cells[k] for k in EVIDENCE_FIELDS if answer.value(k) is not None)
    label = EVIDENCE_KIND_LABELS[entry.kind]
    report.changes.append(message("{cell}: {id}: {kind} added to the evidence log ({source})", cell=where, id=answer.id,
                                  kind=rendered(lambda lang: lower_first(pgettext_for(lang)(*label))),
                                  source=change_value_text(entry.source or ", ".join(entry.roles))))


def add_respondent(report: MergeReport, name: str | None, role: str | None, source: str) -> None:
    """Keep who filled the workbook in ``assessment.respondents`` (once per name, role and file)."""
    from itsm_assess.assessment import Respondent

    if name is None and role is None:
        return
    person = Respondent(name=name.strip() if name else None, role=role.strip() if role else None, source=source)
    known = report.assessment.assessment.respondents
    if person not in known:
        known.append(person)
        report.changes.append(message("respondent: {role} from {source}", role=person.role or message("(no role)"),
                                      source=source))


def merge_into_file(
    assessment_path: str | os.PathLike[str],
    assessment: Assessment,
    merge: Callable[[Assessment], MergeReport],
    refusal: Callable[[int], str],
    *,
    force: bool,
    dry_run: bool,
) -> MergeReport:
    """``merge`` applied to assessment.yaml as one step: under the file's lock, into what the file
    holds by then (another run may have written meanwhile); refused whole with ConflictError
    (``refusal`` of the number of conflicts, nothing written) when values differ and ``force`` is
    not given; written only when something changed. With ``dry_run`` no lock and no write:
    ``merge`` gets ``assessment`` as the caller read it."""
    from itsm_assess.assessment import load_assessment, save_assessment
    from itsm_assess.files import exclusive_lock

    with contextlib.nullcontext() if dry_run else exclusive_lock(assessment_path):
        if not dry_run:
            assessment = load_assessment(assessment_path)
        report = merge(assessment)
        if report.conflicts and not force and not dry_run:
            raise ConflictError(refusal(len(report.conflicts)), report.conflicts)
        if not dry_run and (report.changes or (force and report.conflicts)):
            save_assessment(report.assessment, assessment_path)
    return report


def import_fieldwork(
    workbook: str | os.PathLike[str],
    assessment_path: str | os.PathLike[str],
    *,
    catalogue: Catalogue | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> MergeReport:
    """Read ``workbook`` and merge it into ``assessment_path``.

    Writes nothing when ``dry_run``; raises ConflictError (writing nothing) when answers
    differ from those already in assessment.yaml and ``force`` is not given.
    """
    from itsm_assess.catalogue import load_assessment_with_catalogue
    from itsm_assess.fieldwork.reading import read_fieldwork

    assessment, cat = load_assessment_with_catalogue(assessment_path, catalogue)
    data = read_fieldwork(workbook, cat, assessment=assessment, allow_catalogue_change=force)

    def merge(current: Assessment) -> MergeReport:
        report = merge_answers(current, data.answers.values(), force=force, recorded_by=data.respondent)
        report.notices = data.notices
        add_respondent(report, data.respondent, data.role, Path(workbook).name)
        return report

    return merge_into_file(assessment_path, assessment, merge, lambda count: plural_message(
        "{file}: one answer differs from the one in {assessment}; nothing was written (use --force to take the "
        "workbook's value)",
        "{file}: {count} answers differ from those in {assessment}; nothing was written (use --force to take the "
        "workbook's values)", count, file=display_path(workbook), assessment=display_path(assessment_path)),
        force=force, dry_run=dry_run)
