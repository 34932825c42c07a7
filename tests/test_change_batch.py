"""Change batch: tool exports, column maps, rejected rows, deviations, the memoised path, the workbook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from change_exports import generated_export, jira_stock_export, servicenow_stock_export

from itsm_assess.change_impact import classify, load_policy
from itsm_assess.change_impact.batch import classify_export, deviations_of, read_export, summary, write_batch_workbook
from itsm_assess.change_impact.maps import check_map, load_column_map
from itsm_assess.errors import InputError

FIX = Path(__file__).parent / "fixtures" / "change"
EXTENDED = FIX / "servicenow-extended.yaml"


@pytest.fixture(scope="module")
def policy():
    return load_policy(FIX / "policy.yaml")


def test_batch_csv_bad_rows_deviations_and_summary(policy, tmp_path: Path) -> None:
    cmap = load_column_map(FIX / "map.yaml")
    result = classify_export(FIX / "export.csv", policy, cmap)
    assert [r.row for r in result.rejected] == [4, 8]
    assert "row 4, column 'Users' (Users): 'many' is not a number" in result.rejected[0].problems[0]
    assert "'mainframe' is not one of server, workstation" in result.rejected[1].problems[0]
    assert len(result.rows) == 6
    devs = {(d.change_id, d.type): d for d in result.deviations}
    c2 = devs[("C2", "category")]  # the export has no "alters" column: major impact cannot be ruled out
    assert (c2.key, c2.args) == ("standard-major-unknown", ())
    assert "potential major impact was not ruled out" in c2.reason(policy)
    assert "mahdollista merkittävää vaikutusta ei ole suljettu pois" in c2.reason(policy, "fi")
    c4 = devs[("C4", "route")]
    assert c4.reason(policy) == "new service not routed through service design and transition (8.5.2)"
    assert (c4.recorded, c4.expected) == ("change-management (8.5.1)", "service-design-and-transition (8.5.2)")
    assert devs[("C5", "approval")].reason(policy) == "emergency change not authorised by the ECAB"
    assert devs[("C5", "approval")].reason(policy, "fi") == "hätämuutosta ei ole hyväksynyt hätämuutosneuvosto"
    assert "does not meet the emergency criteria" in devs[("C6", "category")].reason(policy)
    assert ("C6", "approval") not in devs  # an ECAB includes the change manager: more control is no deviation
    data = summary(result, policy)
    assert data["total"] == 6 and data["rejected_rows"] == 2 and data["incomplete"] == 6
    assert data["by_category"] == {"standard": 0, "normal": 5, "emergency": 1}
    assert data["by_route"] == {"change-management": 0, "service-design-and-transition": 1, "undetermined": 5}
    assert data["by_impact"] == {"major": 0, "not-major": 0, "undetermined": 6}
    by_key = {(d["change_id"], d["type"]): d for d in data["deviations"]}
    assert by_key[("C5", "approval")]["details"] == {"lacking": ["ecab"]}
    out = tmp_path / "out.xlsx"
    write_batch_workbook(result, policy, out)
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["Changes", "Summary", "Deviations", "Rejected rows"]
    titles = [row[2] for row in wb["Changes"].iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://x")' in titles  # kept as text
    cell = next(c for c in wb["Changes"]["C"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"


def test_batch_with_every_attribute_mapped_settles_the_route(policy, tmp_path: Path) -> None:
    text = (FIX / "export.csv").read_text(encoding="utf-8").splitlines()
    rows = [text[0] + ",Alters"] + [line + ",no" for line in text[1:]]
    path = tmp_path / "full.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cmap = tmp_path / "map.yaml"
    cmap.write_text((FIX / "map.yaml").read_text(encoding="utf-8") + "  alters: Alters\n", encoding="utf-8")
    result = classify_export(path, policy, load_column_map(cmap))
    devs = {(d.change_id, d.type): d for d in result.deviations}
    assert devs[("C2", "category")].key == "standard-model"  # outage 90 > 30 of the patch model
    assert summary(result, policy)["by_route"]["undetermined"] == 0


def test_batch_xlsx_and_encoding_errors(policy, tmp_path: Path) -> None:
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    with open(FIX / "export.csv", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            ws.append(row)
    ws["H2"] = 5  # a real number cell
    path = tmp_path / "export.xlsx"
    wb.save(path)
    result = classify_export(path, policy, load_column_map(FIX / "map.yaml"))
    assert len(result.rows) == 6
    assert result.rejected[0].problems[0].startswith("Sheet!H4 (Users)")
    latin = tmp_path / "latin.csv"
    latin.write_bytes((FIX / "export.csv").read_bytes().replace(b"Patch wiki", "Päivitys".encode("latin-1")))
    with pytest.raises(InputError, match="not valid UTF-8"):
        classify_export(latin, policy, load_column_map(FIX / "map.yaml"))
    notzip = tmp_path / "fake.xlsx"
    notzip.write_text("hello")
    with pytest.raises(InputError, match="not an xlsx workbook"):
        classify_export(notzip, policy, load_column_map(FIX / "map.yaml"))


def test_map_with_missing_column_or_unknown_target(policy, tmp_path: Path) -> None:
    bad = tmp_path / "map.yaml"
    bad.write_text((FIX / "map.yaml").read_text().replace("outage: Outage", "outage: Downtime"))
    with pytest.raises(InputError, match="'Downtime'.*not in the header"):
        classify_export(FIX / "export.csv", policy, load_column_map(bad))
    bad.write_text((FIX / "map.yaml").read_text().replace("outage: Outage", "colour: Outage"))
    with pytest.raises(InputError, match="'colour' is neither an attribute"):
        classify_export(FIX / "export.csv", policy, load_column_map(bad))
    bad.write_text((FIX / "map.yaml").read_text().replace("outage: Outage", "outage: {column: Outage, value: '5'}"))
    with pytest.raises(InputError, match="give exactly one of column, join, days_between or value"):
        load_column_map(bad)


def test_map_constants_defaults_value_patterns_joins_and_splits(policy, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("Key,Svc,Out,Rev,State,Appr,Opened,Start\n"
                    "A1,wiki|erp,,yes,closed,approved,2025-03-01 10:00,2025-03-04 09:00\n"
                    "A2,wiki,45,,new,requested,1.3.2025,\n"
                    "A3,wiki,5,no,closed,rejected,2025-03-01,soon\n", encoding="utf-8")
    cmap = tmp_path / "m.yaml"
    cmap.write_text("""schema_version: 1
