"""The director's first page holds a large scope: 27 processes named by standing, the table after.

With up to FIRST_PAGE_TABLE_MAX processes the page shows the per-process table; with more, the
processes are listed in groups by standing (best first) and the table follows the next steps.
The Excel summary colours the standing cells like the HTML (conditional formatting by the word).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from itsm_assess._io import theme
from itsm_assess.assessment import Assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.reports.director import FIRST_PAGE_TABLE_MAX, STANDING_FAMILY
from itsm_assess.reports.html import render_report_html
from itsm_assess.reports.view_model import build_report_view
from itsm_assess.reports.xlsx import build_workbook
from itsm_assess.scoring import score

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
RATINGS = ("F", "L", "L", "P", "N", "P")


@pytest.fixture(scope="module")
def cat() -> Any:
    return load_catalogue("iso20000-1-2018")


def _team(cat: Any, processes: list[str], people: int = 4) -> Assessment:
    """A team survey over ``processes``: each process rated alike, some items split or unknown."""
    responses = []
    for n, pid in enumerate(processes):
        rating = RATINGS[n % len(RATINGS)]
        for k, req in enumerate(cat.requirements_of(pid)):
            counts: dict[str, int] = {rating: people}
            entry: dict[str, Any] = {"rating": rating, "spread": 0, "disagreement": False}
            if k == 0 and n % 3 == 0:  # split into camps
                counts, entry = {"N": 2, "F": 2}, {"rating": "N", "spread": 3, "disagreement": True}
            elif k == 1 and n % 4 == 0:  # many could not say
                counts = {rating: people - 2, "DK": 2}
            responses.append({"id": req.id, **entry, "respondents": sum(counts.values()), "counts": counts})
    return Assessment.model_validate({
        "schema_version": 1,
        "assessment": {"id": "kunta-2026", "organisation": "Kunnan IT", "catalogue": cat.id,
                       "scope": {"processes": processes}, "method": "self-assessment", "language": "fi"},
        "responses": responses,
    })


def _view(cat: Any, assessment: Assessment) -> Any:
    return build_report_view(score(assessment, cat).to_dict(), assessment, cat, "fi")


def test_large_scope_is_grouped_by_standing_best_first(cat: Any) -> None:
    processes = list(cat.processes)
    assert len(processes) == 27
    director = _view(cat, _team(cat, processes)).executive["director"]
    assert director["grouped"] is True
    groups = director["standing_groups"]
    assert [g["standing"] for g in groups] == ["established", "largely", "partly", "hardly"]
    assert sum(g["count"] for g in groups) == 27
    assert sorted(p["id"] for g in groups for p in g["processes"]) == sorted(processes)
    by_id = {s["id"]: s["standing"] for s in director["processes"]}
    assert all(by_id[p["id"]] == g["standing"] for g in groups for p in g["processes"])
    assert [g["family"] for g in groups] == [STANDING_FAMILY[g["standing"]] for g in groups]
    small = _view(cat, _team(cat, processes[:FIRST_PAGE_TABLE_MAX])).executive["director"]
    assert small["grouped"] is False


def _positions(html: str, *marks: str) -> list[int]:
    return [html.index(m) for m in marks]


def test_html_names_groups_first_and_the_table_after_the_next_steps(cat: Any) -> None:
    html = render_report_html(_view(cat, _team(cat, list(cat.processes))))
    summary = html.split('<section id="summary"', 1)[1].split("</section>", 1)[0]
    groups, discuss, steps, table = _positions(
        summary, '<ul class="standings"', "Mistä keskustella", "Seuraavat askeleet", 'id="director-table-h"')
    assert groups < discuss < steps < table
    assert re.search(r'<span class="standing r-F">Vakiintunut \(\d+\)</span>', summary)
    assert summary.count('<table class="director">') == 1
    small = render_report_html(_view(cat, _team(cat, ["INC", "CHG", "PRB"])))
    small_summary = small.split('<section id="summary"', 1)[1].split("</section>", 1)[0]
    assert '<ul class="standings"' not in small_summary and 'id="director-table-h"' not in small_summary
    assert small_summary.index('<table class="director">') < small_summary.index("Seuraavat askeleet")


def test_excel_standing_cells_are_coloured_like_the_html(cat: Any) -> None:
    view = _view(cat, _team(cat, list(cat.processes)))
    ws = build_workbook(view)[view.labels["sheet_summary"]] if "sheet_summary" in view.labels else build_workbook(view).worksheets[0]
    labels = {s["standing_label"]: s["family"] for s in view.executive["director"]["processes"]}
    cells = [c for row in ws.iter_rows() for c in row if c.value in labels]
    assert len(cells) == 27 and len({c.column_letter for c in cells}) == 1
    rules = {}
    for cf in ws.conditional_formatting:
        if cells[0].coordinate in cf.sqref and cells[-1].coordinate in cf.sqref:
            for rule in cf.rules:
                label = rule.formula[0].split("=", 1)[1].strip('"')
                rules[label] = rule.dxf.fill.fgColor.rgb[-6:]
    assert rules == {label: theme.RATING_COLOURS[family].lstrip("#") for label, family in labels.items()}


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("pdftotext") is None,
                    reason="Chromium or pdftotext is not installed")
def test_printed_director_page_fits_one_a4_page_with_27_processes(cat: Any, tmp_path: Path) -> None:
    from itsm_assess._io.pdf import html_to_pdf

    view = _view(cat, _team(cat, list(cat.processes)))
    director = view.executive["director"]
    assert len(director["next_steps"]) == 5  # the longest page: every kind of next step
    html = tmp_path / "r.html"
    html.write_text(render_report_html(view), encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    html_to_pdf(html, pdf)

    def page(n: int) -> str:
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        return " ".join(text.split())

    first = next(n for n in range(2, 6) if "Keskeiset johtopäätökset" in page(n))
    text = page(first)
    last_step = " ".join(director["next_steps"][-1].split())[:60]
    for mark in ("Itsearviointi", "Keskeiset johtopäätökset", "Vakiintunut (", "Mistä keskustella",
                 "Seuraavat askeleet", last_step):
        assert mark in text, mark
    assert "Prosessi kerrallaan tiimin arvion mukaan" in page(first + 1)


def test_a_self_assessment_is_titled_so_not_gap_analysis(cat: Any) -> None:
    team = _team(cat, ["INC", "CHG"])
    html = render_report_html(_view(cat, team))
    assert "<h1>ISO/IEC 20000-1 -itsearviointi</h1>" in html and "puuteanalyysi" not in html
    english = build_report_view(score(team, cat).to_dict(), team, cat, "en")
    assert english.labels["report_title"] == "ISO/IEC 20000-1 self-assessment report"
    team.assessment.method = "audit"
    assert _view(cat, team).labels["report_title"] == "ISO/IEC 20000-1 -puuteanalyysi"


def test_a_self_assessments_tiles_say_their_figure_is_stricter_than_the_summary(cat: Any) -> None:
    """Blind review: a red "Vaatimustenmukaisuus 6 %" tile beside "Osittain kunnossa" gave mixed
    messages. The tiles name what they count and say why it is lower; no verdict letter either."""
    team = _team(cat, ["INC", "CHG"])
    html = render_report_html(_view(cat, team))
    assert "Tiimin vastausten mukaan täyttyy" in html and "tiukempi kuin yllä olevan yhteenvedon laskutapa" in html
    assert '<span class="letter">X</span> Itsearviointi' not in html and "Itsearviointi: tiimin oma näkemys" in html
    # The team answered in words: the points to discuss count the words, not rating letters.
    assert "(ei lainkaan 2, täysin 2)" in html
    audit = _team(cat, ["INC", "CHG"])
    audit.assessment.method = "audit"
    assert "Tiimin vastausten mukaan täyttyy" not in render_report_html(_view(cat, audit))
