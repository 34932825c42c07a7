"""Follow-up across rounds (issue 17): a nonconformity open in one round, verified effective and closed
in the next, shows its whole history in the follow-up report; a finding never disappears silently."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "fixtures" / "audit" / "catalogue"
CASE = HERE / "golden" / "followup"


def _cli(*args: str) -> Any:
    from click.testing import CliRunner

    from itsm_assess.cli import cli

    return CliRunner().invoke(cli, list(args))


def _rows(path: Path, sheet: int = 0) -> list[list[Any]]:
    from openpyxl import load_workbook

    ws = load_workbook(path).worksheets[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_next_round_carries_the_open_findings_as_the_golden_case_starts() -> None:
    """`assess new --from previous.yaml` gives the starting point current.yaml was written from."""
    from itsm_assess.fieldwork.rounds import next_round

    cat = load_catalogue(CATALOGUE)
    nxt, notices = next_round(load_assessment(CASE / "previous.yaml"), cat, assessment_id="testi-2026",
                              start=dt.date(2026, 5, 4))
    assert notices == []
    current = {f.id: f for f in load_assessment(CASE / "current.yaml").findings}
    for f in nxt.findings:
        assert (f.carried_from, f.status, f.history[:1]) == ("testi-2025", "open", current[f.id].history[:1])
    assert [f.id for f in nxt.findings] == ["NC-1", "NC-2", "OFI-1"]


def test_golden_followup_shows_open_verified_closed_history(tmp_path: Path) -> None:
    expected = json.loads((CASE / "expected.json").read_text(encoding="utf-8"))
    out = tmp_path / "followup.xlsx"
    res = _cli("findings", "follow-up", str(CASE / "current.yaml"), "--previous", str(CASE / "previous.yaml"),
               "--catalogue", str(CATALOGUE), "-o", str(out))
    assert res.exit_code == 0, res.output
    rows = _rows(out)
    assert rows[0][0] == expected["title"]
    head = next(i for i, r in enumerate(rows) if r[0] == "Id")
    assert rows[head] == expected["header"]
    assert rows[head + 1:] == expected["rows"]
    assert _rows(out, 1)[1:] == expected["new"]
    # The record itself passes the register and follow-up rules.
    res = _cli("assess", "check", str(CASE / "current.yaml"), "--previous", str(CASE / "previous.yaml"),
               "--catalogue", str(CATALOGUE))
    assert res.exit_code == 0 and "0 errors, 0 warnings" in res.stderr, res.output


def test_followup_html_in_finnish(tmp_path: Path) -> None:
    out = tmp_path / "followup.html"
    res = _cli("findings", "follow-up", str(CASE / "current.yaml"), "--previous", str(CASE / "previous.yaml"),
               "--catalogue", str(CATALOGUE), "-o", str(out), "--lang", "fi")
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    for text in ("Edellisen kierroksen havaintojen seuranta", "Todettu vaikuttavaksi",
                 "Edelleen avoin (korjaava toimenpide ei ollut vaikuttava)",
                 "4.5.2026, Aino Auditor: Vaikuttava", "Ei vaikuttava – pysyy avoimena", "6.5.2025 Avoin (testi-2025)"):
        assert text in html, text
    # NC-2 was never closed: its not-effective verification keeps it open, it is not "reopened".
    assert "Avattu uudelleen" not in html


def test_a_finding_dropped_between_rounds_is_marked_in_the_report_and_is_an_error(tmp_path: Path) -> None:
    text = (CASE / "current.yaml").read_text(encoding="utf-8")
    dropped = tmp_path / "current.yaml"
    dropped.write_text(text[:text.index("  - id: NC-2\n")] + text[text.index("  - id: OFI-1\n"):], encoding="utf-8")
    out = tmp_path / "followup.html"
    res = _cli("findings", "follow-up", str(dropped), "--previous", str(CASE / "previous.yaml"),
               "--catalogue", str(CATALOGUE), "-o", str(out))
    assert res.exit_code == 2
    assert "error: finding NC-2 (minor-nc, open in testi-2025) is absent from testi-2026 with no closure" in res.stderr
    html = out.read_text(encoding="utf-8")  # written in full, the disappearance marked in it
    assert html.count('class="fu-error"') == 1 and "Disappeared without a closure" in html


@pytest.mark.parametrize("name", ["current.yaml", "previous.yaml"])
def test_evidence_log_reads_as_a_line_per_piece_of_evidence(name: str) -> None:
    from itsm_assess.reports.register import evidence_lines

    log = [e.model_dump(mode="json", exclude_none=True) for e in
           load_assessment(CASE / name).response_map()["CHG-05"].evidence_log]
    lines = evidence_lines(log, "en")
    if name == "previous.yaml":
        assert lines == ["Records: Changes closed Q1 2025 (8 of 64: RFC-101, RFC-117), 2025-03-31; "
                         "recorded 2025-05-05 by Aino Auditor"]
    else:
        assert lines[1] == "Document: Change management procedure v2.0, 2025-07-01"
        assert evidence_lines(log, "fi")[0].startswith("Tietueet: Changes closed Q1 2026 (10/71: RFC-402, RFC-415, "
                                                       "RFC-431), 31.3.2026; kirjattu 4.5.2026, Aino Auditor")


def test_report_on_the_next_round_follows_up_and_holds_the_register_and_evidence_log(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    res = _cli("report", str(CASE / "current.yaml"), "--baseline", str(CASE / "previous.yaml"), "--catalogue",
               str(CATALOGUE), "--format", "html,xlsx", "-o", str(tmp_path))
    assert res.exit_code == 0, res.output
    html = (tmp_path / "testi-2026-report.html").read_text(encoding="utf-8")
    for anchor in ('id="followup"', 'id="register"', 'id="reg-NC-1"', 'class="evidence-log"'):
        assert anchor in html, anchor
    assert html.index('id="comparison"') < html.index('id="followup"') < html.index('id="findings"')
    assert "Records: Changes closed Q1 2026 (10 of 71: RFC-402, RFC-415, RFC-431), 2026-03-31" in html
    assert "Not effective – stays open" in html and "Still open (the corrective action was not effective)" in html
    assert "Reopened" not in html
    wb = load_workbook(tmp_path / "testi-2026-report.xlsx")
    assert wb.sheetnames.index("Follow-up") < wb.sheetnames.index("Findings") < wb.sheetnames.index("Findings register")
    follow = [[c.value for c in row] for row in wb["Follow-up"].iter_rows()]
    expected = json.loads((CASE / "expected.json").read_text(encoding="utf-8"))
    head = next(i for i, r in enumerate(follow) if r[0] == "Id")
    assert follow[head + 1:] == expected["rows"]
    annex = [[c.value for c in row] for row in wb["Requirements"].iter_rows()]
    chg05 = next(r for r in annex if r[0] == "CHG-05")
    assert chg05[annex[0].index("Evidence log")].startswith("Records: Changes closed Q1 2026 (10 of 71")
    # A baseline that is not the previous round is compared, not followed up.
    res = _cli("report", str(CASE / "previous.yaml"), "--baseline", str(CASE / "current.yaml"), "--catalogue",
               str(CATALOGUE), "--format", "html", "-o", str(tmp_path / "other"))
    assert res.exit_code == 0 and 'id="followup"' not in (tmp_path / "other" / "testi-2025-report.html").read_text(
        encoding="utf-8")


def test_only_a_finding_that_was_closed_is_called_reopened() -> None:
    """The outcome words what happened: a nonconformity whose corrective action was found not effective
    never closed (it is still open); "reopened" is kept for one that was closed or verified effective."""
    from itsm_assess.assessment import Finding, Verification
    from itsm_assess.reports.register import _outcome, followup_view

    def nc(status: str, verification: Verification | None = None) -> Finding:
        return Finding(id="NC-9", grade="minor-nc", statement="x", status=status, verification=verification)

    failed = Verification(date=dt.date(2026, 5, 4), auditor="A", effective=False)
    worked = Verification(date=dt.date(2025, 9, 1), auditor="A")
    assert _outcome(nc("open"), nc("open", failed)) == "not-effective"
    assert _outcome(nc("action-done"), nc("open", failed)) == "not-effective"
    assert _outcome(nc("closed", worked), nc("open")) == "reopened"
    assert _outcome(nc("verified-effective", worked), nc("open", failed)) == "reopened"
    assert _outcome(nc("action-done"), nc("correction-done")) == "set-back"
    assert _outcome(nc("open", failed), nc("open", failed)) == "unchanged"  # the same verification, already counted
    assert _outcome(nc("open"), nc("action-done")) == "progressed"
    view = followup_view(load_assessment(CASE / "current.yaml"), load_assessment(CASE / "previous.yaml"), lang="en")
    assert {c["outcome"]: c["label"] for c in view["counts"]} == {
        "not-effective": "Still open (the corrective action was not effective)", "closed": "Closed"}
