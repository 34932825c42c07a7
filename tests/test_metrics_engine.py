"""The streaming engine of `metrics compute` against an oracle: the same KPIs worked out in plain
Python (csv, sorted lists) from a generated ServiceNow export, at all four levels, for a period that
starts after the export does (records opened before it, still open at its month ends). The exports
are read as the CLI reads them (``check=False``: the cells are checked in the same streaming pass
as the KPIs), and that path agrees with checking first."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from itsm_assess.metrics.compute import compute_kpis, fields_needed, metrics_json
from itsm_assess.metrics.example import write_servicenow
from itsm_assess.metrics.exports import load_metrics_map, read_export

PERIOD = ["2025-02", "2025-03", "2025-04"]
FMT = "%Y-%m-%d %H:%M:%S"
ENDS = {"2025-02": datetime(2025, 3, 1), "2025-03": datetime(2025, 4, 1), "2025-04": datetime(2025, 5, 1)}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("engine")
    paths = write_servicenow(folder, months=4, incidents_per_month=700, seed=5)
    exports = {kind: read_export(paths[kind], kind, load_metrics_map(f"servicenow-{kind}", kind),
                                 fields=fields_needed(kind), check=False) for kind in ("incident", "change")}
    kpis = {k["id"]: k for k in metrics_json(compute_kpis(exports, PERIOD))["kpis"]}
    return kpis, _rows(paths["incident"]), _rows(paths["change"])


def _rows(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        for k, v in r.items():
            if v and k in ("opened_at", "resolved_at", "closed_at", "work_start"):
                r[k] = datetime.strptime(v, FMT)
            elif v == "":
                r[k] = None
    return rows


def _month(t: datetime | None) -> str | None:
    return None if t is None else f"{t.year:04d}-{t.month:02d}"


def _median(values: list[float]) -> float:
    s, n = sorted(values), len(values)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _p90(values: list[float]) -> float:
    """Nearest rank: the value at (n - 1) * 0.9 rounded half up."""
    s = sorted(values)
    return s[math.floor((len(s) - 1) * 0.9 + 0.5)]


def _levels(items: Iterable[tuple[str, str, Any]], reduce: Callable[[list[Any]], float]) -> dict[str, Any]:
    """(team, month, value) items in the period -> the four levels as metrics.json writes them."""
    groups: dict[tuple[str | None, str | None], list[Any]] = defaultdict(list)
    for team, month, value in items:
        if month in PERIOD:
            for key in ((None, None), (team, None), (None, month), (team, month)):
                groups[key].append(value)

    def fig(key: tuple[str | None, str | None]) -> dict[str, Any]:
        values = groups[key]
        return {"value": round(reduce(values), 6), "n": len(values)}

    teams = sorted({t for t, _ in groups if t is not None})
    months = sorted({m for _, m in groups if m is not None})
    return {"value": fig((None, None))["value"], "n": len(groups[(None, None)]),
            "by_team": {t: fig((t, None)) for t in teams}, "by_month": {m: fig((None, m)) for m in months},
            "by_team_month": {t: {m: fig((t, m)) for m in months if (t, m) in groups} for t in teams}}


def _same(kpi: dict[str, Any], expected: dict[str, Any]) -> None:
    assert kpi["status"] == "computed"
    got = {k: kpi[k] for k in ("value", "n", "by_team", "by_month", "by_team_month")}
    assert got == expected


def _hours(r: dict[str, Any], end: str) -> float | None:
    if r["opened_at"] is None or r[end] is None or r[end] < r["opened_at"]:
        return None
    return (r[end] - r["opened_at"]).total_seconds() / 3600.0


def test_resolution_times_shares_and_means_match_the_oracle(exported) -> None:  # type: ignore[no-untyped-def]
    kpis, incidents, _ = exported
    resolved = [r for r in incidents if r["resolved_at"] is not None]
    durations = [(r["assignment_group"], _month(r["resolved_at"]), h) for r in resolved
                 if (h := _hours(r, "resolved_at")) is not None]
    _same(kpis["inc.resolve_median"], _levels(durations, _median))
    _same(kpis["inc.resolve_p90"], _levels(durations, _p90))
    sla = [(r["assignment_group"], _month(r["resolved_at"]), r["made_sla"] == "true") for r in resolved
           if r["made_sla"] is not None]
    _same(kpis["inc.sla_attainment"], _levels(sla, lambda v: sum(v) / len(v)))
    moves = [(r["assignment_group"], _month(r["resolved_at"]), int(r["reassignment_count"])) for r in resolved]
    _same(kpis["inc.reassignments"], _levels(moves, lambda v: sum(v) / len(v)))


def test_volume_and_channel_mix_match_the_oracle(exported) -> None:  # type: ignore[no-untyped-def]
    kpis, incidents, _ = exported
    opened = [(r["assignment_group"], _month(r["opened_at"]), 1) for r in incidents]
    _same(kpis["inc.volume"], _levels(opened, len))
    in_period = [r["contact_type"] for r in incidents if _month(r["opened_at"]) in PERIOD]
    phone = in_period.count("Phone") / len(in_period)
    assert kpis["inc.channel_mix"]["value"]["Phone"] == round(phone, 6)
    assert kpis["inc.channel_mix"]["n"] == len(in_period)


def _done(r: dict[str, Any]) -> datetime | None:
    return r["resolved_at"] or r["closed_at"]


def test_backlog_and_its_age_at_each_month_end_match_the_oracle(exported) -> None:  # type: ignore[no-untyped-def]
    kpis, incidents, _ = exported
    backlog, age = kpis["inc.backlog"], kpis["inc.backlog_age"]
    for month, end in ENDS.items():
        still = [r for r in incidents if r["opened_at"] < end and (_done(r) is None or _done(r) >= end)]
        assert backlog["by_month"][month] == {"value": len(still), "n": len(still)}
        days = [(end - r["opened_at"]).total_seconds() / 86400.0 for r in still]
        assert age["by_month"][month] == {"value": round(_median(days), 6), "n": len(days)}
        for team in {r["assignment_group"] for r in still}:
            mine = [(end - r["opened_at"]).total_seconds() / 86400.0 for r in still if r["assignment_group"] == team]
            assert age["by_team_month"][team][month] == {"value": round(_median(mine), 6), "n": len(mine)}
    assert any(r["opened_at"] < datetime(2025, 2, 1) for r in incidents)  # the period starts after the export


def test_changes_followed_by_incidents_match_the_oracle(exported) -> None:  # type: ignore[no-untyped-def]
    kpis, incidents, changes = exported
    named = {r["caused_by"] for r in incidents if r["caused_by"]}
    items = [(r["assignment_group"], _month(r["work_start"]), r["number"] in named) for r in changes
             if r["work_start"] is not None]
    expected = _levels(items, lambda v: sum(v) / len(v))
    assert 0 < expected["value"] < 1
    _same(kpis["chg.followed_by_incident"], expected)


def test_exports_are_read_lazily_and_counted_in_one_pass(tmp_path: Path) -> None:
    paths = write_servicenow(tmp_path, months=2, incidents_per_month=50, seed=2)
    export = read_export(paths["incident"], "incident", load_metrics_map("servicenow-incident", "incident"))
    import polars as pl

    assert isinstance(export.frame, pl.LazyFrame)
    frame = export.frame.collect()
    assert export.rows == frame.height == 100
    assert export.teams == sorted(frame.get_column("team").unique().to_list())
    assert export.opened == (frame.get_column("opened_at").min(), frame.get_column("opened_at").max())


def _json(paths: dict[str, str], months: list[str] | None, *, check: bool) -> dict[str, Any]:
    exports = {kind: read_export(paths[kind], kind, load_metrics_map(f"servicenow-{kind}", kind),
                                 fields=fields_needed(kind), check=check)
               for kind in ("incident", "request", "change", "problem") if kind in paths}
    out = metrics_json(compute_kpis(exports, months))
    out.pop("generator")
    return out


def test_checking_in_the_kpi_pass_gives_what_checking_first_gives(tmp_path: Path) -> None:
    paths = write_servicenow(tmp_path, months=3, incidents_per_month=120, seed=9)
    for months in (None, ["2025-02", "2025-03"]):
        deferred, first = _json(paths, months, check=False), _json(paths, months, check=True)
        assert deferred == first
        assert sum(k["status"] == "computed" for k in deferred["kpis"]) >= 20


def test_a_field_empty_in_every_row_found_in_the_kpi_pass_is_not_computable(tmp_path: Path) -> None:
    paths = write_servicenow(tmp_path, months=2, incidents_per_month=40, seed=3)
    path = Path(paths["incident"])
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    column = rows[0].index("made_sla")
    for row in rows[1:]:
        row[column] = ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    kpis = {k["id"]: k for k in _json({"incident": paths["incident"]}, None, check=False)["kpis"]}
    assert kpis["inc.sla_attainment"]["status"] == "not-computable"
    assert "empty in every row" in kpis["inc.sla_attainment"]["reason"]
    assert kpis["inc.volume"]["value"] == 80


def test_a_bad_cell_found_in_the_kpi_pass_stops_with_its_line(tmp_path: Path) -> None:
    from itsm_assess.errors import InputError

    paths = write_servicenow(tmp_path, months=2, incidents_per_month=40, seed=3)
    path = Path(paths["incident"])
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[30] = lines[30].replace(",1,", ",yksi,", 1) if ",1," in lines[30] else lines[30].replace(",0,", ",nolla,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    export = read_export(path, "incident", load_metrics_map("servicenow-incident", "incident"), check=False)
    with pytest.raises(InputError) as info:
        compute_kpis({"incident": export})
    assert ":31: column " in str(info.value)
    assert "is not a whole number" in str(info.value)
