"""Writing user text into openpyxl cells so that it always stays text.

openpyxl stores any string that starts with ``=`` as a formula. A person's note such as
``=HYPERLINK("http://evil")`` or ``+cmd|' /C calc'!A0`` must come back as typed and must never
run in Excel or LibreOffice: we force the cell type to string and set ``quotePrefix`` so that
spreadsheet programs also treat an edit of it as text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from itsm_assess.i18n import _p

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES) and len(value) > 1


#: Characters an xlsx cell cannot hold (openpyxl refuses them): C0 controls but tab, LF and CR.
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: The most characters a cell holds in Excel.
MAX_CELL_CHARS = 32_767


def cell_safe_text(value: str) -> str:
    """``value`` as a cell can hold it: characters xlsx cannot store shown as U+FFFD, and text
    beyond :data:`MAX_CELL_CHARS` cut with a visible note saying how much was left out."""
    if _NOT_IN_XLSX.search(value):
        value = _NOT_IN_XLSX.sub("\ufffd", value)
    if len(value) > MAX_CELL_CHARS:
        note = f" […] [cut: {len(value):,} characters; a cell holds {MAX_CELL_CHARS:,}; see the source file]"
        value = value[: MAX_CELL_CHARS - len(note)] + note
    return value


def needs_set_text(value: str) -> bool:
    """True when ``value`` must go through :func:`set_text` (a formula look, characters a cell
    cannot hold, or too long); plain text may be appended to a write-only sheet as it is."""
    return looks_like_formula(value) or len(value) > MAX_CELL_CHARS or _NOT_IN_XLSX.search(value) is not None


def set_text(cell: Any, value: str | None) -> None:
    """Store ``value`` in ``cell`` as literal text (formula-looking text included).

    Writing never fails on stored text: see :func:`cell_safe_text`.
    """
    if value is None:
        cell.value = None
        return
    value = cell_safe_text(value)
    # What cell_safe_text leaves is what openpyxl's own check accepts: skip its regex scan per cell.
    cell._value = value
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True


def set_value(cell: Any, value: Any) -> None:
    """Store a number, date or boolean as such; any string via :func:`set_text`."""
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value


# --------------------------------------------------------------------------- layout for print
#
# Neither LibreOffice nor Excel grows a row for wrapped text written by openpyxl (nor ever for
# merged cells), so writers estimate the height themselves: a greedy word wrap over rough
# per-character widths (Arial/Liberation Sans metrics, a little generous so that wider
# fallback fonts still fit), then lines times the font's line height.

#: Font for body text and the workbook's default font: Arial in Excel, the metric-compatible
#: Liberation Sans in LibreOffice, so that column widths and the estimates below hold wherever
#: the file is opened (Calibri is often missing on Linux, and LibreOffice then measures column
#: widths with a much wider fallback font).
TEXT_FONT = "Arial"
TEXT_SIZE = 10.0
#: Points per unit of column width with Arial 10 as the default font (Excel: 7 px at 96 dpi;
#: LibreOffice is a little wider, which only adds room).
POINTS_PER_WIDTH_UNIT = 5.25
#: Cell padding, in points, taken from the width of every column.
CELL_PADDING = 4.0
LINE_SPACING = 1.15  # line height as a multiple of the font size
MAX_ROW_HEIGHT = 409.0  # the largest row height Excel accepts
# Arial/Helvetica advance widths in thousandths of an em; other characters count as 600.
_WIDTHS: dict[str, int] = {}
for _chars, _w in (
    (" !,./:;I[\\]fijlt", 278), ("'", 191), ("|", 260), ("()-`r", 333), ("\"", 355), ("*", 389), ("^", 469),
    ("Jckszvxy", 500), ("0123456789#$?_abdeghnopqu", 556), ("+<=>~", 584), ("FTZ", 611),
    ("&ABEKPSVXY", 667), ("CDHNRUw", 722), ("GOQ", 778), ("Mm", 833), ("%", 889), ("W", 944),
    ("@", 1015), ("•", 350), ("–", 556), ("—…", 1000), ("{}", 334), ("·", 278),
):
    _WIDTHS.update(dict.fromkeys(_chars, _w))


def _char_em(ch: str) -> float:
    """A character's width as a fraction of the font size (accented letters as their base)."""
    w = _WIDTHS.get(ch)
    if w is None:
        w = _WIDTHS.get(unicodedata.normalize("NFD", ch)[:1], 600)
    return w / 1000


