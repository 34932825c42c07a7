"""Tailoring a catalogue in Excel: ``catalogue export --format xlsx`` writes the workbook,
``catalogue import`` reads it back into a validated catalogue folder.

A consultant edits questions, weights, evidence, roles, processes, or adds rows of their own; ids
of the base catalogue are kept (a base requirement, process or checklist question may be changed
but not removed). The workbook is untrusted input: it is opened through the project's checked
xlsx reading (archive limits, defused XML, bounded sheet extent) and every problem is reported as
``Sheet!Cell: what is wrong``. Nothing is written unless the whole result validates.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from itsm_assess.catalogue.checklist import ChecklistItem
from itsm_assess.catalogue.export import REF_COLUMNS, checklist_columns, process_columns, requirement_columns
from itsm_assess.catalogue.model import Catalogue, Process, Requirement, load_catalogue
from itsm_assess.catalogue.tailoring_sheets import (
    SHEET_CATALOGUE,
    SHEET_CHECKLIST,
    SHEET_PROCESSES,
    SHEET_REQUIREMENTS,
    SHEET_ROLES,
    caption,
    code_of,
    sheet_names_in_any_language,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import N_plural, message, plural_message, rendered, translate
from itsm_assess.loading import display_path, dump_yaml
from itsm_assess.schema import clause_within

#: Sheets the import needs; the Catalogue sheet names the base catalogue.
REQUIRED_SHEETS: tuple[str, ...] = (SHEET_CATALOGUE, SHEET_REQUIREMENTS, SHEET_PROCESSES, SHEET_CHECKLIST, SHEET_ROLES)
#: More problems than this and the list ends with "… and N more" (the CLI shortens further).
MAX_PROBLEMS = 200


@dataclass
class _Row:
    """One sheet row: its number and the text of each named column."""

    sheet: str
    number: int
    values: dict[str, str]
    letters: dict[str, str]

    def at(self, column: str) -> str:
        """``Sheet!Cell`` of ``column`` in this row."""
        return f"{self.sheet}!{self.letters.get(column, 'A')}{self.number}"

    def text(self, column: str) -> str:
        return self.values.get(column, "")

    def items(self, column: str) -> list[str]:
        """A comma-separated cell as a list (empty items dropped)."""
        return [part.strip() for part in self.text(column).split(",") if part.strip()]


#: What a tailored catalogue changed, as ``catalogue import`` says it (the keys are written in
#: ``tailored_from.summary`` as they are).
CHANGE_TEXTS = {
    "requirements changed": N_plural("{count} requirement changed", "{count} requirements changed"),
    "requirements added": N_plural("{count} requirement added", "{count} requirements added"),
    "processes changed": N_plural("{count} process changed", "{count} processes changed"),
    "processes added": N_plural("{count} process added", "{count} processes added"),
    "checklist questions changed": N_plural("{count} checklist question changed", "{count} checklist questions changed"),
    "checklist questions added": N_plural("{count} checklist question added", "{count} checklist questions added"),
    "roles changed": N_plural("{count} role changed", "{count} roles changed"),
    "roles added": N_plural("{count} role added", "{count} roles added"),
}


@dataclass
class TailoringResult:
    """What ``catalogue import`` did: the loaded tailored catalogue and what changed."""

    catalogue: Catalogue
    changes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """``"3 requirements changed, 1 role added"`` (``"no changes"``), worded when shown."""
        changes = {kind: len(ids) for kind, ids in self.changes.items() if ids}

        def worded(lang: str) -> str:
            parts = [translate(plural_message(*CHANGE_TEXTS[kind], count), lang) for kind, count in changes.items()]
            return ", ".join(parts) or translate(message("no changes"), lang)

        return rendered(worded)


class _Problems:
    """Problems found so far, each ``file: Sheet!Cell: message``."""

    def __init__(self, path: Path) -> None:
        self.name = display_path(path)
        self.lines: list[str] = []

    def add(self, where: str, text: str) -> None:
        if len(self.lines) < MAX_PROBLEMS:  # a message: worded in the reader's language when shown
            self.lines.append(message("{name}: {where}: {problem}", name=self.name, where=where, problem=text))

    def raise_any(self) -> None:
        if self.lines:
            raise InputError(self.lines)


@dataclass
class _Sheet:
    """One sheet as read: its name in the workbook, the row of its column keys, the keys and its rows."""

    title: str
    key_row: int
    header: list[str]
    rows: list[_Row]


#: The key each sheet's key row holds in column A (the Catalogue sheet's keys start with its labels).
_FIRST_KEYS = ("id", "field", "label")


def _key_row(ws: Any, max_col: int) -> int:
    """The row holding the column keys: row 1 (hidden) in a workbook of this version, and row 1 in
    one written before the captions were added; the first of the top rows whose cells hold a key."""
    from itsm_assess._io.xlsx_read import cell_text

    for r in range(1, 4):
        keys = {(cell_text(ws.cell(row=r, column=c).value) or "").strip() for c in range(1, min(max_col, 3) + 1)}
        if keys & set(_FIRST_KEYS):
            return r
    return 1


def _is_caption_row(ws: Any, row: int, header: list[str]) -> bool:
    """True when ``row`` holds the captions of ``header`` in some language (the row under the keys)."""
    from itsm_assess._io.xlsx_read import cell_text
    from itsm_assess.i18n import LANGUAGES

    first = (cell_text(ws.cell(row=row, column=1).value) or "").strip()
    return bool(header) and first in {caption(header[0], lang) for lang in LANGUAGES}


def _read_sheets(path: Path, problems: _Problems) -> dict[str, _Sheet]:
    """Keys and rows of each required sheet (named in any language), read through the checked
    xlsx reader."""
    from openpyxl.utils import get_column_letter

    from itsm_assess._io.xlsx_read import (
        cell_text,
        check_sheet_extent,
        clean_text,
        ooxml_unescape,
        open_untrusted_workbook,
        present_rows,
    )

    wb = open_untrusted_workbook(path)
    titles = {sheet: next((name for name in sheet_names_in_any_language(sheet) if name in wb.sheetnames), None)
              for sheet in REQUIRED_SHEETS}
    missing = [sheet for sheet, title in titles.items() if title is None]
    if missing:
        problems.add(", ".join(missing), message(
            "sheet missing; expected the sheets {sheets} as `catalogue export --format xlsx` writes them",
            sheets=", ".join(REQUIRED_SHEETS)))
        problems.raise_any()
    out: dict[str, _Sheet] = {}
    for sheet, found in titles.items():
        title = str(found)
        _max_row, max_col = check_sheet_extent(path, title)
        ws = wb[title]
        key_row = _key_row(ws, max_col)
        header: list[str] = []
        for col in range(1, max_col + 1):
            value = cell_text(ws.cell(row=key_row, column=col).value)
            header.append((value or "").strip())
        while header and not header[-1]:
            header.pop()
        letters = {name: get_column_letter(i + 1) for i, name in enumerate(header) if name}
        first = key_row + (2 if _is_caption_row(ws, key_row + 1, header) else 1)
        rows = []
        for cells in present_rows(ws, first, len(header)):
            values: dict[str, str] = {}
            number = cells[0].row
            for i, cell in enumerate(cells):
                name = header[i] if i < len(header) else ""
                raw = cell_text(cell.value)
                if not name or raw is None:
                    continue
                text, bad = clean_text(ooxml_unescape(raw))
                if bad:
                    problems.add(f"{title}!{cell.coordinate}", bad)
                values[name] = text.strip()
            if any(values.values()):
                rows.append(_Row(title, number, values, letters))
        out[sheet] = _Sheet(title, key_row, header, rows)
    return out


def _check_header(sheet: _Sheet, expected: list[str], problems: _Problems) -> None:
    from openpyxl.utils import get_column_letter

    row = sheet.key_row
    for i, name in enumerate(sheet.header):
        if name and name not in expected:
            problems.add(f"{sheet.title}!{get_column_letter(i + 1)}{row}", message(
                "unknown column {name!r}; the columns of this sheet are {expected}",
                name=name, expected=", ".join(expected)))
    absent = [c for c in expected if c not in sheet.header]
    if absent:
        problems.add(f"{sheet.title}!{row}:{row}", message(
            "missing column(s) {columns}; export the catalogue again for the layout", columns=", ".join(absent)))


def _localized(row: _Row, name: str, langs: list[str]) -> dict[str, str] | None:
    text = {lang: row.text(f"{name}_{lang}") for lang in langs if row.text(f"{name}_{lang}")}
    return text or None


def _localized_lines(row: _Row, name: str, langs: list[str], problems: _Problems) -> list[dict[str, str]]:
    """A one-item-a-line text column per language as a list of localized texts."""
    per_lang = {lang: [line.strip() for line in row.text(f"{name}_{lang}").split("\n") if line.strip()]
                for lang in langs}
    counts = {lang: len(lines) for lang, lines in per_lang.items()}
    base = counts.get(langs[0], 0)
    for lang in langs[1:]:
        if counts[lang] and counts[lang] != base:
            problems.add(row.at(f"{name}_{lang}"), plural_message(
                "one line here but {base} in {first}; write one line per item in each language",
                "{count} lines here but {base} in {first}; write one line per item in each language",
                counts[lang], base=base, first=f"{name}_{langs[0]}"))
    return [{lang: per_lang[lang][i] for lang in langs if i < len(per_lang[lang])} for i in range(base)]


def _refs(row: _Row) -> dict[str, list[str]]:
    return {kind: row.items(kind) for kind in REF_COLUMNS if row.items(kind)}


ModelT = TypeVar("ModelT", bound=BaseModel)


def _validated(model: type[ModelT], data: dict[str, Any], row: _Row, columns: Callable[[str], str],
               problems: _Problems) -> ModelT | None:
    """``model`` from ``data``, each validation error reported at the cell of its field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = [str(p) for p in err["loc"]]
            column = columns(loc[0]) if loc else "id"
            detail = ".".join(loc) if loc else row.text("id")
            problems.add(row.at(column), f"{detail}: {err['msg']}")
    return None


