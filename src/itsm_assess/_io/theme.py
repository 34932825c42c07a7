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
#: Table rows on slides: white and a light zebra stripe.
PAPER = "#FFFFFF"
ZEBRA = "#F4F6F9"
#: Outline of the verdict boxes on slides.
OUTLINE = "#777777"
#: Text that flags a problem (Excel's "bad" red).
FLAG_TEXT = "#9C0006"
LEVEL_COLOUR = NAVY
TARGET_COLOUR = "#C55A11"
EDITABLE_COLOUR = "#FFF9E5"
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
