"""How the tailoring workbook (``catalogue export --format xlsx``) shows itself in a language, and
how ``catalogue import`` reads it back in any language.

The sheets' rows are machine data (:func:`~itsm_assess.catalogue.export.catalogue_sheet_rows`:
stable column keys, codes). The workbook shows them in the language of the export: sheet names,
a caption above each column, value labels for the coded columns (basis, process kind, good-practice
source, audit methods) and an instructions sheet. The keys stay in a hidden, protected row 1, so
an import finds every column whatever the language; a label is read back into its code in any
language, and a workbook written before the sheets were localised (English names, keys in
row 1, codes) still imports.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from itsm_assess.i18n import LANGUAGES, Label, _p, label_table, pgettext_for

SHEET_CATALOGUE, SHEET_REQUIREMENTS, SHEET_PROCESSES, SHEET_CHECKLIST, SHEET_ROLES = (
    "Catalogue", "Requirements", "Processes", "Checklist", "Roles")

#: Each sheet's name in the workbook's language, by its English name (the name it had before).
SHEET_NAMES: dict[str, Label] = {
    SHEET_REQUIREMENTS: _p("catalogue_xlsx.sheet.requirements", "Requirements"),
    SHEET_PROCESSES: _p("catalogue_xlsx.sheet.processes", "Processes"),
    SHEET_CHECKLIST: _p("catalogue_xlsx.sheet.checklist", "Checklist"),
    SHEET_ROLES: _p("catalogue_xlsx.sheet.roles", "Roles"),
    SHEET_CATALOGUE: _p("catalogue_xlsx.sheet.catalogue", "Catalogue"),
}
INSTRUCTIONS_SHEET = _p("catalogue_xlsx.sheet.instructions", "Instructions")

#: The caption of each column key; a localised column (``title_fi``) adds its language's name.
CAPTIONS: dict[str, Label] = label_table(
    _p("catalogue_col.id", "Id"),
    _p("catalogue_col.clause", "Clause"),
    _p("catalogue_col.process", "Process"),
    _p("catalogue_col.attribute", "Process attribute"),
    _p("catalogue_col.weight", "Weight (1–5)"),
    _p("catalogue_col.basis", "Basis"),
    _p("catalogue_col.serves", "Serves (requirement ids)"),
    _p("catalogue_col.source", "Source of the good practice"),
    _p("catalogue_col.basis_note", "Note on the basis"),
    _p("catalogue_col.title", "Title"),
    _p("catalogue_col.statement", "Statement"),
    _p("catalogue_col.guidance", "Guidance for the assessor"),
    _p("catalogue_col.evidence", "Evidence, one a line"),
    _p("catalogue_col.interviewees", "Interviewees (role ids)"),
    _p("catalogue_col.iso20000_2011", "ISO/IEC 20000-1:2011"),
    _p("catalogue_col.itil4", "ITIL 4"),
    _p("catalogue_col.fitsm", "FitSM"),
    _p("catalogue_col.related", "Related requirements"),
    _p("catalogue_col.clauses", "Clauses"),
    _p("catalogue_col.kind", "Kind"),
    _p("catalogue_col.purpose", "Purpose"),
    _p("catalogue_col.outcomes", "Outcomes, one a line"),
    _p("catalogue_col.requirements", "Requirements (ids)"),
    _p("catalogue_col.stages", "Audit stages"),
    _p("catalogue_col.methods", "Methods"),
    _p("catalogue_col.question", "Question"),
    _p("catalogue_col.look_for", "What to look for, one a line"),
    _p("catalogue_col.advice", "Good practice advice, one a line"),
    _p("catalogue_col.sampling", "Sampling"),
    _p("catalogue_col.weaknesses", "Typical weaknesses, one a line"),
    _p("catalogue_col.model_answer", "Model answer"),
    _p("catalogue_col.name", "Name"),
    _p("catalogue_col.label", "Field"),
    _p("catalogue_col.value", "Value"),
    _p("catalogue_col.field", "Key"),
)
#: The label of each row of the Catalogue sheet, by its field key.
FIELD_LABELS: dict[str, Label] = label_table(
    _p("catalogue_field.base_catalogue", "Base catalogue"),
    _p("catalogue_field.base_version", "Version of the base catalogue"),
    _p("catalogue_field.base_hash", "Content hash of the base catalogue"),
    _p("catalogue_field.id", "Id of the tailored catalogue"),
    _p("catalogue_field.title", "Title of the tailored catalogue"),
)
#: A localised column's caption: "Title (Finnish)".
IN_LANGUAGE = _p("catalogue_xlsx.in_language", "{caption} ({language})")
KIND_NAMES: dict[str, Label] = label_table(
    _p("catalogue_kind.process", "Process"),
    _p("catalogue_kind.management-system", "Service management system"),
)
#: The instructions sheet's lines, after its title.
INSTRUCTION_TITLE = _p("catalogue_xlsx.instructions.title", "Tailoring the catalogue: {catalogue}, version {version}")
INSTRUCTION_LINES: tuple[Label, ...] = (
    _p("catalogue_xlsx.instructions.edit",
       "Edit the requirements, processes, checklist questions and roles on their own sheets, or add rows of your "
       "own at the end of a sheet. Rows of the base catalogue stay: change a row, do not delete it."),
    _p("catalogue_xlsx.instructions.languages",
       "Every text has a column in each language; fill in both. In a column whose caption says \"one a line\", "
       "each item is a line of its own within the cell (Alt+Enter), and both languages have as many lines."),
    _p("catalogue_xlsx.instructions.values",
       "Pick the basis and the kind from the list. Ids (requirements, processes, roles) are written as they are, "
       "several separated by commas; a new role is added on the Roles sheet first."),
    _p("catalogue_xlsx.instructions.basis",
       "Basis: an obligation of the standard, derived from an obligation (name the requirements it serves), or "
       "good practice (name its source; weight at most 2). Only obligations can give rise to nonconformities."),
    _p("catalogue_xlsx.instructions.structure",
       "Do not rename the sheets or move the columns: a hidden first row tells the import what each column holds."),
    _p("catalogue_xlsx.instructions.return",
       "When you are done, return the file to the person who sent it. When it is read back, every row is "
       "checked and each problem is named by its sheet and cell."),
)


def text(label: Label, lang: str) -> str:
    return pgettext_for(lang)(*label)


def language_name(lang: str, in_lang: str) -> str:
    """``"fi"`` -> ``"suomi"`` (in Finnish) or ``"Finnish"``: the name of a column's language."""
    from babel import Locale

    return str(Locale.parse(lang).get_display_name(in_lang) or lang)