def _integer(row: _Row, column: str, problems: _Problems, default: int | None = None) -> int | None:
    text = row.text(column)
    if not text:
        return default
    try:
        return int(float(text)) if float(text).is_integer() else int(text)
    except ValueError:
        problems.add(row.at(column), message("{value!r} is not a whole number", value=text))
        return None


def _requirement(row: _Row, langs: list[str], problems: _Problems) -> Requirement | None:
    data: dict[str, Any] = {
        "id": row.text("id"), "clause": row.text("clause"), "process": row.text("process"),
        "title": _localized(row, "title", langs), "statement": _localized(row, "statement", langs),
        "guidance": _localized(row, "guidance", langs),
        "evidence": _localized_lines(row, "evidence", langs, problems),
        "interviewees": row.items("interviewees"), "refs": _refs(row),
    }
    for name in ("attribute", "basis"):
        if row.text(name):
            data[name] = code_of(name, row.text(name))
    weight = _integer(row, "weight", problems)
    if weight is not None:
        data["weight"] = weight
    if row.items("serves"):
        data["serves"] = row.items("serves")
    if row.text("source"):
        data["source"] = code_of("source", row.text("source"))
    note = _localized(row, "basis_note", langs)
    if note:
        data["basis_note"] = note

    def column(name: str) -> str:
        lang_col = f"{name}_{langs[0]}"
        return lang_col if lang_col in row.letters else name if name in row.letters else "id"

    return _validated(Requirement, {k: v for k, v in data.items() if v is not None}, row, column, problems)


