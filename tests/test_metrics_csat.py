"""`metrics compute --csat`: customer-satisfaction responses joined to the tickets, worked by hand on a
small fixture; declared scales; unmatched responses reported; comments never shown; bad input as one
line; the scorecard's customer perspective; the demo's generated survey file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.metrics.compute import compute_kpis, metrics_json
from itsm_assess.metrics.csat import load_csat_map, read_responses
from itsm_assess.metrics.exports import load_metrics_map, read_export

FIXTURES = Path(__file__).parent / "fixtures" / "metrics"
PERIOD = ["2025-01", "2025-02"]
INCIDENTS = FIXTURES / "incidents.csv"

# tests/fixtures/metrics/csat.csv against the incidents of incidents.csv (teams P = Palvelupiste,
# L = Lähituki), period 2025-01..2025-02; a response counts in the month it was answered:
#   INC1  Jan 5 P (comment)      INC2 Jan 3 P          INC3 Feb 4 L (comment)   INC5 Feb 2 P (comment)
#   INC6  no date -> resolved 14 Feb: Feb 5 P          INC8 Jan 1 P             INC9 1 Mar 4 L (outside)
#   INC9  Feb 5 L (a second response to one ticket)    INC99 5: no such ticket  " INC1 " Jan 4 P (spaces)
#   INC5  no score
# Responses 11, with a score 10, matched 9 (INC99 not), in the period 8:
#   Jan P 5 3 1 4; Feb L 4 5, P 2 5.


def _compute(csat_path: Path = FIXTURES / "csat.csv", csat_map: str = "csat") -> dict:  # type: ignore[type-arg]
    incidents = read_export(INCIDENTS, "incident", load_metrics_map("servicenow-incident", "incident"))
    responses = read_responses(csat_path, load_csat_map(csat_map))
    return metrics_json(compute_kpis({"incident": incidents}, PERIOD, csat=responses))


@pytest.fixture(scope="module")
def data() -> dict:  # type: ignore[type-arg]
    return _compute()


def _kpi(data: dict, kpi_id: str) -> dict:  # type: ignore[type-arg]
    return next(k for k in data["kpis"] if k["id"] == kpi_id)


def test_top_two_box_share_by_hand(data: dict) -> None:  # type: ignore[type-arg]
    kpi = _kpi(data, "csat.satisfied")
    # 4 or 5: Jan 5, 4 of 4 -> 0.5; Feb 4, 5, 5 of 4 -> 0.75; in all 5 of 8.
    assert kpi["value"] == 0.625 and kpi["n"] == 8
    assert kpi["by_month"] == {"2025-01": {"value": 0.5, "n": 4}, "2025-02": {"value": 0.75, "n": 4}}
    # Palvelupiste 5 3 1 4 2 5 -> 3 of 6; Lähituki 4 5 -> 2 of 2.
    assert kpi["by_team"] == {"Lähituki": {"value": 1.0, "n": 2}, "Palvelupiste": {"value": 0.5, "n": 6}}
    assert kpi["by_team_month"]["Palvelupiste"]["2025-02"] == {"value": 0.5, "n": 2}  # 2 and 5
    assert "2025-01" not in kpi["by_team_month"]["Lähituki"]  # no response: no figure, not 0 %
    assert kpi["evidences"] == ["BRM-05", "PERF-04"]


def test_mean_score_by_hand(data: dict) -> None:  # type: ignore[type-arg]
    kpi = _kpi(data, "csat.mean")
    # (5 + 3 + 1 + 4 + 4 + 5 + 2 + 5) / 8 = 29 / 8; Jan 13 / 4; Feb 16 / 4; Palvelupiste 20 / 6; Lähituki 9 / 2.
    assert kpi["value"] == 3.625 and kpi["unit"] == "scale"
    assert kpi["by_month"]["2025-01"]["value"] == 3.25 and kpi["by_month"]["2025-02"]["value"] == 4.0
    assert kpi["by_team"]["Palvelupiste"]["value"] == pytest.approx(20 / 6, abs=1e-6)
    assert kpi["by_team"]["Lähituki"]["value"] == 4.5


def test_unmatched_responses_are_counted_and_named(data: dict) -> None:  # type: ignore[type-arg]
    assert data["csat"] == {
        "source": str(Path("tests/fixtures/metrics/csat.csv")), "responses": 11, "scored": 10, "matched": 9,
        "unmatched": 1, "unmatched_examples": ["INC99"], "in_period": 8,
        "scale": {"min": 1, "max": 5, "satisfied_from": 4}, "comments": 3}


def test_comments_are_counted_never_reported(data: dict) -> None:  # type: ignore[type-arg]
    text = json.dumps(data, ensure_ascii=False)
    for comment in ("Nopea apu", "Kiitos", "Hidas"):
        assert comment not in text
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(INCIDENTS), "--csat",
                                      str(FIXTURES / "csat.csv"), "--period", "2025-01..2025-02", "--lang", "fi"])
    assert result.exit_code == 0, result.output
    assert "Nopea apu" not in result.output
    assert "Vapaan tekstin kommentit (3) jätettiin pois, koska ne voivat sisältää henkilötietoja" in result.output
    assert ("Yhtä vastausta ei voitu yhdistää yhteenkään annettuun häiriöön tai palvelupyyntöön (INC99), joten sitä ei "
            "laskettu mukaan") in result.output
    assert ("Asiakastyytyväisyyskysely (csat.csv): vastauksia 11, joista arvosanallisia 10, tikettiin yhdistettyjä 9 ja "
            "tarkastelujaksolle osuvia 8; asteikko 1–5, tyytyväiseksi luetaan arvosana 4 tai parempi") in result.output
    assert "Tyytyväisten vastausten osuus (CSAT): 62\u00a0% (n=8)" in result.output


def test_without_a_results_file_the_kpis_are_not_computable_never_zero() -> None:
    incidents = read_export(INCIDENTS, "incident", load_metrics_map("servicenow-incident", "incident"))
    data = metrics_json(compute_kpis({"incident": incidents}, PERIOD))
    for kpi_id in ("csat.satisfied", "csat.mean"):
        kpi = _kpi(data, kpi_id)
        assert kpi["status"] == "not-computable" and "value" not in kpi
        assert kpi["reason"] == "no customer satisfaction results given (--csat)"
        assert kpi["reason_text"]["fi"] == "asiakastyytyväisyyskyselyn tuloksia ei annettu (--csat)"
    assert "csat" not in data


def test_without_tickets_to_join_the_kpis_say_so() -> None:
    changes = read_export(FIXTURES / "changes.csv", "change", load_metrics_map("servicenow-change", "change"))
    responses = read_responses(FIXTURES / "csat.csv", load_csat_map())
    data = metrics_json(compute_kpis({"change": changes}, PERIOD, csat=responses))
    kpi = _kpi(data, "csat.satisfied")
    assert kpi["status"] == "not-computable" and "incident.id or request.id" in kpi["reason"]
    assert data["csat"]["unmatched"] == 10 and data["csat"]["matched"] == 0


def _own_map(tmp_path: Path, scale: str) -> Path:
    result = CliRunner().invoke(cli, ["metrics", "init-map", "--from", "csat", "-o", str(tmp_path / "map.yaml"),
                                      "--force"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "map.yaml"
    text = path.read_text(encoding="utf-8").replace("scale: {min: 1, max: 5}", scale)
    text = text.replace("ticket: ticket_number", "ticket: Tiketti").replace("score: score", "score: Arvosana")
    path.write_text(text, encoding="utf-8")
    return path


def _zero_to_ten(tmp_path: Path) -> Path:
    path = tmp_path / "nps.csv"
    path.write_text("Tiketti;response_date;Arvosana\nINC1;2025-01-03 09:00;10\nINC2;2025-01-12 10:00;8\n"
                    "INC5;2025-02-06 12:00;9\nINC6;2025-02-15 12:00;0\n", encoding="utf-8")
    return path


def test_a_zero_to_ten_scale_declared_in_an_own_map(tmp_path: Path) -> None:
    data = _compute(_zero_to_ten(tmp_path), str(_own_map(tmp_path, "scale: {min: 0, max: 10}")))
    # Top-two-box of 0-10 is 9-10: 10 and 9 of 10, 8, 9, 0 -> 0.5; mean 27 / 4 on the 0-10 scale.
    assert _kpi(data, "csat.satisfied")["value"] == 0.5 and _kpi(data, "csat.mean")["value"] == 6.75
    assert data["csat"]["scale"] == {"min": 0, "max": 10, "satisfied_from": 9}
    data = _compute(_zero_to_ten(tmp_path), str(_own_map(tmp_path, "scale: {min: 0, max: 10, satisfied_from: 8}")))
    assert _kpi(data, "csat.satisfied")["value"] == 0.75


def test_a_one_to_seven_scale_counts_six_and_seven_as_satisfied(tmp_path: Path) -> None:
    path = tmp_path / "seven.csv"
    path.write_text("Tiketti,response_date,Arvosana\nINC1,2025-01-03 09:00,7\nINC2,2025-01-12 10:00,5\n"
                    "INC5,2025-02-06 12:00,6\nINC6,2025-02-15 12:00,1\n", encoding="utf-8")
    data = _compute(path, str(_own_map(tmp_path, "scale: {min: 1, max: 7}")))
    # 6-7 of 1-7: 7 and 6 of 7, 5, 6, 1 -> 0.5; Jan 7, 5 -> 0.5; mean 19 / 4.
    assert _kpi(data, "csat.satisfied")["value"] == 0.5 and _kpi(data, "csat.mean")["value"] == 4.75
    with pytest.raises(InputError) as info:  # 10, 8, 9 and 0 are all off a 1-7 scale: the first named, all counted
        read_responses(_zero_to_ten(tmp_path), load_csat_map(_own_map(tmp_path, "scale: {min: 1, max: 7}")))
    assert str(info.value).endswith("nps.csv:2: score 10 is not on the 1–7 scale; expected a whole number from 1 to 7, "
                                    "the scale the column map declares (and 3 more rows)")


def test_a_bad_scale_in_the_map_is_named_with_its_line(tmp_path: Path) -> None:
    for scale, expected in (("scale: {min: 1, max: 2}", "scale 1-2: expected at least three points"),
                            ("scale: {min: 1, max: 7, satisfied_from: 8}", "satisfied_from 8 is not above 1")):
        with pytest.raises(InputError) as info:
            load_csat_map(_own_map(tmp_path, scale))
        assert "map.yaml:16:" in str(info.value) and expected in str(info.value)


def test_a_score_off_the_scale_is_one_line_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "csat.csv"
    path.write_text((FIXTURES / "csat.csv").read_text(encoding="utf-8").replace("INC2,2025-01-12 10:00,3",
                                                                               "INC2,2025-01-12 10:00,6"),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(INCIDENTS), "--csat", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(
        "csat.csv:3: score 6 is not on the 1–5 scale; expected a whole number from 1 to 5, the scale the column map "
        "declares")


def test_an_xlsx_score_off_the_scale_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Vastaukset"
    for row in (["ticket_number", "response_date", "score"], ["INC1", "2025-01-03 09:00", 4],
                ["INC2", "2025-01-12 10:00", 4.5]):
        ws.append(row)
    path = tmp_path / "csat.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_responses(path, load_csat_map())
    assert "csat.xlsx: Vastaukset!C3: score 4.5 is not on the 1–5 scale; expected a whole number" in str(info.value)


def test_a_results_file_without_the_mapped_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "csat.csv"
    path.write_text("Tiketti,Arvosana\nINC1,5\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(INCIDENTS), "--csat", str(path)])
    assert result.exit_code == 2 and "'ticket_number', 'response_date', 'score'" in result.output
    assert "found: Tiketti, Arvosana" in result.output


def test_a_csat_map_without_results_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(INCIDENTS), "--map",
                                      f"csat={_own_map(tmp_path, 'scale: {min: 1, max: 5}')}"])
    assert result.exit_code == 2 and "--map csat: no such export given" in result.output


def test_the_default_scorecard_rates_customer_satisfaction(data: dict) -> None:  # type: ignore[type-arg]
    from itsm_assess.metrics.scorecard import evaluate, load_scorecard

    customer = next(p for p in evaluate(load_scorecard(), data, None, "en")["perspectives"] if p["id"] == "customer")
    satisfied, mean, rate = customer["measures"]
    # 0.625 < amber 0.75: R (0, weight 2); 3.625 < amber 3.8: R (0, weight 1); response rate 7 of 7 >= 0.2:
    # G (1, weight 1). Score 1 / 4.
    assert (satisfied["id"], satisfied["rag"], mean["id"], mean["rag"]) == ("csat.satisfied", "R", "csat.mean", "R")
    assert (rate["id"], rate["rag"]) == ("csat.response_rate", "G")
    assert customer["score"] == 25.0 and mean["by_team"]["Lähituki"]["rag"] == "G"  # 4.5 >= 4.2


def test_a_mean_on_another_scale_is_not_rated_against_a_1_to_5_target(tmp_path: Path) -> None:
    from itsm_assess.metrics.scorecard import evaluate, load_scorecard

    data = _compute(_zero_to_ten(tmp_path), str(_own_map(tmp_path, "scale: {min: 0, max: 10}")))
    customer = next(p for p in evaluate(load_scorecard(), data, None, "fi")["perspectives"] if p["id"] == "customer")
    satisfied, mean, rate = customer["measures"]
    assert satisfied["rag"] == "R" and mean["value"] == 6.75 and mean["rag"] == "X"
    assert mean["reason"] == ("tavoite on asetettu asteikolle 1–5, vastaukset käyttävät asteikkoa 0–10: "
                              "aseta tuloskorttiin tavoite sille asteikolle")
    # rated: the share R (weight 2) and the response rate 4 of 7 G (weight 1); the mean left out
    assert rate["rag"] == "G" and customer["score"] == 33.3  # 100 / 3, one decimal


def test_the_generated_example_writes_responses_that_join(tmp_path: Path) -> None:
    from itsm_assess.metrics.example import write_servicenow

    paths = write_servicenow(tmp_path, months=2, incidents_per_month=60)
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", paths["incident"], "--requests",
                                      paths["request"], "--csat", paths["csat"], "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["csat"]["unmatched"] == 2 and data["csat"]["matched"] > 20 and data["csat"]["comments"] > 0
    assert _kpi(data, "csat.satisfied")["status"] == "computed"
    assert any(t.startswith("RITM") for t in _tickets(paths["csat"]))  # requests are answered too


def _tickets(path: str) -> list[str]:
    return [line.split(",")[0] for line in Path(path).read_text(encoding="utf-8").splitlines()[1:]]


def test_the_scorecard_says_what_the_customer_figures_rest_on(tmp_path: Path, data: dict) -> None:  # type: ignore[type-arg]
    metrics = tmp_path / "metrics.json"
    metrics.write_text(json.dumps(data), encoding="utf-8")
    html, xlsx = tmp_path / "sc.html", tmp_path / "sc.xlsx"
    result = CliRunner().invoke(cli, ["metrics", "report", "--metrics", str(metrics), "--lang", "fi",
                                      "-o", str(html), "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    note = ("vastauksia 11, joista arvosanallisia 10, tikettiin yhdistettyjä 9 ja tarkastelujaksolle osuvia 8; asteikko "
            "1–5, tyytyväiseksi luetaan arvosana 4 tai parempi. Yhtä vastausta ei voitu yhdistää")
    assert note in page and "Vapaan tekstin kommentit (3) jätettiin pois" in page
    assert "Nopea apu" not in page
    customer = page.split("<h2>Asiakastyytyväisyys")[1].split("</section>")[0]
    assert "Tyytyväisten vastausten osuus (CSAT)" in customer and note in customer
    from openpyxl import load_workbook

    cells = [str(c.value) for row in load_workbook(xlsx)["Tuloskortti"].iter_rows() for c in row if c.value]
    assert any(note in c for c in cells) and not any("Nopea apu" in c for c in cells)


def test_many_dissatisfied_customers_point_at_the_analysis_of_results(tmp_path: Path) -> None:
    # 30 responses in January to INC1 and INC2, 21 of them 4-5: 70 % < 80 % with n >= 30.
    rows = [f"INC{1 + i % 2},2025-01-20 10:00,{5 if i < 21 else 2}," for i in range(30)]
    path = tmp_path / "csat.csv"
    path.write_text("ticket_number,response_date,score,comment\n" + "\n".join(rows) + "\n", encoding="utf-8")
    check = next(c for c in _compute(path)["checks"] if c["kpi"] == "csat.satisfied")
    assert (check["id"], check["requirements"], check["value"], check["n"]) == (
        "customers-dissatisfied", ["BRM-06", "BRM-05"], 0.7, 30)
    assert check["text"]["fi"] == ("Vain 70\u00a0% asiakaskyselyyn vastanneista (21/30) oli tyytyväisiä: pyydä "
                                   "nähtäväksi tulosten analyysi ja siitä valitut parannukset.")
    path.write_text("ticket_number,response_date,score,comment\n" + "\n".join(rows[:29]) + "\n", encoding="utf-8")
    assert not [c for c in _compute(path)["checks"] if c["kpi"] == "csat.satisfied"]  # 29 responses: too few


def _case_file(tmp_path: Path) -> Path:
    # Against incidents.csv: " inc2 " and "inc3" are INC2 and INC3 written another way; INC3 answered
    # twice; INC7 (Lähituki) is not resolved; INC5 has no score; " inc99 " matches no ticket.
    path = tmp_path / "csat.csv"
    path.write_text("ticket_number,response_date,score\n inc2 ,2025-01-12 10:00,3\nINC3,2025-02-04 08:00,4\n"
                    "inc3,2025-02-05 08:00,5\nINC7,2025-02-28 08:00,2\nINC5,2025-02-07 10:00,\n"
                    " inc99 ,2025-02-01 10:00,5\n", encoding="utf-8")
    return path


def test_ticket_numbers_match_whatever_their_case_and_spaces(tmp_path: Path) -> None:
    data = _compute(_case_file(tmp_path))
    # Scored 5: inc2 -> INC2 (Palvelupiste, Jan), INC3 and inc3 -> INC3 (Lähituki, Feb), INC7 (Lähituki, Feb)
    # match; " inc99 " does not and is reported as written, spaces trimmed.
    assert {k: data["csat"][k] for k in ("responses", "scored", "matched", "unmatched", "unmatched_examples",
                                         "in_period")} == {
        "responses": 6, "scored": 5, "matched": 4, "unmatched": 1, "unmatched_examples": ["inc99"], "in_period": 4}
    kpi = _kpi(data, "csat.satisfied")
    # Jan: 3 -> 0 of 1; Feb: 4, 5, 2 -> 2 of 3; Palvelupiste 0 of 1, Lähituki 2 of 3.
    assert kpi["value"] == 0.5 and kpi["n"] == 4
    assert kpi["by_month"] == {"2025-01": {"value": 0.0, "n": 1}, "2025-02": {"value": pytest.approx(2 / 3), "n": 3}}
    assert kpi["by_team"]["Palvelupiste"] == {"value": 0.0, "n": 1}


def test_response_rate_by_hand(tmp_path: Path) -> None:
    kpi = _kpi(_compute(_case_file(tmp_path)), "csat.response_rate")
    # Resolved in Jan: INC1, INC2, INC8 (all Palvelupiste), INC2 answered -> 1 of 3. In Feb: INC3, INC9
    # (Lähituki), INC5, INC6 (Palvelupiste), INC3 answered (twice: one ticket) -> 1 of 4. In all 2 of 7.
    # INC7 is answered but not resolved: not in the base. INC5's response has no score: not answered.
    assert kpi["value"] == pytest.approx(2 / 7) and kpi["n"] == 7 and kpi["unit"] == "share"
    assert kpi["by_month"] == {"2025-01": {"value": pytest.approx(1 / 3), "n": 3}, "2025-02": {"value": 0.25, "n": 4}}
    assert kpi["by_team"] == {"Lähituki": {"value": 0.5, "n": 2}, "Palvelupiste": {"value": 0.2, "n": 5}}
    assert kpi["by_team_month"]["Palvelupiste"] == {"2025-01": {"value": pytest.approx(1 / 3), "n": 3},
                                                    "2025-02": {"value": 0.0, "n": 2}}
    assert "2025-01" not in kpi["by_team_month"]["Lähituki"]  # nothing resolved: no figure, not 0 %
    assert kpi["evidences"] == ["BRM-05"]
    assert kpi["title"] == {"en": "Customer satisfaction survey: response rate",
                            "fi": "Asiakastyytyväisyyskyselyn vastausosuus"}


def test_response_rate_counts_requests_with_incidents(data: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    # The fixture answers every resolved incident of the period: 7 of 7.
    kpi = _kpi(data, "csat.response_rate")
    assert (kpi["value"], kpi["n"]) == (1.0, 7)
    # Two requests closed in February, one answered (" ritm1 "): Feb 5 of 6 (4 incidents, 2 requests),
    # in all 8 of 9; Palvelupiste 6 of 7.
    requests = tmp_path / "sc_req_item.csv"
    requests.write_text("number,assignment_group,state,opened_at,closed_at\n"
                        "RITM1,Palvelupiste,Closed,2025-02-02 08:00:00,2025-02-03 08:00:00\n"
                        "RITM2,Palvelupiste,Closed,2025-02-02 09:00:00,2025-02-04 08:00:00\n", encoding="utf-8")
    answers = tmp_path / "csat.csv"
    answers.write_text((FIXTURES / "csat.csv").read_text(encoding="utf-8") + " ritm1 ,2025-02-05 10:00,4,\n",
                       encoding="utf-8")
    incidents = read_export(INCIDENTS, "incident", load_metrics_map("servicenow-incident", "incident"))
    both = metrics_json(compute_kpis(
        {"incident": incidents, "request": read_export(requests, "request",
                                                       load_metrics_map("servicenow-request", "request"))},
        PERIOD, csat=read_responses(answers, load_csat_map())))
    kpi = _kpi(both, "csat.response_rate")
    assert (kpi["value"], kpi["n"]) == (pytest.approx(8 / 9), 9)
    assert kpi["by_month"]["2025-02"] == {"value": pytest.approx(5 / 6), "n": 6}
    assert kpi["by_team"]["Palvelupiste"] == {"value": pytest.approx(6 / 7), "n": 7}
    assert both["csat"]["matched"] == 10  # the response to RITM1 joins the request


def test_without_results_the_response_rate_is_not_computable() -> None:
    incidents = read_export(INCIDENTS, "incident", load_metrics_map("servicenow-incident", "incident"))
    kpi = _kpi(metrics_json(compute_kpis({"incident": incidents}, PERIOD)), "csat.response_rate")
    assert kpi["status"] == "not-computable" and kpi["reason"] == "no customer satisfaction results given (--csat)"


def test_the_exports_are_read_once_with_results_and_per_person(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every query over the incident file (KPIs, checks, the tickets the responses name, the
    per-person rows) runs in one collect: the file is scanned once."""
    import polars as pl

    incidents = read_export(INCIDENTS, "incident", load_metrics_map("servicenow-incident", "incident"),
                            fields={"assignee", "resolved_at", "id", *_all_incident_fields()}, check=False)
    responses = read_responses(FIXTURES / "csat.csv", load_csat_map())
    passes: list[int] = []
    real_all, real_collect = pl.collect_all, pl.LazyFrame.collect

    def reads(frames: list[pl.LazyFrame]) -> int:
        return sum(1 for f in frames if "incidents.csv" in f.explain(optimized=False))

    def collect_all(frames, *args, **kwargs):  # type: ignore[no-untyped-def]
        frames = list(frames)
        if reads(frames):
            passes.append(reads(frames))
        return real_all(frames, *args, **kwargs)

    def collect(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if reads([self]):
            passes.append(1)
        return real_collect(self, *args, **kwargs)

    monkeypatch.setattr(pl, "collect_all", collect_all)
    monkeypatch.setattr(pl.LazyFrame, "collect", collect)
    result = compute_kpis({"incident": incidents}, PERIOD, csat=responses, people_key=b"k")
    assert len(passes) == 1 and passes[0] > 5  # one pass, many queries
    assert result.csat is not None and result.csat["matched"] == 9 and result.per_person is not None
    assert sum(p["resolved"] for p in result.per_person["incident"]) == 7


def _all_incident_fields() -> set[str]:
    from itsm_assess.metrics.compute import fields_needed

    return fields_needed("incident", per_person=True, csat=True)


def _workbook(path: Path, rows: list[list[object]], *, at: str = "A1") -> Path:
    """A sheet "Vastaukset" with ``rows`` from cell ``at`` (the used area starts there)."""
    from openpyxl import Workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letter, first = coordinate_from_string(at)
    wb = Workbook()
    ws = wb.active
    ws.title = "Vastaukset"
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.cell(row=first + i, column=column_index_from_string(letter) + j, value=value)
    wb.save(path)
    return path


_HEADER = ["ticket_number", "response_date", "score"]
_GOOD = [["INC1", "2025-01-03 09:00", 5]] * 12  # rows 2-13: the bad cell below lands in row 14


@pytest.mark.parametrize("name, content, expected", [
    ("csat.csv", "ticket_number,response_date,score\nINC1,2025-01-03 09:00,5\nINC2,2025-01-12 10:00,hyvä\n",
     "csat.csv:3: score 'hyvä' is not on the 1–5 scale; expected a whole number from 1 to 5, the scale the column "
     "map declares"),
    ("csat.csv", "ticket_number,response_date,score\nINC1,3.1.2025 9:00,5\nINC2,eilen,4\nINC3,huomenna,4\n",
     "csat.csv:3: column 'response_date' (answered_at): 'eilen' is not a date and time like 2025-03-01 10:00, "
     "1.3.2025 10:00 or 01/Mar/25 10:00 AM (and one more row)"),
    ("csat.xlsx", [_HEADER, *_GOOD, ["INC2", "2025-01-12 10:00", "hyvä"]],
     "csat.xlsx: Vastaukset!C14: score 'hyvä' is not on the 1–5 scale; expected a whole number from 1 to 5, the "
     "scale the column map declares"),
    ("csat.xlsx", [_HEADER, *_GOOD, ["INC2", "2025-01-12 10:00", 0], ["INC3", "2025-01-12 10:00", 9]],
     "csat.xlsx: Vastaukset!C14: score 0 is not on the 1–5 scale; expected a whole number from 1 to 5, the scale "
     "the column map declares (and one more row)"),
    ("csat.xlsx", [_HEADER, *_GOOD, ["INC2", "ensi viikolla", 4]],
     "csat.xlsx: Vastaukset!B14: column 'response_date' (answered_at): 'ensi viikolla' is not a date and time like "
     "2025-03-01 10:00, 1.3.2025 10:00 or 01/Mar/25 10:00 AM"),
    ("titled.xlsx", [_HEADER, ["INC1", "2025-01-03 09:00", 5], ["INC2", "2025-01-12 10:00", "hyvä"]],
     "titled.xlsx: Vastaukset!E5: score 'hyvä' is not on the 1–5 scale"),  # the table starts at C3, not A1
])
def test_bad_results_are_one_line_naming_the_line_or_sheet_and_cell(tmp_path: Path, name: str, content: object,
                                                                    expected: str) -> None:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        _workbook(path, content, at="C3" if name == "titled.xlsx" else "A1")  # type: ignore[arg-type]
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(INCIDENTS), "--csat", str(path)])
    assert result.exit_code == 2 and result.exception is not None and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], lines
    assert f"{name}: row" not in lines[0] and "column 'score' (score)" not in lines[0]


