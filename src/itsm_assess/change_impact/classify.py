"""Classifying one change against a policy: category, risk, major impact, route, approvals, and why.

Classification has two steps, shared by :func:`classify` and the batch (which memoises both):

* :func:`evaluate_stages` reads the record: each risk level's criteria, the major-impact criteria,
  the emergency criteria, the named standard model, the release criteria and the services under
  change control, each as met / not met / unknown with the attributes that were missing;
* :func:`decide` turns those results, the kind and the model into the decision. The rules of
  ISO/IEC 20000-1:2018 live here, not in the policy:

  - every change is recorded, assessed, authorised, scheduled and reviewed by change management
    (8.5.1); new services, removals, transfers and changes with potential major impact (the
    policy's ``major_impact`` criteria) also go through service design and transition (8.5.2);
    a change the release criteria select also goes through release and deployment (8.5.3);
  - the risk level (the highest level with a criterion met) decides who authorises the change;
    the emergency criteria make it an emergency change (ECAB), whatever its route;
  - a change is standard only when it names a model of the policy, meets the model's conditions,
    is a modification and is known not to have potential major impact.

Nothing is assumed. A criterion whose attribute is missing is neither met nor failed: the risk is
*undetermined (at least X)* and authorised as the highest level it could reach; an unknown kind or
major impact leaves the route undetermined and rules out a standard change; a service the policy
does not list is a warning and leaves the change incomplete. Every gap is in ``missing``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from itsm_assess.change_impact.conditions import Compiled, Condition, Hit, Leaf, describe
from itsm_assess.change_impact.policy import CompiledCriterion, Policy, PolicyMemo
from itsm_assess.change_impact.records import record_from_mapping
from itsm_assess.change_impact.terms import (
    CHANGE_MANAGEMENT,
    CRITICALITY_ATTRIBUTE,
    DESIGN_TRANSITION,
    RECORD_FIELDS,
    RELEASE_DEPLOYMENT,
    ROUTE_CLAUSES,
    SERVICES_ATTRIBUTE,
    UNDETERMINED,
    route_clauses,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import message

#: How the note of a standard model whose conditions fail begins; the rest names the failed parts with
#: the change's values, so it is the one note that differs between changes classified alike.
MODEL_FAILED_NOTE = "model conditions not met: "

Missing = tuple[tuple[str, tuple[str, ...]], ...]  # (attribute, rule ids that needed it)
Test = tuple["bool | None", tuple[str, ...]]  # a condition's result and, when unknown, the attributes it lacked


@dataclass(frozen=True, slots=True)
class GroupResult:
    """The criteria of one group (a risk level, the major-impact criteria) a change meets, or what they lacked."""

    matched: tuple[str, ...]
    missing: Missing


@dataclass(frozen=True, slots=True)
class Stages:
    """What a change record says to each of the policy's conditions; all that :func:`decide` needs from it."""

    risk: tuple[GroupResult, ...]  # levels above the lowest, highest first
    major: GroupResult
    emergency: Test | None  # None: the policy has no emergency criteria
    model: Test | None  # None: no model named, or not a model of the policy
    release: Test | None
    unknown_services: bool


def evaluate_group(criteria: list[CompiledCriterion], rec: Mapping[str, Any], prefix: str,
                   hits_by: dict[str, list[Hit]] | None = None) -> GroupResult:
    """Each criterion of a group on ``rec``; ``hits_by`` (if given) receives the facts of each one met."""
    matched: list[str] = []
    missing: dict[str, list[str]] = {}
    for crit in criteria:
        hits: list[Hit] = []
        miss: list[str] = []
        r = crit.test(rec, hits, miss)
        if r:
            matched.append(crit.id)
            if hits_by is not None:
                hits_by[f"{prefix}.{crit.id}"] = hits
        elif r is None:
            for a in dict.fromkeys(miss):
                missing.setdefault(a, []).append(f"{prefix}.{crit.id}")
    return GroupResult(tuple(matched), tuple((a, tuple(r)) for a, r in missing.items()))


def evaluate_test(test: Compiled | None, rec: Mapping[str, Any], hits: list[Hit] | None = None) -> Test | None:
    """One condition on ``rec``: ``(result, attributes missing)``; None when there is no condition."""
    if test is None:
        return None
    found: list[Hit] = []
    miss: list[str] = []
    r = test(rec, found, miss)
    if r and hits is not None:
        hits.extend(found)
    return r, (tuple(dict.fromkeys(miss)) if r is None else ())


