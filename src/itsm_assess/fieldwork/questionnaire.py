"""The questionnaire edition: plain-language questions for a team's self-assessment.

Staff answer in their own voice ("Do we record every incident?" / "Kirjaammeko jokaisen
häiriön?") on a scale people understand, mapped to the model's ratings:

=================  ==================  =====
English            suomi               code
=================  ==================  =====
Not at all         Ei lainkaan         N
Partly             Osittain            P
Largely            Pääosin             L
Fully              Täysin              F
Don't know         En osaa sanoa       DK (counted, never a rating)
Not relevant to us Ei koske meitä      NA
=================  ==================  =====

Questions come from ``questionnaires/<catalogue>.yaml`` beside this module (``short: true`` marks
the questions kept first when the scope has more than :data:`MAX_SHORT` requirements); a
requirement without a question of its own is asked through a generic question around its
statement.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, StrictBool

from itsm_assess._io import theme
from itsm_assess.errors import InputError
from itsm_assess.i18n import LANGUAGES, Quoted, _p, localize, message, pgettext_for, plural_message, worded
from itsm_assess.loading import display_path
from itsm_assess.schema import Identifier, LocalizedText, SchemaVersion, StrictModel

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue

FORMAT_NAME = "itsm-assess/questionnaire"
FORMAT_VERSION = 1
MAX_SHORT = 60
HEADER_ROW = 2
FIRST_ROW = 3

#: Answer codes in the order respondents see them.
ANSWER_ORDER: tuple[str, ...] = ("N", "P", "L", "F", "DK", "NA")
ANSWER_LABELS: dict[str, tuple[str, str]] = {
    "N": _p("questionnaire.answer.N", "Not at all"),
    "P": _p("questionnaire.answer.P", "Partly"),
    "L": _p("questionnaire.answer.L", "Largely"),
    "F": _p("questionnaire.answer.F", "Fully"),
    "DK": _p("questionnaire.answer.DK", "Don't know"),
    "NA": _p("questionnaire.answer.NA", "Not relevant to us"),
}
#: Question asked about a requirement that has no staff-voice question of its own.
GENERIC_QUESTION = _p("questionnaire.generic_question", "How well does this describe us? {statement}")

#: The questionnaire's own words (instructions, captions, prompt), in the workbook's language.
TEXT: dict[str, tuple[str, str]] = {
    "sheet": _p("questionnaire.sheet", "Instructions"),
    "questions_sheet": _p("questionnaire.questions_sheet", "Questions"),
    "title": _p("questionnaire.title", "Self-assessment questionnaire"),
    "name": _p("questionnaire.name", "Your name (optional)"),
    "role": _p("questionnaire.role", "Your role"),
    "prompt": _p("questionnaire.prompt",
                 "Pick from the list: Not at all, Partly, Largely, Fully, Don't know or Not relevant to us."),
}
LINES: tuple[tuple[str, str], ...] = (
    _p("questionnaire.line.today",
       "This questionnaire asks how we run our IT services today. There are no right or wrong answers: answer as "
       "things are now, not as they should be."),
    _p("questionnaire.line.answer",
       "Answer each question on the sheet Questions by picking from the list: Not at all, Partly, Largely, Fully. "
       "If you cannot say, pick Don't know; if the question does not concern our work, pick Not relevant to us."),
    _p("questionnaire.line.comment",
       "Write a comment whenever you want to explain an answer or tell what should change. Comments are read by "
       "the people running the assessment and may be quoted in the report without your name."),
    _p("questionnaire.line.privacy",
       "Your answers are combined with your colleagues' answers. Results by role are shown only for groups of at "
       "least three people, so that no one's answers can be singled out. Your name is optional and is not shown "
       "in the report."),
    _p("questionnaire.line.return",
       "Fill in only the white cells. When you are done, save the file and return it to the person who sent it "
       "to you."),
)
CAPTIONS: dict[str, tuple[str, str]] = {
    "id": _p("questionnaire.caption.id", "No."),
    "process": _p("questionnaire.caption.process", "Area"),
    "question": _p("questionnaire.caption.question", "Question"),
    "answer": _p("questionnaire.caption.answer", "Your answer"),
    "comment": _p("questionnaire.caption.comment", "Comment (optional)"),
}


def words(lang: str) -> dict[str, str]:
    """The questionnaire's words in ``lang`` (``lines`` joined by newlines is not used: see :data:`LINES`)."""
    return worded(TEXT, lang)


def instruction_lines(lang: str) -> list[str]:
    pgettext = pgettext_for(lang)
    return [pgettext(*label) for label in LINES]