def _process(row: _Row, langs: list[str], problems: _Problems) -> Process | None:
    data: dict[str, Any] = {"id": row.text("id"), "clauses": row.items("clauses"),
                            "title": _localized(row, "title", langs), "purpose": _localized(row, "purpose", langs),
                            "outcomes": _localized_lines(row, "outcomes", langs, problems), "refs": _refs(row)}
    if row.text("kind"):
        data["kind"] = code_of("kind", row.text("kind"))

    def column(name: str) -> str:
        return f"{name}_{langs[0]}" if f"{name}_{langs[0]}" in row.letters else name if name in row.letters else "id"

    return _validated(Process, {k: v for k, v in data.items() if v is not None}, row, column, problems)


def _item(row: _Row, langs: list[str], problems: _Problems) -> ChecklistItem | None:
    data: dict[str, Any] = {
        "id": row.text("id"), "requirements": row.items("requirements"),
        "stages": [int(s) if s.isdigit() else s for s in row.items("stages")] or None,
        "methods": [code_of("methods", m) for m in row.items("methods")], "interviewees": row.items("interviewees"),
        "question": _localized(row, "question", langs),
        "look_for": _localized_lines(row, "look_for", langs, problems),
        "advice": _localized_lines(row, "advice", langs, problems),
        "sampling": _localized(row, "sampling", langs),
        "weaknesses": _localized_lines(row, "weaknesses", langs, problems),
        "model_answer": _localized(row, "model_answer", langs),
    }

    def column(name: str) -> str:
        return f"{name}_{langs[0]}" if f"{name}_{langs[0]}" in row.letters else name if name in row.letters else "id"

    return _validated(ChecklistItem, {k: v for k, v in data.items() if v is not None}, row, column, problems)


