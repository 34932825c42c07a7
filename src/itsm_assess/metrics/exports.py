"""Ticket exports (incidents, service requests, changes, problems) read as typed Polars lazy frames.

A column map is the same YAML as ``change batch`` reads (:mod:`itsm_assess.change_impact.maps`):
each key is a field of the record kind (:data:`FIELDS`), each value a column, joined columns, a
constant, with an optional value map (exact text or ``*``/``?`` patterns, case-insensitive),
``default`` and ``required: false``. Bundled maps read stock ServiceNow and Jira Service
Management exports (``servicenow-incident``, ``jira-change``, ...).

The file is scanned lazily: only the mapped columns are read, every cell as text, then turned into
its field's type (date-times, whole numbers, yes/no) inside the plan, by the streaming engine, so
that a CSV export of millions of rows is never held in memory whole (an XLSX sheet has no
streaming reader: it is read into memory, within the limits of :mod:`itsm_assess._io.xlsx_read`).
A cell that is not empty and cannot be read is an error naming the file, the row and the column;
it is never read as missing. A field the map leaves out, or whose column the export lacks
(``required: false``), is absent, and the KPIs that need it are reported as not computable.
"""

from __future__ import annotations

import csv
import fnmatch
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from itsm_assess.errors import InputError
from itsm_assess.i18n import Quoted, message, plural_message
from itsm_assess.loading import display_path

if TYPE_CHECKING:
    import polars as pl

    from itsm_assess.change_impact.maps import ColumnMap, ColumnMapFile, ColumnSpec

KINDS = ("incident", "request", "change", "problem")
TOOLS = ("servicenow", "jira")
FieldType = Literal["text", "datetime", "count", "flag", "score"]

_COMMON: dict[str, FieldType] = {
    "id": "text", "team": "text", "assignee": "text", "state": "text", "priority": "text", "service": "text",
    "opened_at": "datetime", "resolved_at": "datetime", "closed_at": "datetime",
}
_TICKET: dict[str, FieldType] = {
    "channel": "text", "first_response_at": "datetime", "reassignments": "count", "reopens": "count",
    "sla_met": "flag", "first_contact_resolved": "flag", "satisfaction": "score",
}
#: The fields each record kind can have, and their types.
FIELDS: dict[str, dict[str, FieldType]] = {
    "incident": {**_COMMON, **_TICKET, "caused_by_change": "text"},
    "request": {**_COMMON, **_TICKET},
    "change": {**_COMMON, "category": "text", "approved_at": "datetime", "implemented_at": "datetime",
               "outcome": "text", "reviewed": "flag", "reviewed_at": "datetime"},
    "problem": {**_COMMON, "root_cause_at": "datetime", "known_error": "flag"},
    # customer-satisfaction survey results, one row per response (metrics/csat.py)
    "csat": {"ticket": "text", "answered_at": "datetime", "score": "score", "comment": "text"},
}
#: Fields every export of a kind needs: without them no KPI of the kind can be placed in a month
#: (or, for survey results, joined to a ticket and counted).
REQUIRED: dict[str, tuple[str, ...]] = {**{kind: ("id", "opened_at") for kind in KINDS}, "csat": ("ticket", "score")}
#: The bundled map of customer-satisfaction results (maps/csat.yaml).
CSAT_MAP = "csat"
NO_TEAM = "(no team)"
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
                "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M",
                "%d/%b/%y", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y")
#: Yes and no in any language (i18n.typed_yes_no adds the words of each language's PO catalogue).
_TRUE = ("true", "1", "x")
_FALSE = ("false", "0", "-")
#: Bytes read to find the CSV separator.
_SNIFF_BYTES = 16384
#: Rows sampled to find a date column's format and whether cells carry spaces.
_SAMPLE_ROWS = 2000


