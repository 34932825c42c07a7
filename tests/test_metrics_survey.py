"""`metrics survey`: the bundled instrument, results per construct worked by hand, anonymity thresholds,
open answers only for reported groups, change since the last round, and the Forms/Webropol/workbook path."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.metrics.wellbeing import (
    Respondent,
    Responses,
    load_instrument,
    read_responses,
    reportable_groups,
    summarise,
)

INST = load_instrument()


def test_the_bundled_instrument_covers_the_constructs_in_both_languages() -> None:
    assert [c.id for c in INST.constructs] == [
        "workload", "autonomy", "role_clarity", "recognition", "supervisor_support", "team_climate",
        "meaningfulness", "recovery", "intention_to_stay"]
    assert INST.instrument.kind == "workplace-development"
    assert "not a validated clinical" in INST.instrument.notice["en"]
    assert "ei ole validoitu kliininen" in INST.instrument.notice["fi"]
    assert len(INST.open_questions) == 2
    for c in INST.constructs:
        assert len(c.items) >= 3
        for item in c.items:
            assert item.text["en"] and item.text["fi"] and item.text["en"] != item.text["fi"]
    assert INST.scale.labels["fi"][0] == "Täysin eri mieltä" and len(INST.scale.labels["en"]) == 5


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_construct_results_by_hand(tmp_path: Path) -> None:
    # Workload: WL1, WL2 (reverse-keyed: 6 - answer), WL3. Five respondents of team "Tuki":
    #   r1: 4, 2 -> 4, 5   mean (4 + 4 + 5) / 3 = 4.333
    #   r2: 2, 5 -> 1, 2   mean 5 / 3 = 1.667
    #   r3: 3, (none), 3   mean 3
    #   r4: 5, 1 -> 5, 4   mean 14 / 3 = 4.667
    #   r5: (none at all in workload; answers RC1 only)
    # n = 4; mean of the means (4.333 + 1.667 + 3 + 4.667) / 4 = 3.4167;
    # answers after turning round: 4 4 5 | 2 1 2 | 3 3 | 5 5 4 -> distribution 1:1, 2:2, 3:2, 4:3, 5:3 (11);
    # favourable (4-5) 6 / 11 = 0.5455.
    rows = [["Tiimi", "WL1", "WL2", "WL3", "RC1", "OPEN1"],
            ["Tuki", "4", "2", "5", "", "Hyvät työkaverit"],
            ["Tuki", "Jokseenkin eri mieltä", "Strongly agree", "2", "", ""],
            ["Tuki", "3", "", "3 - Neither agree nor disagree", "", ""],
            ["Tuki", "5", "Täysin eri mieltä", "4", "", ""],
            ["Tuki", "", "", "", "4", ""]]
    data = summarise(read_responses([_write(tmp_path / "s.csv", rows)], INST), INST)
    wl = data["overall"]["constructs"]["workload"]
    assert wl["n"] == 4
    assert wl["mean"] == pytest.approx((13 / 3 + 5 / 3 + 3 + 14 / 3) / 4, abs=1e-4)
    assert wl["distribution"] == {"1": 1, "2": 2, "3": 2, "4": 3, "5": 3}
    assert wl["favourable"] == pytest.approx(6 / 11, abs=1e-4)
    assert data["overall"]["constructs"]["role_clarity"] == {
        "n": 1, "mean": 4.0, "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}, "favourable": 1.0}
    assert data["overall"]["constructs"]["autonomy"]["n"] == 0 and data["overall"]["constructs"]["autonomy"]["mean"] is None
    assert data["groups"]["Tuki"]["open_answers"]["OPEN1"] == ["Hyvät työkaverit"]


def _people(sizes: dict[str, int]) -> Responses:
    return Responses([Respondent(g, {"WL1": 4}, {"OPEN1": f"{g} says"}) for g, n in sizes.items() for _ in range(n)])


def test_no_group_below_five_and_no_small_group_by_subtraction() -> None:
    # 7 + 6 shown; 3 + 1 pooled = 4 < 5: withholding the pool alone would let 17 - 7 - 6 give it away,
    # so the smallest shown group (6) joins: pool 10, shown 7.
    assert reportable_groups({"A": 7, "B": 6, "C": 3, "D": 1}, 5) == (["A"], ["B", "C", "D"])
    assert reportable_groups({"A": 7, "B": 6, "C": 3, "D": 2}, 5) == (["A", "B"], ["C", "D"])
    assert reportable_groups({"A": 4, "B": 4}, 5) == ([], ["A", "B"])
    data = summarise(_people({"A": 7, "B": 6, "C": 3, "D": 1}), INST)
    assert set(data["groups"]) == {"A", "(other groups)"}
    assert data["groups"]["(other groups)"]["respondents"] == 10
    assert all("C says" not in json.dumps(block) for name, block in data["groups"].items() if name == "A")


def test_free_text_only_where_the_group_is_reported() -> None:
    data = summarise(_people({"A": 5, "B": 2, "C": 2}), INST)
    # B and C pool to 4 < 5 and A would then be the only group: A joins the pool, only the total is shown.
    assert data["groups"] == {"(other groups)": data["groups"]["(other groups)"]}
    small = summarise(_people({"A": 3, "B": 1}), INST)
    assert small["overall"] is None and small["groups"] == {} and "says" not in json.dumps(small)
    assert small["withheld"] == {"groups": 2, "respondents": 4}


def test_threshold_can_be_raised_never_lowered() -> None:
    with pytest.raises(InputError, match="never lowered"):
        summarise(_people({"A": 9}), INST, min_group=3)
    data = summarise(_people({"A": 9, "B": 7}), INST, min_group=8)
    assert set(data["groups"]) == {"(other groups)"}  # B (7) under 8 pools with A
    result = CliRunner().invoke(cli, ["metrics", "survey", "x.csv", "--min-group", "4"])
    assert result.exit_code == 2


def test_unknown_answer_is_one_line_with_its_cell(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", [["Team", "WL1"], ["A", "maybe"]])
    result = CliRunner().invoke(cli, ["metrics", "survey", str(path)])
    assert result.exit_code == 2
    assert "s.csv:2:2: answer 'maybe' is not on the scale" in result.output and "Traceback" not in result.output


def test_forms_round_trip_and_change_since_last_round(tmp_path: Path) -> None:
    from itsm_assess.metrics.example import write_survey_export

    before, after = tmp_path / "2024.xlsx", tmp_path / "2025.xlsx"
    write_survey_export(before, teams={"Palvelupiste": 8, "Lähituki": 6}, seed=1, shift=-0.5)
    write_survey_export(after, teams={"Palvelupiste": 8, "Lähituki": 6}, seed=2, shift=0.5)
    runner = CliRunner()
    first = runner.invoke(cli, ["metrics", "survey", str(before), "-o", str(tmp_path / "2024.json")])
    assert first.exit_code == 0, first.output
    result = runner.invoke(cli, ["metrics", "survey", str(after), "--previous", str(tmp_path / "2024.json"),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["respondents"] == 14 and set(data["groups"]) == {"Palvelupiste", "Lähituki"}
    deltas = [v["mean"] for v in data["change"]["overall"].values()]
    assert len(deltas) == 9 and sum(deltas) / 9 > 0.3  # the answers were shifted up by a whole step
    text = runner.invoke(cli, ["metrics", "survey", str(after), "--lang", "fi"]).output
    assert "Kaikki vastaajat (n=14)" in text and "ei ole validoitu" in text


@pytest.mark.parametrize("tool,suffix", [("forms", ".docx"), ("webropol", ".xlsx"), ("workbook", ".xlsx")])
def test_survey_forms_for_the_tools(tmp_path: Path, tool: str, suffix: str) -> None:
    out = tmp_path / f"form{suffix}"
    result = CliRunner().invoke(cli, ["metrics", "survey-form", "--tool", tool, "-o", str(out), "--lang", "fi"])
    assert result.exit_code == 0, result.output
    assert "30 questions" in result.stderr or "kysymyksiä 30" in result.stderr
    if tool == "workbook":
        from openpyxl import load_workbook

        ws = load_workbook(out).active
        ws.append(["Tuki"] + ["Jokseenkin samaa mieltä"] * 27)
        for _ in range(4):
            ws.append(["Tuki"] + ["4"] * 27)
        ws.parent.save(out)
        data = summarise(read_responses([out], INST), INST)
        # WL2, RC3, RS2, RS3, IS2 are reverse-keyed: "agree" (4) counts as 2 there
        assert data["overall"]["constructs"]["autonomy"]["mean"] == 4
        assert data["overall"]["constructs"]["recovery"]["mean"] == pytest.approx((4 + 2 + 2) / 3, abs=1e-4)


def test_own_instrument_file_replaces_the_bundled_one(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(
        "schema_version: 1\ninstrument: {id: own, version: '1', kind: licensed, title: {en: Own}, notice: {en: Ours}}\n"
        "group_question: {en: Unit}\nscale:\n  labels: {en: [a, b, c, d, e]}\n  favourable: [4, 5]\n"
        "constructs:\n  - id: demands\n    title: {en: Demands}\n    items:\n      - id: D1\n        text: {en: Q one}\n",
        encoding="utf-8")
    path = _write(tmp_path / "s.csv", [["Unit", "Q one"]] + [["X", "e"]] * 5)
    result = CliRunner().invoke(cli, ["metrics", "survey", str(path), "--instrument", str(own), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["constructs"]["demands"]["mean"] == 5
