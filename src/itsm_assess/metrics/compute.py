"""KPIs per month and team from typed exports (:mod:`itsm_assess.metrics.exports`).

Every KPI is worked out at four levels from the same rows: per team and month, per team over the
period, per month over all teams, and over all teams and the period. Medians and percentiles are
taken over the rows of each level, never averaged from the level below. Each figure carries ``n``,
the number of records it is based on. A share whose base is empty is ``None`` (no records), not 0;
a KPI whose fields are missing is not computable, with the reason.

Months: volumes, response times, change shares and problem KPIs count records in the month they
were opened; resolution KPIs (time to resolve, SLA, first contact, reopen, reassignments,
satisfaction) in the month they were resolved; backlog at the end of each month; changes
implemented before approval and changes followed by incidents in the month of implementation;
reviews in the month the change was closed. Definitions: docs/metrics.md.

Engine: the exports stay in their files. Every aggregation is a lazy query; all of them (and the
checks of every cell, :class:`~itsm_assess.metrics.exports.Checks`) run in one ``collect_all`` on
Polars' streaming engine, which reads each file once. Counts, shares and means are summed per team
and month as the file streams by; only the rows that exact medians and percentiles need (team,
month and the figure's own column) and the records open at a month end are gathered in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from itsm_assess.errors import InputError
from itsm_assess.i18n import Label, Message, Quoted, _p, message, rendered, translate
from itsm_assess.metrics.definitions import TICKET_KINDS, KpiDefinition, kpi_definitions

if TYPE_CHECKING:
    import polars as pl

    from itsm_assess.metrics.csat import Responses
    from itsm_assess.metrics.exports import Export
    from itsm_assess.metrics.staffing import Staffing

SCHEMA_VERSION = 1
FORMAT_NAME = "itsm-assess-metrics"
_PERIOD = re.compile(r"^(\d{4}-\d{2})(?:\.\.(\d{4}-\d{2}))?$")
#: A period as Finns write it: ``3/2025``, ``1–6/2025`` (months of one year), ``11/2024–2/2025``
#: (``..`` or a hyphen for the dash too); read as the ISO form above.
_MONTH_SLASH = r"(\d{1,2})/(\d{4})"
_PERIOD_SLASH = re.compile(rf"^{_MONTH_SLASH}(?:\s*(?:\.\.|[–-])\s*{_MONTH_SLASH})?$")
_PERIOD_SLASH_ONE_YEAR = re.compile(r"^(\d{1,2})\s*(?:\.\.|[–-])\s*(\d{1,2})/(\d{4})$")


def _iso_period(text: str) -> str:
    """``1–6/2025`` -> ``2025-01..2025-06``; ``3/2025`` -> ``2025-03``; any other text as it is."""
    if m := _PERIOD_SLASH_ONE_YEAR.match(text):
        first, last, year = m.groups()
        return f"{year}-{int(first):02d}..{year}-{int(last):02d}"
    if m := _PERIOD_SLASH.match(text):
        month, year, month2, year2 = m.groups()
        first = f"{year}-{int(month):02d}"
        return first if month2 is None else f"{first}..{year2}-{int(month2):02d}"
    return text
#: Months a period may span (a typo such as 2025-01..2205-01 is refused, not computed for ages).
MAX_MONTHS = 120


@dataclass
class Figure:
    """A KPI's value at one level and the number of records it rests on."""

    value: float | dict[str, float] | None
    n: int

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, float):
            value = round(value, 6)
        elif isinstance(value, dict):
            value = {k: round(v, 6) for k, v in value.items()}
        return {"value": value, "n": self.n}


@dataclass
class KpiResult:
    definition: KpiDefinition
    reason: str | None = None
    overall: Figure | None = None
    by_team: dict[str, Figure] = field(default_factory=dict)
    by_month: dict[str, Figure] = field(default_factory=dict)
    by_team_month: dict[str, dict[str, Figure]] = field(default_factory=dict)
    #: The reason in words for a reader (no field or map ids); ``reason`` keeps the log's wording.
    reason_words: str | None = None

    @property
    def computable(self) -> bool:
        return self.reason is None

    def as_dict(self) -> dict[str, Any]:
        d = self.definition
        out: dict[str, Any] = {
            "id": d.id, "title": d.title, "unit": d.unit, "better": d.better, "fields": list(d.fields),
            "evidences": list(d.evidences), "status": "computed" if self.computable else "not-computable",
        }
        reason = self.reason
        if reason is not None:
            from itsm_assess.i18n import LANGUAGES, translate

            # The reason as the tool's log has it (field and map ids), and in words for a reader.
            out["reason"] = str(reason)
            out["reason_text"] = {lang: translate(self.reason_words or reason, lang) for lang in LANGUAGES}
            return out
        assert self.overall is not None
        out.update(self.overall.as_dict())
        out["by_team"] = {t: f.as_dict() for t, f in sorted(self.by_team.items())}
        out["by_month"] = {m: f.as_dict() for m, f in sorted(self.by_month.items())}
        out["by_team_month"] = {t: {m: f.as_dict() for m, f in sorted(ms.items())}
                                for t, ms in sorted(self.by_team_month.items())}
        return out


