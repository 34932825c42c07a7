"""Interface translations (gettext catalogues managed with Babel) and locale formats (Babel)."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from itsm_assess import i18n
from itsm_assess.i18n.formats import (
    excel_date_format,
    excel_percent_format,
    excel_time_format,
    format_date,
    format_dates,
    format_number,
    format_percent,
    format_percent_range,
    format_period,
    format_time,
    format_time_range,
)

ROOT = Path(__file__).resolve().parent.parent
# The same keywords as `make i18n-extract`.
KEYWORDS = {"_": None, "gettext": None, "N_": None, "N_plural": (1, 2), "message": None, "plural_message": (1, 2), "_p": ((1, "c"), 2), "pgettext": ((1, "c"), 2),
            "ngettext": (1, 2), "_n": (1, 2), "npgettext": ((1, "c"), 2, 3), "_counted": ((1, "c"), 2, 3)}
PO_FILES = sorted(i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po"))


def _msg_id(value: str | tuple[str, ...]) -> str:
    return value if isinstance(value, str) else value[0]


@pytest.fixture(scope="module")
def source_messages() -> set[tuple[str | None, str]]:
    # Private packages (``_io``) too: Babel's default filter skips folders that start with "_".
    found = extract_from_dir(str(ROOT / "src"), method_map=[("**.py", "python")], keywords=KEYWORDS,
                             directory_filter=lambda d: not Path(d).name.startswith(".") and Path(d).name != "__pycache__")
    messages = {(context, _msg_id(message)) for _file, _line, message, _comments, context in found}
    assert any("zip bomb" in text for _context, text in messages)  # a message of src/itsm_assess/_io/
    from itsm_assess.cli import cli
    from itsm_assess.docgen import help_texts

    return messages | set(help_texts(cli))  # the --help pages (babel.cfg's cli_help extractor walks them)


def test_a_finnish_catalogue_exists_and_makes_finnish_a_language() -> None:
    assert [p.parent.parent.name for p in PO_FILES] == ["fi"]
    assert i18n.LANGUAGES == ("en", "fi")


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_every_interface_string_is_translated(po_path: Path, source_messages: set[tuple[str | None, str]]) -> None:
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    entries = {(m.context, _msg_id(m.id)): m for m in catalog if m.id}
    missing = sorted(source_messages - entries.keys(), key=str)
    assert missing == [], f"run `make i18n-update` and translate: {missing[:10]}"
    obsolete = sorted(entries.keys() - source_messages, key=str)
    assert obsolete == [], f"no longer in the code (run `make i18n-update`): {obsolete[:10]}"
    empty = [key for key, m in entries.items() if not (m.string if isinstance(m.string, str) else all(m.string))]
    assert empty == [], empty[:10]
    assert [key for key, m in entries.items() if m.fuzzy] == []
    # A translation uses only placeholders the code fills: those of its source, and the inflection
    # helpers the code adds for languages that need them (process_prefix: "Muutoksenhallinta-").
    import string

    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    broken = [key for key, m in entries.items() if isinstance(m.string, str) and names(m.string) - names(m.id) - {"process_prefix"}]
    assert broken == []


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_run_time_catalogue_reads_the_po_file_as_msgfmt_does(po_path: Path) -> None:
    # The program reads the PO file itself (no .mo to keep current); Babel's compiler is the reference.
    import io

    from babel.messages.mofile import write_mo

    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    reference = gettext.GNUTranslations(buffer)
    ours = i18n.translations(po_path.parent.parent.name)
    assert isinstance(ours, gettext.GNUTranslations)
    assert ours._catalog == reference._catalog  # type: ignore[attr-defined]
    assert ours.ngettext("{count} conflict", "{count} conflicts", 1) == reference.ngettext(
        "{count} conflict", "{count} conflicts", 1)
    assert ours.ngettext("{count} conflict", "{count} conflicts", 5) == reference.ngettext(
        "{count} conflict", "{count} conflicts", 5)


def test_po_reader_handles_contexts_plurals_escapes_and_fuzzy_entries() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "k"\nmsgid "Open"\nmsgstr "Avoin"\n\n'
        '#, fuzzy\nmsgid "Guess"\nmsgstr "Arvaus"\n\n'
        'msgid "Untranslated"\nmsgstr ""\n'
        'msgid "{n} item"\nmsgid_plural "{n} items"\nmsgstr[0] "{n} kohta"\nmsgstr[1] "{n} kohtaa"\n\n'
        'msgid "a \\"quoted\\"\\n"\n"line"\nmsgstr "lainattu\\trivi"\n'
    )
    messages = i18n.read_po_messages(text)
    assert messages["k\x04Open"] == "Avoin"
    assert "Guess" not in messages and "Untranslated" not in messages
    assert messages["{n} item\x00{n} items"] == "{n} kohta\x00{n} kohtaa"
    assert messages['a "quoted"\nline'] == "lainattu\trivi"


def test_labels_fall_back_to_english_for_an_unknown_language() -> None:
    assert i18n.translations("xx").gettext("Summary") == "Summary"
    assert i18n.pgettext_for("fi")("summary", "Summary") == "Yhteenveto"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"ITSM_ASSESS_LANG": "fi", "LANG": "en_GB.UTF-8"}, "fi"),
        ({"LANG": "fi_FI.UTF-8"}, "fi"),
        ({"LC_ALL": "fi_FI", "LANG": "en_US.UTF-8"}, "fi"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_follows_the_environment(environ: dict[str, str], expected: str) -> None:
    assert i18n.resolve_language(None, environ) == expected


def test_explicit_language_wins_and_unknown_ones_are_refused() -> None:
    assert i18n.resolve_language("en", {"ITSM_ASSESS_LANG": "fi"}) == "en"
    with pytest.raises(ValueError, match="unsupported language 'xx'"):
        i18n.resolve_language(None, {"ITSM_ASSESS_LANG": "xx"})


def test_finnish_numbers_use_a_decimal_comma_and_no_break_spaces() -> None:
    assert format_percent(0.898, "fi", 1) == "89,8\u00a0%"
    assert format_percent(0.9, "fi") == "90\u00a0%"
    assert format_percent(0.898, "en", 1) == "89.8%"
    assert format_percent(None, "fi") == "–"
    assert format_number(10.324, "fi", 2) == "10,32"
    assert format_number(12345.6, "fi", 1) == "12\u00a0345,6"
    assert format_number(12345.6, "en", 1) == "12,345.6"


def test_ranges_use_an_en_dash() -> None:
    assert format_percent_range(0, 0.15, "fi") == "0–15\u00a0%"
    assert format_percent_range(0.15, 0.325, "fi") == ">15–32,5\u00a0%"
    assert format_percent_range(0.5, 0.85, "en") == ">50–85%"
    assert format_percent_range(None, 0.85, "en") == ""


def test_finnish_dates_and_date_ranges() -> None:
    assert format_date("2026-10-05", "fi") == "5.10.2026"
    assert format_date("2026-10-05", "en") == "2026-10-05"
    assert format_period("2026-10-05", "2026-10-07", "fi") == "5.–7.10.2026"
    assert format_period("2026-09-29", "2026-10-07", "fi") == "29.9.–7.10.2026"
    assert format_period("2025-12-29", "2026-01-07", "fi") == "29.12.2025–7.1.2026"
    assert format_period("2026-10-05", "2026-10-05", "fi") == "5.10.2026"
    assert format_period("2026-10-05", None, "fi") == "5.10.2026"
    assert format_period("2026-10-05", "2026-10-07", "en") == "2026-10-05 – 2026-10-07"
    assert format_date("next week", "fi") == "next week"


def test_days_of_an_audit_and_times_of_a_slot() -> None:
    import datetime as dt

    days = [dt.date(2027, 4, 19), dt.date(2027, 4, 20), dt.date(2027, 4, 21)]
    assert format_dates(days, "fi") == "19.–21.4.2027"
    assert format_dates(days, "en") == "2027-04-19 – 2027-04-21"
    # Only consecutive days make a range: a weekend between Friday and Monday keeps them apart.
    assert format_dates([dt.date(2027, 4, 30), dt.date(2027, 5, 3), dt.date(2027, 5, 4)], "fi") == "30.4.2027, 3.–4.5.2027"
    assert format_dates([days[2], days[0]], "fi") == "19.4.2027, 21.4.2027"
    assert format_dates([days[0]], "fi") == "19.4.2027"
    # Finnish times from Babel's locale data: a full stop, no leading zero; English as plan.yaml writes them.
    assert format_time("08:30", "fi") == "8.30" and format_time(dt.time(14, 5), "fi") == "14.05"
    assert format_time("08:30", "en") == "08:30"
    assert format_time_range("08:30", "09:00", "fi") == "8.30\u20139.00"
    assert format_time_range("15:15", "16:00", "en") == "15:15\u201316:00"


def test_excel_formats_follow_the_language() -> None:
    assert excel_percent_format("en") == "0%"
    assert excel_percent_format("fi") == '0"\u00a0"%'
    assert excel_percent_format("fi", 1) == '0.0"\u00a0"%'
    assert excel_date_format("fi") == "d.m.yyyy"
    # A time as format_time writes it, the separator a literal whatever the reader's Excel (8.30 / 08:30).
    assert excel_time_format("fi") == "h\\.mm" and excel_time_format("en") == "hh:mm"
    assert excel_date_format("en") == "yyyy-mm-dd"


def test_importing_the_languages_does_not_load_babel() -> None:
    import subprocess
    import sys

    code = "import itsm_assess.i18n, itsm_assess.i18n.formats, sys; print('babel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(("title", "inside"), [
    ("Normal change", "normal change"), ("Vakiomuutos", "vakiomuutos"),
    ("A standard process is defined", "a standard process is defined"),
    ("ERP change", "ERP change"), ("CAB", "CAB"), ("P1 incident", "P1 incident"), ("", ""), ("X", "X"),
])
def test_a_title_inside_a_sentence_starts_lower_case_unless_an_acronym_or_code(title: str, inside: str) -> None:
    assert i18n.lower_first(title) == inside


def test_one_quotation_rule_for_prose_and_for_messages() -> None:
    assert i18n.quoted_text("Capacity is sufficient", "en") == "“Capacity is sufficient”"
    assert i18n.quoted_text("Täyttyy, parannusmahdollisuus", "fi") == "”Täyttyy, parannusmahdollisuus”"
    assert i18n.quoted("CHG-99", "en") == "'CHG-99'"
    assert i18n.quoted("rivi\nrivi", "fi") == "”rivi\\nrivi”"
