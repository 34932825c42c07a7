"""Fieldwork workbooks: an assessment out to xlsx for the people on site, and back in.

The workbook (format version :data:`WORKBOOK_FORMAT`):

* an instructions sheet (localised) with input cells for the respondent's name and role;
* one sheet per process in scope, named by the process id; row 1 holds localised captions,
  row 2 the stable column keys (``id``, ``clause``, ``attribute``, ``title``, ``requirement``,
  ``question``, ``look_for``, ``rating``, ``finding``, ``evidence``, ``notes``), one row per item
  from row 3: the process's requirements, then capability indicators as ``PROCESS:INDICATOR``;
* only the input cells (rating, finding, evidence, notes, respondent, role) are unlocked; the
  sheets are protected without a password, the structure of the workbook is locked;
* drop-down lists for rating and finding grade, read from the hidden sheet ``_lists`` through
  the defined names ``RatingList`` and ``FindingList``;
* a hidden sheet ``_meta``: format, assessment id, catalogue id, version, content hash and the
  ids written on each sheet, so that an import can tell what was changed.

Importing validates every value again (drop-downs are not enforced on paste), matches rows by
id (never by position), and refuses to overwrite answers already in ``assessment.yaml``
unless forced.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsm_assess.assessment import (
    FINDING_GRADE_NAMES,
    FINDING_GRADES,
    RATINGS,
    Assessment,
    AssessmentInfo,
    Response,
    Scope,
)
from itsm_assess.checklist_render import checklist_labels, look_for_text
from itsm_assess.errors import ConflictError, InputError
from itsm_assess.i18n import localize, message
from itsm_assess.loading import display_path
from itsm_assess.schema import ATTRIBUTE_LEVEL

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue

WORKBOOK_FORMAT = 1
FORMAT_NAME = "itsm-assess/fieldwork"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
HEADER_ROW = 2
FIRST_ITEM_ROW = 3
#: Input columns that hold the item's response.
RESPONSE_FIELDS: tuple[str, ...] = ("rating", "finding", "evidence", "notes")
#: Input columns that describe the item's finding; imported into ``findings:``.
FINDING_FIELDS: tuple[str, ...] = ("finding_statement", "recommendation", "owner", "due_date")
INPUT_FIELDS: tuple[str, ...] = RESPONSE_FIELDS + FINDING_FIELDS
#: Column keys and their widths (digits of Arial 10). Guidance columns are wide enough to read
#: on screen; a column grows further when its longest word would not fit (no mid-word breaks).
#: Printed two landscape pages wide: guidance on the first, the answers on the second.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("id", 12),
    ("clause", 8),
    ("attribute", 8),
    ("title", 18),
    ("requirement", 34),
    ("question", 34),
    ("look_for", 40),
    ("rating", 20),
    ("finding", 22),
    ("evidence", 26),
    ("notes", 26),
    ("finding_statement", 30),
    ("recommendation", 26),
    ("owner", 14),
    ("due_date", 12),
)
#: The tallest an item row gets (points, about 14 lines); longer text is shown in full in a comment.
MAX_ITEM_ROW_HEIGHT = 170.0
MAX_COLUMN_WIDTH = 60.0
#: Width of an A4 landscape page inside the margins of :func:`set_print_layout`, in points.
PRINTABLE_LANDSCAPE_POINTS = 842 - 0.8 * 72
INSTRUCTION_WIDTHS = (24.0, 66.0)  # columns A and B of the instructions sheet: one A4 portrait width
REQUIRED_KEYS: tuple[str, ...] = ("id", *RESPONSE_FIELDS)

CAPTIONS = {
    "en": {
        "id": "Item", "clause": "Clause", "attribute": "Attribute", "title": "Title",
        "requirement": "Requirement", "question": "Checklist question", "look_for": "What to look for",
        "rating": "Rating", "finding": "Finding grade", "evidence": "Evidence seen", "notes": "Notes",
        "finding_statement": "Finding statement", "recommendation": "Recommendation", "owner": "Owner",
        "due_date": "Due date",
    },
    "fi": {
        "id": "Tunnus", "clause": "Kohta", "attribute": "Attribuutti", "title": "Otsikko",
        "requirement": "Vaatimus", "question": "Tarkistuskysymys", "look_for": "Mitä etsiä",
        "rating": "Arvio", "finding": "Havainnon luokka", "evidence": "Nähty näyttö", "notes": "Muistiinpanot",
        "finding_statement": "Havainnon kuvaus", "recommendation": "Suositus", "owner": "Vastuuhenkilö",
        "due_date": "Määräpäivä",
    },
}

#: Names of the ratings shown in the drop-down after the code ("L – largely achieved").
RATING_NAMES: dict[str, dict[str, str]] = {
    "N": {"en": "not achieved", "fi": "ei saavutettu"},
    "P-": {"en": "partially, lower half", "fi": "osittain, alempi puolisko"},
    "P": {"en": "partially achieved", "fi": "osittain saavutettu"},
    "P+": {"en": "partially, upper half", "fi": "osittain, ylempi puolisko"},
    "L-": {"en": "largely, lower half", "fi": "pääosin, alempi puolisko"},
    "L": {"en": "largely achieved", "fi": "pääosin saavutettu"},
    "L+": {"en": "largely, upper half", "fi": "pääosin, ylempi puolisko"},
    "F": {"en": "fully achieved", "fi": "täysin saavutettu"},
    "NA": {"en": "not applicable", "fi": "ei sovellu"},
}

#: Input prompts shown by Excel and LibreOffice when a validated cell is selected.
PROMPTS = {
    "en": {
        "rating": "Pick a rating from the list: N, P, L, F (P-/P+/L-/L+ refine P and L) or NA.",
        "finding": "Pick a grade only if there is a finding; then describe it in the Finding statement column.",
        "due_date": "A date, e.g. 2026-12-31.",
        "finding_statement": "What was found, in one or two sentences; needs a finding grade.",
    },
    "fi": {
        "rating": "Valitse arvio luettelosta: N, P, L, F (P-/P+/L-/L+ tarkentavat P- ja L-arvioita) tai NA.",
        "finding": "Valitse luokka vain, jos on havainto, ja kuvaa havainto sarakkeessa Havainnon kuvaus.",
        "due_date": "Päivämäärä, esim. 31.12.2026.",
        "finding_statement": "Mitä havaittiin, yhdellä tai kahdella virkkeellä; tarvitsee havainnon luokan.",
    },
}

#: Errors a person can cause by typing, in the workbook's language.
CELL_ERRORS = {
    "en": {
        "rating": "rating {value} is not allowed (expected one of the list: {allowed}, or empty)",
        "finding": "finding {value} is not allowed (expected one of the list: {allowed}, or empty)",
        "due_date": "due date {value} is not a date (expected e.g. 2026-12-31 or 31.12.2026)",
        "needs_grade": "{field} is given but the finding grade ({cell}) is empty; pick a grade or clear the finding columns",
    },
    "fi": {
        "rating": "arvio {value} ei ole sallittu (sallitut: {allowed} tai tyhjä)",
        "finding": "havainnon luokka {value} ei ole sallittu (sallitut: {allowed} tai tyhjä)",
        "due_date": "määräpäivä {value} ei ole päivämäärä (esim. 31.12.2026 tai 2026-12-31)",
        "needs_grade": "{field} on annettu, mutta havainnon luokka ({cell}) on tyhjä; valitse luokka tai tyhjennä havainnon sarakkeet",
    },
}

#: Question on a capability-indicator row whose indicator carries none of its own.
INDICATOR_QUESTION = {
    "en": "{process}: how do you show that {title}? Which records show it?",
    "fi": "{process}: miten osoitatte, että {title}? Mistä tallenteista sen näkee?",
}

INSTRUCTIONS: dict[str, dict[str, Any]] = {
    "en": {
        "sheet": "Instructions",
        "title": "Fieldwork workbook",
        "respondent": "Respondent (name)",
        "role": "Role",
        "carried": "Answers in brown italics were carried over from the previous round ({previous}) as a starting point: confirm or change them.",
        "lines": [
            "One sheet per process; the sheet name is the process id. Do not rename sheets or change the ids in column A.",
            "Fill in only the white cells: rating, finding grade, evidence seen, notes and, for a finding, its statement, recommendation, owner and due date. Everything else is protected.",
            "Rating (pick from the list): N = not achieved (0–15 %), P = partially (>15–50 %), L = largely (>50–85 %), F = fully achieved (>85–100 %), NA = not applicable. P-, P+, L-, L+ refine P and L.",
            "Finding grade (pick from the list): major nonconformity, minor nonconformity, observation, opportunity for improvement, good practice. Write what was found in the Finding statement column; it becomes a finding of the report.",
            "Rows whose id has the form PROCESS:INDICATOR are capability indicators (process attribute PA 2.1 and up).",
            "Long texts are cut to a readable row height; point at a cell with a red corner to read its full text.",
            "Return the file as it is; it is merged back with: itsm-assess assess import fieldwork.xlsx",
        ],
    },
    "fi": {
        "sheet": "Ohjeet",
        "title": "Kenttätyökirja",
        "respondent": "Vastaaja (nimi)",
        "role": "Rooli",
        "carried": "Ruskealla kursiivilla olevat vastaukset on siirretty edellisestä kierroksesta ({previous}) lähtökohdaksi: vahvista tai muuta ne.",
        "lines": [
            "Jokaisella prosessilla on oma välilehti, jonka nimi on prosessin tunnus. Älä nimeä välilehtiä uudelleen äläkä muuta A-sarakkeen tunnuksia.",
            "Täytä vain valkoiset solut: arvio, havainnon luokka, nähty näyttö, muistiinpanot ja havainnosta sen kuvaus, suositus, vastuuhenkilö ja määräpäivä. Muut solut on suojattu.",
            "Arvio (valitse luettelosta): N = ei saavutettu (0–15 %), P = osittain (>15–50 %), L = pääosin (>50–85 %), F = täysin saavutettu (>85–100 %), NA = ei sovellu. P-, P+, L- ja L+ tarkentavat P- ja L-arvioita.",
            "Havainnon luokka (valitse luettelosta): merkittävä poikkeama, lievä poikkeama, havainto, parannusmahdollisuus, hyvä käytäntö. Kirjoita havainto sarakkeeseen Havainnon kuvaus; siitä tulee raportin havainto.",
            "Rivit, joiden tunnus on muotoa PROSESSI:INDIKAATTORI, ovat kyvykkyysindikaattoreita (prosessiattribuutti PA 2.1 ja ylemmät).",
            "Pitkät tekstit on katkaistu luettavan korkuisiksi riveiksi; koko tekstin näkee viemällä osoittimen solun punaisen kulman päälle.",
            "Palauta tiedosto sellaisenaan; se yhdistetään komennolla: itsm-assess assess import fieldwork.xlsx",
        ],
    },
}


def rating_label(code: str, lang: str) -> str:
    """``"L"`` -> ``"L – largely achieved"``: the drop-down entry of a rating."""
    return f"{code} – {localize(RATING_NAMES[code], lang)}"


def finding_label(code: str, lang: str) -> str:
    """``"minor-nc"`` -> ``"Lievä poikkeama"``: the drop-down entry of a finding grade."""
    return localize(FINDING_GRADE_NAMES[code], lang)


# --------------------------------------------------------------------------- items


@dataclass
class WorkbookItem:
    """One row of an item sheet."""

    id: str
    clause: str
    attribute: str
    title: str
    requirement: str
    question: str
    look_for: str


def indicator_levels(assessment: Assessment, process_id: str) -> range:
    """Capability levels whose indicators get rows: 2 up to the target level (all when none is set)."""
    target = assessment.assessment.target_profile.get(process_id)
    return range(2, 6) if target is None else range(2, max(target, 1) + 1)


def _lower_first(text: str) -> str:
    """``"Process objectives are set"`` -> ``"process objectives are set"``; acronyms stay (``"SLA ..."``)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def indicator_question(indicator: Any, process_title: str, lang: str) -> str:
    """The indicator's own question, or a generic one built from its title."""
    if indicator.question:
        return localize(indicator.question, lang)
    template = INDICATOR_QUESTION.get(lang, INDICATOR_QUESTION["en"])
    return template.format(process=process_title, title=_lower_first(localize(indicator.title, lang).rstrip(".")))


