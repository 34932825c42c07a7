"""Saying a policy's conditions and a classification's reasons in the reader's language.

The JSON contract keeps machine values (attribute names, value ids, operators, rule ids); people
read them through a :class:`Vocabulary`: the attributes' titles and the values' labels from the
policy (``values: {critical: {en: critical, fi: kriittinen}}``; the services' titles for
``services``, the kinds of change, the standard models' titles), operator phrases
("is over", "on yli", "is one of", "on jokin arvoista"), yes/no, and numbers with their units.
"""

from __future__ import annotations

from typing import Any

from itsm_assess.change_impact.conditions import Condition, Hit, Leaf, negate
from itsm_assess.change_impact.policy import (
    BUILTIN_ATTRIBUTES,
    CRITICALITY_ATTRIBUTE,
    DESIGN_TRANSITION,
    KIND_TITLES,
    RELEASE_DEPLOYMENT,
    ROUTE_CLAUSES,
    ROUTE_TITLES,
    SERVICES_ATTRIBUTE,
    Policy,
    PolicyMemo,
)
from itsm_assess.i18n import check_language, localize

#: Operator phrases in a condition ("Planned outage is over 60 min"); ``*_order`` for ordered choices.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "eq": "is", "ne": "is not", "gt": "is over", "gte": "is at least", "lt": "is under", "lte": "is at most",
        "gt_order": "is higher than", "lt_order": "is lower than",
        "in": "is one of", "not_in": "is none of", "contains": "includes", "not_contains": "does not include",
        "contains_text": "contains the text", "not_contains_text": "does not contain the text",
        "like": "matches the pattern", "not_like": "does not match the pattern",
        "exists": "is recorded", "not_exists": "is not recorded",
        "and": "and", "or": "or", "yes": "yes", "no": "no", "none": "(none)",
        "criterion": "criterion", "is_now": "is",
    },
    "fi": {
        "eq": "on", "ne": "ei ole", "gt": "on yli", "gte": "on vähintään", "lt": "on alle", "lte": "on enintään",
        "gt_order": "on korkeampi kuin", "lt_order": "on matalampi kuin",
        "in": "on jokin arvoista", "not_in": "ei ole mikään arvoista", "contains": "sisältää",
        "not_contains": "ei sisällä", "contains_text": "sisältää tekstin", "not_contains_text": "ei sisällä tekstiä",
        "like": "vastaa mallia", "not_like": "ei vastaa mallia",
        "exists": "on kirjattu", "not_exists": "ei ole kirjattu",
        "and": "ja", "or": "tai", "yes": "kyllä", "no": "ei", "none": "(ei mitään)",
        "criterion": "ehto", "is_now": "on nyt",
    },
}

#: The notes of a classification's reasons (``Reason.key``), with their arguments as ``{0}``, ``{1}``.
NOTES: dict[str, dict[str, str]] = {
    "derived": {
        "en": "derived from the services affected ({0}) as listed under change control in the policy",
        "fi": "johdettu muutoksen kohteena olevista palveluista ({0}) politiikan muutoksenhallinnan piirissä "
              "olevien palvelujen luettelon mukaan",
    },
    "no-higher": {"en": "no criterion of a higher level is met", "fi": "mikään korkeamman tason kriteeri ei täyty"},
    "unknown-model": {"en": "{0} is not a standard change model of the policy",
                      "fi": "{0} ei ole politiikan vakiomuutosmalli"},
    "not-modification": {"en": "only a modification of an existing service can be a standard change",
                         "fi": "vain olemassa olevan palvelun muutos voi olla vakiomuutos"},
    "major-not-preapproved": {"en": "a change with impact level {0} cannot be pre-approved",
                              "fi": "muutosta, jonka vaikutustaso on {0}, ei voida hyväksyä ennalta"},
    "model-unchecked": {"en": "the model's conditions could not be checked: attributes are missing",
                        "fi": "mallin ehtoja ei voitu tarkistaa, koska tietoja puuttuu"},
    "model-failed": {"en": "the model's conditions are not met: {0}", "fi": "mallin ehdot eivät täyty: {0}"},
    "normal": {"en": "neither an emergency change nor a standard change",
               "fi": "ei hätämuutos eikä vakiomuutos"},
    "route-kind": {"en": "new services, service removals and service transfers always go through service design "
                         "and transition",
                   "fi": "uudet palvelut, palvelujen poistot ja palvelujen siirrot kulkevat aina palvelujen "
                         "suunnittelun ja siirron tuotantoon kautta"},
    "route-major": {"en": "the impact level is {0}", "fi": "vaikutustaso on {0}"},
}

