"""The scorecard: RAG against targets, scores and index worked by hand, the model's checks, and the
HTML / Excel / JSON outputs (native charts, RAG fills, escaping, Finnish)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.metrics.compute import compute_kpis, metrics_json
from itsm_assess.metrics.exports import load_metrics_map, read_export
from itsm_assess.metrics.scorecard import evaluate, load_scorecard, rag
from itsm_assess.metrics.staffing import load_staffing
from itsm_assess.metrics.wellbeing import Respondent, Responses, load_instrument, summarise

FIXTURES = Path(__file__).parent / "fixtures" / "metrics"


@pytest.fixture(scope="module")
def metrics_data() -> dict:  # type: ignore[type-arg]
    exports = {k: read_export(FIXTURES / f"{k}s.csv", k, load_metrics_map(f"servicenow-{k}", k))
               for k in ("incident", "change", "problem")}
    return metrics_json(compute_kpis(exports, ["2025-01", "2025-02"], load_staffing(FIXTURES / "staffing.yaml")))


def test_rag_follows_the_direction() -> None:
    assert [rag(v, 0.9, 0.85, True) for v in (0.95, 0.9, 0.87, 0.85, 0.8, None)] == ["G", "G", "A", "A", "R", "X"]
    assert [rag(v, 8, 16, False) for v in (4, 8, 12, 16, 20)] == ["G", "G", "A", "A", "R"]


def _card(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "card.yaml"
    path.write_text("schema_version: 1\nscorecard: {id: t, title: {en: T}}\nperspectives:\n" + body, encoding="utf-8")
    return path


def test_scores_and_index_by_hand(tmp_path: Path, metrics_data: dict) -> None:  # type: ignore[type-arg]
    # Fixture values: SLA 4/7 = 0.571, resolve median 8 h, reopen 1/7 = 0.143, before approval 2/3.
    card = _card(tmp_path, """
  - id: service
    title: {en: Service}
    weight: 3
    measures:
      - {kpi: inc.sla_attainment, target: 0.5, amber: 0.4, weight: 2}    # 0.571 >= 0.5: G, 1
      - {kpi: inc.resolve_median, target: 4, amber: 10, weight: 1}       # 8 h: A, 0.5
      - {kpi: inc.satisfaction, target: 0.8, amber: 0.7, weight: 5}      # not computable: X, left out
  - id: quality
    title: {en: Quality}
    weight: 1
    measures:
      - {kpi: inc.reopen_rate, target: 0.05, amber: 0.1}                 # 0.143 > 0.1: R, 0
      - {kpi: chg.before_approval, target: 0, amber: 0.8}                # 0.667: A, 0.5
""")
    view = evaluate(load_scorecard(card), metrics_data, None, "en")
    service, quality = view["perspectives"]
    assert [m["rag"] for m in service["measures"]] == ["G", "A", "X"]
    assert service["score"] == pytest.approx(100 * (2 * 1 + 1 * 0.5) / 3, abs=0.05)  # 83.3
    assert quality["score"] == 25.0  # (0 + 0.5) / 2
    assert view["index"] == pytest.approx((3 * 83.333 + 1 * 25) / 4, abs=0.05)  # 68.8
    assert service["measures"][2]["reason"] and "satisfaction" in service["measures"][2]["reason"]
    assert service["measures"][0]["by_team"]["Palvelupiste"]["rag"] == "G"  # 3/5 resolved with SLA met
    assert service["measures"][0]["evidences"] == ["SLM-06", "SLM-08", "PERF-04"]


def test_the_model_is_checked(tmp_path: Path) -> None:
    bad = _card(tmp_path, """
  - id: p
    title: {en: P}
    weight: 1
    measures:
      - {kpi: inc.sla_attainment, target: 0.9, amber: 0.95}
      - {kpi: inc.volume, target: 1, amber: 2}
      - {kpi: inc.reopen_rate, construct: workload, target: 1, amber: 2}
