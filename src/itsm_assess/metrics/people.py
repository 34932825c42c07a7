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
    from itsm_assess.metrics.exports import Export


def new_key() -> bytes:
    """A key for one run: its pseudonyms match nothing outside that run."""
    return secrets.token_bytes(32)


def pseudonym(name: str, key: bytes) -> str:
    """``P-`` and 8 hex digits of a keyed hash of the name: the same name and key give the same pseudonym."""
    digest = hmac.new(key, name.strip().casefold().encode("utf-8"), hashlib.sha256).hexdigest()
    return f"P-{digest[:8]}"


def per_person(exports: dict[str, Export], months: list[str], key: bytes) -> dict[str, Any]:
    """Per kind (incident, request) and pseudonymised assignee: team, tickets resolved, median hours to resolve."""
    import polars as pl

    out: dict[str, Any] = {}
    for kind in TICKET_KINDS:
        e = exports.get(kind)
        if e is None or not e.has("assignee") or not e.has("resolved_at"):
            continue
        rows = (e.frame.filter(pl.col("assignee").is_not_null() & pl.col("resolved_at").is_not_null())
                .with_columns(pl.col("resolved_at").dt.strftime("%Y-%m").alias("month"),
                              ((pl.col("resolved_at") - pl.col("opened_at")).dt.total_seconds() / 3600).alias("hours"))
                .filter(pl.col("month").is_in(months)))
        table = (rows.group_by(["assignee", "team"]).agg(pl.len().alias("resolved"), pl.col("hours").median().alias("median"))
                 .collect(engine="streaming"))
        people = []
        for assignee, team, resolved, median in table.iter_rows():
            people.append({"person": pseudonym(assignee, key), "team": team, "resolved": int(resolved),
                           "resolve_median_hours": None if median is None else round(float(median), 3)})
        out[kind] = sorted(people, key=lambda p: (p["team"], p["person"]))
    return out
