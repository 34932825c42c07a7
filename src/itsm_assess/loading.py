"""Safe YAML loading with limits, duplicate-key rejection and errors that name file:line:col.

Every YAML file the tool reads goes through :func:`load_yaml`. It

* uses libyaml's ``CSafeLoader`` when present (several times faster), else ``SafeLoader``;
* refuses files over :data:`MAX_YAML_BYTES` and text that is not UTF-8;
* refuses documents whose aliases would expand to more than :data:`MAX_EXPANDED_NODES`
  nodes ("billion laughs") before anything is constructed;
* refuses duplicate mapping keys, which PyYAML would otherwise resolve silently;
* keeps the composed node tree so that :func:`validate` can map a pydantic error's ``loc``
  back to the line and column of the offending value.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from itsm_assess.errors import InputError
from itsm_assess.i18n import N_, Message, _p, message, plural_message, rendered, translate
from itsm_assess.i18n.formats import typed_date_parts, typed_date_problem

if TYPE_CHECKING:
    from pydantic import BaseModel

    ModelT = TypeVar("ModelT", bound=BaseModel)

try:
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml missing on this platform
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_YAML_BYTES = 20 * 1024 * 1024
MAX_EXPANDED_NODES = 2_000_000
MAX_ERRORS_SHOWN = 20

# YAML 1.1 reads `010` as 8 (octal) and `2:00:00` as 7200 (base 60); YAML 1.2 and every person
# read neither so. Those plain scalars stay text here, so a typed field refuses them with a
# located error instead of taking a number nobody wrote.
_INT_1_2 = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT_1_2 = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_TYPE_NAMES = {"int": message("an integer"), "float": message("a number"), "timestamp": message("a date"),
               "bool": message("true or false")}


class _Loader(_BaseLoader):
    """The safe loader with YAML 1.2 numbers and constructor errors that carry their place."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, _INT_1_2 if tag.endswith(":int") else _FLOAT_1_2 if tag.endswith(":float") else rx)
        for tag, rx in resolvers
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _located(kind: str, construct: Any) -> Any:
    def wrapped(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError, KeyError) as exc:
            text = str(exc)
            if kind == "timestamp" and (problem := typed_date_problem(node.value)) is not None:
                raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None
            detail = text if kind == "timestamp" and isinstance(exc, ValueError) else ""
            if "digits" in text:  # Python's limit on converting long digit strings
                detail = message("more than {limit:,} digits", limit=sys.get_int_max_str_digits())
            value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            raise yaml.constructor.ConstructorError(
                None, None, message("{value!r} is not {expected} ({detail})", value=value, expected=_TYPE_NAMES[kind], detail=detail)
                if detail else message("{value!r} is not {expected}", value=value, expected=_TYPE_NAMES[kind]),
                node.start_mark,
            ) from None

    return wrapped


for _kind in _TYPE_NAMES:
    _tag = f"tag:yaml.org,2002:{_kind}"
    _Loader.add_constructor(_tag, _located(_kind, _BaseLoader.yaml_constructors[_tag]))


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    # abspath, not resolve: a symlink is named as the user gave it, never by its target.
    p = Path(path)
    try:
        return str(Path(os.path.abspath(p)).relative_to(os.getcwd()))
    except (ValueError, OSError):
        return str(p)


@dataclass
class YamlDocument:
    """A parsed YAML file: the plain data plus the node tree for error positions."""

    path: Path
    data: Any
    node: yaml.Node | None
    #: Keys of each mapping node met while locating errors, so that naming 20,000 places is linear.
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict, repr=False, compare=False)

    def where(self, loc: tuple[int | str, ...] = (), *, at_key: bool = False) -> str:
        """``file:line:col`` of the value at ``loc`` (the deepest part of it that exists).

        With ``at_key``, the place of the mapping key that ends ``loc`` (a misspelt key's own line).
        """
        node = _follow(self.node, loc, at_key=at_key, index=self._keys)
        name = display_path(self.path)
        if node is None:
            return name
        mark = node.start_mark
        return f"{name}:{mark.line + 1}:{mark.column + 1}"


def _mark(path: Path, mark: yaml.Mark | None) -> str:
    if mark is None:
        return display_path(path)
    return f"{display_path(path)}:{mark.line + 1}:{mark.column + 1}"


