"""Reading a filled fieldwork workbook back: every value validated again (drop-downs are not
enforced on paste), rows matched by id (never by position), every problem named by
``file: Sheet!Cell`` and nothing returned while any remains.

The stages: the hidden ``_meta`` sheet (format, assessment, catalogue), the sheets present
against those written, each item sheet (its key row, then row by row, cell by cell by the
column's kind), and the respondent's name and role on the instructions sheet.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsm_assess._io.xlsx_read import typed_text
from itsm_assess.errors import InputError
from itsm_assess.fieldwork.labels import CHOICES, caption, parse_due_date
from itsm_assess.fieldwork.layout import (
    COLUMN_BY_KEY,
    FINDING_FIELDS,
    FORMAT_NAME,
    HEADER_ROW,
    INPUT_FIELDS,
    LISTS_SHEET,
    META_SHEET,
    REQUIRED_KEYS,
    WORKBOOK_FORMAT,
)
from itsm_assess.i18n import N_, Quoted, message, plural_message
from itsm_assess.loading import display_path

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue


#: The error of a value that is not on its drop-down list, by the column's kind.
NOT_ALLOWED: dict[str, str] = {
    "rating": N_("{file}: {cell}: rating {value} is not allowed (expected one of the list: {allowed}, or empty)"),
    "grade": N_("{file}: {cell}: finding grade {value} is not allowed (expected one of the list: {allowed}, or empty)"),
    "verdict": N_("{file}: {cell}: audit verdict {value} is not allowed (expected one of the list: {allowed}, or "
                  "empty)"),
    "yes-no": N_("{file}: {cell}: {value} is not allowed for whether the justification is accepted (expected "
                 "{allowed}, or empty)"),
}


@dataclass
class ItemAnswer:
    """What a workbook holds for one item: the value of each input column (by column key, read
    into its code, date or text) and the cell each came from."""

    id: str
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)

    def value(self, key: str) -> Any:
        return self.values.get(key)

    @property
    def rating(self) -> str | None:
        return self.values.get("rating")

    @property
    def finding(self) -> str | None:
        """The finding grade picked on the row."""
        return self.values.get("finding")

    @property
    def has_finding_text(self) -> bool:
        return any(self.values.get(k) is not None for k in FINDING_FIELDS)


@dataclass
class FieldworkData:
    """A read and validated fieldwork workbook."""

    path: Path
    meta: dict[str, str]
    answers: dict[str, ItemAnswer]
    #: Safe deviations found (rows moved, missing or added); each one line for the user.
    notices: list[str]
    respondent: str | None = None
    role: str | None = None

    @property
    def assessment_id(self) -> str:
        return self.meta.get("assessment_id", "")


def read_fieldwork(
    path: str | os.PathLike[str],
    catalogue: Catalogue,
    *,
    assessment: Assessment | None = None,
    allow_catalogue_change: bool = False,
) -> FieldworkData:
    """Read and validate a fieldwork workbook against ``catalogue`` (and ``assessment`` if given).

    Raises InputError listing every problem (``file: Sheet!Cell: ...``). Safe deviations (rows
    moved, removed or added with a valid id) are returned as ``notices``.
    """
    from itsm_assess._io.xlsx_read import open_untrusted_workbook

    name = display_path(path)
    wb = open_untrusted_workbook(path)
    meta = _read_meta(name, wb)
    problems = _origin_problems(name, meta, catalogue, assessment, allow_catalogue_change=allow_catalogue_change)
    if problems:
        raise InputError(problems)
    expected_sheets = {k.split(":", 1)[1]: [i for i in v.split(",") if i] for k, v in meta.items() if k.startswith("sheet:")}
    problems = _sheet_problems(name, wb.sheetnames, expected_sheets, meta)
    sheets = _ItemSheets(name, catalogue, meta.get("language", "en"), problems)
    for pid, expected in expected_sheets.items():
        if pid in wb.sheetnames:
            sheets.read(wb[pid], pid, expected)
    respondent, role = _read_respondent(name, wb, meta)
    if problems:
        raise InputError(problems)
    return FieldworkData(Path(path), meta, sheets.answers, sheets.notices, respondent=respondent, role=role)


def _read_meta(name: str, wb: Any) -> dict[str, str]:
    """The key/value rows of ``_meta``, after checking the workbook's format and its version."""
    from itsm_assess._io.xlsx_read import present_rows

    if META_SHEET not in wb.sheetnames:
        raise InputError(message(
            "{file}: not a fieldwork workbook of itsm-assess (the hidden sheet {sheet} is missing); "
            "create one with: itsm-assess assess new or assess export", file=name, sheet=Quoted(META_SHEET)))
    meta: dict[str, str] = {}
    for key_cell, value_cell in present_rows(wb[META_SHEET], 1, 2):
        if key_cell.value is not None:
            meta[str(key_cell.value)] = typed_text(value_cell.value) or ""
    if meta.get("format") != FORMAT_NAME:
        raise InputError(message("{file}: {cell}: format {found} is not {expected}", file=name,
                                 cell=f"{META_SHEET}!B1", found=Quoted(meta.get("format")), expected=Quoted(FORMAT_NAME)))
    if meta.get("format_version") != str(WORKBOOK_FORMAT):
        raise InputError(message(
            "{file}: {cell}: workbook format version {found} is not supported (expected {expected}); "
            "export a new workbook with this release",
            file=name, cell=f"{META_SHEET}!B2", found=Quoted(meta.get("format_version")), expected=WORKBOOK_FORMAT))
    return meta


