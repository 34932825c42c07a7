"""A shortened list ends "and one more" / "and N more" through a gettext plural entry (msgid_plural),
so a language with more plural forms than English or Finnish needs only its PO file."""

from pathlib import Path

import pytest

from itsm_assess import i18n
from itsm_assess.reports.action_plan import MAX_TITLES, titles_phrase
from itsm_assess.reports.labels import more_text


def test_one_more_in_finnish_and_english() -> None:
    assert more_text(1, "fi") == "ja yksi muu"
    assert more_text(3, "fi") == "ja 3 muuta"
    assert more_text(1, "en") == "and one more"
    assert more_text(2, "en") == "and 2 more"


def test_action_titles_with_one_left_out() -> None:
    titles = [f"T{i}" for i in range(MAX_TITLES + 1)]
    # Each title quoted and the rest counted as requirements: "… tunnistetaan ja 5 muuta" read as a title.
    assert titles_phrase(titles, "fi").endswith(f"; ”T{MAX_TITLES - 1}” sekä yksi muu vaatimus")
    titles.append("extra")
    assert titles_phrase(titles, "fi").endswith(" sekä 2 muuta vaatimusta")
    assert titles_phrase(titles, "en").endswith("; “T3” and 2 more requirements")


def test_the_finnish_catalogue_holds_a_plural_entry() -> None:
    po = (i18n.LOCALE_DIR / "fi" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").read_text(encoding="utf-8")
    messages = i18n.read_po_messages(po)
    assert messages["and_more\x04and one more\x00and {count} more"] == "ja yksi muu\x00ja {count} muuta"


@pytest.fixture
def three_form_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A language whose plural has three forms (Polish rule), from a PO file alone."""
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{i18n.DOMAIN}.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgctxt "and_more"\nmsgid "and one more"\nmsgid_plural "and {count} more"\n'
        'msgstr[0] "i jeszcze jeden"\nmsgstr[1] "i jeszcze {count} inne"\nmsgstr[2] "i jeszcze {count} innych"\n',
        encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    yield "pl"
    i18n.translations.cache_clear()


def test_a_language_with_three_plural_forms_needs_no_code(three_form_language: str) -> None:
    assert [more_text(n, three_form_language) for n in (1, 3, 5, 22)] == [
        "i jeszcze jeden", "i jeszcze 3 inne", "i jeszcze 5 innych", "i jeszcze 22 inne"]