def parse_period(text: str) -> list[str]:
    """``2025-01..2025-06`` (or one month, ``2025-03``; or as Finns write it, ``1–6/2025``, ``3/2025``)
    as the list of its months ``YYYY-MM``."""
    m = _PERIOD.match(_iso_period(text.strip()))
    if not m:
        raise InputError(message("--period {text}: expected YYYY-MM or YYYY-MM..YYYY-MM, e.g. 2025-01..2025-06, "
                                 "or M/YYYY or M–M/YYYY, e.g. 1–6/2025", text=Quoted(text)))
    first, last = m.group(1), m.group(2) or m.group(1)
    try:
        start, end = datetime.strptime(first, "%Y-%m"), datetime.strptime(last, "%Y-%m")
    except ValueError:
        raise InputError(message("--period {text}: the month must be 01 to 12", text=Quoted(text))) from None
    if end < start:
        raise InputError(message("--period {text}: the period ends before it starts", text=Quoted(text)))
    months = _months_between(start.year, start.month, end.year, end.month)
    if len(months) > MAX_MONTHS:
        raise InputError(message("--period {text}: {count} months; at most {limit}", text=Quoted(text),
                                 count=len(months), limit=MAX_MONTHS))
    return months


def _months_between(y0: int, m0: int, y1: int, m1: int) -> list[str]:
    out = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _keys(months: list[str]) -> list[int]:
    """``["2025-01"]`` -> ``[202501]``: the month columns of the frames hold numbers."""
    return [int(m[:4]) * 100 + int(m[5:7]) for m in months]


def _text(key: int) -> str:
    return f"{key // 100:04d}-{key % 100:02d}"


def _month_end(month: str) -> datetime:
    """The first instant of the next month (open "at the end of the month" means open at this instant)."""
    y, m = (int(p) for p in month.split("-"))
    return datetime(y + 1, 1, 1) if m == 12 else datetime(y, m + 1, 1)


def default_period(exports: dict[str, Export]) -> list[str]:
    """From the first to the last month in which records were opened (all exports)."""
    lows = [e.opened[0] for e in exports.values() if e.opened is not None]
    highs = [e.opened[1] for e in exports.values() if e.opened is not None]
    if not lows:
        raise InputError(message("no record has an opened date; give --period"))
    lo, hi = min(lows), max(highs)
    months = _months_between(lo.year, lo.month, hi.year, hi.month)
    return months[-MAX_MONTHS:]


# --------------------------------------------------------------------------- the four levels

Levels = tuple[Figure, dict[str, Figure], dict[str, Figure], dict[str, dict[str, Figure]]]


@dataclass(frozen=True)
class Spec:
    """A KPI as aggregations over the rows whose ``month`` column lies in the period.

    Most KPIs add up: they give ``total`` and ``n``, summed per team and month while the file
    streams by, and from those cells to every level; the figure is ``total / n`` (a share or a
    mean) or, with ``count``, ``total`` itself. The others give ``value``, one aggregation over a
    level's rows (an exact median or percentile): the rows it reads (team, month and its columns)
    are gathered in memory. The expressions carry their own filters (``col.filter(cond).sum()``),
    so that every KPI of one month column is computed together. With ``count``, a team or month
    without rows has the value 0 (a count of nothing is zero); otherwise a level whose ``n`` is 0
    is left out (a share of nothing is no figure).
    """

    month: str
    value: pl.Expr | None
    n: pl.Expr
    count: bool = False
    total: pl.Expr | None = None


def _levels(rows: pl.DataFrame, aggs: list[pl.Expr], month: str) -> list[pl.DataFrame]:
    """``aggs`` over ``rows`` at the four levels: over all rows, per team, per month, per team and month."""
    return [rows.select(aggs), rows.group_by("team").agg(aggs), rows.group_by(month).agg(aggs),
            rows.group_by(["team", month]).agg(aggs)]


def _cells(frame: pl.LazyFrame, specs: dict[str, Spec], month: str) -> pl.LazyFrame:
    """The ``total`` and ``n`` of ``specs`` (all adding up, one month column) per team and month."""
    import polars as pl

    sums = [e for i, spec in enumerate(specs.values()) if spec.total is not None
            for e in (spec.total.alias(f"t{i}"), spec.n.cast(pl.Int64).alias(f"n{i}"))]
    return frame.group_by(["team", month]).agg(sums)


def _cell_levels(cells: pl.DataFrame, specs: dict[str, Spec], month: str) -> list[pl.DataFrame]:
    """The four levels of :func:`_cells`, summed up from the cells of the period."""
    import polars as pl

    aggs: list[pl.Expr] = []
    for i, spec in enumerate(specs.values()):
        total, n = pl.col(f"t{i}").sum(), pl.col(f"n{i}").sum()
        aggs += [(total.cast(pl.Float64) if spec.count else total / n).alias(f"v{i}"), n.alias(f"n{i}")]
    return _levels(cells, aggs, month)


def _held_rows(frame: pl.LazyFrame, specs: dict[str, Spec], month: str) -> pl.LazyFrame:
    """The rows ``specs`` (all with ``value``) need in memory: team, month and the columns they read,
    where one of those is known."""
    import polars as pl

    read = sorted({name for spec in specs.values() for e in (spec.value, spec.n) if e is not None
                   for name in e.meta.root_names()})
    return frame.filter(pl.any_horizontal([pl.col(c).is_not_null() for c in read])).select(["team", month, *read])


def _row_levels(rows: pl.DataFrame, specs: dict[str, Spec], month: str) -> list[pl.DataFrame]:
    """The four levels of :func:`_held_rows`."""
    aggs = [e for i, spec in enumerate(specs.values()) if spec.value is not None
            for e in (spec.value.alias(f"v{i}"), spec.n.alias(f"n{i}"))]
    return _levels(rows, aggs, month)