#: The reasons of batch deviations (``Deviation.key``), with their arguments as ``{0}``, ``{1}``.
DEVIATIONS: dict[str, dict[str, str]] = {
    "standard-emergency": {"en": "recorded as standard but meets the emergency criteria",
                           "fi": "kirjattu vakiomuutokseksi, mutta täyttää hätämuutoksen kriteerit"},
    "standard-major": {"en": "recorded as standard but meets criteria of the highest impact level ({1}): {0}",
                       "fi": "kirjattu vakiomuutokseksi, mutta täyttää korkeimman vaikutustason ({1}) kriteerit: {0}"},
    "standard-no-model": {"en": "recorded as standard but names no standard change model",
                          "fi": "kirjattu vakiomuutokseksi, mutta vakiomuutosmallia ei ole nimetty"},
    "standard-model": {"en": "recorded as standard but model {0} does not apply: {1}",
                       "fi": "kirjattu vakiomuutokseksi, mutta malli {0} ei sovellu: {1}"},
    "emergency-unchecked": {"en": "recorded as emergency but the emergency criteria cannot be checked: "
                                  "attributes are missing",
                            "fi": "kirjattu hätämuutokseksi, mutta hätämuutoksen kriteerejä ei voida tarkistaa, "
                                  "koska tietoja puuttuu"},
    "emergency-not-met": {"en": "recorded as emergency but does not meet the emergency criteria",
                          "fi": "kirjattu hätämuutokseksi, mutta ei täytä hätämuutoksen kriteerejä"},
    "approval-emergency": {"en": "emergency change without the emergency approval: {0}",
                           "fi": "hätämuutos ilman hätämuutoksen hyväksyntää: {0}"},
    "approval-missing": {"en": "required approval not recorded: {0}",
                         "fi": "vaadittua hyväksyntää ei ole kirjattu: {0}"},
    "route-kind": {"en": "{0} not routed through {1}", "fi": "{0} ei ole kulkenut reittiä {1}"},
    "route-major": {"en": "change with potential major impact not routed through {1}",
                    "fi": "muutos, jolla voi olla merkittävä vaikutus, ei ole kulkenut reittiä {1}"},
}

EFFECTS: dict[str, dict[str, str]] = {
    "en": {"impact": "Impact: {0}", "category": "Category: {0}", "not_standard": "Not a standard change",
           "route": "Route: {0}", "release": "Also {0}", "derived": "{0} is {1}",
           "rule_release": "the release criteria", "rule_emergency": "the emergency criteria",
           "rule_route": "the route", "rule_standard": "standard change model {0}"},
    "fi": {"impact": "Vaikutus: {0}", "category": "Luokka: {0}", "not_standard": "Ei vakiomuutos",
           "route": "Reitti: {0}", "release": "Lisäksi {0}", "derived": "{0} on {1}",
           "rule_release": "julkaisun kriteerit", "rule_emergency": "hätämuutoksen kriteerit",
           "rule_route": "reitti", "rule_standard": "vakiomuutosmalli {0}"},
}