def workbook_items(
    catalogue: Catalogue, assessment: Assessment, process_id: str, *, with_indicators: bool = True, lang: str = "en"
) -> list[WorkbookItem]:
    """The rows of one process sheet: requirements in catalogue order, then indicators."""
    items = []
    checklist = catalogue.checklists.get(process_id)
    for req in catalogue.requirements_of(process_id):
        questions = checklist.items_for(req.id) if checklist else []
        items.append(
            WorkbookItem(
                id=req.id,
                clause=req.clause,
                attribute=req.attribute,
                title=localize(req.title, lang),
                requirement=localize(req.statement, lang),
                question="\n".join(localize(q.question, lang) for q in questions),
                look_for=look_for_text(
                    [localize(t, lang) for q in questions for t in q.look_for],
                    [localize(t, lang) for q in questions for t in q.advice],
                    checklist_labels(lang),
                ),
            )
        )
    if with_indicators:
        levels = indicator_levels(assessment, process_id)
        for ind in catalogue.indicators.values():
            if ATTRIBUTE_LEVEL[ind.attribute] in levels:
                items.append(
                    WorkbookItem(
                        id=f"{process_id}:{ind.id}",
                        clause="",
                        attribute=ind.attribute,
                        title=localize(ind.title, lang),
                        requirement=localize(ind.statement, lang),
                        question=indicator_question(ind, localize(catalogue.processes[process_id].title, lang), lang),
                        look_for="\n".join(f"• {localize(t, lang)}" for t in ind.evidence),
                    )
                )
    return items