def _figures(levels: list[pl.DataFrame], specs: dict[str, Spec], months: list[str], teams: list[str]
             ) -> dict[str, Levels]:
    """The figures of the four levels (``v<i>``, ``n<i>`` per spec); ``teams`` get the zero of a
    count where they have no rows."""
    month = next(iter(specs.values())).month
    whole = levels[0].row(0, named=True) if levels[0].height else None
    per_team, per_month, per_cell = (list(level.iter_rows(named=True)) for level in levels[1:])
    out: dict[str, Levels] = {}
    for i, (k, spec) in enumerate(specs.items()):
        count = spec.count

        def fig(row: dict[str, Any] | None, i: int = i, count: bool = count) -> Figure | None:
            if row is None:
                return Figure(0.0, 0) if count else Figure(None, 0)
            v, n = row[f"v{i}"], int(row[f"n{i}"] or 0)
            if not n and not count:
                return None
            return Figure(None if v is None else float(v), n)

        overall = fig(whole) or Figure(None, 0)
        by_team = {r["team"]: f for r in per_team if (f := fig(r)) is not None}
        by_month = {_text(r[month]): f for r in per_month if (f := fig(r)) is not None}
        by_tm: dict[str, dict[str, Figure]] = {}
        for r in per_cell:
            if (f := fig(r)) is not None:
                by_tm.setdefault(r["team"], {})[_text(r[month])] = f
        if count:
            for team in teams:
                by_team.setdefault(team, Figure(0.0, 0))
                cells = by_tm.setdefault(team, {})
                for m in months:
                    cells.setdefault(m, Figure(0.0, 0))
            for m in months:
                by_month.setdefault(m, Figure(0.0, 0))
        out[k] = (overall, by_team, by_month, by_tm)
    return out


def _share(month: str, flag: pl.Expr) -> Spec:
    """Share of true among the rows where ``flag`` is known (null: not counted)."""
    return Spec(month, None, flag.count(), total=flag.sum())


def _mean(month: str, values: pl.Expr) -> Spec:
    """Mean of the known ``values``."""
    return Spec(month, None, values.count(), total=values.sum())


def _tally(month: str, total: pl.Expr, n: pl.Expr) -> Spec:
    """A count (``total``) of the records ``n`` counts."""
    return Spec(month, None, n, count=True, total=total)


def _where(cond: pl.Expr, flag: pl.Expr) -> pl.Expr:
    """``flag`` on the rows where ``cond`` holds, null (not counted) elsewhere."""
    import polars as pl

    return pl.when(cond).then(flag).otherwise(None)


def _hours(start: str, end: str) -> pl.Expr:
    """Hours from ``start`` to ``end``; null when either is missing or the end comes first (a data error)."""
    import polars as pl

    hours = (pl.col(end) - pl.col(start)).dt.total_seconds() / 3600.0
    return pl.when(hours >= 0).then(hours)


#: Durations worked out once per export (column, start, end, divisor) for the KPIs that read them.
_DURATIONS = (("response_hours", "opened_at", "first_response_at", 1.0),
              ("resolve_hours", "opened_at", "resolved_at", 1.0),
              ("root_cause_days", "opened_at", "root_cause_at", 24.0))


def _duration(column: str, how: str, month: str) -> Spec:
    """Median or 90th percentile (nearest rank) of a duration column (its nulls left out)."""
    import polars as pl

    values = pl.col(column)
    return Spec(month, values.median() if how == "median" else values.quantile(0.9, "nearest"), values.count())


# --------------------------------------------------------------------------- what is missing


#: What a reader calls each field of an export, for the words of a "not computable" reason.
FIELD_WORDS: dict[str, Label] = {
    "id": _p("metrics.field.id", "ticket number"), "team": _p("metrics.field.team", "team"),
    "assignee": _p("metrics.field.assignee", "assignee"), "state": _p("metrics.field.state", "state"),
    "priority": _p("metrics.field.priority", "priority"), "service": _p("metrics.field.service", "service"),
    "opened_at": _p("metrics.field.opened_at", "opening time"),
    "resolved_at": _p("metrics.field.resolved_at", "resolution time"),
    "closed_at": _p("metrics.field.closed_at", "closing time"),
    "channel": _p("metrics.field.channel", "contact channel"),
    "first_response_at": _p("metrics.field.first_response_at", "time of the first response"),
    "reassignments": _p("metrics.field.reassignments", "number of reassignments"),
    "reopens": _p("metrics.field.reopens", "number of reopenings"),
    "sla_met": _p("metrics.field.sla_met", "SLA result"),
    "first_contact_resolved": _p("metrics.field.first_contact_resolved", "first-contact resolution"),
    "satisfaction": _p("metrics.field.satisfaction", "customer satisfaction rating"),
    "caused_by_change": _p("metrics.field.caused_by_change", "the change that caused it"),
    "category": _p("metrics.field.category", "change category"),
    "approved_at": _p("metrics.field.approved_at", "approval time"),
    "implemented_at": _p("metrics.field.implemented_at", "implementation time"),
    "outcome": _p("metrics.field.outcome", "outcome"),
    "reviewed": _p("metrics.field.reviewed", "review record"),
    "reviewed_at": _p("metrics.field.reviewed_at", "review time"),
    "root_cause_at": _p("metrics.field.root_cause_at", "time the root cause was found"),
    "known_error": _p("metrics.field.known_error", "known-error flag"),
    "ticket": _p("metrics.field.ticket", "ticket number"), "answered_at": _p("metrics.field.answered_at", "answer time"),
    "score": _p("metrics.field.score", "score"), "comment": _p("metrics.field.comment", "comment"),
}


