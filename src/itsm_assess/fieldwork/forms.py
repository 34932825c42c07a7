"""Question lists for online survey tools (Microsoft Forms, Webropol).

The generated questions use exactly the questionnaire's wording and answer labels, so that the
tools' response exports (one row per respondent, the question text as column header, the chosen
option as text) import with ``assess survey`` without a hand-written ``--map``:

* ``forms``: a Word document (.docx) laid out for Forms' quick import: numbered questions, each
  followed by its options, one per line;
* ``webropol``: a workbook (.xlsx) with one question a row (type, text, options), to build the
  survey from or paste its questions.

The first question asks the respondent's role; with ``comments`` an optional open question
``Comment: <question>`` follows each question.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from itsm_assess.errors import InputError
from itsm_assess.fieldwork.questionnaire import (
    ANSWER_ORDER,
    answer_label,
    instruction_lines,
    questionnaire_questions,
    words,
)
from itsm_assess.i18n import LANGUAGES, Quoted, _p, message, pgettext_for, worded
from itsm_assess.loading import display_path

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue

TOOLS = ("forms", "webropol")


#: The form's own words, in the form's language (translated in the PO catalogue).
COMMENT_PREFIX = _p("form.comment_prefix", "Comment")
ROLE_QUESTION = _p("form.role_question", "Your role")
KIND: dict[str, tuple[str, str]] = {"choice": _p("form.kind.choice", "Choice"), "text": _p("form.kind.text", "Text")}
SHEET_WORDS: dict[str, tuple[str, str]] = {
    "sheet": _p("form.sheet", "Questions"),
    "no": _p("form.no", "No."),
    "type": _p("form.type", "Type"),
    "question": _p("form.question", "Question"),
    "option": _p("form.option", "Option {n}"),
}


def comment_prefixes() -> tuple[str, ...]:
    """``"comment:"``, ``"kommentti:"``, ...: how a comment question starts, in every language (casefolded)."""
    return tuple(f"{pgettext_for(lang)(*COMMENT_PREFIX).casefold()}:" for lang in LANGUAGES)


@dataclass(frozen=True)
class FormQuestion:
    kind: str  # "choice" | "text"
    text: str
    options: tuple[str, ...] = ()
    required: bool = False


def form_questions(
    catalogue: Catalogue, assessment: Assessment, *, full: bool = False, lang: str = "en", comments: bool = False
) -> list[FormQuestion]:
    """The form: the role question, then each questionnaire question (and its comment question)."""
    options = tuple(answer_label(code, lang) for code in ANSWER_ORDER)
    pgettext = pgettext_for(lang)
    out = [FormQuestion("text", pgettext(*ROLE_QUESTION), required=True)]
    for q in questionnaire_questions(catalogue, assessment, full=full, lang=lang):
        out.append(FormQuestion("choice", q.text, options))
        if comments:
            out.append(FormQuestion("text", f"{pgettext(*COMMENT_PREFIX)}: {q.text}"))
    return out


def write_form(
    catalogue: Catalogue,
    assessment: Assessment,
    path: str | os.PathLike[str],
    *,
    tool: str,
    full: bool = False,
    lang: str | None = None,
    comments: bool = False,
    force: bool = False,
) -> list[FormQuestion]:
    """Write the question list for ``tool`` to ``path``; returns the questions."""
    from itsm_assess.files import atomic_path, refuse_overwrite

    if tool not in TOOLS:
        raise InputError(message("tool {tool} is not known (expected {tools})", tool=Quoted(tool), tools=", ".join(TOOLS)))
    target = Path(path)
    refuse_overwrite([target], force=force)
    expected = ".docx" if tool == "forms" else ".xlsx"
    if target.suffix.lower() != expected:
        raise InputError(message("{path}: the {tool} question list is written as {expected}", path=display_path(target),
                                 tool=tool, expected=expected))
    lang = lang or assessment.assessment.language
    questions = form_questions(catalogue, assessment, full=full, lang=lang, comments=comments)
    intro = instruction_lines(lang)[:2]
    with atomic_path(target) as tmp:
        if tool == "forms":
            _write_docx(tmp, f"{words(lang)['title']}: {assessment.assessment.organisation}", intro, questions)
        else:
            _write_question_sheet(tmp, questions, lang)
    return questions


def _paragraph(text: str, *, bold: bool = False) -> str:
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p><w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _write_docx(path: str | os.PathLike[str], title: str, intro: list[str], questions: list[FormQuestion]) -> None:
    """A minimal WordprocessingML document: title, intro, numbered questions with their options."""
    body = [_paragraph(title, bold=True), *(_paragraph(line) for line in intro), _paragraph("")]
    for n, q in enumerate(questions, start=1):
        body.append(_paragraph(f"{n}. {q.text}", bold=True))
        body.extend(_paragraph(option) for option in q.options)
        body.append(_paragraph(""))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body)
        + "</w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)


def _write_question_sheet(path: str | os.PathLike[str], questions: list[FormQuestion], lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from itsm_assess._io.xlsx_cells import set_text, use_text_font

    wb = Workbook()
    use_text_font(wb)
    ws = wb.active
    sheet_words = worded(SHEET_WORDS, lang)
    ws.title = sheet_words["sheet"]
    headers = [sheet_words["no"], sheet_words["type"], sheet_words["question"]]
    headers += [sheet_words["option"].format(n=i) for i in range(1, len(ANSWER_ORDER) + 1)]
    for col, h in enumerate(headers, start=1):
        set_text(ws.cell(row=1, column=col), h)
        ws.cell(row=1, column=col).font = Font(bold=True)
    kinds = worded(KIND, lang)
    for r, q in enumerate(questions, start=2):
        ws.cell(row=r, column=1).value = r - 1
        set_text(ws.cell(row=r, column=2), kinds[q.kind])
        set_text(ws.cell(row=r, column=3), q.text)
        ws.cell(row=r, column=3).alignment = Alignment(wrap_text=True, vertical="top")
        for i, option in enumerate(q.options, start=4):
            set_text(ws.cell(row=r, column=i), option)
    ws.column_dimensions["C"].width = 70
    for letter in "DEFGHI":
        ws.column_dimensions[letter].width = 16
    wb.save(path)