# --------------------------------------------------------------------------- writing


def write_fieldwork(
    catalogue: Catalogue,
    assessment: Assessment,
    path: str | os.PathLike[str],
    *,
    with_indicators: bool = True,
    lang: str | None = None,
    force: bool = False,
) -> None:
    """Write the fieldwork workbook, pre-filled with the answers and findings already in ``assessment``.

    Refuses (InputError) to replace an existing file unless ``force``.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.pagebreak import Break

    from itsm_assess.files import atomic_path
    from itsm_assess.xlsx_cells import (
        POINTS_PER_WIDTH_UNIT,
        TEXT_FONT,
        estimate_row_height,
        fit_row_heights,
        header_footer_text,
        set_print_layout,
        set_text,
        use_text_font,
        width_for_longest_word,
    )

    target = Path(path)
    if target.exists() and not force:
        raise InputError(message("{path}: file exists; use --force to overwrite it", path=display_path(target)))
    problems = assessment.check_against(catalogue)
    if problems:
        raise InputError(problems)
    lang = lang or assessment.assessment.language
    if lang not in CAPTIONS:
        lang = "en"
    info = assessment.assessment
    answers = assessment.response_map()
    findings = {f.id: f for f in assessment.findings}
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    body_font = Font(name=TEXT_FONT, size=10)
    carried_font = Font(name=TEXT_FONT, size=10, italic=True, color="7F6000")
    thin = Side(style="thin", color="A0A0A0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    input_fill = PatternFill("solid", fgColor="FFFFFF")
    fixed_fill = PatternFill("solid", fgColor="F2F2F2")
    head_fill = PatternFill("solid", fgColor="1F4E79")
    date_format = "d.m.yyyy" if lang == "fi" else "yyyy-mm-dd"

    wb = Workbook()
    use_text_font(wb)
    # Instructions.
    text = INSTRUCTIONS[lang]
    ws = wb.active
    ws.title = text["sheet"]
    for row, value, font in (
        (1, f"{text['title']}: {info.organisation}", Font(name=TEXT_FONT, bold=True, size=14)),
        (2, f"{info.id} · {catalogue.id} {catalogue.version}", body_font),
    ):
        set_text(ws.cell(row=row, column=1), value)
        ws.cell(row=row, column=1).font = font
        ws.cell(row=row, column=1).alignment = wrap
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    lines = list(text["lines"])
    if info.previous and any(r.carried_from for r in assessment.responses):
        lines.insert(-1, text["carried"].format(previous=info.previous))
    for i, line in enumerate(lines, start=4):
        set_text(ws.cell(row=i, column=1), line)
        ws.cell(row=i, column=1).alignment = wrap
        ws.cell(row=i, column=1).font = body_font
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=2)
    respondent_row = 4 + len(lines) + 1
    for offset, key in enumerate(("respondent", "role")):
        label = ws.cell(row=respondent_row + offset, column=1)
        set_text(label, text[key])
        label.font = Font(name=TEXT_FONT, size=10, bold=True)
        entry = ws.cell(row=respondent_row + offset, column=2)
        entry.protection = unlocked
        entry.border = border
        entry.font = body_font
        ws.row_dimensions[respondent_row + offset].height = 20
    ws.column_dimensions["A"].width = INSTRUCTION_WIDTHS[0]
    ws.column_dimensions["B"].width = INSTRUCTION_WIDTHS[1]
    fit_row_heights(ws, 1, respondent_row - 1)
    set_print_layout(ws, landscape=False, header=header_footer_text(info.organisation))
    ws.protection.sheet = True
    respondent_cell = f"B{respondent_row}"
    role_cell = f"B{respondent_row + 1}"

    # Drop-down lists in the workbook's language, behind defined names (inline lists stop at
    # 255 characters); the codes stand beside them for anyone reading the sheet.
    lists = wb.create_sheet(LISTS_SHEET)
    for r, rating in enumerate(RATINGS, start=1):
        set_text(lists.cell(row=r, column=1), rating_label(rating, lang))
        set_text(lists.cell(row=r, column=3), rating)
    for r, grade in enumerate(FINDING_GRADES, start=1):
        set_text(lists.cell(row=r, column=2), finding_label(grade, lang))
        set_text(lists.cell(row=r, column=4), grade)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    wb.defined_names["RatingList"] = DefinedName("RatingList", attr_text=f"{LISTS_SHEET}!$A$1:$A${len(RATINGS)}")
    wb.defined_names["FindingList"] = DefinedName("FindingList", attr_text=f"{LISTS_SHEET}!$B$1:$B${len(FINDING_GRADES)}")
    rating_labels = [rating_label(r, lang) for r in RATINGS]
    grade_labels = [finding_label(g, lang) for g in FINDING_GRADES]

    captions = CAPTIONS[lang]
    prompts = PROMPTS[lang]
    col_of = {key: i for i, (key, _w) in enumerate(COLUMNS, start=1)}
    sheet_ids: dict[str, list[str]] = {}
    for pid in info.scope.processes:
        items = workbook_items(catalogue, assessment, pid, with_indicators=with_indicators, lang=lang)
        sheet_ids[pid] = [it.id for it in items]
        ws = wb.create_sheet(pid)
        rows: list[dict[str, Any]] = []
        for item in items:
            answer = answers.get(item.id)
            finding = findings.get(finding_id_for(item.id))
            values: dict[str, Any] = {
                "id": item.id, "clause": item.clause, "attribute": item.attribute, "title": item.title,
                "requirement": item.requirement, "question": item.question, "look_for": item.look_for,
                "evidence": answer.evidence if answer else None, "notes": answer.notes if answer else None,
                "rating": rating_label(answer.rating, lang) if answer and answer.rating else None,
                "finding": finding_label(answer.finding, lang) if answer and answer.finding else None,
                "finding_statement": finding.statement if finding else None,
                "recommendation": finding.recommendation if finding else None,
                "owner": finding.owner if finding else None,
                "due_date": finding.due_date if finding else None,
                "carried": bool(answer and answer.carried_from),
            }
            if finding and not values["finding"]:
                values["finding"] = finding_label(finding.grade, lang)
            rows.append(values)
        widths: dict[str, float] = {}
        for key, width in COLUMNS:
            texts = [captions[key]] + [v[key] for v in rows if isinstance(v.get(key), str)]
            if key == "rating":
                texts += rating_labels
            elif key == "finding":
                texts += grade_labels
            widths[key] = min(max(width, width_for_longest_word(texts)), MAX_COLUMN_WIDTH)
        for col, (key, _width) in enumerate(COLUMNS, start=1):
            cap = ws.cell(row=1, column=col)
            set_text(cap, captions[key])
            cap.font = Font(name=TEXT_FONT, size=10, bold=True, color="FFFFFF")
            cap.fill = head_fill
            cap.alignment = wrap
            keycell = ws.cell(row=HEADER_ROW, column=col)
            set_text(keycell, key)
            keycell.font = Font(name=TEXT_FONT, italic=True, size=7, color="606060")
            ws.column_dimensions[get_column_letter(col)].width = widths[key]
        for r, values in enumerate(rows, start=FIRST_ITEM_ROW):
            for key, col in col_of.items():
                cell = ws.cell(row=r, column=col)
                value = values[key]
                if isinstance(value, dt.date):
                    cell.value = value
                    cell.number_format = date_format
                else:
                    set_text(cell, value or None)
                cell.alignment = wrap
                cell.border = border
                cell.font = body_font
                if key in INPUT_FIELDS:
                    cell.protection = unlocked
                    cell.fill = input_fill
                    if key in RESPONSE_FIELDS and values.get("carried"):
                        cell.font = carried_font
                else:
                    cell.fill = fixed_fill
            # Rows are capped to a readable height; a text cut by the cap is shown whole in a comment.
            needed = estimate_row_height([(v, widths[k]) for k, v in values.items() if isinstance(v, str)])
            height = min(needed, MAX_ITEM_ROW_HEIGHT)
            ws.row_dimensions[r].height = height
            if needed > MAX_ITEM_ROW_HEIGHT:
                for key, value in values.items():
                    if key in INPUT_FIELDS or not isinstance(value, str):
                        continue
                    if estimate_row_height([(value, widths[key])]) > MAX_ITEM_ROW_HEIGHT:
                        cell = ws.cell(row=r, column=col_of[key])
                        cell.comment = Comment(value, "itsm-assess", width=420, height=min(60 + 14 * len(value) // 60, 600))
        last = FIRST_ITEM_ROW + max(len(items), 1) - 1

        def validation(key: str, ws: Any = ws, last: int = last, **kwargs: Any) -> None:
            letter = get_column_letter(col_of[key])
            dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=captions[key],
                                prompt=prompts[key], **kwargs)
            dv.add(f"{letter}{FIRST_ITEM_ROW}:{letter}{last}")
            ws.add_data_validation(dv)

        validation("rating", type="list", formula1="RatingList", showErrorMessage=True,
                   errorTitle=captions["rating"], error=", ".join(RATINGS))
        validation("finding", type="list", formula1="FindingList", showErrorMessage=True,
                   errorTitle=captions["finding"], error=", ".join(grade_labels)[:255])
        validation("due_date", type="date", operator="greaterThan", formula1="DATE(2000,1,1)",
                   showErrorMessage=True, errorTitle=captions["due_date"], error=prompts["due_date"])
        validation("finding_statement")
        ws.freeze_panes = f"B{FIRST_ITEM_ROW}"
        fit_row_heights(ws, 1, 1)
        ws.row_dimensions[HEADER_ROW].hidden = True  # the stable keys are for machines
        set_print_layout(
            ws,
            title_rows=f"1:{HEADER_ROW}",
            header=header_footer_text(f"{info.organisation} · {pid} {localize(catalogue.processes[pid].title, lang)}"),
            pages_wide=2,
        )
        # Guidance on the first page across, the answers on the second; the id column on both.
        # A fixed scale instead of fit-to-width, because LibreOffice ignores a manual column
        # break when it fits the sheet to a number of pages.
        ws.print_title_cols = "A:A"
        ws.col_breaks.append(Break(id=col_of["look_for"]))
        guidance = sum(widths[k] for k, _w in COLUMNS[: col_of["look_for"]])
        answers_width = widths["id"] + sum(widths[k] for k, _w in COLUMNS[col_of["look_for"]:])
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = max(40, min(100, int(PRINTABLE_LANDSCAPE_POINTS * 100
                                                   / (max(guidance, answers_width) * POINTS_PER_WIDTH_UNIT * 1.2))))
        # Protected without a password: prevents accidents, not a security boundary.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False

    meta = wb.create_sheet(META_SHEET)
    meta_rows: list[tuple[str, str]] = [
        ("format", FORMAT_NAME),
        ("format_version", str(WORKBOOK_FORMAT)),
        ("assessment_id", info.id),
        ("organisation", info.organisation),
        ("catalogue", catalogue.id),
        ("catalogue_version", catalogue.version),
        ("catalogue_hash", catalogue.content_hash),
        ("language", lang),
        ("instructions_sheet", text["sheet"]),
        ("respondent_cell", respondent_cell),
        ("role_cell", role_cell),
        *((f"sheet:{pid}", ",".join(ids)) for pid, ids in sheet_ids.items()),
    ]
    for r, (key, value) in enumerate(meta_rows, start=1):
        set_text(meta.cell(row=r, column=1), key)
        set_text(meta.cell(row=r, column=2), value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    with atomic_path(target) as tmp:
        wb.save(tmp)


# --------------------------------------------------------------------------- reading


@dataclass
class ItemAnswer:
    """What a workbook holds for one item, with the cell each value came from."""

    id: str
    rating: str | None = None
    finding: str | None = None
    evidence: str | None = None
    notes: str | None = None
    finding_statement: str | None = None
    recommendation: str | None = None
    owner: str | None = None
    due_date: dt.date | None = None
    cells: dict[str, str] = field(default_factory=dict)

    def value(self, key: str) -> Any:
        return getattr(self, key)

    @property
    def has_finding_text(self) -> bool:
        return any(getattr(self, k) is not None for k in FINDING_FIELDS)


@dataclass
class FieldworkData:
    """A read and validated fieldwork workbook."""

    path: Path
    meta: dict[str, str]
    answers: dict[str, ItemAnswer]
    #: Safe deviations found (rows moved, missing or added); each one line for the user.
    notices: list[str]
    respondent: str | None = None
    role: str | None = None

    @property
    def assessment_id(self) -> str:
        return self.meta.get("assessment_id", "")


def _shown(value: str) -> str:
    return value if value and not any(c.isspace() for c in value) and "'" not in value else repr(value)


def finding_id_for(item_id: str) -> str:
    """The id of the finding written on an item's row: ``CHG-05`` -> ``CHG-05-finding``."""
    return f"{item_id}-finding"