def _absent_in_words(kind: str, name: str) -> str:
    """"The incident export has no customer satisfaction rating": a missing field as a reader says it."""
    words = Message.label(FIELD_WORDS[name]) if name in FIELD_WORDS else name
    return {"incident": message("the incident export has no {field}", field=words),
            "request": message("the request export has no {field}", field=words),
            "change": message("the change export has no {field}", field=words),
            "problem": message("the problem export has no {field}", field=words),
            "csat": message("the customer satisfaction results have no {field}", field=words)}.get(
        kind, message("the {kind} export has no {field}", kind=kind, field=words))


def _missing(definition: KpiDefinition, exports: dict[str, Export], staffing: Staffing | None
             ) -> tuple[str, str] | None:
    """Why ``definition`` cannot be computed, as the log has it (field and map ids) and in words for a
    reader (None: it can)."""
    for need in definition.fields:
        reasons: list[str] = []
        words: list[str] = []
        options = need.split("|")
        for option in options:
            kind, _, name = option.partition(".")
            if kind == "staffing":
                if staffing is None:
                    reasons.append(message("no staffing file given (--staffing)"))
                elif name == "annual_cost_per_fte" and not _has_cost(staffing):
                    reasons.append(message("{source}: no annual_cost_per_fte", source=staffing.source))
                    words.append(message("the staffing file gives no annual cost per person-year"))
                else:
                    reasons = []
                    break
                continue
            export = exports.get(kind)
            if export is None:
                reasons.append(_no_export(kind))
            elif not export.has(name):
                why = export.absent.get(name, message("not in the export"))
                reasons.append(why if len(options) == 1 else message("{kind}.{field}: {why}", kind=kind, field=name,
                                                                         why=why))
                words.append(_absent_in_words(kind, name))
            else:
                reasons = []
                break
        if reasons:
            if len(reasons) == 1 and (reasons[0].startswith("no ")):
                return reasons[0], reasons[0]  # a whole export or file is missing: that says it all
            why = reasons[0] if len(reasons) == 1 else "; ".join(reasons)
            shown = (words[0] if len(words) == 1 else rendered(_joined(tuple(words)))) if words else why
            return message("needs {field}: {why}", field=need.replace("|", " or "), why=why), shown
    return None


def _joined(words: tuple[str, ...]) -> Callable[[str], str]:
    """Several reasons in words, each in the language it is shown in."""
    return lambda lang: "; ".join(translate(w, lang) for w in words)


def _no_export(kind: str) -> str:
    return {"incident": message("no incident export given"), "request": message("no request export given"),
            "change": message("no change export given"), "problem": message("no problem export given"),
            "csat": message("no customer satisfaction results given (--csat)")}[kind]


def _has_cost(staffing: Staffing) -> bool:
    return staffing.file.annual_cost_per_fte is not None or any(
        t.annual_cost_per_fte is not None for t in staffing.file.teams.values())


# --------------------------------------------------------------------------- the KPIs


def _with_months(export: Export, rows: pl.LazyFrame) -> pl.LazyFrame:
    """``rows`` of ``export`` with the month columns (yyyymm), the durations and ``team`` categorical."""
    import polars as pl

    columns = export.fields
    # months as numbers yyyymm: ten times faster to make than text, turned into "YYYY-MM" per group only
    cols = [(pl.col(c).dt.year() * 100 + pl.col(c).dt.month()).alias(f"{c.removesuffix('_at')}_month")
            for c in ("opened_at", "resolved_at", "implemented_at") if c in columns]
    if export.kind == "change" and "closed_at" in columns:  # reviews count in the month the change was closed
        cols.append((pl.col("closed_at").dt.year() * 100 + pl.col("closed_at").dt.month()).alias("closed_month"))
    cols += [(_hours(start, end) / divisor).alias(name) for name, start, end, divisor in _DURATIONS
             if start in columns and end in columns]
    # a handful of teams over millions of rows: grouping by a categorical is the cheaper key
    cols.append(pl.col("team").cast(pl.Categorical))
    return rows.with_columns(cols)


def _with_caused(changes: pl.LazyFrame, incidents: pl.LazyFrame) -> pl.LazyFrame:
    """``caused``: whether some incident names the change as its cause (null without a change id)."""
    import polars as pl

    named = (incidents.select(pl.col("caused_by_change").alias("id")).drop_nulls().unique()
             .with_columns(pl.lit(True).alias("caused")))
    joined = changes.join(named, on="id", how="left")
    return joined.with_columns(pl.when(pl.col("id").is_not_null()).then(pl.col("caused").fill_null(False)).alias("caused"))


def _ticket_spec(name: str) -> Spec | None:
    """The spec of a ticket KPI (None: computed on its own, as channel mix and backlog are)."""
    import polars as pl

    if name == "volume":
        return _tally("opened_month", pl.len(), pl.len())
    if name.startswith("response_"):
        return _duration("response_hours", name.removeprefix("response_"), "opened_month")
    if name.startswith("resolve_"):
        return _duration("resolve_hours", name.removeprefix("resolve_"), "resolved_month")
    flag = {
        "first_contact_resolution": pl.col("first_contact_resolved"),
        "sla_attainment": pl.col("sla_met"),
        "reopen_rate": pl.col("reopens") > 0,
        "satisfaction": pl.col("satisfaction") >= 4,
    }.get(name)
    if flag is not None:
        return _share("resolved_month", flag)
    if name == "reassignments":
        return _mean("resolved_month", pl.col("reassignments"))
    return None


def _in_period(frame: pl.LazyFrame, month: str, months: list[str] | None) -> pl.LazyFrame:
    """The rows of ``frame`` whose ``month`` lies in ``months`` (all rows while the period is not known)."""
    import polars as pl

    return frame if months is None else frame.filter(pl.col(month).is_in(_keys(months)))


