"""The report's colours stay apart for readers with protanopia or deuteranopia, and print CSS has what a client expects."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from itsm_assess._io import theme

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
SIMULATIONS = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
}
MIN_DIFFERENCE = 20.0  # CIE76 units: clearly different swatches side by side


def _linear(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _lab(hex_colour: str, matrix: Any) -> tuple[float, float, float]:
    rgb = [_linear(int(hex_colour.lstrip("#")[i:i + 2], 16)) for i in (0, 2, 4)]
    r, g, b = (min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def closest_pair(palette: dict[str, str], vision: str) -> tuple[float, str, str]:
    labs = {k: _lab(v, SIMULATIONS[vision]) for k, v in palette.items()}
    return min((math.dist(labs[a], labs[b]), a, b) for a, b in itertools.combinations(palette, 2))


@pytest.mark.parametrize("vision", list(SIMULATIONS))
@pytest.mark.parametrize("name", ["RATING_COLOURS", "GRADE_COLOURS", "RAG_COLOURS"])
def test_palette_stays_distinguishable(name: str, vision: str) -> None:
    distance, a, b = closest_pair(getattr(theme, name), vision)
    assert distance >= MIN_DIFFERENCE, f"{name}: {a} and {b} are {distance:.1f} apart under {vision}"


def test_the_old_palette_would_have_failed() -> None:
    # The check notices a red/green palette: the 2025 report's rating fills merge under both.
    old = {"N": "#E6A1A1", "P": "#F8CBAD", "L": "#C6E0B4", "F": "#70AD47", "NA": "#D9D9D9"}
    assert closest_pair(old, "deuteranopia")[0] < MIN_DIFFERENCE
    assert closest_pair(old, "protanopia")[0] < MIN_DIFFERENCE


def test_text_on_every_fill_has_enough_contrast() -> None:
    def luminance(hex_colour: str) -> float:
        r, g, b = (_linear(int(hex_colour.lstrip("#")[i:i + 2], 16)) for i in (0, 2, 4))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for palette in (theme.RATING_COLOURS, theme.GRADE_COLOURS, theme.RAG_COLOURS):
        for fill in palette.values():
            lo, hi = sorted((luminance(fill), luminance(theme.text_colour(fill))))
            assert (hi + 0.05) / (lo + 0.05) >= 4.5, fill


FIX = Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture(scope="module")
def html() -> str:
    from itsm_assess.assessment import load_for_catalogue
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.reports import build_report_view
    from itsm_assess.reports.html import render_report_html

    catalogue = load_catalogue(FIX / "catalogue")
    assessment = load_for_catalogue(FIX / "assessment.yaml", catalogue)
    results = json.loads((FIX / "results.json").read_text(encoding="utf-8"))
    view = build_report_view(results, assessment, catalogue, "fi",
                             document={"version": "2.1", "distribution": ["Johtoryhmä"], "confidentiality": "Sisäinen"})
    return render_report_html(view)


def test_print_css_has_a4_cover_running_header_and_page_numbers(html: str) -> None:
    css = html[html.index("@media print"):html.index("</style>")]
    assert "size: A4;" in css and "@page wide { size: A4 landscape;" in css
    assert 'counter(page) " / " counter(pages)' in css
    # Running header: the client and the confidentiality mark, escaped for CSS (no quote gets through).
    top_left = re.search(r'@top-left \{ content: "([^"]*)"', css).group(1)
    assert "Acme" in top_left and "\\3C " in top_left and "\\22 " in top_left and "<" not in top_left
    assert '@top-right { content: "SIS\\C4 INEN"' in css
    assert "@page cover" in css and "break-after: avoid" in css
    cover = html[html.index('<div class="cover"'):html.index("</div>", html.index('<div class="cover"'))]
    for fact in ("Versio", "2.1", "Jakelu", "Johtoryhmä", "Luottamuksellisuus", "Sisäinen", "12.3.2025"):
        assert fact in cover, fact
    assert 'class="major wide"' in html  # wide tables print on landscape pages


def test_wide_tables_share_the_landscape_page_between_their_columns(html: str) -> None:
    # Fixed layout in print: every column gets its share of the page, words wrap inside, none is clipped.
    for table_id in ("findings-table", "actions-table", "requirements-table"):
        start = html.index(f'<table id="{table_id}" class="fixed-print"')
        colgroup = html[start:html.index("</colgroup>", start)]
        shares = [int(w) for w in re.findall(r"--w:(\d+)%", colgroup)]
        head = html[start:html.index("</thead>", start)]
        assert len(shares) == head.count("<th ") and sum(shares) == 100, table_id
    css = html[html.index("@media print"):html.index("</style>")]
    assert "table.fixed-print { table-layout: fixed; width: 100%; }" in css