def unknown_services(rec: Mapping[str, Any], policy: Policy) -> tuple[str, ...]:
    """The services a change names that the policy does not list under change control."""
    services = rec.get(SERVICES_ATTRIBUTE) or ()
    return tuple(s for s in services if s not in policy.service_criticality)


def evaluate_stages(rec: Mapping[str, Any], policy: Policy, hits_by: dict[str, list[Hit]] | None = None) -> Stages:
    """Every condition of the policy on a record (criticality already derived); see :class:`Stages`."""
    model_id = rec.get("standard_model")
    model = policy.standard_models.get(model_id) if model_id is not None else None
    hits = hits_by.setdefault if hits_by is not None else None
    return Stages(
        risk=tuple(evaluate_group(crits, rec, "risk", hits_by) for _, crits in policy.risk_desc[:-1]),
        major=evaluate_group(policy.major_criteria, rec, "major", hits_by),
        emergency=evaluate_test(policy.emergency, rec, hits("emergency", []) if hits else None),
        model=evaluate_test(model[0], rec, hits(f"standard.{model_id}", []) if hits else None) if model else None,
        release=evaluate_test(policy.release, rec, hits("release", []) if hits else None),
        unknown_services=bool(unknown_services(rec, policy)),
    )


@dataclass(frozen=True, slots=True)
class ReasonSpec:
    """A reason :func:`decide` gives: ``hits`` names the facts to attach (a rule of ``hits_by``) or holds them."""

    rule: str
    effect: str
    key: str = ""
    args: tuple[Any, ...] = ()
    hits_from: str = ""
    hits: tuple[Hit, ...] = ()


@dataclass(slots=True)
class Decision:
    """What :func:`decide` concludes; shared by every change whose stages, kind and model are alike."""

    kind: str | None
    category: str
    standard_model: str | None
    risk: str  # the level, or its lower bound when undetermined
    risk_at_most: str  # the highest level the change could reach (= risk when determined)
    major_impact: bool | None
    route: str
    release_required: bool | None
    approvals: tuple[str, ...]
    approvals_at_least: tuple[str, ...]  # certainly required: those at the lowest risk the change has
    artefacts: tuple[str, ...]
    outcome: str
    missing_by: dict[str, list[str]]
    warnings: tuple[str, ...]
    reasons: tuple[ReasonSpec, ...]


def risk_key(results: tuple[GroupResult, ...]) -> tuple[Any, ...]:
    """What :func:`decide` reads of the risk levels' results, apart from the ids of the criteria it names in
    the rationale: for each level from the highest, met or not and what was missing, up to the first met."""
    out: list[Any] = []
    for res in results:
        out.append((bool(res.matched), res.missing))
        if res.matched:
            break
    return tuple(out)


def _add_missing(missing_by: dict[str, list[str]], pairs: Missing) -> None:
    for attr, rules in pairs:
        have = missing_by.setdefault(attr, [])
        have.extend(r for r in rules if r not in have)


class _Rationale:
    """What the stages of :func:`decide` note as they go: reasons, missing attributes (by the rules
    that need them) and warnings."""

    __slots__ = ("reasons", "missing_by", "warnings")

    def __init__(self) -> None:
        self.reasons: list[ReasonSpec] = []
        self.missing_by: dict[str, list[str]] = {}
        self.warnings: list[str] = []

    def because(self, *specs: ReasonSpec) -> None:
        self.reasons.extend(specs)

    def missing(self, pairs: Missing) -> None:
        _add_missing(self.missing_by, pairs)


