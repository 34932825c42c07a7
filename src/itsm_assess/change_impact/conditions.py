"""Declarative conditions over a change's attributes, compiled once into closures.

A condition is data, never code::

    all:                                   # every part holds
      - {field: service_criticality, gte: high}
      - any:                               # at least one part holds
          - {field: outage_minutes, gt: 30}
          - not: {field: reversible, eq: true}

A leaf names one ``field`` and exactly one operator (see :data:`OPERATORS`). Evaluation is
three-valued: a leaf whose attribute the change lacks is *unknown* (``None``), never
false and never a default; ``all`` / ``any`` / ``not`` follow Kleene logic, so an unknown
only matters where it could change the result. ``not`` is pushed down to the leaves when
compiling (De Morgan), so the rationale always lists positive facts such as
``reversible ne true``.

A compiled condition is ``fn(record, hits, missing) -> True | False | None``: on ``True``
it has appended ``(field, operator, expected, actual)`` for every leaf that made it match
to ``hits``; on ``None`` it has appended the attributes whose absence left it undecided to
``missing``. Nothing else is appended, so callers can keep the lists across criteria.
"""

from __future__ import annotations

import fnmatch
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from itsm_assess.i18n import Label, Message, _p, label_table, message

#: The attribute types, as a reader calls them (the guide's "Type" column, errors).
ATTRIBUTE_TYPES: dict[str, Label] = label_table(
    _p("attribute_type.text", "text"),
    _p("attribute_type.choice", "choice"),
    _p("attribute_type.number", "number"),
    _p("attribute_type.boolean", "yes / no"),
    _p("attribute_type.list", "list"),
)

Hit = tuple[str, str, Any, Any]
Compiled = Callable[[Mapping[str, Any], list[Hit], list[str]], "bool | None"]

#: Operators a leaf may use, with what each means (shown in errors and in the guide).
OPERATORS: dict[str, str] = {
    "eq": "equals the value",
    "ne": "differs from the value",
    "in": "is one of the listed values (for a list attribute: shares at least one)",
    "not_in": "is none of the listed values (for a list attribute: shares none)",
    "gt": "is greater than the value (numbers, ordered choices)",
    "gte": "is greater than or equal to the value",
    "lt": "is less than the value",
    "lte": "is less than or equal to the value",
    "contains": "list: has the value as an element; text: contains it (case-insensitive)",
    "exists": "true: the change has the attribute; false: it does not",
    "like": "text matches a glob pattern with * and ? (case-insensitive)",
    "count_gt": "list: has more than the given number of elements",
    "count_gte": "list: has at least the given number of elements",
    "count_lt": "list: has fewer than the given number of elements",
    "count_lte": "list: has at most the given number of elements",
    "count_eq": "list: has exactly the given number of elements",
}
# Internal operators produced by pushing `not` down to the leaves.
_NEGATION = {
    "eq": "ne", "ne": "eq", "in": "not_in", "not_in": "in", "gt": "lte", "lte": "gt",
    "gte": "lt", "lt": "gte", "contains": "not_contains", "not_contains": "contains",
    "like": "not_like", "not_like": "like", "exists": "exists",
    "count_gt": "count_lte", "count_lte": "count_gt", "count_gte": "count_lt", "count_lt": "count_gte",
    "count_eq": "count_ne", "count_ne": "count_eq",
}
COUNT_OPERATORS = frozenset({"count_gt", "count_gte", "count_lt", "count_lte", "count_eq"})
ORDERING_OPERATORS = frozenset({"gt", "gte", "lt", "lte"})
MAX_DEPTH = 20
MAX_PATTERN = 200

