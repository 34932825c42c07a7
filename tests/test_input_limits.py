"""Row limit of a change export, at its exact boundary on both reading paths."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from itsm_assess.change_impact import batch, load_policy
from itsm_assess.change_impact.maps import load_column_map
from itsm_assess.errors import InputError

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "revontuli"


def test_the_row_limit_is_the_documented_one() -> None:
    assert batch.MAX_ROWS == 2_000_000


def export(path: Path, rows: int) -> Path:
    with open(EXAMPLE / "change-export.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    assert len(table) > rows
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table[: rows + 1])
    return path


@pytest.mark.parametrize("reader", ["classify_export", "read_export"])
def test_the_limit_passes_one_row_more_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str) -> None:
    # The limit scaled down (the rule is the same at 2,000,000): 3 rows pass, a fourth is refused.
    monkeypatch.setattr(batch, "MAX_ROWS", 3)
    policy = load_policy(EXAMPLE / "change-policy.yaml")
    cmap = load_column_map(str(EXAMPLE / "change-map.yaml"))

    def run(path: Path) -> None:
        if reader == "classify_export":
            batch.classify_export(path, policy, cmap)
        else:
            list(batch.read_export(path, policy, cmap))

    run(export(tmp_path / "three.csv", 3))
    with pytest.raises(InputError, match=r"four.csv: more than 3 rows; split the export"):
        run(export(tmp_path / "four.csv", 4))


# --------------------------------------------------------------------------- the other input limits

MiB = 1024 * 1024


def test_the_other_limits_are_the_documented_ones() -> None:
    from itsm_assess import json_inputs
    from itsm_assess._io import xlsx_cells
    from itsm_assess.change_impact import conditions
    from itsm_assess.fieldwork import survey

    assert (json_inputs.MAX_JSON_BYTES, json_inputs.MAX_DEPTH, json_inputs.MAX_INT_DIGITS) == (20 * MiB, 64, 30)
    assert batch.MAX_EXPORT_BYTES == 200 * MiB and survey.MAX_SURVEY_BYTES == 200 * MiB
    assert (conditions.MAX_DEPTH, conditions.MAX_PATTERN) == (20, 200)
    assert xlsx_cells.MAX_CELL_CHARS == 32_767  # what an Excel cell holds


def test_json_nesting_of_64_levels_passes_65_is_refused(tmp_path: Path) -> None:
    from itsm_assess.json_inputs import read_json

    # A scalar inside n - 1 lists sits at level n.
    (tmp_path / "64.json").write_text("[" * 63 + "1" + "]" * 63, encoding="utf-8")
    assert read_json(tmp_path / "64.json") is not None
    (tmp_path / "65.json").write_text("[" * 64 + "1" + "]" * 64, encoding="utf-8")
    with pytest.raises(InputError, match=r"65.json: nested deeper than 64 levels"):
        read_json(tmp_path / "65.json")


def test_json_integers_of_30_digits_pass_31_are_refused(tmp_path: Path) -> None:
    from itsm_assess.json_inputs import read_json

    (tmp_path / "30.json").write_text(f'{{"n": -{"9" * 30}}}', encoding="utf-8")
    assert read_json(tmp_path / "30.json") == {"n": -int("9" * 30)}
    (tmp_path / "31.json").write_text(f'{{"n": {"9" * 31}}}', encoding="utf-8")
    with pytest.raises(InputError, match=r"an integer of 31 digits \(the limit is 30\)"):
        read_json(tmp_path / "31.json")


def test_conditions_nest_20_levels_deep_not_21() -> None:
    from itsm_assess.change_impact.conditions import AttributeType, ConditionError, parse_condition

    types = {"n": AttributeType("number")}

    def nots(levels: int) -> dict[str, object]:
        cond: dict[str, object] = {"field": "n", "gt": 1}
        for _ in range(levels):
            cond = {"not": cond}
        return cond

    parse_condition(nots(20), types)
    with pytest.raises(ConditionError, match="conditions nest deeper than 20 levels"):
        parse_condition(nots(21), types)


def test_a_like_pattern_of_200_characters_passes_201_is_refused() -> None:
    from itsm_assess.change_impact.conditions import AttributeType, ConditionError, parse_condition

    types = {"t": AttributeType("text")}
    parse_condition({"field": "t", "like": "*" * 200}, types)
    with pytest.raises(ConditionError, match="at most 200 characters"):
        parse_condition({"field": "t", "like": "*" * 201}, types)


def test_a_cell_holds_32767_characters_one_more_is_cut_with_a_note() -> None:
    from itsm_assess._io.xlsx_cells import cell_safe_text

    assert cell_safe_text("x" * 32_767) == "x" * 32_767
    cut = cell_safe_text("x" * 32_768)
    assert len(cut) == 32_767 and cut.endswith("[cut: 32,768 characters; a cell holds 32,767; see the source file]")


def test_an_xlsx_export_over_the_size_limit_is_refused_before_it_is_opened(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import Workbook

    with open(EXAMPLE / "change-export.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))[:4]
    wb = Workbook()
    for row in table:
        wb.active.append(row)
    path = tmp_path / "export.xlsx"
    wb.save(path)
    size = path.stat().st_size
    policy = load_policy(EXAMPLE / "change-policy.yaml")
    cmap = load_column_map(str(EXAMPLE / "change-map.yaml"))
    monkeypatch.setattr(batch, "MAX_EXPORT_BYTES", size)  # the limit scaled down: exactly the file's size passes
    assert len(list(batch.read_export(path, policy, cmap))) == 3
    monkeypatch.setattr(batch, "MAX_EXPORT_BYTES", size - 1)
    with pytest.raises(InputError, match=rf"export.xlsx: file is {size:,} bytes; the limit is {size - 1:,}"):
        list(batch.read_export(path, policy, cmap))
