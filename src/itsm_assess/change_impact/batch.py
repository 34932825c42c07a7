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
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, StrictBool, StrictStr

from itsm_assess.change_impact.classify import Classification, converter, not_standard_reason, number_text
from itsm_assess.change_impact.fast import ClassifiedRow, FastPlan
from itsm_assess.change_impact.fast import run as run_fast
from itsm_assess.change_impact.policy import (
    CHANGE_MANAGEMENT,
    DESIGN_TRANSITION,
    RECORD_FIELDS,
    ROUTE_CLAUSES,
    ROUTE_TITLES,
    Policy,
    PolicyMemo,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import localize
from itsm_assess.loading import check_regular_file, display_path, load_yaml, read_limited, validate
from itsm_assess.resources import package_data
from itsm_assess.schema import Identifier, LocalizedText, SchemaVersion, StrictModel

_OTHER_BREAKS = re.compile("[\v\f\x1c-\x1e\x85\u2028\u2029]")
MAX_EXPORT_BYTES = 200 * 1024 * 1024
MAX_ROWS = 2_000_000
BUNDLED_MAPS = ("servicenow", "jira")


class MapInfo(StrictModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None


class ColumnSpec(StrictModel):
    column: StrictStr
    values: dict[StrictStr, StrictStr] = Field(default_factory=dict)
    required: StrictBool = True


class ColumnMapFile(StrictModel):
    """A column map: which export column feeds which attribute."""

    schema_version: SchemaVersion
    map: MapInfo
    sheet: StrictStr | None = None
    #: How numbers are written in the export: ``en`` (1,200 and 1.5) or ``fi`` (1 200 and 1,5).
    #: Without it, a number that could be read two ways (1,200 / 1.200) rejects its row.
    locale: Literal["en", "fi"] | None = None
    columns: dict[StrictStr, StrictStr | ColumnSpec] = Field(min_length=1)


@dataclass
class ColumnMap:
    file: ColumnMapFile
    source: str

    def specs(self) -> dict[str, ColumnSpec]:
        return {k: (ColumnSpec(column=v) if isinstance(v, str) else v) for k, v in self.file.columns.items()}


def load_column_map(ref: str | os.PathLike[str]) -> ColumnMap:
    """A bundled map by name (``servicenow``, ``jira``) or a map file."""
    name = str(ref)
    path = package_data("change_impact", "maps", f"{name}.yaml") if name in BUNDLED_MAPS else Path(name)
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError(f"{doc.where()}: expected a column map with schema_version, map and columns")
    return ColumnMap(validate(ColumnMapFile, doc), doc.where())


def check_map(cmap: ColumnMap, policy: Policy) -> None:
    """Every mapped target must be a policy attribute or a record field."""
    problems = []
    for target in cmap.file.columns:
        if target not in policy.attributes and target not in RECORD_FIELDS:
            problems.append(
                f"{cmap.source}: columns.{target}: {target!r} is neither an attribute of policy "
                f"{policy.id!r} nor a record field ({', '.join(RECORD_FIELDS)})"
            )
    if problems:
        raise InputError(problems)


class Deviation(tuple[str, str, Any, Any, str, tuple[Any, ...]]):
    """A change whose recorded handling falls short of the policy.

    ``(change_id, type, recorded_value, expected_value, key, args)``: ``type`` is category, approval
    or route; the values are what was recorded and what the policy requires (a category, a tuple of
    role ids, a route); ``key`` and ``args`` say why (a key of ``explain.DEVIATIONS``), worded in a
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
    if type_ == "approval":
        return ", ".join(value) or "(none)"
    if type_ == "route":
        return f"{value} ({ROUTE_CLAUSES[value]})"
    return str(value)


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


def _rows(path: Path, sheet: str | None, locale: str | None = None) -> tuple[list[str], Iterator[list[str]], Callable[[int, int], str]]:
    """Header, data rows (as text) and a function naming a cell, for a CSV or XLSX export."""
    where = display_path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl.utils import get_column_letter

        from itsm_assess.xlsx_read import calamine_sheet, cell_text, open_calamine

        size = check_regular_file(path, "a .csv or .xlsx export")
        if size > MAX_EXPORT_BYTES:
            raise InputError(f"{where}: file is {size:,} bytes; the limit is {MAX_EXPORT_BYTES:,}")
        wb = open_calamine(path)
        ws = calamine_sheet(wb, path, sheet if sheet is not None else 0)
        try:
            data = ws.to_python(skip_empty_area=False)
        except Exception as exc:
            raise InputError(f"{where}: sheet {ws.name!r} cannot be read: {type(exc).__name__}: {exc}") from None
        if not data:
            raise InputError(f"{where}: sheet {ws.name!r} is empty; expected a header row")
        header = [(cell_text(v) or "").strip() for v in data[0]]

        def as_text(v: Any) -> str:
            if isinstance(v, float):  # a numeric cell: its value, in the form the map's locale reads
                return number_text(v, locale)
            return cell_text(v) or ""

        cells = ([as_text(v) for v in row] for row in data[1:])
        return header, cells, lambda row, col: f"{ws.name}!{get_column_letter(col + 1)}{row}"
    if suffix not in (".csv", ".txt"):
        raise InputError(f"{where}: expected a .csv or .xlsx export")
    raw = read_limited(path, MAX_EXPORT_BYTES, "a .csv or .xlsx export")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: byte {exc.start} is not valid UTF-8; export or save the file as UTF-8 "
                         "(CSV UTF-8 in Excel)") from None
    del raw
    first = text[: text.find("\n") if "\n" in text else len(text)]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # Lines split by str.splitlines are the csv module's lines unless the text holds one of the other
    # characters splitlines breaks on (form feed, U+2028, ...): then the slower StringIO.
    lines: Iterable[str] = io.StringIO(text, newline="") if _OTHER_BREAKS.search(text) else text.splitlines(True)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{where}: file is empty; expected a header row") from None
    except csv.Error as exc:
        raise InputError(f"{where}: row 1: {exc}") from None

    def body() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error as exc:
            raise InputError(f"{where}: line {reader.line_num}: {exc}") from None

    return header, body(), lambda row, col: f"{where}: row {row}, column {header[col]!r}"


def _per_item(conv: Callable[[str], Any], vmap: dict[str, str]) -> Callable[[str], Any]:
    def convert(raw: str) -> Any:
        items = (p.strip() for p in raw.replace(";", ",").split(","))
        return conv(",".join(vmap.get(p.casefold(), p) for p in items if p))

    return convert


def _plan(
    p: Path, policy: Policy, cmap: ColumnMap,
) -> tuple[list[str], Iterator[list[str]], Callable[[int, int], str], list[tuple[str, int, Callable[[str], Any]]]]:
    """Header, rows, cell namer, and (target, column index, converter) for every mapped column present."""
    check_map(cmap, policy)
    header, body, place = _rows(p, cmap.file.sheet, cmap.file.locale)
    index = {h: i for i, h in enumerate(header) if h}
    plan: list[tuple[str, int, Callable[[str], Any]]] = []
    absent = []
    for target, spec in cmap.specs().items():
        if spec.column not in index:
            if spec.required:
                absent.append(spec.column)
            continue
        vmap = {k.casefold(): v for k, v in spec.values.items()} or None
        conv = converter(target, policy, cmap.file.locale)
        attr = policy.attributes.get(target)
        if vmap is not None and (target == "recorded_approvals" or (attr is not None and attr.type == "list")):
            conv = _per_item(conv, vmap)  # a list cell: translate each item, not the whole text
        elif vmap is not None:
            conv = _translated(conv, vmap)
        if target == "recorded_approvals":
            conv = _none_recorded(conv)  # mapped but empty: nothing was approved
        plan.append((target, index[spec.column], conv))
    if absent:
        raise InputError(f"{display_path(p)}: columns {', '.join(repr(c) for c in absent)} of map {cmap.file.map.id!r} "
                         f"are not in the header; found: {', '.join(h for h in header if h)}")
    return header, body, place, plan


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
    from itsm_assess.xlsx_read import clean_text

    for n, row in enumerate(body, start=2):
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
                problems.append(f"{place(n, col)}: {bad}")
        filled = [col for col, v in enumerate(cleaned) if v.strip()]
        if not problems and filled and len(filled) == 1:
            shown = cleaned[filled[0]].strip()
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            problems.append(f"{place(n, filled[0])}: the row holds one value only ({shown!r}): a footer or "
                            "note, not a change")
        if problems:
            reject(n, problems)
            yield []
        else:
            yield cleaned


_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


def _translated(conv: Callable[[str], Any], vmap: dict[str, str]) -> Callable[[str], Any]:
    return lambda raw: conv(vmap.get(raw.strip().casefold(), raw))


def _none_recorded(conv: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(raw: str) -> Any:
        v = conv(raw)
        return () if v is None else v

    return convert


def read_export(
    path: str | os.PathLike[str], policy: Policy, cmap: ColumnMap
) -> Iterator[tuple[int, dict[str, Any] | None, list[str]]]:
    """Yield ``(row number, record or None, problems)`` for every data row of the export.

    The plain row-by-row reading; :func:`classify_export` reads the same way with caches.
    """
    p = Path(path)
    header, body, place, plan = _plan(p, policy, cmap)
    width = len(header)
    refused: dict[int, list[str]] = {}
    for n, row in enumerate(_screened(body, place, refused.__setitem__), start=2):
        if n - 1 > MAX_ROWS:
            raise InputError(f"{display_path(p)}: more than {MAX_ROWS:,} rows; split the export")
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
                problems.append(f"{place(n, col)} ({target}): {exc}")
                continue
            if v is not None:
                rec[target] = v
        yield n, (None if problems else rec), problems


def deviations_of(record: dict[str, Any], result: Classification, policy: Policy) -> list[Deviation]:
    """Where the recorded category, approvals or route differ from what the policy requires.

    Only departures towards less control count: a change recorded as normal that could have
    been standard is not a deviation; a change recorded as standard that is not one is.
    """
    effect = f"impact {policy.major_level}"
    specs = _deviation_specs(
        record.get("recorded_category"), record.get("recorded_approvals"), record.get("recorded_route"), result,
        lambda: tuple(r.rule.removeprefix("impact.") for r in result.rationale if r.effect == effect),
        lambda: not_standard_reason(result.rationale),
    )
    cid = result.change_id or "?"
    return [Deviation(cid, *spec) for spec in specs]


def _deviation_specs(
    recorded: str | None, approvals: tuple[str, ...] | None, route: str | None, result: Any,
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
            major = major_criteria()
            if result.category == "emergency":
                key = "standard-emergency"
            elif major:
                key, args = "standard-major", (tuple(major),)
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
        have = {a.casefold() for a in approvals}
        lacking = tuple(a for a in result.approvals if a.casefold() not in have)
        if lacking:
            key = "approval-emergency" if result.category == "emergency" else "approval-missing"
            out.append(("approval", tuple(approvals), tuple(result.approvals), key, (lacking,)))
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
) -> BatchResult:
    """Classify every row of an export; rejected rows are kept with their problems, not raised.

    ``progress`` (if given) is called with the number of rows read since the last call.
    """
    result = BatchResult(display_path(path), policy.id)
    # The results hold no reference cycles; pausing the cyclic collector while 100,000s of them
    # are created avoids repeated full collections (about a third of the time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _classify_rows(result, path, policy, cmap, progress)
    finally:
        if was_enabled:
            gc.enable()
    return result


def _classify_rows(
    result: BatchResult, path: str | os.PathLike[str], policy: Policy, cmap: ColumnMap,
    progress: Callable[[int], None] | None,
) -> None:
    p = Path(path)
    header, body, place, plan = _plan(p, policy, cmap)
    cached = [(t, col, conv) for t, col, conv in plan if t not in ("id", "title")]
    cols = {t: col for t, col, _ in plan}
    fast = FastPlan(policy, cached, cols.get("id"), cols.get("title"))
    fast.memo = result.memo

    def reject(n: int, problems: list[tuple[int, str, str]]) -> None:
        result.rejected.append(RejectedRow(n, None, [f"{place(n, col)} ({target}): {msg}" for col, target, msg in problems]))

    def too_many() -> None:
        raise InputError(f"{display_path(p)}: more than {MAX_ROWS:,} rows; split the export")

    def refuse(n: int, problems: list[str]) -> None:
        result.rejected.append(RejectedRow(n, None, problems))

    body = _screened(body, place, refuse)
    run_fast(fast, body, len(header), reject, _deviation_specs, Deviation, result.rows, result.deviations,
             MAX_ROWS, too_many, progress, lambda rec, c: deviations_of(rec, c, policy))


def summary(result: BatchResult, policy: Policy, lang: str = "en") -> dict[str, Any]:
    """The ``--summary-json`` contract: totals by category, route and impact, and the deviations.

    Each deviation's ``reason`` is in ``lang``; ``reason_key`` and ``details`` stay ids.
    """
    cats: Counter[str] = Counter()
    routes: Counter[str] = Counter()
    impacts: Counter[str] = Counter()
    incomplete = release = 0
    for row in result.rows:
        c = row.verdict
        cats[c.category] += 1
        routes[c.route] += 1
        impacts[c.impact] += 1
        incomplete += bool(c.missing_by)
        release += c.release_required is True
    by_type = Counter(d.type for d in result.deviations)
    return {
        "format": "itsm-assess/change-batch-summary",
        "schema_version": 1,
        "source": result.source,
        "policy": result.policy_id,
        "total": len(result.rows),
        "rejected_rows": len(result.rejected),
        "incomplete": incomplete,
        "release_required": release,
        "by_category": {k: cats[k] for k in ("standard", "normal", "emergency")},
        "by_route": {k: routes[k] for k in (CHANGE_MANAGEMENT, DESIGN_TRANSITION)},
        "by_impact": {lv.id: impacts[lv.id] for lv in policy.file.impact.levels},
        "deviations_by_type": {k: by_type[k] for k in ("category", "approval", "route")},
        "changes_with_deviations": len({d.change_id for d in result.deviations}),
        "deviations": _deviation_dicts(result.deviations, policy, lang, result.memo),
        "labels": _summary_labels(policy, result.memo),
    }


def _summary_labels(policy: Policy, memo: PolicyMemo | None = None) -> dict[str, dict[str, dict[str, str]]]:
    """The policy's names of the summary's ids (categories, routes, impact levels, roles, deviation
    in every supported language, so that a report words them in its own language."""
    from itsm_assess.change_impact.explain import vocabulary
    from itsm_assess.i18n import LANGUAGES

    out = {}
    for lang in LANGUAGES:
        vocab = vocabulary(policy, lang, memo)
        out[lang] = {"category": dict(vocab.categories), "route": dict(vocab.routes), "impact": dict(vocab.levels),
                     "role": dict(vocab.roles), "none": {"none": vocab.words["none"]}}
    return out


def _deviation_dicts(deviations: list[Deviation], policy: Policy, lang: str,
                     memo: PolicyMemo | None = None) -> list[dict[str, Any]]:
    """``Deviation.to_dict`` of each, each distinct deviation (apart from its change) worded once;
    ``reasons`` holds the reason in every supported language (a report words it in its own)."""
    from itsm_assess.i18n import LANGUAGES

    worded = {other: deviation_reasons(deviations, policy, other, memo) for other in {lang, *LANGUAGES}}
    done: dict[tuple[Any, ...], dict[str, Any]] = {}
    out = []
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
        out.append({**entry, "change_id": d[0]})
    return out


_HEADERS: dict[str, dict[str, Any]] = {
    "en": {
        "changes": "Changes", "summary": "Summary", "deviations": "Deviations", "rejected": "Rejected rows",
        "cols": ["Row", "Change", "Title", "Kind", "Recorded category", "Category", "Standard model", "Impact",
                 "Route", "Clause", "Release (8.5.3)", "Approvals", "Artefacts", "Project expected",
                 "Deviations", "Missing attributes", "Rationale"],
        "dev_cols": ["Change", "Type", "Recorded", "Expected", "Reason"],
        "rej_cols": ["Row", "Problem"],
        "yes": "yes", "no": "no", "unknown": "unknown",
        "keys": {"source": "Source", "policy": "Policy", "total": "Changes classified", "rejected_rows": "Rows rejected",
                 "incomplete": "Incomplete (attributes missing)", "release_required": "Release required (8.5.3)",
                 "changes_with_deviations": "Changes with deviations", "by_category": "By category",
                 "by_route": "By route", "by_impact": "By impact", "deviations_by_type": "Deviations by type"},
        "types": {"category": "category", "approval": "approval", "route": "route"},
    },
    "fi": {
        "changes": "Muutokset", "summary": "Yhteenveto", "deviations": "Poikkeamat", "rejected": "Hylätyt rivit",
        "cols": ["Rivi", "Muutos", "Otsikko", "Laji", "Kirjattu luokka", "Luokka", "Vakiomuutosmalli", "Vaikutus",
                 "Reitti", "Kohta", "Julkaisu (8.5.3)", "Hyväksynnät", "Tuotokset", "Toteutetaan projektina",
                 "Poikkeamat", "Puuttuvat tiedot", "Perusteet"],
        "dev_cols": ["Muutos", "Tyyppi", "Kirjattu", "Vaadittu", "Syy"],
        "rej_cols": ["Rivi", "Ongelma"],
        "yes": "kyllä", "no": "ei", "unknown": "ei tiedossa",
        "keys": {"source": "Lähde", "policy": "Politiikka", "total": "Luokiteltuja muutoksia",
                 "rejected_rows": "Hylättyjä rivejä", "incomplete": "Puutteellisia (tietoja puuttuu)",
                 "release_required": "Julkaisu tarpeen (8.5.3)", "changes_with_deviations": "Muutoksia, joissa poikkeamia",
                 "by_category": "Luokittain", "by_route": "Reiteittäin", "by_impact": "Vaikutuksen mukaan",
                 "deviations_by_type": "Poikkeamat tyypeittäin"},
        "types": {"category": "luokka", "approval": "hyväksyntä", "route": "reitti"},
    },
}


def write_batch_workbook(
    result: BatchResult, policy: Policy, path: str | os.PathLike[str], lang: str = "en",
    summary_data: dict[str, Any] | None = None,
) -> None:
    """Write the classified changes, the summary, the deviations and the rejected rows (atomically)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from itsm_assess.change_impact.explain import vocabulary
    from itsm_assess.files import atomic_path
    from itsm_assess.xlsx_cells import needs_set_text, set_text

    lang = "fi" if lang == "fi" else "en"
    lab = _HEADERS[lang]
    vocab = vocabulary(policy, lang, result.memo)
    pf = policy.file
    roles = {k: localize(r.title, lang) for k, r in pf.roles.items()}
    arts = {k: localize(a.title, lang) for k, a in pf.artefacts.items()}
    routes = {k: localize(v, lang) for k, v in ROUTE_TITLES.items()}
    wb = Workbook(write_only=True)
    # Styled like the gap report: navy header row in the report's font, widths, filters, frozen
    # panes and an A4 print set-up; body cells keep the default (named) font, styled once per column.
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from itsm_assess.reports import theme

    head_font = Font(name=theme.FONT, bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor=theme.NAVY.lstrip("#"))
    head_align = Alignment(wrap_text=True, vertical="center")
    head_border = Border(bottom=Side(style="thin", color="BFBFBF"))
    title = f"{localize(pf.policy.title, lang)} {pf.policy.version}"

    def header(ws: Any, names: list[str]) -> None:
        cells = []
        for name in names:
            c = WriteOnlyCell(ws, name)
            c.font, c.fill, c.alignment, c.border = head_font, head_fill, head_align, head_border
            cells.append(c)
        ws.append(cells)

    def setup(ws: Any, widths: list[float], rows: int, *, landscape: bool = True, frozen: str | None = "A2",
              filtered: bool = True) -> None:
        """Widths, filter, frozen header and print set-up; called before the rows are written."""
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
        ws.oddHeader.left.text = title.replace("&", "&&")
        ws.oddHeader.right.text = "&A"
        ws.oddFooter.right.text = "&P / &N"

    def safe(ws: Any, row: list[Any]) -> list[Any]:
        # User text that looks like a formula, holds what a cell cannot, or is too long for one
        # goes through set_text, so it stays text and never stops the write.
        out = []
        for v in row:
            if isinstance(v, str) and needs_set_text(v):
                c = WriteOnlyCell(ws, None)
                set_text(c, v)
                out.append(c)
            else:
                out.append(v)
        return out

    def yn(v: bool | None) -> str:
        return str(lab["unknown"] if v is None else (lab["yes"] if v else lab["no"]))

    reasons = deviation_reasons(result.deviations, policy, lang, result.memo)
    dev_by_id: dict[str, list[str]] = {}
    for d, reason in zip(result.deviations, reasons, strict=True):
        dev_by_id.setdefault(d.change_id, []).append(reason)

    ws = wb.create_sheet(lab["changes"])
    setup(ws, [6, 12, 34, 12, 14, 14, 16, 12, 22, 8, 10, 24, 24, 10, 36, 22, 60], len(result.rows), frozen="C2")
    header(ws, lab["cols"])
    for row in result.rows:
        c = row.classification()  # the full result, with the rationale, for this change's values
        rec = row.record
        recorded = rec.get("recorded_category")
        ws.append(safe(ws, [
            row.row, c.change_id, rec.get("title"), vocab.value("kind", c.kind) if c.kind else None,
            vocab.categories.get(recorded, recorded) if recorded else None, vocab.categories[c.category],
            vocab.value("standard_model", c.standard_model) if c.standard_model else None,
            vocab.levels[c.impact], routes[c.route], ROUTE_CLAUSES[c.route], yn(c.release_required),
            ", ".join(roles.get(a, a) for a in c.approvals), ", ".join(arts.get(a, a) for a in c.artefacts),
            yn(c.project_expected), "; ".join(dev_by_id.get(c.change_id or "?", [])),
            ", ".join(vocab.titles.get(a, a) for a in c.missing), "\n".join(vocab.reason(r) for r in c.rationale),
        ]))

    data = summary_data or summary(result, policy)
    ws = wb.create_sheet(lab["summary"])
    setup(ws, [40, 40], 0, landscape=False, filtered=False)
    header(ws, ["", ""])
    keys = lab["keys"]
    for key in ("source", "policy", "total", "rejected_rows", "incomplete", "release_required", "changes_with_deviations"):
        ws.append(safe(ws, [keys[key], data[key]]))
    names = {"by_category": vocab.categories, "by_route": vocab.routes, "by_impact": vocab.levels,
             "deviations_by_type": lab["types"]}
    for group in ("by_category", "by_route", "by_impact", "deviations_by_type"):
        ws.append([])
        ws.append([keys[group]])
        for k, v in data[group].items():
            ws.append(safe(ws, [names[group].get(k, k), v]))

    ws = wb.create_sheet(lab["deviations"])
    setup(ws, [14, 14, 22, 22, 70], len(result.deviations))
    header(ws, lab["dev_cols"])
    for d, reason in zip(result.deviations, reasons, strict=True):
        ws.append(safe(ws, [d.change_id, lab["types"].get(d.type, d.type), vocab.deviation_value(d.type, d[2]),
                            vocab.deviation_value(d.type, d[3]), reason]))

    ws = wb.create_sheet(lab["rejected"])
    setup(ws, [8, 100], sum(len(r.problems) for r in result.rejected), landscape=False)
    header(ws, lab["rej_cols"])
    for r in result.rejected:
        for problem in r.problems:
            ws.append(safe(ws, [r.row, problem]))

    with atomic_path(path) as tmp:
        wb.save(tmp)