# Attribute types: text, choice, number, boolean, list.
_ALLOWED_OPS: dict[str, frozenset[str]] = {
    "text": frozenset({"eq", "ne", "in", "not_in", "contains", "exists", "like"}),
    "choice": frozenset({"eq", "ne", "in", "not_in", "exists", "like"}),
    "number": frozenset({"eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "exists"}),
    "boolean": frozenset({"eq", "ne", "exists"}),
    "list": frozenset({"in", "not_in", "contains", "exists"}) | COUNT_OPERATORS,
}


@dataclass(frozen=True)
class AttributeType:
    """What the condition compiler needs to know of a declared attribute."""

    type: str
    values: tuple[str, ...] = ()
    ordered: bool = False


class ConditionError(Exception):
    """A malformed condition; ``loc`` is the path inside the condition that is wrong."""

    def __init__(self, loc: tuple[int | str, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


@dataclass(frozen=True)
class Leaf:
    field: str
    op: str
    value: Any


@dataclass(frozen=True)
class Node:
    kind: str  # "all" | "any" | "not"
    parts: tuple[Condition, ...]


Condition = Leaf | Node


def _type_ok(attr: AttributeType, value: Any) -> str | None:
    """None when ``value`` fits ``attr``, else what was expected."""
    if attr.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return message("a number")
        if isinstance(value, float) and not math.isfinite(value):
            return message("a finite number (.inf and .nan never compare as a threshold should)")
    elif attr.type == "boolean":
        if not isinstance(value, bool):
            return message("true or false")
    elif attr.type == "choice":
        if not isinstance(value, str) or value not in attr.values:
            return message("one of {values}", values=", ".join(attr.values))
    elif not isinstance(value, str):  # text and list elements
        return message("text (in quotes if it looks like a number or yes/no)")
    elif attr.type == "list" and attr.values and value not in attr.values:
        return message("one of {values}", values=", ".join(attr.values))
    return None


def parse_condition(
    data: Any,
    attributes: dict[str, AttributeType],
    loc: tuple[int | str, ...] = (),
    depth: int = 0,
) -> Condition:
    """Check a condition's structure, fields, operators and values; raise :class:`ConditionError`."""
    if depth > MAX_DEPTH:
        raise ConditionError(loc, message("conditions nest deeper than {limit} levels", limit=MAX_DEPTH))
    if not isinstance(data, dict):
        raise ConditionError(loc, message("expected a condition: a mapping with all, any, not, or field and an operator"))
    if "field" not in data:
        return _combination(data, attributes, loc, depth)
    field = _declared_field(data["field"], attributes, loc)
    op = _one_operator(data, field, loc)
    attr = attributes[field]
    where = (*loc, op)
    if op not in _ALLOWED_OPS[attr.type] and not (op in ORDERING_OPERATORS and attr.type == "choice" and attr.ordered):
        usable = ", ".join(sorted(_ALLOWED_OPS[attr.type]))
        if attr.type == "choice" and op in ORDERING_OPERATORS:
            raise ConditionError(where, message(
                "operator {op!r} does not apply to choice attribute {field!r} unless it is declared with ordered: true "
                "(then it compares by order); usable: {names}", op=op, field=field, names=usable))
        raise ConditionError(where, message("operator {op!r} does not apply to attribute {field!r} ({type}); usable: {names}",
                                            op=op, type=Message.label(ATTRIBUTE_TYPES[attr.type]), field=field, names=usable))
    return Leaf(field, op, _operand(attr, op, data[op], field, where))


def _combination(data: dict[str, Any], attributes: dict[str, AttributeType], loc: tuple[int | str, ...],
                 depth: int) -> Condition:
    """``all`` or ``any`` of a non-empty list of conditions, or ``not`` of one: exactly one key."""
    keys = list(data)
    if len(keys) != 1 or keys[0] not in ("all", "any", "not"):
        bad = [k for k in keys if k not in ("all", "any", "not")]
        if bad:
            raise ConditionError(
                (*loc, bad[0]),
                message("unknown key {value!r}; a condition is all, any, not, or field with one operator ({names})", value=bad[0], names=', '.join(OPERATORS)),
            )
        raise ConditionError(loc, message("use exactly one of all, any or not per condition (nest them to combine)"))
    key = keys[0]
    inner = data[key]
    if key == "not":
        return Node("not", (parse_condition(inner, attributes, (*loc, key), depth + 1),))
    if not isinstance(inner, list) or not inner:
        raise ConditionError((*loc, key), message("{key} expects a non-empty list of conditions", key=key))
    return Node(key, tuple(parse_condition(c, attributes, (*loc, key, i), depth + 1) for i, c in enumerate(inner)))


def _declared_field(field: Any, attributes: dict[str, AttributeType], loc: tuple[int | str, ...]) -> str:
    """The attribute a leaf reads: a name the policy declares."""
    if not isinstance(field, str):
        raise ConditionError((*loc, "field"), message("field expects the name of an attribute, as text"))
    if field not in attributes:
        raise ConditionError(
            (*loc, "field"),
            message("attribute {field!r} is not declared in the policy's attributes; declared: {names}", field=field, names=', '.join(sorted(attributes))),
        )
    return field


def _one_operator(data: dict[str, Any], field: str, loc: tuple[int | str, ...]) -> str:
    """The leaf's operator: exactly one, and a known one."""
    ops = [k for k in data if k != "field"]
    for k in ops:
        if k not in OPERATORS:
            raise ConditionError(
                (*loc, k), message("unknown operator {key!r}; expected one of {names}", key=k, names=', '.join(OPERATORS))
            )
    if len(ops) != 1:
        raise ConditionError(loc, message("a condition on {field!r} needs exactly one operator, found {count}", field=field, count=len(ops)))
    return ops[0]


def _operand(attr: AttributeType, op: str, value: Any, field: str, where: tuple[int | str, ...]) -> Any:
    """The operand as the operator needs it (a flag, a list of values, a count, a pattern, a value
    that fits the attribute); lists become tuples."""
    if op == "exists":
        if not isinstance(value, bool):
            raise ConditionError(where, message("exists expects true or false"))
    elif op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise ConditionError(where, message("{op} expects a non-empty list of values", op=op))
        for i, v in enumerate(value):
            problem = _type_ok(attr, v)
            if problem:
                raise ConditionError((*where, i), message("{value!r} does not fit attribute {field!r}: expected {problem}", value=v, field=field, problem=problem))
        value = tuple(value)
    elif op in COUNT_OPERATORS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConditionError(where, message("{op} expects a whole number of list elements (0 or more)", op=op))
    elif op == "like":
        if not isinstance(value, str) or len(value) > MAX_PATTERN:
            raise ConditionError(where, message("like expects a glob pattern as text of at most {limit} characters", limit=MAX_PATTERN))
    else:
        problem = _type_ok(attr, value)
        if problem:
            raise ConditionError(where, message("{value!r} does not fit attribute {field!r}: expected {problem}", value=value, field=field, problem=problem))
    return value


def fields_of(cond: Condition) -> set[str]:
    """Every attribute a condition reads."""
    if isinstance(cond, Leaf):
        return {cond.field}
    out: set[str] = set()
    for p in cond.parts:
        out |= fields_of(p)
    return out


def _negate(cond: Condition) -> Condition:
    if isinstance(cond, Leaf):
        if cond.op == "exists":
            return Leaf(cond.field, "exists", not cond.value)
        return Leaf(cond.field, _NEGATION[cond.op], cond.value)
    if cond.kind == "not":
        return cond.parts[0]
    return Node("any" if cond.kind == "all" else "all", tuple(_negate(p) for p in cond.parts))


def negate(cond: Condition) -> Condition:
    """The condition that holds exactly when ``cond`` does not, with ``not`` pushed to the leaves."""
    return _negate(cond)


def _leaf_test(leaf: Leaf, attr: AttributeType) -> Callable[[Any], bool]:
    op, x = leaf.op, leaf.value
    if attr.type == "choice" and attr.ordered and op in ORDERING_OPERATORS:
        rank = {v: i for i, v in enumerate(attr.values)}
        r = rank[x]
        return {
            "gt": lambda v: rank.get(v, -1) > r,
            "gte": lambda v: rank.get(v, -1) >= r,
            "lt": lambda v: rank.get(v, len(rank)) < r,
            "lte": lambda v: rank.get(v, len(rank)) <= r,
        }[op]
    if op.startswith("count_"):
        return {
            "count_gt": lambda v: len(v) > x,
            "count_gte": lambda v: len(v) >= x,
            "count_lt": lambda v: len(v) < x,
            "count_lte": lambda v: len(v) <= x,
            "count_eq": lambda v: len(v) == x,
            "count_ne": lambda v: len(v) != x,
        }[op]
    if attr.type == "list":
        if op in ("in", "not_in"):
            wanted = frozenset(x)
            if op == "in":
                return lambda v: not wanted.isdisjoint(v)
            return lambda v: wanted.isdisjoint(v)
        if op == "contains":
            return lambda v: x in v
        if op == "not_contains":
            return lambda v: x not in v
    if op in ("contains", "not_contains"):
        low = x.casefold()
        if op == "contains":
            return lambda v: low in v.casefold()
        return lambda v: low not in v.casefold()
    if op in ("like", "not_like"):
        # fnmatch's translation is free of catastrophic backtracking (Python >= 3.11).
        match = re.compile(fnmatch.translate(x.casefold()), re.DOTALL).match
        if op == "like":
            return lambda v: match(v.casefold()) is not None
        return lambda v: match(v.casefold()) is None
    if op in ("in", "not_in"):
        wanted_set = frozenset(x)
        if op == "in":
            return wanted_set.__contains__
        return lambda v: v not in wanted_set
    return {
        "eq": lambda v: v == x,
        "ne": lambda v: v != x,
        "gt": lambda v: v > x,
        "gte": lambda v: v >= x,
        "lt": lambda v: v < x,
        "lte": lambda v: v <= x,
    }[op]


def _compile_leaf(leaf: Leaf, attributes: dict[str, AttributeType]) -> Compiled:
    field, op, x = leaf.field, leaf.op, leaf.value
    if op == "exists":
        want = bool(x)

        def exists(rec: Mapping[str, Any], hits: list[Hit], missing: list[str]) -> bool:
            if (rec.get(field) is not None) is want:
                hits.append((field, op, want, rec.get(field)))
                return True
            return False

        return exists
    test = _leaf_test(leaf, attributes[field])
    shown = list(x) if isinstance(x, tuple) else x

    def leaf_fn(rec: Mapping[str, Any], hits: list[Hit], missing: list[str]) -> bool | None:
        v = rec.get(field)
        if v is None:
            missing.append(field)
            return None
        if test(v):
            hits.append((field, op, shown, v))
            return True
        return False

    return leaf_fn


def _compile(cond: Condition, attributes: dict[str, AttributeType]) -> Compiled:
    if isinstance(cond, Leaf):
        return _compile_leaf(cond, attributes)
    if cond.kind == "not":
        return _compile(_negate(cond.parts[0]), attributes)
    parts = tuple(_compile(p, attributes) for p in cond.parts)
    if len(parts) == 1:
        return parts[0]
    if cond.kind == "all":

        def all_fn(rec: Mapping[str, Any], hits: list[Hit], missing: list[str]) -> bool | None:
            h, m = len(hits), len(missing)
            unknown = False
            for part in parts:
                r = part(rec, hits, missing)
                if r is False:
                    del hits[h:], missing[m:]
                    return False
                if r is None:
                    unknown = True
            if unknown:
                del hits[h:]
                return None
            return True

        return all_fn

    def any_fn(rec: Mapping[str, Any], hits: list[Hit], missing: list[str]) -> bool | None:
        m = len(missing)
        unknown = False
        for part in parts:
            r = part(rec, hits, missing)
            if r is True:
                del missing[m:]
                return True
            if r is None:
                unknown = True
        return None if unknown else False

    return any_fn


def compile_condition(cond: Condition, attributes: dict[str, AttributeType]) -> Compiled:
    """Turn a parsed condition into a closure (see the module docstring for its contract)."""
    return _compile(cond, attributes)


DEFAULT_WORDS = {
    "eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "in", "not_in": "not in",
    "contains": "contains", "exists": "is recorded", "like": "like", "and": "and", "or": "or", "not": "not",
    "count_gt": "count >", "count_gte": "count ≥", "count_lt": "count <", "count_lte": "count ≤", "count_eq": "count =",
    "count_ne": "count ≠",
}


def describe(cond: Condition, titles: dict[str, str] | None = None, words: dict[str, str] | None = None) -> str:
    """A readable one-line form, e.g. ``outage_minutes ≥ 240 or not (reversible = true)``."""
    symbols = {**DEFAULT_WORDS, **(words or {})}
    names = titles or {}

    def show(v: Any) -> str:
        if isinstance(v, bool):
            return symbols.get("true", "true") if v else symbols.get("false", "false")
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(show(i) for i in v) + "]"
        return str(v)

    def go(c: Condition, top: bool) -> str:
        if isinstance(c, Leaf):
            name = names.get(c.field, c.field)
            if c.op == "exists":
                shown = f"{name} {symbols['exists']}"
                return shown if c.value else f"{symbols['not']} ({shown})"
            return f"{name} {symbols.get(c.op, c.op)} {show(c.value)}"
        if c.kind == "not":
            return f"{symbols['not']} ({go(c.parts[0], False)})"
        joiner = f" {symbols['and']} " if c.kind == "all" else f" {symbols['or']} "
        text = joiner.join(go(p, False) for p in c.parts)
        return text if top or len(c.parts) == 1 else f"({text})"

    return go(cond, True)


def format_hit(hit: Hit) -> str:
    """``('outage_minutes', 'gte', 240, 300)`` -> ``outage_minutes = 300 (gte 240)``."""
    field, op, expected, actual = hit

    def show(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (list, tuple, set, frozenset)):
            return "[" + ", ".join(show(i) for i in v) + "]"
        return str(v)

    if op == "exists":
        return f"{field} present" if expected else f"{field} absent"
    return f"{field} = {show(actual)} ({op.replace('_', ' ')} {show(expected)})"