@dataclass(frozen=True)
class Layout:
    """Where an export's cells are, for messages: a CSV's lines, or a workbook sheet's cells (its
    title, header and the first row and column of its used area, counted from 0)."""

    source: str
    sheet: str | None = None
    header: tuple[str, ...] = ()
    first_row: int = 0
    first_column: int = 0

    def where(self, index: int, spec: ColumnSpec | None = None) -> str:
        """``file:line`` of data row ``index`` (from 0) of a CSV; ``file: Sheet!C7`` of a workbook,
        the cell of the first column ``spec`` reads (``file: Sheet, row 7`` when it reads none)."""
        row = self.first_row + index + 2
        if self.sheet is None:
            return f"{self.source}:{row}"
        column = next((c for c in (spec.sources if spec is not None else ()) if c in self.header), None)
        if column is None:
            return message("{source}: sheet {sheet}, row {row}", source=self.source, sheet=self.sheet, row=row)
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(self.first_column + self.header.index(column) + 1)
        return f"{self.source}: {self.sheet}!{letter}{row}"


@dataclass
class Export:
    """One export: the plan that reads its typed rows (a Polars lazy frame, read again by each
    aggregation, never held whole in memory), what it lacks, and what the pass that checked every
    cell counted (``rows``, ``teams``, ``opened``, the fields empty in every row among ``absent``).

    ``checks``: that pass not run yet (``read_export(..., check=False)``). Whoever runs it, in the
    same streaming pass as its own queries, hands the results of :meth:`Checks.queries` to
    :meth:`settle`.
    """

    kind: str
    source: str
    frame: pl.LazyFrame
    #: The typed columns ``frame`` yields (the fields read, and ``team``).
    fields: tuple[str, ...] = ()
    #: Fields of the kind that the map leaves out or whose column the export lacks, with the reason.
    absent: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    #: The teams of the rows, sorted (a blank team is :data:`NO_TEAM`).
    teams: list[str] = field(default_factory=list)
    #: The first and the last opened date-time (None: no row has one).
    opened: tuple[datetime, datetime] | None = None
    checks: Checks | None = None
    #: Where the rows are in the file (for messages naming a line or Sheet!Cell).
    layout: Layout | None = None

    def has(self, name: str) -> bool:
        return name in self.fields and name not in self.absent

    def settle(self, counts: pl.DataFrame, teams: pl.DataFrame) -> None:
        """Take the results of :meth:`Checks.queries`. Raises InputError naming the first cells that
        cannot be read, or when no row is below the header."""
        checks = self.checks
        assert checks is not None
        found = counts.row(0, named=True)
        problems = checks.bad_cells(found, self.source)
        if problems:
            raise InputError(problems)
        if found["__rows"] == 0:
            raise InputError(message("{path}: no rows below the header", path=self.source))
        for name in checks.wanted:
            if name != "team" and found[f"__null_{name}"] == found["__rows"]:
                self.absent[name] = message("empty in every row")
        self.rows = found["__rows"]
        self.teams = sorted(teams.get_column("team").to_list())
        self.opened = (found["__first"], found["__last"]) if found["__first"] is not None else None
        self.checks = None


