"""The director's summary of a team self-assessment: every message follows the answers.

Each case builds a self-assessment as `assess survey` stores it (consensus rating, answer counts,
counts by role for roles big enough to show), scores it and builds the report view; the summary's
words must change when the data does.
"""

from __future__ import annotations

from typing import Any

import pytest

from itsm_assess.assessment import Assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.reports.html import render_report_html
from itsm_assess.reports.view_model import build_report_view
from itsm_assess.reports.xlsx import build_workbook
from itsm_assess.scoring import score

SCOPE = ("INC", "SRQ", "CHG")


@pytest.fixture(scope="module")
def cat() -> Any:
    return load_catalogue("iso20000-1-2018")


def _answers(rating: str, people: int = 8) -> dict[str, Any]:
    """Everyone gave the same answer: no spread, no "don't know"."""
    return {"rating": rating, "respondents": people, "spread": 0, "disagreement": False, "counts": {rating: people}}


def _team(cat: Any, ratings: dict[str, str], *, method: str = "self-assessment", lang: str = "en",
          special: dict[str, dict[str, Any]] | None = None, people: int = 8) -> Assessment:
    responses = []
    for pid, rating in ratings.items():
        for req in cat.requirements_of(pid):
            responses.append({"id": req.id, **(special or {}).get(req.id, _answers(rating, people))})
    return Assessment.model_validate({
        "schema_version": 1,
        "assessment": {"id": "team-2026", "organisation": "Kunnan IT", "catalogue": cat.id,
                       "scope": {"processes": list(ratings)}, "method": method, "language": lang},
        "responses": responses,
    })


def _view(cat: Any, assessment: Assessment, lang: str = "en", min_group: int = 3) -> Any:
    return build_report_view(score(assessment, cat).to_dict(), assessment, cat, lang, min_group=min_group)


def _director(cat: Any, assessment: Assessment, lang: str = "en", min_group: int = 3) -> dict[str, Any]:
    return _view(cat, assessment, lang, min_group).executive["director"]


def _text(director: dict[str, Any], kind: str) -> str:
    return " ".join(m["text"] for m in director["messages"] if m["kind"] == kind)


@pytest.mark.parametrize(("ratings", "strong", "weak"), [
    ({"INC": "F", "SRQ": "L", "CHG": "N"}, "INC", "CHG"),
    ({"INC": "N", "SRQ": "L", "CHG": "F"}, "CHG", "INC"),
    ({"INC": "P", "SRQ": "F", "CHG": "L"}, "SRQ", "INC"),
])
def test_strongest_and_weakest_follow_the_answers(cat: Any, ratings: dict[str, str], strong: str, weak: str) -> None:
    d = _director(cat, _team(cat, ratings))
    titles = {p: cat.processes[p].title["en"] for p in SCOPE}
    assert d["strongest"] == [strong] and d["weakest"] == [weak]
    assert titles[strong] in _text(d, "strength") and titles[weak] not in _text(d, "strength")
    assert titles[weak] in _text(d, "weakness")
    standing = {s["id"]: s["standing"] for s in d["processes"]}
    words = {"F": "established", "L": "largely", "P": "partly", "N": "hardly"}
    assert standing == {pid: words[r] for pid, r in ratings.items()}
    # next steps: improve the weakest, starting with its items; check the strongest against records
    assert any(titles[weak] in step for step in d["next_steps"])
    assert titles[strong] in d["next_steps"][-1] and "records" in d["next_steps"][-1]
    in_place = sum(len(cat.requirements_of(p)) for p, r in ratings.items() if r in ("L", "F"))
    asked = sum(len(cat.requirements_of(p)) for p in ratings)
    assert f"{in_place} of the {asked} practices" in d["headline"]


def test_no_area_is_called_strong_when_none_is_in_place(cat: Any) -> None:
    d = _director(cat, _team(cat, {"INC": "P", "SRQ": "N", "CHG": "P"}))
    assert d["strongest"] == [] and d["weakest"] == ["SRQ"]
    assert "No area stands out" in _text(d, "strength")
    assert not any("records" in step for step in d["next_steps"])  # nothing to check before relying on it


def test_processes_all_alike_have_no_strongest_or_weakest(cat: Any) -> None:
    d = _director(cat, _team(cat, {"INC": "L", "CHG": "L"}))
    assert d["strongest"] == d["weakest"] == []
    assert "Every process stands alike in the team's view: largely in place." in _text(d, "standing")