def _label_index() -> tuple[dict[str, str], dict[str, str]]:
    ratings: dict[str, str] = {}
    for code, names in RATING_NAMES.items():
        ratings[code.casefold()] = code
        for lang in names:
            ratings[rating_label(code, lang).casefold()] = code
            ratings[names[lang].casefold()] = code
    grades: dict[str, str] = {}
    for code, names in FINDING_GRADE_NAMES.items():
        grades[code] = code
        for name in names.values():
            grades[name.casefold()] = code
    return ratings, grades


_RATING_LABELS, _GRADE_LABELS = _label_index()


def normalize_rating(value: str) -> str | None:
    """A rating as stored, from its code in any case (``"l+"`` -> ``"L+"``) or its drop-down label
    in any language (``"L – pääosin saavutettu"`` -> ``"L"``); None if it is neither."""
    text = " ".join(value.split()).casefold()
    code = _RATING_LABELS.get(text)
    if code is None:
        head = re.split(r"\s+[–-]\s+", text, maxsplit=1)[0]  # "L - something" typed by hand
        code = _RATING_LABELS.get(head) if head != text and head.upper() in RATINGS else None
    return code


def normalize_finding(value: str) -> str | None:
    """A finding grade code from its code or its label in any language (``"Lievä poikkeama"``)."""
    return _GRADE_LABELS.get(" ".join(value.split()).casefold())


