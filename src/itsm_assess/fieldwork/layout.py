"""The shape of a fieldwork workbook: its format marks, sheets and rows, and the one table of the
columns of an item sheet (:data:`COLUMNS`).

Every column is one :class:`Column`: its stable key (row 2, hidden), its width, whether it is
guidance written by the tool or an input a person fills in, the model field the input goes to
(a :class:`~itsm_assess.assessment.Response` field or a field of the item's
:class:`~itsm_assess.assessment.Finding`), and the kind of value it holds (free text, a choice
from a drop-down list, a date). Writing, reading and merging are driven by this table: adding a
column is one line here plus its caption (and prompt) in :mod:`itsm_assess.fieldwork.labels`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

WORKBOOK_FORMAT = 1
FORMAT_NAME = "itsm-assess/fieldwork"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
#: Row 1 holds the localised captions, row 2 the stable column keys; items start on row 3.
HEADER_ROW = 2
FIRST_ITEM_ROW = 3
#: The tallest an item row gets (points, about 14 lines); longer text is shown in full in a comment.
MAX_ITEM_ROW_HEIGHT = 170.0
MAX_COLUMN_WIDTH = 60.0
#: Width of an A4 landscape page inside the margins of ``set_print_layout``, in points.
PRINTABLE_LANDSCAPE_POINTS = 842 - 0.8 * 72
INSTRUCTION_WIDTHS = (24.0, 66.0)  # columns A and B of the instructions sheet: one A4 portrait width

ColumnRole = Literal["guidance", "response", "finding"]
#: ``text`` is kept as typed; the others are read from a code or a drop-down label in any language.
ValueKind = Literal["text", "rating", "grade", "date"]


@dataclass(frozen=True)
class Column:
    """One column of an item sheet."""

    key: str
    #: Width in digits of Arial 10; a column grows further when its longest word would not fit.
    width: float
    #: ``guidance``: written from the catalogue, protected; ``response``: a field of the item's
    #: response; ``finding``: a field of the item's finding (``<item>-finding`` in ``findings:``).
    role: ColumnRole = "guidance"
    kind: ValueKind = "text"
    #: The model field the value goes to, when it is named otherwise than the key.
    field: str | None = None
    #: An import refuses an item sheet without it (the columns of the first workbook format);
    #: a column added later is optional, so that an older workbook still imports.
    required: bool = False

    @property
    def is_input(self) -> bool:
        return self.role != "guidance"

    @property
    def attr(self) -> str:
        """The field of the response or finding that the column fills."""
        return self.field or self.key


#: The columns of an item sheet, left to right. Guidance columns come first (printed on the
#: first page across), then the answers (the second page).
COLUMNS: tuple[Column, ...] = (
    Column("id", 12, required=True),
    Column("clause", 8),
    Column("attribute", 8),
    Column("title", 18),
    Column("requirement", 34),
    Column("question", 34),
    Column("look_for", 40),
    Column("rating", 20, "response", "rating", required=True),
    Column("finding", 22, "response", "grade", required=True),
    Column("evidence", 26, "response", required=True),
    Column("notes", 26, "response", required=True),
    Column("finding_statement", 30, "finding", field="statement"),
    Column("recommendation", 26, "finding"),
    Column("owner", 14, "finding"),
    Column("due_date", 12, "finding", "date"),
)
COLUMN_BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
#: Input columns that hold the item's response.
RESPONSE_FIELDS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.role == "response")
#: Input columns that describe the item's finding; imported into ``findings:``.
FINDING_FIELDS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.role == "finding")
INPUT_FIELDS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.is_input)
REQUIRED_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.required)
#: The last guidance column: the page break of the print layout falls after it.
LAST_GUIDANCE_KEY = [c.key for c in COLUMNS if not c.is_input][-1]


def finding_id_for(item_id: str) -> str:
    """The id of the finding written on an item's row: ``CHG-05`` -> ``CHG-05-finding``."""
    return f"{item_id}-finding"
