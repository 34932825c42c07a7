"""The one archive check every workbook the tool opens goes through, at its exact limits.

Each limit is tested where it bites: the limit itself passes, one more is refused, so a changed
constant (or a check dropped) fails here. The sizes an archive declares are what the check reads
(its central directory), so the archives below declare sizes without holding gigabytes: the
declared sizes are patched into the central directory of a small stored zip.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from itsm_assess._io import xlsx_read
from itsm_assess._io.xlsx_read import (
    calamine_sheet,
    check_sheet_extent,
    check_xlsx_archive,
    open_calamine,
    open_untrusted_workbook,
)
from itsm_assess.errors import InputError

MiB = 1024 * 1024
CONTENT_TYPES = ("[Content_Types].xml", b"<Types/>")


def test_the_limits_are_the_documented_strict_ones() -> None:
    # The strict set the issue settled on (2,000 members, ratio 250), for every workbook.
    assert xlsx_read.MAX_MEMBERS == 2_000
    assert xlsx_read.MAX_RATIO == 250
    assert xlsx_read.MAX_MEMBER_BYTES == 512 * MiB
    assert xlsx_read.MAX_TOTAL_BYTES == 1024 * MiB


def make_zip(path: Path, members: list[tuple[str, bytes]], declared: dict[str, tuple[int, int]] | None = None) -> Path:
    """A stored zip of ``members``; ``declared`` sets (compressed, uncompressed) sizes in the directory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in members:
            z.writestr(name, data)
    if declared:
        raw = bytearray(path.read_bytes())
        at = raw.find(b"PK\x01\x02")
        while at >= 0:
            name_len = struct.unpack_from("<H", raw, at + 28)[0]
            name = raw[at + 46:at + 46 + name_len].decode()
            if name in declared:
                struct.pack_into("<II", raw, at + 20, *declared[name])
            at = raw.find(b"PK\x01\x02", at + 46)
        path.write_bytes(bytes(raw))
    return path


def refused(path: Path) -> str:
    with pytest.raises(InputError) as exc:
        check_xlsx_archive(path)
    return str(exc.value)


def test_member_count_2000_passes_2001_is_refused(tmp_path: Path) -> None:
    many = [CONTENT_TYPES] + [(f"xl/m{i}.xml", b"") for i in range(1_999)]
    check_xlsx_archive(make_zip(tmp_path / "ok.xlsx", many))
    message = refused(make_zip(tmp_path / "bomb.xlsx", [*many, ("xl/one-more.xml", b"")]))
    assert "2,001 members; the limit is 2,000" in message


def test_compression_ratio_250_passes_251_is_refused(tmp_path: Path) -> None:
    # 4,200 bytes stored, declared to expand 250 times: 1,050,000 bytes, just over the 1 MiB below
    # which the ratio is not checked.
    data = b"x" * 4_200
    check_xlsx_archive(make_zip(tmp_path / "ok.xlsx", [CONTENT_TYPES, ("xl/a.xml", data)],
                                {"xl/a.xml": (4_200, 250 * 4_200)}))
    message = refused(make_zip(tmp_path / "bomb.xlsx", [CONTENT_TYPES, ("xl/a.xml", data)],
                               {"xl/a.xml": (4_200, 250 * 4_200 + 1)}))
    assert "zip bomb" in message and "(limit 250)" in message


def test_a_high_ratio_below_one_mebibyte_is_not_a_bomb(tmp_path: Path) -> None:
    # Tiny XML parts compress very well; the ratio only matters for a member over 1 MiB.
    check_xlsx_archive(make_zip(tmp_path / "ok.xlsx", [CONTENT_TYPES, ("xl/a.xml", b"x")], {"xl/a.xml": (1, MiB)}))
    refused(make_zip(tmp_path / "bomb.xlsx", [CONTENT_TYPES, ("xl/a.xml", b"x")], {"xl/a.xml": (1, MiB + 1)}))


def test_member_size_512_mib_passes_one_byte_more_is_refused(tmp_path: Path) -> None:
    limit = 512 * MiB
    check_xlsx_archive(make_zip(tmp_path / "ok.xlsx", [CONTENT_TYPES, ("xl/a.xml", b"x")], {"xl/a.xml": (limit, limit)}))
    message = refused(make_zip(tmp_path / "big.xlsx", [CONTENT_TYPES, ("xl/a.xml", b"x")],
                               {"xl/a.xml": (limit + 1, limit + 1)}))
    assert "expands to 536,870,913 bytes; the limit is 536,870,912" in message


def test_total_size_1_gib_passes_one_byte_more_is_refused(tmp_path: Path) -> None:
    half = 512 * MiB
    parts = [CONTENT_TYPES, ("xl/a.xml", b"x"), ("xl/b.xml", b"x")]
    # Content types (8 bytes) + two members: exactly 1 GiB.
    check_xlsx_archive(make_zip(tmp_path / "ok.xlsx", parts, {"xl/a.xml": (half, half), "xl/b.xml": (half - 8, half - 8)}))
    message = refused(make_zip(tmp_path / "big.xlsx", parts, {"xl/a.xml": (half, half), "xl/b.xml": (half - 7, half - 7)}))
    assert "archive expands to 1,073,741,825 bytes; the limit is 1,073,741,824" in message