def parse_due_date(value: Any) -> dt.date | None:
    """A due date from a date cell, ``2026-12-31`` or ``31.12.2026``; None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", text)
    finnish = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if finnish:
            return dt.date(int(finnish.group(3)), int(finnish.group(2)), int(finnish.group(1)))
    except ValueError:
        return None
    return None


def _text_or_none(value: Any) -> str | None:
    from itsm_assess.xlsx_read import cell_text, ooxml_unescape

    text = cell_text(value)
    if text is None or not text.strip():
        return None
    return ooxml_unescape(text)


def read_fieldwork(
    path: str | os.PathLike[str],
    catalogue: Catalogue,
    *,
    assessment: Assessment | None = None,
    allow_catalogue_change: bool = False,
) -> FieldworkData:
    """Read and validate a fieldwork workbook against ``catalogue`` (and ``assessment`` if given).

    Raises InputError listing every problem (``file: Sheet!Cell: ...``). Safe deviations (rows
    moved, removed or added with a valid id) are returned as ``notices``.
    """
    from itsm_assess.xlsx_read import open_untrusted_workbook, present_rows

    name = display_path(path)
    wb = open_untrusted_workbook(path)
    if META_SHEET not in wb.sheetnames:
        raise InputError(
            f"{name}: not a fieldwork workbook of itsm-assess (the hidden sheet {META_SHEET!r} is missing); "
            "create one with: itsm-assess assess new or assess export"
        )
    meta: dict[str, str] = {}
    for key_cell, value_cell in present_rows(wb[META_SHEET], 1, 2):
        if key_cell.value is not None:
            meta[str(key_cell.value)] = _text_or_none(value_cell.value) or ""
    if meta.get("format") != FORMAT_NAME:
        raise InputError(f"{name}: {META_SHEET}!B1: format {meta.get('format')!r} is not {FORMAT_NAME!r}")
    if meta.get("format_version") != str(WORKBOOK_FORMAT):
        raise InputError(
            f"{name}: {META_SHEET}!B2: workbook format version {meta.get('format_version')!r} is not supported "
            f"(expected {WORKBOOK_FORMAT}); export a new workbook with this release"
        )
    problems: list[str] = []
    if assessment is not None and meta.get("assessment_id") != assessment.assessment.id:
        problems.append(
            f"{name}: belongs to assessment {meta.get('assessment_id')!r}, not to {assessment.assessment.id!r}; "
            "import it into its own assessment.yaml"
        )
    if meta.get("catalogue") != catalogue.id:
        problems.append(f"{name}: made from catalogue {meta.get('catalogue')!r}, but the catalogue loaded is {catalogue.id!r}")
    elif (meta.get("catalogue_version"), meta.get("catalogue_hash")) != (catalogue.version, catalogue.content_hash):
        message = (
            f"{name}: made from catalogue {catalogue.id} version {meta.get('catalogue_version')} "
            f"(content hash {meta.get('catalogue_hash', '')[:12]}), but the catalogue loaded is version "
            f"{catalogue.version} (content hash {catalogue.content_hash[:12]})"
        )
        if allow_catalogue_change:
            pass  # rows are still matched and checked by id below
        else:
            problems.append(message + "; use --force to merge by id anyway, or export a fresh workbook")
    if problems:
        raise InputError(problems)

    expected_sheets = {k.split(":", 1)[1]: [i for i in v.split(",") if i] for k, v in meta.items() if k.startswith("sheet:")}
    skip = {META_SHEET, LISTS_SHEET, meta.get("instructions_sheet", "")}
    notices: list[str] = []
    answers: dict[str, ItemAnswer] = {}
    where_id: dict[str, str] = {}
    for title in wb.sheetnames:
        if title in skip:
            continue
        if title not in expected_sheets:
            problems.append(
                f"{name}: sheet {title!r} is not a process sheet of this workbook (expected "
                f"{', '.join(expected_sheets)}); sheet names are process ids: was a sheet renamed or added?"
            )
    for pid, expected in expected_sheets.items():
        if pid not in wb.sheetnames:
            problems.append(f"{name}: sheet {pid!r} is missing (renamed or deleted?); sheets found: {', '.join(wb.sheetnames)}")
            continue
        _read_item_sheet(name, wb[pid], pid, expected, catalogue, answers, where_id, problems, notices,
                         lang=meta.get("language", "en"))
    respondent = role = None
    instructions = meta.get("instructions_sheet")
    if instructions in wb.sheetnames:
        ws = wb[instructions]
        # The _meta sheet came back from outside like every other: its references are checked.
        if meta.get("respondent_cell"):
            respondent = _text_or_none(ws[_single_cell(name, "respondent_cell", meta["respondent_cell"])].value)
        if meta.get("role_cell"):
            role = _text_or_none(ws[_single_cell(name, "role_cell", meta["role_cell"])].value)
    if problems:
        raise InputError(problems)
    return FieldworkData(Path(path), meta, answers, notices, respondent=respondent, role=role)


_CELL_REFERENCE = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")


def _single_cell(name: str, key: str, ref: str) -> str:
    """``ref`` if it names one cell inside the sheet's bounds, else InputError naming the _meta key."""
    from openpyxl.utils import column_index_from_string

    m = _CELL_REFERENCE.match(ref.strip())
    if m is None or column_index_from_string(m.group(1)) > 16_384 or int(m.group(2)) > 1_048_576:
        raise InputError(f"{name}: {META_SHEET}: {key} {_shown(ref)} is not a single cell reference such as B4; "
                         "export a new workbook")
    return f"{m.group(1)}{m.group(2)}"


