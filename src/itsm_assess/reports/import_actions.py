"""``report import-actions``: owner, due date, status and notes edited in the report's action plan,
merged back into ``assessment.yaml`` (its ``actions:``) so that the plan lives on into the next round.

The same rules as the fieldwork import: every problem is named by ``Sheet!Cell`` and nothing is
written while any remains; a value is a conflict when both the workbook and the assessment
changed it since the report was written (the workbook's hidden sheet keeps what the report
showed), and a conflict is only overwritten with ``force``; the write is atomic, under the
assessment's lock, merged into what the file holds at that moment.

Rows are found by their action id, so a plan sorted or filtered in Excel or LibreOffice reads
back the same. A row the consultant added (no action id, an action text) becomes an action of
its own (``OWN-1``, ``OWN-2``, ...).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsm_assess.errors import InputError
from itsm_assess.i18n import message, plural_message
from itsm_assess.loading import display_path

if TYPE_CHECKING:
    from itsm_assess.assessment import ActionRecord, Assessment
    from itsm_assess.fieldwork.merging import MergeReport

#: Fields read back, in the order they are reported.
FIELDS: tuple[str, ...] = ("owner", "due_date", "status", "notes")
OWN_PREFIX = "OWN-"


@dataclass
class ActionRow:
    """One row of the action plan as read: its id (None for a row the consultant added)."""

    id: str | None
    row: int
    values: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)
    action: str | None = None


@dataclass
class ActionPlanData:
    path: Path
    assessment_id: str
    rows: list[ActionRow]
    #: What the report showed, per action id: ``{"owner", "due_date", "status", "notes"}``.
    written: dict[str, dict[str, Any]]
    notices: list[str] = field(default_factory=list)


def _status_codes() -> dict[str, str]:
    """Status labels in every language and the codes themselves -> code."""
    from itsm_assess.i18n import LANGUAGES
    from itsm_assess.reports.action_plan import ACTION_STATUSES
    from itsm_assess.reports.labels import labels

    known = {code: code for code in ACTION_STATUSES}
    for lang in LANGUAGES:
        lab = labels(lang)
        for code in ACTION_STATUSES:
            known[lab[f"action_status_{code}"].casefold()] = code
    return {k.casefold(): v for k, v in known.items()}


def read_action_plan(path: str | os.PathLike[str]) -> ActionPlanData:
    """Read the action plan of a report workbook; raises InputError naming every bad cell."""
    from itsm_assess._io.xlsx_read import cell_text, open_untrusted_workbook
    from itsm_assess.assessment import finding_id_text
    from itsm_assess.fieldwork.merging import finding_shown
    from itsm_assess.reports.labels import labels

    name = display_path(path)
    wb = open_untrusted_workbook(path)
    meta, sheet = _report_meta(wb, name)
    ws = wb[sheet]
    written = {key.split(":", 1)[1]: dict(zip(FIELDS, values, strict=True))
               for key, values in meta.items() if key.startswith("action:")}
    lang = (meta.get("language") or ["en"])[0] or "en"
    lab = labels(lang)
    # the plan shows a row finding's action by its id in the reader's words (CHG-05 in Finnish)
    stored_ids = {finding_id_text(key, lang): key for key in written}
    plan = _PlanSheet(ws, sheet, name, _action_columns(ws, sheet, name, lab), lab)
    rows: list[ActionRow] = []
    seen: dict[str, str] = {}
    for r in range(2, ws.max_row + 1):
        raw_id, id_cell = plan.at("action_id", r)
        action_id = (cell_text(raw_id) or "").strip() or None
        action_id = stored_ids.get(action_id, action_id) if action_id is not None else None
        values, cells = plan.follow_up(r)
        action_text = _text(*plan.at("action", r), name, plan.problems)
        if action_id is None:
            if action_text is None and not any(values[k] for k in ("owner", "due_date", "notes")):
                continue  # an empty row (a blank status is no content either)
            if action_text is None:
                plan.problems.append(message("{name}: {at}: a row without an action id needs the action's text (what is to be done)", name=name, at=plan.at('action', r)[1]))
                continue
        elif action_id not in written:
            plan.problems.append(message("{name}: {id_cell}: action id {action_id!r} is not in this report's action plan (ids are written by the report; leave the cell empty for an action of your own)", name=name, id_cell=id_cell, action_id=action_id))
            continue
        elif action_id in seen:
            plan.problems.append(message("{name}: {id_cell}: action id {action_id!r} appears twice (also at {seen})", name=name, id_cell=id_cell, action_id=action_id, seen=seen[action_id]))
            continue
        else:
            seen[action_id] = id_cell
        rows.append(ActionRow(action_id, r, values, cells, action_text if action_id is None else None))
    if plan.problems:
        raise InputError(plan.problems)
    notices = [message("{sheet}: action {id} is not in the workbook any more (row deleted?); kept as it is",
                       sheet=sheet, id=finding_shown(i)) for i in written if i not in seen]
    assessment_id = (meta.get("assessment_id") or [""])[0] or ""
    return ActionPlanData(Path(path), assessment_id, rows, written, notices)


def _value_text(key: str, value: object) -> str:
    """A value of a change line: a status as the report's plan names it ('Open'), else as any merged value."""
    from itsm_assess.fieldwork.merging import change_value_text

    if key == "status" and isinstance(value, str):
        from itsm_assess.i18n import lower_first, rendered
        from itsm_assess.reports.labels import labels

        return rendered(lambda lang: lower_first(labels(lang).get(f"action_status_{value}", value)))
    return change_value_text(value)


