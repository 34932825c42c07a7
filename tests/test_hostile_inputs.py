"""Inputs that used to be lost, misread or end in a traceback (issue 16): one test per case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.fieldwork.create import create_assessment, new_assessment

FIX = Path(__file__).parent / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


@pytest.fixture
def assessment_yaml(cat, tmp_path):  # type: ignore[no-untyped-def]
    a = new_assessment(cat, "Revontuli", ["CHG"], assessment_id="rev", today=dt.date(2025, 3, 1))
    path, _ = create_assessment(tmp_path / "a", cat, a, with_indicators=False)
    return path


def _score(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["score", str(path), "--catalogue", str(FIX)])
    return result.exit_code, result.output


@pytest.mark.parametrize(("block", "message"), [
    ("attribute_ratings:\n  CGH:\n    PA2.1: F\n", "attribute_ratings.CGH: unknown process 'CGH'"),
    ("attribute_ratings:\n  INC:\n    PA2.1: F\n", "attribute_ratings.INC: process 'INC' is not in the scope"),
])
def test_unknown_keys_in_attribute_ratings_are_errors_with_line(assessment_yaml, block, message):  # type: ignore[no-untyped-def]
    text = assessment_yaml.read_text(encoding="utf-8") + block
    assessment_yaml.write_text(text, encoding="utf-8")
    line = text.splitlines().index(block.splitlines()[1]) + 1
    code, out = _score(assessment_yaml)
    assert code == 2 and message in out, out
    assert f"assessment.yaml:{line}:" in out and "Traceback" not in out


def test_target_for_a_process_out_of_scope_is_an_error(assessment_yaml):  # type: ignore[no-untyped-def]
    text = assessment_yaml.read_text(encoding="utf-8").replace("  target_profile: {}\n", "")
    text = text.replace("  language: en\n", "  language: en\n  target_profile:\n    INC: 2\n")
    assessment_yaml.write_text(text, encoding="utf-8")
    code, out = _score(assessment_yaml)
    assert code == 2 and "target_profile.INC: process 'INC' is not in the scope" in out, out


# --- YAML: values YAML 1.1 would misread, values that cannot be built ------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("2026-02-30", "'2026-02-30' is not a valid date: February 2026 has 28 days"),
    ("!!float abc", "'abc' is not a number"),
    ("!!int abc", "'abc' is not an integer"),
    ("9" * 5000, "is not an integer (more than"),
    ("!!timestamp x", "'x' is not a date"),
])
def test_yaml_values_that_cannot_be_built_name_their_line(assessment_yaml, value, message):  # type: ignore[no-untyped-def]
    text = assessment_yaml.read_text(encoding="utf-8").replace("  start_date: '2025-03-01'", f"  start_date: {value}")
    text = text.replace("  start_date: 2025-03-01", f"  start_date: {value}")
    assert value in text
    assessment_yaml.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if t.startswith("  start_date:"))
    code, out = _score(assessment_yaml)
    assert code == 2 and message in out and f"assessment.yaml:{line}:" in out, out
    assert "Traceback" not in out and len(out.splitlines()) == 1


def test_yaml_1_1_octal_and_base_60_stay_as_written() -> None:
    from itsm_assess.loading import parse_yaml

    assert parse_yaml("a: 010\nb: 2:00:00\nc: 10\nd: 1.5\ne: 0x1F\n").data == {
        "a": "010", "b": "2:00:00", "c": 10, "d": 1.5, "e": 31}


def test_change_record_with_base_60_or_octal_is_refused_not_converted() -> None:
    from itsm_assess.change_impact import load_policy
    from itsm_assess.change_impact.classify import record_from_mapping as record_from
    from itsm_assess.errors import InputError
    from itsm_assess.loading import parse_yaml

    policy = load_policy(Path(__file__).parent / "fixtures" / "change" / "policy.yaml")
    doc = parse_yaml("outage: 2:00:00\n")
    with pytest.raises(InputError, match="'2:00:00' is not a number"):
        record_from(doc.data, policy)
    assert record_from(parse_yaml("outage: 010\n").data, policy)["outage"] == 10  # decimal, as YAML 1.2


# --- files that are not files ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["device", "fifo", "link-to-device"])
def test_non_regular_files_are_refused_without_reading(tmp_path, kind):  # type: ignore[no-untyped-def]
    import os

    path = tmp_path / "input.yaml"
    if kind == "device":
        path = Path("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    for args in (["score", str(path)], ["change", "batch", str(path).replace(".yaml", ".csv") if kind == "fifo" else str(path),
                                         "-o", str(tmp_path / "o.xlsx")]):
        if kind == "fifo" and args[0] == "change":
            os.mkfifo(args[2])
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert "not a regular file" in result.output or "expected a .csv" in result.output, result.output


# --- workbooks: far cells, the _meta sheet, control characters ---------------------------------------

def _xlsx(path: Path, cells: dict[str, object], title: str = "Sheet") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def test_a_value_at_xfd1048576_is_refused_before_reading(tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess._io.xlsx_read import calamine_sheet, open_calamine
    from itsm_assess.errors import InputError

    path = _xlsx(tmp_path / "far.xlsx", {"A1": "Key", "A2": "C1", "XFD1048576": "stray"})
    with pytest.raises(InputError, match=r"'Sheet': its cells reach column XFD and row 1,048,576"):
        calamine_sheet(open_calamine(path), path, 0)
    row_only = _xlsx(tmp_path / "row.xlsx", {"A1": "Key", "A2": "C1", "A1048576": "stray"})
    assert calamine_sheet(open_calamine(row_only), row_only, 0).height == 1_048_576  # one column: cheap


def test_change_batch_and_survey_refuse_the_far_cell(cat, assessment_yaml, tmp_path):  # type: ignore[no-untyped-def]
    fix = Path(__file__).parent / "fixtures" / "change"
    export = _xlsx(tmp_path / "export.xlsx", {"A1": "Key", "B1": "Summary", "A2": "C1", "XFD1048576": "x"})
    result = CliRunner().invoke(cli, ["change", "batch", str(export), "--policy", str(fix / "policy.yaml"),
                                      "--map", str(fix / "map.yaml"), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 2 and "its cells reach column XFD" in result.output, result.output
    survey = _xlsx(tmp_path / "survey.xlsx", {"A1": "role", "B1": "CHG-01", "A2": "Desk", "B2": "F", "XFD1048576": "x"})
    result = CliRunner().invoke(cli, ["assess", "survey", str(survey), "--assessment", str(assessment_yaml),
                                      "--catalogue", str(FIX)])
    assert result.exit_code == 2 and "its cells reach column XFD" in result.output, result.output


def _fieldwork(assessment_yaml: Path) -> Path:
    return assessment_yaml.parent / "fieldwork.xlsx"


def _edit(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)


def _import(path: Path, assessment_yaml: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["assess", "import", str(path), "--assessment", str(assessment_yaml),
                                      "--catalogue", str(FIX)])
    return result.exit_code, result.output


def test_import_reads_only_rows_that_hold_data(assessment_yaml, monkeypatch):  # type: ignore[no-untyped-def]
    from collections import Counter

    from openpyxl.worksheet.worksheet import Worksheet

    from itsm_assess._io.xlsx_cells import set_text

    book = _fieldwork(assessment_yaml)

    def far(wb):  # type: ignore[no-untyped-def]
        set_text(wb["CHG"]["A1048576"], "stray")
        set_text(wb["CHG"]["XFD5"], "stray")
    _edit(book, far)
    built: Counter[str] = Counter()  # rows of cells openpyxl builds, per sheet
    rows_of = Worksheet._cells_by_row

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        for row in rows_of(self, *args, **kwargs):
            built[self.title] += 1
            yield row
    monkeypatch.setattr(Worksheet, "_cells_by_row", counted)
    code, out = _import(book, assessment_yaml)
    assert code == 2 and "CHG!A1048576: id 'stray' is not an item" in out, out
    # Walking down to the stray row built a million rows (68 s and 3 GB): only rows holding data are visited.
    assert 0 < built["CHG"] < 1_000, built


@pytest.mark.parametrize("ref", ["not a cell", "A1:XFD1048576", "ZZZZ1", "A0"])
def test_meta_sheet_references_are_untrusted(assessment_yaml, ref):  # type: ignore[no-untyped-def]
    book = _fieldwork(assessment_yaml)

    def forge(wb):  # type: ignore[no-untyped-def]
        meta = wb["_meta"]
        for row in meta.iter_rows():
            if row[0].value == "respondent_cell":
                row[1].value = ref
                return
        meta.append(["respondent_cell", ref])
        wb["CHG"].title = wb["CHG"].title  # keep the sheet
        if "instructions_sheet" not in [r[0].value for r in meta.iter_rows()]:
            meta.append(["instructions_sheet", wb.sheetnames[0]])
    _edit(book, forge)
    code, out = _import(book, assessment_yaml)
    assert code == 2 and "respondent_cell" in out and "is not a single cell reference" in out, out
    assert "Traceback" not in out


def test_control_characters_in_a_cell_are_named_and_breaks_kept(assessment_yaml):  # type: ignore[no-untyped-def]
    import openpyxl

    from itsm_assess.assessment import load_assessment

    book = _fieldwork(assessment_yaml)
    ws_cols = {c.value: c.column_letter for c in openpyxl.load_workbook(book)["CHG"][2] if c.value}

    def typed(notes):  # type: ignore[no-untyped-def]
        def edit(wb):  # type: ignore[no-untyped-def]
            wb["CHG"][f"{ws_cols['notes']}3"].value = notes  # openpyxl writes it as Excel escapes: _x000B_
        return edit
    _edit(book, typed("Word line_x000B_break"))  # Shift+Enter in Word, pasted into Excel
    code, out = _import(book, assessment_yaml)
    assert code == 0, out
    assert load_assessment(assessment_yaml).response_map()["CHG-01"].notes == "Word line\nbreak"
    _edit(book, typed("Word_x001B_[31mline"))
    code, out = _import(book, assessment_yaml)
    assert code == 2 and f"CHG!{ws_cols['notes']}3: Notes: control character U+001B" in out, out
    assert "\x1b" not in out  # nor is it sent to the terminal


def test_writers_never_fail_on_stored_text(cat, assessment_yaml, tmp_path):  # type: ignore[no-untyped-def]
    import openpyxl

    from itsm_assess._io.xlsx_cells import MAX_CELL_CHARS
    from itsm_assess.assessment import Response, load_assessment, save_assessment
    from itsm_assess.fieldwork.writing import write_fieldwork

    a = load_assessment(assessment_yaml)
    a.responses.append(Response(id="CHG-01", rating="F", notes="bell\x07 nul\x00 esc\x1b end", evidence="x" * 40_000))
    save_assessment(a, assessment_yaml)
    out = tmp_path / "export.xlsx"
    write_fieldwork(cat, load_assessment(assessment_yaml), out, with_indicators=False)
    values = [c.value for row in openpyxl.load_workbook(out)["CHG"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "bell\ufffd nul\ufffd esc\ufffd end" in values
    long = next(v for v in values if v.startswith("xxxx"))
    assert len(long) == MAX_CELL_CHARS and "cut: 40,000 characters" in long


# --- surveys --------------------------------------------------------------------------------------------

def _survey(assessment_yaml: Path, *files: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["assess", "survey", *map(str, files), "--assessment", str(assessment_yaml),
                                      "--catalogue", str(FIX)])
    return result.exit_code, result.output


def test_utf16_survey_is_read_and_cp1252_reported(assessment_yaml, tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess.assessment import load_assessment

    text = "rooli\tCHG-01\n" + "Muutospäällikkö\tL\n" * 3  # three: roles are shown from three respondents
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(text.encode("utf-16"))  # Excel's "Unicode Text": UTF-16 with its byte-order mark
    code, out = _survey(assessment_yaml, utf16)
    assert code == 0, out
    assert "Muutospäällikkö" in load_assessment(assessment_yaml).response_map()["CHG-01"].notes
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes("role,CHG-02\nMuutospäällikkö,F\n".encode("cp1252"))
    code, out = _survey(assessment_yaml, ansi)
    assert code == 2 and "not UTF-8 text" in out and "Windows-1252" in out and "Traceback" not in out, out


def test_the_same_survey_file_given_twice_counts_once(assessment_yaml, tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess.assessment import load_assessment

    csv_path = tmp_path / "s.csv"
    csv_path.write_text("role,CHG-01\nDesk,F\nDesk,F\n", encoding="utf-8")
    copy = tmp_path / "copy.csv"
    copy.write_bytes(csv_path.read_bytes())
    code, out = _survey(assessment_yaml, csv_path, csv_path, copy)
    assert code == 0 and out.count("counted once") == 2, out
    assert load_assessment(assessment_yaml).response_map()["CHG-01"].respondents == 2


def test_survey_memory_does_not_grow_with_distinct_roles(cat, assessment_yaml, tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess.assessment import load_assessment
    from itsm_assess.fieldwork.survey import MAX_ROLES, OTHER_ROLES, collect_survey

    csv_path = tmp_path / "roles.csv"
    csv_path.write_text("role,CHG-01\n" + "".join(f"person {i},F\n" for i in range(2_000)), encoding="utf-8")
    tally = collect_survey([csv_path], cat, load_assessment(assessment_yaml))
    assert tally.respondents == 2_000 and len(tally.roles) == MAX_ROLES + 1
    assert tally.roles[OTHER_ROLES] == 2_000 - MAX_ROLES
    assert any("distinct roles" in n for n in tally.notices)


# --- the terminal and long error lists ------------------------------------------------------------------

def test_many_problems_are_located_in_linear_time_and_capped(assessment_yaml):  # type: ignore[no-untyped-def]
    text = assessment_yaml.read_text(encoding="utf-8").replace("responses: []\n", "")
    text += "responses:\n" + "".join(f"- id: NOPE-{i}\n" for i in range(20_000))
    assessment_yaml.write_text(text, encoding="utf-8")
    code, out = _score(assessment_yaml)
    lines = out.splitlines()
    assert code == 2 and len(lines) == 51 and lines[-1] == "error: ... and 19,950 more", lines[-3:]
    assert "unknown requirement 'NOPE-0'" in lines[0]


def test_terminal_escapes_in_user_text_are_shown_not_run(assessment_yaml):  # type: ignore[no-untyped-def]
    text = assessment_yaml.read_text(encoding="utf-8")
    text = text.replace("organisation: Revontuli", 'organisation: "Revontuli\\e]0;pwned\\a\\e[2J"')
    assessment_yaml.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(assessment_yaml), "--catalogue", str(FIX)])
    assert "\x1b" not in result.output and "\x07" not in result.output


# --- numbers in change exports ----------------------------------------------------------------------------

CHANGE_FIX = Path(__file__).parent / "fixtures" / "change"


def _export_with_users(tmp_path: Path, users: str, locale: str | None) -> tuple[Path, Path]:
    import csv
    import io

    rows = list(csv.reader(io.StringIO((CHANGE_FIX / "export.csv").read_text(encoding="utf-8"))))
    col = rows[0].index("Users")
    rows[1][col] = users
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    export = tmp_path / "export.csv"
    export.write_text(out.getvalue(), encoding="utf-8")
    cmap = tmp_path / "map.yaml"
    text = (CHANGE_FIX / "map.yaml").read_text(encoding="utf-8")
    cmap.write_text(text + (f"locale: {locale}\n" if locale else ""), encoding="utf-8")
    return export, cmap


@pytest.mark.parametrize(("users", "locale", "expected"), [
    ("1,200", "en", 1200), ("1.5", "en", 1.5), ("1 200", "fi", 1200), ("1,5", "fi", 1.5),
    ("1\u00a0200", "fi", 1200), ("1200", None, 1200), ("1 200", None, 1200), ("2,5", None, 2.5),
])
def test_numbers_follow_the_locale_the_map_states(tmp_path, users, locale, expected):  # type: ignore[no-untyped-def]
    from itsm_assess.change_impact import load_policy
    from itsm_assess.change_impact.batch import classify_export, load_column_map

    export, cmap = _export_with_users(tmp_path, users, locale)
    result = classify_export(export, load_policy(CHANGE_FIX / "policy.yaml"), load_column_map(cmap))
    assert result.rows[0].record["users"] == expected and result.rows[0].row == 2


@pytest.mark.parametrize(("users", "locale", "message"), [
    ("1,200", None, "'1,200' is ambiguous"),
    ("1.200", None, "'1.200' is ambiguous"),
    ("1.5", "fi", "'1.5' is not a number as written in locale fi"),
    ("1,5", "en", "'1,5' is not a number as written in locale en"),
    ("1,200.50", None, "state the number format in the column map"),
])
def test_numbers_that_could_be_misread_reject_the_row_naming_the_cell(tmp_path, users, locale, message):  # type: ignore[no-untyped-def]
    from itsm_assess.change_impact import load_policy
    from itsm_assess.change_impact.batch import classify_export, load_column_map

    export, cmap = _export_with_users(tmp_path, users, locale)
    result = classify_export(export, load_policy(CHANGE_FIX / "policy.yaml"), load_column_map(cmap))
    rejected = {r.row: r.problems for r in result.rejected}
    assert 2 in rejected and all(r.row != 2 for r in result.rows)
    assert rejected[2][0].startswith("export.csv: row 2, column 'Users' (users): ") or "column 'Users'" in rejected[2][0]
    assert message in rejected[2][0], rejected[2]


def test_numeric_xlsx_cells_keep_their_value_whatever_the_locale(tmp_path):  # type: ignore[no-untyped-def]
    import openpyxl

    from itsm_assess.change_impact import load_policy
    from itsm_assess.change_impact.batch import classify_export, load_column_map

    for locale in (None, "en", "fi"):
        export, cmap = _export_with_users(tmp_path, "1", locale)
        wb = openpyxl.Workbook()
        ws = wb.active
        for line in export.read_text(encoding="utf-8").splitlines():
            ws.append(line.split(";"))
        ws["H2"] = 1.125  # Users: a typed number, not text
        ws["H3"] = 1200
        xlsx = tmp_path / f"export-{locale}.xlsx"
        wb.save(xlsx)
        result = classify_export(xlsx, load_policy(CHANGE_FIX / "policy.yaml"), load_column_map(cmap))
        users = {r.row: r.record.get("users") for r in result.rows}
        assert (users[2], users[3]) == (1.125, 1200), locale


def test_footer_row_is_rejected_not_a_phantom_change(tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess.change_impact import load_policy
    from itsm_assess.change_impact.batch import classify_export, load_column_map

    export = tmp_path / "export.csv"
    export.write_text((CHANGE_FIX / "export.csv").read_text(encoding="utf-8") + "Total: 6 records\n", encoding="utf-8")
    result = classify_export(export, load_policy(CHANGE_FIX / "policy.yaml"), load_column_map(CHANGE_FIX / "map.yaml"))
    footer = result.rejected[-1]
    assert "one value only ('Total: 6 records')" in footer.problems[0]
    assert all("Total" not in (r.change_id or "") for r in result.rows)


def test_a_control_character_rejects_its_row_and_the_workbook_is_written(tmp_path):  # type: ignore[no-untyped-def]
    import openpyxl

    fix_text = (CHANGE_FIX / "export.csv").read_text(encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_text(fix_text.replace("Patch wiki server", "Patch\x07wiki\x0bserver"), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, ["change", "batch", str(export), "--policy", str(CHANGE_FIX / "policy.yaml"),
                                      "--map", str(CHANGE_FIX / "map.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rejected = [c.value for row in openpyxl.load_workbook(out).worksheets[-1].iter_rows() for c in row]
    assert any(isinstance(v, str) and "row 2, column 'Summary': control character U+0007" in v for v in rejected)


# --- JSON inputs of `report` ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def results_json(tmp_path_factory):  # type: ignore[no-untyped-def]
    import json

    root = Path(__file__).parent.parent
    result = CliRunner().invoke(cli, ["score", str(root / "examples" / "revontuli" / "assessment-2026.yaml"),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _report(tmp_path: Path, results_text: str, *extra: str) -> tuple[int, str]:
    root = Path(__file__).parent.parent / "examples" / "revontuli"
    path = tmp_path / "results.json"
    path.write_text(results_text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(root / "assessment-2026.yaml"), "--results", str(path),
                                      "--format", "json", "-o", str(tmp_path), *extra])
    return result.exit_code, result.output


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda r: r["processes"]["CHG"].__setitem__("capability_level", "3"), "processes.CHG.capability_level"),
    (lambda r: r.__setitem__("gaps", {"not": "a list"}), "gaps: input should be a valid list"),
    (lambda r: r["overall"].__setitem__("counts", ["x"]), "overall.counts"),
    (lambda r: r["findings"].append(7), "findings[")],
)
def test_results_json_with_wrong_nested_types_is_refused(tmp_path, results_json, mutate, message):  # type: ignore[no-untyped-def]
    import copy
    import json

    data = copy.deepcopy(results_json)
    mutate(data)
    code, out = _report(tmp_path, json.dumps(data))
    assert code == 2 and message in out and "Traceback" not in out, out


@pytest.mark.parametrize(("text", "message"), [
    ("[" * 100_000 + "]" * 100_000, "nested deeper than 64 levels"),
    ('{"total": ' + "9" * 5000 + "}", "an integer of 5,000 digits"),
    ('{"total": NaN}', "NaN is not a number this tool accepts"),
    ('{"a": Infinity}', "Infinity is not a number"),
])
def test_json_that_the_parser_would_choke_on_is_one_line(tmp_path, text, message):  # type: ignore[no-untyped-def]
    code, out = _report(tmp_path, text)
    assert code == 2 and message in out and len(out.splitlines()) == 1, out


def test_change_summary_json_is_validated_too(tmp_path, results_json):  # type: ignore[no-untyped-def]
    import json

    changes = tmp_path / "changes.json"
    changes.write_text(json.dumps({"total": 3, "by_category": {}, "by_route": {}, "by_impact": {},
                                   "deviations": [{"change_id": "C1", "details": "not an object"}]}))
    code, out = _report(tmp_path, json.dumps(results_json), "--changes", str(changes))
    assert code == 2 and "deviations[0].details" in out, out
    code, out = _report(tmp_path, json.dumps(results_json), "--changes", "/dev/zero")
    assert code == 2 and "not a regular file" in out, out


# --- numbers that never compare, ids no output accepts ---------------------------------------------------

def test_non_finite_numbers_are_refused_in_models_and_policies(tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess.change_impact import load_policy
    from itsm_assess.errors import InputError
    from itsm_assess.resources import package_data
    from itsm_assess.scoring import load_scoring_model

    model = tmp_path / "model.yaml"
    model.write_text(package_data("scoring", "models", "iso33020.yaml").read_text(encoding="utf-8")
                     .replace("max: 0.15}", "max: .nan}", 1), encoding="utf-8")
    with pytest.raises(InputError, match="finite number"):
        load_scoring_model(model)
    policy = tmp_path / "policy.yaml"
    policy.write_text(CHANGE_FIX.joinpath("policy.yaml").read_text(encoding="utf-8")
                      .replace("gte: 1000}", "gte: .inf}", 1), encoding="utf-8")
    assert ".inf" in policy.read_text(encoding="utf-8")
    with pytest.raises(InputError, match="a finite number"):
        load_policy(policy)


@pytest.mark.parametrize(("pid", "message"), [
    ("CHG:X", "may not contain ':'"),
    ("A" * 32, "a process id names a worksheet, which holds at most 31"),
])
def test_process_ids_every_output_accepts(pid, message):  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from itsm_assess.catalogue import Process

    with pytest.raises(ValidationError, match=message):
        Process.model_validate({"id": pid, "clauses": ["8.5.1"], "title": {"en": "x"}, "purpose": {"en": "x"}})


# --- one browser finder for every PDF (issue 20) --------------------------------------------------------

def test_report_and_checklist_pdfs_both_honour_itsm_assess_chromium(cat, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from itsm_assess._io.pdf import html_to_pdf, pdf_engine
    from itsm_assess.catalogue.checklist_render import render_checklist
    from itsm_assess.errors import ItsmAssessError

    monkeypatch.setenv("ITSM_ASSESS_CHROMIUM", str(tmp_path / "missing-chromium"))
    page = tmp_path / "r.html"
    page.write_text("<p>report</p>", encoding="utf-8")
    if pdf_engine() != "weasyprint":
        with pytest.raises(ItsmAssessError, match="ITSM_ASSESS_CHROMIUM=.*missing-chromium is not a file"):
            html_to_pdf(page, tmp_path / "r.pdf")
    with pytest.raises(ItsmAssessError, match="ITSM_ASSESS_CHROMIUM=.*missing-chromium is not a file"):
        render_checklist(cat, tmp_path / "c.pdf")
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "c.pdf").exists()


# --- the catalogue cache (issue 20) ---------------------------------------------------------------------

def test_loaded_catalogues_are_frozen_and_the_cache_sees_edits(tmp_path):  # type: ignore[no-untyped-def]
    import shutil

    from pydantic import ValidationError

    from itsm_assess.catalogue import cache_clear, load_catalogue

    folder = tmp_path / "cat"
    shutil.copytree(FIX, folder)
    first = load_catalogue(folder)
    req = next(iter(first.requirements.values()))
    with pytest.raises(ValidationError, match="frozen"):
        req.weight = 5
    with pytest.raises(AttributeError):
        first.content_hash = "x"  # type: ignore[misc]
    assert load_catalogue(folder) is first  # unchanged files: the same object
    path = next((folder / "processes").glob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("weight: 1", "weight: 2", 1)
                    if "weight: 1" in path.read_text(encoding="utf-8") else path.read_text(encoding="utf-8") + "\n",
                    encoding="utf-8")
    second = load_catalogue(folder)
    assert second is not first and second.content_hash != first.content_hash  # an edit on disk is seen
    assert load_catalogue.cache_clear is cache_clear  # type: ignore[attr-defined]
    cache_clear()
    assert load_catalogue(folder) is not second


def test_a_batch_run_leaves_the_policy_as_loaded(tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess.change_impact import load_policy
    from itsm_assess.change_impact.batch import classify_export, load_column_map, summary

    policy = load_policy(CHANGE_FIX / "policy.yaml")

    def state() -> dict[str, object]:
        return {k: (id(v), len(v) if hasattr(v, "__len__") else None) for k, v in vars(policy).items()}
    before = state()
    one = classify_export(CHANGE_FIX / "export.csv", policy, load_column_map(CHANGE_FIX / "map.yaml"))
    summary(one, policy, "fi")
    two = classify_export(CHANGE_FIX / "export.csv", policy, load_column_map(CHANGE_FIX / "map.yaml"))
    assert state() == before  # the memo is the run's: nothing hangs on the shared policy
    assert one.memo is not two.memo and "fi" in one.memo.vocabularies and "fi" not in two.memo.vocabularies


def test_markdown_guide_shows_policy_html_as_text(tmp_path):  # type: ignore[no-untyped-def]
    policy = tmp_path / "policy.yaml"
    policy.write_text(CHANGE_FIX.joinpath("policy.yaml").read_text(encoding="utf-8")
                      .replace("title: {en: Test policy", 'title: {en: "Test <script>alert(1)</script> [x](javascript:alert(2))"', 1),
                      encoding="utf-8")
    assert "<script>" in policy.read_text(encoding="utf-8")
    out = tmp_path / "guide.md"
    result = CliRunner().invoke(cli, ["change", "guide", "--policy", str(policy), "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "[x](javascript:" not in text and "\\[x\\](javascript:alert(2))" in text


def test_catalogue_export_refuses_to_overwrite_without_force(tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "cat.json"
    out.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["catalogue", "export", str(FIX), "-o", str(out)])
    assert result.exit_code == 2 and "use --force" in result.output and out.read_text(encoding="utf-8") == "mine"
    result = CliRunner().invoke(cli, ["catalogue", "export", str(FIX), "-o", str(out), "--force"])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("{")


# --- outputs of `change batch`: as a set; a large export's listing in CSV --------------------------------

def _batch(tmp_path: Path, *extra: str) -> tuple[int, str]:
    root = Path(__file__).parent.parent / "examples" / "revontuli"
    result = CliRunner().invoke(cli, ["change", "batch", str(root / "change-export.csv"), "--policy",
                                      str(root / "change-policy.yaml"), "-o", str(tmp_path / "out.xlsx"), *extra])
    return result.exit_code, result.output


def test_a_large_exports_listing_goes_to_csv_with_the_same_rows(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import csv

    import openpyxl

    code, out = _batch(tmp_path / "small")
    assert code == 0, out
    monkeypatch.setattr("itsm_assess.change_impact.batch.WORKBOOK_LISTING_MAX", 10)
    code, out = _batch(tmp_path / "large", "--summary-json", str(tmp_path / "large" / "s.json"))
    assert code == 0 and "out-changes.csv" in out, out
    sheet = openpyxl.load_workbook(tmp_path / "small" / "out.xlsx")["Changes"]
    in_workbook = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
    with open(tmp_path / "large" / "out-changes.csv", encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == in_workbook  # the same listing, streamed
    changes = len(in_workbook) - 1
    note = openpyxl.load_workbook(tmp_path / "large" / "out.xlsx")["Changes"]["A1"].value
    assert note.startswith(f"{changes} changes: the listing of every change is in ") and "out-changes.csv" in note
    sheet = openpyxl.load_workbook(tmp_path / "small" / "out.xlsx")["Deviations"]
    in_workbook = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
    with open(tmp_path / "large" / "out-deviations.csv", encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == in_workbook and len(in_workbook) > 11
    note = openpyxl.load_workbook(tmp_path / "large" / "out.xlsx")["Deviations"]["A1"].value
    assert note.startswith(f"{len(in_workbook) - 1} deviations: they are listed in ") and "out-deviations.csv" in note
    import json

    streamed = json.loads((tmp_path / "large" / "s.json").read_text(encoding="utf-8"))
    assert streamed["total"] == changes and len(streamed["deviations"]) == len(in_workbook) - 1


def test_outputs_are_written_as_a_set_and_the_failing_one_named(tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "summary.json").mkdir()  # cannot be replaced by a file
    code, out = _batch(tmp_path, "--summary-json", str(tmp_path / "summary.json"), "--force")
    assert code == 2 and "summary.json" in out and ".summary.json." not in out, out
    assert not (tmp_path / "out.xlsx").exists()  # the workbook was not put in place alone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.json"]


def test_report_formats_are_written_as_a_set(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from itsm_assess._io.pdf import pdf_engine

    monkeypatch.setenv("ITSM_ASSESS_CHROMIUM", str(tmp_path / "missing-chromium"))
    if pdf_engine() is not None:
        pytest.skip("WeasyPrint installed: the PDF would not fail")
    root = Path(__file__).parent.parent / "examples" / "revontuli"
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", "write", str(root / "assessment-2026.yaml"), "--format",
                                      "xlsx,html,json,pdf", "-o", str(out)])
    assert result.exit_code == 2 and "missing-chromium" in result.output, result.output
    assert not out.exists() or list(out.iterdir()) == []  # no xlsx/html/json left without the pdf