def _origin_problems(
    name: str, meta: dict[str, str], catalogue: Catalogue, assessment: Assessment | None, *,
    allow_catalogue_change: bool,
) -> list[str]:
    """The workbook belongs to ``assessment`` and was made from this version of ``catalogue``."""
    problems: list[str] = []
    if assessment is not None and meta.get("assessment_id") != assessment.assessment.id:
        problems.append(message(
            "{file}: belongs to assessment {found}, not to {expected}; import it into its own assessment.yaml",
            file=name, found=Quoted(meta.get("assessment_id")), expected=Quoted(assessment.assessment.id)))
    if meta.get("catalogue") != catalogue.id:
        problems.append(message("{file}: made from catalogue {found}, but the catalogue loaded is {expected}",
                                file=name, found=Quoted(meta.get("catalogue")), expected=Quoted(catalogue.id)))
    elif (meta.get("catalogue_version"), meta.get("catalogue_hash")) != (catalogue.version, catalogue.content_hash):
        if not allow_catalogue_change:  # with it, rows are still matched and checked by id
            problems.append(message(
                "{file}: made from catalogue {catalogue} version {version} (content hash {hash}), but the catalogue "
                "loaded is version {loaded_version} (content hash {loaded_hash}); use --force to merge by id anyway, "
                "or export a fresh workbook",
                file=name, catalogue=catalogue.id, version=meta.get("catalogue_version"),
                hash=meta.get("catalogue_hash", "")[:12], loaded_version=catalogue.version,
                loaded_hash=catalogue.content_hash[:12]))
    return problems


def _sheet_problems(name: str, present: list[str], expected: dict[str, list[str]], meta: dict[str, str]) -> list[str]:
    """Sheets added, renamed or deleted since the workbook was written."""
    skip = {META_SHEET, LISTS_SHEET, meta.get("lists_sheet", ""), meta.get("instructions_sheet", "")}
    problems: list[str] = [
        message("{file}: sheet {sheet} is not a process sheet of this workbook (expected {expected}); sheet names "
                "are process ids: was a sheet renamed or added?", file=name, sheet=Quoted(title), expected=", ".join(expected))
        for title in present
        if title not in skip and title not in expected
    ]
    problems += [
        message("{file}: sheet {sheet} is missing (renamed or deleted?); sheets found: {found}",
                file=name, sheet=Quoted(pid), found=", ".join(present))
        for pid in expected
        if pid not in present
    ]
    return problems