def _report_meta(wb: Any, name: str) -> tuple[dict[str, list[str | None]], str]:
    """What the hidden sheet kept of the report (format, version, language, action plan sheet, the
    actions as shown), and the action plan sheet's name, checked to be there."""
    from itsm_assess._io.xlsx_read import cell_text
    from itsm_assess.reports.xlsx import REPORT_FORMAT, REPORT_FORMAT_VERSION, REPORT_META_SHEET

    # The hidden sheet is named in the workbook's language (or "_itsm_assess" before): found by its first row.
    meta_sheet = next((ws.title for ws in wb.worksheets if ws.sheet_state != "visible"
                       and cell_text(ws.cell(row=1, column=1).value) == "format"), None)
    if meta_sheet is None and REPORT_META_SHEET in wb.sheetnames:
        meta_sheet = REPORT_META_SHEET
    if meta_sheet is None:
        raise InputError(message("{name}: not a report workbook of itsm-assess (the hidden sheet {sheet!r} is missing); write one with: itsm-assess report ASSESSMENT.yaml --format xlsx", name=name, sheet=REPORT_META_SHEET))
    meta: dict[str, list[str | None]] = {}
    for meta_row in wb[meta_sheet].iter_rows(min_col=1, max_col=5, values_only=True):
        if meta_row[0] is not None:
            meta[str(meta_row[0])] = [cell_text(v) for v in meta_row[1:]]
    if (meta.get("format") or [None])[0] != REPORT_FORMAT:
        raise InputError(message("{name}: {sheet}!B1: format is not {expected!r}", name=name, sheet=meta_sheet, expected=REPORT_FORMAT))
    if (meta.get("format_version") or [None])[0] != str(REPORT_FORMAT_VERSION):
        raise InputError(message("{name}: {sheet}!B2: report workbook version {value!r} is not {expected}", name=name, sheet=meta_sheet, value=(meta.get('format_version') or [None])[0], expected=REPORT_FORMAT_VERSION))
    sheet = (meta.get("action_sheet") or [None])[0] or ""
    if sheet not in wb.sheetnames:
        raise InputError(message("{name}: the action plan sheet {sheet!r} is missing (renamed or deleted?); sheets found: {names}", name=name, sheet=sheet, names=', '.join(s for s in wb.sheetnames if s != meta_sheet)))
    return meta, sheet


