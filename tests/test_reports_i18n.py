"""Reports speak the reader's language and describe the scoring model actually used:
readiness reasons worded from ``reason_codes``, the "how to read" text from the model's rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from itsm_assess.assessment import load_for_catalogue
from itsm_assess.catalogue import load_catalogue
from itsm_assess.reports import build_report_view
from itsm_assess.reports.html import render_report_html
from itsm_assess.reports.xlsx import build_workbook
from itsm_assess.scoring import load_scoring_model, score

FIX = Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue(FIX / "catalogue")


@pytest.fixture(scope="module")
def assessment(catalogue: Any) -> Any:
    return load_for_catalogue(FIX / "assessment.yaml", catalogue)


def _results(assessment: Any, catalogue: Any, model: str = "iso33020") -> dict[str, Any]:
    return score(assessment, catalogue, load_scoring_model(model)).to_dict()


def _workbook_text(view: Any) -> str:
    wb = build_workbook(view)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


def test_finnish_report_words_readiness_reasons_from_codes(assessment: Any, catalogue: Any) -> None:
    results = _results(assessment, catalogue)
    english = results["readiness"]["reasons"]
    assert english and results["readiness"]["reason_codes"]
    view = build_report_view(results, assessment, catalogue, "fi")
    html = render_report_html(view)
    workbook = _workbook_text(view)
    # A reason never opens with its count (fi-blind-3 #329: "1 avoin merkittävä poikkeama: …").
    assert view.readiness["reasons"][0].startswith("Avoin merkittävä poikkeama: ")
    assert "Korjattavana avoin lievä poikkeama: F-01" in view.readiness["reasons"]
    for sentence in english:
        assert sentence not in html and sentence[1:] not in html
        assert sentence[1:] not in workbook
    for reason in view.readiness["reasons"]:
        assert reason in html and reason in workbook
    # The results keep the English sentences for other tools.
    assert results["readiness"]["reasons"] == english and english[0].startswith("1 open major nonconformity")


def test_english_report_words_the_same_reasons(assessment: Any, catalogue: Any) -> None:
    results = _results(assessment, catalogue)
    view = build_report_view(results, assessment, catalogue, "en")
    assert view.readiness["reasons"] == [r[:1].upper() + r[1:] for r in results["readiness"]["reasons"]]


def test_how_to_read_follows_the_default_model(assessment: Any, catalogue: Any) -> None:
    text = " ".join(build_report_view(_results(assessment, catalogue), assessment, catalogue, "en").method["how_to_read"])
    assert "ISO/IEC 33020 scale" in text
    assert "reaches capability level n when its level-n attributes are at least L" in text
    assert "every lower attribute is F (fully achieved)" in text
    assert "rated F and carries no open major or minor nonconformity" in text


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_how_to_read_follows_the_compliance_model(assessment: Any, catalogue: Any, lang: str) -> None:
    results = _results(assessment, catalogue, "compliance")
    view = build_report_view(results, assessment, catalogue, lang)
    text = " ".join(view.method["how_to_read"])
    assert view.method["levels"] == [] and all(a["kind"] == "nc" for a in view.actions)
    assert "33020" not in text and "PA1.1" not in text and "PA 1.1" not in text
    if lang == "en":
        assert "determines no capability levels" in text and "lists only the open nonconformities" in text
        assert "capability level n" not in text
    else:
        assert "ei määritä kyvykkyystasoja" in text and "vain avoimet poikkeamat" in text
        assert "kyvykkyystason n" not in text
    assert view.method["conformity_rule"] in render_report_html(view)


def test_conformity_rule_comes_from_the_model_file(assessment: Any, catalogue: Any) -> None:
    results = _results(assessment, catalogue, str(FIX / "strict-compliance.yaml"))
    en = build_report_view(results, assessment, catalogue, "en").method["conformity_rule"]
    fi = build_report_view(results, assessment, catalogue, "fi").method["conformity_rule"]
    assert en == "A requirement conforms when it is rated F and carries no open major nonconformity."
    assert fi == "Vaatimus täyttyy, kun sen arvio on F eikä siihen liity avointa merkittävää poikkeamaa."


def test_maturity_model_states_its_lenient_level_rule(assessment: Any, catalogue: Any) -> None:
    view = build_report_view(_results(assessment, catalogue, "maturity5"), assessment, catalogue, "fi")
    text = " ".join(view.method["how_to_read"])
    assert "Prosessi saavuttaa kypsyystason n" in text
    assert "kaikki alemmat attribuutit vähintään tasolla L (pääosin saavutettu)" in text
    assert "Jokainen prosessi on vähintään tasolla 1." in text


def test_report_workbook_tabs_use_the_language_s_short_forms(assessment: Any, catalogue: Any) -> None:
    # A tab name longer than Excel's 31 characters takes the short form the PO file gives for the
    # report's language ("Palvelunhallintajärj. omistaja": the same term with the standard abbreviation),
    # not a mid-word cut, nor another role ("Johtamisjärjestelmän omistaja", fi-blind-3 #362).
    view = build_report_view(_results(assessment, catalogue), assessment, catalogue, "fi")
    view.labels["method"] = "Palvelunhallintajärjestelmän omistaja"
    names = build_workbook(view).sheetnames
    assert "Palvelunhallintajärj. omistaja" in names and "Palvelunhallintajärje. omistaja" not in names
    assert "Johtamisjärjestelmän omistaja" not in names
    assert names[0] == "Yhteenveto" and all(len(n) <= 31 for n in names)