def decide(stages: Stages, kind: str | None, model_id: str | None, policy: Policy) -> Decision:
    """The decision for a change from its :class:`Stages`, kind and named model (see the module docstring)."""
    why = _Rationale()
    if stages.unknown_services:
        why.warnings.append("unknown-service")
        why.missing(((SERVICES_ATTRIBUTE, ("change-control",)),))
        why.because(ReasonSpec("change-control", "not under change control?", "unknown-service"))
    risk, ceiling = _risk_level(stages, policy, why)
    major = _potential_major_impact(stages, why)
    if kind is None:
        why.missing((("kind", ("route",)),))
    category = _category(stages, kind, model_id, major, policy, why)
    route = _route(kind, major, category, why)
    release_required = _release_required(stages, why)

    # Outcome: the first that fits, with the risk level the change could reach while it is undetermined.
    pf = policy.file
    model = next((m for m in pf.categories.standard.models if m.id == model_id), None) if category == "standard" else None
    outcome = _outcome_at(pf, category, ceiling or risk, kind)
    approvals, artefacts = _outcome_adds(outcome, model, route, kind, release_required, policy)
    # What is certainly required: the approvals at the lowest risk the change has (the same once determined).
    at_least = approvals if ceiling is None else _outcome_adds(_outcome_at(pf, category, risk, kind), model, route,
                                                                kind, release_required, policy)[0]
    if release_required and model is not None and model.release_preapproved:
        why.because(ReasonSpec("release", "release pre-approved", "release-preapproved"))
    if ceiling is not None:
        why.because(ReasonSpec("outcome", "authorised as the highest risk it could reach", "risk-ceiling", (ceiling,)))

    return Decision(kind, category, model_id, risk, ceiling or risk, major, route, release_required, approvals,
                    at_least, artefacts, outcome.id, why.missing_by, tuple(why.warnings), tuple(why.reasons))


def _risk_level(stages: Stages, policy: Policy, why: _Rationale) -> tuple[str, str | None]:
    """The highest risk level with a criterion met, and the ceiling: the highest level that could still
    apply while attributes are missing (None once the risk is determined)."""
    risk = ceiling = None
    for (level, _), res in zip(policy.risk_desc, stages.risk, strict=False):
        if res.matched:
            risk = level
            why.because(*(ReasonSpec(f"risk.{c}", f"risk {level}", hits_from=f"risk.{c}") for c in res.matched))
            break
        if res.missing:
            why.missing(res.missing)
            ceiling = ceiling or level
    if risk is None:
        risk = policy.lowest_level
        if ceiling is None:
            why.because(ReasonSpec("risk", f"risk {risk}", "no-higher"))
    if ceiling is not None:
        why.because(ReasonSpec("risk", "risk undetermined", "risk-undetermined", (risk, ceiling)))
    return risk, ceiling


def _potential_major_impact(stages: Stages, why: _Rationale) -> bool | None:
    """Potential major impact on services or customers (8.5.1.1 c): None while it cannot be ruled out."""
    if stages.major.matched:
        why.because(*(ReasonSpec(f"major.{c}", "major impact", hits_from=f"major.{c}") for c in stages.major.matched))
        return True
    if stages.major.missing:
        why.missing(stages.major.missing)
        why.because(ReasonSpec("major", "major impact undetermined", "major-undetermined"))
        return None
    why.because(ReasonSpec("major", "no major impact", "no-major"))
    return False


def _category(stages: Stages, kind: str | None, model_id: str | None, major: bool | None, policy: Policy,
              why: _Rationale) -> str:
    """Emergency when its criteria are met, else standard when a named model fully applies, else normal."""
    category = "normal"
    if stages.emergency is not None:
        r, miss = stages.emergency
        if r:
            category = "emergency"
            why.because(ReasonSpec("emergency", "category emergency", hits_from="emergency"))
        elif r is None:
            why.missing(tuple((a, ("emergency",)) for a in miss))
    if category != "emergency" and model_id is not None and _standard_model_applies(stages, kind, model_id, major,
                                                                                     policy, why):
        category = "standard"
    if category == "normal":
        why.because(ReasonSpec("category", "category normal", "normal"))
    return category


def _standard_model_applies(stages: Stages, kind: str | None, model_id: str, major: bool | None, policy: Policy,
                            why: _Rationale) -> bool:
    """A standard change model applies to a modification without potential major impact whose
    conditions hold; otherwise the rationale says why not (or what is missing to tell)."""
    rule = f"standard.{model_id}"
    if model_id not in policy.standard_models:
        why.because(ReasonSpec("standard", "not standard", "unknown-model", (model_id,)))
    elif kind is None:
        why.missing((("kind", (rule,)),))
        why.because(ReasonSpec(rule, "not standard", "kind-unknown"))
    elif kind != "modification":
        why.because(ReasonSpec(rule, "not standard", "not-modification", hits=(("kind", "eq", "modification", kind),)))
    elif major:
        why.because(ReasonSpec(rule, "not standard", "major-not-preapproved"))
    elif major is None:
        why.because(ReasonSpec(rule, "not standard", "major-unknown"))
    elif stages.model is not None:
        r, miss = stages.model
        if r:
            why.because(ReasonSpec(rule, "category standard", hits_from=rule))
            return True
        if r is None:
            why.missing(tuple((a, (rule,)) for a in miss))
            why.because(ReasonSpec(rule, "not standard", "model-unchecked"))
        else:
            why.because(ReasonSpec(rule, "not standard", "model-failed"))  # args: the record's values
    return False