def _unique(rows: list[_Row], problems: _Problems) -> Iterator[_Row]:
    seen: dict[str, str] = {}
    for row in rows:
        rid = row.text("id")
        if not rid:
            problems.add(row.at("id"), message("the id is empty; every row needs one"))
        elif rid in seen:
            problems.add(row.at("id"), message("{id!r} is already the id of {where}", id=rid, where=seen[rid]))
        else:
            seen[rid] = row.at("id")
            yield row


def _base_catalogue(info: dict[str, _Row], base_ref: str | os.PathLike[str] | None, where: str,
                    problems: _Problems) -> Catalogue:
    named = info.get("base_catalogue")
    if base_ref is None and (named is None or not named.text("value")):
        problems.add(named.at("value") if named is not None else where,
                     message("no base catalogue named; give its id here or --base"))
        problems.raise_any()
    base = load_catalogue(base_ref if base_ref is not None else named.text("value"))  # type: ignore[union-attr]
    version = info.get("base_version")
    if version is not None and version.text("value") and version.text("value") != base.version:
        problems.add(version.at("value"), message(
            "the workbook was exported from version {exported} of {base}, but the base found is version {found}; "
            "export the current version again, or give the matching one with --base",
            exported=version.text("value"), base=base.id, found=base.version))
    return base


def _roles(rows: list[_Row], langs: list[str], problems: _Problems) -> dict[str, dict[str, str]]:
    roles: dict[str, dict[str, str]] = {}
    for row in _unique(rows, problems):
        name = _localized(row, "name", langs)
        if name is None or "en" not in name:
            problems.add(row.at(f"name_{langs[0]}"), message("the role needs a name"))
        else:
            roles[row.text("id")] = name
    return roles


def _processes(rows: list[_Row], base: Catalogue, langs: list[str], problems: _Problems) -> dict[str, Process]:
    processes: dict[str, Process] = {}
    for row in _unique(rows, problems):
        proc = _process(row, langs, problems)
        if proc is None:
            continue
        processes[proc.id] = proc
        for c in proc.clauses:
            if c not in base.clauses:
                problems.add(row.at("clauses"), message("{clause!r} is not a clause of {base}", clause=c, base=base.id))
    return processes


def _requirements(rows: list[_Row], base: Catalogue, langs: list[str], processes: dict[str, Process],
                  roles: dict[str, dict[str, str]], problems: _Problems,
                  titles: Mapping[str, str] | None = None) -> dict[str, Requirement]:
    """The requirement rows, checked against the base, the processes and the roles; a problem
    names the sheet to fix by its name in the workbook (``titles``: English name -> name)."""
    titles = titles or {}
    requirements: dict[str, Requirement] = {}
    for row in _unique(rows, problems):
        req = _requirement(row, langs, problems)
        if req is None:
            continue
        requirements[req.id] = req
        if req.clause not in base.clauses:
            problems.add(row.at("clause"), message("{clause!r} is not a clause of {base}", clause=req.clause, base=base.id))
        proc = processes.get(req.process)
        if proc is None:
            problems.add(row.at("process"), message("unknown process {process!r}; add it on the {sheet} sheet",
                                                    process=req.process,
                                                    sheet=titles.get(SHEET_PROCESSES, SHEET_PROCESSES)))
        elif not any(clause_within(req.clause, c) for c in proc.clauses):
            problems.add(row.at("clause"), message("{clause!r} lies outside process {process} (clauses {clauses})",
                                                   clause=req.clause, process=proc.id, clauses=", ".join(proc.clauses)))
        for role in req.interviewees:
            if role not in roles:
                problems.add(row.at("interviewees"), message("unknown role {role!r}; add it on the {sheet} sheet",
                                                             role=role, sheet=titles.get(SHEET_ROLES, SHEET_ROLES)))
    return requirements