def _action_columns(ws: Any, sheet: str, name: str, lab: dict[str, str]) -> dict[str, int]:
    """Columns by their heading, in either language (a moved column still reads); all must be there."""
    from itsm_assess._io.xlsx_read import cell_text
    from itsm_assess.i18n import LANGUAGES
    from itsm_assess.reports.labels import labels
    from itsm_assess.reports.xlsx import ACTION_COLUMNS

    by_label: dict[str, str] = {}
    for lang in LANGUAGES:
        for key, text in labels(lang).items():
            if key in ACTION_COLUMNS:
                by_label.setdefault(text.casefold(), key)
    columns: dict[str, int] = {}
    for cell in ws[1]:
        found = by_label.get((cell_text(cell.value) or "").strip().casefold())
        if found is not None and found not in columns:
            columns[found] = cell.column
    problems = [message("{name}: {sheet}!1: the column {column!r} is missing (renamed or deleted?)", name=name, sheet=sheet, column=lab[key])
                for key in ("action_id", "action", *FIELDS) if key not in columns]
    if problems:
        raise InputError(problems)
    return columns


class _PlanSheet:
    """The action plan sheet's cells by column key, with the problems found reading them."""

    def __init__(self, ws: Any, sheet: str, name: str, columns: dict[str, int], lab: dict[str, str]) -> None:
        self.ws, self.sheet, self.name, self.columns = ws, sheet, name, columns
        self.problems: list[str] = []
        self.statuses = _status_codes()
        self.shown_statuses = ", ".join(lab[f"action_status_{c}"] for c in ("open", "in-progress", "done"))

    def at(self, key: str, row: int) -> tuple[Any, str]:
        """The cell's value and its place (``Sheet!C7``)."""
        from openpyxl.utils import get_column_letter

        col = self.columns[key]
        return self.ws.cell(row=row, column=col).value, f"{self.sheet}!{get_column_letter(col)}{row}"

    def follow_up(self, row: int) -> tuple[dict[str, Any], dict[str, str]]:
        """Owner, due date (a date), status (a code) and notes of a row, and where each was read."""
        from itsm_assess._io.xlsx_read import cell_text
        from itsm_assess.fieldwork.labels import parse_due_date

        name = self.name
        values: dict[str, Any] = {}
        cells: dict[str, str] = {}
        for key in FIELDS:
            value, where = self.at(key, row)
            cells[key] = where
            if key == "due_date":
                blank = value is None or (isinstance(value, str) and not value.strip())
                parsed = None if blank else parse_due_date(value)
                if not blank and parsed is None:
                    self.problems.append(message("{name}: {where}: due date {value!r} is not a date; expected a date cell, 2026-12-31 or 31.12.2026", name=name, where=where, value=cell_text(value)))
                values[key] = parsed
            elif key == "status":
                text = (cell_text(value) or "").strip()
                code = self.statuses.get(text.casefold()) if text else None
                if text and code is None:
                    self.problems.append(message("{name}: {where}: status {text!r} is not one of {statuses}", name=name, where=where, text=text, statuses=self.shown_statuses))
                values[key] = code
            else:
                values[key] = _text(value, where, name, self.problems)
        return values, cells


def _text(value: Any, where: str, name: str, problems: list[str]) -> str | None:
    """A text cell as typed (the fieldwork import's reading), stripped; a control character no
    report can carry is a problem."""
    from itsm_assess._io.xlsx_read import clean_text, typed_text

    text = typed_text(value)
    if text is None:
        return None
    text, bad = clean_text(text.strip())
    if bad is not None:
        problems.append(message("{name}: {where}: {problem}", name=name, where=where, problem=bad))
    return text