def _route(kind: str | None, major: bool | None, category: str, why: _Rationale) -> str:
    """The route fixed by ISO/IEC 20000-1:2018 8.5.1.1 and 8.5.2: new, removed or transferred services and
    changes with potential major impact through service design and transition; undetermined while unknown."""
    if kind is not None and kind != "modification":
        route = DESIGN_TRANSITION
        why.because(ReasonSpec("route.kind", f"route {DESIGN_TRANSITION}", "route-kind", hits=(("kind", "eq", kind, kind),)))
    elif major:
        route = DESIGN_TRANSITION
        why.because(ReasonSpec("route.major", f"route {DESIGN_TRANSITION}", "route-major"))
    elif kind is None or major is None:
        route = UNDETERMINED
        why.because(ReasonSpec("route", f"route {UNDETERMINED}",
                               "route-kind-unknown" if kind is None else "route-major-unknown"))
    else:
        route = CHANGE_MANAGEMENT
    if category == "emergency" and route == DESIGN_TRANSITION:
        why.because(ReasonSpec("route.emergency", "emergency first", "emergency-design"))
    return route


def _release_required(stages: Stages, why: _Rationale) -> bool | None:
    """Whether the change goes through release and deployment management (8.5.3); None while unknown."""
    if stages.release is None:
        return None
    r, miss = stages.release
    if r:
        why.because(ReasonSpec("release", f"release {RELEASE_DEPLOYMENT}", hits_from="release"))
        return True
    if r is None:
        why.missing(tuple((a, ("release",)) for a in miss))
        return None
    return False


def _outcome_at(pf: Any, category: str, level: str, kind: str | None) -> Any:
    """The policy's first outcome that fits the category, the risk level and the kind (else its last)."""
    for out in pf.outcomes:
        m = out.match
        if ((m.category is None or category in m.category) and (m.risk is None or level in m.risk)
                and (m.kind is None or kind in m.kind)):
            return out
    return pf.outcomes[-1]


def _outcome_adds(outcome: Any, model: Any, route: str, kind: str | None, release_required: bool | None,
                  policy: Policy) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The approvals and artefacts of an outcome with what the model, the design route, the kind and the
    release add; a role whose approval another required role's approval gives is not asked twice."""
    pf = policy.file
    approvals = list(outcome.approvals)
    artefacts = list(outcome.artefacts)

    def add(extra_approvals: list[str], extra_artefacts: list[str]) -> None:
        approvals.extend(a for a in extra_approvals if a not in approvals)
        artefacts.extend(a for a in extra_artefacts if a not in artefacts)

    if model is not None:
        add([], model.artefacts)
    if route == DESIGN_TRANSITION:
        add(pf.design_transition.approvals, pf.design_transition.artefacts)
    if kind in pf.kinds:
        adds = pf.kinds[kind]
        add(adds.approvals, adds.artefacts)
    if release_required:
        add([] if model is not None and model.release_preapproved else pf.release.approvals, pf.release.artefacts)
    kept = tuple(a for a in approvals if not any(b != a and a in policy.role_cover.get(b, ()) for b in approvals))
    return kept, tuple(artefacts)


@dataclass(slots=True)
class Reason:
    """One decision and the facts that made it: ``hits`` are (field, operator, expected, actual)."""

    rule: str
    effect: str
    hits: list[Hit] = field(default_factory=list)
    note: str = ""
    #: Which note this is (a key of ``explain.NOTES``) and its arguments, to say it in another language.
    key: str = ""
    args: tuple[Any, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "effect": self.effect,
            "because": [
                {"field": f, "operator": op, "expected": _plain(x), "actual": _plain(v)} for f, op, x, v in self.hits
            ],
            "note": self.note,
            "note_key": self.key,
        }


