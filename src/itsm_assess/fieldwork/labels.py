"""What a person sees and types in a fieldwork workbook: captions and prompts in the workbook's
language, the drop-down lists (ratings, audit verdicts, finding grades, yes/no), and the reading
of a typed value back into its code: a code in any case, or a label in any language.

Interface text is English here and translated in the PO catalogue
(``i18n/locale/<lang>/LC_MESSAGES/itsm_assess.po``); the names of finding grades and verdicts are
the assessment model's labels (one wording of each grade in the whole tool), translated there too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from itsm_assess.assessment import FINDING_GRADES, RATINGS, VERDICTS, grade_name, rating_code, verdict_name
from itsm_assess.fieldwork.layout import COLUMN_BY_KEY
from itsm_assess.i18n import LANGUAGES, _p, pgettext_for, quoted_text
from itsm_assess.i18n.formats import choice_error as choice_error_text
from itsm_assess.i18n.formats import format_list, typed_date_parts

#: Names of the ratings shown in the drop-down after the code ("L – largely achieved").
RATING_NAMES: dict[str, tuple[str, str]] = {
    "N": _p("fieldwork.rating.N", "not achieved"),
    "P-": _p("fieldwork.rating.P-", "partially, lower half"),
    "P": _p("fieldwork.rating.P", "partially achieved"),
    "P+": _p("fieldwork.rating.P+", "partially, upper half"),
    "L-": _p("fieldwork.rating.L-", "largely, lower half"),
    "L": _p("fieldwork.rating.L", "largely achieved"),
    "L+": _p("fieldwork.rating.L+", "largely, upper half"),
    "F": _p("fieldwork.rating.F", "fully achieved"),
    "NA": _p("fieldwork.rating.NA", "not applicable"),
}
#: A finding grade's former name that workbooks written by an earlier version may still hold, read
#: as the grade: the translation names it (Finnish called an observation "havainto" before the
#: glossary gave that word to findings as a whole).
FORMER_GRADE_NAMES: dict[str, tuple[str, str]] = {
    "observation": _p("fieldwork.former_grade.observation", "observation"),
}
YES_NO_NAMES: dict[str, tuple[str, str]] = {
    "yes": _p("fieldwork.yes", "Yes"),
    "no": _p("fieldwork.no", "No"),
}


def text(label: tuple[str, str], lang: str) -> str:
    """A ``(context, English)`` label in ``lang``."""
    return pgettext_for(lang)(*label)


def caption(key: str, lang: str) -> str:
    """The caption of column ``key`` in row 1 (``"rating"`` -> ``"Arvio"``)."""
    return text(COLUMN_BY_KEY[key].caption, lang)


def prompt(key: str, lang: str, scope: str) -> str | None:
    """The input prompt of column ``key``, if it has one; ``{scope}`` in it names the catalogue's
    certification scope (``profile.certification_scope`` in words, e.g. "clauses 4-10")."""
    label = COLUMN_BY_KEY[key].prompt
    return filled(text(label, lang), lang, scope) if label else None


def filled(sentence: str, lang: str, scope: str) -> str:
    """An instruction or prompt with its placeholders filled: ``{scope}`` (the certification
    scope in words) and ``{verdicts}`` (the verdict drop-down's values, quoted as listed, so the
    text names them exactly as the list shows them)."""
    if "{verdicts}" in sentence:
        quoted = [quoted_text(verdict_label(code, lang), lang) for code in VERDICTS]
        sentence = sentence.replace("{verdicts}", format_list(quoted, lang, alternatives=True))
    return sentence.replace("{scope}", scope)


def rating_label(code: str, lang: str) -> str:
    """``"L"`` -> ``"L – largely achieved"``, ``"NA"`` -> ``"ES – ei sovellu"`` in Finnish: the
    drop-down entry of a rating, its code as the reader knows it."""
    return f"{rating_code(code, lang)} – {text(RATING_NAMES[code], lang)}"


def finding_label(code: str, lang: str) -> str:
    """``"minor-nc"`` -> ``"Lievä poikkeama"``: the drop-down entry of a finding grade."""
    return grade_name(code, lang)


def verdict_label(code: str, lang: str) -> str:
    """``"ofi"`` -> ``"Conforming; opportunity for improvement"``: the drop-down entry of a verdict."""
    return verdict_name(code, lang)


def yes_no_label(code: str, lang: str) -> str:
    """``"yes"`` -> ``"Kyllä"``."""
    return text(YES_NO_NAMES[code], lang)




#: The errors of a date and a whole-number cell given something else.
DATE_ERROR = _p("fieldwork.date_error", "Type a date, e.g. 2026-12-31.")
COUNT_ERROR = _p("fieldwork.count_error", "Type a whole number, 0 or more.")


def choice_error(kind: str, lang: str) -> str:
    """``"Valitse arvo luettelosta: N, P-, P, … F tai ES."``: the error of the drop-down of ``kind``,
    a sentence; labels are quoted, since one may hold a comma ("”Täyttyy, parannusmahdollisuus”")."""
    return choice_error_text(CHOICES[kind].shown(lang), lang)


def _key(value: str) -> str:
    """A typed value as it is looked up: spaces collapsed, case folded, a minus sign read as a
    hyphen ("P−") and a semicolon as a comma (an earlier label "Täyttyy; parannusmahdollisuus")."""
    return " ".join(value.split()).casefold().replace("\u2212", "-").replace(";", ",")


@cache
def _rating_codes() -> dict[str, str]:
    """Every rating code as typed in any language (casefolded) -> the stored code: ``"es"`` and
    ``"na"`` -> ``"NA"``, so a workbook from before the Finnish code still reads."""
    return {_key(shown): code for code in RATINGS for shown in {code, *(rating_code(code, lang) for lang in LANGUAGES)}}


@cache
def _index(kind: str) -> dict[str, str]:
    """Every way a value of ``kind`` may be typed (casefolded) -> its code: the code itself and
    its drop-down label in every language (ratings also by their code or name alone in any language)."""
    choices = CHOICES[kind]
    found: dict[str, str] = dict(_rating_codes()) if kind == "rating" else {}
    for code in choices.codes:
        found[_key(code)] = code
        for lang in LANGUAGES:
            found[_key(choices.label(code, lang))] = code
            if kind == "rating":
                found[_key(text(RATING_NAMES[code], lang))] = code
    if kind == "grade":
        for code, former in FORMER_GRADE_NAMES.items():
            for lang in LANGUAGES:
                found.setdefault(_key(text(former, lang)), code)
    if kind == "yes-no":
        # a TRUE/FALSE or 1/0 cell; LibreOffice saves a TRUE cell as the formula =TRUE()
        found.update({"true": "yes", "false": "no", "1": "yes", "0": "no", "=true()": "yes", "=false()": "no"})
    return found


def normalize_rating(value: str) -> str | None:
    """A rating as stored, from its code in any language and case (``"l+"`` -> ``"L+"``, ``"ES"``
    and ``"na"`` -> ``"NA"``) or its drop-down label in any language (``"L – pääosin saavutettu"``
    -> ``"L"``); None if it is neither."""
    typed = _key(value)
    code = _index("rating").get(typed)
    if code is None:
        head = re.split(r"\s+[–-]\s+", typed, maxsplit=1)[0]  # "L - something" typed by hand
        code = _rating_codes().get(head) if head != typed else None
    return code


def normalize_finding(value: str) -> str | None:
    """A finding grade code from its code or its label in any language (``"Lievä poikkeama"``)."""
    return _index("grade").get(_key(value))


def normalize_verdict(value: str) -> str | None:
    """A verdict code from its code or its label in any language (``"Ei sovellu"`` -> ``"na"``)."""
    return _index("verdict").get(_key(value))


def normalize_yes_no(value: str) -> str | None:
    """``"yes"`` or ``"no"`` from a label in any language, the code, TRUE/FALSE or 1/0."""
    return _index("yes-no").get(_key(value))


def parse_due_date(value: Any) -> dt.date | None:
    """A due date from a date cell, ``2026-12-31`` or ``31.12.2026``; None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # An ISO date may carry midnight ("2026-12-31 00:00:00": a date cell another program wrote as text).
    parts = typed_date_parts(re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]00:00(?::00)?$", r"\1", str(value).strip()))
    try:
        return dt.date(*parts) if parts else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Choices:
    """A drop-down list: its codes, their labels, the reading of a typed value, and how a code
    stands in the model (``yes`` is ``True``)."""

    #: The defined name the list's data validation refers to.
    list_name: str
    codes: tuple[str, ...]
    label: Callable[[str, str], str]
    parse: Callable[[str], str | None]
    #: An error names the allowed labels, or (ratings, typed as codes) each code as ``lang`` shows it.
    shown_code: Callable[[str, str], str] | None = None
    #: code -> model value, where they differ.
    model_values: tuple[tuple[str, Any], ...] = ()

    def labels(self, lang: str) -> list[str]:
        return [self.label(code, lang) for code in self.codes]

    def shown(self, lang: str) -> list[str]:
        """What a sentence names as the allowed values: each label in quotes (a label may hold a
        comma: "”Täyttyy, parannusmahdollisuus”"), or each code as ``lang`` writes it."""
        if self.shown_code is None:
            return [quoted_text(label, lang) for label in self.labels(lang)]
        return [self.shown_code(code, lang) for code in self.codes]

    def allowed(self, lang: str) -> str:
        return ", ".join(self.shown(lang))

    def to_model(self, code: str) -> Any:
        return dict(self.model_values).get(code, code)

    def from_model(self, value: Any) -> str:
        return next((code for code, v in self.model_values if v is value or v == value), value)


#: The drop-down lists of an item sheet, by the column kind that uses them (in this order on ``_lists``).
CHOICES: dict[str, Choices] = {
    "rating": Choices("RatingList", RATINGS, rating_label, normalize_rating, shown_code=rating_code),
    "grade": Choices("FindingList", FINDING_GRADES, finding_label, normalize_finding),
    "verdict": Choices("VerdictList", VERDICTS, verdict_label, normalize_verdict),
    "yes-no": Choices("YesNoList", ("yes", "no"), yes_no_label, normalize_yes_no,
                      model_values=(("yes", True), ("no", False))),
}
