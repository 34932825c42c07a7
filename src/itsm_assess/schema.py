"""Shared pydantic building blocks: strict models, identifiers, clauses, process attributes.

Every file format the tool reads is a pydantic model built from these. Unknown fields are
errors (``extra="forbid"``) and text fields are strict, so that YAML 1.1 surprises (``1.10``
read as a float, ``no`` as a boolean) are reported instead of silently converted.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr

from itsm_assess.i18n import DEFAULT_LANGUAGE, message

SCHEMA_VERSION = 1

#: ISO/IEC 33020 process attributes, by capability level.
PROCESS_ATTRIBUTES: tuple[str, ...] = (
    "PA1.1",
    "PA2.1",
    "PA2.2",
    "PA3.1",
    "PA3.2",
    "PA4.1",
    "PA4.2",
    "PA5.1",
    "PA5.2",
)
ATTRIBUTE_LEVEL = {pa: int(pa[2]) for pa in PROCESS_ATTRIBUTES}


class StrictModel(BaseModel):
    """Base for every file model: unknown fields are errors, values are not coerced."""

    # allow_inf_nan=False: a weight, threshold or priority of .inf or .nan is refused where it is
    # written instead of making a comparison never (or always) match later.
    model_config = ConfigDict(extra="forbid", frozen=False, validate_default=True, allow_inf_nan=False)


class FrozenModel(StrictModel):
    """Base for models shared once loaded (the catalogue's): assigning a field raises, so a caller
    changing a weight cannot change it for every later user of the cached catalogue."""

    model_config = ConfigDict(frozen=True)


def _check_schema_version(v: int) -> int:
    if v != SCHEMA_VERSION:
        raise ValueError(message("schema version {value} is not supported; this release reads version {supported}", value=v, supported=SCHEMA_VERSION))
    return v


SchemaVersion = Annotated[int, Field(strict=True), AfterValidator(_check_schema_version)]

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-_.:][A-Za-z0-9]+)*$")


def _check_id(v: str) -> str:
    if not _ID.match(v):
        raise ValueError(
            message("{value!r} is not a valid id (letters, digits and single - _ . : separators, starting with a letter)", value=v)
        )
    return v


Identifier = Annotated[StrictStr, AfterValidator(_check_id)]

#: What a worksheet name may hold: at most 31 characters, none of : \\ / ? * [ ]. Process ids
#: name fieldwork sheets; ':' would also split ``PROCESS:INDICATOR`` response ids wrongly.
MAX_SHEET_NAME = 31


def _check_item_id(v: str) -> str:
    if ":" in v:
        raise ValueError(message("{value!r}: an item id may not contain ':' (responses write PROCESS:INDICATOR with it)", value=v))
    return v


def _check_process_id(v: str) -> str:
    if len(v) > MAX_SHEET_NAME:
        raise ValueError(message("{value!r} is {count} characters; a process id names a worksheet, which holds at most {limit}", value=v, count=len(v), limit=MAX_SHEET_NAME))
    if v.casefold() == "history":
        raise ValueError(message("{value!r} is a worksheet name Excel reserves; choose another process id", value=v))
    return v


#: A requirement or indicator id: an :data:`Identifier` without ':'.
ItemId = Annotated[StrictStr, AfterValidator(_check_id), AfterValidator(_check_item_id)]
#: A process id: an :data:`ItemId` that every output accepts as a worksheet name.
ProcessId = Annotated[StrictStr, AfterValidator(_check_id), AfterValidator(_check_item_id),
                      AfterValidator(_check_process_id)]

#: The shape every catalogue's clause ids share: an optional letter prefix and dot-separated numbers
#: ('8.5.1.2' in ISO/IEC 20000-1, 'PR5' in FitSM-1). Which clauses a catalogue really has is its own
#: property (``clause_pattern`` in catalogue.yaml), checked when the catalogue is loaded.
_CLAUSE = re.compile(r"^[A-Z]{0,4}[0-9]{1,3}(?:\.[0-9]{1,3}){0,4}$")


def _check_clause(v: str) -> str:
    if not _CLAUSE.match(v):
        raise ValueError(message("{value!r} is not a clause number (expected e.g. '8.5.1.2' or 'PR5', in quotes)",
                                 value=v))
    return v


#: A clause id of the catalogue's standard, always quoted in YAML.
ClauseNumber = Annotated[StrictStr, AfterValidator(_check_clause)]

_ANY_CLAUSE = re.compile(r"^[0-9]+(?:\.[0-9]+)*$")


def _check_any_clause(v: str) -> str:
    if not _ANY_CLAUSE.match(v):
        raise ValueError(message("{value!r} is not a clause number (expected digits separated by dots, e.g. '9.2')", value=v))
    return v


#: A clause number of another standard or edition (e.g. ISO/IEC 20000-1:2011).
ForeignClause = Annotated[StrictStr, AfterValidator(_check_any_clause)]


def clause_within(clause: str, parent: str) -> bool:
    """True when ``clause`` is ``parent`` or one of its sub-clauses ('8.5.1.2' within '8.5')."""
    return clause == parent or clause.startswith(parent + ".")


def clause_key(clause: str) -> tuple[int, ...]:
    """Sort key that orders clause ids numerically ('8.10' after '8.9', 'PR10' after 'PR9').

    Ids with a letter prefix ('GR1.2', 'PR5') sort by prefix first, all before plain numbers.
    """
    prefix = clause[: len(clause) - len(clause.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]
    numbers = tuple(int(p) for p in clause[len(prefix):].split("."))
    if not prefix:
        return numbers
    rank = 0
    for letter in prefix:
        rank = rank * 27 + ord(letter) - ord("A") + 1
    return (rank - 10**6, *numbers)


def _check_attribute(v: str) -> str:
    if v not in PROCESS_ATTRIBUTES:
        raise ValueError(message("{value!r} is not a process attribute (expected PA1.1 … PA5.2)", value=v))
    return v


ProcessAttribute = Annotated[StrictStr, AfterValidator(_check_attribute)]

_VERSION = re.compile(r"^[0-9]+(?:\.[0-9]+){0,3}(?:[-+][0-9A-Za-z.]+)?$")


def _check_version(v: str) -> str:
    if not _VERSION.match(v):
        raise ValueError(message("{value!r} is not a version (expected e.g. '1.0.0', in quotes)", value=v))
    return v


Version = Annotated[StrictStr, AfterValidator(_check_version)]

_LANG = re.compile(r"^[a-z]{2}$")


def _check_localized(v: dict[str, str]) -> dict[str, str]:
    for lang in v:
        if not _LANG.match(lang):
            raise ValueError(message("{lang!r} is not a two-letter language code such as 'en' or 'fi'", lang=lang))
    if DEFAULT_LANGUAGE not in v or not v[DEFAULT_LANGUAGE].strip():
        raise ValueError(message("English ('en') text is required"))
    return v


#: Text in several languages: ``{en: ..., fi: ...}``; English required, others fall back to it.
LocalizedText = Annotated[dict[str, StrictStr], AfterValidator(_check_localized)]

LanguageCode = Annotated[StrictStr, Field(pattern=r"^[a-z]{2}$")]
