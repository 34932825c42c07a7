"""The change batch summary JSON stays within what ``report --changes`` reads (issue 16).

A million deviations used to give a 760 MB summary, 38 times the 20 MiB a JSON input may have.
The summary now lists at most ``MAX_LISTED_DEVIATIONS`` of them in at most ``MAX_LISTED_BYTES``,
counts the rest (``deviations_omitted``) and names the file that lists them all. The deviations
here are generated from the example export's own (renumbered), not classified a million times.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from itsm_assess.change_impact import load_policy
from itsm_assess.change_impact.batch import (
    BatchResult,
    Deviation,
    classify_export,
    summary,
    write_deviations_csv,
    write_summary_json,
)
from itsm_assess.change_impact.contract import MAX_LISTED_BYTES, MAX_LISTED_DEVIATIONS
from itsm_assess.change_impact.maps import load_column_map
from itsm_assess.json_inputs import MAX_JSON_BYTES
from itsm_assess.reports import build_report_view, load_change_summary, load_results

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "revontuli"
FIX = Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture(scope="module")
def example() -> tuple[Any, BatchResult]:
    policy = load_policy(EXAMPLE / "change-policy.yaml")
    result = classify_export(EXAMPLE / "change-export.csv", policy, load_column_map(EXAMPLE / "change-map.yaml"))
    assert result.deviations, "the example export has deviations to multiply"
    return policy, result


def _multiplied(result: BatchResult, count: int, id_width: int = 0) -> BatchResult:
    """``count`` deviations, the example's repeated with new change ids (``id_width`` pads them)."""
    base = result.deviations
    devs = [Deviation(f"CHG{n:0{max(id_width, 7)}d}", *base[n % len(base)][1:]) for n in range(count)]
    return BatchResult(result.source, result.policy_id, result.rows, result.rejected, devs, result.memo,
                       result.verdict_counts, result.total)


def test_past_the_bound_the_summary_lists_the_first_ones_and_counts_the_rest(example, tmp_path: Path) -> None:
    policy, result = example
    many = _multiplied(result, MAX_LISTED_DEVIATIONS * 3)
    out = tmp_path / "summary.json"
    write_summary_json(out, summary(many, policy, "en", with_deviations=False), many, policy, "en",
                       listed_in="batch-deviations.csv")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["deviations"]) == MAX_LISTED_DEVIATIONS
    assert data["deviations"][0]["change_id"] == "CHG0000000"
    assert data["deviations_total"] == 30_000 and data["deviations_omitted"] == 20_000
    assert data["deviations_listed_in"] == "batch-deviations.csv"
    assert sum(data["deviations_by_type"].values()) == 30_000  # the counts cover every deviation
    # report --changes reads it, and the report says how many more there are and where.
    loaded = load_change_summary(out)
    view = build_report_view(load_results(FIX / "results.json"), lang="en", change_summary=loaded)
    assert view.change_analysis is not None
    assert view.change_analysis["deviations_more"] == (
        "… and 20,000 more deviations: every one is listed in batch-deviations.csv.")
    fi = build_report_view(load_results(FIX / "results.json"), lang="fi", change_summary=loaded)
    assert fi.change_analysis is not None and "20\u00a0000 muuta politiikasta poikkeamista" in fi.change_analysis[
        "deviations_more"]
    # The CSV lists them all.
    listing = tmp_path / "deviations.csv"
    write_deviations_csv(many, policy, listing, "en")
    with listing.open(encoding="utf-8-sig", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh)) == 30_000 + 1


def test_long_entries_are_cut_by_bytes_so_the_file_stays_readable(example, tmp_path: Path) -> None:
    policy, result = example
    # Change ids of 2,000 characters: 10,000 entries would be ~26 MB, over the 20 MiB input limit.
    many = _multiplied(result, MAX_LISTED_DEVIATIONS, id_width=2_000)
    out = tmp_path / "summary.json"
    write_summary_json(out, summary(many, policy, "en", with_deviations=False), many, policy, "en")
    assert out.stat().st_size <= MAX_JSON_BYTES
    data = load_change_summary(out)
    entries = data.get("deviations") or []
    listed = len(entries)
    # Unbounded, the listing alone would be over the input limit.
    assert len(json.dumps(entries[0], ensure_ascii=False)) * MAX_LISTED_DEVIATIONS > MAX_JSON_BYTES
    assert sum(len(json.dumps(e, ensure_ascii=False)) for e in entries) <= MAX_LISTED_BYTES
    assert 0 < listed < MAX_LISTED_DEVIATIONS
    assert data.get("deviations_omitted") == MAX_LISTED_DEVIATIONS - listed
    assert data.get("deviations_listed_in") is None  # no listing file named: the report says the workbook


def test_within_the_bound_nothing_is_omitted(example, tmp_path: Path) -> None:
    policy, result = example
    out = tmp_path / "summary.json"
    write_summary_json(out, summary(result, policy, "en", with_deviations=False), result, policy, "en",
                       listed_in="x.csv")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["deviations"]) == data["deviations_total"] == len(result.deviations)
    assert data["deviations_omitted"] == 0 and data["deviations_listed_in"] is None
    assert data == {**summary(result, policy, "en"), "deviations_listed_in": None}