@dataclass
class Checks:
    """Every cell of an export checked in one streaming aggregation over ``plan`` (each field typed,
    ``team``, and the flags ``__bad_<field>`` of cells that cannot be read): rows, nulls and
    unreadable cells per field, the first and last opened date-time; and the teams."""

    plan: pl.LazyFrame
    counts: list[pl.Expr]
    #: The file as text, to find and show a cell that cannot be read (only then read again).
    scan: pl.LazyFrame
    texts: dict[str, pl.Expr]
    typed: list[pl.Expr]
    wanted: dict[str, ColumnSpec]
    types: dict[str, FieldType]
    layout: Layout

    def queries(self, plan: pl.LazyFrame | None = None) -> list[pl.LazyFrame]:
        """The counts and the teams, over ``plan`` (default :attr:`plan`; a cached copy shares one pass)."""
        import polars as pl

        plan = self.plan if plan is None else plan
        return [plan.select(self.counts), plan.group_by("team").agg(pl.len())]

    def bad_cells(self, found: dict[str, Any], source: str) -> list[str]:
        """A line for each of the first fields with cells that cannot be read (``__bad_<field>`` of the counts)."""
        import polars as pl

        bad = [t for t in self.wanted if found.get(f"__bad_{t}")][:_MAX_BAD_SHOWN]
        if not bad:
            return []
        first = (self.scan.with_row_index("__row").select([pl.col("__row")] + _raw(self.texts)).with_columns(self.typed)
                 .select([pl.col("__row").filter(_unread(t)).min().alias(t) for t in bad]).collect().row(0, named=True))
        problems: list[str] = []
        for target in bad:
            count, index = found[f"__bad_{target}"], int(first[target])
            raw = self.raw_text(target, index)
            spec = self.wanted[target]
            where = self.layout.where(index, spec)
            shown = spec.column or "+".join(spec.sources) or target
            more = plural_message(" (and one more row)", " (and {count:,} more rows)", count - 1) if count > 1 else ""
            problems.append(message("{where}: column {column} ({field}): {value} is not {expected}{more}", where=where,
                                    column=Quoted(shown), field=target, value=Quoted(raw),
                                    expected=_EXPECTED[self.types[target]], more=more))
        return problems

    def raw_text(self, target: str, index: int) -> str | None:
        """The text of ``target``'s cell in data row ``index`` (from 0), as the map reads it."""
        return self.scan.select(self.texts[target]).slice(index, 1).collect().item()  # type: ignore[no-any-return]


def bundled_map_name(tool: str, kind: str) -> str:
    return f"{tool}-{kind}"


def load_metrics_map(ref: str | os.PathLike[str], kind: str, *, model: type[ColumnMapFile] | None = None,
                     check: Callable[[Any, Callable[[tuple[str, ...]], str]], list[str]] | None = None) -> ColumnMap:
    """A bundled map (``servicenow-incident``, ``jira-change``, ``csat``) or a map file, checked against
    ``kind``; ``model`` a map format with more keys (the survey results' scale), ``check`` its own
    checks (given the file and the location of a key path; returning the problems)."""
    from itsm_assess.change_impact.maps import ColumnMap, ColumnMapFile
    from itsm_assess.loading import load_yaml, validate
    from itsm_assess.resources import package_data

    name = str(ref)
    bundled = {bundled_map_name(t, k) for t in TOOLS for k in KINDS} | {CSAT_MAP}
    path = package_data("metrics", "maps", f"{name}.yaml") if name in bundled else Path(name)
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError(message("{where}: expected a column map with schema_version, map and columns", where=doc.where()))
    file = validate(model or ColumnMapFile, doc)
    cmap = ColumnMap(file, doc.where())
    problems: list[str] = check(file, doc.where) if check else []
    for target, spec in cmap.specs().items():
        where = doc.where(("columns", target))
        if target not in FIELDS[kind]:
            problems.append(message("{where}: columns.{target}: not a field of {kind} records; expected one of {fields}",
                                    where=where, target=target, kind=kind, fields=", ".join(FIELDS[kind])))
            continue
        given = [k for k in ("column", "join", "value") if getattr(spec, k) is not None]
        if spec.days_between is not None or len(given) != 1:
            problems.append(message("{where}: columns.{target}: give exactly one of column, join or value",
                                    where=where, target=target))
    if problems:
        raise InputError(problems)
    return cmap


# --------------------------------------------------------------------------- reading the file