def _plain(v: Any) -> Any:
    return list(v) if isinstance(v, (tuple, frozenset, set)) else v


class Decided:
    """What :class:`Classification` and the batch ``Verdict`` share: the properties derived from their fields."""

    __slots__ = ()
    route: str
    risk: str
    risk_at_most: str
    release_required: bool | None
    missing_by: dict[str, list[str]]
    warnings: tuple[str, ...]

    @property
    def missing(self) -> list[str]:
        """Attributes a criterion needed but the change lacks, sorted."""
        return sorted(self.missing_by)

    @property
    def clause(self) -> str:
        """The clause of the route (8.5.1, or 8.5.2 on the design route)."""
        return ROUTE_CLAUSES[self.route]

    @property
    def clauses(self) -> list[str]:
        """Every clause the change goes through (8.5.1 always; 8.5.2, 8.5.3 when they apply)."""
        return route_clauses(self.route, self.release_required)

    @property
    def risk_determined(self) -> bool:
        return self.risk == self.risk_at_most

    @property
    def risk_shown(self) -> str:
        """The risk level, or ``undetermined`` when a higher level could still apply."""
        return self.risk if self.risk_determined else UNDETERMINED

    @property
    def complete(self) -> bool:
        """Whether no criterion lacked an attribute and nothing was left in doubt."""
        return not self.missing_by and not self.warnings


def not_standard_reason(rationale: list[Reason]) -> tuple[str, tuple[Any, ...]]:
    """The note key and arguments of the reason a named standard model did not apply (``("", ())`` if none)."""
    return next(((r.key, r.args) for r in rationale if r.effect == "not standard"), ("", ()))


@dataclass(slots=True)
class Classification(Decided):
    """The result for one change. :meth:`to_dict` is the stable JSON contract."""

    change_id: str | None
    kind: str | None
    category: str
    standard_model: str | None
    risk: str
    risk_at_most: str
    major_impact: bool | None
    route: str
    release_required: bool | None
    approvals: list[str]
    artefacts: list[str]
    outcome: str
    rationale: list[Reason]
    missing_by: dict[str, list[str]]
    warnings: tuple[str, ...] = ()
    #: The approvals certainly required (at the lowest risk the change has); ``approvals`` while it is undetermined.
    approvals_at_least: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "change_id": self.change_id,
            "kind": self.kind,
            "category": self.category,
            "standard_model": self.standard_model,
            "risk": self.risk_shown,
            "risk_at_least": self.risk,
            "risk_at_most": self.risk_at_most,
            "major_impact": self.major_impact,
            "route": {"process": self.route, "clause": self.clause, "clauses": self.clauses},
            "release_required": self.release_required,
            "release_route": (
                {"process": RELEASE_DEPLOYMENT, "clause": ROUTE_CLAUSES[RELEASE_DEPLOYMENT]}
                if self.release_required else None
            ),
            "approvals": list(self.approvals),
            "approvals_at_least": list(self.approvals_at_least),
            "artefacts": list(self.artefacts),
            "outcome": self.outcome,
            "rationale": [r.to_dict() for r in self.rationale],
            "missing": self.missing,
            "missing_needed_by": {k: list(v) for k, v in sorted(self.missing_by.items())},
            "warnings": list(self.warnings),
            "complete": self.complete,
        }


def derive_criticality(rec: Mapping[str, Any], policy: Policy, memo: PolicyMemo | None = None
                       ) -> tuple[Mapping[str, Any], Reason | None]:
    """Highest criticality among the services affected, from the policy's list of services."""
    services = rec.get(SERVICES_ATTRIBUTE)
    if not services or rec.get(CRITICALITY_ATTRIBUTE) is not None:
        return rec, None
    key = tuple(services)
    cached = memo.derived.get(key) if memo is not None else None
    if cached is None:
        cached = _derivation(key, policy)
        if memo is not None:
            memo.derived[key] = cached
    worst, reason = cached
    if worst is None:
        return rec, None
    out = dict(rec)
    out[CRITICALITY_ATTRIBUTE] = worst
    return out, reason


