"""Writing user text into openpyxl cells so that it always stays text.

openpyxl stores any string that starts with ``=`` as a formula. A person's note such as
``=HYPERLINK("http://evil")`` or ``+cmd|' /C calc'!A0`` must come back as typed and must never
run in Excel or LibreOffice: we force the cell type to string and set ``quotePrefix`` so that
spreadsheet programs also treat an edit of it as text.
"""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES) and len(value) > 1


def set_text(cell: Any, value: str | None) -> None:
    """Store ``value`` in ``cell`` as literal text (formula-looking text included)."""
    if value is None:
        cell.value = None
        return
    cell.value = value
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True


def set_value(cell: Any, value: Any) -> None:
    """Store a number, date or boolean as such; any string via :func:`set_text`."""
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