COLUMNS: tuple[tuple[str, float], ...] = (("id", 9), ("process", 18), ("question", 62), ("answer", 20), ("comment", 44))


class QuestionnaireItem(StrictModel):
    requirement: Identifier
    short: StrictBool = False
    question: LocalizedText


class QuestionnaireHeader(StrictModel):
    catalogue: Identifier


class QuestionnaireFile(StrictModel):
    """``fieldwork/questionnaires/<catalogue>.yaml``."""

    schema_version: SchemaVersion
    questionnaire: QuestionnaireHeader
    items: list[QuestionnaireItem] = Field(default_factory=list)


def questionnaire_path(catalogue_id: str) -> Path:
    from itsm_assess.resources import package_data

    return package_data("fieldwork", "questionnaires", f"{catalogue_id}.yaml")


@cache
def load_questionnaire(catalogue_id: str) -> dict[str, QuestionnaireItem]:
    """The staff-voice questions of a catalogue by requirement id (empty when it ships none)."""
    from itsm_assess.loading import load_yaml, validate

    path = questionnaire_path(catalogue_id)
    if not path.is_file():
        return {}
    data = validate(QuestionnaireFile, load_yaml(path))
    return {item.requirement: item for item in data.items}


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire: the item it answers, its area and its text."""

    id: str
    process: str
    text: str


def questionnaire_questions(
    catalogue: Catalogue, assessment: Assessment, *, full: bool = False, lang: str = "en"
) -> list[Question]:
    """The questions for the processes in scope, in catalogue order.

    The full set asks every requirement. The default short set is the full set when that has at
    most :data:`MAX_SHORT` questions; otherwise the curated questions (``short: true``) first, then
    the most heavily weighted requirements, up to :data:`MAX_SHORT`.
    """
    plain = load_questionnaire(catalogue.id)
    questions: list[Question] = []
    rank: dict[str, tuple[int, int]] = {}
    for pid in assessment.assessment.scope.processes:
        area = localize(catalogue.processes[pid].title, lang)
        for req in catalogue.requirements_of(pid):
            item = plain.get(req.id)
            text = localize(item.question, lang) if item else generic_question(lang).format(
                statement=localize(req.statement, lang))
            rank[req.id] = (0 if item and item.short else 1 if item else 2, -req.weight)
            questions.append(Question(req.id, area, text))
    if full or len(questions) <= MAX_SHORT:
        return questions
    keep = {q.id for q in sorted(questions, key=lambda q: rank[q.id])[:MAX_SHORT]}
    return [q for q in questions if q.id in keep]


def all_question_texts(catalogue: Catalogue, assessment: Assessment) -> dict[str, str]:
    """Every wording a generated questionnaire or form may use (both editions, all languages) -> item id."""
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        for q in questionnaire_questions(catalogue, assessment, full=True, lang=lang):
            texts.setdefault(q.text, q.id)
    return texts


def generic_question(lang: str) -> str:
    """The question asked about a requirement without a staff-voice question (``{statement}`` to fill)."""
    return pgettext_for(lang)(*GENERIC_QUESTION)


def answer_label(code: str, lang: str) -> str:
    """``"L"`` -> ``"Pääosin"``: an answer as respondents pick it."""
    return pgettext_for(lang)(*ANSWER_LABELS[code])


@cache
def _answer_index() -> dict[str, str]:
    index = {code.casefold(): code for code in ANSWER_ORDER}
    for code in ANSWER_ORDER:
        for lang in LANGUAGES:
            name = answer_label(code, lang)
            index[name.casefold()] = code
            index[name.replace("'", "’").casefold()] = code  # typographic apostrophe (Forms, Word)
    return index


def answer_code(value: str) -> str | None:
    """``"Pääosin"`` -> ``"L"``, ``"Don't know"`` -> ``"DK"``; None if it is not a scale answer."""
    return _answer_index().get(" ".join(value.split()).casefold())


# --------------------------------------------------------------------------- writing


def write_questionnaire(
    catalogue: Catalogue,
    assessment: Assessment,
    path: str | os.PathLike[str],
    *,
    full: bool = False,
    lang: str | None = None,
    force: bool = False,
) -> list[Question]:
    """Write the questionnaire workbook for respondents; returns the questions asked."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    from itsm_assess._io.xlsx_cells import TEXT_FONT, fit_row_heights, header_footer_text, set_print_layout, set_text
    from itsm_assess.fieldwork.layout import LISTS_SHEET_NAME, META_SHEET, TECHNICAL_NOTE
    from itsm_assess.fieldwork.sheets import (
        InstructionsLook,
        new_workbook,
        write_hidden_sheet,
        write_instructions_sheet,
    )

    with new_workbook(catalogue, assessment, path, lang=lang, force=force) as (wb, lang):
        text = words(lang)
        captions = worded(CAPTIONS, lang)
        info = assessment.assessment
        questions = questionnaire_questions(catalogue, assessment, full=full, lang=lang)
        unlocked = Protection(locked=False)
        wrap = Alignment(wrap_text=True, vertical="top")
        body = Font(name=TEXT_FONT, size=11)
        thin = Side(style="thin", color=theme.xlsx(theme.FORM_GRID))
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        fixed = PatternFill("solid", fgColor=theme.xlsx(theme.FIXED_FILL))
        white = PatternFill("solid", fgColor=theme.xlsx(theme.INPUT_FILL))

        ws = wb.active
        ws.title = text["sheet"]
        look = InstructionsLook(body_font=body, label_font=Font(name=TEXT_FONT, size=11, bold=True), wrap=wrap,
                                unlocked=unlocked, border=border, widths=(26, 64), input_height=22)
        person_row = write_instructions_sheet(
            ws, [(f"{text['title']}: {info.organisation}", Font(name=TEXT_FONT, size=14, bold=True))],
            instruction_lines(lang), [text["name"], text["role"]], look, info.organisation)

        lists_title = pgettext_for(lang)(*LISTS_SHEET_NAME)
        note = pgettext_for(lang)(*TECHNICAL_NOTE)
        write_hidden_sheet(wb, lists_title, [[answer_label(code, lang) for code in ANSWER_ORDER]], note)
        wb.defined_names["AnswerList"] = DefinedName(
            "AnswerList", attr_text=f"{quote_sheetname(lists_title)}!$A$1:$A${len(ANSWER_ORDER)}")

        qs = wb.create_sheet(text["questions_sheet"])
        for col, (key, width) in enumerate(COLUMNS, start=1):
            cap = qs.cell(row=1, column=col)
            set_text(cap, captions[key])
            cap.font = Font(name=TEXT_FONT, size=11, bold=True, color=theme.xlsx(theme.HEADER_TEXT))
            cap.fill = PatternFill("solid", fgColor=theme.xlsx(theme.HEADER_FILL))
            cap.alignment = wrap
            set_text(qs.cell(row=HEADER_ROW, column=col), key)
            qs.column_dimensions[get_column_letter(col)].width = width
        qs.row_dimensions[HEADER_ROW].hidden = True
        for r, q in enumerate(questions, start=FIRST_ROW):
            for col, value in enumerate((q.id, q.process, q.text, None, None), start=1):
                cell = qs.cell(row=r, column=col)
                set_text(cell, value)
                cell.alignment = wrap
                cell.border = border
                cell.font = body if col != 1 else Font(name=TEXT_FONT, size=8, color=theme.xlsx(theme.KEY_TEXT))
                if col >= 4:
                    cell.protection = unlocked
                    cell.fill = white
                else:
                    cell.fill = fixed
        last = FIRST_ROW + max(len(questions), 1) - 1
        dv = DataValidation(type="list", formula1="AnswerList", allow_blank=True, showErrorMessage=True,
                            showInputMessage=True, promptTitle=captions["answer"], prompt=text["prompt"],
                            errorTitle=captions["answer"], error=text["prompt"])
        dv.add(f"D{FIRST_ROW}:D{last}")
        qs.add_data_validation(dv)
        fit_row_heights(qs, 1, last, minimum=30)
        qs.freeze_panes = f"A{FIRST_ROW}"
        set_print_layout(qs, title_rows=f"1:{HEADER_ROW}", header=header_footer_text(f"{info.organisation} · {text['title']}"))
        qs.protection.sheet = True
        qs.protection.formatColumns = False
        qs.protection.formatRows = False

        rows = [
            ("format", FORMAT_NAME), ("format_version", str(FORMAT_VERSION)), ("assessment_id", info.id),
            ("catalogue", catalogue.id), ("language", lang), ("instructions_sheet", text["sheet"]),
            ("questions_sheet", text["questions_sheet"]), ("respondent_cell", f"B{person_row}"),
            ("role_cell", f"B{person_row + 1}"), ("items", ",".join(q.id for q in questions)),
            ("lists_sheet", lists_title),
        ]
        write_hidden_sheet(wb, META_SHEET, [[k for k, _ in rows], [v for _, v in rows]], note)
    return questions


