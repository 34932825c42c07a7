"""Saying a policy's conditions and a classification's reasons in the reader's language.

The JSON contract keeps machine values (attribute names, value ids, operators, rule ids); people
read them through a :class:`Vocabulary`: the attributes' titles and the values' labels from the
policy (``values: {critical: {en: critical, fi: kriittinen}}``; the services' titles for
``services``, the kinds of change, the standard models' titles), yes/no, and numbers with their units.
A condition reads as a clause: the attribute's own wording (its ``says`` / ``says_not``, e.g. "the
change cannot be backed out", "muutos koskee vähintään 100 käyttäjää") or the language's clause for
its operator ("the planned outage is over 60 min", "kiireellisyyden syy on A tai B"); three parts or
more are listed under one line rather than chained with "and".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itsm_assess.change_impact.conditions import Condition, Hit, Leaf, Node, negate
from itsm_assess.change_impact.policy import Policy, PolicyMemo
from itsm_assess.change_impact.terms import (
    BUILTIN_ATTRIBUTES,
    CRITICALITY_ATTRIBUTE,
    DESIGN_TRANSITION,
    KIND_TITLES,
    RELEASE_DEPLOYMENT,
    ROUTE_CLAUSES,
    ROUTE_TITLES,
    SERVICES_ATTRIBUTE,
    UNDETERMINED,
)
from itsm_assess.i18n import (
    Label,
    _p,
    check_language,
    label_table,
    localize,
    lower_first,
    pgettext_for,
    quoted,
    quoted_text,
    translations,
    worded,
)
from itsm_assess.i18n.formats import joined

if TYPE_CHECKING:  # classify words its notes with this module
    from collections.abc import Callable

    from itsm_assess.change_impact.classify import Classification


#: Words of values and reasons; a condition's own words are :data:`CLAUSES`.
PHRASES: dict[str, Label] = label_table(
    _p("change_phrase.yes", "yes"),
    _p("change_phrase.no", "no"),
    _p("change_phrase.none", "(none)"),
    _p("change_phrase.none_recorded", "(none)"),
    # A failed condition of a standard change model and the change's own value, mid-sentence.
    _p("change_phrase.failed_value", "{0}, but the value here is {1}"),
    _p("change_phrase.model_does_not_apply", "recorded as standard but model “{0}” does not apply"),
    _p("change_phrase.undetermined", "undetermined"),
)

#: The notes of a classification's reasons (``Reason.key``), with their arguments as ``{0}``, ``{1}``.
NOTES: dict[str, Label] = label_table(
    _p("change_note.derived", "derived from the services affected ({0}) as listed under change control in the policy"),
    _p("change_note.unknown-service", "the policy does not list {0} under change control: not under change control, or a name to correct? Criticality is unknown until this is settled"),
    _p("change_note.no-higher", "no criterion of a higher risk level is met"),
    _p("change_note.risk-undetermined", "at least {0}, possibly {1}; the attributes under “missing” decide it"),
    _p("change_note.risk-ceiling", "authorised as {0} risk until the missing attributes show otherwise"),
    _p("change_note.no-major", "no criterion of potential major impact is met"),
    # After "Potential major impact: undetermined" / "Route: undetermined": only why, not the verdict again.
    _p("change_note.major-undetermined", "the attributes it is judged by are missing"),
    _p("change_note.unknown-model", "{0} is not a standard change model of the policy"),
    _p("change_note.kind-unknown", "the kind of change is not recorded; only a known modification can be a standard change"),
    _p("change_note.not-modification", "only a modification of an existing service can be a standard change"),
    _p("change_note.major-not-preapproved", "a change with potential major impact cannot be pre-approved"),
    _p("change_note.major-unknown", "potential major impact is not ruled out (attributes missing), so it cannot be pre-approved"),
    _p("change_note.model-unchecked", "the model's conditions could not be checked: attributes are missing"),
    _p("change_note.normal", "neither an emergency change nor a standard change"),
    _p("change_note.route-kind", "new services, service removals and service transfers go through service design and transition, and are still authorised, scheduled and reviewed by change management"),
    _p("change_note.route-major", "the change has potential major impact; change management still authorises, schedules and reviews it"),
    _p("change_note.route-kind-unknown", "the kind of change is not recorded"),
    _p("change_note.route-major-unknown", "potential major impact cannot be assessed"),
    _p("change_note.emergency-design", "emergency first: the ECAB authorises it and it is implemented as an emergency change; the record, the assessment and the review follow, and service design and transition (8.5.2) is done afterwards for the lasting change to the service"),
    _p("change_note.release-preapproved", "the standard model's release is pre-approved; its artefacts are still kept"),
)

#: The reasons of batch deviations (``Deviation.key``), with their arguments as ``{0}``, ``{1}``.
DEVIATIONS: dict[str, Label] = label_table(
    _p("change_deviation.standard-emergency", "recorded as standard but meets the emergency criteria"),
    _p("change_deviation.standard-major", "recorded as standard but has potential major impact ({0})"),
    _p("change_deviation.standard-major-unknown", "recorded as standard but potential major impact was not ruled out (attributes missing)"),
    _p("change_deviation.standard-no-model", "recorded as standard but names no standard change model"),
    _p("change_deviation.standard-model", "recorded as standard but model “{0}” does not apply because {1}"),
    _p("change_deviation.emergency-unchecked", "recorded as emergency but the emergency criteria cannot be checked: attributes are missing"),
    _p("change_deviation.emergency-not-met", "recorded as emergency but does not meet the emergency criteria"),
    _p("change_deviation.approval-emergency", "emergency change not authorised by the {0}"),
    # The route is always service design and transition: named in the sentence, so that a language
    # inflects it ("ei ole kulkenut palvelujen suunnittelun ja siirron tuotantoon kautta").
    _p("change_deviation.route-kind", "{0} not routed through service design and transition (8.5.2)"),
    _p("change_deviation.route-major", "change with potential major impact not routed through service design and transition (8.5.2)"),
    _p("change_deviation.unknown-service", "service not under change control in the policy: {0}"),
)


def _counted(context: str, one: str, many: str) -> tuple[str, str, str]:
    """Mark a sentence worded for a count (``_counted:1c,2,3`` in babel.cfg); worded with ``npgettext``."""
    return context, one, many


#: The reasons of batch deviations worded for the number of their arguments (``Deviation.key``).
COUNTED_DEVIATIONS: dict[str, tuple[str, str, str]] = {
    "approval-missing": _counted("change_deviation.approval-missing", "required approval not recorded: {0}",
                                 "required approvals not recorded: {0}"),
}

#: What a rule did (``Reason.effect``), and what a rule id of ``missing_needed_by`` refers to.
EFFECTS: dict[str, Label] = label_table(
    _p("change_effect.risk", "Risk: {0}"),
    _p("change_effect.category", "Category: {0}"),
    _p("change_effect.not_standard", "Not a standard change"),
    _p("change_effect.route", "Route: {0}"),
    _p("change_effect.release", "Also {0}"),
    _p("change_effect.derived", "{0} is {1}"),
    _p("change_effect.major", "Potential major impact"),
    _p("change_effect.no_major", "No potential major impact"),
    _p("change_effect.major_unknown", "Potential major impact: undetermined"),
    _p("change_effect.risk_unknown", "Risk: undetermined"),
    _p("change_effect.scope", "Not under change control?"),
    _p("change_effect.emergency_first", "Emergency first, then {0}"),
    _p("change_effect.release_preapproved", "Release pre-approved"),
    _p("change_effect.ceiling", "Approvals"),
    _p("change_effect.rule_release", "the release criteria"),
    _p("change_effect.rule_emergency", "the emergency criteria"),
    _p("change_effect.rule_route", "the route"),
    _p("change_effect.rule_standard", "standard change model {0}"),
    _p("change_effect.rule_change-control", "the services under change control"),
)
#: The labels of ``change classify --format text``.
_LABELS: dict[str, Label] = label_table(
    _p("change_label.change", "change"),
    _p("change_label.kind", "kind"),
    _p("change_label.category", "category"),
    _p("change_label.risk", "risk"),
    _p("change_label.major", "potential major impact"),
    _p("change_label.route", "route"),
    _p("change_label.release", "release and deployment"),
    _p("change_label.approvals", "approvals"),
    _p("change_label.artefacts", "artefacts"),
    _p("change_label.why", "why"),
    _p("change_label.missing", "missing (no default assumed)"),
    _p("change_label.warnings", "warnings"),
    _p("change_label.needed_by", "needed by"),
    _p("change_label.yes", "yes"),
    _p("change_label.no", "no"),
    _p("change_label.unknown", "unknown (attributes missing)"),
    _p("change_label.preapproved", "none (pre-approved)"),
    _p("change_label.at_least", "undetermined (at least {0}, possibly {1})"),
)


#: How a condition on one attribute reads as a clause: the attribute's title (in lower case
#: mid-sentence) and what it is compared with, each clause whole so that a language words it as
#: one sentence. A policy attribute's own ``says`` / ``says_not`` replaces these where given.
CLAUSES: dict[str, Label] = label_table(
    _p("change_clause.is", "the {title} is {value}"),
    _p("change_clause.is_not", "the {title} is not {value}"),
    # A list attribute that has the value among its elements.
    _p("change_clause.includes", "the {title} includes {value}"),
    _p("change_clause.not_includes", "the {title} does not include {value}"),
    _p("change_clause.contains_text", "the {title} contains the text {value}"),
    _p("change_clause.not_contains_text", "the {title} does not contain the text {value}"),
    _p("change_clause.like", "the {title} matches the pattern {value}"),
    _p("change_clause.not_like", "the {title} does not match the pattern {value}"),
    _p("change_clause.exists", "the {title} is recorded"),
    _p("change_clause.not_exists", "the {title} is not recorded"),
    # A yes/no attribute without its own ``says``, its title and the answer in quotation marks:
    # "the answer to “Outage inside the maintenance window” is “no”".
    _p("change_clause.answer", "the answer to {title} is {answer}"),
    # How many elements a list has, counted in its unit: "the change involves at least 2 services".
    # (A list without a unit: "change_clause.count_bare", worded for the number.)
    _p("change_clause.count", "the change involves {value}"),
    # A threshold: "over 60 min", "at least high".
    _p("change_clause.gt", "over {0}"),
    _p("change_clause.gte", "at least {0}"),
    _p("change_clause.lt", "under {0}"),
    _p("change_clause.lte", "at most {0}"),
    _p("change_clause.exactly", "exactly {0}"),
    # The last join of a list of values or of conditions that must all hold ("A, B and C") or one of
    # them ("A, B or C"), and of values none of which may hold ("is not A, B or C").
    _p("change_clause.and", "and"),
    _p("change_clause.or", "or"),
    _p("change_clause.nor", "or"),
    # A condition of three parts or more, as a list under one of these.
    _p("change_clause.all_of", "All of the following:"),
    _p("change_clause.any_of", "Any of the following:"),
    # What a change has that made a condition hold, and the condition: "the planned outage is 90 min
    # (criterion: over 60 min)".
    _p("change_clause.fact", "{fact} (criterion: {criterion})"),
    # One line of a classification's reasons: what was decided and the facts that decided it.
    _p("change_clause.because", "{effect}, because {facts}"),
)

#: Operators that say a condition does not hold, and their positive twin.
_NEGATIVE = {"ne": "eq", "not_in": "in", "not_contains": "contains", "not_like": "like"}


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _whole_count(op: str, x: int) -> tuple[int, str]:
    """A count condition on whole elements: "more than 1" is ``(2, "gte")``, "fewer than 5" ``(4, "lte")``."""
    return {"count_gt": (x + 1, "gte"), "count_lt": (x - 1, "lte")}.get(op, (x, op[6:]))


def _plural_rule(lang: str) -> Callable[[float], str]:
    """The language's plural category of a number (CLDR, via Babel): ``"one"`` for 1 in English and Finnish."""
    from babel import Locale

    rule: Callable[[float], str] = Locale.parse(lang).plural_form
    return rule


