"""Classifying a whole export of change records (CSV or XLSX) and finding policy deviations.

A *column map* (YAML) says which column of the export holds which attribute::

    schema_version: 1
    map: {id: servicenow, title: {en: ServiceNow change_request export}}
    columns:
      id: number                                   # attribute or record field: column header
      recorded_category:
        column: type
        values: {Standard: standard, Normal: normal, Emergency: emergency}   # optional
      cost_eur: {column: u_cost, required: false}  # absent from the export: attribute missing

``servicenow`` and ``jira`` maps ship with the package. Rows with a value that does not fit
(a number column with text, an unknown choice) are rejected and reported by row and column;
every other row is classified. A *deviation* is a change whose recorded category or handling
differs from what the policy requires; see :func:`deviations_of`.
"""

from __future__ import annotations

import csv
import gc
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from itsm_assess._io.xlsx_cells import looks_like_formula
from itsm_assess.change_impact.classify import Classification, not_standard_reason, unknown_services
from itsm_assess.change_impact.contract import MAX_LISTED_BYTES, MAX_LISTED_DEVIATIONS
from itsm_assess.change_impact.fast import ClassifiedRow, FastPlan
from itsm_assess.change_impact.fast import run as run_fast
from itsm_assess.change_impact.maps import ColumnMap, plan_columns
from itsm_assess.change_impact.maps import check_map as check_map  # re-exported for callers of batch
from itsm_assess.change_impact.maps import load_column_map as load_column_map
from itsm_assess.change_impact.policy import Policy, PolicyMemo
from itsm_assess.change_impact.records import number_text
from itsm_assess.change_impact.terms import (
    CHANGE_MANAGEMENT,
    DESIGN_TRANSITION,
    ROUTE_CLAUSES,
    ROUTES,
    SERVICES_ATTRIBUTE,
    UNDETERMINED,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import _p, check_language, localize, message, pgettext_for, rendered, translate
from itsm_assess.i18n.formats import format_number
from itsm_assess.loading import check_regular_file, display_path, read_limited

_OTHER_BREAKS = re.compile("[\v\f\x1c-\x1e\x85\u2028\u2029]")
MAX_EXPORT_BYTES = 200 * 1024 * 1024
MAX_ROWS = 2_000_000
BUNDLED_MAPS = ("servicenow", "jira")


class Deviation(tuple[str, str, Any, Any, str, tuple[Any, ...]]):
    """A change whose recorded handling falls short of the policy.

    ``(change_id, type, recorded_value, expected_value, key, args)``: ``type`` is category, approval,
    route or scope; the values are what was recorded and what the policy requires (a category, a tuple
    of role ids, a route; for scope the services named and nothing); ``key`` and ``args`` say why (a key of ``explain.DEVIATIONS``), worded in a
    language by :meth:`reason`. A tuple (cheap to create by the 100,000) with named fields.
    """

    __slots__ = ()

    def __new__(cls, change_id: str, type: str, recorded: Any, expected: Any,  # noqa: A002
                key: str, args: tuple[Any, ...] = ()) -> Deviation:
        return tuple.__new__(cls, (change_id, type, recorded, expected, key, args))

    change_id = property(itemgetter(0))
    type = property(itemgetter(1))
    recorded_value = property(itemgetter(2))
    expected_value = property(itemgetter(3))
    key = property(itemgetter(4))
    args = property(itemgetter(5))

    @property
    def recorded(self) -> str:
        """What was recorded, as ids (``standard``; ``cm, cab`` or ``(none)``; ``change-management (8.5.1.3)``)."""
        return _shown(self[1], self[2])

    @property
    def expected(self) -> str:
        """What the policy requires, as ids, like :attr:`recorded`."""
        return _shown(self[1], self[3])

    def reason(self, policy: Policy, lang: str = "en") -> str:
        """Why this is a deviation, in ``lang`` (with the policy's titles)."""
        from itsm_assess.change_impact.explain import vocabulary

        return vocabulary(policy, lang).deviation(self[4], self[5])

    def details(self) -> dict[str, Any]:
        """The machine-readable part of the reason (criteria, model, roles or kind, as ids)."""
        key, args = self[4], self[5]
        if key == "standard-major":
            return {"criteria": list(args[0])}
        if key == "unknown-service":
            return {"services": list(args[0])}
        if key == "standard-model":
            return {"model": args[0], "note": args[1]}
        if key in ("approval-emergency", "approval-missing"):
            return {"lacking": list(args[0])}
        if key == "route-kind":
            return {"kind": args[0]}
        return {}

    def to_dict(self, policy: Policy, lang: str = "en", reason: str | None = None) -> dict[str, Any]:
        """The ``--summary-json`` entry: ``change_id, type, recorded, expected, reason`` (in ``lang``),
        ``reason_key`` and ``details``; ``reason`` may be given when already worded."""
        return {"change_id": self[0], "type": self[1], "recorded": self.recorded, "expected": self.expected,
                "recorded_value": _plain(self[2]), "expected_value": _plain(self[3]),
                "reason": self.reason(policy, lang) if reason is None else reason, "reason_key": self[4],
                "details": self.details()}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, (tuple, list, set, frozenset)) else value


def _shown(type_: str, value: Any) -> str:
    if type_ in ("approval", "scope"):
        return ", ".join(value) or "(none)"
    if type_ == "route":
        return f"{value} ({ROUTE_CLAUSES[value]})"
    return str(value)


def _attribute_named(policy: Policy, name: str) -> str:
    """An attribute in a rejected row's problem by its title in the reader's language ("Users affected",
    "Muutoksen koskemien käyttäjien määrä"); a record field without a title by its key."""
    from itsm_assess.change_impact.explain import vocabulary

    return rendered(lambda lang: vocabulary(policy, lang).titles.get(name, name))