def _valid_ids(catalogue: Catalogue, pid: str) -> set[str]:
    ids = {r.id for r in catalogue.requirements_of(pid)}
    ids.update(f"{pid}:{ind}" for ind in catalogue.indicators)
    return ids


def _read_item_sheet(
    name: str,
    ws: Any,
    pid: str,
    expected: list[str],
    catalogue: Catalogue,
    answers: dict[str, ItemAnswer],
    where_id: dict[str, str],
    problems: list[str],
    notices: list[str],
    *,
    lang: str = "en",
) -> None:
    from openpyxl.utils import get_column_letter

    from itsm_assess.xlsx_read import clean_text, present_rows

    errors = CELL_ERRORS.get(lang, CELL_ERRORS["en"])
    captions = CAPTIONS.get(lang, CAPTIONS["en"])

    columns: dict[str, int] = {}
    header_row = 0
    # The key row is the first of the top rows holding every required key; a caption row
    # above it may hold look-alike words ("Id", "Rating").
    top = ws.iter_rows(min_row=1, max_row=6, max_col=min(ws.max_column, 256), values_only=True)
    for r, row in enumerate(top, start=1):
        keys = [str(v).strip().lower() if isinstance(v, str) else None for v in row]
        found = {k: i for i, k in reversed(list(enumerate(keys))) if k}
        if all(k in found for k in REQUIRED_KEYS):
            header_row, columns = r, found
            break
        if not header_row and "id" in found and "rating" in found:
            header_row, columns = r, found
    if not header_row:
        problems.append(f"{name}: {ws.title}!A{HEADER_ROW}: no header row with the column keys {', '.join(REQUIRED_KEYS)}")
        return
    missing = [k for k in REQUIRED_KEYS if k not in columns]
    if missing:
        problems.append(f"{name}: {ws.title}!{header_row}: column key(s) {', '.join(missing)} missing from the header row")
        return
    valid = _valid_ids(catalogue, pid)
    seen: list[str] = []
    for row in present_rows(ws, header_row + 1, max(columns.values()) + 1):
        def cell(key: str, row: tuple[Any, ...] = row) -> Any:
            i = columns[key]
            return row[i] if i < len(row) else None

        id_cell = cell("id")
        item_id = _text_or_none(id_cell.value) if id_cell is not None else None
        inputs = {k: cell(k) for k in INPUT_FIELDS if k in columns}
        typed = {k: c for k, c in inputs.items() if c is not None and _text_or_none(c.value) is not None}
        if item_id is None:
            if typed:
                k, c = next(iter(typed.items()))
                problems.append(f"{name}: {ws.title}!{c.coordinate}: {k} given in a row without an id (column {get_column_letter(columns['id'] + 1)})")
            continue
        item_id = item_id.strip()
        coord = f"{ws.title}!{id_cell.coordinate}"
        if item_id in where_id:
            problems.append(f"{name}: {coord}: id {item_id} appears again (first at {where_id[item_id]}); each item may have one row")
            continue
        if item_id not in valid:
            problems.append(
                f"{name}: {coord}: id {_shown(item_id)} is not an item of process {pid} in catalogue {catalogue.id} "
                f"(expected a requirement id such as {', '.join(sorted(i for i in valid if ':' not in i)[:4])} "
                f"or {pid}:INDICATOR)"
            )
            continue
        where_id[item_id] = coord
        seen.append(item_id)
        answer = ItemAnswer(item_id)
        for key, c in inputs.items():
            if c is None:
                continue
            answer.cells[key] = f"{ws.title}!{c.coordinate}"
            text = _text_or_none(c.value)
            if text is None:
                continue
            where = f"{name}: {ws.title}!{c.coordinate}: "
            if key == "rating":
                norm = normalize_rating(text)
                if norm is None:
                    allowed = ", ".join(RATINGS)
                    problems.append(where + errors["rating"].format(value=_shown(text), allowed=allowed))
                answer.rating = norm
            elif key == "finding":
                grade = normalize_finding(text)
                if grade is None:
                    allowed = ", ".join(finding_label(g, lang) for g in FINDING_GRADES)
                    problems.append(where + errors["finding"].format(value=_shown(text), allowed=allowed))
                answer.finding = grade
            elif key == "due_date":
                due = parse_due_date(c.value)
                if due is None:
                    problems.append(where + errors["due_date"].format(value=_shown(text)))
                answer.due_date = due
            else:
                text, bad = clean_text(text)
                if bad is not None:
                    problems.append(f"{name}: {ws.title}!{c.coordinate}: {key}: {bad}")
                setattr(answer, key, text)  # kept as typed (formula-looking text included), breaks made newlines
        if answer.has_finding_text and answer.finding is None and "finding" in inputs and not any(
            p.startswith(f"{name}: {answer.cells.get('finding')}: ") for p in problems
        ):
            first = next(k for k in FINDING_FIELDS if getattr(answer, k) is not None or k in typed)
            problems.append(
                f"{name}: {answer.cells.get(first, ws.title)}: "
                + errors["needs_grade"].format(field=captions[first], cell=answer.cells.get("finding", "").split("!")[-1])
            )
        answers[item_id] = answer
    missing_rows = [i for i in expected if i not in seen]
    added_rows = [i for i in seen if i not in expected]
    if missing_rows:
        notices.append(f"{ws.title}: no row for {', '.join(missing_rows)}; their answers in assessment.yaml are left as they are")
    if added_rows:
        notices.append(f"{ws.title}: rows added for {', '.join(added_rows)}; merged by id")
    in_both = [i for i in seen if i in expected]
    if in_both != [i for i in expected if i in seen]:
        notices.append(f"{ws.title}: rows are in a different order than written; matched by id")


