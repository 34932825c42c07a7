"""Next round from the previous one (`assess new --from`), and process selection alike everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from itsm_assess.assessment import Finding, Response, load_assessment, save_assessment
from itsm_assess.cli import cli

FIX = Path(__file__).parent / "fixtures" / "workbook"


def test_next_round_carries_answers_and_open_findings_with_history(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    r = runner.invoke(cli, ["assess", "new", "--org", "Revontuli", "-p", "CHG", "-p", "INC", "--id", "rev-2025",
                            "--catalogue", str(FIX), "--target", "CHG=2", "--lang", "fi", "--start", "2025-10-06",
                            "--end", "2025-10-08", "-o", str(tmp_path / "y1")])
    assert r.exit_code == 0, r.output
    first = tmp_path / "y1" / "assessment.yaml"
    a = load_assessment(first)
    assert (a.assessment.start_date, a.assessment.end_date) == (dt.date(2025, 10, 6), dt.date(2025, 10, 8))
    a.responses = [Response(id="CHG-01", rating="P", finding="minor-nc", notes="Ei politiikkaa"),
                   Response(id="INC-01", rating="L"), Response(id="CHG:GP2.1.1", rating="N")]
    a.findings = [
        Finding(id="CHG-01-finding", grade="minor-nc", requirements=["CHG-01"], statement="Politiikka puuttuu",
                owner="Aino", due_date=dt.date(2026, 3, 31)),
        Finding(id="F-2", grade="ofi", requirements=["INC-01"], statement="Korjattu", status="closed"),
    ]
    a.assessment.respondents = []
    save_assessment(a, first)
    r = runner.invoke(cli, ["assess", "new", "--from", str(first), "--id", "rev-2026", "--start", "2026-10-05",
                            "--catalogue", str(FIX), "-o", str(tmp_path / "y2")])
    assert r.exit_code == 0, r.output
    assert "carried over from rev-2025: 3 answer(s), 1 open finding(s)" in r.output
    b = load_assessment(tmp_path / "y2" / "assessment.yaml")
    info = b.assessment
    assert (info.organisation, info.scope.processes, info.target_profile, info.language, info.previous) == (
        "Revontuli", ["CHG", "INC"], {"CHG": 2}, "fi", "rev-2025")
    assert info.start_date == dt.date(2026, 10, 5) and info.end_date is None
    got = b.response_map()
    assert got["CHG-01"].rating == "P" and got["CHG-01"].carried_from == "rev-2025" and got["CHG-01"].notes == "Ei politiikkaa"
    assert [f.id for f in b.findings] == ["CHG-01-finding"]  # the closed one stays behind
    carried = b.findings[0]
    assert carried.carried_from == "rev-2025" and carried.owner == "Aino"
    assert [(h.assessment, h.date, h.status) for h in carried.history] == [("rev-2025", dt.date(2025, 10, 8), "open")]
    # the workbook shows carried answers as such; this round's answer replaces them without --force
    wb = openpyxl.load_workbook(tmp_path / "y2" / "fieldwork.xlsx")
    assert any("edellisestä kierroksesta (rev-2025)" in str(c.value) for c in wb["Ohjeet"]["A"])
    ws = wb["CHG"]
    assert ws["H3"].value == "P – osittain saavutettu" and ws["H3"].font.i
    ws["H3"].value = "L – pääosin saavutettu"
    wb.save(tmp_path / "y2" / "fieldwork.xlsx")
    r = runner.invoke(cli, ["assess", "import", str(tmp_path / "y2" / "fieldwork.xlsx"), "--catalogue", str(FIX)])
    assert r.exit_code == 0, r.output
    now = load_assessment(tmp_path / "y2" / "assessment.yaml").response_map()
    assert now["CHG-01"].rating == "L" and now["CHG-01"].carried_from is None
    assert now["INC-01"].carried_from == "rev-2025"  # untouched: still the starting point
    # the same id twice is refused, with one line and exit 2
    again = runner.invoke(cli, ["assess", "new", "--from", str(first), "--id", "rev-2025", "--catalogue", str(FIX),
                                "-o", str(tmp_path / "y3")])
    assert again.exit_code == 2 and "id of its own" in again.output


def test_processes_option_reads_alike_everywhere(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    listed = runner.invoke(cli, ["catalogue", "processes", str(FIX)])
    assert listed.exit_code == 0 and "CHG\t8.5.1\t3" in listed.output
    for args in (["--processes", "CHG,INC"], ["-p", "CHG", "-p", "INC"], ["--process", "CHG", "-p", "INC"]):
        shown = runner.invoke(cli, ["catalogue", "show", str(FIX), *args])
        assert shown.exit_code == 0 and "CHG-01" in shown.output and "INC-01" in shown.output, args
        out = tmp_path / f"{len(args)}-{args[0]}.md"
        rendered = runner.invoke(cli, ["checklist", "render", "--catalogue", str(FIX), *args, "-o", str(out)])
        assert rendered.exit_code == 0 and "2 processes" in rendered.output, rendered.output
    r = runner.invoke(cli, ["assess", "new", "--org", "X", "-p", "CHG,INC", "-p", "CHG", "--catalogue", str(FIX),
                            "-o", str(tmp_path / "n")])
    assert r.exit_code == 0, r.output
    assert load_assessment(tmp_path / "n" / "assessment.yaml").assessment.scope.processes == ["CHG", "INC"]
    missing = runner.invoke(cli, ["assess", "new", "--org", "X", "--catalogue", str(FIX), "-o", str(tmp_path / "m")])
    assert missing.exit_code == 2 and "--processes is required" in missing.output