def _channel_counts(frame: pl.LazyFrame, months: list[str] | None) -> pl.LazyFrame:
    """Records opened with a channel, counted per team, month and channel."""
    import polars as pl

    return (_in_period(frame, "opened_month", months).filter(pl.col("channel").is_not_null())
            .group_by(["team", "opened_month", "channel"]).len())


def _channel_mix(d: KpiDefinition, counts: pl.DataFrame, months: list[str]) -> KpiResult:
    """Share of each channel among the records opened with a channel in the period: the counts of
    :func:`_channel_counts` summed up to the other levels."""
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for team, month, channel, n in counts.iter_rows():
        if month is not None and _text(month) in months:
            cells.setdefault((team, _text(month)), {})[channel] = n

    def mix(parts: list[dict[str, int]]) -> Figure:
        total: dict[str, int] = {}
        for part in parts:
            for channel, n in part.items():
                total[channel] = total.get(channel, 0) + n
        size = sum(total.values())
        ordered = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
        return Figure({c: n / size for c, n in ordered} if size else None, size)

    by_tm: dict[str, dict[str, Figure]] = {}
    for (team, month), part in cells.items():
        by_tm.setdefault(team, {})[month] = mix([part])
    by_team = {t: mix([p for (tt, _m), p in cells.items() if tt == t]) for t in by_tm}
    by_month = {m: mix([p for (_t, mm), p in cells.items() if mm == m]) for m in {m for _t, m in cells}}
    return KpiResult(d, None, mix(list(cells.values())), by_team, by_month, by_tm)


def _open_in_period(frame: pl.LazyFrame, columns: AbstractSet[str], months: list[str] | None) -> pl.LazyFrame:
    """The records open at some month end of the period, with ``done_at`` (resolved, else closed):
    those still open at the first month end of the period that comes after their opening. While
    the period is not known: those open at the end of the month they were opened in, or later."""
    import polars as pl

    done = pl.coalesce([pl.col(c) for c in ("resolved_at", "closed_at") if c in columns])
    end = pl.col("opened_at").dt.truncate("1mo").dt.offset_by("1mo")
    if months is None:
        within = pl.col("opened_at").is_not_null()
    else:
        first_end, last_end = _month_end(months[0]), _month_end(months[-1])
        end = pl.max_horizontal(end, pl.lit(first_end))
        within = end <= last_end
    return (frame.select("team", "opened_at", done.alias("done_at"))
            .filter(within & (pl.col("done_at").is_null() | (pl.col("done_at") >= end))))


def _backlog(d: KpiDefinition, candidates: pl.DataFrame, teams: list[str], months: list[str], *, age: bool
             ) -> KpiResult:
    """Records open at the end of each month: opened before it, not resolved (or closed) before it.

    ``candidates`` (:func:`_open_in_period`) are few beside the export: the loop over months runs on them."""
    import polars as pl

    done = pl.col("done_at")
    by_month: dict[str, Figure] = {}
    by_tm: dict[str, dict[str, Figure]] = {}
    for month in months:
        end = _month_end(month)
        open_rows = candidates.filter((pl.col("opened_at") < end) & (done.is_null() | (done >= end)))
        if age:
            days = ((pl.lit(end) - pl.col("opened_at")).dt.total_seconds() / 86400.0).median()
            agg = [days.alias("value"), pl.len().alias("n")]
        else:
            agg = [pl.len().cast(pl.Float64).alias("value"), pl.len().alias("n")]
        whole = open_rows.select(agg).row(0, named=True)
        by_month[month] = Figure(whole["value"] if open_rows.height or not age else None, open_rows.height)
        seen = set()
        for r in open_rows.group_by("team").agg(agg).iter_rows(named=True):
            by_tm.setdefault(r["team"], {})[month] = Figure(r["value"], int(r["n"]))
            seen.add(r["team"])
        if not age:
            for team in teams:
                if team not in seen:
                    by_tm.setdefault(team, {})[month] = Figure(0.0, 0)
    last = months[-1]
    by_team = {t: cells[last] for t, cells in by_tm.items() if last in cells}
    return KpiResult(d, None, by_month[last], by_team, by_month, by_tm)


def _change_spec(name: str, columns: AbstractSet[str]) -> Spec:
    import polars as pl

    if name == "volume":
        return _tally("opened_month", pl.len(), pl.len())
    if name == "success_rate":
        return _share("opened_month", _where(pl.col("outcome").is_in(["successful", "unsuccessful"]),
                                             pl.col("outcome") == "successful"))
    if name == "emergency_share":
        return _share("opened_month", pl.col("category") == "emergency")
    normal = pl.col("category").is_not_null() & (pl.col("category") != "standard")
    implemented = pl.col("implemented_at").is_not_null()
    if name == "followed_by_incident":  # the column "caused" of _with_caused
        return _share("implemented_month", _where(implemented, pl.col("caused")))
    if name == "before_approval":
        late = pl.col("approved_at").is_null() | (pl.col("approved_at") > pl.col("implemented_at"))
        return _share("implemented_month", _where(implemented & normal, late))
    if name == "review_done":
        parts = [pl.col("reviewed").fill_null(False)] if "reviewed" in columns else []
        if "reviewed_at" in columns:
            parts.append(pl.col("reviewed_at").is_not_null())
        return _share("closed_month", _where(pl.col("closed_at").is_not_null() & normal, pl.any_horizontal(parts)))
    raise AssertionError(name)  # pragma: no cover - kpis.yaml and this function go together


def _problem_spec(name: str) -> Spec:
    import polars as pl

    if name == "volume":
        return _tally("opened_month", pl.len(), pl.len())
    if name == "root_cause_days":
        return _duration("root_cause_days", "median", "opened_month")
    if name == "known_errors":
        return _tally("opened_month", pl.col("known_error").sum(), pl.col("known_error").count())
    raise AssertionError(name)  # pragma: no cover


