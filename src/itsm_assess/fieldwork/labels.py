"""What a person sees and types in a fieldwork workbook: captions, prompts and error texts in the
workbook's language, the drop-down labels of ratings and finding grades, and the reading of a
typed value back into its code (a code in any case, or a label in any language).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsm_assess.assessment import FINDING_GRADE_NAMES, FINDING_GRADES, RATINGS
from itsm_assess.i18n import localize

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

def rating_label(code: str, lang: str) -> str:
    """``"L"`` -> ``"L – largely achieved"``: the drop-down entry of a rating."""
    return f"{code} – {localize(RATING_NAMES[code], lang)}"


def finding_label(code: str, lang: str) -> str:
    """``"minor-nc"`` -> ``"Lievä poikkeama"``: the drop-down entry of a finding grade."""
    return localize(FINDING_GRADE_NAMES[code], lang)


def shown_value(value: str) -> str:
    """A typed value as an error message quotes it: bare when it is one word, else in quotes."""
    return value if value and not any(c.isspace() for c in value) and "'" not in value else repr(value)


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



@dataclass(frozen=True)
class Choices:
    """A drop-down list: its codes, their labels, and the reading of a typed value."""

    #: The defined name the list's data validation refers to.
    list_name: str
    codes: tuple[str, ...]
    label: Callable[[str, str], str]
    parse: Callable[[str], str | None]
    #: An error names the allowed labels (True) or the codes (ratings are typed as codes).
    allowed_as_labels: bool

    def labels(self, lang: str) -> list[str]:
        return [self.label(code, lang) for code in self.codes]

    def allowed(self, lang: str) -> str:
        return ", ".join(self.labels(lang) if self.allowed_as_labels else self.codes)


#: The drop-down lists of an item sheet, by the column kind that uses them.
CHOICES: dict[str, Choices] = {
    "rating": Choices("RatingList", RATINGS, rating_label, normalize_rating, allowed_as_labels=False),
    "grade": Choices("FindingList", FINDING_GRADES, finding_label, normalize_finding, allowed_as_labels=True),
}
