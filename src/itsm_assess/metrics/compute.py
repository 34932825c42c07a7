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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from itsm_assess.errors import InputError
from itsm_assess.i18n import message
from itsm_assess.metrics.definitions import TICKET_KINDS, KpiDefinition, kpi_definitions

if TYPE_CHECKING:
    import polars as pl

    from itsm_assess.metrics.exports import Export
    from itsm_assess.metrics.staffing import Staffing

SCHEMA_VERSION = 1
FORMAT_NAME = "itsm-assess-metrics"
_PERIOD = re.compile(r"^(\d{4}-\d{2})(?:\.\.(\d{4}-\d{2}))?$")
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

    @property
    def computable(self) -> bool:
        return self.reason is None

    def as_dict(self) -> dict[str, Any]:
        d = self.definition
        out: dict[str, Any] = {
            "id": d.id, "title": d.title, "unit": d.unit, "better": d.better, "fields": list(d.fields),
            "evidences": list(d.evidences), "status": "computed" if self.computable else "not-computable",
        }
        if not self.computable:
            out["reason"] = str(self.reason)
            return out
        assert self.overall is not None
        out.update(self.overall.as_dict())
        out["by_team"] = {t: f.as_dict() for t, f in sorted(self.by_team.items())}
        out["by_month"] = {m: f.as_dict() for m, f in sorted(self.by_month.items())}
        out["by_team_month"] = {t: {m: f.as_dict() for m, f in sorted(ms.items())}
                                for t, ms in sorted(self.by_team_month.items())}
        return out


def parse_period(text: str) -> list[str]:
    """``2025-01..2025-06`` (or one month, ``2025-03``) as the list of its months ``YYYY-MM``."""
    m = _PERIOD.match(text.strip())
    if not m:
        raise InputError(message("--period {text}: expected YYYY-MM or YYYY-MM..YYYY-MM, e.g. 2025-01..2025-06",
                                 text=repr(text)))
    first, last = m.group(1), m.group(2) or m.group(1)
    try:
        start, end = datetime.strptime(first, "%Y-%m"), datetime.strptime(last, "%Y-%m")
    except ValueError:
        raise InputError(message("--period {text}: a month is not a calendar month (01-12)", text=repr(text))) from None
    if end < start:
        raise InputError(message("--period {text}: the period ends before it starts", text=repr(text)))
    months = _months_between(start.year, start.month, end.year, end.month)
    if len(months) > MAX_MONTHS:
        raise InputError(message("--period {text}: {count} months; at most {limit}", text=repr(text),
                                 count=len(months), limit=MAX_MONTHS))
    return months


def _months_between(y0: int, m0: int, y1: int, m1: int) -> list[str]:
    out = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _month_end(month: str) -> datetime:
    """The first instant of the next month (open "at the end of the month" means open at this instant)."""
    y, m = (int(p) for p in month.split("-"))
    return datetime(y + 1, 1, 1) if m == 12 else datetime(y, m + 1, 1)


def default_period(exports: dict[str, Export]) -> list[str]:
    """From the first to the last month in which records were opened (all exports)."""
    lows, highs = [], []
    for e in exports.values():
        col = e.frame.get_column("opened_at").drop_nulls()
        if col.len():
            lows.append(col.min())
            highs.append(col.max())
    if not lows:
        raise InputError(message("no record has an opened date; give --period"))
    lo, hi = min(lows), max(highs)
    months = _months_between(lo.year, lo.month, hi.year, hi.month)  # type: ignore[union-attr]
    return months[-MAX_MONTHS:]


# --------------------------------------------------------------------------- the four levels