def _check_tree(path: Path, root: yaml.Node, loaded_key: Callable[[yaml.ScalarNode], Any]) -> None:
    """Reject duplicate keys and alias bombs in one linear walk over the composed nodes.

    Keys are compared as loaded (``loaded_key``): ``1``, ``+1`` and ``0x1`` are one key, as are
    ``true``, ``True`` and ``1`` (one Python key), while ``1`` and ``"1"`` are two; a second spelling would
    otherwise replace the first one's value without a word.
    """
    sizes: dict[int, int] = {}
    on_stack: set[int] = set()

    def expanded(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_stack:
            raise InputError(message("{place}: recursive alias is not allowed", place=_mark(path, node.start_mark)))
        on_stack.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, yaml.Node] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    ident = k.value if k.tag == "tag:yaml.org,2002:str" else loaded_key(k)
                    if ident in seen:
                        first = seen[ident].start_mark.line + 1
                        raise InputError(message(
                            "{place}: duplicate key {key!r} (first defined on line {first}); each key may appear once",
                            place=_mark(path, k.start_mark), key=k.value, first=first,
                        ))
                    seen[ident] = k
                total += expanded(k) + expanded(v)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += expanded(item)
        on_stack.discard(key)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            raise InputError(
                message("{place}: aliases expand to more than {limit:,} nodes; refusing a YAML alias bomb", place=_mark(path, node.start_mark), limit=MAX_EXPANDED_NODES)
            )
        return total

    expanded(root)


#: PyYAML's problem texts, in libyaml's and in the pure-Python parser's wordings, and the message a
#: translation gives for each (English stays as PyYAML words it; a problem not listed stays as is).
_YAML_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), msgid) for pattern, msgid in (
    (r"did not find expected key|expected <block end>, but found .*",
     N_("a key or a list item was expected here: check this line's indentation against the lines above")),
    (r"did not find expected node content|expected the node content, but found .*",
     N_("a value was expected here")),
    (r"did not find expected '-' indicator",
     N_("a list item ('- ') was expected here: check this line's indentation against the lines above")),
    (r"did not find expected ',' or '\]'|expected ',' or '\]', but got .*",
     N_("a list in square brackets is not closed: a comma or a closing square bracket was expected here")),
    (r"did not find expected ',' or '\}'|expected ',' or '\}', but got .*",
     N_("a mapping in curly brackets is not closed: a comma or a closing curly bracket was expected here")),
    (r"could not find expected ':'", N_("a ':' was expected after the key")),
    (r"found unexpected end of stream", N_("the file ends too early (is a quotation mark left open?)")),
    (r"mapping values are not allowed (?:here|in this context)",
     N_("a colon and a space cannot appear here: put the value in quotes, or start a new line")),
    (r"(?:block )?sequence entries are not allowed (?:here|in this context)",
     N_("a list item ('- ') cannot start here: put it on a line of its own")),
    (r"found a tab character (?:that violates indentation|where an indentation space is expected)"
     r"|found character '\\t' that cannot start any token",
     N_("a tab is used for indentation: indent with spaces")),
    (r"found character (?:'.*' )?that cannot start any token",
     N_("a value cannot start with this character (e.g. @ or `): put the value in quotes")),
    (r"found undefined alias(?: '.*')?", N_("an alias (*name) refers to an anchor (&name) that is not defined")),
    (r"found unknown escape character(?: '.*')?",
     N_("unknown escape after a backslash in double quotes: use single quotes, or write a backslash twice")),
    (r"could not determine a constructor for the tag (?P<tag>.*)",
     N_("the tag {tag} is not allowed: only plain values, lists and mappings are read")),
    (r"but found another document", N_("the file holds more than one YAML document (a second '---'): keep one")),
    (r"found unhashable key", N_("a key is a list or a mapping: a key must be a single value")),
))


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's problem, translatable through the catalogue when its wording is a known one."""
    problem = exc.problem or exc.context or "invalid YAML"
    if problem == "second occurrence" and "duplicate anchor" in (exc.context or ""):
        return Message.worded_as(f"{exc.context}, {problem}", N_("an anchor (&name) is defined twice"))
    known = problem
    mark = exc.problem_mark
    if problem.endswith("that cannot start any token") and mark is not None and text[mark.index:mark.index + 1] == "\t":
        known = "found a tab character that violates indentation"  # libyaml does not say which character
    for pattern, msgid in _YAML_PROBLEMS:
        found = pattern.fullmatch(known)
        if found:
            return Message.worded_as(problem, msgid, **found.groupdict())
    return problem


