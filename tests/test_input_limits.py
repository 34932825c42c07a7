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