def _read_respondent(name: str, wb: Any, meta: dict[str, str]) -> tuple[str | None, str | None]:
    """Who filled the workbook in: the name and role cells of the instructions sheet."""
    instructions = meta.get("instructions_sheet")
    if instructions not in wb.sheetnames:
        return None, None
    ws = wb[instructions]
    # The _meta sheet came back from outside like every other: its references are checked.
    found = [
        typed_text(ws[single_cell_reference(name, key, meta[key])].value) if meta.get(key) else None
        for key in ("respondent_cell", "role_cell")
    ]
    return found[0], found[1]


_CELL_REFERENCE = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")


def single_cell_reference(name: str, key: str, ref: str) -> str:
    """``ref`` (a cell named in a workbook's ``_meta``) if it is one cell inside the sheet's bounds,
    else InputError naming the ``_meta`` key: a range such as ``A1:XFD1048576`` would be read whole."""
    from openpyxl.utils import column_index_from_string

    m = _CELL_REFERENCE.match(ref.strip())
    if m is None or column_index_from_string(m.group(1)) > 16_384 or int(m.group(2)) > 1_048_576:
        raise InputError(message("{file}: {sheet}: {key} {value} is not a single cell reference such as B4; "
                                 "export a new workbook", file=name, sheet=META_SHEET, key=key, value=Quoted(ref)))
    return f"{m.group(1)}{m.group(2)}"


def find_key_row(ws: Any) -> tuple[int, dict[str, int]]:
    """The row of the stable column keys and each key's column index (0-based); ``(0, {})`` when none.

    The key row is the first of the top rows holding every required key; a caption row above it
    may hold look-alike words ("Id", "Rating").
    """
    top = ws.iter_rows(min_row=1, max_row=6, max_col=min(ws.max_column, 256), values_only=True)
    fallback: tuple[int, dict[str, int]] = (0, {})
    for r, row in enumerate(top, start=1):
        keys = [str(v).strip().lower() if isinstance(v, str) else None for v in row]
        found = {k: i for i, k in reversed(list(enumerate(keys))) if k}
        if all(k in found for k in REQUIRED_KEYS):
            return r, found
        if not fallback[0] and "id" in found and "rating" in found:
            fallback = (r, found)
    return fallback


