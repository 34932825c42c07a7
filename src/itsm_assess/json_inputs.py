"""JSON files given back to the tool (``report --results/--baseline/--changes``), read as untrusted.

:func:`read_json` refuses what ``json`` would turn into a traceback or a surprise: files that are
not regular or over the size limit, nesting deeper than :data:`MAX_DEPTH`, integers longer than
:data:`MAX_INT_DIGITS` digits, ``NaN`` and ``Infinity``. :func:`check_shape` then validates the
data against the typed contract (pydantic ``TypeAdapter`` over the TypedDicts of
``scoring.contract`` and ``change_impact.contract``, strict: a ``"3"`` is not a level) so that what
the report reads has the types it expects. Unknown keys are let through: a newer release may add
some. :func:`json_schema` publishes the same contracts (``itsm-assess schema``).
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from itsm_assess.errors import InputError
from itsm_assess.i18n import message, plural_message
from itsm_assess.loading import MAX_ERRORS_SHOWN, display_path, format_loc, read_limited

MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_INT_DIGITS = 30

def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(message("an integer of {count:,} digits (the limit is {limit})", count=len(text.lstrip('-')), limit=MAX_INT_DIGITS))
    return int(text)


def _no_constant(name: str) -> Any:
    raise ValueError(message("{name} is not a number this tool accepts", name=name))


def _depth_ok(data: Any) -> bool:
    """True when ``data`` nests at most :data:`MAX_DEPTH` levels (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return True


def read_json(path: str | os.PathLike[str]) -> Any:
    """Parse a JSON file with the limits of the module docstring; :class:`InputError` names the file."""
    name = display_path(path)
    raw = read_limited(path, MAX_JSON_BYTES, message("a JSON file"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(message("{name}: byte {byte} is not valid UTF-8; expected a JSON file in UTF-8", name=name, byte=exc.start)) from None
    try:
        data = json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(message("{name}:{line}:{column}: invalid JSON: {msg}", name=name, line=exc.lineno, column=exc.colno, msg=exc.msg)) from None
    except RecursionError:
        raise InputError(message("{name}: nested deeper than {limit} levels; not a file this tool wrote", name=name, limit=MAX_DEPTH)) from None
    except ValueError as exc:
        raise InputError(message("{name}: invalid JSON: {error}", name=name, error=exc)) from None
    if not _depth_ok(data):
        raise InputError(message("{name}: nested deeper than {limit} levels; not a file this tool wrote", name=name, limit=MAX_DEPTH))
    return data


#: The contracts by the name ``check_shape`` and ``itsm-assess schema`` know them by.
CONTRACTS = ("results", "changes")
SCHEMA_IDS = {"results": "itsm-assess/results", "changes": "itsm-assess/change-batch-summary"}


@cache
def _adapter(kind: str) -> Any:
    from pydantic import TypeAdapter

    from itsm_assess.change_impact.contract import ChangeSummaryContract
    from itsm_assess.scoring.contract import ResultsContract

    contract = {"results": ResultsContract, "changes": ChangeSummaryContract}[kind]
    return TypeAdapter(contract)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the ``results`` or ``changes`` contract."""
    schema: dict[str, Any] = _adapter(kind).json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
            "title": SCHEMA_IDS[kind]}


def check_shape(kind: str, data: Any, where: str) -> None:
    """Raise :class:`InputError` (``where: key.path: problem`` lines) unless ``data`` has the types
    of the ``results`` or ``changes`` contract. The data itself is left as it is."""
    from pydantic import ValidationError

    if not _depth_ok(data):
        raise InputError(message("{where}: nested deeper than {limit} levels", where=where, limit=MAX_DEPTH))
    try:
        _adapter(kind).validate_python(data, strict=True)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False)[:MAX_ERRORS_SHOWN]:
            value = repr(err.get("input"))
            shown = value if len(value) <= 40 else value[:37] + "..."
            problems.append(message("{where}: {field}: {lower}, got {shown}", where=where, field=format_loc(tuple(err['loc'])), lower=err['msg'].lower(), shown=shown))
        if exc.error_count() > MAX_ERRORS_SHOWN:
            problems.append(plural_message("... and one more", "... and {count} more", exc.error_count() - MAX_ERRORS_SHOWN))
        raise InputError(problems) from None
