"""The basis of a requirement (shall / derived / good practice), advice in checklists, and clause coverage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from itsm_assess.catalogue import cache_clear, load_catalogue
from itsm_assess.catalogue.checklist_render import (
    build_checklist_document,
    render_checklist,
    render_html,
    render_markdown,
)
from itsm_assess.catalogue.clause_coverage import clause_coverage
from itsm_assess.catalogue.export import catalogue_as_dict, catalogue_stats, write_catalogue_xlsx
from itsm_assess.cli import cli
from itsm_assess.errors import InputError

MINI = Path(__file__).parent / "fixtures" / "mini"
PROCESS = "catalogue/processes/change.yaml"
CHECKLIST = "checklists/change.yaml"


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(MINI, tmp_path / "mini")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "mini"


def load(root: Path):  # type: ignore[no-untyped-def]
    # Each test edits the files between loads: never take the loader's cache of an earlier state.
    cache_clear()
    return load_catalogue(root / "catalogue", checklists=root / "checklists")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_good_practice(root: Path, extra: str = "    source: itil4\n") -> None:
    """CHG-02 (weight 2) becomes good practice."""
    edit(root / PROCESS, "    weight: 2\n", "    weight: 2\n    basis: good-practice\n" + extra)


def problems(root: Path) -> str:
    with pytest.raises(InputError) as exc:
        load(root)
    return "\n".join(exc.value.problems)


# ---------------------------------------------------------------- the model


def test_basis_defaults_to_shall_and_good_practice_loads(mini: Path) -> None:
    assert load(mini).requirements["CHG-02"].basis == "shall"
    make_good_practice(mini)
    # An item whose requirements mix shall and good practice may keep obligations in look_for.
    req = load(mini).requirements["CHG-02"]
    assert (req.basis, req.source, req.serves) == ("good-practice", "itil4", [])


def test_good_practice_needs_a_source_and_never_weighs_3(mini: Path) -> None:
    make_good_practice(mini, extra="")
    assert "a good-practice requirement names its source" in problems(mini)
    edit(mini / PROCESS, "    basis: good-practice\n", "    basis: good-practice\n    source: advice\n")
    edit(mini / PROCESS, "    weight: 3\n", "    weight: 3\n    basis: good-practice\n    source: iso20000-1-2011\n")
    text = problems(mini)
    assert "mini/catalogue/processes/change.yaml:" in text
    assert "good practice weighs at most 2, not 3" in text


def test_derived_names_the_shall_it_serves(mini: Path) -> None:
    edit(mini / PROCESS, "    weight: 2\n", "    weight: 2\n    basis: derived\n")
    assert "a derived requirement names the shall requirement(s) it serves" in problems(mini)
    edit(mini / PROCESS, "    basis: derived\n", "    basis: derived\n    serves: [CHG-09]\n")
    assert "CHG-02.serves: unknown requirement 'CHG-09'" in problems(mini)
    edit(mini / PROCESS, "serves: [CHG-09]", "serves: [CHG-01]")
    assert load(mini).requirements["CHG-02"].serves == ["CHG-01"]


def test_derived_cannot_serve_good_practice_and_shall_takes_no_source(mini: Path) -> None:
    edit(mini / PROCESS, "    weight: 3\n", "    weight: 2\n    basis: good-practice\n    source: advice\n")
    edit(mini / PROCESS, "    attribute: PA1.1\n", "    attribute: PA1.1\n    basis: derived\n    serves: [CHG-01]\n")
    assert "CHG-02.serves: 'CHG-01' is good-practice, not a shall requirement" in problems(mini)


def test_source_only_on_good_practice(mini: Path) -> None:
    edit(mini / PROCESS, "    weight: 2\n", "    weight: 2\n    source: itil4\n")
    assert "source is only for good-practice requirements (this one is shall)" in problems(mini)


def test_look_fors_of_pure_good_practice_items_are_advice(mini: Path) -> None:
    make_good_practice(mini)
    edit(mini / PROCESS, "    weight: 3\n", "    weight: 2\n    basis: good-practice\n    source: advice\n")
    assert "every requirement of CHG-Q01 is good practice, so what to look for is advice" in problems(mini)
    edit(mini / CHECKLIST, "look_for:", "advice:")
    assert load(mini).checklists["CHG"].items[0].advice


def test_an_item_has_something_to_look_for(mini: Path) -> None:
    edit(mini / CHECKLIST, "    look_for: [{en: An approved policy., fi: Hyväksytty politiikka.}]\n", "")
    assert "an item lists what to look for" in problems(mini)


# ---------------------------------------------------------------- rendering, stats, exports


def test_every_checklist_format_separates_obligations_from_advice(mini: Path, tmp_path: Path) -> None:
    make_good_practice(mini)
    edit(mini / CHECKLIST, "    look_for:", "    advice: [{en: A change calendar., fi: Muutoskalenteri.}]\n    look_for:")
    cat = load(mini)
    doc = build_checklist_document(cat, edition="auditor")
    md = render_markdown(doc)
    assert md.index("What to look for (required)") < md.index("An approved policy.")
    assert md.index("Good practice (advice, not required)") < md.index("A change calendar.")
    assert "CHG-02 (8.5.1.3 – good practice, not required)" in md
    html = render_html(build_checklist_document(cat, edition="trainer", lang="fi"))
    assert "Hyvä käytäntö (suositus, ei vaatimus)" in html and "Muutoskalenteri." in html
    out = tmp_path / "c.xlsx"
    render_checklist(cat, out, edition="auditor")
    cell = str(load_workbook(out)["CHG"]["C3"].value)
    assert cell == (
        "What to look for (required):\n• An approved policy.\n\n"
        "Good practice (advice, not required):\n◦ A change calendar."
    )
    participant = render_markdown(build_checklist_document(cat, edition="participant"))
    assert "A change calendar." not in participant


def test_stats_and_exports_carry_the_basis(mini: Path, tmp_path: Path) -> None:
    make_good_practice(mini)
    cat = load(mini)
    stats = catalogue_stats(cat)
    assert stats["per_basis"] == {"shall": 1, "derived": 0, "good-practice": 1}
    assert stats["good_practice_per_source"] == {"itil4": 1}
    data = catalogue_as_dict(cat)
    assert [(r["id"], r["basis"]) for r in data["requirements"]] == [("CHG-01", "shall"), ("CHG-02", "good-practice")]
    assert data["requirements"][1]["source"] == "itil4"
    out = tmp_path / "cat.xlsx"
    write_catalogue_xlsx(cat, out)
    ws = load_workbook(out)["Requirements"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["CHG-02"]["basis"] == "Good practice (not required)" and rows["CHG-02"]["source"] == "ITIL 4"
    assert rows["CHG-01"]["basis"] == "Obligation (shall)"  # the codes' labels; the import reads both


def test_cli_stats_show_and_yaml_export_show_the_basis(mini: Path) -> None:
    make_good_practice(mini)
    runner = CliRunner()
    cache_clear()
    result = runner.invoke(cli, ["catalogue", "show", "mini/catalogue", "--lang", "fi"])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith("  CHG-")}
    assert lines["CHG-02"].endswith("[Hyvä käytäntö (ei vaatimus): ITIL 4]")
    assert "[" not in lines["CHG-01"]
    cache_clear()
    result = runner.invoke(cli, ["catalogue", "stats", "mini/catalogue", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["per_basis"]["good-practice"] == 1
    cache_clear()
    result = runner.invoke(cli, ["catalogue", "export", "mini/catalogue", "--format", "yaml"])
    assert result.exit_code == 0 and "basis: good-practice" in result.stdout


# ---------------------------------------------------------------- coverage


def test_coverage_flags_a_leaf_without_shall(mini: Path) -> None:
    report = clause_coverage(load(mini))
    assert [(r.clause, r.status) for r in report.rows] == [
        ("8.5.1", "parent"), ("8.5.1.1", "covered"), ("8.5.1.3", "covered"),
    ]
    make_good_practice(mini)
    report = clause_coverage(load(mini))
    assert [r.clause for r in report.flagged] == ["8.5.1.3"]
    assert report.counts() == {"leaf_clauses": 2, "covered": 1, "no-shall": 1, "uncovered": 0, "no-obligation": 0}
    row = report.rows[2]
    assert row.requirements[0].questions == ("CHG-Q01",)


def test_coverage_of_an_empty_leaf_and_of_a_clause_without_obligation(mini: Path) -> None:
    edit(mini / "catalogue/catalogue.yaml", '  "8.5.1.3"', '  "8.5.1.2": {en: Change management initiation, fi: Käynnistäminen}\n  "8.5.1.3"')
    assert [r.clause for r in clause_coverage(load(mini)).flagged] == ["8.5.1.2"]
    edit(mini / "catalogue/catalogue.yaml", "references:",
         'clauses_without_obligations:\n  "8.5.1.2": {en: Says nothing of its own in this test., fi: Ei omaa sisältöä tässä testissä.}\nreferences:')
    report = clause_coverage(load(mini))
    assert report.flagged == [] and report.counts()["no-obligation"] == 1


def test_coverage_command_formats_and_strict_exit(mini: Path, tmp_path: Path) -> None:
    make_good_practice(mini)
    runner = CliRunner()
    cache_clear()
    result = runner.invoke(cli, ["catalogue", "coverage", "mini/catalogue"])
    assert result.exit_code == 0
    assert "!! 8.5.1.3" in result.stdout
    assert "2 leaf clauses: 1 covered by a shall requirement, 1 with no shall requirement" in result.stdout
    assert runner.invoke(cli, ["catalogue", "coverage", "mini/catalogue", "--strict"]).exit_code == 1
    cache_clear()
    result = runner.invoke(cli, ["catalogue", "coverage", "mini/catalogue", "--format", "md", "--lang", "fi"])
    assert result.exit_code == 0
    assert "| 8.5.1.3 | Muutoksenhallinnan toiminnot | HUOM: ei velvoittavaa vaatimusta | CHG-02 | Hyvä käytäntö (ei vaatimus) | ITIL 4 | CHG-Q01 |" in result.stdout
    out = tmp_path / "cov.xlsx"
    cache_clear()
    result = runner.invoke(cli, ["catalogue", "coverage", "mini/catalogue", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:5] == ("Clause", "Clause title", "Leaf clause", "Status", "Requirement")
    assert ("8.5.1.3", "CHG-02", "Good practice (not required)", "ITIL 4", "CHG-Q01") in [
        (r[0], r[4], r[5], r[6], r[8]) for r in rows[1:]
    ]
    assert runner.invoke(cli, ["catalogue", "coverage", "mini/catalogue", "--format", "xlsx"]).exit_code == 2


def test_bundled_catalogue_covers_every_leaf_clause_with_an_obligation() -> None:
    cat = load_catalogue("iso20000-1-2018")
    report = clause_coverage(cat)
    assert len(report.leaves) == 57
    assert [r.clause for r in report.flagged] == []
    # Clauses with no obligation of their own say why, in both languages.
    for clause, why in cat.clauses_without_obligations.items():
        assert clause in cat.leaf_clauses() and why.get("fi") and why["fi"] != why["en"]
