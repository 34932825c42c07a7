"""The pre-audit document request list and the interview guides per role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.i18n import localize
from itsm_assess.planning.audit_plan import build_plan, plan_to_yaml
from itsm_assess.planning.requests import agenda_process_order, document_requests, interview_guides

CAT = load_catalogue()
TWELVE = ["CTX", "LEAD", "PLAN", "SUP", "CHG", "RDM", "INC", "SRQ", "PRB", "SLM", "PERF", "IMP"]
PLAN = build_plan(CAT, assessment_id="r", organisation="Revontuli", processes=TWELVE, start=dt.date(2027, 3, 8),
                  days=2, auditors=["A", "B"])


def test_every_evidence_line_is_requested_once_with_every_requirement_it_serves() -> None:
    requests = document_requests(CAT, PLAN)
    keys = [" ".join(r.text.casefold().rstrip(".").split()) for r in requests]
    assert len(keys) == len(set(keys))
    served = {rid for r in requests for rid in r.requirements}
    in_scope = [q for p in TWELVE for q in CAT.requirements_of(p)]
    assert served == {q.id for q in in_scope}
    for req in in_scope:
        for evidence in req.evidence:
            entry = next(r for r in requests if r.text.casefold().rstrip(".") == evidence["en"].casefold().rstrip("."))
            assert req.id in entry.requirements and req.process in entry.processes
            assert set(req.interviewees) <= set(entry.roles)
    total = sum(len(q.evidence) for q in in_scope)
    assert len(requests) <= total


def test_duplicates_are_merged(tmp_path: Path) -> None:
    # Two requirements with the same evidence text (case, spacing and a full stop aside) become one line.
    import dataclasses

    chg = CAT.requirements_of("CHG")
    twin = chg[1].model_copy(update={"evidence": [{"en": chg[0].evidence[0]["en"].upper() + ".  "}]})
    cat = dataclasses.replace(CAT, requirements={**CAT.requirements, chg[1].id: twin})
    cat.__dict__.pop("_by_process", None)
    plan = PLAN.model_copy(update={"processes": ["CHG"]})
    entry = next(r for r in document_requests(cat, plan) if r.text == chg[0].evidence[0]["en"])
    assert entry.requirements[:2] == [chg[0].id, chg[1].id]


def test_guides_ask_each_role_the_questions_of_every_requirement_naming_it_in_agenda_order() -> None:
    guides = {g.role: g for g in interview_guides(CAT, PLAN)}
    order = agenda_process_order(PLAN)
    for role, guide in guides.items():
        processes = [q.process for q in guide.questions]
        assert processes == sorted(processes, key=order.index), role
        items = [q.item for q in guide.questions]
        assert len(items) == len(set(items))
    cm = guides["change-manager"]
    naming = [q.id for p in TWELVE for q in CAT.requirements_of(p) if "change-manager" in q.interviewees]
    expected_items = {i.id for p in TWELVE if p in CAT.checklists for rid in naming
                      for i in CAT.checklists[p].items_for(rid)}
    assert {q.item for q in cm.questions} == expected_items
    first = cm.questions[0]
    item = next(i for i in CAT.checklists[first.process].items if i.id == first.item)
    assert first.question == localize(item.question, "en")
    assert cm.when.startswith("2027-03-08") or cm.when.startswith("2027-03-09")


def test_cli_documents_and_guides_in_finnish(tmp_path: Path) -> None:
    fi = PLAN.model_copy(update={"language": "fi"})
    path = tmp_path / "plan.yaml"
    path.write_text(plan_to_yaml(fi), encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "requests.xlsx"
    result = runner.invoke(cli, ["plan", "documents", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out).worksheets[0]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert ["#", "Asiakirja tai tallenne", "Prosessit", "Vastuuroolit", "Vaatimukset", "Vastaanotettu"] in values
    guides = tmp_path / "guides.md"
    result = runner.invoke(cli, ["plan", "guides", str(path), "-o", str(guides)])
    assert result.exit_code == 0, result.output
    text = guides.read_text(encoding="utf-8")
    assert "## Muutospäällikkö" in text and "Haastattelu: " in text
    # Markdown heads each part once: the role is the section's heading (no "Haastateltava:" line under
    # it), and the request's title line with its dates is the document's (not three titles in a row).
    assert "Haastateltava: " not in text
    requests = tmp_path / "requests.md"
    assert runner.invoke(cli, ["plan", "documents", str(path), "-o", str(requests)]).exit_code == 0
    lines = [line for line in requests.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[0].startswith("# Asiakirjapyyntö: ") and ", auditointi " in lines[0]
    assert not [line for line in lines[1:] if line.startswith("#") or line.startswith("Asiakirjapyyntö")], lines[:4]
    assert runner.invoke(cli, ["plan", "guides", str(path), "-o", str(guides)]).exit_code == 2


def test_lang_words_the_tables_and_the_status_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(plan_to_yaml(PLAN.model_copy(update={"language": "fi"})), encoding="utf-8")
    env = {"ITSM_ASSESS_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
    out = tmp_path / "requests.md"
    result = CliRunner().invoke(cli, ["plan", "documents", str(path), "-o", str(out), "--lang", "fi"], env=env)
    assert result.exit_code == 0 and result.stderr == f"Kirjoitettu: {out}\n"
    english = tmp_path / "guides.md"
    result = CliRunner().invoke(cli, ["plan", "guides", str(path), "-o", str(english), "--lang", "en"], env=env)
    assert result.exit_code == 0 and result.stderr == f"wrote {english}\n"
    assert "## Change manager" in english.read_text(encoding="utf-8")