def _items(rows: list[_Row], langs: list[str], processes: dict[str, Process], requirements: dict[str, Requirement],
           roles: dict[str, dict[str, str]], problems: _Problems) -> tuple[dict[str, list[ChecklistItem]], list[str]]:
    items: dict[str, list[ChecklistItem]] = {}
    item_ids: list[str] = []
    for row in _unique(rows, problems):
        item = _item(row, langs, problems)
        pid = row.text("process")
        if pid not in processes:
            problems.add(row.at("process"), message("unknown process {process!r}", process=pid))
        if item is None:
            continue
        for rid in item.requirements:
            if rid not in requirements:
                problems.add(row.at("requirements"), message("unknown requirement {id!r}", id=rid))
        for role in item.interviewees:
            if role not in roles:
                problems.add(row.at("interviewees"), message("unknown role {role!r}", role=role))
        items.setdefault(pid, []).append(item)
        item_ids.append(item.id)
    return items, item_ids


def _check_ids_kept(sheets: dict[str, _Sheet], base: Catalogue,
                    base_items: dict[str, ChecklistItem], problems: _Problems) -> None:
    """Every id of the base still has its row (a row may change, not go)."""
    row_ids = {sheet: {row.text("id") for row in sheets[sheet].rows} for sheet in REQUIRED_SHEETS}
    for kind, have, sheet in (("requirements", row_ids[SHEET_REQUIREMENTS], SHEET_REQUIREMENTS),
                              ("processes", row_ids[SHEET_PROCESSES], SHEET_PROCESSES),
                              ("checklist questions", row_ids[SHEET_CHECKLIST], SHEET_CHECKLIST),
                              ("roles", row_ids[SHEET_ROLES], SHEET_ROLES)):
        bases: dict[str, Mapping[str, object]] = {"requirements": base.requirements, "processes": base.processes,
                                                  "checklist questions": base_items, "roles": base.roles}
        known = bases[kind]
        gone = [i for i in known if i not in have]
        if gone:
            shown = ", ".join(gone[:10]) + (" …" if len(gone) > 10 else "")
            problems.add(sheets[sheet].title, message(
                "{count} id(s) of {base} are missing here: {ids}; ids of the base are kept (change a row, do not "
                "delete it)", count=len(gone), base=base.id, ids=shown))


def tailor(path: str | os.PathLike[str], base_ref: str | os.PathLike[str] | None = None) -> tuple[Catalogue, dict[str, Any], dict[str, list[str]]]:
    """Read a tailored catalogue workbook: the base catalogue, the files of the tailored
    catalogue as plain data (``{relative path: data}``), and what changed (by kind, ids).

    Raises :class:`InputError` listing every problem as ``file: Sheet!Cell: message``.
    """
    path = Path(path)
    problems = _Problems(path)
    sheets = _read_sheets(path, problems)
    identity = sheets[SHEET_CATALOGUE]
    info = {row.text("field"): row for row in identity.rows}
    base = _base_catalogue(info, base_ref, f"{identity.title}!B{identity.key_row + 1}", problems)
    langs = list(base.info.languages)
    for sheet, columns in ((SHEET_REQUIREMENTS, requirement_columns(langs)), (SHEET_PROCESSES, process_columns(langs)),
                           (SHEET_CHECKLIST, checklist_columns(langs)), (SHEET_ROLES, ["id", *[f"name_{lang}" for lang in langs]])):
        _check_header(sheets[sheet], columns, problems)
    problems.raise_any()

    roles = _roles(sheets[SHEET_ROLES].rows, langs, problems)
    processes = _processes(sheets[SHEET_PROCESSES].rows, base, langs, problems)
    requirements = _requirements(sheets[SHEET_REQUIREMENTS].rows, base, langs, processes, roles, problems,
                                 {sheet: found.title for sheet, found in sheets.items()})
    items, item_ids = _items(sheets[SHEET_CHECKLIST].rows, langs, processes, requirements, roles, problems)

    base_items = {item.id: item for checklist in base.checklists.values() for item in checklist.items}
    _check_ids_kept(sheets, base, base_items, problems)
    problems.raise_any()

    changes = {
        "requirements changed": [r for r in requirements if r in base.requirements
                                 and requirements[r] != base.requirements[r]],
        "requirements added": [r for r in requirements if r not in base.requirements],
        "processes changed": [p for p in processes if p in base.processes and processes[p] != base.processes[p]],
        "processes added": [p for p in processes if p not in base.processes],
        "checklist questions changed": [i for pid in items for i in (x.id for x in items[pid])
                                        if i in base_items and _item_of(items, i) != base_items[i]],
        "checklist questions added": [i for i in item_ids if i not in base_items],
        "roles changed": [r for r in roles if r in base.roles and roles[r] != base.roles[r]],
        "roles added": [r for r in roles if r not in base.roles],
    }
    files = _files(base, info, langs, roles, processes, requirements, items, changes)
    return base, files, changes