@dataclass
class _ItemSheets:
    """Reads the item sheets of one workbook; ids are unique across all of them."""

    name: str
    catalogue: Catalogue
    lang: str
    problems: list[str]
    answers: dict[str, ItemAnswer] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    where_id: dict[str, str] = field(default_factory=dict)

    def read(self, ws: Any, pid: str, expected: list[str]) -> None:
        from itsm_assess._io.xlsx_read import present_rows

        header_row, columns = find_key_row(ws)
        if not header_row:
            self.problems.append(message("{file}: {cell}: no header row with the column keys {keys}", file=self.name,
                                         cell=f"{ws.title}!A{HEADER_ROW}", keys=", ".join(REQUIRED_KEYS)))
            return
        missing = [k for k in REQUIRED_KEYS if k not in columns]
        if missing:
            self.problems.append(plural_message(
                "{file}: {cell}: column key {keys} missing from the header row",
                "{file}: {cell}: column keys {keys} missing from the header row", len(missing),
                file=self.name, cell=f"{ws.title}!{header_row}:{header_row}", keys=", ".join(missing)))
            return
        valid = self._valid_ids(pid)
        seen: list[str] = []
        for row in present_rows(ws, header_row + 1, max(columns.values()) + 1):
            cells = {k: row[i] if i < len(row) else None for k, i in columns.items()}
            item_id = self._row_id(ws, pid, cells, columns, valid)
            if item_id is not None:
                seen.append(item_id)
                self.answers[item_id] = self._read_row(ws, item_id, cells)
        self.notices.extend(_order_notices(ws.title, expected, seen))

    def _valid_ids(self, pid: str) -> set[str]:
        ids = {r.id for r in self.catalogue.requirements_of(pid)}
        ids.update(f"{pid}:{ind}" for ind in self.catalogue.indicators)
        return ids

    def _row_id(self, ws: Any, pid: str, cells: dict[str, Any], columns: dict[str, int], valid: set[str]) -> str | None:
        """The row's item id when it is a valid one seen for the first time; else None (with a
        problem, unless the row is empty of input too)."""
        from openpyxl.utils import get_column_letter

        id_cell = cells["id"]
        item_id = typed_text(id_cell.value) if id_cell is not None else None
        if item_id is None:
            typed = [(k, c) for k in INPUT_FIELDS if (c := cells.get(k)) is not None and typed_text(c.value) is not None]
            if typed:
                k, c = typed[0]
                self.problems.append(message("{file}: {cell}: {column} given in a row without an id (column {id_column})",
                                             file=self.name, cell=f"{ws.title}!{c.coordinate}",
                                             column=caption(k, self.lang), id_column=get_column_letter(columns["id"] + 1)))
            return None
        item_id = item_id.strip()
        coord = f"{ws.title}!{id_cell.coordinate}"
        if item_id in self.where_id:
            self.problems.append(message("{file}: {cell}: id {item} appears again (first at {first}); each item may "
                                         "have one row", file=self.name, cell=coord, item=item_id,
                                         first=self.where_id[item_id]))
            return None
        if item_id not in valid:
            self.problems.append(message(
                "{file}: {cell}: id {item} is not an item of process {process} in catalogue {catalogue} (expected a "
                "requirement id such as {examples} or {process}:INDICATOR)",
                file=self.name, cell=coord, item=Quoted(item_id), process=pid, catalogue=self.catalogue.id,
                examples=", ".join(sorted(i for i in valid if ":" not in i)[:4])))
            return None
        self.where_id[item_id] = coord
        return item_id

    def _read_row(self, ws: Any, item_id: str, cells: dict[str, Any]) -> ItemAnswer:
        answer = ItemAnswer(item_id)
        typed: set[str] = set()
        for key in INPUT_FIELDS:
            c = cells.get(key)
            if c is None:
                continue
            answer.cells[key] = f"{ws.title}!{c.coordinate}"
            text = typed_text(c.value)
            if text is None:
                continue
            typed.add(key)
            answer.values[key] = self._read_value(key, c, text, answer.cells[key])
        self._check_finding_has_grade(answer, typed)
        self._check_evidence(answer)
        return answer

    def _read_value(self, key: str, cell: Any, text: str, where: str) -> Any:
        """The value of one input cell by its column's kind; a problem is recorded when it is not one."""
        from itsm_assess._io.xlsx_read import clean_text

        kind = COLUMN_BY_KEY[key].kind
        if kind in CHOICES:
            choices = CHOICES[kind]
            code = choices.parse(text)
            if code is None:
                self.problems.append(message(NOT_ALLOWED[kind], file=self.name, cell=where, value=Quoted(" ".join(text.split())),
                                             allowed=choices.allowed(self.lang)))
                return None
            return choices.to_model(code)
        if kind == "date":
            due = parse_due_date(cell.value)
            if due is None and key == "due_date":
                self.problems.append(message("{file}: {cell}: due date {value} is not a date (expected e.g. 2026-12-31 "
                                             "or 31.12.2026)", file=self.name, cell=where, value=Quoted(" ".join(text.split()))))
            elif due is None:
                self.problems.append(message("{file}: {cell}: {column} {value} is not a date (expected e.g. 2026-12-31 "
                                             "or 31.12.2026)", file=self.name, cell=where,
                                             column=caption(key, self.lang), value=Quoted(" ".join(text.split()))))
            return due
        if kind == "count":
            count = parse_count(cell.value)
            if count is None:
                self.problems.append(message("{file}: {cell}: {column} {value} is not a whole number (expected e.g. 25)",
                                             file=self.name, cell=where, column=caption(key, self.lang),
                                             value=Quoted(" ".join(text.split()))))
            return count
        text, bad = clean_text(text)
        if bad is not None:
            self.problems.append(message("{file}: {cell}: {column}: {problem}", file=self.name, cell=where,
                                         column=caption(key, self.lang), problem=bad))
        return text  # kept as typed (formula-looking text included), breaks made newlines

    def _check_evidence(self, answer: ItemAnswer) -> None:
        """The row's evidence-log cells must make a possible line: a sample no larger than its
        population nor than the ids listed, and an evidence date not in the future."""
        import datetime as dt

        size, population = answer.value("ev_sample_size"), answer.value("ev_population")
        records = split_records(answer.value("ev_records"))
        if size is not None and population is not None and size > population:
            self.problems.append(message("{file}: {cell}: a sample of {size} is larger than its population of "
                                         "{population} ({population_cell})", file=self.name,
                                         cell=answer.cells["ev_sample_size"], size=size, population=population,
                                         population_cell=answer.cells["ev_population"].split("!")[-1]))
        if size is not None and len(records) > size:
            self.problems.append(message("{file}: {cell}: {listed} record ids listed but the sample size is {size}",
                                         file=self.name, cell=answer.cells["ev_records"], listed=len(records),
                                         size=size))
        date = answer.value("ev_date")
        if date is not None and date > dt.date.today():
            self.problems.append(message("{file}: {cell}: the evidence date {date} is in the future (expected the "
                                         "date of the document, records or interview)", file=self.name,
                                         cell=answer.cells["ev_date"], date=date.isoformat()))

    def _check_finding_has_grade(self, answer: ItemAnswer, typed: set[str]) -> None:
        """Finding text needs a finding grade on the row (unless the grade cell is itself in error)."""
        if not answer.has_finding_text or answer.finding is not None or "finding" not in answer.cells:
            return
        grade_cell = answer.cells["finding"]
        if any(p.startswith(f"{self.name}: {grade_cell}: ") for p in self.problems):
            return
        first = next(k for k in FINDING_FIELDS if answer.value(k) is not None or k in typed)
        self.problems.append(message(
            "{file}: {cell}: {column} is given but the finding grade ({grade_cell}) is empty; pick a grade or clear "
            "the finding columns", file=self.name, cell=answer.cells.get(first, grade_cell),
            column=caption(first, self.lang), grade_cell=grade_cell.split("!")[-1]))