map: {id: t, title: {en: t}}
columns:
  id: Key
  kind: {value: modification}
  services: {column: Svc, split: "|"}
  outage: {column: Out, default: "0"}
  reversible: {column: Rev, default: "yes"}
  urgent: {value: "no"}
  deploy: {value: "no"}
  alters: {value: "no"}
  users: {days_between: [Opened, Start]}
  recorded_approvals: {join: [State, Appr], values: {"new|*": "", "*|approved": cm, "*": "-"}}
""", encoding="utf-8")
    result = classify_export(path, policy, load_column_map(cmap))
    assert [r.row for r in result.rejected] == [4]
    assert "e.csv: row 4, days between Opened, Start (Users)" in result.rejected[0].problems[0]
    assert "'soon' is not a date" in result.rejected[0].problems[0]
    a1, a2 = (r.record for r in result.rows)
    assert a1["services"] == ("wiki", "erp") and a1["outage"] == 0 and a1["users"] == 3
    assert a1["recorded_approvals"] == ("cm",) and a1["kind"] == "modification"
    assert a2["reversible"] is True and "users" not in a2 and "recorded_approvals" not in a2


def test_bundled_maps_fit_the_default_policy() -> None:
    pol = load_policy()
    for name in ("servicenow", "jira"):
        check_map(load_column_map(name), pol)


def test_stock_servicenow_export_of_500_rows_classifies_without_custom_fields(tmp_path: Path) -> None:
    path = tmp_path / "change_request.csv"
    servicenow_stock_export(path, 500)
    pol = load_policy()
    result = classify_export(path, pol, load_column_map("servicenow"))
    assert result.rejected == [] and len(result.rows) == 500
    data = summary(result, pol)
    # the data settles what it can and no more: without the kind and what the change alters, no route is settled
    assert data["by_route"]["undetermined"] == 500 and data["by_category"]["standard"] == 0
    assert data["by_risk"]["high"] > 0 and data["by_risk"]["undetermined"] > 0
    assert data["incomplete"] == 500
    reasons = {d["reason_key"] for d in data["deviations"]}
    assert {"standard-major-unknown", "unknown-service", "emergency-unchecked"} <= reasons
    # services named by their titles in the export are the policy's services
    rec = next(r.record for r in result.rows if "erp-hosting" in r.record.get("services", ()))
    assert rec["services"] == ("erp-hosting",)
    closed = [r for r in result.rows if r.record.get("recorded_approvals") is not None]
    assert closed and all(set(r.record["recorded_approvals"]) <= {"cab", "change-manager", "ecab"} for r in closed)
    assert _assert_same_as_classify(path, pol, load_column_map("servicenow")) == 500


def test_stock_jira_export_classifies_without_custom_fields(tmp_path: Path) -> None:
    path = tmp_path / "jira.csv"
    jira_stock_export(path, 200)
    pol = load_policy()
    result = classify_export(path, pol, load_column_map("jira"))
    assert result.rejected == [] and len(result.rows) == 200
    majors = [r for r in result.rows if r.verdict.major_impact]
    assert majors and all("functionality" in r.record["service_changes"] for r in majors)
    assert any(r.verdict.warnings for r in result.rows)  # "Payroll" is not under change control
    assert any("lead_time_days" in r.record for r in result.rows)
    assert _assert_same_as_classify(path, pol, load_column_map("jira")) == 200


# --- the memoised batch path decides exactly as classify() -------------------------------------

def _reference(path: Path, pol, cmap) -> tuple[list, list, list]:
    """Row by row, without caches: read_export, classify() and deviations_of() on every record."""
    from itsm_assess.change_impact.classify import has_attributes

    rows, rejected, devs = [], [], []
    for n, rec, _problems in read_export(path, pol, cmap):
        if rec is None or not has_attributes(rec):
            rejected.append(n)
            continue
        rec.setdefault("id", f"row {n}")
        c = classify(rec, pol, validate=False)
        rows.append((n, rec, c))
        devs.extend(deviations_of(rec, c, pol))
    return rows, rejected, devs


def _assert_same_as_classify(path: Path, pol, cmap) -> int:
    result = classify_export(path, pol, cmap)
    ref_rows, ref_rejected, ref_devs = _reference(path, pol, cmap)
    assert [r.row for r in result.rejected] == ref_rejected
    assert len(result.rows) == len(ref_rows)
    for row, (n, rec, c) in zip(result.rows, ref_rows, strict=True):
        v = row.verdict
        assert (row.row, row.change_id, row.record) == (n, c.change_id, rec)
        assert (v.kind, v.category, v.standard_model, v.risk, v.risk_at_most, v.major_impact, v.route,
                v.release_required, list(v.approvals), list(v.approvals_at_least), list(v.artefacts), v.outcome,
                v.missing_by, v.warnings) == (
                c.kind, c.category, c.standard_model, c.risk, c.risk_at_most, c.major_impact, c.route,
                c.release_required, c.approvals, c.approvals_at_least, c.artefacts, c.outcome, c.missing_by,
                c.warnings), n
        assert row.classification().to_dict() == c.to_dict()  # the rationale, built on demand
    assert result.deviations == ref_devs
    for lang in ("en", "fi"):
        assert [d.to_dict(pol, lang) for d in result.deviations] == [d.to_dict(pol, lang) for d in ref_devs]
    data = summary(result, pol)
    assert data["total"] == len(ref_rows)
    assert data["incomplete"] == sum(1 for _, _, c in ref_rows if not c.complete)
    return len(result.rows)


@pytest.mark.parametrize("criticality_column", [False, True])
@pytest.mark.parametrize("tiny_caches", [False, True])
def test_fast_batch_path_matches_classify_on_generated_records(tmp_path: Path, monkeypatch, criticality_column: bool,
                                                               tiny_caches: bool) -> None:
    if tiny_caches:  # past the cache bounds rows are still classified, only without storing
        from itsm_assess.change_impact import fast

        monkeypatch.setattr(fast, "MAX_MEMO", 3)
        monkeypatch.setattr(fast, "MAX_TEXTS_PER_COLUMN", 2)
    path = tmp_path / "export.csv"
    generated_export(path, 400, seed=20251 + criticality_column, criticality_column=criticality_column)
    pol = load_policy()
    assert _assert_same_as_classify(path, pol, load_column_map(EXTENDED)) > 300


def test_fast_batch_path_matches_classify_on_fixture_export(policy) -> None:
    assert _assert_same_as_classify(FIX / "export.csv", policy, load_column_map(FIX / "map.yaml")) == 6


def test_rows_without_attributes_get_no_verdict(policy, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text((FIX / "export.csv").read_text(encoding="utf-8")
                    + "C9,Only a title,Normal,,,,,,,,,,,\n", encoding="utf-8")
    result = classify_export(path, policy, load_column_map(FIX / "map.yaml"))
    assert result.rejected[-1].row == 10 and "no attributes to classify by" in result.rejected[-1].problems[0]


def test_batch_csv_with_unusual_line_breaks_in_cells(policy, tmp_path: Path) -> None:
    # str.splitlines also breaks on form feed and U+2028; the reader must not split records there.
    text = (FIX / "export.csv").read_text(encoding="utf-8").replace("Patch wiki server", "Patch\u2028wiki\fserver")
    path = tmp_path / "odd.csv"
    path.write_text(text, encoding="utf-8")
    result = classify_export(path, policy, load_column_map(FIX / "map.yaml"))
    assert len(result.rows) == 6 and [r.row for r in result.rejected] == [4, 8]
    # ...and the breaks arrive as newlines: a form feed cannot be written to a workbook (issue 16).
    assert result.rows[0].record["title"] == "Patch\nwiki\nserver"


def test_batch_workbook_in_finnish(policy, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    result = classify_export(FIX / "export.csv", policy, load_column_map(FIX / "map.yaml"))
    write_batch_workbook(result, policy, tmp_path / "fi.xlsx", "fi")
    wb = load_workbook(tmp_path / "fi.xlsx")
    assert wb.sheetnames == ["Muutokset", "Yhteenveto", "Poikkeamat politiikasta", "Hylätyt rivit"]
    rows = list(wb["Muutokset"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Rivi", "Muutos", "Otsikko") and rows[0][-1] == "Perusteet"
    cats = policy.file.categories
    assert {r[5] for r in rows[1:]} <= {c.title["fi"] for c in (cats.standard, cats.normal, cats.emergency)}
    summary_labels = [r[0] for r in wb["Yhteenveto"].iter_rows(values_only=True) if r and r[0]]
    assert "Luokiteltuja muutoksia" in summary_labels and "Riskin mukaan" in summary_labels
    assert "total" not in summary_labels and "by_category" not in summary_labels
    rationale = "\n".join(r[-1] for r in rows[1:])
    assert "Riski:" in rationale and ", koska " in rationale
    assert not re.search(r"\((eq|gt|gte|lt|lte|in) ", rationale)


def test_approval_deviations_claim_only_what_is_certainly_required(policy) -> None:
    # outage and reversibility unknown: authorised as high risk, but only the change manager is certain
    rec = {"id": "X1", "kind": "modification", "services": ("wiki",), "users": 3, "urgent": False, "deploy": False,
           "alters": False}
    c = classify(rec, policy, validate=False)
    assert c.approvals == ["cab", "owner"] and c.approvals_at_least == ["cm"]
    assert deviations_of({**rec, "recorded_approvals": ("cm",)}, c, policy) == []
    assert deviations_of({**rec, "recorded_approvals": ("cab",)}, c, policy) == []  # the CAB includes the change manager
    (dev,) = deviations_of({**rec, "recorded_approvals": ()}, c, policy)
    assert (dev.type, dev.key, dev.expected_value) == ("approval", "approval-missing", ("cm",))


@pytest.mark.parametrize("text", [
    'a,b\r\n1,2\r\n"x\r\ny",3\r\nfoot\r\n,\r\n',    # CRLF with a cell spanning lines and a footer
    'a,b\n1,2\n"x\ny",3\nfoot\n \n',                 # LF
    'a,b\r\n1,"\x07"\r\n',                           # a refused character
    'a,b\r\n1,2\rz,3\r\n',                           # a lone carriage return
    '"a\r\nb",c\r\n1,2\r\n3,"4\r\n5"\r\n',           # a header spanning lines
])
def test_row_screening_shortcut_gives_the_row_by_row_result(tmp_path: Path, text: str) -> None:
    from itsm_assess.change_impact import batch

    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    results = []
    for shortcut in (True, False):
        _, body, place = batch._rows(path, None)
        rejected: dict[int, list[str]] = {}
        rows = list(batch._screened(body if shortcut else iter(list(body)), place, rejected.__setitem__))
        results.append((rows, rejected))
    assert results[0] == results[1]


def test_fast_path_code_of_a_narrow_column_never_overflows_into_the_next(tmp_path: Path) -> None:
    """A choice column's cell texts are numbered in a 6-bit field: past 63 distinct texts (here the
    same few values spelled with different padding, which the map reads alike) its further rows
    must take the uncached path, never spill a code into the next column's field."""
    import csv

    from itsm_assess.change_impact import fast

    source, path = tmp_path / "generated.csv", tmp_path / "export.csv"
    generated_export(source, 300, seed=4242, criticality_column=False)
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("u_sla_effect")
    values = ("none", "degraded", "breach")
    for i, row in enumerate(rows[1:]):
        row[col] = " " * (i % 150) + values[i % len(values)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    pol = load_policy()
    assert pol.attributes["sla_effect"].type == "choice"
    assert len({r[col] for r in rows[1:]}) > 1 << fast.NARROW_CODE  # more texts than the field numbers
    assert _assert_same_as_classify(path, pol, load_column_map(EXTENDED)) > 250
