"""Column maps: which cells of a tool export feed which attribute of a change, and how.

A map (YAML) names, for each attribute or record field, where its text comes from and how it is
read::

    columns:
      id: number                                          # a column, as it is
      recorded_category:
        column: type
        values: {Standard: standard, Expedited: normal}   # value map (case-insensitive; * and ? patterns)
      kind: {value: modification}                         # a constant for every row
      emergency_reason: {column: u_reason, default: none} # used when the cell is empty
      services: {column: u_services, split: "|"}          # list separators (default "," and ";")
      recorded_approvals:                                 # derived: columns joined with "|", then mapped
        join: [state, approval, cab_required]
        values: {"new|*": "", "*|approved|true": cab, "*": "-"}
      lead_time_days: {days_between: [opened_at, start_date]}
      cost_eur: {column: u_cost, required: false}         # the column may be absent: attribute missing

A value mapped to ``""`` leaves the attribute missing (never a default); ``-`` is an empty list
(recorded, and nothing in it). The ``servicenow`` and ``jira`` maps ship with the package and read
stock exports; ``change init-map`` copies one to edit.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import Field, StrictBool, StrictStr, field_validator

from itsm_assess.change_impact.policy import Policy
from itsm_assess.change_impact.records import converter, number_format
from itsm_assess.change_impact.terms import RECORD_FIELDS
from itsm_assess.errors import InputError
from itsm_assess.i18n import message
from itsm_assess.loading import load_yaml, validate
from itsm_assess.resources import package_data
from itsm_assess.schema import Identifier, LanguageCode, LocalizedText, SchemaVersion, StrictModel

BUNDLED_MAPS = ("servicenow", "jira")
EMPTY_LIST = "-"
JOINER = "|"
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
                 "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d/%b/%y %I:%M %p", "%d/%b/%y")


class MapInfo(StrictModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None


class ColumnSpec(StrictModel):
    """Where one attribute's text comes from: exactly one of ``column``, ``join``, ``days_between``, ``value``."""

    column: StrictStr | None = None
    join: list[StrictStr] | None = Field(default=None, min_length=1)
    days_between: list[StrictStr] | None = Field(default=None, min_length=2, max_length=2)
    value: StrictStr | None = None
    values: dict[StrictStr, StrictStr] = Field(default_factory=dict)
    default: StrictStr | None = None
    split: StrictStr | None = Field(default=None, min_length=1)
    required: StrictBool = True

    @property
    def sources(self) -> list[str]:
        """The columns this attribute reads."""
        return [self.column] if self.column is not None else list(self.join or self.days_between or [])


class ColumnMapFile(StrictModel):
    """A column map: which export column feeds which attribute."""

    schema_version: SchemaVersion
    map: MapInfo
    sheet: StrictStr | None = None
    #: How numbers are written in the export, as a language code: ``en`` (1,200 and 1.5), ``fi``
    #: (1 200 and 1,5), or any other whose number format Babel knows (``sv``, ``de``).
    #: Without it, a number that could be read two ways (1,200 / 1.200) rejects its row.
    locale: LanguageCode | None = None
    columns: dict[StrictStr, StrictStr | ColumnSpec] = Field(min_length=1)

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str | None) -> str | None:
        if value is not None:
            number_format(value)  # refuses a locale whose number format is not known
        return value


@dataclass
class ColumnMap:
    file: ColumnMapFile
    source: str

    def specs(self) -> dict[str, ColumnSpec]:
        return {k: (ColumnSpec(column=v) if isinstance(v, str) else v) for k, v in self.file.columns.items()}


def bundled_map_path(name: str) -> Path:
    """The file of a bundled map (``servicenow``, ``jira``)."""
    if name not in BUNDLED_MAPS:
        raise InputError(message("no bundled map {name!r}; bundled: {names}", name=name, names=', '.join(BUNDLED_MAPS)))
    return package_data("change_impact", "maps", f"{name}.yaml")


def load_column_map(ref: str | os.PathLike[str]) -> ColumnMap:
    """A bundled map by name (``servicenow``, ``jira``) or a map file."""
    name = str(ref)
    path = bundled_map_path(name) if name in BUNDLED_MAPS else Path(name)
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError(message("{place}: expected a column map with schema_version, map and columns", place=doc.where()))
    cmap = ColumnMap(validate(ColumnMapFile, doc), doc.where())
    problems = []
    for target, spec in cmap.specs().items():
        given = [k for k in ("column", "join", "days_between", "value") if getattr(spec, k) is not None]
        if len(given) != 1:
            problems.append(message("{place}: columns.{target}: give exactly one of column, join, days_between or value (found {value})", place=doc.where(('columns', target)), target=target, value=', '.join(given) or message('none')))
    if problems:
        raise InputError(problems)
    return cmap