def text_width_points(text: str, font_size: float = TEXT_SIZE, *, bold: bool = False) -> float:
    """The estimated printed width of ``text`` in points (3 % to spare, 8 % more when bold)."""
    return sum(_char_em(c) for c in text) * font_size * (1.11 if bold else 1.03)


def use_text_font(wb: Any) -> None:
    """Make :data:`TEXT_FONT` the default font of a new openpyxl workbook (before any styling).

    Column widths are measured in digits of the default font, so this fixes how wide a column
    prints. openpyxl has no public call for it: font 0 and the Normal style are replaced.
    """
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    font = Font(name=TEXT_FONT, size=TEXT_SIZE, family=2)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font


def wrapped_line_count(text: str, width: float, font_size: float = TEXT_SIZE, *, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` units wide."""
    capacity = max(width * POINTS_PER_WIDTH_UNIT - CELL_PADDING, font_size)
    space = text_width_points(" ", font_size, bold=bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            w = text_width_points(word, font_size, bold=bold)
            if used and used + space + w <= capacity:
                used += space + w
                continue
            if used:
                lines += 1
            while w > capacity:  # a word longer than the column is broken anywhere
                lines += 1
                w -= capacity
            used = w
    return lines


def width_for_longest_word(texts: Iterable[str | None], font_size: float = TEXT_SIZE, *, bold: bool = True) -> float:
    """The column width (digits) in which the longest word of ``texts`` fits unbroken.

    Measured as bold, the widest way a column's text (its caption) is set.
    """
    widest = max(
        (text_width_points(word, font_size, bold=bold) for text in texts if text for word in text.split()),
        default=0.0,
    )
    return (widest + CELL_PADDING + 2) / POINTS_PER_WIDTH_UNIT


def estimate_row_height(
    texts_and_widths: Iterable[tuple[str | None, float]],
    font_size: float = TEXT_SIZE,
    *,
    bold: bool = False,
    minimum: float = 0.0,
) -> float:
    """The row height in points that shows every (text, column width) pair wrapped in full."""
    lines = max((wrapped_line_count(t, w, font_size, bold=bold) for t, w in texts_and_widths if t), default=1)
    return min(max(minimum, lines * font_size * LINE_SPACING + 4.0), MAX_ROW_HEIGHT)


def fit_row_heights(ws: Any, first_row: int = 1, last_row: int | None = None, *, minimum: float = 0.0) -> None:
    """Set the height of every row holding wrapped text from its cells' text, font and width.

    A merged cell counts with the summed width of its columns; rows without wrapped text keep
    the default height.
    """
    from openpyxl.utils import get_column_letter

    default_width = ws.sheet_format.defaultColWidth or 8.43
    widths: dict[int, float] = {}

    def width_of(col: int) -> float:
        if col not in widths:
            dim = ws.column_dimensions.get(get_column_letter(col))
            widths[col] = float(dim.width) if dim is not None and dim.width else default_width
        return widths[col]

    spans = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}
    for row in ws.iter_rows(min_row=first_row, max_row=last_row or ws.max_row):
        needed = 0.0
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            last_col = spans.get((cell.row, cell.column), cell.column)
            width = sum(width_of(c) for c in range(cell.column, last_col + 1))
            size = float(cell.font.size or TEXT_SIZE)
            needed = max(needed, estimate_row_height([(cell.value, width)], size, bold=bool(cell.font.b)))
        if needed:
            ws.row_dimensions[row[0].row].height = max(needed, minimum)


def header_footer_text(text: str) -> str:
    """``text`` for a print header or footer, ``&`` doubled so that it is not read as a code."""
    return text.replace("&", "&&")


def set_print_layout(
    ws: Any,
    *,
    landscape: bool = True,
    title_rows: str | None = None,
    header: str | None = None,
    footer: str = "&P / &N",
    pages_wide: int = 1,
) -> None:
    """A4, fitted to ``pages_wide`` page widths (any number of pages tall), margins, header, footer.

    ``header``/``footer`` are printed centred; ``&P``/``&N`` are the page number and count, so
    user text in them goes through :func:`header_footer_text`.
    """
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25)
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    if header:
        ws.oddHeader.center.text = header
        ws.oddHeader.center.size = 9
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.size = 9


#: Excel's limit on the length of a sheet name.
SHEET_NAME_LIMIT = 31


#: The short forms a language uses where a name does not fit a sheet tab, as "long = short" pairs
#: separated by semicolons; each language's PO file words its own (Finnish: "palvelunhallintajärjestelmän
#: omistaja = johtamisjärjestelmän omistaja"...). A short form holds none of the characters a sheet name cannot have (: / [ ] * ? \\).
SHEET_NAME_SHORT_FORMS = _p("sheet_name.short_forms", "service management system owner = SMS owner; "
                             "follow-up of the previous round's findings = follow-up of findings")


def sheet_short_forms(lang: str) -> list[tuple[str, str]]:
    """``lang``'s (long, short) pairs for sheet tabs, longest first (see :data:`SHEET_NAME_SHORT_FORMS`)."""
    from itsm_assess.i18n import pgettext_for

    pairs = [tuple(part.strip() for part in pair.split("=", 1))
             for pair in pgettext_for(lang)(*SHEET_NAME_SHORT_FORMS).split(";") if "=" in pair]
    return sorted(((long, short) for long, short in pairs if long and short), key=lambda p: -len(p[0]))


def _with_short_forms(text: str, lang: str) -> str:
    """``text`` with the language's short forms put in, kept capitalised where the long form started a name."""
    for long, short in sheet_short_forms(lang):
        def put(m: re.Match[str], short: str = short) -> str:
            return short[:1].upper() + short[1:] if m.group(0)[:1].isupper() else short
        text = re.sub(re.escape(long), put, text, flags=re.IGNORECASE)
    return text


def short_sheet_name(text: str, limit: int = SHEET_NAME_LIMIT, *, lang: str | None = None) -> str:
    """``text`` within Excel's sheet-name limit without cutting a word off mid-way: first the short
    forms ``lang`` defines for names too long for a tab ("Palvelunhallintajärjestelmän omistaja" ->
    "Johtamisjärjestelmän omistaja"), then the longest words are abbreviated with a full stop until it fits
    ("Palvelunhallintajärj. omistaja"), so every word stays recognisable."""
    if lang is not None and len(text) > limit:
        text = _with_short_forms(text, lang)
    words = text.split()
    while len(" ".join(words)) > limit:
        excess = len(" ".join(words)) - limit
        i = max(range(len(words)), key=lambda k: len(words[k].rstrip(".")))
        stem = words[i].rstrip(".")
        keep = len(stem) - excess - 1
        if keep < 3:  # nothing left to abbreviate sensibly: keep the whole words that fit
            whole = " ".join(words)[: limit + 1].rsplit(" ", 1)[0]
            return whole if " " in " ".join(words)[: limit + 1] else whole[:limit]
        words[i] = stem[:keep] + "."
    return " ".join(words)


def sheet_title(text: str, lang: str | None = None) -> str:
    """``text`` as a sheet tab: the characters a tab cannot hold ([]:*?/\\) become spaces, and a
    long name is shortened by :func:`short_sheet_name` with ``lang``'s short forms, never cut mid-word."""
    cleaned = " ".join("".join(" " if ch in "[]:*?/\\" else ch for ch in text).split()).strip("'")
    return short_sheet_name(cleaned, lang=lang) or "Sheet"
