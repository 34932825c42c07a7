"""The KPI definitions (``kpis.yaml``): id, unit, which way is better, fields needed, evidence."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, StrictStr

from itsm_assess.schema import Identifier, LanguageCode, LocalizedText, SchemaVersion, StrictModel

#: ``scale``: a mean on the scale of its source (survey scores, 1-5 unless declared otherwise).
Unit = Literal["count", "shares", "share", "hours", "days", "ratio", "money", "scale"]
Better = Literal["higher", "lower", "none"]
TICKET_KINDS = {"incident": "inc", "request": "req"}


class _TicketKpiEntry(StrictModel):
    id: Identifier
    unit: Unit
    better: Better
    fields: list[StrictStr] = Field(min_length=1)
    evidences: dict[Literal["incident", "request"], list[StrictStr]]
    title: LocalizedText


class _KpiEntry(StrictModel):
    id: StrictStr
    unit: Unit
    better: Better
    fields: list[StrictStr] = Field(min_length=1)
    evidences: list[StrictStr]
    title: LocalizedText


class _KpiFile(StrictModel):
    schema_version: SchemaVersion
    #: Per ticket kind and language, the words a ticket KPI title is filled with ({Kind}, {kind}, ...).
    ticket_kinds: dict[Literal["incident", "request"], dict[LanguageCode, dict[StrictStr, StrictStr]]]
    ticket_kpis: list[_TicketKpiEntry]
    kpis: list[_KpiEntry]


@dataclass(frozen=True)
class KpiDefinition:
    """One KPI: ``id`` (``inc.sla_attainment``), unit, direction, fields (``kind.field``; ``a|b``: either)."""

    id: str
    unit: Unit
    better: Better
    fields: tuple[str, ...]
    evidences: tuple[str, ...]
    title: dict[str, str]

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]


@functools.lru_cache(maxsize=1)
def kpi_definitions() -> dict[str, KpiDefinition]:
    """Every KPI by id, in the order of ``kpis.yaml`` (incident KPIs, request KPIs, then the others)."""
    from itsm_assess.loading import load_yaml, validate
    from itsm_assess.resources import package_data

    data = validate(_KpiFile, load_yaml(package_data("metrics", "kpis.yaml")))
    out: dict[str, KpiDefinition] = {}
    kind: Literal["incident", "request"]
    for kind, prefix in (("incident", "inc"), ("request", "req")):
        words = data.ticket_kinds[kind]
        for entry in data.ticket_kpis:
            out[f"{prefix}.{entry.id}"] = KpiDefinition(
                id=f"{prefix}.{entry.id}", unit=entry.unit, better=entry.better,
                fields=tuple(f"{kind}.{f}" for f in entry.fields), evidences=tuple(entry.evidences[kind]),
                title={lang: text.format(**words.get(lang, words["en"])) for lang, text in entry.title.items()})
    for e in data.kpis:
        out[e.id] = KpiDefinition(id=e.id, unit=e.unit, better=e.better, fields=tuple(e.fields),
                                  evidences=tuple(e.evidences), title=dict(e.title))
    return out
