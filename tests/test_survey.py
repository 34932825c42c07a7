"""Survey aggregation: hand-checked medians and spreads, CSV/XLSX exports, workbooks, mapping, names."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itsm_assess._io.xlsx_cells import set_text
from itsm_assess.assessment import Response, load_assessment, save_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.errors import ConflictError, InputError
from itsm_assess.fieldwork.create import create_assessment, new_assessment
from itsm_assess.fieldwork.layout import META_SHEET
from itsm_assess.fieldwork.survey import import_survey, summarize

FIX = Path(__file__).parent / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


@pytest.fixture
def yaml_path(cat, tmp_path):  # type: ignore[no-untyped-def]
    a = new_assessment(cat, "Revontuli", ["CHG", "INC"], assessment_id="rev", method="self-assessment")
    path, _ = create_assessment(tmp_path / "a", cat, a)
    return path


@pytest.mark.parametrize(("counts", "rating", "spread", "flag"), [
    ([1, 1, 1, 1], "P", 2, True),    # N P L F: lower middle P; Q1 N (rank 1), Q3 L (rank 3)
    ([0, 1, 0, 1], "P", 2, True),    # P F: tie -> lower (P); Q1 P, Q3 F
    ([0, 0, 2, 0], "L", 0, False),   # L L
    ([0, 1, 3, 1], "L", 0, False),   # P L L L F: ranks 2..4 all L
    ([1, 0, 0, 3], "F", 3, True),    # N F F F: median rank 2 = F; Q1 rank 1 = N
    ([1, 0, 0, 19], "F", 0, False),  # one outlier in 20: Q1 rank 5 = F
    ([0, 2, 2, 0], "P", 1, False),   # P P L L: median rank 2 = P; Q1 P, Q3 L
    ([3, 0, 0, 0], "N", 0, False),
])
def test_hand_checked_aggregates(counts, rating, spread, flag):  # type: ignore[no-untyped-def]
    s = summarize(counts)
    assert (s.rating, s.spread, s.disagreement, s.respondents) == (rating, spread, flag, sum(counts))


def test_not_applicable_only_and_nothing():  # type: ignore[no-untyped-def]
    assert summarize([0, 0, 0, 0], not_applicable=2).rating == "NA"
    assert summarize([0, 0, 0, 0]).rating is None


def test_csv_by_id_with_roles_refined_ratings_and_no_names(cat, yaml_path, tmp_path):  # type: ignore[no-untyped-def]
    csv_path = tmp_path / "export.csv"
    csv_path.write_text(
        "Aikaleima;Nimi;Rooli;CHG-01 Policy?;[CHG-02] Approval;INC:GP2.1.1\n"
        "2025-01-01;Aino Virtanen;Service desk;F;p+;L\n"
        "2025-01-02;Bo;Service desk;P-;L;\n"
        "2025-01-03;Cecilia;Change manager;NA;L-;L\n",
        encoding="utf-8",
    )
    report, tally = import_survey([csv_path], yaml_path, catalogue=cat)
    got = load_assessment(yaml_path).response_map()
    assert (got["CHG-01"].rating, got["CHG-01"].respondents, got["CHG-01"].spread, got["CHG-01"].disagreement) == ("P", 2, 2, True)
    # p+ L L- -> P L L: median L; Q1 (rank 1) P, Q3 (rank 3) L
    assert (got["CHG-02"].rating, got["CHG-02"].respondents, got["CHG-02"].spread) == ("L", 3, 1)
    assert got["INC:GP2.1.1"].rating == "L" and got["INC:GP2.1.1"].respondents == 2
    # Service desk has 2 respondents: below the privacy threshold of 3, so not shown apart
    assert got["CHG-01"].notes == "Survey: 2 respondents; P 1, F 1; not applicable 1; spread 2"
    assert got["CHG-01"].role_counts == {} and got["CHG-01"].counts == {"P": 1, "F": 1, "NA": 1}
    assert got["CHG-02"].notes.startswith("Survey: 3 respondents; ")  # no role reaches 3 respondents
    assert tally.respondents == 3 and tally.roles == {"Service desk": 2, "Change manager": 1}
    text = yaml_path.read_text(encoding="utf-8")
    assert "Aino" not in text and "Cecilia" not in text
    assert any("Aikaleima" in n for n in report.notices)


def test_names_only_when_asked(cat, yaml_path, tmp_path):  # type: ignore[no-untyped-def]
    csv_path = tmp_path / "export.csv"
    csv_path.write_text("name,CHG-01\nAino,F\nBo,L\n", encoding="utf-8")
    import_survey([csv_path], yaml_path, catalogue=cat, include_names=True)
    assert load_assessment(yaml_path).response_map()["CHG-01"].respondent == "Aino; Bo"


def test_xlsx_by_text_with_a_mapping_file(cat, yaml_path, tmp_path):  # type: ignore[no-untyped-def]
    xlsx = tmp_path / "forms.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Vastaukset"
    ws.append(["Role", "Show me approved change records", "How is an incident recorded?", "Q7"])
    ws.append(["Dev", "Fully achieved", "Not at all", "Largely"])
    ws.append(["Ops", "Largely", "Not at all", "Don't know"])
    wb.save(xlsx)
    map_path = tmp_path / "map.yaml"
    map_path.write_text(
        'columns:\n  "Q7": CHG-01\nanswers:\n  "Fully achieved": F\n  "Largely": L\n'
        '  "Not at all": N\n  "Don\'t know": ""\n', encoding="utf-8")
    import_survey([xlsx], yaml_path, catalogue=cat, by="text", map_path=map_path)
    got = load_assessment(yaml_path).response_map()
    # The question verifies two requirements: the answer counts for both.
    assert got["CHG-02"].rating == got["CHG-03"].rating == "L" and got["CHG-02"].respondents == 2
    assert got["INC-01"].rating == "N"
    assert got["CHG-01"].rating == "L" and got["CHG-01"].respondents == 1


def test_invalid_answers_name_the_cell_and_write_nothing(cat, yaml_path, tmp_path):  # type: ignore[no-untyped-def]
    before = yaml_path.read_bytes()
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text("role,CHG-01,CHG-02\nx,F,maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv:2:3: answer 'maybe' is not a rating \(expected N, P-"):
        import_survey([csv_path], yaml_path, catalogue=cat)
    xlsx = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active.append(["CHG-01"])
    wb.active.append(["sometimes"])
    wb.save(xlsx)
    with pytest.raises(InputError, match=r"bad.xlsx: Data!A2: answer 'sometimes' is not a rating"):
        import_survey([xlsx], yaml_path, catalogue=cat)
    nothing = tmp_path / "nothing.csv"
    nothing.write_text("when,who\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column matches an item"):
        import_survey([nothing], yaml_path, catalogue=cat)
    assert yaml_path.read_bytes() == before


def test_fieldwork_workbooks_as_respondents(cat, yaml_path, tmp_path):  # type: ignore[no-untyped-def]
    template = yaml_path.parent / "fieldwork.xlsx"
    files = []
    for i, (role, rating) in enumerate([("Dev", "F"), ("Dev", "L"), ("Ops", "N")]):
        wb = openpyxl.load_workbook(template)
        meta = {r[0].value: r[1].value for r in wb[META_SHEET].iter_rows()}
        ins = wb[meta["instructions_sheet"]]
        set_text(ins[meta["respondent_cell"]], f"Person {i}")
        set_text(ins[meta["role_cell"]], role)
        set_text(wb["CHG"]["H3"], rating)
        path = tmp_path / f"r{i}.xlsx"
        wb.save(path)
        files.append(path)
    report, tally = import_survey(files, yaml_path, catalogue=cat)
    got = load_assessment(yaml_path).response_map()["CHG-01"]
    assert (got.rating, got.respondents, got.spread, got.disagreement) == ("L", 3, 3, True)
    assert tally.roles == {"Dev": 2, "Ops": 1} and got.respondent is None


def test_conflict_with_an_existing_rating(cat, yaml_path, tmp_path):  # type: ignore[no-untyped-def]
    a = load_assessment(yaml_path)
    a.responses.append(Response(id="CHG-01", rating="N"))
    save_assessment(a, yaml_path)
    csv_path = tmp_path / "e.csv"
    csv_path.write_text("CHG-01\nF\n", encoding="utf-8")
    with pytest.raises(ConflictError) as err:
        import_survey([csv_path], yaml_path, catalogue=cat)
    assert "CHG-01 rating: N → F" in err.value.conflicts
    import_survey([csv_path], yaml_path, catalogue=cat, force=True)
    assert load_assessment(yaml_path).response_map()["CHG-01"].rating == "F"
    # the same survey again changes nothing and conflicts with nothing
    report, _ = import_survey([csv_path], yaml_path, catalogue=cat)
    assert report.changes == [] and report.conflicts == []


def test_cli_survey(yaml_path, tmp_path):  # type: ignore[no-untyped-def]
    csv_path = tmp_path / "e.csv"
    csv_path.write_text("role,CHG-01\nDev,F\nOps,N\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", "survey", str(csv_path), "--assessment", str(yaml_path),
                                      "--catalogue", str(FIX)])
    assert result.exit_code == 0, result.output
    assert "2 respondents" in result.output and "answers far apart on 1 item:\n  CHG-01 (N 1, F 1)" in result.output
    assert load_assessment(yaml_path).response_map()["CHG-01"].rating == "N"


def test_cli_survey_speaks_the_chosen_language(yaml_path, tmp_path):  # type: ignore[no-untyped-def]
    csv_path = tmp_path / "e.csv"
    csv_path.write_text("role,CHG-01\nDev,F\nOps,N\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", "survey", str(csv_path), "--assessment", str(yaml_path),
                                      "--catalogue", str(FIX), "--lang", "fi"], env={"ITSM_ASSESS_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert "2 vastaajaa" in result.stderr and "respondents" not in result.stderr
    assert f"Yhdistetty tiedostoon {yaml_path}" in result.stderr