def _person_rows(frame: pl.LazyFrame, months: list[str] | None) -> pl.LazyFrame:
    """Per assignee, team and month resolved: the records resolved and their hours to resolve (the
    durations of ``resolve_median``), for the per-person breakdown."""
    import polars as pl

    return (_in_period(frame, "resolved_month", months).filter(pl.col("assignee").is_not_null())
            .group_by(["assignee", "team", "resolved_month"]).agg(pl.len().alias("resolved"), pl.col("resolve_hours")))


def _resolved_counts(frame: pl.LazyFrame, months: list[str] | None) -> pl.LazyFrame:
    """Records resolved, counted per team and month."""
    return _in_period(frame, "resolved_month", months).group_by(["team", "resolved_month"]).len()


def _productivity(d: KpiDefinition, counts: list[pl.DataFrame], months: list[str], staffing: Staffing) -> KpiResult:
    """Resolved incidents and requests (``counts`` of :func:`_resolved_counts`) per agent-day, or
    staff cost per resolved ticket, from staffing.yaml."""
    resolved: dict[tuple[str, str], int] = {}
    for df in counts:
        for team, key, count in df.iter_rows():
            month = None if key is None else _text(key)
            if month in months:
                resolved[(team, month)] = resolved.get((team, month), 0) + count
    teams = sorted({t for t, _ in resolved} | set(staffing.file.teams))
    cost = d.name == "cost_per_ticket"
    # per cell: (numerator, denominator, tickets) with the numerator tickets (per agent-day) or money (cost)
    cells: dict[tuple[str, str], tuple[float, float, int]] = {}
    for team in teams:
        for month in months:
            fte = staffing.fte(team, month)
            tickets = resolved.get((team, month), 0)
            if fte is None:
                continue
            if cost:
                per_fte = staffing.monthly_cost_per_fte(team)
                if per_fte is None:
                    continue
                cells[(team, month)] = (fte * per_fte, float(tickets), tickets)
            else:
                cells[(team, month)] = (float(tickets), fte * staffing.working_days(month), tickets)

    def combine(keys: Iterable[tuple[str, str]]) -> Figure:
        num = den = 0.0
        n = 0
        for k in keys:
            a, b, t = cells[k]
            num, den, n = num + a, den + b, n + t
        return Figure(num / den if den else None, n)

    by_tm: dict[str, dict[str, Figure]] = {}
    for (team, month) in cells:
        by_tm.setdefault(team, {})[month] = combine([(team, month)])
    by_team = {t: combine([k for k in cells if k[0] == t]) for t in by_tm}
    by_month = {m: combine([k for k in cells if k[1] == m]) for m in months if any(k[1] == m for k in cells)}
    return KpiResult(d, None, combine(cells), by_team, by_month, by_tm)


# --------------------------------------------------------------------------- all of them


@dataclass
class MetricsResult:
    months: list[str]
    kpis: list[KpiResult]
    sources: dict[str, str]
    rows: dict[str, int]
    teams: list[str]
    per_person: dict[str, Any] | None = None
    currency: str | None = None
    notices: list[str] = field(default_factory=list)
    #: The customer-satisfaction responses read, matched and not matched to a ticket (with --csat).
    csat: dict[str, Any] | None = None

    def kpi(self, kpi_id: str) -> KpiResult:
        return next(k for k in self.kpis if k.definition.id == kpi_id)


def fields_needed(kind: str, *, per_person: bool = False, csat: bool = False) -> set[str]:
    """The fields of ``kind`` some KPI reads (``assignee`` too with the per-person breakdown; the
    ticket number with customer-satisfaction results to join)."""
    needed = {"team", "opened_at"} | ({"assignee", "resolved_at"} if per_person else set())
    for d in kpi_definitions().values():
        if d.group == "csat" and not csat:
            continue
        for need in d.fields:
            for option in need.split("|"):
                k, _, name = option.partition(".")
                if k == kind:
                    needed.add(name)
    if kind == "change":
        needed.add("id")  # matched against the incidents' caused_by_change
    if kind in TICKET_KINDS:
        needed.add("closed_at")  # ends a record's time in the backlog when no resolved time is recorded
    return needed


