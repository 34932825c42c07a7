"""The gap report as one self-contained HTML file (inline CSS, inline SVG, a small inline script).

Rendered with Jinja2 from the package's ``templates`` folder, with autoescaping on for every
template (whatever its file name) and ``StrictUndefined``, so that everything a person wrote is
escaped and a missing value fails loudly instead of printing nothing. The page loads nothing
from anywhere: its Content-Security-Policy forbids every network request.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from itsm_assess import resources
from itsm_assess._io import theme
from itsm_assess.files import write_text_atomic
from itsm_assess.i18n.formats import format_date, format_percent, format_percent_range, format_period
from itsm_assess.scoring.scale import rating_family

if TYPE_CHECKING:
    from jinja2 import Environment

    from itsm_assess.reports.view_model import ReportView

TEMPLATE = "report.html.j2"

RATING_COLOURS = theme.RATING_COLOURS
LEVEL_COLOUR = theme.LEVEL_COLOUR
TARGET_COLOUR = theme.TARGET_COLOUR


def css_string(value: object) -> Any:
    """``value`` as the inside of a CSS string: every character but letters, digits and spaces escaped.

    Used for the running header of printed pages (``@page`` margin boxes), where the organisation
    name sits inside a ``<style>`` element: no quote, backslash or ``</style>`` can get through.
    """
    from markupsafe import Markup

    out = []
    for ch in str(value):
        out.append(ch if ch.isalnum() and ch.isascii() or ch == " " else f"\\{ord(ch):X} ")
    return Markup("".join(out))


def templates_dir() -> str:
    return str(resources.package_data("reports", "templates"))


def environment() -> Environment:
    """The report's Jinja2 environment (the shared set-up, with the report's filters)."""
    from itsm_assess._io.templates import template_environment

    return template_environment("reports", "templates", filters={"family": rating_family, "css_string": css_string})


def profile_chart(view: ReportView) -> dict[str, Any]:
    """Geometry of the capability-profile bar chart, computed here so the template only draws."""
    # Wide enough for "SDT Palvelujen suunnittelu ja siirto tuotantoon" at 12 px (about 6.3 px a character).
    label_chars = min(56, max([12] + [len(f"{p['id']} {p['title']}") for p in view.processes]))
    label_width, plot_width, row_height, top = round(label_chars * 6.3) + 14, 440, 26, 34
    max_level = max(1, int(view.model["max_level"]))
    step = plot_width / max_level
    rows = []
    for i, p in enumerate(view.processes):
        level = p["capability_level"]
        target = p["target_level"]
        y = top + i * row_height
        rows.append(
            {
                "id": p["id"],
                "label": f"{p['id']} {p['title']}",
                "y": y,
                "text_y": y + row_height / 2 + 4,
                "bar_y": y + 6,
                "bar_width": round((level or 0) * step, 1),
                "level": "–" if level is None else level,
                "value_x": label_width + (level or 0) * step + 6,
                "target": target,
                "target_x": None if target is None else round(label_width + target * step - 2, 1),
                "below_target": level is not None and target is not None and level < target,
            }
        )
    height = top + len(rows) * row_height + 44
    return {
        "width": label_width + plot_width + 40,
        "height": height,
        "label_width": label_width,
        "plot_width": plot_width,
        "ticks": [{"level": n, "x": round(label_width + n * step, 1)} for n in range(0, max_level + 1)],
        "plot_top": top - 6,
        "plot_bottom": top + len(rows) * row_height,
        "legend_y": top + len(rows) * row_height + 26,
        "rows": rows,
        "level_colour": LEVEL_COLOUR,
        "target_colour": TARGET_COLOUR,
        "row_height": row_height,
        "label_chars": label_chars,
    }


def render_report_html(view: ReportView) -> str:
    """The report as one HTML document (a string)."""
    env = environment()
    template = env.get_template(TEMPLATE)
    lang = view.lang

    def pct(value: float | None, digits: int = 0) -> str:
        return format_percent(value, lang, digits)

    def date(value: str | None) -> str:
        return format_date(value, lang)

    return template.render(
        v=view,
        t=view.labels,
        chart=profile_chart(view),
        colours=theme.RATING_COLOURS,
        grade_colours=theme.GRADE_COLOURS,
        rag=theme.RAG_COLOURS,
        theme=theme,
        pct=pct,
        date=date,
        period=lambda a, b: format_period(a, b, lang),
        pct_range=lambda low, high: format_percent_range(low, high, lang),
    )


def write_report_html(view: ReportView, path: str | os.PathLike[str]) -> None:
    """Write the HTML report to ``path`` atomically."""
    write_text_atomic(path, render_report_html(view))
