"""Rewriting a YAML file a person keeps (``assessment.yaml``) without losing their comments.

Imports and surveys rewrite ``assessment.yaml``; a plain dump would drop every comment an
assessor wrote in it. :func:`update_keeping_comments` loads the file as it is with ruamel.yaml's
round-trip loader (comments, key order, quoting and flow style kept), changes only what differs
from the new data (list items matched by their ``id``) and writes it back. The file has already
been read and validated by :mod:`itsm_assess.loading` (safe loader, limits), so the round-trip
reader only sees a checked document; it builds plain containers and scalars, never objects.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any


def _same(old: Any, new: Any) -> bool:
    """Whether a value read back from the file equals the new plain (JSON-mode) value."""
    if isinstance(old, dt.date) and isinstance(new, str):
        return old.isoformat() == new
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    try:
        return bool(old == new) and type(old) is not dict and type(old) is not list
    except Exception:  # pragma: no cover - exotic scalars compare as different
        return False


def _merged(old: Any, new: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(old, new)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        _merge_seq(old, new)
        return old
    return old if _same(old, new) else new


def _merge_map(target: Any, new: dict[str, Any]) -> None:
    for key in [k for k in target if k not in new]:
        del target[key]
    for key, value in new.items():
        target[key] = _merged(target[key], value) if key in target else value


def _merge_seq(target: Any, new: list[Any]) -> None:
    def ident(item: Any) -> Any:
        return item.get("id") if isinstance(item, dict) else None

    old_items = list(target)
    by_id = {ident(o): o for o in old_items if ident(o) is not None}
    if new and all(ident(n) is not None for n in new) and by_id:
        items = [_merged(by_id[ident(n)], n) if ident(n) in by_id else n for n in new]
    elif len(old_items) == len(new):
        items = [_merged(o, n) for o, n in zip(old_items, new, strict=True)]
    else:
        items = list(new)
    if len(items) == len(old_items) and all(a is b for a, b in zip(items, old_items, strict=True)):
        return  # unchanged items, in place: their comments stay where they are
    del target[:]
    target.extend(items)


def update_keeping_comments(old_text: str, new_data: dict[str, Any]) -> str | None:
    """``old_text`` changed to hold ``new_data``, its comments kept; None when it cannot be done
    (ruamel.yaml missing, or the file is not a mapping): the caller then writes a plain dump."""
    try:
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap
    except ImportError:  # pragma: no cover - a dependency; kept optional for vendored installs
        return None
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=2, offset=0)
    try:
        doc = yaml.load(old_text)
    except Exception:
        return None
    if not isinstance(doc, CommentedMap):
        return None
    _merge_map(doc, new_data)
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()
