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
