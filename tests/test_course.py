"""The Revontuli course pack: case, key, participant editions, groups compared with the key."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "examples" / "revontuli" / "course"


def test_case_and_key_fit_together() -> None:
    cat = load_catalogue("iso20000-1-2018")
    key = load_assessment(COURSE / "key.yaml")
    assert key.check_against(cat) == []
    asked = {r.id for p in ("CHG", "INC") for r in cat.requirements_of(p)}
    assert {r.id for r in key.responses} == asked and all(r.rating and r.evidence for r in key.responses)
    for f in key.findings:  # only obligations of the standard yield nonconformities
        bases = {cat.requirements[r].basis for r in f.requirements}
        assert f.grade not in ("major-nc", "minor-nc") or bases == {"shall"}, f.id
    for lang, words in (("en", ["D1 ", "D5 ", "I4 ", "RFC-2232"]), ("fi", ["D1 ", "D5 ", "H4 ", "muutoksenhallinta"])):
        text = (COURSE / f"case.{lang}.md").read_text(encoding="utf-8")
        assert all(w in text for w in words), lang
    assert "muutostenhallinta" not in (COURSE / "case.fi.md").read_text(encoding="utf-8").lower()


def test_groups_fill_workbooks_and_are_compared_with_the_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    picks = {1: {"CHG-03": "P – osittain saavutettu", "CHG-17": "N – ei saavutettu", "INC-01": "L – pääosin saavutettu"},
             2: {"CHG-03": "F – täysin saavutettu", "CHG-17": "L – pääosin saavutettu", "INC-01": "L"}}
    for g, ratings in picks.items():
        folder = tmp_path / f"ryhma-{g}"
        r = runner.invoke(cli, ["assess", "new", "--org", "Revontuli Palvelut Oy", "-p", "CHG,INC", "--id",
                                "revontuli-course", "--lang", "fi", "-o", str(folder)])
        assert r.exit_code == 0, r.output
        wb = openpyxl.load_workbook(folder / "fieldwork.xlsx")
        for sheet in ("CHG", "INC"):
            ws = wb[sheet]
            for row in ws.iter_rows(min_row=3):
                if row[0].value in ratings:
                    row[7].value = ratings[row[0].value]
        wb.save(folder / "fieldwork.xlsx")
        assert runner.invoke(cli, ["assess", "import", str(folder / "fieldwork.xlsx")]).exit_code == 0
    out = tmp_path / "vertailu"
    r = runner.invoke(cli, ["compare", str(tmp_path / "ryhma-1" / "assessment.yaml"), str(tmp_path / "ryhma-2" / "assessment.yaml"),
                            "--key", str(COURSE / "key.yaml"), "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out / "comparison.xlsx")
    assert wb.sheetnames[2] == "Vertailu mallivastaukseen"  # in the groups' language
    agreement = {row[0].value: row[3].value for row in wb.worksheets[2].iter_rows(min_row=2)}
    assert agreement == {"ryhma-1": 1.0, "ryhma-2": 1 / 3}
    outliers = {(row[0].value, row[1].value) for row in wb.worksheets[3].iter_rows(min_row=2)}
    assert outliers == {("CHG-03", "ryhma-2"), ("CHG-17", "ryhma-2")}


def test_participant_and_exercise_editions_hold_no_answers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    cat = load_catalogue("iso20000-1-2018")
    answer = next(i.model_answer["en"] for i in cat.checklists["CHG"].items if i.model_answer)
    for edition, shown in (("participant", False), ("trainer", True)):
        out = tmp_path / f"{edition}.html"
        r = runner.invoke(cli, ["checklist", "render", "-p", "CHG,INC", "--edition", edition, "--title", "Course",
                                "--format", "html", "-o", str(out)])
        assert r.exit_code == 0, r.output
        html = out.read_text(encoding="utf-8")
        assert (" ".join(answer.split()[:6]) in " ".join(html.split())) is shown, edition
    policy = str(ROOT / "examples" / "revontuli" / "change-policy.yaml")
    full, exercise = tmp_path / "guide.md", tmp_path / "exercise.md"
    assert runner.invoke(cli, ["change", "guide", "--policy", policy, "--format", "md", "-o", str(full)]).exit_code == 0
    assert runner.invoke(cli, ["change", "guide", "--policy", policy, "--format", "md", "--exercise", "-o", str(exercise)]).exit_code == 0
    full_text, exercise_text = full.read_text(encoding="utf-8"), exercise.read_text(encoding="utf-8")
    assert "exercise edition" in exercise_text
    reasons = [line for line in full_text.splitlines() if line.startswith("  - ")]  # the worked examples' reasons
    assert reasons and not any(line in exercise_text for line in reasons)
    assert exercise_text.count("### ") == full_text.count("### ")  # every example is still there
