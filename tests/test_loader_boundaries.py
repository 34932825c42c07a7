"""The safe YAML loader at its exact limits: alias expansion, recursion, duplicate keys, size.

Each limit is tested where it bites (the limit passes, one more is refused), so a changed
constant or a dropped check fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from itsm_assess import loading
from itsm_assess.errors import InputError
from itsm_assess.loading import load_yaml, parse_yaml

MiB = 1024 * 1024


def test_the_limits_are_the_documented_ones() -> None:
    assert loading.MAX_EXPANDED_NODES == 2_000_000
    assert loading.MAX_YAML_BYTES == 20 * MiB


def aliases(filler: int) -> str:
    """A document whose nodes, aliases expanded, number 1,999,004 + ``filler``.

    Counted as the loader counts (every mapping, sequence and scalar once per place it appears):
    the root mapping 1; key ``a`` 1 and its list 1 + 999 scalars = 1,000; key ``b`` 1 and its list
    1 + 1,998 aliases of ``a`` x 1,000 + ``filler`` scalars. 1 + 1 + 1,000 + 1 + 1 + 1,998,000 = 1,999,004.
    """
    a = ", ".join(["x"] * 999)
    b = ", ".join(["*a"] * 1_998 + ["y"] * filler)
    return f"a: &a [{a}]\nb: [{b}]\n"


def test_aliases_expanding_to_exactly_the_limit_load() -> None:
    doc = parse_yaml(aliases(996))  # 2,000,000 nodes
    assert len(doc.data["b"]) == 1_998 + 996


def test_one_node_more_is_an_alias_bomb_named_at_its_place() -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml(aliases(997))  # 2,000,001 nodes
    # Only the whole document passes the limit (b's list holds 1,998,998): named at its start.
    assert str(exc.value) == "<string>:1:1: aliases expand to more than 2,000,000 nodes; refusing a YAML alias bomb"


@pytest.mark.parametrize("text, place", [
    ("a: &a [1, *a]\n", "<string>:1:4"),
    ("a: &a {x: 1, y: *a}\n", "<string>:1:4"),
    ("top:\n  a: &a\n    - b: &b [*a]\n", "<string>:2:6"),  # the anchor's place
])
def test_recursive_aliases_are_a_located_error_not_a_recursion_error(text: str, place: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml(text)
    assert str(exc.value) == f"{place}: recursive alias is not allowed"


@pytest.mark.parametrize("text", [
    "1: a\n'1': b\n",        # an integer key and a string key are two keys in YAML
    "'true': a\ntrue: b\n",
    "null: a\n'null': b\n",
    "1: a\n2: b\n",
])
def test_keys_of_different_values_are_distinct(text: str) -> None:
    assert len(parse_yaml(text).data) == 2


@pytest.mark.parametrize("text, key", [
    ("a: x\n'a': y\n", "a"),            # plain and quoted: the same string
    ("a: x\n!!str a: y\n", "a"),
    ("1: x\n+1: y\n", "+1"),            # the same integer written twice over
    ("0x1: x\n1: y\n", "1"),
    ("true: x\nTrue: y\n", "True"),
    ("1: x\n1.0: y\n", "1.0"),          # distinct in YAML, but one key once loaded: one would be lost
])
def test_keys_that_load_equal_are_duplicates(text: str, key: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml(text)
    assert str(exc.value) == (
        f"<string>:2:1: duplicate key {key!r} (first defined on line 1); each key may appear once"
    )


def test_size_limit_exactly_passes_one_byte_more_is_refused(tmp_path: Path) -> None:
    limit = 20 * MiB
    ok = tmp_path / "ok.yaml"
    ok.write_bytes(b"a: " + b"x" * (limit - 4) + b"\n")
    assert ok.stat().st_size == limit
    assert len(load_yaml(ok).data["a"]) == limit - 4
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (limit - 3) + b"\n")
    with pytest.raises(InputError) as exc:
        load_yaml(big)
    assert str(exc.value).endswith("big.yaml: file is 20,971,521 bytes; the limit is 20,971,520")
    # Text handed over in memory meets the same limit.
    with pytest.raises(InputError, match="the limit is 20,971,520"):
        parse_yaml(big.read_bytes())


@pytest.mark.parametrize("text, value", [
    ("010", "010"), ("0o17", "0o17"), ("2:00:00", "2:00:00"), ("1:30.5", "1:30.5"),  # YAML 1.1 octal and base 60
    ("10", 10), ("-12", -12), ("+7", 7), ("0x1F", 31), ("0b101", 5), ("1_000", 1000), ("010.5", 10.5),
])
def test_numbers_are_read_as_yaml_1_2_and_as_people_read_them(text: str, value: object) -> None:
    """YAML 1.1 reads ``010`` as 8 and ``2:00:00`` as 7200: those stay text, so a typed field refuses
    them with a located error instead of taking a number nobody wrote."""
    loaded = parse_yaml(f"a: {text}\n").data["a"]
    assert loaded == value and type(loaded) is type(value)
