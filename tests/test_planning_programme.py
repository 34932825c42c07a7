"""The certification audit programme: dates within the certification rules, clauses rotated and covered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.planning.programme import (
    EVERY_VISIT_CLAUSES,
    EVERY_VISIT_TOPICS,
    add_months,
    build_programme,
    programme_problems,
)

CAT = load_catalogue()
ALL_CLAUSES = {r.clause for r in CAT.requirements.values()}
AFTER_STAGE1 = ("stage2", "surveillance1", "surveillance2", "recertification")


def test_every_clause_is_covered_in_the_cycle_and_in_the_surveillance_period() -> None:
    prog = build_programme(CAT, dt.date(2027, 3, 8))
    assert prog.clauses_covered() == ALL_CLAUSES
    assert prog.clauses_covered(("surveillance1", "surveillance2")) == ALL_CLAUSES
    assert prog.clauses_covered(("stage2",)) == ALL_CLAUSES
    assert prog.clauses_covered(("recertification",)) == ALL_CLAUSES
    assert {c.split(".")[0] for c in ALL_CLAUSES} == {"4", "5", "6", "7", "8", "9", "10"}


def test_fixed_clauses_and_topics_are_in_every_visit_after_stage1() -> None:
    prog = build_programme(CAT, dt.date(2027, 3, 8))
    for kind in AFTER_STAGE1:
        visit = prog.visit(kind)
        for unit_id in (*EVERY_VISIT_TOPICS, *EVERY_VISIT_CLAUSES):
            assert visit.coverage.get(unit_id) == "A", (kind, unit_id)
    s1, s2 = prog.visit("surveillance1").coverage, prog.visit("surveillance2").coverage
    rotating = [u.id for u in prog.units if not u.fixed]
    # Each rotating process is audited at exactly one of the two surveillance visits.
    assert all((s1.get(u) == "A") != (s2.get(u) == "A") for u in rotating)
    load1 = sum(u.requirements for u in prog.units if not u.fixed and s1.get(u.id))
    load2 = sum(u.requirements for u in prog.units if not u.fixed and s2.get(u.id))
    assert abs(load1 - load2) <= max(u.requirements for u in prog.units)


def test_the_legend_says_how_many_first_rows_every_visit_covers() -> None:
    # (It said "the first rows", leaving the reader to count them: fi-blind-2 #303.)
    from itsm_assess.planning.programme import legend_text

    prog = build_programme(CAT, dt.date(2027, 3, 8))
    fixed = [u for u in prog.units[:5] if u.fixed]
    assert len(fixed) == 5 and not prog.units[5].fixed
    assert legend_text(prog, "fi").endswith("jokaisella käynnillä vaiheen 1 jälkeen käsitellään 5 ensimmäistä riviä.")
    assert legend_text(prog, "en").endswith("every visit after stage 1 covers the first 5 rows.")
    one = build_programme(CAT, dt.date(2027, 3, 8))
    one.units[1:] = [u for u in one.units[1:] if not u.fixed]
    assert legend_text(one, "fi").endswith("käsitellään ensimmäinen rivi.")
    assert legend_text(one, "en").endswith("covers the first row.")


def test_a_limited_scope_rotates_only_its_own_processes() -> None:
    prog = build_programme(CAT, dt.date(2027, 3, 8), processes=["CHG", "INC", "PERF", "IMP"])
    assert {u.id for u in prog.units} == {"changes", "marks", "9.2", "9.3", "10.1", "CHG", "INC", "PERF", "IMP"}
    expected = {r.clause for r in CAT.requirements.values() if r.process in ("CHG", "INC", "PERF", "IMP")}
    assert prog.clauses_covered(("surveillance1", "surveillance2")) == expected


@pytest.mark.parametrize("offset", range(0, 366, 5))
def test_dates_keep_the_certification_rules_for_any_start(offset: int) -> None:
    stage1 = dt.date(2027, 1, 1) + dt.timedelta(days=offset)
    prog = build_programme(CAT, stage1)
    assert programme_problems(prog) == []
    s1 = prog.visit("surveillance1").date
    assert prog.decision < s1 < add_months(prog.decision, 12)
    recert = prog.visit("recertification").date
    assert recert <= prog.expiry
    years = {v.date.year for v in prog.visits}
    assert set(range(prog.decision.year, recert.year + 1)) <= years
    assert all(v.date.weekday() < 5 for v in prog.visits[1:])


def test_hand_checked_dates() -> None:
    prog = build_programme(CAT, dt.date(2027, 3, 8))
    # Stage 2 six weeks on (19 April), decision four weeks later (17 May 2027), surveillance 1
    # eleven months after the decision (Monday 17 April 2028), surveillance 2 a year later
    # (17 April 2029, a Tuesday), recertification 33 months after the decision (17 Feb 2030 is
    # a Sunday: Monday 18 Feb), the certificate runs to 16 May 2030.
    assert [v.date for v in prog.visits] == [dt.date(2027, 3, 8), dt.date(2027, 4, 19), dt.date(2028, 4, 17),
                                             dt.date(2029, 4, 17), dt.date(2030, 2, 18)]
    assert prog.decision == dt.date(2027, 5, 17)
    assert prog.expiry == dt.date(2030, 5, 16)


def test_problems_are_found_when_a_rule_is_broken() -> None:
    import dataclasses

    prog = build_programme(CAT, dt.date(2027, 3, 8))
    late = dataclasses.replace(prog.visit("surveillance1"), date=dt.date(2028, 6, 1))
    broken = dataclasses.replace(prog, visits=[late if v.kind == "surveillance1" else v for v in prog.visits])
    assert any("within 12 months" in p for p in programme_problems(broken))
    gap = dataclasses.replace(prog.visit("surveillance2"), date=dt.date(2030, 1, 7))
    broken = dataclasses.replace(prog, visits=[gap if v.kind == "surveillance2" else v for v in prog.visits])
    assert "no audit in calendar year 2029" in programme_problems(broken)


def test_cli_writes_the_matrix_as_xlsx_and_markdown(tmp_path: Path) -> None:
    runner = CliRunner()
    xlsx = tmp_path / "programme.xlsx"
    result = runner.invoke(cli, ["plan", "programme", "--start", "2027-03-08", "--lang", "fi", "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(xlsx).worksheets[0]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(r for r in values if r[0] == "Aihe tai prosessi")
    assert header[3:] == ["Vaihe 1, 8.3.2027", "Vaihe 2, 19.4.2027", "1. määräaikaisauditointi, 17.4.2028",
                          "2. määräaikaisauditointi, 17.4.2029", "Uudelleensertifiointiauditointi, 18.2.2030"]
    assert "Sertifikaatti voimassa 16.5.2030 asti" in [r[0] for r in values]
    change_row = next(r for r in values if r[0] == "Muutoksenhallinta")
    assert change_row[3] == "D" and change_row[4] == "A" and change_row[7] == "A"
    md = tmp_path / "programme.md"
    result = runner.invoke(cli, ["plan", "programme", "--start", "2027-03-08", "-p", "CHG,INC", "-o", str(md)])
    assert result.exit_code == 0, result.output
    assert "| Change management | 8.5.1.1, 8.5.1.2, 8.5.1.3 | 22 |" in md.read_text(encoding="utf-8")
    # The matrix under the document's title once (it was "# Audit programme" and "## Audit programme").
    headings = [line for line in md.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings == ["# Audit programme", "## Stage 1 topics"], headings
    again = runner.invoke(cli, ["plan", "programme", "--start", "2027-03-08", "-o", str(md)])
    assert again.exit_code == 2 and "--force" in again.output
    bad = runner.invoke(cli, ["plan", "programme", "--start", "2027-03-08", "--stage2", "2027-01-01",
                              "-o", str(tmp_path / "p.md")])
    assert bad.exit_code == 2 and "cannot come before stage 1" in bad.output
    assert not (tmp_path / "p.md").exists()