def deviation_reasons(deviations: Iterable[Deviation], policy: Policy, lang: str = "en",
                      memo: PolicyMemo | None = None) -> list[str]:
    """The reason of each deviation in ``lang``, each distinct reason worded once."""
    from itsm_assess.change_impact.explain import vocabulary

    vocab = vocabulary(policy, lang, memo)
    cache: dict[tuple[str, tuple[Any, ...]], str] = {}
    out = []
    for d in deviations:
        ka = (d[4], d[5])
        try:
            text = cache.get(ka)
        except TypeError:  # an unhashable argument: word it every time
            out.append(vocab.deviation(*ka))
            continue
        if text is None:
            text = cache[ka] = vocab.deviation(*ka)
        out.append(text)
    return out


@dataclass(slots=True)
class RejectedRow:
    row: int
    change_id: str | None
    problems: list[str]


@dataclass
class BatchResult:
    """Every classified row, the rejected rows and the deviations.

    Each row is a :class:`~itsm_assess.change_impact.fast.ClassifiedRow`: ``row``, ``change_id``,
    ``verdict`` (category, impact, route, approvals, ...), ``record`` and ``classification()`` (the
    full result with rationale, built when asked for).
    """

    source: str
    policy_id: str
    rows: list[ClassifiedRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    #: What this run worked out from the policy once (derived criticality, wording per language).
    memo: PolicyMemo = field(default_factory=PolicyMemo, repr=False, compare=False)
    #: ``(verdict, number of changes)`` for every distinct verdict: what the summary counts. Filled
    #: as rows are classified, so it holds also when the rows were streamed rather than kept.
    verdict_counts: list[tuple[Any, int]] | None = field(default=None, repr=False, compare=False)
    #: Changes classified (``len(rows)`` unless the rows were streamed to a listing).
    total: int | None = None


class _RowSink:
    """Where classified rows go as they come: counted per verdict, kept, and/or handed to ``listing``
    with the deviations found for them (which the classifier appends right after each row)."""

    def __init__(self, kept: list[ClassifiedRow] | None, deviations: list[Deviation],
                 listing: Callable[[ClassifiedRow, list[Deviation]], None] | None) -> None:
        self.kept = kept
        self.deviations = deviations
        self.listing = listing
        self.per_verdict: dict[int, list[Any]] = {}
        self.total = 0
        self.pending: ClassifiedRow | None = None
        self.mark = 0

    def append(self, row: ClassifiedRow) -> None:
        verdict = row[2]
        entry = self.per_verdict.get(id(verdict))
        if entry is None:
            self.per_verdict[id(verdict)] = [verdict, 1]
        else:
            entry[1] += 1
        self.total += 1
        if self.kept is not None:
            self.kept.append(row)
        if self.listing is not None:
            if self.pending is not None:
                self.listing(self.pending, self.deviations[self.mark:])
            self.pending, self.mark = row, len(self.deviations)

    def finish(self) -> None:
        if self.listing is not None and self.pending is not None:
            self.listing(self.pending, self.deviations[self.mark:])
            self.pending = None


def _rows(path: Path, sheet: str | None, locale: str | None = None) -> tuple[list[str], Iterator[list[str]], Callable[[int, int], str]]:
    """Header, data rows (as text) and a function naming a cell, for a CSV or XLSX export."""
    where = display_path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl.utils import get_column_letter

        from itsm_assess._io.xlsx_read import calamine_sheet, cell_text, open_calamine

        size = check_regular_file(path, message("a .csv or .xlsx export"))
        if size > MAX_EXPORT_BYTES:
            raise InputError(message("{where}: file is {size:,} bytes; the limit is {limit:,}", where=where, size=size, limit=MAX_EXPORT_BYTES))
        wb = open_calamine(path)
        ws = calamine_sheet(wb, path, sheet if sheet is not None else 0)
        try:
            data = ws.to_python(skip_empty_area=False)
        except Exception as exc:
            raise InputError(message("{where}: sheet {name!r} cannot be read: {kind}: {error}", where=where, name=ws.name, kind=type(exc).__name__, error=exc)) from None
        if not data:
            raise InputError(message("{where}: sheet {name!r} is empty; expected a header row", where=where, name=ws.name))
        header = [(cell_text(v) or "").strip() for v in data[0]]

        def as_text(v: Any) -> str:
            if isinstance(v, float):  # a numeric cell: its value, in the form the map's locale reads
                return number_text(v, locale)
            return cell_text(v) or ""

        cells = ([as_text(v) for v in row] for row in data[1:])
        return header, cells, lambda row, col: f"{ws.name}!{get_column_letter(col + 1)}{row}"
    if suffix not in (".csv", ".txt"):
        raise InputError(message("{where}: expected a .csv or .xlsx export", where=where))
    raw = read_limited(path, MAX_EXPORT_BYTES, message("a .csv or .xlsx export"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(message("{where}: byte {byte} is not valid UTF-8; export or save the file as UTF-8 (CSV UTF-8 in Excel)", where=where, byte=exc.start)) from None
    del raw
    first = text[: text.find("\n") if "\n" in text else len(text)]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # Lines split by str.splitlines are the csv module's lines unless the text holds one of the other
    # characters splitlines breaks on (form feed, U+2028, ...): then the slower StringIO.
    # The other breaks are among the characters the screening refuses: one search over the text answers both.
    suspect = _SUSPECT_BUT_CR.search(text) is not None
    other_breaks = suspect and _OTHER_BREAKS.search(text) is not None
    lines: Iterable[str] = io.StringIO(text, newline="") if other_breaks else text.splitlines(True)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(message("{where}: file is empty; expected a header row", where=where)) from None
    except csv.Error as exc:
        raise InputError(message("{where}: row 1: {error}", where=where, error=exc)) from None

    def body() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error as exc:
            raise InputError(message("{where}: line {line}: {error}", where=where, line=reader.line_num, error=exc)) from None

    # One search over the whole text spares _screened a search per row when nothing is there to find:
    # no refused character at all, or none but the carriage returns of CRLF line ends (then a row read
    # from one line cannot hold one; a row spanning lines is still searched).
    clean: str | None = None
    if not suspect:
        if "\r" not in text:
            clean = "all"
        elif text.count("\r") == text.count("\r\n"):
            clean = "single-line"
    rows = _TextRows(body(), reader, clean)
    return header, rows, lambda row, col: message("{where}: row {row}, column {column!r}", where=where, row=row, column=header[col])


class _TextRows:
    """The rows of a text export, and which of them :func:`_screened` need not search for refused
    characters: ``all``, ``single-line`` (rows read from one line), or None (every row is searched)."""

    def __init__(self, rows: Iterator[list[str]], reader: Any, clean: str | None) -> None:
        self.rows = rows
        self.reader = reader
        self.clean = clean

    def __iter__(self) -> Iterator[list[str]]:
        return self.rows

    def __next__(self) -> list[str]:
        return next(self.rows)


def _plan(
    p: Path, policy: Policy, cmap: ColumnMap, reject: Callable[[int, list[str]], None],
) -> tuple[list[str], Iterator[list[str]], Callable[[int, int], str], list[tuple[str, int, Callable[[str], Any]]]]:
    """Header, rows (screened, then with the map's derived columns added), cell namer, and (target,
    column index, converter) for every mapped attribute present; screened-out rows go to ``reject``."""
    header, body, place = _rows(p, cmap.file.sheet, cmap.file.locale)
    where = display_path(p)
    plan, extend, derived = plan_columns(header, cmap, policy, where)
    body = _screened(body, place, reject)
    if extend is None:
        return header, body, place, plan
    width = len(header)

    def named(row: int, col: int) -> str:
        return place(row, col) if col < width else message("{where}: row {row}, {column}", where=where, row=row, column=derived[col - width])

    return header + derived, (extend(row) if row else row for row in body), named, plan


def _two_values(row: list[str]) -> bool:
    seen = 0
    for v in row:
        if v and not v.isspace():
            seen += 1
            if seen == 2:
                return True
    return False


def _screened(
    body: Iterator[list[str]], place: Callable[[int, int], str], reject: Callable[[int, list[str]], None],
) -> Iterator[list[str]]:
    """``body`` with rows no change can be read from rejected (as a blank row, keeping the numbering).

    Refused: a cell holding a control character (NUL, BEL, ESC: no report can carry it) and a
    row with one value only (a footer such as "Total: 1,200 records"; a change has more).
    Line breaks from Word or old Macs (vertical tab, form feed) become newlines.
    """
    from itsm_assess._io.xlsx_read import clean_text

    clean = body.clean if isinstance(body, _TextRows) else None
    reader = body.reader if isinstance(body, _TextRows) else None
    line = reader.line_num if reader is not None else 0  # the header's last line
    for n, row in enumerate(body, start=2):
        spans_one_line = reader is not None and reader.line_num == line + 1
        if reader is not None:
            line = reader.line_num
        if clean == "all" or (clean == "single-line" and spans_one_line):
            # No cell can hold a refused character: only the footer check is left.
            if _two_values(row) or not "".join(row).strip():
                yield row
                continue
        else:
            joined = "\n".join(row)
            if _SUSPECT.search(joined) is None and (not joined.strip() or _two_values(row)):
                yield row
                continue
        problems: list[str] = []
        cleaned = []
        for col, text in enumerate(row):
            text, bad = clean_text(text)
            cleaned.append(text)
            if bad is not None:
                problems.append(message("{place}: {value}", place=place(n, col), value=bad))
        filled = [col for col, v in enumerate(cleaned) if v.strip()]
        if not problems and filled and len(filled) == 1:
            shown = cleaned[filled[0]].strip()
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            problems.append(message("{place}: the row holds one value only ({shown!r}): a footer or note, not a change", place=place(n, filled[0]), shown=shown))
        if problems:
            reject(n, problems)
            yield []
        else:
            yield cleaned


_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_SUSPECT_BUT_CR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")


def read_export(
    path: str | os.PathLike[str], policy: Policy, cmap: ColumnMap
) -> Iterator[tuple[int, dict[str, Any] | None, list[str]]]:
    """Yield ``(row number, record or None, problems)`` for every data row of the export.

    The plain row-by-row reading; :func:`classify_export` reads the same way with caches.
    """
    p = Path(path)
    refused: dict[int, list[str]] = {}
    header, body, place, plan = _plan(p, policy, cmap, refused.__setitem__)
    width = len(header)
    for n, row in enumerate(body, start=2):
        if n - 1 > MAX_ROWS:
            raise InputError(message("{path}: more than {limit:,} rows; split the export", path=display_path(p), limit=MAX_ROWS))
        if n in refused:
            yield n, None, refused.pop(n)
            continue
        if not any(row):
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        rec: dict[str, Any] = {}
        problems: list[str] = []
        for target, col, conv in plan:
            try:
                v = conv(row[col])
            except ValueError as exc:
                problems.append(message("{place} ({target}): {error}", place=place(n, col),
                                        target=_attribute_named(policy, target), error=exc))
                continue
            if v is not None:
                rec[target] = v
        yield n, (None if problems else rec), problems


def deviations_of(record: dict[str, Any], result: Classification, policy: Policy) -> list[Deviation]:
    """Where the recorded category, approvals or route differ from what the policy requires, and services
    the policy does not list under change control.

    Only departures towards less control count: a change recorded as normal that could have
    been standard is not a deviation, nor is approval by a role that includes the one required;
    a change recorded as standard that is not one is.
    """
    specs = _deviation_specs(
        policy, record.get("recorded_category"), record.get("recorded_approvals"), record.get("recorded_route"),
        result, lambda: tuple(r.rule.removeprefix("major.") for r in result.rationale if r.effect == "major impact"),
        lambda: not_standard_reason(result.rationale),
    )
    if result.warnings:
        services = tuple(record.get(SERVICES_ATTRIBUTE) or ())
        specs.append(("scope", services, (), "unknown-service", (unknown_services(record, policy),)))
    cid = result.change_id or "?"
    return [Deviation(cid, *spec) for spec in specs]


def _deviation_specs(
    policy: Policy, recorded: str | None, approvals: tuple[str, ...] | None, route: str | None, result: Any,
    major_criteria: Callable[[], tuple[str, ...]], not_standard: Callable[[], tuple[str, tuple[Any, ...]]],
) -> list[tuple[str, Any, Any, str, tuple[Any, ...]]]:
    """``(type, recorded, expected, key, args)`` of each deviation; ``result`` is a Classification or a Verdict.

    The two callables give the major-impact criteria the change meets and the note (key and
    arguments) saying why its standard model does not apply (both only asked for when a recorded
    standard change is not one).
    """
    out: list[tuple[str, Any, Any, str, tuple[Any, ...]]] = []
    if recorded is not None and recorded != result.category:
        key = ""
        args: tuple[Any, ...] = ()
        if recorded == "standard":
            if result.category == "emergency":
                key = "standard-emergency"
            elif result.major_impact:
                key, args = "standard-major", (tuple(major_criteria()),)
            elif result.major_impact is None:
                key = "standard-major-unknown"
            elif result.standard_model is None:
                key = "standard-no-model"
            else:
                key, args = "standard-model", (result.standard_model, *not_standard())
        elif recorded == "emergency":
            missing = result.missing_by
            if any("emergency" in rules for rules in missing.values()):
                key = "emergency-unchecked"
            else:
                key = "emergency-not-met"
        if key:
            out.append(("category", recorded, result.category, key, args))
    if approvals is not None:
        # Only what is certainly required: while the risk is undetermined, the approvals at its lower bound.
        have = {a.casefold() for a in approvals}
        required = tuple(result.approvals_at_least)
        lacking = tuple(a for a in required if not policy.covers(have, a))
        if lacking:
            key = "approval-emergency" if result.category == "emergency" else "approval-missing"
            out.append(("approval", tuple(approvals), required, key, (lacking,)))
    if route is not None and route == CHANGE_MANAGEMENT and result.route == DESIGN_TRANSITION:
        if result.kind and result.kind != "modification":
            out.append(("route", route, DESIGN_TRANSITION, "route-kind", (result.kind,)))
        else:
            out.append(("route", route, DESIGN_TRANSITION, "route-major", ()))
    return out


def classify_export(
    path: str | os.PathLike[str],
    policy: Policy,
    cmap: ColumnMap,
    progress: Callable[[int], None] | None = None,
    *,
    listing: Callable[[ClassifiedRow, list[Deviation]], None] | None = None,
) -> BatchResult:
    """Classify every row of an export; rejected rows are kept with their problems, not raised.

    ``progress`` (if given) is called with the number of rows read since the last call. With
    ``listing``, each classified row is handed to it (with its deviations) as it comes and not
    kept: memory then holds the summary counts and the deviations, not a million rows.
    """
    result = BatchResult(display_path(path), policy.id)
    sink = _RowSink(None if listing is not None else result.rows, result.deviations, listing)
    # The results hold no reference cycles; pausing the cyclic collector while 100,000s of them
    # are created avoids repeated full collections (about a third of the time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _classify_rows(result, path, policy, cmap, progress, sink)
        sink.finish()
    finally:
        if was_enabled:
            gc.enable()
    result.verdict_counts = [(v, n) for v, n in sink.per_verdict.values()]
    result.total = sink.total
    return result


def _classify_rows(
    result: BatchResult, path: str | os.PathLike[str], policy: Policy, cmap: ColumnMap,
    progress: Callable[[int], None] | None, sink: _RowSink,
) -> None:
    p = Path(path)

    def refuse(n: int, problems: list[str]) -> None:
        result.rejected.append(RejectedRow(n, None, problems))

    header, body, place, plan = _plan(p, policy, cmap, refuse)
    cached = [(t, col, conv) for t, col, conv in plan if t not in ("id", "title")]
    cols = {t: col for t, col, _ in plan}
    fast = FastPlan(policy, cached, cols.get("id"), cols.get("title"))
    fast.memo = result.memo

    def reject(n: int, problems: list[tuple[int, str, str]]) -> None:
        result.rejected.append(RejectedRow(n, None, [
            message("{place} ({target}): {error}", place=place(n, col), target=_attribute_named(policy, target),
                    error=msg) if col >= 0
            else message("{path}: row {row}: {error}", path=display_path(p), row=n, error=msg)
            for col, target, msg in problems]))

    def too_many() -> None:
        raise InputError(message("{path}: more than {limit:,} rows; split the export", path=display_path(p), limit=MAX_ROWS))

    run_fast(fast, body, len(header), reject, partial(_deviation_specs, policy), Deviation, sink,  # type: ignore[arg-type]
             result.deviations, MAX_ROWS, too_many, progress, lambda rec, c: deviations_of(rec, c, policy))


MAJOR_KEYS = {True: "major", False: "not-major", None: UNDETERMINED}


def summary(result: BatchResult, policy: Policy, lang: str = "en", *, with_deviations: bool = True) -> dict[str, Any]:
    """The ``--summary-json`` contract: totals by category, risk, major impact and route, and the deviations.

    ``rejected_rows`` counts rows with no verdict (values that do not fit, no attributes);
    ``incomplete`` counts classified rows with attributes missing or a service outside change control.
    Each deviation's ``reason`` is in ``lang``; ``reason_key`` and ``details`` stay ids. Without
    ``with_deviations`` the list is left out (:func:`write_summary_json` streams it).
    """
    cats: Counter[str] = Counter()
    routes: Counter[str] = Counter()
    risks: Counter[str] = Counter()
    majors: Counter[str] = Counter()
    incomplete = release = 0
    counted = result.verdict_counts
    if counted is None:  # a result put together by hand: count its rows
        counted = list(Counter(row.verdict for row in result.rows).items())
    for c, n in counted:
        cats[c.category] += n
        routes[c.route] += n
        risks[c.risk_shown] += n
        majors[MAJOR_KEYS[c.major_impact]] += n
        incomplete += 0 if c.complete else n
        release += n if c.release_required is True else 0
    by_type = Counter(d.type for d in result.deviations)
    return {
        "format": "itsm-assess/change-batch-summary",
        "schema_version": 2,
        "source": result.source,
        "policy": result.policy_id,
        "total": result.total if result.total is not None else len(result.rows),
        "rejected_rows": len(result.rejected),
        "incomplete": incomplete,
        "release_required": release,
        "by_category": {k: cats[k] for k in ("standard", "normal", "emergency")},
        "by_risk": {**{lv: risks[lv] for lv in policy.risk_levels}, UNDETERMINED: risks[UNDETERMINED]},
        "by_impact": {k: majors[k] for k in MAJOR_KEYS.values()},
        "by_route": {k: routes[k] for k in ROUTES},
        "deviations_by_type": {k: by_type[k] for k in ("category", "approval", "route", "scope")},
        "changes_with_deviations": len({d.change_id for d in result.deviations}),
        "deviations": _deviation_dicts(result.deviations[:MAX_LISTED_DEVIATIONS], policy, lang, result.memo)
        if with_deviations else None,
        "deviations_total": len(result.deviations),
        "deviations_omitted": max(0, len(result.deviations) - MAX_LISTED_DEVIATIONS) if with_deviations else 0,
        "deviations_listed_in": None,
        "labels": _summary_labels(policy, result.memo),
    }


def write_summary_json(path: str | os.PathLike[str], data: dict[str, Any], result: BatchResult, policy: Policy,
                       lang: str = "en", *, listed_in: str | None = None) -> None:
    """Write the summary ``data`` (from ``summary(..., with_deviations=False)``) with its deviations
    streamed one per line (never all in memory as dicts or as one string), bounded as the contract
    says (:data:`MAX_LISTED_DEVIATIONS` entries, :data:`MAX_LISTED_BYTES`): past that,
    ``deviations_omitted`` counts the rest and ``deviations_listed_in`` names the file that lists
    them all (``listed_in``), so the file stays one that ``report --changes`` reads."""
    import json

    head = {k: v for k, v in data.items() if k not in ("deviations", "deviations_omitted", "deviations_listed_in")}
    text = json.dumps(head, ensure_ascii=False, indent=2)
    listed = written = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text[:-2] + ',\n  "deviations": [')
        sep = "\n    "
        for entry in iter_deviation_dicts(result.deviations[:MAX_LISTED_DEVIATIONS], policy, lang, result.memo):
            line = sep + json.dumps(entry, ensure_ascii=False)
            written += len(line.encode("utf-8"))
            if written > MAX_LISTED_BYTES:
                break
            fh.write(line)
            listed += 1
            sep = ",\n    "
        omitted = len(result.deviations) - listed
        tail = {"deviations_omitted": omitted, "deviations_listed_in": listed_in if omitted else None}
        fh.write("\n  ],\n" + json.dumps(tail, ensure_ascii=False, indent=2)[2:])
        fh.write("\n")


def _summary_labels(policy: Policy, memo: PolicyMemo | None = None) -> dict[str, dict[str, dict[str, str]]]:
    """The policy's names of the summary's ids (categories, routes, risk levels, potential major impact,
    roles) in every supported language, so that a report words them in its own language."""
    from itsm_assess.change_impact.explain import vocabulary
    from itsm_assess.i18n import LANGUAGES

    out = {}
    for lang in LANGUAGES:
        vocab = vocabulary(policy, lang, memo)
        out[lang] = {"category": dict(vocab.categories), "route": dict(vocab.routes),
                     "risk": {**vocab.levels, UNDETERMINED: vocab.undetermined},
                     "impact": dict(batch_labels(lang)["impact"]), "role": dict(vocab.roles),
                     "none": {"none": vocab.words["none"]}}
    return out


def _deviation_dicts(deviations: list[Deviation], policy: Policy, lang: str,
                     memo: PolicyMemo | None = None) -> list[dict[str, Any]]:
    return list(iter_deviation_dicts(deviations, policy, lang, memo))


def iter_deviation_dicts(deviations: list[Deviation], policy: Policy, lang: str,
                         memo: PolicyMemo | None = None) -> Iterator[dict[str, Any]]:
    """``Deviation.to_dict`` of each, each distinct deviation (apart from its change) worded once;
    ``reasons`` holds the reason in every supported language (a report words it in its own)."""
    from itsm_assess.i18n import LANGUAGES

    worded = {other: deviation_reasons(deviations, policy, other, memo) for other in {lang, *LANGUAGES}}
    done: dict[tuple[Any, ...], dict[str, Any]] = {}
    for i, d in enumerate(deviations):
        rest = d[1:]
        try:
            entry = done.get(rest)
            if entry is None:
                entry = done[rest] = d.to_dict(policy, lang, worded[lang][i])
                entry["reasons"] = {other: worded[other][i] for other in LANGUAGES}
        except TypeError:  # an unhashable value: no sharing
            entry = d.to_dict(policy, lang, worded[lang][i])
            entry["reasons"] = {other: worded[other][i] for other in LANGUAGES}
        yield {**entry, "change_id": d[0]}


#: The batch workbook's and listing's labels in English, translated through the PO catalogues by :func:`batch_labels`.
_LABELS: tuple[tuple[str, str], ...] = (
    _p("batch.changes", "Changes"),
    _p("batch.summary", "Summary"),
    _p("batch.deviations", "Deviations"),
    _p("batch.rejected", "Rejected rows"),
    # The policy in the summary: "Revontuli Palvelut Oy:n muutoksenhallintapolitiikka, versio 1.0.0".
    _p("batch.policy", "{title}, version {version}"),
    _p("batch.listed_in", "{total} changes: the listing of every change is in {path} (too many for a workbook); this workbook holds the summary, the deviations and the rejected rows."),
    _p("batch.deviations_in", "{total} deviations: they are listed in {path} (too many for a workbook)."),
    _p("batch.cols.00", "Row"),
    _p("batch.cols.01", "Change"),
    _p("batch.cols.02", "Title"),
    _p("batch.cols.03", "Kind"),
    _p("batch.cols.04", "Recorded category"),
    _p("batch.cols.05", "Category"),
    _p("batch.cols.06", "Standard model"),
    _p("batch.cols.07", "Risk"),
    _p("batch.cols.08", "Potential major impact"),
    _p("batch.cols.09", "Route"),
    _p("batch.cols.10", "Clauses"),
    _p("batch.cols.11", "Release (8.5.3)"),
    _p("batch.cols.12", "Approvals"),
    _p("batch.cols.13", "Artefacts"),
    _p("batch.cols.14", "Deviations"),
    _p("batch.cols.15", "Missing attributes"),
    _p("batch.cols.16", "Rationale"),
    _p("batch.dev_cols.00", "Change"),
    _p("batch.dev_cols.01", "Type"),
    _p("batch.dev_cols.02", "Recorded"),
    _p("batch.dev_cols.03", "Expected"),
    _p("batch.dev_cols.04", "Reason"),
    _p("batch.rej_cols.00", "Row"),
    _p("batch.rej_cols.01", "Problem"),
    _p("batch.keys.source", "Source"),
    _p("batch.keys.policy", "Policy"),
    _p("batch.keys.total", "Changes classified"),
    _p("batch.keys.rejected_rows", "Rows rejected"),
    _p("batch.keys.incomplete", "Incomplete (attributes missing or service not under change control)"),
    _p("batch.keys.release_required", "Release required (8.5.3)"),
    _p("batch.keys.changes_with_deviations", "Changes with deviations"),
    _p("batch.keys.by_category", "By category"),
    _p("batch.keys.by_risk", "By risk"),
    _p("batch.keys.by_impact", "By potential major impact"),
    _p("batch.keys.by_route", "By route"),
    _p("batch.keys.deviations_by_type", "Deviations by type"),
    _p("batch.impact.major", "yes"),
    _p("batch.impact.not-major", "no"),
    _p("batch.impact.undetermined", "undetermined"),
    _p("batch.types.category", "category"),
    _p("batch.types.approval", "approval"),
    _p("batch.types.route", "route"),
    _p("batch.types.scope", "change control"),
)


@cache
def batch_labels(lang: str) -> dict[str, Any]:
    """The labels in ``lang``: sheet names, column headers (lists), summary keys, impact and deviation type words."""
    pgettext = pgettext_for(lang)
    out: dict[str, Any] = {}
    for context, english in _LABELS:
        parts = context.split(".")[1:]
        text = pgettext(context, english)
        if parts[0] in ("cols", "dev_cols", "rej_cols"):
            out.setdefault(parts[0], []).append(text)
        elif len(parts) == 2:
            out.setdefault(parts[0], {})[parts[1]] = text
        else:
            out[parts[0]] = text
    return out


#: Changes (and deviations) listed one per row in the workbook; a larger export's listing goes to
#: CSV files beside it (a workbook of a million rows takes minutes to write and is slow to open,
#: and a sheet holds 1,048,576 rows at most); the workbook keeps the summary and what fits.
WORKBOOK_LISTING_MAX = 50_000


def _frozen(value: Any) -> Any:
    """Lists (from YAML or a list attribute) as tuples, recursively, so that a value can be a key."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


class ChangeListing:
    """The per-change listing: the workbook's Changes sheet, or a CSV for a larger export.

    The columns that follow from a change's values (everything but its row, id, title and
    deviations) are worked out once per distinct set of values, and each rationale line once.
    """

    MAX_MEMO = 200_000

    def __init__(self, policy: Policy, lang: str, memo: PolicyMemo | None = None) -> None:
        from itsm_assess.change_impact.explain import vocabulary

        self.policy = policy
        self.memo = memo
        self.lang = check_language(lang)
        self.lab = batch_labels(self.lang)
        self.vocab = vocabulary(policy, self.lang, memo)
        pf = policy.file
        self.roles = {k: localize(r.title, self.lang) for k, r in pf.roles.items()}
        self.arts = {k: localize(a.title, self.lang) for k, a in pf.artefacts.items()}
        self._by_values: dict[int, tuple[Any, ...]] = {}
        self._reasons: dict[tuple[str, tuple[Any, ...]], str] = {}
        self._reason_texts: dict[tuple[Any, ...], str] = {}

    @property
    def header(self) -> list[str]:
        return list(self.lab["cols"])

    def _values_columns(self, row: ClassifiedRow) -> tuple[Any, ...]:
        from itsm_assess.change_impact.explain import risk_text, tristate

        c = row.classification()  # the full result, with the rationale, for this change's values
        vocab, lang = self.vocab, self.lang
        recorded = row.record.get("recorded_category")
        return (
            vocab.value("kind", c.kind) if c.kind else None,
            vocab.categories.get(recorded, recorded) if recorded else None, vocab.categories[c.category],
            vocab.value("standard_model", c.standard_model) if c.standard_model else None,
            risk_text(c, self.policy, lang, self.memo), tristate(c.major_impact, lang), vocab.routes[c.route],
            ", ".join(c.clauses), f"{tristate(c.release_required, lang)}",
            ", ".join(self.roles.get(a, a) for a in c.approvals), ", ".join(self.arts.get(a, a) for a in c.artefacts),
            ", ".join(vocab.titles.get(a, a) for a in c.missing),
            "\n".join(self._reason_text(r) for r in c.rationale),
        )

    def _reason_text(self, r: Any) -> str:
        """A rationale line, worded once per distinct reason (rule, facts, note)."""
        key = (r.rule, r.effect, r.note, r.key, _frozen(r.args), _frozen(r.hits))
        try:
            text = self._reason_texts.get(key)
        except TypeError:  # a value that cannot be a key
            return str(self.vocab.reason(r))
        if text is None:
            text = str(self.vocab.reason(r))
            if len(self._reason_texts) < self.MAX_MEMO:
                self._reason_texts[key] = text
        return text

    def reason(self, d: Deviation) -> str:
        key = (d[4], d[5])
        try:
            text = self._reasons.get(key)
        except TypeError:  # an unhashable argument
            return str(self.vocab.deviation(*key))
        if text is None:
            text = self._reasons[key] = str(self.vocab.deviation(*key))
        return text

    def row(self, row: ClassifiedRow, deviations: Iterable[Deviation]) -> list[Any]:
        """The listing's cells of one classified change and the deviations found for it."""
        values = row[3]
        cols = self._by_values.get(values) if isinstance(values, int) else None
        if cols is None:
            cols = self._values_columns(row)
            if isinstance(values, int) and len(self._by_values) < self.MAX_MEMO:
                self._by_values[values] = cols
        record_id = None if row[1] == f"row {row[0]}" else row[1]  # the classifier names id-less rows so
        raw_title = row[4]
        title = (raw_title.strip() or None) if isinstance(raw_title, str) else row.record.get("title")
        return [row[0], record_id, title, *cols[:11], "; ".join(self.reason(d) for d in deviations), *cols[11:13]]


class ListingCsv:
    """Streams the per-change listing of a large export to CSV (UTF-8 with BOM, so that Excel
    reads it as such); use as ``classify_export(..., listing=csv.add)`` inside its ``with``,
    writing to a temporary path of :func:`itsm_assess.files.atomic_path`."""

    def __init__(self, path: str | os.PathLike[str], policy: Policy, lang: str = "en",
                 memo: PolicyMemo | None = None) -> None:
        self.path = path
        self.listing = ChangeListing(policy, lang, memo)
        self.rows = 0

    def __enter__(self) -> ListingCsv:
        self._fh = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in __exit__
        self._writer = csv.writer(self._fh)
        self._writer.writerow(self.listing.header)
        return self

    def add(self, row: ClassifiedRow, deviations: list[Deviation]) -> None:
        self._writer.writerow(["" if v is None else _csv_safe(v) for v in self.listing.row(row, deviations)])
        self.rows += 1

    def __exit__(self, *exc: Any) -> None:
        self._fh.close()


def _csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (as OWASP advises)."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def deviation_rows(result: BatchResult, policy: Policy, lang: str,
                   reasons: list[str] | None = None) -> Iterator[list[Any]]:
    """The Deviations sheet's rows: change, type, recorded, expected, reason (in ``lang``)."""
    from itsm_assess.change_impact.explain import vocabulary

    lab = batch_labels(lang)
    vocab = vocabulary(policy, lang, result.memo)
    worded = reasons if reasons is not None else deviation_reasons(result.deviations, policy, lang, result.memo)
    for d, reason in zip(result.deviations, worded, strict=True):
        # A cell stands alone: its text starts with a capital, as in the report's table of the same rows.
        kind = lab["types"].get(d.type, d.type)
        yield [d.change_id, kind[:1].upper() + kind[1:], vocab.deviation_value(d.type, d[2]),
               vocab.deviation_value(d.type, d[3]), reason[:1].upper() + reason[1:]]


