"""The audit record (issue 17): evidence log per requirement, the findings register's lifecycle and
its rules, the register as xlsx/html, and the follow-up check across rounds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from itsm_assess.assessment import load_assessment, save_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.errors import InputError
from itsm_assess.reports.register import evidence_lines
from itsm_assess.scoring import score

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "fixtures" / "audit" / "catalogue"
HEAD = (HERE / "golden" / "audit" / "9a-not-rated-is-not-level-0" / "assessment.yaml").read_text(
    encoding="utf-8").split("responses:")[0].replace("  method: audit\n", "  method: audit\n  end_date: 2026-05-05\n")
ALL_F = "".join(f"  - {{id: {rid}, rating: F}}\n" for rid in
                ["LEAD-01", "LEAD-02", *(f"CHG-{n:02d}" for n in range(1, 14)), "INC-01", "INC-02", "INC-03"])
VERIFIED = "verification: {date: 2026-05-04, auditor: Aino Auditor, evidence: 10 changes sampled after the fix}"


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue(CATALOGUE)


def _write(tmp_path: Path, findings: str, responses: str = ALL_F, name: str = "a.yaml", head: str = HEAD) -> Path:
    path = tmp_path / name
    path.write_text(head + "responses:\n" + responses + ("findings:\n" + findings if findings else ""), encoding="utf-8")
    return path


def _cli(*args: str) -> Any:
    from click.testing import CliRunner

    from itsm_assess.cli import cli

    return CliRunner().invoke(cli, list(args))


def _check(path: Path, *more: str) -> Any:
    return _cli("assess", "check", str(path), "--catalogue", str(CATALOGUE), *more)


def _line_of(path: Path, text: str, start: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


# --------------------------------------------------------------------------- the model


def test_existing_two_status_findings_still_load(tmp_path: Path) -> None:
    path = _write(tmp_path, "  - {id: F-1, grade: ofi, requirements: [CHG-01], statement: Could be faster., status: closed}\n"
                            "  - {id: F-2, grade: minor-nc, requirements: [CHG-02], statement: Late approvals.}\n")
    a = load_assessment(path)
    assert [(f.status, f.is_open) for f in a.findings] == [("closed", False), ("open", True)]


@pytest.mark.parametrize(("finding", "says"), [
    ("{id: F-1, grade: major-nc, requirements: [CHG-01], statement: x, status: verified-effective}",
     "status verified-effective needs 'verification:'"),
    ("{id: F-1, grade: major-nc, requirements: [CHG-01], statement: x, status: closed, "
     "verification: {date: 2026-05-04, auditor: A, effective: false}}", "found the action not effective"),
    ("{id: F-1, grade: major-nc, requirements: [CHG-01], statement: x, status: closed, closed_date: 2026-05-01, "
     "verification: {date: 2026-05-04, auditor: A}}", "closed on 2026-05-01, before the verification of 2026-05-04"),
    ("{id: F-1, grade: major-nc, requirements: [CHG-01], statement: x, status: action-done, action_date: 2026-06-01, "
     "verification: {date: 2026-05-04, auditor: A, effective: false}}", "before the action date 2026-06-01"),
    ("{id: F-1, grade: major-nc, requirements: [CHG-01], statement: x, status: closed, verification: {date: 2026-05-04}}",
     "auditor"),
    ("{id: F-1, grade: major-nc, requirements: [CHG-01], statement: x, status: done}", "status"),
])
def test_a_register_entry_that_contradicts_itself_is_refused_at_load(tmp_path: Path, finding: str, says: str) -> None:
    path = _write(tmp_path, f"  - {finding}\n")
    with pytest.raises(InputError) as err:
        load_assessment(path)
    text = str(err.value)
    assert says in text
    assert f"{path}:{_line_of(path, '- {id: F-1')}:" in text  # file:line of the finding


@pytest.mark.parametrize(("entry", "says"), [
    ("{kind: interview, date: 2026-05-04}", "needs the interviewee's 'role'"),
    ("{kind: document, version: '2.1'}", "needs 'source'"),
    ("{kind: record, source: Changes Q1, records: [C1, C2, C3], sample_size: 2}", "3 record ids listed but sample_size is 2"),
    ("{kind: record, source: Changes Q1, sample_size: 12, population: 10}", "a sample of 12 from a population of 10"),
    ("{kind: document, source: Policy, date: 2026-05-05, recorded: 2026-05-04}", "dated 2026-05-05, after it was recorded"),
    ("{kind: meeting, source: CAB}", "kind"),
    ("{kind: interview, role: CAB chair, roles: [Change manager]}", "give 'role' (one) or 'roles' (a list), not both"),
])
def test_an_impossible_evidence_line_is_refused_at_load(tmp_path: Path, entry: str, says: str) -> None:
    path = _write(tmp_path, "", ALL_F.replace("  - {id: CHG-05, rating: F}\n",
                                              f"  - id: CHG-05\n    rating: F\n    evidence_log:\n      - {entry}\n"))
    with pytest.raises(InputError) as err:
        load_assessment(path)
    assert says in str(err.value)
    assert f"{path}:{_line_of(path, entry[:12])}:" in str(err.value)


def test_evidence_log_and_lifecycle_round_trip_and_reach_the_results(tmp_path: Path, catalogue: Any) -> None:
    log = ("  - id: CHG-05\n    rating: P\n    verdict: minor-nc\n    evidence_log:\n"
           "      - {kind: record, source: Changes closed Q1, records: [RFC-1, RFC-7], sample_size: 10, population: 120,"
           " site: HEL, date: 2026-03-31, recorded: 2026-04-02, recorded_by: Aino Auditor,"
           " roles: [Change manager, CAB chair]}\n"
           "      - {kind: interview, role: Change manager, date: 2026-04-02}\n")
    path = _write(tmp_path, "  - {id: F-1, grade: minor-nc, requirements: [CHG-05], statement: Late approvals., "
                            "status: correction-done, correction: Approvals chased, owner: CM, due_date: 2026-06-30}\n",
                  ALL_F.replace("  - {id: CHG-05, rating: F}\n", log))
    a = load_assessment(path)
    entry = a.response_map()["CHG-05"].evidence_log[0]
    assert (entry.examined, entry.population, entry.site, entry.recorded_by) == (10, 120, "HEL", "Aino Auditor")
    assert (entry.roles, a.response_map()["CHG-05"].evidence_log[1].roles) == (["Change manager", "CAB chair"],
                                                                               ["Change manager"])
    copy = tmp_path / "copy.yaml"
    save_assessment(a, copy)
    again = load_assessment(copy)
    assert again.model_dump() == a.model_dump()
    data = score(a, catalogue).to_dict()
    assert data["requirements"]["CHG-05"]["evidence_log"][1] == {"kind": "interview", "role": "Change manager",
                                                                  "date": "2026-04-02"}
    assert data["requirements"]["CHG-05"]["evidence_log"][0]["roles"] == ["Change manager", "CAB chair"]
    assert evidence_lines(data["requirements"]["CHG-05"]["evidence_log"], "en") == [
        "Records: Changes closed Q1 (10 of 120: RFC-1, RFC-7), HEL, 2026-03-31; interviewed: Change manager, "
        "CAB chair; recorded 2026-04-02 by Aino Auditor",
        "Interview: Change manager, 2026-04-02"]
    assert data["requirements"]["CHG-01"]["evidence_log"] == []
    f1 = next(f for f in data["findings"] if f["id"] == "F-1")
    assert (f1["status"], f1["lifecycle_status"]) == ("open", "correction-done")


@pytest.mark.parametrize(("status", "open_major", "verdict"), [
    ("open", 1, "not-ready"),
    ("correction-done", 1, "not-ready"),
    ("action-done", 1, "not-ready"),
    ("verified-effective", 0, "ready"),
])
def test_a_nonconformity_counts_open_until_verified_effective(tmp_path: Path, catalogue: Any, status: str,
                                                              open_major: int, verdict: str) -> None:
    extra = (f", {VERIFIED}" if status == "verified-effective" else "")
    records = ", correction: Fixed, root_cause: No rule, corrective_action: Rule written"
    path = _write(tmp_path, f"  - {{id: F-1, grade: major-nc, requirements: [CHG-05], statement: x, "
                            f"status: {status}{records}{extra}}}\n")
    ready = score(load_assessment(path), catalogue).to_dict()["readiness"]
    assert (ready["open_major"], ready["verdict"]) == (open_major, verdict)


# --------------------------------------------------------------------------- the register rules (assess check)


def test_closing_a_nonconformity_without_verification_is_an_error_naming_its_line(tmp_path: Path,
                                                                                  catalogue: Any) -> None:
    path = _write(tmp_path, "  - id: F-1\n    grade: minor-nc\n    requirements: [CHG-05]\n    statement: Late approvals.\n"
                            "    correction: Chased\n    root_cause: No reminder\n    corrective_action: Reminder set\n"
                            "    status: closed\n"
                            "  - {id: O-1, grade: ofi, requirements: [CHG-02], statement: Faster CAB., status: closed}\n")
    res = _check(path)
    assert res.exit_code == 2
    errors = [line for line in res.stdout.splitlines() if "closed-without-verification" in line]
    assert errors == [f"{path}:{_line_of(path, 'status: closed')}:13: error: nonconformity F-1 is closed without a "
                      "verification of effectiveness; record 'verification:' (date, auditor) or keep it open "
                      "[closed-without-verification]"]
    with pytest.raises(InputError, match="closed-without-verification"):
        score(load_assessment(path), catalogue)
    # Verified, it closes; the OFI closed without verification was never a problem.
    path.write_text(path.read_text(encoding="utf-8").replace("    status: closed\n", f"    status: closed\n    {VERIFIED}\n"),
                    encoding="utf-8")
    res = _check(path)
    assert "closed-without-verification" not in res.stdout
    assert res.exit_code == 0


def test_skipped_steps_and_missing_records_are_flagged(tmp_path: Path) -> None:
    path = _write(tmp_path, f"""  - id: F-1
    grade: major-nc
    requirements: [CHG-05]
    statement: No risk assessment.
    status: closed
    {VERIFIED}
    history:
      - {{assessment: y1, date: 2025-05-04, status: open}}
  - id: F-2
    grade: minor-nc
    requirements: [CHG-06]
    statement: Late approvals.
    correction: Chased
    status: action-done
