"""The bundled team survey (examples/revontuli/survey-chg.csv) makes a credible director's page.

`make demo` merges it into a CHG self-assessment and writes that report; a new user judges the
tool by it, so the example must carry what a real team survey has: enough respondents, roles big
enough to show, comments, "don't know" answers and one item the team is split on.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from itsm_assess.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "revontuli" / "survey-chg.csv"


def test_bundled_survey_gives_the_director_a_page_worth_reading(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["assess", "new", "--org", "Revontuli Palvelut Oy", "--processes", "CHG", "--id", "chg-self",
                            "--method", "self-assessment", "--lang", "fi", "-o", str(tmp_path / "f")])
    assert r.exit_code == 0, r.output
    assessment = str(tmp_path / "f" / "assessment.yaml")
    r = runner.invoke(cli, ["assess", "survey", str(EXAMPLE), "--assessment", assessment])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["report", assessment, "--format", "json,html", "--lang", "fi", "-o", str(tmp_path / "r")])
    assert r.exit_code == 0, r.output
    report = json.loads((tmp_path / "r" / "chg-self-report-fi.json").read_text(encoding="utf-8"))
    director = report["report"]["executive"]["director"]
    assert director["respondents"] == 10 and 0.03 < director["dont_know_share"] < 0.15, director
    discuss = [p["id"] for p in director["discuss"]]
    assert discuss == ["CHG-13"], discuss  # emergency changes: developers say "not at all", infrastructure "fully"
    assert director["could_not_say"] == ["CHG-04"]  # retiring a service: 4 of 10 could not say
    html = (tmp_path / "r" / "chg-self-report-fi.html").read_text(encoding="utf-8")
    assert "Vastaajia oli 10" in html
    # One item to discuss and one nobody could answer: their own sentences, never "1 kysymyksessä, esimerkiksi".
    assert "Vastaukset eroavat selvästi yhdessä kysymyksessä: ”Hätämuutokset ovat hallinnassa”." in html
    assert "Vähintään kolmannes ei osannut vastata yhteen kysymykseen:" in html
    assert "Pitäkää lyhyt työpaja kysymyksestä, jossa vastaukset eroavat:" in html
    assert " 1 kysymy" not in html
    assert "Yöllä tehdyt hätämuutokset kirjataan jälkikäteen" in html  # comments reach the report
    assert "Leena Kallio" not in html  # names only with --include-names
