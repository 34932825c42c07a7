"""The closing-meeting deck (``--format pptx``): title, verdict and key messages, capability profile,
findings, the evidence from ticket data (with ``--metrics``), top actions and the comparison with the
previous assessment.

Written with python-pptx (``pip install 'itsm-assess[pptx]'``) from the same view model as the
other formats, in the report's language, with the report's theme (colours, font). Charts are
native PowerPoint charts, so that the consultant can restyle them.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from itsm_assess._io import theme
from itsm_assess.errors import ItsmAssessError
from itsm_assess.files import atomic_path
from itsm_assess.i18n import message
from itsm_assess.i18n.formats import format_date, format_percent, format_period, joined
from itsm_assess.reports.labels import more_actions_text, more_text

if TYPE_CHECKING:
    from itsm_assess.fieldwork.survey_view import SurveySection
    from itsm_assess.metrics.evidence import MetricsEvidence
    from itsm_assess.reports.director import DirectorSummary
    from itsm_assess.reports.view_model import ReportView

#: Rows a table slide shows before it says how many more there are.
MAX_MESSAGES = 6
MAX_ACTIONS = 8
MAX_PROCESSES = 14
MAX_DIRECTOR_PROCESSES = 8
MAX_DISCUSS = 8
MAX_CHECKS = 6
WIDTH_EMU = 12192000  # 16:9
HEIGHT_EMU = 6858000


class PptxUnavailableError(ItsmAssessError):
    """python-pptx is not installed."""


def _rgb(colour: str) -> Any:
    from pptx.dml import color

    rgb: Any = color.RGBColor  # python-pptx's constructors are untyped
    return rgb.from_string(colour.lstrip("#").upper())


def write_report_pptx(view: ReportView, path: str | os.PathLike[str]) -> None:
    """Write the deck for ``view`` to ``path`` atomically."""
    try:
        from pptx import Presentation
    except ImportError:
        raise PptxUnavailableError(message("cannot write slides: install python-pptx (pip install 'itsm-assess[pptx]')")) from None
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(WIDTH_EMU), Emu(HEIGHT_EMU)
    deck = _Deck(prs, view)
    deck.title_slide()
    director = view.executive.get("director")
    if director is not None:
        # A self-assessment: the director's page, what colleagues disagree on, then the profile;
        # findings and actions only when there are any.
        deck.director_slide(director)
        if view.survey is not None:
            deck.survey_slide(view.survey)
        deck.profile_slide()
        if view.findings:
            deck.findings_slide()
        if view.actions:
            deck.actions_slide()
        if view.metrics_evidence is not None:
            deck.metrics_slide(view.metrics_evidence)
    else:
        deck.verdict_slide()
        deck.profile_slide()
        deck.findings_slide()
        if view.metrics_evidence is not None:
            deck.metrics_slide(view.metrics_evidence)
        deck.actions_slide()
        if view.survey is not None:
            deck.survey_slide(view.survey)
    if view.comparison is not None:
        deck.comparison_slide()
    prs.core_properties.title = view.title
    prs.core_properties.author = "itsm-assess"
    prs.core_properties.language = view.lang
    with atomic_path(path) as tmp:
        prs.save(str(tmp))


class _Deck:
    def __init__(self, prs: Any, view: ReportView) -> None:
        self.prs = prs
        self.view = view
        self.lab = view.labels

    # ------------------------------------------------------------------ building blocks

    def _slide(self, title: str) -> Any:
        from pptx.util import Emu, Pt

        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])  # title only
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = Emu(457200), Emu(228600), Emu(WIDTH_EMU - 914400), Emu(822960)
        shape.text = title
        para = shape.text_frame.paragraphs[0]
        para.alignment = 1  # left
        self._font(para.runs[0], Pt(28), bold=True, colour=theme.NAVY)
        self._footer(slide)
        return slide

    def _font(self, run: Any, size: Any, *, bold: bool = False, colour: str = theme.INK) -> None:
        run.font.name = theme.FONT
        run.font.size = size
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)

    def _footer(self, slide: Any) -> None:
        from pptx.util import Emu, Pt

        box = slide.shapes.add_textbox(Emu(457200), Emu(HEIGHT_EMU - 420000), Emu(WIDTH_EMU - 914400), Emu(300000))
        para = box.text_frame.paragraphs[0]
        run = para.add_run()
        info = self.view.assessment  # the assessment named by its dates, its id being the tool's key
        when = format_period(info["start_date"], info["end_date"], self.view.lang)
        run.text = " · ".join(part for part in (self.view.document["confidentiality"], info["organisation"], when) if part)
        self._font(run, Pt(10), colour=theme.MUTED_TEXT)

    def _text(self, slide: Any, left: int, top: int, width: int, height: int, lines: list[tuple[str, int, bool]],
              bullets: bool = False) -> Any:
        from pptx.util import Emu, Pt

        box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, (text, size, bold) in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = para.add_run()
            run.text = ("• " if bullets else "") + text
            self._font(run, Pt(size), bold=bold)
            para.space_after = Pt(6)
        return box

    def _table(self, slide: Any, top: int, headers: list[str], rows: list[list[str]], widths: list[float],
               fills: dict[tuple[int, int], str] | None = None, size: int = 12, *, left: int = 457200,
               width: int = WIDTH_EMU - 914400) -> Any:
        from pptx.util import Emu, Pt

        shape = slide.shapes.add_table(len(rows) + 1, len(headers), Emu(left), Emu(top), Emu(width),
                                       Emu(360000 * (len(rows) + 1)))
        table = shape.table
        total = sum(widths)
        for i, w in enumerate(widths):
            table.columns[i].width = Emu(int(width * w / total))
        for r, values in enumerate([headers, *rows]):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = value
                para = cell.text_frame.paragraphs[0]
                fill = (fills or {}).get((r, c))
                if r == 0:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = _rgb(theme.NAVY)
                    self._font(para.runs[0], Pt(size), bold=True, colour=theme.HEADER_TEXT)
                else:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = _rgb(fill or (theme.PAPER if r % 2 else theme.ZEBRA))
                    if para.runs:
                        self._font(para.runs[0], Pt(size), colour=theme.text_colour(fill) if fill else theme.INK)
        return table

    # ------------------------------------------------------------------ slides

    def title_slide(self) -> None:
        from pptx.util import Emu, Pt

        view, lab = self.view, self.lab
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # blank
        band = slide.shapes.add_shape(1, Emu(0), Emu(0), Emu(WIDTH_EMU), Emu(2400000))
        band.fill.solid()
        band.fill.fore_color.rgb = _rgb(theme.NAVY)
        band.line.fill.background()
        frame = band.text_frame
        frame.word_wrap = True
        run = frame.paragraphs[0].add_run()
        run.text = lab["report_title"]
        self._font(run, Pt(36), bold=True, colour=theme.LIGHT_TEXT)
        sub = frame.add_paragraph().add_run()
        sub.text = view.assessment["organisation"]
        self._font(sub, Pt(24), colour=theme.LIGHT_TEXT)
        info = view.assessment
        lines = [
            (f"{lab['scope']}: {_scope_text(info['scope'], lab, view.lang)}", 18, False),
            (f"{lab['dates']}: {format_period(info['start_date'], info['end_date'], view.lang) or '–'}", 18, False),
            (f"{info['people_label']}: {info['people']}", 18, False),
            (f"{lab['version']} {view.document['version']} · {view.document['confidentiality']} · "
             f"{lab['assessment_id']} {info['id']}", 16, True),
        ]
        self._text(slide, 457200, 2800000, WIDTH_EMU - 914400, 2600000, lines)

    def verdict_slide(self) -> None:
        from pptx.util import Emu, Pt

        ex = self.view.executive
        slide = self._slide(self.lab["executive_summary"])
        verdict = ex["verdict"]
        box = slide.shapes.add_shape(1, Emu(457200), Emu(1150000), Emu(4200000), Emu(700000))
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(theme.RAG_COLOURS[verdict["rag"]])
        box.line.color.rgb = _rgb(theme.OUTLINE)
        run = box.text_frame.paragraphs[0].add_run()
        run.text = verdict["label"]  # colour and words: a status letter would read as a grade
        self._font(run, Pt(22), bold=True, colour=theme.text_colour(theme.RAG_COLOURS[verdict["rag"]]))
        self._text(slide, 4850000, 1150000, WIDTH_EMU - 5300000, 800000, [(verdict["scope_text"], 14, False)])
        figures = "   ·   ".join(f"{f['label']}: {f['value']}" for f in ex["figures"][:4])
        self._text(slide, 457200, 1950000, WIDTH_EMU - 914400, 450000, [(figures, 14, True)])
        messages = [(f"{self.lab['msg_kind_' + m['kind']]}: {m['text']}", 14, False) for m in ex["messages"][:MAX_MESSAGES]]
        self._text(slide, 457200, 2450000, WIDTH_EMU - 914400, 3800000, messages, bullets=True)

    def director_slide(self, director: DirectorSummary) -> None:
        """A self-assessment's summary: not an audit, the figures, where each process stands, next steps."""
        from pptx.util import Emu, Pt

        lab = self.lab
        slide = self._slide(director["title"])
        verdict = self.view.executive["verdict"]
        box = slide.shapes.add_shape(1, Emu(457200), Emu(1100000), Emu(4200000), Emu(620000))
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(theme.RAG_COLOURS["X"])
        box.line.color.rgb = _rgb(theme.OUTLINE)
        box.text_frame.word_wrap = True
        run = box.text_frame.paragraphs[0].add_run()
        run.text = verdict["label"]
        self._font(run, Pt(18), bold=True, colour=theme.text_colour(theme.RAG_COLOURS["X"]))
        self._text(slide, 4850000, 1050000, WIDTH_EMU - 5300000, 750000, [(director["not_an_audit"], 12, False)])
        figures = "   ·   ".join(f"{f['label']}: {f['value']}" for f in self.view.executive["figures"])
        self._text(slide, 457200, 1850000, WIDTH_EMU - 914400, 400000, [(figures, 13, True)])
        shown = director["processes"][:MAX_DIRECTOR_PROCESSES]
        rows = [[s["title"], s["standing_label"], s["items_text"]] for s in shown]
        fills = {(i + 1, 1): theme.RATING_COLOURS[s["family"]] for i, s in enumerate(shown)}
        half = (WIDTH_EMU - 914400) * 11 // 20
        self._table(slide, 2350000, [lab["process"], lab["director_standing"], lab["director_practices"]], rows,
                    [2.4, 1.7, 2.6], fills, size=11, width=half)
        steps = [(lab["director_next_steps"], 14, True),
                 *((f"{n}. {step}", 12, False) for n, step in enumerate(director["next_steps"], start=1))]
        self._text(slide, 457200 + half + 250000, 2300000, WIDTH_EMU - 914400 - half - 250000, 3900000, steps)

    def survey_slide(self, survey: SurveySection) -> None:
        """Where colleagues' answers differ: the items to discuss, by role only for groups at or above
        the privacy threshold (the survey section already leaves smaller roles out)."""
        sl = survey["labels"]
        slide = self._slide(sl["title"])
        self._text(slide, 457200, 1050000, WIDTH_EMU - 914400, 450000, [(survey["intro"], 13, False)])
        discuss = survey["discuss"]
        if not discuss:
            self._text(slide, 457200, 1600000, WIDTH_EMU - 914400, 600000, [(sl["none"], 16, False)])
            return
        shown = discuss[:MAX_DISCUSS]
        rows = [[f"{d['id']} {_short(d['title'], 70, self.view.lang)}", d["answers"], d["consensus"],
                 "; ".join(f"{r['role']}: {r['answers']}" for r in d["by_role"]) or "–", d["why"]] for d in shown]
        self._table(slide, 1600000, [sl["item"], sl["answers"], sl["consensus"], sl["by_role"], sl["why"]], rows,
                    [4, 2.2, 1.2, 3.4, 2.2], size=10)
        if len(discuss) > MAX_DISCUSS:
            self._text(slide, 457200, HEIGHT_EMU - 800000, WIDTH_EMU - 914400, 300000,
                       [(more_text(len(discuss) - MAX_DISCUSS, self.view.lang, "requirement"), 12, False)])

    def profile_slide(self) -> None:
        from pptx.chart import data as chart_data
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
        from pptx.util import Emu, Pt

        view, lab = self.view, self.lab
        has_levels = view.model["has_levels"]
        slide = self._slide(lab["capability_profile"] if has_levels else lab["compliance_by_process"])
        processes = view.processes[:27]
        chart_data_class: Any = chart_data.CategoryChartData  # untyped in python-pptx
        data = chart_data_class()
        # Each bar named as the reader knows the process ("CHG Muutoksenhallinta"), not by its code
        # alone: horizontal bars, so that the names have room, the first process on top.
        data.categories = [f"{p['id']} {p['title']}" for p in processes]
        if has_levels:
            data.add_series(lab["capability_level"], [p["capability_level"] or 0 for p in processes])
            data.add_series(lab["target_level"], [p["target_level"] for p in processes])
        else:
            data.add_series(lab["compliance"], [p["compliance"] or 0 for p in processes])
        frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Emu(457200), Emu(1100000),
                                       Emu(WIDTH_EMU - 914400), Emu(HEIGHT_EMU - 1700000), data)
        chart = frame.chart
        chart.font.name = theme.FONT
        chart.font.size = Pt(12 if len(processes) <= 12 else 9)
        chart.category_axis.reverse_order = True
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        axis = chart.value_axis
        axis.minimum_scale = 0
        axis.maximum_scale = view.model["max_level"] if has_levels else 1
        axis.major_unit = 1 if has_levels else 0.25
        if not has_levels:
            axis.tick_labels.number_format = "0%"
            axis.tick_labels.number_format_is_linked = False
        series = chart.plots[0].series
        series[0].format.fill.solid()
        series[0].format.fill.fore_color.rgb = _rgb(theme.LEVEL_COLOUR)
        if has_levels:
            series[1].format.fill.solid()
            series[1].format.fill.fore_color.rgb = _rgb(theme.TARGET_COLOUR)

    def findings_slide(self) -> None:
        view, lab = self.view, self.lab
        slide = self._slide(lab["findings"])
        counts = [[g["label"], str(g["count"])] for g in view.findings_by_grade]
        fills = {(i + 1, 0): theme.GRADE_COLOURS[g["grade"]] for i, g in enumerate(view.findings_by_grade)}
        self._table(slide, 1150000, [lab["grade"], lab["count"]], counts, [3, 1], fills, size=14)
        ncs = [f for f in view.findings if f["grade"] in ("major-nc", "minor-nc") and f["status"] == "open"]
        if ncs:
            lines = [(f"{f['id']} ({f['grade_label']}): {_short(f['statement'], 140, view.lang)}", 13, False) for f in ncs[:6]]
            if len(ncs) > 6:
                lines.append((more_text(len(ncs) - 6, view.lang, "nonconformity"), 13, False))
            self._text(slide, 457200, 3500000, WIDTH_EMU - 914400, 2700000, lines, bullets=True)

    def metrics_slide(self, me: MetricsEvidence) -> None:
        """``report --metrics``: the scorecard's headline figures and the data checks that point at
        likely findings (requirements, grade if sampling confirms it, what the data shows)."""
        t = me["labels"]
        slide = self._slide(t["title"])
        figures = "   ·   ".join(f"{f['label']}: {f['value']}" for f in me["figures"])
        self._text(slide, 457200, 1050000, WIDTH_EMU - 914400, 1150000,
                   [(figures, 14, True), (f"{t['intro']} {t['targets_from']}", 11, False)])
        checks = me["checks"]
        if not checks:
            self._text(slide, 457200, 2350000, WIDTH_EMU - 914400, 600000, [(t["no_checks"], 16, False)])
            return
        shown = checks[:MAX_CHECKS]
        rows = [[", ".join(c["requirements"]), c["grade_label"], _short(c["text"], 220, self.view.lang)] for c in shown]
        fills = {(i + 1, 1): theme.GRADE_COLOURS[c["grade"]] for i, c in enumerate(shown) if c["grade"] in theme.GRADE_COLOURS}
        self._table(slide, 2350000, [t["requirements"], t["grade"], t["checks"]], rows, [1.6, 2, 8], fills, size=11)
        if len(checks) > MAX_CHECKS:
            self._text(slide, 457200, HEIGHT_EMU - 800000, WIDTH_EMU - 914400, 300000,
                       [(more_text(len(checks) - MAX_CHECKS, self.view.lang, "check"), 12, False)])

    def actions_slide(self) -> None:
        view, lab = self.view, self.lab
        slide = self._slide(lab["corrective_action_plan"])
        actions = view.actions[:MAX_ACTIONS]
        if not actions:
            self._text(slide, 457200, 1200000, WIDTH_EMU - 914400, 800000, [(lab["no_gaps"], 16, False)])
            return
        rows = [[a["priority_label"], a["process_title"] or "–", _short(a["action"], 150, view.lang), a["owner"] or "",
                 format_date(a["due_date"], view.lang)] for a in actions]
        fills = {(i + 1, 0): theme.RAG_COLOURS[theme.PRIORITY_RAG.get(a["priority"] or "", "X")] for i, a in enumerate(actions)}
        self._table(slide, 1100000, [lab["priority"], lab["process"], lab["action"], lab["owner"], lab["due_date"]],
                    rows, [1.1, 2, 6, 1.6, 1.3], fills, size=11)
        if len(view.actions) > MAX_ACTIONS:
            self._text(slide, 457200, HEIGHT_EMU - 800000, WIDTH_EMU - 914400, 300000,
                       [(more_actions_text(len(view.actions) - MAX_ACTIONS, view.lang), 12, False)])

    def comparison_slide(self) -> None:
        view, lab = self.view, self.lab
        comp = view.comparison
        assert comp is not None
        slide = self._slide(lab["comparison"])
        changed = [p for p in comp["processes"] if p["trend"] in ("improved", "worsened")] or comp["processes"]
        changed = changed[:MAX_PROCESSES]
        marks = {"improved": "▲ ", "worsened": "▼ "}
        rows = [[p["title"], "–" if p["level_before"] is None else str(p["level_before"]),
                 "–" if p["level_now"] is None else str(p["level_now"]),
                 format_percent(p["compliance_before"], view.lang), format_percent(p["compliance_now"], view.lang),
                 marks.get(p["trend"], "") + p["trend_label"]] for p in changed]
        fills = {(i + 1, 5): theme.RAG_COLOURS[theme.TREND_RAG[p["trend"]]]
                 for i, p in enumerate(changed) if p["trend"] in theme.TREND_RAG}
        head = (f"{lab['overall_compliance']}: {format_percent(comp['compliance_before'], view.lang)} → "
                f"{format_percent(comp['compliance_now'], view.lang)}   ·   {lab['processes_improved']}: {comp['improved']}"
                f"   ·   {lab['processes_worsened']}: {comp['worsened']}")
        self._text(slide, 457200, 1050000, WIDTH_EMU - 914400, 400000, [(head, 14, True)])
        self._table(slide, 1500000, [lab["process"], lab["level_before"], lab["level_now"], lab["compliance_before"],
                                     lab["compliance_now"], lab["trend"]], rows, [3.5, 1, 1, 1.4, 1.4, 1.6], fills,
                    size=11)