class Vocabulary:
    """How one policy is said in one language; get it with :func:`vocabulary` (cached on the policy)."""

    def __init__(self, policy: Policy, lang: str) -> None:
        self.policy = policy
        self.lang = lang = check_language(lang)
        self.words = worded(PHRASES, lang)
        self.notes = worded(NOTES, lang)
        self.deviations = worded(DEVIATIONS, lang)
        self.effects = worded(EFFECTS, lang)
        self.classification_labels = worded(_LABELS, lang)
        self.clauses = worded(CLAUSES, lang)
        pf = policy.file

        def L(text: Any) -> str:  # noqa: N802 - reads as "localised"
            return localize(text, lang)

        pgettext = pgettext_for(lang)
        self.titles: dict[str, str] = {name: pgettext(*spec["title"]) for name, spec in BUILTIN_ATTRIBUTES.items()}
        #: The policy's own wording of a condition on an attribute (``says``, ``says_not``).
        self.says: dict[str, tuple[str, str]] = {name: (pgettext(*spec["says"]), pgettext(*spec["says_not"]))
                                                 for name, spec in BUILTIN_ATTRIBUTES.items() if "says" in spec}
        self.titles.update({name: L(a.title) for name, a in pf.attributes.items()})
        self.labels: dict[str, dict[str, str]] = {
            "kind": {k: pgettext(*title) for k, title in KIND_TITLES.items()},
            "standard_model": {m.id: L(m.title) for m in pf.categories.standard.models},
        }
        self.units: dict[str, str] = {}
        #: The unit after a number the language counts as one, where the policy gives it in this language.
        self.units_one: dict[str, str] = {}
        #: The sentence of a value ("the agreed service levels are degraded during the change").
        self.value_says: dict[str, dict[str, str]] = {}
        answer = self.clauses["answer"]
        yes, no = (quoted_text(self.words[w], lang) for w in ("yes", "no"))
        for name, a in pf.attributes.items():
            self.labels[name] = {v: L(label) for v, label in a.value_labels.items()}
            if a.unit is not None:
                self.units[name] = L(a.unit)
            one = a.unit_one.get(lang) if isinstance(a.unit_one, dict) else a.unit_one
            if one:
                self.units_one[name] = one
            if a.value_says:
                self.value_says[name] = {v: lower_first(L(text)) for v, text in a.value_says.items()}
            if a.says or a.says_not:
                self.says[name] = (lower_first(L(a.says)), lower_first(L(a.says_not)))
            if a.type == "boolean":  # without its own words: "the answer to “Can be backed out” is “no”"
                title = quoted_text(L(a.title), lang)
                said = self.says.get(name, ("", ""))
                self.says[name] = (said[0] or answer.format(title=title, answer=yes),
                                   said[1] or answer.format(title=title, answer=no))
        self._plural_form = _plural_rule(lang) if self.units_one else None
        if SERVICES_ATTRIBUTE in pf.attributes and not self.labels.get(SERVICES_ATTRIBUTE):
            self.labels[SERVICES_ATTRIBUTE] = {s.id: L(s.title) for s in pf.change_control.services}
        self.ordered = {name for name, t in policy.attributes.items() if t.type == "choice" and t.ordered}
        self.levels = {lv.id: L(lv.title) for lv in pf.risk.levels}
        self.undetermined = self.words["undetermined"]
        self.categories = {"standard": L(pf.categories.standard.title), "normal": L(pf.categories.normal.title),
                           "emergency": L(pf.categories.emergency.title)}
        routes = {k: pgettext(*title) for k, title in ROUTE_TITLES.items()}
        self.route_titles = routes
        self.routes = {k: f"{title} ({ROUTE_CLAUSES[k]})" if k != UNDETERMINED else title for k, title in routes.items()}
        self.roles = {k: L(r.title) for k, r in pf.roles.items()}
        self.criteria = {f"risk.{c.id}": L(c.title) for lv in pf.risk.levels for c in lv.criteria}
        self.criteria.update({f"major.{c.id}": L(c.title) for c in pf.major_impact.criteria})
        self.criteria.update({f"standard.{m.id}": L(m.title) for m in pf.categories.standard.models})

    # --- values ---------------------------------------------------------------------------------
    def number(self, v: float) -> str:
        """``1500`` -> ``1,500`` (en) or ``1 500`` (fi); ``2.5`` -> ``2,5`` (fi): Babel's locale data."""
        from itsm_assess.i18n.formats import format_number

        fraction = 0 if float(v).is_integer() else min(len(f"{v:g}".partition(".")[2]), 6)
        return format_number(v, self.lang, fraction)

    def counted(self, name: str, n: float) -> str:
        """``n`` in the unit of attribute ``name``: ``1 CI``, ``3 CIs``, ``2 000 käyttäjää``; the bare number without a unit."""
        unit = self.units.get(name)
        if unit is None:
            return self.number(n)
        if self._plural_form is not None and name in self.units_one and self._plural_form(n) == "one":
            unit = self.units_one[name]
        return f"{self.number(n)} {unit}"

    def value(self, name: str, v: Any) -> str:
        """One value of attribute ``name`` as the reader should see it (label, yes/no, number with unit)."""
        if v is None:
            return self.words["none"]
        if isinstance(v, bool):
            return self.words["yes"] if v else self.words["no"]
        if isinstance(v, (int, float)):
            return self.counted(name, v)
        if isinstance(v, (list, tuple, set, frozenset)):
            return ", ".join(self.value(name, i) for i in v) or self.words["none"]
        return self.labels.get(name, {}).get(str(v), str(v))

    def _services_named(self, services: Any) -> str:
        """Services by their titles; a name the policy does not know in quotation marks (``”tuntematon”``)."""
        known = self.labels.get(SERVICES_ATTRIBUTE, {})
        names = list(services) if isinstance(services, (list, tuple)) else [services]
        return ", ".join(known.get(str(s)) or quoted_text(str(s), self.lang) for s in names)

    def values(self, name: str) -> str:
        """Every value a choice or list attribute declares, labelled, in order."""
        attr = self.policy.attributes.get(name)
        declared = attr.values if attr and attr.values else tuple(self.labels.get(name, ()))
        return ", ".join(self.value(name, v) for v in declared)

    # --- conditions -----------------------------------------------------------------------------
    def listed(self, items: list[str], joiner: str) -> str:
        """``A``, ``A and B``, ``A, B and C``: a list the way the language writes one."""
        return joined(items, self.clauses[joiner])

    def operand(self, name: str, op: str, x: Any, joiner: str = "or") -> str:
        """What a condition compares ``name`` with, as said after its verb: ``at least 30 min``,
        ``restoring a service or closing a security vulnerability``, ``at least 2 services``."""
        op = _NEGATIVE.get(op, op)
        if op.startswith("count_"):
            # Elements are whole: "more than 1" is "at least 2", "fewer than 5" is "at most 4".
            n, op = _whole_count(op, x)
            shown = self.counted(name, n)
            return shown if op == "ne" else self.clauses["exactly" if op == "eq" else op].format(shown)
        if op in ("gt", "gte", "lt", "lte"):
            if name in self.ordered and op in ("gt", "lt"):  # "higher than medium" is "at least high"
                order = list(self.policy.attributes[name].values)
                i = order.index(x) + (1 if op == "gt" else -1) if x in order else -1
                if 0 <= i < len(order):
                    x, op = order[i], op + "e"
            return self.clauses[op].format(self.value(name, x))
        if isinstance(x, (list, tuple)):
            return self.listed([self.value(name, v) for v in x], joiner)
        if op in ("like", "contains") and not self.labels.get(name):
            return quoted_text(str(x), self.lang)
        return self.value(name, x)

    def clause(self, leaf: Leaf) -> str:
        """One leaf as a clause in lower case: ``the planned outage is over 60 min``, ``the change
        cannot be backed out`` (the policy's ``says``), ``the reason for urgency is A or B``."""
        name, op, x = leaf.field, leaf.op, leaf.value
        title = lower_first(self.titles.get(name, name))
        says, says_not = self.says.get(name, ("", ""))
        c = self.clauses
        if op == "exists":
            return c["exists" if x else "not_exists"].format(title=title)
        if isinstance(x, bool) and op in ("eq", "ne"):
            return says if x == (op == "eq") else says_not
        negative = op in _NEGATIVE
        attr = self.policy.attributes.get(name)
        listy = attr is not None and attr.type == "list"
        value = self.operand(name, op, x, "nor" if negative else "or")
        if op.startswith("count_"):
            return self._count_clause(name, value, _whole_count(op, x)[0])
        text_op = op in ("like", "not_like") or (op in ("contains", "not_contains") and not listy)
        if text_op:
            key = {"like": "like", "not_like": "not_like", "contains": "contains_text", "not_contains": "not_contains_text"}[op]
            return c[key].format(title=title, value=value)
        sentences = self.value_says.get(name)
        if sentences and op in ("eq", "in", "contains"):  # "the agreed service levels are degraded during the change"
            wanted = list(x) if isinstance(x, (list, tuple)) else [x]
            if all(v in sentences for v in wanted):
                return self.listed([sentences[v] for v in wanted], "or")
        own = says_not if negative else says
        if own:
            return own.replace("{value}", value)
        if listy:
            return c["not_includes" if negative else "includes"].format(title=title, value=value)
        return c["is_not" if negative else "is"].format(title=title, value=value)

    def _count_clause(self, name: str, value: str, n: int) -> str:
        """How many elements list ``name`` has: ``the change involves at least 2 services`` (in its
        unit), else ``“Services affected” lists at least 2 entries``, worded for ``n``."""
        if name in self.units:
            return self.clauses["count"].format(value=value)
        return translations(self.lang).npgettext(
            "change_clause.count_bare", "{title} lists {value} entry", "{title} lists {value} entries", n,
        ).format(title=quoted_text(self.titles.get(name, name), self.lang), value=value)

    def _inline(self, cond: Condition, nested: bool) -> str:
        if isinstance(cond, Leaf):
            return self.clause(cond)
        if cond.kind == "not":
            return self._inline(negate(cond.parts[0]), nested)
        parts = self._parts(cond)
        joiner = "and" if cond.kind == "all" else "or"
        shared = self._shared_says(parts)
        if shared:  # "the change affects at least 2,000 users or at least 10 customers"
            return shared.replace("{value}", self.listed([self.operand(p.field, p.op, p.value) for p in parts
                                                          if isinstance(p, Leaf)], joiner))
        texts = [self._inline(p, True) for p in parts]
        text = self.listed(texts, joiner)
        return f"({text})" if nested and len(texts) > 1 else text

    def _shared_says(self, parts: list[Condition]) -> str:
        """The one ``says`` of several comparisons worded alike, so that it is said once; else ''."""
        says = {self.says.get(p.field, ("", ""))[0] if isinstance(p, Leaf) and p.op in ("eq", "in", "gt", "gte", "lt", "lte")
                and not isinstance(p.value, bool) else "" for p in parts}
        return next(iter(says)) if len(parts) > 1 and len(says) == 1 else ""

    @staticmethod
    def _parts(cond: Condition) -> list[Condition]:
        """A group's parts; "X is recorded and X is at least high" says "X is at least high"."""
        parts: list[Condition] = list(cond.parts) if not isinstance(cond, Leaf) else [cond]
        if not isinstance(cond, Leaf) and cond.kind == "all":
            compared = {p.field for p in parts if isinstance(p, Leaf) and p.op != "exists"}
            parts = [p for p in parts if not (isinstance(p, Leaf) and p.op == "exists" and p.value is True
                                              and p.field in compared)] or parts
        return parts

    def describe(self, cond: Condition) -> str:
        """A condition as a clause in lower case, for the middle of a sentence: ``the planned outage
        is over 60 min and the change cannot be backed out``; three parts or more are listed
        ``A, B and C``, a group inside in brackets."""
        return self._inline(cond, False)

    def describe_block(self, cond: Condition) -> tuple[str, list[str]]:
        """A condition standing alone (a table cell): ``("", ["The planned outage is over 60 min"])``,
        or for three parts or more ``("All of the following:", [clause, ...])``, each clause in lower case."""
        while isinstance(cond, Node) and cond.kind == "not":
            cond = negate(cond.parts[0])
        if isinstance(cond, Leaf) or len(self._parts(cond)) < 3:
            return "", [_upper_first(self._inline(cond, False))]
        intro = self.clauses["all_of" if cond.kind == "all" else "any_of"]
        return intro, [self._inline(p, False) for p in self._parts(cond)]

    def describe_cell(self, cond: Condition) -> str:
        """:meth:`describe_block` on one line: ``All of the following: A; B; C``."""
        intro, items = self.describe_block(cond)
        return f"{intro} {'; '.join(items)}" if intro else items[0]

    def fact(self, hit: Hit, criterion: bool = True) -> str:
        """What a change has that made a condition hold, as a clause: ``the planned outage is 90 min
        (criterion: over 60 min)``; ``the change can be backed out``. Without ``criterion`` the
        threshold is left to a criterion's title said just before."""
        name, op, expected, actual = hit
        if op == "exists":
            return self.clause(Leaf(name, op, expected))
        if isinstance(actual, bool):
            return self.clause(Leaf(name, "eq", actual))
        attr = self.policy.attributes.get(name)
        if isinstance(actual, (list, tuple)) or (attr is not None and attr.type == "list"):
            items = list(actual) if isinstance(actual, (list, tuple)) else [actual]
            if op.startswith("count_"):
                shown = self._count_clause(name, self.counted(name, len(items)), len(items))
            else:
                if op in ("contains", "in") and isinstance(expected, (list, tuple, str)):
                    wanted = {expected} if isinstance(expected, str) else set(expected)
                    items = [i for i in items if i in wanted] or items
                sentences = self.value_says.get(name, {})
                value = self.listed([self.value(name, i) for i in items], "and")
                own = self.says.get(name, ("", ""))[0]
                if items and all(i in sentences for i in items):
                    shown = self.listed([sentences[i] for i in items], "and")
                else:
                    shown = own.replace("{value}", value) if own else self.clauses["includes"].format(
                        title=lower_first(self.titles.get(name, name)), value=value)
        else:
            shown = self.clause(Leaf(name, "eq", actual))
        if not criterion or op in ("eq", "contains") or (op == "in" and isinstance(expected, str)):
            return shown
        threshold = self.operand(name, op, tuple(expected) if isinstance(expected, list) else expected,
                                 "nor" if op in _NEGATIVE else "or")
        return self.clauses["fact"].format(fact=shown, criterion=threshold)

    # --- reasons --------------------------------------------------------------------------------
    def note(self, key: str, args: tuple[Any, ...]) -> str:
        if key == "derived":
            (pairs,) = args
            shown = ", ".join(f"{self.value(SERVICES_ATTRIBUTE, (s,))}: {self.value(CRITICALITY_ATTRIBUTE, c)}"
                              for s, c in pairs)
            return self.notes[key].format(shown)
        if key == "model-failed":
            (failed,) = args
            parts = [lower_first(self.words["failed_value"].format(self.describe(c), self.value(c.field, v))
                                  if isinstance(c, Leaf) else self.describe(c)) for c, v in failed]
            return translations(self.lang).npgettext(
                "change_note.model-failed", "the model's condition is not met: {0}",
                "the model's conditions are not met: {0}", len(parts)).format("; ".join(parts))
        if key in ("risk-undetermined", "risk-ceiling"):
            return self.notes[key].format(*(self.levels.get(a, a).lower() for a in args))
        if key == "unknown-service":
            return self.notes[key].format(self._services_named(args[0]))
        if key == "unknown-model":
            return self.notes[key].format(quoted(args[0], self.lang))
        return self.notes[key].format(*args)

    def effect(self, rule: str, effect: str) -> str:
        words = self.effects
        head, _, rest = effect.partition(" ")
        if rule.startswith("derived."):
            name = rule.removeprefix("derived.")
            return words["derived"].format(self.titles.get(name, name), self.value(name, effect.split(" = ", 1)[-1]))
        if effect == "risk undetermined":
            return words["risk_unknown"]
        if head == "risk":
            return words["risk"].format(self.levels.get(rest, rest))
        if effect == "major impact":
            return words["major"]
        if effect == "no major impact":
            return words["no_major"]
        if effect == "major impact undetermined":
            return words["major_unknown"]
        if rule == "change-control":
            return words["scope"]
        if effect == "emergency first":
            return words["emergency_first"].format(self.routes[DESIGN_TRANSITION])
        if effect == "release pre-approved":
            return words["release_preapproved"]
        if rule == "outcome":
            return words["ceiling"]
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
        criterion = self.criteria.get(reason.rule) if reason.rule.startswith(("risk.", "major.")) else None
        if criterion:
            text += f" ({lower_first(criterion)})"
        if reason.hits:  # a criterion's title already says its threshold: "(cost of 10,000 EUR or more), because the cost is 60,000 EUR"
            facts = self.listed([self.fact(h, criterion=not criterion) for h in reason.hits], "and")
            # Never "(X), because X" ("(ei voida perua), koska muutosta ei voida perua").
            if not criterion or not facts.casefold().endswith(criterion.casefold()):
                text = self.clauses["because"].format(effect=text, facts=facts)
        note = self.note(reason.key, reason.args) if reason.key else reason.note
        return text + (f" — {note}" if note else "")

    def deviation(self, key: str, args: tuple[Any, ...]) -> str:
        """The reason of a batch deviation (``Deviation.key`` and ``args``) in the reader's language."""
        if key == "approval-missing":  # "required approvals not recorded: the CAB and the service owner"
            roles = [lower_first(self.roles.get(a, a)) for a in args[0]]
            return translations(self.lang).npgettext(*COUNTED_DEVIATIONS[key], len(roles)).format(self.listed(roles, "and"))
        text = self.deviations[key]
        if key == "standard-major":  # in brackets, as a reason names its criterion: "(alters the functionality …)"
            return text.format(", ".join(lower_first(self.criteria.get(f"major.{c}", c)) for c in args[0]))
        if key == "unknown-service":
            return text.format(self._services_named(args[0]))
        if key == "standard-model":
            model, note_key, note_args = args
            name = self.labels["standard_model"].get(model) or quoted(model, self.lang)
            if not note_key:
                return self.words["model_does_not_apply"].format(name)
            return text.format(name, self.note(note_key, note_args))
        if key == "approval-emergency":  # a role mid-sentence: "hätämuutosneuvosto (ECAB)"
            return text.format(self.listed([lower_first(self.roles.get(a, a)) for a in args[0]], "and"))
        if key == "route-kind":
            return text.format(self.value("kind", args[0]))
        return text.format(*args)

    def deviation_value(self, type_: str, value: Any) -> str:
        """What a deviation records or expects (``Deviation.recorded_value``), with the policy's titles."""
        if type_ == "approval":
            return ", ".join(self.roles.get(a, a) for a in value) or self.words["none_recorded"]
        if type_ == "route":
            return self.routes.get(value, str(value))
        if type_ == "scope":
            return self.value(SERVICES_ATTRIBUTE, value)
        return self.categories.get(value, str(value))

    def rule(self, rule: str) -> str:
        """What a rule id of ``missing_needed_by`` refers to, e.g. ``impact.sla-breach`` -> its criterion's title."""
        words = self.effects
        if rule in self.criteria and rule.startswith(("risk.", "major.")):  # in a list after a colon
            return lower_first(self.criteria[rule])
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