def check_map(cmap: ColumnMap, policy: Policy) -> None:
    """Every mapped target must be a policy attribute or a record field."""
    problems = []
    for target in cmap.file.columns:
        if target not in policy.attributes and target not in RECORD_FIELDS:
            problems.append(
                message("{source}: columns.{target}: {target!r} is neither an attribute of policy {id!r} nor a record field ({names})", source=cmap.source, target=target, id=policy.id, names=', '.join(RECORD_FIELDS))
            )
    if problems:
        raise InputError(problems)


def _value_map(values: dict[str, str]) -> Callable[[str], str]:
    """Exact (case-insensitive) keys first, then ``*``/``?`` patterns in the order given; else the text as it is."""
    exact = {k.strip().casefold(): v for k, v in values.items() if not any(c in k for c in "*?[")}
    patterns = [(re.compile(fnmatch.translate(k.strip().casefold()), re.DOTALL).match, v)
                for k, v in values.items() if any(c in k for c in "*?[")]

    def mapped(text: str) -> str:
        key = text.strip().casefold()
        found = exact.get(key)
        if found is not None:
            return found
        for match, target in patterns:
            if match(key):
                return target
        return text

    return mapped


def _parse_date(text: str) -> date:
    s = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(message("{value!r} is not a date; expected e.g. 2025-03-01 10:00 or 1.3.2025", value=s))


def _days_between(text: str) -> str:
    first, _, second = text.partition(JOINER)
    if not first.strip() or not second.strip():
        return ""
    return str((_parse_date(second) - _parse_date(first)).days)


def column_converter(target: str, spec: ColumnSpec, policy: Policy, number_locale: str | None = None
                     ) -> Callable[[str], Any]:
    """The function turning the text a spec yields (a cell, joined cells, a constant) into the attribute's value."""
    conv = converter(target, policy, number_locale)
    attr = policy.attributes.get(target)
    is_list = target == "recorded_approvals" or (attr is not None and attr.type == "list")
    mapped = _value_map(spec.values) if spec.values else None
    separators = spec.split
    default = spec.default

    def convert(raw: str) -> Any:
        text = raw
        if spec.days_between is not None:
            text = _days_between(text)
        if default is not None and not text.strip():
            text = default
        if is_list and (spec.column is not None or spec.value is not None):
            items = [text]
            for sep in separators or ",;":
                items = [p for part in items for p in part.split(sep)]
            items = [p.strip() for p in items if p.strip()]
            if mapped is not None:
                items = [mapped(p) for p in items]
            if items and all(p == EMPTY_LIST for p in items):
                return ()
            text = ",".join(p for p in items if p)
        elif mapped is not None:
            text = mapped(text)
            if is_list and text.strip() == EMPTY_LIST:
                return ()
        v = conv(text)
        if v is None and target == "recorded_approvals" and spec.column is not None:
            return ()  # the approvals column is there but empty: nothing was approved
        return v

    return convert


def _constant(text: str, row: list[str]) -> str:
    return text


def _joined(cols: list[int], row: list[str]) -> str:
    return JOINER.join(row[i].strip() for i in cols)


def plan_columns(header: list[str], cmap: ColumnMap, policy: Policy, where: str
                 ) -> tuple[list[tuple[str, int, Callable[[str], Any]]], Callable[[list[str]], list[str]] | None,
                            list[str]]:
    """``(target, column index, converter)`` for every mapped attribute present, the function adding the
    derived columns to a row (None when the map derives none), and the names of those columns."""
    check_map(cmap, policy)
    index = {h: i for i, h in enumerate(header) if h}
    width = len(header)
    plan: list[tuple[str, int, Callable[[str], Any]]] = []
    derived: list[Callable[[list[str]], str]] = []
    names: list[str] = []
    absent = []
    for target, spec in cmap.specs().items():
        missing = [c for c in spec.sources if c not in index]
        if missing:
            if spec.required and spec.default is None:
                absent.extend(missing)
                continue
            if spec.default is None:
                continue
            spec = spec.model_copy(update={"value": spec.default, "column": None, "join": None, "days_between": None})
        conv = column_converter(target, spec, policy, cmap.file.locale)
        if spec.column is not None:
            plan.append((target, index[spec.column], conv))
            continue
        if spec.value is not None:
            derived.append(partial(_constant, spec.value))
            names.append(f"{target} = {spec.value!r}")
        else:
            derived.append(partial(_joined, [index[c] for c in spec.sources]))
            names.append(f"{'days between' if spec.days_between else 'joined'} {', '.join(spec.sources)}")
        plan.append((target, width + len(derived) - 1, conv))
    if absent:
        raise InputError(message("{where}: columns {names} of map {id!r} are not in the header; found: {found}", where=where, names=', '.join(repr(c) for c in dict.fromkeys(absent)), id=cmap.file.map.id, found=', '.join(h for h in header if h)))
    if not derived:
        return plan, None, names

    def extend(row: list[str]) -> list[str]:
        if len(row) < width:
            row = row + [""] * (width - len(row))
        elif len(row) > width:
            row = row[:width]
        return row + [f(row) for f in derived]

    return plan, extend, names
