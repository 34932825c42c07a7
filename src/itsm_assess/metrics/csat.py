"""Customer-satisfaction survey results (``metrics compute --csat``), joined to the tickets.

A results file has one row per response: the ticket number, when the customer answered, the score
and perhaps a comment. It is read like the ticket exports (:mod:`itsm_assess.metrics.exports`)
through a column map (bundled: ``csat``) whose ``scale`` declares the score's range (default 1-5)
and from which score a response counts as satisfied (default: the two highest points,
"top-two-box"). Each response is joined on the ticket number to the incident and service request
exports: its team is the ticket's team, its month the month of the response (without a response
date, the month the ticket was resolved). Responses that match no ticket are counted and reported,
never dropped silently. Comments are free text about customers and staff: they are counted, never
read into the results.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import Field, StrictInt

from itsm_assess.change_impact.maps import ColumnMapFile
from itsm_assess.errors import InputError
from itsm_assess.i18n import message, plural_message
from itsm_assess.schema import StrictModel

if TYPE_CHECKING:
    import polars as pl

    from itsm_assess.change_impact.maps import ColumnMap
    from itsm_assess.metrics.exports import Export

#: The month column of the joined responses (yyyymm as a number, like the ticket frames' months).
MONTH = "csat_month"
#: Unmatched ticket numbers shown as examples in metrics.json and the summary.
EXAMPLES = 5
#: The widest scale read (0-100 sliders exist; wider is a mistake in the map).
MAX_POINTS = 101


class Scale(StrictModel):
    """The score's range and the lowest score that counts as satisfied."""

    min: StrictInt = 1
    max: StrictInt = 5
    satisfied_from: StrictInt | None = None

    @property
    def top(self) -> int:
        """The lowest satisfied score: ``satisfied_from``, else the second highest point (top-two-box)."""
        return self.satisfied_from if self.satisfied_from is not None else self.max - 1

    def as_dict(self) -> dict[str, int]:
        return {"min": self.min, "max": self.max, "satisfied_from": self.top}


class CsatMapFile(ColumnMapFile):
    """A column map of survey results: the ticket map's format plus the score's ``scale``."""

    scale: Scale = Field(default_factory=Scale)


def scale_problems(scale: Scale, where: str) -> list[str]:
    """What is wrong with a declared scale (empty: nothing)."""
    if not 2 <= scale.max - scale.min < MAX_POINTS:
        return [message("{where}: scale {min}-{max}: expected at least three points and at most {most}, "
                        "e.g. 1-5, 1-7 or 0-10", where=where, min=scale.min, max=scale.max, most=MAX_POINTS)]
    if scale.satisfied_from is not None and not scale.min < scale.satisfied_from <= scale.max:
        return [message("{where}: satisfied_from {value} is not above {min} and at most {max}, the scale's points",
                        where=where, value=scale.satisfied_from, min=scale.min, max=scale.max)]
    return []


def load_csat_map(ref: str | os.PathLike[str] | None = None) -> ColumnMap:
    """The bundled map ``csat`` or a map file of survey results, its scale checked."""
    from itsm_assess.metrics.exports import CSAT_MAP, load_metrics_map

    return load_metrics_map(ref or CSAT_MAP, "csat", model=CsatMapFile,
                            check=lambda file, where: scale_problems(file.scale, where(("scale",))))


@dataclass
class Responses:
    """Survey responses read and checked: ``frame`` holds ``ticket``, ``score`` and, when the map
    gives it, ``answered_at``; comments are only counted."""

    export: Export
    scale: Scale
    frame: pl.DataFrame
    comments: int

    @property
    def source(self) -> str:
        return self.export.source


def read_responses(path: str | os.PathLike[str], cmap: ColumnMap) -> Responses:
    """Read the results through ``cmap`` (from :func:`load_csat_map`), in one read of the file.

    A score that is not a whole point of the declared scale (or no number at all) stops with its
    ``file:line``, or ``file: Sheet!C7`` in a workbook; so does any other cell that cannot be read.
    """
    import polars as pl

    from itsm_assess.metrics.exports import read_export

    scale = cmap.file.scale if isinstance(cmap.file, CsatMapFile) else Scale()
    export = read_export(path, "csat", cmap, check=False)
    checks = export.checks
    assert checks is not None and export.layout is not None
    rows = checks.plan.collect()  # responses are few beside the tickets: held in memory, the file read once
    score = pl.col("score")
    off_scale = pl.col("__bad_score") | (score.is_not_null() & ((score != score.floor()) | (score < scale.min)
                                                                 | (score > scale.max)))
    flags = rows.select(off_scale.alias("bad")).get_column("bad")
    count = int(flags.sum())
    if count:
        index = int(flags.arg_max() or 0)
        number = rows.get_column("score")[index]
        value = repr(checks.raw_text("score", index)) if number is None else f"{number:g}"
        more = plural_message(" (and one more row)", " (and {count:,} more rows)", count - 1) if count > 1 else ""
        raise InputError(message("{where}: score {value} is not on the {min}–{max} scale; expected a whole number "
                                 "from {min} to {max}, the scale the column map declares{more}",
                                 where=export.layout.where(index, checks.wanted["score"]), value=value,
                                 min=scale.min, max=scale.max, more=more))
    export.settle(*pl.collect_all(checks.queries(rows.lazy())))  # the other cells: dates that cannot be read
    comments = int(rows.get_column("comment").is_not_null().sum()) if export.has("comment") else 0
    keep = [pl.col("ticket").str.strip_chars(), score]
    if export.has("answered_at"):
        keep.append(pl.col("answered_at"))
    # the comments' text goes no further than this count
    return Responses(export=export, scale=scale, frame=rows.select(keep), comments=comments)


