"""Fieldwork workbook as a client fills it: labels from the drop-downs, findings in columns, who answered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from itsm_assess._io.xlsx_cells import POINTS_PER_WIDTH_UNIT, text_width_points
from itsm_assess.assessment import Finding, load_assessment, save_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.errors import ConflictError, InputError
from itsm_assess.fieldwork import create_assessment, import_fieldwork, new_assessment, write_fieldwork
from itsm_assess.fieldwork.labels import normalize_finding, normalize_rating, parse_due_date
from itsm_assess.fieldwork.layout import MAX_ITEM_ROW_HEIGHT
from itsm_assess.i18n import translate

FIX = Path(__file__).parent / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


def _new(cat, tmp_path: Path, lang: str = "en"):  # type: ignore[no-untyped-def]
    a = new_assessment(cat, "Revontuli", ["CHG", "INC"], targets={"CHG": 2}, lang=lang, assessment_id="rev")
    return create_assessment(tmp_path / "a", cat, a)


def _person_fills(path: Path, sheet: str, item_id: str, values: dict[str, object], *, who: tuple[str, str] | None = None) -> None:
    """Types into the cells as a person does: by caption position, dates as date cells."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    keys = {c.value: c.column for c in ws[2]}
    row = next(r[0].row for r in ws.iter_rows(min_row=3) if r[0].value == item_id)
    for key, value in values.items():
        ws.cell(row=row, column=keys[key]).value = value
    if who:
        first = wb.worksheets[0]
        label_rows = [c.row for c in first["A"] if c.value in ("Respondent (name)", "Vastaaja (nimi)")]
        first.cell(row=label_rows[0], column=2).value = who[0]
        first.cell(row=label_rows[0] + 1, column=2).value = who[1]
    wb.save(path)


def test_labels_and_codes_are_both_accepted() -> None:
    assert normalize_rating("L – largely achieved") == "L"
    assert normalize_rating("l+ – pääosin, ylempi puolisko") == "L+"
    assert normalize_rating("pääosin saavutettu") == "L"
    assert normalize_rating("NA - whatever typed") == "NA"
    assert normalize_rating(" f ") == "F"
    assert normalize_rating("largely") is None and normalize_rating("X – fully") is None
    assert normalize_finding("Lievä poikkeama") == normalize_finding("minor-nc") == "minor-nc"
    assert normalize_finding("major nonconformity") == "major-nc"
    assert normalize_finding("lievä") is None
    # An observation is "Huomio" now; a workbook written when it was "Havainto" still reads.
    assert normalize_finding("Huomio") == normalize_finding("Havainto") == normalize_finding("observation") == "observation"
    assert parse_due_date("31.12.2026") == parse_due_date("2026-12-31") == dt.date(2026, 12, 31)
    assert parse_due_date(dt.datetime(2026, 1, 2, 0, 0)) == dt.date(2026, 1, 2)
    assert parse_due_date("31.2.2026") is None and parse_due_date("next week") is None