# --------------------------------------------------------------------------- merging


@dataclass
class MergeReport:
    """What merging answers into an assessment did (or would do)."""

    assessment: Assessment
    #: ``"CHG!H3: CHG-01 rating: (empty) -> F"`` lines for values filled in.
    changes: list[str] = field(default_factory=list)
    #: Values that differ from a non-empty value already in assessment.yaml.
    conflicts: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    unchanged: int = 0

    def merge(self, existing: dict[str, Response], item_id: str, key: str, new: Any, *, where: str,
              force: bool) -> None:
        """Set ``key`` of the response ``item_id`` to ``new`` unless that would overwrite a
        different non-empty value without ``force``; every outcome is recorded."""
        response = existing.get(item_id)
        old = getattr(response, key) if response is not None else None
        if new == old:
            if new is not None:
                self.unchanged += 1
            return
        line = f"{where}{item_id} {key}: {_fmt(old)} -> {_fmt(new)}"
        carried = response is not None and response.carried_from is not None
        if old not in (None, [], {}) and not carried:
            self.conflicts.append(line)
            if not force:
                return
        else:
            # an answer carried over from the previous round is a starting point: this round's
            # answer replaces it, and the item is this round's from then on
            self.changes.append(line + (f" (was carried over from {response.carried_from})" if carried and response else ""))
        if response is None:
            response = Response(id=item_id)
            self.assessment.responses.append(response)
            existing[item_id] = response
        setattr(response, key, new)
        response.carried_from = None


    def record(self, target: Any, attr: str, new: Any, *, where: str, force: bool) -> None:
        """Set ``attr`` of ``target`` (e.g. a finding) to ``new`` under the same rules as :meth:`merge`."""
        old = getattr(target, attr)
        if new == old:
            if new is not None:
                self.unchanged += 1
            return
        line = f"{where}{attr}: {_fmt(old)} -> {_fmt(new)}"
        if old is not None:
            self.conflicts.append(line)
            if not force:
                return
        else:
            self.changes.append(line)
        setattr(target, attr, new)


def _fmt(v: object) -> str:
    if v is None:
        return "(empty)"
    s = str(v)
    return repr(s if len(s) <= 40 else s[:37] + "...")


#: Finding fields as written in a workbook row -> the field of :class:`Finding`.
_FINDING_ATTRS = {"finding_statement": "statement", "recommendation": "recommendation", "owner": "owner",
                  "due_date": "due_date"}


def merge_answers(assessment: Assessment, answers: Iterable[ItemAnswer], *, force: bool = False) -> MergeReport:
    """Merge answers into a copy of ``assessment``, matching by id.

    A value that differs from a non-empty one already there (including clearing it) is a
    conflict: kept as it was unless ``force``. A row with a finding grade and statement
    becomes (or updates) the finding ``<item>-finding`` of ``findings:``. Returns the report
    with the merged copy.
    """
    from itsm_assess.assessment import Finding

    merged = assessment.model_copy(deep=True)
    existing = merged.response_map()
    report = MergeReport(merged)
    findings = {f.id: f for f in merged.findings}
    for answer in answers:
        for key in RESPONSE_FIELDS:
            where = answer.cells.get(key, answer.id)
            report.merge(existing, answer.id, key, answer.value(key), where=f"{where}: ", force=force)
        fid = finding_id_for(answer.id)
        finding = findings.get(fid)
        if finding is None:
            if answer.finding is None or answer.finding_statement is None:
                continue  # a grade alone stays on the response, as before
            finding = Finding(id=fid, grade=answer.finding,  # type: ignore[arg-type]
                              requirements=[answer.id] if ":" not in answer.id else [],
                              statement=answer.finding_statement)
            merged.findings.append(finding)
            findings[fid] = finding
            report.changes.append(f"{answer.cells.get('finding_statement', answer.id)}: finding {fid} added")
        elif answer.finding is not None and answer.finding != finding.grade:
            report.record(finding, "grade", answer.finding, where=f"{answer.cells.get('finding', answer.id)}: {fid} ",
                          force=force)
        for key, attr in _FINDING_ATTRS.items():
            if key not in answer.cells:
                continue  # an older workbook without the finding columns leaves findings alone
            new = answer.value(key)
            if attr == "statement" and new is None:
                continue  # a finding keeps its statement; close or delete it in assessment.yaml
            report.record(finding, attr, new, where=f"{answer.cells[key]}: {fid} ", force=force)
    # An item cleared of everything keeps no empty response behind.
    merged.responses = [r for r in merged.responses if any(v not in (None, [], {}) for k, v in r if k != "id")]
    return report


