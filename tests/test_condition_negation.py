"""``not`` over every comparison, at the boundary, below and above it, against plain Python.

``not`` is pushed down to the leaves when compiling (``not gt`` becomes ``lte``…), so a wrong
entry in the negation table shows only at the boundary value: each case below is checked at
the limit itself and one step either side, for numbers, ordered choices and list sizes, and an
absent attribute stays unknown under ``not``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import pytest

from itsm_assess.change_impact.conditions import AttributeType, compile_condition, parse_condition

TYPES = {
    "n": AttributeType("number"),
    "c": AttributeType("choice", ("low", "medium", "high"), ordered=True),
    "l": AttributeType("list"),
}
ORDER = {"low": 0, "medium": 1, "high": 2}
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le, "eq": operator.eq, "ne": operator.ne,
}


def evaluate(cond: dict[str, Any], rec: dict[str, Any]) -> bool | None:
    fn = compile_condition(parse_condition(cond, TYPES), TYPES)
    return fn(rec, [], [])


@pytest.mark.parametrize("op", list(COMPARE))
@pytest.mark.parametrize("value", [9, 10, 11, 10.5])
def test_not_of_a_number_comparison(op: str, value: float) -> None:
    expected = COMPARE[op](value, 10)
    assert evaluate({"field": "n", op: 10}, {"n": value}) is expected
    assert evaluate({"not": {"field": "n", op: 10}}, {"n": value}) is (not expected)
    assert evaluate({"not": {"not": {"field": "n", op: 10}}}, {"n": value}) is expected


@pytest.mark.parametrize("op", ["gt", "gte", "lt", "lte"])
@pytest.mark.parametrize("value", ["low", "medium", "high"])
def test_not_of_an_ordered_choice_comparison(op: str, value: str) -> None:
    expected = COMPARE[op](ORDER[value], ORDER["medium"])
    assert evaluate({"field": "c", op: "medium"}, {"c": value}) is expected
    assert evaluate({"not": {"field": "c", op: "medium"}}, {"c": value}) is (not expected)


@pytest.mark.parametrize("op, python", [("count_gt", operator.gt), ("count_gte", operator.ge),
                                        ("count_lt", operator.lt), ("count_lte", operator.le),
                                        ("count_eq", operator.eq)])
@pytest.mark.parametrize("size", [1, 2, 3])
def test_not_of_a_list_size(op: str, python: Callable[[int, int], bool], size: int) -> None:
    items = tuple(f"x{i}" for i in range(size))
    expected = python(size, 2)
    assert evaluate({"field": "l", op: 2}, {"l": items}) is expected
    assert evaluate({"not": {"field": "l", op: 2}}, {"l": items}) is (not expected)


@pytest.mark.parametrize("op", list(COMPARE))
def test_not_of_an_absent_attribute_stays_unknown(op: str) -> None:
    assert evaluate({"not": {"field": "n", op: 10}}, {}) is None


def test_de_morgan_at_the_boundary() -> None:
    # not (n > 10 and c >= medium) = n <= 10 or c < medium
    cond = {"not": {"all": [{"field": "n", "gt": 10}, {"field": "c", "gte": "medium"}]}}
    assert evaluate(cond, {"n": 10, "c": "high"}) is True
    assert evaluate(cond, {"n": 11, "c": "medium"}) is False
    assert evaluate(cond, {"n": 11, "c": "low"}) is True
    # not (n > 10 or c >= medium) = n <= 10 and c < medium
    cond = {"not": {"any": [{"field": "n", "gt": 10}, {"field": "c", "gte": "medium"}]}}
    assert evaluate(cond, {"n": 10, "c": "low"}) is True
    assert evaluate(cond, {"n": 10, "c": "medium"}) is False


MORE = {**TYPES, "t": AttributeType("text"), "k": AttributeType("choice", ("a", "b", "c"))}


def evaluate_more(cond: dict[str, Any], rec: dict[str, Any]) -> bool | None:
    return compile_condition(parse_condition(cond, MORE), MORE)(rec, [], [])


@pytest.mark.parametrize("cond, rec, expected", [
    # in / not_in on a choice: one of the listed values.
    ({"field": "k", "in": ["a", "b"]}, {"k": "b"}, True),
    ({"field": "k", "in": ["a", "b"]}, {"k": "c"}, False),
    ({"field": "k", "not_in": ["a", "b"]}, {"k": "c"}, True),
    # in / not_in on a list: shares at least one / shares none.
    ({"field": "l", "in": ["x1", "y"]}, {"l": ("x0", "x1")}, True),
    ({"field": "l", "in": ["y", "z"]}, {"l": ("x0", "x1")}, False),
    ({"field": "l", "not_in": ["y", "x0"]}, {"l": ("x0", "x1")}, False),
    # contains on text: case-insensitive, anywhere in the text.
    ({"field": "t", "contains": "Firewall"}, {"t": "core FIREWALL rules"}, True),
    ({"field": "t", "contains": "firewall"}, {"t": "core switch"}, False),
    # contains on a list: an element equal to the value.
    ({"field": "l", "contains": "x1"}, {"l": ("x0", "x1")}, True),
    # like: a wildcard pattern over the whole text, case-insensitive.
    ({"field": "t", "like": "DB-*"}, {"t": "db-prod-1"}, True),
    ({"field": "t", "like": "DB-*"}, {"t": "app-db-1"}, False),
    # eq / ne on text.
    ({"field": "t", "eq": "x"}, {"t": "x"}, True),
    ({"field": "t", "ne": "x"}, {"t": "x"}, False),
])
def test_every_other_operator_and_its_not(cond: dict[str, Any], rec: dict[str, Any], expected: bool) -> None:
    assert evaluate_more(cond, rec) is expected
    assert evaluate_more({"not": cond}, rec) is (not expected)
    assert evaluate_more({"not": {"not": cond}}, rec) is expected


@pytest.mark.parametrize("rec, expected", [({"t": "x"}, True), ({}, False)])
def test_exists_and_not_exists(rec: dict[str, Any], expected: bool) -> None:
    # exists asks whether the attribute is recorded: never unknown.
    assert evaluate_more({"field": "t", "exists": True}, rec) is expected
    assert evaluate_more({"not": {"field": "t", "exists": True}}, rec) is (not expected)
    assert evaluate_more({"field": "t", "exists": False}, rec) is (not expected)


def test_an_absent_attribute_is_unknown_under_all_and_any() -> None:
    """Kleene logic: an unknown part leaves the whole unknown unless another part decides it."""
    known_true, known_false, unknown = {"field": "n", "gt": 1}, {"field": "n", "lt": 1}, {"field": "t", "eq": "x"}
    rec = {"n": 5}
    assert evaluate({"all": [known_true, known_true]}, rec) is True
    assert evaluate_more({"all": [known_true, unknown]}, rec) is None
    assert evaluate_more({"all": [known_false, unknown]}, rec) is False
    assert evaluate_more({"any": [known_false, unknown]}, rec) is None
    assert evaluate_more({"any": [known_true, unknown]}, rec) is True
    assert evaluate_more({"not": {"any": [known_false, unknown]}}, rec) is None