def _figures(df: pl.DataFrame, month: str, value: pl.Expr, n: pl.Expr, months: list[str], *, count: bool = False
             ) -> tuple[Figure, dict[str, Figure], dict[str, Figure], dict[str, dict[str, Figure]]]:
    """``value`` and ``n`` over all rows, per team, per month and per team and month.

    Rows are those whose ``month`` column lies in ``months``. With ``count``, a team or month without
    rows has the value 0 (a count of nothing is zero); otherwise it is left out (a share of nothing is no figure).
    """
    import polars as pl

    rows = df.filter(pl.col(month).is_in(months))
    aggs = [value.alias("value"), n.alias("n")]

    def fig(row: dict[str, Any]) -> Figure:
        v = row["value"]
        return Figure(None if v is None else float(v), int(row["n"] or 0))

    overall = fig(rows.select(aggs).row(0, named=True)) if rows.height else Figure(0.0 if count else None, 0)
    by_team = {r["team"]: fig(r) for r in rows.group_by("team").agg(aggs).iter_rows(named=True)}
    by_month = {r[month]: fig(r) for r in rows.group_by(month).agg(aggs).iter_rows(named=True)}
    by_tm: dict[str, dict[str, Figure]] = {}
    for r in rows.group_by(["team", month]).agg(aggs).iter_rows(named=True):
        by_tm.setdefault(r["team"], {})[r[month]] = fig(r)
    if count:
        teams = set(df.get_column("team").unique().to_list())
        for team in teams:
            by_team.setdefault(team, Figure(0.0, 0))
            cells = by_tm.setdefault(team, {})
            for m in months:
                cells.setdefault(m, Figure(0.0, 0))
        for m in months:
            by_month.setdefault(m, Figure(0.0, 0))
    return overall, by_team, by_month, by_tm


def _result(definition: KpiDefinition, levels: tuple[Figure, dict[str, Figure], dict[str, Figure],
                                                      dict[str, dict[str, Figure]]]) -> KpiResult:
    overall, by_team, by_month, by_tm = levels
    return KpiResult(definition, None, overall, by_team, by_month, by_tm)


