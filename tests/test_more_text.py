"""A shortened list ends "and one more process" / "and N more processes" through a gettext plural
entry (msgid_plural), so a language with more plural forms than English or Finnish needs only its PO
file; the noun says what the count counts, and a count under ten is a word ("ja kaksi muuta")."""

from pathlib import Path

import pytest

from itsm_assess import i18n
from itsm_assess.reports.action_plan import MAX_TITLES, titles_phrase
from itsm_assess.reports.labels import more_text


def test_one_more_in_finnish_and_english() -> None:
    assert more_text(1, "fi", "process") == "ja yksi muu prosessi"
    assert more_text(3, "fi", "process") == "ja kolme muuta prosessia"
    assert more_text(10, "fi", "process") == "ja 10 muuta prosessia"
    assert more_text(1, "en", "area") == "and one more area"
    assert more_text(2, "en", "question") == "and two more questions"


def test_action_titles_with_one_left_out() -> None:
    titles = [f"T{i}" for i in range(MAX_TITLES + 1)]
    # Each title quoted and the rest counted as requirements: "… tunnistetaan ja 5 muuta" read as a title.
    assert titles_phrase(titles, "fi").endswith(f"; ”T{MAX_TITLES - 1}” sekä yksi muu vaatimus")
    titles.append("extra")
    assert titles_phrase(titles, "fi").endswith(" sekä kaksi muuta vaatimusta")
    assert titles_phrase(titles, "en").endswith("; “T3” and two more requirements")


def test_the_finnish_catalogue_holds_a_plural_entry() -> None:
    po = (i18n.LOCALE_DIR / "fi" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").read_text(encoding="utf-8")
    messages = i18n.read_po_messages(po)
    assert messages["and_more_processes\x04and one more process\x00and {count} more processes"] == (
        "ja yksi muu prosessi\x00ja {count} muuta prosessia")


@pytest.fixture
def three_form_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A language whose plural has three forms (Polish rule), from a PO file alone."""
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{i18n.DOMAIN}.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgctxt "and_more_processes"\nmsgid "and one more process"\nmsgid_plural "and {count} more processes"\n'
        'msgstr[0] "i jeszcze jeden proces"\nmsgstr[1] "i jeszcze {count} inne procesy"\n'
        'msgstr[2] "i jeszcze {count} innych procesów"\n',
        encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    yield "pl"
    i18n.translations.cache_clear()


def test_a_language_with_three_plural_forms_needs_no_code(three_form_language: str) -> None:
    # (no Polish number words in this PO: a count under ten falls back to its digits, never English words)
    assert [more_text(n, three_form_language, "process") for n in (1, 3, 5, 22)] == [
        "i jeszcze jeden proces", "i jeszcze 3 inne procesy", "i jeszcze 5 innych procesów",
        "i jeszcze 22 inne procesy"]