def write_deviations_csv(result: BatchResult, policy: Policy, path: str | os.PathLike[str], lang: str = "en") -> None:
    """The deviations of a large export as CSV (UTF-8 with BOM), the Deviations sheet's columns."""
    lab = batch_labels(lang)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(lab["dev_cols"])
        for cells in deviation_rows(result, policy, lang):
            writer.writerow(["" if v is None else _csv_safe(v) for v in cells])


def write_batch_workbook(
    result: BatchResult, policy: Policy, path: str | os.PathLike[str], lang: str = "en",
    summary_data: dict[str, Any] | None = None, *, listed_in: str | None = None,
    deviations_in: str | None = None,
) -> None:
    """Write the classified changes, the summary, the deviations and the rejected rows (atomically).

    ``listed_in`` names the CSV file holding the per-change listing of a large export
    (:class:`ListingCsv`), ``deviations_in`` the one holding its deviations
    (:func:`write_deviations_csv`); those sheets then say so instead of listing them.
    """
    from itsm_assess.files import atomic_path

    book = _BatchBook(policy, lang, result)
    book.changes_sheet(listed_in)
    book.summary_sheet(summary_data or summary(result, policy))
    book.deviations_sheet(deviations_in)
    book.rejected_sheet()
    with atomic_path(path) as tmp:
        book.wb.save(tmp)