def _share(flag: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Share of true among the rows where ``flag`` is known, and how many those are."""
    import polars as pl

    return flag.cast(pl.Float64).mean(), flag.count()


def _hours(start: str, end: str) -> pl.Expr:
    import polars as pl

    return (pl.col(end) - pl.col(start)).dt.total_seconds() / 3600.0


# --------------------------------------------------------------------------- what is missing


def _missing(definition: KpiDefinition, exports: dict[str, Export], staffing: Staffing | None) -> str | None:
    """Why ``definition`` cannot be computed (None: it can)."""
    for need in definition.fields:
        reasons: list[str] = []
        options = need.split("|")
        for option in options:
            kind, _, name = option.partition(".")
            if kind == "staffing":
                if staffing is None:
                    reasons.append(message("no staffing file given (--staffing)"))
                elif name == "annual_cost_per_fte" and not _has_cost(staffing):
                    reasons.append(message("{source}: no annual_cost_per_fte", source=staffing.source))
                else:
                    reasons = []
                    break
                continue
            export = exports.get(kind)
            if export is None:
                reasons.append(message("no {kind} export given", kind=kind))
            elif not export.has(name):
                why = export.absent.get(name, message("not in the export"))
                reasons.append(why if len(options) == 1 else message("{kind}.{field}: {why}", kind=kind, field=name,
                                                                         why=why))
            else:
                reasons = []
                break
        if reasons:
            if len(reasons) == 1 and (reasons[0].startswith("no ")):
                return reasons[0]  # a whole export or file is missing: that says it all
            return message("needs {field}: {why}", field=need.replace("|", " or "), why="; ".join(reasons))
    return None


def _has_cost(staffing: Staffing) -> bool:
    return staffing.file.annual_cost_per_fte is not None or any(
        t.annual_cost_per_fte is not None for t in staffing.file.teams.values())


# --------------------------------------------------------------------------- the KPIs


def _with_months(frame: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    cols = [pl.col(c).dt.strftime("%Y-%m").alias(f"{c.removesuffix('_at')}_month")
            for c in ("opened_at", "resolved_at", "closed_at", "implemented_at") if c in frame.columns]
    return frame.with_columns(cols)


def _ticket_kpi(name: str, d: KpiDefinition, e: Export, df: pl.DataFrame, months: list[str]) -> KpiResult:
    import polars as pl

    if name == "volume":
        return _result(d, _figures(df, "opened_month", pl.len(), pl.len(), months, count=True))
    if name == "channel_mix":
        return _channel_mix(d, df, months)
    if name in ("response_median", "response_p90", "resolve_median", "resolve_p90"):
        end, month = ("first_response_at", "opened_month") if name.startswith("response") else ("resolved_at", "resolved_month")
        rows = df.filter(pl.col(end).is_not_null()).with_columns(_hours("opened_at", end).alias("hours"))
        rows = rows.filter(pl.col("hours") >= 0)
        value = pl.col("hours").median() if name.endswith("median") else pl.col("hours").quantile(0.9, "nearest")
        return _result(d, _figures(rows, month, value, pl.len(), months))
    if name in ("backlog", "backlog_age"):
        return _backlog(d, df, months, age=name == "backlog_age")
    flag = {
        "first_contact_resolution": pl.col("first_contact_resolved"),
        "sla_attainment": pl.col("sla_met"),
        "reopen_rate": pl.col("reopens") > 0,
        "satisfaction": pl.col("satisfaction") >= 4,
    }.get(name)
    if flag is not None:
        value, n = _share(flag)
        return _result(d, _figures(df, "resolved_month", value, n, months))
    if name == "reassignments":
        return _result(d, _figures(df, "resolved_month", pl.col("reassignments").mean(),
                                   pl.col("reassignments").count(), months))
    raise AssertionError(name)  # pragma: no cover - kpis.yaml and this function go together


def _channel_mix(d: KpiDefinition, df: pl.DataFrame, months: list[str]) -> KpiResult:
    import polars as pl

    rows = df.filter(pl.col("opened_month").is_in(months) & pl.col("channel").is_not_null())

    def mix(frame: pl.DataFrame) -> Figure:
        total = frame.height
        counts = frame.group_by("channel").len().sort(["len", "channel"], descending=[True, False])
        return Figure({c: k / total for c, k in counts.iter_rows()} if total else None, total)

    by_team = {t[0]: mix(g) for t, g in rows.group_by("team")}  # type: ignore[index]
    by_month = {m[0]: mix(g) for m, g in rows.group_by("opened_month")}  # type: ignore[index]
    by_tm: dict[str, dict[str, Figure]] = {}
    for (team, month), g in rows.group_by(["team", "opened_month"]):
        by_tm.setdefault(str(team), {})[str(month)] = mix(g)
    return KpiResult(d, None, mix(rows), {str(k): v for k, v in by_team.items()},
                     {str(k): v for k, v in by_month.items()}, by_tm)


def _backlog(d: KpiDefinition, df: pl.DataFrame, months: list[str], *, age: bool) -> KpiResult:
    """Records open at the end of each month: opened before it, not resolved (or closed) before it."""
    import polars as pl

    done = pl.coalesce([pl.col(c) for c in ("resolved_at", "closed_at") if c in df.columns])
    by_month: dict[str, Figure] = {}
    by_tm: dict[str, dict[str, Figure]] = {}
    teams = df.get_column("team").unique().to_list()
    for month in months:
        end = _month_end(month)
        open_rows = df.filter((pl.col("opened_at") < end) & (done.is_null() | (done >= end)))
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


def _change_kpi(name: str, d: KpiDefinition, df: pl.DataFrame, months: list[str],
                incidents: Export | None) -> KpiResult:
    import polars as pl

    if name == "volume":
        return _result(d, _figures(df, "opened_month", pl.len(), pl.len(), months, count=True))
    if name == "success_rate":
        rows = df.filter(pl.col("outcome").is_in(["successful", "unsuccessful"]))
        value, n = _share(pl.col("outcome") == "successful")
        return _result(d, _figures(rows, "opened_month", value, n, months))
    if name == "emergency_share":
        value, n = _share(pl.col("category") == "emergency")
        return _result(d, _figures(df, "opened_month", value, n, months))
    normal = pl.col("category").is_not_null() & (pl.col("category") != "standard")
    if name == "followed_by_incident":
        assert incidents is not None
        caused = incidents.frame.get_column("caused_by_change").drop_nulls().unique()
        rows = df.filter(pl.col("implemented_at").is_not_null())
        value, n = _share(pl.col("id").is_in(caused.implode()))
        return _result(d, _figures(rows, "implemented_month", value, n, months))
    if name == "before_approval":
        rows = df.filter(pl.col("implemented_at").is_not_null() & normal)
        late = pl.col("approved_at").is_null() | (pl.col("approved_at") > pl.col("implemented_at"))
        value, n = _share(late)
        return _result(d, _figures(rows, "implemented_month", value, n, months))
    if name == "review_done":
        rows = df.filter(pl.col("closed_at").is_not_null() & normal)
        parts = [pl.col("reviewed").fill_null(False)] if "reviewed" in df.columns else []
        if "reviewed_at" in df.columns:
            parts.append(pl.col("reviewed_at").is_not_null())
        value, n = _share(pl.any_horizontal(parts))
        return _result(d, _figures(rows, "closed_month", value, n, months))
    raise AssertionError(name)  # pragma: no cover


def _problem_kpi(name: str, d: KpiDefinition, df: pl.DataFrame, months: list[str]) -> KpiResult:
    import polars as pl

    if name == "volume":
        return _result(d, _figures(df, "opened_month", pl.len(), pl.len(), months, count=True))
    if name == "root_cause_days":
        rows = df.filter(pl.col("root_cause_at").is_not_null()).with_columns(
            (_hours("opened_at", "root_cause_at") / 24.0).alias("days")).filter(pl.col("days") >= 0)
        return _result(d, _figures(rows, "opened_month", pl.col("days").median(), pl.len(), months))
    if name == "known_errors":
        rows = df.filter(pl.col("known_error").is_not_null())
        return _result(d, _figures(rows, "opened_month", pl.col("known_error").sum().cast(pl.Float64),
                                   pl.len(), months, count=True))
    raise AssertionError(name)  # pragma: no cover


def _productivity(d: KpiDefinition, frames: dict[str, pl.DataFrame], months: list[str], staffing: Staffing
                  ) -> KpiResult:
    """Resolved incidents and requests per agent-day, or staff cost per resolved ticket, from staffing.yaml."""
    import polars as pl

    resolved: dict[tuple[str, str], int] = {}
    for kind in TICKET_KINDS:
        df = frames.get(kind)
        if df is None or "resolved_month" not in df.columns:
            continue
        for team, month, count in (df.filter(pl.col("resolved_month").is_in(months))
                                   .group_by(["team", "resolved_month"]).len().iter_rows()):
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

    def kpi(self, kpi_id: str) -> KpiResult:
        return next(k for k in self.kpis if k.definition.id == kpi_id)


def compute_kpis(exports: dict[str, Export], months: list[str] | None = None, staffing: Staffing | None = None
                 ) -> MetricsResult:
    """Every KPI of :func:`kpi_definitions` over ``months`` (default: the months of the data)."""
    if not exports:
        raise InputError(message("give at least one export (--incidents, --requests, --changes or --problems)"))
    months = months or default_period(exports)
    frames = {kind: _with_months(e.frame) for kind, e in exports.items()}
    results: list[KpiResult] = []
    for d in kpi_definitions().values():
        reason = _missing(d, exports, staffing)
        if reason is not None:
            results.append(KpiResult(d, reason))
            continue
        group = d.group
        if group in TICKET_KINDS.values():
            kind = next(k for k, p in TICKET_KINDS.items() if p == group)
            results.append(_ticket_kpi(d.name, d, exports[kind], frames[kind], months))
        elif group == "chg":
            results.append(_change_kpi(d.name, d, frames["change"], months, exports.get("incident")))
        elif group == "prb":
            results.append(_problem_kpi(d.name, d, frames["problem"], months))
        else:
            assert staffing is not None
            results.append(_productivity(d, frames, months, staffing))
    teams = sorted({t for f in frames.values() for t in f.get_column("team").unique().to_list()})
    return MetricsResult(
        months=months, kpis=results, sources={k: e.source for k, e in exports.items()},
        rows={k: e.rows for k, e in exports.items()}, teams=teams,
        currency=staffing.file.currency if staffing else None,
    )


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
    if result.per_person is not None:
        out["per_person"] = result.per_person
    if result.notices:
        out["notices"] = [str(n) for n in result.notices]
    return out
