"""The clause tree of a catalogue as the exports walk it: every clause that has a title or holds
a requirement (with its ancestors), parents before children, numerically ordered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from itsm_assess.schema import clause_key

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue, Requirement


def parent_clause(clause: str) -> str | None:
    """``8.5.1`` for ``8.5.1.3``; None for a top-level clause."""
    return clause.rsplit(".", 1)[0] if "." in clause else None


def clause_outline(cat: Catalogue) -> tuple[list[str], dict[str, list[Requirement]]]:
    """All clauses in tree order (depth-first, numeric), and the requirements of each clause in
    catalogue order."""
    clauses: set[str] = set(cat.clauses)
    by_clause: dict[str, list[Requirement]] = {}
    for req in cat.requirements.values():
        by_clause.setdefault(req.clause, []).append(req)
        parts = req.clause.split(".")
        clauses.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return sorted(clauses, key=clause_key), by_clause