def _derivation(services: tuple[str, ...], policy: Policy) -> tuple[str | None, Reason | None]:
    attr = policy.attributes.get(CRITICALITY_ATTRIBUTE)
    if attr is None or not attr.ordered:
        return None, None
    known = policy.service_criticality
    if not all(s in known for s in services):
        return None, None  # an unknown service: no guess, the attribute stays missing
    rank = {v: i for i, v in enumerate(attr.values)}
    worst = max((known[s] for s in services), key=lambda c: rank.get(c, -1))
    each = ", ".join(f"{s}: {known[s]}" for s in services)
    return worst, Reason(
        "derived." + CRITICALITY_ATTRIBUTE,
        f"{CRITICALITY_ATTRIBUTE} = {worst}",
        [],
        f"highest criticality of the services affected ({each}), from the policy's services under change control",
        "derived", (tuple((s, known[s]) for s in services),),
    )


def has_attributes(rec: Mapping[str, Any]) -> bool:
    """Whether a record holds any attribute to classify by (identity and recorded handling do not count)."""
    return any(v is not None for k, v in rec.items() if k not in RECORD_FIELDS)


#: A record holding nothing to classify by (fi-blind-2 #321: it was English in a Finnish run).
NO_ATTRIBUTES = message("the change has no attributes to classify by (only its id, title or recorded handling); nothing decided")


def classify(change: Mapping[str, Any], policy: Policy, *, validate: bool = True,
             memo: PolicyMemo | None = None) -> Classification:
    """Classify one change record; returns a :class:`Classification` explaining each decision.

    With ``validate`` (the default) the record is first checked by :func:`record_from_mapping`
    (raising :class:`InputError`); batch reading passes records it already converted. A record
    without any attribute gets no verdict: :class:`InputError`. A batch passes the memo of its run
    (values worked out once per run).
    """
    rec: Mapping[str, Any] = record_from_mapping(change, policy) if validate else change
    if not has_attributes(rec):
        raise InputError(NO_ATTRIBUTES)
    rec, derived = derive_criticality(rec, policy, memo)
    hits_by: dict[str, list[Hit]] = {}
    stages = evaluate_stages(rec, policy, hits_by)
    d = decide(stages, rec.get("kind"), rec.get("standard_model"), policy)
    return _classification(rec, d, hits_by, derived, policy, memo)


def _classification(rec: Mapping[str, Any], d: Decision, hits_by: dict[str, list[Hit]], derived: Reason | None,
                    policy: Policy, memo: PolicyMemo | None) -> Classification:
    from itsm_assess.change_impact.explain import vocabulary  # words the notes; explain does not import classify

    english = vocabulary(policy, "en", memo)
    rationale: list[Reason] = [derived] if derived else []
    for spec in d.reasons:
        args = spec.args
        if spec.key == "model-failed":
            args = (failed_conditions(rec, policy, d.standard_model or ""),)
        elif spec.key == "unknown-service":
            args = (unknown_services(rec, policy),)
        hits = list(spec.hits) or list(hits_by.get(spec.hits_from, ())) if spec.hits_from or spec.hits else []
        rationale.append(Reason(spec.rule, spec.effect, hits, english.note(spec.key, args) if spec.key else "",
                                spec.key, args))
    return Classification(
        change_id=str(rec["id"]) if rec.get("id") is not None else None,
        kind=d.kind, category=d.category, standard_model=d.standard_model, risk=d.risk, risk_at_most=d.risk_at_most,
        major_impact=d.major_impact, route=d.route, release_required=d.release_required,
        approvals=list(d.approvals), artefacts=list(d.artefacts), outcome=d.outcome, rationale=rationale,
        missing_by={k: list(v) for k, v in d.missing_by.items()}, warnings=d.warnings,
        approvals_at_least=list(d.approvals_at_least),
    )


def failed_conditions(rec: Mapping[str, Any], policy: Policy, model_id: str) -> tuple[tuple[Condition, Any], ...]:
    """The parts of a standard model's condition the change fails, each with the value it has (for a leaf)."""
    return tuple((cond, rec.get(cond.field) if isinstance(cond, Leaf) else None)
                 for cond, test in policy.model_parts.get(model_id, []) if test(rec, [], []) is False)


def parts_text(failed: tuple[tuple[Condition, Any], ...]) -> str:
    """The failed parts of a model in plain ids (for logs and tests)."""
    return "; ".join(describe(cond) + (f" (is {value})" if isinstance(cond, Leaf) else "") for cond, value in failed)