#: A comma list of more requirement ids than this reads on a slide as its first two and a count.
MAX_IDS = 3
_ID = r"[A-Z]{2,5}-\d{2,3}\b"
_ID_LIST = re.compile(rf"\b{_ID}(?:, {_ID})+(?: (?:ja|and) {_ID})?")


def _short(text: str, limit: int, lang: str) -> str:
    """``text`` for a slide: a long list of requirement ids as its first two and "and N more"
    ("CFG-02, CFG-04 sekä kuusi muuta vaatimusta"), and a text still over ``limit`` shortened at a word boundary with
    an ellipsis, never mid-word ("täyttyvät va…")."""
    def fewer(m: re.Match[str]) -> str:
        ids = re.findall(_ID, m.group(0))
        if len(ids) <= MAX_IDS:
            return m.group(0)
        return f"{', '.join(ids[:2])} {more_text(len(ids) - 2, lang, 'requirement')}"

    text = _ID_LIST.sub(fewer, text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip(" ,;:–-")
    return cut if cut.endswith(".") else cut + "…"  # whole sentences need no ellipsis


def _scope_text(scope: list[Any], lab: dict[str, str], lang: str) -> str:
    """The processes assessed, by name (up to three), else their number."""
    from itsm_assess.reports.labels import processes_count_text

    titles = [p["title"] for p in scope]
    if not titles:
        return "–"
    if len(titles) <= 3:
        return joined(titles, lab["and"])
    return processes_count_text(len(titles), lang)
