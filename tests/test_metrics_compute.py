"""`metrics compute`: every KPI worked by hand on a small ServiceNow-shaped fixture, missing fields
reported as not computable (never zero), bad cells as one line, and the realistic generated exports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.metrics.compute import compute_kpis, metrics_json, parse_period
from itsm_assess.metrics.exports import load_metrics_map, read_export
from itsm_assess.metrics.staffing import load_staffing, weekdays

FIXTURES = Path(__file__).parent / "fixtures" / "metrics"
PERIOD = ["2025-01", "2025-02"]


def _export(kind: str, name: str, tool: str = "servicenow"):  # type: ignore[no-untyped-def]
    return read_export(FIXTURES / name, kind, load_metrics_map(f"{tool}-{kind}", kind))


@pytest.fixture(scope="module")
def data() -> dict:  # type: ignore[type-arg]
    exports = {"incident": _export("incident", "incidents.csv"), "change": _export("change", "changes.csv"),
               "problem": _export("problem", "problems.csv")}
    result = compute_kpis(exports, PERIOD, load_staffing(FIXTURES / "staffing.yaml"))
    return {k["id"]: k for k in metrics_json(result)["kpis"]}


def _v(kpi: dict, *path: str) -> object:  # type: ignore[type-arg]
    node = kpi
    for p in path:
        node = node[p]
    return node["value"] if isinstance(node, dict) and "value" in node else node


# The fixture (tests/fixtures/metrics/incidents.csv), period 2025-01..2025-02:
#   INC1 Palvelupiste opened 01-02 08:00 resolved 01-02 10:00 ( 2 h) resp 0.5 h  FCR y SLA y reass 0 reopen 0 Phone
#   INC2 Palvelupiste opened 01-10 09:00 resolved 01-11 09:00 (24 h) resp 1 h    FCR n SLA n reass 1 reopen 1 Email
#   INC3 Lähituki     opened 01-20 12:00 resolved 02-03 12:00 (336 h) resp 0.25 h FCR n SLA n reass 2          Phone
#   INC4 Lähituki     opened 01-31 16:00 open                                                                  Self-service
#   INC5 Palvelupiste opened 02-05 08:00 resolved 02-05 12:00 ( 4 h) resp 0.1 h  FCR y SLA y reass 0          Phone
#   INC6 Palvelupiste opened 02-14 10:00 resolved 02-14 18:00 ( 8 h) resp 0.5 h  FCR n SLA y reass 0          Chat
#   INC7 Lähituki     opened 02-27 09:00 open                   resp 2 h                                       Email
#   INC8 Palvelupiste opened 2024-12-20 (before the period) resolved 01-08 10:00 (456 h) FCR n SLA n reass 3
#   INC9 Lähituki     opened 02-10 08:00 resolved 02-10 09:00 ( 1 h) resp 1/3 h FCR y SLA y reass 1           Phone


def test_volume_counts_records_opened_in_each_month(data: dict) -> None:  # type: ignore[type-arg]
    kpi = data["inc.volume"]
    # Jan: INC1-4; Feb: INC5, 6, 7, 9; INC8 was opened in December, outside the period.
    assert kpi["value"] == 8 and _v(kpi, "by_month", "2025-01") == 4 and _v(kpi, "by_month", "2025-02") == 4
    assert _v(kpi, "by_team", "Palvelupiste") == 4 and _v(kpi, "by_team", "Lähituki") == 4
    assert _v(kpi, "by_team_month", "Lähituki", "2025-01") == 2


def test_channel_mix_is_the_share_of_each_channel(data: dict) -> None:  # type: ignore[type-arg]
    # Phone: INC1, 3, 5, 9 = 4/8; Email: INC2, 7 = 2/8; Self-service INC4 and Chat INC6 1/8 each.
    assert data["inc.channel_mix"]["value"] == {"Phone": 0.5, "Email": 0.25, "Chat": 0.125, "Self-service": 0.125}


def test_resolution_kpis_count_in_the_month_resolved(data: dict) -> None:  # type: ignore[type-arg]
    # Resolved in the period: 2, 24, 456 (Jan: INC1, 2, 8), 336, 4, 8, 1 (Feb: INC3, 5, 6, 9); n = 7.
    # Sorted 1 2 4 8 24 336 456: median 8; p90 nearest rank round(0.9 * 6) = 5 (0-based) -> 336.
    assert data["inc.resolve_median"]["value"] == 8 and data["inc.resolve_median"]["n"] == 7
    assert data["inc.resolve_p90"]["value"] == 336
    # Jan 2 24 456: median 24, p90 index round(1.8) = 2 -> 456. Feb 1 4 8 336: median (4 + 8) / 2 = 6.
    assert _v(data["inc.resolve_median"], "by_month", "2025-01") == 24
    assert _v(data["inc.resolve_p90"], "by_month", "2025-01") == 456
    assert _v(data["inc.resolve_median"], "by_month", "2025-02") == 6
    # Lähituki: 336 and 1 -> (336 + 1) / 2 = 168.5; Palvelupiste 2 4 8 24 456 -> 8.
    assert _v(data["inc.resolve_median"], "by_team", "Lähituki") == 168.5
    assert _v(data["inc.resolve_median"], "by_team", "Palvelupiste") == 8
    # FCR: Jan y n n = 1/3, Feb n y n y = 2/4, all 3/7. SLA: Jan 1/3, Feb 3/4, all 4/7.
    assert data["inc.first_contact_resolution"]["value"] == pytest.approx(3 / 7, abs=1e-6)
    assert _v(data["inc.first_contact_resolution"], "by_month", "2025-01") == pytest.approx(1 / 3, abs=1e-6)
    assert data["inc.sla_attainment"]["value"] == pytest.approx(4 / 7, abs=1e-6)
    assert _v(data["inc.sla_attainment"], "by_month", "2025-02") == 0.75
    # Reopened: INC2 only -> 1/7. Reassignments: (0 + 1 + 3 + 2 + 0 + 0 + 1) / 7 = 1; Jan 4/3, Feb 3/4.
    assert data["inc.reopen_rate"]["value"] == pytest.approx(1 / 7, abs=1e-6)
    assert data["inc.reassignments"]["value"] == 1
    assert _v(data["inc.reassignments"], "by_month", "2025-01") == pytest.approx(4 / 3, abs=1e-6)


def test_response_times_count_in_the_month_opened(data: dict) -> None:  # type: ignore[type-arg]
    # Opened in the period with a response: 0.5 1 0.25 | 0.1 0.5 2 1/3 (INC4 has none, INC8 is December).
    # Sorted 0.1 0.25 0.333 0.5 0.5 1 2: median 0.5, p90 index 5 -> 1.
    assert data["inc.response_median"]["value"] == 0.5 and data["inc.response_median"]["n"] == 7
    assert data["inc.response_p90"]["value"] == 1


def test_backlog_is_what_is_open_at_each_month_end(data: dict) -> None:  # type: ignore[type-arg]
    # End of January (2025-02-01 00:00): INC3 (resolved 3 Feb) and INC4; end of February: INC4 and INC7.
    kpi = data["inc.backlog"]
    assert _v(kpi, "by_month", "2025-01") == 2 and _v(kpi, "by_month", "2025-02") == 2 and kpi["value"] == 2
    assert _v(kpi, "by_team_month", "Palvelupiste", "2025-01") == 0
    # Ages at the end of January: INC3 11.5 d, INC4 8 h = 1/3 d -> median (11.5 + 1/3) / 2 = 5.9167.
    # End of February: INC4 28 d 8 h = 28.333 d, INC7 1 d 15 h = 1.625 d -> median 14.979.
    age = data["inc.backlog_age"]
    assert _v(age, "by_month", "2025-01") == pytest.approx((11.5 + 1 / 3) / 2, abs=1e-5)
    assert age["value"] == pytest.approx((28 + 1 / 3 + 1.625) / 2, abs=1e-5)


def test_change_kpis(data: dict) -> None:  # type: ignore[type-arg]
    # CHG1 normal approved before work, successful, reviewed; CHG2 normal, work 15 Jan 22:00 before the
    # approval 16 Jan 09:00, unsuccessful, no review, named as the cause of INC3; CHG3 emergency, no
    # approval recorded, successful, reviewed; CHG4 standard (Feb), successful; CHG5 normal, not implemented.
    assert data["chg.volume"]["value"] == 5
    assert data["chg.success_rate"]["value"] == 0.75  # S U S | S -> 3 of 4 with an outcome
    assert data["chg.emergency_share"]["value"] == 0.2  # 1 of 5
    assert data["chg.followed_by_incident"]["value"] == 0.25  # CHG2 of the 4 implemented
    # Non-standard implemented: CHG1 (in order), CHG2 (late approval), CHG3 (none recorded) -> 2/3.
    assert data["chg.before_approval"]["value"] == pytest.approx(2 / 3, abs=1e-6)
    assert "2025-02" not in data["chg.before_approval"]["by_month"]  # only a standard change: no figure, not 0
    assert data["chg.review_done"]["value"] == pytest.approx(2 / 3, abs=1e-6)  # CHG1, CHG3 of CHG1-3


def test_problem_kpis(data: dict) -> None:  # type: ignore[type-arg]
    # PRB1 root cause after 10 d, PRB2 after 2.5 d (PRB3 none yet) -> median 6.25; known errors PRB1, PRB3.
    assert data["prb.volume"]["value"] == 3
    assert data["prb.root_cause_days"]["value"] == 6.25
    assert data["prb.known_errors"]["value"] == 2 and _v(data["prb.known_errors"], "by_month", "2025-02") == 1


def test_productivity_from_staffing(data: dict) -> None:  # type: ignore[type-arg]
    # Resolved: Palvelupiste Jan 3 (INC1, 2, 8), Feb 2 (INC5, 6); Lähituki Jan 0, Feb 2 (INC3, 9).
    # Agent-days: Palvelupiste 2 FTE x 21 (Jan, given) and x 20 (Feb weekdays); Lähituki 1 x 21, 0.5 x 20.
    assert weekdays("2025-02") == 20
    kpi = data["svc.tickets_per_agent_day"]
    assert kpi["value"] == pytest.approx(7 / (42 + 40 + 21 + 10), abs=1e-6)
    assert _v(kpi, "by_team_month", "Lähituki", "2025-02") == pytest.approx(2 / 10)
    assert _v(kpi, "by_team_month", "Lähituki", "2025-01") == 0
    # Cost: 60,000 / 12 = 5,000 a month per FTE; (10,000 + 10,000 + 5,000 + 2,500) / 7 tickets.
    cost = data["svc.cost_per_ticket"]
    assert cost["value"] == pytest.approx(27500 / 7, abs=1e-3)
    assert _v(cost, "by_team_month", "Lähituki", "2025-01") is None  # no ticket resolved: no cost per ticket
    assert _v(cost, "by_team_month", "Palvelupiste", "2025-01") == pytest.approx(10000 / 3, abs=1e-3)


def test_missing_fields_are_not_computable_never_zero(data: dict) -> None:  # type: ignore[type-arg]
    kpi = data["inc.satisfaction"]
    assert kpi["status"] == "not-computable" and "value" not in kpi
    assert "incident.satisfaction" in kpi["reason"]
    assert data["req.volume"] == {**data["req.volume"], "status": "not-computable", "reason": "no request export given"}


def test_a_mapped_column_absent_from_the_export_makes_its_kpis_not_computable(tmp_path: Path) -> None:
    text = (FIXTURES / "incidents.csv").read_text(encoding="utf-8").splitlines()
    cut = [",".join(line.split(",")[:-1]) for line in text]  # drop u_first_contact_resolution
    path = tmp_path / "inc.csv"
    path.write_text("\n".join(cut) + "\n", encoding="utf-8")
    result = metrics_json(compute_kpis({"incident": _export_at(path)}, PERIOD))
    fcr = next(k for k in result["kpis"] if k["id"] == "inc.first_contact_resolution")
    assert fcr["status"] == "not-computable" and "u_first_contact_resolution" in fcr["reason"]


def _export_at(path: Path):  # type: ignore[no-untyped-def]
    return read_export(path, "incident", load_metrics_map("servicenow-incident", "incident"))


def test_a_field_empty_in_every_row_is_not_computable(tmp_path: Path) -> None:
    lines = (FIXTURES / "incidents.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    i = header.index("made_sla")
    rows = [lines[0]] + [",".join("" if j == i else c for j, c in enumerate(line.split(","))) for line in lines[1:]]
    path = tmp_path / "inc.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sla = next(k for k in metrics_json(compute_kpis({"incident": _export_at(path)}, PERIOD))["kpis"]
               if k["id"] == "inc.sla_attainment")
    assert sla["status"] == "not-computable" and "empty in every row" in sla["reason"]


def test_a_bad_date_is_one_line_naming_file_row_and_column(tmp_path: Path) -> None:
    text = (FIXTURES / "incidents.csv").read_text(encoding="utf-8").replace("2025-02-14 18:00:00", "eilen")
    path = tmp_path / "inc.csv"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "inc.csv:7: column 'resolved_at' (resolved_at): 'eilen' is not a date" in lines[0]
    assert "Traceback" not in result.output


def test_a_header_without_the_mapped_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Key,When\nA-1,2025-01-01\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(path)])
    assert result.exit_code == 2 and "'number'" in result.output and "found: Key, When" in result.output


def test_a_map_naming_an_unknown_field_is_refused(tmp_path: Path) -> None:
    m = tmp_path / "map.yaml"
    m.write_text("schema_version: 1\nmap: {id: own, title: {en: Own}}\ncolumns:\n  id: Key\n  opened: When\n",
                 encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(FIXTURES / "incidents.csv"),
                                      "--map", f"incidents={m}"])
    assert result.exit_code == 2 and "map.yaml:5:" in result.output and "not a field of incident records" in result.output


def test_own_map_with_value_maps_and_finnish_dates(tmp_path: Path) -> None:
    export = tmp_path / "oma.csv"
    export.write_text("Tunnus;Ryhmä;Avattu;Ratkaistu;SLA\nA-1;Tuki;2.1.2025 8.00;;\n"
                      "A-2;Tuki;2.1.2025 9:00;3.1.2025 9:00;Kyllä\nA-3;Tuki;3.2.2025;4.2.2025;Myöhässä\n",
                      encoding="utf-8")
    m = tmp_path / "map.yaml"
    m.write_text("schema_version: 1\nmap: {id: own, title: {en: Own}}\ncolumns:\n  id: Tunnus\n  team: Ryhmä\n"
                 "  opened_at: Avattu\n  resolved_at: Ratkaistu\n"
                 "  sla_met: {column: SLA, values: {Kyllä: 'true', 'Myöh*': 'false'}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(export), "--map", f"incidents={m}",
                                      "--format", "json"])
    assert result.exit_code == 2, result.output  # "2.1.2025 8.00" is not a date format we read: named, not skipped
    assert "oma.csv:2: column 'Avattu' (opened_at): '2.1.2025 8.00'" in result.output
    export.write_text(export.read_text(encoding="utf-8").replace("8.00", "8:00"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(export), "--map", f"incidents={m}",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    kpis = {k["id"]: k for k in json.loads(result.output)["kpis"]}
    assert kpis["inc.volume"]["by_month"] == {"2025-01": {"value": 2, "n": 2}, "2025-02": {"value": 1, "n": 1}}
    assert kpis["inc.sla_attainment"]["value"] == 0.5  # Kyllä -> true, Myöhässä -> false (pattern)


def test_period_parsing() -> None:
    assert parse_period("2024-11..2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert parse_period("2025-03") == ["2025-03"]
    # As Finns write months and periods: 3/2025, 1–3/2025, 11/2024–2/2025.
    assert parse_period("3/2025") == ["2025-03"]
    assert parse_period("1–3/2025") == parse_period("1-3/2025") == ["2025-01", "2025-02", "2025-03"]
    assert parse_period("11/2024–2/2025") == parse_period("11/2024..2/2025") == parse_period("2024-11..2025-02")
    for bad, why in (("2025-13", "the month must be 01 to 12"), ("13/2025", "the month must be 01 to 12"), ("2025-03..2025-01", "ends before it starts"),
                     ("March", "expected YYYY-MM or YYYY-MM..YYYY-MM"), ("3.2025", "or M/YYYY"), ("2025-01..2040-01", "181 months; at most")):
        with pytest.raises(InputError, match=f"^--period '{bad}': .*{why}"):
            parse_period(bad)


def test_realistic_servicenow_and_jira_exports_read_without_errors(tmp_path: Path) -> None:
    from itsm_assess.metrics.example import write_jira, write_servicenow

    sn = write_servicenow(tmp_path, months=3, incidents_per_month=80)
    runner = CliRunner()
    result = runner.invoke(cli, ["metrics", "compute", "--incidents", sn["incident"], "--requests", sn["request"],
                                 "--changes", sn["change"], "--problems", sn["problem"], "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    computed = {k["id"] for k in data["kpis"] if k["status"] == "computed"}
    assert {"inc.first_contact_resolution", "chg.before_approval", "chg.followed_by_incident",
            "prb.root_cause_days", "req.sla_attainment"} <= computed
    assert data["period"]["months"] == ["2025-01", "2025-02", "2025-03"]
    assert any("ä" in t for t in data["teams"])  # Finnish team names survive
    jira = write_jira(tmp_path, months=2, incidents_per_month=60)
    result = runner.invoke(cli, ["metrics", "compute", "--tool", "jira", "--incidents", jira["incident"],
                                 "--changes", jira["change"], "--format", "json"])
    assert result.exit_code == 0, result.output
    kpis = {k["id"]: k for k in json.loads(result.output)["kpis"]}
    assert kpis["inc.volume"]["value"] == 120 and kpis["inc.satisfaction"]["status"] == "computed"
    assert kpis["chg.before_approval"]["status"] == "not-computable"  # Jira exports no approval time


def test_xlsx_export_reads_like_csv(tmp_path: Path) -> None:
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    with open(FIXTURES / "incidents.csv", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            ws.append(row)
    path = tmp_path / "incidents.xlsx"
    wb.save(path)
    result = compute_kpis({"incident": _export_at(path)}, PERIOD)
    assert result.kpi("inc.resolve_median").overall.value == 8  # type: ignore[union-attr]


def test_per_person_only_on_request_pseudonymised_with_the_warning(tmp_path: Path) -> None:
    args = ["metrics", "compute", "--incidents", str(FIXTURES / "incidents.csv"), "--format", "json"]
    plain = CliRunner().invoke(cli, args)
    assert "per_person" not in json.loads(plain.output) and "Aino" not in plain.output
    result = CliRunner().invoke(cli, [*args, "--per-person", "--pseudonym-key", "s3cret"])
    assert result.exit_code == 0
    assert "labour rules" in result.stderr
    data = json.loads(result.stdout)
    people = data["per_person"]["incident"]
    assert "Aino" not in result.stdout and "Virtanen" not in result.stdout
    assert all(p["person"].startswith("P-") for p in people)
    # Aino Virtanen resolved INC1, INC2, INC8 (2, 24, 456 h) in the period: one pseudonym, 3 tickets, median 24.
    three = [p for p in people if p["resolved"] == 3]
    assert len(three) == 1 and three[0]["resolve_median_hours"] == 24 and three[0]["team"] == "Palvelupiste"
    again = json.loads(CliRunner().invoke(cli, [*args, "--per-person", "--pseudonym-key", "s3cret"]).stdout)
    assert again["per_person"] == data["per_person"]  # the same key gives the same pseudonyms


def test_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "metrics.json"
    out.write_text("keep", encoding="utf-8")
    args = ["metrics", "compute", "--incidents", str(FIXTURES / "incidents.csv"), "-o", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 2 and out.read_text() == "keep"
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
    assert json.loads(out.read_text())["format"] == "itsm-assess-metrics"


def test_metrics_help_does_not_import_polars() -> None:
    code = ("import sys\nfrom itsm_assess.cli import cli\n"
            "for args in (['--help'], ['metrics', '--help'], ['metrics', 'compute', '--help']):\n"
            "    try:\n        cli(args, prog_name='itsm-assess')\n    except SystemExit:\n        pass\n"
            "assert 'polars' not in sys.modules\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_a_not_computable_reason_is_in_words_for_readers_and_keeps_its_ids_in_the_json(tmp_path: Path) -> None:
    """The reader's reason names no field or map id ("the incident export has no customer satisfaction
    rating"); ``reason`` in the JSON keeps the ids for whoever fixes the map."""
    example = Path(__file__).resolve().parent.parent / "examples" / "revontuli" / "metrics"
    out = tmp_path / "m.json"
    res = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(example / "incident.csv"), "--period",
                                   "2026-01..2026-04", "-o", str(out)])
    assert res.exit_code == 0, res.output
    kpi = next(k for k in json.loads(out.read_text(encoding="utf-8"))["kpis"] if k["id"] == "inc.satisfaction")
    assert "incident.satisfaction" in kpi["reason"] and "servicenow-incident" in kpi["reason"]
    assert kpi["reason_text"]["en"] == "the incident export has no customer satisfaction rating"
    assert kpi["reason_text"]["fi"] == "häiriöviennistä puuttuu tyytyväisyysarvio"