def compute_kpis(exports: dict[str, Export], months: list[str] | None = None, staffing: Staffing | None = None,
                 csat: Responses | None = None, *, people_key: bytes | None = None) -> MetricsResult:
    """Every KPI of :func:`kpi_definitions` over ``months`` (default: the months of the data);
    ``csat``: customer-satisfaction responses to join to the incidents and requests; ``people_key``:
    add the per-person breakdown, pseudonymised with this key (:mod:`itsm_assess.metrics.people`).

    One streaming pass over each file runs every query: the checks of the exports read with
    ``check=False``, the aggregations of the KPIs the column maps allow, the tickets the survey
    responses name and the rows of the per-person breakdown. While those checks are pending, the
    period and the fields empty in every row are not known yet: the queries then cover every month,
    and the period is applied to their small results. The responses (held in memory) are joined to
    their tickets after the pass.
    """
    import polars as pl

    if not exports:
        raise InputError(message("give at least one export: --incidents, --requests, --changes or --problems"))
    pending = {kind: e for kind, e in exports.items() if e.checks is not None}
    plan = _Plan(exports, staffing, months or (None if pending else default_period(exports)), csat,
                 people=people_key is not None)
    for kind, e in pending.items():
        assert e.checks is not None
        plan.queries[f"checks {kind}"], plan.queries[f"teams {kind}"] = e.checks.queries(plan.frames[kind])
    try:
        got = dict(zip(plan.queries, pl.collect_all(plan.queries.values(), engine="streaming"), strict=True))
    except pl.exceptions.PolarsError as exc:
        raise _unreadable(pending, exc) from None
    for kind, e in pending.items():
        e.settle(got[f"checks {kind}"], got[f"teams {kind}"])
    months = months or default_period(exports)
    csat_counts = None if csat is None else plan.join_csat(got, csat, months)
    definitions = kpi_definitions()
    results: dict[str, KpiResult] = {}
    for d in definitions.values():
        missing = _missing(d, plan.inputs, staffing)  # again: a field may have turned out empty in every row
        if missing is not None:
            results[d.id] = KpiResult(d, missing[0], reason_words=missing[1])
        elif d.id in plan.own:
            results[d.id] = _own(d, plan.own[d.id], got, exports, months, staffing)
    for kpi_id, levels in plan.figures(got, months).items():
        results.setdefault(kpi_id, KpiResult(definitions[kpi_id], None, *levels))
    return MetricsResult(
        months=months, kpis=[results[k] for k in definitions], sources={k: e.source for k, e in exports.items()},
        rows={k: e.rows for k, e in exports.items()}, teams=sorted({t for e in exports.values() for t in e.teams}),
        currency=staffing.file.currency if staffing else None, csat=csat_counts,
        per_person=None if people_key is None else _people(got, months, people_key),
    )


def _people(got: dict[str, pl.DataFrame], months: list[str], key: bytes) -> dict[str, Any]:
    """The per-person breakdown from the rows the pass gathered (``people <kind>``)."""
    from itsm_assess.metrics.people import per_person

    return per_person({kind: got[f"people {kind}"] for kind in TICKET_KINDS if f"people {kind}" in got},
                      _keys(months), key)


def _record_spec(d: KpiDefinition, inputs: dict[str, Export], csat: Responses | None) -> Spec:
    """The spec of a change, problem or customer-satisfaction KPI."""
    if d.group == "chg":
        return _change_spec(d.name, set(inputs["change"].fields))
    if d.group == "prb":
        return _problem_spec(d.name)
    import polars as pl

    from itsm_assess.metrics.csat import ANSWERED, MONTH, csat_aggregates

    assert d.group == "csat" and csat is not None, d.id
    if d.name == "response_rate":  # over the resolved incidents and requests (TICKETS)
        return _share("resolved_month", pl.col(ANSWERED))
    return Spec(MONTH, *csat_aggregates(d.name, csat.scale))


#: The input of a KPI over the incidents and service requests together (their plans concatenated).
TICKETS = "tickets"


def _input_kind(d: KpiDefinition) -> str:
    """The input a KPI is computed from: an export kind, ``csat`` (the survey results joined to the
    tickets), :data:`TICKETS` (incidents and requests together), or "" (several)."""
    if d.id == "csat.response_rate":
        return TICKETS
    return {"chg": "change", "prb": "problem", "csat": "csat"}.get(d.group) or next(
        (k for k, p in TICKET_KINDS.items() if p == d.group), "")


