"""Data checks: KPIs beyond a threshold point at requirements to sample (``checks.yaml``).

A check is a lead for the auditor, never a finding by itself: the grade says what it would likely
be if sampling confirms it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, StrictFloat, StrictInt, StrictStr

from itsm_assess.schema import Identifier, LocalizedText, SchemaVersion, StrictModel

if TYPE_CHECKING:
    from itsm_assess.metrics.compute import MetricsResult


class CheckRule(StrictModel):
    id: Identifier
    kpi: StrictStr
    above: StrictFloat | StrictInt | None = None
    below: StrictFloat | StrictInt | None = None
    min_n: StrictInt = Field(default=1, ge=1)
    grade: Literal["minor-nc", "observation", "ofi"]
    requirements: list[StrictStr] = Field(min_length=1)
    text: LocalizedText


class _ChecksFile(StrictModel):
    schema_version: SchemaVersion
    checks: list[CheckRule]


@functools.lru_cache(maxsize=1)
def check_rules() -> tuple[CheckRule, ...]:
    from itsm_assess.loading import load_yaml, validate
    from itsm_assess.resources import package_data

    return tuple(validate(_ChecksFile, load_yaml(package_data("metrics", "checks.yaml"))).checks)


@dataclass(frozen=True)
class CheckHit:
    rule: CheckRule
    value: float
    n: int

    @property
    def count(self) -> int:
        """Records behind a share (value x n, rounded)."""
        return round(self.value * self.n)

    def text(self, lang: str) -> str:
        from itsm_assess.i18n import localize
        from itsm_assess.i18n.formats import digits_beside, format_number, format_percent

        # "Only 89.8 % … met their target" against a 90 % threshold: never rounded onto the threshold.
        threshold = self.rule.above if self.rule.above is not None else self.rule.below
        share = not (self.rule.above is not None and self.rule.above > 1)
        digits = digits_beside(self.value, threshold, 0, percent=share)
        shown = format_percent(self.value, lang, digits) if share else format_number(self.value, lang, digits)
        return localize(self.rule.text, lang).format(value=shown, n=self.n, count=self.count)

    def as_dict(self) -> dict[str, Any]:
        from itsm_assess.i18n import LANGUAGES

        return {"id": self.rule.id, "kpi": self.rule.kpi, "grade": self.rule.grade, "requirements": self.rule.requirements,
                "value": round(self.value, 6), "n": self.n, "threshold": self.rule.above if self.rule.above is not None
                else self.rule.below, "direction": "above" if self.rule.above is not None else "below",
                "text": {lang: self.text(lang) for lang in LANGUAGES}}


def data_checks(result: MetricsResult) -> list[CheckHit]:
    """The checks whose KPI, over all teams and the period, lies beyond the threshold."""
    hits = []
    for rule in check_rules():
        kpi = next((k for k in result.kpis if k.definition.id == rule.kpi), None)
        if kpi is None or not kpi.computable or kpi.overall is None:
            continue
        value, n = kpi.overall.value, kpi.overall.n
        if not isinstance(value, float) or n < rule.min_n:
            continue
        if (rule.above is not None and value > rule.above) or (rule.below is not None and value < rule.below):
            hits.append(CheckHit(rule, value, n))
    return hits
