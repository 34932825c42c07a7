"""The report's one theme: colours of ratings, grades, RAG status and trends, shared by every renderer.

The palettes stay apart under protanopia and deuteranopia (tests simulate both with the Machado,
Oliveira & Fernandes 2009 matrices and require a colour difference of at least 20 CIE76 units
between any two colours of a palette). Colour is never the only sign: every coloured cell also
shows its rating letter, grade name or R/A/G letter.
"""

from __future__ import annotations

#: Process-attribute and requirement ratings, by family (red to blue: "not" to "fully" achieved).
RATING_COLOURS: dict[str, str] = {"N": "#D6604D", "P": "#F7B799", "L": "#92C5DE", "F": "#2166AC", "NA": "#EBEBEB"}
#: Finding grades.
GRADE_COLOURS: dict[str, str] = {
    "major-nc": "#D6604D", "minor-nc": "#F7B799", "observation": "#FDD870", "ofi": "#E4E4F4",
    "good-practice": "#6FA8D6",
}
#: Red / amber / green status (and grey for "not assessed").
RAG_COLOURS: dict[str, str] = {"R": "#D6604D", "A": "#FDD870", "G": "#4DAC90", "X": "#EBEBEB"}
#: Readiness verdicts take the RAG colour of their meaning.
VERDICT_RAG: dict[str, str] = {"not-ready": "R", "ready-with-conditions": "A", "ready": "G"}
TREND_RAG: dict[str, str] = {"improved": "G", "worsened": "R"}
#: Action priorities.
PRIORITY_RAG: dict[str, str] = {"high": "R", "medium": "A", "low": "X"}
#: Fills dark enough to need white text.
DARK_FILLS: frozenset[str] = frozenset({"#2166AC"})

NAVY = "#1F4E79"
#: Text on dark fills (header rows, the title band of the slides) and body text on light ones.
LIGHT_TEXT = "#FFFFFF"
INK = "#1A1A1A"
#: Secondary text: footers, notes, explanations.
MUTED_TEXT = "#4D4D4D"
#: Small print a reader skips: question ids, column keys of the fieldwork workbooks.
KEY_TEXT = "#606060"
#: Answers carried over from an earlier assessment (dark amber italics).
CARRIED_TEXT = "#7F6000"
#: Header rows of every workbook: white bold text on navy.
HEADER_FILL = NAVY
HEADER_TEXT = LIGHT_TEXT
#: Header rows of the planning tables (printed on paper: a light blue-grey, black text).
LIGHT_HEADER_FILL = "#DDE4EE"
#: Thin cell borders.
GRID = "#808080"
#: Lighter rules: between report cells, under the change batch's header row.
RULE = "#BFBFBF"
#: Borders of the fieldwork workbooks and questionnaires.
FORM_GRID = "#A0A0A0"
#: Cells a respondent fills in, and the cells fixed for them.
INPUT_FILL = "#FFFFFF"
FIXED_FILL = "#F2F2F2"
#: Paper white (pages, table rows) and a light zebra stripe.
PAPER = "#FFFFFF"
ZEBRA = "#F4F6F9"
#: Outline of the verdict boxes on slides.
OUTLINE = "#777777"
#: Text that flags a problem (Excel's "bad" red).
FLAG_TEXT = "#9C0006"
LEVEL_COLOUR = NAVY
TARGET_COLOUR = "#C55A11"
EDITABLE_COLOUR = "#FFF9E5"

# --- HTML pages (templates take these as ``theme.NAME``; the shared Jinja2 set-up provides ``theme``)
#: Table lines of the HTML reports, register and scorecard; the chart's grid.
LINE = "#C8C8C8"
#: Text and fill of a flagged problem (register flags, follow-up errors).
ALERT_TEXT = "#8A1C1C"
ALERT_FILL = "#FBE3E3"
#: The confidentiality marking of printed reports.
CLASSIFICATION = "#8B0000"
#: Frames of the verdict box, the tiles and the checklist's items.
BOX_BORDER = "#888888"
#: Borders of the report's filter inputs (4.5:1 on white).
INPUT_BORDER = "#767676"
#: Labels and axis of the capability chart, terms of the checklist.
LABEL_TEXT = "#333333"
#: Checklist: subtitle and rating boxes, notes and advice, legend, answer box and its ruled lines,
#: the trainer's notes.
SUBDUED_TEXT = "#444444"
NOTE_TEXT = "#555555"
LEGEND_TEXT = "#666666"
ANSWER_BOX = "#AAAAAA"
ANSWER_LINE = "#CCCCCC"
TRAINER_FILL = "#FFF7E0"
TRAINER_RULE = "#D9A400"
#: Comparison page: its grid and a process out of its target.
COMPARE_GRID = "#BBBBBB"
OUT_OF_TARGET_FILL = "#F8CBAD"
#: Change guide: text, notes, grid, header fill, the flow's steps and the emergency path.
GUIDE_INK = "#1D2327"
GUIDE_MUTED = "#50575E"
GUIDE_GRID = "#C3C4C7"
GUIDE_HEADER_FILL = "#F0F0F1"
STEP_RULE = "#2271B1"
STEP_FILL = "#F6F7F7"
EMERGENCY_RULE = "#B32D2E"
EMERGENCY_FILL = "#FCF0F1"
#: Audit plan: text, grid, meeting rows and breaks (header rows: LIGHT_HEADER_FILL, as in its workbook).
PLAN_INK = "#1D2733"
PLAN_GRID = "#C5CCD6"
MEETING_FILL = "#F3F5F8"
BREAK_TEXT = "#5B6675"

#: The one font of every output (Excel names it on every style; HTML and slides list it first).
FONT = "Calibri"
HTML_FONTS = '"Segoe UI", Calibri, Carlito, "Helvetica Neue", Arial, sans-serif'


def text_colour(fill: str) -> str:
    """Black or white, whichever reads on ``fill``."""
    return LIGHT_TEXT if fill.upper() in DARK_FILLS else INK


def rating_colour(family: str | None) -> str:
    return RATING_COLOURS.get(family or "", PAPER)


def xlsx(colour: str) -> str:
    """``"#1F4E79"`` as openpyxl wants it: ``"1F4E79"``."""
    return colour.lstrip("#").upper()