class _BatchBook:
    """The batch workbook, styled like the gap report: navy header row in the report's font, widths,
    filters, frozen panes and an A4 print set-up; body cells keep the default (named) font."""

    def __init__(self, policy: Policy, lang: str, result: BatchResult) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        from itsm_assess._io import theme

        self.policy, self.lang, self.result = policy, lang, result
        self.lab = batch_labels(lang)
        self.wb = Workbook(write_only=True)
        self.head_font = Font(name=theme.FONT, bold=True, color=theme.xlsx(theme.HEADER_TEXT))
        self.head_fill = PatternFill("solid", fgColor=theme.xlsx(theme.HEADER_FILL))
        self.head_align = Alignment(wrap_text=True, vertical="center")
        self.head_border = Border(bottom=Side(style="thin", color=theme.xlsx(theme.RULE)))
        pf = policy.file
        self.title = self.lab["policy"].format(title=localize(pf.policy.title, lang), version=pf.policy.version)

    def header(self, ws: Any, names: list[str]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for name in names:
            c = WriteOnlyCell(ws, name)
            c.font, c.fill, c.alignment, c.border = self.head_font, self.head_fill, self.head_align, self.head_border
            cells.append(c)
        ws.append(cells)

    def setup(self, ws: Any, widths: list[float], rows: int, *, landscape: bool = True, frozen: str | None = "A2",
              filtered: bool = True) -> None:
        """Widths, filter, frozen header and print set-up; called before the rows are written."""
        from openpyxl.utils import get_column_letter

        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        if frozen:
            ws.freeze_panes = frozen
        if filtered:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(2, rows + 1)}"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
        ws.oddHeader.left.text = self.title.replace("&", "&&")
        ws.oddHeader.right.text = "&A"
        ws.oddFooter.right.text = "&P / &N"

    @staticmethod
    def safe(ws: Any, row: list[Any]) -> list[Any]:
        """User text that looks like a formula, holds what a cell cannot, or is too long for one goes
        through set_text, so it stays text and never stops the write."""
        from openpyxl.cell import WriteOnlyCell

        from itsm_assess._io.xlsx_cells import needs_set_text, set_text

        out = []
        for v in row:
            if isinstance(v, str) and needs_set_text(v):
                c = WriteOnlyCell(ws, None)
                set_text(c, v)
                out.append(c)
            else:
                out.append(v)
        return out

    def changes_sheet(self, listed_in: str | None) -> None:
        """Every classified change with its deviations, or where the CSV listing is."""
        result, lab, lang = self.result, self.lab, self.lang
        ws = self.wb.create_sheet(lab["changes"])
        if listed_in is not None:  # the listing is in a CSV file: say where; the rest of the workbook is as always
            self.setup(ws, [100], 1, frozen=None, filtered=False)
            total = result.total if result.total is not None else len(result.rows)
            ws.append(self.safe(ws, [lab["listed_in"].format(total=format_number(total, lang), path=listed_in)]))
            return
        listing = ChangeListing(self.policy, lang, result.memo)
        dev_by_id: dict[str, list[Deviation]] = {}
        for d in result.deviations:
            dev_by_id.setdefault(d.change_id, []).append(d)
        self.setup(ws, [6, 12, 34, 12, 14, 14, 16, 12, 22, 8, 10, 24, 24, 10, 36, 22, 60], len(result.rows),
                   frozen="C2")
        self.header(ws, lab["cols"])
        for row in result.rows:
            ws.append(self.safe(ws, listing.row(row, dev_by_id.get(row[1], ()))))

    def summary_sheet(self, data: dict[str, Any]) -> None:
        """The totals, then the counts by category, risk, impact, route and deviation type."""
        from itsm_assess.change_impact.explain import vocabulary

        lab = self.lab
        vocab = vocabulary(self.policy, self.lang, self.result.memo)
        ws = self.wb.create_sheet(lab["summary"])
        self.setup(ws, [40, 40], 0, landscape=False, filtered=False)
        self.header(ws, ["", ""])
        keys = lab["keys"]
        shown = {**data, "policy": self.title}  # the policy by its title and version, not its id
        for key in ("source", "policy", "total", "rejected_rows", "incomplete", "release_required",
                    "changes_with_deviations"):
            ws.append(self.safe(ws, [keys[key], shown[key]]))
        names = {"by_category": vocab.categories, "by_risk": {**vocab.levels, UNDETERMINED: vocab.undetermined},
                 "by_impact": lab["impact"], "by_route": vocab.routes, "deviations_by_type": lab["types"]}
        for group in ("by_category", "by_risk", "by_impact", "by_route", "deviations_by_type"):
            ws.append([])
            ws.append([keys[group]])
            for k, v in data[group].items():  # each a row's name: capitalised alike ("Ei ratkaistavissa", "Kyllä")
                name = str(names[group].get(k, k))
                ws.append(self.safe(ws, [name[:1].upper() + name[1:], v]))

    def deviations_sheet(self, deviations_in: str | None) -> None:
        result, lab = self.result, self.lab
        ws = self.wb.create_sheet(lab["deviations"])
        if deviations_in is None:
            self.setup(ws, [14, 14, 22, 22, 70], len(result.deviations))
            self.header(ws, lab["dev_cols"])
            for cells in deviation_rows(result, self.policy, self.lang):
                ws.append(self.safe(ws, cells))
        else:
            self.setup(ws, [100], 1, frozen=None, filtered=False)
            ws.append(self.safe(ws, [lab["deviations_in"].format(
                total=format_number(len(result.deviations), self.lang), path=deviations_in)]))

    def rejected_sheet(self) -> None:
        result, lab = self.result, self.lab
        ws = self.wb.create_sheet(lab["rejected"])
        self.setup(ws, [8, 100], sum(len(r.problems) for r in result.rejected), landscape=False)
        self.header(ws, lab["rej_cols"])
        for r in result.rejected:
            for problem in r.problems:  # the message the CLI warns with, in the workbook's language
                ws.append(self.safe(ws, [r.row, translate(problem, self.lang)]))