class Vocabulary:
    """How one policy is said in one language; get it with :func:`vocabulary` (cached on the policy)."""

    def __init__(self, policy: Policy, lang: str) -> None:
        self.policy = policy
        self.lang = lang = check_language(lang)
        self.words = PHRASES[lang]
        pf = policy.file

        def L(text: Any) -> str:  # noqa: N802 - reads as "localised"
            return localize(text, lang)

        self.titles: dict[str, str] = {name: L(spec["title"]) for name, spec in BUILTIN_ATTRIBUTES.items()}
        self.titles.update({name: L(a.title) for name, a in pf.attributes.items()})
        self.labels: dict[str, dict[str, str]] = {
            "kind": {k: L(v) for k, v in KIND_TITLES.items()},
            "standard_model": {m.id: L(m.title) for m in pf.categories.standard.models},
        }
        self.units: dict[str, str] = {}
        for name, a in pf.attributes.items():
            self.labels[name] = {v: L(label) for v, label in a.value_labels.items()}
            if a.unit is not None:
                self.units[name] = L(a.unit)
        if SERVICES_ATTRIBUTE in pf.attributes and not self.labels.get(SERVICES_ATTRIBUTE):
            self.labels[SERVICES_ATTRIBUTE] = {s.id: L(s.title) for s in pf.change_control.services}
        self.ordered = {name for name, t in policy.attributes.items() if t.type == "choice" and t.ordered}
        self.levels = {lv.id: L(lv.title) for lv in pf.impact.levels}
        self.categories = {"standard": L(pf.categories.standard.title), "normal": L(pf.categories.normal.title),
                           "emergency": L(pf.categories.emergency.title)}
        self.routes = {k: f"{L(v)} ({ROUTE_CLAUSES[k]})" for k, v in ROUTE_TITLES.items()}
        self.roles = {k: L(r.title) for k, r in pf.roles.items()}
        self.criteria = {f"impact.{c.id}": L(c.title) for lv in pf.impact.levels for c in lv.criteria}
        self.criteria.update({f"standard.{m.id}": L(m.title) for m in pf.categories.standard.models})

    # --- values ---------------------------------------------------------------------------------
    def number(self, v: float) -> str:
        if isinstance(v, float) and not v.is_integer():
            text = f"{v:g}"
            return text.replace(".", ",") if self.lang == "fi" else text
        n = int(v)
        if abs(n) < 1_000:
            return str(n)
        return f"{n:,}".replace(",", "\u00a0" if self.lang == "fi" else ",")

    def value(self, name: str, v: Any) -> str:
        """One value of attribute ``name`` as the reader should see it (label, yes/no, number with unit)."""
        if v is None:
            return self.words["none"]
        if isinstance(v, bool):
            return self.words["yes"] if v else self.words["no"]
        if isinstance(v, (int, float)):
            unit = self.units.get(name)
            return f"{self.number(v)} {unit}" if unit else self.number(v)
        if isinstance(v, (list, tuple, set, frozenset)):
            return ", ".join(self.value(name, i) for i in v) or self.words["none"]
        return self.labels.get(name, {}).get(str(v), str(v))

    def values(self, name: str) -> str:
        """Every value a choice or list attribute declares, labelled, in order."""
        attr = self.policy.attributes.get(name)
        declared = attr.values if attr and attr.values else tuple(self.labels.get(name, ()))
        return ", ".join(self.value(name, v) for v in declared)

    # --- conditions -----------------------------------------------------------------------------
    def phrase(self, name: str, op: str) -> str:
        if name in self.ordered and op in ("gt", "lt"):
            return self.words[f"{op}_order"]
        attr = self.policy.attributes.get(name)
        if attr is not None and attr.type == "text" and op in ("contains", "not_contains"):
            return self.words[f"{op}_text"]
        return self.words[op]

    def leaf(self, leaf: Leaf, top: bool = False) -> str:
        """One leaf in words; ``eq`` reads as a form field (``Suunniteltu katko: 0 min``)."""
        title = self.titles.get(leaf.field, leaf.field)
        op, x = leaf.op, leaf.value
        if op == "exists":
            return f"{title} {self.words['exists' if x else 'not_exists']}"
        if isinstance(x, bool) and op in ("eq", "ne"):
            return f"{title}: {self.value(leaf.field, x if op == 'eq' else not x)}"
        if op == "eq":
            return f"{title}: {self.value(leaf.field, x)}"
        if op in ("in", "not_in"):
            shown = self.value(leaf.field, x)
            return f"{title} {self.phrase(leaf.field, op)}" + (f": {shown}" if top else f" ({shown})")
        if op in ("like", "not_like", "contains", "not_contains") and isinstance(x, str):
            shown = f"”{x}”" if self.lang == "fi" else f"“{x}”"
            if op in ("contains", "not_contains") and self.labels.get(leaf.field):
                shown = self.value(leaf.field, x)
            return f"{title} {self.phrase(leaf.field, op)} {shown}"
        return f"{title} {self.phrase(leaf.field, op)} {self.value(leaf.field, x)}"

    def describe(self, cond: Condition) -> str:
        """A condition in words, e.g. ``Suunniteltu katko on yli 60 min ja Voidaan perua: ei``."""

        def go(c: Condition, top: bool) -> str:
            if isinstance(c, Leaf):
                return self.leaf(c, top)
            if c.kind == "not":
                return go(negate(c.parts[0]), top)
            joiner = f" {self.words['and']} " if c.kind == "all" else f" {self.words['or']} "
            text = joiner.join(go(p, False) for p in c.parts)
            return text if top or len(c.parts) == 1 else f"({text})"

        return go(cond, True)

    def fact(self, hit: Hit) -> str:
        """What a change has that made a condition hold: ``Suunniteltu katko on 90 min (ehto: yli 60 min)``."""
        name, op, expected, actual = hit
        title = self.titles.get(name, name)
        if op == "exists":
            return f"{title} {self.words['exists' if expected else 'not_exists']}"
        shown = f"{title}: {self.value(name, actual)}"
        if op == "eq" or isinstance(actual, bool):
            return shown
        wanted = self.leaf(Leaf(name, op, tuple(expected) if isinstance(expected, list) else expected), top=True)
        condition = wanted[len(title) + 1:] if wanted.startswith(title + " ") else wanted
        for verb in (self.words["eq"] + " ", "is "):
            if condition.startswith(verb):
                condition = condition[len(verb):]
        return f"{shown} ({self.words['criterion']}: {condition})"

    # --- reasons --------------------------------------------------------------------------------
    def note(self, key: str, args: tuple[Any, ...]) -> str:
        if key == "derived":
            (pairs,) = args
            shown = ", ".join(f"{self.value(SERVICES_ATTRIBUTE, (s,))}: {self.value(CRITICALITY_ATTRIBUTE, c)}"
                              for s, c in pairs)
            return NOTES[key][self.lang].format(shown)
        if key == "model-failed":
            (failed,) = args
            parts = [self.describe(c) + (f" ({self.words['is_now']} {self.value(c.field, v)})"
                                         if isinstance(c, Leaf) else "") for c, v in failed]
            return NOTES[key][self.lang].format("; ".join(parts))
        if key in ("major-not-preapproved", "route-major"):
            return NOTES[key][self.lang].format(self.levels.get(args[0], args[0]).lower())
        if key == "unknown-model":
            return NOTES[key][self.lang].format(f"”{args[0]}”" if self.lang == "fi" else repr(args[0]))
        return NOTES[key][self.lang].format(*args)

    def effect(self, rule: str, effect: str) -> str:
        words = EFFECTS[self.lang]
        head, _, rest = effect.partition(" ")
        if rule.startswith("derived."):
            name = rule.removeprefix("derived.")
            return words["derived"].format(self.titles.get(name, name), self.value(name, effect.split(" = ", 1)[-1]))
        if head == "impact":
            return words["impact"].format(self.levels.get(rest, rest))
        if head == "category":
            text = words["category"].format(self.categories.get(rest, rest))
            model = self.criteria.get(rule) if rest == "standard" else None
            return f"{text} ({model})" if model else text
        if effect == "not standard":
            return words["not_standard"]
        if head == "route":
            return words["route"].format(self.routes.get(rest.split(" ", 1)[0], rest))
        if head == "release":
            return words["release"].format(self.routes[RELEASE_DEPLOYMENT])
        return effect

    def reason(self, reason: Any) -> str:
        """One line of a classification's rationale, in the reader's language."""
        text = self.effect(reason.rule, reason.effect)
        criterion = self.criteria.get(reason.rule) if reason.rule.startswith("impact.") else None
        if criterion:
            text += f" ({criterion})"
        facts = "; ".join(self.fact(h) for h in reason.hits)
        note = self.note(reason.key, reason.args) if reason.key else reason.note
        return text + (f": {facts}" if facts else "") + (f" — {note}" if note else "")

    def deviation(self, key: str, args: tuple[Any, ...]) -> str:
        """The reason of a batch deviation (``Deviation.key`` and ``args``) in the reader's language."""
        text = DEVIATIONS[key][self.lang]
        if key == "standard-major":
            shown = ", ".join(self.criteria.get(f"impact.{c}", c) for c in args[0])
            return text.format(shown, self.levels.get(self.policy.major_level, self.policy.major_level).lower())
        if key == "standard-model":
            model, note_key, note_args = args
            name = self.labels["standard_model"].get(model) or (f"”{model}”" if self.lang == "fi" else repr(model))
            if not note_key:
                return text.partition(":")[0].format(name)
            return text.format(name, self.note(note_key, note_args))
        if key in ("approval-emergency", "approval-missing"):
            return text.format(", ".join(self.roles.get(a, a) for a in args[0]))
        if key == "route-kind":
            return text.format(self.value("kind", args[0]), self.routes[DESIGN_TRANSITION])
        if key == "route-major":
            return text.format("", self.routes[DESIGN_TRANSITION])
        return text.format(*args)

    def deviation_value(self, type_: str, value: Any) -> str:
        """What a deviation records or expects (``Deviation.recorded_value``), with the policy's titles."""
        if type_ == "approval":
            return ", ".join(self.roles.get(a, a) for a in value) or self.words["none"]
        if type_ == "route":
            return self.routes.get(value, str(value))
        return self.categories.get(value, str(value))

    def rule(self, rule: str) -> str:
        """What a rule id of ``missing_needed_by`` refers to, e.g. ``impact.sla-breach`` -> its criterion's title."""
        words = EFFECTS[self.lang]
        if rule in self.criteria and rule.startswith("impact."):
            return self.criteria[rule]
        if rule.startswith("standard."):
            return words["rule_standard"].format(self.criteria.get(rule, rule.removeprefix("standard.")))
        return words.get(f"rule_{rule}", rule)


def vocabulary(policy: Policy, lang: str = "en", memo: PolicyMemo | None = None) -> Vocabulary:
    """The :class:`Vocabulary` of ``policy`` in ``lang``; built once per ``memo`` (a run's) and language."""
    vocab = memo.vocabularies.get(lang) if memo is not None else None
    if not isinstance(vocab, Vocabulary):
        vocab = Vocabulary(policy, lang)
        if memo is not None:
            memo.vocabularies[lang] = vocab
    return vocab


def explain(reasons: Any, policy: Policy, lang: str = "en") -> list[str]:
    """The rationale of a classification (its ``rationale`` list) as lines in ``lang``."""
    vocab = vocabulary(policy, lang)
    return [vocab.reason(r) for r in reasons]


def localized_rationale(rationale: Any, policy: Policy, lang: str) -> list[dict[str, Any]]:
    """The rationale for JSON in ``lang``: each reason's machine fields plus its ``text``."""
    vocab = vocabulary(policy, lang)
    return [{**r.to_dict(), "text": vocab.reason(r)} for r in rationale]

