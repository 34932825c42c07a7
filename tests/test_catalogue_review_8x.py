"""The lead auditor's review of clauses 8.2.5-8.7 (issue 11, part A) stays applied.

Each case is one finding of the review: an item that is not a 2018 obligation must not come back
as ``shall``, a restored obligation keeps its cycle, and every gap closed has a shall requirement
with a checklist question of its own.
"""

from __future__ import annotations

import pytest

from itsm_assess.catalogue import Catalogue, load_catalogue

#: Requirement -> (basis, source or served requirements) decided by the review.
NOT_OBLIGATIONS: dict[str, tuple[str, str | tuple[str, ...]]] = {
    "CHG-02": ("good-practice", "itil4"),            # standard/normal/emergency types
    "CHG-11": ("good-practice", "iso20000-1-2011"),  # schedule of change
    "CHG-13": ("good-practice", "iso20000-1-2011"),  # emergency change procedure
    "BUD-02": ("good-practice", "iso20000-1-2011"),  # cost allocation
    "CAP-03": ("good-practice", "iso20000-1-2011"),  # 2011 6.5 d-e
    "CAP-07": ("good-practice", "itil4"),
    "DEM-04": ("good-practice", "itil4"),            # patterns of business activity
    "AST-04": ("good-practice", "itil4"),
    "AST-05": ("good-practice", "itil4"),
    "AST-06": ("good-practice", "iso27001"),
    "AST-01": ("derived", ("AST-02",)),              # no asset register obligation
    "INC-08": ("derived", ("PRB-08", "CFG-10")),     # 8.6.3 and 8.2.6
    "ISM-08": ("derived", ("CHG-08",)),              # 8.5.1.3
}

#: Gap of the review -> the shall requirement that closes it (clause checked too).
GAPS_CLOSED: dict[str, str] = {
    "CHG-19": "8.5.1.3", "CHG-20": "8.5.1.3", "CHG-21": "8.5.1.3", "CHG-22": "8.5.1.3",
    "SDT-14": "8.5.2.2", "SDT-15": "8.5.2.2", "SDT-16": "8.5.2.3",
    "RDM-10": "8.5.3", "RDM-11": "8.5.3", "CAP-08": "8.4.3",
}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue("iso20000-1-2018")


@pytest.mark.parametrize("rid", sorted(NOT_OBLIGATIONS))
def test_items_that_are_not_2018_obligations_stay_tagged(cat: Catalogue, rid: str) -> None:
    req = cat.requirements[rid]
    basis, where = NOT_OBLIGATIONS[rid]
    assert req.basis == basis
    if basis == "good-practice":
        assert req.source == where and req.weight <= 2
    else:
        assert tuple(req.serves) == where
    assert req.basis_note and req.basis_note["fi"].strip()


@pytest.mark.parametrize("rid", sorted(GAPS_CLOSED))
def test_each_gap_has_a_shall_requirement_and_its_own_question(cat: Catalogue, rid: str) -> None:
    req = cat.requirements[rid]
    assert (req.basis, req.clause) == ("shall", GAPS_CLOSED[rid])
    questions = [item.id for item in cat.checklists[req.process].items if rid in item.requirements]
    assert questions, f"{rid} has no checklist question"


@pytest.mark.parametrize("rid", ["SCO-01", "PRB-09", "DEM-01", "AVM-01", "ISM-03", "CFG-09", "CHG-17"])
def test_obligations_with_a_cycle_keep_it(cat: Catalogue, rid: str) -> None:
    statement = " ".join(cat.requirements[rid].statement["en"].split()).casefold()
    assert "set cycle" in statement


def test_change_approval_covers_priority_and_interested_parties(cat: Catalogue) -> None:
    statement = cat.requirements["CHG-09"].statement["en"].casefold()
    assert "priority" in statement and "interested parties" in statement


def test_continuity_reviews_follow_every_test_and_invocation(cat: Catalogue) -> None:
    assert "review" in cat.requirements["SCO-09"].statement["en"]
    assert "review" in cat.requirements["SCO-11"].statement["en"]
    assert cat.requirements["SCO-11"].basis == "shall"