def caption(key: str, lang: str) -> str:
    """The caption above the column ``key``: ``"title_fi"`` -> ``"Otsikko (suomi)"``."""
    if key in CAPTIONS:
        return text(CAPTIONS[key], lang)
    base, _, suffix = key.rpartition("_")
    if base in CAPTIONS and suffix in LANGUAGES:
        return text(IN_LANGUAGE, lang).format(caption=text(CAPTIONS[base], lang), language=language_name(suffix, lang))
    return key


def field_label(field: str, lang: str) -> str:
    """The label of a Catalogue-sheet row: ``"title_fi"`` -> ``"Räätälöidyn luettelon nimi (suomi)"``."""
    if field in FIELD_LABELS:
        return text(FIELD_LABELS[field], lang)
    base, _, suffix = field.rpartition("_")
    if base in FIELD_LABELS and suffix in LANGUAGES:
        return text(IN_LANGUAGE, lang).format(caption=text(FIELD_LABELS[base], lang),
                                              language=language_name(suffix, lang))
    return field


def _value_names() -> dict[str, Callable[[str, str], str]]:
    from itsm_assess.catalogue.checklist_render import method_name
    from itsm_assess.catalogue.model import basis_name, good_practice_source_name

    return {
        "basis": basis_name,
        "source": good_practice_source_name,
        "kind": lambda code, lang: text(KIND_NAMES[code], lang),
        "methods": method_name,
    }


def value_codes() -> dict[str, tuple[str, ...]]:
    """The coded columns and their codes."""
    from typing import get_args

    from itsm_assess.catalogue.checklist import AuditMethod
    from itsm_assess.catalogue.model import BASES, GOOD_PRACTICE_SOURCES

    return {"basis": BASES, "source": tuple(GOOD_PRACTICE_SOURCES), "kind": tuple(KIND_NAMES),
            "methods": get_args(AuditMethod)}


#: Columns holding several codes, comma-separated.
LIST_COLUMNS = ("methods",)


def shown_value(column: str, value: str, lang: str) -> str:
    """A cell's value as the workbook shows it: the label of a code in ``lang`` (``"shall"`` ->
    ``"Velvoittava vaatimus"``), each of a list's codes; other values as they are."""
    name = _value_names().get(column)
    if name is None or not value:
        return value
    if column in LIST_COLUMNS:
        return ", ".join(name(code.strip(), lang) or code for code in value.split(","))
    return name(value, lang) or value


@cache
def _code_index() -> dict[str, dict[str, str]]:
    """Per coded column: every way its values may be written (code or label in any language,
    casefolded) -> the code."""
    names = _value_names()
    index: dict[str, dict[str, str]] = {}
    for column, codes in value_codes().items():
        found = index.setdefault(column, {})
        for code in codes:
            found[code.casefold()] = code
            for lang in LANGUAGES:
                found.setdefault(names[column](code, lang).casefold(), code)
    return index


def code_of(column: str, typed: str) -> str:
    """A coded cell read back: its code from a code or a label in any language; anything else as
    typed (the catalogue's validation then names what it expected)."""
    index = _code_index().get(column)
    if index is None or not typed:
        return typed
    if column in LIST_COLUMNS:
        return ", ".join(index.get(part.strip().casefold(), part.strip()) for part in typed.split(",") if part.strip())
    return index.get(" ".join(typed.split()).casefold(), typed)


def sheet_title(sheet: str, lang: str) -> str:
    return text(SHEET_NAMES[sheet], lang)


def sheet_names_in_any_language(sheet: str) -> list[str]:
    """Every name the sheet may have: its English name first, then its name in each language."""
    names = [sheet]
    for lang in LANGUAGES:
        title = sheet_title(sheet, lang)
        if title not in names:
            names.append(title)
    return names