def _item_of(items: dict[str, list[ChecklistItem]], item_id: str) -> ChecklistItem | None:
    return next((i for group in items.values() for i in group if i.id == item_id), None)


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def _files(base: Catalogue, info: dict[str, _Row], langs: list[str], roles: dict[str, dict[str, str]],
           processes: dict[str, Process], requirements: dict[str, Requirement],
           items: dict[str, list[ChecklistItem]], changes: dict[str, list[str]]) -> dict[str, Any]:
    own_id = info["id"].text("value") if "id" in info else ""
    catalogue_id = own_id if own_id and own_id != base.id else f"{base.id}-tailored"
    title = {lang: info[f"title_{lang}"].text("value") for lang in langs
             if f"title_{lang}" in info and info[f"title_{lang}"].text("value")} or dict(base.info.title)
    meta = base.info.model_dump(mode="json", exclude_none=True)
    meta.update(id=catalogue_id, title=title)
    summary = ", ".join(f"{len(ids)} {kind}" for kind, ids in changes.items() if ids) or "no changes"
    catalogue_yaml: dict[str, Any] = {
        "schema_version": 1, "catalogue": meta,
        "tailored_from": {"base": base.id, "version": base.version, "base_hash": base.content_hash, "summary": summary},
        "roles": roles, "clauses": base.clauses,
    }
    if base.clauses_without_obligations:
        catalogue_yaml["clauses_without_obligations"] = base.clauses_without_obligations
    catalogue_yaml["references"] = base.references.model_dump(mode="json", exclude_defaults=True)
    catalogue_yaml["profile"] = base.profile.model_dump(mode="json", exclude_unset=True)
    files: dict[str, Any] = {"catalogue.yaml": catalogue_yaml}
    for pid, proc in processes.items():
        name = pid.lower()
        files[f"processes/{name}.yaml"] = {
            "schema_version": 1, "process": _dump(proc),
            "requirements": [_dump(r) | {"id": r.id, "clause": r.clause, "process": r.process}
                             for r in requirements.values() if r.process == pid],
        }
        if items.get(pid):
            files[f"checklists/{name}.yaml"] = {
                "schema_version": 1, "checklist": {"catalogue": catalogue_id, "process": pid},
                "items": [_dump(i) | {"id": i.id} for i in items[pid]],
            }
    return files


def import_tailored(path: str | os.PathLike[str], output: str | os.PathLike[str], *,
                    base_ref: str | os.PathLike[str] | None = None, force: bool = False) -> TailoringResult:
    """Write the catalogue of a tailored workbook to the folder ``output`` and load it.

    The folder is written beside its final place and renamed into it only when the catalogue
    loads without a problem; an existing folder is replaced only with ``force`` (and only one that
    holds a catalogue.yaml: other folders are never removed).
    """
    out = Path(output)
    if out.exists() and not force:
        raise InputError(message("{path} exists; use --force to replace it", path=display_path(out)))
    if out.exists() and (not out.is_dir() or not (out / "catalogue.yaml").is_file()):
        raise InputError(message("{path} exists and is not a catalogue folder; choose another --output",
                                 path=display_path(out)))
    base, files, changes = tailor(path, base_ref)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dump_yaml(data), encoding="utf-8")
        indicators = base.root / "capability_indicators.yaml"
        if indicators.is_file():
            shutil.copyfile(indicators, staging / "capability_indicators.yaml")
        try:
            load_catalogue(staging)
        except InputError as exc:  # a backstop: the row checks above should have caught it
            raise InputError([f"{display_path(path)}: the tailored catalogue does not validate: "
                              + line.replace(str(staging), str(out)) for line in exc.problems]) from None
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return TailoringResult(load_catalogue(out), changes)
