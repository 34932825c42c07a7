"""The change-batch workbook is styled like the gap report: header, widths, filters, frozen panes, print set-up."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from itsm_assess.cli import cli

EX = Path(__file__).resolve().parent.parent / "examples" / "revontuli"


def test_batch_workbook_has_the_reports_finish(tmp_path: Path) -> None:
    out = tmp_path / "batch.xlsx"
    result = CliRunner().invoke(cli, ["change", "batch", str(EX / "change-export.csv"), "--policy",
                                      str(EX / "change-policy.yaml"), "--map", str(EX / "change-map.yaml"), "-o", str(out), "--lang", "fi"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    changes = wb["Muutokset"]
    head = changes["A1"]
    assert head.fill.fgColor.rgb.endswith("1F4E79") and head.font.b and head.font.name == "Calibri"
    assert changes.freeze_panes == "C2" and changes.auto_filter.ref == f"A1:Q{changes.max_row}"
    assert changes.column_dimensions["C"].width == 34 and changes.column_dimensions["Q"].width == 60
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows == "$1:$1" and ws.oddFooter.right.text == "&P / &N"
    assert wb["Poikkeamat politiikasta"].auto_filter.ref.startswith("A1:E")
    styles = zipfile.ZipFile(out).read("xl/styles.xml").decode()
    assert styles.count("<font>") == styles.count("<name ")  # every font named