def test_findings_columns_become_findings_with_owner_and_due_date(cat, tmp_path):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = _new(cat, tmp_path)
    _person_fills(xlsx_path, "CHG", "CHG-02", {
        "rating": "P – partially achieved", "finding": "Minor nonconformity", "evidence": "RFC-2211, RFC-2240",
        "finding_statement": "Two emergency changes were approved after implementation.",
        "recommendation": "Approve emergency changes before they are deployed.",
        "owner": "Change manager", "due_date": dt.datetime(2026, 6, 30),
    }, who=("Aino Virtanen", "Auditor"))
    _person_fills(xlsx_path, "CHG", "CHG:GP2.1.1", {
        "finding": "Opportunity for improvement", "finding_statement": "Objectives are not measured.",
        "due_date": "31.8.2026",
    })
    report = import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    a = load_assessment(yaml_path)
    got = {f.id: f for f in a.findings}
    f = got["CHG-02-finding"]
    assert (f.grade, f.requirements, f.owner, f.due_date) == ("minor-nc", ["CHG-02"], "Change manager", dt.date(2026, 6, 30))
    assert f.statement.startswith("Two emergency") and f.recommendation.startswith("Approve") and f.status == "open"
    assert got["CHG:GP2.1.1-finding"].due_date == dt.date(2026, 8, 31) and got["CHG:GP2.1.1-finding"].requirements == []
    assert a.response_map()["CHG-02"].finding == "minor-nc"
    # name and role are kept, with the file they came from
    assert [(r.name, r.role, r.source) for r in a.assessment.respondents] == [("Aino Virtanen", "Auditor", "fieldwork.xlsx")]
    assert any("finding CHG-02-finding added" in c for c in report.changes)
    # the scored findings list the workbook's finding once (no generated twin)
    from itsm_assess.scoring import load_scoring_model, score

    ids = [x["id"] for x in score(a, cat, load_scoring_model("iso33020")).findings]
    assert ids.count("CHG:GP2.1.1-finding") == 1 and ids.count("CHG-02-finding") == 1
    # exported again, the finding comes back in its columns; importing that changes nothing
    again = tmp_path / "again.xlsx"
    write_fieldwork(cat, a, again)
    ws = openpyxl.load_workbook(again)["CHG"]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "CHG-02")
    keys = [c.value for c in ws[2]]
    assert row[keys.index("owner")].value == "Change manager" and row[keys.index("finding")].value == "Minor nonconformity"
    assert row[keys.index("due_date")].value.date() == dt.date(2026, 6, 30)
    assert import_fieldwork(again, yaml_path, catalogue=cat).changes == []


def test_changed_finding_is_a_conflict_and_a_statement_needs_a_grade(cat, tmp_path):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = _new(cat, tmp_path, lang="fi")
    a = load_assessment(yaml_path)
    a.findings.append(Finding(id="CHG-01-finding", grade="minor-nc", requirements=["CHG-01"], statement="Vanha", owner="Aino"))
    save_assessment(a, yaml_path)
    _person_fills(xlsx_path, "CHG", "CHG-01", {"finding": "Lievä poikkeama", "finding_statement": "Uusi", "owner": "Bo"})
    with pytest.raises(ConflictError) as err:
        import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    assert any("CHG-01-finding statement: Vanha → Uusi" in c for c in err.value.conflicts)
    import_fieldwork(xlsx_path, yaml_path, catalogue=cat, force=True)
    assert load_assessment(yaml_path).findings[0].owner == "Bo"
    _person_fills(xlsx_path, "INC", "INC-01", {"recommendation": "Tee jotain", "due_date": "huomenna"})
    with pytest.raises(InputError) as bad:
        import_fieldwork(xlsx_path, yaml_path, catalogue=cat)
    text = "\n".join(translate(p, "fi") for p in bad.value.problems)  # shown in Finnish with --lang fi
    assert "INC!R3: määräaika ”huomenna” ei ole päivämäärä" in text
    assert "INC!P3: Suositus on annettu, mutta havainnon luokka (L3) on tyhjä" in text
    assert "INC!P3: Suositus is given but the finding grade (L3) is empty" in "\n".join(bad.value.problems)


def test_long_text_is_capped_with_a_comment_and_no_word_is_broken(cat, tmp_path):  # type: ignore[no-untyped-def]
    yaml_path, _ = _new(cat, tmp_path, lang="fi")
    big = load_catalogue(FIX, checklists=FIX / "checklists")
    req = big.requirements["CHG-01"]
    long_word = "palvelunhallintajärjestelmäkokonaisuudessa"
    req.statement["fi"] = ("Pitkä vaatimus, jossa on paljon sanoja. " * 60) + long_word
    out = tmp_path / "long.xlsx"
    write_fieldwork(big, load_assessment(yaml_path), out)
    ws = openpyxl.load_workbook(out)["CHG"]
    assert ws.row_dimensions[3].height == MAX_ITEM_ROW_HEIGHT
    assert ws["E3"].comment is not None and ws["E3"].comment.text.endswith(long_word)
    assert ws["F3"].comment is None  # short texts carry no comment
    width = ws.column_dimensions["E"].width
    assert width * POINTS_PER_WIDTH_UNIT >= text_width_points(long_word, bold=True)
