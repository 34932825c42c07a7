"""The scorecard as one self-contained HTML page and as an Excel workbook with native charts.

Both are drawn from :func:`itsm_assess.metrics.scorecard.evaluate`'s plain data, in the report's
house style (the one theme in :mod:`itsm_assess._io.theme`, the one Jinja2 environment of the
reports), words from the PO catalogue and numbers in the language's formats.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from itsm_assess._io.xlsx_cells import sheet_title
from itsm_assess.i18n import gettext_for
from itsm_assess.i18n.formats import (
    RAG_LETTERS,
    format_month,
    format_month_period,
    format_signed,
    rag_letter,
    rag_letters,
    rag_text,
    rag_word,
)


def labels(lang: str) -> dict[str, str]:
    """The page's and workbook's words in ``lang``."""
    from itsm_assess.assessment import grade_name

    _ = gettext_for(lang)
    letters = {f"rag_letter_{status}": rag_letter(status, lang) for status in RAG_LETTERS}
    words = {f"rag_word_{status}": rag_word(status, lang) for status in RAG_LETTERS}
    texts = {f"rag_text_{status}": rag_text(status, lang) for status in RAG_LETTERS}
    return letters | words | texts | {
        "index": _("Scorecard index"), "index_note": _("The index is the weighted share of measures on target: green counts 1, amber ½, red 0"),
        "period": _("Period"), "teams": _("Teams"), "measure": _("Measure"), "value": _("Value"),
        "target": _("Target"), "amber": _("Amber limit"), "status": _("Status"), "records": _("Records"),
        "trend": _("Trend by month"), "evidence": _("Evidence for"), "score": _("Score"), "weight": _("Weight"),
        "perspective": _("Perspective"), "by_team": _("Team comparison"), "survey": _("Staff survey"),
        "construct": _("Construct"), "mean": _("Mean (1-5)"), "favourable": _("Favourable"),
        "change": _("Change since last survey"), "respondents": _("Respondents"),
        "checks": _("Data checks: leads for sampling, not findings"), "requirements": _("Requirements"),
        "not_computable": _("Not computable"), "reason": _("Reason"), "month": _("Month"),
        "no_survey": _("The survey had fewer respondents than the anonymity threshold: nothing is reported."),
        "legend": _("{G} on target, {A} within the amber limit, {R} beyond it, {X} no figure").format(**rag_letters(lang)),
        "sheet_scorecard": _("Scorecard"), "sheet_trend": _("Trend"), "sheet_teams": _("Teams"),
        "sheet_survey": _("Survey"), "sheet_checks": _("Checks"), "none": _("none"),
        # Under the heading "Likely finding", each grade by its name, as the report's evidence table.
        "likely_finding": _("Likely finding"),
        **{f"grade_{grade}": grade_name(grade, lang) for grade in ("minor-nc", "observation", "ofi")},
    }


def perspective_heading(p: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """"Costs (score 0.0; weight 15)": the semicolon keeps a decimal comma from running into the list."""
    return f"{p['title']} ({t['score'].lower()} {display(p['score'], 'score', lang)}; {t['weight'].lower()} {p['weight']})"


#: Decimals of the figures a scorecard sets beside targets: a share to one decimal (89.8 % must not
#: read as the 90 % target it misses), a survey mean (1-5) to two, a score to one.
SCORECARD_DIGITS = {"share": 1, "scale": 2, "score": 1}


def display_digits(unit: str | None) -> int:
    """Decimals :func:`display` shows for ``unit``."""
    from itsm_assess.metrics.summary import UNIT_DIGITS

    return SCORECARD_DIGITS.get(unit or "count", UNIT_DIGITS.get(unit or "count", 0))


def row_digits(values: list[Any], unit: str | None, target: float | None) -> int:
    """One precision for a row of figures beside one ``target`` (a measure's team comparison): the most
    decimals any of them needs there ("0,51 h" and "0,40 h", never "0,51 h" beside "0,4 h")."""
    from itsm_assess.i18n.formats import digits_beside

    base = display_digits(unit)
    return max((digits_beside(v, target, base, percent=unit == "share") for v in values if isinstance(v, int | float)),
               default=base)


def display(value: Any, unit: str | None, lang: str, currency: str | None = None, target: float | None = None,
            digits: int | None = None) -> str:
    """A figure beside its ``target``, in ``lang``'s formats: :func:`display_digits` decimals, one more
    where rounding would carry a figure onto the target it misses (:func:`~itsm_assess.i18n.formats.digits_beside`);
    ``digits`` (a row's :func:`row_digits`) instead where given."""
    from itsm_assess.i18n.formats import digits_beside, format_money, format_number, format_percent
    from itsm_assess.metrics.summary import format_value, unit_suffix

    if value is None:
        return "–"
    if not isinstance(value, int | float):
        return format_value(value, unit or "count", lang, currency)
    if digits is None:
        digits = digits_beside(value, target, display_digits(unit), percent=unit == "share")
    if unit == "share":
        return format_percent(value, lang, digits)
    if unit == "money":  # the language's currency pattern: "67,72 €" (fi), "€67.72" (en)
        return format_money(value, currency, lang, digits)
    return f"{format_number(value, lang, digits)} {unit_suffix(unit or 'count', lang, currency)}".rstrip()


def sparkline(values: list[float | None], width: int = 120, height: int = 28) -> dict[str, Any] | None:
    """Points of a small line chart of the months' values (None: a gap); None with fewer than two values."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    lo, hi = min(known), max(known)
    span = hi - lo or 1.0
    step = width / max(1, len(values) - 1)
    points = [f"{round(i * step, 1)},{round(height - 3 - (v - lo) / span * (height - 6), 1)}"
              for i, v in enumerate(values) if v is not None]
    return {"points": " ".join(points), "width": width, "height": height}


def render_scorecard_html(view: dict[str, Any]) -> str:
    from itsm_assess._io import theme
    from itsm_assess.reports.html import environment

    lang = view["lang"]
    months = (view.get("period") or {}).get("months", [])

    def fmt(value: Any, unit: str | None, target: float | None = None, digits: int | None = None) -> str:
        return display(value, unit, lang, view.get("currency"), target, digits)

    def spark(row: dict[str, Any]) -> dict[str, Any] | None:
        return sparkline([row["by_month"].get(m) for m in months])

    measures_with_teams = [m for p in view["perspectives"] for m in p["measures"] if m["by_team"]]
    teams = sorted({t for m in measures_with_teams for t in m["by_team"]})
    other = gettext_for(lang)("(other groups)")
    return environment().get_template("metrics_scorecard.html.j2").render(
        sc=view, t=labels(lang), theme=theme, fmt=fmt, spark=spark, months=months, team_rows=measures_with_teams,
        team_digits=lambda m: row_digits([c["value"] for c in m["by_team"].values()], m["unit"], m["target"]),
        team_names=teams, team_label=lambda team: other if team == "(other groups)" else team,
        month_period=lambda first, last: format_month_period(first, last, lang),
        signed=lambda value: format_signed(value, lang))


class _Sheets:
    """The workbook's shared cell habits: header row, typed values in the language's formats, RAG fills."""

    def __init__(self, lang: str) -> None:
        from openpyxl.styles import Font, PatternFill

        from itsm_assess._io import theme

        self.lang = lang
        self.t = labels(lang)
        self.bold = Font(bold=True, color=theme.xlsx(theme.HEADER_TEXT))
        self.head_fill = PatternFill("solid", fgColor=theme.NAVY.lstrip("#"))
        self.rag_fills = {k: PatternFill("solid", fgColor=v.lstrip("#")) for k, v in theme.RAG_COLOURS.items()}

    def header(self, ws: Any, row: int, names: list[str]) -> None:
        from openpyxl.styles import Alignment

        from itsm_assess._io.xlsx_cells import set_text

        for j, name in enumerate(names, start=1):
            c = ws.cell(row=row, column=j)
            set_text(c, name)
            c.font, c.fill = self.bold, self.head_fill
            c.alignment = Alignment(wrap_text=True, vertical="top")

    def number_format(self, unit: str | None, value: Any = None, target: float | None = None,
                      digits: int | None = None) -> str:
        """As the HTML: a share to one decimal (89,8 % must not read as the 90 % target it misses), one
        more where rounding would still carry the figure onto its ``target``; ``digits`` (a row's
        :func:`row_digits`) instead where given."""
        from itsm_assess.i18n.formats import digits_beside, excel_number_format, excel_percent_format

        figure = value if isinstance(value, int | float) else None
        if unit == "share":
            return excel_percent_format(self.lang, digits_beside(figure, target, display_digits(unit), percent=True)
                                        if digits is None else digits)
        if unit == "count":
            return excel_number_format(0)
        return excel_number_format(digits_beside(figure, target, 2) if digits is None else digits)

    def put(self, cell: Any, value: Any, unit: str | None, target: float | None = None, digits: int | None = None) -> None:
        from itsm_assess._io.xlsx_cells import set_text

        if isinstance(value, int | float):
            cell.value = value
            cell.number_format = self.number_format(unit, value, target, digits)
        else:
            set_text(cell, None if value is None else str(value))

    def rag(self, cell: Any, status: str) -> None:
        from openpyxl.styles import Alignment

        from itsm_assess._io.xlsx_cells import set_text

        set_text(cell, rag_text(status, self.lang))
        cell.fill = self.rag_fills[status]
        cell.alignment = Alignment(horizontal="center")

    def rag_figure(self, cell: Any, value: Any, unit: str | None, status: str, target: float | None = None,
                   digits: int | None = None) -> None:
        """A figure filled with its status colour and followed by the colour's name ("67,7 % (punainen)",
        as the HTML scorecard writes it), so that a greyscale print or a colour-blind reader still sees the
        status; a word needs no legend and is not read as a rating (Finnish P is also "osittain"). The
        word is in the number format: the cell stays a number for the charts and sorting."""
        self.put(cell, value, unit, target, digits)
        cell.fill = self.rag_fills[status]
        if isinstance(value, int | float):
            cell.number_format = f'{self.number_format(unit, value, target, digits)}" ({rag_word(status, self.lang)})"'

    def chart(self, ws: Any, chart: Any, k: int, first_row: int) -> None:
        """Charts two to a row, below the table."""
        chart.height, chart.width = 6, 12
        chart.legend = None
        ws.add_chart(chart, f"{'BJ'[k % 2]}{first_row + (k // 2) * 13}")


def _scorecard_sheet(wb: Any, view: dict[str, Any], x: _Sheets) -> None:
    from openpyxl.styles import Font

    from itsm_assess._io.xlsx_cells import set_text

    t = x.t
    ws = wb.active
    ws.title = sheet_title(t["sheet_scorecard"], x.lang)
    set_text(ws.cell(row=1, column=1), view["scorecard"]["title"])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    set_text(ws.cell(row=2, column=1), t["index"])
    ws.cell(row=2, column=2).value = view["index"]
    set_text(ws.cell(row=2, column=3), t["index_note"])
    x.header(ws, 4, [t["perspective"], t["measure"], t["value"], t["target"], t["amber"], t["status"], t["records"],
                     t["weight"], t["evidence"], t["reason"]])
    row = 5
    for p in view["perspectives"]:
        for m in p["measures"]:
            set_text(ws.cell(row=row, column=1), perspective_heading(p, t, x.lang))
            set_text(ws.cell(row=row, column=2), m["title"])
            x.put(ws.cell(row=row, column=3), m["value"], m["unit"], m["target"])
            x.put(ws.cell(row=row, column=4), m["target"], m["unit"])
            x.put(ws.cell(row=row, column=5), m["amber"], m["unit"])
            x.rag(ws.cell(row=row, column=6), m["rag"])
            ws.cell(row=row, column=7).value = m["n"]
            ws.cell(row=row, column=8).value = m["weight"]
            set_text(ws.cell(row=row, column=9), ", ".join(m["evidences"]) or None)
            set_text(ws.cell(row=row, column=10), m["reason"])
            row += 1
        if p.get("note"):  # e.g. the customer-satisfaction responses behind the perspective
            set_text(ws.cell(row=row, column=2), p["note"])
            row += 1
    set_text(ws.cell(row=row + 1, column=1), t["legend"])  # what the status letters mean
    for letter, width in zip("ABCDEFGHIJ", (26, 44, 12, 10, 10, 8, 9, 8, 22, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C5"


def _trend_sheet(wb: Any, view: dict[str, Any], x: _Sheets) -> None:
    """Months down, one column per measure with a monthly figure, and a line chart of each."""
    from openpyxl.chart import LineChart, Reference

    from itsm_assess._io.xlsx_cells import set_text

    months = (view.get("period") or {}).get("months", [])
    trended = [m for p in view["perspectives"] for m in p["measures"] if m["by_month"]]
    ws = wb.create_sheet(sheet_title(x.t["sheet_trend"], x.lang))
    x.header(ws, 1, [x.t["month"]] + [m["title"] for m in trended])
    for i, month in enumerate(months, start=2):
        set_text(ws.cell(row=i, column=1), format_month(month, x.lang))
        for j, m in enumerate(trended, start=2):
            x.put(ws.cell(row=i, column=j), m["by_month"].get(month), m["unit"])
    from openpyxl.utils import get_column_letter

    ws.column_dimensions["A"].width = 10
    for j in range(2, len(trended) + 2):
        ws.column_dimensions[get_column_letter(j)].width = 16
    ws.row_dimensions[1].height = 75
    for k, m in enumerate(trended):
        chart = LineChart()
        chart.title = m["title"]
        chart.add_data(Reference(ws, min_col=k + 2, min_row=1, max_row=len(months) + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(months) + 1))
        chart.y_axis.number_format = x.number_format(m["unit"])
        for series in chart.series:
            series.smooth = False  # a smoothed line would show values between the months that were never measured
        x.chart(ws, chart, k, len(months) + 4)


def _team_sheet(wb: Any, view: dict[str, Any], x: _Sheets) -> None:
    """Measures down, teams across (RAG-filled), and a bar chart per measure."""
    from openpyxl.chart import BarChart, Reference

    from itsm_assess._io.xlsx_cells import set_text

    compared = [m for p in view["perspectives"] for m in p["measures"] if m["by_team"]]
    other = gettext_for(x.lang)("(other groups)")
    teams = sorted({team for m in compared for team in m["by_team"]})
    ws = wb.create_sheet(sheet_title(x.t["sheet_teams"], x.lang))
    x.header(ws, 1, [x.t["measure"]] + [other if team == "(other groups)" else team for team in teams])
    for i, m in enumerate(compared, start=2):
        set_text(ws.cell(row=i, column=1), m["title"])
        digits = row_digits([f["value"] for f in m["by_team"].values()], m["unit"], m["target"])
        for j, team in enumerate(teams, start=2):
            figure = m["by_team"].get(team)
            if figure is not None:
                x.rag_figure(ws.cell(row=i, column=j), figure["value"], m["unit"], figure["rag"], m["target"], digits)
    from openpyxl.utils import get_column_letter

    ws.column_dimensions["A"].width = 44
    for j in range(2, len(teams) + 2):
        ws.column_dimensions[get_column_letter(j)].width = 20  # "100,0 % (keltainen)"
    ws.row_dimensions[1].height = 45
    for k, m in enumerate(compared):
        chart = BarChart()
        chart.type = "bar"
        chart.title = m["title"]
        chart.add_data(Reference(ws, min_col=2, max_col=len(teams) + 1, min_row=k + 2), from_rows=True,
                       titles_from_data=False)
        chart.set_categories(Reference(ws, min_col=2, max_col=len(teams) + 1, min_row=1))
        chart.x_axis.number_format = x.number_format(m["unit"])
        x.chart(ws, chart, k, len(compared) + 4)


def _survey_sheet(wb: Any, survey: dict[str, Any], x: _Sheets) -> None:
    from openpyxl.chart import BarChart, Reference

    from itsm_assess._io.xlsx_cells import set_text

    t = x.t
    ws = wb.create_sheet(sheet_title(t["sheet_survey"], x.lang))
    set_text(ws.cell(row=1, column=1), survey["title"])
    set_text(ws.cell(row=2, column=1), survey["notice"])
    x.header(ws, 4, [t["construct"], t["mean"], t["favourable"], t["change"], t["respondents"]])
    for i, c in enumerate(survey["constructs"], start=5):
        set_text(ws.cell(row=i, column=1), c["title"])
        x.put(ws.cell(row=i, column=2), c["mean"], "scale")
        x.put(ws.cell(row=i, column=3), c["favourable"], "share")
        x.put(ws.cell(row=i, column=4), c["change"], "scale")
        ws.cell(row=i, column=5).value = c["n"]
    ws.column_dimensions["A"].width = 40
    if survey["reported"]:
        chart = BarChart()
        chart.type = "bar"
        chart.title = t["mean"]
        last = 4 + len(survey["constructs"])
        chart.add_data(Reference(ws, min_col=2, min_row=4, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=5, max_row=last))
        chart.x_axis.scaling.min, chart.x_axis.scaling.max = 1, 5
        x.chart(ws, chart, 0, 4)
        chart.height, chart.width = 9, 16


def _checks_sheet(wb: Any, view: dict[str, Any], x: _Sheets) -> None:
    from itsm_assess._io.xlsx_cells import set_text

    t = x.t
    ws = wb.create_sheet(sheet_title(t["sheet_checks"], x.lang))
    x.header(ws, 1, [t["requirements"], t["likely_finding"], t["checks"]])
    for i, c in enumerate(view["checks"], start=2):
        set_text(ws.cell(row=i, column=1), ", ".join(c["requirements"]))
        set_text(ws.cell(row=i, column=2), t.get(f"grade_{c['grade']}", c["grade"]))
        set_text(ws.cell(row=i, column=3), c["text"])
    start = len(view["checks"]) + 3
    # The measures not computable, by their titles (their ids are the tool's, not the reader's).
    x.header(ws, start, [t["not_computable"], t["measure"], t["reason"]])
    for i, k in enumerate(view["not_computable"], start=start + 1):
        set_text(ws.cell(row=i, column=2), k["title"])
        set_text(ws.cell(row=i, column=3), k["reason"])
    for letter, width in zip("ABC", (22, 30, 110), strict=True):
        ws.column_dimensions[letter].width = width


def write_scorecard_xlsx(view: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """The workbook: scorecard (RAG fills), trend by month and team comparison (native charts), survey, checks."""
    from openpyxl import Workbook

    from itsm_assess._io.xlsx_cells import use_text_font
    from itsm_assess.files import atomic_path

    x = _Sheets(view["lang"])
    wb = Workbook()
    use_text_font(wb)
    _scorecard_sheet(wb, view, x)
    _trend_sheet(wb, view, x)
    _team_sheet(wb, view, x)
    if view.get("survey"):
        _survey_sheet(wb, view["survey"], x)
    _checks_sheet(wb, view, x)
    with atomic_path(Path(path)) as tmp:
        wb.save(tmp)