def _reader_error(p: Path, text: str, exc: yaml.reader.ReaderError) -> InputError:
    """A character YAML does not allow, at its line and column (PyYAML says a position on two lines)."""
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    # The reader stops at the first character it refuses; libyaml counts its position in bytes.
    position = text.find(chr(char))
    if position < 0:
        position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return InputError(message("{place}: invalid YAML: character U+{code} is not allowed (a control character); "
                              "delete it", place=f"{display_path(p)}:{line}:{column}", code=f"{char:04X}"))


def parse_yaml(text: str | bytes, path: str | os.PathLike[str] = "<string>") -> YamlDocument:
    """Parse YAML text safely; see the module docstring for the checks made."""
    p = Path(path)
    if isinstance(text, bytes):
        if len(text) > MAX_YAML_BYTES:
            raise InputError(
                message("{path}: file is {count:,} bytes; the limit is {limit:,}", path=display_path(p), count=len(text), limit=MAX_YAML_BYTES)
            )
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                message("{path}: byte {byte} is not valid UTF-8; save the file as UTF-8", path=display_path(p), byte=exc.start)
            ) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(p, None, None)
        _check_tree(p, node, loader.construct_object)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(message("{place}: invalid YAML: {problem}", place=_mark(p, mark),
                                 problem=_yaml_problem(exc, text))) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(p, text, exc) from None
    except yaml.YAMLError as exc:
        raise InputError(message("{path}: invalid YAML: {error}", path=display_path(p), error=exc)) from None
    finally:
        loader.dispose()
    return YamlDocument(p, data, node)


def check_regular_file(path: str | os.PathLike[str], what: str = message("a file")) -> int:
    """The size of ``path`` if it is a regular file (after symlinks); else :class:`InputError`.

    Devices (``/dev/zero``), FIFOs and sockets are refused: they have no size to check and
    reading them may never end.
    """
    name = display_path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(message("{path}: no such file", path=name)) from None
    except PermissionError:
        raise InputError(message("{path}: permission denied", path=name)) from None
    except OSError as exc:
        raise InputError(message("{name}: cannot read: {reason}", name=name, reason=exc.strerror)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(message("{name}: is a folder, expected {what}", name=name, what=what))
    if not stat.S_ISREG(st.st_mode):
        raise InputError(message("{name}: not a regular file (a device, pipe or socket); expected {what}", name=name, what=what))
    return st.st_size


def read_limited(path: str | os.PathLike[str], limit: int, what: str = message("a file")) -> bytes:
    """The bytes of the regular file ``path``, refusing more than ``limit`` bytes.

    The limit applies to what is read, not only to the size reported, so a file that grows
    while read (or lies about its size) cannot exceed it.
    """
    name = display_path(path)
    size = check_regular_file(path, what)
    if size > limit:
        raise InputError(message("{name}: file is {size:,} bytes; the limit is {limit:,}", name=name, size=size, limit=limit))
    try:
        # O_NONBLOCK: should the path have become a FIFO since the check, opening it does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise InputError(message("{name}: permission denied", name=name)) from None
    except OSError as exc:
        raise InputError(message("{name}: cannot read: {reason}", name=name, reason=exc.strerror)) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise InputError(message("{name}: not a regular file (a device, pipe or socket); expected {what}", name=name, what=what))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(message("{name}: file is over {limit:,} bytes; the limit is {limit:,}", name=name, limit=limit))
    return data


def load_yaml(path: str | os.PathLike[str]) -> YamlDocument:
    """Read and parse one YAML file; raises :class:`InputError` naming the file on any problem."""
    return parse_yaml(read_limited(path, MAX_YAML_BYTES, message("a YAML file")), Path(path))


def _follow(
    node: yaml.Node | None, loc: tuple[int | str, ...], *, at_key: bool = False,
    index: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] | None = None,
) -> yaml.Node | None:
    """Walk ``loc`` down the node tree; stop at the deepest node that exists.

    ``index`` keeps each mapping's keys once found, so many look-ups cost one pass per mapping.
    """
    current = node
    last = len(loc) - 1
    cache = {} if index is None else index
    for i, part in enumerate(loc):
        if isinstance(current, yaml.MappingNode):
            keys = cache.get(id(current))
            if keys is None:
                keys = cache[id(current)] = {}
                for k, v in current.value:
                    if isinstance(k, yaml.ScalarNode):
                        keys.setdefault(k.value, (k, v))
            pair = keys.get(str(part))
            nxt = None if pair is None else (pair[0] if at_key and i == last else pair[1])
            if nxt is None:
                return current
            current = nxt
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(current.value):
                current = current.value[part]
            else:
                return current
        else:
            # pydantic adds union branch names such as 'str' or 'function-after[...]'
            continue
    return current


