"""The per-person breakdown: only on request, with pseudonyms instead of names.

Monitoring individual employees is processing of personal data at work: in Finland it needs the
co-operation procedure (yhteistoimintalaki) and the rules of the Act on the Protection of Privacy
in Working Life (laki yksityisyyden suojasta työelämässä), elsewhere the agreement the local labour
rules require. The CLI says so each time; this module only makes the names unreadable.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Any

from itsm_assess.metrics.definitions import TICKET_KINDS

if TYPE_CHECKING:
    import polars as pl


def new_key() -> bytes:
    """A key for one run: its pseudonyms match nothing outside that run."""
    return secrets.token_bytes(32)


def pseudonym(name: str, key: bytes) -> str:
    """``P-`` and 8 hex digits of a keyed hash of the name: the same name and key give the same pseudonym."""
    digest = hmac.new(key, name.strip().casefold().encode("utf-8"), hashlib.sha256).hexdigest()
    return f"P-{digest[:8]}"


def per_person(rows: dict[str, pl.DataFrame], months: list[int], key: bytes) -> dict[str, Any]:
    """Per kind (incident, request) and pseudonymised assignee: team, tickets resolved in ``months``
    (yyyymm) and their median hours to resolve. ``rows``: per kind, the records resolved and their
    hours per assignee, team and month, as the KPIs' pass gathered them (``compute._person_rows``)."""
    import polars as pl

    out: dict[str, Any] = {}
    for kind in TICKET_KINDS:
        if kind not in rows:
            continue
        table = (rows[kind].filter(pl.col("resolved_month").is_in(months))
                 .group_by(["assignee", "team"])
                 .agg(pl.col("resolved").sum(), pl.col("resolve_hours").list.explode(keep_nulls=False, empty_as_null=False).median().alias("median")))
        people = []
        for assignee, team, resolved, median in table.iter_rows():
            people.append({"person": pseudonym(assignee, key), "team": str(team), "resolved": int(resolved),
                           "resolve_median_hours": None if median is None else round(float(median), 3)})
        out[kind] = sorted(people, key=lambda p: (p["team"], p["person"]))
    return out
