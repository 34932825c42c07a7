"""The change management policy file: model, loading, cross-checks and compiled conditions.

A policy (``policies/default.yaml`` is the documented example) declares

* ``policy``: identity, title, version, languages;
* ``change_control``: the services (with their criticality) and CI classes under change control;
* ``attributes``: every attribute a change record may carry, with its type; conditions may
  only read declared attributes (plus the built-in ``kind`` and ``standard_model``);
* ``roles`` and ``artefacts``: who approves, and what is produced;
* ``categories``: standard (pre-approved models with conditions), normal, emergency (criteria);
* ``impact``: levels in ascending order, the last one being major, each with named criteria;
* ``release``: when release and deployment management (8.5.3) is needed;
* ``outcomes``: approvals, artefacts and whether a project is expected, first match wins;
* ``examples``: worked examples shown in the guidance document.

:func:`load_policy` validates all of it and reports every problem as ``file:line:col``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, StrictBool, StrictStr

from itsm_assess.change_impact.conditions import (
    AttributeType,
    Compiled,
    Condition,
    ConditionError,
    Node,
    compile_condition,
    parse_condition,
)
from itsm_assess.errors import InputError
from itsm_assess.loading import (
    YamlDocument,
    format_loc,
    load_yaml,
    parse_yaml,
    validate,
)
from itsm_assess.resources import package_data
from itsm_assess.schema import (
    Identifier,
    LanguageCode,
    LocalizedText,
    SchemaVersion,
    StrictModel,
    Version,
)

KINDS = ("new-service", "service-removal", "service-transfer", "modification")
CATEGORIES = ("standard", "normal", "emergency")
DESIGN_TRANSITION = "service-design-and-transition"
CHANGE_MANAGEMENT = "change-management"
RELEASE_DEPLOYMENT = "release-and-deployment"
ROUTE_CLAUSES = {DESIGN_TRANSITION: "8.5.2", CHANGE_MANAGEMENT: "8.5.1.3", RELEASE_DEPLOYMENT: "8.5.3"}
ROUTE_TITLES = {
    DESIGN_TRANSITION: {"en": "service design and transition", "fi": "palvelujen suunnittelu ja siirto tuotantoon"},
    CHANGE_MANAGEMENT: {"en": "change management activities", "fi": "muutoksenhallinnan toiminnot"},
    RELEASE_DEPLOYMENT: {"en": "release and deployment management", "fi": "julkaisun- ja käyttöönotonhallinta"},
}
KIND_TITLES = {
    "new-service": {"en": "new service", "fi": "uusi palvelu"},
    "service-removal": {"en": "service removal", "fi": "palvelun poisto"},
    "service-transfer": {"en": "service transfer", "fi": "palvelun siirto"},
    "modification": {"en": "modification of an existing service", "fi": "olemassa olevan palvelun muutos"},
}
#: Fields a change record may carry that are not policy attributes: identity and what was recorded.
RECORD_FIELDS = ("id", "title", "recorded_category", "recorded_approvals", "recorded_route")
BUILTIN_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "kind": {"type": "choice", "values": list(KINDS),
             "title": {"en": "Kind of change", "fi": "Muutoksen laji"}},
    "standard_model": {"type": "text",
                       "title": {"en": "Standard change model named", "fi": "Nimetty vakiomuutosmalli"}},
}
CRITICALITY_ATTRIBUTE = "service_criticality"
SERVICES_ATTRIBUTE = "services"


def default_policy_path() -> Path:
    """The documented default policy shipped with the package."""
    return package_data("change_impact", "policies", "default.yaml")


class PolicyInfo(StrictModel):
    id: Identifier
    title: LocalizedText
    version: Version
    languages: list[LanguageCode] = Field(min_length=1)
    owner: LocalizedText | None = None
    description: LocalizedText | None = None


class Service(StrictModel):
    id: Identifier
    title: LocalizedText
    criticality: StrictStr
    owner: StrictStr | None = None


class CiClass(StrictModel):
    id: Identifier
    title: LocalizedText


class ChangeControl(StrictModel):
    description: LocalizedText | None = None
    services: list[Service] = Field(default_factory=list)
    ci_classes: list[CiClass] = Field(default_factory=list)
    excluded: list[LocalizedText] = Field(default_factory=list)


class AttributeDef(StrictModel):
    """An attribute of a change. ``values`` is a plain list of value ids, or a mapping of each id to
    its localised label (``{critical: {en: critical, fi: kriittinen}}``), in order for an ordered choice."""

    type: Literal["text", "choice", "number", "boolean", "list"]
    title: LocalizedText
    description: LocalizedText | None = None
    values: list[StrictStr] | dict[StrictStr, LocalizedText] | None = None
    ordered: StrictBool = False
    unit: StrictStr | LocalizedText | None = None

    @property
    def value_ids(self) -> list[str]:
        """The values the attribute takes (the ids that changes, conditions and exports use)."""
        return list(self.values or ())

    @property
    def value_labels(self) -> dict[str, dict[str, str]]:
        """The localised label of each value that has one."""
        return dict(self.values) if isinstance(self.values, dict) else {}


class Titled(StrictModel):
    title: LocalizedText
    description: LocalizedText | None = None


class StandardModel(StrictModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    when: Any
    artefacts: list[Identifier] = Field(default_factory=list)


class StandardCategory(StrictModel):
    title: LocalizedText
    description: LocalizedText | None = None
    models: list[StandardModel] = Field(default_factory=list)


class EmergencyCategory(StrictModel):
    title: LocalizedText
    description: LocalizedText | None = None
    approval_path: LocalizedText | None = None
    when: Any


class Categories(StrictModel):
    standard: StandardCategory
    normal: Titled
    emergency: EmergencyCategory


class Criterion(StrictModel):
    id: Identifier
    title: LocalizedText
    when: Any


class ImpactLevel(StrictModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    criteria: list[Criterion] = Field(default_factory=list)


class Impact(StrictModel):
    description: LocalizedText | None = None
    levels: list[ImpactLevel] = Field(min_length=2)


class Release(StrictModel):
    description: LocalizedText | None = None
    when: Any
    approvals: list[Identifier] = Field(default_factory=list)
    artefacts: list[Identifier] = Field(default_factory=list)


class OutcomeMatch(StrictModel):
    category: list[Literal["standard", "normal", "emergency"]] | None = None
    impact: list[Identifier] | None = None
    route: list[Literal["service-design-and-transition", "change-management"]] | None = None
    kind: list[Literal["new-service", "service-removal", "service-transfer", "modification"]] | None = None


class Outcome(StrictModel):
    id: Identifier
    title: LocalizedText
    match: OutcomeMatch = Field(default_factory=OutcomeMatch)
    approvals: list[Identifier] = Field(default_factory=list)
    artefacts: list[Identifier] = Field(default_factory=list)
    project_expected: StrictBool = False
    note: LocalizedText | None = None


class Example(StrictModel):
    title: LocalizedText
    note: LocalizedText | None = None
    change: dict[StrictStr, Any]


class PolicyFile(StrictModel):
    """A change management policy file."""

    schema_version: SchemaVersion
    policy: PolicyInfo
    change_control: ChangeControl
    attributes: dict[Identifier, AttributeDef]
    roles: dict[Identifier, Titled]
    artefacts: dict[Identifier, Titled]
    categories: Categories
    impact: Impact
    release: Release
    outcomes: list[Outcome] = Field(min_length=1)
    examples: list[Example] = Field(default_factory=list)


@dataclass
class CompiledCriterion:
    id: str
    level: str
    test: Compiled
    condition: Condition


class PolicyMemo:
    """What one run (a change batch) works out from a policy once and reuses: the criticality
    derived from each set of services, and the wording per language (``explain.vocabulary``).

    Owned by the run, not by the :class:`Policy`, so that a loaded policy stays as loaded and
    two runs never see each other's state.
    """

    def __init__(self) -> None:
        self.derived: dict[tuple[str, ...], Any] = {}
        self.vocabularies: dict[str, Any] = {}


@dataclass
class Policy:
    """A validated policy with its conditions compiled once, ready for :func:`classify`."""

    file: PolicyFile
    source: str
    attributes: dict[str, AttributeType]
    conditions: dict[str, Condition] = field(default_factory=dict)
    emergency: Compiled | None = None
    release: Compiled | None = None
    standard_models: dict[str, tuple[Compiled, Condition]] = field(default_factory=dict)
    levels_desc: list[tuple[str, list[CompiledCriterion]]] = field(default_factory=list)
    lowest_level: str = "minor"
    service_criticality: dict[str, str] = field(default_factory=dict)
    model_parts: dict[str, list[tuple[Condition, Compiled]]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.file.policy.id

    @property
    def major_level(self) -> str:
        return self.file.impact.levels[-1].id


def _attribute_types(pf: PolicyFile, doc: YamlDocument, problems: list[str]) -> dict[str, AttributeType]:
    types: dict[str, AttributeType] = {}
    for name, spec in BUILTIN_ATTRIBUTES.items():
        types[name] = AttributeType(spec["type"], tuple(spec.get("values", ())), False)
    for name, attr in pf.attributes.items():
        loc: tuple[int | str, ...] = ("attributes", name)
        if name in BUILTIN_ATTRIBUTES or name in RECORD_FIELDS:
            problems.append(f"{doc.where(loc)}: attributes.{name}: {name!r} is built in; remove it from attributes")
            continue
        if attr.type == "choice" and not attr.values:
            problems.append(f"{doc.where(loc)}: attributes.{name}: a choice needs its values listed")
        if attr.ordered and attr.type != "choice":
            problems.append(f"{doc.where((*loc, 'ordered'))}: attributes.{name}.ordered: only a choice can be ordered")
        if attr.values is not None and attr.type not in ("choice", "list"):
            problems.append(f"{doc.where((*loc, 'values'))}: attributes.{name}.values: only choice and list attributes take values")
        if attr.values and len(set(attr.value_ids)) != len(attr.value_ids):
            problems.append(f"{doc.where((*loc, 'values'))}: attributes.{name}.values: values must be unique")
        if attr.unit is not None and attr.type != "number":
            problems.append(f"{doc.where((*loc, 'unit'))}: attributes.{name}.unit: only a number takes a unit")
        types[name] = AttributeType(attr.type, tuple(attr.value_ids), attr.ordered)
    return types


def _cond(
    data: Any, loc: tuple[int | str, ...], types: dict[str, AttributeType], doc: YamlDocument, problems: list[str]
) -> Condition | None:
    try:
        return parse_condition(data, types, loc)
    except ConditionError as exc:
        problems.append(f"{doc.where(exc.loc)}: {format_loc(exc.loc)}: {exc.message}")
        return None


def build_policy(doc: YamlDocument) -> Policy:
    """Validate a parsed policy document and compile it; raises :class:`InputError` listing every problem."""
    if not isinstance(doc.data, dict):
        raise InputError(f"{doc.where()}: expected a change policy: a mapping with schema_version, policy, attributes, ...")
    pf = validate(PolicyFile, doc)
    problems: list[str] = []
    types = _attribute_types(pf, doc, problems)
    pol = Policy(pf, doc.where(), types)

    def ref_check(ids: list[str], vocab: dict[str, Any], loc: tuple[int | str, ...], what: str) -> None:
        for i, rid in enumerate(ids):
            if rid not in vocab:
                problems.append(
                    f"{doc.where((*loc, i))}: {format_loc((*loc, i))}: unknown {what} {rid!r}; "
                    f"declared: {', '.join(vocab) or '(none)'}"
                )

    # Service criticality must be one of the criticality attribute's values when it is declared.
    loc: tuple[int | str, ...]
    crit = pf.attributes.get(CRITICALITY_ATTRIBUTE)
    for i, svc in enumerate(pf.change_control.services):
        if crit is not None and crit.values and svc.criticality not in crit.value_ids:
            loc = ("change_control", "services", i, "criticality")
            problems.append(f"{doc.where(loc)}: {format_loc(loc)}: {svc.criticality!r} is not one of "
                            f"{CRITICALITY_ATTRIBUTE}'s values ({', '.join(crit.value_ids)})")
        pol.service_criticality[svc.id] = svc.criticality

    seen: set[str] = set()
    for i, model in enumerate(pf.categories.standard.models):
        loc = ("categories", "standard", "models", i)
        if model.id in seen:
            problems.append(f"{doc.where((*loc, 'id'))}: {format_loc((*loc, 'id'))}: duplicate model id {model.id!r}")
        seen.add(model.id)
        c = _cond(model.when, (*loc, "when"), types, doc, problems)
        if c is not None:
            pol.standard_models[model.id] = (compile_condition(c, types), c)
            parts = c.parts if isinstance(c, Node) and c.kind == "all" else (c,)
            pol.model_parts[model.id] = [(p, compile_condition(p, types)) for p in parts]
            pol.conditions[f"standard.{model.id}"] = c
        ref_check(model.artefacts, pf.artefacts, (*loc, "artefacts"), "artefact")

    c = _cond(pf.categories.emergency.when, ("categories", "emergency", "when"), types, doc, problems)
    if c is not None:
        pol.emergency = compile_condition(c, types)
        pol.conditions["emergency"] = c
    c = _cond(pf.release.when, ("release", "when"), types, doc, problems)
    if c is not None:
        pol.release = compile_condition(c, types)
        pol.conditions["release"] = c
    ref_check(pf.release.approvals, pf.roles, ("release", "approvals"), "role")
    ref_check(pf.release.artefacts, pf.artefacts, ("release", "artefacts"), "artefact")

    level_ids = [lv.id for lv in pf.impact.levels]
    if len(set(level_ids)) != len(level_ids):
        problems.append(f"{doc.where(('impact', 'levels'))}: impact.levels: level ids must be unique")
    if pf.impact.levels[0].criteria:
        loc = ("impact", "levels", 0, "criteria")
        problems.append(f"{doc.where(loc)}: {format_loc(loc)}: the lowest level applies when no higher "
                        "criterion matches; it takes no criteria")
    criterion_ids: set[str] = set()
    for li, level in enumerate(pf.impact.levels):
        compiled: list[CompiledCriterion] = []
        for ci, crit_def in enumerate(level.criteria):
            loc = ("impact", "levels", li, "criteria", ci)
            if crit_def.id in criterion_ids:
                problems.append(f"{doc.where((*loc, 'id'))}: {format_loc((*loc, 'id'))}: duplicate criterion id {crit_def.id!r}")
            criterion_ids.add(crit_def.id)
            c = _cond(crit_def.when, (*loc, "when"), types, doc, problems)
            if c is not None:
                compiled.append(CompiledCriterion(crit_def.id, level.id, compile_condition(c, types), c))
                pol.conditions[f"impact.{crit_def.id}"] = c
        pol.levels_desc.insert(0, (level.id, compiled))
    pol.lowest_level = level_ids[0]

    for i, out in enumerate(pf.outcomes):
        loc = ("outcomes", i)
        ref_check(out.approvals, pf.roles, (*loc, "approvals"), "role")
        ref_check(out.artefacts, pf.artefacts, (*loc, "artefacts"), "artefact")
        for j, lv in enumerate(out.match.impact or []):
            if lv not in level_ids:
                problems.append(f"{doc.where((*loc, 'match', 'impact', j))}: outcomes[{i}].match.impact[{j}]: "
                                f"unknown impact level {lv!r}; declared: {', '.join(level_ids)}")
    last = pf.outcomes[-1].match
    if any(v is not None for v in (last.category, last.impact, last.route, last.kind)):
        loc = ("outcomes", len(pf.outcomes) - 1, "match")
        problems.append(f"{doc.where(loc)}: {format_loc(loc)}: the last outcome must match every change "
                        "(leave out match) so that no change is left without approvals")

    if problems:
        raise InputError(problems)

    # Worked examples are classified in the guide: check them like a change file.
    from itsm_assess.change_impact.classify import record_from_mapping

    def example_place(i: int) -> Callable[[tuple[str, ...]], str]:
        return lambda key: doc.where(("examples", i, "change", *key))

    for i, ex in enumerate(pf.examples):
        record_from_mapping(ex.change, pol, example_place(i), problems)
    if problems:
        raise InputError(problems)
    return pol


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Load and validate a policy file (the bundled default when ``path`` is None)."""
    return build_policy(load_yaml(path if path is not None else default_policy_path()))


def parse_policy(text: str, path: str = "<policy>") -> Policy:
    """Validate a policy given as YAML text (used by tests and tools)."""
    return build_policy(parse_yaml(text, path))