# --------------------------------------------------------------------------- the join

#: The column that flags, in a ticket export's plan, the tickets some scored response names.
ANSWERED = "csat_answered"


def ticket_key(ticket: pl.Expr) -> pl.Expr:
    """The ticket number as the join reads it: spaces around it and letter case ignored
    (``" inc0012345 "`` matches ``INC0012345``)."""
    return ticket.str.strip_chars().str.to_uppercase()


def answered_keys(responses: Responses) -> pl.Series:
    """The ticket numbers (as :func:`ticket_key` reads them) that some scored response names."""
    import polars as pl

    return (responses.frame.filter(pl.col("score").is_not_null()).select(ticket_key(pl.col("ticket")))
            .get_column("ticket").drop_nulls().unique())


def flag_answered(tickets: pl.LazyFrame, keys: pl.Series) -> pl.LazyFrame:
    """``tickets`` (an incident or request plan) with :data:`ANSWERED`: the ticket has a scored response."""
    import polars as pl

    return tickets.with_columns(ticket_key(pl.col("id")).is_in(keys.implode()).alias(ANSWERED))


def answered_tickets(tickets: pl.LazyFrame, has_resolved: bool) -> pl.LazyFrame:
    """The answered tickets of a plan flagged by :func:`flag_answered`: their key, team and resolution
    time, the few rows the join needs from the streamed export."""
    import polars as pl

    resolved = pl.col("resolved_at") if has_resolved else pl.lit(None, dtype=pl.Datetime("us"))
    return tickets.filter(pl.col(ANSWERED)).select(ticket_key(pl.col("id")).alias("key"), pl.col("team"),
                                                   resolved.alias("resolved_at"))


def join_tickets(responses: Responses, tickets: list[pl.DataFrame]) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The scored responses that match one of the answered ``tickets`` (:func:`answered_tickets` of
    the incidents and requests), with the ticket's ``team`` and the month ``csat_month``; and the
    counts metrics.json reports (``csat``)."""
    import polars as pl

    frame = responses.frame
    scored = frame.filter(pl.col("score").is_not_null()).with_columns(ticket_key(pl.col("ticket")).alias("key"))
    if tickets:
        found = (pl.concat([t.with_columns(pl.col("team").cast(pl.String)) for t in tickets])
                 .unique("key", keep="first", maintain_order=True))
        joined = scored.join(found, on="key", how="left")
    else:
        joined = scored.with_columns(pl.lit(None, dtype=pl.String).alias("team"))
    matched = joined.filter(pl.col("team").is_not_null())
    unmatched = joined.filter(pl.col("team").is_null()).get_column("ticket")
    months = [pl.col(c) for c in ("answered_at", "resolved_at") if c in matched.columns]
    when = pl.coalesce(months) if months else pl.lit(None, dtype=pl.Datetime("us"))
    matched = matched.with_columns((when.dt.year() * 100 + when.dt.month()).alias(MONTH))
    counts: dict[str, Any] = {
        "source": responses.source, "responses": frame.height, "scored": scored.height, "matched": matched.height,
        "unmatched": unmatched.len(), "unmatched_examples": unmatched.drop_nulls().unique(maintain_order=True)
        .head(EXAMPLES).to_list(), "scale": responses.scale.as_dict(), "comments": responses.comments,
    }
    return matched.select("team", MONTH, "score"), counts


def counted_in_period(joined: pl.DataFrame, months: list[str]) -> int:
    """Matched responses whose month lies in the period (the base of the KPIs' overall figure)."""
    import polars as pl

    keys = [int(m[:4]) * 100 + int(m[5:7]) for m in months]
    return joined.filter(pl.col(MONTH).is_in(keys)).height


def csat_aggregates(name: str, scale: Scale) -> tuple[pl.Expr, pl.Expr]:
    """The value and ``n`` of ``csat.satisfied`` (share of scores at or above the scale's satisfied
    point) or ``csat.mean`` (mean score) over the joined responses of one level."""
    import polars as pl

    score = pl.col("score")
    if name == "satisfied":
        satisfied = score >= scale.top
        return satisfied.cast(pl.Float64).mean(), satisfied.count()
    if name == "mean":
        return score.mean(), score.count()
    raise AssertionError(name)  # pragma: no cover - kpis.yaml and this function go together