class _Plan:
    """The queries of the KPIs that the column maps allow, by name, over ``months`` (None: every month).

    ``own``: the KPIs computed from a query of their own (channel mix, backlog, productivity), with
    their export; ``batches``: the others by export and month column, computed together.
    """

    def __init__(self, exports: dict[str, Export], staffing: Staffing | None, months: list[str] | None,
                 csat: Responses | None, *, people: bool = False) -> None:
        import polars as pl

        self.exports = exports
        # one cached plan per export: every query of it shares one read of the file
        self.frames = {kind: _with_months(e, (e.checks.plan if e.checks is not None else e.frame).cache())
                       for kind, e in exports.items()}
        incidents = exports.get("incident")
        if "change" in self.frames and incidents is not None and incidents.has("caused_by_change"):
            self.frames["change"] = _with_caused(self.frames["change"], self.frames["incident"])
        #: the inputs the KPIs may need: the exports, and ``csat`` (the survey results) when given
        self.inputs = exports
        self.csat = csat
        self.queries: dict[str, pl.LazyFrame] = {}
        tickets = [k for k in TICKET_KINDS if k in exports]
        if csat is not None:
            from itsm_assess.metrics.csat import ANSWERED, answered_keys, answered_tickets, flag_answered

            self.inputs = {**exports, "csat": csat.export}
            keys = answered_keys(csat)
            for kind in tickets:  # the answered tickets come out of the same pass as the KPIs
                self.frames[kind] = flag_answered(self.frames[kind], keys)
                self.queries[f"answered {kind}"] = answered_tickets(self.frames[kind], exports[kind].has("resolved_at"))
            resolved = [k for k in tickets if exports[k].has("resolved_at")]
            if resolved:
                self.frames[TICKETS] = pl.concat([self.frames[k].select("team", "resolved_month", ANSWERED)
                                                  for k in resolved])
        if people:
            for kind in tickets:
                if exports[kind].has("assignee") and exports[kind].has("resolved_at"):
                    self.queries[f"people {kind}"] = _person_rows(self.frames[kind], months)
        self.own: dict[str, str] = {}
        self.batches: dict[tuple[str, str], dict[str, Spec]] = {}
        for d in kpi_definitions().values():
            if _missing(d, self.inputs, staffing) is None:
                self._add(d, months)
        for (kind, month), specs in self.batches.items():
            if kind != "csat":  # the joined responses: after the pass (join_csat)
                self.queries.update(self._batch_queries(kind, month, specs, months))

    def _batch_queries(self, kind: str, month: str, specs: dict[str, Spec], months: list[str] | None
                       ) -> dict[str, pl.LazyFrame]:
        rows = _in_period(self.frames[kind], month, months)
        added, held = _split(specs)
        out = {}
        if added:
            out[f"cells {kind} {month}"] = _cells(rows, added, month)
        if held:
            out[f"rows {kind} {month}"] = _held_rows(rows, held, month)
        return out

    def join_csat(self, got: dict[str, pl.DataFrame], csat: Responses, months: list[str]) -> dict[str, Any]:
        """Join the responses to the answered tickets of the pass (``got``), run the queries of the
        KPIs over the joined responses (in memory, small) into ``got``, and return the counts for
        metrics.json ``csat``."""
        import polars as pl

        from itsm_assess.metrics.csat import MONTH, join_tickets

        joined, counts = join_tickets(csat, [got[f"answered {k}"] for k in TICKET_KINDS if f"answered {k}" in got])
        self.frames["csat"] = joined.lazy()
        queries = {name: q for (kind, month), specs in self.batches.items() if kind == "csat"
                   for name, q in self._batch_queries(kind, month, specs, months).items()}
        got.update(zip(queries, pl.collect_all(queries.values()), strict=True))
        return counts | {"in_period": joined.filter(pl.col(MONTH).is_in(_keys(months))).height}

    def teams(self, kind: str) -> list[str]:
        """The teams of an input (of the incidents and requests together for :data:`TICKETS`)."""
        if kind == TICKETS:
            return sorted({t for k in TICKET_KINDS if k in self.exports for t in self.exports[k].teams})
        return self.inputs[kind].teams

    def _add(self, d: KpiDefinition, months: list[str] | None) -> None:
        kind, frames = _input_kind(d), self.frames
        spec: Spec | None = None
        if d.group in TICKET_KINDS.values():
            spec = _ticket_spec(d.name)
            if spec is None and d.name == "channel_mix":
                self.queries[f"channels {kind}"] = _channel_counts(frames[kind], months)
            elif spec is None:
                self.queries[f"open {kind}"] = _open_in_period(frames[kind], set(self.exports[kind].fields), months)
        elif d.group == "svc":
            self.queries.update({f"resolved {k}": _resolved_counts(frames[k], months) for k in TICKET_KINDS
                                 if k in self.exports and self.exports[k].has("resolved_at")})
        else:
            spec = _record_spec(d, self.inputs, self.csat)
        if spec is None:
            self.own[d.id] = kind
        else:
            self.batches.setdefault((kind, spec.month), {})[d.id] = spec

    def figures(self, got: dict[str, pl.DataFrame], months: list[str]) -> dict[str, Levels]:
        """The figures of the batches from the results ``got``, for ``months``."""
        import polars as pl

        out: dict[str, Levels] = {}
        for (kind, month), specs in self.batches.items():
            keys, teams = pl.col(month).is_in(_keys(months)), self.teams(kind)
            added, held = _split(specs)
            if added:
                out |= _figures(_cell_levels(got[f"cells {kind} {month}"].filter(keys), added, month), added, months,
                                teams)
            if held:
                out |= _figures(_row_levels(got[f"rows {kind} {month}"].filter(keys), held, month), held, months, teams)
        return out


def _split(specs: dict[str, Spec]) -> tuple[dict[str, Spec], dict[str, Spec]]:
    """The specs that add up (``total``), and those computed from rows held in memory."""
    return ({k: s for k, s in specs.items() if s.total is not None}, {k: s for k, s in specs.items() if s.total is None})


def _own(d: KpiDefinition, kind: str, got: dict[str, pl.DataFrame], exports: dict[str, Export], months: list[str],
         staffing: Staffing | None) -> KpiResult:
    """A KPI computed from a query of its own: channel mix, backlog and its age, productivity."""
    if d.name == "channel_mix":
        return _channel_mix(d, got[f"channels {kind}"], months)
    if d.name in ("backlog", "backlog_age"):
        return _backlog(d, got[f"open {kind}"], exports[kind].teams, months, age=d.name == "backlog_age")
    assert staffing is not None
    return _productivity(d, [got[f"resolved {k}"] for k in TICKET_KINDS if f"resolved {k}" in got], months, staffing)


def _unreadable(pending: dict[str, Export], exc: Exception) -> InputError:
    """The error of a pass that failed: naming the first export whose own checks fail, when one does."""
    import polars as pl

    from itsm_assess.metrics.exports import unreadable

    for e in pending.values():
        assert e.checks is not None
        try:
            pl.collect_all(e.checks.queries(), engine="streaming")
        except pl.exceptions.PolarsError as own:
            return unreadable(e.source, own)
    return InputError(message("cannot read the exports: {detail}", detail=str(exc).splitlines()[0]))


def metrics_json(result: MetricsResult) -> dict[str, Any]:
    """The stable JSON of ``metrics compute`` (``metrics.json``)."""
    from itsm_assess import __version__

    out: dict[str, Any] = {
        "format": FORMAT_NAME, "schema_version": SCHEMA_VERSION, "generator": f"itsm-assess {__version__}",
        "period": {"first": result.months[0], "last": result.months[-1], "months": result.months},
        "sources": result.sources, "rows": result.rows, "teams": result.teams, "currency": result.currency,
        "kpis": [k.as_dict() for k in result.kpis],
    }
    from itsm_assess.metrics.checks import data_checks

    out["checks"] = [c.as_dict() for c in data_checks(result)]
    if result.csat is not None:
        out["csat"] = result.csat
    if result.per_person is not None:
        out["per_person"] = result.per_person
    if result.notices:
        out["notices"] = [str(n) for n in result.notices]
    return out