def merge_actions(assessment: Assessment, data: ActionPlanData, *, force: bool = False) -> MergeReport:
    """Merge the rows into a copy of ``assessment``'s ``actions:``; returns the report with the copy.

    A field changes when the workbook changed it since the report was written. When the
    assessment changed it too, to something else, that is a conflict: kept unless ``force``.
    """
    from itsm_assess.assessment import ActionRecord
    from itsm_assess.fieldwork.merging import MergeReport, change_value_text, field_name, finding_shown

    merged = assessment.model_copy(deep=True)
    report = MergeReport(merged)
    records = {a.id: a for a in merged.actions}
    for row in data.rows:
        if row.id is None:
            own = _own_record(merged, row)
            report.changes.append(message("{cell}: action {id} added: {action}",
                                          cell=f"{row.cells['owner'].split('!')[0]}!{row.row}", id=own.id,
                                          action=change_value_text(own.action)))
            continue
        shown = data.written.get(row.id, {})
        record = records.get(row.id)
        for key in FIELDS:
            new = row.values[key]
            before = _as_value(key, shown.get(key))
            if key == "status" and new is None:
                new = "open"  # a cleared status reads as open, the plan's default
            if new == before:
                continue  # not edited in the workbook: the assessment's value stands
            current = getattr(record, key) if record is not None else before
            line = message("{where}{item} {field}: {old} → {new}", where=f"{row.cells[key]}: ", item=finding_shown(row.id),
                           field=field_name(key), old=_value_text(key, current), new=_value_text(key, new))
            if current == new:
                report.unchanged += 1
                continue
            if current != before:
                report.conflicts.append(message("{change} (assessment.yaml has {current}, the report showed {before})",
                                                change=line, current=_value_text(key, current),
                                                before=_value_text(key, before)))
                if not force:
                    continue
            else:
                report.changes.append(line)
            if record is None:
                record = ActionRecord.model_validate({"id": row.id, **{k: _as_value(k, shown.get(k)) for k in FIELDS}})
                merged.actions.append(record)
                records[row.id] = record
            setattr(record, key, new)
    report.notices = list(data.notices)
    return report


def _as_value(key: str, text: Any) -> Any:
    """What the hidden sheet holds (text) as the field's value."""
    if text in (None, ""):
        return "open" if key == "status" else None
    if key == "due_date":
        return dt.date.fromisoformat(str(text))
    return text


def _own_record(assessment: Assessment, row: ActionRow) -> ActionRecord:
    """An action the consultant added to the plan: kept with an id of its own, unless already there."""
    from itsm_assess.assessment import ActionRecord

    for record in assessment.actions:
        if record.id.startswith(OWN_PREFIX) and record.action == row.action:
            for key in FIELDS:
                if row.values[key] is not None:
                    setattr(record, key, row.values[key])
            return record
    taken = {a.id for a in assessment.actions}
    n = 1
    while f"{OWN_PREFIX}{n}" in taken:
        n += 1
    record = ActionRecord.model_validate({"id": f"{OWN_PREFIX}{n}", "action": row.action,
                                          **{k: v for k, v in row.values.items() if v is not None}})
    assessment.actions.append(record)
    return record


def import_actions(
    workbook: str | os.PathLike[str],
    assessment_path: str | os.PathLike[str],
    *,
    force: bool = False,
    dry_run: bool = False,
) -> MergeReport:
    """Read the action plan of ``workbook`` and merge it into ``assessment_path``.

    Writes nothing when ``dry_run``; raises ConflictError (writing nothing) on conflicts without
    ``force``, InputError naming every bad cell.
    """
    from itsm_assess.assessment import load_assessment
    from itsm_assess.fieldwork.merging import merge_into_file

    data = read_action_plan(workbook)
    assessment = load_assessment(assessment_path)
    if data.assessment_id != assessment.assessment.id:
        raise InputError(message("{path}: the report of assessment {assessment_id!r}, not of {id!r} ({path2})", path=display_path(workbook), assessment_id=data.assessment_id, id=assessment.assessment.id, path2=display_path(assessment_path)))
    return merge_into_file(assessment_path, assessment, lambda current: merge_actions(current, data, force=force),
                           lambda count: plural_message(
                               "{path}: one value was changed both in the workbook and in {path2}; nothing was written "
                               "(use --force to take the workbook's value)",
                               "{path}: {count} values were changed both in the workbook and in {path2}; nothing was "
                               "written (use --force to take the workbook's values)", count,
                               path=display_path(workbook), path2=display_path(assessment_path)),
                           force=force, dry_run=dry_run)
