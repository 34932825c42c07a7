"""One left-out item reads "ja yksi muu", not "ja 1 muuta" (slides and action plan)."""

from itsm_assess.reports.action_plan import MAX_TITLES, titles_phrase
from itsm_assess.reports.labels import labels, more_text


def test_one_more_in_finnish_and_english() -> None:
    assert more_text(1, labels("fi")) == "ja yksi muu"
    assert more_text(3, labels("fi")) == "ja 3 muuta"
    assert more_text(1, labels("en")) == "and one more"
    assert more_text(2, labels("en")) == "and 2 more"


def test_action_titles_with_one_left_out() -> None:
    titles = [f"T{i}" for i in range(MAX_TITLES + 1)]
    assert titles_phrase(titles, labels("fi")).endswith(f"; T{MAX_TITLES - 1} ja yksi muu")
    titles.append("extra")
    assert titles_phrase(titles, labels("fi")).endswith(" ja 2 muuta")
