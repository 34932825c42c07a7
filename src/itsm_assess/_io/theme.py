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
#: Header rows of every workbook: white bold text on navy.
HEADER_FILL = NAVY
HEADER_TEXT = "#FFFFFF"
#: Thin cell borders.
GRID = "#808080"
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
    return "#FFFFFF" if fill.upper() in DARK_FILLS else "#1A1A1A"


def rating_colour(family: str | None) -> str:
    return RATING_COLOURS.get(family or "", "#FFFFFF")


def xlsx(colour: str) -> str:
    """``"#1F4E79"`` as openpyxl wants it: ``"1F4E79"``."""
    return colour.lstrip("#").upper()
