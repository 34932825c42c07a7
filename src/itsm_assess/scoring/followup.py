"""Follow-up of nonconformities between two assessments (a baseline and the current one), by id.

Each assessment's counts and verdict come from its own statuses as they were; this says what
happened in between to the nonconformities open in the baseline and which are new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: Grades followed up: nonconformities need correction; OFIs and observations do not.
FOLLOWED_GRADES: frozenset[str] = frozenset({"major-nc", "minor-nc"})
FOLLOWUP_KINDS: tuple[str, ...] = ("closed", "resolved", "carried_over", "opened", "not_followed_up")


def findings_followup(
    baseline: Iterable[Mapping[str, Any]],
    current: Iterable[Mapping[str, Any]],
    current_requirements: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, list[str]]:
    """Ids of nonconformities by what happened since the baseline, in the findings' order:

    * ``closed``: open in the baseline, recorded as closed now;
    * ``resolved``: open in the baseline, absent now, and every requirement it cites audited again
      now with no nonconformity on it;
    * ``carried_over``: open in both, or absent now while a requirement it cites carries an open
      nonconformity under another id;
    * ``opened``: open now and not open in the baseline;
    * ``not_followed_up``: open in the baseline, absent now, its requirements not audited again
      (or it cites none): the current assessment says nothing of it.
    """
    reqs = current_requirements or {}
    before = {str(f.get("id")): f for f in baseline if f.get("grade") in FOLLOWED_GRADES}
    now = {str(f.get("id")): f for f in current if f.get("grade") in FOLLOWED_GRADES}
    was_open = [fid for fid, f in before.items() if f.get("status", "open") == "open"]
    is_open = {fid for fid, f in now.items() if f.get("status", "open") == "open"}

    def audited_clean(finding: Mapping[str, Any]) -> bool:
        cited = [reqs.get(str(r)) for r in finding.get("requirements") or []]
        return bool(cited) and all(r is not None and r.get("verdict") not in (None, "not-audited", "major-nc",
                                                                               "minor-nc") for r in cited)

    def still_nonconforming(finding: Mapping[str, Any]) -> bool:
        return any((reqs.get(str(r)) or {}).get("verdict") in FOLLOWED_GRADES for r in finding.get("requirements") or [])

    gone = [fid for fid in was_open if fid not in now]
    superseded = [fid for fid in gone if still_nonconforming(before[fid])]
    return {
        "closed": [fid for fid in was_open if fid in now and fid not in is_open],
        "resolved": [fid for fid in gone if audited_clean(before[fid])],
        "carried_over": [fid for fid in was_open if fid in is_open or fid in superseded],
        "opened": [fid for fid in now if fid in is_open and fid not in was_open],
        "not_followed_up": [fid for fid in gone if fid not in superseded and not audited_clean(before[fid])],
    }
