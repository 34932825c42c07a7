"""Classifying one change against a policy: category, impact, route, approvals, and why.

:func:`classify` is a pure function of a change record (a mapping of attribute names to
values) and a compiled :class:`~itsm_assess.change_impact.policy.Policy`. The routing rules of
ISO/IEC 20000-1:2018 are fixed here, not in the policy:

* new services, service removals, service transfers, and changes that meet a criterion of the
  highest (major) impact level go through service design and transition (8.5.2);
* every other change goes through the change management activities (8.5.1.3);
* a change the policy's release criteria select also goes through release and deployment
  management (8.5.3);
* a change is standard only when it names a standard change model of the policy, satisfies that
  model's conditions, is a modification and does not have major impact; else it is normal;
* a change that meets the emergency criteria is an emergency change.

A criterion that needs an attribute the change lacks is neither met nor failed: the attribute is
listed under ``missing`` and no default is assumed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from itsm_assess.change_impact.conditions import Condition, Hit, Leaf, describe, format_hit
from itsm_assess.change_impact.policy import (
    CHANGE_MANAGEMENT,
    CRITICALITY_ATTRIBUTE,
    DESIGN_TRANSITION,
    KIND_TITLES,
    RECORD_FIELDS,
    RELEASE_DEPLOYMENT,
    ROUTE_CLAUSES,
    ROUTE_TITLES,
    SERVICES_ATTRIBUTE,
    Policy,
    PolicyMemo,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import localize

_TRUE = frozenset({"true", "yes", "y", "1", "x", "kyllä", "k", "on"})
_FALSE = frozenset({"false", "no", "n", "0", "ei", "off"})
#: How the note of a standard model whose conditions fail begins; the rest names the failed parts with
#: the change's values, so it is the one note that differs between changes classified alike.
MODEL_FAILED_NOTE = "model conditions not met: "
_ROUTE_ALIASES = {DESIGN_TRANSITION: DESIGN_TRANSITION, CHANGE_MANAGEMENT: CHANGE_MANAGEMENT,
                  "8.5.2": DESIGN_TRANSITION, "8.5.1.3": CHANGE_MANAGEMENT, "8.5.1": CHANGE_MANAGEMENT}


def converter(name: str, policy: Policy, number_locale: str | None = None) -> Callable[[str], Any]:
    """A function turning the text of attribute ``name`` (from CSV, XLSX or ``--set``) into its value.

    Empty text becomes ``None`` (absent). Raises ValueError saying what was expected. Numbers
    follow ``number_locale`` (see :func:`number_parser`).
    """
    if name == "recorded_category":
        return _choice_converter(("standard", "normal", "emergency"))
    if name == "recorded_route":
        def route(text: str) -> str | None:
            s = text.strip()
            if not s:
                return None
            try:
                return _ROUTE_ALIASES[s.casefold()]
            except KeyError:
                raise ValueError(f"{s!r} is not a route; expected {DESIGN_TRANSITION} or {CHANGE_MANAGEMENT}") from None
        return route
    if name == "recorded_approvals":
        return _list_converter(())
    if name in ("id", "title"):
        return lambda text: text.strip() or None
    attr = policy.attributes.get(name)
    if attr is None:
        raise KeyError(name)
    if attr.type == "number":
        return number_parser(number_locale)
    if attr.type == "boolean":
        return _boolean
    if attr.type == "choice":
        return _choice_converter(attr.values)
    if attr.type == "list":
        return _list_converter(attr.values)
    return lambda text: text.strip() or None


#: Number formats by the locale a column map states: grouping in threes, one decimal separator.
_NUMBER_FORMATS = {
    "en": (re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"), ",", ".", "1,200 or 1.5"),
    "fi": (re.compile("[+\\-\u2212]?(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:,[0-9]+)?"),
           " \u00a0\u202f", ",", "1 200 or 1,5"),
}
_PLAIN_INTEGER = re.compile(r"[+-]?[0-9]+")
_SPACE_GROUPED = re.compile("[+-]?[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+")
_ONE_SEPARATOR = re.compile(r"[+-]?([0-9]+)[.,]([0-9]+)")
_STATE_LOCALE = "state the number format in the column map (locale: en reads 1,200 and 1.5; locale: fi reads 1 200 and 1,5)"


def number_parser(locale: str | None = None) -> Callable[[str], int | float | None]:
    """A parser of numbers as written in ``locale`` (``en``, ``fi``), or in no stated locale.

    Never guesses: with no locale, ``1,200`` and ``1.200`` (one separator, three digits after
    it: a thousands group or a decimal?) are refused as ambiguous; ``1.5``, ``1,5``, ``1 200``
    and ``1200`` are not. With a locale, text that does not follow it is refused.
    """
    if locale is not None and locale not in _NUMBER_FORMATS:
        raise ValueError(f"number locale {locale!r} is not known (expected {', '.join(_NUMBER_FORMATS)})")

    def parse(text: str) -> int | float | None:
        s = text.strip()
        if not s:
            return None
        if _PLAIN_INTEGER.fullmatch(s):
            return int(s)
        if locale is None:
            if _SPACE_GROUPED.fullmatch(s):
                return int(re.sub("[ \u00a0\u202f]", "", s))
            m = _ONE_SEPARATOR.fullmatch(s)
            if m is None:
                raise ValueError(f"{s!r} is not a number; {_STATE_LOCALE}" if re.search("[0-9]", s)
                                 else f"{s!r} is not a number")
            if len(m.group(2)) == 3 and m.group(1)[0] != "0" and len(m.group(1)) <= 3:
                raise ValueError(f"{s!r} is ambiguous (a thousands separator or a decimal?); {_STATE_LOCALE}")
            v = float(s.replace(",", "."))
        else:
            pattern, groups, decimal, example = _NUMBER_FORMATS[locale]
            if not pattern.fullmatch(s):
                raise ValueError(f"{s!r} is not a number as written in locale {locale} (e.g. {example})")
            t = s.replace("\u2212", "-")
            for g in groups:
                t = t.replace(g, "")
            v = float(t.replace(decimal, "."))
        if not math.isfinite(v):
            raise ValueError(f"{s!r} is not a finite number")
        return int(v) if v.is_integer() else v

    return parse


_number = number_parser()


def number_text(value: float, locale: str | None = None) -> str:
    """A typed number (a spreadsheet's numeric cell) as text that :func:`number_parser` of
    ``locale`` reads back exactly, never as an ambiguous ``1.200``."""
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text or "n" in text:  # 1e-07, inf, nan: plain digits (non-finite ones stay refused)
        text = f"{value:.20f}".rstrip("0") if math.isfinite(value) else text
    whole, _, frac = text.lstrip("-").partition(".")
    if locale is None and len(frac) == 3 and whole[:1] != "0" and len(whole) <= 3:
        text += "0"  # 1.125 -> 1.1250: the same value, no longer readable as 1125
    return text.replace(".", ",") if locale == "fi" else text


def _boolean(text: str) -> bool | None:
    s = text.strip().casefold()
    if not s:
        return None
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"{text.strip()!r} is not yes or no; expected true/false, yes/no, kyllä/ei or 1/0")


def _choice_converter(values: tuple[str, ...]) -> Callable[[str], str | None]:
    lookup = {v.casefold(): v for v in values}
    shown = ", ".join(values)

    def choice(text: str) -> str | None:
        s = text.strip()
        if not s:
            return None
        try:
            return lookup[s.casefold()]
        except KeyError:
            raise ValueError(f"{s!r} is not one of {shown}") from None

    return choice


def _list_converter(values: tuple[str, ...]) -> Callable[[str], tuple[str, ...] | None]:
    allowed = frozenset(values)

    def items(text: str) -> tuple[str, ...] | None:
        parts = tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())
        if not parts:
            return None
        if allowed:
            bad = [p for p in parts if p not in allowed]
            if bad:
                raise ValueError(f"{bad[0]!r} is not one of {', '.join(values)}")
        return parts

    return items


def record_from_mapping(
    data: object,
    policy: Policy,
    where: Callable[[tuple[str, ...]], str] | None = None,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """Check a change given as typed values (YAML, JSON, Python) and return the record to classify.

    Text is converted like a CSV cell; numbers, booleans and lists must fit the attribute's type.
    Unknown attributes are errors (a misspelt attribute would otherwise be silently missing).
    Problems are appended to ``problems`` when given, else raised as :class:`InputError`.
    """
    own = problems is None
    found: list[str] = [] if problems is None else problems
    place = where or (lambda key: "change")
    record: dict[str, Any] = {}
    if not isinstance(data, Mapping):
        found.append(f"{place(())}: expected a change: a mapping of attribute names to values")
    else:
        for key, value in data.items():
            loc = (str(key),)
            if not isinstance(key, str) or (key not in policy.attributes and key not in RECORD_FIELDS):
                found.append(
                    f"{place(loc)}: {key}: unknown attribute; the policy declares "
                    f"{', '.join(sorted(policy.attributes))} (and {', '.join(RECORD_FIELDS)})"
                )
                continue
            try:
                record[key] = _typed_value(key, value, policy)
            except ValueError as exc:
                found.append(f"{place(loc)}: {key}: {exc}")
    if own and found:
        raise InputError(found)
    return record


def _typed_value(name: str, value: Any, policy: Policy) -> Any:
    if value is None:
        return None
    convert = converter(name, policy)
    if isinstance(value, str):
        return convert(value)
    attr = policy.attributes.get(name)
    kind = attr.type if attr else ("list" if name == "recorded_approvals" else "text")
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a finite number")
        return value
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "list" and isinstance(value, list):
        return convert(",".join(str(v) for v in value if v is not None)) if all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value) else _bad(value, "a list of names")
    if kind in ("text",) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    expected = {"number": "a number", "boolean": "true or false", "list": "a list of names", "choice": "one of "
                + ", ".join(attr.values if attr else ()), "text": "text"}[kind]
    return _bad(value, expected)


def _bad(value: Any, expected: str) -> Any:
    raise ValueError(f"{value!r} is not {expected}")


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
        }

    def text(self) -> str:
        facts = "; ".join(format_hit(h) for h in self.hits)
        parts = [p for p in (facts, self.note) if p]
        return f"{self.effect} [{self.rule}]" + (f": {' — '.join(parts)}" if parts else "")


def _plain(v: Any) -> Any:
    return list(v) if isinstance(v, (tuple, frozenset, set)) else v


class Decided:
    """What :class:`Classification` and the batch ``Verdict`` share: the properties derived from their fields."""

    __slots__ = ()
    route: str
    missing_by: dict[str, list[str]]

    @property
    def missing(self) -> list[str]:
        """Attributes a criterion needed but the change lacks, sorted."""
        return sorted(self.missing_by)

    @property
    def clause(self) -> str:
        """The clause of the route (8.5.2 or 8.5.1.3)."""
        return ROUTE_CLAUSES[self.route]

    @property
    def complete(self) -> bool:
        """Whether no criterion lacked an attribute."""
        return not self.missing_by


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
    impact: str
    route: str
    release_required: bool | None
    approvals: list[str]
    artefacts: list[str]
    project_expected: bool
    outcome: str
    rationale: list[Reason]
    missing_by: dict[str, list[str]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "change_id": self.change_id,
            "kind": self.kind,
            "category": self.category,
            "standard_model": self.standard_model,
            "impact": self.impact,
            "route": {"process": self.route, "clause": self.clause},
            "release_required": self.release_required,
            "release_route": (
                {"process": RELEASE_DEPLOYMENT, "clause": ROUTE_CLAUSES[RELEASE_DEPLOYMENT]}
                if self.release_required else None
            ),
            "approvals": list(self.approvals),
            "artefacts": list(self.artefacts),
            "project_expected": self.project_expected,
            "outcome": self.outcome,
            "rationale": [r.to_dict() for r in self.rationale],
            "missing": self.missing,
            "missing_needed_by": {k: list(v) for k, v in sorted(self.missing_by.items())},
            "complete": self.complete,
        }


def _derive_criticality(
    rec: Mapping[str, Any], policy: Policy, memo: PolicyMemo | None = None,
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


def classify(change: Mapping[str, Any], policy: Policy, *, validate: bool = True,
             memo: PolicyMemo | None = None) -> Classification:
    """Classify one change record; returns a :class:`Classification` explaining each decision.

    With ``validate`` (the default) the record is first checked by :func:`record_from_mapping`
    (raising :class:`InputError`); batch reading passes records it already converted, and the
    memo of its run (values worked out once per run).
    """
    rec: Mapping[str, Any] = record_from_mapping(change, policy) if validate else change
    rationale: list[Reason] = []
    missing_by: dict[str, list[str]] = {}
    hits: list[Hit] = []
    miss: list[str] = []

    def note_missing(rule: str) -> None:
        for a in miss:
            rules = missing_by.setdefault(a, [])
            if rule not in rules:
                rules.append(rule)
        miss.clear()

    rec, derived = _derive_criticality(rec, policy, memo)
    if derived:
        rationale.append(derived)

    # Impact: the highest level with a matching criterion; the lowest when none matches.
    impact = policy.lowest_level
    for level, criteria in policy.levels_desc:
        matched = False
        level_missing: dict[str, list[str]] = {}
        for crit in criteria:
            r = crit.test(rec, hits, miss)
            if r:
                matched = True
                rationale.append(Reason(f"impact.{crit.id}", f"impact {level}", hits[:]))
                hits.clear()
            elif r is None:
                for a in miss:
                    level_missing.setdefault(a, []).append(f"impact.{crit.id}")
                miss.clear()
        if matched:
            impact = level
            break
        for a, rules in level_missing.items():
            missing_by.setdefault(a, []).extend(rules)
    else:
        rationale.append(Reason("impact", f"impact {impact}", [], "no criterion of a higher level matched", "no-higher"))

    kind = rec.get("kind")
    if kind is None:
        missing_by.setdefault("kind", []).append("route")

    # Category: emergency, else standard when a named model fully applies, else normal.
    category = "normal"
    model_id = rec.get("standard_model")
    if policy.emergency is not None:
        r = policy.emergency(rec, hits, miss)
        if r:
            category = "emergency"
            rationale.append(Reason("emergency", "category emergency", hits[:]))
            hits.clear()
        elif r is None:
            note_missing("emergency")
    if category != "emergency" and model_id is not None:
        model = policy.standard_models.get(model_id)
        if model is None:
            rationale.append(Reason("standard", "not standard", [], f"{model_id!r} is not a standard change model of the policy",
                                    "unknown-model", (model_id,)))
        elif kind is not None and kind != "modification":
            rationale.append(Reason(f"standard.{model_id}", "not standard", [("kind", "eq", "modification", kind)],
                                    "only a modification of an existing service can be a standard change",
                                    "not-modification"))
        elif impact == policy.major_level:
            rationale.append(Reason(f"standard.{model_id}", "not standard", [],
                                    f"a change with {impact} impact cannot be pre-approved", "major-not-preapproved",
                                    (impact,)))
        else:
            r = model[0](rec, hits, miss)
            if r:
                category = "standard"
                rationale.append(Reason(f"standard.{model_id}", "category standard", hits[:]))
                hits.clear()
            elif r is None:
                note_missing(f"standard.{model_id}")
                rationale.append(Reason(f"standard.{model_id}", "not standard", [],
                                        "the model's conditions could not be checked: attributes missing",
                                        "model-unchecked"))
            else:
                failed = failed_conditions(rec, policy, model_id)
                rationale.append(Reason(f"standard.{model_id}", "not standard", [],
                                        MODEL_FAILED_NOTE + _parts_text(failed), "model-failed", (failed,)))
    if category == "normal":
        rationale.append(Reason("category", "category normal", [], "neither emergency nor a standard change", "normal"))

    # Route: fixed by ISO/IEC 20000-1:2018 8.5.1.1 and 8.5.2.
    if kind is not None and kind != "modification":
        route = DESIGN_TRANSITION
        rationale.append(Reason("route.kind", f"route {DESIGN_TRANSITION} (8.5.2)", [("kind", "eq", kind, kind)],
                                "new services, removals and transfers always go through service design and transition",
                                "route-kind"))
    elif impact == policy.major_level:
        route = DESIGN_TRANSITION
        rationale.append(Reason("route.major", f"route {DESIGN_TRANSITION} (8.5.2)", [],
                                f"{impact} impact: service design and transition", "route-major", (impact,)))
    else:
        route = CHANGE_MANAGEMENT

    release_required: bool | None = None
    if policy.release is not None:
        r = policy.release(rec, hits, miss)
        if r:
            release_required = True
            rationale.append(Reason("release", f"release {RELEASE_DEPLOYMENT} (8.5.3)", hits[:]))
            hits.clear()
        elif r is None:
            note_missing("release")
        else:
            release_required = False

    # Outcome: the first whose match fits; the policy's last outcome matches everything.
    pf = policy.file
    outcome = pf.outcomes[-1]
    for out in pf.outcomes:
        m = out.match
        if ((m.category is None or category in m.category) and (m.impact is None or impact in m.impact)
                and (m.route is None or route in m.route) and (m.kind is None or kind in m.kind)):
            outcome = out
            break
    approvals = list(outcome.approvals)
    artefacts = list(outcome.artefacts)
    if category == "standard" and model_id is not None:
        artefacts += [a for a in pf.categories.standard.models[_model_index(policy, model_id)].artefacts
                      if a not in artefacts]
    if release_required:
        approvals += [a for a in pf.release.approvals if a not in approvals]
        artefacts += [a for a in pf.release.artefacts if a not in artefacts]

    return Classification(
        change_id=str(rec["id"]) if rec.get("id") is not None else None,
        kind=kind,
        category=category,
        standard_model=model_id,
        impact=impact,
        route=route,
        release_required=release_required,
        approvals=approvals,
        artefacts=artefacts,
        project_expected=outcome.project_expected,
        outcome=outcome.id,
        rationale=rationale,
        missing_by=missing_by,
    )


def failed_conditions(rec: Mapping[str, Any], policy: Policy, model_id: str) -> tuple[tuple[Condition, Any], ...]:
    """The parts of a standard model's condition the change fails, each with the value it has (for a leaf)."""
    return tuple((cond, rec.get(cond.field) if isinstance(cond, Leaf) else None)
                 for cond, test in policy.model_parts.get(model_id, []) if test(rec, [], []) is False)


def _parts_text(failed: tuple[tuple[Condition, Any], ...]) -> str:
    return "; ".join(describe(cond) + (f" (is {value})" if isinstance(cond, Leaf) else "") for cond, value in failed)


def _model_index(policy: Policy, model_id: str) -> int:
    for i, m in enumerate(policy.file.categories.standard.models):
        if m.id == model_id:
            return i
    raise KeyError(model_id)


def format_classification(result: Classification, policy: Policy, lang: str = "en") -> str:
    """The result as readable text, the ``--format text`` output of ``change classify``."""
    from itsm_assess.change_impact.explain import explain, vocabulary

    pf = policy.file
    fi = lang == "fi"
    cats = {"standard": pf.categories.standard.title, "normal": pf.categories.normal.title,
            "emergency": pf.categories.emergency.title}
    levels = {lv.id: lv.title for lv in pf.impact.levels}
    lab = _LABELS["fi" if fi else "en"]
    lines = []
    if result.change_id:
        lines.append(f"{lab['change']}: {result.change_id}")
    if result.kind:
        lines.append(f"{lab['kind']}: {localize(KIND_TITLES[result.kind], lang)}")
    model = (f" ({vocabulary(policy, lang).value('standard_model', result.standard_model)})"
             if result.category == "standard" and result.standard_model else "")
    lines.append(f"{lab['category']}: {localize(cats[result.category], lang)}{model}")
    lines.append(f"{lab['impact']}: {localize(levels[result.impact], lang)}")
    lines.append(f"{lab['route']}: {localize(ROUTE_TITLES[result.route], lang)} ({result.clause})")
    if result.release_required is None:
        rel = lab["unknown"]
    elif result.release_required:
        rel = f"{lab['yes']}: {localize(ROUTE_TITLES[RELEASE_DEPLOYMENT], lang)} (8.5.3)"
    else:
        rel = lab["no"]
    lines.append(f"{lab['release']}: {rel}")
    lines.append(f"{lab['approvals']}: " + (", ".join(localize(pf.roles[a].title, lang) for a in result.approvals)
                                            or lab["preapproved"]))
    lines.append(f"{lab['artefacts']}: " + ", ".join(localize(pf.artefacts[a].title, lang) for a in result.artefacts))
    lines.append(f"{lab['project']}: {lab['yes'] if result.project_expected else lab['no']}")
    lines.append(f"{lab['why']}:")
    lines.extend(f"  - {line}" for line in explain(result.rationale, policy, lang))
    if result.missing_by:
        vocab = vocabulary(policy, lang)
        lines.append(f"{lab['missing']}:")
        lines.extend(f"  - {vocab.titles.get(a, a)} [{a}] ({lab['needed_by']}: {', '.join(vocab.rule(r) for r in rules)})"
                     for a, rules in sorted(result.missing_by.items()))
    return "\n".join(lines) + "\n"


_LABELS = {
    "en": {"change": "change", "kind": "kind", "category": "category", "impact": "impact", "route": "route",
           "release": "release and deployment", "approvals": "approvals", "artefacts": "artefacts",
           "project": "project expected", "why": "why", "missing": "missing (no default assumed)",
           "needed_by": "needed by", "yes": "yes", "no": "no", "unknown": "unknown (attributes missing)",
           "preapproved": "none (pre-approved)"},
    "fi": {"change": "muutos", "kind": "laji", "category": "luokka", "impact": "vaikutus", "route": "reitti",
           "release": "julkaisu ja käyttöönotto", "approvals": "hyväksynnät", "artefacts": "tuotokset",
           "project": "toteutetaan projektina", "why": "perusteet", "missing": "puuttuu (oletusta ei käytetä)",
           "needed_by": "tarvitaan arvioinnissa", "yes": "kyllä", "no": "ei", "unknown": "ei tiedossa (tietoja puuttuu)",
           "preapproved": "ei tarvita (ennalta hyväksytty)"},
}