def test_bad_results_in_finnish(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "csat.xlsx", [_HEADER, *_GOOD, ["INC2", "2025-01-12 10:00", "hyvä"]])
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(INCIDENTS), "--csat", str(path),
                                      "--lang", "fi"])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert ("csat.xlsx: Vastaukset!C14: arvosana 'hyvä' ei ole asteikolla 1–5; odotettiin kokonaislukua väliltä "
            "1–5, jonka sarakekartta määrittää asteikoksi") in result.output


def test_an_empty_results_sheet_is_one_line(tmp_path: Path) -> None:
    for rows, expected in (([_HEADER], "csat.xlsx: no rows below the header"),
                           ([], "csat.xlsx: the sheet is empty; expected a header row and one row per record")):
        path = _workbook(tmp_path / "csat.xlsx", rows)
        result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(INCIDENTS), "--csat", str(path)])
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1 and expected in result.output


def test_a_ticket_export_in_a_workbook_names_the_bad_cell(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Page 1"
    lines = INCIDENTS.read_text(encoding="utf-8").splitlines()
    for line in lines:
        ws.append(line.split(","))
    ws["J4"] = "pian"  # resolved_at of INC3
    path = tmp_path / "incident.xlsx"
    wb.save(path)
    result = CliRunner().invoke(cli, ["metrics", "compute", "--incidents", str(path)])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "incident.xlsx: Page 1!J4: column 'resolved_at' (resolved_at): 'pian' is not a date and time" in result.output


def test_few_survey_responses_point_at_representative_respondents(tmp_path: Path) -> None:
    # 100 requests closed in January, 9 answered (one of them twice): 9 % < 10 % with n >= 100.
    requests = tmp_path / "sc_req_item.csv"
    requests.write_text("number,assignment_group,state,opened_at,closed_at\n" + "".join(
        f"RITM{i},Palvelupiste,Closed,2025-01-10 08:00:00,2025-01-10 12:00:00\n" for i in range(100)), encoding="utf-8")
    answers = tmp_path / "csat.csv"
    answers.write_text("ticket_number,response_date,score\n" + "".join(
        f"RITM{i},2025-01-11 08:00,5\n" for i in (*range(9), 3)), encoding="utf-8")

    def checks() -> list[dict]:  # type: ignore[type-arg]
        export = read_export(requests, "request", load_metrics_map("servicenow-request", "request"))
        data = metrics_json(compute_kpis({"request": export}, ["2025-01"],
                                         csat=read_responses(answers, load_csat_map())))
        return [c for c in data["checks"] if c["kpi"] == "csat.response_rate"]

    (check,) = checks()
    assert (check["id"], check["requirements"], check["value"], check["n"]) == ("few-survey-responses", ["BRM-05"],
                                                                                0.09, 100)
    assert check["text"]["fi"] == ("Vain 9\u00a0% ratkaistuista tiketeistä (9/100) sai vastauksen asiakaskyselyyn: "
                                   "kysy, miten organisaatio varmistaa, että vastaajat edustavat sen asiakkaita ja "
                                   "käyttäjäryhmiä.")
    answers.write_text(answers.read_text(encoding="utf-8") + "RITM42,2025-01-11 08:00,4\n", encoding="utf-8")
    assert not checks()  # 10 of 100: not below 10 %


def test_a_cell_is_named_in_the_used_area_of_its_sheet() -> None:
    from itsm_assess.change_impact.maps import ColumnSpec
    from itsm_assess.metrics.exports import Layout

    sheet = Layout("csat.xlsx", "Vastaukset", ("ticket_number", "response_date", "score"), first_row=2, first_column=2)
    assert sheet.where(0, ColumnSpec(column="score")) == "csat.xlsx: Vastaukset!E4"
    assert sheet.where(9, ColumnSpec(join=["nope", "response_date"])) == "csat.xlsx: Vastaukset!D13"
    assert sheet.where(9, ColumnSpec(value="5")) == "csat.xlsx: sheet Vastaukset, row 13"  # a constant has no cell
    assert Layout("csat.csv").where(9, ColumnSpec(column="score")) == "csat.csv:11"
