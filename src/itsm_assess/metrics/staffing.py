"""``staffing.yaml``: agents (FTE) per team and month, and what an FTE costs.

::

    schema_version: 1
    currency: EUR
    annual_cost_per_fte: 58000          # every team, unless the team says otherwise
    teams:
      Palvelupiste Helsinki:
        fte: 6.0                        # every month
        months: {2025-07: 4.0}          # months that differ (holidays)
      Lähitukitiimi Tampere:
        fte: 3.5
        annual_cost_per_fte: 61000
    working_days: {2025-12: 19}         # months whose working days are not Monday to Friday

Working days default to the Monday-to-Friday days of the month (public holidays are not known
to the tool: give them in ``working_days``).
"""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field, StrictFloat, StrictInt, StrictStr

from itsm_assess.i18n import message
from itsm_assess.schema import SchemaVersion, StrictModel

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _check_month(v: str) -> str:
    if not _MONTH.match(v):
        raise ValueError(message("{value!r} is not a month; expected YYYY-MM, e.g. 2025-03", value=v))
    return v


Month = Annotated[str, AfterValidator(_check_month)]
Amount = Annotated[StrictFloat | StrictInt, Field(ge=0)]


class TeamStaffing(StrictModel):
    fte: Amount | None = None
    months: dict[Month, Amount] = Field(default_factory=dict)
    annual_cost_per_fte: Amount | None = None


class StaffingFile(StrictModel):
    schema_version: SchemaVersion
    currency: StrictStr = "EUR"
    annual_cost_per_fte: Amount | None = None
    teams: dict[StrictStr, TeamStaffing] = Field(min_length=1)
    working_days: dict[Month, Annotated[StrictInt, Field(ge=0, le=31)]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Staffing:
    file: StaffingFile
    source: str

    def fte(self, team: str, month: str) -> float | None:
        entry = self.file.teams.get(team)
        if entry is None:
            return None
        value = entry.months.get(month, entry.fte)
        return None if value is None else float(value)

    def monthly_cost_per_fte(self, team: str) -> float | None:
        entry = self.file.teams.get(team)
        cost = entry.annual_cost_per_fte if entry and entry.annual_cost_per_fte is not None else self.file.annual_cost_per_fte
        return None if cost is None else float(cost) / 12

    def working_days(self, month: str) -> int:
        if month in self.file.working_days:
            return self.file.working_days[month]
        return weekdays(month)


def weekdays(month: str) -> int:
    """Monday-to-Friday days of ``YYYY-MM``."""
    year, mon = (int(p) for p in month.split("-"))
    return sum(1 for day in range(1, calendar.monthrange(year, mon)[1] + 1) if calendar.weekday(year, mon, day) < 5)


def load_staffing(path: str | os.PathLike[str]) -> Staffing:
    from itsm_assess.loading import load_yaml, validate

    doc = load_yaml(path)
    return Staffing(validate(StaffingFile, doc), doc.where())