def parse_count(value: Any) -> int | None:
    """A whole number of zero or more from a number cell or typed digits; None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    typed = str(value).strip().replace("\u00a0", "").replace(" ", "")
    return int(typed) if typed.isascii() and typed.isdigit() else None


def split_records(text: str | None) -> list[str]:
    """Record ids typed in one cell, separated by ``;`` or new lines (commas too)."""
    if not text:
        return []
    return [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]


def _order_notices(title: str, expected: list[str], seen: list[str]) -> list[str]:
    """Safe deviations of a sheet's rows from those written: missing, added, moved."""
    notices: list[str] = []
    missing_rows = [i for i in expected if i not in seen]
    added_rows = [i for i in seen if i not in expected]
    if missing_rows:
        notices.append(plural_message(
            "{sheet}: no row for {ids}; its answers in assessment.yaml are left as they are",
            "{sheet}: no row for {ids}; their answers in assessment.yaml are left as they are", len(missing_rows),
            sheet=title, ids=", ".join(missing_rows)))
    if added_rows:
        notices.append(plural_message("{sheet}: row added for {ids}; merged by id",
                                      "{sheet}: rows added for {ids}; merged by id", len(added_rows),
                                      sheet=title, ids=", ".join(added_rows)))
    in_both = [i for i in seen if i in expected]
    if in_both != [i for i in expected if i in seen]:
        notices.append(message("{sheet}: rows are in a different order than written; matched by id", sheet=title))
    return notices