def _csv_separator(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    text = head.decode("utf-8-sig", errors="replace")
    first_line = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _check_utf8(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(message("{path}: the export is UTF-16 text; save it as CSV UTF-8", path=display_path(path)))
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a character cut at the end of the sample is no error
            raise InputError(message("{path}: not UTF-8 text (byte 0x{byte:02x}); save the export as CSV UTF-8",
                                     path=display_path(path), byte=head[exc.start])) from None


def _scan(path: Path, sheet: str | None) -> tuple[pl.LazyFrame, Layout]:
    """Every cell as text (None when empty), and where the rows are."""
    import polars as pl

    from itsm_assess.loading import check_regular_file

    check_regular_file(path, "a CSV or XLSX export")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from itsm_assess._io.xlsx_read import calamine_sheet, cell_text, open_calamine

        wb = open_calamine(path)
        try:
            found = calamine_sheet(wb, path, sheet if sheet else 0)
            rows, title, start = found.to_python(), found.name, found.start or (0, 0)
        finally:
            wb.close()
        if not rows:
            raise InputError(message("{path}: the sheet is empty; expected a header row and one row per record",
                                     path=display_path(path)))
        header = [cell_text(v) or f"column {i + 1}" for i, v in enumerate(rows[0])]
        columns = {h: [_xlsx_text(r[i]) if i < len(r) else None for r in rows[1:]] for i, h in enumerate(header)}
        layout = Layout(display_path(path), str(title), tuple(header), int(start[0]), int(start[1]))
        return pl.LazyFrame(columns, schema={h: pl.String for h in columns}), layout
    _check_utf8(path)
    if path.stat().st_size == 0:
        raise InputError(message("{path}: the file is empty; expected a header row and one row per record",
                                 path=display_path(path)))
    return (pl.scan_csv(path, separator=_csv_separator(path), infer_schema=False, encoding="utf8"),
            Layout(display_path(path)))


def _xlsx_text(value: Any) -> str | None:
    from itsm_assess._io.xlsx_read import cell_text

    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    text = cell_text(value)
    return text if text not in (None, "") else None


def _value_expr(spec: ColumnSpec, raw: pl.Expr) -> pl.Expr:
    """The value map as one expression: exact keys (case-insensitive), then patterns in order, else the text."""
    import polars as pl

    key = raw.str.strip_chars().str.to_lowercase()
    exact = {k.strip().casefold(): v for k, v in spec.values.items() if not any(c in k for c in "*?[")}
    out: pl.Expr = raw
    for pattern, target in reversed([(k, v) for k, v in spec.values.items() if any(c in k for c in "*?[")]):
        # fnmatch writes Python's end anchor \Z; the Rust engine knows $ (the same without multi-line mode)
        regex = "^" + fnmatch.translate(pattern.strip().casefold()).replace("\\Z", "$")
        out = pl.when(key.str.contains(regex)).then(pl.lit(target)).otherwise(out)
    if exact:
        mapped = key.replace_strict(exact, default=None, return_dtype=pl.String)
        out = pl.when(mapped.is_not_null()).then(mapped).otherwise(out)
    # "" from a value map leaves the field missing, as in change batch
    return pl.when(out.str.strip_chars() == "").then(None).otherwise(out)


def _text_expr(spec: ColumnSpec, padded: set[str]) -> pl.Expr:
    """The text a spec yields, as one expression; columns in ``padded`` are stripped of spaces first."""
    import polars as pl

    def column(name: str) -> pl.Expr:
        raw = pl.col(name)
        if name in padded:  # stripping costs as much as the parse: only where the sample shows spaces
            raw = raw.str.strip_chars()
            raw = pl.when(raw == "").then(None).otherwise(raw)
        return raw

    if spec.value is not None:
        raw = pl.lit(spec.value, dtype=pl.String)
    elif spec.join is not None:
        raw = pl.concat_str([column(c).fill_null("") for c in spec.join], separator="|")
    else:
        raw = column(str(spec.column))
    if spec.default is not None:
        raw = raw.fill_null(pl.lit(spec.default))
    if spec.values:
        raw = _value_expr(spec, raw)
    return raw


def _date_formats(values: list[str]) -> list[str]:
    """The formats of :data:`DATE_FORMATS` that ``values`` (a sample of a column) are written in
    (usually one; date-only and date-time values may mix). Values in no known format fail later, by row."""
    found: list[str] = []
    for value in dict.fromkeys(v.strip() for v in values):
        for fmt in DATE_FORMATS:
            try:
                datetime.strptime(value, fmt)
            except ValueError:
                continue
            if fmt not in found:
                found.append(fmt)
            break
    return found or [DATE_FORMATS[0]]


def _typed(name: str, kind: FieldType, text: pl.Expr, date_formats: list[str]) -> pl.Expr:
    import polars as pl

    if kind == "datetime":
        # no cache: time stamps are nearly all different, and looking each up costs more than parsing it
        parsed = [text.str.strptime(pl.Datetime("us"), fmt, strict=False, cache=False)
                  for fmt in date_formats or DATE_FORMATS[:1]]
        return parsed[0] if len(parsed) == 1 else pl.coalesce(parsed)
    if kind == "count":
        return text.str.replace_all(r"[\s\u00a0]", "").cast(pl.Int64, strict=False)
    if kind == "score":
        return text.str.replace(",", ".").cast(pl.Float64, strict=False)
    if kind == "flag":
        from itsm_assess.i18n import typed_yes_no

        yes, no = typed_yes_no()
        low = text.str.to_lowercase()
        return pl.when(low.is_in([*_TRUE, *sorted(yes)])).then(True).when(low.is_in([*_FALSE, *sorted(no)])).then(
            False).otherwise(None)
    return text


_EXPECTED: dict[str, str] = {
    "datetime": message("a date and time like 2025-03-01 10:00, 1.3.2025 10:00 or 01/Mar/25 10:00 AM"),
    "count": message("a whole number"),
    "score": message("a number"),
    "flag": message("yes/no (true/false, 1/0, kyllä/ei)"),
}


def read_export(path: str | os.PathLike[str], kind: str, cmap: ColumnMap, *,
                fields: Collection[str] | None = None, check: bool = True) -> Export:
    """Read one export of ``kind`` through ``cmap`` into typed columns named after the fields.

    ``fields`` limits the columns read to those fields (and ``team``); the map is checked whole
    all the same. The rows stay in the file: one streaming pass checks every cell and counts what
    :class:`Export` reports, and the returned plan reads the file again for each aggregation. With
    ``check=False`` that pass is left to the caller (:attr:`Export.checks`), to run with its own.
    Raises InputError naming the file, row and column of the first cell that cannot be read, or
    the columns the map needs that the header lacks.
    """
    import polars as pl

    p = Path(path)
    source = display_path(p)
    frame, layout = _scan(p, cmap.file.sheet)
    wanted, absent = _mapped_fields(cmap, kind, _header(frame, source), source)
    if fields is not None:
        keep = set(fields) | {"team", "opened_at"}
        wanted = {t: s for t, s in wanted.items() if t in keep}
    checks = _checks(frame, wanted, FIELDS[kind], layout)
    names = (*(t for t in wanted if t != "team"), "team")
    export = Export(kind=kind, source=source, frame=checks.plan.select(names), fields=names, absent=absent,
                    checks=checks, layout=layout)
    if check:
        try:
            counts, teams = pl.collect_all(checks.queries(), engine="streaming")
        except pl.exceptions.PolarsError as exc:
            raise unreadable(source, exc) from None
        export.settle(counts, teams)
    return export


def unreadable(source: str, exc: Exception) -> InputError:
    """The error for an export Polars cannot read (ragged rows, a bad quote, ...)."""
    return InputError(message("{path}: cannot read the export: {detail}", path=source, detail=str(exc).splitlines()[0]))


def _header(frame: pl.LazyFrame, source: str) -> list[str]:
    import polars as pl

    try:
        return frame.collect_schema().names()
    except pl.exceptions.PolarsError as exc:
        raise InputError(message("{path}: cannot read the export as CSV: {detail}", path=source,
                                 detail=str(exc).splitlines()[0])) from None


def _mapped_fields(cmap: ColumnMap, kind: str, header: list[str],
                   source: str) -> tuple[dict[str, ColumnSpec], dict[str, str]]:
    """The specs to read, by field (a spec whose columns are missing reads its default), and the
    fields of ``kind`` that are absent, with the reason. Raises InputError when the header lacks a
    required column or the map gives none for a field of :data:`REQUIRED`."""
    present = set(header)
    absent: dict[str, str] = {}
    wanted: dict[str, ColumnSpec] = {}
    missing_columns: list[str] = []
    for target, spec in cmap.specs().items():
        lacking = [c for c in spec.sources if c not in present]
        if lacking and spec.default is None:
            if spec.required:
                missing_columns.extend(lacking)
            else:
                absent[target] = message("column {columns} not in the export", columns=", ".join(repr(c) for c in lacking))
            continue
        if lacking:
            spec = spec.model_copy(update={"value": spec.default, "column": None, "join": None})
        wanted[target] = spec
    if missing_columns:
        raise InputError(message("{path}: columns {columns} of map {map} are not in the header; found: {found}",
                                 path=source, columns=", ".join(repr(c) for c in dict.fromkeys(missing_columns)),
                                 map=Quoted(cmap.file.map.id), found=", ".join(header[:30])))
    for need in REQUIRED[kind]:
        if need not in wanted:
            raise InputError(message("{where}: the map gives no column for {field}, which every {kind} export needs",
                                     where=cmap.source, field=need, kind=kind))
    for target in FIELDS[kind]:
        if target not in wanted and target not in absent:
            absent[target] = message("not in the column map {map}", map=Quoted(cmap.file.map.id))
    return wanted, absent


def _raw(texts: dict[str, pl.Expr]) -> list[pl.Expr]:
    return [text.alias(f"r_{t}") for t, text in texts.items()]


def _unread(target: str) -> pl.Expr:
    """A cell with text that did not read as its field's type."""
    import polars as pl

    return pl.col(f"r_{target}").is_not_null() & pl.col(target).is_null()


def _checks(frame: pl.LazyFrame, wanted: dict[str, ColumnSpec], types: dict[str, FieldType],
            layout: Layout) -> Checks:
    """The plan that reads the wanted fields typed, one column each (a blank team reads
    :data:`NO_TEAM`), with ``__bad_<field>`` flags of cells that cannot be read, and the counts that
    check it: ``__rows``, ``__null_<field>``,
    ``__bad_<field>`` (cells that cannot be read), ``__first``/``__last`` opened."""
    import polars as pl

    columns = sorted({c for spec in wanted.values() for c in spec.sources})
    sample = frame.select(columns).head(_SAMPLE_ROWS).collect()
    padded = {c for c in columns if sample.get_column(c).drop_nulls().str.contains(r"^\s|\s$").any()}
    texts = {t: _text_expr(spec, padded) for t, spec in wanted.items()}
    # Two stages: each field's text once (r_<field>), then its typed value (and whether a text failed to read).
    typed: list[pl.Expr] = []
    flags: list[pl.Expr] = []
    opened = pl.col("opened_at") if "opened_at" in wanted else pl.lit(None, dtype=pl.Datetime("us"))  # csat: none
    counts: list[pl.Expr] = [pl.len().alias("__rows"), opened.min().alias("__first"), opened.max().alias("__last")]
    for target, spec in wanted.items():
        kind_of = types[target]
        formats: list[str] = []
        if kind_of == "datetime" and spec.column is not None and not spec.values:
            formats = _date_formats(sample.get_column(spec.column).drop_nulls().to_list())
        typed.append(_typed(target, kind_of, pl.col(f"r_{target}"), formats).alias(target))
        counts.append(pl.col(target).null_count().alias(f"__null_{target}"))
        if kind_of != "text":
            flags.append(_unread(target).alias(f"__bad_{target}"))
            counts.append(pl.col(f"__bad_{target}").sum())
    team = pl.col("team").fill_null(NO_TEAM) if "team" in wanted else pl.lit(NO_TEAM)
    # the texts go no further than the flags of cells that did not read
    plan = (frame.select(_raw(texts)).with_columns(typed)
            .select([pl.col(t) for t in wanted if t != "team"] + [team.alias("team")] + flags))
    return Checks(plan=plan, counts=counts, scan=frame, texts=texts, typed=typed, wanted=wanted, types=types,
                  layout=layout)


_MAX_BAD_SHOWN = 5
