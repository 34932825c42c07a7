"""Rewording aid: requirement statements must not keep the standard's sentence structure.

A reviewer's aid, not proof of originality: it flags the tell-tale sequences that appear when a
"shall be X-ed" sentence of ISO/IEC 20000-1 is turned into "is X-ed" (the passive with "at planned
intervals", chains of the standard's verbs, its modal and stock phrases). A statement that must
keep such a sequence goes in ALLOWED with the reason, which a reviewer reads; statements still
waiting to be reworded are listed in PENDING, which may only shrink.
"""

from __future__ import annotations

import re

import pytest

from itsm_assess.catalogue import Catalogue, load_catalogue

#: The participles the standard strings together ("shall be determined, documented and agreed").
_VERBS = (
    r"(?:identified|determined|documented|established|implemented|maintained|agreed|reviewed|retained|"
    r"communicated|planned|recorded|managed|evaluated|controlled|defined|approved|updated|monitored|reported|"
    r"analysed|analyzed|classified|prioriti[sz]ed|resolved|investigated|assessed)"
)

#: rule name -> pattern over the English statement (whitespace folded, case ignored).
TELL_TALES: dict[str, re.Pattern[str]] = {
    "passive at planned intervals": re.compile(
        r"\b(?:is|are)\s+(?:\w+\s+){0,2}?\w+(?:ed|wn|en)\b[^.;]*\bat planned intervals\b", re.I
    ),
    "chain of the standard's verbs": re.compile(rf"\b(?:is|are)\s+{_VERBS}(?:,\s*{_VERBS})*,?\s+and\s+{_VERBS}\b", re.I),
    "the standard's modal": re.compile(r"\bshall\b", re.I),
    "establish, implement, maintain": re.compile(r"\bestablish\w*,\s*implement\w*,?\s*(?:and\s+)?maintain\w*", re.I),
    "stock phrase": re.compile(
        r"\bto the extent necessary\b|\bdocumented information (?:is|are) (?:retained|maintained|kept)\b"
        r"|\b(?:retained|maintained|kept) as documented information\b",
        re.I,
    ),
}

#: (requirement id, rule) -> why this statement keeps the sequence. Every entry needs a reason.
ALLOWED: dict[tuple[str, str], str] = {}

#: (requirement id, rule) of statements still waiting to be reworded; may only shrink. Empty since
#: the process files of issue 11 part A (8.2.5-8.7) were reworded.
PENDING: set[tuple[str, str]] = set()


def tell_tales(text: str) -> list[str]:
    """Names of the rules that ``text`` trips."""
    flat = " ".join(text.split())
    return [name for name, pattern in TELL_TALES.items() if pattern.search(flat)]


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue("iso20000-1-2018")


def _hits(cat: Catalogue) -> set[tuple[str, str]]:
    return {(rid, rule) for rid, req in cat.requirements.items() for rule in tell_tales(req.statement["en"])}


def test_no_statement_keeps_the_standards_sentence_structure(cat: Catalogue) -> None:
    unexplained = sorted(_hits(cat) - set(ALLOWED) - PENDING)
    assert unexplained == [], "reword these statements in our own words (or justify them in ALLOWED)"


def test_allow_list_and_pending_list_hold_only_live_entries(cat: Catalogue) -> None:
    hits = _hits(cat)
    assert sorted(set(ALLOWED) - hits) == [], "ALLOWED names statements that no longer trip the rule: remove them"
    assert sorted(PENDING - hits) == [], "PENDING names statements already reworded: remove them"
    assert all(len(reason.split()) >= 6 for reason in ALLOWED.values()), "every allowed statement says why"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The policy is reviewed and updated at planned intervals.", "passive at planned intervals"),
        ("Service requirements are determined, documented and agreed.", "chain of the standard's verbs"),
        ("The organization shall plan the services.", "the standard's modal"),
        ("An SMS is established, implemented and maintained.", "establish, implement, maintain"),
        ("Records are retained as documented information.", "stock phrase"),
    ],
)
def test_each_rule_catches_its_tell_tale(text: str, rule: str) -> None:
    assert rule in tell_tales(text)


@pytest.mark.parametrize(
    "text",
    [
        "Top management reads the policy again at each management review and changes it when needed.",
        "Each customer has a named contact who knows their business and meets them every quarter.",
        "Change records show who approved each change and when.",
    ],
)
def test_own_words_pass(text: str) -> None:
    assert tell_tales(text) == []