# --------------------------------------------------------------------------- reading


@dataclass
class QuestionnaireAnswers:
    """One respondent's filled questionnaire: answer codes and comments by item id."""

    path: Path
    answers: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    respondent: str | None = None
    role: str | None = None
    notices: list[str] = field(default_factory=list)


def read_questionnaire(
    path: str | os.PathLike[str], catalogue: Catalogue, meta: dict[str, str], *, assessment: Assessment | None = None
) -> QuestionnaireAnswers:
    """Read a filled questionnaire workbook (``meta`` from its ``_meta`` sheet).

    Raises InputError listing every cell whose answer is not on the scale (the allowed answers
    in the workbook's language), and when the workbook belongs to another assessment or catalogue.
    """
    from itsm_assess._io.xlsx_read import clean_text, open_untrusted_workbook, typed_text
    from itsm_assess.fieldwork.reading import single_cell_reference

    name = display_path(path)
    if meta.get("format_version") != str(FORMAT_VERSION):
        raise InputError(message("{file}: {cell}: questionnaire format version {found} is not supported (expected "
                                 "{expected}); send a new questionnaire made with this release", file=name,
                                 cell="_meta!B2", found=Quoted(meta.get("format_version")), expected=FORMAT_VERSION))
    if assessment is not None and meta.get("assessment_id") != assessment.assessment.id:
        raise InputError(message(
            "{file}: belongs to assessment {found}, not to {expected}; import it into its own assessment.yaml",
            file=name, found=Quoted(meta.get("assessment_id")), expected=Quoted(assessment.assessment.id)))
    if meta.get("catalogue") != catalogue.id:
        raise InputError(message("{file}: made from catalogue {found}, but the catalogue loaded is {expected}",
                                 file=name, found=Quoted(meta.get("catalogue")), expected=Quoted(catalogue.id)))
    lang = meta.get("language", "en")
    wb = open_untrusted_workbook(path)
    sheet = meta.get("questions_sheet", "")
    if sheet not in wb.sheetnames:
        raise InputError(message("{file}: sheet {sheet} is missing (renamed or deleted?); sheets found: {found}",
                                 file=name, sheet=Quoted(sheet), found=", ".join(wb.sheetnames)))
    ws = wb[sheet]
    keys = {str(c.value).strip(): c.column - 1 for c in ws[HEADER_ROW] if isinstance(c.value, str)}
    missing = [k for k in ("id", "answer", "comment") if k not in keys]
    if missing:
        where = f"{sheet}!{HEADER_ROW}:{HEADER_ROW}"
        raise InputError(plural_message("{file}: {cell}: column key {keys} missing from the header row",
                                        "{file}: {cell}: column keys {keys} missing from the header row", len(missing),
                                        file=name, cell=where, keys=", ".join(missing)))
    result = QuestionnaireAnswers(Path(path))
    valid = set(meta.get("items", "").split(","))
    problems: list[str] = []
    allowed = ", ".join(answer_label(c, lang) for c in ANSWER_ORDER)
    for row in ws.iter_rows(min_row=FIRST_ROW):
        def value(key: str, row: tuple[Any, ...] = row) -> str | None:
            i = keys[key]
            return typed_text(row[i].value) if i < len(row) else None

        item = value("id")
        if item is None:
            continue
        item = item.strip()
        if item not in valid:
            where = f"{sheet}!{row[0].coordinate}"
            problems.append(message("{file}: {cell}: {item} is not a question of this questionnaire (expected one of "
                                    "the ids written, such as {examples})", file=name, cell=where, item=Quoted(item),
                                    examples=", ".join(sorted(valid)[:3])))
            continue
        answer = value("answer")
        if answer is not None:
            code = answer_code(answer)
            if code is None:
                where = f"{sheet}!{row[keys['answer']].coordinate}"
                problems.append(message("{file}: {cell}: answer {value} is not one of the list ({allowed}); pick from "
                                        "the list or leave it empty", file=name, cell=where, value=Quoted(answer),
                                        allowed=allowed))
            else:
                result.answers[item] = code
        comment = value("comment")
        if comment is not None:
            comment, bad = clean_text(comment.strip())
            if bad is not None:
                where = f"{sheet}!{row[keys['comment']].coordinate}"
                problems.append(message("{name}: {where}: {problem}", name=name, where=where, problem=bad))
            result.comments[item] = comment
    if problems:
        raise InputError(problems)
    first = wb[meta["instructions_sheet"]] if meta.get("instructions_sheet") in wb.sheetnames else None
    if first is not None:
        # the _meta sheet came back from outside like every other: its references are checked
        for key, attr in (("respondent_cell", "respondent"), ("role_cell", "role")):
            if meta.get(key):
                setattr(result, attr, typed_text(first[single_cell_reference(name, key, meta[key])].value))
    return result
