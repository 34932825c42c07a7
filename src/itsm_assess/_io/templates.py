"""The one Jinja2 set-up of every HTML and Markdown output (checklists, coverage, report, compare,
register, change guide, audit plan).

Every template is autoescaped (Markdown too: catalogue and user text never becomes markup), an
undefined name is an error (``StrictUndefined``), block tags leave no blank lines and a template's
final newline is kept. Every template sees ``theme`` (:mod:`itsm_assess._io.theme`): its colours
are ``{{ theme.NAME }}``, never written in the template. ``d.key`` on a plain dict looks the key
up first (Jinja2 tries the attribute first and pays for an AttributeError on every ``row.id`` of a
view model's dicts; the result is the same, a dict's own methods still resolve). One environment
per template folder, built once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

_DICT_ATTRIBUTES = frozenset(dir(dict))


class _DictKeysFirst(Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        if obj.__class__ is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@functools.cache
def _environment(*parts: str) -> Environment:
    from itsm_assess._io import theme
    from itsm_assess.resources import package_data

    env = _DictKeysFirst(
        loader=FileSystemLoader(str(package_data(*parts))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["theme"] = theme  # the colours and fonts of every page: no template writes its own
    return env


def template_environment(*parts: str, filters: Mapping[str, Callable[..., Any]] | None = None) -> Environment:
    """The environment of the templates in the package folder ``parts`` (e.g. ``"reports",
    "templates"``), with ``filters`` added (each folder's owner names the same ones each time)."""
    env = _environment(*parts)
    if filters:
        env.filters.update(filters)
    return env