def risk_text(result: Any, policy: Policy, lang: str, memo: PolicyMemo | None = None) -> str:
    """The risk of a classification or verdict as read: its level, or ``undetermined (at least X, possibly Y)``."""
    vocab = vocabulary(policy, lang, memo)
    if result.risk_determined:
        return vocab.levels[result.risk]
    return vocab.classification_labels["at_least"].format(vocab.levels[result.risk].lower(), vocab.levels[result.risk_at_most].lower())


def tristate(value: bool | None, lang: str) -> str:
    lab = worded(_LABELS, lang)
    return lab["unknown"] if value is None else (lab["yes"] if value else lab["no"])


def format_classification(result: Classification, policy: Policy, lang: str = "en") -> str:
    """The result as readable text, the ``--format text`` output of ``change classify``."""
    vocab = vocabulary(policy, lang)
    lab = vocab.classification_labels
    rows: list[tuple[str, str]] = []
    if result.change_id:
        rows.append((lab["change"], result.change_id))
    rows.append((lab["kind"], vocab.value("kind", result.kind) if result.kind else lab["unknown"]))
    model = (f" ({vocab.value('standard_model', result.standard_model)})"
             if result.category == "standard" and result.standard_model else "")
    rows.append((lab["category"], f"{vocab.categories[result.category]}{model}"))
    rows.append((lab["risk"], risk_text(result, policy, lang)))
    rows.append((lab["major"], tristate(result.major_impact, lang)))
    rows.append((lab["route"], vocab.routes[result.route]))
    # "clause: 8.5.1", "clauses: 8.5.1, 8.5.3" (fi "kohta" / "kohdat")
    rows.append((translations(lang).npgettext("change_label.clauses", "clause", "clauses", len(result.clauses)),
                 ", ".join(result.clauses)))
    if result.release_required:
        rel = f"{lab['yes']} ({vocab.route_titles[RELEASE_DEPLOYMENT]}, {ROUTE_CLAUSES[RELEASE_DEPLOYMENT]})"
    else:
        rel = tristate(result.release_required, lang)
    rows.append((lab["release"], rel))
    rows.append((lab["approvals"], ", ".join(vocab.roles[a] for a in result.approvals) or lab["preapproved"]))
    arts = {k: localize(a.title, vocab.lang) for k, a in policy.file.artefacts.items()}
    rows.append((lab["artefacts"], ", ".join(arts[a] for a in result.artefacts)))
    # Each line starts with its label, capitalised as a line starts ("Luokka: Normaali muutos").
    lines = [f"{_upper_first(label)}: {value}" for label, value in rows]
    lines.append(f"{_upper_first(lab['why'])}:")
    lines.extend(f"  - {line}" for line in explain(result.rationale, policy, lang))
    if result.missing_by:
        lines.append(f"{_upper_first(lab['missing'])}:")
        lines.extend(f"  - {vocab.titles.get(a, a)} [{a}] ({lab['needed_by']}: {', '.join(vocab.rule(r) for r in rules)})"
                     for a, rules in sorted(result.missing_by.items()))
    return "\n".join(lines) + "\n"
