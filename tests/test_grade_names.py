"""Names of finding grades, audit verdicts and finding statuses come from the PO catalogue."""

from __future__ import annotations

import gettext
import io

import pytest

import itsm_assess.i18n as i18n
from itsm_assess.assessment import (
    FINDING_GRADES,
    FINDING_STATUSES,
    VERDICT_NAMES,
    finding_status_name,
    grade_name,
    verdict_name,
)
from itsm_assess.fieldwork.labels import finding_label, verdict_label


def test_names_in_english_and_finnish() -> None:
    assert grade_name("minor-nc", "en") == "Minor nonconformity"
    assert grade_name("minor-nc", "fi") == "Lievä poikkeama"
    assert grade_name("ofi", "fi") == "Parannusmahdollisuus"
    # Glossary: a finding (any grade) is a havainto; the observation grade is a huomio.
    assert grade_name("observation", "fi") == "Huomio"
    assert verdict_name("ofi", "en") == "Conforming; opportunity for improvement"
    assert verdict_name("ofi", "fi") == "Täyttyy, parannusmahdollisuus"
    assert verdict_name("major-nc", "fi") == "Merkittävä poikkeama"
    assert verdict_name("not-audited", "fi") == "Ei auditoitu"
    assert finding_status_name("verified-effective", "fi") == "Todettu vaikuttavaksi"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_name_is_translated(lang: str) -> None:
    names = [grade_name(g, lang) for g in FINDING_GRADES] + [verdict_name(v, lang) for v in VERDICT_NAMES] \
        + [finding_status_name(s, lang) for s in FINDING_STATUSES]
    assert all(names)
    if lang != "en":
        english = [grade_name(g, "en") for g in FINDING_GRADES] + [verdict_name(v, "en") for v in VERDICT_NAMES] \
            + [finding_status_name(s, "en") for s in FINDING_STATUSES]
        assert not set(names) & set(english) - {""}, "a name left in English"


def test_a_new_language_needs_only_its_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Swedish PO entry is all it takes for the drop-downs (and the reports) to show it."""
    po = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
        'msgctxt "verdict.na"\nmsgid "Not applicable"\nmsgstr "Ej tillämplig"\n\n' \
        'msgctxt "grade.minor-nc"\nmsgid "Minor nonconformity"\nmsgstr "Mindre avvikelse"\n'
    catalogue = gettext.GNUTranslations(io.BytesIO(i18n._catalogue_bytes(i18n.read_po_messages(po))))
    real = i18n.translations
    monkeypatch.setattr(i18n, "translations", lambda lang: catalogue if lang == "sv" else real(lang))
    assert verdict_label("na", "sv") == "Ej tillämplig"
    assert finding_label("minor-nc", "sv") == "Mindre avvikelse"
    assert verdict_label("conforming", "sv") == "Conforming"  # untranslated: English
