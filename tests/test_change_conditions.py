"""Change policy conditions: operators, three-valued logic, negation, list sizes, malformed conditions."""

from __future__ import annotations

import pytest

from itsm_assess.change_impact.conditions import (
    AttributeType,
    ConditionError,
    compile_condition,
    parse_condition,
)

TYPES = {
    "n": AttributeType("number"),
    "c": AttributeType("choice", ("low", "medium", "high"), ordered=True),
    "u": AttributeType("choice", ("a", "b")),
    "t": AttributeType("text"),
    "b": AttributeType("boolean"),
    "l": AttributeType("list"),
}


def evaluate(cond: dict, rec: dict) -> tuple[bool | None, list, list]:
    fn = compile_condition(parse_condition(cond, TYPES), TYPES)
    hits: list = []
    missing: list = []
    return fn(rec, hits, missing), hits, missing



@pytest.mark.parametrize(
    ("cond", "rec", "expected"),
    [
        ({"field": "n", "eq": 5}, {"n": 5}, True),
        ({"field": "n", "eq": 5}, {"n": 6}, False),
        ({"field": "n", "ne": 5}, {"n": 6}, True),
        ({"field": "n", "ne": 5}, {"n": 5}, False),
        ({"field": "u", "in": ["a"]}, {"u": "a"}, True),
        ({"field": "u", "in": ["a"]}, {"u": "b"}, False),
        ({"field": "u", "not_in": ["a"]}, {"u": "b"}, True),
        ({"field": "u", "not_in": ["a"]}, {"u": "a"}, False),
        ({"field": "n", "gt": 5}, {"n": 6}, True),
        ({"field": "n", "gt": 5}, {"n": 5}, False),
        ({"field": "n", "gte": 5}, {"n": 5}, True),
        ({"field": "n", "gte": 5}, {"n": 4.9}, False),
        ({"field": "n", "lt": 5}, {"n": 4}, True),
        ({"field": "n", "lt": 5}, {"n": 5}, False),
        ({"field": "n", "lte": 5}, {"n": 5}, True),
        ({"field": "n", "lte": 5}, {"n": 6}, False),
        ({"field": "c", "gte": "medium"}, {"c": "high"}, True),
        ({"field": "c", "gte": "medium"}, {"c": "low"}, False),
        ({"field": "c", "lt": "medium"}, {"c": "low"}, True),
        ({"field": "t", "contains": "DB"}, {"t": "upgrade the db cluster"}, True),
        ({"field": "t", "contains": "db"}, {"t": "web"}, False),
        ({"field": "l", "contains": "x"}, {"l": ("x", "y")}, True),
        ({"field": "l", "contains": "z"}, {"l": ("x", "y")}, False),
        ({"field": "l", "in": ["z", "y"]}, {"l": ("x", "y")}, True),
        ({"field": "l", "not_in": ["z"]}, {"l": ("x", "y")}, True),
        ({"field": "t", "exists": True}, {"t": "x"}, True),
        ({"field": "t", "exists": True}, {}, False),
        ({"field": "t", "exists": False}, {}, True),
        ({"field": "t", "like": "srv-*-db?"}, {"t": "SRV-hel-db1"}, True),
        ({"field": "t", "like": "srv-*"}, {"t": "web-1"}, False),
        ({"field": "b", "eq": True}, {"b": True}, True),
        ({"not": {"field": "b", "eq": True}}, {"b": False}, True),
        ({"not": {"field": "b", "eq": True}}, {"b": True}, False),
        ({"all": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"n": 2, "b": True}, True),
        ({"all": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"n": 2, "b": False}, False),
        ({"any": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"n": 0, "b": True}, True),
        ({"any": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"n": 0, "b": False}, False),
        ({"not": {"any": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}}, {"n": 0, "b": False}, True),
    ],
)
def test_each_operator(cond: dict, rec: dict, expected: bool) -> None:
    result, hits, missing = evaluate(cond, rec)
    assert result is expected
    assert missing == []
    assert bool(hits) is expected  # the facts behind a match are always recorded


def test_missing_attribute_is_unknown_never_a_default() -> None:
    result, hits, missing = evaluate({"field": "n", "gt": 1}, {})
    assert (result, hits, missing) == (None, [], ["n"])
    # unknown AND false is false: the missing attribute did not matter
    assert evaluate({"all": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"b": False})[0:3:2] == (False, [])
    # unknown OR true is true
    assert evaluate({"any": [{"field": "n", "gt": 1}, {"field": "b", "eq": True}]}, {"b": True})[0:3:2] == (True, [])
    # not(unknown) stays unknown
    assert evaluate({"not": {"field": "n", "gt": 1}}, {}) == (None, [], ["n"])


def test_negation_reports_positive_facts() -> None:
    result, hits, _ = evaluate({"not": {"field": "n", "gte": 10}}, {"n": 3})
    assert result is True and hits == [("n", "lt", 10, 3)]


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ({"field": "n", "equals": 1}, "unknown operator 'equals'"),
        ({"field": "zz", "eq": 1}, "attribute 'zz' is not declared"),
        ({"field": "u", "gt": "a"}, "does not apply to choice"),
        ({"field": "n", "eq": "five"}, "expected a number"),
        ({"field": "u", "eq": "c"}, "expected one of a, b"),
        ({"field": "n", "eq": 1, "ne": 2}, "exactly one operator"),
        ({"all": []}, "non-empty list"),
        ({"both": []}, "unknown key 'both'"),
    ],
)
def test_malformed_conditions(cond: dict, message: str) -> None:
    with pytest.raises(ConditionError, match=message):
        parse_condition(cond, TYPES)


@pytest.mark.parametrize(
    ("op", "n", "items", "expected"),
    [
        ("count_gt", 1, ("a",), False), ("count_gt", 1, ("a", "b"), True),
        ("count_gte", 2, ("a", "b"), True), ("count_lt", 2, ("a",), True),
        ("count_lte", 1, ("a", "b"), False), ("count_eq", 0, (), True), ("count_eq", 2, ("a", "b", "c"), False),
    ],
)
def test_count_operators_on_list_sizes(op: str, n: int, items: tuple, expected: bool) -> None:
    result, hits, missing = evaluate({"field": "l", op: n}, {"l": items})
    assert (result, missing) == (expected, [])
    assert bool(hits) is expected


def test_count_negation_and_unknown() -> None:
    # "not more than one" is "at most one", shown as a positive fact
    result, hits, _ = evaluate({"not": {"field": "l", "count_gt": 1}}, {"l": ("a",)})
    assert result is True and hits == [("l", "count_lte", 1, ("a",))]
    assert evaluate({"field": "l", "count_gt": 1}, {}) == (None, [], ["l"])


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ({"field": "n", "count_gt": 1}, r"does not apply to attribute .n. \(number\)"),
        ({"field": "l", "count_gt": -1}, "whole number"),
        ({"field": "l", "count_gt": 1.5}, "whole number"),
        ({"field": "l", "count_gt": True}, "whole number"),
    ],
)
def test_count_operators_only_on_lists_with_whole_numbers(cond: dict, message: str) -> None:
    with pytest.raises(ConditionError, match=message):
        parse_condition(cond, TYPES)