def format_loc(loc: tuple[int | str, ...]) -> str:
    """``('requirements', 3, 'attribute')`` -> ``requirements[3].attribute``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "[" in part or part in {"str", "int", "float", "bool", "list", "dict"}:
            continue  # pydantic's union-branch and validator tags are noise to a user
        else:
            out += f".{part}" if out else part
    return out or "(document)"


_YAML11_HINT = message(
    " (YAML reads unquoted values such as 1.10, no, on or 2024-01-01 as numbers, booleans "
    "or dates: put the value in quotes)"
)


#: pydantic's messages for the common mistakes, worded for translation (the English stays pydantic's).
_PYDANTIC_WORDING = {
    "literal_error": N_("expected {expected}"),
    "enum": N_("expected {expected}"),
    "int_parsing": N_("expected a whole number"),
    "int_type": N_("expected a whole number"),
    "int_from_float": N_("expected a whole number"),
    "float_parsing": N_("expected a number"),
    "float_type": N_("expected a number"),
    "bool_parsing": N_("expected true or false"),
    "bool_type": N_("expected true or false"),
    "string_type": N_("expected text"),
    "list_type": N_("expected a list"),
    "dict_type": N_("expected a mapping of keys and values"),
    "model_type": N_("expected a mapping of keys and values"),
    "model_attributes_type": N_("expected a mapping of keys and values"),
    "date_parsing": N_("expected a date such as 2026-03-31"),
    "date_type": N_("expected a date such as 2026-03-31"),
    "date_from_datetime_parsing": N_("expected a date such as 2026-03-31"),
    "datetime_parsing": N_("expected a date and time such as 2026-03-31 14:00"),
    "datetime_type": N_("expected a date and time such as 2026-03-31 14:00"),
    "datetime_from_date_parsing": N_("expected a date and time such as 2026-03-31 14:00"),
    "greater_than_equal": N_("must be at least {ge}"),
    "greater_than": N_("must be greater than {gt}"),
    "less_than_equal": N_("must be at most {le}"),
    "less_than": N_("must be less than {lt}"),
    "string_too_short": N_("must have at least {min_length} characters"),
    "string_too_long": N_("must have at most {max_length} characters"),
    "too_short": N_("must have at least {min_length} items"),
    "too_long": N_("must have at most {max_length} items"),
    "string_pattern_mismatch": N_("does not match the pattern {pattern}"),
}


def _pydantic_message(english: str, wording: str, ctx: Mapping[str, Any]) -> str:
    params: dict[str, object] = {k: v for k, v in ctx.items() if isinstance(v, (str, int, float))}
    expected = params.get("expected")
    if isinstance(expected, str) and " or " in expected:  # "'N', 'P' or 'F'": the "or" is a word to translate
        values, last = expected.rsplit(" or ", 1)
        params["expected"] = message("{values} or {last}", values=values, last=last)
    try:
        wording.format(**params)
    except (KeyError, IndexError, ValueError):
        return english
    return Message.worded_as(english, wording, **params)


def _message(err: Mapping[str, Any]) -> str:
    msg: str = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    raised = (err.get("ctx") or {}).get("error")
    if isinstance(raised, BaseException) and raised.args and isinstance(raised.args[0], str) and str(raised.args[0]) == msg:
        msg = raised.args[0]  # our validator's own message, translatable
    typ = err.get("type", "")
    if typ in _PYDANTIC_WORDING and not isinstance(msg, Message):
        msg = _pydantic_message(msg, _PYDANTIC_WORDING[typ], err.get("ctx") or {})
    if typ == "extra_forbidden":
        return message("unknown field; check its name against the file format's description (docs folder)")
    if typ == "missing":
        return message("required field is missing")
    value = err.get("input")
    if typ in _DATE_ERRORS and isinstance(value, str):
        return _date_message(value)
    if typ in {"literal_error", "enum"} and isinstance(value, (str, int, float, bool)):
        allowed = _allowed_values((err.get("ctx") or {}).get("expected"))
        if allowed:
            return message("{value!r} is not allowed; the allowed values are {allowed}", value=shown_value(value), allowed=allowed)
    if typ in {"string_type"} and isinstance(value, (int, float, bool)) or (
        typ == "string_type" and type(value).__name__ in {"date", "datetime"}
    ):
        return message("expected text, found {value!r}{hint}", value=value, hint=_YAML11_HINT)
    if typ not in {"missing"} and isinstance(value, (str, int, float, bool)) and repr(value) not in msg:
        return message("{value!r}: {problem}", value=shown_value(value), problem=msg)
    return msg


#: pydantic's errors of a date field given text that is not a date.
_DATE_ERRORS = frozenset({"date_parsing", "date_type", "date_from_datetime_parsing"})

#: Codes of the YAML formats whose meaning a reader of another language would not guess: named
#: beside the code in the list of allowed values ("NA (ei sovellu)": the workbooks show it as ES).
_CODE_GLOSSES = {
    "NA": _p("yaml.code.NA", "not applicable"),
    "DK": _p("yaml.code.DK", "don't know"),
}


def _date_message(text: str) -> str:
    """Why a YAML date field's text is no date: the day does not exist (as the command line says
    it), a day written as D.M.YYYY (YAML wants ISO 8601: the same day in that form), or neither."""
    if (problem := typed_date_problem(text)) is not None:
        return problem
    if (parts := typed_date_parts(text)) is not None:
        year, month, day = parts
        return message("{value!r}: write the date as YYYY-MM-DD, e.g. {example}",
                       value=text, example=f"{year:04d}-{month:02d}-{day:02d}")
    return message("{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31", value=shown_value(text))


def _allowed_values(expected: object) -> str | None:
    """pydantic's list of allowed values (``"'N', 'P' or 'NA'"``) as a reader is told them: the codes
    unquoted, a code whose meaning is not obvious glossed, "or" in the language (None if unreadable)."""
    if not isinstance(expected, str):
        return None
    codes = re.findall(r"'([^']*)'", expected)
    if not codes:
        return None
    shown = [message("{code} ({meaning})", code=code, meaning=Message.label(_CODE_GLOSSES[code]))
             if code in _CODE_GLOSSES else code for code in codes]
    if len(shown) == 1:
        return shown[0]
    return message("{values} or {last}", values=rendered(lambda lang: ", ".join(translate(v, lang) for v in shown[:-1])),
                   last=shown[-1])


def shown_value(value: object) -> object:
    """``value`` as a message names it with ``{value!r}`` (``'CHG-99'``, ``”CHG-99”`` in Finnish):
    text cut to 60 characters ending ``...``, so that the message stays one readable line."""
    if isinstance(value, str) and len(value) > 58:
        return value[:55] + "..."
    return value


def validate(model: type[ModelT], doc: YamlDocument, context: dict[str, Any] | None = None) -> ModelT:
    """Validate ``doc.data`` against ``model``; errors come back as ``file:line:col: loc: message``."""
    from pydantic import ValidationError

    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False)[:MAX_ERRORS_SHOWN]:
            loc = tuple(err["loc"])
            problems.append(message("{place}: {field}: {message}", place=doc.where(loc), field=format_loc(loc), message=_message(err)))
        if exc.error_count() > MAX_ERRORS_SHOWN:
            problems.append(plural_message("... and one more", "... and {count} more", exc.error_count() - MAX_ERRORS_SHOWN))
        raise InputError(problems) from None


def dump_yaml(data: Any) -> str:
    """Serialise plain data as readable, block-style YAML (keys in the order given)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