def test_disagreement_names_the_roles_and_what_to_discuss(cat: Any) -> None:
    split = {"rating": "N", "respondents": 6, "spread": 3, "disagreement": True, "counts": {"N": 3, "F": 3, "DK": 2},
             "role_counts": {"Service desk": {"N": 3, "DK": 1}, "Second line": {"F": 3, "DK": 1}}}
    unsure = {"rating": "F", "respondents": 2, "spread": 0, "disagreement": False, "counts": {"F": 2, "DK": 6}}
    a = _team(cat, {"INC": "F", "CHG": "L"}, special={"CHG-05": split, "INC-02": unsure})
    d = _director(cat, a)
    assert [p["id"] for p in d["discuss"]] == ["CHG-05"]
    prompt = d["discuss"][0]["prompt"]
    assert prompt.startswith("Second line answer mostly “fully”, Service desk “not at all”")
    assert d["could_not_say"] == ["INC-02"]
    assert d["respondents"] == 8 and "Respondents: 8" in d["participation"]
    items = len(cat.requirements_of("INC")) + len(cat.requirements_of("CHG"))
    assert d["dont_know_share"] == pytest.approx((2 + 6) / (8 * items))  # every item had 8 answers
    steps = d["next_steps"]
    assert steps[0].startswith("Hold a short workshop on the question where answers differ: ") and "CHG-05" not in steps[0]
    assert cat.requirements["CHG-05"].title["en"] in steps[0]
    assert any(step.startswith("Find out why many could not answer") for step in steps)
    figures = {f["key"]: f["value"] for f in _view(cat, a).executive["figures"]}
    assert figures["respondents"] == "8" and figures["to_discuss"] == "1"
    # the same item with a privacy threshold above the roles' size: no role is named
    hidden = _director(cat, a, min_group=5)["discuss"][0]["prompt"]
    assert "Service desk" not in hidden and "Second line" not in hidden
    assert hidden.startswith("Part of the team says “not at all”, part says “fully”")


def test_few_respondents_come_first_in_the_next_steps(cat: Any) -> None:
    d = _director(cat, _team(cat, {"INC": "F", "CHG": "P"}, people=3))
    assert d["next_steps"][0] == "Only 3 answered: ask more of the team before drawing conclusions."
    assert len(d["next_steps"]) <= 5


def test_without_survey_answers_nothing_is_said_about_agreement_or_respondents(cat: Any) -> None:
    a = _team(cat, {"INC": "F", "CHG": "P"})
    for r in a.responses:  # one person rated in the fieldwork workbook: no answer counts
        r.counts = None
        r.respondents = None
    d = _director(cat, a)
    assert d["respondents"] is None and d["participation"] is None and d["dont_know_share"] is None
    kinds = [m["kind"] for m in d["messages"]]
    assert "discuss" not in kinds and "participation" not in kinds
    assert d["strongest"] == ["INC"] and not any(s.startswith("Only") for s in d["next_steps"])
    with_survey = _director(cat, _team(cat, {"INC": "F", "CHG": "P"}))
    assert "Colleagues' answers were close to each other on every question." in _text(with_survey, "discuss")


def test_an_audit_gets_no_directors_page(cat: Any) -> None:
    view = _view(cat, _team(cat, {"INC": "F", "CHG": "N"}, method="audit"))
    assert "director" not in view.executive
    assert view.executive["verdict"]["label"] != "Self-assessment: the team's own view"


def test_director_page_in_html_workbook_and_json_in_finnish(cat: Any) -> None:
    a = _team(cat, {"INC": "F", "SRQ": "L", "CHG": "N"}, lang="fi")
    view = _view(cat, a, "fi")
    d = view.executive["director"]
    html = render_report_html(view)
    summary = html[html.index('id="summary"'):html.index("</section>", html.index('id="summary"'))]
    sheet = build_workbook(view).worksheets[0]
    cells = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    for text in ("Itsearviointi: tiimin oma näkemys", d["not_an_audit"], "Seuraavat askeleet",
                 "Tilanne prosesseittain tiimin arvion mukaan", "Vakiintunut", "Suurelta osin puuttuu",
                 "Vahvimmaksi tiimi arvioi: Häiriönhallinta (vakiintunut).", d["next_steps"][0]):
        assert text in summary and text in cells, text
    assert "auditointi" in d["not_an_audit"] and "sertifiointi" in d["not_an_audit"]
    for english in ("Strongest", "Next steps", "Well established", "the team"):
        assert english not in summary
    assert "Valmis" not in summary and "Ei valmiusarviota" not in summary
    assert view.to_dict()["executive"]["director"]["strongest"] == ["INC"]
