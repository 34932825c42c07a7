"""The shape of a fieldwork workbook: its format marks, sheets and rows, and the one table of the
columns of an item sheet (:data:`COLUMNS`).

Every column is one :class:`Column`: its stable key (row 2, hidden), its width, whether it is
guidance written by the tool or an input a person fills in, the model field the input goes to
(a :class:`~itsm_assess.assessment.Response` field or a field of the item's
:class:`~itsm_assess.assessment.Finding`), and the kind of value it holds (free text, a choice
from a drop-down list, a date). Writing, reading and merging are driven by this table: adding a
column is one entry here (with its caption and input prompt, translated in the PO catalogue).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from itsm_assess.i18n import _p

WORKBOOK_FORMAT = 1
FORMAT_NAME = "itsm-assess/fieldwork"
META_SHEET = "_meta"
#: The English name of the hidden sheet of drop-down lists, which workbooks written before the
#: sheet was named in the workbook's language still carry (an import skips it).
LISTS_SHEET = "_lists"
#: The hidden sheet of drop-down lists, named in the workbook's language ("_valintalistat"): a
#: reader who unhides it meets the labels of the lists in their own language, and no codes.
LISTS_SHEET_NAME = _p("fieldwork.lists_sheet", "_lists")
#: Written beside the data of the hidden sheets, for anyone who unhides them.
TECHNICAL_NOTE = _p("fieldwork.technical_note",
                    "Technical data for reading the answers back into the assessment. Do not edit this sheet.")
#: Row 1 holds the localised captions, row 2 the stable column keys; items start on row 3.
HEADER_ROW = 2
FIRST_ITEM_ROW = 3
#: The tallest an item row gets (points, about 14 lines); longer text is shown in full in a comment.
MAX_ITEM_ROW_HEIGHT = 170.0
MAX_COLUMN_WIDTH = 60.0
#: The widest a page across gets (digits of Arial 10, about 66 % print scale); wider answers are
#: split into a page of the response columns and a page of the finding columns.
MAX_PRINTED_PAGE_WIDTH = 200.0
#: What a column takes beside its width when printed (about 5 pixels of cell padding), in points:
#: LibreOffice pushes the last column of an 8-column page onto a page of its own without it.
COLUMN_PADDING_POINTS = 3.75
#: Width of an A4 landscape page inside the margins of ``set_print_layout``, in points.
PRINTABLE_LANDSCAPE_POINTS = 842 - 0.8 * 72
INSTRUCTION_WIDTHS = (24.0, 66.0)  # columns A and B of the instructions sheet: one A4 portrait width

ColumnRole = Literal["guidance", "response", "finding", "evidence"]
#: ``text`` is kept as typed; a choice kind (see ``labels.CHOICES``) is read from its code or its
#: drop-down label in any language; ``date`` from a date cell or a typed date.
ValueKind = Literal["text", "rating", "grade", "verdict", "yes-no", "date", "count"]


@dataclass(frozen=True)
class Column:
    """One column of an item sheet."""

    key: str
    #: Width in digits of Arial 10; a column grows further when its longest word would not fit.
    width: float
    #: Row 1's caption: (gettext context, English).
    caption: tuple[str, str]
    #: ``guidance``: written from the catalogue, protected; ``response``: a field of the item's
    #: response; ``finding``: a field of the item's finding (``<item>-finding`` in ``findings:``);
    #: ``evidence``: a field of one new line of the response's ``evidence_log`` (written empty).
    role: ColumnRole = "guidance"
    kind: ValueKind = "text"
    #: The model field the value goes to, when it is named otherwise than the key.
    field: str | None = None
    #: An import refuses an item sheet without it (the columns of the first workbook format);
    #: a column added later is optional, so that an older workbook still imports.
    required: bool = False
    #: Shown by Excel and LibreOffice when the cell is selected: (gettext context, English).
    prompt: tuple[str, str] | None = None
    #: Written only into the workbooks of audits (a self-assessment records no audit verdict).
    audit_only: bool = False

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
    Column("id", 12, _p("fieldwork.caption.id", "Item"), required=True),
    Column("clause", 8, _p("fieldwork.caption.clause", "Clause")),
    Column("attribute", 8, _p("fieldwork.caption.attribute", "Attribute")),
    Column("title", 18, _p("fieldwork.caption.title", "Title")),
    Column("requirement", 34, _p("fieldwork.caption.requirement", "Requirement")),
    Column("question", 34, _p("fieldwork.caption.question", "Checklist question")),
    Column("look_for", 40, _p("fieldwork.caption.look_for", "What to look for")),
    Column("rating", 20, _p("fieldwork.caption.rating", "Rating"), "response", "rating", required=True,
           prompt=_p("fieldwork.prompt.rating",
                     "Pick a rating from the list: N, P, L, F or NA. The ratings P-, P+, L- and L+ refine P and L.")),
    Column("verdict", 22, _p("fieldwork.caption.verdict", "Audit verdict"), "response", "verdict", audit_only=True,
           prompt=_p("fieldwork.prompt.verdict",
                     "The auditor's verdict, from the list: {verdicts}. For a requirement that does not apply, "
                     "write why in the next column.")),
    Column("justification", 26, _p("fieldwork.caption.justification", "Why not applicable"), "response",
           audit_only=True,
           prompt=_p("fieldwork.prompt.justification",
                     "Why the requirement does not apply here; needed with the rating NA or the verdict "
                     "Not applicable.")),
    Column("na_accepted", 14, _p("fieldwork.caption.na_accepted", "Justification accepted"), "response", "yes-no",
           audit_only=True,
           prompt=_p("fieldwork.prompt.na_accepted",
                     "Yes when the auditor accepts the justification. A requirement within {scope} marked not "
                     "applicable without an accepted justification counts as not audited.")),
    Column("finding", 22, _p("fieldwork.caption.finding", "Finding grade"), "response", "grade", required=True,
           prompt=_p("fieldwork.prompt.finding",
                     "Pick a grade only if there is a finding; then describe it in the Finding statement column.")),
    Column("evidence", 26, _p("fieldwork.caption.evidence", "Evidence seen"), "response", required=True),
    Column("notes", 26, _p("fieldwork.caption.notes", "Notes"), "response", required=True),
    Column("finding_statement", 30, _p("fieldwork.caption.finding_statement", "Finding statement"), "finding",
           field="statement",
           prompt=_p("fieldwork.prompt.finding_statement",
                     "What was found, in one or two sentences. Pick a finding grade too.")),
    Column("recommendation", 26, _p("fieldwork.caption.recommendation", "Recommendation"), "finding"),
    Column("owner", 14, _p("fieldwork.caption.owner", "Owner"), "finding"),
    Column("due_date", 12, _p("fieldwork.caption.due_date", "Due date"), "finding", "date",
           prompt=_p("fieldwork.prompt.due_date", "A date, e.g. 2026-12-31.")),
    # The evidence log (audits): a filled row becomes one line of the requirement's evidence_log.
    Column("ev_records", 22, _p("fieldwork.caption.ev_records", "Records sampled (ids)"), "evidence",
           field="records", audit_only=True,
           prompt=_p("fieldwork.prompt.ev_records", "Ids of the records examined, separated by ; or new lines.")),
    Column("ev_sample_size", 10, _p("fieldwork.caption.ev_sample_size", "Sample size"), "evidence", "count",
           field="sample_size", audit_only=True,
           prompt=_p("fieldwork.prompt.ev_sample_size", "How many records were examined: a whole number.")),
    Column("ev_population", 10, _p("fieldwork.caption.ev_population", "Population"), "evidence", "count",
           field="population", audit_only=True,
           prompt=_p("fieldwork.prompt.ev_population",
                     "How many records the sample was drawn from: a whole number, at least the sample size.")),
    Column("ev_documents", 24, _p("fieldwork.caption.ev_documents", "Documents (name and version)"), "evidence",
           field="source", audit_only=True,
           prompt=_p("fieldwork.prompt.ev_documents", "The documents read, with their version as it reads on them.")),
    Column("ev_interviewees", 18, _p("fieldwork.caption.ev_interviewees", "Interviewees (roles)"), "evidence",
           field="roles", audit_only=True,
           prompt=_p("fieldwork.prompt.ev_interviewees",
                     "The roles of the people interviewed about this evidence, never their names; "
                     "separated by ; or new lines.")),
    Column("ev_site", 14, _p("fieldwork.caption.ev_site", "Site"), "evidence", field="site", audit_only=True),
    Column("ev_date", 12, _p("fieldwork.caption.ev_date", "Evidence date"), "evidence", "date", field="date",
           audit_only=True,
           prompt=_p("fieldwork.prompt.ev_date",
                     "The evidence's own date (document issue, end of the records' period, interview day), "
                     "e.g. 2026-09-30.")),
)
COLUMN_BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
#: Input columns that hold the item's response.
RESPONSE_FIELDS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.role == "response")
#: Input columns that describe the item's finding; imported into ``findings:``.
FINDING_FIELDS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.role == "finding")
#: Input columns that make one line of the item's evidence log.
EVIDENCE_FIELDS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.role == "evidence")
INPUT_FIELDS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.is_input)
REQUIRED_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.required)


def columns_for(method: str) -> tuple[Column, ...]:
    """The columns of the item sheets of an assessment made by ``method``."""
    return tuple(c for c in COLUMNS if method == "audit" or not c.audit_only)


def finding_id_for(item_id: str) -> str:
    """The id of the finding written on an item's row: ``CHG-05`` -> ``CHG-05-finding``."""
    from itsm_assess.assessment import row_finding_id

    return row_finding_id(item_id)