def add_respondent(report: MergeReport, name: str | None, role: str | None, source: str) -> None:
    """Keep who filled the workbook in ``assessment.respondents`` (once per name, role and file)."""
    from itsm_assess.assessment import Respondent

    if name is None and role is None:
        return
    person = Respondent(name=name.strip() if name else None, role=role.strip() if role else None, source=source)
    known = report.assessment.assessment.respondents
    if person not in known:
        known.append(person)
        report.changes.append(f"respondent: {person.role or '(no role)'} from {source}")


def import_fieldwork(
    workbook: str | os.PathLike[str],
    assessment_path: str | os.PathLike[str],
    *,
    catalogue: Catalogue | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> MergeReport:
    """Read ``workbook`` and merge it into ``assessment_path``.

    Writes nothing when ``dry_run``; raises ConflictError (writing nothing) when answers
    differ from those already in assessment.yaml and ``force`` is not given.
    """
    from itsm_assess.assessment import load_assessment, save_assessment
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.files import exclusive_lock

    assessment = load_assessment(assessment_path)
    cat = catalogue or load_catalogue(assessment.assessment.catalogue)
    problems = assessment.check_against(cat)
    if problems:
        raise InputError(problems)
    data = read_fieldwork(workbook, cat, assessment=assessment, allow_catalogue_change=force)
    with contextlib.nullcontext() if dry_run else exclusive_lock(assessment_path):
        if not dry_run:  # merge into what is there now: another run may have written meanwhile
            assessment = load_assessment(assessment_path)
        report = merge_answers(assessment, data.answers.values(), force=force)
        report.notices = data.notices
        add_respondent(report, data.respondent, data.role, Path(workbook).name)
        if report.conflicts and not force and not dry_run:
            raise ConflictError(
                f"{display_path(workbook)}: {len(report.conflicts)} answer(s) differ from those in "
                f"{display_path(assessment_path)}; nothing was written (use --force to take the workbook's values)",
                report.conflicts,
            )
        if not dry_run and (report.changes or (force and report.conflicts)):
            save_assessment(report.assessment, assessment_path)
    return report


# --------------------------------------------------------------------------- new assessment


def slugify(text: str) -> str:
    """``"Revontuli Palvelut Oy"`` -> ``"revontuli-palvelut-oy"`` (a valid id)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug or not slug[0].isalpha():
        slug = "a-" + slug if slug else "assessment"
    return slug


def new_assessment(
    catalogue: Catalogue,
    organisation: str,
    processes: Iterable[str],
    *,
    assessment_id: str | None = None,
    method: str = "audit",
    assessors: Iterable[str] = (),
    targets: dict[str, int] | None = None,
    lang: str = "en",
    today: dt.date | None = None,
) -> Assessment:
    """A new, empty assessment of ``processes``; raises NotFoundError/InputError on bad input."""
    from pydantic import ValidationError

    today = today or dt.date.today()
    wanted = [p.strip() for p in processes if p.strip()]
    if not wanted:
        raise InputError("no processes given; expected e.g. --processes CHG,INC")
    for pid in wanted:
        catalogue.process(pid)
    targets = targets or {}
    for pid, level in targets.items():
        if pid not in wanted:
            raise InputError(f"target for {pid}: the process is not in scope ({', '.join(wanted)})")
        if not 0 <= level <= 5:
            raise InputError(f"target for {pid}: level {level} is not a capability level (expected 0 to 5)")
    if not organisation.strip():
        raise InputError("the organisation name is empty")
    try:
        return Assessment(
            assessment=AssessmentInfo(
                id=assessment_id or f"{slugify(organisation)}-{today.isoformat()}",
                organisation=organisation,
                catalogue=catalogue.id,
                catalogue_version=catalogue.version,
                catalogue_hash=catalogue.content_hash,
                scope=Scope(processes=list(dict.fromkeys(wanted))),
                method=method,  # type: ignore[arg-type]
                assessors=list(assessors),
                start_date=today,
                language=lang,
                target_profile=dict(targets),
            )
        )
    except ValidationError as exc:
        raise InputError([f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)]) from None


def create_assessment(
    out_dir: str | os.PathLike[str],
    catalogue: Catalogue,
    assessment: Assessment,
    *,
    with_indicators: bool = True,
    force: bool = False,
    edition: str = "fieldwork",
    full: bool = False,
) -> tuple[Path, Path]:
    """Write ``out_dir/assessment.yaml`` and the workbook for it; returns both paths.

    ``edition`` ``"fieldwork"`` writes ``fieldwork.xlsx`` for assessors; ``"questionnaire"`` writes
    ``questionnaire.xlsx`` for staff (the short set of questions unless ``full``).
    Refuses (InputError, nothing written) when either exists and ``force`` is not given.
    """
    from itsm_assess.assessment import assessment_to_yaml
    from itsm_assess.files import atomic_paths, exclusive_lock

    if edition not in ("fieldwork", "questionnaire"):
        raise InputError(f"edition {edition!r} is not known (expected fieldwork or questionnaire)")
    folder = Path(out_dir)
    yaml_path = folder / "assessment.yaml"
    xlsx_path = folder / f"{edition}.xlsx"
    folder.mkdir(parents=True, exist_ok=True)
    # Under the assessment's lock, and as a set: both files in full, or neither.
    with exclusive_lock(yaml_path):
        existing = [display_path(p) for p in (yaml_path, xlsx_path) if p.exists()]
        if existing and not force:
            raise InputError(f"{', '.join(existing)}: already exist(s); use --force to overwrite")
        with atomic_paths([xlsx_path, yaml_path]) as (xlsx_tmp, yaml_tmp):
            if edition == "questionnaire":
                from itsm_assess.fieldwork.questionnaire import write_questionnaire

                write_questionnaire(catalogue, assessment, xlsx_tmp, full=full, force=True)
            else:
                write_fieldwork(catalogue, assessment, xlsx_tmp, with_indicators=with_indicators, force=True)
            yaml_tmp.write_text(assessment_to_yaml(assessment), encoding="utf-8")
    return yaml_path, xlsx_path