""")
    with pytest.raises(InputError) as info:
        load_scorecard(bad)
    text = str(info.value)
    assert "card.yaml:9:9:" in text and "amber 0.95 lies on the good side of target 0.9" in text
    assert "'inc.volume': not a KPI with a direction" in text and "either kpi or construct" in text


def test_the_default_scorecard_has_the_six_perspectives() -> None:
    card = load_scorecard()
    assert [p.id for p in card.perspectives] == ["cost", "productivity", "service_level", "quality", "wellbeing",
                                                 "customer"]


def _survey() -> dict:  # type: ignore[type-arg]
    people = [Respondent("Tuki <script>", {"WL1": 5, "WL2": 1, "WL3": 4, "RS1": 2}, {}) for _ in range(6)]
    return summarise(Responses(people), load_instrument())


def test_report_outputs(tmp_path: Path, metrics_data: dict) -> None:  # type: ignore[type-arg]
    m, s = tmp_path / "metrics.json", tmp_path / "survey.json"
    m.write_text(json.dumps(metrics_data), encoding="utf-8")
    s.write_text(json.dumps(_survey()), encoding="utf-8")
    outs = [tmp_path / "sc.html", tmp_path / "sc.xlsx", tmp_path / "sc.json"]
    result = CliRunner().invoke(cli, ["metrics", "report", "--metrics", str(m), "--survey", str(s), "--lang", "fi",
                                      *[a for o in outs for a in ("-o", str(o))]])
    assert result.exit_code == 0, result.output
    html = outs[0].read_text(encoding="utf-8")
    assert "Tuloskortin indeksi" in html and "Palveluorganisaation tuloskortti" in html
    assert "<script" not in html and "Tuki &lt;script&gt;" in html  # team names stay text
    assert "57,1\u00a0%" in html  # SLA 4/7 in Finnish format, one decimal
    assert "Tuloskortin indeksi: " in html and "." not in html.split("Tuloskortin indeksi: ")[1].split("<")[0]
    view = json.loads(outs[2].read_text(encoding="utf-8"))
    wellbeing = next(p for p in view["perspectives"] if p["id"] == "wellbeing")
    workload = wellbeing["measures"][0]
    # WL1 5, WL2 1 -> 5, WL3 4: mean 4.667 >= 3.8: G
    assert workload["value"] == pytest.approx(14 / 3, abs=1e-3) and workload["rag"] == "G"
    from openpyxl import load_workbook

    wb = load_workbook(outs[1])
    assert wb.sheetnames[:3] == ["Tuloskortti", "Kehitys", "Tiimit"]
    assert len(wb["Kehitys"]._charts) >= 5 and len(wb["Tiimit"]._charts) >= 5 and len(wb["Kysely"]._charts) == 1
    ws = wb["Tuloskortti"]
    statuses = {ws.cell(row=r, column=6).value: ws.cell(row=r, column=6).fill.fgColor.rgb for r in range(5, ws.max_row + 1)}
    # Finnish status marks with the colour's name (punainen, ei lukua), the colours as in English.
    assert statuses["● Punainen"].endswith("D6604D") and statuses["–"].endswith("EBEBEB") and "R" not in statuses
    again = CliRunner().invoke(cli, ["metrics", "report", "--metrics", str(m), "-o", str(outs[0])])
    assert again.exit_code == 2  # never overwritten without --force


def test_report_refuses_a_file_of_another_kind(tmp_path: Path) -> None:
    other = tmp_path / "x.json"
    other.write_text('{"format": "something"}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "report", "--metrics", str(other), "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 2 and "not a itsm-assess-metrics file" in result.output


def test_gap_report_shows_kpis_beside_the_requirements(tmp_path: Path, metrics_data: dict) -> None:  # type: ignore[type-arg]
    root = Path(__file__).resolve().parent.parent
    m = tmp_path / "metrics.json"
    # a check on CHG-09 as a larger export would raise it: 30 % of 40 changes before approval
    data = json.loads(json.dumps(metrics_data))
    data["checks"] = [{"id": "changes-before-approval", "kpi": "chg.before_approval", "grade": "minor-nc",
                       "requirements": ["CHG-09"], "value": 0.3, "n": 40, "threshold": 0.05, "direction": "above",
                       "text": {"en": "30% of implemented changes (12 of 40) started before approval.",
                                "fi": "30 % toteutetuista muutoksista (12/40) alkoi ennen hyväksyntää."}}]
    m.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(root / "examples" / "revontuli" / "assessment-2026.yaml"),
                                      "--metrics", str(m), "--format", "html,json", "--lang", "en",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    section = html.split('<section id="metrics"')[1].split("</section>")[0]
    row = section.split('<th scope="row">CHG-09 ')[1].split("</tr>")[0]
    assert "Changes implemented before approval: 66.7% (n=3; target 0.0%: red)" in row
    check = section.split('<th scope="row">CHG-09</th>')[1].split("</tr>")[0]  # the data checks table
    assert "Minor nonconformity" in check and "started before approval." in check  # under "Likely finding"
    assert '<span class="num">2 / 15</span>KPIs on target' in section  # the scorecard's headline
    kpi_row = section.split("<th scope=\"row\">Changes implemented before approval</th>")[1].split("</tr>")[0]
    assert '<td class="num">66.7%</td><td class="num">0.0%</td><td class="c rag-R">' in kpi_row
    assert "30% of implemented changes (12 of 40) started before approval." in row
    assert "Evidence from ticket data" in html and '<a href="#metrics">' in html
    report = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in report["report"]["metrics_evidence"]["rows"]}
    assert {"CHG-09", "INC-05", "SLM-06", "PRB-07"} <= set(rows)
    beside = report["report"]["metrics_evidence"]["findings"]  # the lines the Findings table shows
    assert beside["PERF-04-finding"] == {"id": "PERF-04-finding", "lines": [
        "PERF-04: SLA attainment (incidents): 57.1% (n=7; target 90.0%: red)"]}
    assert "F-2025-01" not in beside  # CHG-01: nothing from the ticket data
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["report", str(root / "examples" / "revontuli" / "assessment-2026.yaml"),
                                       "--metrics", str(bad), "-o", str(tmp_path / "o2")])
    assert refused.exit_code == 2 and "not a metrics.json" in refused.output


def test_team_sheet_states_each_status_in_text_not_only_in_colour(tmp_path: Path, metrics_data: dict) -> None:  # type: ignore[type-arg]
    # A greyscale print or a colour-blind reader lost the team statuses, shown by the fill alone: each
    # figure is followed by its colour's name as the HTML writes it ("57,1 % (punainen)"; a letter P would
    # read as the rating "osittain"), and the cells stay numbers, so the charts still read them.
    from openpyxl import load_workbook

    from itsm_assess._io import theme
    from itsm_assess.i18n.formats import rag_word

    m, out = tmp_path / "metrics.json", tmp_path / "sc.xlsx"
    m.write_text(json.dumps(metrics_data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "report", "--metrics", str(m), "--lang", "fi", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)["Tiimit"]
    by_colour = {colour.lstrip("#").upper(): status for status, colour in theme.RAG_COLOURS.items()}
    figures = [c for row in ws.iter_rows(min_row=2, min_col=2) for c in row if isinstance(c.value, int | float)]
    assert figures
    for c in figures:
        word = rag_word(by_colour[c.fill.fgColor.rgb[-6:].upper()], "fi")
        assert word in ("vihreä", "keltainen", "punainen")
        assert c.number_format.endswith(f'" ({word})"'), (c.coordinate, c.number_format)
    # a share to one decimal, as the HTML: 89,8 % (keltainen) must not read as the 90 % target
    assert any(c.number_format.startswith('0.0"\u00a0"%') for c in figures)
    assert len(ws._charts) == ws.max_row - 1  # a chart per measure row
    # The scorecard sheet's status column shows the marks (never the rating-like letters), explained under the table.
    texts = [str(c.value) for row in load_workbook(out)["Tuloskortti"].iter_rows(max_col=1) for c in row if c.value]
    assert any(t.startswith("✓ vihreä = tavoitteessa, ▲ keltainen = lähellä tavoitetta") for t in texts)
    html = CliRunner().invoke(cli, ["metrics", "report", "--metrics", str(m), "--lang", "fi", "-o", str(tmp_path / "s.html")])
    assert html.exit_code == 0 and "\u00a0% (punainen)</td>" in (tmp_path / "s.html").read_text(encoding="utf-8")