@pytest.mark.parametrize("member", ["../evil.xml", "xl/../../evil.xml", "/etc/evil.xml", "\\evil.xml",
                                    "xl\\..\\..\\evil.xml", "C:evil.xml", "c:/evil.xml"])
def test_absolute_or_parent_paths_are_refused(tmp_path: Path, member: str) -> None:
    message = refused(make_zip(tmp_path / "t.xlsx", [CONTENT_TYPES, (member, b"")]))
    assert "absolute or parent path" in message


def test_names_that_only_look_like_parents_pass(tmp_path: Path) -> None:
    check_xlsx_archive(make_zip(tmp_path / "t.xlsx", [CONTENT_TYPES, ("xl/..data.xml", b""), ("xl/a..b.xml", b"")]))


def test_an_archive_without_content_types_is_not_a_workbook(tmp_path: Path) -> None:
    message = refused(make_zip(tmp_path / "t.xlsx", [("xl/workbook.xml", b"<workbook/>")]))
    assert "[Content_Types].xml is missing" in message
    # Spelled differently or in a folder it is still missing.
    refused(make_zip(tmp_path / "u.xlsx", [("xl/[Content_Types].xml", b""), ("[content_types].xml", b"")]))


OPENERS: dict[str, Callable[[Path], object]] = {
    "openpyxl (import, import-actions, questionnaires)": open_untrusted_workbook,
    "calamine (change batch, survey)": open_calamine,
}


@pytest.mark.parametrize("opener", OPENERS.values(), ids=OPENERS.keys())
def test_every_workbook_reader_applies_the_same_check(tmp_path: Path, opener: Callable[[Path], object]) -> None:
    bomb = make_zip(tmp_path / "bomb.xlsx", [CONTENT_TYPES, ("xl/a.xml", b"x" * 4_200)],
                    {"xl/a.xml": (4_200, 250 * 4_200 + 1)})
    with pytest.raises(InputError, match="zip bomb"):
        opener(bomb)
    many = make_zip(tmp_path / "many.xlsx", [CONTENT_TYPES] + [(f"xl/m{i}.xml", b"") for i in range(2_000)])
    with pytest.raises(InputError, match="the limit is 2,000"):
        opener(many)


@pytest.mark.parametrize("command", [
    ["assess", "import", "{x}", "--assessment", "{a}", "--catalogue", "{c}"],
    ["change", "batch", "{x}", "-o", "{o}"],
    ["assess", "survey", "{x}", "--assessment", "{a}", "--catalogue", "{c}"],
    ["report", "import-actions", "{x}", "--assessment", "{a}"],
], ids=["assess-import", "change-batch", "assess-survey", "import-actions"])
def test_commands_refuse_a_bomb_in_one_line_exit_2(tmp_path: Path, command: list[str]) -> None:
    from click.testing import CliRunner

    from itsm_assess.cli import cli

    bomb = make_zip(tmp_path / "bomb.xlsx", [CONTENT_TYPES, ("xl/a.xml", b"x" * 4_200)],
                    {"xl/a.xml": (4_200, 250 * 4_200 + 1)})
    fixtures = Path(__file__).parent / "fixtures" / "reports"
    assessment = tmp_path / "assessment.yaml"  # a copy: a command that wrongly went on would write to it
    assessment.write_bytes((fixtures / "assessment.yaml").read_bytes())
    args = [a.format(x=bomb, a=assessment, c=fixtures / "catalogue", o=tmp_path / "out.xlsx")
            for a in command]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "zip bomb" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.xlsx").exists()
    assert assessment.read_bytes() == (fixtures / "assessment.yaml").read_bytes()


def _workbook_with(path: Path, cells: dict[str, str]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def test_the_sheet_area_at_its_limit_passes_one_cell_more_is_refused(tmp_path: Path) -> None:
    # From A1 to D5: 5 rows x 4 columns = 20 cells.
    path = _workbook_with(tmp_path / "w.xlsx", {"A1": "x", "D5": "far"})
    assert check_sheet_extent(path, "S", max_cells=20) == (5, 4)
    with pytest.raises(InputError, match=r"reach column D and row 5 \(20 cells to read; the limit is 19\)"):
        check_sheet_extent(path, "S", max_cells=19)
    assert xlsx_read.MAX_SHEET_CELLS == 40_000_000


def test_a_stray_cell_far_away_is_refused_before_the_sheet_is_read(tmp_path: Path) -> None:
    path = _workbook_with(tmp_path / "w.xlsx", {"A1": "x", "XFD1048576": "stray"})
    wb = open_calamine(path)
    with pytest.raises(InputError, match=r"reach column XFD and row 1,048,576"):
        calamine_sheet(wb, path, "S")


@pytest.mark.parametrize("flag, value, says", [("DEFUSEDXML", False, "openpyxl does not use defusedxml"),
                                               ("LXML", True, "bypassing defusedxml")])
def test_the_openpyxl_reader_parses_only_through_defusedxml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             flag: str, value: bool, says: str) -> None:
    import openpyxl.xml

    path = _workbook_with(tmp_path / "w.xlsx", {"A1": "x"})
    assert open_untrusted_workbook(path)["S"]["A1"].value == "x"
    monkeypatch.setattr(openpyxl.xml, flag, value)
    with pytest.raises(InputError, match=says):
        open_untrusted_workbook(path)