""")
    res = _check(path)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    skip = [line for line in lines if "status-skips-step" in line]
    assert skip == [f"{path}:{_line_of(path, 'status: closed')}:13: warning: nonconformity F-1 went from open to closed, "
                    "skipping correction-done, action-done, verified-effective [status-skips-step]"]
    missing = sorted(line.split(": warning: ")[1] for line in lines if "lifecycle-record-missing" in line)
    assert missing == [
        "nonconformity F-1 is closed but has no correction, root_cause, corrective_action recorded [lifecycle-record-missing]",
        "nonconformity F-2 is action-done but has no root_cause, corrective_action recorded [lifecycle-record-missing]",
    ]


def test_reopening_after_an_ineffective_verification_is_no_skip(tmp_path: Path) -> None:
    path = _write(tmp_path, """  - id: F-1
    grade: minor-nc
    requirements: [CHG-05]
    statement: Late approvals.
    correction: Chased
    root_cause: No reminder
    corrective_action: Reminder set
    verification: {date: 2026-05-04, auditor: A, effective: false}
    status: open
    history:
      - {assessment: y1, status: open}
      - {assessment: y2, status: correction-done}
      - {assessment: y2, status: action-done}
""")
    res = _check(path)
    assert res.exit_code == 0 and "warning" not in res.stdout, res.stdout


def test_a_finding_that_disappears_between_rounds_is_an_error(tmp_path: Path) -> None:
    before = _write(tmp_path, "  - {id: F-1, grade: minor-nc, requirements: [CHG-05], statement: Late approvals.}\n"
                              "  - {id: F-2, grade: ofi, requirements: [CHG-06], statement: Faster CAB.}\n"
                              "  - {id: F-3, grade: minor-nc, requirements: [CHG-07], statement: Old one., "
                              f"status: closed, correction: c, root_cause: r, corrective_action: a, {VERIFIED}}}\n",
                    name="y1.yaml")
    head_now = HEAD.replace(f"  id: {load_assessment(before).assessment.id}\n",
                            f"  id: round-2\n  previous: {load_assessment(before).assessment.id}\n")
    now = _write(tmp_path, "  - {id: F-2, grade: ofi, requirements: [CHG-06], statement: Faster CAB.}\n",
                 name="y2.yaml", head=head_now)
    res = _check(now, "--previous", str(before))
    assert res.exit_code == 2
    assert [line for line in res.stdout.splitlines() if "finding-disappeared" in line] == [
        f"{before}:{_line_of(before, '{id: F-1')}:10: error: finding F-1 (minor-nc, open in "
        f"{load_assessment(before).assessment.id}) is absent from round-2 with no closure; carry it over and record "
        "what became of it [finding-disappeared]"]
    # The closed F-3 may stay behind; a round that does not follow the file given is refused.
    other = _write(tmp_path, "", name="y3.yaml", head=head_now.replace("previous: ", "previous: someone-else-"))
    res = _check(other, "--previous", str(before))
    assert res.exit_code == 2 and "follows someone-else-" in res.output


# --------------------------------------------------------------------------- the register output


REGISTER = f"""  - id: F-1
    grade: major-nc
    requirements: [CHG-05]
    statement: "=HYPERLINK(\\"http://x\\") <b>No risk assessment</b>"
    evidence: RFC-2211, RFC-2240
    correction: Two changes assessed after the fact
    correction_date: 2026-02-01
    root_cause: The template had no risk field
    corrective_action: Risk field made mandatory
    action_date: 2026-03-01
    owner: Change manager
    due_date: 2026-03-31
    status: closed
    closed_date: 2026-05-05
    {VERIFIED}
    history:
      - {{assessment: y1, date: 2025-05-04, status: open, by: Aino Auditor}}
      - {{assessment: y2, date: 2026-02-01, status: correction-done}}
      - {{assessment: y2, date: 2026-03-01, status: action-done}}
      - {{assessment: y2, date: 2026-05-04, status: verified-effective}}
  - {{id: F-2, grade: minor-nc, requirements: [CHG-06], statement: Late approvals., owner: CAB chair, due_date: 2020-01-31}}
  - {{id: O-1, grade: ofi, requirements: [CHG-02], statement: A faster CAB would help.}}
  - {{id: O-2, grade: observation, requirements: [INC-01], statement: Two tickets without category.}}
