"""The change management policy file: model, loading, cross-checks and compiled conditions.

A policy (``policies/default.yaml`` is the documented example) declares

* ``policy``: identity, title, version, languages;
* ``change_control``: the services (with their criticality) and CI classes under change control;
* ``attributes``: every attribute a change record may carry, with its type; conditions may
  only read declared attributes (plus the built-in ``kind`` and ``standard_model``);
* ``roles`` and ``artefacts``: who approves, and what is produced;
* ``roles`` may ``include`` other roles (an ECAB that includes the change manager): approval by a
  role that includes the one required is never a shortfall;
* ``categories``: standard (pre-approved models with conditions), normal, emergency (criteria);
* ``risk``: levels in ascending order, each above the lowest with named criteria; the risk decides
  who authorises the change (``outcomes``);
* ``major_impact``: the criteria of a change with potential major impact on services or customers
  (8.5.1.1 c), which, like new services, removals and transfers, add service design and
  transition (8.5.2) to the change's route;
* ``design_transition`` and ``kinds``: the approvals and artefacts those routes add;
* ``release``: when release and deployment management (8.5.3) is needed;
* ``outcomes``: approvals and artefacts by category, risk and kind, first match wins;
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
from itsm_assess.change_impact.records import record_from_mapping
from itsm_assess.change_impact.terms import (
    BUILTIN_ATTRIBUTES,
    CHANGE_MANAGEMENT,
    CRITICALITY_ATTRIBUTE,
    DESIGN_TRANSITION,
    KIND_TITLES,
    KINDS,
    RECORD_FIELDS,
    RELEASE_DEPLOYMENT,
    ROUTE_CLAUSES,
    ROUTE_TITLES,
    SERVICES_ATTRIBUTE,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import message
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

__all__ = [
    "BUILTIN_ATTRIBUTES", "CHANGE_MANAGEMENT", "CRITICALITY_ATTRIBUTE", "DESIGN_TRANSITION", "KINDS", "KIND_TITLES",
    "RECORD_FIELDS", "RELEASE_DEPLOYMENT", "ROUTE_CLAUSES", "ROUTE_TITLES", "SERVICES_ATTRIBUTE", "Policy",
    "default_policy_path", "load_policy", "parse_policy",
]


def default_policy_path() -> Path:
    """The documented default policy shipped with the package."""
    return package_data("change_impact", "policies", "default.yaml")


def comment_blocks(text: str) -> list[tuple[int, int, str]]:
    """The runs of whole-line comments of a YAML text: (first line, end line, text without "# ")."""
    lines = text.split("\n")
    blocks: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("#"):
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].startswith("#"):
            j += 1
        blocks.append((i, j, "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in lines[i:j])))
        i = j
    return blocks


def policy_template(lang: str = "en") -> str:
    """The default policy as ``change init-policy`` writes it: the same data, its guidance comments in
    ``lang`` where ``policies/default.comments.<lang>.yaml`` translates them (English otherwise)."""
    import yaml

    text = default_policy_path().read_text(encoding="utf-8")
    path = package_data("change_impact", "policies", f"default.comments.{lang}.yaml")
    if lang == "en" or not path.is_file():
        return text
    words = {entry["en"]: entry[lang] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))}
    lines = text.split("\n")
    for start, end, block in reversed(comment_blocks(text)):
        if block in words:
            lines[start:end] = [f"# {line}" if line else "#" for line in words[block].split("\n")]
    return "\n".join(lines)


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


class ValueDef(StrictModel):
    """A value with a sentence of its own: its label, and how "the attribute has this value" reads
    (``says: {en: the agreed service levels are degraded during the change, …}``)."""

    label: LocalizedText
    says: LocalizedText | None = None


class AttributeDef(StrictModel):
    """An attribute of a change. ``values`` is a plain list of value ids, or a mapping of each id to
    its localised label (``{critical: {en: critical, fi: kriittinen}}``) or to a :class:`ValueDef`
    (label and sentence), in order for an ordered choice."""

    type: Literal["text", "choice", "number", "boolean", "list"]
    title: LocalizedText
    description: LocalizedText | None = None
    values: list[StrictStr] | dict[StrictStr, LocalizedText | ValueDef] | None = None
    ordered: StrictBool = False
    #: A number's unit; for a list, what its elements are counted in ("2 services").
    unit: StrictStr | LocalizedText | None = None
    #: The unit after a number the language counts as one ("1 CI", "1 päivä"), in the languages that
    #: need it; a language without it uses ``unit`` for every number (Finnish "muutos koskee 1
    #: käyttäjää" keeps the partitive).
    unit_one: StrictStr | dict[LanguageCode, StrictStr] | None = None
    #: How a condition on the attribute reads in a sentence, ``{value}`` standing for what it is
    #: compared with ("the change affects {value}" -> "the change affects at least 100 users"); a
    #: yes/no attribute says what holds when it is yes ("the change can be backed out").
    says: LocalizedText | None = None
    #: The same when it does not hold ("the change cannot be backed out"; "{value}" for other types).
    says_not: LocalizedText | None = None

    @property
    def value_ids(self) -> list[str]:
        """The values the attribute takes (the ids that changes, conditions and exports use)."""
        return list(self.values or ())

    @property
    def value_labels(self) -> dict[str, dict[str, str]]:
        """The localised label of each value that has one."""
        if not isinstance(self.values, dict):
            return {}
        return {v: d.label if isinstance(d, ValueDef) else d for v, d in self.values.items()}

    @property
    def value_says(self) -> dict[str, dict[str, str]]:
        """The localised sentence of each value that has one (``values: {degraded: {label: …, says: …}}``)."""
        if not isinstance(self.values, dict):
            return {}
        return {v: d.says for v, d in self.values.items() if isinstance(d, ValueDef) and d.says}


class Titled(StrictModel):
    title: LocalizedText
    description: LocalizedText | None = None


class Role(StrictModel):
    title: LocalizedText
    description: LocalizedText | None = None
    #: Roles whose approval this role's approval also gives (e.g. an ECAB that includes the change manager).
    includes: list[Identifier] = Field(default_factory=list)


class StandardModel(StrictModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    when: Any
    artefacts: list[Identifier] = Field(default_factory=list)
    #: The model's deployments are pre-approved releases: the release's approvals are not asked again.
    release_preapproved: StrictBool = False


class StandardCategory(StrictModel):
    title: LocalizedText
    description: LocalizedText | None = None
    models: list[StandardModel] = Field(default_factory=list)


class EmergencyCategory(StrictModel):
    title: LocalizedText
    description: LocalizedText | None = None
    approval_path: LocalizedText | None = None
    #: ``when`` asked as a person asks it, for the guide's decision flow (else the condition is shown).
    question: LocalizedText | None = None
    when: Any


class Categories(StrictModel):
    standard: StandardCategory
    normal: Titled
    emergency: EmergencyCategory


class Criterion(StrictModel):
    id: Identifier
    title: LocalizedText
    when: Any


class RiskLevel(StrictModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    criteria: list[Criterion] = Field(default_factory=list)


class Risk(StrictModel):
    description: LocalizedText | None = None
    levels: list[RiskLevel] = Field(min_length=2)


class MajorImpact(StrictModel):
    title: LocalizedText | None = None
    description: LocalizedText | None = None
    criteria: list[Criterion] = Field(min_length=1)


class RouteAdds(StrictModel):
    """What a route or a kind of change adds to the outcome: approvals, artefacts and a note."""

    description: LocalizedText | None = None
    approvals: list[Identifier] = Field(default_factory=list)
    artefacts: list[Identifier] = Field(default_factory=list)
    note: LocalizedText | None = None


class Release(StrictModel):
    description: LocalizedText | None = None
    #: ``when`` asked as a person asks it, for the guide's decision flow (else the condition is shown).
    question: LocalizedText | None = None
    when: Any
    approvals: list[Identifier] = Field(default_factory=list)
    artefacts: list[Identifier] = Field(default_factory=list)


class OutcomeMatch(StrictModel):
    category: list[Literal["standard", "normal", "emergency"]] | None = None
    risk: list[Identifier] | None = None
    kind: list[Literal["new-service", "service-removal", "service-transfer", "modification"]] | None = None


class Outcome(StrictModel):
    id: Identifier
    title: LocalizedText
    match: OutcomeMatch = Field(default_factory=OutcomeMatch)
    approvals: list[Identifier] = Field(default_factory=list)
    artefacts: list[Identifier] = Field(default_factory=list)
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
    roles: dict[Identifier, Role]
    artefacts: dict[Identifier, Titled]
    categories: Categories
    risk: Risk
    major_impact: MajorImpact
    design_transition: RouteAdds = Field(default_factory=RouteAdds)
    kinds: dict[Literal["new-service", "service-removal", "service-transfer", "modification"], RouteAdds] = Field(
        default_factory=dict)
    release: Release
    outcomes: list[Outcome] = Field(min_length=1)
    #: What the change advisory board works by (quorum, who may approve, schedule and conflicts, reviews, ...).
    governance: list[Titled] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)


@dataclass
class CompiledCriterion:
    id: str
    group: str  # a risk level's id, or "major"
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
    #: Risk levels from the highest down to the lowest, each with its compiled criteria (the lowest has none).
    risk_desc: list[tuple[str, list[CompiledCriterion]]] = field(default_factory=list)
    major_criteria: list[CompiledCriterion] = field(default_factory=list)
    lowest_level: str = "low"
    service_criticality: dict[str, str] = field(default_factory=dict)
    #: Service ids by their id and title in every language, casefolded (exports name services by title).
    service_names: dict[str, str] = field(default_factory=dict)
    #: Each role with the roles its approval also gives: itself and those it ``includes`` (not transitively).
    role_cover: dict[str, frozenset[str]] = field(default_factory=dict)
    model_parts: dict[str, list[tuple[Condition, Compiled]]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.file.policy.id

    @property
    def risk_levels(self) -> list[str]:
        """Risk level ids, lowest first."""
        return [lv.id for lv in self.file.risk.levels]

    def covers(self, recorded: set[str], required: str) -> bool:
        """Whether approvals by the ``recorded`` roles give the ``required`` one (directly or by inclusion)."""
        return any(required in self.role_cover.get(r, frozenset((r,))) for r in recorded)


def _attribute_types(pf: PolicyFile, doc: YamlDocument, problems: list[str]) -> dict[str, AttributeType]:
    types: dict[str, AttributeType] = {}
    for name, spec in BUILTIN_ATTRIBUTES.items():
        types[name] = AttributeType(spec["type"], tuple(spec.get("values", ())), False)
    for name, attr in pf.attributes.items():
        loc: tuple[int | str, ...] = ("attributes", name)
        if name in BUILTIN_ATTRIBUTES or name in RECORD_FIELDS:
            problems.append(message("{place}: attributes.{name}: {name!r} is built in; remove it from attributes", place=doc.where(loc), name=name))
            continue
        if attr.type == "choice" and not attr.values:
            problems.append(message("{place}: attributes.{name}: a choice needs its values listed", place=doc.where(loc), name=name))
        if attr.ordered and attr.type != "choice":
            problems.append(message("{place}: attributes.{name}.ordered: only a choice can be ordered", place=doc.where((*loc, 'ordered')), name=name))
        if attr.values is not None and attr.type not in ("choice", "list"):
            problems.append(message("{place}: attributes.{name}.values: only choice and list attributes take values", place=doc.where((*loc, 'values')), name=name))
        if attr.values and len(set(attr.value_ids)) != len(attr.value_ids):
            problems.append(message("{place}: attributes.{name}.values: values must be unique", place=doc.where((*loc, 'values')), name=name))
        if attr.unit is not None and attr.type not in ("number", "list"):
            problems.append(message("{place}: attributes.{name}.unit: only a number or a list (what it counts) takes a unit", place=doc.where((*loc, 'unit')), name=name))
        if attr.unit_one is not None and attr.unit is None:
            problems.append(message("{place}: attributes.{name}.unit_one: the unit after 1 goes with a unit; add unit", place=doc.where((*loc, 'unit_one')), name=name))
        for value, says in attr.value_says.items():
            for lang, text in says.items():
                if "{value}" in text:
                    problems.append(message("{place}: attributes.{name}.values.{value}.says.{lang}: expected a statement without {slot} (it says the value itself)",
                                            place=doc.where((*loc, "values", value, "says", lang)), name=name, value=value, lang=lang, slot="{value}"))
        for key in ("says", "says_not"):
            for lang, text in (getattr(attr, key) or {}).items():
                if (attr.type == "boolean") == ("{value}" in text):
                    expected = (message("a statement without {slot} (a yes/no attribute has no value to insert)", slot="{value}")
                                if attr.type == "boolean" else message("a phrase with {slot} where the compared value goes", slot="{value}"))
                    problems.append(message("{place}: attributes.{name}.{key}.{lang}: expected {expected}", place=doc.where((*loc, key, lang)),
                                            name=name, key=key, lang=lang, expected=expected))
        types[name] = AttributeType(attr.type, tuple(attr.value_ids), attr.ordered)
    return types


def _cond(
    data: Any, loc: tuple[int | str, ...], types: dict[str, AttributeType], doc: YamlDocument, problems: list[str]
) -> Condition | None:
    try:
        return parse_condition(data, types, loc)
    except ConditionError as exc:
        problems.append(message("{place}: {field}: {message}", place=doc.where(exc.loc), field=format_loc(exc.loc), message=exc.message))
        return None


def _role_cover(roles: dict[str, Role]) -> dict[str, frozenset[str]]:
    # Not transitive: a CAB that includes the ECAB does not thereby include the ECAB's service owner.
    return {rid: frozenset((rid, *(i for i in role.includes if i in roles))) for rid, role in roles.items()}


_OLD_IMPACT = message("impact: the impact levels were split into risk (risk.levels: who authorises the change) and "
                      "major_impact (major_impact.criteria: potential major impact, which adds service design and "
                      "transition, 8.5.2); see docs/change-impact.md")


def build_policy(doc: YamlDocument) -> Policy:
    """Validate a parsed policy document and compile it; raises :class:`InputError` listing every problem."""
    if not isinstance(doc.data, dict):
        raise InputError(message("{place}: expected a change policy: a mapping with schema_version, policy, attributes, ...", place=doc.where()))
    if "impact" in doc.data and "risk" not in doc.data:
        raise InputError(message("{place}: {explanation}", place=doc.where(("impact",)), explanation=_OLD_IMPACT))
    build = _PolicyBuilder(doc, validate(PolicyFile, doc))
    build.services_and_roles()
    build.standard_models()
    build.emergency_and_release()
    build.route_and_kind_additions()
    build.risk_and_major_impact()
    build.outcomes()
    if build.problems:
        raise InputError(build.problems)
    build.worked_examples()  # classified in the guide: checked like a change file
    if build.problems:
        raise InputError(build.problems)
    return build.pol


class _PolicyBuilder:
    """Compiles a validated policy file part by part, collecting every problem with its place."""

    def __init__(self, doc: YamlDocument, pf: PolicyFile) -> None:
        self.doc, self.pf = doc, pf
        self.problems: list[str] = []
        self.types = _attribute_types(pf, doc, self.problems)
        self.pol = Policy(pf, doc.where(), self.types)
        self.criterion_ids: set[str] = set()

    def ref_check(self, ids: list[str], vocab: dict[str, Any], loc: tuple[int | str, ...], what: str) -> None:
        """Every id of ``ids`` must be declared in ``vocab`` (roles, artefacts)."""
        doc = self.doc
        for i, rid in enumerate(ids):
            if rid not in vocab:
                where, field, declared = doc.where((*loc, i)), format_loc((*loc, i)), ", ".join(vocab) or message("none")
                self.problems.append(
                    message("{place}: {field}: unknown role {id!r}; declared: {value}", place=where, field=field, id=rid, value=declared)
                    if what == "role" else
                    message("{place}: {field}: unknown artefact {id!r}; declared: {value}", place=where, field=field, id=rid, value=declared))

    def condition(self, data: Any, loc: tuple[int | str, ...]) -> Condition | None:
        return _cond(data, loc, self.types, self.doc, self.problems)

    def services_and_roles(self) -> None:
        """Services under change control (criticality one of the criticality attribute's values when it
        is declared; found by id or title) and which roles' approvals include which."""
        pf, pol, doc = self.pf, self.pol, self.doc
        crit = pf.attributes.get(CRITICALITY_ATTRIBUTE)
        for i, svc in enumerate(pf.change_control.services):
            if crit is not None and crit.values and svc.criticality not in crit.value_ids:
                loc = ("change_control", "services", i, "criticality")
                self.problems.append(message("{place}: {field}: {criticality!r} is not one of {attribute}'s values ({names})", place=doc.where(loc), field=format_loc(loc), criticality=svc.criticality, attribute=CRITICALITY_ATTRIBUTE, names=', '.join(crit.value_ids)))
            pol.service_criticality[svc.id] = svc.criticality
            for name in (svc.id, *svc.title.values()):
                pol.service_names.setdefault(name.strip().casefold(), svc.id)
        for rid, role in pf.roles.items():
            self.ref_check(role.includes, pf.roles, ("roles", rid, "includes"), "role")
        pol.role_cover = _role_cover(pf.roles)

    def standard_models(self) -> None:
        """Each standard change model: a unique id, its condition compiled whole and part by part."""
        pol, doc, types = self.pol, self.doc, self.types
        seen: set[str] = set()
        for i, model in enumerate(self.pf.categories.standard.models):
            loc = ("categories", "standard", "models", i)
            if model.id in seen:
                self.problems.append(message("{place}: {field}: duplicate model id {id!r}", place=doc.where((*loc, 'id')), field=format_loc((*loc, 'id')), id=model.id))
            seen.add(model.id)
            c = self.condition(model.when, (*loc, "when"))
            if c is not None:
                pol.standard_models[model.id] = (compile_condition(c, types), c)
                parts = c.parts if isinstance(c, Node) and c.kind == "all" else (c,)
                pol.model_parts[model.id] = [(p, compile_condition(p, types)) for p in parts]
                pol.conditions[f"standard.{model.id}"] = c
            self.ref_check(model.artefacts, self.pf.artefacts, (*loc, "artefacts"), "artefact")

    def emergency_and_release(self) -> None:
        pf, pol = self.pf, self.pol
        c = self.condition(pf.categories.emergency.when, ("categories", "emergency", "when"))
        if c is not None:
            pol.emergency = compile_condition(c, self.types)
            pol.conditions["emergency"] = c
        c = self.condition(pf.release.when, ("release", "when"))
        if c is not None:
            pol.release = compile_condition(c, self.types)
            pol.conditions["release"] = c

    def route_and_kind_additions(self) -> None:
        """The approvals and artefacts that release, the design route and each kind add are declared."""
        pf = self.pf
        self.ref_check(pf.release.approvals, pf.roles, ("release", "approvals"), "role")
        self.ref_check(pf.release.artefacts, pf.artefacts, ("release", "artefacts"), "artefact")
        self.ref_check(pf.design_transition.approvals, pf.roles, ("design_transition", "approvals"), "role")
        self.ref_check(pf.design_transition.artefacts, pf.artefacts, ("design_transition", "artefacts"), "artefact")
        for kind, adds in pf.kinds.items():
            self.ref_check(adds.approvals, pf.roles, ("kinds", kind, "approvals"), "role")
            self.ref_check(adds.artefacts, pf.artefacts, ("kinds", kind, "artefacts"), "artefact")

    def risk_and_major_impact(self) -> None:
        """Risk levels (unique ids; the lowest without criteria) highest first, and the potential
        major impact criteria, each criterion id unique across both."""
        pf, pol, doc = self.pf, self.pol, self.doc
        level_ids = [lv.id for lv in pf.risk.levels]
        if len(set(level_ids)) != len(level_ids):
            self.problems.append(message("{place}: risk.levels: level ids must be unique", place=doc.where(('risk', 'levels'))))
        if pf.risk.levels[0].criteria:
            loc = ("risk", "levels", 0, "criteria")
            self.problems.append(message("{place}: {field}: the lowest level applies when no higher criterion matches; it takes no criteria", place=doc.where(loc), field=format_loc(loc)))
        for li, level in enumerate(pf.risk.levels):
            pol.risk_desc.insert(0, (level.id, self.criteria(level.criteria, level.id,
                                                             ("risk", "levels", li, "criteria"), "risk")))
        pol.lowest_level = level_ids[0]
        pol.major_criteria = self.criteria(pf.major_impact.criteria, "major", ("major_impact", "criteria"), "major")

    def criteria(self, criteria: list[Criterion], group: str, base: tuple[int | str, ...], prefix: str
                 ) -> list[CompiledCriterion]:
        compiled: list[CompiledCriterion] = []
        doc = self.doc
        for ci, crit_def in enumerate(criteria):
            loc = (*base, ci)
            if crit_def.id in self.criterion_ids:
                self.problems.append(message("{place}: {field}: duplicate criterion id {id!r}", place=doc.where((*loc, 'id')), field=format_loc((*loc, 'id')), id=crit_def.id))
            self.criterion_ids.add(crit_def.id)
            c = self.condition(crit_def.when, (*loc, "when"))
            if c is not None:
                compiled.append(CompiledCriterion(crit_def.id, group, compile_condition(c, self.types), c))
                self.pol.conditions[f"{prefix}.{crit_def.id}"] = c
        return compiled

    def outcomes(self) -> None:
        """Outcomes name declared roles, artefacts and risk levels; the last one matches every change."""
        pf, doc = self.pf, self.doc
        level_ids = [lv.id for lv in pf.risk.levels]
        for i, out in enumerate(pf.outcomes):
            loc: tuple[int | str, ...] = ("outcomes", i)
            self.ref_check(out.approvals, pf.roles, (*loc, "approvals"), "role")
            self.ref_check(out.artefacts, pf.artefacts, (*loc, "artefacts"), "artefact")
            for j, lv in enumerate(out.match.risk or []):
                if lv not in level_ids:
                    self.problems.append(message("{place}: outcomes[{i}].match.risk[{j}]: unknown risk level {level!r}; declared: {names}", place=doc.where((*loc, 'match', 'risk', j)), i=i, j=j, level=lv, names=', '.join(level_ids)))
        last = pf.outcomes[-1].match
        if any(v is not None for v in (last.category, last.risk, last.kind)):
            loc = ("outcomes", len(pf.outcomes) - 1, "match")
            self.problems.append(message("{place}: {field}: the last outcome must match every change (leave out match) so that no change is left without approvals", place=doc.where(loc), field=format_loc(loc)))

    def worked_examples(self) -> None:
        doc = self.doc

        def example_place(i: int) -> Callable[[tuple[str, ...]], str]:
            return lambda key: doc.where(("examples", i, "change", *key))

        for i, ex in enumerate(self.pf.examples):
            record_from_mapping(ex.change, self.pol, example_place(i), self.problems)


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Load and validate a policy file (the bundled default when ``path`` is None)."""
    return build_policy(load_yaml(path if path is not None else default_policy_path()))


def parse_policy(text: str, path: str = "<policy>") -> Policy:
    """Validate a policy given as YAML text (used by tests and tools)."""
    return build_policy(parse_yaml(text, path))