"""


def test_register_xlsx_keeps_nonconformities_apart_with_their_lifecycle(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = _write(tmp_path, REGISTER)
    out = tmp_path / "register.xlsx"
    res = _cli("findings", "register", str(path), "--catalogue", str(CATALOGUE), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert "2 nonconformities (1 open), 2 other findings" in res.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["Nonconformities", "Other findings", "History"]
    ws = wb["Nonconformities"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows[3]
    assert header[:5] == ["Id", "Grade", "Requirements", "Statement: what was not met", "Evidence"]
    # The open nonconformity first, then the closed one.
    f1 = dict(zip(header, rows[5], strict=True))
    assert f1["Id"] == "F-1" and f1["Grade"] == "Major nonconformity"
    assert f1["Statement: what was not met"].startswith("=HYPERLINK")  # kept as text, never a formula
    assert ws.cell(row=6, column=4).data_type == "s"
    assert (f1["Root cause"], f1["Corrective action"], f1["Status"], f1["Verified by"], f1["Effective"]) == (
        "The template had no risk field", "Risk field made mandatory", "Closed", "Aino Auditor", "Effective")
    assert f1["Verified on"].date().isoformat() == "2026-05-04"
    f2 = dict(zip(header, rows[4], strict=True))
    # Due before the assessment ended and still open: overdue; no record yet is no register problem while open.
    assert f2["Status"] == "Open (overdue)" and f2["Gaps in the record"] is None
    others = [[c.value for c in row] for row in wb["Other findings"].iter_rows()]
    assert [r[0] for r in others[1:]] == ["O-2", "O-1"]  # observation before OFI, no NC among them
    history = [[c.value for c in row] for row in wb["History"].iter_rows()]
    assert [(r[0], r[2]) for r in history[1:]] == [("F-1", "Open"), ("F-1", "Correction done"),
                                                   ("F-1", "Corrective action done"), ("F-1", "Verified effective"),
                                                   ("F-1", "Closed")]
    assert history[-1][1].date().isoformat() == "2026-05-05" and history[-1][4] == "Aino Auditor"
    # Never overwritten without --force.
    res = _cli("findings", "register", str(path), "--catalogue", str(CATALOGUE), "-o", str(out))
    assert res.exit_code == 2 and "file exists; use --force" in res.output


def test_register_html_in_finnish_escapes_what_people_wrote(tmp_path: Path) -> None:
    path = _write(tmp_path, REGISTER)
    out = tmp_path / "register.html"
    res = _cli("findings", "register", str(path), "--catalogue", str(CATALOGUE), "-o", str(out), "--lang", "fi")
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "<b>No risk assessment</b>" not in html and "&lt;b&gt;No risk assessment&lt;/b&gt;" in html
    for text in ("Poikkeamarekisteri", "Merkittävä poikkeama", "Juurisyy", "Korjaava toimenpide",
                 "Vaikuttavuuden todentaminen", "4.5.2026, Aino Auditor", "Parannusmahdollisuus", "myöhässä"):
        assert text in html, text
    assert html.index("F-1") < html.index("O-2") < html.index("O-1")


def test_register_refuses_other_formats(tmp_path: Path) -> None:
    path = _write(tmp_path, REGISTER)
    res = _cli("findings", "register", str(path), "--catalogue", str(CATALOGUE), "-o", str(tmp_path / "r.pdf"))
    assert res.exit_code == 2 and "expected a .xlsx or .html file name" in res.output
    assert not (tmp_path / "r.pdf").exists()


def test_the_example_register_is_complete() -> None:
    """The bundled 2026 audit: every closed nonconformity verified, and none of 2025 lost."""
    example = HERE.parent / "examples" / "revontuli"
    res = _cli("assess", "check", str(example / "assessment-2026.yaml"),
               "--previous", str(example / "assessment-2025.yaml"))
    assert res.exit_code == 0 and "0 errors, 0 warnings" in res.stderr, res.output
    a = load_assessment(example / "assessment-2026.yaml")
    closed = [f for f in a.findings if f.is_nonconformity and f.status == "closed"]
    assert closed and all(f.verification is not None and f.verification.effective for f in closed)
    assert any(r.evidence_log for r in a.responses)
